//! Dates as datelines write them, read by per-language patterns.
//!
//! Each language lists its date orders in `resources/<lang>/dateline/date_patterns.txt`,
//! one pattern a line, in a small notation:
//!
//! | item | reads |
//! |---|---|
//! | `W` | a weekday name (`domenica`, `Tues.`), an optional full stop after it |
//! | `D` | a day, `1`–`31`, one or two digits, then an optional ordinal suffix (`1er`, `1º`) |
//! | `M` | a month name (`settembre`, `Sept.`, `DIC`), an optional full stop after it |
//! | `N` | a month number, `1`–`12` |
//! | `Y` | a four-digit year |
//! | `de\|del` | one of these words, any case |
//! | `,` `.` `/` … | that character |
//! | `[ … ]` | what is inside, or nothing |
//!
//! Items written with a space between them may have blanks between them in
//! the text; items written together must touch (`D.N.Y` reads `13.09.2023`,
//! not `13. 09. 2023`). Names come from `months.tsv` and `weekdays.tsv`,
//! matched without regard to case or accents; ordinal suffixes from
//! `ordinals.txt`. A reading whose day does not exist in its month (with the
//! year, when given) is no date. A pattern may leave the month out (Europa
//! Press writes `MADRID, 3 (EUROPA PRESS)`); it then comes, like a missing
//! year, from the publication date (see [`super::year`]).

use chrono::NaiveDate;

use super::lexicon::{fold, Lexicon};
use super::scan::Cursor;
use crate::enrich::resources::{self, Line, ResourceError};

/// A date as written: a day, usually a month, maybe a year and a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Day of the month, 1–31.
    pub day: u32,
    /// Month, 1–12, when written.
    pub month: Option<u32>,
    /// The year, when written.
    pub year: Option<i32>,
    /// ISO weekday (1 = Monday), when written.
    pub weekday: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Weekday,
    Day,
    Month,
    MonthNumber,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Atom(Atom),
    /// One of these folded words.
    Words(Vec<String>),
    /// This exact character.
    Char(char),
    Optional(Vec<Elem>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Elem {
    /// Blanks may come before the item.
    spaced: bool,
    item: Item,
}

/// One date order, such as `[W [,]] D M [Y]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    elems: Vec<Elem>,
}

impl Pattern {
    /// Parses the notation of the module docs; `line` names the source in errors.
    pub fn parse(line: &Line<'_>) -> Result<Self, ResourceError> {
        let chars: Vec<char> = line.text.chars().collect();
        let mut i = 0;
        let elems = parse_seq(&chars, &mut i, line, 0)?;
        if elems.is_empty() {
            return Err(line.error("empty pattern"));
        }
        Ok(Pattern { elems })
    }
}

fn parse_seq(
    chars: &[char],
    i: &mut usize,
    line: &Line<'_>,
    depth: usize,
) -> Result<Vec<Elem>, ResourceError> {
    let mut out = Vec::new();
    let mut spaced = false;
    while *i < chars.len() {
        let c = chars[*i];
        if c.is_whitespace() {
            spaced = true;
            *i += 1;
            continue;
        }
        let item = match c {
            '[' => {
                *i += 1;
                let mut inner = parse_seq(chars, i, line, depth + 1)?;
                if inner.is_empty() {
                    return Err(line.error("empty [ ]"));
                }
                // A space before `[` is a space before what it holds.
                mark_spaced(&mut inner, spaced);
                Item::Optional(inner)
            }
            ']' if depth > 0 => {
                *i += 1;
                return Ok(out);
            }
            ']' => return Err(line.error("unmatched ]")),
            c if c.is_ascii_uppercase() => {
                *i += 1;
                if chars.get(*i).is_some_and(|n| n.is_alphabetic()) {
                    return Err(line.error("pattern items are single capitals: W D M N Y"));
                }
                Item::Atom(match c {
                    'W' => Atom::Weekday,
                    'D' => Atom::Day,
                    'M' => Atom::Month,
                    'N' => Atom::MonthNumber,
                    'Y' => Atom::Year,
                    _ => return Err(line.error(format!("unknown pattern item {c}"))),
                })
            }
            c if c.is_lowercase() => {
                let start = *i;
                while *i < chars.len() && (chars[*i].is_lowercase() || chars[*i] == '|') {
                    *i += 1;
                }
                let words: String = chars[start..*i].iter().collect();
                if words.split('|').any(str::is_empty) {
                    return Err(line.error(format!("empty alternative in {words:?}")));
                }
                Item::Words(words.split('|').map(fold).collect())
            }
            c => {
                *i += 1;
                Item::Char(c)
            }
        };
        out.push(Elem { spaced, item });
        spaced = false;
    }
    if depth > 0 {
        return Err(line.error("unclosed ["));
    }
    Ok(out)
}

