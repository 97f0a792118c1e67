//! Datelines: where, when and for whom a story was filed.
//!
//! Finds the dateline a body opens with (`Mosca, 13 settembre 2023 –`,
//! `LONDON, Nov 28 (Reuters) -`) and resolves its place, date and agency.

use chrono::NaiveDate;

use crate::enrich::document::{Document, Span};
use crate::enrich::language::Lang;
use crate::enrich::resources::ResourceError;

/// One language's dateline data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
}

impl Rules {
    /// Loads `lang`'s dateline data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        Ok(Rules { lang })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// A dateline found at the start of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The whole dateline, closing dash included.
    pub span: Span,
    /// The place as written.
    pub location: Span,
    /// The place's usual English name.
    pub canonical: String,
    /// The place's ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
    /// The date, year resolved.
    pub date: Option<NaiveDate>,
    /// The agency as written.
    pub agency: Option<Span>,
}

/// Finds the dateline `doc`'s body opens with; `published` resolves dates
/// written without a year.
pub fn find(_doc: &Document, _rules: &Rules, _published: Option<NaiveDate>) -> Option<Found> {
    None
}
