//! Which language an article is in, and whose rules enrich it.
//!
//! A `language` field on the input wins (`it`, `it-IT`, `ita` all mean
//! Italian); otherwise a vote of function words ([`vote`]) names the
//! language when it is sure, and `whatlang` identifies the text when it is
//! not. newswire has rules for six languages ([`Lang`]); an article in any
//! other language is reported with its own code and enriched with the rules
//! of the closest of the six (as the detector ranks them), or English when
//! nothing is close.

pub mod vote;

use std::collections::HashMap;

use crate::enrich::resources::{self, ResourceError};
use vote::FunctionWords;

/// A language newswire has rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Italian.
    It,
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
    /// Portuguese.
    Pt,
}

impl Lang {
    /// Every supported language, in a fixed order.
    pub const ALL: [Lang; 6] = [Lang::It, Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Pt];

    /// The ISO 639-1 code, which is also the language's resources folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Pt => "pt",
        }
    }

    /// The supported language with ISO 639-1 code `code`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn from_whatlang(l: whatlang::Lang) -> Option<Lang> {
        Some(match l {
            whatlang::Lang::Ita => Lang::It,
            whatlang::Lang::Eng => Lang::En,
            whatlang::Lang::Fra => Lang::Fr,
            whatlang::Lang::Spa => Lang::Es,
            whatlang::Lang::Deu => Lang::De,
            whatlang::Lang::Por => Lang::Pt,
            _ => return None,
        })
    }

    fn to_whatlang(self) -> whatlang::Lang {
        match self {
            Lang::It => whatlang::Lang::Ita,
            Lang::En => whatlang::Lang::Eng,
            Lang::Fr => whatlang::Lang::Fra,
            Lang::Es => whatlang::Lang::Spa,
            Lang::De => whatlang::Lang::Deu,
            Lang::Pt => whatlang::Lang::Por,
        }
    }
}

/// The outcome of identification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identified {
    /// What `enrichment.language` says: an ISO 639-1 code where one exists,
    /// else the code as given or detected; `und` when nothing could tell.
    pub code: String,
    /// Whose rules enrich the article.
    pub rules: Lang,
}

/// How much text the detector reads: enough for a confident answer, bounded
/// so that long articles cost nothing extra.
const SAMPLE_BYTES: usize = 4096;

/// Identifies languages; built once from `shared/languages.tsv` and the
/// function-word lists.
#[derive(Debug, Clone)]
pub struct Identifier {
    iso1: HashMap<&'static str, &'static str>,
    function_words: FunctionWords,
    allowlisted: whatlang::Detector,
}

impl Identifier {
    /// Loads the code table and the function-word lists.
    pub fn load() -> Result<Self, ResourceError> {
        let path = "shared/languages.tsv";
        let mut iso1 = HashMap::new();
        for line in resources::lines(path)? {
            let cols = line.columns(2)?;
            iso1.insert(cols[0], cols[1]);
        }
        let allow = Lang::ALL.iter().map(|l| l.to_whatlang()).collect();
        Ok(Identifier {
            iso1,
            function_words: FunctionWords::load()?,
            allowlisted: whatlang::Detector::with_allowlist(allow),
        })
    }

    /// Identifies the language of an article from its declared `language`
    /// (wins when present) or its text.
    pub fn identify(&self, declared: Option<&str>, title: Option<&str>, body: &str) -> Identified {
        if let Some(code) = declared.and_then(|d| self.normalise_declared(d)) {
            let rules = Lang::from_code(&code).unwrap_or_else(|| self.closest(title, body));
            return Identified { code, rules };
        }
        let head = &body[..floor_char_boundary(body, SAMPLE_BYTES)];
        let parts = [title.unwrap_or(""), head];
        if let Some(rules) = self.function_words.vote(&parts) {
            return Identified {
                code: rules.code().to_owned(),
                rules,
            };
        }
        let sample = sample(title, body);
        match whatlang::detect_lang(&sample) {
            Some(l) => match Lang::from_whatlang(l) {
                Some(rules) => Identified {
                    code: rules.code().to_owned(),
                    rules,
                },
                None => Identified {
                    code: self.iso1.get(l.code()).unwrap_or(&l.code()).to_string(),
                    rules: self.closest(title, body),
                },
            },
            None => Identified {
                code: "und".to_owned(),
                rules: Lang::En,
            },
        }
    }

