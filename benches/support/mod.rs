//! Helpers shared by the benches: reading articles, measuring them, and
//! making long ones.

use std::path::Path;

use newswire::record::Article;

/// mimalloc's `purge_delay` option (the same index in its v2 and v3 APIs).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// What `src/main.rs` does first (`keep_freed_pages`), so that the benches
/// measure the allocator as the binary runs it: freed pages stay mapped
/// for ten seconds instead of milliseconds.
pub fn keep_freed_pages() {
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: sets one integer option of the allocator this bench links.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10_000) }
}

/// Reads the articles of JSON Lines files (their `gold` key dropped); files
/// that are missing or unreadable and lines that are not articles are
/// skipped.
pub fn read_articles<P: AsRef<Path>>(files: &[P]) -> Vec<Article> {
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(mut v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(o) = v.as_object_mut() {
                o.remove("gold");
            }
            if let Ok(a) = Article::from_value(v) {
                out.push(a);
            }
        }
    }
    out
}

/// Bytes of title and body: what throughput is counted in.
pub fn bytes_of(a: &Article) -> u64 {
    (a.body().len() + a.title().map_or(0, str::len)) as u64
}

/// One article of at least `size` bytes: the bodies of `arts` one after
/// another, as paragraphs, as often as needed.
pub fn long_article(arts: &[Article], size: usize) -> Article {
    let mut body = String::with_capacity(size + 8192);
    'fill: loop {
        for a in arts {
            body.push_str(a.body());
            body.push_str("\n\n");
            if body.len() >= size {
                break 'fill;
            }
        }
    }
    Article::from_value(serde_json::json!({ "body": body, "language": "it" })).expect("article")
}
