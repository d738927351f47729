//! Argument parsing and the commands: each parses typed arguments, calls the library, prints.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use filrouge::corpus::Corpus;

/// Any error a command reports; the message is printed as is.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Trouve le fil rouge — les thèmes qui reviennent — dans des notes d'ateliers en français.
#[derive(Debug, Parser)]
#[command(name = "filrouge", version, long_about = None)]
pub struct Cli {
    /// Fils de calcul (par défaut : un par cœur ; au plus 1024).
    #[arg(long, global = true, value_name = "N", value_parser = thread_count, allow_negative_numbers = true)]
    threads: Option<usize>,
    /// Où garder le texte des documents pendant le calcul : `memory` (en mémoire), `disk` (un
    /// fichier temporaire relu morceau par morceau : la mémoire reste bornée sur un corpus plus
    /// grand qu'elle) ou `auto` (sur disque quand les fichiers lus dépassent 32 Mio).
    #[arg(long, global = true, value_name = "LIEU", default_value = "auto")]
    texts: filrouge::corpus::TextStorage,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Montre la structure du corpus : événements, ateliers, sections, nombres de mots, fichiers
    /// écartés.
    Corpus {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Écrit la structure en JSON.
        #[arg(long)]
        json: bool,
    },
    /// Classe les thèmes récurrents, avec leurs scores et leurs preuves.
    Themes {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Combien de thèmes montrer.
        #[arg(long, default_value_t = 20, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
        top: usize,
        /// Écrit les thèmes en JSON (schéma dans le README).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Concordance (le mot dans son contexte) d'un mot ou d'une expression.
    Kwic {
        /// Le mot ou l'expression, cherché à travers l'analyseur (`postures` trouve `posture`).
        #[arg(value_name = "TERME")]
        term: String,
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Caractères de contexte de chaque côté (au plus 1000).
        #[arg(long, default_value_t = 50, value_name = "N", value_parser = kwic_width, allow_negative_numbers = true)]
        width: u64,
        /// Écrit les lignes en JSON.
        #[arg(long)]
        json: bool,
        /// Remplace chaque nom de participant et de porteur par le pseudonyme du rapport (et un
        /// nom écrit après un prénom courant par [nom]), dans le contexte et le lieu.
        #[arg(long)]
        anonymize: bool,
        /// Un fichier de mots vides à ajouter (un par ligne, `#` commence un commentaire).
        #[arg(long, value_name = "FICHIER")]
        stopwords: Option<PathBuf>,
    },
    /// Ce qui est propre à chaque atelier, événement ou type de section (log-vraisemblance,
    /// log-ratio).
    Keyness {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Le découpage : par atelier, par événement ou par type de section.
        #[arg(long, value_name = "PARTIE", value_parser = ["atelier", "event", "section"], default_value = "atelier")]
        by: String,
        /// Seuil de p-valeur pour dire un thème spécifique (plus de 0, au plus 1).
        #[arg(long, default_value_t = 0.001, value_name = "P", value_parser = p_value, allow_negative_numbers = true)]
        alpha: f64,
        /// Montre toutes les lignes, pas seulement les thèmes spécifiques.
        #[arg(long)]
        all: bool,
        /// Écrit les lignes en JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Graphes de cooccurrence : thèmes, ateliers, ou ateliers et thèmes, pour Gephi, networkx,
    /// Graphviz.
    Graph {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Quel graphe.
        #[arg(long = "of", value_name = "GRAPHE", value_parser = ["themes", "ateliers", "bipartite"], default_value = "themes")]
        of: String,
        /// Mesure d'association des liens entre thèmes : count, jaccard, dice, cosine, npmi (par
        /// défaut), ll. Graphe des thèmes seulement : les liens entre ateliers et ceux du graphe biparti
        /// ont leurs propres poids.
        #[arg(long, value_name = "MESURE")]
        measure: Option<String>,
        /// Écarte les liens de poids inférieur (par défaut selon la mesure ; peut être négatif :
        /// la NPMI va de -1 à 1).
        #[arg(long, value_name = "POIDS", value_parser = finite, allow_negative_numbers = true)]
        min_weight: Option<f64>,
        /// Graphe des thèmes : ne relie deux thèmes que s'ils se rencontrent dans N phrases au
        /// moins (2 par défaut : une phrase est une anecdote, et la NPMI donne aux paires rares
        /// leurs plus forts poids).
        #[arg(long, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
        min_count: Option<usize>,
        /// Ne garde que l'arbre couvrant maximal (graphes des thèmes et des ateliers).
        #[arg(long)]
        tree: bool,
        /// Graphe des ateliers : chaque atelier garde ses N liens les plus forts, un lien restant
        /// quand l'un de ses deux ateliers le garde (0 : tous ; par défaut 25).
        #[arg(long, value_name = "N", value_parser = whole_number, allow_negative_numbers = true)]
        max_links: Option<usize>,
        /// Combien de thèmes y prennent part (les mieux classés ; 40 par défaut, comme dans le
        /// graphe du rapport).
        #[arg(long, default_value_t = 40, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
        top: usize,
        /// Ne compte deux thèmes ensemble que s'ils sont à N mots pleins au plus l'un de l'autre
        /// dans une phrase (graphe des thèmes).
        #[arg(long, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
        window: Option<usize>,
        /// Format de sortie.
        #[arg(long, value_parser = ["graphml", "gexf", "dot", "json"], default_value = "graphml")]
        format: String,
        /// Fichier de sortie (par défaut : la sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Fait toute l'analyse et écrit le rapport : HTML, Markdown, graphiques, données,
    /// manifeste.
    Analyze {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Dossier de sortie (remplacé d'un seul coup à la fin d'une exécution réussie).
        #[arg(long, value_name = "DOSSIER", default_value = "report")]
        out: PathBuf,
        /// Combien de thèmes le rapport présente.
        #[arg(long, default_value_t = 20, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
        top: usize,
        /// Remplace chaque nom de participant et de porteur par un pseudonyme stable.
        #[arg(long)]
        anonymize: bool,
        /// Sorties à écrire, séparées par des virgules : html, md, csv, json, svg, png.
        #[arg(long, default_value = "html,md,csv,json,svg,png")]
        format: String,
        /// Langue du rapport.
        #[arg(long, value_name = "LANGUE", value_parser = ["fr", "en"], default_value = "fr")]
        lang: String,
        /// Écrit sur la sortie d'erreur, à la fin, la durée de chaque étape (et, sous Linux, le
        /// pic de mémoire résidente à sa fin).
        #[arg(long)]
        timings: bool,
        /// Seuil de p-valeur des thèmes propres (profils d'ateliers, colonne `specific` de
        /// keyness.csv ; plus de 0, au plus 1).
        #[arg(long, default_value_t = filrouge::report::ReportOptions::default().alpha, value_name = "P", value_parser = p_value, allow_negative_numbers = true)]
        alpha: f64,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Exporte le corpus pour un autre outil (IRaMuTeQ), pour recouper filrouge sur les mêmes
    /// textes.
    Export {
        /// Dossier du corpus, manifeste (filrouge.toml) ou fichier seul.
        #[arg(value_name = "CHEMIN", default_value = "corpus")]
        path: PathBuf,
        /// Écrit un corpus IRaMuTeQ (un texte par section, variables étoilées pour l'événement,
        /// l'atelier, le type de section, le document et la date).
        #[arg(long, required = true)]
        iramuteq: bool,
        /// Fichier de sortie (par défaut : la sortie standard). La table des textes est écrite à
        /// côté : `corpus.txt` donne `corpus.texts.csv`.
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Où écrire la table des textes (CSV : rang, modalité *doc_, variables, événement,
        /// atelier, fichier et ligne de chaque texte), pour rattacher les résultats d'IRaMuTeQ
        /// aux notes (par défaut : à côté de -o ; aucune quand l'export va sur la sortie
        /// standard).
        #[arg(long, value_name = "FICHIER")]
        table: Option<PathBuf>,
        /// Remplace les noms des personnes nommées par le corpus par des pseudonymes, comme
        /// `analyze --anonymize`.
        #[arg(long)]
        anonymize: bool,
    },
    /// Écrit une ligne par mot : début, fin, forme, type, racine, mot vide (séparés par des
    /// tabulations).
    ///
    /// Les positions sont en octets dans le texte décodé (UTF-8, fins de ligne LF, NFC).
    Tokenize {
        /// Un fichier texte, ou - pour l'entrée standard.
        #[arg(value_name = "FICHIER", default_value = "-")]
        file: PathBuf,
    },
}

/// Options shared by the commands that rank themes.
#[derive(Debug, clap::Args)]
struct AnalysisArgs {
    /// Un lexique TOML, qui regroupe des termes en thèmes nommés et en écarte d'autres.
    #[arg(long, value_name = "FICHIER")]
    lexicon: Option<PathBuf>,
    /// Un fichier de mots vides à ajouter (un par ligne, `#` commence un commentaire) : chacun
    /// est une graphie (`posture` laisse `postures`) ; pour écarter toutes les formes d'un mot,
    /// voir le `exclude` d'un lexique.
    #[arg(long, value_name = "FICHIER")]
    stopwords: Option<PathBuf>,
    /// Nombre d'ateliers où un thème doit paraître, au moins, pour être récurrent (de documents,
    /// dans un corpus de moins de deux ateliers : les thèmes y reviennent d'un document à
    /// l'autre).
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
    min_ateliers: usize,
    /// Nombre de thèmes gardés, au plus : les meilleurs par score (un grand corpus a des dizaines
    /// de milliers de suites de mots récurrentes).
    #[arg(long, default_value_t = filrouge::themes::ThemeOptions::default().max_themes, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
    max_themes: usize,
}

/// Whether a corpus with skipped inputs was loaded (see [`Outcome::so_far`]).
static SKIPPED_SO_FAR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

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

    /// How the run stands so far: `Skipped` once a corpus with skipped inputs was loaded. A
    /// run whose output was cut short by its reader (`filrouge analyze … | head`) ends with it,
    /// so that a batch script still learns that files were skipped.
    pub fn so_far() -> Outcome {
        if SKIPPED_SO_FAR.load(std::sync::atomic::Ordering::Relaxed) {
            Outcome::Skipped
        } else {
            Outcome::Complete
        }
    }

    fn of(corpus: &Corpus) -> Outcome {
        // A README left out on purpose is said, not a failure to read the notes.
        if corpus
            .skipped
            .iter()
            .all(|s| s.reason == filrouge::corpus::SkipReason::FolderDocumentation)
        {
            Outcome::Complete
        } else {
            Outcome::Skipped
        }
    }
}

/// Parses the command line. Help pages and argument errors are in French (see
/// [`crate::clap_fr`]); the error is a help page, the version, or a bad argument, to print.
pub fn parse() -> Result<Cli, clap::error::Error<crate::clap_fr::French>> {
    use clap::{CommandFactory, FromArgMatches};
    let args = help_as_flag(std::env::args_os().collect());
    let matches = crate::clap_fr::french(Cli::command().version(version_line()))
        .try_get_matches_from(args)
        .map_err(clap::Error::apply)?;
    Cli::from_arg_matches(&matches).map_err(clap::Error::apply)
}

/// What `filrouge --version` says after the name: the version and the commit built
/// (`0.1.0 (commit fb54b9d…)`), from [`filrouge::build_info::BUILD`].
fn version_line() -> &'static str {
    static LINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINE.get_or_init(|| filrouge::build_info::BUILD.describe_fr())
}

/// `filrouge help analyze` read as `filrouge analyze --help`, and `filrouge --threads 2 help`
/// as `filrouge --threads 2 --help`: clap's own `help` command is left out (it speaks English).
/// `help` counts where the command's name goes: after the global options and their values.
fn help_as_flag(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        match a {
            "--threads" | "--texts" => i += 2,
            _ if a.starts_with('-') => i += 1,
            "help" => {
                args.remove(i);
                // `help help` is help too.
                if args.get(i).is_some_and(|a| a == "help") {
                    args.remove(i);
                }
                args.push("--help".into());
                break;
            }
            _ => break,
        }
    }
    args
}

/// A whole number of `s`, or why not: too large, or not a whole number (`what` says which
/// numbers are wanted: `0 ou plus`). The parser's own message is in English.
fn parse_whole(s: &str, what: &str) -> Result<usize, String> {
    s.parse::<usize>().map_err(|_| {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            format!("est trop grand (au plus {})", usize::MAX)
        } else {
            format!("doit être un nombre entier, {what}")
        }
    })
}

/// A whole number, 0 or more.
fn whole_number(s: &str) -> Result<usize, String> {
    parse_whole(s, "0 ou plus")
}

/// A count of at least 1 (`--top 0` would ask for an empty report).
fn at_least_one(s: &str) -> Result<usize, String> {
    match parse_whole(s, "1 ou plus")? {
        0 => Err("doit valoir au moins 1".into()),
        n => Ok(n),
    }
}

/// A number of worker threads: 1 to [`MAX_THREADS`].
fn thread_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!(
            "doit être un nombre entier entre 1 et {MAX_THREADS}"
        )),
    }
}

