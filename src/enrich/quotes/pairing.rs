//! Pairing marks into quoted spans, paragraph by paragraph, in linear time.
//!
//! Within a paragraph, marks go through a stack: a mark that can close the
//! style of an opener on the stack closes the nearest such opener (openers
//! above it were strays and are dropped); otherwise a mark that can open is
//! pushed. The stack is capped ([`MAX_DEPTH`]; the oldest opener falls off),
//! so each mark costs O(1) whatever the input.
//!
//! Of the closed pairs, those inside another closed pair are nested quotes
//! and are not reported: the outer quote is the quote. Openers left unclosed
//! at the end of a paragraph are strays — unless the next paragraph opens
//! with a mark of the same style, the convention for a quotation that runs
//! over several paragraphs: the paragraph's part is then reported up to the
//! paragraph's end, and the next part is flagged as its continuation. A
//! stray never swallows anything after it.

use std::collections::VecDeque;
use std::ops::Range;

use super::marks::Mark;

/// How many unclosed openers a paragraph keeps at most.
pub const MAX_DEPTH: usize = 8;

/// A quoted span of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Bytes of the opening mark.
    pub open: Range<usize>,
    /// Bytes of the closing mark; `None` when the quote runs on to the next
    /// paragraph.
    pub close: Option<Range<usize>>,
    /// The quoted text, marks and surrounding spaces excluded.
    pub inner: Range<usize>,
    /// Index of the paragraph holding the quote.
    pub paragraph: usize,
    /// The quote continues a quote left open at the end of the paragraph
    /// before.
    pub continues: bool,
}

impl Candidate {
    /// Bytes from the opening mark to the closing mark (or the inner text's
    /// end when there is none).
    pub fn extent(&self) -> Range<usize> {
        self.open.start..self.close.as_ref().map_or(self.inner.end, |c| c.end)
    }
}

/// Pairs `marks` (in text order) into the top-level quotes of `text`.
pub fn pair(text: &str, paragraphs: &[Range<usize>], marks: &[Mark]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut m = 0;
    let mut continues_at: Option<usize> = None;
    for (p, para) in paragraphs.iter().enumerate() {
        while m < marks.len() && marks[m].start < para.start {
            m += 1;
        }
        let first = m;
        let mut stack: VecDeque<usize> = VecDeque::new();
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        while m < marks.len() && marks[m].end <= para.end {
            let mark = &marks[m];
            let closing = (mark.closes != 0)
                .then(|| {
                    stack
                        .iter()
                        .rposition(|&o| marks[o].opens & mark.closes != 0)
                })
                .flatten();
            if let Some(k) = closing {
                pairs.push((stack[k], Some(m)));
                stack.truncate(k);
            } else if mark.opens != 0 {
                if stack.len() == MAX_DEPTH {
                    stack.pop_front();
                }
                stack.push_back(m);
            }
            m += 1;
        }
        // A quote left open runs on when the next paragraph opens with its style.
        let next_open = paragraphs.get(p + 1).and_then(|next| {
            let mut j = m;
            while j < marks.len() && marks[j].start < next.start {
                j += 1;
            }
            marks
                .get(j)
                .filter(|mk| mk.start == next.start && mk.opens != 0)
                .map(|_| j)
        });
        let mut runs_on = false;
        if let Some(j) = next_open {
            if let Some(&o) = stack
                .iter()
                .find(|&&o| marks[o].opens & marks[j].opens != 0)
            {
                pairs.push((o, None));
                runs_on = true;
            }
        }
        pairs.sort_by_key(|&(o, _)| o);
        let mut covered_to = para.start;
        for (o, c) in pairs {
            let open = &marks[o];
            let end = c.map_or(para.end, |c| marks[c].start);
            if open.start < covered_to {
                continue;
            }
            covered_to = c.map_or(para.end, |c| marks[c].end);
            let inner = trim(text, open.end..end);
            if inner.is_empty() {
                continue;
            }
            out.push(Candidate {
                open: open.start..open.end,
                close: c.map(|c| marks[c].start..marks[c].end),
                inner,
                paragraph: p,
                continues: continues_at == Some(o) && o == first,
            });
        }
        continues_at = if runs_on { next_open } else { None };
    }
    out
}

/// `r` without leading and trailing whitespace (no-break spaces included).
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

#[cfg(test)]
mod tests {
    use super::super::marks::{scan, MarkTable};
    use super::*;
    use crate::enrich::document::Document;
    use crate::enrich::language::Lang;

    fn quotes(text: &str, lang: Lang) -> Vec<(String, bool, bool)> {
        let table = MarkTable::load(&format!("{}/quotes/marks.txt", lang.code())).unwrap();
        let doc = Document::new(None, text, &Default::default());
        let t = doc.body.as_str();
        let marks = scan(t, &table);
        pair(t, &doc.body.paragraphs, &marks)
            .into_iter()
            .map(|c| {
                (
                    t[c.inner.clone()].to_owned(),
                    c.close.is_none(),
                    c.continues,
                )
            })
            .collect()
    }

    fn texts(text: &str, lang: Lang) -> Vec<String> {
        quotes(text, lang).into_iter().map(|q| q.0).collect()
    }

    #[test]
    fn every_style_pairs() {
        assert_eq!(texts("a \"uno\" b", Lang::En), ["uno"]);
        assert_eq!(texts("a “uno” b", Lang::En), ["uno"]);
        assert_eq!(texts("a « uno » b", Lang::Fr), ["uno"]);
        assert_eq!(texts("a \u{a0}«\u{202f}uno\u{202f}» b", Lang::Fr), ["uno"]);
        assert_eq!(texts("a „uno“ b", Lang::De), ["uno"]);
        assert_eq!(texts("a »uno« b", Lang::De), ["uno"]);
        assert_eq!(texts("a ‘uno’ b", Lang::En), ["uno"]);
        assert_eq!(texts("a ''l'uno'' b", Lang::It), ["l'uno"]);
    }

    #[test]
    fn nested_quote_is_part_of_the_outer_one() {
        assert_eq!(
            texts(
                "Khan said: ‘Some call it a “crime capital”, wrongly.’",
                Lang::En
            ),
            ["Some call it a “crime capital”, wrongly."]
        );
        assert_eq!(
            texts(
                "fügte hinzu: »Alle reden von einem ›Wunder‹. Aber nein.«",
                Lang::De
            ),
            ["Alle reden von einem ›Wunder‹. Aber nein."]
        );
    }

    #[test]
    fn stray_opener_does_not_swallow_the_rest() {
        assert_eq!(
            texts("Un \" isolato. Poi «vero», ha detto. E «altro».", Lang::It),
            ["vero", "altro"]
        );
        assert_eq!(texts("«Aperto e mai chiuso.\nDopo «sì».", Lang::It), ["sì"]);
    }

    #[test]
    fn quote_running_over_paragraphs_is_reported_by_part() {
        let q = quotes(
            "\"First part,\" he said. \"Second.\n\"Third part.\"\nAfter.",
            Lang::En,
        );
        assert_eq!(
            q,
            [
                ("First part,".into(), false, false),
                ("Second.".into(), true, false),
                ("Third part.".into(), false, true),
            ]
        );
    }

    #[test]
    fn many_stray_marks_stay_linear() {
        let text = "\u{201c}".repeat(100_000) + " fine «ok».";
        let q = texts(&text, Lang::It);
        assert!(q.iter().all(|s| !s.is_empty()));
    }
}
