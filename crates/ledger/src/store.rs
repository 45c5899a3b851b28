//! The ledger file: an SQLite database of questions, forecasts and resolutions.
//!
//! This module is, with the CLI, the only place in statecraft that reads and writes
//! files. It opens (creating if needed) a ledger, brings its schema up to date, and
//! records and reads [`crate::record`] types. It does not score anything (see
//! [`crate::score`]) and never looks at the clock: every date is given by the caller.
//!
//! Durability: the database is in WAL mode with `synchronous = FULL`, so a write that
//! returned `Ok` has been committed and synced to disk and survives a crash or a killed
//! process. Every write is one `BEGIN IMMEDIATE` transaction: it takes the write lock
//! before reading what it checks, so two processes writing at once are serialised and
//! neither loses a write; a writer that finds the lock taken waits up to
//! [`BUSY_TIMEOUT`]. A write that fails a check changes nothing.
//!
//! Schema versions (`PRAGMA user_version`, see `docs/ledger.md`):
//! - v1: questions, options, forecasts (forecaster, date, a probability per option),
//!   resolutions.
//! - v2: forecasts gain a rationale, evidence, an origin (for idempotent imports) and the
//!   sum their probabilities were normalised from; each probability gains the interval
//!   and the words it was stated in.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use statecraft_model::Date;

use crate::error::LedgerError;
use crate::record::{
    ANNULLED, Forecast, ForecastInput, ForecastRecord, Locator, OptionProbability, Outcome,
    Question, QuestionKind, QuestionRecord, Resolution, complete_forecast,
};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// How long a writer waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [
    // v0 → v1: the first schema.
    "CREATE TABLE question (
        id TEXT PRIMARY KEY NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('binary', 'multiple', 'ordered')),
        resolution_criterion TEXT NOT NULL,
        opens TEXT NOT NULL,
        resolves_by TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]'
    ) STRICT;
    CREATE TABLE question_option (
        question_id TEXT NOT NULL REFERENCES question(id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (question_id, position),
        UNIQUE (question_id, name)
    ) STRICT;
    CREATE TABLE forecast (
        id INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL REFERENCES question(id),
        forecaster TEXT NOT NULL,
        made_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX forecast_question ON forecast(question_id);
    CREATE TABLE forecast_probability (
        forecast_id INTEGER NOT NULL REFERENCES forecast(id),
        position INTEGER NOT NULL,
        probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
        PRIMARY KEY (forecast_id, position)
    ) STRICT;
    CREATE TABLE resolution (
        question_id TEXT PRIMARY KEY NOT NULL REFERENCES question(id),
        outcome TEXT,
        annulled INTEGER NOT NULL CHECK (annulled IN (0, 1)),
        resolved_at TEXT NOT NULL,
        source TEXT NOT NULL,
        note TEXT,
        CHECK ((annulled = 1) = (outcome IS NULL))
    ) STRICT;",
    // v1 → v2: rationale and evidence on forecasts, the import origin, the normalisation,
    // and the interval and words of each probability. A v1 probability was a plain
    // number, so its interval is that number.
    "ALTER TABLE forecast ADD COLUMN rationale TEXT;
    ALTER TABLE forecast ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecast ADD COLUMN origin TEXT;
    ALTER TABLE forecast ADD COLUMN stated_sum REAL NOT NULL DEFAULT 1.0;
    CREATE UNIQUE INDEX forecast_origin ON forecast(origin) WHERE origin IS NOT NULL;
    ALTER TABLE forecast_probability ADD COLUMN low REAL;
    ALTER TABLE forecast_probability ADD COLUMN high REAL;
    ALTER TABLE forecast_probability ADD COLUMN stated TEXT;
    UPDATE forecast_probability SET low = probability, high = probability;",
];

/// An open ledger.
#[derive(Debug)]
pub struct Ledger {
    connection: Connection,
    path: PathBuf,
}

/// How many records a ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub questions: usize,
    pub forecasts: usize,
    pub resolutions: usize,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub questions_added: usize,
    pub forecasts_added: usize,
    /// Questions and forecasts already in the ledger exactly as the model has them.
    pub questions_unchanged: usize,
    pub forecasts_unchanged: usize,
}

