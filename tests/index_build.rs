//! The index builder end to end: real source files in temp directories,
//! real artefacts written and loaded back with the server's loader.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;
use uwscrape::catalog::load_index;
use uwscrape::format::{ReleaseStatus, Severity};
use uwscrape::index::reports::TIMINGS_HEADING;
use uwscrape::index::sources::sha256_hex;
use uwscrape::index::{build_index, publish_artefact, verify_artefact, BuildOptions, BuildOutcome, DecisionPolicy, PublishError};

const FIXTURE_SOURCE: &str = "index-fixtures/source/math-engineering-support";
const FIXTURE_INDEX: &str = "index-fixtures/math-engineering-support";
const CSV_HEADER: &str = "Course,Name,Description,Notes,Prerequisites,Corequisites,Antirequisites\n";

fn options(out: &Path, courses: &[String], programs: &[String]) -> BuildOptions {
    BuildOptions {
        slug: "test-index".into(),
        out: out.to_path_buf(),
        courses: courses.iter().map(|spec| spec.parse().unwrap()).collect(),
        programs: programs.iter().map(|spec| spec.parse().unwrap()).collect(),
        patches: None,
        previous: None,
        program_year: None,
        catalog_year: Some("2023-24".into()),
        policy: DecisionPolicy::default(),
        built_at: Some("2024-01-01T00:00:00Z".into()),
    }
}

/// Options that build the committed fixture exactly as `scripts/build-fixture-index` does.
fn fixture_options(out: &Path) -> BuildOptions {
    let mut options = options(
        out,
        &[format!("calendar-csv:{FIXTURE_SOURCE}/courses.csv")],
        &[format!("requirement-csv:{FIXTURE_SOURCE}/programs.csv")],
    );
    options.slug = "math-engineering-support".into();
    options
}

fn write_csv(dir: &Path, rows: &[&str]) -> String {
    let path = dir.join("courses.csv");
    fs::write(&path, format!("{CSV_HEADER}{}\n", rows.join("\n"))).unwrap();
    format!("calendar-csv:{}", path.display())
}

fn codes_of(outcome: &BuildOutcome, code: &str) -> Vec<String> {
    outcome.report.findings.iter().filter(|finding| finding.code == code).map(|finding| finding.message.clone()).collect()
}

#[test]
fn fixture_build_publishes_and_matches_committed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let outcome = build_index(&fixture_options(&out)).unwrap();

    assert_eq!(outcome.decision.release_status, ReleaseStatus::Publish, "{:?}", outcome.decision.reasons);
    assert!((50..=70).contains(&outcome.metadata.counts.courses));
    assert_eq!(outcome.metadata.counts.credentials, 4);
    let committed: Value = serde_json::from_str(&fs::read_to_string(Path::new(FIXTURE_INDEX).join("build-metadata.json")).unwrap()).unwrap();
    assert_eq!(
        committed["index_id"], outcome.metadata.index_id,
        "the committed fixture is stale; run scripts/build-fixture-index"
    );

    let catalog = load_index(&out, false).unwrap();
    assert_eq!(catalog.courses.len() as u64, outcome.metadata.counts.courses);
    assert!(load_index(Path::new(FIXTURE_INDEX), false).is_ok());
    let unknown = codes_of(&outcome, "unknown_credential_course");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].contains("CS 492"), "{}", unknown[0]);
}

#[test]
fn builds_of_same_inputs_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    let a = build_index(&fixture_options(&first)).unwrap();
    let mut options = fixture_options(&second);
    options.built_at = Some("2030-06-01T12:00:00Z".into());
    let b = build_index(&options).unwrap();
    assert_eq!(a.metadata.index_id, b.metadata.index_id);

    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&first), names(&second));
    for name in names(&first) {
        let (a, b) = (comparable(&first.join(&name)), comparable(&second.join(&name)));
        let first_difference = a.lines().zip(b.lines()).find(|(left, right)| left != right);
        assert_eq!(first_difference, None, "{name} differs between two builds");
        assert_eq!(a.lines().count(), b.lines().count(), "{name} has a different line count");
    }
}

