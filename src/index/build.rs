//! The build pipeline: read sources, apply patches, parse requisites, build
//! credentials and the taxonomy, validate, decide, render and write.
//!
//! Guarantee: the same inputs give the same `index_id` and the same file
//! bytes apart from `built_at` and the timings section of `build-report.md`.
//! Every collection is ordered by a key (course code, credential id, group
//! name) before it is written, and no output depends on hash-map order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use super::credentials::{build_credentials, build_program_groups};
use super::decision::{decide, read_previous, DecisionPolicy};
use super::inputs::{read_all_courses, read_all_programs, ProgramRead, SourceRead};
use super::patches::{apply_patch_file, read_patch_file};
use super::progress::StepProgress;
use super::reports::{build_report_md, release_decision_md, validation_report_md, BuildReportInput};
use super::sources::{year_in_path, CourseFormat, InputSummary, ProgramFormat, Rejection, SourceSpec};
use super::taxonomy::Taxonomy;
use super::validate::{frequent_unparsed, validate};
use super::courses::parse_course;
use crate::format::{
    compute_index_id, write_artefact, Artefact, BuildMetadata, Counts, GraphProjection, ReleaseDecision, SourceInput, ValidationReport,
    SCHEMA_VERSION,
};
use crate::model::{Course, Credential, ProgramGroup};

/// Unparsed fragments listed in `build-report.md`.
const UNPARSED_FRAGMENTS_SHOWN: usize = 20;

/// Everything a build needs.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Short name of the index (lower-case letters, digits and `-`).
    pub slug: String,
    /// Artefact directory to write; replaced whole.
    pub out: PathBuf,
    /// Course sources, read in order; the first source wins a duplicate code.
    pub courses: Vec<SourceSpec<CourseFormat>>,
    /// Program sources.
    pub programs: Vec<SourceSpec<ProgramFormat>>,
    /// Patch file (JSONL), if any.
    pub patches: Option<PathBuf>,
    /// Previous artefact directory whose course count the decision compares against.
    pub previous: Option<PathBuf>,
    /// Year of program requirements to keep, for sources with several (`2023-2024`).
    pub program_year: Option<String>,
    /// Calendar year of the courses; read from the sources when `None`.
    pub catalog_year: Option<String>,
    /// Release thresholds.
    pub policy: DecisionPolicy,
    /// Build time to record; the current time when `None`.
    pub built_at: Option<String>,
}

/// Summary of a finished build.
#[derive(Debug, Clone)]
pub struct BuildOutcome {
    /// Metadata as written.
    pub metadata: BuildMetadata,
    /// The release decision, with its index id.
    pub decision: ReleaseDecision,
    /// The validation report.
    pub report: ValidationReport,
}

/// Runs a whole build and writes the artefact to `options.out`.
pub fn build_index(options: &BuildOptions) -> anyhow::Result<BuildOutcome> {
    check_slug(&options.slug)?;
    if options.courses.is_empty() {
        bail!("no course source given; pass --courses FORMAT:PATH at least once");
    }
    let mut timer = StepTimer::start();

    let mut read = read_all_courses(&options.courses)?;
    let programs = read_all_programs(&options.programs, options.program_year.as_deref())?;
    timer.lap("read sources");

    let patch_applications = match &options.patches {
        Some(path) => Some(apply_patches(path, &mut read)?),
        None => None,
    };
    timer.lap("apply patches");

    let taxonomy = Taxonomy::builtin();
    let courses = parse_all(&read, &taxonomy);
    timer.lap("parse requisites");

    let mut findings = std::mem::take(&mut read.findings);
    findings.extend(programs.findings.iter().cloned());
    let credentials = build_credentials(programs.credentials.clone(), &taxonomy, &mut findings);
    let groups = build_program_groups(&taxonomy, &credentials);
    let report = validate(&courses, &credentials, findings);
    timer.lap("validate");

    let previous = options.previous.as_deref().map(read_previous).transpose()?;
    let decision = decide(&report, courses.len() as u64, previous.as_ref(), options.policy);
    let catalog = Catalog { courses, credentials, groups, report, decision };
    let mut artefact = assemble(options, &read, &programs, patch_applications, catalog);
    render(&mut artefact, &mut timer);

    let mut progress = StepProgress::start("write", 1);
    let metadata = write_artefact(&options.out, &artefact).with_context(|| format!("failed to write the index to {}", options.out.display()))?;
    progress.tick();
    progress.finish();
    log::info!(
        "index built slug={} index_id={} courses={} release_status={:?} out={}",
        metadata.slug,
        metadata.index_id,
        metadata.counts.courses,
        artefact.decision.release_status,
        options.out.display()
    );
    Ok(BuildOutcome { metadata, decision: artefact.decision, report: artefact.report })
}

