//! `newswire config`: prints the effective worker configuration.
//!
//! The output is the merged settings — defaults, file, `NEWSWIRE_*`
//! environment, flags — as TOML, with secrets (passwords, keys, tokens)
//! replaced by `<redacted>`; it is itself a valid `--config` file. An invalid
//! setting is reported as `newswire run` would report it, exit status 2; a
//! `NEWSWIRE_*` variable that names no setting gets a warning on stderr.

use std::process::ExitCode;

use super::settings::SettingsArgs;
use crate::config::DEFAULT_TOML;

/// Arguments of `newswire config`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The settings layers to merge.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Print the built-in defaults with their documentation instead.
    #[arg(long)]
    pub defaults: bool,
}

/// Runs `newswire config`.
pub fn run(args: Args) -> ExitCode {
    if args.defaults {
        print!("{DEFAULT_TOML}");
        return ExitCode::SUCCESS;
    }
    for name in args.settings.ignored_env() {
        eprintln!("newswire: warning: {}", ignored_message(&name));
    }
    match args.settings.load() {
        Ok(settings) => {
            println!(
                "# newswire {}: effective configuration (secrets redacted)",
                env!("CARGO_PKG_VERSION")
            );
            print!("{}", settings.to_toml_redacted());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("newswire: {e}");
            ExitCode::from(2)
        }
    }
}

/// The warning about an environment variable that sets nothing.
pub fn ignored_message(name: &str) -> String {
    format!(
        "ignoring {name}: no setting has that variable (NEWSWIRE_<SECTION>_<KEY>; \
         `newswire config --defaults` lists the settings)"
    )
}
