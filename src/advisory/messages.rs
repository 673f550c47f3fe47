//! Advisory queries the HTTP handlers send to the catalog workers. Each
//! carries the request as the client sent it; the worker validates it
//! against the catalog, runs the engine and renders the JSON body, so an
//! async HTTP worker never spends time on the search. Handlers never touch
//! SQLite; the engine reads only the in-memory catalog.

use actix::{Handler, Message};
use actix_web::web::Bytes;
use serde::Serialize;
use serde_json::json;

use super::audit::audit;
use super::eligibility::course_eligibility;
use super::evaluate::Evaluator;
use super::next::{next_courses, NextQuery};
use super::path::term::TermLabel;
use super::path::{find_path, Constraints, ConstraintsInput, Goal};
use super::record::{validate_targets, InputError, RecordInput, StudentRecord};
use crate::catalog::actor::{CatalogWorker, WorkerFailed};
use crate::catalog::Catalog;
use crate::model::Credential;

/// Maximum number of credential ids an unknown-credential error suggests.
const MAX_CREDENTIAL_HINTS: usize = 20;

/// The answer to every advisory query: a JSON body, an invalid field, or a
/// worker failure.
pub type AdvisoryReply = Result<Result<Bytes, InputError>, WorkerFailed>;

/// `POST /api/v1/advisory/eligibility`: eligibility for each target course.
#[derive(Debug, Message)]
#[rtype(result = "AdvisoryReply")]
pub struct Eligibility {
    /// The student record as sent.
    pub record: RecordInput,
    /// Course codes as sent.
    pub targets: Vec<String>,
}

/// `POST /api/v1/advisory/next`: courses the record may take now, ranked.
#[derive(Debug, Message)]
#[rtype(result = "AdvisoryReply")]
pub struct NextCourses {
    /// The student record as sent.
    pub record: RecordInput,
    /// Validated filters and paging.
    pub query: NextQuery,
}

/// `POST /api/v1/paths`: a term-by-term plan to courses or a credential.
#[derive(Debug, Message)]
#[rtype(result = "AdvisoryReply")]
pub struct FindPath {
    /// The student record as sent.
    pub record: RecordInput,
    /// Target course codes as sent; empty when `credential` is set.
    pub targets: Vec<String>,
    /// A credential id or name as sent.
    pub credential: Option<String>,
    /// Planning constraints as sent.
    pub constraints: ConstraintsInput,
    /// The start term used when the constraints give none.
    pub upcoming: TermLabel,
}

/// `POST /api/v1/advisory/audit`: a credential audit of the record.
#[derive(Debug, Message)]
#[rtype(result = "AdvisoryReply")]
pub struct Audit {
    /// The student record as sent.
    pub record: RecordInput,
    /// A credential id or name as sent.
    pub credential: String,
}

fn render<T: Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("advisory answers serialise to JSON"))
}

/// The credential with this id or name (ignoring case), or an error naming `field`.
fn find_credential<'a>(catalog: &'a Catalog, input: &str, field: &str) -> Result<&'a Credential, InputError> {
    let requested = input.trim();
    let found = catalog
        .credential(requested)
        .or_else(|| catalog.credentials.iter().find(|credential| credential.name.eq_ignore_ascii_case(requested)));
    found.ok_or_else(|| InputError {
        field: field.to_string(),
        message: format!(
            "No credential `{}` in this index; give an id or name from /api/v1/credentials.",
            requested.chars().take(80).collect::<String>()
        ),
        suggestions: catalog.credentials.iter().take(MAX_CREDENTIAL_HINTS).map(|credential| credential.id.clone()).collect(),
        others: Vec::new(),
    })
}

impl Handler<Eligibility> for CatalogWorker {
    type Result = AdvisoryReply;

    fn handle(&mut self, query: Eligibility, _: &mut Self::Context) -> AdvisoryReply {
        self.access.guarded("advisory_eligibility", |catalog| {
            let targets = validate_targets(catalog, &query.targets, "targets")?;
            let record = StudentRecord::validate(&query.record, catalog)?;
            let evaluator = Evaluator::new(catalog, &record);
            let results: Vec<_> = targets
                .iter()
                .filter_map(|code| catalog.course(code))
                .map(|course| course_eligibility(&evaluator, course))
                .collect();
            Ok(render(&json!({"results": results, "index_id": catalog.metadata.index_id})))
        })
    }
}

impl Handler<NextCourses> for CatalogWorker {
    type Result = AdvisoryReply;

    fn handle(&mut self, query: NextCourses, _: &mut Self::Context) -> AdvisoryReply {
        self.access.guarded("advisory_next", |catalog| {
            let record = StudentRecord::validate(&query.record, catalog)?;
            let answer = next_courses(catalog, &record, &query.query);
            let mut body = serde_json::to_value(&answer).expect("next answers serialise to JSON");
            body["index_id"] = json!(catalog.metadata.index_id);
            Ok(render(&body))
        })
    }
}

impl Handler<FindPath> for CatalogWorker {
    type Result = AdvisoryReply;

    fn handle(&mut self, query: FindPath, _: &mut Self::Context) -> AdvisoryReply {
        self.access.guarded("advisory_path", |catalog| {
            let goal = match (&query.credential, query.targets.is_empty()) {
                (Some(_), false) => {
                    return Err(InputError::new("targets", "Send either targets or credential, not both."));
                }
                (Some(name), true) => Goal::Credential(find_credential(catalog, name, "credential")?.id.clone()),
                (None, _) => Goal::Courses(validate_targets(catalog, &query.targets, "targets")?),
            };
            let record = StudentRecord::validate(&query.record, catalog)?;
            let constraints = Constraints::validate(&query.constraints, catalog, query.upcoming)?;
            let answer = find_path(catalog, &record, &goal, &constraints);
            log::debug!(
                "event=path_search explored={} elapsed_ms={} stopped_early={}",
                answer.search.explored,
                answer.search.elapsed_ms,
                answer.stopped_early
            );
            let mut body = serde_json::to_value(&answer).expect("path answers serialise to JSON");
            body["index_id"] = json!(catalog.metadata.index_id);
            Ok(render(&body))
        })
    }
}

impl Handler<Audit> for CatalogWorker {
    type Result = AdvisoryReply;

    fn handle(&mut self, query: Audit, _: &mut Self::Context) -> AdvisoryReply {
        self.access.guarded("advisory_audit", |catalog| {
            let credential = find_credential(catalog, &query.credential, "credential")?;
            let record = StudentRecord::validate(&query.record, catalog)?;
            let mut body = serde_json::to_value(audit(catalog, &record, credential)).expect("audits serialise to JSON");
            body["index_id"] = json!(catalog.metadata.index_id);
            Ok(render(&body))
        })
    }
}
