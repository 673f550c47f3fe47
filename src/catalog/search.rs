//! Ranked course search over codes, titles and descriptions, in memory.
//!
//! Ranking, highest first: the exact code, codes that start with the query
//! ("cs24" finds CS 240 and CS 241), then courses whose title and description
//! words start with every query word ("calc" finds Calculus), title matches
//! above description matches. Ties break by code, so results are stable.

use serde::Serialize;

use super::Catalog;
use crate::model::Course;

/// Score of an exact code match.
const EXACT_CODE: u32 = 1_000;
/// Score of a code-prefix match.
const CODE_PREFIX: u32 = 500;
/// Score per query word found at the start of a title word.
const TITLE_WORD: u32 = 20;
/// Score per query word found at the start of a description word.
const DESCRIPTION_WORD: u32 = 1;

/// Pre-lowered search text of one course.
///
/// Words are kept as one string, each preceded by a space, so "does a word
/// start with `calc`" is one substring search for " calc" over contiguous
/// memory instead of a walk over many small allocations.
#[derive(Debug)]
pub(super) struct SearchRow {
    /// Code without spaces, lower case (`cs246`).
    compact_code: String,
    /// Title words, lower case, each preceded by a space.
    title_words: String,
    /// Description words, lower case, each preceded by a space.
    description_words: String,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit<'a> {
    /// Course code.
    pub code: &'a str,
    /// Course title.
    pub title: &'a str,
    /// Relevance; higher is better.
    pub score: u32,
}

impl SearchRow {
    pub(super) fn new(course: &Course) -> SearchRow {
        SearchRow {
            compact_code: course.code.replace(' ', "").to_lowercase(),
            title_words: joined_words(&course.title),
            description_words: joined_words(&course.description),
        }
    }
}

impl Catalog {
    /// Returns up to `limit` courses matching `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        let compact_query: String =
            query.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        // Each query word as a word start: " calc" matches " calculus".
        let needles: Vec<String> = words(query).iter().map(|word| format!(" {word}")).collect();
        if compact_query.is_empty() {
            return Vec::new();
        }

        let mut hits: Vec<(u32, usize)> = self
            .search_rows
            .iter()
            .enumerate()
            .filter_map(|(position, row)| {
                let score = score_row(row, &compact_query, &needles);
                (score > 0).then_some((score, position))
            })
            .collect();

        // Courses are sorted by code, so position order is code order.
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(score, position)| {
                let course = &self.courses[position];
                SearchHit { code: &course.code, title: &course.title, score }
            })
            .collect()
    }
}

fn score_row(row: &SearchRow, compact_query: &str, needles: &[String]) -> u32 {
    if row.compact_code == compact_query {
        return EXACT_CODE;
    }
    if compact_query.len() >= 2 && row.compact_code.starts_with(compact_query) {
        // Shorter codes first among prefix matches ("cs24" ranks CS 240 above CS 240E).
        return CODE_PREFIX - row.compact_code.len() as u32;
    }

    let mut score = 0;
    for needle in needles {
        let in_title = row.title_words.contains(needle.as_str());
        let in_description = row.description_words.contains(needle.as_str());
        match (in_title, in_description) {
            (true, _) => score += TITLE_WORD,
            (false, true) => score += DESCRIPTION_WORD,
            // Every query word must match somewhere.
            (false, false) => return 0,
        }
    }
    score
}

/// Lower-case alphanumeric words of `text`, each preceded by a space.
fn joined_words(text: &str) -> String {
    words(text).iter().map(|word| format!(" {word}")).collect()
}

/// Splits text into lower-case alphanumeric words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Largest edit distance at which a code counts as near.
const MAX_SUGGESTION_DISTANCE: usize = 2;

impl Catalog {
    /// Codes near `input` for a "did you mean" answer: codes within a small
    /// edit distance, then same-subject codes with the nearest number.
    pub fn suggest_codes(&self, input: &str, limit: usize) -> Vec<&str> {
        let wanted: String = input.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if wanted.is_empty() {
            return Vec::new();
        }

        let mut near: Vec<(usize, usize)> = self
            .search_rows
            .iter()
            .enumerate()
            .filter_map(|(position, row)| {
                let distance = edit_distance(&row.compact_code, &wanted);
                (distance <= MAX_SUGGESTION_DISTANCE).then_some((distance, position))
            })
            .collect();
        near.sort_unstable();

        let mut codes: Vec<&str> = near.into_iter().map(|(_, position)| self.courses[position].code.as_str()).collect();
        codes.truncate(limit);
        codes
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1; b_chars.len() + 1];
        for (j, b_char) in b_chars.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b_chars.len()]
}
