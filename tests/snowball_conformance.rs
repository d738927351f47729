//! Every word of the Snowball French reference vocabulary stems, through the analyser's
//! normalisation and [`StemCache`] path with the corrections off ([`StemCache::snowball`]), to
//! the reference output (same line) as normalisation writes it (`coeur` is read as `cœur`,
//! so its stem is `cœur`); with them on, only the words they name differ.

use filrouge::text::{StemCache, normalize};

/// The reference stems as the analyser's normalisation writes them (`oeu` as `œu`).
fn normalised(stems: &str) -> Vec<String> {
    let mut out = String::new();
    stems
        .lines()
        .map(|s| {
            normalize(s, &mut out);
            out.clone()
        })
        .collect()
}

#[test]
fn snowball_french_reference_vocabulary() {
    let voc = std::fs::read_to_string("../shared/data/snowball-french/voc.txt").expect("voc.txt");
    let out =
        std::fs::read_to_string("../shared/data/snowball-french/output.txt").expect("output.txt");
    let words: Vec<&str> = voc.lines().collect();
    let stems = normalised(&out);
    assert!(
        stems.iter().any(|s| s == "cœur"),
        "normalisation writes the ligature"
    );
    assert_eq!(
        words.len(),
        stems.len(),
        "voc.txt and output.txt differ in length"
    );
    let mut cache = StemCache::snowball();
    let mut wrong = Vec::new();
    // Twice: the second pass goes through cache hits.
    for pass in 0..2 {
        for (w, want) in words.iter().zip(&stems) {
            let got = cache.stem(w);
            if got != *want {
                wrong.push(format!("pass {pass}: {w} → {got}, expected {want}"));
            }
        }
    }
    let first_pass = wrong.iter().filter(|w| w.starts_with("pass 0")).count();
    println!(
        "snowball French: {}/{} words match",
        words.len() - first_pass,
        words.len()
    );
    assert!(words.len() > 20_000);
    assert!(
        wrong.is_empty(),
        "{} mismatches, first: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

/// With the corrections on, the words of the reference vocabulary that stem differently are
/// plurals that now stem as their singular, singulars in `-er` that now stem as their plural, or
/// words of the local-government families the corrections name; every other word stems as
/// Snowball does.
#[test]
fn corrections_change_only_the_words_they_name() {
    let voc = std::fs::read_to_string("../shared/data/snowball-french/voc.txt").expect("voc.txt");
    let out =
        std::fs::read_to_string("../shared/data/snowball-french/output.txt").expect("output.txt");
    let mut cache = StemCache::new();
    let (mut plurals, mut er_singulars, mut named) = (0, 0, 0);
    for (w, want) in voc.lines().zip(normalised(&out)) {
        let got = cache.stem(w).to_owned();
        if got == want {
            continue;
        }
        let singular = w.strip_suffix('s');
        if let Some(singular) = singular.filter(|s| cache.stem(s) == got) {
            assert!(singular.chars().count() >= 3, "{w}");
            plurals += 1;
        } else if w.ends_with("er") && cache.stem(&format!("{w}s")) == got {
            // A noun in `-er` Snowball read as an infinitive (`usager`): its plural's stem.
            er_singulars += 1;
        } else {
            let families = [
                "collectiv",
                "collectif",
                "communicat",
                "publique",
                "départ",
                "direction",
                "employé",
                "lab",
                "transfo",
            ];
            assert!(
                families.iter().any(|f| w.starts_with(f)) || ["via", "voire"].contains(&w),
                "{w} → {got}, Snowball {want}: not a change the corrections name"
            );
            named += 1;
        }
    }
    println!("corrected: {plurals} plurals, {er_singulars} singulars in -er, {named} named words");
    assert!(plurals > 50, "{plurals}");
    assert!(named >= 5, "{named}");
    // Reviewed: the nouns in `-er` of the vocabulary (`usager`, `danger`, `foyer`…). More would
    // mean the rule took in verbs.
    assert!(er_singulars <= 25, "{er_singulars}");
}