/// The default ledger path: `$XDG_DATA_HOME/statecraft/ledger.sqlite3`, else
/// `$HOME/.local/share/statecraft/ledger.sqlite3`. Reads the environment; creates
/// nothing.
pub fn default_path() -> Result<PathBuf, LedgerError> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let data = match (non_empty("XDG_DATA_HOME"), non_empty("HOME")) {
        (Some(xdg), _) => PathBuf::from(xdg),
        (None, Some(home)) => PathBuf::from(home).join(".local/share"),
        (None, None) => {
            return Err(LedgerError::invalid(
                "ledger",
                "neither XDG_DATA_HOME nor HOME is set; give --ledger PATH",
            ));
        }
    };
    Ok(data.join("statecraft").join("ledger.sqlite3"))
}

impl Ledger {
    /// Opens the ledger at `path`, creating the file (and its directory) if needed and
    /// migrating an older schema to [`SCHEMA_VERSION`] in one transaction.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        Self::open_at_version(path, SCHEMA_VERSION)
    }

    /// Opens a ledger and migrates it only up to `version`: used to write the
    /// compatibility fixtures of older schema versions.
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: u32) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| LedgerError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let connection = Connection::open(path).map_err(|source| LedgerError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        let mut ledger = Ledger {
            connection,
            path: path.to_path_buf(),
        };
        ledger.configure()?;
        ledger.migrate(version.min(SCHEMA_VERSION))?;
        Ok(ledger)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, source: rusqlite::Error) -> LedgerError {
        LedgerError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn corrupt(&self, message: impl Into<String>) -> LedgerError {
        LedgerError::Corrupt {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    fn configure(&mut self) -> Result<(), LedgerError> {
        self.connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.sql(e))?;
        let mode: String = self
            .connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(|e| self.sql(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(self.corrupt(format!(
                "cannot switch to WAL mode (journal mode is {mode})"
            )));
        }
        self.connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(|e| self.sql(e))?;
        self.connection
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<u32, LedgerError> {
        user_version(&self.connection).map_err(|e| self.sql(e))
    }

    fn migrate(&mut self, target: u32) -> Result<(), LedgerError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found >= target {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |source| LedgerError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        // Another process may have migrated the file while this one waited for the lock.
        let found = user_version(&tx).map_err(sql)?;
        if found == 0 {
            let tables: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
                .map_err(sql)?;
            if tables > 0 {
                return Err(LedgerError::Corrupt {
                    path: path.clone(),
                    message: "an SQLite database but not a statecraft ledger (user_version 0 and tables present)".into(),
                });
            }
        }
        for migration in MIGRATIONS.iter().take(target as usize).skip(found as usize) {
            tx.execute_batch(migration).map_err(sql)?;
        }
        if found < target {
            tx.pragma_update(None, "user_version", target)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    fn write(&mut self) -> Result<Transaction<'_>, LedgerError> {
        let path = self.path.clone();
        self.connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| LedgerError::Sqlite { path, source })
    }

    fn read(&self) -> Result<Transaction<'_>, LedgerError> {
        self.connection
            .unchecked_transaction()
            .map_err(|e| self.sql(e))
    }

    /// Records a new question.
    pub fn ask(&mut self, question: &Question) -> Result<(), LedgerError> {
        question.check()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let r = (|| {
            if load_question(&tx, &path, &question.id)?.is_some() {
                return Err(LedgerError::QuestionExists(question.id.clone()));
            }
            insert_question(&tx, question).map_err(|e| sql_error(&path, e))
        })();
        finish(tx, &path, r)
    }

    /// Records a forecast entered by hand; returns its id once it is committed.
    pub fn forecast(&mut self, input: ForecastInput) -> Result<i64, LedgerError> {
        let path = self.path.clone();
        let tx = self.write()?;
        let r = (|| {
            let question = load_question(&tx, &path, &input.question)?
                .ok_or_else(|| LedgerError::UnknownQuestion(input.question.clone()))?;
            let forecast = complete_forecast(&question, input)?;
            check_forecast(&tx, &path, &question, &forecast)?;
            insert_forecast(&tx, &forecast).map_err(|e| sql_error(&path, e))
        })();
        finish(tx, &path, r)
    }

    /// Records a question's resolution.
    pub fn resolve(&mut self, resolution: &Resolution) -> Result<(), LedgerError> {
        let path = self.path.clone();
        let tx = self.write()?;
        let r = (|| {
            let question = load_question(&tx, &path, &resolution.question)?
                .ok_or_else(|| LedgerError::UnknownQuestion(resolution.question.clone()))?;
            if let Outcome::Option(option) = &resolution.outcome {
                question
                    .option_index(option)
                    .map_err(|_| LedgerError::UnknownOption {
                        question: question.id.clone(),
                        option: option.clone(),
                        options: format!("{}, or {ANNULLED}", question.options.join(", ")),
                    })?;
            }
            if resolution.source.trim().is_empty() {
                return Err(LedgerError::invalid(
                    "source",
                    "say where the outcome is established (a reference or URL)",
                ));
            }
            if let Some(previous) = load_resolution(&tx, &path, &question.id)? {
                return Err(LedgerError::AlreadyResolved {
                    question: question.id.clone(),
                    resolved_at: previous.resolved_at.to_string(),
                    outcome: previous.outcome.as_str().to_string(),
                });
            }
            if resolution.resolved_at.end < question.opens.start {
                return Err(LedgerError::DateOrder(format!(
                    "resolution date {} is before question {:?} opened on {}",
                    resolution.resolved_at, question.id, question.opens
                )));
            }
            for record in load_forecasts(&tx, &path, &question.id)? {
                if record.forecast.made_at.start > resolution.resolved_at.end {
                    return Err(LedgerError::DateOrder(format!(
                        "forecast #{} on {:?} was made on {}, after the resolution date {}",
                        record.id, question.id, record.forecast.made_at, resolution.resolved_at
                    )));
                }
            }
            let (outcome, annulled) = match &resolution.outcome {
                Outcome::Option(option) => (Some(option.as_str()), 0),
                Outcome::Annulled => (None, 1),
            };
            tx.execute(
                "INSERT INTO resolution (question_id, outcome, annulled, resolved_at, source, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    question.id,
                    outcome,
                    annulled,
                    resolution.resolved_at.to_string(),
                    resolution.source,
                    resolution.note
                ],
            )
            .map_err(|e| sql_error(&path, e))?;
            Ok(())
        })();
        finish(tx, &path, r)
    }

    /// Imports questions with their forecasts (from a model) in one transaction.
    /// Questions already recorded as given, and forecasts already recorded with the same
    /// origin and probabilities, are left alone, so importing twice changes nothing.
    /// A question or forecast that differs from its recorded version is a conflict; if
    /// there is any, nothing is imported and every conflict is listed.
    pub fn import(&mut self, items: &[(Question, Forecast)]) -> Result<ImportReport, LedgerError> {
        for (question, forecast) in items {
            question.check()?;
            if forecast.origin.is_none() {
                return Err(LedgerError::invalid(
                    "origin",
                    format!("imported forecast on {:?} has no origin", question.id),
                ));
            }
        }
        let path = self.path.clone();
        let tx = self.write()?;
        let r = (|| {
            let mut report = ImportReport::default();
            let mut conflicts = Vec::new();
            for (question, forecast) in items {
                match load_question(&tx, &path, &question.id)? {
                    Some(recorded) if same_question(&recorded, question) => {
                        report.questions_unchanged += 1
                    }
                    Some(recorded) => conflicts.push(format!(
                        "question {:?}: the ledger has {}",
                        question.id,
                        describe_difference(&recorded, question)
                    )),
                    None => {
                        insert_question(&tx, question).map_err(|e| sql_error(&path, e))?;
                        report.questions_added += 1;
                    }
                }
                let origin = forecast.origin.as_deref().unwrap_or_default();
                match load_forecast_by_origin(&tx, &path, origin)? {
                    Some(recorded) if same_forecast(&recorded.forecast, forecast) => {
                        report.forecasts_unchanged += 1;
                    }
                    Some(recorded) => conflicts.push(format!(
                        "forecast {origin}: the ledger has #{} with other content (made {} by {}: {})",
                        recorded.id,
                        recorded.forecast.made_at,
                        recorded.forecast.forecaster,
                        render_probabilities(&recorded.forecast)
                    )),
                    None => {
                        if conflicts.is_empty() {
                            let question = load_question(&tx, &path, &question.id)?
                                .ok_or_else(|| LedgerError::UnknownQuestion(question.id.clone()))?;
                            match check_forecast(&tx, &path, &question, forecast) {
                                Ok(()) => {
                                    insert_forecast(&tx, forecast)
                                        .map_err(|e| sql_error(&path, e))?;
                                    report.forecasts_added += 1;
                                }
                                Err(error) if error.is_invalid_input() => {
                                    conflicts.push(format!("forecast {origin}: {error}"));
                                }
                                Err(error) => return Err(error),
                            }
                        }
                    }
                }
            }
            if conflicts.is_empty() {
                Ok(report)
            } else {
                Err(LedgerError::ImportConflicts(conflicts))
            }
        })();
        finish(tx, &path, r)
    }

    /// Every question in id order, with its forecasts and resolution.
    pub fn records(&self) -> Result<Vec<QuestionRecord>, LedgerError> {
        let tx = self.read()?;
        let ids: Vec<String> = {
            let mut statement = tx
                .prepare("SELECT id FROM question ORDER BY id")
                .map_err(|e| self.sql(e))?;
            let rows = statement
                .query_map([], |row| row.get(0))
                .map_err(|e| self.sql(e))?;
            rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))?
        };
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(record) = load_record(&tx, &self.path, &id)? {
                records.push(record);
            }
        }
        Ok(records)
    }

    /// One question with its forecasts and resolution.
    pub fn record(&self, id: &str) -> Result<QuestionRecord, LedgerError> {
        let tx = self.read()?;
        load_record(&tx, &self.path, id)?.ok_or_else(|| LedgerError::UnknownQuestion(id.into()))
    }

    /// One forecast by id.
    pub fn record_forecast(&self, id: i64) -> Result<ForecastRecord, LedgerError> {
        let tx = self.read()?;
        let row = tx
            .query_row(
                &format!("SELECT {FORECAST_COLUMNS} FROM forecast WHERE id = ?1"),
                [id],
                forecast_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or_else(|| LedgerError::invalid("forecast", format!("no forecast #{id}")))?;
        build_forecast(&tx, &self.path, row)
    }

    pub fn counts(&self) -> Result<Counts, LedgerError> {
        let count = |table: &str| -> Result<usize, LedgerError> {
            let n: i64 = self
                .connection
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get(0)
                })
                .map_err(|e| self.sql(e))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            questions: count("question")?,
            forecasts: count("forecast")?,
            resolutions: count("resolution")?,
        })
    }

    /// The ids of all forecasts, ascending.
    pub fn forecast_ids(&self) -> Result<Vec<i64>, LedgerError> {
        let mut statement = self
            .connection
            .prepare("SELECT id FROM forecast ORDER BY id")
            .map_err(|e| self.sql(e))?;
        let rows = statement
            .query_map([], |row| row.get(0))
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }

    /// SQLite's `PRAGMA integrity_check`: "ok", or the problems found.
    pub fn integrity_check(&self) -> Result<String, LedgerError> {
        let mut statement = self
            .connection
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.sql(e))?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| self.sql(e))?;
        let lines: Vec<String> = rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))?;
        Ok(lines.join("\n"))
    }
}

