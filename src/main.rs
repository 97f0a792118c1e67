//! The `newswire` binary: parse the command line, run it, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    newswire::cli::run(newswire::cli::Cli::parse())
}
