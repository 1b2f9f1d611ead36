//! The generator's error type: every failure names the file and, where there is one, the
//! place in it (JSON path or line:column).

use std::path::PathBuf;

use crate::ir::{Location, Origin};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An input document is not valid for what it claims to be.
    #[error("{origin}: {message}")]
    Input { origin: Origin, message: String },
    /// The configuration is incomplete or contradicts itself.
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    /// What was asked of the library contradicts itself (two services of one name).
    #[error("{message}")]
    Spec { message: String },
    /// A download for `svcgen update` failed.
    #[error("GET {url}: {message}")]
    Download { url: String, message: String },
    /// `svcgen update` cannot do what the configuration and the server ask.
    #[error("{message}")]
    Update { message: String },
    /// The generator produced tokens that are not valid Rust: a bug in svcgen.
    #[error("internal error while emitting `{module}`: {message} (please report this)")]
    Emit { module: String, message: String },
}

impl Error {
    pub(crate) fn input(origin: Origin, message: impl Into<String>) -> Self {
        Error::Input {
            origin,
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl Error {
    /// The message with, for a position in a file, the line it points at and a caret under
    /// the column: what a person reading the error needs.
    pub fn render(&self) -> String {
        let message = self.to_string();
        match self.snippet() {
            Some(snippet) => format!("{message}\n{snippet}"),
            None => message,
        }
    }

    fn snippet(&self) -> Option<String> {
        let Error::Input {
            origin:
                Origin {
                    file,
                    location: Location::LineColumn { line, column },
                },
            ..
        } = self
        else {
            return None;
        };
        let text = std::fs::read(file.as_path()).ok()?;
        let text = String::from_utf8_lossy(&text);
        let source_line = text.lines().nth(line.checked_sub(1)?)?;
        Some(caret_under(source_line, *line, *column))
    }
}

/// Shows at most this many characters of a line (WCF writes whole WSDLs on one line).
const SNIPPET_WIDTH: usize = 100;

fn caret_under(source_line: &str, line: usize, column: usize) -> String {
    let chars: Vec<char> = source_line.chars().collect();
    let column = column.saturating_sub(1).min(chars.len());
    let start = column.saturating_sub(SNIPPET_WIDTH / 2);
    let end = (start + SNIPPET_WIDTH).min(chars.len());
    let shown: String = chars.get(start..end).unwrap_or_default().iter().collect();
    let shown = shown.replace('\t', " ");
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let lead = if start > 0 { "…" } else { "" };
    let caret_at = column - start + lead.chars().count();
    format!(
        "{pad} |\n{gutter} | {lead}{shown}\n{pad} | {}^",
        " ".repeat(caret_at)
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_point_at_the_column_even_in_one_line_files() {
        assert_eq!(
            caret_under("  <part element=\"q:Ping\"/>", 3, 3),
            "  |\n3 |   <part element=\"q:Ping\"/>\n  |   ^"
        );
        let long = format!("{}<bad/>{}", "x".repeat(500), "y".repeat(500));
        let rendered = caret_under(&long, 1, 501);
        let lines: Vec<&str> = rendered.lines().collect();
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        let pointed: String = lines[1].chars().skip(caret).take(6).collect();
        assert_eq!(pointed, "<bad/>");
        assert!(lines[1].chars().count() < 120);
    }
}
