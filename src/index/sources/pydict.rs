//! A reader for the Python literal subset the requirement CSV files use: a
//! dict of string keys whose values are strings or lists of strings, quoted
//! with `'` or `"`, with backslash escapes. Key order is kept.

/// A value of the literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyValue {
    /// A quoted string.
    Str(String),
    /// A list of values.
    List(Vec<PyValue>),
}

/// Parses `{'key': [...], ...}` into its entries in source order.
pub fn parse_dict(text: &str) -> Result<Vec<(String, PyValue)>, String> {
    let mut parser = Parser { chars: text.chars().collect(), at: 0 };
    parser.skip_space();
    parser.expect('{')?;
    let mut entries = Vec::new();
    loop {
        parser.skip_space();
        if parser.eat('}') {
            break;
        }
        let key = parser.string()?;
        parser.skip_space();
        parser.expect(':')?;
        let value = parser.value()?;
        entries.push((key, value));
        parser.skip_space();
        if parser.eat(',') {
            continue;
        }
        parser.skip_space();
        parser.expect('}')?;
        break;
    }
    parser.skip_space();
    if parser.at < parser.chars.len() {
        return Err(format!("unexpected text after the closing brace at character {}", parser.at));
    }
    Ok(entries)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn skip_space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.chars.get(self.at) == Some(&expected);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, expected: char) -> Result<(), String> {
        if self.eat(expected) {
            return Ok(());
        }
        Err(self.unexpected(&format!("`{expected}`")))
    }

    fn unexpected(&self, wanted: &str) -> String {
        let found: String = self.chars[self.at.min(self.chars.len())..].iter().take(20).collect();
        if found.is_empty() {
            format!("expected {wanted} but the text ended")
        } else {
            format!("expected {wanted} at character {}, found `{found}`", self.at)
        }
    }

    fn value(&mut self) -> Result<PyValue, String> {
        self.skip_space();
        if !self.eat('[') {
            return self.string().map(PyValue::Str);
        }
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat(']') {
                return Ok(PyValue::List(items));
            }
            items.push(self.value()?);
            self.skip_space();
            if !self.eat(',') {
                self.skip_space();
                self.expect(']')?;
                return Ok(PyValue::List(items));
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.skip_space();
        let quote = match self.chars.get(self.at) {
            Some(&quote @ ('\'' | '"')) => quote,
            _ => return Err(self.unexpected("a quoted string")),
        };
        self.at += 1;
        let mut text = String::new();
        while let Some(&c) = self.chars.get(self.at) {
            self.at += 1;
            match c {
                '\\' => {
                    let escaped = self.chars.get(self.at).copied().ok_or("the text ended inside an escape")?;
                    self.at += 1;
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c if c == quote => return Ok(text),
                c => text.push(c),
            }
        }
        Err("a string is not closed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_of_lists_and_strings_parses_in_order() {
        let entries = parse_dict(r#"{'1. One of': ['MATH 237 Calculus 3', "CS 480 Children\'s"], '5. Two additional': [], '1.': 'ACTSC 231'}"#).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].0, "1. One of");
        assert_eq!(
            entries[0].1,
            PyValue::List(vec![PyValue::Str("MATH 237 Calculus 3".into()), PyValue::Str("CS 480 Children's".into())])
        );
        assert_eq!(entries[1].1, PyValue::List(vec![]));
        assert_eq!(entries[2].1, PyValue::Str("ACTSC 231".into()));
    }

    #[test]
    fn bare_words_are_rejected_with_position() {
        let error = parse_dict("{'1. All of': [HEALTH 105]}").unwrap_err();
        assert!(error.contains("quoted string"), "{error}");
        assert!(parse_dict("{'a': ['b']").is_err());
        assert!(parse_dict("['a']").is_err());
    }
}
