//! JSON views of the catalog as the API returns them.

use serde::Serialize;

use super::Catalog;
use crate::model::{Course, Credential, CredentialKind, ParseStatus, Term};

/// A course in a list.
#[derive(Debug, Serialize)]
pub struct CourseSummary<'a> {
    /// Course code.
    pub code: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Level in hundreds.
    pub level: u16,
    /// Title.
    pub title: &'a str,
    /// Units of credit.
    pub units: f32,
    /// Terms offered.
    pub terms_offered: &'a [Term],
    /// How much of the prerequisite text was parsed; `null` without one.
    pub parse_status: Option<ParseStatus>,
}

impl<'a> From<&'a Course> for CourseSummary<'a> {
    fn from(course: &'a Course) -> Self {
        CourseSummary {
            code: &course.code,
            subject: &course.subject,
            level: course.level,
            title: &course.title,
            units: course.units,
            terms_offered: &course.terms_offered,
            parse_status: course.parse_status,
        }
    }
}

/// A course reference: code and title.
#[derive(Debug, Serialize)]
pub struct CourseRef<'a> {
    /// Course code.
    pub code: &'a str,
    /// Title.
    pub title: &'a str,
}

/// A credential in a list.
#[derive(Debug, Serialize)]
pub struct CredentialSummary<'a> {
    /// Credential id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Major, minor, specialization or option.
    pub kind: CredentialKind,
    /// Faculty, if known.
    pub faculty: Option<&'a str>,
    /// Calendar year of the requirements.
    pub catalog_year: Option<&'a str>,
    /// Program groups it belongs to.
    pub groups: &'a [String],
}

impl<'a> From<&'a Credential> for CredentialSummary<'a> {
    fn from(credential: &'a Credential) -> Self {
        CredentialSummary {
            id: &credential.id,
            name: &credential.name,
            kind: credential.kind,
            faculty: credential.faculty.as_deref(),
            catalog_year: credential.catalog_year.as_deref(),
            groups: &credential.groups,
        }
    }
}

/// Everything the index holds about one course.
#[derive(Debug, Serialize)]
pub struct CourseDetail<'a> {
    /// The course with raw and parsed requisites.
    #[serde(flatten)]
    pub course: &'a Course,
    /// Courses whose prerequisite or corequisite names this one.
    pub leads_to: Vec<CourseRef<'a>>,
    /// Credentials whose requirements name this course.
    pub credentials: Vec<CredentialSummary<'a>>,
    /// Id of the index the response comes from.
    pub index_id: &'a str,
}

impl Catalog {
    /// The detail view of `course`.
    pub fn course_detail<'a>(&'a self, course: &'a Course) -> CourseDetail<'a> {
        CourseDetail {
            course,
            leads_to: self.leads_to(&course.code).map(|next| CourseRef { code: &next.code, title: &next.title }).collect(),
            credentials: self.credentials_naming(&course.code).map(CredentialSummary::from).collect(),
            index_id: &self.metadata.index_id,
        }
    }
}
