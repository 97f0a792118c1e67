//! When a reading is a dateline: a false dateline is worse than a missing
//! one, so a place the gazetteer does not know needs an unmistakable shape.
//!
//! | place | accepted when |
//! |---|---|
//! | known to the gazetteer | a dash closes it, or a date or credit ends the line; a place that is also a common word of the language (`Como` in Spanish) needs a date, a credit or a region too, or the shape an unknown place needs (`SALVADOR –` in Portuguese) |
//! | unknown | as above (a date written with no comma, `NAMUR 02/12`, needs a known place or credit), and a date, a known agency or a region/country after a comma (`LAHAINA, Hawaii`); or it is in capitals, one to four words and at least four letters, closed by a dash (`CERNOBBIO -`) |
//! | known only as a person or organisation | as an unknown place, but capitals and a dash are not enough (`TRUMP —`) |
//!
//! A full stop or a colon instead of a dash (`GENOVA. Ha`, `Erfurt (epd).
//! Die`, `CHENNAI: The`) closes a dateline only after a date or a credit
//! (after a date with no credit, `Saint-Nazaire (Loire-Atlantique), le 23
//! novembre. Les`, only when the gazetteer knows the place), or
//! after a known place in capitals, or after a known place of two words or
//! more or with its region, and a full stop (Mexican papers' `Ciudad de
//! México. La`, `Guadalajara, Jalisco. El`): `Roma. Il governo` and `Roma:
//! il governo` are sentences.
//!
//! An unknown place never starts with a connector (`In Paris, …`, `Di
//! MARIO ROSSI -`), except an article before a known credit (`Le
//! Grand-Bornand (France) (AFP) -`; `shared/dateline/place_articles.txt`),
//! nor with a kicker label of the language (`BREAKING —`,
//! `ESCLUSIVO -`; `resources/<lang>/dateline/kickers.txt`).

use super::parse::Reading;
use super::Rules;

/// The most words of an unknown place accepted on capitals and a dash alone.
const MAX_CAPS_WORDS: usize = 4;

/// The fewest letters of an unknown place accepted on capitals and a dash
/// alone (`ER -`, `DIE -` are words, not towns).
const MIN_CAPS_LETTERS: usize = 4;

/// What the gazetteer says of a reading's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A place it knows.
    Known,
    /// A place it knows, whose name is also a common word of the language.
    KnownCommonWord,
    /// A person, organisation or continent, but no place.
    NotAPlace,
    /// Nothing it knows.
    Unknown,
}

