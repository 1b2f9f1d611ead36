//! The generator's error type: every failure names the file and, where there is one, the
//! place in it (JSON path or line:column).

use std::path::PathBuf;

use crate::ir::Origin;

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

pub type Result<T, E = Error> = std::result::Result<T, E>;
