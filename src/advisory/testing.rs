//! Hand-built catalogs for the advisory unit tests, read from
//! `tests/fixtures/advisory-catalog.json` (the integration tests serve the
//! same file through a real index).

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::format::{BuildMetadata, GraphProjection, ReleaseDecision, ReleaseStatus, ValidationSummary};
use crate::model::{Course, CourseCode, Credential, ProgramGroup, Requisite, Term};

/// The fixture file.
const FIXTURE: &str = include_str!("../../tests/fixtures/advisory-catalog.json");

/// One course as the fixture writes it; absent fields take defaults.
#[derive(Debug, Clone, Deserialize)]
pub struct FixtureCourse {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub units: Option<f32>,
    #[serde(default)]
    pub terms: Option<Vec<Term>>,
    #[serde(default)]
    pub prereq: Option<Requisite>,
    #[serde(default)]
    pub coreq: Option<Requisite>,
    #[serde(default)]
    pub antireqs: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Fixture {
    courses: Vec<FixtureCourse>,
    credentials: Vec<Credential>,
    groups: Vec<ProgramGroup>,
}

impl FixtureCourse {
    /// Expands the fixture entry into a full course.
    pub fn into_course(self) -> Course {
        let code = CourseCode::parse(&self.code).expect("fixture codes are valid");
        Course {
            code: code.to_string(),
            subject: code.subject().to_string(),
            number: code.number().to_string(),
            level: code.level(),
            title: self.title,
            description: String::new(),
            units: self.units.unwrap_or(0.5),
            terms_offered: self.terms.unwrap_or_else(|| vec![Term::F, Term::W, Term::S]),
            notes: None,
            prereq_text: self.prereq.as_ref().map(|_| "fixture".to_string()),
            prereq: self.prereq,
            parse_status: None,
            coreq_text: self.coreq.as_ref().map(|_| "fixture".to_string()),
            coreq: self.coreq,
            antireq_text: None,
            antireqs: self.antireqs,
            antireq_notes: None,
            crosslistings: Vec::new(),
        }
    }
}

/// The fixture catalog.
pub fn sample_catalog() -> Catalog {
    catalog_with(Vec::new())
}

/// The fixture catalog plus `extra` courses (replacing same-code ones).
pub fn catalog_with(extra: Vec<FixtureCourse>) -> Catalog {
    let fixture: Fixture = serde_json::from_str(FIXTURE).expect("fixture is valid JSON");
    let mut courses: Vec<Course> = fixture.courses.into_iter().map(FixtureCourse::into_course).collect();
    for course in extra.into_iter().map(FixtureCourse::into_course) {
        courses.retain(|existing| existing.code != course.code);
        courses.push(course);
    }
    courses.sort_by(|a, b| a.code.cmp(&b.code));
    build(courses, fixture.credentials, fixture.groups)
}

/// A course for `catalog_with`, from a code, a prerequisite JSON tree and a coreq tree.
pub fn extra_course(code: &str, prereq: Option<serde_json::Value>, coreq: Option<serde_json::Value>) -> FixtureCourse {
    FixtureCourse {
        code: code.to_string(),
        title: format!("Test course {code}"),
        units: None,
        terms: None,
        prereq: prereq.map(|tree| serde_json::from_value(tree).expect("valid requisite")),
        coreq: coreq.map(|tree| serde_json::from_value(tree).expect("valid requisite")),
        antireqs: Vec::new(),
    }
}

fn build(courses: Vec<Course>, credentials: Vec<Credential>, groups: Vec<ProgramGroup>) -> Catalog {
    let metadata = BuildMetadata {
        index_id: "test".to_string(),
        slug: "advisory-test".to_string(),
        catalog_year: "2023-24".to_string(),
        built_at: "2024-01-01T00:00:00Z".to_string(),
        schema_version: crate::format::SCHEMA_VERSION,
        source: Vec::new(),
        counts: Default::default(),
        builder_version: "test".to_string(),
    };
    let decision = ReleaseDecision { index_id: "test".to_string(), release_status: ReleaseStatus::Publish, reasons: Vec::new() };
    let graph = GraphProjection::from_courses("test", &courses);
    Catalog::new(metadata, decision, ValidationSummary::default(), graph, courses, credentials, groups)
}
