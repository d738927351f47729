//! Cost of building the general-French reference table (parse, normalise, stem, sum) — what
//! `ReferenceFrequencies::french()` pays once per process.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use filrouge::reference::{ReferenceFrequencies, WORDFREQ_FR_TSV};

fn parse_embedded(c: &mut Criterion) {
    let mut group = c.benchmark_group("reference");
    group.sample_size(20);
    group.bench_function("parse_wordfreq_fr_60k", |b| {
        b.iter(|| {
            ReferenceFrequencies::parse_tsv(black_box(WORDFREQ_FR_TSV), Path::new("embedded"))
                .expect("embedded table parses")
        })
    });
    group.bench_function("lookup_or_floor", |b| {
        let table = ReferenceFrequencies::french();
        b.iter(|| {
            table.per_million_or_floor(black_box("confianc"))
                + table.per_million_or_floor(black_box("essaimag"))
        })
    });
    group.finish();
}

criterion_group!(benches, parse_embedded);
criterion_main!(benches);
