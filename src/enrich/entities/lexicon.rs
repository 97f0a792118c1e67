//! One language's entity knowledge, read once from `resources/<lang>/entities/`
//! and `resources/shared/entities/`.
//!
//! Every list is a plain word or phrase list (see [`crate::enrich::resources`]);
//! entries are stored folded ([`fold`]), so `Presidente` and `presidente`
//! match alike. A language may leave out the optional files; the shared files
//! serve every language.
//!
//! | file | what it holds |
//! |---|---|
//! | `titles.txt` | roles and titles that precede a person's name (`presidente del consiglio`, `chancellor`) |
//! | `title_suffixes.txt` | endings of compound titles (`ministerin` in `Bundesumweltministerin`) |
//! | `org_words.txt` | words that make a name an organisation (`ministero`, `university`) |
//! | `org_adjectives.txt` | lowercase adjectives that continue an organisation's name (`europea`) |
//! | `adjective_suffixes.txt` | endings of adjectives, tried on a common word after an organisation's head or noun (`culturels` in `trafic des biens culturels`) |
//! | `org_before.txt` | phrases before a name that make it an organisation (`agenzia di stampa`) |
//! | `place_words.txt` | words that make a name a place (`piazza`, `street`) |
//! | `place_before.txt` | phrases before a name that make it a place (`regione di`, `city of`) |
//! | `place_prepositions.txt` | prepositions that suggest a place follows (`in`, `nella`) |
//! | `inside_prepositions.txt` | prepositions of being inside a place, never before a person (`in`, `en`, `nel`) |
//! | `thing_before.txt` | nouns before the name of a thing that is no entity (`lanciatore`, `film`) |
//! | `particles.txt` | lowercase words inside names (`von`, `der`, `de`, `bin`) |
//! | `elisions.txt` | elided articles and prepositions cut off a name (`l'`, `dell'`) |
//! | `not_names.txt` | capitalised words that never start a name (weekdays, months) |
//! | `institutions.txt` | capitalised common nouns that name an organisation (`Senato`) |
//! | `common_words.txt` | common lowercase words (generated) |
//! | `settings.tsv` | `nouns_capitalised  true` where nouns are capitalised; `genitive_suffix  s`; `feminine_suffix  in`; `articles_before_names  true` where copy writes `o Pelé`; `possessive_s  true` where `'s` is a possessive ending (English) |
//! | `lowercase_heads.tsv` | lowercase nouns that head a name before a particle (`ministère de la Culture`): `word  organization|location` |
//! | `landmarks.tsv`, `landmark_stems.txt` | class nouns of landmarks and their English names (see [`super::landmark`]) |
//! | `portfolio_titles.txt` | titles whose portfolio follows in capitals (`ministra para la Transición Ecológica`) |
//! | `demonym_suffixes.txt` | endings that make a people's name of a place (`Londoners`, `Berliner`) |
//! | `conjunctions.txt` | conjunctions inside organisation names (`and` in `Department of Health and Human Services`) |
//! | `event_words.txt` | words that make a name an event or award, no entity (`Coppa`, `World Cup`) |
//! | `articles.txt` | articles and determiners that open a sentence before a name but are no part of it (`La`, `The`) |
//! | `origin_particles.txt` | particles that, after a lowercase noun, put a lone unknown name as a place more often than an organisation (`producteurs de Charente`) |
//! | `org_connectors.txt` | lowercase words that join parts of an organisation's name after its head word (`contra` in `Aliança Global contra a Fome`) |
//! | `adjective_endings.tsv` | inflected adjective endings and their listed form (`en  e`: `Deutschen Presse-Agentur` is looked up as `Deutsche Presse-Agentur`) |
//! | `common_endings.txt` | endings that mark a common noun where nouns are capitalised: a lone unknown word with one is no name (`Unternehmerin`, `Bundesregierung`) |
//! | `noun_endings.txt` | inflectional endings of nouns, tried off a word not in the common list (`Fördergeldern`) |
//! | `agent_verbs.txt` | verbs whose subject acts, decides or speaks (`imposed`, `a protesté`), with the speech verbs of `../quotes/verbs.txt` |
//! | `auxiliaries.txt` | auxiliaries between a subject and an agent verb's participle (`has`, `hatte`) |
//! | `clause_openers.txt` | lowercase words after which a clause's subject may follow (`that`, `que`, `dass`) |
//! | `article_prepositions.txt` | prepositions that, before an article, put a lone unknown name as a place (`en la Chiquitania`, `auf dem Kröpcke`) |
//! | `contracted_prepositions.txt` | prepositions joined to their article that do the same right before the name (`alla Sciorba`) |
//! | `../demonyms.txt` | demonyms and nationality adjectives of the language |
//! | shared `given_names.txt` | given names of people, any language |
//! | shared `org_suffixes.txt` | legal forms that end a company name (`Inc.`, `S.p.A.`) |
//! | shared `sub_bodies.txt` | organisation words that name a part of a larger body (`Comitato`, `Unidad`), folded |
//! | shared `law_heads.txt`, `law_tails.txt` | nouns that open (`Código`, `Plano`) or close (`Policy`, `Code`) the name of a law, plan or treaty, folded |
//! | shared `surname_endings.txt` | endings of surnames of many origins (`akis`, `ović`, `enko`): a lone unknown name with one is a person's |
//! | shared `seats.tsv` | capitals and the governments copy names by them (`Beijing  CN  Government of China`) |
//! | shared `org_words.txt`, `place_words.txt`, `event_words.txt` | the same lists' international words (`Street`, `Stadium`, `Cup`), added to every language's |

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

