//! Recurring themes on the shipped corpus and on a fixture corpus whose answers are known.

mod common;

use common::{filrouge, stderr, stdout};
use serde_json::Value;

fn themes_json(args: &[&str]) -> (Vec<Value>, String) {
    let mut all = vec!["themes", "--json", "--top", "1000"];
    all.extend_from_slice(args);
    let o = filrouge(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    (serde_json::from_str::<Vec<Value>>(&text).unwrap(), text)
}

/// A lexicon file holding `toml`, in a temporary directory (kept alive by the returned guard).
fn lexicon_file(toml: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("lex.toml");
    std::fs::write(&lex, toml).unwrap();
    let path = lex.to_str().unwrap().to_owned();
    (dir, path)
}

fn rank_of(themes: &[Value], label: &str) -> Option<usize> {
    themes
        .iter()
        .position(|t| t["label"] == label)
        .map(|i| i + 1)
}

#[test]
fn shipped_corpus_top_themes() {
    let (themes, _) = themes_json(&[]);
    // Top 25, not 20: since the stemming corrections (`collectivités` a theme of its own,
    // `labos` with `labo`, `publique` with `public`), « confiance » — 7 ateliers but a common
    // word of French, so less specific — ranks 22nd, behind « labo » (2 ateliers, rare in
    // general French).
    for label in ["confiance", "posture", "essaimage"] {
        let r = rank_of(&themes, label);
        assert!(r.is_some_and(|r| r <= 25), "{label} ranks {r:?}");
    }
    for label in ["légitimité", "souveraineté"] {
        let t = themes.iter().find(|t| t["label"] == label).unwrap();
        let events: Vec<&str> = t["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        assert!(
            events.contains(&"forum-2020") && events.contains(&"universite-2021"),
            "{label}: {events:?}"
        );
        assert_eq!(t["trend"], "persistent");
    }
}

#[test]
fn no_name_stop_word_filler_number_url_or_code_is_a_theme() {
    let (themes, _) = themes_json(&[]);
    let corpus: Value = serde_json::from_str(&stdout(&filrouge(&["corpus", "--json"]))).unwrap();
    let mut name_parts = std::collections::BTreeSet::new();
    for p in corpus["people"].as_array().unwrap() {
        for part in p["name"].as_str().unwrap().split([' ', '\'', '-']) {
            if part.chars().count() >= 3 {
                name_parts.insert(part.to_lowercase());
            }
        }
    }
    let stop: std::collections::BTreeSet<String> =
        std::fs::read_to_string("data/stopwords-fr/stop.txt")
            .unwrap()
            .lines()
            .filter_map(|l| l.split('|').next())
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
    let fillers = ["euh", "ben", "voilà", "bcp", "ça", "bah"];
    // Modal verbs, numbers, days and ordinal endings were themes of `corpus/`.
    let noise = [
        "doit", "peuvent", "veut", "font", "pourrait", "deux", "mardi", "ème",
    ];
    for t in &themes {
        let label = t["label"].as_str().unwrap();
        for word in label.split([' ', '\'']) {
            let w = word.to_lowercase();
            if t["kind"] == "word" {
                assert!(!name_parts.contains(&w), "name as theme: {label}");
                assert!(!stop.contains(&w), "stop word as theme: {label}");
                assert!(!fillers.contains(&w.as_str()), "filler as theme: {label}");
                assert!(
                    !noise.contains(&w.as_str()),
                    "modal verb or date as theme: {label}"
                );
            }
        }
        assert!(
            !label.chars().any(|c| c.is_ascii_digit()),
            "number/code: {label}"
        );
        assert!(
            !label.contains("http") && !label.contains('@'),
            "url/email: {label}"
        );
    }
}

#[test]
fn labels_are_real_surface_forms_with_accents() {
    let (themes, _) = themes_json(&[]);
    let mut text = String::new();
    for entry in walk("corpus") {
        text.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    let lower = text.to_lowercase();
    for t in themes.iter().filter(|t| t["kind"] != "lexicon") {
        let label = t["label"].as_str().unwrap().to_lowercase();
        assert!(
            lower.contains(&label),
            "label {label:?} is not in the notes"
        );
        for f in t["forms"].as_array().unwrap() {
            let form = f["form"].as_str().unwrap();
            assert!(
                text.contains(form) || lower.contains(&form.to_lowercase()),
                "{form}"
            );
        }
    }
    assert!(themes.iter().any(|t| t["label"] == "légitimité"));
    assert!(themes.iter().any(|t| t["label"] == "coopération"));
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn json_is_byte_identical_across_runs_and_thread_counts() {
    let (_, a) = themes_json(&[]);
    let (_, b) = themes_json(&[]);
    assert_eq!(a, b);
    let one = filrouge(&["--threads", "1", "themes", "--json", "--top", "1000"]);
    let four = filrouge(&["--threads", "4", "themes", "--json", "--top", "1000"]);
    assert_eq!(stdout(&one), a);
    assert_eq!(stdout(&four), a);
}

#[test]
fn evidence_has_locations_and_highlights() {
    let (themes, _) = themes_json(&[]);
    let t = themes.iter().find(|t| t["label"] == "posture").unwrap();
    let ev = t["evidence"].as_array().unwrap();
    assert!(ev.len() >= 3);
    // Synthesis and ideas first.
    assert!(["synthese", "idees"].contains(&ev[0]["section"].as_str().unwrap()));
    for e in ev {
        let text = e["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        for h in e["highlights"].as_array().unwrap() {
            let (s, x) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            let hit: String = chars[s..x].iter().collect();
            assert!(hit.to_lowercase().starts_with("postur"), "{hit} in {text}");
        }
        let loc = e["location"].as_str().unwrap();
        assert!(loc.contains(".md:") || loc.contains(".txt:"), "{loc}");
        assert!(e["atelier"].as_str().unwrap().contains('/'));
    }
}

#[test]
fn fixture_corpus_known_answers() {
    let (themes, _) = themes_json(&["tests/fixtures/themes-mini"]);
    let labels = labels(&themes);
    // One theme in every atelier, ranked first.
    assert_eq!(labels[0], "coopération");
    assert_eq!(themes[0]["ateliers"].as_array().unwrap().len(), 4);
    assert_eq!(themes[0]["trend"], "persistent");
    // A frequent word confined to one atelier is not recurring.
    assert!(!labels.contains(&"compost"));
    // One multi-word expression.
    let e = themes
        .iter()
        .find(|t| t["label"] == "droit à l'erreur")
        .unwrap();
    assert_eq!(e["kind"], "expression");
    assert_eq!(e["occurrences"], 4);
    // Names are not themes.
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("Amandine") || l.contains("amandine"))
    );
}

#[test]
fn lexicon_groups_and_excludes() {
    let (_dir, lex) = lexicon_file(
        "exclude = [\"citoyens\"]\n[themes]\n\"confiance et défiance\" = [\"confiance\", \"défiance\", \"se faire confiance\"]\n",
    );
    let (themes, _) = themes_json(&["--lexicon", &lex]);
    assert!(rank_of(&themes, "citoyens").is_none());
    assert!(rank_of(&themes, "confiance").is_none());
    let t = themes
        .iter()
        .find(|t| t["label"] == "confiance et défiance")
        .unwrap();
    assert_eq!(t["kind"], "lexicon");
    // Measured as a word family is, against its terms' reference frequencies (`se faire
    // confiance` by `confiance`, counted once): it was given S = 1 and a log₂ ratio of 12 never
    // measured, with `reference_per_million` empty, and ranked first.
    let c = &t["components"];
    let reference = c["reference_per_million"].as_f64();
    assert!(reference.is_some_and(|r| r > 100.0), "{t}");
    let log2 = (c["corpus_per_million"].as_f64().unwrap() / reference.unwrap()).log2();
    assert!(
        (c["log2_ratio"].as_f64().unwrap() - log2).abs() < 1e-3,
        "{t}"
    );
    let s = c["specificity"].as_f64().unwrap();
    assert!((s - (log2 / 12.0).clamp(0.02, 1.0)).abs() < 1e-3, "{t}");
    assert!(s < 0.5, "confiance is common in French: {t}");
    let forms: Vec<&str> = t["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["form"].as_str().unwrap())
        .collect();
    assert!(
        forms.iter().any(|f| f.eq_ignore_ascii_case("défiance")),
        "{forms:?}"
    );
    assert!(
        forms.iter().any(|f| f.eq_ignore_ascii_case("confiance")),
        "{forms:?}"
    );
}

/// A lexicon theme of common words does not outrank, by a made-up specificity, a theme that
/// recurs more (`confiance = ["confiance", "défiance"]` ranked first, above « citoyens »: 40
/// mentions in 7 ateliers), and one of words general French does not list gets S = 1, as such
/// a word does.
#[test]
fn a_lexicon_theme_is_as_specific_as_its_terms() {
    let (_dir, lex) = lexicon_file("[themes]\nconfiance = [\"confiance\", \"défiance\"]\n");
    let (themes, _) = themes_json(&["--lexicon", &lex]);
    let (conf, cit) = (rank_of(&themes, "confiance"), rank_of(&themes, "citoyens"));
    assert!(
        conf.is_some() && cit.is_some() && conf > cit,
        "{conf:?} {cit:?}"
    );
    // `co-construction` is not in general French: as a lexicon theme, it is fully specific.
    let (_dir, lex) = lexicon_file("[themes]\nx = [\"co-construction\"]\n");
    let (themes, _) = themes_json(&["--lexicon", &lex]);
    let t = themes.iter().find(|t| t["label"] == "x").unwrap();
    assert_eq!(t["components"]["specificity"], 1.0, "{t}");
}

/// A lexicon theme named like a word of the corpus that is not one of its terms: both are shown
/// (the word with its kind after it), and stderr says so. The lexicon theme used to vanish.
#[test]
fn a_lexicon_theme_named_like_a_word_hides_neither() {
    let (_dir, lex) = lexicon_file("[themes]\ncitoyens = [\"habitants\"]\n");
    let o = filrouge(&["themes", "--json", "--top", "1000", "--lexicon", &lex]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let themes: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let kind = |label: &str| {
        let t = themes.iter().find(|t| t["label"] == label);
        t.map(|t| t["kind"].as_str().unwrap().to_string())
    };
    assert_eq!(kind("citoyens").as_deref(), Some("lexicon"));
    assert_eq!(kind("citoyens (mot)").as_deref(), Some("word"));
    assert!(
        stderr(&o).contains("« citoyens » porte le nom d'un thème du corpus"),
        "{}",
        stderr(&o)
    );
    // When the lexicon theme does not recur (here, in 3 ateliers), the word keeps its name.
    let lexicon = lex.as_str();
    let o = filrouge(&[
        "themes",
        "--json",
        "--min-ateliers",
        "3",
        "--lexicon",
        lexicon,
    ]);
    let themes: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!themes.iter().any(|t| t["kind"] == "lexicon"), "{themes:?}");
    assert!(rank_of(&themes, "citoyens").is_some());
    assert!(!stderr(&o).contains("porte le nom"), "{}", stderr(&o));
}

/// `départements` has a stem of its own (the stemmer's corrections), and the theme stage's
/// noun–verb grouping (`départ` + `ement`) does not join it back to `départ`.
#[test]
fn departements_are_not_departures() {
    let (themes, _) = themes_json(&[]);
    let stems_of = |label: &str| -> Vec<String> {
        let t = themes
            .iter()
            .find(|t| t["label"].as_str().unwrap().eq_ignore_ascii_case(label));
        let stems = t
            .map(|t| t["stems"].as_array().unwrap().clone())
            .unwrap_or_default();
        stems
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let all: Vec<Vec<String>> = ["départ", "département"]
        .iter()
        .map(|l| stems_of(l))
        .collect();
    assert!(
        all.iter()
            .all(|s| !(s.contains(&"départ".to_string()) && s.contains(&"département".to_string()))),
        "{all:?}"
    );
    assert!(
        !all[1].is_empty() || !all[0].is_empty(),
        "neither theme found: {all:?}"
    );
}

#[test]
fn kwic_matches_through_the_analyser() {
    let o = filrouge(&["kwic", "postures", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(lines.len() >= 10);
    assert!(lines.iter().all(|l| {
        l["keyword"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("postur")
    }));
    let o = filrouge(&["kwic", "droits à l'erreur", "--json"]);
    let lines: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(lines.len() >= 2, "{lines:?}");
}

/// A content word finds content words, a function word function words, though they share a
/// stem: `autrement` found the stop words `autre`, `autres` (13 of its 15 lines), where its
/// theme counts 2. The concordance of a one-stem theme has as many lines as its occurrences.
#[test]
fn kwic_tells_content_words_from_function_words_of_one_stem() {
    let keywords = |q: &str| -> Vec<String> {
        let o = filrouge(&["kwic", q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let lines: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
        lines
            .iter()
            .map(|l| l["keyword"].as_str().unwrap().to_lowercase())
            .collect()
    };
    let adverb = keywords("autrement");
    assert!(!adverb.is_empty());
    assert!(adverb.iter().all(|k| k == "autrement"), "{adverb:?}");
    let pronoun = keywords("autres");
    assert!(pronoun.len() >= 5, "{pronoun:?}");
    assert!(
        pronoun
            .iter()
            .all(|k| k.starts_with("autre") && k != "autrement")
    );
    let (themes, _) = themes_json(&[]);
    let theme = themes.iter().find(|t| t["label"] == "autrement").unwrap();
    assert_eq!(theme["occurrences"].as_u64(), Some(adverb.len() as u64));
}

/// A query written in capitals finds what the counting pass counted: `ETAT` is `état` (its
/// accents restored, as on a word in capitals in the notes), and a query all in capitals reads
/// its single letters so too (`A` is `à`).
#[test]
fn kwic_in_capitals_finds_what_lowercase_finds() {
    let count = |q: &str| {
        let o = filrouge(&["kwic", q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{q}: {}", stderr(&o));
        serde_json::from_str::<Vec<Value>>(&stdout(&o))
            .unwrap()
            .len()
    };
    for (lower, caps) in [("état", "ETAT"), ("droit à l'erreur", "DROIT A L'ERREUR")] {
        let n = count(lower);
        assert!(n >= 2, "{lower}: {n}");
        assert_eq!(count(caps), n, "{caps}");
    }
    // An acronym is no word of a theme, but it is found as written, whatever the query's case
    // (it used to find nothing).
    let n = count("CNFPT");
    assert!(n >= 10, "CNFPT: {n}");
    assert_eq!(count("cnfpt"), n);
    assert_eq!(count("Labo CNFPT"), 1);
}

/// A lexicon term in capitals matches what the counting pass counted (`ETAT` is `état`): the
/// theme used to vanish, matching nothing; and a theme that matches nothing is said.
#[test]
fn a_lexicon_term_in_capitals_matches_its_accented_word() {
    let (_dir, lex) = lexicon_file(
        "[themes]\n\"rôle de l’État\" = [\"ETAT\"]\n\"vélo\" = [\"vélomobiles\", \"trottinettes\"]\n",
    );
    let (themes, _) = themes_json(&["--lexicon", &lex, "--min-ateliers", "1"]);
    let t = themes.iter().find(|t| t["label"] == "rôle de l’État");
    assert_eq!(t.map(|t| t["occurrences"].as_u64()), Some(Some(3)), "{t:?}");
    // A theme none of whose terms the notes use is said, not silently dropped.
    let o = filrouge(&["themes", "--lexicon", &lex]);
    let err = stderr(&o);
    assert!(
        err.contains("aucun terme du thème « vélo » ne se trouve dans le corpus"),
        "{err}"
    );
    assert!(!err.contains("rôle de l’État"), "{err}");
}

/// A lexicon term is matched from its first content word to its last: `se tromper` counts
/// as `tromper`, `à l'erreur` as `erreur` (both used to match nothing, silently: occurrences
/// are found from a content word). A term that can match nothing is said, with why.
#[test]
fn a_lexicon_term_is_matched_without_its_outer_function_words() {
    let occurrences = |toml: &str, label: &str| {
        let (_dir, lex) = lexicon_file(toml);
        let (themes, _) = themes_json(&["--lexicon", &lex, "--min-ateliers", "1"]);
        themes
            .iter()
            .find(|t| t["label"] == label)
            .and_then(|t| t["occurrences"].as_u64())
    };
    // A word in capitals amid lowercase (`l'ETAT`) reads as its word, as `ETAT` alone does.
    for (term, bare) in [
        ("se tromper", "tromper"),
        ("à l'erreur", "erreur"),
        ("l'ETAT", "état"),
    ] {
        let want = occurrences(&format!("[themes]\nx = [\"{bare}\"]\n"), "x");
        assert!(want.is_some_and(|n| n >= 2), "{bare}: {want:?}");
        let got = occurrences(&format!("[themes]\nx = [\"{term}\"]\n"), "x");
        assert_eq!(got, want, "{term}");
    }
    let (_dir, lex) = lexicon_file(
        "exclude = [\"la posture\"]\n[themes]\nvide = [\"le\", \"de\"]\n\
         agents = [\"agents\", \"agnets\", \"CNFPT\", \"...\"]\n",
    );
    let o = filrouge(&["themes", "--lexicon", &lex, "--json", "--top", "1000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for said in [
        "aucun terme du thème « vide » ne se trouve dans le corpus",
        "le terme « le » du thème « vide » n'a que des mots vides",
        "le terme « agnets » du thème « agents » a un mot que le corpus ne compte pas",
        "le terme « CNFPT » du thème « agents » contient un sigle",
        "le terme « ... » du thème « agents » n'a aucun mot",
        "le terme « la posture » exclu commence ou finit par un mot vide",
    ] {
        assert!(err.contains(said), "« {said} » not in:\n{err}");
    }
    // An exclusion is taken exactly: `la posture` does not exclude the word `posture`.
    let themes: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(themes.iter().any(|t| t["label"] == "posture"));
}

/// Two terms of one stem in a lexicon theme (`collaboration`, `collaboratif`) are listed once
/// in its `stems` (a researcher exploding them got a duplicate row), and counted once.
#[test]
fn a_lexicon_theme_lists_each_stem_once() {
    let (_dir, lex) = lexicon_file(
        "[themes]\n\"coopération\" = [\"coopération\", \"collaboration\", \"collaboratif\"]\n",
    );
    let (themes, _) = themes_json(&["--lexicon", &lex]);
    let t = themes.iter().find(|t| t["label"] == "coopération").unwrap();
    let stems: Vec<&str> = t["stems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(stems, ["cooper", "collabor"]);
    let forms: u64 = t["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(t["occurrences"].as_u64(), Some(forms));
}

/// The concordance and the corpus overview give each atelier the key every export uses
/// (`themes.json`, the CSV files, the graphs), so a researcher can join them; they gave only a
/// label and an index.
#[test]
fn kwic_and_corpus_json_name_ateliers_by_the_exports_keys() {
    let (themes, _) = themes_json(&[]);
    let keys: std::collections::BTreeSet<&str> = themes
        .iter()
        .flat_map(|t| t["ateliers"].as_array().unwrap())
        .map(|a| a.as_str().unwrap())
        .collect();
    let o = filrouge(&["kwic", "posture", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(lines.len() >= 5);
    for l in &lines {
        let key = l["atelier_key"].as_str().unwrap();
        assert!(keys.contains(key), "{key} is no key of themes.json");
        assert!(key.starts_with(l["event"].as_str().unwrap()), "{l}");
    }
    let o = filrouge(&["corpus", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let overview: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ateliers: Vec<&Value> = overview["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["ateliers"].as_array().unwrap())
        .collect();
    assert_eq!(ateliers.len(), 9);
    for a in &ateliers {
        assert!(keys.contains(a["key"].as_str().unwrap()), "{a}");
    }
    // A person's atelier, when the notes place them in one, is an index of that list.
    let people = overview["people"].as_array().unwrap();
    assert!(people.iter().any(|p| p["atelier"].is_u64()));
    for p in people.iter().filter(|p| !p["atelier"].is_null()) {
        let id = p["atelier"].as_u64().unwrap();
        assert!(ateliers.iter().any(|a| a["id"].as_u64() == Some(id)), "{p}");
    }
}

/// A word two lexicon themes list (in any of its spellings) counts in both: it is said.
#[test]
fn a_term_two_lexicon_themes_list_is_said() {
    let (_dir, lex) = lexicon_file(
        "[themes]\nA = [\"posture\"]\nB = [\"postures\", \"usagers\"]\nC = [\"confiance\"]\n",
    );
    let o = filrouge(&["themes", "--lexicon", &lex]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "le terme « postures » du thème « B » est le même mot que « posture » du thème « A »"
        ),
        "{err}"
    );
    assert_eq!(err.matches("est le même mot").count(), 1, "{err}");
}

#[test]
fn keyness_flags_specific_themes_only_when_significant() {
    let o = filrouge(&["keyness", "--by", "atelier", "--all", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        let specific = r["specific"].as_bool().unwrap();
        let p = r["p_value"].as_f64().unwrap();
        let lr = r["log_ratio"].as_f64().unwrap();
        let n = r["count_in"].as_u64().unwrap();
        assert_eq!(specific, p < 0.001 && lr > 0.0 && n >= 3, "{r}");
    }
    assert!(rows.iter().any(|r| r["specific"] == true));
    // A theme absent from an atelier is the strongest under-use: `--all` lists it (the smallest
    // `count_in` was 1); « citoyens », 40 mentions, none in the forum's atelier 3.
    // Never specific; under-used where significant (an absence from a small atelier of a theme
    // expected less than half a time there gets, with Hardie's 0.5 for a zero count, a log
    // ratio a little above 0: never significant).
    let absent = |r: &&Value| r["count_in"] == 0;
    assert!(rows.iter().filter(absent).all(|r| r["specific"] == false));
    let significant = |r: &&Value| r["p_value"].as_f64().unwrap() < 0.001;
    let under: Vec<_> = rows.iter().filter(absent).filter(significant).collect();
    assert!(!under.is_empty());
    assert!(under.iter().all(|r| r["log_ratio"].as_f64().unwrap() < 0.0));
    let citoyens = rows
        .iter()
        .find(|r| r["theme"] == "citoyens" && r["partition"] == "forum-2020/atelier-3")
        .unwrap_or_else(|| panic!("citoyens absent from forum-2020/atelier-3 not listed"));
    assert_eq!(citoyens["count_in"], 0);
    assert!(citoyens["g2"].as_f64().unwrap() > 3.84, "{citoyens}");
    // Without --all, never an absence (nor anything not specific).
    let o = filrouge(&["keyness", "--by", "atelier", "--json"]);
    let specific: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!specific.is_empty() && specific.iter().all(|r| r["specific"] == true));
    for by in ["event", "section"] {
        let o = filrouge(&["keyness", "--by", by, "--json"]);
        assert_eq!(o.status.code(), Some(0));
    }
}

#[test]
fn max_themes_keeps_the_best_ones_in_order() {
    let (all, _) = themes_json(&[]);
    assert!(
        all.len() > 30,
        "the shipped corpus has {} themes",
        all.len()
    );
    let (cut, _) = themes_json(&["--max-themes", "30"]);
    assert_eq!(cut.len(), 30);
    let labels = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|t| t["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels(&cut), labels(&all[..30]));
    // Whole records, not only labels: a theme is the same whether or not the cap cut others
    // (only the kept ones are made in full).
    assert_eq!(cut, all[..30]);
    // The report's run.json records the cap and how many themes recurred before it.
    let out = std::env::temp_dir().join(format!("filrouge-max-themes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = filrouge(&[
        "analyze",
        "corpus",
        "--out",
        out.to_str().unwrap(),
        "--max-themes",
        "30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["options"]["max_themes"], 30);
    assert_eq!(run["options"]["recurring_themes"], all.len());
    std::fs::remove_dir_all(&out).unwrap();
}

/// A prefix written with a hyphen joins the word written joined (`co-voiturage`, `covoiturage`),
/// and a theme of several stems is shown by the most frequent form of all of them
/// (`covoiturage`), not by its first stem's (`covoiture`, 2 of 8 mentions).
#[test]
fn a_family_of_spellings_is_one_theme_shown_by_its_most_frequent_form() {
    let notes = ateliers(2, |_| {
        "## Synthèse\n\nLe covoiturage rural progresse. Le co-voiturage des agents aussi. Un \
         agent covoiture, le covoiturage solidaire.\n"
            .into()
    });
    let themes = themes_of(&notes, &[]);
    let words: Vec<&Value> = themes
        .iter()
        .filter(|t| t["kind"] == "word" && t["label"].as_str().unwrap().contains("voitur"))
        .collect();
    assert_eq!(words.len(), 1, "{words:?}");
    assert_eq!(words[0]["label"], "covoiturage");
    let forms: Vec<&str> = words[0]["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["form"].as_str().unwrap())
        .collect();
    assert_eq!(forms, ["covoiturage", "co-voiturage", "covoiture"]);
}

/// An expression naming a person (the speaker line of a sitting, `Hervé Mariton`, and
/// `monsieur Mariton` inside sentences) is no theme, as the name alone is none: on the Assembly
/// debates, 181 of the 1,000 themes were such (`hervé Mariton` ranked first), and the first
/// name alone (`hervé`) then took the first rank. A capital letter alone names a thing, not a
/// person: `théorie U` stays a theme.
#[test]
fn an_expression_naming_a_person_is_no_theme() {
    let notes = ateliers(3, |_| {
        "## Discussion\n\nHervé Mariton\n\nLe budget des communes baisse, dit monsieur \
         Mariton. La théorie U aide les équipes, selon monsieur Mariton.\n\nHervé Mariton\n\n\
         La théorie U revient.\n"
            .into()
    });
    let themes = themes_of(&notes, &[]);
    let labels = labels(&themes);
    assert!(
        labels.iter().all(|l| !l.to_lowercase().contains("mariton")),
        "{labels:?}"
    );
    // The first name, only ever first on its line, is capitalised like the name it begins.
    assert!(!labels.contains(&"hervé"), "{labels:?}");
    assert!(labels.contains(&"théorie U"), "{labels:?}");
}

/// Writes `notes` (file name, text) into a fresh event folder; the themes of that corpus with
/// `args`.
fn themes_of(notes: &[(String, String)], args: &[&str]) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    let ev = tmp.path().join("2023-01-10-ev1");
    std::fs::create_dir_all(&ev).unwrap();
    for (name, text) in notes {
        std::fs::write(ev.join(name), text).unwrap();
    }
    let mut all = vec![tmp.path().to_str().unwrap()];
    all.extend_from_slice(args);
    themes_json(&all).0
}

/// `count` notes `a1.md`, `a2.md`…, each an atelier: `# Atelier n`, then `body(n)`.
fn ateliers(count: usize, body: impl Fn(usize) -> String) -> Vec<(String, String)> {
    (1..=count)
        .map(|n| (format!("a{n}.md"), format!("# Atelier {n}\n\n{}", body(n))))
        .collect()
}

/// The labels of `themes`.
fn labels(themes: &[Value]) -> Vec<&str> {
    themes
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect()
}

/// A family of stems recurs by its ateliers together: `pilotage` (stem `pilotag`) in ateliers
/// 1 and 3, `piloter` (stem `pilot`) in 2 and 3, is a theme of 3 ateliers and passes
/// `--min-ateliers 3` (each stem, tested alone, was in 2 ateliers and lost it).
#[test]
fn a_family_recurs_by_its_ateliers_together() {
    let note = |n: usize, line: &str| {
        (
            "notes.md",
            format!("# Atelier {n}\n\n## Discussion\n\n{line}\n"),
        )
    };
    let text = [
        note(1, "Le pilotage du budget reste flou.").1,
        note(2, "Qui doit piloter le budget ?").1,
        note(
            3,
            "Le pilotage par les agents est souhaité, il faut piloter le budget.",
        )
        .1,
    ]
    .concat();
    let themes = themes_of(&[("notes.md".into(), text)], &["--min-ateliers", "3"]);
    let pilotage = themes
        .iter()
        .find(|t| t["label"] == "pilotage")
        .unwrap_or_else(|| panic!("{themes:?}"));
    assert_eq!(pilotage["ateliers"].as_array().unwrap().len(), 3);
}

/// A stop word inside an expression takes no part in its specificity, even when another of its
/// forms is a content word somewhere (`unes` stems to `une`): the specificity of `consensus à
/// une culture` is the same with or without a line saying `les unes`, and is the mean of
/// `consensus` and `culture` plus one, over 12 (it fell from 0.858 to 0.588 with the line).
#[test]
fn a_stop_word_inside_an_expression_is_no_content() {
    let notes = |extra: &str| {
        let common = "Les habitants demandent des pistes cyclables.\nLa bibliothèque ouvre le \
                      samedi matin.\n";
        let line = "Il faut passer du consensus à une culture du consentement.";
        ateliers(3, |n| {
            let more = if n == 1 { extra } else { "" };
            format!("## Discussion\n\n{line}\n{common}{more}")
        })
    };
    let spec = |themes: &[Value]| {
        let t = themes
            .iter()
            .find(|t| t["label"] == "consensus à une culture")
            .unwrap_or_else(|| panic!("{themes:?}"));
        t["components"]["specificity"].as_f64().unwrap()
    };
    let without = spec(&themes_of(&notes(""), &[]));
    let with = spec(&themes_of(&notes("Les uns et les unes en parlent.\n"), &[]));
    assert!((without - with).abs() < 0.02, "{without} vs {with}");
    assert!(with > 0.8, "{with}");
}

/// Forms that stem with a stop word (`mêmes` with `même`, `uns` with `un`, `certain` with
/// `certains`) are stop words too: general French is counted without the stop words' own
/// frequencies, and such a form, compared with its own rare frequency, became a theme.
#[test]
fn forms_of_stop_words_are_no_themes() {
    let notes = ateliers(3, |_| {
        "## Discussion\n\nLes mêmes droits pour les uns et les autres. Un certain nombre de \
         mêmes questions. Les uns parlent.\n"
            .into()
    });
    let themes = themes_of(&notes, &[]);
    let labels = labels(&themes);
    for word in ["mêmes", "uns", "certain"] {
        assert!(!labels.contains(&word), "{word} in {labels:?}");
    }
}

/// An expression mostly written with a stop word at one end is no theme: `doivent être`, whose
/// stem `être` is a content word as `êtres` (so the pair is counted as a sequence of stems),
/// ranked first here, and 191st on the Grand Débat answers.
#[test]
fn an_expression_ending_with_a_stop_word_is_no_theme() {
    let notes = ateliers(3, |_| {
        "## Discussion\n\nLes services doivent être ouverts. Les élus doivent être présents. \
         Les écoles doivent être rénovées. Les agents doivent êtres écoutés. Les maires doivent \
         êtres élus.\n"
            .into()
    });
    let themes = themes_of(&notes, &[]);
    let labels = labels(&themes);
    assert!(!labels.contains(&"doivent être"), "{labels:?}");
}

/// A table with no theme says why on standard error (it printed its header only).
#[test]
fn no_recurring_theme_is_said() {
    let o = filrouge(&["themes", "--min-ateliers", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("aucun thème ne revient dans au moins 10 ateliers (le corpus en a 9)"),
        "{}",
        stderr(&o)
    );
    let o = filrouge(&["themes"]);
    assert!(!stderr(&o).contains("aucun thème"), "{}", stderr(&o));
}
