//! Helpers of the operations drills: small index artefacts written with the
//! real format writer, and the real `uwscrape` binary run as a child process
//! on a loopback port chosen by the kernel.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use uwscrape::format::{
    write_artefact, Artefact, BuildMetadata, Counts, ParseCoverage, ReleaseDecision, ReleaseReason, ReleaseStatus,
    SourceInput, ValidationReport,
};
use uwscrape::model::{Course, Term};

/// Maximum wait for the server to log its port or for health to return 200.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// Maximum wait for the server to exit after SIGTERM.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(40);

/// Builds a course without requisites.
pub fn course(subject: &str, number: &str, title: &str) -> Course {
    let level = number.chars().next().and_then(|digit| digit.to_digit(10)).unwrap_or(0) as u16 * 100;
    Course {
        code: format!("{subject} {number}"),
        subject: subject.to_string(),
        number: number.to_string(),
        level,
        title: title.to_string(),
        description: format!("{title}, a course written for the operations drills."),
        units: 0.5,
        terms_offered: vec![Term::F, Term::W],
        notes: None,
        prereq_text: None,
        prereq: None,
        parse_status: None,
        coreq_text: None,
        coreq: None,
        antireq_text: None,
        antireqs: Vec::new(),
        antireq_notes: None,
        crosslistings: Vec::new(),
    }
}

/// Writes a publishable index of `courses` to `dir` and returns its `index_id`.
///
/// `source_sha256` is the hash of the calendar source the index was
/// built from, so two calls with different hashes give different ids.
pub fn write_index(dir: &Path, courses: Vec<Course>, source_sha256: &str) -> String {
    let mut courses = courses;
    courses.sort_by(|a, b| a.code.cmp(&b.code));
    let subjects: std::collections::BTreeSet<&str> = courses.iter().map(|course| course.subject.as_str()).collect();
    let metadata = BuildMetadata {
        index_id: String::new(),
        slug: "drill".to_string(),
        catalog_year: "2023-24".to_string(),
        built_at: "2026-01-01T00:00:00Z".to_string(),
        schema_version: uwscrape::format::SCHEMA_VERSION,
        source: vec![SourceInput {
            role: "courses".to_string(),
            format: "calendar-csv".to_string(),
            path: "drill/course_info.csv".to_string(),
            sha256: source_sha256.to_string(),
            records: courses.len() as u64,
        }],
        counts: Counts {
            courses: courses.len() as u64,
            subjects: subjects.len() as u64,
            ..Counts::default()
        },
        builder_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let report = ValidationReport {
        findings: Vec::new(),
        coverage: ParseCoverage { full_ratio: 1.0, ..ParseCoverage::default() },
        coverage_by_subject: BTreeMap::new(),
    };
    let decision = ReleaseDecision {
        index_id: String::new(),
        release_status: ReleaseStatus::Publish,
        reasons: vec![ReleaseReason { code: "no_errors".to_string(), message: "Validation found no errors.".to_string() }],
    };
    let artefact = Artefact {
        metadata,
        courses,
        credentials: Vec::new(),
        groups: Vec::new(),
        report,
        decision,
        validation_report_md: "# Validation report\n\nNo findings.\n".to_string(),
        release_decision_md: "# Release decision\n\npublish\n".to_string(),
        build_report_md: "# Build report\n\nWritten by the operations drills.\n".to_string(),
        parse_manifest: None,
        patch_applications: None,
    };
    write_artefact(dir, &artefact).expect("the drill index is written").index_id
}

/// Hashes every file under `dir` with SHA-256, keyed by relative path.
pub fn hash_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("directory is readable") {
            let path = entry.expect("directory entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("file is readable");
                let relative = path.strip_prefix(dir).expect("path is under dir").to_path_buf();
                files.insert(relative, hex::encode(Sha256::digest(&bytes)));
            }
        }
    }
    files
}

/// A running `uwscrape serve` child process; killed when dropped.
pub struct Server {
    child: Child,
    /// The port the server logged as bound.
    pub port: u16,
    /// Every stderr line so far.
    stderr: Arc<Mutex<Vec<String>>>,
}

