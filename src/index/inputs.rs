//! Reading every source of a build and merging the records: courses keyed by
//! canonical code (the first source wins a duplicate, which becomes a
//! finding), rejected records kept for `parse-manifest.json`.

use std::collections::BTreeMap;

use anyhow::Context;

use super::sources::{read_courses, read_programs, CourseFormat, InputSummary, ProgramFormat, RawCourse, RawCredential, Rejection, SourceSpec};
use super::validate::finding;
use crate::format::{Finding, Severity};

/// Courses read from every course source.
#[derive(Debug, Default)]
pub struct SourceRead {
    /// Courses by canonical code.
    pub courses: BTreeMap<String, RawCourse>,
    /// One summary per file read.
    pub inputs: Vec<InputSummary>,
    /// Records no reader could use.
    pub rejections: Vec<Rejection>,
    /// Duplicate codes and rejected records.
    pub findings: Vec<Finding>,
}

/// Credentials read from every program source.
#[derive(Debug, Default)]
pub struct ProgramRead {
    /// Credentials in source order.
    pub credentials: Vec<RawCredential>,
    /// One summary per file read.
    pub inputs: Vec<InputSummary>,
    /// Records no reader could use.
    pub rejections: Vec<Rejection>,
    /// Rejected records.
    pub findings: Vec<Finding>,
}

/// Reads every course source in order.
pub fn read_all_courses(specs: &[SourceSpec<CourseFormat>]) -> anyhow::Result<SourceRead> {
    let mut read = SourceRead::default();
    for spec in specs {
        let batch = read_courses(spec).with_context(|| format!("failed to read course source {spec}"))?;
        log::info!("source={spec} role=courses records={} rejected={}", batch.records.len(), batch.rejections.len());
        for course in batch.records {
            let code = course.code.to_string();
            if let Some(first) = read.courses.get(&code) {
                read.findings.push(finding(
                    Severity::Warning,
                    "duplicate_course_code",
                    Some(&code),
                    format!("{code} appears in {} and again in {}; the first is kept", first.origin, course.origin),
                ));
                continue;
            }
            read.courses.insert(code, course);
        }
        read.findings.extend(batch.rejections.iter().map(rejection_finding));
        read.rejections.extend(batch.rejections);
        read.inputs.extend(batch.inputs);
    }
    Ok(read)
}

/// Reads every program source in order, keeping `year` where a source has several.
pub fn read_all_programs(specs: &[SourceSpec<ProgramFormat>], year: Option<&str>) -> anyhow::Result<ProgramRead> {
    let mut read = ProgramRead::default();
    for spec in specs {
        let batch = read_programs(spec, year).with_context(|| format!("failed to read program source {spec}"))?;
        log::info!("source={spec} role=programs records={} rejected={}", batch.records.len(), batch.rejections.len());
        read.credentials.extend(batch.records);
        read.findings.extend(batch.rejections.iter().map(rejection_finding));
        read.rejections.extend(batch.rejections);
        read.inputs.extend(batch.inputs);
    }
    Ok(read)
}

fn rejection_finding(rejection: &Rejection) -> Finding {
    finding(
        Severity::Warning,
        "rejected_record",
        None,
        format!("{} {}: {}", rejection.file, rejection.location, rejection.reason),
    )
}
