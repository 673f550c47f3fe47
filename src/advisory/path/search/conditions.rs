//! Leaves of the path search other than courses: levels, programs,
//! consent, units and text the index could not parse. None of them adds a
//! course; each adds an ordering constraint, a deferred check or an issue.

use super::{Obligation, Search, State};
use crate::advisory::evaluate::Mode;
use crate::advisory::path::plan::{Issue, Severity, UnitsCheck};
use crate::model::{ConsentBy, ProgramMode, Requisite};

impl<'a> Search<'a> {
    /// Meets one leaf, recording what it adds to the plan.
    pub(super) fn leaf(&mut self, state: &mut State<'a>, obligation: &Obligation<'a>, leaf: &'a Requisite) {
        let owner = obligation.owner_code().map(str::to_string);
        let plan = &mut state.plan;
        match leaf {
            Requisite::Course { code, min_grade, concurrent } => {
                let strict = obligation.mode == Mode::Prerequisite && !*concurrent;
                self.course(state, obligation, code, *min_grade, strict);
            }
            Requisite::Level { min } => {
                if let Some(course) = owner {
                    plan.level_needs.push((course, *min));
                }
            }
            Requisite::Program { mode, name, groups } => {
                if let Some(issue) = self.program_issue(*mode, name, groups, owner.as_deref()) {
                    plan.push_issue(issue);
                }
            }
            Requisite::NoCredit { codes } => {
                let excluded: Vec<&str> = codes
                    .iter()
                    .filter(|code| self.record.has_taken(code) || plan.has_chosen(code))
                    .map(String::as_str)
                    .collect();
                if !excluded.is_empty() {
                    let message = format!("Not open to students with credit for {}.", excluded.join(", "));
                    plan.push_issue(Issue::new("credit_excluded", owner.as_deref(), Severity::Blocking, message));
                }
            }
            Requisite::Consent { by } => plan.push_issue(self.consent_issue(*by, owner.as_deref())),
            Requisite::Unparsed { text } => plan.push_issue(Issue::new(
                "unparsed_requisite",
                owner.as_deref(),
                Severity::Assumption,
                format!("The plan assumes \"{text}\" is met; the index could not parse it."),
            )),
            Requisite::Average { text, .. } => plan.push_issue(Issue::new(
                "average_not_checked",
                owner.as_deref(),
                Severity::Assumption,
                format!("The plan assumes {text}, which a course list cannot show."),
            )),
            Requisite::Units { min_units, subjects, min_course_level, text } => plan.units_checks.push(UnitsCheck {
                course: owner,
                min_units: *min_units,
                subjects: subjects.clone(),
                min_course_level: *min_course_level,
                text: text.clone(),
            }),
            Requisite::All { .. } | Requisite::Any { .. } | Requisite::NOf { .. } => {}
        }
    }

    pub(super) fn consent_issue(&self, by: ConsentBy, owner: Option<&str>) -> Issue {
        let giver = match by {
            ConsentBy::Instructor => "the instructor's",
            ConsentBy::Department => "the department's",
        };
        if self.settings.assume_consent {
            Issue::new("consent_assumed", owner, Severity::Assumption, format!("The plan assumes {giver} consent is granted."))
        } else {
            Issue::new("consent_required", owner, Severity::Blocking, format!("Requires {giver} consent, which the plan may not assume."))
        }
    }

    fn program_issue(&self, mode: ProgramMode, name: &str, groups: &[String], owner: Option<&str>) -> Option<Issue> {
        let matches = groups.iter().any(|group| self.record.groups.contains(group));
        match mode {
            ProgramMode::Enrolled if groups.is_empty() || !self.record.programs_given => Some(Issue::new(
                "program_assumed",
                owner,
                Severity::Note,
                format!("The plan assumes enrolment in: {name}."),
            )),
            ProgramMode::Enrolled if !matches => Some(Issue::new(
                "program_not_met",
                owner,
                Severity::Blocking,
                format!("Only open to {} students; the record's programs are not among them.", groups.join(" or ")),
            )),
            ProgramMode::NotOpen if matches => Some(Issue::new(
                "program_excluded",
                owner,
                Severity::Blocking,
                format!("Not open to {} students, and the record is in one of them.", groups.join(" or ")),
            )),
            _ => None,
        }
    }
}