/// Characters of context of a concordance line: at most [`MAX_KWIC_WIDTH`].
fn kwic_width(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n <= MAX_KWIC_WIDTH => Ok(n),
        _ => Err(format!(
            "doit être un nombre entier entre 0 et {MAX_KWIC_WIDTH}"
        )),
    }
}

/// A number, in the notation of Rust's `f64` parser (`0.001`, `1e-3`).
fn number(s: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .map_err(|_| "doit être un nombre (avec un point : 0.001)".into())
}

/// A p-value threshold: above 0, at most 1.
fn p_value(s: &str) -> Result<f64, String> {
    match number(s)? {
        p if p > 0.0 && p <= 1.0 => Ok(p),
        _ => Err("doit être supérieur à 0 et au plus égal à 1".into()),
    }
}

/// A finite number (not NaN, not infinite).
fn finite(s: &str) -> Result<f64, String> {
    match number(s)? {
        x if x.is_finite() => Ok(x),
        _ => Err("doit être un nombre fini".into()),
    }
}

/// Most worker threads: more only spends time starting threads (each has its own stack).
const MAX_THREADS: usize = 1024;

/// Most characters of context on each side of a concordance line.
const MAX_KWIC_WIDTH: u64 = 1000;

/// Runs the command, in a thread pool of the requested size.
pub fn run(cli: Cli) -> Result<Outcome, BoxError> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    // 1 to MAX_THREADS: the argument parser checked it (`thread_count`).
    if let Some(n) = cli.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build()?;
    let _ = TEXTS.set(cli.texts);
    pool.install(|| match cli.command {
        Command::Corpus { path, json } => corpus(&path, json),
        Command::Tokenize { file } => tokenize(&file),
        Command::Export {
            path,
            iramuteq: _,
            output,
            table,
            anonymize,
        } => export(
            &path,
            output.as_deref(),
            table
                .or_else(|| output.as_deref().map(table_beside))
                .as_deref(),
            anonymize,
        ),
        Command::Analyze {
            path,
            out,
            top,
            anonymize,
            format,
            lang,
            timings,
            alpha,
            analysis,
        } => analyze(
            &path,
            &out,
            &ReportArgs {
                top,
                anonymize,
                format: &format,
                lang: &lang,
                timings,
                alpha,
            },
            &analysis,
        ),
        Command::Graph {
            path,
            of,
            measure,
            min_weight,
            min_count,
            tree,
            max_links,
            top,
            window,
            format,
            output,
            analysis,
        } => {
            if measure.is_some() && of != "themes" {
                let which = if of == "ateliers" {
                    "celui des ateliers"
                } else {
                    "le graphe biparti"
                };
                return Err(format!(
                    "--measure pondère les liens du graphe des thèmes ; {which} a ses propres poids"
                )
                .into());
            }
            // Options a graph does not use are refused, not ignored: the output would look
            // like what was asked.
            if tree && of == "bipartite" {
                return Err(
                    "--tree garde l'arbre couvrant maximal du graphe des thèmes ou des \
                            ateliers ; le graphe biparti n'en a pas"
                        .into(),
                );
            }
            if max_links.is_some() && of != "ateliers" {
                return Err(
                    "--max-links limite les liens de chaque atelier : c'est une option \
                            du graphe des ateliers (--of ateliers)"
                        .into(),
                );
            }
            if window.is_some() && of != "themes" {
                return Err(
                    "--window compte les paires de thèmes proches dans une phrase : \
                            c'est une option du graphe des thèmes (--of themes)"
                        .into(),
                );
            }
            if min_count.is_some() && of != "themes" {
                return Err(
                    "--min-count compte les phrases où deux thèmes se rencontrent : \
                            c'est une option du graphe des thèmes (--of themes)"
                        .into(),
                );
            }
            let opts = filrouge::graph::from_themes::GraphOptions {
                measure: measure.as_deref().unwrap_or("npmi").parse()?,
                min_weight,
                min_count: min_count.map_or(filrouge::graph::from_themes::DEFAULT_MIN_COUNT, |n| {
                    n as u64
                }),
                tree,
                max_links: match max_links {
                    None => filrouge::graph::from_themes::GraphOptions::default().max_links,
                    Some(0) => usize::MAX,
                    Some(n) => n,
                },
                top,
                ..Default::default()
            };
            graph(
                &path,
                &of,
                &opts,
                window,
                &format,
                output.as_deref(),
                &analysis,
            )
        }
        Command::Themes {
            path,
            top,
            json,
            analysis,
        } => themes(&path, top, json, &analysis),
        Command::Kwic {
            term,
            path,
            width,
            json,
            anonymize,
            stopwords,
        } => kwic(
            &term,
            &path,
            width as usize,
            json,
            anonymize,
            stopwords.as_deref(),
        ),
        Command::Keyness {
            path,
            by,
            alpha,
            all,
            json,
            analysis,
        } => keyness(&path, &by, alpha, all, json, &analysis),
    })
}

