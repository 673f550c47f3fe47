//! Operations drills: the procedures of `docs/runbook.md` run against the
//! real `uwscrape` binary, started as a process on a loopback port, with the
//! production volume layout (`data/index`, `data/state.sqlite`,
//! `data/snapshots/`) in a temporary directory.

#[path = "drills/support.rs"]
mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use support::{course, hash_tree, run_to_exit, write_index, Server};

/// Creates `<root>/data/{index,snapshots}` and returns the data directory.
fn volume_layout(root: &Path) -> std::path::PathBuf {
    let data = root.join("data");
    fs::create_dir_all(data.join("snapshots")).unwrap();
    data
}

/// Returns the paths `fly.toml` sets, pointed at `data`.
fn production_env(data: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("UWSCRAPE_INDEX_DIR", data.join("index").display().to_string()),
        ("UWSCRAPE_DATA_DIR", data.display().to_string()),
        ("UWSCRAPE_STATE_DB", data.join("state.sqlite").display().to_string()),
    ]
}

fn as_refs<'a>(envs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    envs.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

fn three_courses() -> Vec<uwscrape::model::Course> {
    vec![
        course("MATH", "135", "Algebra for Honours Mathematics"),
        course("MATH", "137", "Calculus 1 for Honours Mathematics"),
        course("CS", "135", "Designing Functional Programs"),
    ]
}

#[test]
fn restart_on_publish_serves_new_index() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    let index_a = write_index(&data.join("index"), three_courses(), "a".repeat(64).as_str());
    let env = production_env(&data);

    let server = Server::start(&as_refs(&env));
    server.wait_healthy();
    let (status, info) = server.get_json("/api/v1/index");
    assert_eq!(status, 200);
    assert_eq!(info["index_id"], index_a.as_str());
    assert_eq!(info["course_count"], 3);

    // Publish B as the runbook does: upload beside the live index, then swap
    // the directories. B is built from another source without CS 135.
    let mut courses_b = three_courses();
    courses_b.retain(|course| course.code != "CS 135");
    let index_b = write_index(&data.join("index.new"), courses_b, "b".repeat(64).as_str());
    assert_ne!(index_a, index_b, "two different sources must give two index ids");
    fs::rename(data.join("index"), data.join("index.old")).unwrap();
    fs::rename(data.join("index.new"), data.join("index")).unwrap();

    // The running server keeps the index it loaded until it restarts.
    let (_, info) = server.get_json("/api/v1/index");
    assert_eq!(info["index_id"], index_a.as_str(), "the server must not reload the index while running");
    let exit = server.stop();
    assert!(exit.success(), "SIGTERM must stop the server cleanly, got {exit}");

    let server = Server::start(&as_refs(&env));
    server.wait_healthy();
    let (status, info) = server.get_json("/api/v1/index");
    assert_eq!(status, 200);
    assert_eq!(info["index_id"], index_b.as_str());
    assert_eq!(info["course_count"], 2);
    let (_, health) = server.get_json("/api/v1/health");
    assert_eq!(health["index_id"], index_b.as_str());
    let (status, body) = server.get_json("/api/v1/courses/CS%20135");
    assert_eq!(status, 404, "CS 135 is not in index B: {body}");
    assert_eq!(body["error"], "course_not_found");
    let (status, _) = server.get_json("/api/v1/courses/MATH%20135");
    assert_eq!(status, 200);
}

#[test]
fn empty_index_dir_fails_startup() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    fs::create_dir_all(data.join("index")).unwrap();

    let (status, stderr) = run_to_exit(&as_refs(&production_env(&data)));

    assert!(!status.success(), "start-up must fail without an index; stderr:\n{stderr}");
    assert!(stderr.contains("build-metadata.json"), "stderr must name the missing file:\n{stderr}");
    assert!(stderr.contains(&data.join("index").display().to_string()), "stderr must name the index directory:\n{stderr}");
    assert!(!stderr.contains("event=listening"), "the port must not be bound:\n{stderr}");
}

#[test]
fn missing_index_dir_fails_startup() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());

    let (status, stderr) = run_to_exit(&as_refs(&production_env(&data)));

    assert!(!status.success(), "start-up must fail without an index directory; stderr:\n{stderr}");
    assert!(stderr.contains("build-metadata.json"), "stderr must name the first required file:\n{stderr}");
}

#[test]
fn read_only_index_is_served_unchanged() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    let index_dir = data.join("index");
    let index_id = write_index(&index_dir, three_courses(), "c".repeat(64).as_str());

    // Read-only as the runbook leaves it on the volume: files 0444, directory 0555.
    // NOTE: tests usually run as root here, and root ignores mode bits, so the
    // byte-for-byte comparison below is what proves the server wrote nothing.
    for entry in fs::read_dir(&index_dir).unwrap() {
        fs::set_permissions(entry.unwrap().path(), fs::Permissions::from_mode(0o444)).unwrap();
    }
    fs::set_permissions(&index_dir, fs::Permissions::from_mode(0o555)).unwrap();
    let before = hash_tree(&index_dir);

    let server = Server::start(&as_refs(&production_env(&data)));
    server.wait_healthy();
    let (status, info) = server.get_json("/api/v1/index");
    assert_eq!(status, 200);
    assert_eq!(info["index_id"], index_id.as_str());
    let (status, page) = server.get_json("/api/v1/courses?limit=10");
    assert_eq!(status, 200);
    assert_eq!(page["courses"].as_array().map(Vec::len), Some(3), "courses page: {page}");
    let (status, found) = server.get_json("/api/v1/courses/MATH%20137");
    assert_eq!(status, 200);
    assert_eq!(found["title"], "Calculus 1 for Honours Mathematics");
    let (status, results) = server.get_json("/api/v1/search?q=calculus");
    assert_eq!(status, 200, "search: {results}");
    let exit = server.stop();
    assert!(exit.success(), "SIGTERM must stop the server cleanly, got {exit}");

    let after = hash_tree(&index_dir);
    assert_eq!(before, after, "the index directory must keep the same files with the same bytes");
    for name in after.keys() {
        let name = name.display().to_string();
        for suffix in ["-wal", "-shm", "-journal"] {
            assert!(!name.ends_with(suffix), "SQLite side file {name} appeared in the index directory");
        }
    }
    let mode = fs::metadata(&index_dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o555, "the index directory's mode must be unchanged");
}