fn user_version(connection: &Connection) -> rusqlite::Result<u32> {
    connection.query_row("PRAGMA user_version", [], |row| row.get(0))
}

fn sql_error(path: &Path, source: rusqlite::Error) -> LedgerError {
    LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn corrupt(path: &Path, message: impl Into<String>) -> LedgerError {
    LedgerError::Corrupt {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Commits when the work succeeded; otherwise rolls back (dropping the transaction) so
/// the ledger is unchanged.
fn finish<T>(
    tx: Transaction<'_>,
    path: &Path,
    result: Result<T, LedgerError>,
) -> Result<T, LedgerError> {
    match result {
        Ok(value) => {
            tx.commit().map_err(|e| sql_error(path, e))?;
            Ok(value)
        }
        Err(error) => {
            drop(tx);
            Err(error)
        }
    }
}

fn parse_date(path: &Path, text: &str) -> Result<Date, LedgerError> {
    Date::parse(text).map_err(|e| corrupt(path, e.to_string()))
}

fn parse_evidence(path: &Path, text: &str) -> Result<Vec<Locator>, LedgerError> {
    serde_json::from_str(text).map_err(|e| corrupt(path, format!("evidence {text:?}: {e}")))
}

fn evidence_json(evidence: &[Locator]) -> String {
    serde_json::to_string(evidence).unwrap_or_else(|_| "[]".to_string())
}

fn insert_question(tx: &Transaction<'_>, question: &Question) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO question (id, text, kind, resolution_criterion, opens, resolves_by, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            question.id,
            question.text,
            question.kind.as_str(),
            question.resolution_criterion,
            question.opens.to_string(),
            question.resolves_by.to_string(),
            evidence_json(&question.evidence)
        ],
    )?;
    for (position, name) in question.options.iter().enumerate() {
        tx.execute(
            "INSERT INTO question_option (question_id, position, name) VALUES (?1, ?2, ?3)",
            params![question.id, position as i64, name],
        )?;
    }
    Ok(())
}

fn insert_forecast(tx: &Transaction<'_>, forecast: &Forecast) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO forecast (question_id, forecaster, made_at, rationale, evidence, origin, stated_sum)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            forecast.question,
            forecast.forecaster,
            forecast.made_at.to_string(),
            forecast.rationale,
            evidence_json(&forecast.evidence),
            forecast.origin,
            forecast.stated_sum
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (position, p) in forecast.probabilities.iter().enumerate() {
        tx.execute(
            "INSERT INTO forecast_probability (forecast_id, position, probability, low, high, stated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, position as i64, p.probability, p.low, p.high, p.stated],
        )?;
    }
    Ok(id)
}

/// Checks a complete forecast against the ledger: the question still takes forecasts and
/// the forecast is not dated before it opened.
fn check_forecast(
    tx: &Transaction<'_>,
    path: &Path,
    question: &Question,
    forecast: &Forecast,
) -> Result<(), LedgerError> {
    if let Some(resolution) = load_resolution(tx, path, &question.id)? {
        return Err(match resolution.outcome {
            Outcome::Annulled => LedgerError::Annulled {
                question: question.id.clone(),
                resolved_at: resolution.resolved_at.to_string(),
            },
            Outcome::Option(_) => LedgerError::ForecastAfterResolution {
                question: question.id.clone(),
                resolved_at: resolution.resolved_at.to_string(),
            },
        });
    }
    if forecast.made_at.end < question.opens.start {
        return Err(LedgerError::DateOrder(format!(
            "forecast dated {} is before question {:?} opened on {}",
            forecast.made_at, question.id, question.opens
        )));
    }
    if forecast.probabilities.len() != question.options.len()
        || forecast
            .probabilities
            .iter()
            .zip(&question.options)
            .any(|(p, o)| p.option != *o)
    {
        return Err(LedgerError::invalid(
            "p",
            format!(
                "the forecast's options do not match question {:?} ({})",
                question.id,
                question.options.join(", ")
            ),
        ));
    }
    let sum: f64 = forecast.probabilities.iter().map(|p| p.probability).sum();
    if (sum - 1.0).abs() > crate::score::SUM_TOLERANCE {
        return Err(LedgerError::NotNormalised {
            question: question.id.clone(),
            sum,
            detail: render_probabilities(forecast),
        });
    }
    Ok(())
}

fn load_question(
    tx: &Transaction<'_>,
    path: &Path,
    id: &str,
) -> Result<Option<Question>, LedgerError> {
    let row = tx
        .query_row(
            "SELECT text, kind, resolution_criterion, opens, resolves_by, evidence
             FROM question WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                ))
            },
        )
        .optional()
        .map_err(|e| sql_error(path, e))?;
    let Some((text, kind, resolution_criterion, opens, resolves_by, evidence)) = row else {
        return Ok(None);
    };
    let mut statement = tx
        .prepare("SELECT name FROM question_option WHERE question_id = ?1 ORDER BY position")
        .map_err(|e| sql_error(path, e))?;
    let options: Vec<String> = statement
        .query_map([id], |row| row.get(0))
        .map_err(|e| sql_error(path, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| sql_error(path, e))?;
    Ok(Some(Question {
        id: id.to_string(),
        text,
        kind: QuestionKind::parse(&kind)
            .ok_or_else(|| corrupt(path, format!("question {id:?} has kind {kind:?}")))?,
        options,
        resolution_criterion,
        opens: parse_date(path, &opens)?,
        resolves_by: parse_date(path, &resolves_by)?,
        evidence: parse_evidence(path, &evidence)?,
    }))
}