use crate::enrich::dateline;
use crate::enrich::gazetteer::{fold, Country};
use crate::enrich::language::Lang;
use crate::enrich::output::EntityKind;
use crate::enrich::packed::PackedMap;
use crate::enrich::resources::{self, ResourceError};

/// A set of folded phrases of up to [`PhraseSet::max_words`] words.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    set: HashSet<String, FixedState>,
    max_words: usize,
}

impl PhraseSet {
    /// Inserts the folded phrase, and without its final dot (`Gov.`,
    /// `Inc.`), as abbreviations are written both ways.
    fn insert(&mut self, phrase: &str) {
        for p in [phrase, phrase.trim_end_matches('.')] {
            let f = fold(p);
            if f.is_empty() {
                continue;
            }
            self.max_words = self.max_words.max(f.split(' ').count());
            self.set.insert(f);
        }
    }

    /// True when the folded `phrase` is in the set.
    pub fn contains(&self, folded: &str) -> bool {
        self.set.contains(folded)
    }

    /// The folded phrases, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.set.iter().map(String::as_str)
    }

    /// The longest phrase in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// The first space-separated word of a folded text (all of it when it has
/// no space).
pub fn first_word(folded: &str) -> &str {
    match folded.bytes().position(|b| b == b' ') {
        Some(at) => &folded[..at],
        None => folded,
    }
}

/// The last space-separated word of a folded text.
fn last_word(folded: &str) -> &str {
    match folded.bytes().rposition(|b| b == b' ') {
        Some(at) => &folded[at + 1..],
        None => folded,
    }
}

/// A set of folded words (short ones packed into the table, see [`PackedMap`]).
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    set: PackedMap<()>,
}