fn mark_spaced(elems: &mut [Elem], spaced: bool) {
    if let Some(first) = elems.first_mut() {
        first.spaced |= spaced;
        if let Item::Optional(inner) = &mut first.item {
            mark_spaced(inner, first.spaced);
        }
    }
}

/// One language's date knowledge: names, ordinal suffixes and patterns.
#[derive(Debug, Clone)]
pub struct Calendar {
    months: Lexicon,
    weekdays: Lexicon,
    ordinals: Vec<String>,
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Partial {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    weekday: Option<u32>,
}

impl Calendar {
    /// Loads `resources/<lang>/dateline/{months.tsv,weekdays.tsv,ordinals.txt,date_patterns.txt}`.
    pub fn load(lang: &str) -> Result<Self, ResourceError> {
        let dir = format!("{lang}/dateline");
        let patterns_path = format!("{dir}/date_patterns.txt");
        let patterns = resources::lines(&patterns_path)?
            .iter()
            .map(Pattern::parse)
            .collect::<Result<_, _>>()?;
        Ok(Calendar {
            months: Lexicon::load(&format!("{dir}/months.tsv"), 12)?,
            weekdays: Lexicon::load(&format!("{dir}/weekdays.tsv"), 7)?,
            ordinals: resources::word_list(&format!("{dir}/ordinals.txt"))?
                .into_iter()
                .map(fold)
                .collect(),
            patterns,
        })
    }

    /// Every date that can be read at byte `pos` of `text`, as (end, date),
    /// longest first, one per end.
    pub fn read(&self, text: &str, pos: usize) -> Vec<(usize, Written)> {
        let mut found = Vec::new();
        for p in &self.patterns {
            let seq: Vec<&Elem> = p.elems.iter().collect();
            self.go(&seq, Cursor::new(text, pos), Partial::default(), &mut found);
        }
        let mut out: Vec<(usize, Written)> = found
            .into_iter()
            .filter_map(|(end, p)| Some((end, written(p)?)))
            .collect();
        out.sort_by_key(|r| std::cmp::Reverse(r.0));
        out.dedup_by_key(|r| r.0);
        out
    }

    fn go(&self, seq: &[&Elem], cur: Cursor<'_>, acc: Partial, out: &mut Vec<(usize, Partial)>) {
        let Some((first, rest)) = seq.split_first() else {
            out.push((cur.pos(), acc));
            return;
        };
        if let Item::Optional(inner) = &first.item {
            self.go(rest, cur, acc, out);
            let seq: Vec<&Elem> = inner.iter().chain(rest.iter().copied()).collect();
            self.go(&seq, cur, acc, out);
            return;
        }
        let mut c = cur;
        // Blanks may separate spaced items, and must separate two words or numbers.
        if first.spaced && !c.skip_blanks() && glued(&c) {
            return;
        }
        match &first.item {
            Item::Optional(_) => {}
            Item::Char(ch) => {
                if c.eat(*ch) {
                    self.go(rest, c, acc, out);
                }
            }
            Item::Words(words) => {
                if let Some((s, e)) = c.word() {
                    if words.contains(&fold(&c.text()[s..e])) {
                        self.go(rest, c, acc, out);
                    }
                }
            }
            Item::Atom(atom) => {
                for (next, acc) in self.atom(*atom, c, acc) {
                    self.go(rest, next, acc, out);
                }
            }
        }
    }

