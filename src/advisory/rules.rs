//! Reading the course count of a credential's `additional` rule when the
//! index leaves `n` empty ("Two additional 300- or 400-level STAT courses").

/// Number words the calendar uses at the start of a rule, with their values.
const NUMBER_WORDS: [(&str, u32); 10] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
];

/// Returns `n` when the index gives it, else the count the rule's text
/// starts with (after a "5." heading number), else `None`.
pub fn rule_count(n: Option<u32>, text: &str) -> Option<u32> {
    if n.is_some() {
        return n;
    }
    let mut words = text.split_whitespace().peekable();
    // Skip a heading number such as "5." before the rule itself.
    if words.peek().is_some_and(|word| word.ends_with('.') && word.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())) {
        words.next();
    }
    let first = words.next()?.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
    if let Ok(number) = first.parse::<u32>() {
        return Some(number);
    }
    NUMBER_WORDS.iter().find(|(word, _)| *word == first).map(|(_, value)| *value)
}

#[cfg(test)]
mod tests {
    use super::rule_count;

    #[test]
    fn rule_count_reads_leading_number_word() {
        assert_eq!(rule_count(None, "Two additional 300- or 400-level STAT courses"), Some(2));
        assert_eq!(rule_count(None, "5. Three additional CO courses chosen from"), Some(3));
        assert_eq!(rule_count(None, "6. 2 additional 400-level courses"), Some(2));
        assert_eq!(rule_count(Some(4), "Two additional courses"), Some(4));
        assert_eq!(rule_count(None, "A subject concentration of four courses"), None);
        assert_eq!(rule_count(None, ""), None);
    }
}