impl WordSet {
    /// True when `folded` is in the set.
    pub fn contains(&self, folded: &str) -> bool {
        self.set.contains_key(folded)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// The compiled lists of one language.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Titles and roles before a person's name.
    pub titles: PhraseSet,
    /// Endings of compound titles.
    pub title_suffixes: Vec<String>,
    /// Words that make a name an organisation.
    pub org_words: PhraseSet,
    /// Adjectives that continue an organisation's name.
    pub org_adjectives: PhraseSet,
    /// Endings of adjectives, longest first.
    pub adjective_suffixes: Vec<String>,
    /// Phrases before a name that make it an organisation.
    pub org_before: PhraseSet,
    /// Words that make a name a place.
    pub place_words: PhraseSet,
    /// Phrases before a name that make it a place.
    pub place_before: PhraseSet,
    /// Prepositions that suggest a place.
    pub place_prepositions: PhraseSet,
    /// Prepositions of being inside a place, never before a person.
    pub inside_prepositions: PhraseSet,
    /// Nouns before the name of a thing that is no entity.
    pub thing_before: PhraseSet,
    /// Lowercase words inside names.
    pub particles: PhraseSet,
    /// Elided words cut off a name.
    pub elisions: PhraseSet,
    /// Capitalised words that never start a name.
    pub not_names: PhraseSet,
    /// Capitalised common nouns that name an organisation.
    pub institutions: PhraseSet,
    /// Lowercase heads of names before a particle, with the type they give.
    pub lowercase_heads: HashMap<String, EntityKind, FixedState>,
    /// Class nouns of landmarks and the English names they make.
    pub landmarks: super::landmark::Landmarks,
    /// Titles whose portfolio follows in capitals.
    pub portfolio_titles: PhraseSet,
    /// Words that make a name an event or award.
    pub event_words: PhraseSet,
    /// Articles and determiners that are no part of a name at a sentence start.
    pub articles: PhraseSet,
    /// Lowercase words that join parts of an organisation's name.
    pub org_connectors: PhraseSet,
    /// Organisation words that name a part of a larger body (folded).
    pub sub_bodies: PhraseSet,
    /// Nouns that open the name of a law, plan or treaty (folded).
    pub law_heads: PhraseSet,
    /// Nouns that close the name of a law, policy or treaty (folded).
    pub law_tails: PhraseSet,
    /// Particles after which a lone unknown name is a place by default.
    pub origin_particles: PhraseSet,
    /// Inflectional endings of nouns, longest first.
    pub noun_endings: Vec<String>,
    /// Endings of common nouns (where nouns are capitalised), longest first.
    pub common_endings: Vec<String>,
    /// Inflected adjective endings and the ending of the listed form.
    pub adjective_endings: Vec<(String, String)>,
    /// Demonyms and nationality adjectives.
    pub demonyms: PhraseSet,
    /// Common lowercase words (folded forms of the generated list).
    pub common: WordSet,
    /// Given names.
    pub given_names: PhraseSet,
    /// Legal forms that end a company name.
    pub org_suffixes: PhraseSet,
    /// Conjunctions that may join two parts of an organisation's name.
    pub conjunctions: PhraseSet,
    /// Endings that make a people's name of a place name, longest first.
    pub demonym_suffixes: Vec<String>,
    /// Verbs whose subject acts, decides or speaks.
    pub agent_verbs: PhraseSet,
    /// Auxiliaries before an agent verb's participle.
    pub auxiliaries: PhraseSet,
    /// Lowercase words after which a clause's subject may follow.
    pub clause_openers: PhraseSet,
    /// Governments by the gazetteer's canonical name of their seat: the
    /// seat's country and the government (`Beijing` → `CN`, `Government of
    /// China`).
    pub seats: HashMap<&'static str, Vec<Seat>, FixedState>,
    /// Prepositions that, before an article, make a lone unknown name a place.
    pub article_prepositions: PhraseSet,
    /// Prepositions joined to an article that make a lone unknown name
    /// right after them a place.
    pub contracted_prepositions: PhraseSet,
    /// Endings of surnames, longest first.
    pub surname_endings: Vec<String>,
    /// True when the language capitalises common nouns.
    pub nouns_capitalised: bool,
    /// A genitive ending that names take (`Deutschlands`), if any.
    pub genitive_suffix: Option<&'static str>,
    /// The ending that makes a role noun feminine (`Winzerin`), if any;
    /// its plural adds `nen`.
    pub feminine_suffix: Option<&'static str>,
    /// True when news copy puts an article before people's names (`o
    /// Pelé`, Portuguese); elsewhere an article before a full name makes
    /// it no person's (`la Eurotek Uyba`, a club).
    pub articles_before_names: bool,
    /// Countries the language's copy is mostly about (the dateline's
    /// `home_countries.txt`): where a lone unknown town name is taken.
    pub home_countries: Vec<Country>,
    /// True where `'s` after a word is a possessive ending (`Russia’s`,
    /// English); elsewhere it is part of a name (`McDonald's`, `Christie's`).
    pub possessive_s: bool,
    /// [`WordBits`] by folded word.
    words: PackedMap<u32>,
}

/// What one folded word is in the lists (see [`Lexicon::word`]): which cue
/// phrases may end with its last word, whether a title may start with its
/// first word, and which lists hold all of it. One probe answers what would
/// take one per list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordBits(u32);

impl WordBits {
    /// The last word of a title.
    pub const TITLE_END: u32 = 1;
    /// The last word of a portfolio title.
    pub const PORTFOLIO_END: u32 = 1 << 1;
    /// The last word of a thing noun phrase.
    pub const THING_END: u32 = 1 << 2;
    /// The last word of an organisation cue phrase.
    pub const ORG_END: u32 = 1 << 3;
    /// The last word of a place cue phrase.
    pub const PLACE_END: u32 = 1 << 4;
    /// The last word of a locative preposition.
    pub const PREPOSITION_END: u32 = 1 << 5;
    const ENDS: u32 = (1 << 6) - 1;
    /// The first word of a title.
    pub const TITLE_START: u32 = 1 << 6;
    /// In [`Lexicon::demonyms`] (the whole word, as are the bits below).
    pub const DEMONYM: u32 = 1 << 7;
    /// In [`Lexicon::particles`].
    pub const PARTICLE: u32 = 1 << 8;
    /// In [`Lexicon::not_names`].
    pub const NOT_NAME: u32 = 1 << 9;
    /// In [`Lexicon::given_names`].
    pub const GIVEN_NAME: u32 = 1 << 10;
    /// In [`Lexicon::org_words`].
    pub const ORG_WORD: u32 = 1 << 11;
    /// In [`Lexicon::org_suffixes`].
    pub const ORG_SUFFIX: u32 = 1 << 12;
    /// In [`Lexicon::place_words`].
    pub const PLACE_WORD: u32 = 1 << 13;
    /// In [`Lexicon::articles`].
    pub const ARTICLE: u32 = 1 << 14;
    /// In [`Lexicon::conjunctions`].
    pub const CONJUNCTION: u32 = 1 << 15;
    /// In [`Lexicon::org_connectors`].
    pub const ORG_CONNECTOR: u32 = 1 << 16;
    /// In [`Lexicon::event_words`].
    pub const EVENT_WORD: u32 = 1 << 17;
    /// In [`Lexicon::institutions`].
    pub const INSTITUTION: u32 = 1 << 18;
    /// In [`Lexicon::titles`].
    pub const TITLE: u32 = 1 << 19;
    /// In [`Lexicon::thing_before`].
    pub const THING_BEFORE: u32 = 1 << 20;
    /// In [`Lexicon::org_before`].
    pub const ORG_BEFORE: u32 = 1 << 21;
    /// In [`Lexicon::org_adjectives`].
    pub const ORG_ADJECTIVE: u32 = 1 << 22;
    /// In [`Lexicon::origin_particles`].
    pub const ORIGIN_PARTICLE: u32 = 1 << 23;
    /// In [`Lexicon::place_prepositions`].
    pub const PLACE_PREPOSITION: u32 = 1 << 24;
    /// In [`Lexicon::elisions`].
    pub const ELISION: u32 = 1 << 25;

