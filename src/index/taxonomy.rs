//! The program taxonomy: named groups of credentials that requisite text
//! refers to loosely ("Honours Mathematics students", "Math/Phys"), with the
//! phrases that name each group and the rules that decide which credentials
//! belong to it.
//!
//! The groups are data, kept in `program-taxonomy.json` beside this file and
//! compiled into the binary. [`Taxonomy::builtin`] checks the data once, so a
//! rule that names an unknown group fails every test run, not a build.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::model::CredentialKind;

/// The taxonomy file compiled into the binary.
const BUILTIN_TAXONOMY: &str = include_str!("program-taxonomy.json");

/// Words a program phrase may carry that name no group ("students only").
const FILLER_WORDS: [&str; 16] = [
    "students", "student", "student's", "students'", "only", "the", "plan", "plans", "program", "programs",
    "majors", "major", "enrolled", "in", "of", "a",
];

/// One program group and how credentials are matched to it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramGroupRule {
    /// Group name, for example `Honours Mathematics`.
    pub name: String,
    /// Other spellings of the group in requisite text.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Membership rule for credentials.
    #[serde(default)]
    pub members: MembershipRule,
}

/// Conditions a credential meets to belong to a group. A credential belongs
/// when its kind is allowed and its name or faculty matches, or when it
/// belongs to one of `include_groups`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRule {
    /// Case-insensitive substrings of the credential name, any of which matches.
    #[serde(default)]
    pub name_contains: Vec<String>,
    /// Case-insensitive substrings that exclude a credential whose name matched.
    #[serde(default)]
    pub name_excludes: Vec<String>,
    /// Case-insensitive substrings of the faculty, any of which matches.
    #[serde(default)]
    pub faculties: Vec<String>,
    /// Kinds of credential that can match; empty means majors only.
    #[serde(default)]
    pub kinds: Vec<CredentialKind>,
    /// Groups whose members all belong to this group as well.
    #[serde(default)]
    pub include_groups: Vec<String>,
}

/// The file format of `program-taxonomy.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    groups: Vec<ProgramGroupRule>,
}

/// Program groups with a phrase index for resolving requisite text.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Groups in file order.
    groups: Vec<ProgramGroupRule>,
    /// Normalised alias words and the index of the group each names,
    /// longest alias first.
    aliases: Vec<(Vec<String>, usize)>,
}

impl Taxonomy {
    /// Loads the taxonomy compiled into the binary.
    ///
    /// Panics if the built-in file is invalid, which the unit tests catch.
    pub fn builtin() -> Taxonomy {
        Taxonomy::from_json(BUILTIN_TAXONOMY).expect("the built-in program taxonomy is valid")
    }

    /// Parses a taxonomy file and checks that every included group exists.
    pub fn from_json(text: &str) -> Result<Taxonomy, String> {
        let file: TaxonomyFile = serde_json::from_str(text).map_err(|error| format!("invalid taxonomy JSON: {error}"))?;
        let names: BTreeSet<&str> = file.groups.iter().map(|group| group.name.as_str()).collect();
        for group in &file.groups {
            for included in &group.members.include_groups {
                if !names.contains(included.as_str()) {
                    return Err(format!("group `{}` includes unknown group `{included}`", group.name));
                }
            }
        }

        let mut aliases = Vec::new();
        for (index, group) in file.groups.iter().enumerate() {
            for alias in std::iter::once(&group.name).chain(&group.aliases) {
                let words = phrase_words(alias);
                if !words.is_empty() {
                    aliases.push((words, index));
                }
            }
        }
        aliases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        Ok(Taxonomy { groups: file.groups, aliases })
    }