/// A warning's location as shown: the corpus folder itself, `.` to the loader, named as the
/// user gave it.
fn named_location(location: String, corpus: &Path) -> String {
    match location.as_str() {
        "." => corpus.display().to_string(),
        _ => location,
    }
}

/// Loads a corpus and reports skipped files and warnings on stderr.
/// Where texts are kept (`--texts`), set once by [`run`].
static TEXTS: std::sync::OnceLock<filrouge::corpus::TextStorage> = std::sync::OnceLock::new();

fn load(path: &Path) -> Result<Corpus, BoxError> {
    load_with(path, false, filrouge::lang::Lang::Fr)
}

/// How many skipped lines of one file are listed on the terminal; the others are counted.
const SKIPPED_LINES_LISTED: usize = 20;

/// A skipped input as listed to a person.
enum SkipListed<'a> {
    /// Listed with its reason.
    One(&'a filrouge::corpus::Skipped),
    /// The number of a file's skipped lines beyond [`SKIPPED_LINES_LISTED`].
    More(&'a Path, usize),
}

/// The skipped inputs to list: a file's first [`SKIPPED_LINES_LISTED`] in order, then how many
/// more it has, if any. A wrong field name in a manifest skips every line of a consultation:
/// 352,362 messages were printed. (Skipped inputs come by file.)
fn skips_listed(skipped: &[filrouge::corpus::Skipped]) -> Vec<SkipListed<'_>> {
    let mut listed = Vec::new();
    for file in skipped.chunk_by(|a, b| a.path == b.path) {
        listed.extend(file.iter().take(SKIPPED_LINES_LISTED).map(SkipListed::One));
        if file.len() > SKIPPED_LINES_LISTED {
            listed.push(SkipListed::More(
                &file[0].path,
                file.len() - SKIPPED_LINES_LISTED,
            ));
        }
    }
    listed
}

