//! Coverage of the parser over the real calendar sources: how many
//! prerequisite texts parse fully, which fragments stay unparsed, and a check
//! that no course code in the raw text is lost.
//!
//! The sources are read from `$UWSCRAPE_SHARED_DATA`; without it the tests
//! print that they were skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::index::taxonomy::Taxonomy;
use crate::model::{ParseStatus, Requisite};

use super::{parse_corequisites, parse_course_list, parse_prerequisites, ParsedRequisite};

/// Share of 2023-24 prerequisite texts that must parse fully.
const MIN_FULL_SHARE_2023: f64 = 0.90;

/// One requisite text of a real source.
struct Sample {
    course: String,
    subject: String,
    text: String,
}

/// Parse counts and problems found over one source.
#[derive(Default)]
struct Coverage {
    full: usize,
    partial: usize,
    none: usize,
    fragments: HashMap<String, usize>,
    lost: Vec<String>,
}

impl Coverage {
    fn total(&self) -> usize {
        self.full + self.partial + self.none
    }

    fn full_share(&self) -> f64 {
        self.full as f64 / self.total().max(1) as f64
    }

    fn print(&self, source: &str) {
        println!(
            "{source}: {} texts, full {} ({:.1}%), partial {}, none {}",
            self.total(),
            self.full,
            100.0 * self.full_share(),
            self.partial,
            self.none
        );
        let mut fragments: Vec<(&String, &usize)> = self.fragments.iter().collect();
        fragments.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown: usize = std::env::var("UWSCRAPE_COVERAGE_FRAGMENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
        for (fragment, count) in fragments.into_iter().take(shown) {
            println!("  {count:>4}  {fragment}");
        }
    }
}

fn shared_data() -> Option<PathBuf> {
    match std::env::var_os("UWSCRAPE_SHARED_DATA") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            println!("skipped: UWSCRAPE_SHARED_DATA is not set");
            None
        }
    }
}

/// Signature shared by the prerequisite and corequisite parsers.
type ParseFn = fn(&str, &str, &Taxonomy) -> ParsedRequisite;

fn calendar_samples(base: &Path, column_name: &str) -> Vec<Sample> {
    let path = base.join("uw-calendar-2023-24/course_info.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader.headers().expect("course_info.csv has a header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name} column"));
    let (course_column, prereq_column) = (column("Course"), column(column_name));
    let mut samples = Vec::new();
    for record in reader.records() {
        let record = record.expect("course_info.csv row is valid CSV");
        let course = record[course_column].to_string();
        let text = record[prereq_column].trim().to_string();
        if !text.is_empty() {
            let subject = course.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            samples.push(Sample { course, subject, text });
        }
    }
    samples
}

fn opendata_samples(base: &Path, field: &str) -> Vec<Sample> {
    let folder = base.join("uw-opendata-v2-2014-15");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    let mut samples = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable JSON file");
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON file");
        for course in value.as_array().into_iter().flatten() {
            let (Some(subject), Some(number), Some(prereq)) =
                (course["subject"].as_str(), course["catalog_number"].as_str(), course[field].as_str())
            else {
                continue;
            };
            if !prereq.trim().is_empty() {
                samples.push(Sample { course: format!("{subject} {number}"), subject: subject.to_string(), text: prereq.to_string() });
            }
        }
    }
    samples
}

/// Explicit codes ("CS 135", "inCS 135", "STAT202") in raw text, without spaces.
fn mentioned_codes(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut codes = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !bytes[at - 1].is_ascii_uppercase();
        let letters = bytes[at..].iter().take_while(|b| b.is_ascii_uppercase()).count();
        if !starts_word || !(2..=8).contains(&letters) {
            at += letters.max(1);
            continue;
        }
        let mut digits_at = at + letters;
        if bytes.get(digits_at) == Some(&b' ') {
            digits_at += 1;
        }
        let digits = bytes[digits_at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let ends_number = !bytes.get(digits_at + digits).is_some_and(|b| b.is_ascii_digit() || *b == b'-');
        if (3..=4).contains(&digits) && ends_number {
            codes.push(format!("{}{}", &text[at..at + letters], &text[digits_at..digits_at + digits]));
        }
        at += letters;
    }
    codes
}