/// Wall-clock time of each build step, logged as each ends.
struct StepTimer {
    /// Start of the current step.
    started: Instant,
    /// Finished steps with their durations, in order.
    laps: Vec<(String, Duration)>,
}

impl StepTimer {
    fn start() -> StepTimer {
        StepTimer { started: Instant::now(), laps: Vec::new() }
    }

    fn lap(&mut self, step: &str) {
        let elapsed = self.started.elapsed();
        log::info!("step=\"{step}\" elapsed_ms={}", elapsed.as_millis());
        self.laps.push((step.to_string(), elapsed));
        self.started = Instant::now();
    }
}

/// The built catalog and what validation decided about it.
struct Catalog {
    courses: Vec<Course>,
    credentials: Vec<Credential>,
    groups: Vec<ProgramGroup>,
    report: ValidationReport,
    decision: ReleaseDecision,
}

/// Parses every course in code order, with progress for long sources.
fn parse_all(read: &SourceRead, taxonomy: &Taxonomy) -> Vec<Course> {
    let mut progress = StepProgress::start("parse", read.courses.len() as u64);
    let mut courses = Vec::with_capacity(read.courses.len());
    for raw in read.courses.values() {
        courses.push(parse_course(raw, taxonomy));
        progress.tick();
    }
    progress.finish();
    courses
}

