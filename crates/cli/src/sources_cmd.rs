//! `sources add | list | show | coverage`: the source registry and how the model covers
//! it. `add` is the one command here that writes: it appends a `[[source]]` record to
//! the model's `sources.toml`, atomically and only if the model still loads.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use statecraft_model::{Date, InputFile, Model};
use statecraft_sources::register::{self, SourceMeta};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

#[derive(Debug, clap::Subcommand)]
pub enum SourcesCommand {
    /// Register a source text in a model directory (needs --model DIR).
    #[command(
        after_help = "Computes the text's SHA-256 and paragraph count and appends a [[source]] record to\nDIR/sources.toml (created if absent). The file is replaced atomically and only if the\nmodel still loads; otherwise nothing changes. The built-in model is read-only.\n\nExamples:\n  statecraft sources add article.txt --model my-model --published 2019-04-29 \\\n      --title \"Where things stand\" --publisher \"A Review\" --author \"A. Writer\"\n  statecraft sources add notes.md --model my-model --id field-notes-2020\n\nExit status: 0 registered, 1 invalid input (binary, non-UTF-8 or empty file, a text\nor id already registered, a model that would not load, a directory not writable)."
    )]
    Add(AddArgs),
    /// List the model's sources with their metadata.
    List,
    /// Show a source's metadata, or one paragraph with its locator hash.
    #[command(
        after_help = "Examples:\n  statecraft sources show lukin-38north-2019\n  statecraft sources show lukin-38north-2019 --para 9 --sources ../shared/seeds"
    )]
    Show {
        /// Source id.
        id: String,
        /// Paragraph number (1-based; a paragraph is a non-empty line).
        #[arg(long, value_name = "N")]
        para: Option<u32>,
        /// Directory of source texts, to print the paragraph's text.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
    },
    /// Per source, the paragraphs that no datum cites.
    #[command(after_help = "Example:\n  statecraft sources coverage --sources ../shared/seeds")]
    Coverage {
        /// Directory of source texts, to show the first words of each uncited paragraph.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
    },
}

/// Arguments of `sources add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The text file (plain text or Markdown, UTF-8; a paragraph is a non-empty line).
    pub file: PathBuf,
    /// Source id (default: derived from the file name).
    #[arg(long)]
    pub id: Option<String>,
    /// Title (default: the text's first paragraph).
    #[arg(long)]
    pub title: Option<String>,
    /// Publisher (default: "not stated").
    #[arg(long)]
    pub publisher: Option<String>,
    /// Author.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date, YYYY-MM-DD, YYYY-MM or YYYY (default: the latest date the text
    /// gives to the month or day, noted as inferred).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Where the text was published.
    #[arg(long)]
    pub url: Option<String>,
}

