//! The generated crate as files in memory: compared with what is on disk (`check`), or
//! written so that only changed files are touched, no file is ever half-written, and no
//! file svcgen did not write is overwritten or removed.
//!
//! What a write guarantees: every changed file is first written whole beside its target;
//! then the targets are replaced one rename at a time. If a rename fails, the files already
//! replaced are put back as they were (and new ones removed), the staged copies are
//! deleted, and the error says so; only if putting one back fails too does the error
//! (`Error::PartlyWritten`) name the files that may be new while others are old. Generated
//! sources the crate no longer has are removed last; a failure there leaves an unused file.
//!
//! Files on disk are compared with their line endings normalised, so a checkout that turned
//! `\n` into `\r\n` (Git's `core.autocrlf` on Windows) is up to date when its text is.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Every file of a generated crate, by path relative to the crate's root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    files: BTreeMap<PathBuf, String>,
    warnings: Vec<String>,
    /// Every file read to make this crate (inputs, imported schemas, catalogs, docs).
    sources: Vec<PathBuf>,
}

/// One way the files on disk differ from what the generator produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    Missing(PathBuf),
    Changed {
        path: PathBuf,
        unified_diff: String,
    },
    /// A Rust source file in `src/` the generator would not write.
    Extra(PathBuf),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Missing(path) => write!(f, "missing: {}", path.display()),
            Difference::Changed { unified_diff, .. } => f.write_str(unified_diff),
            Difference::Extra(path) => {
                write!(f, "not generated (would be removed): {}", path.display())
            }
        }
    }
}

/// What [`GeneratedCrate::write`] changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

impl GeneratedCrate {
    pub(crate) fn insert(&mut self, path: impl Into<PathBuf>, content: String) {
        self.files.insert(path.into(), content);
    }

    pub(crate) fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    pub(crate) fn add_source(&mut self, path: PathBuf) {
        if !self.sources.contains(&path) {
            self.sources.push(path);
        }
    }

    /// Every file read to make this crate: what a build script must watch.
    pub fn sources(&self) -> &[PathBuf] {
        &self.sources
    }

    /// Inputs accepted with a documented fallback (e.g. an undeclared value type read as
    /// a string), for the user to review.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The files, by relative path.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files
            .iter()
            .map(|(path, content)| (path.as_path(), content.as_str()))
    }

    /// How the crate at `dir` differs from this one; empty when it is up to date.
    pub fn differences(&self, dir: &Path) -> Result<Vec<Difference>> {
        let mut differences = Vec::new();
        for (path, expected) in &self.files {
            let full = dir.join(path);
            let Some(actual) = read_if_exists(&full)? else {
                differences.push(Difference::Missing(path.clone()));
                continue;
            };
            let actual =
                String::from_utf8_lossy(&normalize_line_ends(actual.as_bytes())).into_owned();
            if actual != *expected {
                differences.push(Difference::Changed {
                    path: path.clone(),
                    unified_diff: unified_diff(path, &actual, expected),
                });
            }
        }
        for extra in self.extra_sources(dir)? {
            differences.push(Difference::Extra(extra));
        }
        Ok(differences)
    }

    /// Writes the crate to `dir`: changed files are replaced atomically (written beside
    /// and renamed over), unchanged ones keep their timestamps, stale sources are removed.
    /// Refuses, before writing anything, when a file it would replace was not written by
    /// svcgen (has no `@generated` header): [`Error::NotGenerated`] names them all.
    pub fn write(&self, dir: &Path) -> Result<WriteSummary> {
        self.write_checked(dir, false)
    }

    /// [`GeneratedCrate::write`], replacing files svcgen did not write as well (what
    /// `svcgen generate --force` does).
    pub fn write_over_anything(&self, dir: &Path) -> Result<WriteSummary> {
        self.write_checked(dir, true)
    }

    fn write_checked(&self, dir: &Path, overwrite_foreign: bool) -> Result<WriteSummary> {
        let mut changed = Vec::new();
        let mut foreign = Vec::new();
        for (path, content) in &self.files {
            let full = dir.join(path);
            match read_if_exists(&full)? {
                Some(existing)
                    if *normalize_line_ends(existing.as_bytes()) == *content.as_bytes() => {}
                Some(existing) => {
                    if !overwrite_foreign && !has_generated_header(existing.as_bytes()) {
                        foreign.push(full.clone());
                    }
                    changed.push((full, content, path, Some(existing)));
                }
                None => changed.push((full, content, path, None)),
            }
        }
        if !foreign.is_empty() {
            return Err(Error::NotGenerated { files: foreign });
        }
        let mut summary = WriteSummary::default();
        // Every changed file is staged beside its target first; only when all are written
        // do the renames happen, so a full disk never leaves a crate half old, half new.
        let mut staged = Vec::new();
        for (target, content, path, previous) in changed {
            match stage(&target, content.as_bytes()) {
                Ok(temporary) => staged.push(Staged {
                    temporary,
                    target,
                    path: path.clone(),
                    previous,
                }),
                Err(error) => {
                    for file in &staged {
                        let _ = std::fs::remove_file(&file.temporary);
                    }
                    return Err(error);
                }
            }
        }
        summary.written = commit(staged, &mut |from, to| std::fs::rename(from, to))?;
        for extra in self.extra_sources(dir)? {
            let full = dir.join(&extra);
            std::fs::remove_file(&full).map_err(|source| Error::io(full, source))?;
            summary.removed.push(extra);
        }
        Ok(summary)
    }

    /// `.rs` files under `src/` that svcgen wrote earlier (they start with its header) and
    /// this crate no longer contains. Files without the header are the user's: never touched.
    fn extra_sources(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let src = dir.join("src");
        let entries = match std::fs::read_dir(&src) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(Error::io(src, source)),
        };
        let mut extra = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::io(&src, source))?;
            let relative = Path::new("src").join(entry.file_name());
            let is_source = relative
                .extension()
                .is_some_and(|extension| extension == "rs");
            if is_source && !self.files.contains_key(&relative) && is_generated(&entry.path())? {
                extra.push(relative);
            }
        }
        extra.sort();
        Ok(extra)
    }
}

