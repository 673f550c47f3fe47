//! `uwscrape index build|validate|publish`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::format::ReleaseStatus;
use crate::index::sources::{CourseFormat, ProgramFormat, SourceSpec};
use crate::index::{build_index, publish_artefact, verify_artefact, BuildOptions, DecisionPolicy, PublishError};

/// Index subcommands.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build an index artefact from calendar sources.
    Build(BuildArgs),
    /// Check an artefact directory as the server would, plus the builder's re-checks.
    Validate {
        /// The artefact directory.
        dir: PathBuf,
    },
    /// Copy an artefact whose decision is `publish` to `<root>/<slug>/`.
    Publish {
        /// The artefact directory.
        dir: PathBuf,
        /// Directory of published indexes, one subdirectory a slug.
        #[arg(long, default_value = ".dev/published")]
        root: PathBuf,
    },
}

/// Options of `uwscrape index build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Short name of the index, for example `math-engineering-support`.
    #[arg(long)]
    pub slug: String,
    /// Artefact directory to write (replaced whole).
    #[arg(long)]
    pub out: PathBuf,
    /// Course source as FORMAT:PATH with FORMAT `calendar-csv` or `opendata-json`; repeatable, first wins a duplicate code.
    #[arg(long = "courses", value_name = "FORMAT:PATH", required = true)]
    pub courses: Vec<SourceSpec<CourseFormat>>,
    /// Program source as FORMAT:PATH with FORMAT `requirement-csv` or `requirement-tree-json`; repeatable.
    #[arg(long = "programs", value_name = "FORMAT:PATH")]
    pub programs: Vec<SourceSpec<ProgramFormat>>,
    /// Patch file, one JSON object a line.
    #[arg(long)]
    pub patches: Option<PathBuf>,
    /// Previous artefact directory; the build is blocked when the course count falls too far below its count.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Year of program requirements to keep, for example 2023-2024 (default: the latest in each source).
    #[arg(long)]
    pub program_year: Option<String>,
    /// Calendar year of the courses, for example 2023-24 (default: read from the sources).
    #[arg(long)]
    pub catalog_year: Option<String>,
    /// Lowest share of courses with prerequisite text that must parse fully, from 0 to 1.
    #[arg(long, default_value_t = 0.95)]
    pub coverage_floor: f64,
    /// Largest share of the previous course count that may disappear, from 0 to 1.
    #[arg(long, default_value_t = 0.10)]
    pub max_course_drop: f64,
}

/// Runs one index subcommand.
pub fn run(command: IndexCommand) -> anyhow::Result<ExitCode> {
    match command {
        IndexCommand::Build(args) => build(args),
        IndexCommand::Validate { dir } => validate(&dir),
        IndexCommand::Publish { dir, root } => publish(&dir, &root),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    for (name, value) in [("--coverage-floor", args.coverage_floor), ("--max-course-drop", args.max_course_drop)] {
        if !(0.0..=1.0).contains(&value) {
            anyhow::bail!("{name} is {value}; give a share from 0 to 1, for example 0.95");
        }
    }
    let options = BuildOptions {
        slug: args.slug,
        out: args.out,
        courses: args.courses,
        programs: args.programs,
        patches: args.patches,
        previous: args.previous,
        program_year: args.program_year,
        catalog_year: args.catalog_year,
        policy: DecisionPolicy { coverage_floor: args.coverage_floor, max_course_drop: args.max_course_drop },
        built_at: None,
    };
    let outcome = build_index(&options).context("index build failed")?;
    let coverage = &outcome.report.coverage;
    println!(
        "built {} index_id={} courses={} rejected={} coverage full={} partial={} none={} release_status={}",
        options.out.display(),
        outcome.metadata.index_id,
        outcome.metadata.counts.courses,
        outcome.metadata.counts.rejected_records,
        coverage.full,
        coverage.partial,
        coverage.none,
        status_name(outcome.decision.release_status)
    );
    for reason in &outcome.decision.reasons {
        println!("  {}: {}", reason.code, reason.message);
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let verification = verify_artefact(dir);
    if verification.problems.is_empty() {
        println!(
            "{} is a valid index: index_id={} release_status={}",
            dir.display(),
            verification.index_id.unwrap_or_default(),
            verification.release_status.map(status_name).unwrap_or("unknown")
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{} is not a valid index:", dir.display());
    for problem in &verification.problems {
        eprintln!("  {problem}");
    }
    Ok(ExitCode::FAILURE)
}

fn publish(dir: &std::path::Path, root: &std::path::Path) -> anyhow::Result<ExitCode> {
    match publish_artefact(dir, root) {
        Ok(published) => {
            println!("published index_id={} to {}", published.index_id, published.path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(error @ (PublishError::Blocked { .. } | PublishError::Invalid { .. })) => {
            eprintln!("error: {error}");
            Ok(ExitCode::FAILURE)
        }
        Err(error) => Err(error.into()),
    }
}

fn status_name(status: ReleaseStatus) -> &'static str {
    match status {
        ReleaseStatus::Publish => "publish",
        ReleaseStatus::Blocked => "blocked",
    }
}
