//! Source arguments as the command line gives them: `FORMAT:PATH`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Formats of course sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseFormat {
    /// `Course,Name,Description,Notes,Prerequisites,Corequisites,Antirequisites`.
    CalendarCsv,
    /// UW Open Data API v2 course objects: a directory of files, one file, or an array.
    OpendataJson,
}

/// Formats of program sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramFormat {
    /// `Major,Year,Link,Requirements` (or `Minor,…`) with a Python-dict requirements cell.
    RequirementCsv,
    /// Object (or array) of programs with `AND`/`OR`/`N_OF`/`COURSE`/`ADDITIONAL` trees.
    RequirementTreeJson,
}

/// A `FORMAT:PATH` argument as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec<F> {
    /// The declared format.
    pub format: F,
    /// Name of the format as written (`calendar-csv`).
    pub format_name: String,
    /// File or directory.
    pub path: PathBuf,
}

/// Why a `FORMAT:PATH` argument is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid source `{spec}`: {reason}")]
pub struct SpecError {
    /// The argument as given.
    pub spec: String,
    /// The fix to make.
    pub reason: String,
}

fn split_spec(spec: &str, formats: &str) -> Result<(String, PathBuf), SpecError> {
    match spec.split_once(':') {
        Some((format, path)) if !path.is_empty() => Ok((format.to_string(), PathBuf::from(path))),
        _ => Err(SpecError { spec: spec.to_string(), reason: format!("write it as FORMAT:PATH with FORMAT one of {formats}") }),
    }
}

impl FromStr for SourceSpec<CourseFormat> {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        const FORMATS: &str = "calendar-csv, opendata-json";
        let (format_name, path) = split_spec(spec, FORMATS)?;
        let format = match format_name.as_str() {
            "calendar-csv" => CourseFormat::CalendarCsv,
            "opendata-json" => CourseFormat::OpendataJson,
            other => return Err(SpecError { spec: spec.into(), reason: format!("unknown course format `{other}`; use one of {FORMATS}") }),
        };
        Ok(SourceSpec { format, format_name, path })
    }
}

impl FromStr for SourceSpec<ProgramFormat> {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        const FORMATS: &str = "requirement-csv, requirement-tree-json";
        let (format_name, path) = split_spec(spec, FORMATS)?;
        let format = match format_name.as_str() {
            "requirement-csv" => ProgramFormat::RequirementCsv,
            "requirement-tree-json" => ProgramFormat::RequirementTreeJson,
            other => return Err(SpecError { spec: spec.into(), reason: format!("unknown program format `{other}`; use one of {FORMATS}") }),
        };
        Ok(SourceSpec { format, format_name, path })
    }
}

impl<F> fmt::Display for SourceSpec<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.format_name, self.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_parses_format_and_path() {
        let spec: SourceSpec<CourseFormat> = "calendar-csv:data/course_info.csv".parse().unwrap();
        assert_eq!(spec.format, CourseFormat::CalendarCsv);
        assert_eq!(spec.path, PathBuf::from("data/course_info.csv"));
        assert!("xml:data".parse::<SourceSpec<CourseFormat>>().is_err());
        assert!("calendar-csv".parse::<SourceSpec<CourseFormat>>().is_err());
    }
}
