//! The Latin fast path in front of UAX #29 gives exactly the same tokens as the general
//! segmenter, on the benchmark corpora (the `granddebat` answers used by the bench and the
//! 2013 Assemblée nationale transcripts).

use filrouge::text::{Analyzer, Token};

fn compare(fast: &Analyzer, slow: &Analyzer, text: &str, what: &str) -> usize {
    let a: Vec<Token> = fast.tokens(text).collect();
    let b: Vec<Token> = slow.tokens(text).collect();
    if a != b {
        let i = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        panic!(
            "{what}: token {i} differs: fast {:?} vs uax29 {:?}",
            a.get(i).map(|t| (&text[t.start..t.end], t)),
            b.get(i).map(|t| (&text[t.start..t.end], t))
        );
    }
    a.len()
}

#[test]
fn fast_path_matches_uax29_on_bench_corpora() {
    let fast = Analyzer::french();
    let slow = Analyzer::builder().fast_path(false).build();
    let mut n = 0;
    let raw = std::fs::read_to_string("../shared/data/bench/granddebat-answers.jsonl")
        .expect("granddebat-answers.jsonl");
    let mut bytes = 0;
    for line in raw.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().expect("text field");
        n += compare(&fast, &slow, text, "granddebat");
        bytes += text.len();
        if bytes > 8 << 20 {
            break;
        }
    }
    let mut paths: Vec<_> = std::fs::read_dir("../shared/data/bench/debats-an-2013")
        .expect("debats-an-2013")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("UTF-8");
        n += compare(&fast, &slow, &text, &p.display().to_string());
    }
    println!("fast path: {n} identical tokens");
    assert!(n > 1_000_000, "only {n} tokens compared");
}

/// Inclusive writing with a full stop, hyphens or brackets, and the forms it must not be
/// confused with: the same tokens on both paths.
#[test]
fn fast_path_matches_uax29_on_inclusive_writing() {
    let fast = Analyzer::french();
    let slow = Analyzer::builder().fast_path(false).build();
    let text = "L'élu.e est-il prêt.e ? Comment amener l' élu(e) à partager. Les élu-e-s, \
                Quelle.s déclinaison.s, acteur(rice)s, DIRECTEUR(TRICE), le(s) élu(s) (élus), \
                mot(idée), fin.et fin.Début, M. Dupont, cf. etc. 1.5 rapport.pdf www.x.fr \
                prenom.nom@x.fr peut-être co-construction vice-président citoyen·ne·s.";
    assert_eq!(compare(&fast, &slow, text, "inclusive"), 37);
}
