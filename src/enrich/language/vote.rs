//! A cheap first guess at a text's language: a vote of function words.
//!
//! Every list in `resources/shared/function_words/` (one per language: the six
//! newswire has rules for, and close neighbours that are there only to vote
//! against them) counts the words of the text it holds. Function words make a
//! large share of any text and say a lot about its language, so one pass over
//! a few hundred words with a hash lookup each is enough where the full
//! detector scores every trigram profile it knows.
//!
//! The vote is *sure* only when one of the six wins against every other list,
//! pair by pair, on the words only it holds: at least [`MIN_OWN`] of them and
//! [`RATIO`] times as many as the rival's own words. Shared words (`de`, `la`,
//! `in`) count for nobody in a pair, so Spanish against Catalan or German
//! against Dutch is decided by the words that tell them apart. The winner's
//! words must also be at least 1/[`COVER`] of the text, so that a language
//! with no list (Polish, Tagalog, Hungarian), whose words only rarely meet
//! ours, never looks like one of the six. Otherwise the vote abstains and the
//! caller asks the full detector.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::Lang;
use crate::enrich::resources::{self, ResourceError};

/// Where the lists are: one `<code>.txt` per language, `<code>` its ISO 639-1
/// code.
const FOLDER: &str = "shared/function_words";

/// The fewest words the winner must hold that a rival does not.
const MIN_OWN: u32 = 2;

/// How many times the rival's own words the winner's own words must be.
const RATIO: u32 = 3;

/// The winner's words must be at least one in `COVER` of the text's words.
const COVER: u32 = 5;

/// The function-word lists, compiled once.
#[derive(Debug, Clone)]
pub struct FunctionWords {
    /// Each list's language: one of the six, or `None` for a neighbour.
    langs: Vec<Option<Lang>>,
    /// Word → which entry of `masks` says the lists that hold it.
    words: HashMap<&'static str, u16, FixedState>,
    /// The distinct sets of lists that hold a word, one bit per list.
    masks: Vec<u32>,
    /// The longest word's length in bytes: longer words are not looked up.
    longest: usize,
}

impl FunctionWords {
    /// Loads every list; each of the six must have one.
    pub fn load() -> Result<Self, ResourceError> {
        let paths = resources::files_in(FOLDER)?;
        let mut langs = Vec::new();
        let mut words: HashMap<&'static str, u32, FixedState> = HashMap::default();
        for path in paths {
            let Some(code) = path
                .strip_prefix(FOLDER)
                .and_then(|p| p.strip_prefix('/'))
                .and_then(|p| p.strip_suffix(".txt"))
            else {
                continue;
            };
            let bit = langs.len();
            if bit == u32::BITS as usize {
                return Err(ResourceError::Malformed {
                    path: path.to_owned(),
                    line: 1,
                    message: format!("more than {} lists", u32::BITS),
                });
            }
            for line in resources::lines(path)? {
                let w = line.text;
                if !w.chars().all(|c| c.is_alphabetic() && !c.is_uppercase()) {
                    return Err(line.error(format!("{w:?} is not one lowercase word")));
                }
                let mask = words.entry(w).or_default();
                if *mask & (1 << bit) != 0 {
                    return Err(line.error(format!("duplicate entry {w:?}")));
                }
                *mask |= 1 << bit;
            }
            langs.push(Lang::from_code(code));
        }
        if let Some(l) = Lang::ALL.into_iter().find(|l| !langs.contains(&Some(*l))) {
            return Err(ResourceError::Missing {
                path: format!("{FOLDER}/{}.txt", l.code()),
            });
        }
        let longest = words.keys().map(|w| w.len()).max().unwrap_or(0);
        let mut masks: Vec<u32> = words.values().copied().collect();
        masks.sort_unstable();
        masks.dedup();
        let words = words
            .into_iter()
            .map(|(w, m)| (w, masks.binary_search(&m).unwrap_or(0) as u16))
            .collect();
        Ok(FunctionWords {
            langs,
            words,
            masks,
            longest,
        })
    }

    /// The language the function words of `parts` agree on, or `None` when
    /// the vote is not sure (see the module documentation).
    pub fn vote(&self, parts: &[&str]) -> Option<Lang> {
        let mut tally = Tally {
            words: 0,
            hits: vec![0; self.masks.len()],
        };
        let mut lower = String::new();
        for part in parts {
            for_each_word(part, |word, has_upper| {
                tally.words += 1;
                let ascii = word.is_ascii();
                // Lowercasing keeps an ASCII or lowercase word's length.
                if word.len() > self.longest && (ascii || !has_upper) {
                    return;
                }
                let key = if has_upper {
                    lower.clear();
                    if ascii {
                        lower.push_str(word);
                        lower.make_ascii_lowercase();
                    } else {
                        lower.extend(word.chars().flat_map(char::to_lowercase));
                    }
                    lower.as_str()
                } else {
                    word
                };
                if let Some(&id) = self.words.get(key) {
                    tally.hits[usize::from(id)] += 1;
                }
            });
        }
        self.decide(&tally)
    }

