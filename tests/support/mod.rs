//! Helpers shared by the integration tests: a running server on port 0, the
//! committed fixture index, and small hand-made indexes for start-up checks.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use uwscrape::config::Config;
use uwscrape::format::{
    write_artefact, Artefact, BuildMetadata, Counts, ParseCoverage, ReleaseDecision, ReleaseStatus, ValidationReport,
};
use uwscrape::model::{Course, ParseStatus, Requisite, Term};
use uwscrape::server::Application;

/// The committed fixture index.
pub fn fixture_index_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("index-fixtures/math-engineering-support")
}

/// Settings for a test server: port 0, `index_dir`, a private data directory.
pub fn test_config(index_dir: &Path, data_dir: &Path) -> Config {
    let mut config = Config::from_lookup(|_| None).expect("defaults are valid");
    config.bind = "127.0.0.1:0".parse().unwrap();
    config.index_dir = index_dir.to_path_buf();
    config.data_dir = data_dir.to_path_buf();
    config.state_db = data_dir.join("state.sqlite");
    config.catalog_workers = 2;
    config.http_workers = 1;
    config
}

/// A server running inside the current actix system.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// Keeps the data directory alive for the server's lifetime.
    _data_dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts the server with `config` adjusted by `adjust`, and waits until healthy.
    pub async fn start_with(index_dir: &Path, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let data_dir = tempfile::tempdir().unwrap();
        let mut config = test_config(index_dir, data_dir.path());
        adjust(&mut config);
        let application = Application::build(config).expect("server starts");
        let base_url = format!("http://127.0.0.1:{}", application.port());
        actix_web::rt::spawn(application.run_until_stopped());

        let server = TestServer { base_url, client: reqwest::Client::new(), _data_dir: data_dir };
        server.wait_until_healthy().await;
        server
    }

    /// Starts the server on the fixture index with default settings.
    pub async fn start() -> TestServer {
        TestServer::start_with(&fixture_index_dir(), |_| {}).await
    }

    /// Absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// GET `path` and return the response.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request reaches the server")
    }

    /// GET `path`, assert `status`, and parse the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.json().await.expect("JSON body")
    }

    async fn wait_until_healthy(&self) {
        for _ in 0..200 {
            if let Ok(response) = self.client.get(self.url("/api/v1/health")).send().await {
                if response.status() == 200 {
                    return;
                }
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("server at {} never became healthy", self.base_url);
    }
}

/// A course with the given prerequisite tree, for hand-made indexes.
pub fn course(code: &str, title: &str, prereq: Option<Requisite>) -> Course {
    let (subject, number) = code.split_once(' ').unwrap();
    Course {
        code: code.to_string(),
        subject: subject.to_string(),
        number: number.to_string(),
        level: number[..1].parse::<u16>().unwrap() * 100,
        title: title.to_string(),
        description: format!("{title}."),
        units: 0.5,
        terms_offered: vec![Term::F, Term::W],
        notes: None,
        prereq_text: prereq.as_ref().map(|_| "Prereq: hand-made".to_string()),
        parse_status: prereq.as_ref().map(|_| ParseStatus::Full),
        prereq,
        coreq_text: None,
        coreq: None,
        antireq_text: None,
        antireqs: Vec::new(),
        antireq_notes: None,
        crosslistings: Vec::new(),
    }
}

/// Writes a three-course index to `dir` with the given release status and
/// returns its metadata.
pub fn write_small_index(dir: &Path, slug: &str, status: ReleaseStatus) -> BuildMetadata {
    let requires = |code: &str| Requisite::Course { code: code.to_string(), min_grade: None, concurrent: false };
    let courses = vec![
        course("CS 135", "Designing Functional Programs", None),
        course("CS 136", "Elementary Algorithm Design and Data Abstraction", Some(requires("CS 135"))),
        course("CS 246", "Object-Oriented Software Development", Some(requires("CS 136"))),
    ];
    let artefact = Artefact {
        metadata: BuildMetadata {
            index_id: String::new(),
            slug: slug.to_string(),
            catalog_year: "2023-24".to_string(),
            built_at: "2026-12-04T00:00:00Z".to_string(),
            schema_version: uwscrape::format::SCHEMA_VERSION,
            source: Vec::new(),
            counts: Counts { courses: 3, subjects: 1, ..Counts::default() },
            builder_version: "test".to_string(),
        },
        courses,
        credentials: Vec::new(),
        groups: Vec::new(),
        report: ValidationReport {
            coverage: ParseCoverage { with_requisites: 2, full: 2, partial: 0, none: 0, full_ratio: 1.0 },
            ..ValidationReport::default()
        },
        decision: ReleaseDecision {
            index_id: String::new(),
            release_status: status,
            reasons: vec![uwscrape::format::ReleaseReason {
                code: "test".to_string(),
                message: format!("hand-made index with status {status:?}"),
            }],
        },
        validation_report_md: "# Validation report\n".to_string(),
        release_decision_md: "# Release decision\n".to_string(),
        build_report_md: "# Build report\n".to_string(),
        parse_manifest: None,
        patch_applications: None,
    };
    write_artefact(dir, &artefact).expect("artefact is written")
}
