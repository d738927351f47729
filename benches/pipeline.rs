//! Cost of each stage of the `filrouge analyze` pipeline, and of the whole, on fixed inputs:
//!
//! - `seeds`: the shipped `corpus/` (five sets of workshop notes, with a manifest, ~60 KB);
//! - `granddebat-20k`: the first 20,000 lines of `../shared/data/bench/granddebat-answers.jsonl`
//!   (~3.1 MB, one document per answer), written once to a temporary folder.
//!
//! Stages, one benchmark each: `load` (`Corpus::load`), `stats` (`TermStats::collect`),
//! `stats_logged` (`TermStats::collect_logged`: the same, writing its sentences down and counting
//! expressions in two steps, as `analyze` does), `themes` (`ThemeSet::extract`, tokenising the
//! texts again), `themes_replayed` (`ThemeSet::extract_logged`, replaying the counting pass's
//! sentences, as `analyze` does),
//! `graphs` (`theme_graph` + `atelier_graph` with the report's options),
//! `report_build` (`Report::build`), `render` (every format, in memory) and `end_to_end` (load →
//! analysis → report → render, what `filrouge analyze` does except writing the files).
//!
//! Each stage is first run once to learn its expected output (documents, content tokens, themes,
//! nodes, files); the measured loop asserts that output, so a broken pipeline cannot look fast.
//! Throughput is the corpus text (bytes of the documents' text after decoding) for every stage,
//! so MB/s of stages add up like their times. Samples are few and short: `cargo bench --bench
//! pipeline` takes a few minutes on 2 cores.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::analysis::Analysis;
use filrouge::corpus::Corpus;
use filrouge::graph::from_themes::{atelier_graph, theme_graph};
use filrouge::progress::Silent;
use filrouge::report::{Formats, MemorySink, Report, ReportOptions, render};
use filrouge::stats::TermStats;
use filrouge::text::Analyzer;
use filrouge::themes::{ThemeOptions, ThemeSet};

const SEEDS: &str = "corpus";
const GRANDDEBAT: &str = "../shared/data/bench/granddebat-answers.jsonl";
/// Answers of the Grand Débat slice.
const GRANDDEBAT_LINES: usize = 20_000;

