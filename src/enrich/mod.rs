//! The enrichment core: a pure function from an [`Article`] to an [`Enrichment`].
//!
//! ```text
//! Article ─► language::Identifier ─► Document (NFC text, tokens, sentences)
//!         ─► dateline::find ─► entities::find ─► quotes::find ─► assemble ─► Enrichment
//! ```
//!
//! Each stage reads the [`Document`] and what earlier stages found: entities
//! know the dateline's place, quotes resolve their speakers among the entities.
//! Stages work on byte [`Span`](document::Span)s of the normalised text; only
//! [`assemble`] turns them into the code-point offsets of the record contract.
//! Language knowledge is data under `resources/`, compiled once into an
//! [`Engine`]. Nothing here does I/O, reads a clock, or draws a random number:
//! the same article gives the same bytes.
//!
//! ```
//! use newswire::enrich::Engine;
//! use newswire::record::Article;
//!
//! let engine = Engine::new().expect("embedded resources load");
//! let article = Article::new("Il presidente ha parlato a lungo con i giornalisti.");
//! let e = engine.enrich(&article);
//! assert_eq!(e.language, "it");
//! assert_eq!(e.engine, newswire::enrich::ENGINE);
//! ```

pub mod affix;
pub mod assemble;
pub mod dateline;
pub mod document;
pub mod entities;
pub mod gazetteer;
pub mod language;
pub mod output;
pub mod packed;
pub mod prefilter;
pub mod quotes;
pub mod resources;

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use thiserror::Error;

use crate::record::Article;
pub use document::Document;
use gazetteer::Gazetteer;
use language::{Identifier, Lang};
pub use output::{Enrichment, SCHEMA_VERSION};
use resources::ResourceError;

/// The engine's name and version, written into every record.
pub const ENGINE: &str = concat!("newswire/", env!("CARGO_PKG_VERSION"));

/// Why an article could not be enriched.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EnrichError {
    /// The core panicked on this article (a bug; the article is kept intact).
    #[error("enrichment failed: {0}")]
    Panicked(String),
}

impl EnrichError {
    /// A short, stable name for the kind of error.
    pub fn class(&self) -> &'static str {
        match self {
            EnrichError::Panicked(_) => "enrich_panic",
        }
    }
}

/// What the stages of [`Engine::enrich`] read for articles enriched with one
/// language's rules: borrowed from the [`Engine`], nothing computed.
///
/// [`Engine::enrich`] runs exactly these steps; the fields are public so that
/// a caller (the per-stage benchmarks in `benches/stages.rs`) can run one
/// stage at a time on the same inputs:
///
/// ```
/// use newswire::enrich::{dateline, Document, Engine};
///
/// let engine = Engine::new().expect("embedded resources load");
/// let body = "Roma, 3 maggio 2024 – Il ministro ha parlato.";
/// let lang = engine.identifier().identify(None, None, body);
/// let s = engine.stages(lang.rules);
/// let doc = Document::new(None, body, s.abbreviations);
/// let found = dateline::find(&doc, s.dateline, s.gazetteer, None).expect("a dateline");
/// assert_eq!(doc.text(found.location), "Roma");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Stages<'e> {
    /// Words whose full stop ends no sentence, for [`Document::new`].
    pub abbreviations: &'e HashSet<String>,
    /// For [`dateline::find`].
    pub dateline: &'e dateline::Rules,
    /// For [`entities::find`].
    pub entities: &'e entities::Rules,
    /// For [`quotes::find`].
    pub quotes: &'e quotes::Rules,
    /// The gazetteers the dateline and entity stages look names up in.
    pub gazetteer: &'e Gazetteer,
}

/// One language's compiled data.
#[derive(Debug)]
struct LanguagePack {
    abbreviations: HashSet<String>,
    dateline: dateline::Rules,
    entities: entities::Rules,
    quotes: quotes::Rules,
}

impl LanguagePack {
    fn load(lang: Lang) -> Result<Self, ResourceError> {
        let abbreviations = resources::word_list(&format!("{}/abbreviations.txt", lang.code()))?
            .into_iter()
            .map(str::to_owned)
            .collect();
        Ok(LanguagePack {
            abbreviations,
            dateline: dateline::Rules::load(lang)?,
            entities: entities::Rules::load(lang)?,
            quotes: quotes::Rules::load(lang)?,
        })
    }
}

/// All language data, compiled once; share it (it is `Send + Sync`) and call
/// [`Engine::enrich`] from any thread.
#[derive(Debug)]
pub struct Engine {
    identifier: Identifier,
    /// The one copy of the gazetteers; stages borrow it.
    gazetteer: Gazetteer,
    packs: Vec<LanguagePack>,
}

impl Engine {
    /// Loads and compiles every embedded resource.
    pub fn new() -> Result<Engine, ResourceError> {
        Ok(Engine {
            identifier: Identifier::load()?,
            gazetteer: Gazetteer::load()?,
            packs: Lang::ALL
                .into_iter()
                .map(LanguagePack::load)
                .collect::<Result<_, _>>()?,
        })
    }

    /// This engine with the rules alone: no trained model retypes or drops
    /// an entity (see [`entities::classify`]). The rule cases of
    /// `tests/cases/` pin down this layer.
    pub fn without_typer(mut self) -> Engine {
        for pack in &mut self.packs {
            pack.entities.remove_typer();
        }
        self
    }

    /// The gazetteers every stage looks names up in.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    fn pack(&self, lang: Lang) -> &LanguagePack {
        &self.packs[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
    }

    /// The first stage: which language an article is in, and whose rules
    /// enrich it.
    pub fn identifier(&self) -> &Identifier {
        &self.identifier
    }

    /// What the later stages read for an article enriched with `lang`'s
    /// rules (see [`Stages`]).
    pub fn stages(&self, lang: Lang) -> Stages<'_> {
        let pack = self.pack(lang);
        Stages {
            abbreviations: &pack.abbreviations,
            dateline: &pack.dateline,
            entities: &pack.entities,
            quotes: &pack.quotes,
            gazetteer: &self.gazetteer,
        }
    }

    /// Enriches one article.
    pub fn enrich<'a>(&self, article: &'a Article) -> Enrichment<'a> {
        let body = article.body();
        let title = article.title();
        let lang = self.identifier.identify(article.language(), title, body);
        let s = self.stages(lang.rules);
        let doc = Document::new(title, body, s.abbreviations);
        let published = article.published_at().map(|t| t.date_naive());
        let dateline = dateline::find(&doc, s.dateline, s.gazetteer, published);
        let entities = entities::find(&doc, s.entities, s.gazetteer, dateline.as_ref());
        let quotes = quotes::find(&doc, s.quotes, &entities);
        assemble::enrichment(&doc, lang.code, dateline, entities, &quotes)
    }

    /// [`Engine::enrich`], with a panic in the core turned into an error, so
    /// that one bad article cannot take a worker down.
    pub fn enrich_checked<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        catch_unwind(AssertUnwindSafe(|| self.enrich(article))).map_err(|p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic without a message".to_owned());
            EnrichError::Panicked(msg)
        })
    }
}
