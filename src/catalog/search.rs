//! Ranked course search over codes, titles and descriptions, in memory.
//!
//! Ranking, highest first: the exact code, codes that start with the query
//! ("cs24" finds CS 240 and CS 241), then courses whose title and description
//! words start with every query word ("calc" finds Calculus), title matches
//! above description matches. Ties break by code, so results are stable.
//!
//! A query never scans the courses. Codes and distinct words are kept
//! sorted, so the codes or words that start with a prefix form one range,
//! found by binary search. Each word lists the courses that use it (its
//! postings).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Course;

/// Score of an exact code match.
const EXACT_CODE: u32 = 1_000;
/// Score of a code-prefix match.
const CODE_PREFIX: u32 = 500;
/// Score per query word found at the start of a title word.
const TITLE_WORD: u32 = 20;
/// Score per query word found at the start of a description word.
const DESCRIPTION_WORD: u32 = 1;

/// Prefix lookup tables over every course's code, title and description.
#[derive(Debug)]
pub(super) struct SearchIndex {
    /// Code without spaces, lower case (`cs246`), parallel to the courses.
    compact_codes: Vec<String>,
    /// Course positions ordered by compact code.
    by_code: Vec<u32>,
    /// Every distinct word, ordered.
    words: Vec<WordPostings>,
}

/// The courses that use one word.
#[derive(Debug)]
struct WordPostings {
    word: Box<str>,
    /// Positions of courses with the word in the title, ascending.
    title: Vec<u32>,
    /// Positions of courses with the word in the description, ascending.
    description: Vec<u32>,
}

/// The field of one course in which a query word matched. A title match
/// outranks a description match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Nowhere,
    Description,
    Title,
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

impl SearchIndex {
    /// Builds the tables over `courses`, which are sorted by code.
    pub(super) fn new(courses: &[Course]) -> SearchIndex {
        let compact_codes: Vec<String> =
            courses.iter().map(|course| course.code.replace(' ', "").to_lowercase()).collect();
        let mut by_code: Vec<u32> = (0..courses.len() as u32).collect();
        by_code.sort_by(|&a, &b| compact_codes[a as usize].cmp(&compact_codes[b as usize]));

        let mut postings: BTreeMap<String, (Vec<u32>, Vec<u32>)> = BTreeMap::new();
        for (position, course) in courses.iter().enumerate() {
            let position = position as u32;
            for word in words(&course.title) {
                let title = &mut postings.entry(word).or_default().0;
                if title.last() != Some(&position) {
                    title.push(position);
                }
            }
            for word in words(&course.description) {
                let description = &mut postings.entry(word).or_default().1;
                if description.last() != Some(&position) {
                    description.push(position);
                }
            }
        }
        let words = postings
            .into_iter()
            .map(|(word, (title, description))| WordPostings { word: word.into(), title, description })
            .collect();
        SearchIndex { compact_codes, by_code, words }
    }

    /// Returns the positions of courses whose compact code starts with `prefix`.
    fn codes_starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
        let start = self.by_code.partition_point(|&position| self.compact_codes[position as usize].as_str() < prefix);
        self.by_code[start..]
            .iter()
            .map(|&position| position as usize)
            .take_while(move |&position| self.compact_codes[position].starts_with(prefix))
    }

    /// Returns the words that start with `prefix`.
    fn words_starting_with(&self, prefix: &str) -> &[WordPostings] {
        let start = self.words.partition_point(|entry| &*entry.word < prefix);
        let length = self.words[start..].partition_point(|entry| entry.word.starts_with(prefix));
        &self.words[start..start + length]
    }

    /// Returns, for each course, the best place where a word starting with `prefix` occurs.
    fn places(&self, prefix: &str, course_count: usize) -> Vec<Place> {
        let mut places = vec![Place::Nowhere; course_count];
        for entry in self.words_starting_with(prefix) {
            for &position in &entry.description {
                let place = &mut places[position as usize];
                *place = (*place).max(Place::Description);
            }
            for &position in &entry.title {
                places[position as usize] = Place::Title;
            }
        }
        places
    }

    /// Ranks the courses for `query`: up to `limit` (score, position) pairs, best first.
    fn rank(&self, query: &str, limit: usize) -> Vec<(u32, usize)> {
        let course_count = self.compact_codes.len();
        let compact_query: String =
            query.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if compact_query.is_empty() {
            return Vec::new();
        }

        // Code matches outrank word matches, so a course matched by code is
        // scored by its code alone.
        let mut hits: Vec<(u32, usize)> = Vec::new();
        let mut code_matched = vec![false; course_count];
        for position in self.codes_starting_with(&compact_query) {
            let code = &self.compact_codes[position];
            let score = if *code == compact_query {
                EXACT_CODE
            } else if compact_query.len() >= 2 {
                // Shorter codes first among prefix matches ("cs24" ranks CS 240 above CS 240E).
                CODE_PREFIX - code.len() as u32
            } else {
                continue;
            };
            code_matched[position] = true;
            hits.push((score, position));
        }

        // Every query word must start a word of the title or description.
        let mut word_scores: Option<Vec<u32>> = None;
        for word in words(query) {
            let places = self.places(&word, course_count);
            match &mut word_scores {
                None => word_scores = Some(places.iter().map(|place| place.score()).collect()),
                Some(scores) => {
                    for (score, place) in scores.iter_mut().zip(&places) {
                        *score = if *score > 0 && *place != Place::Nowhere { *score + place.score() } else { 0 };
                    }
                }
            }
        }
        for (position, &score) in word_scores.iter().flatten().enumerate() {
            if score > 0 && !code_matched[position] {
                hits.push((score, position));
            }
        }

        // Courses are sorted by code, so position order is code order.
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.truncate(limit);
        hits
    }
}