/// Writes the first [`GRANDDEBAT_LINES`] lines of the Grand Débat answers to `dir`.
fn granddebat_slice(dir: &Path) -> PathBuf {
    let src = std::fs::File::open(GRANDDEBAT).expect("granddebat-answers.jsonl");
    let path = dir.join("granddebat-20k.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("temp file"));
    let mut n = 0;
    for line in BufReader::new(src).lines().take(GRANDDEBAT_LINES) {
        writeln!(out, "{}", line.expect("UTF-8 line")).expect("write");
        n += 1;
    }
    out.flush().expect("flush");
    assert_eq!(
        n, GRANDDEBAT_LINES,
        "the JSONL file is shorter than the slice"
    );
    path
}

/// What one pass of the pipeline produced: the values asserted in every measured loop.
struct Expected {
    documents: usize,
    bytes: usize,
    content_tokens: u64,
    themes: usize,
    theme_nodes: usize,
    theme_edges: usize,
    atelier_nodes: usize,
    report_themes: usize,
    files: usize,
}

fn analysis(path: &Path, analyzer: &Analyzer, opts: &ThemeOptions) -> Analysis {
    let corpus = Corpus::load(path).expect("corpus loads");
    Analysis::run(corpus, analyzer, None, opts).expect("texts read back")
}

/// Everything `filrouge analyze` computes; returns the report and its files' count.
fn end_to_end(
    path: &Path,
    analyzer: &Analyzer,
    theme_opts: &ThemeOptions,
    report_opts: &ReportOptions,
) -> (Report, usize) {
    let a = analysis(path, analyzer, theme_opts);
    let report = Report::build(&a, report_opts).expect("report builds");
    let sink = MemorySink::default();
    let files = render(&report, &Formats::default(), &sink, &mut |_| {}).expect("report renders");
    let n = files.len();
    (report, n)
}

fn bench_corpus(c: &mut Criterion, name: &str, path: &Path) {
    let analyzer = Analyzer::french();
    let theme_opts = ThemeOptions::default();
    let report_opts = ReportOptions::default();
    let graph_opts = report_opts.graph.clone();

    // One reference pass: what every measured loop must find again.
    let a = analysis(path, &analyzer, &theme_opts);
    let tg = theme_graph(&a.corpus, &a.themes, &graph_opts);
    let ag = atelier_graph(&a.corpus, &a.themes, &graph_opts);
    let (report, files) = end_to_end(path, &analyzer, &theme_opts, &report_opts);
    let exp = Expected {
        documents: a.corpus.documents.len(),
        bytes: a.corpus.documents.iter().map(|d| d.text.len()).sum(),
        content_tokens: a.stats.totals.content_tokens,
        themes: a.themes.themes.len(),
        theme_nodes: tg.nodes.len(),
        theme_edges: tg.edges.len(),
        atelier_nodes: ag.nodes.len(),
        report_themes: report.themes.len(),
        files,
    };
    assert!(exp.documents > 0, "{name}: no document");
    assert!(
        exp.content_tokens as usize > exp.bytes / 40,
        "{name}: suspiciously few content tokens ({})",
        exp.content_tokens
    );
    assert!(exp.themes > 0, "{name}: no theme");
    assert!(exp.theme_nodes > 0, "{name}: empty theme graph");
    assert!(exp.files > 5, "{name}: only {} report files", exp.files);

    let mut g = c.benchmark_group(format!("pipeline/{name}"));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(exp.bytes as u64));

    g.bench_function("load", |b| {
        b.iter(|| {
            let corpus = Corpus::load(black_box(path)).expect("corpus loads");
            assert_eq!(corpus.documents.len(), exp.documents);
            corpus
        })
    });
    // Expressions as one exact step counts them.
    let grams = TermStats::collect(&a.corpus, &analyzer).grams.len();
    g.bench_function("stats", |b| {
        b.iter(|| {
            let s = TermStats::collect(black_box(&a.corpus), &analyzer);
            assert_eq!(s.totals.content_tokens, exp.content_tokens);
            assert_eq!(s.grams.len(), grams);
            s
        })
    });
    g.bench_function("stats_logged", |b| {
        b.iter(|| {
            let (s, log) = TermStats::collect_logged(black_box(&a.corpus), &analyzer, &Silent);
            assert_eq!(s.totals.content_tokens, exp.content_tokens);
            // Counted in two steps, the expressions are those of one exact step.
            assert_eq!(s.grams.len(), grams);
            assert!(log.is_some_and(|l| !l.is_empty()));
            s
        })
    });
    let (_, log) = TermStats::collect_logged(&a.corpus, &analyzer, &Silent);
    let log = log.expect("the sentences are written down");
    g.bench_function("themes_replayed", |b| {
        b.iter(|| {
            let t = ThemeSet::extract_logged(
                black_box(&a.corpus),
                &analyzer,
                &a.stats,
                None,
                &theme_opts,
                Some(&log),
                &Silent,
            );
            assert_eq!(t.themes.len(), exp.themes);
            t
        })
    });
    g.bench_function("themes", |b| {
        b.iter(|| {
            let t = ThemeSet::extract(black_box(&a.corpus), &analyzer, &a.stats, None, &theme_opts);
            assert_eq!(t.themes.len(), exp.themes);
            t
        })
    });
    g.bench_function("graphs", |b| {
        b.iter(|| {
            let tg = theme_graph(black_box(&a.corpus), &a.themes, &graph_opts);
            let ag = atelier_graph(&a.corpus, &a.themes, &graph_opts);
            assert_eq!(tg.nodes.len(), exp.theme_nodes);
            assert_eq!(tg.edges.len(), exp.theme_edges);
            assert_eq!(ag.nodes.len(), exp.atelier_nodes);
            (tg, ag)
        })
    });
    g.bench_function("report_build", |b| {
        b.iter(|| {
            let r = Report::build(black_box(&a), &report_opts).expect("report builds");
            assert_eq!(r.themes.len(), exp.report_themes);
            r
        })
    });
    g.bench_function("render", |b| {
        b.iter(|| {
            // In memory, as before files were streamed: the bench measures making them.
            let sink = MemorySink::default();
            let paths = render(black_box(&report), &Formats::default(), &sink, &mut |_| {})
                .expect("renders");
            assert_eq!(paths.len(), exp.files);
            sink.into_files()
        })
    });
    g.bench_function("end_to_end", |b| {
        b.iter(|| {
            let (r, files) = end_to_end(black_box(path), &analyzer, &theme_opts, &report_opts);
            assert_eq!(r.documents, exp.documents);
            assert_eq!(r.themes.len(), exp.report_themes);
            assert_eq!(files, exp.files);
            files
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    bench_corpus(c, "seeds", Path::new(SEEDS));
    let dir = tempfile::tempdir().expect("temp dir");
    let slice = granddebat_slice(dir.path());
    bench_corpus(c, "granddebat-20k", &slice);
}

criterion_group!(benches, bench);
criterion_main!(benches);
