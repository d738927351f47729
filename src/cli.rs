//! Argument parsing and the commands: each parses typed arguments, calls the library, prints.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use filrouge::corpus::{Corpus, SectionKind};

/// Any error a command reports; the message is printed as is.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Finds the recurring themes — the fil rouge — across French workshop notes.
#[derive(Debug, Parser)]
#[command(name = "filrouge", version, about, long_about = None)]
pub struct Cli {
    /// Worker threads (default: one per core).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the corpus structure: events, ateliers, sections, word counts, skipped files.
    Corpus {
        /// Corpus folder, manifest (filrouge.toml) or single file.
        #[arg(default_value = "corpus")]
        path: PathBuf,
        /// Print the structure as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print one line per word token: start, end, surface, kind, stem, stop (tab-separated).
    ///
    /// Offsets are byte offsets into the decoded text (UTF-8, LF line endings, NFC).
    Tokenize {
        /// A text file, or - for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
    },
}

/// How a successful run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was analysed.
    Complete,
    /// Done, but some inputs were skipped.
    Skipped,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Complete => 0,
            Outcome::Skipped => 1,
        }
    }

    fn of(corpus: &Corpus) -> Outcome {
        if corpus.skipped.is_empty() {
            Outcome::Complete
        } else {
            Outcome::Skipped
        }
    }
}

/// Runs the command, in a thread pool of the requested size.
pub fn run(cli: Cli) -> Result<Outcome, BoxError> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = cli.threads {
        if n == 0 {
            return Err("--threads must be at least 1".into());
        }
        pool = pool.num_threads(n);
    }
    let pool = pool.build()?;
    pool.install(|| match cli.command {
        Command::Corpus { path, json } => corpus(&path, json),
        Command::Tokenize { file } => tokenize(&file),
    })
}

/// Loads a corpus and reports skipped files and warnings on stderr.
fn load(path: &Path) -> Result<Corpus, BoxError> {
    let corpus = Corpus::load(path)?;
    for w in &corpus.warnings {
        match w.line {
            Some(l) => eprintln!(
                "filrouge: attention: {}:{l}: {}",
                w.path.display(),
                w.message
            ),
            None => eprintln!("filrouge: attention: {}: {}", w.path.display(), w.message),
        }
    }
    for s in &corpus.skipped {
        let loc = match s.line {
            Some(l) => format!("{}:{l}", s.path.display()),
            None => s.path.display().to_string(),
        };
        eprintln!("filrouge: ignoré: {loc}: {}", s.reason);
    }
    if corpus.documents.is_empty() {
        return Err(Box::new(filrouge::Error::EmptyCorpus {
            path: path.to_path_buf(),
            reason: if corpus.skipped.is_empty() {
                "no .md, .txt or .jsonl file found".into()
            } else {
                format!("all {} inputs were skipped", corpus.skipped.len())
            },
        }));
    }
    Ok(corpus)
}

fn corpus(path: &Path, json: bool) -> Result<Outcome, BoxError> {
    let corpus = load(path)?;
    let overview = filrouge::corpus::overview::Overview::of(&corpus);
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &overview)?;
        writeln!(out)?;
    } else {
        write_overview(&mut out, &corpus, &overview)?;
    }
    Ok(Outcome::of(&corpus))
}

fn write_overview(
    out: &mut impl Write,
    corpus: &Corpus,
    o: &filrouge::corpus::overview::Overview,
) -> io::Result<()> {
    if let Some(t) = &corpus.title {
        writeln!(out, "{t}")?;
    }
    writeln!(
        out,
        "{} événements, {} ateliers, {} documents, {} sections, {} mots analysés, {} personnes nommées, {} fichiers ignorés",
        o.events.len(),
        o.ateliers,
        o.documents,
        o.sections,
        o.words,
        o.people.len(),
        o.skipped.len()
    )?;
    for ev in &o.events {
        let dates = ev.dates.clone().unwrap_or_else(|| "sans date".into());
        writeln!(out, "\n[{}] {} — {}", ev.key, ev.title, dates)?;
        for a in &ev.ateliers {
            let sessions = if a.sessions.is_empty() {
                String::new()
            } else {
                format!(
                    ", session {}",
                    a.sessions
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            writeln!(
                out,
                "  {} ({}{sessions}) — {} mots, {} document(s)",
                a.label, a.kind, a.words, a.documents
            )?;
            if let Some(q) = &a.question {
                writeln!(out, "    question : {}", ellipsis(q, 110))?;
            }
            for s in &a.sections {
                let part = s
                    .part
                    .as_deref()
                    .map(|p| format!(" [{p}]"))
                    .unwrap_or_default();
                let kind = SectionKind::parse(&s.kind).map_or(s.kind.as_str(), |k| k.label_fr());
                writeln!(
                    out,
                    "    - {kind}{part} : {} mots ({} blocs, dont {} hors discussion)",
                    s.words, s.blocks, s.furniture_blocks
                )?;
            }
        }
    }
    if !o.skipped.is_empty() {
        writeln!(out, "\nFichiers ignorés :")?;
        for s in &o.skipped {
            writeln!(out, "  {} — {}", s.location, s.reason)?;
        }
    }
    Ok(())
}

fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn tokenize(file: &Path) -> Result<Outcome, BoxError> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file).map_err(|source| filrouge::Error::Read {
            path: file.to_path_buf(),
            source,
        })?;
    }
    let text = match filrouge::corpus::decode::decode(&bytes) {
        Ok(d) => d.text,
        Err(filrouge::corpus::decode::DecodeFailure::Empty) => return Ok(Outcome::Complete),
        Err(filrouge::corpus::decode::DecodeFailure::Binary) => {
            return Err(format!("{}: binary file, not text", file.display()).into());
        }
    };
    let analyzer = filrouge::text::Analyzer::french();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for a in analyzer.analyze(&text) {
        let t = a.token;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            t.start,
            t.end,
            &text[t.start..t.end],
            t.kind.as_str(),
            a.stem,
            u8::from(t.stop)
        )?;
    }
    out.flush()?;
    Ok(Outcome::Complete)
}