    /// The ways `atom` reads at `c`: a name may take a full stop or not.
    fn atom<'t>(
        &self,
        atom: Atom,
        mut c: Cursor<'t>,
        mut acc: Partial,
    ) -> Vec<(Cursor<'t>, Partial)> {
        let named = |table: &Lexicon, mut c: Cursor<'t>| -> Vec<(Cursor<'t>, u32)> {
            let Some((s, e)) = c.word() else {
                return Vec::new();
            };
            let Some(n) = table.get(&c.text()[s..e]) else {
                return Vec::new();
            };
            let mut out = vec![(c, n)];
            if c.eat('.') {
                out.push((c, n));
            }
            out
        };
        match atom {
            Atom::Weekday => named(&self.weekdays, c)
                .into_iter()
                .map(|(c, n)| {
                    (
                        c,
                        Partial {
                            weekday: Some(n),
                            ..acc
                        },
                    )
                })
                .collect(),
            Atom::Month => named(&self.months, c)
                .into_iter()
                .map(|(c, n)| {
                    (
                        c,
                        Partial {
                            month: Some(n),
                            ..acc
                        },
                    )
                })
                .collect(),
            Atom::Day => {
                let Some((_, _, d)) = c.number(2).filter(|n| (1..=31).contains(&n.2)) else {
                    return Vec::new();
                };
                self.eat_ordinal(&mut c);
                if !c.at_boundary() {
                    return Vec::new();
                }
                acc.day = Some(d);
                vec![(c, acc)]
            }
            Atom::MonthNumber => match c.number(2).filter(|n| (1..=12).contains(&n.2)) {
                Some((_, _, m)) if c.at_boundary() => {
                    acc.month = Some(m);
                    vec![(c, acc)]
                }
                _ => Vec::new(),
            },
            Atom::Year => match c.number(4).filter(|n| n.1 - n.0 == 4) {
                Some((_, _, y)) if c.at_boundary() => {
                    acc.year = Some(y as i32);
                    vec![(c, acc)]
                }
                _ => Vec::new(),
            },
        }
    }

    fn eat_ordinal(&self, c: &mut Cursor<'_>) {
        for suffix in &self.ordinals {
            let head: String = c.rest().chars().take(suffix.chars().count()).collect();
            if fold(&head) == *suffix {
                let next = Cursor::new(c.text(), c.pos() + head.len());
                if next.at_boundary() {
                    *c = next;
                    return;
                }
            }
        }
    }
}

/// True when the cursor sits between two letters or digits.
fn glued(c: &Cursor<'_>) -> bool {
    c.prev().is_some_and(char::is_alphanumeric) && c.peek().is_some_and(char::is_alphanumeric)
}

