//! Enrichers the worker tests start workers with: the shared engine, and
//! stand-ins for a slow core and a core with a bug.

use std::sync::Arc;
use std::time::Duration;

use newswire::enrich::{EnrichError, Enrichment};
use newswire::pipeline::Enricher;
use newswire::record::Article;

/// The engine shared by every test of a binary, as the worker's enricher.
pub fn shared() -> Arc<dyn Enricher> {
    Arc::new(Shared)
}

struct Shared;

impl Enricher for Shared {
    fn enrich<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        super::engine().enrich_checked(article)
    }
}

/// The shared engine, sleeping this long before each article: an output
/// or a core slower than the input.
pub struct Slow(pub Duration);

impl Enricher for Slow {
    fn enrich<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        std::thread::sleep(self.0);
        super::engine().enrich_checked(article)
    }
}

/// The shared engine, except that an article whose body contains `PANIC`
/// makes it panic: a stand-in for a bug in the core (class `enrich_panic`).
pub struct PanicsOnMarker;

impl Enricher for PanicsOnMarker {
    fn enrich<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        if article.body().contains("PANIC") {
            panic!("core bug triggered by marker");
        }
        super::engine().enrich_checked(article)
    }
}