impl super::Catalog {
    /// Returns up to `limit` courses matching `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.search_index
            .rank(query, limit)
            .into_iter()
            .map(|(score, position)| {
                let course = &self.courses[position];
                SearchHit { code: &course.code, title: &course.title, score }
            })
            .collect()
    }
}

impl Place {
    fn score(self) -> u32 {
        match self {
            Place::Nowhere => 0,
            Place::Description => DESCRIPTION_WORD,
            Place::Title => TITLE_WORD,
        }
    }
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

impl super::Catalog {
    /// Codes near `input` for a "did you mean" answer: codes within a small
    /// edit distance, then same-subject codes with the nearest number.
    pub fn suggest_codes(&self, input: &str, limit: usize) -> Vec<&str> {
        let wanted: String = input.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if wanted.is_empty() {
            return Vec::new();
        }

        let mut near: Vec<(usize, usize)> = self
            .search_index
            .compact_codes
            .iter()
            .enumerate()
            .filter_map(|(position, code)| {
                let distance = edit_distance(code, &wanted);
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::advisory::testing::extra_course;

    /// Words the generated titles, descriptions and queries draw from:
    /// shared prefixes ("calc", "calculus"), code-like words and one letter.
    const VOCABULARY: &[&str] =
        &["calc", "calculus", "algebra", "linear", "data", "database", "cs", "cs2", "240", "intro", "introduction", "a"];

    fn course(code: &str, title: &str, description: &str) -> Course {
        let mut course = extra_course(code, None, None).into_course();
        course.title = title.to_string();
        course.description = description.to_string();
        course
    }

    /// The ranking computed by reading every course's text: what the index
    /// must reproduce.
    fn scan(courses: &[Course], query: &str, limit: usize) -> Vec<(u32, usize)> {
        let compact = |text: &str| text.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        let compact_query = compact(query);
        if compact_query.is_empty() {
            return Vec::new();
        }
        let query_words = words(query);
        let mut hits: Vec<(u32, usize)> = courses
            .iter()
            .enumerate()
            .filter_map(|(position, course)| {
                let code = compact(&course.code);
                let score = if code == compact_query {
                    EXACT_CODE
                } else if compact_query.len() >= 2 && code.starts_with(&compact_query) {
                    CODE_PREFIX - code.len() as u32
                } else {
                    let starts = |text: &str, word: &str| words(text).iter().any(|candidate| candidate.starts_with(word));
                    let mut score = 0;
                    for word in &query_words {
                        if starts(&course.title, word) {
                            score += TITLE_WORD;
                        } else if starts(&course.description, word) {
                            score += DESCRIPTION_WORD;
                        } else {
                            return None;
                        }
                    }
                    score
                };
                (score > 0).then_some((score, position))
            })
            .collect();
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.truncate(limit);
        hits
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec((prop::sample::select(VOCABULARY), prop::sample::select(&[" ", ", ", "-", ". "][..])), 0..8)
            .prop_map(|parts| parts.into_iter().map(|(word, gap)| format!("{word}{gap}")).collect())
    }

    fn catalog_courses() -> impl Strategy<Value = Vec<Course>> {
        let code = (prop::sample::select(&["CS", "CSE", "MATH", "AMATH", "C"][..]), 100u32..500, prop::option::of("[A-E]"));
        prop::collection::vec((code, text(), text()), 0..40).prop_map(|rows| {
            let mut courses: Vec<Course> = rows
                .into_iter()
                .map(|((subject, number, suffix), title, description)| {
                    course(&format!("{subject} {number}{}", suffix.unwrap_or_default()), &title, &description)
                })
                .collect();
            courses.sort_by(|a, b| a.code.cmp(&b.code));
            courses.dedup_by(|a, b| a.code == b.code);
            courses
        })
    }

    fn query() -> impl Strategy<Value = String> {
        let word = prop::sample::select(VOCABULARY).prop_flat_map(|word| (1..=word.len()).prop_map(move |end| word[..end].to_string()));
        prop_oneof![
            prop::collection::vec(word, 1..4).prop_map(|words| words.join(" ")),
            "(CS|cs|MATH|C|amath) ?[1-4]{0,3}[A-Ea-e]?",
            "[ ,.-]{0,3}",
        ]
    }

    proptest! {
        #[test]
        fn rank_matches_a_scan_of_every_course(courses in catalog_courses(), query in query(), limit in 1usize..30) {
            let index = SearchIndex::new(&courses);
            prop_assert_eq!(index.rank(&query, limit), scan(&courses, &query, limit));
        }
    }

    #[test]
    fn word_prefixes_find_titles_before_descriptions() {
        let courses = vec![
            course("CS 135", "Designing Functional Programs", "Uses calculus sparingly."),
            course("MATH 137", "Calculus 1 for Honours Mathematics", "Limits and derivatives."),
            course("MATH 138", "Calculus 2 for Honours Mathematics", "Integrals."),
        ];
        let index = SearchIndex::new(&courses);
        assert_eq!(index.rank("calc", 10), vec![(TITLE_WORD, 1), (TITLE_WORD, 2), (DESCRIPTION_WORD, 0)]);
        assert_eq!(index.rank("calc 2", 10), vec![(2 * TITLE_WORD, 2)]);
        assert_eq!(index.rank("math13", 10), vec![(CODE_PREFIX - 7, 1), (CODE_PREFIX - 7, 2)]);
        assert_eq!(index.rank("MATH 138", 10), vec![(EXACT_CODE, 2)]);
        assert!(index.rank("topology", 10).is_empty());
    }
}