pub fn run(command: SourcesCommand, global: &Global) -> anyhow::Result<ExitCode> {
    // `add` opens the model for writing; the others read it.
    let model = match &command {
        SourcesCommand::Add(_) => Model::default(),
        _ => common::open_model(global)?,
    };
    match command {
        SourcesCommand::Add(args) => return add(args, global),
        SourcesCommand::List => {
            if global.json {
                return print_json(&model.sources);
            }
            let rows: Vec<Vec<String>> = model
                .sources
                .iter()
                .map(|s| {
                    vec![
                        s.id.0.clone(),
                        s.published.to_string(),
                        s.publisher.clone(),
                        s.author.clone().unwrap_or_else(|| "(not stated)".into()),
                        s.title.clone(),
                        s.paragraphs.to_string(),
                    ]
                })
                .collect();
            print!(
                "{}",
                table(
                    &[
                        "id",
                        "published",
                        "publisher",
                        "author",
                        "title",
                        "paragraphs"
                    ],
                    &rows
                )
            );
        }
        SourcesCommand::Show { id, para, sources } => {
            let Some(source) = model.source(&id) else {
                let known: Vec<&str> = model.sources.iter().map(|s| s.id.as_str()).collect();
                return Err(invalid(format!(
                    "unknown source {id:?} (known: {})",
                    known.join(", ")
                )));
            };
            let texts = match &sources {
                Some(dir) => Some(common::read_source_texts(dir)?),
                None => None,
            };
            let text = texts.as_ref().and_then(|t| t.get(&source.sha256));
            if let (Some(dir), None) = (&sources, text) {
                return Err(invalid(format!(
                    "no text with sha256 {} in {}",
                    source.sha256,
                    dir.display()
                )));
            }
            match para {
                None => {
                    if global.json {
                        return print_json(source);
                    }
                    println!("{}", source.title);
                    println!("  id:         {}", source.id);
                    println!("  publisher:  {}", source.publisher);
                    println!(
                        "  author:     {}",
                        source.author.as_deref().unwrap_or("(not stated)")
                    );
                    println!("  published:  {}", source.published);
                    if let Some(note) = &source.published_note {
                        println!("              {note}");
                    }
                    if let Some(url) = &source.url {
                        println!("  url:        {url}");
                    }
                    println!("  sha256:     {}", source.sha256);
                    println!("  paragraphs: {}", source.paragraphs);
                }
                Some(n) => {
                    if n == 0 || n > source.paragraphs {
                        return Err(invalid(format!(
                            "source {id:?} has paragraphs 1 to {}, not {n}",
                            source.paragraphs
                        )));
                    }
                    let paragraph = text.and_then(|t| t.paragraph(n));
                    #[derive(serde::Serialize)]
                    struct Out<'a> {
                        source: &'a str,
                        paragraph: u32,
                        hash: Option<String>,
                        text: Option<&'a str>,
                    }
                    let out = Out {
                        source: &id,
                        paragraph: n,
                        hash: paragraph.map(statecraft_sources::paragraph_hash),
                        text: paragraph,
                    };
                    if global.json {
                        return print_json(&out);
                    }
                    match paragraph {
                        Some(p) => {
                            println!("[{id} ¶{n}] hash {}", out.hash.as_deref().unwrap_or(""));
                            println!("{p}");
                        }
                        None => println!(
                            "[{id} ¶{n}] (pass --sources DIR to see the text and its hash)"
                        ),
                    }
                }
            }
        }
        SourcesCommand::Coverage { sources } => {
            let texts = match &sources {
                Some(dir) => Some(common::read_source_texts(dir)?),
                None => None,
            };
            let coverage = statecraft_sources::coverage(&model);
            if global.json {
                return print_json(&coverage);
            }
            for c in &coverage {
                println!(
                    "{}: {} of {} paragraphs cited; uncited: {}",
                    c.source,
                    c.cited.len(),
                    c.paragraphs,
                    if c.uncited.is_empty() {
                        "none".to_string()
                    } else {
                        c.uncited
                            .iter()
                            .map(u32::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                );
                let text = model
                    .source(&c.source)
                    .and_then(|s| texts.as_ref().and_then(|t| t.get(&s.sha256)));
                if let Some(text) = text {
                    for p in &c.uncited {
                        let words: Vec<&str> = text
                            .paragraph(*p)
                            .unwrap_or("")
                            .split_whitespace()
                            .take(6)
                            .collect();
                        println!("  ¶{p}: {} …", words.join(" "));
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A model directory opened for writing: its path, its files and the model they load.
pub struct WritableModel {
    pub dir: PathBuf,
    pub files: Vec<InputFile>,
    pub model: Model,
}

/// Opens `--model DIR` for writing. The built-in model cannot be written; a model that
/// does not load now must be fixed first.
pub fn open_writable(global: &Global, command: &str) -> anyhow::Result<WritableModel> {
    let Some(dir) = &global.model else {
        return Err(invalid(format!(
            "{command} writes to a model directory: pass --model DIR (the built-in model is read-only)"
        )));
    };
    if !dir.is_dir() {
        return Err(invalid(format!(
            "--model {}: {command} needs a model directory to write into, not a file or a missing path",
            dir.display()
        )));
    }
    let files = statecraft_model::store::read_files(dir)
        .map_err(|e| invalid(format!("--model {}: {e}", dir.display())))?;
    let model = statecraft_model::load(&files).map_err(|d| {
        invalid(format!(
            "{d}\nthe model in {} does not load; fix it before {command} writes to it",
            dir.display()
        ))
    })?;
    Ok(WritableModel {
        dir: dir.clone(),
        files,
        model,
    })
}

impl WritableModel {
    /// The current text of a file of the model ("" when it does not exist yet).
    pub fn text_of(&self, name: &str) -> String {
        let path = self.dir.join(name);
        let shown = path.display().to_string();
        self.files
            .iter()
            .find(|f| f.name == shown)
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    /// Replaces (or adds) files with new texts, after checking that the model they give
    /// loads; atomically, so a failure leaves every file as it was. Returns the model.
    pub fn replace(&self, changes: &[(&str, String)]) -> anyhow::Result<Model> {
        let mut files = self.files.clone();
        for (name, text) in changes {
            let shown = self.dir.join(name).display().to_string();
            match files.iter_mut().find(|f| f.name == shown) {
                Some(file) => file.text = text.clone(),
                None => files.push(InputFile {
                    name: shown,
                    text: text.clone(),
                }),
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let model = statecraft_model::load(&files).map_err(|d| {
            invalid(format!(
                "{d}\nthe model would not load after this change, so nothing was written"
            ))
        })?;
        let writes: Vec<(PathBuf, &[u8])> = changes
            .iter()
            .map(|(name, text)| (self.dir.join(name), text.as_bytes()))
            .collect();
        common::write_atomically(&writes).map_err(|e| {
            invalid(format!(
                "cannot write to the model directory {}: {e}; nothing was changed",
                self.dir.display()
            ))
        })?;
        Ok(model)
    }
}

/// Reads a text file for registration or ingest: binary, non-UTF-8 and empty files
/// are bad input (exit 1).
pub fn read_text_file(path: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    let bytes =
        std::fs::read(path).map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    let name = path.display().to_string();
    statecraft_sources::check_text(&name, &bytes).map_err(|e| invalid(e.to_string()))?;
    Ok((name, bytes))
}

/// The publication date: as given, or inferred from the text with a note saying so.
pub fn published_date(given: Option<&str>, text: &str) -> anyhow::Result<(Date, Option<String>)> {
    match given {
        Some(text) => {
            let date = parse_date(text).map_err(|e| invalid(format!("--published: {e}")))?;
            Ok((date, None))
        }
        None => match statecraft_sources::ingest::infer_published(text) {
            Some(date) => Ok((
                date,
                Some(format!(
                    "Inferred as {date}: the latest date the text gives to the month or day (or, failing that, the latest year it names)."
                )),
            )),
            None => Err(invalid(
                "the text names no date to infer its publication from: pass --published DATE",
            )),
        },
    }
}

fn add(args: AddArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let writable = open_writable(global, "sources add")?;
    let (name, bytes) = read_text_file(&args.file)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    // A registered text is reported before anything else is checked.
    let sha = statecraft_sources::sha256_hex(&bytes);
    if let Some(existing) = register::registered(&writable.model, &sha) {
        return Err(invalid(format!(
            "{name}: already registered as source {:?} (same SHA-256 {sha}); nothing changed",
            existing.id.0
        )));
    }
    let published = published_date(args.published.as_deref(), &text)?;
    let meta = SourceMeta {
        id: args.id,
        title: args.title,
        publisher: args.publisher,
        author: args.author,
        published: None,
        url: args.url,
    };
    let source = register::new_source(&writable.model, &file_name, &bytes, &meta, published)
        .map_err(|e| invalid(format!("{e}; nothing changed")))?;
    let block = register::source_toml(&source).map_err(|e| invalid(e.to_string()))?;
    let new_text = register::append_block(&writable.text_of("sources.toml"), &block);
    writable.replace(&[("sources.toml", new_text)])?;
    let path = writable.dir.join("sources.toml");
    if global.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            registered: &'a statecraft_model::Source,
            file: String,
        }
        return print_json(&Out {
            registered: &source,
            file: path.display().to_string(),
        });
    }
    println!(
        "registered source {} in {}: {} paragraphs, sha256 {}",
        source.id,
        path.display(),
        source.paragraphs,
        source.sha256
    );
    println!("  title:      {}", source.title);
    println!("  publisher:  {}", source.publisher);
    if let Some(author) = &source.author {
        println!("  author:     {author}");
    }
    println!("  published:  {}", source.published);
    if let Some(note) = &source.published_note {
        println!("              {note}");
    }
    Ok(ExitCode::SUCCESS)
}
