//! Operations drills: the procedures of `docs/runbook.md` run against the
//! real `uwscrape` binary, started as a process on a loopback port, with the
//! production volume layout (`data/index`, `data/state.sqlite`,
//! `data/snapshots/`) in a temporary directory.

#[path = "drills/support.rs"]
mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use reqwest::Method;
use serde_json::json;
use support::{course, hash_tree, run_command, run_to_exit, write_index, Server};

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
fn state_restore_returns_snapshot_moment() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    write_index(&data.join("index"), three_courses(), "9".repeat(64).as_str());
    let env = production_env(&data);
    let env = as_refs(&env);
    let server = Server::start(&env);
    server.wait_healthy();

    // The moment to return to: plan A at version 1, then a snapshot.
    let plan_v1 = json!({"name": "Honours Math", "terms": [{"term": "1A", "courses": ["MATH 135", "MATH 137"]}]});
    let (status, created) = server.send_json(Method::POST, "/api/v1/plans", &[], Some(&plan_v1));
    assert_eq!(status, 201, "create plan A: {created}");
    let plan_a = created["id"].as_str().unwrap().to_string();
    let edit_a = format!("Bearer {}", created["edit_token"].as_str().unwrap());
    let (status, stdout, stderr) = run_command(&["state", "snapshot"], &env);
    assert!(status.success(), "state snapshot must work beside a running server; stderr:\n{stderr}");
    assert!(stdout.contains("snapshots/state-"), "state snapshot prints the file: {stdout}");

    // Changes after the snapshot: plan A edited, plan B created.
    let plan_v2 = json!({"name": "Honours Math, edited", "terms": [{"term": "1A", "courses": ["CS 135"]}]});
    let path_a = format!("/api/v1/plans/{plan_a}");
    let (status, replaced) = server.send_json(Method::PUT, &path_a, &[("Authorization", &edit_a), ("If-Match", "\"1\"")], Some(&plan_v2));
    assert_eq!(status, 200, "replace plan A: {replaced}");
    assert_eq!(replaced["version"], 2);
    let (status, created_b) = server.send_json(Method::POST, "/api/v1/plans", &[], Some(&json!({"name": "Plan B"})));
    assert_eq!(status, 201, "create plan B: {created_b}");
    let plan_b = created_b["id"].as_str().unwrap().to_string();
    let edit_b = format!("Bearer {}", created_b["edit_token"].as_str().unwrap());

    // The runbook's order: find the newest snapshot, try the restore with the server running.
    let (code, listing, stderr) = run_script("snapshots", &["--local", data.to_str().unwrap(), "list"]);
    assert_eq!(code, 0, "stderr:\n{stderr}");
    let newest = data.join("snapshots").join(listing.lines().last().expect("one snapshot is listed"));
    let from = newest.to_str().unwrap();
    let (status, _, stderr) = run_command(&["state", "restore", "--from", from], &env);
    assert!(!status.success(), "restore must be refused while a server holds the database; stderr:\n{stderr}");
    let exit = server.stop();
    assert!(exit.success(), "SIGTERM must stop the server cleanly, got {exit}");

    let (status, _, stderr) = run_command(&["state", "restore", "--from", from], &env);
    assert!(status.success(), "restore with the server stopped; stderr:\n{stderr}");
    let kept: Vec<String> = fs::read_dir(&data)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("state.sqlite.before-restore-"))
        .collect();
    assert!(!kept.is_empty(), "the replaced database must be kept beside the restored one");

    let server = Server::start(&env);
    server.wait_healthy();
    let (status, read_a) = server.send_json(Method::GET, &path_a, &[("Authorization", &edit_a)], None);
    assert_eq!(status, 200, "plan A after restore: {read_a}");
    assert_eq!(read_a["version"], 1, "plan A must be back at the snapshot's version");
    assert_eq!(read_a["plan"]["name"], "Honours Math");
    assert_eq!(read_a["plan"]["terms"][0]["courses"], json!(["MATH 135", "MATH 137"]));
    let (status, read_b) = server.send_json(Method::GET, &format!("/api/v1/plans/{plan_b}"), &[("Authorization", &edit_b)], None);
    assert_eq!(status, 404, "plan B was created after the snapshot: {read_b}");
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

    // The state lives beside the index on the volume, never inside it.
    assert!(data.join("state.sqlite").is_file(), "the state database must be created at <data>/state.sqlite");
    assert!(data.join("snapshots").is_dir(), "the snapshot directory must stay in place");
}

