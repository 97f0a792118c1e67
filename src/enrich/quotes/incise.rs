//! An attribution set off by dashes inside one pair of quotation marks:
//! `"Il problema - ha proseguito Lupi - è il traffico"`, `«El agua —dijo la
//! ministra— no alcanza»`. The reporter's words are no part of the quote:
//! it is two quotes, as if the marks closed before the first dash and opened
//! after the second, and the attribution between them names the speaker of
//! both.

use super::lexicon::{fold, Rules};
use super::pairing::Candidate;

/// The most words an attribution between dashes holds (`ha aggiunto il
/// ministro dell'Economia`).
const MAX_WORDS: usize = 8;

/// The dashes that may set off an attribution.
#[cfg(test)]
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// Byte offset of the first dash of `s` that may set off an attribution
/// (`-`, `–`, `—`), found by its bytes: `-`, or the lead byte 0xE2 that
/// `–` (E2 80 93) and `—` (E2 80 94) share, vectorised with `memchr`.
fn find_dash(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr2(b'-', 0xe2, &b[from..]) {
        let at = from + k;
        if b[at] == b'-' || matches!(b.get(at + 1..at + 3), Some([0x80, 0x93 | 0x94])) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `cands` with every closed quote that holds an attribution between dashes
/// split in two around it.
pub fn split(text: &str, cands: Vec<Candidate>, rules: &Rules) -> Vec<Candidate> {
    if !cands
        .iter()
        .any(|c| c.close.is_some() && find_dash(&text[c.inner.clone()]).is_some())
    {
        return cands;
    }
    let mut out = Vec::with_capacity(cands.len() + 1);
    for c in cands {
        match c
            .close
            .as_ref()
            .and_then(|_| attribution(text, c.inner.clone(), rules))
        {
            Some((first_end, second_start)) => {
                let inner_end = c.inner.end;
                out.push(Candidate {
                    open: c.open.clone(),
                    close: Some(first_end..first_end),
                    inner: trim(text, c.inner.start..first_end),
                    paragraph: c.paragraph,
                    continues: c.continues,
                });
                out.push(Candidate {
                    open: second_start..second_start,
                    close: c.close,
                    inner: trim(text, second_start..inner_end),
                    paragraph: c.paragraph,
                    continues: false,
                });
            }
            None => out.push(c),
        }
    }
    out
}

/// Where the quoted words stop before an attribution between dashes in
/// `inner`, and where they resume after it: the first dash has a blank
/// before it, the second a blank or a punctuation mark after it, and the
/// words between are a few, with a speech verb among them.
fn attribution(text: &str, inner: std::ops::Range<usize>, rules: &Rules) -> Option<(usize, usize)> {
    let s = &text[inner.clone()];
    let mut from = 0;
    while let Some(k) = find_dash(&s[from..]) {
        let d1 = from + k;
        let dash_len = s[d1..].chars().next().map_or(1, char::len_utf8);
        from = d1 + dash_len;
        let blank_before = s[..d1].ends_with(char::is_whitespace);
        // A hyphen needs blanks on both sides; a long dash may touch the
        // attribution (`—dijo`).
        let opens = blank_before
            && (s[from..].starts_with(char::is_whitespace)
                || (s[d1..].starts_with(['–', '—']) && s[from..].starts_with(char::is_alphabetic)));
        if !opens || s[..d1].trim().is_empty() {
            continue;
        }
        let d2 = from + find_dash(&s[from..])?;
        let between = &s[from..d2];
        let words: Vec<&str> = between.split_whitespace().collect();
        if words.is_empty()
            || words.len() > MAX_WORDS
            || between.contains(['"', '«', '»', '“', '”', '.', ';', ':', '?', '!'])
        {
            continue;
        }
        if !words.iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            rules.is_verb(&fold(w))
        }) {
            continue;
        }
        let after_dash = d2 + s[d2..].chars().next().map_or(1, char::len_utf8);
        let rest = &s[after_dash..];
        let closes = rest.starts_with(char::is_whitespace) || rest.starts_with(['.', ',', ';']);
        let resume = after_dash + rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';'))
                .len();
        if !closes || s[resume..].trim().is_empty() {
            continue;
        }
        return Some((inner.start + d1, inner.start + resume));
    }
    None
}

/// `r` without the blanks (and a comma) at its ends.
fn trim(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[r.clone()];
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let t = t.trim_end().trim_end_matches(',').trim_end();
    r.start + lead..r.start + lead + t.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::language::Lang;

    fn parts(lang: Lang, inner: &str) -> Option<(String, String)> {
        let rules = Rules::load(lang).expect("rules load");
        let (a, b) = attribution(inner, 0..inner.len(), &rules)?;
        Some((inner[..a].to_owned(), inner[b..].to_owned()))
    }

    #[test]
    fn dashes_are_found_as_by_their_characters() {
        for s in [
            "",
            "no dash",
            "a - b",
            "a – b — c",
            "—dijo",
            "x‐y ‑ z − w",
            "€ … “quoted” ‒ – -",
            "é\u{2012}\u{2013}",
        ] {
            assert_eq!(find_dash(s), s.find(is_dash), "{s}");
            for (at, _) in s.char_indices() {
                assert_eq!(find_dash(&s[at..]), s[at..].find(is_dash), "{s} {at}");
            }
        }
    }

    #[test]
    fn an_attribution_between_dashes_cuts_the_quote() {
        let got = parts(Lang::It, "Il problema - ha proseguito Lupi - è il traffico");
        assert_eq!(
            got,
            Some(("Il problema ".to_owned(), "è il traffico".to_owned()))
        );
        let got = parts(Lang::Es, "El agua —dijo la ministra— no alcanza");
        assert_eq!(got.map(|g| g.1), Some("no alcanza".to_owned()));
        let got = parts(
            Lang::It,
            "Non è un deserto - ha aggiunto il ministro -. Qui nascerà",
        );
        assert_eq!(got.map(|g| g.1), Some("Qui nascerà".to_owned()));
    }

    #[test]
    fn dashes_without_a_speech_verb_or_with_a_sentence_between_stay() {
        assert_eq!(
            parts(
                Lang::It,
                "La tratta Roma - Milano resta - anche d'inverno - piena"
            ),
            None
        );
        assert_eq!(parts(Lang::It, "Il bilancio 2020-2021 è chiuso"), None);
        assert_eq!(parts(Lang::It, "Prima - ha detto. Poi - niente"), None);
        // Nothing quoted before the first dash, or after the second.
        assert_eq!(parts(Lang::It, "- ha detto Rossi - bene"), None);
        assert_eq!(parts(Lang::It, "Bene - ha detto Rossi -"), None);
    }

    #[test]
    fn the_two_halves_lose_their_blanks_and_a_trailing_comma() {
        let text = "ab ,  cd";
        assert_eq!(trim(text, 0..text.len()), 0..text.len());
        let text = "  ab ,  ";
        assert_eq!(&text[trim(text, 0..text.len())], "ab");
    }
}
