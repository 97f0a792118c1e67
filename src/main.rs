//! The `newswire` binary: parse the command line, run it, exit.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the core allocates many small, short-lived strings and vectors
/// per article; glibc's malloc and free were a seventh of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    newswire::allocator::keep_freed_pages();
    newswire::cli::run(newswire::cli::Cli::parse())
}
