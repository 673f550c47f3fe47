//! Why a requisite leaf came out as it did: a stable `code` clients can
//! branch on, the facts behind it, and a sentence for display.

use serde::Serialize;

use crate::model::{AcademicLevel, ConsentBy};

/// The reason behind one leaf's outcome, serialised as `{"code": …, …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The course (or a cross-listed course) was completed with a high enough grade.
    CourseCompleted {
        /// The course the leaf names.
        course: String,
        /// The record's course that satisfied it (differs for a cross-listing).
        satisfied_by: String,
        /// Grade in percent, when the record gives one.
        grade: Option<f32>,
    },
    /// The course is in progress and the leaf lets it be taken concurrently.
    CourseInProgress {
        /// The course.
        course: String,
    },
    /// The course is in progress, but the leaf needs it completed first.
    InProgressNotComplete {
        /// The course.
        course: String,
    },
    /// The course was completed with a grade under the minimum.
    GradeTooLow {
        /// The course.
        course: String,
        /// The record's grade.
        have: f32,
        /// The minimum grade.
        need: u8,
    },
    /// The leaf sets a minimum grade and the record gives no grade.
    GradeNotGiven {
        /// The course.
        course: String,
        /// The minimum grade.
        need: u8,
    },
    /// The course is not in the record.
    MissingCourse {
        /// The course.
        course: String,
        /// `true` when it may be taken in the same term instead.
        concurrent_allowed: bool,
        /// `false` when the index has no such course.
        in_index: bool,
    },
    /// The record's level is high enough.
    LevelMet {
        /// The record's level.
        have: AcademicLevel,
        /// The minimum level.
        need: AcademicLevel,
    },
    /// The record's level is too low.
    LevelTooLow {
        /// The record's level.
        have: AcademicLevel,
        /// The minimum level.
        need: AcademicLevel,
    },
    /// The leaf needs a level and the record gives none.
    LevelNotGiven {
        /// The minimum level.
        need: AcademicLevel,
    },
    /// The record is in one of the required program groups.
    InProgram {
        /// The matching groups.
        groups: Vec<String>,
    },
    /// The record is in none of the required program groups.
    NotInProgram {
        /// The groups the leaf requires.
        required: Vec<String>,
        /// The record's groups.
        have: Vec<String>,
    },
    /// The record is in a group the course is not open to.
    ProgramExcluded {
        /// The excluding groups the record is in.
        groups: Vec<String>,
    },
    /// The record is in none of the groups the course is closed to.
    ProgramNotExcluded {
        /// The excluded groups.
        excluded: Vec<String>,
    },
    /// The program phrase resolved to no group of the index.
    ProgramUnresolved {
        /// The phrase as written.
        name: String,
    },
    /// The leaf names programs and the record names none.
    ProgramsNotGiven {
        /// The groups of the leaf.
        groups: Vec<String>,
    },
    /// Units counted from the record's courses.
    UnitsCounted {
        /// Units the matching courses give.
        have: f32,
        /// Units required.
        need: f32,
        /// The courses counted.
        courses: Vec<String>,
    },
    /// A minimum average, which a list of courses cannot show.
    AverageNotChecked {
        /// The minimum average in percent.
        min_percent: f32,
    },
    /// The record has credit for a course that closes this one.
    CreditExcluded {
        /// The record's excluded courses.
        courses: Vec<String>,
    },
    /// The record has credit for none of the excluded courses.
    NoExcludedCredit {
        /// The excluded courses.
        excluded: Vec<String>,
    },
    /// Permission the record cannot show.
    NeedsConsent {
        /// Who grants it.
        by: ConsentBy,
    },
    /// Requisite text the index could not parse.
    UnparsedText {
        /// The text as written.
        text: String,
    },
}

impl Reason {
    /// A sentence describing the reason for display.
    pub fn message(&self) -> String {
        match self {
            Reason::CourseCompleted { course, satisfied_by, grade } => {
                let via = if satisfied_by == course { String::new() } else { format!(" (as {satisfied_by})") };
                match grade {
                    Some(grade) => format!("Completed {course}{via} with {grade}%."),
                    None => format!("Completed {course}{via}."),
                }
            }
            Reason::CourseInProgress { course } => format!("{course} is in progress, which counts for this requisite."),
            Reason::InProgressNotComplete { course } => {
                format!("{course} is in progress; it counts once it is completed.")
            }
            Reason::GradeTooLow { course, have, need } => {
                format!("{course} was completed with {have}%, below the required {need}%.")
            }
            Reason::GradeNotGiven { course, need } => {
                format!("{course} needs at least {need}% and the record gives no grade; add the grade to decide.")
            }
            Reason::MissingCourse { course, concurrent_allowed, in_index } => match (concurrent_allowed, in_index) {
                (_, false) => format!("{course} is required but is not in this index."),
                (true, true) => format!("{course} is required; it may also be taken in the same term."),
                (false, true) => format!("{course} is required and not yet completed."),
            },
            Reason::LevelMet { have, need } => format!("Level {have} meets the required {need}."),
            Reason::LevelTooLow { have, need } => format!("Level {have} is below the required {need}."),
            Reason::LevelNotGiven { need } => format!("Requires level {need}; the record gives no level."),
            Reason::InProgram { groups } => format!("Enrolled in {}.", groups.join(", ")),
            Reason::NotInProgram { required, .. } => format!("Only open to {} students.", required.join(" or ")),
            Reason::ProgramExcluded { groups } => format!("Not open to {} students.", groups.join(" or ")),
            Reason::ProgramNotExcluded { excluded } => format!("Not in {}, the programs it is closed to.", excluded.join(" or ")),
            Reason::ProgramUnresolved { name } => format!("The program condition \"{name}\" matches no program of this index."),
            Reason::ProgramsNotGiven { groups } => {
                format!("Depends on enrolment in {}; the record names no program.", groups.join(" or "))
            }
            Reason::UnitsCounted { have, need, .. } => format!("{have} of the required {need} units."),
            Reason::AverageNotChecked { min_percent } => {
                format!("Requires an average of at least {min_percent}%, which a course list cannot show.")
            }
            Reason::CreditExcluded { courses } => {
                format!("Not open to students with credit for {}, which the record has.", courses.join(", "))
            }
            Reason::NoExcludedCredit { excluded } => format!("No credit for {}, which would close it.", excluded.join(", ")),
            Reason::NeedsConsent { by: ConsentBy::Instructor } => "Requires the instructor's consent.".to_string(),
            Reason::NeedsConsent { by: ConsentBy::Department } => "Requires the department's consent.".to_string(),
            Reason::UnparsedText { text } => format!("Could not check \"{text}\"; read the calendar text."),
        }
    }
}