/// Renders a file's content without the build time and the timings.
fn comparable(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    if name.ends_with(".sqlite") {
        return dump_sqlite(path);
    }
    let text = fs::read_to_string(path).unwrap();
    if name == "build-metadata.json" {
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["built_at"] = Value::Null;
        return value.to_string();
    }
    let text = text.split(TIMINGS_HEADING).next().unwrap().to_string();
    text.lines().map(|line| if line.contains(" at 20") { "<built_at line>" } else { line }).collect::<Vec<_>>().join("\n")
}

fn dump_sqlite(path: &Path) -> String {
    let connection = Connection::open(path).unwrap();
    let mut dump = String::new();
    for table in ["metadata", "subjects", "courses", "credentials", "program_groups", "course_search"] {
        let mut statement = connection.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).unwrap();
        let columns = statement.column_count();
        let rows = statement
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|index| match row.get_ref(index).unwrap() {
                        ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap();
        for row in rows {
            let row = row.unwrap();
            if !row.contains("built_at") {
                dump.push_str(&format!("{table}: {row}\n"));
            }
        }
    }
    dump
}

#[test]
fn malformed_record_is_rejected_and_build_continues() {
    let dir = tempfile::tempdir().unwrap();
    let courses = write_csv(
        dir.path(),
        &["CS135,Designing Functional Programs,Intro.,,,,", "NOT A CODE!,Broken,,,,,", "CS136,Algorithm Design,Next.,,Prereq: CS 135,,"],
    );
    let out = dir.path().join("index");
    let outcome = build_index(&options(&out, &[courses], &[])).unwrap();

    assert_eq!(outcome.metadata.counts.courses, 2);
    assert_eq!(outcome.metadata.counts.rejected_records, 1);
    let manifest: Value = serde_json::from_str(&fs::read_to_string(out.join("parse-manifest.json")).unwrap()).unwrap();
    let rejected = manifest["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0]["file"].as_str().unwrap().ends_with("courses.csv"));
    assert_eq!(rejected[0]["location"], "line 3");
    assert!(rejected[0]["reason"].as_str().unwrap().contains("not a course code"));
    let input = &manifest["inputs"][0];
    assert_eq!(input["records"], 3);
    assert_eq!(input["sha256"], sha256_hex(&fs::read(dir.path().join("courses.csv")).unwrap()));
    assert!(load_index(&out, true).is_ok());
}

#[test]
fn duplicate_codes_across_inputs_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let first = write_csv(dir.path(), &["CS135,Designing Functional Programs,Intro.,,,,"]);
    let second_path = dir.path().join("more.json");
    fs::write(&second_path, r#"[{"subject":"CS","catalog_number":"135","title":"Other title","units":0.5}]"#).unwrap();
    let second = format!("opendata-json:{}", second_path.display());
    let outcome = build_index(&options(&dir.path().join("index"), &[first, second], &[])).unwrap();

    assert_eq!(outcome.metadata.counts.courses, 1);
    let duplicates = codes_of(&outcome, "duplicate_course_code");
    assert_eq!(duplicates.len(), 1);
    assert!(duplicates[0].contains("more.json"), "{}", duplicates[0]);
}

#[test]
fn patch_outcomes_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let courses = write_csv(dir.path(), &["CS135,Designing Functional Programs,Intro.,,,,", "CS246,Object-Oriented Software Development,OOP.,,Prereq: CS 13 5,,"]);
    let current = sha256_hex(b"CS 13 5");
    let lines = [
        format!(r#"{{"course":"CS 246","field":"prereq_text","expect_sha256":"{current}","value":"CS 135","reason":"stray space in the calendar"}}"#),
        format!(r#"{{"course":"CS 246","field":"title","expect_sha256":"{current}","value":"OOP","reason":"stale hash"}}"#),
        format!(r#"{{"course":"CS 999","field":"title","expect_sha256":"{current}","value":"x","reason":"no such course"}}"#),
        format!(r#"{{"course":"CS 246","field":"colour","expect_sha256":"{current}","value":"x","reason":"no such field"}}"#),
        "{\"course\": \"CS 246\"".to_string(),
    ];
    let patches = dir.path().join("patches.jsonl");
    fs::write(&patches, lines.join("\n")).unwrap();
    let out = dir.path().join("index");
    let mut options = options(&out, &[courses], &[]);
    options.patches = Some(patches);
    build_index(&options).unwrap();

    let outcomes: Vec<String> = fs::read_to_string(out.join("patch_applications.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["outcome"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(outcomes, ["applied", "skipped_hash_mismatch", "unknown_course", "unknown_field", "malformed"]);
    let catalog = load_index(&out, true).unwrap();
    let course = catalog.courses.iter().find(|course| course.code == "CS 246").unwrap();
    assert_eq!(course.prereq_text.as_deref(), Some("CS 135"));
    assert_eq!(course.prereq.as_ref().unwrap().course_codes(), ["CS 135"]);
    assert_eq!(course.title, "Object-Oriented Software Development");
}

#[test]
fn cycles_and_bad_courses_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let courses = write_csv(
        dir.path(),
        &[
            "CS301,Alpha,,,Prereq: CS 302,,",
            "CS302,Beta,,,Prereq: CS 303,,",
            "CS303,Gamma,,,Prereq: CS 301,,",
            "CS304,Delta,,,Prereq: CS 304 and CS 999,,",
            "CS305,,,,,,",
        ],
    );
    let outcome = build_index(&options(&dir.path().join("index"), &[courses], &[])).unwrap();

    let cycles = codes_of(&outcome, "prerequisite_cycle");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].contains("CS 301 → CS 302 → CS 303 → CS 301"), "{}", cycles[0]);
    assert_eq!(codes_of(&outcome, "self_reference").len(), 1);
    let unknown = codes_of(&outcome, "unknown_requisite_course");
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].contains("CS 999"));
    assert_eq!(codes_of(&outcome, "empty_title").len(), 1);

    let severity = |code: &str| outcome.report.findings.iter().find(|finding| finding.code == code).unwrap().severity;
    assert_eq!(severity("prerequisite_cycle"), Severity::Error);
    assert_eq!(severity("empty_title"), Severity::Error);
    assert_eq!(severity("unknown_requisite_course"), Severity::Warning);
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Blocked);
    assert_eq!(outcome.decision.reasons[0].code, "error_findings");
}

