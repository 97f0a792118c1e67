//! Prefix and suffix tests for the short words and marks of the word lists.
//!
//! `str::ends_with` and `starts_with` compare through a call to the C
//! library's `memcmp` whenever the length is not a constant. The lists test
//! a word against many endings of a few bytes each (role and surname
//! endings, a landmark's class nouns, quotation marks, dashes), where that
//! call costs more than the compare: these compare the bytes in line, the
//! last (or first) one first, since that rules most candidates out.

/// True when `s` ends with `suffix` (as [`str::ends_with`]).
#[inline]
pub fn ends_with(s: &str, suffix: &str) -> bool {
    let (s, suffix) = (s.as_bytes(), suffix.as_bytes());
    s.len() >= suffix.len()
        && s[s.len() - suffix.len()..]
            .iter()
            .rev()
            .zip(suffix.iter().rev())
            .all(|(a, b)| a == b)
}

/// True when `s` starts with `prefix` (as [`slice::starts_with`]).
#[inline]
pub fn starts_with(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s.iter().zip(prefix).all(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library() {
        let words = [
            "",
            "a",
            "é",
            "ab",
            "ba",
            "ssa",
            "essa",
            "ministra",
            "sprecherin",
            "in",
            "rin",
            "«",
            "« ",
            "—",
            "–",
            "-",
            "--",
            "»",
            "ministre",
            "ré",
            "e",
        ];
        for s in words {
            for t in words {
                assert_eq!(ends_with(s, t), s.ends_with(t), "{s:?} {t:?}");
                assert_eq!(
                    starts_with(s.as_bytes(), t.as_bytes()),
                    s.starts_with(t),
                    "{s:?} {t:?}"
                );
            }
        }
    }
}
