//! Why settings could not be loaded: always naming the setting or the file.

use std::path::PathBuf;

use thiserror::Error;

/// A settings error, fatal at start. Each variant names what to fix.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A settings file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A settings file is not valid TOML.
    #[error("config file {path} is not valid TOML: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A setting that does not exist.
    #[error("unknown setting {setting} (from {origin}); `newswire config` lists them all")]
    Unknown {
        /// The setting as written (`section.key`).
        setting: String,
        /// Where it was given.
        origin: String,
    },
    /// A setting whose value does not fit it.
    #[error("invalid setting {setting} (from {origin}): {message}")]
    Invalid {
        /// The setting (`section.key`).
        setting: String,
        /// Where its value was given.
        origin: String,
        /// What is wrong and what would be right.
        message: String,
    },
}

impl ConfigError {
    pub(crate) fn invalid(setting: &str, origin: String, message: String) -> ConfigError {
        ConfigError::Invalid {
            setting: setting.to_owned(),
            origin,
            message,
        }
    }

    /// The setting this error is about, when it is about one.
    pub fn setting(&self) -> Option<&str> {
        match self {
            ConfigError::Unknown { setting, .. } | ConfigError::Invalid { setting, .. } => {
                Some(setting)
            }
            _ => None,
        }
    }
}