/// [`load`], fingerprinting each input file as it is read when a run manifest will list them,
/// with the labels the loader makes up in `lang` (the report's language).
fn load_with(
    path: &Path,
    fingerprints: bool,
    lang: filrouge::lang::Lang,
) -> Result<Corpus, BoxError> {
    let opts = filrouge::corpus::LoadOptions {
        texts: TEXTS.get().copied().unwrap_or_default(),
        fingerprints,
        lang,
        ..Default::default()
    };
    // A spinner while the files are read (on a terminal only): a large corpus takes seconds.
    let spinner =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    spinner.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    spinner.set_message("lecture des fichiers");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let corpus = Corpus::load_with(path, &opts);
    spinner.finish_and_clear();
    let corpus = corpus?;
    if Outcome::of(&corpus) == Outcome::Skipped {
        SKIPPED_SO_FAR.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    for w in &corpus.warnings {
        let w = filrouge::corpus::overview::WarningOverview::of(w);
        say!(
            "filrouge: attention: {}: {}",
            named_location(w.location, path),
            w.message
        );
    }
    for listed in skips_listed(&corpus.skipped) {
        match listed {
            SkipListed::One(s) => {
                let loc = match s.line {
                    Some(l) => format!("{}:{l}", s.path.display()),
                    None => s.path.display().to_string(),
                };
                say!(
                    "filrouge: ignoré: {loc}: {}",
                    filrouge::report::i18n::skip_reason(filrouge::report::Lang::Fr, &s.reason)
                );
            }
            // The whole list is in `corpus --json` and `analyze`'s run.json, which an empty
            // corpus does not give.
            SkipListed::More(file, n) if corpus.documents.is_empty() => say!(
                "filrouge: ignoré: {}: {} de plus",
                file.display(),
                count_fr(n, "ligne", "lignes")
            ),
            SkipListed::More(file, n) => say!(
                "filrouge: ignoré: {}: {} de plus (toutes dans `filrouge corpus --json` et le \
                 run.json d'un rapport)",
                file.display(),
                count_fr(n, "ligne", "lignes")
            ),
        }
    }
    if corpus.documents.is_empty() {
        return Err(Box::new(filrouge::Error::EmptyCorpus {
            path: path.to_path_buf(),
            reason: if corpus.skipped.is_empty() {
                "aucune note trouvée : filrouge lit les .md, .markdown, .txt, .jsonl, .docx, .odt, \
                 .pdf, .html, .htm, .csv, .tsv"
                    .into()
            } else {
                if corpus.skipped.len() == 1 {
                    "la seule entrée lue (fichier ou ligne) a été ignorée".into()
                } else {
                    format!(
                        "les {} entrées lues (fichiers ou lignes) ont toutes été ignorées",
                        corpus.skipped.len()
                    )
                }
            },
        }));
    }
    Ok(corpus)
}

fn corpus(path: &Path, json: bool) -> Result<Outcome, BoxError> {
    let corpus = load(path)?;
    let overview = filrouge::corpus::overview::Overview::of(&corpus);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &overview)?;
        writeln!(out)?;
    } else {
        write_overview(&mut out, path, &corpus, &overview)?;
    }
    out.flush()?;
    Ok(Outcome::of(&corpus))
}

/// `n` and its noun, singular for 0 and 1 as in French (`0 fichier ignoré`, `2 fichiers`).
fn count_fr(n: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        number_fr(n),
        if n <= 1 { singular } else { plural }
    )
}

/// A count as the report writes it, its thousands apart (`352 362`, a narrow no-break space).
fn number_fr(n: usize) -> String {
    filrouge::report::i18n::number(filrouge::report::Lang::Fr, n as f64, 0)
}