#[test]
fn impossible_units_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("courses.json");
    fs::write(&path, r#"[{"subject":"COOP","catalog_number":"1","title":"Co-op Work Term","units":0},{"subject":"CS","catalog_number":"135","title":"Intro","units":7.5},{"subject":"CS","catalog_number":"136","title":"Elementary","units":-0.5}]"#).unwrap();
    let outcome = build_index(&options(&dir.path().join("index"), &[format!("opendata-json:{}", path.display())], &[])).unwrap();
    assert_eq!(codes_of(&outcome, "impossible_units").len(), 2);
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Blocked);
}

#[test]
fn coverage_below_floor_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let courses = write_csv(
        dir.path(),
        &[
            "CS135,Intro,,,,,",
            "CS136,Next,,,Prereq: CS 135,,",
            "CS137,Odd,,,Prereq: a working knowledge of spreadsheets,,",
            "CS138,Odder,,,Prereq: a love of puzzles,,",
        ],
    );
    let out = dir.path().join("index");
    let outcome = build_index(&options(&out, &[courses], &[])).unwrap();

    assert_eq!(outcome.report.coverage.with_requisites, 3);
    assert_eq!(outcome.report.coverage.full, 1);
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Blocked);
    let reason = outcome.decision.reasons.iter().find(|reason| reason.code == "coverage_below_floor").unwrap();
    assert!(reason.message.contains("1 of 3"), "{}", reason.message);
    assert!(reason.message.contains("33.33%"), "{}", reason.message);
    // A ratio such as 1/3 must survive the JSON round trip for the index id to verify.
    assert_eq!(verify_artefact(&out).problems, Vec::<String>::new());
}

