//! Language knowledge as data: the `resources/` folder, embedded at build time.
//!
//! One folder per language (`it`, `en`, `fr`, `es`, `de`, `pt`) and `shared/`
//! for data that serves every language. Files are UTF-8 text; in list and
//! table files a line starting with `#` is a comment and blank lines are
//! ignored. Errors name the file and line, like
//! `resources/it/speech_verbs.txt:14: empty entry`.

use include_dir::{include_dir, Dir};
use thiserror::Error;

static RESOURCES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/resources");

/// A resource file that is missing or malformed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ResourceError {
    /// The file is not in the embedded folder.
    #[error("resources/{path}: missing")]
    Missing {
        /// Path under `resources/`.
        path: String,
    },
    /// The file is not UTF-8.
    #[error("resources/{path}: not UTF-8")]
    NotUtf8 {
        /// Path under `resources/`.
        path: String,
    },
    /// A line that does not fit the file's format.
    #[error("resources/{path}:{line}: {message}")]
    Malformed {
        /// Path under `resources/`.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The text of the embedded file at `path` (relative to `resources/`).
pub fn file(path: &str) -> Result<&'static str, ResourceError> {
    let f = RESOURCES
        .get_file(path)
        .ok_or_else(|| ResourceError::Missing {
            path: path.to_owned(),
        })?;
    f.contents_utf8().ok_or_else(|| ResourceError::NotUtf8 {
        path: path.to_owned(),
    })
}

/// True when `path` exists in the embedded folder.
pub fn exists(path: &str) -> bool {
    RESOURCES.get_file(path).is_some()
}

/// The paths (relative to `resources/`) of the files directly in the folder
/// `dir`, sorted; an error when the folder is not there.
pub fn files_in(dir: &str) -> Result<Vec<&'static str>, ResourceError> {
    let folder = RESOURCES
        .get_dir(dir)
        .ok_or_else(|| ResourceError::Missing {
            path: format!("{dir}/"),
        })?;
    let mut paths: Vec<&'static str> = folder.files().filter_map(|f| f.path().to_str()).collect();
    paths.sort_unstable();
    Ok(paths)
}

/// One data line of a resource file, with where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Path under `resources/`.
    pub path: &'a str,
    /// 1-based line number.
    pub number: usize,
    /// The line, trimmed of surrounding whitespace.
    pub text: &'static str,
}

impl Line<'_> {
    /// An error about this line.
    pub fn error(&self, message: impl Into<String>) -> ResourceError {
        ResourceError::Malformed {
            path: self.path.to_owned(),
            line: self.number,
            message: message.into(),
        }
    }

    /// The line's tab-separated columns; exactly `n` of them or an error.
    pub fn columns(&self, n: usize) -> Result<Vec<&'static str>, ResourceError> {
        let cols: Vec<&'static str> = self.text.split('\t').map(str::trim).collect();
        if cols.len() != n {
            return Err(self.error(format!(
                "expected {n} tab-separated columns, found {}",
                cols.len()
            )));
        }
        Ok(cols)
    }
}

/// The data lines of a file: no comments, no blank lines.
pub fn lines(path: &str) -> Result<Vec<Line<'_>>, ResourceError> {
    let text = file(path)?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            path,
            number: i + 1,
            text: l.trim(),
        })
        .filter(|l| !l.text.is_empty() && !l.text.starts_with('#'))
        .collect())
}

/// A word list: one entry per line. Duplicates are an error, so a list stays
/// easy to review.
pub fn word_list(path: &str) -> Result<Vec<&'static str>, ResourceError> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for line in lines(path)? {
        if !seen.insert(line.text) {
            return Err(line.error(format!("duplicate entry {:?}", line.text)));
        }
        out.push(line.text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_names_its_path() {
        let e = file("xx/nothing.txt").unwrap_err();
        assert_eq!(e.to_string(), "resources/xx/nothing.txt: missing");
    }

    #[test]
    fn every_language_folder_has_abbreviations() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            let path = format!("{lang}/abbreviations.txt");
            let words = word_list(&path).unwrap();
            assert!(words.len() >= 5, "{path}");
            assert!(words.iter().all(|w| *w == w.to_lowercase()), "{path}");
        }
    }

    #[test]
    fn malformed_line_reports_file_and_line() {
        let line = Line {
            path: "it/x.tsv",
            number: 3,
            text: "a\tb",
        };
        let e = line.columns(3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "resources/it/x.tsv:3: expected 3 tab-separated columns, found 2"
        );
    }
}
