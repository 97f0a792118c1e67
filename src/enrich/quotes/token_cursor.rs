//! Finding tokens by byte offset when the offsets come in text order.
//!
//! A binary search over all of a long article's tokens touches a dozen cache
//! lines far apart for every lookup. A [`TokenCursor`] remembers its last
//! answer and gallops from there: looking up offsets in text order costs the
//! logarithm of the distance between them, on memory that is already warm;
//! any order stays correct.

use crate::enrich::document::Token;

/// Answers [`FieldText::token_at_or_after`] from its last answer.
///
/// [`FieldText::token_at_or_after`]: crate::enrich::document::FieldText::token_at_or_after
#[derive(Debug, Clone)]
pub struct TokenCursor<'t> {
    tokens: &'t [Token],
    at: usize,
}

impl<'t> TokenCursor<'t> {
    /// A cursor over `tokens` (in text order), at the first.
    pub fn new(tokens: &'t [Token]) -> TokenCursor<'t> {
        TokenCursor { tokens, at: 0 }
    }

    /// Index of the first token that starts at or after `byte`.
    pub fn at_or_after(&mut self, byte: usize) -> usize {
        let tokens = self.tokens;
        let n = tokens.len();
        // The answer is in `lo..=hi`; `hi` is `n` or a token starting at or
        // after `byte`.
        let (mut lo, mut hi);
        let mut step = 1;
        if self.at == n || tokens[self.at].start >= byte {
            hi = self.at;
            loop {
                if hi < step {
                    lo = 0;
                    break;
                }
                let p = hi - step;
                if tokens[p].start < byte {
                    lo = p + 1;
                    break;
                }
                hi = p;
                step *= 2;
            }
        } else {
            lo = self.at + 1;
            loop {
                let p = lo + step - 1;
                if p >= n {
                    hi = n;
                    break;
                }
                if tokens[p].start >= byte {
                    hi = p;
                    break;
                }
                lo = p + 1;
                step *= 2;
            }
        }
        self.at = lo + tokens[lo..hi].partition_point(|t| t.start < byte);
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::document::Document;

    #[test]
    fn answers_as_a_binary_search_does_in_any_order() {
        let text = "Il ministro, «ha detto», è partito. Poi   basta!\n\nAltro: sì.";
        let doc = Document::new(None, text, &Default::default());
        let field = &doc.body;
        let mut cursor = TokenCursor::new(&field.tokens);
        let len = field.as_str().len();
        // Forward, backward, repeated, jumping: every byte offset and past the end.
        let mut offsets: Vec<usize> = (0..=len + 2).collect();
        offsets.extend((0..=len).rev());
        offsets.extend((0..=len).map(|i| (i * 37) % (len + 1)));
        offsets.extend([0, 0, len, len, 3, 3, len + 5, 0]);
        for b in offsets {
            assert_eq!(
                cursor.at_or_after(b),
                field.token_at_or_after(b),
                "byte {b}"
            );
        }
        assert_eq!(TokenCursor::new(&[]).at_or_after(4), 0);
    }
}