/// True when `r` (read from `text`) is a dateline.
pub fn accept(r: &Reading, text: &str, known: Place, rules: &Rules) -> bool {
    if !(r.dash || r.date.is_some() || r.credit.is_some() || r.stop) {
        return false;
    }
    let dated_or_credited = r.date.is_some() || r.credit.is_some();
    let shaped = r.place.all_caps(text)
        || ((r.place.words.len() > 1 || !r.suffix_countries.is_empty())
            && text[..r.span.1].ends_with('.'));
    if r.stop && !dated_or_credited && (known != Place::Known || !shaped) {
        return false;
    }
    // A full stop after a date alone (`Saint-Nazaire (Loire-Atlantique), le
    // 23 novembre. Les`), or a date with no comma before it (`NAMUR 02/12
    // (BELGA) =`), needs a place the gazetteer knows or a known credit:
    // `Dimanche, 23 novembre. Les` and `Lundi 23 novembre -` are sentences.
    let known_credit = r.credit.is_some_and(|c| c.known);
    let strict = (r.stop && r.credit.is_none()) || r.glued_date;
    if strict && r.date.is_some() && known != Place::Known && !known_credit {
        return false;
    }
    let more = r.date.is_some() || r.credit.is_some() || !r.suffix_countries.is_empty();
    match known {
        Place::Known => return true,
        Place::KnownCommonWord if more => return true,
        // A place that is also a common word (`SALVADOR –` in Portuguese)
        // is at least as good as an unknown one: capitals and a dash.
        Place::KnownCommonWord | Place::NotAPlace | Place::Unknown => {}
    }
    let place = r.place.text(text);
    let first = r.place.words.first().map_or("", |&(s, e)| &text[s..e]);
    let article_opens = rules.place_articles.contains(first) && r.place.words.len() >= 2;
    if (rules.connectors.contains(first) && !(article_opens && known_credit))
        || rules.kickers.contains(first)
        || rules.kickers.contains(place)
    {
        return false;
    }
    if r.date.is_some() || known_credit || !r.suffix_countries.is_empty() {
        return true;
    }
    known != Place::NotAPlace
        && r.dash
        && r.place.all_caps(text)
        && r.place.words.len() <= MAX_CAPS_WORDS
        && place.chars().filter(|c| c.is_alphabetic()).count() >= MIN_CAPS_LETTERS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::dateline::parse::read;
    use crate::enrich::dateline::tests::gazetteer;
    use crate::enrich::language::Lang;

    fn judge(lang: Lang, text: &str, known: Place) -> bool {
        let rules = Rules::load(lang).unwrap();
        let r = read(text, 0, &rules, gazetteer()).expect("reads");
        accept(&r, text, known, &rules)
    }

    #[test]
    fn a_known_place_needs_only_a_dash() {
        assert!(judge(Lang::It, "NAPOLI - Un incendio", Place::Known));
        assert!(judge(Lang::It, "Napoli - Un incendio", Place::Known));
    }

    #[test]
    fn a_common_word_place_needs_more_than_a_dash() {
        assert!(!judge(Lang::En, "Nice — that was", Place::KnownCommonWord));
        assert!(judge(
            Lang::En,
            "Nice, Jan 3 (AP) — that",
            Place::KnownCommonWord
        ));
    }

    #[test]
    fn an_unknown_place_needs_an_unmistakable_shape() {
        for (lang, text) in [
            (Lang::En, "LAHAINA, Hawaii (AP) — The"),
            (Lang::En, "UNITED NATIONS, March 2 (Reuters) - The"),
            (Lang::De, "Essenbach (dpa) - Nach"),
            (Lang::It, "Cernobbio, 2 settembre 2023 - Il"),
            (Lang::It, "CERNOBBIO - Il forum"),
            (Lang::Fr, "Le Grand-Bornand (France) (AFP) - La"),
            (Lang::Es, "Los Realejos (EFE) - El"),
        ] {
            assert!(judge(lang, text, Place::Unknown), "{text}");
        }
        for (lang, text) in [
            (Lang::It, "Cernobbio - Il forum"),
            (Lang::It, "CRONACA - Un uomo"),
            (Lang::En, "BREAKING NEWS — The"),
            (Lang::En, "In Paris (AFP) - The"),
            (Lang::Fr, "Le Grand-Bornand - La"),
            (Lang::Fr, "Le Grand-Bornand (Loto) - La"),
            (Lang::It, "Enrico Letta (Pd) - Il"),
            (Lang::En, "ONE TWO THREE FOUR FIVE — The"),
            (Lang::De, "DIE - Regierung"),
        ] {
            assert!(!judge(lang, text, Place::Unknown), "{text}");
        }
    }

    #[test]
    fn a_full_stop_closes_a_known_place_in_capitals_or_after_a_credit() {
        assert!(judge(Lang::It, "GENOVA. Ha sei anni", Place::Known));
        assert!(judge(Lang::De, "Erfurt (epd). Die", Place::Known));
        assert!(judge(Lang::De, "Essenbach (dpa). Die", Place::Unknown));
        assert!(!judge(Lang::It, "Genova. Ha sei anni", Place::Known));
        assert!(judge(Lang::En, "CHENNAI: The company", Place::Known));
        assert!(!judge(Lang::It, "Roma: il governo", Place::Known));
        assert!(!judge(Lang::It, "CERNOBBIO. Il forum", Place::Unknown));
        assert!(!judge(Lang::En, "NICE. That was", Place::KnownCommonWord));
        assert!(!judge(Lang::En, "NATO. The alliance", Place::NotAPlace));
        assert!(judge(
            Lang::Es,
            "Ciudad de México. La Suprema",
            Place::Known
        ));
        assert!(!judge(
            Lang::Es,
            "Ciudad de México: la Suprema",
            Place::Known
        ));
        assert!(!judge(Lang::Es, "Ciudad Real. La", Place::KnownCommonWord));
    }

    #[test]
    fn a_common_word_place_in_capitals_and_a_dash_is_enough() {
        assert!(judge(Lang::Pt, "SALVADOR – Foram", Place::KnownCommonWord));
        assert!(!judge(Lang::Pt, "Salvador – Foram", Place::KnownCommonWord));
        assert!(!judge(Lang::Pt, "SALVADOR. Foram", Place::KnownCommonWord));
        // Kickers and short words stay out, as for unknown places.
        assert!(!judge(Lang::En, "BREAKING — The", Place::KnownCommonWord));
        assert!(!judge(Lang::En, "ELY — The", Place::KnownCommonWord));
    }

    #[test]
    fn a_full_stop_after_a_date_needs_a_known_place() {
        let text = "Saint-Nazaire (Loire-Atlantique), le 23 novembre. Les";
        assert!(judge(Lang::Fr, text, Place::Known));
        for (text, known) in [
            ("Dimanche, 23 novembre. Les bureaux", Place::Unknown),
            ("Dimanche, le 23 novembre. Les bureaux", Place::Unknown),
            ("Mars, le 23 novembre. Les", Place::KnownCommonWord),
            ("ONU, le 23 novembre. Les", Place::NotAPlace),
        ] {
            assert!(!judge(Lang::Fr, text, known), "{text}");
        }
        // A known credit is enough.
        assert!(judge(
            Lang::De,
            "Essenbach, 3. März (dpa). Die",
            Place::Unknown
        ));
    }

    #[test]
    fn a_date_with_no_comma_needs_a_known_place_or_credit() {
        assert!(judge(Lang::Fr, "NAMUR 02/12 (BELGA) = Le", Place::Known));
        assert!(judge(
            Lang::Fr,
            "HAVELANGE 02/12 (BELGA) = Le",
            Place::Unknown
        ));
        assert!(judge(Lang::Fr, "Namur 2 décembre - Le", Place::Known));
        assert!(!judge(Lang::Fr, "Lundi 23 novembre - La", Place::Unknown));
        assert!(!judge(Lang::Fr, "LUNDI 23 novembre - La", Place::Unknown));
        assert!(!judge(
            Lang::Fr,
            "Lundi 23 novembre (Liste) - La",
            Place::Unknown
        ));
    }

    #[test]
    fn a_name_known_as_no_place_needs_a_date_or_credit() {
        assert!(!judge(Lang::En, "TRUMP — The", Place::NotAPlace));
        assert!(judge(
            Lang::En,
            "UNITED NATIONS, March 2 (Reuters) - The",
            Place::NotAPlace
        ));
    }
}