    /// Names of the groups a program phrase mentions, in the order they
    /// appear; empty when the phrase names none.
    ///
    /// Matching is by whole words, longest alias first, so "Honours
    /// Mathematics" is not also read as "Mathematics".
    pub fn resolve_phrase(&self, phrase: &str) -> Vec<String> {
        let words = phrase_words(phrase);
        let mut found: Vec<String> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let Some(length) = self.longest_alias_at(&words[at..]) else {
                // "Civil, Environmental or Geological Engineering" shares its last word.
                if let Some(index) = self.shared_tail_group(&words, at) {
                    let name = &self.groups[index].name;
                    if !found.contains(name) {
                        found.push(name.clone());
                    }
                }
                at += 1;
                continue;
            };
            for (alias, index) in &self.aliases {
                if alias.len() == length && words[at..].starts_with(alias) {
                    let name = &self.groups[*index].name;
                    if !found.contains(name) {
                        found.push(name.clone());
                    }
                }
            }
            at += length;
        }
        found
    }

    /// `true` when every word of the phrase belongs to a group alias, apart
    /// from filler words and the connectives "and", "or" and "/".
    ///
    /// A list of two or more programs passes with a few unknown words among
    /// them ("Math/Financial Analysis & Risk Mgmt"), as long as alias words
    /// outnumber the unknown ones.
    pub fn names_only_programs(&self, phrase: &str) -> bool {
        let words = phrase_words(phrase);
        let mut at = 0;
        let (mut aliases, mut alias_words, mut unknown) = (0, 0, 0);
        while at < words.len() {
            if let Some(length) = self.longest_alias_at(&words[at..]) {
                at += length;
                aliases += 1;
                alias_words += length;
            } else {
                if !matches!(words[at].as_str(), "and" | "or" | "/") {
                    unknown += 1;
                }
                at += 1;
            }
        }
        let listed = phrase.contains(',') || words.iter().any(|w| w == "or");
        aliases > 0 && (unknown == 0 || (listed && aliases >= 2 && 2 * unknown <= alias_words))
    }

    /// Returns the group named by the word at `at` followed by the last word
    /// of the phrase, when that last word is shared by a list ("Civil, …
    /// Engineering").
    fn shared_tail_group(&self, words: &[String], at: usize) -> Option<usize> {
        let tail = words.last()?;
        if at + 1 >= words.len() || matches!(words[at].as_str(), "and" | "or" | "/") {
            return None;
        }
        let candidate = [words[at].clone(), tail.clone()];
        self.aliases.iter().find(|(alias, _)| alias.as_slice() == candidate).map(|(_, index)| *index)
    }

    fn longest_alias_at(&self, words: &[String]) -> Option<usize> {
        self.aliases.iter().find(|(alias, _)| words.starts_with(alias)).map(|(alias, _)| alias.len())
    }

    /// Names of every group a credential belongs to, in file order.
    pub fn groups_for_credential(&self, name: &str, faculty: Option<&str>, kind: CredentialKind) -> Vec<String> {
        let mut member: Vec<bool> = self.groups.iter().map(|group| group.members.matches(name, faculty, kind)).collect();

        // Inclusion can chain ("Computer Science" in "Honours Mathematics" in
        // "Mathematics"), so repeat until nothing changes.
        let mut changed = true;
        while changed {
            changed = false;
            for (index, group) in self.groups.iter().enumerate() {
                let included = group.members.include_groups.iter().any(|included| {
                    self.groups.iter().position(|g| &g.name == included).is_some_and(|position| member[position])
                });
                if included && !member[index] {
                    member[index] = true;
                    changed = true;
                }
            }
        }

        self.groups.iter().zip(member).filter(|(_, is_member)| *is_member).map(|(group, _)| group.name.clone()).collect()
    }

    /// Returns every group rule, in file order.
    pub fn groups(&self) -> &[ProgramGroupRule] {
        &self.groups
    }
}

impl MembershipRule {
    /// `true` when the credential matches this rule directly, without inclusion.
    fn matches(&self, name: &str, faculty: Option<&str>, kind: CredentialKind) -> bool {
        let kind_allowed = if self.kinds.is_empty() { kind == CredentialKind::Major } else { self.kinds.contains(&kind) };
        if !kind_allowed {
            return false;
        }
        let name = name.to_lowercase();
        if self.name_excludes.iter().any(|excluded| name.contains(&excluded.to_lowercase())) {
            return false;
        }
        let by_name = self.name_contains.iter().any(|part| name.contains(&part.to_lowercase()));
        let by_faculty = faculty.is_some_and(|faculty| {
            let faculty = faculty.to_lowercase();
            self.faculties.iter().any(|part| faculty.contains(&part.to_lowercase()))
        });
        by_name || by_faculty
    }
}