    /// True when the word has every bit of `bits`.
    pub fn is(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// True when the word has any bit of `bits`.
    pub fn any(self, bits: u32) -> bool {
        self.0 & bits != 0
    }

    /// The bits as a number (see [`WordBits::from_raw`]).
    pub fn raw(self) -> u32 {
        self.0
    }

    /// Bits from [`WordBits::raw`].
    pub fn from_raw(raw: u32) -> WordBits {
        WordBits(raw)
    }
}

fn phrases(path: &str, optional: bool) -> Result<PhraseSet, ResourceError> {
    let mut set = PhraseSet::default();
    add_phrases(&mut set, path, optional)?;
    Ok(set)
}

fn add_phrases(set: &mut PhraseSet, path: &str, optional: bool) -> Result<(), ResourceError> {
    if optional && !resources::exists(path) {
        return Ok(());
    }
    for w in resources::word_list(path)? {
        set.insert(w);
    }
    Ok(())
}

/// A language's list plus the shared list of the same name.
fn merged(dir: &str, name: &str, optional: bool) -> Result<PhraseSet, ResourceError> {
    let mut set = phrases(&format!("{dir}/{name}"), optional)?;
    add_phrases(&mut set, &format!("shared/entities/{name}"), true)?;
    Ok(set)
}

fn heads(path: &str) -> Result<HashMap<String, EntityKind, FixedState>, ResourceError> {
    let mut out = HashMap::default();
    if !resources::exists(path) {
        return Ok(out);
    }
    for line in resources::lines(path)? {
        let c = line.columns(2)?;
        let kind = match c[1] {
            "organization" => EntityKind::Organization,
            "location" => EntityKind::Location,
            other => return Err(line.error(format!("not organization or location: {other:?}"))),
        };
        out.insert(fold(c[0]), kind);
    }
    Ok(out)
}

/// The generated common-word list is stored folded, so its lines are keys
/// as they are.
fn common_words(path: &str) -> Result<WordSet, ResourceError> {
    let text = resources::file(path)?;
    let mut set = PackedMap::with_capacity(text.len() / 9);
    for line in text.lines() {
        let w = line.trim();
        if w.is_empty() || w.starts_with('#') {
            continue;
        }
        set.insert(w, ());
    }
    Ok(WordSet { set })
}

impl Lexicon {
    /// Loads the lists of `lang`.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        let dir = format!("{}/entities", lang.code());
        let p = |name: &str| format!("{dir}/{name}");
        let mut nouns_capitalised = false;
        let mut genitive_suffix = None;
        let mut feminine_suffix = None;
        let mut articles_before_names = false;
        let mut possessive_s = false;
        let settings = p("settings.tsv");
        if resources::exists(&settings) {
            for line in resources::lines(&settings)? {
                let cols = line.columns(2)?;
                match (cols[0], cols[1]) {
                    ("nouns_capitalised", v) => {
                        nouns_capitalised = v
                            .parse()
                            .map_err(|_| line.error(format!("not true or false: {v:?}")))?
                    }
                    ("genitive_suffix", v) => genitive_suffix = Some(v),
                    ("feminine_suffix", v) => feminine_suffix = Some(v),
                    ("articles_before_names", v) => {
                        articles_before_names = v
                            .parse()
                            .map_err(|_| line.error(format!("not true or false: {v:?}")))?
                    }
                    ("possessive_s", v) => {
                        possessive_s = v
                            .parse()
                            .map_err(|_| line.error(format!("not true or false: {v:?}")))?
                    }
                    (k, _) => return Err(line.error(format!("unknown setting {k:?}"))),
                }
            }
        }
        let title_suffixes = if resources::exists(&p("title_suffixes.txt")) {
            resources::word_list(&p("title_suffixes.txt"))?
                .into_iter()
                .map(fold)
                .collect()
        } else {
            Vec::new()
        };
        let demonyms_path = format!("{}/demonyms.txt", lang.code());
        Ok(Lexicon {
            titles: phrases(&p("titles.txt"), false)?,
            title_suffixes,
            org_words: merged(&dir, "org_words.txt", false)?,
            org_adjectives: phrases(&p("org_adjectives.txt"), true)?,
            adjective_suffixes: suffixes(&p("adjective_suffixes.txt"))?,
            org_before: phrases(&p("org_before.txt"), false)?,
            place_words: merged(&dir, "place_words.txt", false)?,
            place_before: phrases(&p("place_before.txt"), false)?,
            place_prepositions: phrases(&p("place_prepositions.txt"), false)?,
            inside_prepositions: phrases(&p("inside_prepositions.txt"), false)?,
            thing_before: phrases(&p("thing_before.txt"), false)?,
            particles: phrases(&p("particles.txt"), false)?,
            elisions: phrases(&p("elisions.txt"), true)?,
            not_names: phrases(&p("not_names.txt"), false)?,
            institutions: phrases(&p("institutions.txt"), true)?,
            lowercase_heads: heads(&p("lowercase_heads.tsv"))?,
            landmarks: super::landmark::Landmarks::load(lang, nouns_capitalised)?,
            portfolio_titles: phrases(&p("portfolio_titles.txt"), true)?,
            event_words: merged(&dir, "event_words.txt", true)?,
            articles: phrases(&p("articles.txt"), true)?,
            org_connectors: phrases(&p("org_connectors.txt"), true)?,
            sub_bodies: phrases("shared/entities/sub_bodies.txt", false)?,
            law_heads: phrases("shared/entities/law_heads.txt", false)?,
            law_tails: phrases("shared/entities/law_tails.txt", false)?,
            origin_particles: phrases(&p("origin_particles.txt"), true)?,
            noun_endings: suffixes(&p("noun_endings.txt"))?,
            common_endings: suffixes(&p("common_endings.txt"))?,
            adjective_endings: {
                let path = p("adjective_endings.tsv");
                let mut v = Vec::new();
                if resources::exists(&path) {
                    for line in resources::lines(&path)? {
                        let c = line.columns(2)?;
                        v.push((fold(c[0]), fold(c[1])));
                    }
                }
                v
            },
            demonyms: demonyms(&demonyms_path)?,
            common: common_words(&p("common_words.txt"))?,
            given_names: phrases("shared/entities/given_names.txt", false)?,
            org_suffixes: phrases("shared/entities/org_suffixes.txt", false)?,
            conjunctions: phrases(&p("conjunctions.txt"), true)?,
            demonym_suffixes: suffixes(&p("demonym_suffixes.txt"))?,
            agent_verbs: {
                let mut set = phrases(&p("agent_verbs.txt"), true)?;
                add_phrases(&mut set, &format!("{}/quotes/verbs.txt", lang.code()), true)?;
                set
            },
            auxiliaries: phrases(&p("auxiliaries.txt"), true)?,
            clause_openers: phrases(&p("clause_openers.txt"), true)?,
            seats: seats("shared/entities/seats.tsv")?,
            article_prepositions: phrases(&p("article_prepositions.txt"), true)?,
            contracted_prepositions: phrases(&p("contracted_prepositions.txt"), true)?,
            surname_endings: suffixes("shared/entities/surname_endings.txt")?,
            nouns_capitalised,
            genitive_suffix,
            feminine_suffix,
            articles_before_names,
            home_countries: dateline::home_countries(lang)?,
            possessive_s,
            words: PackedMap::default(),
        }
        .with_words())
    }

