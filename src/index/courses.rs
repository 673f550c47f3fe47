//! The parse step: raw source courses into [`Course`] rows, with requisite
//! trees from the requisite parser, course lists, terms and units.

use super::requisite::{parse_course_list, parse_corequisites, parse_prerequisites, strip_offered_marker, terms_offered};
use super::sources::RawCourse;
use super::taxonomy::Taxonomy;
use crate::model::{Course, Term};

/// Units of a one-term course, used when the source states none.
const DEFAULT_UNITS: f32 = 0.5;
/// Units of a lab course whose number ends in `L` (CS 136L), used when the
/// source states none. The calendar CSV has no units column, so this is a
/// convention of the calendar, not data: a patch can correct a course it misses.
const LAB_UNITS: f32 = 0.25;

/// Builds the index row of one course.
pub fn parse_course(raw: &RawCourse, taxonomy: &Taxonomy) -> Course {
    let subject = raw.code.subject();
    let prereq = raw.prereq_text.as_deref().map(|text| parse_prerequisites(text, subject, taxonomy));
    let coreq = raw.coreq_text.as_deref().map(|text| parse_corequisites(text, subject, taxonomy));
    let antireqs = raw.antireq_text.as_deref().map(|text| parse_course_list(text, subject));
    let crosslistings = raw.crosslist_text.as_deref().map(|text| parse_course_list(text, subject));

    let own_code = raw.code.to_string();
    let mut crosslisted: Vec<String> = crosslistings.map(|list| list.codes).unwrap_or_default();
    crosslisted.retain(|code| *code != own_code);

    Course {
        code: own_code,
        subject: subject.to_string(),
        number: raw.code.number().to_string(),
        level: raw.code.level(),
        title: raw.title.clone(),
        description: strip_offered_marker(&raw.description),
        units: raw.units.unwrap_or_else(|| default_units(raw.code.number())),
        terms_offered: course_terms(raw),
        notes: raw.notes.clone(),
        prereq_text: raw.prereq_text.clone(),
        parse_status: prereq.as_ref().and_then(|parsed| parsed.status),
        prereq: prereq.and_then(|parsed| parsed.tree),
        coreq_text: raw.coreq_text.clone(),
        coreq: coreq.and_then(|parsed| parsed.tree),
        antireq_text: raw.antireq_text.clone(),
        antireqs: antireqs.as_ref().map(|list| list.codes.clone()).unwrap_or_default(),
        antireq_notes: antireqs.and_then(|list| list.notes),
        crosslistings: crosslisted,
    }
}

fn default_units(number: &str) -> f32 {
    if number.ends_with('L') {
        LAB_UNITS
    } else {
        DEFAULT_UNITS
    }
}

/// Terms from the source field, else from "[Offered: …]" in the description
/// or the notes; sorted F, W, S.
fn course_terms(raw: &RawCourse) -> Vec<Term> {
    let mut terms = match &raw.terms_offered {
        Some(terms) if !terms.is_empty() => terms.clone(),
        _ => {
            let from_description = terms_offered(&raw.description);
            if from_description.is_empty() {
                raw.notes.as_deref().map(terms_offered).unwrap_or_default()
            } else {
                from_description
            }
        }
    };
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CourseCode, ParseStatus};

    fn raw(code: &str) -> RawCourse {
        RawCourse {
            code: CourseCode::parse(code).unwrap(),
            title: "Title".into(),
            description: "Text. [Offered: F,W]".into(),
            notes: None,
            prereq_text: Some("CS 135".into()),
            coreq_text: None,
            antireq_text: Some("CS 145".into()),
            crosslist_text: None,
            units: None,
            terms_offered: None,
            calendar_year: None,
            origin: "test".into(),
        }
    }

    #[test]
    fn calendar_course_gets_default_units_and_terms() {
        let taxonomy = Taxonomy::builtin();
        let course = parse_course(&raw("CS 136"), &taxonomy);
        assert_eq!(course.units, 0.5);
        assert_eq!(parse_course(&raw("CS 136L"), &taxonomy).units, 0.25);
        assert_eq!(course.terms_offered, [Term::F, Term::W]);
        assert!(!course.description.contains("Offered"), "{}", course.description);
        assert_eq!(course.parse_status, Some(ParseStatus::Full));
        assert_eq!(course.antireqs, ["CS 145"]);
    }

    #[test]
    fn source_terms_and_units_win() {
        let mut source = raw("STAT 230");
        source.units = Some(1.0);
        source.terms_offered = Some(vec![Term::S]);
        let course = parse_course(&source, &Taxonomy::builtin());
        assert_eq!(course.units, 1.0);
        assert_eq!(course.terms_offered, [Term::S]);
    }
}
