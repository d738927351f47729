//! Tokenisation against the UD French gold (dev sets of GSD, Sequoia and Rhapsodie).
//!
//! Gold tokens are the surface tokens of each sentence: a multi-word token line (`3-4 du`)
//! replaces its parts, empty nodes (`8.1`) are ignored. Excluded from the gold: `PUNCT`, and
//! every token with no letter or digit whatever its tag (`%`, `€`, `/`, `+/-` — tagged `SYM`,
//! `NOUN`, `ADP` or `CCONJ`), since the analyser emits word tokens only by design. `SYM`
//! tokens *with* a letter (`M`, `n°`, `MG`) are kept. Gold tokens are aligned left to right
//! to byte spans of the `# text =` line; a token that cannot be aligned counts as missed.
//!
//! Run with `cargo test --test ud_tokenization -- --nocapture` to see the scores; set
//! `FILROUGE_UD_DEBUG=1` to list the disagreements.

use std::collections::HashSet;

use filrouge::text::Analyzer;

const FILES: &[&str] = &[
    "../shared/data/ud-french/UD_French-GSD/fr_gsd-ud-dev.conllu",
    "../shared/data/ud-french/UD_French-Sequoia/fr_sequoia-ud-dev.conllu",
    "../shared/data/ud-french/UD_French-Rhapsodie/fr_rhapsodie-ud-dev.conllu",
];

struct Sentence {
    text: String,
    /// (form, counted in the gold)
    tokens: Vec<(String, bool)>,
}

fn parse(conllu: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut text = None;
    let mut tokens = Vec::new();
    let mut skip_to = 0usize;
    for line in conllu.lines().chain(std::iter::once("")) {
        if line.is_empty() {
            if let Some(t) = text.take() {
                out.push(Sentence {
                    text: t,
                    tokens: std::mem::take(&mut tokens),
                });
            }
            skip_to = 0;
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            text = Some(t.to_owned());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, form, upos) = (cols[0], cols[1], cols[3]);
        if id.contains('.') {
            continue;
        }
        let keep =
            |form: &str, upos: &str| upos != "PUNCT" && form.chars().any(char::is_alphanumeric);
        if let Some((_, b)) = id.split_once('-') {
            skip_to = b.parse().expect("multi-word token range");
            tokens.push((form.to_owned(), keep(form, "_")));
            continue;
        }
        let n: usize = id.parse().expect("token id");
        if n <= skip_to {
            continue;
        }
        tokens.push((form.to_owned(), keep(form, upos)));
    }
    out
}

#[test]
fn ud_french_dev_f1() {
    let analyzer = Analyzer::french();
    let debug = std::env::var_os("FILROUGE_UD_DEBUG").is_some();
    let mut failures = Vec::new();
    for path in FILES {
        let conllu = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let sentences = parse(&conllu);
        assert!(
            sentences.len() > 400,
            "{path}: only {} sentences",
            sentences.len()
        );
        let (mut tp, mut n_pred, mut n_gold, mut unaligned) = (0usize, 0usize, 0usize, 0usize);
        let mut shown = 0;
        for s in &sentences {
            let text = s.text.as_str();
            let mut gold = HashSet::new();
            let mut pos = 0;
            for (form, counted) in &s.tokens {
                let rest = &text[pos..];
                let skipped = rest.len() - rest.trim_start().len();
                let found = if rest[skipped..].starts_with(form.as_str()) {
                    Some(pos + skipped)
                } else {
                    rest.find(form.as_str()).map(|i| pos + i)
                };
                if *counted {
                    n_gold += 1;
                }
                match found {
                    Some(start) => {
                        pos = start + form.len();
                        if *counted {
                            gold.insert((start, pos));
                        }
                    }
                    None if *counted => unaligned += 1,
                    None => {}
                }
            }
            let pred: Vec<(usize, usize)> =
                analyzer.tokens(text).map(|t| (t.start, t.end)).collect();
            n_pred += pred.len();
            let hits = pred.iter().filter(|p| gold.contains(p)).count();
            tp += hits;
            if debug && (hits != pred.len() || hits != gold.len()) && shown < 300 {
                shown += 1;
                let fp: Vec<&str> = pred
                    .iter()
                    .filter(|p| !gold.contains(p))
                    .map(|&(a, b)| &text[a..b])
                    .collect();
                let mut fnn: Vec<&(usize, usize)> =
                    gold.iter().filter(|g| !pred.contains(g)).collect();
                fnn.sort();
                let fnn: Vec<&str> = fnn.iter().map(|&&(a, b)| &text[a..b]).collect();
                eprintln!("FP {fp:?}  FN {fnn:?}");
            }
        }
        let p = tp as f64 / n_pred as f64;
        let r = tp as f64 / n_gold as f64;
        let f1 = 2.0 * p * r / (p + r);
        let name = path.rsplit('/').next().unwrap_or(path);
        println!(
            "{name}: {} sentences, gold {n_gold} (unaligned {unaligned}), predicted {n_pred}, \
             P {p:.4} R {r:.4} F1 {f1:.4}",
            sentences.len()
        );
        if f1 < 0.99 {
            failures.push(format!("{name}: F1 {f1:.4} < 0.99"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