    /// Fills [`Lexicon::word`]'s table from the lists.
    fn with_words(mut self) -> Self {
        let mut map: HashMap<String, u32, FixedState> = HashMap::default();
        let ends = [
            (&self.titles, WordBits::TITLE_END),
            (&self.portfolio_titles, WordBits::PORTFOLIO_END),
            (&self.thing_before, WordBits::THING_END),
            (&self.org_before, WordBits::ORG_END),
            (&self.place_before, WordBits::PLACE_END),
            (&self.place_prepositions, WordBits::PREPOSITION_END),
        ];
        for (set, bit) in ends {
            for p in &set.set {
                *map.entry(last_word(p).to_owned()).or_default() |= bit;
            }
        }
        for p in &self.titles.set {
            *map.entry(first_word(p).to_owned()).or_default() |= WordBits::TITLE_START;
        }
        for (set, bit) in [
            (&self.demonyms, WordBits::DEMONYM),
            (&self.particles, WordBits::PARTICLE),
            (&self.not_names, WordBits::NOT_NAME),
            (&self.given_names, WordBits::GIVEN_NAME),
            (&self.org_words, WordBits::ORG_WORD),
            (&self.org_suffixes, WordBits::ORG_SUFFIX),
            (&self.place_words, WordBits::PLACE_WORD),
            (&self.articles, WordBits::ARTICLE),
            (&self.conjunctions, WordBits::CONJUNCTION),
            (&self.org_connectors, WordBits::ORG_CONNECTOR),
            (&self.event_words, WordBits::EVENT_WORD),
            (&self.institutions, WordBits::INSTITUTION),
            (&self.titles, WordBits::TITLE),
            (&self.thing_before, WordBits::THING_BEFORE),
            (&self.org_before, WordBits::ORG_BEFORE),
            (&self.org_adjectives, WordBits::ORG_ADJECTIVE),
            (&self.origin_particles, WordBits::ORIGIN_PARTICLE),
            (&self.place_prepositions, WordBits::PLACE_PREPOSITION),
            (&self.elisions, WordBits::ELISION),
        ] {
            for w in &set.set {
                *map.entry(w.clone()).or_default() |= bit;
            }
        }
        self.words = map.iter().map(|(w, bits)| (w.as_str(), *bits)).collect();
        self
    }

    /// What the folded word is in the lists: the cue lists with a phrase
    /// ending in its last word, whether a title starts with its first word,
    /// and the lists that hold all of it.
    pub fn word(&self, folded: &str) -> WordBits {
        let whole = self.words.get(folded).copied().unwrap_or(0);
        let last = last_word(folded);
        if last.len() == folded.len() {
            return WordBits(whole);
        }
        let last_bits = self.words.get(last).copied().unwrap_or(0);
        let first = first_word(folded);
        let first_bits = self.words.get(first).copied().unwrap_or(0);
        let ends = last_bits & WordBits::ENDS;
        let start = first_bits & WordBits::TITLE_START;
        // `Hans-Peter`, `Anna-Lena`: two given names joined are one.
        let given = if first.len() + 1 + last.len() == folded.len() {
            first_bits & last_bits & WordBits::GIVEN_NAME
        } else {
            0
        };
        WordBits(ends | start | given | (whole & !(WordBits::ENDS | WordBits::TITLE_START)))
    }

