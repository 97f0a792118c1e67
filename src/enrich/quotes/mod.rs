//! Direct quotations and who said them.

use crate::enrich::document::{Document, Span};
use crate::enrich::entities;
use crate::enrich::language::Lang;
use crate::enrich::output::{Attribution, QuoteKind};
use crate::enrich::resources::ResourceError;

/// One language's quotation data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
}

impl Rules {
    /// Loads `lang`'s quotation data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        Ok(Rules { lang })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// An entity of the article, by index.
    Entity(usize),
    /// A speaker named in the text that is no entity.
    Unresolved(String),
}

/// A quotation found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The quoted words, marks excluded.
    pub span: Span,
    /// Direct or partial.
    pub kind: QuoteKind,
    /// Who said it, if known.
    pub speaker: Option<Speaker>,
    /// The speech verb as written.
    pub verb: Option<Span>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

/// Finds the quotations in `doc`'s body and their speakers among `entities`.
pub fn find(_doc: &Document, _rules: &Rules, _entities: &[entities::Found]) -> Vec<Found> {
    Vec::new()
}