#[test]
fn course_count_drop_against_previous_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    build_index(&fixture_options(&previous)).unwrap();

    let courses = write_csv(dir.path(), &["CS135,Designing Functional Programs,Intro.,,,,"]);
    let mut options = options(&dir.path().join("index"), &[courses], &[]);
    options.previous = Some(previous.clone());
    let outcome = build_index(&options).unwrap();
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Blocked);
    let reason = outcome.decision.reasons.iter().find(|reason| reason.code == "course_count_drop").unwrap();
    assert!(reason.message.contains("1 courses against 63"), "{}", reason.message);

    let mut same = fixture_options(&dir.path().join("again"));
    same.previous = Some(previous);
    let outcome = build_index(&same).unwrap();
    assert_eq!(outcome.decision.release_status, ReleaseStatus::Publish);
    assert!(outcome.decision.reasons.iter().any(|reason| reason.code == "course_count_stable"));
}

#[test]
fn publish_copies_publishable_and_rejects_blocked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    build_index(&fixture_options(&good)).unwrap();
    let root = dir.path().join("published");

    let published = publish_artefact(&good, &root).unwrap();
    assert_eq!(published.path, root.join("math-engineering-support"));
    assert!(load_index(&published.path, false).is_ok());
    // Publishing again replaces the copy in place and leaves no staging directory.
    publish_artefact(&good, &root).unwrap();
    let entries: Vec<PathBuf> = fs::read_dir(&root).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(entries, [root.join("math-engineering-support")]);

    let blocked = dir.path().join("blocked");
    let courses = write_csv(dir.path(), &["CS135,,,,,,"]);
    build_index(&options(&blocked, &[courses], &[])).unwrap();
    let error = publish_artefact(&blocked, &root).unwrap_err();
    assert!(matches!(error, PublishError::Blocked { .. }), "{error}");
    assert!(error.to_string().contains("blocked"), "{error}");
    assert!(!root.join("test-index").exists());
}

#[test]
fn validate_catches_edited_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    build_index(&fixture_options(&out)).unwrap();
    assert!(verify_artefact(&out).problems.is_empty());

    let report_path = out.join("validation-report.json");
    let mut report: Value = serde_json::from_str(&fs::read_to_string(&report_path).unwrap()).unwrap();
    report["findings"] = Value::Array(vec![]);
    fs::write(&report_path, report.to_string()).unwrap();
    let problems = verify_artefact(&out).problems;
    assert!(problems.iter().any(|problem| problem.contains("hashes to")), "{problems:?}");
}

#[test]
fn cli_validate_and_publish_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_uwscrape");
    let blocked = dir.path().join("blocked");
    let courses = write_csv(dir.path(), &["CS135,,,,,,"]);
    let status = Command::new(binary)
        .args(["index", "build", "--slug", "blocked-index", "--catalog-year", "2023-24", "--courses", &courses, "--out"])
        .arg(&blocked)
        .status()
        .unwrap();
    assert!(status.success());

    let validate = Command::new(binary).args(["index", "validate"]).arg(&blocked).output().unwrap();
    assert!(validate.status.success(), "{}", String::from_utf8_lossy(&validate.stderr));
    let publish = Command::new(binary).args(["index", "publish"]).arg(&blocked).arg("--root").arg(dir.path().join("root")).output().unwrap();
    assert!(!publish.status.success());
    assert!(String::from_utf8_lossy(&publish.stderr).contains("release_status blocked"));

    fs::remove_file(blocked.join("graph-projection.json")).unwrap();
    let validate = Command::new(binary).args(["index", "validate"]).arg(&blocked).output().unwrap();
    assert!(!validate.status.success());
    assert!(String::from_utf8_lossy(&validate.stderr).contains("graph-projection.json"));
}

#[test]
fn credential_groups_are_filled() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    build_index(&fixture_options(&out)).unwrap();
    let catalog = load_index(&out, false).unwrap();
    let ids: Vec<&str> = catalog.credentials.iter().map(|credential| credential.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "artificial-intelligence-specialization-2023-24",
            "combinatorics-and-optimization-minor-2023-24",
            "computer-science-2023-24",
            "statistics-minor-2023-24"
        ]
    );
    let members: BTreeMap<&str, &Vec<String>> = catalog.groups.iter().map(|group| (group.name.as_str(), &group.members)).collect();
    assert!(members["Computer Science"].contains(&"computer-science-2023-24".to_string()), "{members:?}");
}