    /// `it-IT`, `IT`, `ita`, ` it ` → `it`; `None` for an empty value.
    fn normalise_declared(&self, declared: &str) -> Option<String> {
        let primary = declared
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary.is_empty() {
            return None;
        }
        Some(
            self.iso1
                .get(primary.as_str())
                .map_or(primary.clone(), |c| c.to_string()),
        )
    }

    fn closest(&self, title: Option<&str>, body: &str) -> Lang {
        self.allowlisted
            .detect_lang(&sample(title, body))
            .and_then(Lang::from_whatlang)
            .unwrap_or(Lang::En)
    }
}

/// The largest char boundary of `s` at or before `max`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

fn sample(title: Option<&str>, body: &str) -> String {
    let end = floor_char_boundary(body, SAMPLE_BYTES);
    match title {
        Some(t) => format!("{t}\n{}", &body[..end]),
        None => body[..end].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Identifier {
        Identifier::load().unwrap()
    }

    #[test]
    fn declared_language_wins_in_any_spelling() {
        let text = "The president said on Monday that the talks would go on.";
        for d in ["it", "it-IT", "IT", "ita", " it_IT "] {
            let got = id().identify(Some(d), None, text);
            assert_eq!(
                got,
                Identified {
                    code: "it".into(),
                    rules: Lang::It
                },
                "{d}"
            );
        }
    }

    #[test]
    fn detects_the_six_languages() {
        let cases = [
            (
                "Il presidente ha detto che i colloqui continueranno anche domani a Roma.",
                Lang::It,
            ),
            (
                "The president said on Monday that the talks would continue in London.",
                Lang::En,
            ),
            (
                "Le président a déclaré lundi que les discussions se poursuivraient à Paris.",
                Lang::Fr,
            ),
            (
                "El presidente dijo el lunes que las conversaciones continuarán en Madrid.",
                Lang::Es,
            ),
            (
                "Der Präsident sagte am Montag, dass die Gespräche in Berlin weitergehen.",
                Lang::De,
            ),
            (
                "O presidente disse na segunda-feira que as conversas vão continuar em Lisboa.",
                Lang::Pt,
            ),
        ];
        for (text, want) in cases {
            let got = id().identify(None, None, text);
            assert_eq!(got.rules, want, "{text}");
            assert_eq!(got.code, want.code());
        }
    }

    #[test]
    fn other_languages_keep_their_code_and_borrow_rules() {
        let got = id().identify(
            None,
            None,
            "De minister zei maandag dat de gesprekken in Amsterdam doorgaan.",
        );
        assert_eq!(got.code, "nl");
        let declared = id().identify(Some("ru"), None, "Il presidente ha parlato a lungo oggi.");
        assert_eq!(declared.code, "ru");
        assert_eq!(declared.rules, Lang::It);
    }

    #[test]
    fn neighbours_of_the_six_and_far_languages_keep_their_own_code() {
        let cases = [
            ("L'alcalde ha dit que les obres de la nova línia estaran acabades abans que acabi l'any.", "ca"),
            ("Primarul a spus că lucrările la noua linie vor fi terminate până la sfârșitul anului.", "ro"),
            ("Borgmästaren sade att arbetet med den nya linjen ska vara klart före årets slut.", "sv"),
            ("Burmistrz powiedział, że prace na nowej linii zakończą się przed końcem roku.", "pl"),
            ("A polgármester szerint az új vonal munkálatai az év végéig befejeződnek.", "hu"),
        ];
        for (text, want) in cases {
            assert_eq!(id().identify(None, None, text).code, want, "{text}");
        }
    }

    #[test]
    fn a_text_too_short_for_the_vote_goes_to_the_full_detector() {
        assert_eq!(
            id().identify(None, None, "Governo aprova orçamento").code,
            "pt"
        );
        let got = id().identify(
            None,
            Some("Governo aprova orçamento"),
            "O ministro das Finanças disse que o orçamento vai ser votado na próxima semana.",
        );
        assert_eq!(got.rules, Lang::Pt);
    }

    #[test]
    fn a_quote_in_another_language_does_not_change_the_article_s() {
        let got = id().identify(
            None,
            None,
            "La polizia ha arrestato i sospetti lunedì. \"We did our job and we are proud of it\", ha detto il questore ai giornalisti.",
        );
        assert_eq!(got.code, "it");
    }

    #[test]
    fn nothing_to_read_is_undetermined() {
        assert_eq!(id().identify(None, None, "12 34 !!").code, "und");
        assert_eq!(id().identify(Some(""), None, "").code, "und");
    }
}
