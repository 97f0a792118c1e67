//! Heap allocations of the enrichment core per article: the binary's
//! allocator (mimalloc) behind a counter, one pass over the corpus articles
//! the `core` bench reads (`tests/data/*.jsonl` and, when present,
//! `../shared/corpus/*.jsonl`). Prints allocations and bytes allocated per
//! article, and the same per KB of text.
//!
//! ```sh
//! cargo bench --bench allocs
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use newswire::enrich::Engine;

// `long_article` is the other benches'.
#[allow(dead_code)]
mod support;

/// mimalloc, counting calls that hand out memory.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to mimalloc; the counters are
// only read.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract is GlobalAlloc's.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let arts = support::corpus_articles();
    let engine = Engine::new().expect("resources load");
    // One pass to warm up, then the counted one.
    for a in &arts {
        black_box(engine.enrich(a));
    }
    let (a0, b0) = (
        ALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for a in &arts {
        black_box(engine.enrich(black_box(a)));
    }
    let allocs = ALLOCS.load(Ordering::Relaxed) - a0;
    let bytes = BYTES.load(Ordering::Relaxed) - b0;
    let n = arts.len() as f64;
    let kb = arts.iter().map(support::bytes_of).sum::<u64>() as f64 / 1024.0;
    println!(
        "{} articles, {:.1} KB: {:.0} allocations per article ({:.1} per KB), \
         {:.0} bytes allocated per article",
        arts.len(),
        kb,
        allocs as f64 / n,
        allocs as f64 / kb,
        bytes as f64 / n
    );
}
