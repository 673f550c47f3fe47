//! Crash safety of the state database: the real binary is killed with
//! SIGKILL at a random moment while clients write, then restarted. Every
//! write the server acknowledged must still be there, and the file must
//! pass `PRAGMA integrity_check`.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{integrity, plan_json, ServerProcess, Workspace};
use rand::Rng;
use serde_json::Value;

/// Kill-and-restart cycles.
const CYCLES: usize = 20;
/// Concurrent writing clients per cycle.
const CLIENTS: usize = 2;

/// The last acknowledged state of one plan.
#[derive(Debug, Clone)]
struct Acked {
    /// Edit token.
    token: String,
    /// Version the server acknowledged last.
    version: i64,
    /// Name written in that version.
    name: String,
}

/// Writes until `stop` is set or the server goes away: creates plans and
/// replaces the ones this client created, recording every 2xx answer.
fn write_until_killed(base: String, stop: Arc<AtomicBool>, acked: Arc<Mutex<HashMap<String, Acked>>>, client_number: usize) {
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut mine: Vec<String> = Vec::new();
    let mut step = 0usize;
    while !stop.load(Ordering::Relaxed) {
        step += 1;
        let name = format!("client {client_number} step {step}");
        if !step.is_multiple_of(3) || mine.is_empty() {
            let Ok(response) = client.post(format!("{base}/api/v1/plans")).json(&plan_json(&name, &["CS 135"])).send() else { return };
            if response.status().as_u16() != 201 {
                return;
            }
            let Ok(body) = response.json::<Value>() else { return };
            let id = body["id"].as_str().unwrap().to_string();
            let token = body["edit_token"].as_str().unwrap().to_string();
            acked.lock().unwrap().insert(id.clone(), Acked { token, version: 1, name });
            mine.push(id);
        } else {
            let id = mine[step % mine.len()].clone();
            let previous = acked.lock().unwrap()[&id].clone();
            let Ok(response) = client
                .put(format!("{base}/api/v1/plans/{id}"))
                .header("Authorization", format!("Bearer {}", previous.token))
                .header("If-Match", format!("\"{}\"", previous.version))
                .json(&plan_json(&name, &["CS 246"]))
                .send()
            else {
                return;
            };
            if response.status().as_u16() != 200 {
                return;
            }
            let Ok(body) = response.json::<Value>() else { return };
            let version = body["version"].as_i64().unwrap();
            acked.lock().unwrap().insert(id, Acked { token: previous.token, version, name });
        }
    }
}

/// Checks that every acknowledged plan is present at its acknowledged
/// version or later (a write in flight at the kill may have committed
/// without its answer arriving).
fn verify(server: &ServerProcess, acked: &HashMap<String, Acked>) {
    let client = reqwest::blocking::Client::new();
    for (id, expected) in acked {
        let response = client
            .get(server.url(&format!("/api/v1/plans/{id}")))
            .header("Authorization", format!("Bearer {}", expected.token))
            .send()
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "acknowledged plan {id} is missing");
        let body: Value = response.json().unwrap();
        let version = body["version"].as_i64().unwrap();
        assert!(version >= expected.version, "plan {id} went back from version {} to {version}", expected.version);
        if version == expected.version {
            assert_eq!(body["plan"]["name"], expected.name.as_str(), "plan {id} at version {version}");
        }
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let workspace = Workspace::new();
    let env = workspace.env(&[("UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE", "1000000"), ("UWSCRAPE_STATE_SNAPSHOT_INTERVAL", "1h")]);
    let mut rng = rand::thread_rng();
    let mut previous_cycle: HashMap<String, Acked> = HashMap::new();
    let mut all: HashMap<String, Acked> = HashMap::new();

    for cycle in 0..CYCLES {
        let server = ServerProcess::start(&env);
        // The restart checked integrity at start-up; now check the data.
        verify(&server, &previous_cycle);

        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(HashMap::new()));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|number| {
                let (base, stop, acked) = (server.url(""), stop.clone(), acked.clone());
                std::thread::spawn(move || write_until_killed(base, stop, acked, number))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.gen_range(50..600)));
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }

        let acked = Arc::try_unwrap(acked).unwrap().into_inner().unwrap();
        println!("cycle {cycle}: {} plans acknowledged before SIGKILL", acked.len());
        previous_cycle = acked.clone();
        all.extend(acked);
    }

    let server = ServerProcess::start(&env);
    verify(&server, &all);
    assert!(all.len() >= CYCLES, "too few writes were acknowledged ({}) for the test to mean anything", all.len());
    let status = server.terminate();
    assert!(status.success(), "the server exited with {status}");
    assert_eq!(integrity(&workspace.state_db()), "ok");
}