fn write_overview(
    out: &mut impl Write,
    path: &Path,
    corpus: &Corpus,
    o: &filrouge::corpus::overview::Overview,
) -> io::Result<()> {
    if let Some(t) = &corpus.title {
        writeln!(out, "{t}")?;
    }
    // A skipped line of a JSON Lines or CSV file is no skipped file.
    let skipped_lines = corpus.skipped.iter().filter(|s| s.line.is_some()).count();
    let skipped_files = corpus.skipped.len() - skipped_lines;
    let mut skipped = count_fr(skipped_files, "fichier ignoré", "fichiers ignorés");
    if skipped_lines > 0 {
        skipped += ", ";
        skipped += &count_fr(skipped_lines, "ligne ignorée", "lignes ignorées");
    }
    writeln!(
        out,
        "{}, {}, {}, {}, {}, {}, {}",
        count_fr(o.events.len(), "événement", "événements"),
        count_fr(o.ateliers, "atelier", "ateliers"),
        count_fr(o.documents, "document", "documents"),
        count_fr(o.sections, "section", "sections"),
        count_fr(o.words, "mot analysé", "mots analysés"),
        count_fr(o.people_named, "personne nommée", "personnes nommées"),
        skipped,
    )?;
    for ev in &o.events {
        let dates = ev.dates.clone().unwrap_or_else(|| "sans date".into());
        writeln!(out, "\n[{}] {} — {}", ev.key, ev.title, dates)?;
        for a in &ev.ateliers {
            let sessions = if a.sessions.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} {}",
                    if a.sessions.len() == 1 {
                        "session"
                    } else {
                        "sessions"
                    },
                    a.sessions
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            writeln!(
                out,
                "  {} ({}{sessions}) — {}, {}",
                a.label,
                a.kind,
                count_fr(a.words, "mot", "mots"),
                count_fr(a.documents, "document", "documents")
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
                let kind = s.kind.label_fr();
                writeln!(
                    out,
                    "    - {kind}{part} : {} ({}, dont {} hors discussion)",
                    count_fr(s.words, "mot", "mots"),
                    count_fr(s.blocks, "bloc", "blocs"),
                    s.furniture_blocks
                )?;
            }
        }
    }
    if !corpus.warnings.is_empty() {
        writeln!(out, "\nAvertissements :")?;
        for w in &corpus.warnings {
            let w = filrouge::corpus::overview::WarningOverview::of(w);
            writeln!(
                out,
                "  {} — {}",
                named_location(w.location, path),
                w.message
            )?;
        }
    }
    if !corpus.skipped.is_empty() {
        let heading = match (skipped_files, skipped_lines) {
            (_, 0) => "Fichiers ignorés",
            (0, _) => "Lignes ignorées",
            _ => "Fichiers et lignes ignorés",
        };
        writeln!(out, "\n{heading} :")?;
        for listed in skips_listed(&corpus.skipped) {
            let s = match listed {
                SkipListed::One(s) => s,
                SkipListed::More(file, n) => {
                    let more = count_fr(n, "ligne", "lignes");
                    writeln!(out, "  {} — {more} de plus (voir --json)", file.display())?;
                    continue;
                }
            };
            let reason = filrouge::report::i18n::skip_reason(filrouge::report::Lang::Fr, &s.reason);
            match s.line {
                Some(l) => writeln!(out, "  {}:{l} — {reason}", s.path.display())?,
                None => writeln!(out, "  {} — {reason}", s.path.display())?,
            }
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
            return Err(format!("{}: fichier binaire, pas du texte", file.display()).into());
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

fn analyzer(stopwords: Option<&Path>) -> Result<filrouge::text::Analyzer, BoxError> {
    let mut b = filrouge::text::Analyzer::builder();
    if let Some(p) = stopwords {
        b = b.stopwords_file(p)?;
    }
    Ok(b.build())
}

fn analyse(
    path: &Path,
    args: &AnalysisArgs,
) -> Result<(filrouge::analysis::Analysis, filrouge::text::Analyzer), BoxError> {
    analyse_with(path, args, None)
}

fn analyse_with(
    path: &Path,
    args: &AnalysisArgs,
    window: Option<usize>,
) -> Result<(filrouge::analysis::Analysis, filrouge::text::Analyzer), BoxError> {
    let analyzer = analyzer(args.stopwords.as_deref())?;
    let lexicon = args
        .lexicon
        .as_deref()
        .map(filrouge::themes::Lexicon::read)
        .transpose()?;
    let opts = filrouge::themes::ThemeOptions {
        min_ateliers: args.min_ateliers,
        max_themes: args.max_themes,
        window,
        ..Default::default()
    };
    let corpus = load(path)?;
    let analysis = filrouge::analysis::Analysis::run(corpus, &analyzer, lexicon.as_ref(), &opts)?;
    warn_lexicon(args, &analysis.themes);
    Ok((analysis, analyzer))
}

/// Says what in the lexicon cannot count as written: themes that match nothing, terms that
/// match nothing and why, terms two themes list, themes named like a word or expression of the
/// corpus (see [`filrouge::themes::ThemeSet::unmatched_lexicon`], `unfound_terms`,
/// `shared_terms` and `shared_names`).
fn warn_lexicon(args: &AnalysisArgs, themes: &filrouge::themes::ThemeSet) {
    let Some(lexicon) = &args.lexicon else {
        return;
    };
    for name in &themes.unmatched_lexicon {
        say!(
            "filrouge: attention: {}: aucun terme du thème « {name} » ne se trouve dans le \
             corpus ; ce thème ne peut pas apparaître",
            lexicon.display()
        );
    }
    for u in &themes.unfound_terms {
        use filrouge::themes::TermProblem;
        let why = match u.why {
            TermProblem::NoWord => "n'a aucun mot",
            TermProblem::OnlyFunctionWords => "n'a que des mots vides",
            TermProblem::OuterFunctionWord => {
                "commence ou finit par un mot vide (un terme exclu est pris tel quel ; écrivez \
                 ses seuls mots pleins)"
            }
            TermProblem::NotAWord => {
                "contient un sigle, un nombre ou un code, qu'aucun thème ne compte"
            }
            TermProblem::NotInCorpus => {
                "a un mot que le corpus ne compte pas (mal écrit, absent des notes, ou un nom de \
                 personne)"
            }
        };
        let (whose, so) = match &u.theme {
            Some(theme) => (format!("du thème « {theme} »"), "il ne compte rien"),
            None => ("exclu".to_string(), "il n'écarte rien"),
        };
        say!(
            "filrouge: attention: {}: le terme « {} » {whose} {why} ; {so}",
            lexicon.display(),
            u.term,
        );
    }
    for t in &themes.shared_terms {
        say!(
            "filrouge: attention: {}: le terme « {} » du thème « {} » est le même mot que « {} » \
             du thème « {} » : ses occurrences comptent pour les deux",
            lexicon.display(),
            t.term,
            t.theme,
            t.first_term,
            t.first_theme
        );
    }
    for (name, renamed) in &themes.shared_names {
        say!(
            "filrouge: attention: {}: le thème « {name} » porte le nom d'un thème du corpus qui \
             n'est pas l'un de ses termes ; celui-ci est présenté comme « {renamed} »",
            lexicon.display()
        );
    }
}

fn themes(path: &Path, top: usize, json: bool, args: &AnalysisArgs) -> Result<Outcome, BoxError> {
    let (a, _) = analyse(path, args)?;
    let records = filrouge::themes::evidence::records_top(&a.corpus, &a.themes, top);
    if records.is_empty() {
        // An empty table says why (`--min-ateliers` above the corpus's ateliers, say).
        let (units, name) = match a.themes.unit {
            filrouge::themes::RecurrenceUnit::Atelier => (a.corpus.ateliers.len(), "ateliers"),
            filrouge::themes::RecurrenceUnit::Document => (a.corpus.documents.len(), "documents"),
        };
        say!(
            "filrouge: aucun thème ne revient dans au moins {} {name} (le corpus en a {units})",
            a.themes.min_ateliers
        );
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &records)?;
        writeln!(out)?;
    } else {
        // Themes recur across ateliers, or across documents in a corpus of fewer than two.
        let unit = a.themes.unit;
        let spread = match unit {
            filrouge::themes::RecurrenceUnit::Atelier => "ateliers",
            filrouge::themes::RecurrenceUnit::Document => "documents",
        };
        writeln!(
            out,
            "rang  thème                            type         occ. {spread:>8}  événem.   score  tendance"
        )?;
        for (r, t) in records.iter().zip(&a.themes.themes) {
            writeln!(
                out,
                "{:>4}  {:<32} {:<10} {:>6} {:>8} {:>8} {:>7}  {}",
                r.rank,
                ellipsis(&r.label, 32),
                t.kind.label_fr(),
                r.occurrences,
                r.spread(unit),
                r.events.len(),
                // A table for people, in French: the score as the report writes it (`6,09`);
                // `--json` keeps the number.
                filrouge::report::i18n::number(filrouge::report::i18n::Lang::Fr, r.score, 2),
                t.trend.label_fr()
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::of(&a.corpus))
}

fn kwic(
    term: &str,
    path: &Path,
    width: usize,
    json: bool,
    anonymize: bool,
    stopwords: Option<&Path>,
) -> Result<Outcome, BoxError> {
    if !term.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "kwic : « {term} » n'a ni lettre ni chiffre ; donnez un mot ou une expression"
        )
        .into());
    }
    let analyzer = analyzer(stopwords)?;
    let corpus = load(path)?;
    let mut lines = filrouge::themes::kwic::kwic(&corpus, &analyzer, term, width);
    if anonymize {
        let p = filrouge::report::anonymize::Pseudonymizer::in_language(
            &corpus.people,
            filrouge::report::Lang::Fr,
        );
        // A pseudonym is longer than most names: a context is cut back to its length, its
        // ellipsis kept.
        let cut = |text: &str, from_end: bool| -> String {
            let len = text.chars().count();
            let new: Vec<char> = p.apply(text).chars().collect();
            if new.len() <= len {
                return new.into_iter().collect();
            }
            if from_end {
                let kept = new[new.len() - len + 1..].iter();
                std::iter::once('…').chain(kept.copied()).collect()
            } else {
                let kept = new[..len - 1].iter();
                kept.copied().chain(std::iter::once('…')).collect()
            }
        };
        for l in &mut lines {
            l.left = cut(&l.left, true);
            l.keyword = p.apply(&l.keyword);
            l.right = cut(&l.right, false);
            l.atelier = p.apply(&l.atelier);
        }
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &lines)?;
        writeln!(out)?;
    } else {
        for l in &lines {
            writeln!(
                out,
                "{:>w$}[{}]{}\t{}\t{}",
                l.left,
                l.keyword,
                l.right,
                l.atelier,
                l.location,
                w = width + 1
            )?;
        }
        if lines.is_empty() {
            say!("filrouge: aucune occurrence de « {term} »");
        }
    }
    out.flush()?;
    Ok(Outcome::of(&corpus))
}

