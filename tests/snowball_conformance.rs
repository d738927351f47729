//! Every word of the Snowball French reference vocabulary stems, through the analyser's
//! normalisation and [`StemCache`] path, to the reference output (same line).

use filrouge::text::StemCache;

#[test]
fn snowball_french_reference_vocabulary() {
    let voc = std::fs::read_to_string("../shared/data/snowball-french/voc.txt").expect("voc.txt");
    let out =
        std::fs::read_to_string("../shared/data/snowball-french/output.txt").expect("output.txt");
    let words: Vec<&str> = voc.lines().collect();
    let stems: Vec<&str> = out.lines().collect();
    assert_eq!(
        words.len(),
        stems.len(),
        "voc.txt and output.txt differ in length"
    );
    let mut cache = StemCache::new();
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