    /// True when the folded word ends with a title suffix (`ministerin`
    /// in `Bundesumweltministerin`); [`Lexicon::is_title_word`] without
    /// the list of titles.
    pub fn has_title_suffix(&self, folded: &str) -> bool {
        self.title_suffixes
            .iter()
            .any(|s| folded.len() > s.len() + 2 && folded.ends_with(s.as_str()))
    }

    /// True when the folded word is a title, or ends with a title suffix.
    pub fn is_title_word(&self, folded: &str) -> bool {
        self.titles.contains(folded) || self.has_title_suffix(folded)
    }

    /// [`Lexicon::is_title_word`] of a word whose [`Lexicon::word`] is `w`.
    pub fn is_title_word_with(&self, folded: &str, w: WordBits) -> bool {
        w.is(WordBits::TITLE) || self.has_title_suffix(folded)
    }

    /// [`Lexicon::is_org_word`] of a word whose [`Lexicon::word`] is `w`.
    pub fn is_org_word_with(&self, folded: &str, w: WordBits) -> bool {
        w.any(WordBits::ORG_WORD | WordBits::ORG_SUFFIX) || self.org_compound(folded)
    }

    /// True when the folded word is hyphenated and its last part is an
    /// organisation word (`Presse-Agentur`).
    pub fn last_part_is_org_word(&self, folded: &str) -> bool {
        folded
            .bytes()
            .rposition(|b| b == b' ')
            .is_some_and(|at| self.is_org_word(&folded[at + 1..]))
    }

    /// [`Lexicon::is_place_word`] of a word whose [`Lexicon::word`] is `w`.
    pub fn is_place_word_with(&self, folded: &str, w: WordBits) -> bool {
        w.is(WordBits::PLACE_WORD) || self.place_compound(folded)
    }

    /// [`Lexicon::is_org_adjective`] of a word whose [`Lexicon::word`] is `w`.
    pub fn is_org_adjective_with(w: WordBits) -> bool {
        w.any(WordBits::ORG_ADJECTIVE | WordBits::DEMONYM)
    }

    /// True when the folded word is an organisation word or legal form;
    /// where nouns are capitalised, also a compound ending in an
    /// organisation word of four letters or more (`Nachrichtenagentur`,
    /// `Landesamt`).
    pub fn is_org_word(&self, folded: &str) -> bool {
        self.org_words.contains(folded)
            || self.org_suffixes.contains(folded)
            || self.org_compound(folded)
    }

    /// Where nouns are capitalised, a compound ending in an organisation
    /// word of four letters or more.
    fn org_compound(&self, folded: &str) -> bool {
        self.nouns_capitalised
            && !folded.contains(' ')
            && folded.char_indices().skip(3).any(|(at, _)| {
                let tail = &folded[at..];
                tail.len() >= 4 && self.org_words.contains(tail)
            })
    }

    /// True when the folded word is a place word; where nouns are
    /// capitalised, also a compound ending in a place word of four letters
    /// or more that is no common word itself (`Domplatz`, not `Marktplatz`).
    pub fn is_place_word(&self, folded: &str) -> bool {
        self.place_words.contains(folded) || self.place_compound(folded)
    }

    /// Where nouns are capitalised, a compound ending in a place word of
    /// four letters or more that is no common word itself.
    fn place_compound(&self, folded: &str) -> bool {
        // A landmark's class noun last: the landmark rules decide.
        if let Some(place) = self
            .landmarks
            .compound_verdict(folded, |w| self.common.contains(w))
        {
            return place;
        }
        self.nouns_capitalised
            && !folded.contains(' ')
            && !self.common.contains(folded)
            && folded.char_indices().skip(3).any(|(at, _)| {
                let tail = &folded[at..];
                tail.len() >= 4 && self.place_words.contains(tail)
            })
    }

    /// True when the folded word is a listed adjective that continues an
    /// organisation's name, or a demonym.
    pub fn is_org_adjective(&self, folded: &str) -> bool {
        self.org_adjectives.contains(folded) || self.demonyms.contains(folded)
    }

    /// True when the folded word is a common word with an adjective's
    /// ending (`culturels`), the stem keeping three letters or more. Folding
    /// drops accents, so a verb may look the same (`publicó`): callers ask
    /// only where a verb is unlikely.
    pub fn looks_adjective(&self, folded: &str) -> bool {
        self.common.contains(folded)
            && self
                .adjective_suffixes
                .iter()
                .any(|e| folded.len() >= e.len() + 3 && folded.ends_with(e.as_str()))
    }

    /// True when the folded word is hyphenated and every part is a common
    /// word (`Multi-Year`).
    pub fn all_parts_common(&self, folded: &str) -> bool {
        folded.contains(' ') && folded.split(' ').all(|p| self.common.contains(p))
    }

    /// True when the folded word is a common word of the language. Where
    /// nouns are capitalised, a compound whose last part is a common noun of
    /// four letters or more is one too (`Atomausstieg`, `Samstagabend`),
    /// unless that part is an organisation word (`Bundesnetzagentur`).
    pub fn is_common(&self, folded: &str) -> bool {
        self.is_common_unless(folded, |_| false)
    }

