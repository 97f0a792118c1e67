//! Agency credits: `(Reuters)`, `(EUROPA PRESS)`, `/PRNewswire/`.
//!
//! A credit is text in parentheses or between slashes on the dateline's
//! line. Known agencies come from `resources/shared/dateline/agencies.txt`;
//! a credit that starts with a known name and goes on after a separator is
//! that agency too (`Adnkronos Salute`, `AFP/Reuters`). Whether an unknown
//! credit may still be an agency is for the grammar to decide (see
//! [`looks_like_agency`]).

use super::lexicon::fold;
use super::scan::{is_line_break, Cursor};
use crate::enrich::resources::{self, ResourceError};

/// The longest credit read, in bytes.
const MAX_CREDIT: usize = 64;

/// Known agency names, folded, longest first.
#[derive(Debug, Clone, Default)]
pub struct Agencies {
    names: Vec<String>,
}

impl Agencies {
    /// Loads `resources/shared/dateline/agencies.txt`; two lines that fold to
    /// the same name are an error.
    pub fn load() -> Result<Self, ResourceError> {
        let path = "shared/dateline/agencies.txt";
        let mut names: Vec<String> = Vec::new();
        for line in resources::lines(path)? {
            let name = fold(line.text);
            if names.contains(&name) {
                return Err(line.error(format!("{:?} is listed twice", line.text)));
            }
            names.push(name);
        }
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Ok(Agencies { names })
    }

    /// True when `credit` names a known agency, alone or with a qualifier
    /// (`Adnkronos Salute`), or joined with others (`AFP/Reuters`,
    /// `awp/sda`).
    pub fn knows(&self, credit: &str) -> bool {
        let credit = fold(credit.trim());
        credit.split(['/', '+']).any(|part| {
            let part = part.trim();
            self.names.iter().any(|n| {
                part.strip_prefix(n.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '-', '.']))
            })
        })
    }
}

/// Text in parentheses or between slashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enclosed {
    /// Byte range with the marks.
    pub outer: (usize, usize),
    /// Byte range of the content, trimmed.
    pub inner: (usize, usize),
}

/// Reads `(…)` or `/…/` at the cursor: one line, no nested marks, a
/// non-empty content of at most 64 bytes. The cursor moves past it.
pub fn enclosed(cur: &mut Cursor<'_>) -> Option<Enclosed> {
    let start = cur.pos();
    let close = match cur.peek()? {
        '(' => ')',
        '/' => '/',
        _ => return None,
    };
    let rest = &cur.rest()[1..];
    let len = rest.find(|c: char| c == close || c == '(' || c == ')' || is_line_break(c))?;
    if !rest[len..].starts_with(close) || len > MAX_CREDIT {
        return None;
    }
    let content = &rest[..len];
    let lead = content.len() - content.trim_start().len();
    let inner_start = start + 1 + lead;
    let inner_end = start + 1 + content.trim_end().len();
    if inner_start >= inner_end {
        return None;
    }
    let end = start + 1 + len + 1;
    *cur = Cursor::new(cur.text(), end);
    Some(Enclosed {
        outer: (start, end),
        inner: (inner_start, inner_end),
    })
}

/// True when `credit` has the shape of an agency name: one to four words
/// of letters and digits (joined by `-`, `/`, `&`, `.`, `'`), the first
/// starting with a capital or a digit (`Nova`, `9colonne`). Sentences,
/// numbers, dates and lowercase words (`foto`) do not; a lowercase brand
/// (`askanews`) must be a known agency.
pub fn looks_like_agency(credit: &str) -> bool {
    let words: Vec<&str> = credit.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let allowed = |c: char| c.is_alphanumeric() || "-/&.'’".contains(c);
    if !credit.chars().all(|c| allowed(c) || c.is_whitespace()) {
        return false;
    }
    if !credit.chars().any(char::is_alphabetic) {
        return false;
    }
    let first = words[0].chars().next().unwrap_or(' ');
    first.is_uppercase() || first.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_agencies_and_their_variants() {
        let a = Agencies::load().unwrap();
        for credit in [
            "Reuters",
            "AP",
            "askanews",
            "EUROPA PRESS",
            "Agência Brasil",
            "AGENCIA BRASIL",
            "PRNewswire",
            "PRNewswire-HISPANIC PR WIRE",
            "Adnkronos Salute",
            "AFP/Reuters",
            "dpa-AFX",
            "awp/sda",
            "EFE",
            "Lusa",
        ] {
            assert!(a.knows(credit), "{credit}");
        }
        for credit in ["Reutersx", "La Palma", "Como", "foto", "APx"] {
            assert!(!a.knows(credit), "{credit}");
        }
    }

    #[test]
    fn credits_in_parentheses_or_slashes() {
        let text = "(EUROPA PRESS) - /PRNewswire/ -- ( AP ) (a (b) c) (x\ny)";
        let mut c = Cursor::new(text, 0);
        let e = enclosed(&mut c).unwrap();
        assert_eq!(&text[e.inner.0..e.inner.1], "EUROPA PRESS");
        assert_eq!(&text[e.outer.0..e.outer.1], "(EUROPA PRESS)");
        let mut c = Cursor::new(text, text.find('/').unwrap());
        let e = enclosed(&mut c).unwrap();
        assert_eq!(&text[e.inner.0..e.inner.1], "PRNewswire");
        let mut c = Cursor::new(text, text.find("( AP").unwrap());
        let e = enclosed(&mut c).unwrap();
        assert_eq!(&text[e.inner.0..e.inner.1], "AP");
        for from in ["(a (b", "(x\ny"] {
            let mut c = Cursor::new(text, text.find(from).unwrap());
            assert_eq!(enclosed(&mut c), None, "{from}");
        }
        assert_eq!(enclosed(&mut Cursor::new("()", 0)), None);
        assert_eq!(enclosed(&mut Cursor::new("(  )", 0)), None);
    }

    #[test]
    fn agency_shapes() {
        for yes in ["Nova", "Agenzia Nova", "9colonne", "KUNA", "Public Policy"] {
            assert!(looks_like_agency(yes), "{yes}");
        }
        for no in [
            "",
            "foto di repertorio qui sotto",
            "12",
            "vedi sotto, pagina 3",
            "a b c d e",
            "lo dice lui",
            "foto",
            "askanews",
        ] {
            assert!(!looks_like_agency(no), "{no}");
        }
    }
}