/// One-line rendering of a tree for reading dumps ("all(CS 135>=60, L2A)").
fn compact(node: &Requisite) -> String {
    let join = |children: &[Requisite]| children.iter().map(compact).collect::<Vec<_>>().join(", ");
    match node {
        Requisite::All { children } => format!("all({})", join(children)),
        Requisite::Any { children } => format!("any({})", join(children)),
        Requisite::NOf { n, children } => format!("{n}of({})", join(children)),
        Requisite::Course { code, min_grade, concurrent } => {
            let grade = min_grade.map(|g| format!(">={g}")).unwrap_or_default();
            format!("{code}{grade}{}", if *concurrent { "~" } else { "" })
        }
        Requisite::Level { min } => format!("L{min}"),
        Requisite::Program { mode, name, groups } => format!("P{mode:?}[{name}]{groups:?}"),
        Requisite::Units { min_units, subjects, min_course_level, .. } => format!("U{min_units}{subjects:?}{min_course_level:?}"),
        Requisite::Average { min_percent, .. } => format!("AVG{min_percent}"),
        Requisite::NoCredit { codes } => format!("NOT{codes:?}"),
        Requisite::Consent { by } => format!("C{by:?}"),
        Requisite::Unparsed { text } => format!("?`{text}`"),
    }
}

fn measure(samples: &[Sample], taxonomy: &Taxonomy, parse: ParseFn) -> Coverage {
    let mut coverage = Coverage::default();
    // Set UWSCRAPE_COVERAGE_DUMP to a file path to write every parse for reading.
    let mut dump = std::env::var_os("UWSCRAPE_COVERAGE_DUMP").map(|path| {
        std::fs::OpenOptions::new().create(true).append(true).open(path).expect("dump file opens")
    });
    for sample in samples {
        let parsed = parse(&sample.text, &sample.subject, taxonomy);
        if let (Some(file), Some(tree)) = (dump.as_mut(), parsed.tree.as_ref()) {
            use std::io::Write;
            writeln!(file, "{}\t{}\n    {}", sample.course, sample.text, compact(tree)).expect("dump write");
        }
        let tree = parsed.tree.expect("non-empty text gives a tree");
        match parsed.status.expect("a tree has a status") {
            ParseStatus::Full => coverage.full += 1,
            ParseStatus::Partial => coverage.partial += 1,
            ParseStatus::None => coverage.none += 1,
        }

        let mut found: Vec<String> = Vec::new();
        tree.walk(&mut |node| match node {
            Requisite::Course { code, .. } => found.push(code.replace(' ', "")),
            Requisite::NoCredit { codes } => found.extend(codes.iter().map(|c| c.replace(' ', ""))),
            Requisite::Unparsed { text } => {
                found.push(text.replace(' ', ""));
                *coverage.fragments.entry(text.clone()).or_default() += 1;
            }
            _ => {}
        });
        for code in mentioned_codes(&sample.text) {
            if !found.iter().any(|f| f.starts_with(&code) || f.contains(&code)) {
                coverage.lost.push(format!("{}: {code} lost from `{}`", sample.course, sample.text));
            }
        }
    }
    coverage
}

#[test]
fn calendar_2023_prerequisites_coverage() {
    let Some(base) = shared_data() else { return };
    let samples = calendar_samples(&base, "Prerequisites");
    assert!(samples.len() > 1000, "only {} prerequisite texts read", samples.len());

    let coverage = measure(&samples, &Taxonomy::builtin(), parse_prerequisites);
    coverage.print("uw-calendar-2023-24 prerequisites");

    assert!(coverage.lost.is_empty(), "{} codes lost, first: {:#?}", coverage.lost.len(), &coverage.lost[..coverage.lost.len().min(10)]);
    assert!(
        coverage.full_share() >= MIN_FULL_SHARE_2023,
        "full coverage {:.1}% is under {:.0}%",
        100.0 * coverage.full_share(),
        100.0 * MIN_FULL_SHARE_2023
    );
}

#[test]
fn opendata_2014_prerequisites_coverage() {
    let Some(base) = shared_data() else { return };
    let samples = opendata_samples(&base, "prerequisites");
    assert!(samples.len() > 3000, "only {} prerequisite texts read", samples.len());

    let coverage = measure(&samples, &Taxonomy::builtin(), parse_prerequisites);
    coverage.print("uw-opendata-v2-2014-15 prerequisites");

    assert!(coverage.lost.is_empty(), "{} codes lost, first: {:#?}", coverage.lost.len(), &coverage.lost[..coverage.lost.len().min(10)]);
}

#[test]
fn corequisites_coverage_both_sources() {
    let Some(base) = shared_data() else { return };
    let taxonomy = Taxonomy::builtin();

    let calendar = measure(&calendar_samples(&base, "Corequisites"), &taxonomy, parse_corequisites);
    calendar.print("uw-calendar-2023-24 corequisites");
    let opendata = measure(&opendata_samples(&base, "corequisites"), &taxonomy, parse_corequisites);
    opendata.print("uw-opendata-v2-2014-15 corequisites");

    assert!(calendar.total() > 50, "only {} calendar corequisite texts read", calendar.total());
    assert!(opendata.total() > 100, "only {} Open Data corequisite texts read", opendata.total());
    assert!(calendar.lost.is_empty(), "codes lost: {:#?}", &calendar.lost[..calendar.lost.len().min(10)]);
    assert!(opendata.lost.is_empty(), "codes lost: {:#?}", &opendata.lost[..opendata.lost.len().min(10)]);
}

