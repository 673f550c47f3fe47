//! Builds of the real University of Waterloo calendar data found under
//! `UWSCRAPE_SHARED_DATA`. Each test prints that it was skipped when the
//! variable is unset, and prints the parse coverage it measured.

use std::path::{Path, PathBuf};

use uwscrape::catalog::load_index;
use uwscrape::format::ReleaseStatus;
use uwscrape::index::{build_index, verify_artefact, BuildOptions, BuildOutcome, DecisionPolicy};

/// Rows of `course_info.csv`.
const CALENDAR_ROWS: u64 = 1_931;
/// Course objects in the Open Data files.
const OPENDATA_RECORDS: u64 = 6_340;

fn shared_data(test: &str) -> Option<PathBuf> {
    match std::env::var_os("UWSCRAPE_SHARED_DATA") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            println!("{test}: skipped because UWSCRAPE_SHARED_DATA is not set");
            None
        }
    }
}

fn options(slug: &str, out: &Path, courses: Vec<String>, programs: Vec<String>) -> BuildOptions {
    BuildOptions {
        slug: slug.into(),
        out: out.to_path_buf(),
        courses: courses.iter().map(|spec| spec.parse().unwrap()).collect(),
        programs: programs.iter().map(|spec| spec.parse().unwrap()).collect(),
        patches: None,
        previous: None,
        program_year: None,
        catalog_year: None,
        policy: DecisionPolicy::default(),
        built_at: None,
    }
}

fn print_coverage(name: &str, outcome: &BuildOutcome) {
    let coverage = &outcome.report.coverage;
    println!(
        "{name}: courses={} rejected={} credentials={} with_prereq={} full={} partial={} none={} full_ratio={:.4} release_status={:?}",
        outcome.metadata.counts.courses,
        outcome.metadata.counts.rejected_records,
        outcome.metadata.counts.credentials,
        coverage.with_requisites,
        coverage.full,
        coverage.partial,
        coverage.none,
        coverage.full_ratio,
        outcome.decision.release_status
    );
    for reason in &outcome.decision.reasons {
        println!("  {}: {}", reason.code, reason.message);
    }
}

/// Checks the decision against the coverage floor: `publish` needs the
/// floor, and every `blocked` reason must carry numbers.
fn assert_decision_explained(outcome: &BuildOutcome) {
    let coverage = &outcome.report.coverage;
    match outcome.decision.release_status {
        ReleaseStatus::Publish => assert!(coverage.full_ratio >= 0.95, "published below the floor: {coverage:?}"),
        ReleaseStatus::Blocked => {
            assert!(!outcome.decision.reasons.is_empty());
            for reason in &outcome.decision.reasons {
                assert!(reason.message.chars().any(|c| c.is_ascii_digit()), "reason without numbers: {}", reason.message);
            }
            if coverage.full_ratio < 0.95 {
                assert!(outcome.decision.reasons.iter().any(|reason| reason.code == "coverage_below_floor"));
            }
        }
    }
}

fn calendar_sources(data: &Path) -> (Vec<String>, Vec<String>) {
    let calendar = data.join("uw-calendar-2023-24");
    let courses = vec![format!("calendar-csv:{}", calendar.join("course_info.csv").display())];
    let programs = vec![
        format!("requirement-csv:{}", calendar.join("Major_requirements.csv").display()),
        format!("requirement-csv:{}", calendar.join("Minor_requirements.csv").display()),
    ];
    (courses, programs)
}

fn program_trees(data: &Path) -> String {
    format!("requirement-tree-json:{}", data.join("uw-program-trees-2025-26/requirements-filtered.json").display())
}

#[test]
fn real_math_engineering_support_build() {
    let Some(data) = shared_data("real_math_engineering_support_build") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (courses, programs) = calendar_sources(&data);
    let out = dir.path().join("math-engineering-support");
    let outcome = build_index(&options("math-engineering-support", &out, courses, programs)).unwrap();
    print_coverage("math-engineering-support", &outcome);

    // `BUS-----` is not a course code; the Addictions minor's cell has bare words.
    assert_eq!(outcome.metadata.counts.rejected_records, 2);
    assert_eq!(outcome.metadata.counts.courses, CALENDAR_ROWS - 1);
    assert!(outcome.metadata.counts.credentials > 100, "{:?}", outcome.metadata.counts);
    assert_eq!(outcome.metadata.catalog_year, "2023-24");
    assert_decision_explained(&outcome);

    let catalog = load_index(&out, true).unwrap();
    assert_eq!(catalog.courses.len() as u64, CALENDAR_ROWS - 1);
    assert_eq!(verify_artefact(&out).problems, Vec::<String>::new());
    let cs246 = catalog.courses.iter().find(|course| course.code == "CS 246").unwrap();
    assert!(cs246.prereq.is_some());
    assert!(catalog.credentials.iter().all(|credential| credential.catalog_year.as_deref() == Some("2023-24")));
}

#[test]
fn real_math_engineering_support_with_program_trees() {
    let Some(data) = shared_data("real_math_engineering_support_with_program_trees") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (courses, mut programs) = calendar_sources(&data);
    programs.push(program_trees(&data));
    let out = dir.path().join("math-engineering-support");
    let outcome = build_index(&options("math-engineering-support", &out, courses, programs)).unwrap();
    print_coverage("math-engineering-support + program trees", &outcome);

    assert_eq!(outcome.metadata.counts.rejected_records, 2);
    assert_eq!(outcome.metadata.counts.courses, CALENDAR_ROWS - 1);
    assert!(outcome.metadata.counts.credentials > 200, "{:?}", outcome.metadata.counts);
    assert_decision_explained(&outcome);
    assert!(load_index(&out, true).is_ok());
}

#[test]
fn real_whole_calendar_from_opendata() {
    let Some(data) = shared_data("real_whole_calendar_from_opendata") else { return };
    let dir = tempfile::tempdir().unwrap();
    let courses = vec![format!("opendata-json:{}", data.join("uw-opendata-v2-2014-15").display())];
    let out = dir.path().join("uw-calendar");
    let outcome = build_index(&options("uw-calendar", &out, courses, vec![program_trees(&data)])).unwrap();
    print_coverage("whole calendar (opendata 2014-15) + program trees", &outcome);

    // `ger.json` contains one empty object.
    assert_eq!(outcome.metadata.counts.rejected_records, 1);
    assert_eq!(outcome.metadata.counts.courses, OPENDATA_RECORDS - 1);
    assert_eq!(outcome.metadata.catalog_year, "2014-15");
    assert_eq!(outcome.metadata.counts.credentials, 122);
    assert_decision_explained(&outcome);
    // Co-op work terms and seminars carry 0 units in this source, which is valid.
    assert!(!outcome.report.findings.iter().any(|finding| finding.code == "impossible_units"));
    assert!(outcome.report.coverage.full_ratio >= 0.95, "coverage {:?}", outcome.report.coverage);
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Publish);

    let catalog = load_index(&out, false).unwrap();
    assert_eq!(catalog.courses.len() as u64, OPENDATA_RECORDS - 1);
    assert_eq!(verify_artefact(&out).problems, Vec::<String>::new());
}