/// A changed file written beside its target, and what the target held before.
struct Staged {
    temporary: PathBuf,
    target: PathBuf,
    /// Relative to the crate.
    path: PathBuf,
    /// `None`: the target did not exist.
    previous: Option<String>,
}

/// Renames every staged file over its target; when one rename fails, puts back the ones
/// already done and deletes the rest. `rename` is a parameter so that a failure can be
/// tested.
fn commit(
    staged: Vec<Staged>,
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> Result<Vec<PathBuf>> {
    for (index, file) in staged.iter().enumerate() {
        let Err(source) = rename(&file.temporary, &file.target) else {
            continue;
        };
        for rest in staged.get(index..).unwrap_or_default() {
            let _ = std::fs::remove_file(&rest.temporary);
        }
        let done = staged.get(..index).unwrap_or_default();
        let files = roll_back(done, rename);
        if files.is_empty() {
            return Err(Error::io(&file.target, source));
        }
        return Err(Error::PartlyWritten {
            path: file.target.clone(),
            source,
            files,
        });
    }
    Ok(staged.into_iter().map(|file| file.path).collect())
}

/// Puts files back as they were before `commit` replaced them; returns those it could not.
fn roll_back(
    done: &[Staged],
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> Vec<PathBuf> {
    let mut unrestored = Vec::new();
    for file in done.iter().rev() {
        let restored = match &file.previous {
            Some(text) => stage(&file.target, text.as_bytes())
                .ok()
                .is_some_and(|temporary| rename(&temporary, &file.target).is_ok()),
            None => std::fs::remove_file(&file.target).is_ok(),
        };
        if !restored {
            unrestored.push(file.target.clone());
        }
    }
    unrestored
}

/// Whether a file starts with the header svcgen puts on everything it writes.
fn is_generated(path: &Path) -> Result<bool> {
    // Bytes, not text: a user's file need not be UTF-8.
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    Ok(has_generated_header(&bytes))
}

/// The start of every generated Rust file's first line.
pub(crate) const GENERATED_MARKER: &str = "// @generated by svcgen";
/// The same for the generated `Cargo.toml`.
pub(crate) const GENERATED_TOML_MARKER: &str = "# @generated by svcgen";

fn has_generated_header(bytes: &[u8]) -> bool {
    bytes.starts_with(GENERATED_MARKER.as_bytes())
        || bytes.starts_with(GENERATED_TOML_MARKER.as_bytes())
}

/// `bytes` with `\r\n` read as `\n`, as svcgen writes text: how files on disk and inputs are
/// compared and hashed, so that a checkout whose line ends Git converted
/// (`core.autocrlf`) is the same as one whose line ends it left alone.
pub(crate) fn normalize_line_ends(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // Most text has no `\r` at all: one `memchr` scan says so.
    let crlf = |at: usize| bytes.get(at + 1) == Some(&b'\n');
    let has_crlf = bytes.contains(&b'\r')
        && bytes
            .iter()
            .enumerate()
            .any(|(at, &byte)| byte == b'\r' && crlf(at));
    if !has_crlf {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut normalized = Vec::with_capacity(bytes.len());
    for (at, &byte) in bytes.iter().enumerate() {
        if byte != b'\r' || !crlf(at) {
            normalized.push(byte);
        }
    }
    std::borrow::Cow::Owned(normalized)
}

fn read_if_exists(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::io(path, source)),
    }
}

/// Replaces `path` with `content` in one step (written beside, then renamed over), so a
/// reader never sees half a file.
#[cfg(feature = "update")]
pub(crate) fn replace_file(path: &Path, content: &[u8]) -> Result<()> {
    let temporary = stage(path, content)?;
    std::fs::rename(&temporary, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, source)
    })
}

/// Writes `content` to a temporary file beside `path` and returns its name.
fn stage(path: &Path, content: &[u8]) -> Result<PathBuf> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| Error::io(parent, source))?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{file_name}.svcgen-tmp"));
    std::fs::write(&temporary, content).map_err(|source| Error::io(&temporary, source))?;
    Ok(temporary)
}