    fn decide(&self, tally: &Tally) -> Option<Lang> {
        // The sets of lists the text hit, and how often: few in any text.
        let seen: Vec<(u32, u32)> = self
            .masks
            .iter()
            .zip(&tally.hits)
            .filter(|(_, n)| **n > 0)
            .map(|(m, n)| (*m, *n))
            .collect();
        let count = |keep: &dyn Fn(u32) -> bool| -> u32 {
            seen.iter().filter(|(m, _)| keep(*m)).map(|(_, n)| n).sum()
        };
        let hits = |i: usize| count(&|m| m & (1 << i) != 0);
        // The most hits; on a tie the first list, so that the outcome is
        // deterministic (a tie never passes the pairwise test anyway).
        let best = (0..self.langs.len()).rev().max_by_key(|&i| hits(i))?;
        let lang = self.langs[best]?;
        if hits(best) * COVER < tally.words {
            return None;
        }
        let own = 1u32 << best;
        let beats_all = (0..self.langs.len()).filter(|&i| i != best).all(|i| {
            let rival = 1u32 << i;
            let mine = count(&|m| m & own != 0 && m & rival == 0);
            let theirs = count(&|m| m & rival != 0 && m & own == 0);
            mine >= MIN_OWN && mine >= RATIO * theirs
        });
        beats_all.then_some(lang)
    }
}

/// Calls `f` with every run of letters of `text` and whether it holds a
/// capital. ASCII bytes are classified without decoding; others as chars.
fn for_each_word(text: &str, mut f: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut has_upper = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (letter, upper, len) = if b.is_ascii() {
            (b.is_ascii_alphabetic(), b.is_ascii_uppercase(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphabetic(), c.is_uppercase(), c.len_utf8())
        };
        if letter {
            if start.is_none() {
                start = Some(i);
                has_upper = false;
            }
            has_upper |= upper;
        } else if let Some(s) = start.take() {
            f(&text[s..i], has_upper);
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..], has_upper);
    }
}

/// How many words were read, and how often each set of lists was hit.
#[derive(Debug)]
struct Tally {
    words: u32,
    /// Hits per entry of [`FunctionWords::masks`].
    hits: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw() -> FunctionWords {
        FunctionWords::load().unwrap()
    }

    #[test]
    fn every_list_loads_and_the_six_are_there() {
        let fw = fw();
        for l in Lang::ALL {
            assert!(fw.langs.contains(&Some(l)), "{}", l.code());
        }
        assert!(fw.langs.len() > Lang::ALL.len(), "neighbours vote too");
        let the = fw.masks[usize::from(fw.words["the"])];
        assert_eq!(the, 1 << fw_index(&fw, Lang::En));
    }

    fn fw_index(fw: &FunctionWords, l: Lang) -> usize {
        fw.langs.iter().position(|x| *x == Some(l)).unwrap()
    }

    #[test]
    fn sure_of_plain_sentences_in_the_six() {
        let cases = [
            (
                "Il sindaco ha detto che i lavori della nuova linea saranno finiti entro la fine dell'anno.",
                Lang::It,
            ),
            (
                "The mayor said that the work on the new line would be finished by the end of the year.",
                Lang::En,
            ),
            (
                "Le maire a dit que les travaux de la nouvelle ligne seront terminés avant la fin de l'année.",
                Lang::Fr,
            ),
            (
                "El alcalde dijo que las obras de la nueva línea estarán terminadas antes de que acabe el año.",
                Lang::Es,
            ),
            (
                "Der Bürgermeister sagte, dass die Arbeiten an der neuen Linie bis zum Ende des Jahres fertig sind.",
                Lang::De,
            ),
            (
                "O presidente da câmara disse que as obras da nova linha vão estar prontas até ao fim do ano.",
                Lang::Pt,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(fw().vote(&[text]), Some(want), "{text}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_in_any_script() {
        let mut got = Vec::new();
        for_each_word("L'Été: 12 CAFÉS, straße-Ärger и мир", |w, up| {
            got.push((w.to_owned(), up))
        });
        let want = [
            ("L", true),
            ("Été", true),
            ("CAFÉS", true),
            ("straße", false),
            ("Ärger", true),
            ("и", false),
            ("мир", false),
        ];
        let want: Vec<(String, bool)> = want.iter().map(|(w, u)| (w.to_string(), *u)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn title_and_body_vote_together_whatever_the_case() {
        assert_eq!(
            fw().vote(&["DIE REGIERUNG UND DER", "Haushalt ist nicht fertig."]),
            Some(Lang::De)
        );
    }

    #[test]
    fn abstains_on_neighbours_and_languages_without_a_list() {
        for text in [
            // Dutch, Catalan, Romanian, Swedish: neighbours with a list.
            "De gemeente heeft gezegd dat het werk aan de nieuwe lijn voor het einde van het jaar klaar is.",
            "L'alcalde ha dit que les obres de la nova línia estaran acabades abans que acabi l'any.",
            "Primarul a spus că lucrările la noua linie vor fi terminate până la sfârșitul anului.",
            "Borgmästaren sade att arbetet med den nya linjen ska vara klart före årets slut.",
            // Polish, Hungarian, Tagalog: no list.
            "Burmistrz powiedział, że prace na nowej linii zakończą się przed końcem roku.",
            "A polgármester szerint az új vonal munkálatai az év végéig befejeződnek.",
            "Sinabi ng alkalde na matatapos ang trabaho sa bagong linya bago matapos ang taon.",
        ] {
            assert_eq!(fw().vote(&[text]), None, "{text}");
        }
    }

    #[test]
    fn abstains_when_too_few_words_tell() {
        for text in [
            "",
            "12 34 !!",
            "Draghi a Bruxelles",
            "Prime minister resigns",
            "Governo aprova orçamento",
        ] {
            assert_eq!(fw().vote(&[text]), None, "{text:?}");
        }
    }

    #[test]
    fn a_quote_in_another_language_does_not_decide() {
        let text = "The minister said on Tuesday that the plan was \"une catastrophe pour la France\" and that the government would not back it.";
        assert_eq!(fw().vote(&[text]), Some(Lang::En));
    }
}
