//! Test helpers: a tiny index written with the real artefact writer, the
//! real server in-process on port 0, and the real binary as a child process.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use uwscrape::config::Config;
use uwscrape::format::{write_artefact, Artefact, BuildMetadata, Counts, ReleaseDecision, ReleaseStatus, ValidationReport};
use uwscrape::model::Course;
use uwscrape::server::Application;

/// A fixed token key, so tokens survive restarts of the binary.
pub const TOKEN_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A course with only the fields these tests need.
pub fn course(code: &str, title: &str) -> Course {
    let (subject, number) = code.split_once(' ').expect("codes are written `SUBJECT NUMBER`");
    Course {
        code: code.to_string(),
        subject: subject.to_string(),
        number: number.to_string(),
        level: number[..1].parse::<u16>().unwrap_or(0) * 100,
        title: title.to_string(),
        description: format!("{title}."),
        units: 0.5,
        terms_offered: vec![],
        notes: None,
        prereq_text: None,
        prereq: None,
        parse_status: None,
        coreq_text: None,
        coreq: None,
        antireq_text: None,
        antireqs: vec![],
        antireq_notes: None,
        crosslistings: vec![],
    }
}

/// Writes an index of `codes` into `dir` with the real writer.
pub fn write_index(dir: &Path, codes: &[&str]) {
    let courses: Vec<Course> = codes.iter().map(|code| course(code, &format!("Course {code}"))).collect();
    let artefact = Artefact {
        metadata: BuildMetadata {
            index_id: String::new(),
            slug: "state-tests".to_string(),
            catalog_year: "2025-26".to_string(),
            built_at: "2026-01-01T00:00:00Z".to_string(),
            schema_version: 1,
            source: vec![],
            counts: Counts { courses: courses.len() as u64, subjects: 2, ..Counts::default() },
            builder_version: "test".to_string(),
        },
        courses,
        credentials: vec![],
        groups: vec![],
        report: ValidationReport::default(),
        decision: ReleaseDecision { index_id: String::new(), release_status: ReleaseStatus::Publish, reasons: vec![] },
        validation_report_md: "# Validation\n".to_string(),
        release_decision_md: "# Decision\n".to_string(),
        build_report_md: "# Build\n".to_string(),
        parse_manifest: None,
        patch_applications: None,
    };
    write_artefact(dir, &artefact).expect("the test index is written");
}

/// The default fixture courses.
pub const FIXTURE_CODES: &[&str] = &["CS 135", "CS 136", "CS 246", "MATH 135", "MATH 137"];

/// A temporary workspace: an index and a data directory.
pub struct Workspace {
    /// Owns the temporary directory.
    pub root: tempfile::TempDir,
    /// The index directory.
    pub index_dir: PathBuf,
    /// The data directory.
    pub data_dir: PathBuf,
}

impl Workspace {
    /// A workspace with the fixture index.
    pub fn new() -> Workspace {
        let root = tempfile::tempdir().unwrap();
        let index_dir = root.path().join("index");
        write_index(&index_dir, FIXTURE_CODES);
        let data_dir = root.path().join("data");
        Workspace { root, index_dir, data_dir }
    }

    /// The state database path.
    pub fn state_db(&self) -> PathBuf {
        self.data_dir.join("state.sqlite")
    }

    /// The snapshot directory.
    pub fn snapshots(&self) -> PathBuf {
        self.data_dir.join("snapshots")
    }

    /// Environment for a server over this workspace, plus `extra`.
    pub fn env(&self, extra: &[(&str, &str)]) -> HashMap<String, String> {
        let mut env: HashMap<String, String> = [
            ("UWSCRAPE_BIND", "127.0.0.1:0".to_string()),
            ("UWSCRAPE_INDEX_DIR", self.index_dir.display().to_string()),
            ("UWSCRAPE_DATA_DIR", self.data_dir.display().to_string()),
            ("UWSCRAPE_TOKEN_KEY", TOKEN_KEY.to_string()),
            ("UWSCRAPE_TOKEN_KEY_FILE", self.root.path().join("no-key-file").display().to_string()),
            ("UWSCRAPE_CATALOG_WORKERS", "1".to_string()),
            ("UWSCRAPE_HTTP_WORKERS", "2".to_string()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect();
        for (name, value) in extra {
            env.insert(name.to_string(), value.to_string());
        }
        env
    }

    /// A validated config for an in-process server.
    pub fn config(&self, extra: &[(&str, &str)]) -> Config {
        let env = self.env(extra);
        Config::from_lookup(|name| env.get(name).cloned()).expect("the test configuration is valid")
    }
}

/// An in-process server on port 0.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// Stops the server.
    pub handle: actix_web::dev::ServerHandle,
    /// The server task; finishes after the shutdown sequence.
    pub task: actix_web::rt::task::JoinHandle<std::io::Result<()>>,
    /// An HTTP client.
    pub client: reqwest::Client,
}

impl TestApp {
    /// Builds and starts the real application; must run inside an actix system.
    pub async fn start(config: Config) -> TestApp {
        let application = Application::build(config).expect("the application starts");
        let address = format!("http://127.0.0.1:{}", application.port());
        let handle = application.handle();
        let task = actix_web::rt::spawn(application.run_until_stopped());
        let client = reqwest::Client::new();
        TestApp { address, handle, task, client }
    }

    /// Stops the server and waits for the whole shutdown sequence.
    pub async fn stop(self) {
        self.handle.stop(true).await;
        self.task.await.unwrap().unwrap();
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// A plan body with `courses` in one term.
pub fn plan_json(name: &str, courses: &[&str]) -> serde_json::Value {
    serde_json::json!({"name": name, "terms": [{"term": "2025F", "courses": courses}], "completed": [{"code": "MATH 135", "grade": 81}], "notes": ""})
}

/// The real binary running `serve`, with its stderr collected.
pub struct ServerProcess {
    /// The child process.
    pub child: Child,
    /// The bound port, read from the `event=listening` log line.
    pub port: u16,
    /// Every stderr line so far.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts the binary and waits until it logs its port.
    pub fn start(env: &HashMap<String, String>) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_uwscrape"))
            .arg("serve")
            .env_clear()
            .envs(env)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (port_sender, port_receiver) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("event=listening") {
                    let port = line.rsplit("port=").next().and_then(|text| text.trim().parse::<u16>().ok());
                    let _ = port_sender.send(port);
                }
                lines.lock().unwrap().push(line);
            }
        });
        let port = port_receiver.recv_timeout(Duration::from_secs(30)).ok().flatten();
        let Some(port) = port else {
            let _ = child.kill();
            panic!("the server did not log its port; log:\n{}", log.lock().unwrap().join("\n"));
        };
        // Wait for an answer, so the server loop (and its signal handlers) runs.
        let client = reqwest::blocking::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while client.get(format!("http://127.0.0.1:{port}/api/v1/health")).send().is_err() {
            assert!(Instant::now() < deadline, "the server did not answer; log:\n{}", log.lock().unwrap().join("\n"));
            std::thread::sleep(Duration::from_millis(20));
        }
        ServerProcess { child, port, log }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends SIGKILL and reaps the process.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM and waits up to 30 s for a clean exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The log so far, joined.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

/// Runs `uwscrape state …` with `env`.
pub fn run_state_command(env: &HashMap<String, String>, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uwscrape"))
        .arg("state")
        .args(args)
        .env_clear()
        .envs(env)
        .output()
        .expect("the binary runs")
}

/// Runs `PRAGMA integrity_check` on a database file.
pub fn integrity(path: &Path) -> String {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection.query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0)).unwrap()
}
