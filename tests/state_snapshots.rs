//! Snapshots, restore and fail-closed start-up, through the real binary.

mod common;

use std::time::{Duration, Instant};

use common::{integrity, plan_json, run_state_command, ServerProcess, Workspace};
use serde_json::Value;

/// Snapshot files in `dir`, sorted by name.
fn snapshot_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.retain(|name| name.starts_with("state-") && name.ends_with(".db"));
    names.sort();
    names
}

fn create(client: &reqwest::blocking::Client, server: &ServerProcess, name: &str) -> Value {
    let response = client.post(server.url("/api/v1/plans")).json(&plan_json(name, &["CS 135"])).send().unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json().unwrap()
}

fn get_status(client: &reqwest::blocking::Client, server: &ServerProcess, plan: &Value) -> u16 {
    let url = server.url(&format!("/api/v1/plans/{}", plan["id"].as_str().unwrap()));
    let token = plan["share_token"].as_str().unwrap();
    client.get(url).header("Authorization", format!("Bearer {token}")).send().unwrap().status().as_u16()
}

#[test]
fn snapshots_rotate_and_prune() {
    let workspace = Workspace::new();
    let env = workspace.env(&[
        ("UWSCRAPE_STATE_SNAPSHOT_INTERVAL", "1s"),
        ("UWSCRAPE_STATE_SNAPSHOT_RETENTION", "3"),
        ("UWSCRAPE_INTERNAL_TOKEN", "operator"),
    ]);
    let server = ServerProcess::start(&env);
    let client = reqwest::blocking::Client::new();
    create(&client, &server, "A");

    // Wait until more snapshots were written than are kept.
    let deadline = Instant::now() + Duration::from_secs(20);
    let metrics = loop {
        let metrics: Value =
            client.get(server.url("/internal/metrics")).header("Authorization", "Bearer operator").send().unwrap().json().unwrap();
        if metrics["statestore_snapshots_total"].as_u64().unwrap() >= 5 || Instant::now() > deadline {
            break metrics;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    assert!(metrics["statestore_snapshots_total"].as_u64().unwrap() >= 5, "{metrics}\n{}", server.log_text());
    assert_eq!(metrics["statestore_vacuum_failures_total"], 0);
    assert!(metrics["statestore_last_snapshot_unix"].as_i64().unwrap() > 1_700_000_000);

    let files = snapshot_files(&workspace.snapshots());
    assert_eq!(files.len(), 3, "{files:?}");
    let newest = workspace.snapshots().join(files.last().unwrap());
    assert_eq!(integrity(&newest), "ok");
    let connection = rusqlite::Connection::open(&newest).unwrap();
    let plans: i64 = connection.query_row("SELECT COUNT(*) FROM plans", [], |row| row.get(0)).unwrap();
    assert_eq!(plans, 1);
    assert!(server.log_text().contains("event=snapshot_written"));
    assert!(server.terminate().success());
}

#[test]
fn restore_returns_to_snapshot() {
    let workspace = Workspace::new();
    let env = workspace.env(&[]);
    let client = reqwest::blocking::Client::new();
    let server = ServerProcess::start(&env);
    let before = create(&client, &server, "before the snapshot");

    let output = run_state_command(&env, &["snapshot"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let snapshot = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(snapshot.contains("/snapshots/state-"), "{snapshot}");
    let after = create(&client, &server, "after the snapshot");

    // Rejected while the server has the database locked, which stays as it was.
    let output = run_state_command(&env, &["restore", "--from", &snapshot]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("locked by another process"), "{stderr}");
    assert_eq!(get_status(&client, &server, &after), 200);
    assert!(server.terminate().success());

    let output = run_state_command(&env, &["restore", "--from", &snapshot]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let kept: Vec<_> = std::fs::read_dir(&workspace.data_dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("state.sqlite.before-restore-") && !name.ends_with("-wal") && !name.ends_with("-shm"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept");

    let server = ServerProcess::start(&env);
    assert_eq!(get_status(&client, &server, &before), 200);
    assert_eq!(get_status(&client, &server, &after), 404);
    assert!(server.terminate().success());
}

#[test]
fn restore_rejects_corrupt_snapshot() {
    let workspace = Workspace::new();
    let env = workspace.env(&[]);
    let bad = workspace.root.path().join("state-bad.db");
    std::fs::write(&bad, vec![7u8; 4096]).unwrap();
    let output = run_state_command(&env, &["restore", "--from", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(!workspace.state_db().exists(), "nothing was restored");
}

#[test]
fn corrupt_database_fails_startup_untouched() {
    let workspace = Workspace::new();
    std::fs::create_dir_all(&workspace.data_dir).unwrap();
    let garbage: Vec<u8> = (0..64 * 1024).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(workspace.state_db(), &garbage).unwrap();

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uwscrape"))
        .arg("serve")
        .env_clear()
        .envs(workspace.env(&[]))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("uwscrape state restore --from"), "{stderr}");
    assert!(!stderr.contains("event=listening"), "the port must not be bound: {stderr}");
    assert_eq!(std::fs::read(workspace.state_db()).unwrap(), garbage, "the corrupt file is left byte-identical");
}

#[test]
fn second_server_on_same_database_fails() {
    let workspace = Workspace::new();
    let env = workspace.env(&[]);
    let server = ServerProcess::start(&env);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uwscrape")).arg("serve").env_clear().envs(&env).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("locked by another process"));
    assert!(server.terminate().success());
}

fn metrics(client: &reqwest::blocking::Client, server: &ServerProcess) -> Value {
    client.get(server.url("/internal/metrics")).header("Authorization", "Bearer operator").send().unwrap().json().unwrap()
}

/// Polls the metrics until `ready` accepts them or 20 s pass.
fn wait_for_metrics(client: &reqwest::blocking::Client, server: &ServerProcess, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let current = metrics(client, server);
        if ready(&current) || Instant::now() > deadline {
            return current;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn snapshot_failure_is_counted_and_retried() {
    let workspace = Workspace::new();
    let env = workspace.env(&[("UWSCRAPE_STATE_SNAPSHOT_INTERVAL", "1s"), ("UWSCRAPE_INTERNAL_TOKEN", "operator")]);
    let server = ServerProcess::start(&env);
    let client = reqwest::blocking::Client::new();

    // A plain file where the snapshot directory should be makes VACUUM INTO fail.
    std::fs::remove_dir_all(workspace.snapshots()).unwrap();
    std::fs::write(workspace.snapshots(), b"not a directory").unwrap();
    let failed = wait_for_metrics(&client, &server, |m| m["statestore_vacuum_failures_total"].as_u64().unwrap() >= 1);
    assert!(failed["statestore_vacuum_failures_total"].as_u64().unwrap() >= 1, "{failed}");
    assert!(server.log_text().contains("event=snapshot_failed"));

    // Writes go on while snapshots fail.
    create(&client, &server, "written while snapshots fail");

    // The next tick after the cause is gone succeeds.
    std::fs::remove_file(workspace.snapshots()).unwrap();
    let snapshots_before = failed["statestore_snapshots_total"].as_u64().unwrap();
    let recovered = wait_for_metrics(&client, &server, |m| m["statestore_snapshots_total"].as_u64().unwrap() > snapshots_before);
    assert!(recovered["statestore_snapshots_total"].as_u64().unwrap() > snapshots_before, "{recovered}");
    assert!(!snapshot_files(&workspace.snapshots()).is_empty());
    assert!(server.terminate().success());
}

#[test]
fn sigterm_drains_writes_in_order() {
    let workspace = Workspace::new();
    let env = workspace.env(&[("UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE", "1000000")]);
    let server = ServerProcess::start(&env);
    let base = server.url("");

    // A client writes until the server stops answering.
    let writer = std::thread::spawn(move || {
        let client = reqwest::blocking::Client::new();
        let mut acknowledged = Vec::new();
        for step in 0..10_000 {
            let Ok(response) = client.post(format!("{base}/api/v1/plans")).json(&plan_json(&format!("plan {step}"), &[])).send() else { break };
            if response.status().as_u16() != 201 {
                break;
            }
            acknowledged.push(response.json::<Value>().unwrap());
        }
        acknowledged
    });
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log.clone();
    assert!(server.terminate().success());
    let acknowledged = writer.join().unwrap();
    assert!(!acknowledged.is_empty());

    let log = log.lock().unwrap().join("\n");
    let phases = ["phase=http_drained", "phase=snapshots_stopped", "phase=writer_drained", "phase=lock_released", "phase=system_stop"];
    let positions: Vec<usize> = phases.iter().map(|phase| log.find(phase).unwrap_or_else(|| panic!("{phase} missing:\n{log}"))).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "phases out of order:\n{log}");

    let server = ServerProcess::start(&env);
    let client = reqwest::blocking::Client::new();
    for plan in &acknowledged {
        assert_eq!(get_status(&client, &server, plan), 200, "plan {} was acknowledged", plan["id"]);
    }
    assert!(server.terminate().success());
}

#[test]
fn malformed_token_key_fails_startup() {
    let workspace = Workspace::new();
    let env = workspace.env(&[("UWSCRAPE_TOKEN_KEY", "not-a-hex-key")]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uwscrape")).arg("serve").env_clear().envs(&env).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("UWSCRAPE_TOKEN_KEY"), "{stderr}");
    assert!(!stderr.contains("not-a-hex-key"), "the key must not be echoed: {stderr}");
    assert!(!stderr.contains("event=listening"));
}