    /// [`Lexicon::is_common`], except that the compound rule does not apply
    /// to a word that `listed` says is a known name: a town ending like a
    /// common noun (`Schweinfurt`, `Blaubeuren`) stays a name. `listed` is
    /// asked only of a word that is a compound of a common noun.
    pub fn is_common_unless(&self, folded: &str, listed: impl FnOnce(&str) -> bool) -> bool {
        if self.common.contains(folded) {
            return true;
        }
        if folded.contains(' ') {
            return false;
        }
        // A short inflected noun is common even where a town shares it
        // (`Weiden`, `Buchen`); a long one may be a compound town's name
        // (`Bischofshofen`, not `Bischofshof` + `en`).
        let inflected = self.inflected_common(folded);
        if inflected && folded.chars().count() < LONG_INFLECTED {
            return true;
        }
        (inflected || self.common_compound(folded) || self.feminine_common(folded))
            && !listed(folded)
    }

    /// True when the folded word is a common noun of four letters or more
    /// with the feminine ending (`Winzerin`, `Grenzgängerinnen`); a listed
    /// name so ending stays one (`Schwerin`).
    fn feminine_common(&self, folded: &str) -> bool {
        let Some(suffix) = self.feminine_suffix else {
            return false;
        };
        let stem = folded.strip_suffix("nen").unwrap_or(folded);
        stem.strip_suffix(suffix)
            .is_some_and(|s| s.len() >= 4 && self.common.contains(s))
    }

    /// Where nouns are capitalised, a compound: a first part of three
    /// letters or more, then a common noun of four letters or more that is
    /// no organisation word (`Atomausstieg`, `Fördergeldern`). A last part
    /// of four or five letters needs a first part that is a word too
    /// (`Schweinfurt`), since so short an ending also closes many surnames
    /// (`Rothkegel`, `Zieschang`, `Oltmanns`); one of three letters, a
    /// first part of four letters or more that is a word as written
    /// (`Standort`, `Festakt`).
    pub fn common_compound(&self, folded: &str) -> bool {
        if !self.nouns_capitalised {
            return false;
        }
        let n = folded.chars().count();
        if n < 7 {
            return false;
        }
        folded
            .char_indices()
            .skip(3)
            .take(n - 5)
            .enumerate()
            .any(|(before, (at, _))| {
                let tail = &folded[at..];
                let tail_len = n - 3 - before;
                (self.common.contains(tail) || self.inflected_common(tail))
                    && !self.org_words.contains(tail)
                    && (tail_len >= 6
                        || (tail_len >= 4 && self.compound_head(&folded[..at]))
                        || (before >= 1 && self.common.contains(&folded[..at])))
            })
    }

    /// True when `head`, the first part of a compound, is a common word,
    /// maybe with a linking ending (`Arbeits-`, `Sonnen-`) or without its
    /// verb ending (`Förder-` of `fördern`).
    fn compound_head(&self, head: &str) -> bool {
        if self.common.contains(head) {
            return true;
        }
        let linked = ["es", "s", "en", "n", "e"].iter().any(|l| {
            head.len() >= l.len() + 3
                && head.ends_with(l)
                && self.common.contains(&head[..head.len() - l.len()])
        });
        if linked {
            return true;
        }
        // `förder` + `n`: the stem of a verb; spelled into a small buffer,
        // not a `String` (asked of every long unknown German word).
        let mut buf = [0u8; 48];
        let Some(stem) = buf.get_mut(..head.len()) else {
            return false;
        };
        stem.copy_from_slice(head.as_bytes());
        ["en", "n", "e"].iter().any(|ending| {
            let end = head.len() + ending.len();
            if end > buf.len() {
                return false;
            }
            buf[head.len()..end].copy_from_slice(ending.as_bytes());
            std::str::from_utf8(&buf[..end]).is_ok_and(|w| self.common.contains(w))
        })
    }

    /// True when the folded word, one word, ends with a common noun's
    /// ending and keeps four letters or more before it (`Unternehmerin`).
    pub fn has_common_ending(&self, folded: &str) -> bool {
        !folded.contains(' ')
            && self
                .common_endings
                .iter()
                .any(|e| folded.len() >= e.len() + 4 && folded.ends_with(e.as_str()))
    }

    /// True when the folded word is a common word with one of the
    /// language's noun endings added (`geldern` of `gelder`), the stem
    /// keeping four letters or more.
    pub fn inflected_common(&self, folded: &str) -> bool {
        self.noun_endings.iter().any(|e| {
            folded.len() >= e.len() + 4
                && folded.ends_with(e.as_str())
                && self.common.contains(&folded[..folded.len() - e.len()])
        })
    }
}

/// Letters from which an inflected common noun may still be a town's name.
const LONG_INFLECTED: usize = 12;

/// A seat of government (`shared/entities/seats.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    /// The seat's country, ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// The government's canonical name in the gazetteer.
    pub government: &'static str,
}

/// Capitals and their governments (`capital  country  government`).
fn seats(path: &str) -> Result<HashMap<&'static str, Vec<Seat>, FixedState>, ResourceError> {
    let mut out: HashMap<&'static str, Vec<Seat>, FixedState> = HashMap::default();
    for line in resources::lines(path)? {
        let c = line.columns(3)?;
        if c[1].len() != 2 || c[2].is_empty() {
            return Err(line.error(format!("bad country or government: {c:?}")));
        }
        out.entry(c[0]).or_default().push(Seat {
            country: c[1],
            government: c[2],
        });
    }
    Ok(out)
}

