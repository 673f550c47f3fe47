//! Fail-closed start-up: the real binary refuses every broken index before
//! binding its port, and names the file at fault.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use uwscrape::format::{self, ReleaseStatus};

/// Runs `uwscrape serve` on `index_dir` and returns (exit success, stderr).
fn serve_once(index_dir: &Path, extra_env: &[(&str, &str)]) -> (bool, String) {
    let data_dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_uwscrape"));
    command
        .arg("serve")
        .env("UWSCRAPE_INDEX_DIR", index_dir)
        .env("UWSCRAPE_DATA_DIR", data_dir.path())
        .env("UWSCRAPE_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "info");
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let output = command.output().expect("binary runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A fresh copy of a small valid index.
fn small_index(status: ReleaseStatus) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    support::write_small_index(&root.path().join("index"), "startup-test", status);
    root
}

#[test]
fn each_missing_required_file_fails_startup() {
    for file in format::REQUIRED_FILES {
        let root = small_index(ReleaseStatus::Publish);
        let index = root.path().join("index");
        fs::remove_file(index.join(file)).unwrap();

        let (success, stderr) = serve_once(&index, &[]);
        assert!(!success, "server started without {file}");
        assert!(stderr.contains(file), "stderr does not name {file}: {stderr}");
        assert!(stderr.contains("missing"), "stderr does not say missing: {stderr}");
        assert!(!stderr.contains("event=listening"), "port was bound: {stderr}");
    }
}

#[test]
fn corrupt_sqlite_fails_startup() {
    let root = small_index(ReleaseStatus::Publish);
    let index = root.path().join("index");
    let database = index.join(format::COURSE_UNIVERSE);
    let mut bytes = fs::read(&database).unwrap();
    for byte in bytes.iter_mut().skip(100).step_by(7) {
        *byte ^= 0x5a;
    }
    fs::write(&database, &bytes).unwrap();

    let (success, stderr) = serve_once(&index, &[]);
    assert!(!success);
    assert!(stderr.contains(format::COURSE_UNIVERSE), "{stderr}");
}

#[test]
fn mismatched_index_id_fails_startup() {
    let root = small_index(ReleaseStatus::Publish);
    let index = root.path().join("index");
    let path = index.join(format::BUILD_METADATA);
    let mut metadata: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    metadata["index_id"] = "0000000000000000".into();
    fs::write(&path, metadata.to_string()).unwrap();

    let (success, stderr) = serve_once(&index, &[]);
    assert!(!success);
    assert!(stderr.contains("index_id"), "{stderr}");
    assert!(stderr.contains("0000000000000000"), "{stderr}");
}

#[test]
fn mismatched_graph_count_fails_startup() {
    let root = small_index(ReleaseStatus::Publish);
    let index = root.path().join("index");
    let path = index.join(format::GRAPH_PROJECTION);
    let mut graph: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    graph["course_count"] = 2.into();
    graph["nodes"].as_array_mut().unwrap().pop();
    fs::write(&path, graph.to_string()).unwrap();

    let (success, stderr) = serve_once(&index, &[]);
    assert!(!success);
    assert!(stderr.contains(format::GRAPH_PROJECTION), "{stderr}");
    assert!(stderr.contains("course_count is 2"), "{stderr}");
}

#[test]
fn invalid_json_document_fails_startup() {
    let root = small_index(ReleaseStatus::Publish);
    let index = root.path().join("index");
    fs::write(index.join(format::VALIDATION_SUMMARY), "{ not json").unwrap();

    let (success, stderr) = serve_once(&index, &[]);
    assert!(!success);
    assert!(stderr.contains(format::VALIDATION_SUMMARY), "{stderr}");
}

#[test]
fn blocked_decision_fails_startup_without_override() {
    let root = small_index(ReleaseStatus::Blocked);
    let index = root.path().join("index");

    let (success, stderr) = serve_once(&index, &[]);
    assert!(!success);
    assert!(stderr.contains(format::RELEASE_DECISION), "{stderr}");
    assert!(stderr.contains("UWSCRAPE_ALLOW_BLOCKED_INDEX"), "{stderr}");
}

#[test]
fn invalid_variable_fails_startup_naming_it() {
    let root = small_index(ReleaseStatus::Publish);
    let (success, stderr) = serve_once(&root.path().join("index"), &[("UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE", "lots")]);
    assert!(!success);
    assert!(stderr.contains("UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE"), "{stderr}");
}

#[actix_web::test]
async fn blocked_decision_serves_with_override() {
    let root = small_index(ReleaseStatus::Blocked);
    let server = support::TestServer::start_with(&root.path().join("index"), |config| config.allow_blocked_index = true).await;
    let info = server.get_json("/api/v1/index", 200).await;
    assert_eq!(info["release_status"], "blocked");
}

#[actix_web::test]
async fn index_directory_is_left_untouched() {
    let root = small_index(ReleaseStatus::Publish);
    let index = root.path().join("index");
    let before: Vec<(String, Vec<u8>)> = directory_contents(&index);

    let server = support::TestServer::start_with(&index, |_| {}).await;
    server.get_json("/api/v1/courses/CS246", 200).await;
    server.get_json("/api/v1/search?q=cs", 200).await;

    assert_eq!(directory_contents(&index), before);
}

fn directory_contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), fs::read(entry.path()).unwrap())
        })
        .collect();
    entries.sort();
    entries
}
