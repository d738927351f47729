//! The command line on the shipped corpus and on bad input: structure, exit codes, messages.

mod common;

use common::{filrouge, filrouge_in, stderr, stdout};
use serde_json::Value;

#[test]
fn corpus_shows_events_ateliers_and_sections() {
    let o = filrouge(&["corpus", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let events = v["events"].as_array().unwrap();
    let keys: Vec<&str> = events.iter().map(|e| e["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["forum-2020", "porteurs-2020", "universite-2021"]);
    let numbered = |e: &Value| -> Vec<String> {
        e["ateliers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "atelier")
            .map(|a| a["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        numbered(&events[0]),
        ["Atelier 1", "Atelier 2", "Atelier 3"]
    );
    // The booklet's four ateliers, each merged across its rounds.
    assert_eq!(
        numbered(&events[2]),
        ["Atelier 1", "Atelier 2", "Atelier 3", "Atelier 4"]
    );
    let a1 = events[2]["ateliers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["label"] == "Atelier 1")
        .unwrap();
    let rounds: std::collections::BTreeSet<&str> = a1["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["part"].as_str())
        .collect();
    assert_eq!(rounds.len(), 4, "rounds of atelier 1: {rounds:?}");
    // Section kinds of the forum's first atelier.
    let kinds: Vec<&str> = events[0]["ateliers"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "question",
            "porteur",
            "participants",
            "synthese",
            "discussion",
            "idees"
        ]
    );
    // People are metadata.
    let people: Vec<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"Thierry AMBROSINI") && people.contains(&"Marie PRADEL"));
    assert!(v["skipped"].as_array().unwrap().is_empty());
}

#[test]
fn corpus_text_output_is_french() {
    let o = filrouge(&["corpus"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("3 événements"), "{out}");
    // French plurals: 0 and 1 take the singular.
    assert!(out.contains(", 0 fichier ignoré\n"), "{out}");
    // Thousands apart, as the report writes them (a narrow no-break space).
    assert!(out.contains(" 6\u{202f}895 mots analysés"), "{out}");
    assert!(out.contains("Synthèse") && out.contains("Idées à creuser"));
    // A skipped line of a JSON Lines file is counted as a line, not as a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.jsonl"),
        "{\"id\": \"a\", \"text\": \"La confiance revient.\"}\nnot json\n",
    )
    .unwrap();
    let o = filrouge_in(dir.path(), &["corpus", "."]);
    let out = stdout(&o);
    assert!(
        out.contains(", 0 fichier ignoré, 1 ligne ignorée\n"),
        "{out}"
    );
    assert!(out.contains("\nLignes ignorées :\n  r.jsonl:2 — "), "{out}");
    // The themes table names kinds in French.
    let o = filrouge(&["themes", "--top", "3"]);
    let out = stdout(&o);
    assert!(
        out.lines().nth(1).is_some_and(|l| l.contains(" mot ")),
        "{out}"
    );
    assert!(!out.contains(" word "), "{out}");
    // Its scores in French decimals, as the report writes them (`6,09`, not `6.091`).
    let first = out.lines().nth(1).unwrap();
    assert!(first.contains("   6,09  persistant"), "{out}");
    assert!(!out.lines().skip(1).any(|l| l.contains('.')), "{out}");
    // Keyness with nothing specific says so, rather than printing nothing. At a threshold of
    // 0.0001: at the default 0.001, `poser` in the Idées sections (4 of 7, p = 9.8e-4) is
    // specific since the text under an unknown `##` heading after `## To-do list` is a section
    // of its own (the nearest was p = 1.2e-3 before: too near the threshold to rely on).
    let o = filrouge(&["keyness", "--by", "section", "--alpha", "0.0001"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("aucun thème nettement plus fréquent"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tokenize_prints_offsets_kinds_stems_and_stop_tags() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("t.txt");
    std::fs::write(
        &f,
        "L’élu du CNFPT a-t-il vu sandrine.heinen@cnfpt.fr à 14h30 ?",
    )
    .unwrap();
    let o = filrouge(&["tokenize", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let text = std::fs::read_to_string(&f).unwrap();
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    for r in &rows {
        assert_eq!(r.len(), 6, "{r:?}");
        let (s, e): (usize, usize) = (r[0].parse().unwrap(), r[1].parse().unwrap());
        assert_eq!(&text[s..e], r[2]);
    }
    let find = |surface: &str| rows.iter().find(|r| r[2] == surface).unwrap().clone();
    assert_eq!(find("L’")[3], "elision");
    assert_eq!(find("L’")[5], "1");
    assert_eq!(find("élu")[3], "word");
    assert_eq!(find("élu")[5], "0");
    assert_eq!(find("CNFPT")[3], "acronym");
    assert_eq!(find("sandrine.heinen@cnfpt.fr")[3], "email");
    assert_eq!(find("14h30")[3], "time");
    assert!(!out.contains("\t?\t"), "punctuation is not printed");
}

#[test]
fn tokenize_reads_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .arg("tokenize")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("aujourd'hui".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(stdout(&o), "0\t11\taujourd'hui\tword\taujourd'hui\t0\n");
}

/// A temporary folder holding a corpus `c` of one event `ev` with one good note, `ev/ok.md`, for
/// tests to add bad inputs to; and that corpus's path.
fn one_note_corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(c.join("ev")).unwrap();
    std::fs::write(
        c.join("ev/ok.md"),
        "# Atelier 1\n\n## Synthèse\n\nLa confiance.\n",
    )
    .unwrap();
    (dir, c)
}

/// A corpus with an empty file, a Windows-1252 file, a binary file: each gets one clear message,
/// the others are analysed, and the exit code says files were skipped.
#[test]
fn bad_files_are_reported_and_skipped() {
    let (dir, c) = one_note_corpus();
    std::fs::write(c.join("ev/vide.txt"), "").unwrap();
    std::fs::write(
        c.join("ev/latin.txt"),
        b"Synth\xe8se\n\nLa l\xe9gitimit\xe9 des \xe9lus.\n",
    )
    .unwrap();
    std::fs::write(c.join("ev/image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let o = filrouge_in(dir.path(), &["corpus", "c", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    // The reasons in French, as the rest of the messages.
    assert!(err.contains("ignoré: ev/vide.txt: fichier vide"), "{err}");
    assert!(
        err.contains("ignoré: ev/image.txt: fichier binaire"),
        "{err}"
    );
    assert!(
        err.contains("attention: ev/latin.txt: pas de l'UTF-8 valide : décodé en Windows-1252"),
        "{err}"
    );
    // The listing on standard output says it in French too, nouns agreeing with their number.
    let listing = stdout(&filrouge_in(dir.path(), &["corpus", "c"]));
    assert!(listing.contains("ev/vide.txt — fichier vide"), "{listing}");
    assert!(
        listing.contains("ev/image.txt — fichier binaire"),
        "{listing}"
    );
    assert!(!listing.contains("(s)"), "{listing}");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["documents"], 2);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 2);
    // The Windows-1252 text is decoded with its accents.
    let t = filrouge_in(dir.path(), &["kwic", "légitimité", "c"]);
    assert!(stdout(&t).contains("[légitimité]"), "{}", stdout(&t));
}

#[test]
fn broken_manifest_is_fatal_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a.md"), "Synthèse\n\nLa confiance.\n").unwrap();
    std::fs::write(
        c.join("filrouge.toml"),
        "[[event]]\nid = \"e\"\ndate = \"2020-02-30\"\n\n[[file]]\npath = \"a.md\"\nevent = \"e\"\n",
    )
    .unwrap();
    let o = filrouge_in(dir.path(), &["corpus", "c"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("filrouge.toml:3"), "{err}");
    assert!(err.contains("2020-02-30"), "{err}");
}

#[test]
fn missing_corpus_is_fatal() {
    let o = filrouge(&["corpus", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/folder"));
}

#[test]
fn manifest_pointing_at_a_missing_file_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a.md"), "Synthèse\n\nLa confiance.\n").unwrap();
    std::fs::write(
        c.join("filrouge.toml"),
        "[[event]]\nid = \"e\"\n\n[[file]]\npath = \"a.md\"\nevent = \"e\"\n\n[[file]]\npath = \"absent.md\"\nevent = \"e\"\n",
    )
    .unwrap();
    let o = filrouge_in(dir.path(), &["corpus", "c"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("absent.md: cité dans le manifeste mais introuvable"),
        "{err}"
    );
    assert!(err.contains("filrouge.toml:9"), "{err}");
}

/// `export --anonymize` replaces the people the corpus names, as `analyze --anonymize` does,
/// and leaves the starred variable lines and everything else as they are.
#[test]
fn iramuteq_export_can_be_anonymised() {
    let plain = filrouge(&["export", "--iramuteq"]);
    let masked = filrouge(&["export", "--iramuteq", "--anonymize"]);
    assert_eq!(masked.status.code(), Some(0), "{}", stderr(&masked));
    let (plain, masked) = (stdout(&plain), stdout(&masked));
    assert!(plain.contains("Anne Groiselle"));
    assert!(!masked.contains("Groiselle") && !masked.contains("Susana"));
    assert!(masked.contains("Participant·e "), "{masked}");
    let stars = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("****"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(stars(&plain), stars(&masked));
    assert_eq!(plain.lines().count(), masked.lines().count());
}

#[test]
fn iramuteq_export_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus-iramuteq.txt");
    let o = filrouge(&["export", "--iramuteq", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("**** *event_forum2020 *atelier_forum2020atelier1"));
    let back = filrouge(&["corpus", out.to_str().unwrap(), "--json"]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    let v: Value = serde_json::from_str(&stdout(&back)).unwrap();
    let events: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{events:?}");
    let texts = text.matches("\n**** ").count() + 1;
    assert_eq!(v["documents"].as_u64().unwrap() as usize, texts);
    // Every text names its atelier, the plenary and the porteurs' meeting too: IRaMuTeQ's
    // contrasts by atelier see the report's units, and reading back finds them all.
    for header in text.lines().filter(|l| l.starts_with("****")) {
        assert!(header.contains(" *atelier_"), "{header}");
    }
    assert!(text.contains("*atelier_universite2021pleniere"));
    // Each atelier's modality is its own: IRaMuTeQ reads one modality as one group, and the
    // forum's Atelier 1 is not the university's.
    let mut modalities: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("**** "))
        .map(|h| {
            let mut vars = h.split(' ');
            (vars.next().unwrap(), vars.next().unwrap())
        })
        .collect();
    modalities.sort();
    modalities.dedup();
    let atelier_modalities: std::collections::BTreeSet<&str> =
        modalities.iter().map(|m| m.1).collect();
    assert_eq!(atelier_modalities.len(), modalities.len(), "{modalities:?}");
    assert_eq!(modalities.len(), 9, "{modalities:?}");
    let original = filrouge(&["corpus", "--json"]);
    let original: Value = serde_json::from_str(&stdout(&original)).unwrap();
    assert_eq!(v["ateliers"], original["ateliers"]);
    // The plenary comes back as the plenary, not as an atelier named `pleniere`.
    let listing = stdout(&filrouge(&["corpus", out.to_str().unwrap()]));
    assert!(listing.contains("Plénière (plénière)"), "{listing}");
    assert!(!listing.contains("pleniere (atelier)"), "{listing}");
}

#[test]
fn timings_name_every_stage_of_an_analysis() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let dir = dir.to_str().unwrap();
    let analyze = |extra: &[&str]| {
        let args = [
            &["analyze", "corpus", "--out", dir, "--format", "json"],
            extra,
        ]
        .concat();
        filrouge(&args)
    };
    let o = analyze(&["--timings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let stages: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("filrouge: durée: "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "lecture",
            "comptage",
            "recompte",
            "thèmes",
            "rapport",
            "data",
            "run.json",
            "publication",
            "total"
        ],
        "{err}"
    );
    // On Linux, each stage says the peak memory at its end, which never goes down.
    if cfg!(target_os = "linux") {
        let peaks: Vec<f64> = err
            .lines()
            .filter(|l| l.starts_with("filrouge: durée: "))
            .map(|l| {
                let (_, peak) = l.split_once("pic mémoire").expect(l);
                peak.trim().trim_end_matches("Mio").trim().parse().expect(l)
            })
            .collect();
        assert_eq!(peaks.len(), stages.len(), "{err}");
        assert!(peaks[0] > 0.0, "{err}");
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{err}");
    }
    // Without the flag, nothing is timed.
    let o = analyze(&[]);
    assert!(!stderr(&o).contains("durée"), "{}", stderr(&o));
}

/// A reader that stops early (`filrouge tokenize … | head -1`) ends the run quietly, with
/// success: the tokens of the booklet (about 150 KB) do not fit in the pipe's buffer, so the
/// command is still writing when the pipe closes.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["tokenize", "corpus/2021-11-16-universite-utopie/livret.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut out = child.stdout.take().unwrap();
    out.read_exact(&mut first).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// A file whose every line is skipped (a wrong field name, a file that is not JSON Lines) lists
/// its first 20 on standard error and in the listing, then says how many more: all 352,362
/// lines of a consultation were listed. `--json` keeps them all.
#[test]
fn a_file_of_skipped_lines_is_listed_up_to_a_bound() {
    let (dir, c) = one_note_corpus();
    let lines: String = (0..50)
        .map(|i| format!("{{\"contenu\": \"réponse {i}\"}}\n"))
        .collect();
    std::fs::write(c.join("ev/reponses.jsonl"), lines).unwrap();
    let o = filrouge_in(dir.path(), &["corpus", "c"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let listed = err
        .lines()
        .filter(|l| l.contains("ev/reponses.jsonl:") && !l.contains("de plus"))
        .count();
    assert_eq!(listed, 20, "{err}");
    assert!(
        err.contains("ignoré: ev/reponses.jsonl:20: pas de texte"),
        "{err}"
    );
    assert!(!err.contains("ev/reponses.jsonl:21:"), "{err}");
    assert!(
        err.contains("ignoré: ev/reponses.jsonl: 30 lignes de plus"),
        "{err}"
    );
    let listing = stdout(&o);
    assert!(listing.contains("ev/reponses.jsonl:20 — "), "{listing}");
    assert!(!listing.contains("ev/reponses.jsonl:21 — "), "{listing}");
    assert!(
        listing.contains("ev/reponses.jsonl — 30 lignes de plus"),
        "{listing}"
    );
    let json = filrouge_in(dir.path(), &["corpus", "c", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["skipped"].as_array().unwrap().len(), 50);
}

/// A reader that stops early keeps the exit code that says files were skipped: `analyze … |
/// true` exited 0 where the same run exits 1.
#[test]
fn a_closed_pipe_keeps_the_skipped_files_exit_code() {
    use std::process::{Command, Stdio};
    let (dir, c) = one_note_corpus();
    std::fs::write(c.join("ev/vide.txt"), "").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["corpus", "c"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// A standard error whose reader went away (`filrouge corpus … 2>&1 | head -1`) is not a panic:
/// the warnings are dropped and the run ends as it would have (it exited 101, from
/// `eprintln!`).
#[test]
fn a_closed_standard_error_is_no_panic() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    // Notes in Windows-1252: each one gives a warning.
    for i in 0..50 {
        let path = dir.path().join(format!("note-{i:02}.txt"));
        std::fs::write(
            path,
            b"La confiance des agents et le droit \xE0 l'erreur.\n",
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .arg("corpus")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before anything is written: every warning meets a broken pipe.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Help pages and the argument parser's errors speak French, like every other message: no
/// `Usage:`, `[default: …]`, `Print help` or `error: invalid value` from clap.
#[test]
fn help_and_argument_errors_are_in_french() {
    let english = [
        "Usage:",
        "Commands:",
        "[default:",
        "possible values",
        "Print help",
        "Print version",
        "error:",
        "tip:",
        "For more information",
    ];
    let no_english = |text: &str, what: &str| {
        for e in english {
            assert!(!text.contains(e), "{what}: « {e} » in\n{text}");
        }
    };
    let o = filrouge(&["--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let help = stdout(&o);
    no_english(&help, "--help");
    for said in [
        "Utilisation : filrouge",
        "Commandes :",
        "analyze",
        "Affiche l'aide",
    ] {
        assert!(help.contains(said), "--help lacks « {said} »:\n{help}");
    }
    for (args, said) in [
        (&["analyze", "--help"][..], "[par défaut : report]"),
        (
            &["graph", "-h"][..],
            "[valeurs : themes, ateliers, bipartite]",
        ),
        // clap's `help` command is read as `--help`, after global options too.
        (&["help", "kwic"][..], "Utilisation : filrouge kwic"),
        (
            &["--threads", "2", "help", "analyze"][..],
            "Utilisation : filrouge analyze",
        ),
        (
            &["help", "help"][..],
            "Utilisation : filrouge [OPTIONS] <COMMANDE>",
        ),
    ] {
        let o = filrouge(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        no_english(&stdout(&o), &format!("{args:?}"));
        assert!(stdout(&o).contains(said), "{args:?}: {}", stdout(&o));
    }
    for (args, said) in [
        (&["themes", "--top", "x"][..], "doit être un nombre entier"),
        (&["themes", "--frob"][..], "argument inattendu « --frob »"),
        (
            &["graph", "--of", "theme"][..],
            "vouliez-vous dire « themes »",
        ),
        (&["kwic"][..], "argument obligatoire manquant : <TERME>"),
        (&["analyse"][..], "commande inconnue « analyse »"),
        (
            &["--texts", "nulle-part", "corpus"][..],
            "attendu : auto, memory ou disk",
        ),
        (&["keyness", "--alpha", "0,5"][..], "doit être un nombre"),
        (&["--threads", "0", "corpus"][..], "entre 1 et 1024"),
        (&["--threads", "abc", "corpus"][..], "entre 1 et 1024"),
        // A negative number is read as the option's value, and refused as such.
        (&["--threads", "-1", "corpus"][..], "entre 1 et 1024"),
        (
            &["themes", "--top", "-3"][..],
            "valeur « -3 » invalide pour « --top <N> »",
        ),
        (&["kwic", "x", "--width", "-5"][..], "« --width <N> »"),
        (
            &[
                "themes",
                "--top",
                "9999999999999999999999999999999999999999",
            ][..],
            "trop grand",
        ),
        // clap's tip, in French.
        (
            &["kwic", "-t-il"][..],
            "astuce : pour passer « -t » comme valeur, écrivez « -- -t »",
        ),
    ] {
        let o = filrouge(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        no_english(&err, &format!("{args:?}"));
        assert!(err.starts_with("filrouge: erreur: "), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
}

/// Out-of-range numbers and empty choices are refused with a message, not a panic, a stall or
/// an empty result.
#[test]
fn out_of_range_widths_and_thread_counts_are_refused() {
    let o = filrouge(&["kwic", "confiance", "--width", "65535"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("entre 0 et 1000"), "{}", stderr(&o));
    let o = filrouge(&["kwic", "confiance", "--width", "1000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = filrouge(&["--threads", "100000", "corpus"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--threads"), "{}", stderr(&o));
    // Degenerate choices that gave an empty or meaningless result without a word.
    for (args, said) in [
        (&["themes", "--top", "0"][..], "--top"),
        (&["themes", "--max-themes", "0"][..], "--max-themes"),
        (&["themes", "--min-ateliers", "0"][..], "--min-ateliers"),
        (&["keyness", "--alpha", "2"][..], "--alpha"),
        (&["graph", "--min-weight", "NaN"][..], "--min-weight"),
        (&["graph", "--window", "0"][..], "--window"),
        (
            &["analyze", "--format", ",", "--out", "/nonexistent/x"][..],
            "aucun format de sortie",
        ),
    ] {
        let o = filrouge(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
    }
    let o = filrouge(&["keyness", "--alpha", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A measure for a graph it does not weigh is refused, not ignored; a negative NPMI floor
    // is a number, not an option.
    let o = filrouge(&["graph", "--of", "ateliers", "--measure", "ll"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--measure"), "{}", stderr(&o));
    let o = filrouge(&["graph", "--min-weight", "-0.5", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `kwic --anonymize` gives the report's pseudonyms in the contexts: a listed participant
/// (`Anne G`, line 67 of Atelier 3) and a person named in a heading without being listed
/// (`Florence Mensah`) are replaced; the contexts grow no wider.
#[test]
fn kwic_anonymized_shows_no_name() {
    let plain = stdout(&filrouge(&["kwic", "légitimité"]));
    assert!(plain.contains("Anne G"), "{plain}");
    let o = filrouge(&["kwic", "légitimité", "--anonymize"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains("Anne G"), "{text}");
    assert_eq!(text.lines().count(), plain.lines().count());
    for (a, b) in text.lines().zip(plain.lines()) {
        let width = |l: &str| l.split('\t').next().unwrap().chars().count();
        assert!(width(a) <= width(b), "{a}\n{b}");
    }
    let text = stdout(&filrouge(&["kwic", "rencontre", "--anonymize"]));
    assert!(text.contains("[nom]") && !text.contains("Mensah"), "{text}");
}

/// The booklet's table row exported from a pad (`<p>Le <u>droit</u> à l'erreur</p>`, line 432)
/// is read without its HTML tags: the expression in it is found, and no tag shows in the
/// context (the `<u>` inside the expression hid it).
#[test]
fn pad_html_tags_hide_no_expression() {
    let o = filrouge(&["kwic", "droit à l'erreur", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lines = v.as_array().unwrap();
    let row = lines
        .iter()
        .find(|l| l["location"] == "2021-11-16-universite-utopie/livret.txt:432")
        .expect("the occurrence of line 432");
    for side in ["left", "right"] {
        let text = row[side].as_str().unwrap();
        assert!(!text.contains("<p>") && !text.contains("</"), "{text}");
    }
}

/// A report replaced from inside it (`--out .`) is refused before any work, leaving nothing
/// behind; a report folder left aside by a failed swap or a run killed outright is removed by
/// the next run, which publishes (it failed with « Directory not empty », leaving a full copy
/// behind at each try).
#[test]
fn the_output_folder_is_never_the_current_one_and_leftovers_are_cleared() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = std::fs::canonicalize("corpus").unwrap();
    let corpus = corpus.to_str().unwrap();
    let formats = ["--format", "json"];
    let run = |dir: &std::path::Path, out: &str| {
        filrouge_in(
            dir,
            &[&["analyze", corpus, "--out", out][..], &formats].concat(),
        )
    };
    let o = run(tmp.path(), "rep");
    assert!(o.status.success(), "{}", stderr(&o));
    let rep = tmp.path().join("rep");
    let o = run(&rep, ".");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dossier courant"), "{}", stderr(&o));
    let names = |dir: &std::path::Path| -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&rep), ["data", "run.json"]);
    // What a killed run leaves: its staging folder (lock file free) and an old report aside.
    let killed = tmp.path().join(".rep.tmp-k1ll3d");
    std::fs::create_dir_all(killed.join("data")).unwrap();
    std::fs::write(killed.join(".filrouge-lock"), b"").unwrap();
    // Killed two minutes ago (a folder just made may be a run about to lock it).
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    std::fs::File::open(&killed)
        .unwrap()
        .set_modified(then)
        .unwrap();
    std::fs::create_dir_all(tmp.path().join(".rep.tmp-k1ll3d-old/data")).unwrap();
    std::fs::write(tmp.path().join(".rep.tmp-k1ll3d-old/data/f"), b"x").unwrap();
    let o = run(tmp.path(), "rep");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(tmp.path()), ["rep"]);
}

/// `keyness --json` numbers each theme by its rank, as `themes` and `keyness.csv` do (it gave the
/// 0-based index under `theme`: a join on it attached every row to the theme ranked above).
#[test]
fn keyness_json_gives_the_theme_rank_of_the_themes_list() {
    let themes: Value =
        serde_json::from_str(&stdout(&filrouge(&["themes", "--json", "--top", "100000"]))).unwrap();
    let label_of = |rank: u64| -> String {
        themes
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["rank"] == rank)
            .map(|t| t["label"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no theme of rank {rank}"))
    };
    let rows: Value =
        serde_json::from_str(&stdout(&filrouge(&["keyness", "--all", "--json"]))).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() > 100, "{}", rows.len());
    for row in rows {
        let rank = row["theme_rank"].as_u64().unwrap();
        assert_eq!(row["theme"].as_str().unwrap(), label_of(rank), "{row}");
    }
}

/// `keyness --json` rows have `keyness.csv`'s columns, by the same names and in the same order
/// (they had `label` for `theme`, and no `partition_type`).
#[test]
fn keyness_json_has_the_columns_of_keyness_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = filrouge(&["analyze", "--out", out.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("data/keyness.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for by in ["atelier", "section"] {
        let o = filrouge(&["keyness", "--by", by, "--all", "--json"]);
        let rows: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let row = rows[0].as_object().unwrap();
        // Same names (serde_json's map sorts them: compared sorted).
        let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
        let mut columns = header.clone();
        keys.sort_unstable();
        columns.sort_unstable();
        assert_eq!(keys, columns, "{by}");
        assert_eq!(row["partition_type"], by);
        // In the same order: the text as printed.
        let text = stdout(&o);
        let first = text.find("\"partition_type\"").unwrap();
        let mut at = first;
        for c in &header {
            let here = text[first..].find(&format!("\"{c}\":")).unwrap() + first;
            assert!(here >= at, "{c} out of order in {by}");
            at = here;
        }
    }
}

/// A theme absent from the first and the last dated event but in two between them is
/// intermittent (it was called persistent), and listed as such; a corpus with one dated event
/// has no timeline: its themes are undated, not single-event.
#[test]
fn trends_name_intermittent_and_undated_themes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("notes");
    for (event, middle) in [
        ("2020-01-10-a", false),
        ("2020-06-10-b", true),
        ("2021-01-10-c", true),
        ("2021-06-10-d", false),
    ] {
        for n in 1..=2 {
            let extra = if middle {
                "Le budget participatif des quartiers revient."
            } else {
                ""
            };
            let p = root.join(event).join(format!("atelier-{n}.md"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(
                p,
                format!(
                    "# Atelier {n}\n\n## Synthèse\n\nLa confiance entre les agents et les élus \
                     progresse. {extra} La posture du manager compte.\n"
                ),
            )
            .unwrap();
        }
    }
    // The first theme whose label holds `label`.
    let trend_of = |corpus: &std::path::Path, label: &str| -> String {
        let o = filrouge(&["themes", corpus.to_str().unwrap(), "--json"]);
        let themes: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let t = themes
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["label"].as_str().unwrap().contains(label))
            .unwrap_or_else(|| panic!("no {label} in {themes}"));
        t["trend"].as_str().unwrap().to_string()
    };
    assert_eq!(trend_of(&root, "budget"), "intermittent");
    assert_eq!(trend_of(&root, "confiance"), "persistent");
    let out = tmp.path().join("r");
    let o = filrouge(&[
        "analyze",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Thèmes intermittents**"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains("budget"), "{line}");

    // One dated event (and an undated one): no timeline.
    std::fs::remove_dir_all(root.join("2020-06-10-b")).unwrap();
    std::fs::remove_dir_all(root.join("2021-01-10-c")).unwrap();
    std::fs::rename(root.join("2021-06-10-d"), root.join("sans-date")).unwrap();
    assert_eq!(trend_of(&root, "confiance"), "undated");
}

/// A file read with a warning is said in the `corpus` listing, in `corpus --json` and in
/// `run.json` (it was on standard error only), and a skipped file has one machine reason in both
/// JSON outputs (`empty`; `corpus --json` said `empty file`).
#[test]
fn warnings_and_skip_reasons_reach_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("notes");
    std::fs::create_dir_all(root.join("ev")).unwrap();
    std::fs::write(
        root.join("ev/latin.txt"),
        b"# Atelier 1\n\n## Synth\xe8se\n\nLa confiance des \xe9lus.\n",
    )
    .unwrap();
    std::fs::write(root.join("ev/vide.txt"), b"").unwrap();
    let root_s = root.to_str().unwrap();
    let listing = stdout(&filrouge(&["corpus", root_s]));
    assert!(
        listing.contains("Avertissements :\n  ev/latin.txt — pas de l'UTF-8 valide"),
        "{listing}"
    );
    let json: Value =
        serde_json::from_str(&stdout(&filrouge(&["corpus", root_s, "--json"]))).unwrap();
    assert_eq!(json["skipped"][0]["location"], "ev/vide.txt");
    assert_eq!(json["skipped"][0]["reason"], "empty");
    assert_eq!(json["warnings"][0]["location"], "ev/latin.txt");
    let out = tmp.path().join("r");
    let o = filrouge(&[
        "analyze",
        root_s,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    // 1: done, with a file skipped.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["skipped"][0]["reason"], "empty");
    assert_eq!(run["warnings"], json["warnings"]);
}

/// A partition that holds the whole corpus has no rest to be compared with: `keyness` gives no
/// row for it (it gave 3,000 rows with `words_out` 0 and a log ratio of 0), and an empty kwic
/// term is refused.
#[test]
fn keyness_has_no_rows_without_a_rest_and_kwic_needs_a_word() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("reponses.jsonl");
    let lines: String = (0..6)
        .map(|i| {
            format!(
                "{{\"id\": \"{i}\", \"text\": \"La confiance dans les transports en commun \
                 reste fragile, la mobilité rurale aussi.\"}}\n"
            )
        })
        .collect();
    std::fs::write(&file, lines).unwrap();
    let file = file.to_str().unwrap();
    for by in ["atelier", "event", "section"] {
        let o = filrouge(&["keyness", file, "--by", by, "--all", "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let rows: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 0, "{by}: {rows}");
    }
    let o = filrouge(&["kwic", "", file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ni lettre ni chiffre"),
        "{}",
        stderr(&o)
    );
}

/// A warning about the corpus folder itself names it as given (it said « . »), and `analyze`
/// says how many files it wrote (« 23 fichiers » read as the notes it read).
#[test]
fn messages_name_the_corpus_folder_and_the_files_written() {
    let o = filrouge(&["corpus", "../shared/corpus-seeds"]);
    let err = stderr(&o);
    assert!(
        err.contains("filrouge: attention: ../shared/corpus-seeds: notes de dates éloignées"),
        "{err}"
    );
    assert!(!err.contains("attention: .:"), "{err}");
    let listing = stdout(&o);
    assert!(
        listing.contains("  ../shared/corpus-seeds — notes de dates éloignées"),
        "{listing}"
    );
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let o = filrouge(&["analyze", "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = walk_files(&dir);
    let said = stdout(&o);
    assert!(
        said.contains(&format!("{written} fichiers écrits, ")),
        "{written} files: {said}"
    );
}

fn walk_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk_files(&p) } else { 1 })
        .sum()
}

/// The commit `build.rs` should find: `HEAD` of the repository whose top is the crate root, or
/// `None` (no git, or the sources are not a checkout of their own).
fn head_commit() -> Option<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let o = std::process::Command::new("git")
        .args(["-C", root, "rev-parse", "--show-toplevel", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let out = String::from_utf8(o.stdout).ok()?;
    let mut lines = out.lines();
    let top = std::path::Path::new(lines.next()?).canonicalize().ok()?;
    (top == std::path::Path::new(root).canonicalize().ok()?)
        .then(|| lines.next().map(str::to_string))?
}

/// `--version` and `run.json` name the commit the program was built from (the version number
/// stays while rankings change between commits), and `run.json` says how the run was asked for:
/// the arguments (the output folder left out), the corpus as given and absolute, `--format`,
/// `--texts`, the manifest, lexicon and stop-word files by their full paths.
#[test]
fn version_and_run_json_name_the_build_and_the_invocation() {
    let head = head_commit();
    let v = filrouge(&["--version"]);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));
    let line = stdout(&v);
    let version = env!("CARGO_PKG_VERSION");
    match &head {
        Some(h) => assert!(
            line.starts_with(&format!("filrouge {version} (commit {h}")),
            "{line}"
        ),
        None => assert_eq!(line.trim(), format!("filrouge {version} (commit inconnu)")),
    }

    let dir = tempfile::tempdir().unwrap();
    let (lex, stop, out) = (
        dir.path().join("rev43-lex.toml"),
        dir.path().join("mots-vides.txt"),
        dir.path().join("rapport"),
    );
    std::fs::write(&lex, "[themes]\nconfiance = [\"défiance\"]\n").unwrap();
    std::fs::write(&stop, "posture\n").unwrap();
    let (lex_s, stop_s, out_s) = (
        lex.to_str().unwrap(),
        stop.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    let args = [
        "--texts",
        "memory",
        "analyze",
        "corpus",
        "--out",
        out_s,
        "--format",
        "json,md",
        "--lexicon",
        lex_s,
        "--stopwords",
        stop_s,
    ];
    let o = filrouge(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("run.json")).unwrap();
    let run: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(run["version"], version);
    match &head {
        Some(h) => {
            assert_eq!(run["commit"], h.as_str());
            assert!(
                run["tree_modified"].is_boolean(),
                "{}",
                run["tree_modified"]
            );
        }
        None => assert!(run["commit"].is_null() && run["tree_modified"].is_null()),
    }
    let inv = &run["invocation"];
    let mut shown: Vec<&str> = args.to_vec();
    shown[5] = "<dossier du rapport>";
    assert_eq!(inv["arguments"], serde_json::json!(shown));
    assert!(!text.contains(out_s), "the output folder is not recorded");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap().display().to_string();
    assert_eq!(inv["corpus"], "corpus");
    assert_eq!(inv["corpus_absolute"], canonical(&root.join("corpus")));
    assert_eq!(inv["texts"], "memory");
    let formats = &inv["formats"];
    assert!(
        formats["json"] == true && formats["md"] == true,
        "{formats}"
    );
    assert!(
        formats["html"] == false && formats["png"] == false,
        "{formats}"
    );
    assert_eq!(
        run["corpus_manifest"],
        canonical(&root.join("corpus/filrouge.toml"))
    );
    for (key, given, absolute) in [("lexicon", lex_s, &lex), ("stopwords", stop_s, &stop)] {
        let f = &run["options"][key];
        assert_eq!(f["path"], given, "{key}");
        assert_eq!(f["absolute"], canonical(absolute), "{key}");
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64, "{key}");
    }
    // The report names the commit too, shortened, and the lexicon by its name.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let shown = match &head {
        Some(h) => format!("- Version de filrouge : {version} (commit {}", &h[..12]),
        None => format!("- Version de filrouge : {version} (commit inconnu)"),
    };
    assert!(md.contains(&shown), "{shown}");
    assert!(
        md.contains("- Lexique : rev43-lex.toml (SHA-256 "),
        "lexicon line"
    );
}

/// Reads a CSV into header-named rows.
fn csv_rows(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Letters and digits of `s`, lowercased, as one string: a line compared with what the export
/// made of it (marks, stars and spaces dropped).
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `export --iramuteq -o F` writes beside `F` the table of its texts: each text's `*doc_`
/// modality and starred line, keys, file and line, so that IRaMuTeQ's results (by text or by
/// `*doc_` modality) join back to the notes. Each row's file holds the text's first line at the
/// line given; each `*doc_` modality is one file; the paths are those of `themes.json`.
#[test]
fn iramuteq_export_writes_where_each_text_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ira.txt");
    let o = filrouge(&["export", "--iramuteq", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let export = std::fs::read_to_string(&out).unwrap();
    let table = std::fs::read(dir.path().join("ira.texts.csv")).expect("table beside the export");
    let rows = csv_rows(&table);
    // One row per text, in order, its starred line as written.
    let texts: Vec<(&str, &str)> = export
        .split("\n\n")
        .filter_map(|t| {
            let (stars, body) = t.strip_prefix("**** ")?.split_once('\n')?;
            Some((stars, body.lines().next()?))
        })
        .collect();
    assert_eq!(rows.len(), texts.len());
    assert!(rows.len() > 20, "{} texts", rows.len());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files_of_doc: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for (i, (row, (stars, first))) in rows.iter().zip(&texts).enumerate() {
        assert_eq!(row["text"], (i + 1).to_string());
        assert_eq!(row["variables"], *stars);
        assert!(stars.contains(&format!("*doc_{} ", row["doc"])), "{stars}");
        assert!(
            stars.contains(&format!("*section_{} ", row["section"])),
            "{stars}"
        );
        assert_eq!(row["location"], format!("{}:{}", row["path"], row["line"]));
        assert!(
            row["atelier"].starts_with(&format!("{}/", row["event"])),
            "{row:?}"
        );
        // The file's line holds the start of the text.
        let file = std::fs::read_to_string(root.join(&row["path"])).unwrap();
        let line: usize = row["line"].parse().unwrap();
        let at = file.lines().nth(line - 1).unwrap_or_default();
        let start: String = letters(first).chars().take(12).collect();
        assert!(
            letters(at).contains(&start),
            "{}: « {at} » does not start « {first} »",
            row["location"]
        );
        files_of_doc
            .entry(&row["doc"])
            .or_default()
            .insert(&row["path"]);
    }
    assert!(
        files_of_doc.values().all(|f| f.len() == 1),
        "{files_of_doc:?}"
    );
    // The paths are those themes.json locates quotes with.
    let themes = filrouge(&["themes", "--json"]);
    let themes: Value = serde_json::from_str(&stdout(&themes)).unwrap();
    let quoted = themes[0]["evidence"][0]["location"].as_str().unwrap();
    let (path, _) = quoted.rsplit_once(':').unwrap();
    assert!(rows.iter().any(|r| r["path"] == path), "{quoted}");

    // To standard output: no table, unless --table says where.
    let o = filrouge(&["export", "--iramuteq"]);
    assert_eq!(stdout(&o), export);
    let t = dir.path().join("t.csv");
    let o = filrouge(&["export", "--iramuteq", "--table", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&t).unwrap(), table);
    // The table never replaces the export.
    let o = filrouge(&[
        "export",
        "--iramuteq",
        "-o",
        out.to_str().unwrap(),
        "--table",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("remplacerait l'export"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), export);
}
