//! The parsed requisite tree: what the calendar's "Prereq:" and "Coreq:" text
//! means, as data an evaluator can walk.
//!
//! Invariant: a tree built by the parser accounts for every word of its source
//! text. Text the parser could not read ends in an [`Requisite::Unparsed`] leaf
//! carrying the exact fragment, so nothing is dropped silently.

use serde::{Deserialize, Serialize};

use super::AcademicLevel;

/// One node of a requisite tree, serialised as `{"type": "all", …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requisite {
    /// Every child must hold.
    All {
        /// Conditions that must all hold.
        children: Vec<Requisite>,
    },
    /// At least one child must hold.
    Any {
        /// Alternatives, any one of which is enough.
        children: Vec<Requisite>,
    },
    /// At least `n` children must hold ("two of …").
    NOf {
        /// How many children must hold.
        n: u32,
        /// Candidates.
        children: Vec<Requisite>,
    },
    /// A course taken earlier, optionally with a minimum grade.
    ///
    /// A grade the calendar attaches to a group ("(One of MATH 116, 117) with a
    /// minimum grade of 80%") is pushed down onto every course leaf of the group.
    Course {
        /// Canonical code, for example `MATH 137`.
        code: String,
        /// Minimum grade in percent, when the calendar sets one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_grade: Option<u8>,
        /// `true` when "or concurrently" lets the course be taken in the same term.
        #[serde(default)]
        concurrent: bool,
    },
    /// An academic level at or above `min` ("Level at least 2A").
    Level {
        /// Lowest level that satisfies the condition.
        min: AcademicLevel,
    },
    /// Enrolment in (or exclusion from) a program the calendar names loosely.
    Program {
        /// Whether the student must be in one of the groups or must not be.
        mode: ProgramMode,
        /// The program phrase exactly as the calendar writes it.
        name: String,
        /// Program groups of the index taxonomy the phrase resolves to; empty
        /// when it resolved to nothing, which validation reports.
        #[serde(default)]
        groups: Vec<String>,
    },
    /// A number of units from a set of courses ("at least 1.0 units of CS").
    Units {
        /// Units required, in the calendar's unit (a term course is 0.5).
        min_units: f32,
        /// Subjects whose courses count; empty means any subject.
        #[serde(default)]
        subjects: Vec<String>,
        /// Lowest course level that counts (300 for "300-level"), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_course_level: Option<u16>,
        /// The phrase as written, for display.
        text: String,
    },
    /// A minimum average ("cumulative overall average of at least 60%"),
    /// which the service cannot check from a list of courses.
    Average {
        /// Minimum average in percent.
        min_percent: f32,
        /// The phrase as written.
        text: String,
    },
    /// Credit for any of these courses closes the course to the student
    /// ("Not open to students who have received credit for ACTSC 232").
    ///
    /// The codes are exclusions, so [`Requisite::course_codes`] skips them.
    NoCredit {
        /// Canonical codes of the excluded courses.
        codes: Vec<String>,
    },
    /// Permission from the instructor or the department.
    Consent {
        /// Who grants it.
        by: ConsentBy,
    },
    /// A fragment the parser could not read, kept verbatim.
    Unparsed {
        /// The exact source fragment.
        text: String,
    },
}

/// Whether a program condition includes or excludes its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramMode {
    /// "Honours Mathematics students only".
    Enrolled,
    /// "Not open to Computer Science students".
    NotOpen,
}

/// Who grants a consent requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBy {
    /// "Consent of instructor".
    Instructor,
    /// "Department consent required".
    Department,
}

impl Requisite {
    /// Calls `visit` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Requisite)) {
        visit(self);
        if let Requisite::All { children } | Requisite::Any { children } | Requisite::NOf { children, .. } = self {
            for child in children {
                child.walk(visit);
            }
        }
    }

    /// Codes of every course leaf, in tree order, duplicates included.
    pub fn course_codes(&self) -> Vec<&str> {
        let mut codes = Vec::new();
        self.walk(&mut |node| {
            if let Requisite::Course { code, .. } = node {
                codes.push(code.as_str());
            }
        });
        codes
    }

    /// `true` when some leaf is [`Requisite::Unparsed`].
    pub fn has_unparsed(&self) -> bool {
        let mut found = false;
        self.walk(&mut |node| found |= matches!(node, Requisite::Unparsed { .. }));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_serialises_with_type_tags() {
        let tree = Requisite::All {
            children: vec![
                Requisite::Course { code: "CS 240".into(), min_grade: Some(60), concurrent: false },
                Requisite::Level { min: AcademicLevel::parse("3A").unwrap() },
            ],
        };
        let json = serde_json::to_value(&tree).unwrap();
        assert_eq!(json["type"], "all");
        assert_eq!(json["children"][0]["min_grade"], 60);
        assert_eq!(json["children"][1]["min"], "3A");
        let back: Requisite = serde_json::from_value(json).unwrap();
        assert_eq!(back, tree);
    }

    #[test]
    fn course_codes_lists_leaves_in_order() {
        let tree: Requisite = serde_json::from_str(
            r#"{"type":"any","children":[{"type":"course","code":"MATH 137"},{"type":"course","code":"MATH 147"}]}"#,
        )
        .unwrap();
        assert_eq!(tree.course_codes(), vec!["MATH 137", "MATH 147"]);
        assert!(!tree.has_unparsed());
    }
}
