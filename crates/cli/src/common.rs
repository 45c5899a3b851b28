//! What every subcommand shares: opening the model, parsing dates, reading source
//! texts, writing output files atomically, and the exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use statecraft_model::store::{self, StoreError};
use statecraft_model::{Date, Model};
use statecraft_sources::{SourceText, SourceTexts};

use crate::Global;

/// Exit code for "invalid input" (ripgrep's 1).
pub const INVALID: u8 = 1;

/// An error that maps to exit code 1 (bad input) rather than 2 (usage or I/O).
#[derive(Debug)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

/// Returns an error that exits with code 1.
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Invalid(message.into()))
}

/// Opens the model named by `--model`, or the built-in one. An invalid model is bad
/// input (exit 1) with every diagnostic listed.
pub fn open_model(global: &Global) -> anyhow::Result<Model> {
    match store::open(global.model.as_deref()) {
        Ok(model) => Ok(model),
        Err(StoreError::Invalid(diagnostics)) => {
            let count = diagnostics.0.len();
            Err(invalid(format!(
                "{diagnostics}\n{count} problem(s) in the model"
            )))
        }
        Err(error) => Err(anyhow::Error::new(error)),
    }
}

/// Parses an `--as-of` value.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

/// The model, viewed as of a date when one is given.
pub fn model_as_of(global: &Global, as_of: Option<&Date>) -> anyhow::Result<Model> {
    let model = open_model(global)?;
    Ok(match as_of {
        Some(date) => statecraft_model::view::as_of(&model, date),
        None => model,
    })
}

/// Reads every file directly inside a directory as a candidate source text; texts are
/// later matched to sources by SHA-256, so names do not matter. Files that are not
/// UTF-8 cannot be sources and are passed over.
pub fn read_source_texts(dir: &Path) -> anyhow::Result<SourceTexts> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read sources directory {}", dir.display()))?;
    let mut texts = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        if !path.is_file() {
            continue;
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if let Ok(text) = SourceText::new(&path.display().to_string(), &bytes) {
            texts.push(text);
        }
    }
    Ok(SourceTexts::new(texts))
}

/// Writes each file to a temporary name beside it, then renames them all into place.
/// Any failure removes every temporary file, so the directory holds either the old
/// files or the new ones (a failed rename leaves no stray file behind).
pub fn write_atomically(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let clean = |staged: &[(PathBuf, &Path)]| {
        for (temp, _) in staged {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (path, bytes) in files {
        let temp = temp_path(path);
        if let Err(error) = std::fs::write(&temp, bytes)
            .and_then(|()| std::fs::File::open(&temp).and_then(|f| f.sync_all()))
        {
            let _ = std::fs::remove_file(&temp);
            clean(&staged);
            return Err(error);
        }
        staged.push((temp, path.as_path()));
    }
    for (k, (temp, path)) in staged.iter().enumerate() {
        if let Err(error) = std::fs::rename(temp, path) {
            clean(&staged[k..]);
            return Err(error);
        }
    }
    Ok(())
}

/// [`write_atomically`] for owned contents, with the failure described for the user.
pub fn write_files_atomically(files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<()> {
    let borrowed: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    let targets: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    write_atomically(&borrowed).with_context(|| format!("cannot write {}", targets.join(", ")))
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Prints a value as pretty JSON with a trailing newline.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<ExitCode> {
    let text = serde_json::to_string_pretty(value)?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Renders rows as an aligned plain-text table that pastes cleanly into a report.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(
        &mut out,
        &headers.iter().map(|h| (*h).to_string()).collect::<Vec<_>>(),
    );
    line(
        &mut out,
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    );
    for row in rows {
        line(&mut out, row);
    }
    out
}

/// A progress line on standard error for long sampling: shown only on a terminal,
/// first after one second and then at most four times a second, and erased when the
/// work is done, so none of it stays in output pasted into a report.
pub struct Progress {
    what: &'static str,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    start: std::time::Instant,
    last: std::sync::Mutex<Option<std::time::Instant>>,
    shown: std::sync::atomic::AtomicBool,
    terminal: bool,
}

impl Progress {
    /// Runs `work`, handing it a stop closure for an engine's `_until` function
    /// that never stops but counts the calls: one per step begun of `total`
    /// steps of `what` (e.g. "samples").
    pub fn run<T>(
        what: &'static str,
        total: usize,
        work: impl FnOnce(&(dyn Fn() -> bool + Sync)) -> T,
    ) -> T {
        let progress = Progress::new(what, total);
        let result = work(&|| {
            progress.tick();
            false
        });
        progress.finish();
        result
    }

    fn new(what: &'static str, total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            what,
            total,
            done: 0.into(),
            start: std::time::Instant::now(),
            last: std::sync::Mutex::new(None),
            shown: false.into(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// One step begun; redraws the line when it is due.
    fn tick(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if !self.terminal {
            return;
        }
        if let Some(line) = self.due(done, std::time::Instant::now()) {
            eprint!("\r{line}");
            self.shown.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The line to draw after `done` steps at `now`, if one is due. Threads that find
    /// another drawing skip their turn rather than wait.
    fn due(&self, done: usize, now: std::time::Instant) -> Option<String> {
        const FIRST: std::time::Duration = std::time::Duration::from_secs(1);
        const EVERY: std::time::Duration = std::time::Duration::from_millis(250);
        if now.duration_since(self.start) < FIRST {
            return None;
        }
        let mut last = self.last.try_lock().ok()?;
        if last.is_some_and(|t| now.duration_since(t) < EVERY) {
            return None;
        }
        *last = Some(now);
        let percent = 100 * done.min(self.total) / self.total.max(1);
        Some(format!(
            "{}: {done} of {} begun ({percent}%)",
            self.what, self.total
        ))
    }

    /// Erases the line, if one was drawn.
    fn finish(&self) {
        if self.shown.load(std::sync::atomic::Ordering::Relaxed) {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;
    use std::time::Duration;

    #[test]
    fn progress_waits_a_second_then_draws_at_most_four_times_a_second() {
        let progress = Progress::new("samples", 200);
        let start = progress.start;
        assert_eq!(progress.due(10, start + Duration::from_millis(900)), None);
        assert_eq!(
            progress
                .due(50, start + Duration::from_millis(1000))
                .as_deref(),
            Some("samples: 50 of 200 begun (25%)")
        );
        assert_eq!(progress.due(60, start + Duration::from_millis(1200)), None);
        assert_eq!(
            progress
                .due(200, start + Duration::from_millis(1250))
                .as_deref(),
            Some("samples: 200 of 200 begun (100%)")
        );
    }
}
