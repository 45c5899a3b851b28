//! Reading models from disk, and the built-in model embedded in the binary.
//!
//! This is the one module of the crate that does I/O. A model directory is every
//! `*.toml` file directly inside it, in file-name order; a `.json` file is one whole
//! model (as `statecraft export` writes it).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::load::{Diagnostics, InputFile, Model, load};

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../models/russia-dprk");

/// Why a model could not be read or loaded.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no *.toml model files in this directory")]
    Empty { path: PathBuf },
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// The files of the built-in Russia–DPRK model, as they were at build time.
pub fn builtin_files() -> Vec<InputFile> {
    let mut files: Vec<InputFile> = BUILTIN
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(|f| InputFile {
            name: format!("models/russia-dprk/{}", f.path().display()),
            text: String::from_utf8_lossy(f.contents()).into_owned(),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Reads the files of a model directory (or a single `.toml`/`.json` file).
pub fn read_files(path: &Path) -> Result<Vec<InputFile>, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    let mut paths = Vec::new();
    if metadata.is_dir() {
        for entry in std::fs::read_dir(path).map_err(io)? {
            let entry = entry.map_err(io)?;
            let p = entry.path();
            if p.is_file() && p.extension().is_some_and(|e| e == "toml") {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
    } else {
        paths.push(path.to_path_buf());
    }
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|source| StoreError::Io {
                path: p.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| StoreError::Io {
                path: p.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file is not valid UTF-8",
                ),
            })?;
            Ok(InputFile {
                name: p.display().to_string(),
                text,
            })
        })
        .collect()
}

/// Loads a model from a path, or the built-in model when `path` is `None`.
pub fn open(path: Option<&Path>) -> Result<Model, StoreError> {
    let files = match path {
        Some(path) => read_files(path)?,
        None => builtin_files(),
    };
    load(&files).map_err(StoreError::Invalid)
}