/// Lower-case words of a phrase with `&` read as "and", slashes kept as their
/// own words and filler words removed.
fn phrase_words(phrase: &str) -> Vec<String> {
    let spaced = phrase.replace('&', " and ").replace('/', " / ");
    spaced
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '.' | ';' | ':'))
        .map(|word| word.trim_matches(|c: char| c == '-' || c == '\'').to_lowercase())
        .filter(|word| !word.is_empty() && !FILLER_WORDS.contains(&word.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_loads() {
        let taxonomy = Taxonomy::builtin();
        assert!(taxonomy.groups().len() >= 30, "only {} groups", taxonomy.groups().len());
    }

    #[test]
    fn resolve_prefers_longest_alias() {
        let taxonomy = Taxonomy::builtin();
        assert_eq!(taxonomy.resolve_phrase("Honours Mathematics students only"), vec!["Honours Mathematics"]);
        assert_eq!(taxonomy.resolve_phrase("Honours Math or Math/Phys students"), vec!["Honours Mathematics", "Mathematical Physics"]);
    }

    #[test]
    fn resolve_splits_program_lists() {
        let taxonomy = Taxonomy::builtin();
        assert_eq!(
            taxonomy.resolve_phrase("Computer Science and BMath (Data Science)"),
            vec!["Computer Science", "Data Science"]
        );
        assert_eq!(
            taxonomy.resolve_phrase("Computer Engineering or Electrical Engineering"),
            vec!["Computer Engineering", "Electrical Engineering"]
        );
        assert_eq!(
            taxonomy.resolve_phrase("Civil, Environmental or Geological Engineering"),
            vec!["Civil Engineering", "Environmental Engineering", "Geological Engineering"]
        );
        assert_eq!(
            taxonomy.resolve_phrase("Accounting & Financial Management, Mathematics/CPA"),
            vec!["Accounting and Financial Management", "Mathematics/Chartered Professional Accountancy"]
        );
    }

    #[test]
    fn resolve_returns_empty_for_unknown_phrase() {
        assert!(Taxonomy::builtin().resolve_phrase("Underwater Basket Weaving").is_empty());
    }

    #[test]
    fn credential_groups_follow_inclusion() {
        let taxonomy = Taxonomy::builtin();
        let groups = taxonomy.groups_for_credential(
            "Computer Science (Bachelor of Computer Science - Honours)",
            Some("Faculty of Mathematics"),
            CredentialKind::Major,
        );
        for expected in ["Computer Science", "Honours Mathematics", "Mathematics"] {
            assert!(groups.contains(&expected.to_string()), "{expected} missing from {groups:?}");
        }
        assert!(!groups.contains(&"Data Science".to_string()), "{groups:?}");
    }

    #[test]
    fn data_science_is_honours_mathematics() {
        let taxonomy = Taxonomy::builtin();
        let groups = taxonomy.groups_for_credential("Data Science", Some("Mathematics"), CredentialKind::Major);
        for expected in ["Data Science", "Honours Mathematics", "Mathematics"] {
            assert!(groups.contains(&expected.to_string()), "{expected} missing from {groups:?}");
        }
    }

    #[test]
    fn engineering_programs_join_engineering() {
        let taxonomy = Taxonomy::builtin();
        let groups = taxonomy.groups_for_credential("Software Engineering", Some("Faculty of Engineering"), CredentialKind::Major);
        assert!(groups.contains(&"Software Engineering".to_string()), "{groups:?}");
        assert!(groups.contains(&"Engineering".to_string()), "{groups:?}");
        assert!(!groups.contains(&"Computer Science".to_string()), "{groups:?}");
    }

    #[test]
    fn minor_is_not_a_program_member() {
        let taxonomy = Taxonomy::builtin();
        let groups = taxonomy.groups_for_credential("Computer Science Minor", Some("Faculty of Mathematics"), CredentialKind::Minor);
        assert!(!groups.contains(&"Computer Science".to_string()), "{groups:?}");
    }

    #[test]
    fn unknown_included_group_is_rejected() {
        let text = r#"{"groups": [{"name": "A", "members": {"include_groups": ["B"]}}]}"#;
        let error = Taxonomy::from_json(text).unwrap_err();
        assert!(error.contains("unknown group `B`"), "{error}");
    }
}
