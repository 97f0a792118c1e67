//! `newswire schema`: prints the JSON Schema of what newswire writes.

use std::process::ExitCode;

use crate::record::record_schema;

/// Arguments of `newswire schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the output record's schema, indented, to stdout.
pub fn run(_args: Args) -> ExitCode {
    let text = serde_json::to_string_pretty(&record_schema()).expect("schema serialises");
    println!("{text}");
    ExitCode::SUCCESS
}
