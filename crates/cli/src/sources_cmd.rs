//! `sources list | show | coverage`: the source registry and how the model covers it.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::Global;
use crate::common::{self, invalid, print_json, table};

#[derive(Debug, clap::Subcommand)]
pub enum SourcesCommand {
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

pub fn run(command: SourcesCommand, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::open_model(global)?;
    match command {
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