/// Settings of every drill server: one worker each, a fixed token key, and
/// no inherited `UWSCRAPE_*` variable.
fn serve_command(envs: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_uwscrape"));
    command.arg("serve");
    for (name, _) in std::env::vars() {
        if name.starts_with("UWSCRAPE_") {
            command.env_remove(name);
        }
    }
    command
        .env("RUST_LOG", "info")
        .env("UWSCRAPE_BIND", "127.0.0.1:0")
        .env("UWSCRAPE_CATALOG_WORKERS", "1")
        .env("UWSCRAPE_HTTP_WORKERS", "1")
        .env("UWSCRAPE_TOKEN_KEY", "5eb3f0c1a2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70")
        .env("UWSCRAPE_INTERNAL_TOKEN", "drill-internal-token");
    for (name, value) in envs {
        command.env(name, value);
    }
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

/// Runs `uwscrape serve` to completion and returns its exit status and stderr.
pub fn run_to_exit(envs: &[(&str, &str)]) -> (ExitStatus, String) {
    let output = serve_command(envs).output().expect("the uwscrape binary starts");
    (output.status, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Runs `uwscrape <args>` (not `serve`) with the drill settings; returns the
/// exit status, stdout and stderr.
pub fn run_command(args: &[&str], envs: &[(&str, &str)]) -> (ExitStatus, String, String) {
    let command = serve_command(envs);
    let mut program = Command::new(command.get_program());
    program.args(args);
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => program.env(name, value),
            None => program.env_remove(name),
        };
    }
    let output = program.output().expect("the uwscrape binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status, stdout, stderr)
}

impl Server {
    /// Starts the server and waits for its `event=listening … port=N` line.
    ///
    /// Panics with the captured stderr when the process exits first or the
    /// line does not appear within [`START_TIMEOUT`].
    pub fn start(envs: &[(&str, &str)]) -> Server {
        let mut child = serve_command(envs).spawn().expect("the uwscrape binary starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let ports = forward_stderr(&mut child, stderr.clone());

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            match ports.recv_timeout(Duration::from_millis(100)) {
                Ok(port) => return Server { child, port, stderr },
                Err(RecvTimeoutError::Timeout) if Instant::now() < deadline => {
                    if let Some(status) = child.try_wait().expect("child status is readable") {
                        thread::sleep(Duration::from_millis(100));
                        panic!("server exited with {status} before listening; stderr:\n{}", stderr.lock().unwrap().join("\n"));
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("server did not log a port within {START_TIMEOUT:?}; stderr:\n{}", stderr.lock().unwrap().join("\n"));
                }
            }
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits until `/api/v1/health` returns 200, that is until warm-up ends.
    pub fn wait_healthy(&self) {
        let client = reqwest::blocking::Client::new();
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let status = client.get(self.url("/api/v1/health")).send().map(|response| response.status().as_u16());
            if let Ok(200) = status {
                return;
            }
            assert!(Instant::now() < deadline, "health did not return 200 within {START_TIMEOUT:?}; last: {status:?}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// GETs `path` and returns the status and the JSON body.
    pub fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = reqwest::blocking::get(self.url(path)).expect("request reaches the drill server");
        let status = response.status().as_u16();
        (status, response.json().expect("response body is JSON"))
    }

    /// Sends `method path` with `headers` and an optional JSON body; returns
    /// the status and the JSON body (`null` when the body is empty).
    pub fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let client = reqwest::blocking::Client::new();
        let mut request = client.request(method, self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().expect("request reaches the drill server");
        let status = response.status().as_u16();
        let text = response.text().expect("response body is readable");
        let json = if text.is_empty() { serde_json::Value::Null } else { serde_json::from_str(&text).expect("response body is JSON") };
        (status, json)
    }

    /// Returns every stderr line so far, joined.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Sends SIGTERM, as Fly does on a restart, and waits for the exit.
    pub fn stop(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill(1) runs");
        assert!(sent.success(), "kill -TERM {pid} failed");
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status is readable") {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit within {STOP_TIMEOUT:?} of SIGTERM; stderr:\n{}", self.stderr());
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Copies the child's stderr into `lines` on a thread and sends the port of
/// the first `event=listening` line.
fn forward_stderr(child: &mut Child, lines: Arc<Mutex<Vec<String>>>) -> Receiver<u16> {
    let pipe = child.stderr.take().expect("stderr is piped");
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if line.contains("event=listening") {
                if let Some(port) = parse_port(&line) {
                    let _ = sender.send(port);
                }
            }
            lines.lock().unwrap().push(line);
        }
    });
    receiver
}

/// The `N` of a `port=N` field.
fn parse_port(line: &str) -> Option<u16> {
    line.split_whitespace().find_map(|field| field.strip_prefix("port=")).and_then(|port| port.parse().ok())
}
