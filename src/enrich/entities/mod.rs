//! People, organisations and places: mentions, coreference, canonical names.

use crate::enrich::dateline;
use crate::enrich::document::{Document, Span};
use crate::enrich::language::Lang;
use crate::enrich::output::EntityKind;
use crate::enrich::resources::ResourceError;

/// One language's entity data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
}

impl Rules {
    /// Loads `lang`'s entity data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        Ok(Rules { lang })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// One entity and its mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Person, organisation or location.
    pub kind: EntityKind,
    /// The fullest form used in the article.
    pub name: String,
    /// The usual English name, else `name`.
    pub canonical: String,
    /// ISO 3166-1 alpha-2 code, for places.
    pub country: Option<String>,
    /// Mentions in text order (title first); never overlapping.
    pub mentions: Vec<Span>,
}

/// Finds the entities of `doc`, in order of first mention.
pub fn find(_doc: &Document, _rules: &Rules, _dateline: Option<&dateline::Found>) -> Vec<Found> {
    Vec::new()
}