/// Runs `scripts/<name>` with bash and returns its exit code, stdout and stderr.
fn run_script(name: &str, args: &[&str]) -> (i32, String, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(name);
    let output = std::process::Command::new("bash").arg(&script).args(args).output().expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

#[test]
fn verify_deploy_detects_stale_machine() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    let served_id = write_index(&data.join("index"), three_courses(), "d".repeat(64).as_str());
    let uploaded = root.path().join("uploaded");
    let uploaded_id = write_index(&uploaded, three_courses()[..2].to_vec(), "e".repeat(64).as_str());
    let server = Server::start(&as_refs(&production_env(&data)));
    let base_url = server.url("");

    let served_metadata = data.join("index/build-metadata.json");
    let (code, stdout, stderr) = run_script("verify-deploy", &[&base_url, served_metadata.to_str().unwrap()]);
    assert_eq!(code, 0, "matching index must pass; stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains(&format!("serves index_id={served_id}")), "stdout:\n{stdout}");

    let uploaded_metadata = uploaded.join("build-metadata.json");
    let (code, _, stderr) = run_script("verify-deploy", &[&base_url, uploaded_metadata.to_str().unwrap()]);
    assert_eq!(code, 3, "a stale machine must exit 3; stderr:\n{stderr}");
    assert!(stderr.contains("STALE MACHINE"), "stderr:\n{stderr}");
    assert!(stderr.contains(&served_id), "stderr must name the served id:\n{stderr}");
    assert!(stderr.contains(&uploaded_id), "stderr must name the uploaded id:\n{stderr}");
}

#[test]
fn verify_deploy_times_out_without_server() {
    let root = tempfile::tempdir().unwrap();
    let metadata_dir = root.path().join("index");
    write_index(&metadata_dir, three_courses(), "f".repeat(64).as_str());
    // A port that was free a moment ago: connections to it are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base_url = format!("http://127.0.0.1:{port}");
    let metadata = metadata_dir.join("build-metadata.json");

    let (code, _, stderr) = run_script("verify-deploy", &["--timeout", "1", &base_url, metadata.to_str().unwrap()]);

    assert_eq!(code, 4, "an unreachable server must exit 4; stderr:\n{stderr}");
    assert!(stderr.contains("did not return 200 within 1s"), "stderr:\n{stderr}");
}

/// Writes a SQLite snapshot holding one row with `marker`.
fn write_snapshot(path: &Path, marker: &str) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection.execute_batch("CREATE TABLE marker (value TEXT NOT NULL)").unwrap();
    connection.execute("INSERT INTO marker (value) VALUES (?1)", [marker]).unwrap();
}

#[test]
fn snapshots_fetch_copies_newest_checked() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    for stamp in ["20261204T180000Z", "20261204T200000Z", "20261204T190000Z"] {
        write_snapshot(&data.join(format!("snapshots/state-{stamp}.db")), stamp);
    }
    fs::write(data.join("snapshots/notes.txt"), "not a snapshot").unwrap();
    let data_arg = data.to_str().unwrap();
    let offload = root.path().join("offload");

    let (code, stdout, stderr) = run_script("snapshots", &["--local", data_arg, "list"]);
    assert_eq!(code, 0, "stderr:\n{stderr}");
    let names: Vec<&str> = stdout.lines().collect();
    assert_eq!(names, ["state-20261204T180000Z.db", "state-20261204T190000Z.db", "state-20261204T200000Z.db"]);

    let (code, _, stderr) = run_script("snapshots", &["--local", data_arg, "fetch", "--to", offload.to_str().unwrap()]);
    assert_eq!(code, 0, "stderr:\n{stderr}");
    let copy = rusqlite::Connection::open(offload.join("state-20261204T200000Z.db")).unwrap();
    let marker: String = copy.query_row("SELECT value FROM marker", [], |row| row.get(0)).unwrap();
    assert_eq!(marker, "20261204T200000Z", "fetch must copy the newest snapshot");

    let (code, _, stderr) = run_script("snapshots", &["--local", data_arg, "fetch", "--to", offload.to_str().unwrap()]);
    assert_eq!(code, 1, "fetch must not overwrite an earlier copy; stderr:\n{stderr}");
    assert!(stderr.contains("already exists"), "stderr:\n{stderr}");
}

#[test]
fn snapshots_fetch_rejects_corrupt_copy() {
    let root = tempfile::tempdir().unwrap();
    let data = volume_layout(root.path());
    write_snapshot(&data.join("snapshots/state-20261204T180000Z.db"), "older");
    fs::write(data.join("snapshots/state-20261204T190000Z.db"), "truncated upload, not a database").unwrap();
    let offload = root.path().join("offload");

    let args = ["--local", data.to_str().unwrap(), "fetch", "--to", offload.to_str().unwrap()];
    let (code, _, stderr) = run_script("snapshots", &args);

    assert_eq!(code, 1, "a corrupt snapshot must fail the fetch; stderr:\n{stderr}");
    assert!(stderr.contains("failed the integrity check"), "stderr:\n{stderr}");
    assert!(!offload.join("state-20261204T190000Z.db").exists(), "a corrupt copy must not get the final name");
    assert!(offload.join("state-20261204T190000Z.db.partial").exists(), "the corrupt copy is kept for inspection");
}