fn load_resolution(
    tx: &Transaction<'_>,
    path: &Path,
    id: &str,
) -> Result<Option<Resolution>, LedgerError> {
    let row = tx
        .query_row(
            "SELECT outcome, annulled, resolved_at, source, note FROM resolution WHERE question_id = ?1",
            [id],
            |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()
        .map_err(|e| sql_error(path, e))?;
    let Some((outcome, annulled, resolved_at, source, note)) = row else {
        return Ok(None);
    };
    let outcome = match (outcome, annulled) {
        (None, 1) => Outcome::Annulled,
        (Some(option), 0) => Outcome::Option(option),
        _ => {
            return Err(corrupt(
                path,
                format!("resolution of {id:?} is inconsistent"),
            ));
        }
    };
    Ok(Some(Resolution {
        question: id.to_string(),
        outcome,
        resolved_at: parse_date(path, &resolved_at)?,
        source,
        note,
    }))
}

const FORECAST_COLUMNS: &str =
    "id, question_id, forecaster, made_at, rationale, evidence, origin, stated_sum";

type ForecastRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    f64,
);

fn forecast_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ForecastRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

fn build_forecast(
    tx: &Transaction<'_>,
    path: &Path,
    row: ForecastRow,
) -> Result<ForecastRecord, LedgerError> {
    let (id, question, forecaster, made_at, rationale, evidence, origin, stated_sum) = row;
    let mut statement = tx
        .prepare(
            "SELECT o.name, p.probability, p.low, p.high, p.stated
             FROM forecast_probability p
             JOIN question_option o ON o.question_id = ?2 AND o.position = p.position
             WHERE p.forecast_id = ?1 ORDER BY p.position",
        )
        .map_err(|e| sql_error(path, e))?;
    let probabilities: Vec<OptionProbability> = statement
        .query_map(params![id, question], |row| {
            let probability: f64 = row.get(1)?;
            Ok(OptionProbability {
                option: row.get(0)?,
                probability,
                low: row.get::<_, Option<f64>>(2)?.unwrap_or(probability),
                high: row.get::<_, Option<f64>>(3)?.unwrap_or(probability),
                stated: row
                    .get::<_, Option<String>>(4)?
                    .unwrap_or_else(|| format!("{probability}")),
            })
        })
        .map_err(|e| sql_error(path, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| sql_error(path, e))?;
    Ok(ForecastRecord {
        id,
        forecast: Forecast {
            question,
            forecaster,
            made_at: parse_date(path, &made_at)?,
            probabilities,
            stated_sum,
            rationale,
            evidence: parse_evidence(path, &evidence)?,
            origin,
        },
    })
}

fn load_forecasts(
    tx: &Transaction<'_>,
    path: &Path,
    question: &str,
) -> Result<Vec<ForecastRecord>, LedgerError> {
    let rows: Vec<ForecastRow> = {
        let mut statement = tx
            .prepare(&format!(
                "SELECT {FORECAST_COLUMNS} FROM forecast WHERE question_id = ?1 ORDER BY id"
            ))
            .map_err(|e| sql_error(path, e))?;
        statement
            .query_map([question], forecast_row)
            .map_err(|e| sql_error(path, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| sql_error(path, e))?
    };
    let mut forecasts = rows
        .into_iter()
        .map(|row| build_forecast(tx, path, row))
        .collect::<Result<Vec<_>, _>>()?;
    forecasts.sort_by(|a, b| {
        a.forecast
            .made_at
            .chronological(&b.forecast.made_at)
            .then(a.id.cmp(&b.id))
    });
    Ok(forecasts)
}

fn load_forecast_by_origin(
    tx: &Transaction<'_>,
    path: &Path,
    origin: &str,
) -> Result<Option<ForecastRecord>, LedgerError> {
    let row = tx
        .query_row(
            &format!("SELECT {FORECAST_COLUMNS} FROM forecast WHERE origin = ?1"),
            [origin],
            forecast_row,
        )
        .optional()
        .map_err(|e| sql_error(path, e))?;
    row.map(|row| build_forecast(tx, path, row)).transpose()
}

fn load_record(
    tx: &Transaction<'_>,
    path: &Path,
    id: &str,
) -> Result<Option<QuestionRecord>, LedgerError> {
    let Some(question) = load_question(tx, path, id)? else {
        return Ok(None);
    };
    Ok(Some(QuestionRecord {
        forecasts: load_forecasts(tx, path, id)?,
        resolution: load_resolution(tx, path, id)?,
        question,
    }))
}

/// Two forecasts are the same for an import when they agree on what is scored: the
/// question, forecaster, date and probabilities. A rationale or evidence edited in the
/// model since does not make a conflict; the ledger keeps what it recorded.
fn same_forecast(recorded: &Forecast, imported: &Forecast) -> bool {
    recorded.question == imported.question
        && recorded.forecaster == imported.forecaster
        && recorded.made_at == imported.made_at
        && recorded.probabilities == imported.probabilities
        && recorded.stated_sum == imported.stated_sum
}

/// Questions are the same for an import when they agree on everything but evidence.
fn same_question(recorded: &Question, imported: &Question) -> bool {
    Question {
        evidence: Vec::new(),
        ..recorded.clone()
    } == Question {
        evidence: Vec::new(),
        ..imported.clone()
    }
}

fn describe_difference(recorded: &Question, imported: &Question) -> String {
    let mut fields = Vec::new();
    if recorded.text != imported.text {
        fields.push(format!("text {:?}", recorded.text));
    }
    if recorded.kind != imported.kind {
        fields.push(format!("kind {}", recorded.kind.as_str()));
    }
    if recorded.options != imported.options {
        fields.push(format!("options {}", recorded.options.join(", ")));
    }
    if recorded.resolution_criterion != imported.resolution_criterion {
        fields.push(format!(
            "resolution criterion {:?}",
            recorded.resolution_criterion
        ));
    }
    if recorded.opens != imported.opens {
        fields.push(format!("opens {}", recorded.opens));
    }
    if recorded.resolves_by != imported.resolves_by {
        fields.push(format!("resolves by {}", recorded.resolves_by));
    }
    if fields.is_empty() {
        "the same content".to_string()
    } else {
        fields.join("; ")
    }
}

/// `yes=0.7, no=0.3`.
pub fn render_probabilities(forecast: &Forecast) -> String {
    forecast
        .probabilities
        .iter()
        .map(|p| format!("{}={}", p.option, p.probability))
        .collect::<Vec<_>>()
        .join(", ")
}
