//! Quotation marks: which characters open and close quotes, and finding them.
//!
//! A [`MarkTable`] holds the styles one language uses (from
//! `shared/quotes/styles.tsv` and `<lang>/quotes/marks.txt`). [`scan`] reads a
//! text once and reports every character (or pair of characters, for the
//! Italian wire style `''`) that may open or close a quote, with the styles it
//! may open and close as bit masks: pairing them is [`super::pairing`]'s job.
//!
//! What makes a character a mark is read from its neighbours:
//! - between two letters or digits it never is (`l'esercito`, `it’s`, `9"80`);
//! - a symmetric mark (`"`, `''`) opens when text follows it and a space or
//!   punctuation precedes it, and closes in the mirror case;
//! - marks that double as apostrophes (`'`, `’`, `‘`) obey the same rule in
//!   their role, so `Londoners’ votes` can close a quote only if one is open.
//!
//! No-break and thin spaces next to a mark (French `« ainsi »`) count as space.

use crate::enrich::affix;
use crate::enrich::resources::{self, ResourceError};

/// One style of quotation marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// Its name in `shared/quotes/styles.tsv`.
    pub name: &'static str,
    /// The opening mark.
    pub open: &'static str,
    /// The closing mark.
    pub close: &'static str,
}

#[derive(Debug, Clone)]
struct Entry {
    text: &'static str,
    opens: u32,
    closes: u32,
    /// The mark is also an apostrophe: neighbours decide its role.
    flanked: bool,
}

/// The quotation-mark styles of one language, ready to scan with.
#[derive(Debug, Clone)]
pub struct MarkTable {
    styles: Vec<Style>,
    /// Longest marks first, so that `''` wins over `'`.
    entries: Vec<Entry>,
    /// The first bytes of the marks that are neither letters, digits nor
    /// spaces, in groups of up to three: a mark can start only at one of
    /// them.
    first_bytes: Vec<Vec<u8>>,
}

/// Characters that are also apostrophes or primes.
const APOSTROPHES: &[char] = &['\'', '’', '‘', '′', '`'];

impl MarkTable {
    /// Loads the styles listed in `path` (a `<lang>/quotes/marks.txt`).
    pub fn load(path: &str) -> Result<MarkTable, ResourceError> {
        let all = all_styles()?;
        let mut styles = Vec::new();
        for line in resources::lines(path)? {
            let style = all
                .iter()
                .find(|s| s.name == line.text)
                .ok_or_else(|| line.error(format!("unknown style {:?}", line.text)))?;
            if styles.iter().any(|s: &Style| s.name == style.name) {
                return Err(line.error(format!("duplicate style {:?}", line.text)));
            }
            styles.push(style.clone());
        }
        if styles.is_empty() || styles.len() > 32 {
            return Err(ResourceError::Malformed {
                path: path.to_owned(),
                line: 1,
                message: "between 1 and 32 styles expected".to_owned(),
            });
        }
        Ok(MarkTable::new(styles))
    }

    /// A table for `styles` (at most 32).
    pub fn new(styles: Vec<Style>) -> MarkTable {
        let mut entries: Vec<Entry> = Vec::new();
        for (i, s) in styles.iter().enumerate() {
            for (text, open) in [(s.open, true), (s.close, false)] {
                let bit = 1u32 << i;
                let e = match entries.iter_mut().position(|e| e.text == text) {
                    Some(p) => &mut entries[p],
                    None => {
                        entries.push(Entry {
                            text,
                            opens: 0,
                            closes: 0,
                            flanked: s.open == s.close
                                || text.chars().all(|c| APOSTROPHES.contains(&c)),
                        });
                        entries.last_mut().expect("just pushed")
                    }
                };
                if open {
                    e.opens |= bit;
                } else {
                    e.closes |= bit;
                }
                if s.open == s.close {
                    e.flanked = true;
                }
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.text.len()));
        let mut first = [false; 256];
        for e in &entries {
            // A mark starting with a letter, digit or space is never looked for.
            let looked_for = e
                .text
                .chars()
                .next()
                .is_some_and(|c| !(c.is_alphanumeric() || c.is_whitespace()));
            if looked_for {
                first[usize::from(e.text.as_bytes()[0])] = true;
            }
        }
        let bytes: Vec<u8> = (0..=u8::MAX).filter(|&b| first[usize::from(b)]).collect();
        let first_bytes = bytes.chunks(3).map(<[u8]>::to_vec).collect();
        MarkTable {
            styles,
            entries,
            first_bytes,
        }
    }

    /// The styles, in the order of their bits.
    pub fn styles(&self) -> &[Style] {
        &self.styles
    }
}

fn all_styles() -> Result<Vec<Style>, ResourceError> {
    let path = "shared/quotes/styles.tsv";
    let mut out: Vec<Style> = Vec::new();
    for line in resources::lines(path)? {
        let cols = line.columns(3)?;
        if cols[1].is_empty() || cols[2].is_empty() {
            return Err(line.error("empty mark"));
        }
        if out.iter().any(|s| s.name == cols[0]) {
            return Err(line.error(format!("duplicate style {:?}", cols[0])));
        }
        out.push(Style {
            name: cols[0],
            open: cols[1],
            close: cols[2],
        });
    }
    Ok(out)
}