#[test]
fn antirequisite_lists_keep_every_code() {
    let Some(base) = shared_data() else { return };
    let mut samples = calendar_samples(&base, "Antirequisites");
    samples.extend(opendata_samples(&base, "antirequisites"));
    assert!(samples.len() > 1000, "only {} antirequisite texts read", samples.len());

    let mut with_notes = 0;
    let mut lost = Vec::new();
    for sample in &samples {
        let list = parse_course_list(&sample.text, &sample.subject);
        with_notes += usize::from(list.notes.is_some());
        let found: Vec<String> = list.codes.iter().map(|code| code.replace(' ', "")).collect();
        for code in mentioned_codes(&sample.text) {
            if !found.iter().any(|f| f.starts_with(&code)) {
                lost.push(format!("{}: {code} lost from `{}`", sample.course, sample.text));
            }
        }
    }
    println!("antirequisites: {} texts, {} with notes", samples.len(), with_notes);
    assert!(lost.is_empty(), "{} codes lost, first: {:#?}", lost.len(), &lost[..lost.len().min(10)]);
}

#[test]
fn raw_words_split_glued_typos() {
    assert_eq!(raw_words("at least 60% inCS 135, orAFM"), ["at", "least", "in", "CS", "or", "AFM"]);
}

#[test]
fn mentioned_codes_finds_glued_and_spaced_codes() {
    assert_eq!(mentioned_codes("inCS 135, STAT202 or Level 2A"), vec!["CS135", "STAT202"]);
    assert_eq!(mentioned_codes("BUS 127W/227W in 2010"), vec!["BUS127"]);
    assert!(mentioned_codes("2.0 units of FINE 200-level courses").is_empty());
}

/// Words the grammar reads as structure rather than keeping as text: labels,
/// connectives, level, grade, consent and program lead-in words.
const GRAMMAR_WORDS: [&str; 74] = [
    "prereq", "prerequisite", "prerequisites", "coreq", "corequisite", "co", "req", "requisite", "antireq",
    "antirequisite", "or", "and", "of", "one", "two", "three", "four", "five", "six", "both", "all", "any", "each",
    "either", "at", "least", "level", "lev", "levels", "higher", "above", "standing", "year", "first", "second",
    "third", "fourth", "fifth", "with", "grade", "minimum", "min", "mark", "final", "in", "on", "the", "a", "an",
    "consent", "permission", "instructor", "department", "by", "others", "require", "students", "student",
    "stdts", "stdnts", "only", "open", "not", "to", "for", "enrolled", "pursuing", "within", "who", "have",
    "received", "credit", "restricted", "formerly",
];

/// Splits raw text into words, also at a lower-to-upper case change ("inCS").
fn raw_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in text.split(|c: char| !c.is_ascii_alphabetic()).filter(|chunk| !chunk.is_empty()) {
        let split = chunk.char_indices().skip(1).find(|(at, c)| c.is_ascii_uppercase() && chunk.as_bytes()[at - 1].is_ascii_lowercase());
        match split {
            Some((at, _)) => words.extend([chunk[..at].to_string(), chunk[at..].to_string()]),
            None => words.push(chunk.to_string()),
        }
    }
    words
}

#[test]
fn no_content_word_is_dropped() {
    let Some(base) = shared_data() else { return };
    let taxonomy = Taxonomy::builtin();
    let mut samples = calendar_samples(&base, "Prerequisites");
    samples.extend(opendata_samples(&base, "prerequisites"));

    let mut dropped = Vec::new();
    for sample in &samples {
        let tree = parse_prerequisites(&sample.text, &sample.subject, &taxonomy).tree.expect("non-empty text gives a tree");
        let mut kept = String::new();
        tree.walk(&mut |node| match node {
            Requisite::Program { name: text, .. }
            | Requisite::Unparsed { text }
            | Requisite::Units { text, .. }
            | Requisite::Average { text, .. } => {
                kept.push_str(&text.to_lowercase());
                kept.push(' ');
            }
            _ => {}
        });
        for word in raw_words(&sample.text) {
            let lower = word.to_lowercase();
            let subject_like = word.chars().all(|c| c.is_ascii_uppercase());
            if lower.len() < 2 || subject_like || GRAMMAR_WORDS.contains(&lower.as_str()) || kept.contains(&lower) {
                continue;
            }
            dropped.push(format!("{}: `{word}` dropped from `{}`", sample.course, sample.text));
        }
    }
    assert!(dropped.is_empty(), "{} words dropped, first: {:#?}", dropped.len(), &dropped[..dropped.len().min(10)]);
}