/// An optional list of word endings, folded, longest first.
fn suffixes(path: &str) -> Result<Vec<String>, ResourceError> {
    let mut v: Vec<String> = if resources::exists(path) {
        resources::word_list(path)?.into_iter().map(fold).collect()
    } else {
        Vec::new()
    };
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    Ok(v)
}

/// Demonyms: one per line, or the first column of a tab-separated table.
fn demonyms(path: &str) -> Result<PhraseSet, ResourceError> {
    let mut set = PhraseSet::default();
    if !resources::exists(path) {
        return Ok(set);
    }
    for line in resources::lines(path)? {
        for col in line.text.split('\t').take(1) {
            for w in col.split('|') {
                set.insert(w);
            }
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_compounds_are_common_unless_listed() {
        let lex = Lexicon::load(Lang::De).unwrap();
        // Nouns of the generated list, inflected and compound forms too.
        for w in ["zug", "zuge", "fernzuge", "spieltag", "neubau", "erbgut"] {
            assert!(lex.is_common(w), "{w}");
        }
        // A compound of a common noun (`furt`) is common unless listed.
        assert!(lex.is_common("schweinfurt"));
        assert!(!lex.is_common_unless("schweinfurt", |w| w == "schweinfurt"));
        // The list itself is not overruled, and `listed` is asked only of
        // compounds.
        assert!(lex.is_common_unless("spieltag", |_| true));
        assert!(!lex.is_common_unless("rhone", |_| false));
        // A short last part needs a first part that is a word: surnames
        // are no compounds (`Roth` + `kegel`, `Ziesc` + `hang`).
        for w in ["rothkegel", "zieschang", "oltmanns", "wirsching"] {
            assert!(!lex.is_common(w), "{w}");
        }
        for w in [
            "forderbandhalle",
            "sonnenkegel",
            "arbeitstischlampe",
            "standort",
        ] {
            assert!(lex.is_common(w), "{w}");
        }
        // Feminine role nouns are common, a listed name so ending is not.
        for w in ["winzerin", "grenzgangerinnen"] {
            assert!(lex.is_common(w), "{w}");
        }
        assert!(!lex.is_common_unless("schwerin", |w| w == "schwerin"));
        // Names stay out: a big city, a country, a region, a surname.
        for w in ["kiel", "berlin", "osterreich", "saarland", "hartmann"] {
            assert!(!lex.common.contains(w), "{w}");
        }
    }

    #[test]
    fn every_language_loads_its_lists() {
        for lang in Lang::ALL {
            let lex = Lexicon::load(lang).unwrap();
            assert!(lex.titles.len() >= 20, "{lang:?} titles");
            assert!(lex.common.len() >= 10_000, "{lang:?} common words");
            assert!(!lex.particles.is_empty(), "{lang:?} particles");
            assert!(!lex.not_names.is_empty(), "{lang:?} not_names");
        }
    }

    #[test]
    fn every_seat_is_a_listed_capital_of_a_listed_government() {
        use crate::enrich::gazetteer::Kind;
        let gaz = crate::enrich::gazetteer::tests::shared();
        let lex = Lexicon::load(Lang::En).unwrap();
        assert!(lex.seats.len() >= 150, "{}", lex.seats.len());
        for (capital, seats) in &lex.seats {
            for s in seats {
                assert!(
                    gaz.lookup(capital).iter().any(|e| e.kind == Kind::City
                        && e.canonical == *capital
                        && e.country.is_some_and(|c| c.as_str() == s.country)),
                    "{capital} {} is no listed city",
                    s.country
                );
                assert!(
                    gaz.lookup(s.government)
                        .iter()
                        .any(|e| e.kind == Kind::Organization && e.canonical == s.government),
                    "{} is not in the gazetteer",
                    s.government
                );
            }
        }
        for lang in Lang::ALL {
            let lex = Lexicon::load(lang).unwrap();
            assert!(lex.agent_verbs.len() >= 50, "{lang:?} agent verbs");
            assert!(!lex.auxiliaries.is_empty(), "{lang:?} auxiliaries");
            assert!(!lex.clause_openers.is_empty(), "{lang:?} clause openers");
        }
    }

    #[test]
    fn title_suffixes_match_compounds() {
        let de = Lexicon::load(Lang::De).unwrap();
        assert!(de.is_title_word(&fold("Bundesumweltministerin")));
        assert!(!de.is_title_word(&fold("Minden")));
    }

    #[test]
    fn common_endings_mark_german_nouns() {
        let de = Lexicon::load(Lang::De).unwrap();
        assert!(de.has_common_ending(&fold("Unternehmerin")));
        assert!(de.has_common_ending(&fold("Bundesregierung")));
        assert!(!de.has_common_ending(&fold("Prandtauer")));
        assert!(!de.has_common_ending(&fold("Berlin")));
        let it = Lexicon::load(Lang::It).unwrap();
        assert!(!it.has_common_ending(&fold("Unternehmerin")));
    }
}