fn written(p: Partial) -> Option<Written> {
    let day = p.day?;
    let ok = match (p.year, p.month) {
        (Some(y), Some(m)) => NaiveDate::from_ymd_opt(y, m, day).is_some(),
        // 2024 is a leap year: any day some year can have.
        (None, Some(m)) => NaiveDate::from_ymd_opt(2024, m, day).is_some(),
        // A year without a month is no date anyone writes.
        (Some(_), None) => false,
        (None, None) => true,
    };
    ok.then_some(Written {
        day,
        month: p.month,
        year: p.year,
        weekday: p.weekday,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lang: &str, text: &str) -> Option<(String, Written)> {
        let cal = Calendar::load(lang).unwrap();
        cal.read(text, 0)
            .first()
            .map(|(end, w)| (text[..*end].to_owned(), *w))
    }

    fn ymd(y: Option<i32>, m: u32, d: u32) -> Written {
        Written {
            day: d,
            month: Some(m),
            year: y,
            weekday: None,
        }
    }

    #[test]
    fn every_language_loads() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            let cal = Calendar::load(lang).unwrap();
            assert!(!cal.patterns.is_empty(), "{lang}");
        }
    }

    #[test]
    fn day_month_year_orders() {
        let cases = [
            (
                "it",
                "13 settembre 2023 –",
                "13 settembre 2023",
                ymd(Some(2023), 9, 13),
            ),
            ("it", "28 NOV -", "28 NOV", ymd(None, 11, 28)),
            ("it", "13 set. (askanews)", "13 set.", ymd(None, 9, 13)),
            (
                "en",
                "Sept. 13, 2023 /PRNewswire/",
                "Sept. 13, 2023",
                ymd(Some(2023), 9, 13),
            ),
            ("en", "Nov 28 (Reuters)", "Nov 28", ymd(None, 11, 28)),
            (
                "en",
                "28 November 2023 -",
                "28 November 2023",
                ymd(Some(2023), 11, 28),
            ),
            (
                "fr",
                "1er mars 2024 (AFP)",
                "1er mars 2024",
                ymd(Some(2024), 3, 1),
            ),
            ("es", "3 Mar. (EUROPA PRESS)", "3 Mar.", ymd(None, 3, 3)),
            (
                "es",
                "5 de marzo de 2024 -",
                "5 de marzo de 2024",
                ymd(Some(2024), 3, 5),
            ),
            (
                "de",
                "12. März 2024 (Reuters)",
                "12. März 2024",
                ymd(Some(2024), 3, 12),
            ),
            ("de", "13.09.2023 –", "13.09.2023", ymd(Some(2023), 9, 13)),
            (
                "pt",
                "5 de maio de 2024 (Agência Brasil)",
                "5 de maio de 2024",
                ymd(Some(2024), 5, 5),
            ),
            (
                "pt",
                "03 set 2025 (Lusa)",
                "03 set 2025",
                ymd(Some(2025), 9, 3),
            ),
        ];
        for (lang, text, want_text, want) in cases {
            let (got_text, got) = read(lang, text).unwrap_or_else(|| panic!("{lang}: {text}"));
            assert_eq!(
                (got_text.as_str(), got),
                (want_text, want),
                "{lang}: {text}"
            );
        }
    }

    #[test]
    fn weekdays_are_kept() {
        let (t, w) = read("it", "domenica 1 agosto 2021 –").unwrap();
        assert_eq!(t, "domenica 1 agosto 2021");
        assert_eq!(w.weekday, Some(7));
        let (t, w) = read("en", "Tuesday, Sept. 12 -").unwrap();
        assert_eq!(t, "Tuesday, Sept. 12");
        assert_eq!(w.weekday, Some(2));
    }

    #[test]
    fn impossible_or_partial_dates_are_no_dates() {
        for (lang, text) in [
            ("it", "31 febbraio 2023"),
            ("it", "29 febbraio 2023"),
            ("it", "30 febbraio"),
            ("it", "32 marzo"),
            ("it", "marzo"),
            ("it", "5mar"),
            ("en", "13 persons"),
            ("de", "13.13.2023"),
        ] {
            let got = read(lang, text).map(|r| r.0);
            assert_ne!(got.as_deref(), Some(text), "{lang}: {text}");
        }
        assert_eq!(read("it", "32 marzo"), None);
        assert_eq!(read("it", "29 febbraio").unwrap().1, ymd(None, 2, 29));
        assert_eq!(read("it", "5 mar2023").unwrap().0, "5 mar");
    }

    #[test]
    fn bad_patterns_name_their_line() {
        let line = |text| Line {
            path: "it/dateline/date_patterns.txt",
            number: 4,
            text,
        };
        for (text, msg) in [
            ("[D M", "unclosed ["),
            ("D M]", "unmatched ]"),
            ("D Q", "unknown pattern item Q"),
            ("Day M", "single capitals"),
            ("[]", "empty [ ]"),
        ] {
            let e = Pattern::parse(&line(text)).unwrap_err().to_string();
            assert!(
                e.starts_with("resources/it/dateline/date_patterns.txt:4: ") && e.contains(msg),
                "{text}: {e}"
            );
        }
    }
}
