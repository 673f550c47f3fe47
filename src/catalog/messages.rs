//! Read queries the HTTP handlers send to the catalog reader of their
//! thread. Each reply is a JSON body. Course pages are rendered once at
//! warm-up, so a course reply is a copy of bytes.

use actix::{Handler, Message};
use actix_web::web::Bytes;
use serde::Serialize;
use serde_json::json;

use super::actor::{CatalogReader, WorkerFailed};
use super::graph::Direction;
use super::views::{CourseSummary, CredentialSummary};
use super::Catalog;
use crate::model::{CourseCode, Term};

/// Maximum suggestions in a not-found response.
const MAX_SUGGESTIONS: usize = 5;

/// A query that names something the catalog does not contain.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogError {
    /// No course has this code.
    CourseNotFound {
        /// The code as the client wrote it.
        input: String,
        /// Near codes that do exist.
        suggestions: Vec<String>,
    },
    /// No credential has this id.
    CredentialNotFound {
        /// The id as the client wrote it.
        input: String,
    },
}

/// The answer to every catalog query: a JSON body, a not-found, or a worker failure.
pub type CatalogReply = Result<Result<Bytes, CatalogError>, WorkerFailed>;

/// `GET /api/v1/index`: identity, counts and validation figures.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct GetIndexInfo;

/// `GET /api/v1/subjects`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct ListSubjects;

/// `GET /api/v1/courses`: a filtered page of courses in code order.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct ListCourses {
    /// Only this subject.
    pub subject: Option<String>,
    /// Only this level in hundreds.
    pub level: Option<u16>,
    /// Only courses offered in this term.
    pub term: Option<Term>,
    /// Start after this code (the `next_cursor` of the previous page).
    pub after: Option<String>,
    /// Page size.
    pub limit: usize,
}

/// `GET /api/v1/courses/{code}`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct GetCourse {
    /// The code as the client wrote it.
    pub code: String,
}

/// `GET /api/v1/credentials`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct ListCredentials;

/// `GET /api/v1/credentials/{id}`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct GetCredential {
    /// Credential id.
    pub id: String,
}

/// `GET /api/v1/graph`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct GetGraph {
    /// Centre course as the client wrote it.
    pub course: String,
    /// Which way to walk.
    pub direction: Direction,
    /// Steps to walk, 1 to [`super::graph::MAX_DEPTH`].
    pub depth: u32,
}

/// `GET /api/v1/search`.
#[derive(Message)]
#[rtype(result = "CatalogReply")]
pub struct Search {
    /// Query text.
    pub query: String,
    /// Most results.
    pub limit: usize,
}

fn render<T: Serialize>(value: &T) -> Result<Bytes, CatalogError> {
    Ok(Bytes::from(serde_json::to_vec(value).expect("catalog views serialise to JSON")))
}

fn course_not_found(catalog: &Catalog, input: &str) -> CatalogError {
    CatalogError::CourseNotFound {
        input: input.trim().chars().take(40).collect(),
        suggestions: catalog.suggest_codes(input, MAX_SUGGESTIONS).into_iter().map(str::to_string).collect(),
    }
}

impl Handler<GetIndexInfo> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, _: GetIndexInfo, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("index_info", |catalog| {
            let metadata = &catalog.metadata;
            render(&json!({
                "index_id": metadata.index_id,
                "release_status": catalog.decision.release_status,
                "course_count": catalog.courses.len(),
                "credential_count": catalog.credentials.len(),
                "graph_projection_course_count": catalog.graph.course_count,
                "slug": metadata.slug,
                "catalog_year": metadata.catalog_year,
                "built_at": metadata.built_at,
                "schema_version": metadata.schema_version,
                "validation": {
                    "errors": catalog.summary.errors,
                    "warnings": catalog.summary.warnings,
                    "infos": catalog.summary.infos,
                    "parse_coverage": catalog.summary.coverage,
                },
            }))
        })
    }
}

impl Handler<ListSubjects> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, _: ListSubjects, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("list_subjects", |catalog| {
            let subjects: Vec<_> =
                catalog.subjects.iter().map(|(code, count)| json!({"code": code, "course_count": count})).collect();
            render(&json!({ "subjects": subjects }))
        })
    }
}

impl Handler<ListCourses> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, query: ListCourses, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("list_courses", |catalog| {
            let subject = query.subject.as_deref().map(str::to_ascii_uppercase);
            let matches = |course: &&crate::model::Course| {
                subject.as_deref().map_or(true, |s| course.subject == s)
                    && query.level.map_or(true, |level| course.level == level)
                    && query.term.map_or(true, |term| course.terms_offered.contains(&term))
            };

            // Courses are sorted by code, so the cursor is a binary search away.
            let start = match &query.after {
                Some(after) => catalog.courses.partition_point(|course| course.code.as_str() <= after.as_str()),
                None => 0,
            };
            let page: Vec<_> = catalog.courses[start..].iter().filter(matches).take(query.limit + 1).collect();
            let next_cursor = (page.len() > query.limit).then(|| page[query.limit - 1].code.clone());
            let courses: Vec<CourseSummary> = page.into_iter().take(query.limit).map(CourseSummary::from).collect();
            render(&json!({ "courses": courses, "next_cursor": next_cursor }))
        })
    }
}

impl Handler<GetCourse> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, query: GetCourse, _: &mut Self::Context) -> CatalogReply {
        let rendered = self.access.rendered_courses();
        self.access.guarded("get_course", |catalog| match catalog.course_position(&query.code) {
            Some(position) => match rendered.and_then(|bodies| bodies.get(position)) {
                Some(body) => Ok(body.clone()),
                None => render(&catalog.course_detail(&catalog.courses[position])),
            },
            None => Err(course_not_found(catalog, &query.code)),
        })
    }
}

impl Handler<ListCredentials> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, _: ListCredentials, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("list_credentials", |catalog| {
            let credentials: Vec<CredentialSummary> = catalog.credentials.iter().map(CredentialSummary::from).collect();
            let groups: Vec<_> = catalog.groups.iter().map(|group| json!({"name": group.name, "aliases": group.aliases})).collect();
            render(&json!({ "credentials": credentials, "program_groups": groups }))
        })
    }
}

impl Handler<GetCredential> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, query: GetCredential, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("get_credential", |catalog| match catalog.credential(query.id.trim()) {
            Some(credential) => render(credential),
            None => Err(CatalogError::CredentialNotFound { input: query.id.chars().take(80).collect() }),
        })
    }
}

impl Handler<GetGraph> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, query: GetGraph, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("graph", |catalog| match catalog.course_position(&query.course) {
            Some(position) => {
                let centre = catalog.courses[position].code.as_str();
                Ok(Bytes::from(catalog.neighbourhood_json(centre, query.direction, query.depth)))
            }
            None => Err(course_not_found(catalog, &query.course)),
        })
    }
}

impl Handler<Search> for CatalogReader {
    type Result = CatalogReply;

    fn handle(&mut self, query: Search, _: &mut Self::Context) -> CatalogReply {
        self.access.guarded("search", |catalog| {
            let hits = catalog.search(&query.query, query.limit);
            let exact = CourseCode::parse(&query.query)
                .ok()
                .and_then(|code| catalog.course(&code.to_string()))
                .map(|course| course.code.as_str());
            render(&json!({ "query": query.query, "exact_match": exact, "results": hits }))
        })
    }
}