fn keyness(
    path: &Path,
    by: &str,
    alpha: f64,
    all: bool,
    json: bool,
    args: &AnalysisArgs,
) -> Result<Outcome, BoxError> {
    let by: filrouge::themes::keyness::Partition = by.parse()?;
    let (a, _) = analyse(path, args)?;
    use filrouge::themes::keyness::Absences;
    // `--all`: every theme in every partition, absent ones included; otherwise the specific
    // ones, never absent.
    let absences = if all {
        Absences::All
    } else {
        Absences::Significant
    };
    let mut rows =
        filrouge::themes::keyness::keyness(&a.corpus, &a.stats, &a.themes, by, alpha, absences);
    if !all {
        rows.retain(|r| r.specific);
    }
    if rows.is_empty() && !json {
        if all {
            // Only a partition holding the whole corpus, which has no rest to compare with.
            say!(
                "filrouge: rien à comparer : une seule partie, qui tient tout le corpus, ou \
                 aucun thème"
            );
        } else {
            say!(
                "filrouge: aucun thème nettement plus fréquent dans une partie qu'ailleurs \
                 (p < {}, au moins 3 mentions) ; --all montre tous les thèmes",
                alpha.to_string().replace('.', ",")
            );
        }
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        let mut current: Option<&str> = None;
        for r in &rows {
            if current != Some(&*r.partition) {
                current = Some(&r.partition);
                writeln!(
                    out,
                    "\n{} ({})",
                    r.partition_label,
                    count_fr(r.words_in as usize, "mot", "mots")
                )?;
            }
            writeln!(
                out,
                "  {:<32} {:>4} / {:<5} G²={:>7.2}  p={:.2e}  log-ratio={:>5.2}{}",
                ellipsis(&r.label, 32),
                r.count_in,
                r.count_in + r.count_out,
                r.g2,
                r.p_value,
                r.log_ratio,
                if r.specific { "  spécifique" } else { "" }
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::of(&a.corpus))
}

fn graph(
    path: &Path,
    of: &str,
    opts: &filrouge::graph::from_themes::GraphOptions,
    window: Option<usize>,
    format: &str,
    output: Option<&Path>,
    args: &AnalysisArgs,
) -> Result<Outcome, BoxError> {
    use filrouge::graph::from_themes::{atelier_graph, bipartite_graph, theme_graph};
    let format: filrouge::graph::Format = format.parse()?;
    // Fail before the work when the output cannot be created.
    if let Some(out) = output {
        check_writable(out, &format!("graphe.{}", format.as_str()))?;
    }
    let (a, _) = analyse_with(path, args, window)?;
    let g = match of {
        "ateliers" => atelier_graph(&a.corpus, &a.themes, opts),
        "bipartite" => bipartite_graph(&a.corpus, &a.themes, opts),
        _ => theme_graph(&a.corpus, &a.themes, opts),
    };
    let text = filrouge::graph::export(&g, format);
    match output {
        Some(out) => filrouge::output::write_atomic(out, text.as_bytes())?,
        None => {
            let mut o = io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()?;
        }
    }
    Ok(Outcome::of(&a.corpus))
}

/// Fails early when a file cannot be written in its folder; `example` is a file name the
/// command would write (`corpus.txt`, `themes.graphml`), for the message.
fn check_writable(path: &Path, example: &str) -> Result<(), BoxError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!("{}: ce dossier n'existe pas", dir.display()).into());
    }
    if path.is_dir() {
        return Err(format!(
            "{}: est un dossier ; donnez le chemin d'un fichier (-o {})",
            path.display(),
            path.join(example).display()
        )
        .into());
    }
    Ok(())
}

/// The wall time of each stage of a run, and the peak memory at its end, printed by
/// `analyze --timings`.
struct Timings {
    start: std::time::Instant,
    /// Each stage's label, start, and the process's peak memory when it started.
    marks: std::sync::Mutex<Vec<(String, std::time::Instant, Option<u64>)>>,
}

/// The process's peak resident memory so far, in KiB (`VmHWM` of `/proc/self/status`), where
/// the system tells it (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

impl Timings {
    fn new() -> Timings {
        Timings {
            start: std::time::Instant::now(),
            marks: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The stage `label` starts now (the previous one ends).
    fn mark(&self, label: &str) {
        if let Ok(mut m) = self.marks.lock() {
            m.push((label.to_string(), std::time::Instant::now(), peak_rss_kib()));
        }
    }

    /// One line per stage, `label  seconds`, and the total; with the peak memory of the process
    /// at the end of each stage where the system tells it (the stage where it grows is the one
    /// that set it).
    fn print(&self) {
        let end = std::time::Instant::now();
        let peak_end = peak_rss_kib();
        let Ok(marks) = self.marks.lock() else { return };
        let peak = |kib: Option<u64>| {
            kib.map_or(String::new(), |k| {
                format!("   pic mémoire {:>7.1} Mio", k as f64 / 1024.0)
            })
        };
        for (i, (label, t, _)) in marks.iter().enumerate() {
            let (next, kib) = marks.get(i + 1).map_or((end, peak_end), |m| (m.1, m.2));
            say!(
                "filrouge: durée: {label:<12} {:>8.3} s{}",
                (next - *t).as_secs_f64(),
                peak(kib)
            );
        }
        say!(
            "filrouge: durée: {:<12} {:>8.3} s{}",
            "total",
            (end - self.start).as_secs_f64(),
            peak(peak_end)
        );
    }
}

/// Options of `analyze` that shape the report, not the analysis.
struct ReportArgs<'a> {
    top: usize,
    anonymize: bool,
    format: &'a str,
    lang: &'a str,
    timings: bool,
    /// The p-value threshold of specific themes (`--alpha`).
    alpha: f64,
}

/// The progress of the passes over the texts: one bar per stage, on standard error.
struct BarProgress<'a>(std::sync::Mutex<indicatif::ProgressBar>, &'a Timings);