/// A character (or two) that may open or close a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset of the mark.
    pub start: usize,
    /// Byte offset past the mark.
    pub end: usize,
    /// Styles (bits of the table) this mark may open.
    pub opens: u32,
    /// Styles this mark may close.
    pub closes: u32,
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Punctuation that may follow a closing mark but never an opening one.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '…')
}

/// Every possible quotation mark of `text`, in order.
pub fn scan(text: &str, table: &MarkTable) -> Vec<Mark> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Only a mark's first byte can start one; it is ASCII or a UTF-8 lead
    // byte, which never occurs inside a character. `next[g]`: where group
    // `g` of those bytes next occurs, at or after the last search.
    let groups = &table.first_bytes;
    let mut next: Vec<usize> = groups.iter().map(|g| find_byte(bytes, 0, g)).collect();
    loop {
        let i = next.iter().copied().min().unwrap_or(bytes.len());
        if i >= bytes.len() {
            break;
        }
        let from = scan_at(text, i, table, &mut out);
        for (n, g) in next.iter_mut().zip(groups) {
            if *n < from {
                *n = find_byte(bytes, from, g);
            }
        }
    }
    out
}

/// Where one of `set` (one to three bytes) occurs in `bytes` from `from` on;
/// `bytes.len()` when nowhere.
fn find_byte(bytes: &[u8], from: usize, set: &[u8]) -> usize {
    let hay = &bytes[from..];
    let found = match *set {
        [a] => memchr::memchr(a, hay),
        [a, b] => memchr::memchr2(a, b, hay),
        [a, b, c] => memchr::memchr3(a, b, c, hay),
        _ => None,
    };
    found.map_or(bytes.len(), |p| from + p)
}

/// Reads the mark, if any, at byte `i` (one of the table's first bytes) into
/// `out`; returns where to look next.
fn scan_at(text: &str, i: usize, table: &MarkTable, out: &mut Vec<Mark>) -> usize {
    let bytes = text.as_bytes();
    let c = text[i..].chars().next().expect("in bounds");
    // Most characters met here (dashes, apostrophes in words, no-break
    // spaces) are no mark: the byte compare rules them out before the
    // character's class is read.
    let entry = table
        .entries
        .iter()
        .find(|e| affix::starts_with(&bytes[i..], e.text.as_bytes()))
        .filter(|_| !(c.is_alphanumeric() || c.is_whitespace()));
    let Some(e) = entry else {
        return i + c.len_utf8();
    };
    let end = i + e.text.len();
    let prev = text[..i].chars().next_back();
    let next = text[end..].chars().next();
    if let Some(m) = classify(e, i, end, prev, next) {
        out.push(m);
    }
    end
}

fn classify(
    e: &Entry,
    start: usize,
    end: usize,
    prev: Option<char>,
    next: Option<char>,
) -> Option<Mark> {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if alnum(prev) && alnum(next) {
        return None;
    }
    let (mut opens, mut closes) = (e.opens, e.closes);
    if e.flanked {
        let left = next.is_some_and(|n| !is_space(n) && !is_trailing_punct(n))
            && prev.is_none_or(|p| is_space(p) || !p.is_alphanumeric());
        let right = prev.is_some_and(|p| !is_space(p))
            && next.is_none_or(|n| is_space(n) || !n.is_alphanumeric());
        if !left {
            opens = 0;
        }
        if !right {
            closes = 0;
        }
    }
    (opens | closes != 0).then_some(Mark {
        start,
        end,
        opens,
        closes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::language::Lang;

    fn table(lang: Lang) -> MarkTable {
        MarkTable::load(&format!("{}/quotes/marks.txt", lang.code())).unwrap()
    }

    fn marks(text: &str, lang: Lang) -> Vec<&str> {
        scan(text, &table(lang))
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn apostrophes_inside_words_are_not_marks() {
        assert!(marks("l'esercito dell'espansione, l’incontro", Lang::It).is_empty());
        assert!(marks("it's Khan’s and the '90s", Lang::En).len() <= 1);
        assert!(marks("in 9\"80, record", Lang::It).is_empty());
    }

    #[test]
    fn wire_double_apostrophes_are_one_mark() {
        assert_eq!(marks("''Sì'', ha detto", Lang::It), ["''", "''"]);
    }

    #[test]
    fn straight_marks_open_and_close_by_their_neighbours() {
        let t = table(Lang::En);
        let m = scan("said \"Yes,\" then", &t);
        assert_eq!(m.len(), 2);
        assert!(m[0].opens != 0 && m[0].closes == 0);
        assert!(m[1].closes != 0 && m[1].opens == 0);
    }

    #[test]
    fn german_curly_mark_may_open_or_close() {
        let t = table(Lang::De);
        let m = scan("„Ja“, sagte er.", &t);
        assert_eq!(m.len(), 2);
        assert!(m[1].closes != 0);
    }

    #[test]
    fn possessive_apostrophe_can_only_close() {
        let t = table(Lang::En);
        let m = scan("the players’ union", &t);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].opens, 0);
    }

    #[test]
    fn unknown_style_names_its_line() {
        assert!(MarkTable::load("it/quotes/verbs.txt")
            .unwrap_err()
            .to_string()
            .starts_with("resources/it/quotes/verbs.txt:"));
    }
}
