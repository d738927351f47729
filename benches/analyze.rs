//! Throughput of the French analyser on real text: tokenise only, and tokenise + stem
//! (per-thread `StemCache`) + count stems of non-stop words.
//!
//! Corpora: the first ~8 MB of `text` fields of `granddebat-answers.jsonl`, and the
//! `debats-an-2013/` transcripts. The token count is asserted inside the measured loop so a
//! broken pipeline cannot look fast. Each measure runs twice: `fast` (the default analyser,
//! Latin fast path) and `uax29` (fast path off: every word through unicode-segmentation), so
//! the speed-up is measured in the same run.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::text::{Analyzer, StemCache, TokenKind};
use rustc_hash::FxHashMap;

const GRANDDEBAT: &str = "../shared/data/bench/granddebat-answers.jsonl";
const DEBATS: &str = "../shared/data/bench/debats-an-2013";
const GRANDDEBAT_BYTES: usize = 8 << 20;

fn granddebat() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Answer {
        text: String,
    }
    let raw = std::fs::read_to_string(GRANDDEBAT).expect("granddebat-answers.jsonl");
    let mut out = Vec::new();
    let mut total = 0;
    for line in raw.lines() {
        let a: Answer = serde_json::from_str(line).expect("JSON line with a text field");
        total += a.text.len();
        out.push(a.text);
        if total >= GRANDDEBAT_BYTES {
            break;
        }
    }
    out
}

fn debats() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(DEBATS)
        .expect("debats-an-2013")
        .map(|e| e.expect("dir entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 transcript"))
        .collect()
}

fn tokenize(a: &Analyzer, docs: &[String]) -> usize {
    docs.iter().map(|d| a.tokens(d).count()).sum()
}

fn stem_count(
    a: &Analyzer,
    cache: &mut StemCache,
    docs: &[String],
) -> (usize, FxHashMap<String, u32>) {
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    let mut n = 0;
    for d in docs {
        for t in a.tokens(d) {
            n += 1;
            if t.stop || t.kind != TokenKind::Word {
                continue;
            }
            let stem = cache.stem(&d[t.start..t.end]);
            match counts.get_mut(stem) {
                Some(c) => *c += 1,
                None => {
                    counts.insert(stem.to_owned(), 1);
                }
            }
        }
    }
    (n, counts)
}

fn bench(c: &mut Criterion) {
    let fast = Analyzer::french();
    // The same analyser without the Latin fast path: every word through UAX #29 ("before").
    let uax29 = Analyzer::builder().fast_path(false).build();
    for (name, docs) in [
        ("granddebat-8MB", granddebat()),
        ("debats-an-2013", debats()),
    ] {
        let a = &fast;
        let bytes: usize = docs.iter().map(String::len).sum();
        let expected = tokenize(a, &docs);
        let mut warm = StemCache::new();
        let (_, counts) = stem_count(a, &mut warm, &docs);
        let expected_stems = counts.len();
        assert!(
            expected > bytes / 10,
            "{name}: suspiciously few tokens ({expected})"
        );
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes as u64));
        for (label, an) in [("fast", a), ("uax29", &uax29)] {
            g.bench_function(format!("tokenize/{label}"), |b| {
                b.iter(|| {
                    let n = tokenize(an, black_box(&docs));
                    assert_eq!(n, expected);
                    n
                })
            });
            let mut cache = StemCache::new();
            g.bench_function(format!("tokenize+stem+count/{label}"), |b| {
                b.iter(|| {
                    let (n, counts) = stem_count(an, &mut cache, black_box(&docs));
                    assert_eq!(n, expected);
                    assert_eq!(counts.len(), expected_stems);
                    counts.len()
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