impl<'a> BarProgress<'a> {
    fn new(timings: &'a Timings) -> Self {
        BarProgress(
            std::sync::Mutex::new(indicatif::ProgressBar::hidden()),
            timings,
        )
    }

    /// The bar of the current stage.
    fn bar(&self) -> std::sync::MutexGuard<'_, indicatif::ProgressBar> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The last stage's bar, cleared from the terminal.
    fn finish(self) {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .finish_and_clear();
    }
}

impl filrouge::progress::Progress for BarProgress<'_> {
    fn stage(&self, stage: filrouge::progress::Stage, total_bytes: u64) {
        self.1.mark(stage.label_fr());
        let mut bar = self.bar();
        bar.finish_and_clear();
        *bar = new_bar(total_bytes, pass_style(), stage.label_fr());
    }

    fn advance(&self, bytes: u64) {
        self.bar().inc(bytes);
    }

    fn notice(&self, notice: &filrouge::progress::Notice) {
        use filrouge::progress::Notice;
        let text = match notice {
            Notice::LogDropped(why) => format!(
                "les phrases du comptage n'ont pas pu être gardées ({why}) ; la recherche des \
                 thèmes relit les textes : mêmes résultats, plus lentement"
            ),
            other => format!("{other:?}"),
        };
        self.bar().suspend(|| say!("filrouge: attention: {text}"));
    }
}

/// A bar on standard error, its length, style and message set before it is shown: set on a
/// bar already shown, each drew a frame of its own (the default style's `0/41906298`, the
/// passes' style with the report's steps, `0 o / 6 o`). Each stage has a bar of its own, the
/// one before cleared from the terminal.
fn new_bar(
    len: u64,
    style: indicatif::ProgressStyle,
    message: &'static str,
) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::hidden(),
    );
    bar.set_style(style);
    bar.set_message(message);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

/// The bar of a pass over the texts, in French: bytes read and their rate in Kio, Mio or Gio,
/// and the time left once a twentieth of the pass is done (before, the estimate is far off: ten
/// minutes for a stage of thirteen seconds).
fn pass_style() -> indicatif::ProgressStyle {
    use indicatif::ProgressState;
    indicatif::ProgressStyle::with_template("{spinner} {msg:9} [{bar:30}] {lu} {debit} {reste}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .with_key("lu", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(
                w,
                "{} / {}",
                bytes_fr(s.pos() as f64),
                bytes_fr(s.len().unwrap_or(0) as f64)
            );
        })
        .with_key("debit", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}/s", bytes_fr(s.per_sec()));
        })
        .with_key("reste", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = if s.fraction() < 0.05 {
                w.write_str("reste …")
            } else {
                write!(w, "reste {}", duration_fr(s.eta()))
            };
        })
        .progress_chars("=> ")
}

/// A size in bytes as a French reader writes it: `850 o`, `12,5 Kio`, `312,0 Mio`, `1,25 Gio`.
fn bytes_fr(bytes: f64) -> String {
    let (value, unit, decimals) = match bytes {
        b if b < 1024.0 => return format!("{} o", b.max(0.0) as u64),
        b if b < 1024.0 * 1024.0 => (b / 1024.0, "Kio", 1),
        b if b < 1024.0 * 1024.0 * 1024.0 => (b / (1024.0 * 1024.0), "Mio", 1),
        b => (b / (1024.0 * 1024.0 * 1024.0), "Gio", 2),
    };
    format!("{value:.decimals$} {unit}").replace('.', ",")
}

/// A duration to wait, rounded as a person says it: `8 s`, `3 min 20 s`, `1 h 05 min`.
fn duration_fr(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
    }
}

/// The unfinished output folder an interrupt removes (see [`remove_on_interrupt`]).
static UNFINISHED: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Makes an interrupt (Ctrl-C, `SIGTERM`, `SIGHUP`) remove `dir`, the output folder being built,
/// before the process ends (it ends without unwinding: the folder's own clean-up would not run,
/// and a half-written copy would stay beside the report); `None` once the folder is complete.
fn remove_on_interrupt(dir: Option<PathBuf>) {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(|| {
        // Refused (a handler is already set), the default stays: the process ends at once.
        let _ = ctrlc::set_handler(|| {
            let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(dir) = unfinished.take() {
                // The run may be adding a file meanwhile: try again.
                for _ in 0..3 {
                    if std::fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                        break;
                    }
                }
            }
            say!("filrouge: interrompu");
            std::process::exit(130);
        });
    });
    *UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()) = dir;
}

