//! Cost of building the general-French reference table. `french()` pays
//! `from_static_stem_tsv` on the embedded stem table once per process; `from_stem_tsv` copies
//! the stems; `from_word_tsv` is the normalise-and-stem derivation that is done ahead of time.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use filrouge::reference::{ReferenceFrequencies, WORDFREQ_FR_STEMS_TSV, WORDFREQ_FR_TSV};

fn reference(c: &mut Criterion) {
    let mut group = c.benchmark_group("reference");
    group.sample_size(20);
    group.bench_function("from_static_stem_tsv_31k", |b| {
        b.iter(|| {
            ReferenceFrequencies::from_static_stem_tsv(
                black_box(WORDFREQ_FR_STEMS_TSV),
                Path::new("s"),
            )
            .expect("embedded stem table parses")
        })
    });
    group.bench_function("from_stem_tsv_31k", |b| {
        b.iter(|| {
            ReferenceFrequencies::from_stem_tsv(black_box(WORDFREQ_FR_STEMS_TSV), Path::new("s"))
                .expect("embedded stem table parses")
        })
    });
    group.bench_function("from_word_tsv_60k", |b| {
        b.iter(|| {
            ReferenceFrequencies::from_word_tsv(black_box(WORDFREQ_FR_TSV), Path::new("w"))
                .expect("embedded word table parses")
        })
    });
    group.bench_function("lookup_or_floor_x2", |b| {
        let table = ReferenceFrequencies::french();
        b.iter(|| {
            table.per_million_or_floor(black_box("confianc"))
                + table.per_million_or_floor(black_box("essaimag"))
        })
    });
    group.finish();
}

criterion_group!(benches, reference);
criterion_main!(benches);
