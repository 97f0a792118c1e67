//! The allocator's settings: the binary and the benches use mimalloc as
//! their global allocator and call [`keep_freed_pages`] first, so the
//! benches measure the allocator as the binary runs it.

// `mi_option_set` is mimalloc's: link it into every binary that links this
// crate, tests included, whether or not they make it their allocator.
extern crate mimalloc;

/// mimalloc's `purge_delay` option (the same index in its v2 and v3 APIs;
/// `libmimalloc-sys` names no constant for it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keeps pages mimalloc freed for ten seconds before it gives them back to
/// the kernel (its default is milliseconds). Every article frees what the
/// previous one used; given back so soon, those pages came back as fresh
/// ones the kernel zeroed again (a page fault, often of a 2 MB huge page),
/// a few per cent of the core's time. Idle memory still goes back.
pub fn keep_freed_pages() {
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: sets one integer option of the allocator this crate links
    // (the `mimalloc` dependency); mimalloc reads its options atomically.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10_000) }
}
