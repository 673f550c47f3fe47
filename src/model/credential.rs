//! Credentials (majors, minors, specializations) and the program taxonomy that
//! requisite program conditions are matched through.

use serde::{Deserialize, Serialize};

/// A program, minor, specialization or option with its requirement tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    /// Stable id derived from the name and year, for example
    /// `computer-science-bcs-honours-2025-26`.
    pub id: String,
    /// Name as the calendar gives it.
    pub name: String,
    /// What sort of credential this is.
    pub kind: CredentialKind,
    /// Faculty, when the source names it.
    pub faculty: Option<String>,
    /// Calendar year of the requirements, for example `2023-24`.
    pub catalog_year: Option<String>,
    /// Program groups of the taxonomy this credential belongs to.
    pub groups: Vec<String>,
    /// Root of the requirement tree (an `all` node over the numbered groups).
    pub requirements: Requirement,
}

/// Kinds of credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// A degree major or plan.
    Major,
    /// A minor.
    Minor,
    /// A specialization within a major.
    Specialization,
    /// An option or diploma.
    Option,
}

/// One node of a credential's requirement tree, serialised as `{"type": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requirement {
    /// Every child must be met.
    All {
        /// Heading as the calendar writes it ("3. All of").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Parts.
        children: Vec<Requirement>,
    },
    /// Any one child is enough.
    Any {
        /// Heading as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Alternatives.
        children: Vec<Requirement>,
    },
    /// At least `n` children must be met.
    NOf {
        /// Heading as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// How many.
        n: u32,
        /// Candidates.
        children: Vec<Requirement>,
    },
    /// One named course.
    Course {
        /// Canonical code.
        code: String,
        /// Minimum grade in percent, when the calendar sets one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_grade: Option<u8>,
    },
    /// A free-text rule ("Two additional 400-level ACTSC courses"), with the
    /// parts the builder could read out of it.
    Additional {
        /// The rule as written.
        text: String,
        /// Number of courses, when stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        n: Option<u32>,
        /// Subjects whose courses count; empty when the text names none.
        #[serde(default)]
        subjects: Vec<String>,
        /// Lowest course level that counts, when stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_course_level: Option<u16>,
        /// Courses the rule lists explicitly, if any.
        #[serde(default)]
        courses: Vec<String>,
    },
}

impl Requirement {
    /// Calls `visit` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Requirement)) {
        visit(self);
        if let Requirement::All { children, .. } | Requirement::Any { children, .. } | Requirement::NOf { children, .. } = self {
            for child in children {
                child.walk(visit);
            }
        }
    }

    /// Every course code the tree names, including those listed by
    /// `additional` rules, in tree order.
    pub fn course_codes(&self) -> Vec<&str> {
        let mut codes = Vec::new();
        self.walk(&mut |node| match node {
            Requirement::Course { code, .. } => codes.push(code.as_str()),
            Requirement::Additional { courses, .. } => codes.extend(courses.iter().map(String::as_str)),
            _ => {}
        });
        codes
    }
}

/// A named set of credentials that requisite text refers to as one
/// ("Honours Mathematics students", "Computer Science students").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramGroup {
    /// Group name, for example `Honours Mathematics`.
    pub name: String,
    /// Other spellings of the group in requisite text ("Honours Math").
    pub aliases: Vec<String>,
    /// Ids of the credentials in the group.
    pub members: Vec<String>,
}