/// Writes a stand-in `fly` that serves `fly ssh sftp find|get` from `volume`
/// (as if it were mounted at `/data`) and logs every invocation to `log`.
fn write_fake_fly(bin: &Path, volume: &Path, log: &Path) {
    fs::create_dir_all(bin).unwrap();
    let script = format!(
        r#"#!/usr/bin/env bash
set -euo pipefail
echo "$*" >> '{log}'
[[ "$1 $2" == "ssh sftp" ]] || {{ echo "unexpected fly command: $*" >&2; exit 9; }}
case "$3" in
    find) find "{volume}${{4#/data}}" | sed "s|^{volume}|/data|" ;;
    get) cp "{volume}${{4#/data}}" "$5" ;;
    *) echo "unexpected sftp command: $3" >&2; exit 9 ;;
esac
"#,
        log = log.display(),
        volume = volume.display()
    );
    let path = bin.join("fly");
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn snapshots_fetch_over_fly_sftp() {
    let root = tempfile::tempdir().unwrap();
    let volume = volume_layout(root.path());
    write_snapshot(&volume.join("snapshots/state-20261204T180000Z.db"), "older");
    write_snapshot(&volume.join("snapshots/state-20261204T190000Z.db"), "newest");
    let bin = root.path().join("bin");
    let log = root.path().join("fly.log");
    write_fake_fly(&bin, &volume, &log);
    let offload = root.path().join("offload");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/snapshots");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = std::process::Command::new("bash")
        .arg(&script)
        .args(["--app", "uwscrape-staging", "fetch", "--to", offload.to_str().unwrap()])
        .env("PATH", path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert!(output.status.success(), "stderr:\n{stderr}");
    let copy = rusqlite::Connection::open(offload.join("state-20261204T190000Z.db")).unwrap();
    let marker: String = copy.query_row("SELECT value FROM marker", [], |row| row.get(0)).unwrap();
    assert_eq!(marker, "newest");
    let calls = fs::read_to_string(&log).unwrap();
    assert!(calls.contains("ssh sftp find /data/snapshots --app uwscrape-staging"), "fly calls:\n{calls}");
    assert!(calls.contains("ssh sftp get /data/snapshots/state-20261204T190000Z.db"), "fly calls:\n{calls}");
}

/// Copies the files `scripts/lib/check_deploy_files.py` reads into `dir`.
fn copy_deploy_files(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(dir.join("src")).unwrap();
    for file in ["Dockerfile", "fly.toml", ".dockerignore", "src/config.rs"] {
        fs::copy(root.join(file), dir.join(file)).unwrap();
    }
}

/// Runs the deploy-file checker in `dir`; returns its exit code and stderr.
fn check_deploy_files(dir: &Path) -> (i32, String) {
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/lib/check_deploy_files.py");
    let output = std::process::Command::new("python3").arg(checker).current_dir(dir).output().expect("python3 runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn deploy_lint_rejects_drifted_settings() {
    let pristine = tempfile::tempdir().unwrap();
    copy_deploy_files(pristine.path());
    let (code, stderr) = check_deploy_files(pristine.path());
    assert_eq!(code, 0, "the committed files must pass; stderr:\n{stderr}");

    let cases = [
        ("fly.toml", "UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE = \"240\"", "UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE = \"300\"", "src/config.rs defaults to '240'"),
        ("fly.toml", "strategy = \"immediate\"", "strategy = \"rolling\"", "strategy is 'rolling'"),
        ("fly.toml", "[env]\n", "[env]\n  UWSCRAPE_INTERNAL_TOKEN = \"leaked\"\n", "UWSCRAPE_INTERNAL_TOKEN is a secret"),
        ("fly.toml", "grace_period = \"30s\"", "grace_period = \"5s\"", "grace_period must be '30s'"),
        ("Dockerfile", "cc-debian12:nonroot", "cc-debian12:latest", "expected gcr.io/distroless/cc-debian12:nonroot"),
        ("Dockerfile", "USER 65532:65532", "USER root", "non-root user 65532"),
    ];
    for (file, from, to, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        copy_deploy_files(dir.path());
        let text = fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.contains(from), "{file} no longer contains `{from}`; update this case");
        fs::write(dir.path().join(file), text.replacen(from, to, 1)).unwrap();

        let (code, stderr) = check_deploy_files(dir.path());

        assert_eq!(code, 1, "changing `{from}` to `{to}` in {file} must fail; stderr:\n{stderr}");
        assert!(stderr.contains(expected), "stderr must say `{expected}`:\n{stderr}");
    }
}