fn unified_diff(path: &Path, actual: &str, expected: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(actual, expected)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{name} (on disk)"),
            &format!("b/{name} (generated)"),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIB: &str = "// @generated by svcgen 0.1.0\npub mod a;\n";

    fn sample() -> GeneratedCrate {
        let mut krate = GeneratedCrate::default();
        krate.insert(
            "Cargo.toml",
            "# @generated by svcgen 0.1.0\n[package]\n".to_owned(),
        );
        krate.insert("src/lib.rs", LIB.to_owned());
        krate
    }

    #[test]
    fn files_svcgen_did_not_write_are_refused_by_name_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"mine\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("src/lib.rs"), "pub fn mine() {}\n").unwrap();
        let error = sample().write(dir.path()).unwrap_err();
        let Error::NotGenerated { files } = &error else {
            panic!("{error}")
        };
        assert_eq!(
            files,
            &[dir.path().join("Cargo.toml"), dir.path().join("src/lib.rs")]
        );
        assert!(error.to_string().contains("Cargo.toml"), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
            "pub fn mine() {}\n"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("src")).unwrap().count(),
            1
        );

        sample().write_over_anything(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
            LIB
        );
    }

    #[test]
    fn a_checkout_with_crlf_line_ends_is_up_to_date_and_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let krate = sample();
        krate.write(dir.path()).unwrap();
        for (path, content) in krate.files() {
            std::fs::write(dir.path().join(path), content.replace('\n', "\r\n")).unwrap();
        }
        assert_eq!(krate.differences(dir.path()).unwrap(), Vec::new());
        assert_eq!(krate.write(dir.path()).unwrap(), WriteSummary::default());
    }

    #[test]
    fn a_failed_write_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "old\n").unwrap();
        // `src` is a file, so nothing can be written under it.
        std::fs::write(dir.path().join("src"), "in the way").unwrap();
        assert!(sample().write(dir.path()).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(),
            "old\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    /// The third rename fails: the two files already replaced are put back (the changed
    /// one as it was, the new one removed) and no staged copy stays behind.
    #[test]
    fn a_failed_rename_midway_puts_everything_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.rs");
        std::fs::write(&first, "// @generated by svcgen\r\nold a\r\n").unwrap();
        let staged: Vec<Staged> = [
            ("a.rs", Some("// @generated by svcgen\r\nold a\r\n")),
            ("b.rs", None),
            ("c.rs", None),
        ]
        .into_iter()
        .map(|(name, previous)| {
            let target = dir.path().join(name);
            Staged {
                temporary: stage(&target, format!("new {name}").as_bytes()).unwrap(),
                target,
                path: PathBuf::from(name),
                previous: previous.map(str::to_owned),
            }
        })
        .collect();
        let mut renames = 0;
        let mut failing = |from: &Path, to: &Path| {
            renames += 1;
            if renames == 3 {
                return Err(std::io::Error::other("disk full"));
            }
            std::fs::rename(from, to)
        };
        let error = commit(staged, &mut failing).unwrap_err();
        assert!(error.to_string().ends_with("c.rs: disk full"), "{error}");
        assert_eq!(
            std::fs::read_to_string(&first).unwrap(),
            "// @generated by svcgen\r\nold a\r\n",
            "restored byte for byte"
        );
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["a.rs"], "no new file, no staged copy");
    }

    #[test]
    fn write_then_compare_is_clean_and_rewrites_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let krate = sample();
        let first = krate.write(dir.path()).unwrap();
        assert_eq!(first.written.len(), 2);
        assert!(krate.differences(dir.path()).unwrap().is_empty());
        assert_eq!(krate.write(dir.path()).unwrap(), WriteSummary::default());
    }

    #[test]
    fn edits_missing_and_extra_files_are_reported_then_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let krate = sample();
        krate.write(dir.path()).unwrap();
        std::fs::write(
            dir.path().join("src/lib.rs"),
            "// @generated by svcgen 0.1.0\npub mod b;\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("src/old.rs"),
            "// @generated by svcgen 0.0.1\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
        std::fs::write(dir.path().join("src/latin1.rs"), b"// caf\xe9\n").unwrap();
        std::fs::remove_file(dir.path().join("Cargo.toml")).unwrap();

        let differences = krate.differences(dir.path()).unwrap();
        assert_eq!(differences[0], Difference::Missing("Cargo.toml".into()));
        let Difference::Changed { unified_diff, .. } = &differences[1] else {
            panic!("{differences:?}")
        };
        assert!(
            unified_diff.contains("-pub mod b;\n+pub mod a;"),
            "{unified_diff}"
        );
        assert_eq!(differences[2], Difference::Extra("src/old.rs".into()));

        let summary = krate.write(dir.path()).unwrap();
        assert_eq!(summary.removed, vec![PathBuf::from("src/old.rs")]);
        assert!(
            dir.path().join("src/main.rs").exists(),
            "the user's own file stays"
        );
        assert!(
            dir.path().join("src/latin1.rs").exists(),
            "even when it is not UTF-8"
        );
        assert!(krate.differences(dir.path()).unwrap().is_empty());
    }
}