/// Puts the catalog together with its metadata and parse manifest; the
/// index id and the Markdown documents are filled in by [`render`].
fn assemble(
    options: &BuildOptions,
    read: &SourceRead,
    programs: &ProgramRead,
    patch_applications: Option<(Vec<serde_json::Value>, InputSummary)>,
    catalog: Catalog,
) -> Artefact {
    let mut inputs = read.inputs.clone();
    inputs.extend(programs.inputs.iter().cloned());
    let patch_lines = patch_applications.map(|(lines, summary)| {
        inputs.push(summary);
        lines
    });
    let rejections: Vec<Rejection> = read.rejections.iter().chain(&programs.rejections).cloned().collect();
    let subjects: BTreeSet<&str> = catalog.courses.iter().map(|course| course.subject.as_str()).collect();

    let metadata = BuildMetadata {
        index_id: String::new(),
        slug: options.slug.clone(),
        catalog_year: options.catalog_year.clone().or_else(|| catalog_year_of(read, options)).unwrap_or_else(|| "unknown".into()),
        built_at: options.built_at.clone().unwrap_or_else(built_at_now),
        schema_version: SCHEMA_VERSION,
        source: inputs.iter().map(source_input).collect(),
        counts: Counts {
            courses: catalog.courses.len() as u64,
            subjects: subjects.len() as u64,
            credentials: catalog.credentials.len() as u64,
            program_groups: catalog.groups.len() as u64,
            graph_edges: 0,
            rejected_records: rejections.len() as u64,
        },
        builder_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let manifest = serde_json::json!({
        "slug": options.slug,
        "program_year": options.program_year,
        "inputs": inputs,
        "rejected": rejections,
    });

    Artefact {
        metadata,
        courses: catalog.courses,
        credentials: catalog.credentials,
        groups: catalog.groups,
        report: catalog.report,
        decision: catalog.decision,
        validation_report_md: String::new(),
        release_decision_md: String::new(),
        build_report_md: String::new(),
        parse_manifest: Some(manifest),
        patch_applications: patch_lines,
    }
}

/// Fills in the index id and the three Markdown documents.
fn render(artefact: &mut Artefact, timer: &mut StepTimer) {
    let index_id = compute_index_id(artefact);
    artefact.metadata.index_id = index_id.clone();
    artefact.decision.index_id = index_id.clone();
    // The writer fills in the edge count too, but the report needs it now.
    artefact.metadata.counts.graph_edges = GraphProjection::from_courses(&index_id, &artefact.courses).edges.len() as u64;

    let unparsed = frequent_unparsed(&artefact.courses, UNPARSED_FRAGMENTS_SHOWN);
    artefact.validation_report_md = validation_report_md(&artefact.metadata.slug, &artefact.report);
    artefact.release_decision_md = release_decision_md(&artefact.metadata.slug, &index_id, &artefact.decision);
    timer.lap("render reports");
    artefact.build_report_md = build_report_md(&BuildReportInput {
        metadata: &artefact.metadata,
        report: &artefact.report,
        decision: &artefact.decision,
        unparsed: &unparsed,
        timings: (!reproducible_build()).then_some(timer.laps.as_slice()),
    });
}

fn apply_patches(path: &std::path::Path, read: &mut SourceRead) -> anyhow::Result<(Vec<serde_json::Value>, InputSummary)> {
    let (text, sha256) = read_patch_file(path).with_context(|| format!("failed to read the patch file {}", path.display()))?;
    let applications = apply_patch_file(&text, &mut read.courses);
    for application in &applications {
        log::info!("patch line={} course={:?} outcome={:?}", application.line, application.course, application.outcome);
    }
    let summary = InputSummary {
        role: "patches".into(),
        format: "patch-jsonl".into(),
        path: path.display().to_string(),
        sha256,
        records: applications.len() as u64,
        rejected: applications.iter().filter(|a| a.outcome != super::patches::PatchOutcome::Applied).count() as u64,
    };
    let lines = applications.iter().map(|application| serde_json::to_value(application).expect("patch outcomes serialise")).collect();
    Ok((lines, summary))
}

fn source_input(input: &InputSummary) -> SourceInput {
    SourceInput { role: input.role.clone(), format: input.format.clone(), path: input.path.clone(), sha256: input.sha256.clone(), records: input.records }
}

/// Picks the most common calendar year of the course records, else a year in a source path.
fn catalog_year_of(read: &SourceRead, options: &BuildOptions) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for course in read.courses.values() {
        if let Some(year) = &course.calendar_year {
            *counts.entry(year.as_str()).or_default() += 1;
        }
    }
    let most_common = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(year, _)| year.to_string());
    most_common.or_else(|| options.courses.iter().find_map(|spec| year_in_path(&spec.path)))
}

/// Tells whether `SOURCE_DATE_EPOCH` asks for a reproducible build, which
/// pins `built_at` and leaves the timings out of `build-report.md`.
fn reproducible_build() -> bool {
    std::env::var_os("SOURCE_DATE_EPOCH").is_some()
}

/// Formats the current time in RFC 3339, or `SOURCE_DATE_EPOCH` when it is
/// set, so a reproducible build can pin it.
fn built_at_now() -> String {
    let pinned = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|value| value.parse::<i64>().ok());
    let time = pinned.and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0)).unwrap_or_else(chrono::Utc::now);
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn check_slug(slug: &str) -> anyhow::Result<()> {
    let valid = !slug.is_empty() && slug.len() <= 64 && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        bail!("invalid slug `{slug}`: use 1 to 64 lower-case letters, digits and `-`, for example math-engineering-support");
    }
    Ok(())
}