/// `filrouge analyze`: the whole pipeline into a report folder, built aside and swapped in.
fn analyze(
    path: &Path,
    out: &Path,
    r: &ReportArgs,
    args: &AnalysisArgs,
) -> Result<Outcome, BoxError> {
    use filrouge::report::{Formats, Report, ReportOptions, render};
    let timings = Timings::new();
    timings.mark("lecture");
    let formats = Formats::parse(r.format)?;
    let lang: filrouge::report::Lang = r.lang.parse()?;
    if out.is_file() {
        return Err(format!("{}: est un fichier, pas un dossier", out.display()).into());
    }
    // The folder is replaced as a whole: never replace one that is not an earlier report.
    if out.is_dir()
        && !out.join("run.json").is_file()
        && std::fs::read_dir(out).map_or(true, |mut d| d.next().is_some())
    {
        return Err(format!(
            "{}: ce dossier existe et n'est pas un rapport filrouge (pas de run.json) ; choisissez un autre --out",
            out.display()
        )
        .into());
    }
    // Replacing a folder that holds the corpus would delete it.
    if let (Ok(corpus), Ok(folder)) = (path.canonicalize(), out.canonicalize())
        && corpus.starts_with(&folder)
    {
        return Err(format!(
            "{}: ce dossier contient le corpus {} ; le remplacer effacerait les notes ; \
             choisissez un autre --out",
            out.display(),
            path.display()
        )
        .into());
    }
    // Replacing the current folder (or one around it) would leave the shell in a deleted one.
    if let (Ok(here), Ok(folder)) = (std::env::current_dir(), out.canonicalize())
        && here.starts_with(&folder)
    {
        return Err(format!(
            "{}: c'est le dossier courant (ou il le contient) ; le remplacer laisserait le \
             terminal dans un dossier supprimé ; choisissez un autre --out",
            out.display()
        )
        .into());
    }
    // Fail before the work when the output folder cannot be created.
    let staged = filrouge::output::StagedDir::new(out)?;
    remove_on_interrupt(Some(staged.path().to_path_buf()));
    let corpus = load_with(path, true, lang)?;
    let analyzer = analyzer(args.stopwords.as_deref())?;
    let lexicon = args
        .lexicon
        .as_deref()
        .map(filrouge::themes::Lexicon::read)
        .transpose()?;
    let theme_opts = filrouge::themes::ThemeOptions {
        min_ateliers: args.min_ateliers,
        max_themes: args.max_themes,
        ..Default::default()
    };
    // The process ends right after the report is written: freeing the analysis (hundreds of
    // thousands of small allocations on a large corpus) would only cost time.
    let passes = BarProgress::new(&timings);
    let a = std::mem::ManuallyDrop::new(filrouge::analysis::Analysis::run_with(
        corpus,
        &analyzer,
        lexicon.as_ref(),
        &theme_opts,
        &passes,
    )?);
    passes.finish();
    warn_lexicon(args, &a.themes);
    timings.mark("rapport");
    let bar = new_bar(
        1 + formats.steps(),
        indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        "rapport",
    );
    let opts = ReportOptions {
        top: r.top,
        lang,
        anonymize: r.anonymize,
        alpha: r.alpha,
        min_ateliers: args.min_ateliers,
        lexicon: args.lexicon.clone(),
        stopwords: args.stopwords.clone(),
        invocation: Some(filrouge::report::manifest::Invocation::new(
            &std::env::args_os().skip(1).collect::<Vec<_>>(),
            path,
            formats,
            TEXTS.get().copied().unwrap_or_default(),
        )),
        ..ReportOptions::default()
    };
    let report = Report::build(&a, &opts)?;
    bar.inc(1);
    // Each file goes to the staging folder as soon as it is made.
    let files = render(&report, &formats, &staged, &mut |step| {
        timings.mark(step);
        bar.set_message(step.to_string());
        bar.inc(1);
    })?;
    // The staged folder takes the place of the old one (the files are written by then).
    timings.mark("publication");
    remove_on_interrupt(None);
    let published = staged.commit()?;
    bar.finish_and_clear();
    if let Some((aside, e)) = &published.left_aside {
        say!(
            "filrouge: attention: {}: l'ancien rapport, mis de côté là, n'a pas pu être supprimé \
             ({e}) ; le nouveau est en place (le prochain lancement réessaiera)",
            aside.display()
        );
    }
    let dir = &published.path;
    if r.timings {
        timings.print();
    }
    if report.themes.is_empty() {
        // Said here too, not only in the report: why its themes part is empty.
        let why = report.no_themes();
        let mut chars = why.chars();
        let first = chars.next().map(|c| c.to_lowercase().to_string());
        say!("filrouge: {}{}", first.unwrap_or_default(), chars.as_str());
    }
    let mut o = io::stdout().lock();
    // Themes kept, out of those that recur when the cap (`--max-themes`) cut some.
    let themes = if report.params.recurring_themes > report.themes.len() {
        format!(
            "{} sur {} récurrents",
            count_fr(report.themes.len(), "thème retenu", "thèmes retenus"),
            number_fr(report.params.recurring_themes)
        )
    } else {
        count_fr(report.themes.len(), "thème récurrent", "thèmes récurrents")
    };
    writeln!(
        o,
        "{} : {}, {themes} ({})",
        dir.display(),
        count_fr(files.len(), "fichier écrit", "fichiers écrits"),
        count_fr(report.top_themes().len(), "présenté", "présentés")
    )?;
    if formats.html {
        writeln!(o, "{}", dir.join("index.html").display())?;
    }
    Ok(Outcome::of(&a.corpus))
}

/// Where the table of an export written to `output` goes by default: beside it, its name's
/// extension replaced by `.texts.csv` (`corpus.txt` → `corpus.texts.csv`).
fn table_beside(output: &Path) -> PathBuf {
    output.with_extension("texts.csv")
}

/// `filrouge export --iramuteq`: the corpus to `output` (or standard output) and, when `table` is
/// given, where each text comes from.
fn export(
    path: &Path,
    output: Option<&Path>,
    table: Option<&Path>,
    anonymize: bool,
) -> Result<Outcome, BoxError> {
    if let Some(out) = output {
        check_writable(out, "corpus.txt")?;
    }
    if let Some(t) = table {
        check_writable(t, "corpus.texts.csv")?;
        if output.is_some_and(|o| o == t) {
            return Err(format!(
                "{}: la table des textes remplacerait l'export ; donnez un autre --table",
                t.display()
            )
            .into());
        }
    }
    let corpus = load(path)?;
    let filrouge::corpus::readers::iramuteq::Export {
        corpus: mut text,
        mut texts,
    } = filrouge::corpus::readers::iramuteq::export(&corpus);
    if anonymize {
        // Line by line (the texts, not the starred variable lines), as the report's texts are.
        let p = filrouge::report::anonymize::Pseudonymizer::in_language(
            &corpus.people,
            filrouge::report::Lang::Fr,
        );
        // The table's paths as `run.json` gives them.
        for t in &mut texts {
            t.path = p.apply(&t.path);
            t.location = p.apply(&t.location);
        }
        text = text
            .split_inclusive('\n')
            .map(|line| {
                if line.starts_with("****") {
                    line.to_string()
                } else {
                    p.apply(line)
                }
            })
            .collect();
    }
    if let Some(t) = table {
        let csv = filrouge::corpus::readers::iramuteq::table_csv(&texts)
            .map_err(|e| format!("{}: {e}", t.display()))?;
        filrouge::output::write_atomic(t, &csv)?;
    }
    match output {
        Some(out) => filrouge::output::write_atomic(out, text.as_bytes())?,
        None => {
            let mut o = io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()?;
        }
    }
    Ok(Outcome::of(&corpus))
}

#[cfg(test)]
mod tests {
    /// Sizes and durations on the progress bar are written as in French.
    #[test]
    fn sizes_and_durations_read_as_french() {
        assert_eq!(super::bytes_fr(850.0), "850 o");
        assert_eq!(super::bytes_fr(12.5 * 1024.0), "12,5 Kio");
        assert_eq!(super::bytes_fr(469.2 * 1024.0 * 1024.0), "469,2 Mio");
        assert_eq!(super::bytes_fr(1.25 * 1024.0 * 1024.0 * 1024.0), "1,25 Gio");
        let secs = std::time::Duration::from_secs;
        assert_eq!(super::duration_fr(secs(8)), "8 s");
        assert_eq!(super::duration_fr(secs(200)), "3 min 20 s");
        assert_eq!(super::duration_fr(secs(3900)), "1 h 05 min");
    }
}
