//! How a folder without a manifest is read as events: event folders as given, loose notes split
//! by their own dates when these are far apart, files that document the folder left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use filrouge::corpus::{AtelierKind, Corpus, Date, SkipReason};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// An atelier's note, dated by a line under its title when `date` is given.
fn note(atelier: u32, date: Option<&str>) -> String {
    let date = date.map(|d| format!("{d}\n\n")).unwrap_or_default();
    format!("# Atelier {atelier}\n\n{date}## Synthèse\n\nLa confiance entre agents et élus.\n")
}

/// Event key → the paths of its documents.
fn events(c: &Corpus) -> Vec<(String, Vec<PathBuf>)> {
    c.events
        .iter()
        .map(|e| {
            let docs = c
                .documents
                .iter()
                .filter(|d| d.event == e.id)
                .map(|d| d.path.to_path_buf())
                .collect();
            (e.key.clone(), docs)
        })
        .collect()
}

/// The sample notes lie loose in one folder: two ateliers of a 2020 forum (undated), the
/// porteurs' meeting of 29 September 2020 and the booklet of a 2021 université. The booklet's
/// « Atelier 1 » to « Atelier 3 » were merged with the forum's into one atelier each; the
/// folder's `SOURCES.md` was analysed as a note.
#[test]
fn the_sample_notes_are_three_events_and_their_sources_file_is_left_out() {
    let seeds = Path::new("../shared/corpus-seeds");
    let c = Corpus::load(seeds).unwrap();
    let by_event = events(&c);
    let keys: Vec<&str> = by_event.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "2020-09-29-corpus-seeds",
            "2021-11-16-corpus-seeds",
            "corpus-seeds"
        ]
    );
    let paths =
        |i: usize| -> Vec<&str> { by_event[i].1.iter().map(|p| p.to_str().unwrap()).collect() };
    assert_eq!(paths(0), ["004_1003267a56e845a3.txt"]);
    assert_eq!(paths(1), ["002_cb79db40743b1f8c.txt"]);
    assert_eq!(
        paths(2),
        [
            "000_ad3df8c76782dc84.txt",
            "001_c4c8f4c39cfd7a7b.txt",
            "003_1a8e0455370019cc.txt"
        ]
    );
    assert_eq!(
        c.events[0].dates.unwrap().start,
        Date::new(2020, 9, 29).unwrap()
    );
    assert_eq!(
        c.events[1].dates.unwrap().start,
        Date::new(2021, 11, 16).unwrap()
    );
    assert_eq!(c.events[2].dates, None);
    // Three events of one folder: each title says its date.
    let titles: Vec<&str> = c.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Corpus seeds (29 septembre 2020)",
            "Corpus seeds (16 novembre 2021)",
            "Corpus seeds (sans date)"
        ]
    );
    // No atelier gathers documents of two events.
    for a in &c.ateliers {
        let events: BTreeSet<_> = a
            .documents
            .iter()
            .map(|d| c.documents[d.index()].event)
            .collect();
        assert_eq!(events.len(), 1, "{}", a.key);
    }
    let numbered = |e: usize| -> Vec<u32> {
        c.events[e]
            .ateliers
            .iter()
            .map(|&a| &c.ateliers[a.index()])
            .filter(|a| a.kind == AtelierKind::Atelier)
            .filter_map(|a| a.number)
            .collect()
    };
    assert_eq!(numbered(1), [1, 2, 3, 4]);
    assert_eq!(numbered(2), [1, 2, 3]);
    assert_eq!(
        c.skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect::<Vec<_>>(),
        [(PathBuf::from("SOURCES.md"), SkipReason::FolderDocumentation)]
    );
    let said: Vec<&str> = c.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        said.iter().any(|m| m.contains("2020-09-29, 2021-11-16")
            && m.contains("les 3 notes sans date propre")
            && m.contains("restent dans l'événement « corpus-seeds »")),
        "{said:?}"
    );
}

/// Dates a day or two apart are one event (a two-day université); a week apart, two. Undated
/// notes stay in the folder's event.
#[test]
fn loose_notes_are_split_where_their_dates_are_far_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("notes");
    write(&root, "a.md", &note(1, Some("16 novembre 2021")));
    write(&root, "b.md", &note(2, Some("17 novembre 2021")));
    write(&root, "c.md", &note(1, Some("24 novembre 2021")));
    write(&root, "d.md", &note(3, None));
    let c = Corpus::load(&root).unwrap();
    let by_event = events(&c);
    assert_eq!(
        by_event,
        [
            (
                "2021-11-16-notes".to_string(),
                vec![PathBuf::from("a.md"), PathBuf::from("b.md")]
            ),
            ("2021-11-24-notes".to_string(), vec![PathBuf::from("c.md")]),
            ("notes".to_string(), vec![PathBuf::from("d.md")]),
        ]
    );
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(
        c.warnings[0].message.contains(
            "la note sans date propre (sur son titre ou une ligne à elle seule) reste \
                       dans l'événement « notes »"
        ),
        "{}",
        c.warnings[0].message
    );
}

/// Each period's event is dated from the first to the last date of its notes: sittings of 29
/// January to 8 February 2013 split from one of 12 February were dated 29 January alone, in
/// `dates` and in the title.
#[test]
fn a_period_is_dated_from_its_first_note_to_its_last() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("seances");
    write(&root, "a.md", &note(1, Some("29 janvier 2013")));
    write(&root, "b.md", &note(2, Some("1er février 2013")));
    write(&root, "c.md", &note(3, Some("4 février 2013")));
    write(&root, "d.md", &note(4, Some("6 février 2013")));
    write(&root, "e.md", &note(5, Some("8 février 2013")));
    write(&root, "f.md", &note(6, Some("12 février 2013")));
    let c = Corpus::load(&root).unwrap();
    let d = |y, m, d| Date::new(y, m, d).unwrap();
    let shown: Vec<(&str, Option<(Date, Date)>)> = c
        .events
        .iter()
        .map(|e| (e.title.as_str(), e.dates.map(|r| (r.start, r.end))))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "Seances (29 janvier – 8 février 2013)",
                Some((d(2013, 1, 29), d(2013, 2, 8)))
            ),
            (
                "Seances (12 février 2013)",
                Some((d(2013, 2, 12), d(2013, 2, 12)))
            ),
        ]
    );
}

/// Dates in one period keep the notes together, dated from the first to the last; the notes of
/// an event folder are never split, whatever their dates; a manifest decides alone.
#[test]
fn notes_of_one_period_an_event_folder_or_a_manifest_are_not_split() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("forum");
    write(&root, "a.md", &note(1, Some("16 novembre 2021")));
    write(&root, "b.md", &note(2, None));
    write(&root, "c.md", &note(3, Some("18 novembre 2021")));
    let c = Corpus::load(&root).unwrap();
    assert_eq!(c.events.len(), 1);
    assert_eq!(c.events[0].key, "forum");
    let dates = c.events[0].dates.unwrap();
    assert_eq!(
        (dates.start, dates.end),
        (
            Date::new(2021, 11, 16).unwrap(),
            Date::new(2021, 11, 18).unwrap()
        )
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);

    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "ev/a.md", &note(1, Some("16 novembre 2021")));
    write(tmp.path(), "ev/b.md", &note(2, Some("3 mars 2022")));
    let c = Corpus::load(tmp.path()).unwrap();
    assert_eq!(c.events.len(), 1);
    assert_eq!(c.events[0].key, "ev");

    write(tmp.path(), "a.md", &note(1, Some("16 novembre 2021")));
    write(tmp.path(), "b.md", &note(2, Some("3 mars 2022")));
    write(
        tmp.path(),
        "filrouge.toml",
        "[[event]]\nid = \"tout\"\n\n[[file]]\npath = \".\"\nevent = \"tout\"\n",
    );
    let c = Corpus::load(tmp.path()).unwrap();
    assert_eq!(
        c.events.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        ["tout"]
    );
}

/// A README or LICENSE found in the folders is not read as notes, in a folder the manifest lists
/// too; listed by name, it is read.
#[test]
fn files_documenting_the_folder_are_left_out_unless_listed() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "ev/a.md", &note(1, None));
    write(
        tmp.path(),
        "ev/README.md",
        "# Notes du forum\n\nExportées du pad.\n",
    );
    write(tmp.path(), "Licence.txt", "Licence ouverte 2.0\n");
    write(tmp.path(), "LICENSE", "MIT\n");
    write(tmp.path(), "LICENSE.fr", "Licence MIT, traduction\n");
    write(tmp.path(), "ev/Readme.en.md", "# Forum notes\n");
    write(tmp.path(), "readme-atelier.md", &note(2, None));
    let c = Corpus::load(tmp.path()).unwrap();
    let docs: Vec<PathBuf> = c.documents.iter().map(|d| d.path.to_path_buf()).collect();
    assert_eq!(
        docs,
        [PathBuf::from("ev/a.md"), PathBuf::from("readme-atelier.md")]
    );
    let skipped: Vec<(PathBuf, SkipReason)> = c
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.clone()))
        .collect();
    assert_eq!(
        skipped,
        [
            (PathBuf::from("LICENSE"), SkipReason::FolderDocumentation),
            (PathBuf::from("LICENSE.fr"), SkipReason::FolderDocumentation),
            (
                PathBuf::from("Licence.txt"),
                SkipReason::FolderDocumentation
            ),
            (
                PathBuf::from("ev/README.md"),
                SkipReason::FolderDocumentation
            ),
            (
                PathBuf::from("ev/Readme.en.md"),
                SkipReason::FolderDocumentation
            ),
        ]
    );

    // A folder listed by the manifest: its README is still left out…
    write(
        tmp.path(),
        "filrouge.toml",
        "[[event]]\nid = \"forum\"\n\n[[file]]\npath = \"ev\"\nevent = \"forum\"\n",
    );
    let c = Corpus::load(tmp.path()).unwrap();
    assert!(
        c.skipped
            .iter()
            .any(|s| s.path == Path::new("ev/README.md")
                && s.reason == SkipReason::FolderDocumentation),
        "{:?}",
        c.skipped
    );
    // …unless an entry names it.
    write(
        tmp.path(),
        "filrouge.toml",
        "[[event]]\nid = \"forum\"\n\n[[file]]\npath = \"ev\"\nevent = \"forum\"\n\n\
         [[file]]\npath = \"ev/README.md\"\nevent = \"forum\"\n",
    );
    let c = Corpus::load(tmp.path()).unwrap();
    assert!(
        c.documents
            .iter()
            .any(|d| *d.path == Path::new("ev/README.md")),
        "{:?}",
        c.skipped
    );
    assert!(
        c.skipped
            .iter()
            .all(|s| s.path != Path::new("ev/README.md"))
    );
}

/// Two ateliers whose names slug alike (`Transition écologique`, `Transition ecologique`) or two
/// notes of one event with the same file name in two folders get distinct keys, said: every
/// export joins on the key (GraphML node ids, CSV columns).
#[test]
fn ateliers_that_slug_alike_get_distinct_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let line = |atelier: &str| {
        format!(
            "{{\"text\": \"La confiance et les transports en commun.\", \"atelier\": \"{atelier}\"}}\n"
        )
    };
    write(
        tmp.path(),
        "consultation/a.jsonl",
        &[
            line("Transition écologique"),
            line("Transition ecologique"),
            line("Fiscalité"),
        ]
        .concat(),
    );
    write(
        tmp.path(),
        "reunion/a/compte-rendu.md",
        "# Compte rendu\n\nLa confiance.\n",
    );
    write(
        tmp.path(),
        "reunion/b/compte-rendu.md",
        "# Compte rendu\n\nLa posture.\n",
    );
    let c = Corpus::load(tmp.path()).unwrap();
    let keys: Vec<&str> = c.ateliers.iter().map(|a| a.key.as_str()).collect();
    let distinct: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(distinct.len(), keys.len(), "{keys:?}");
    for key in [
        "consultation/transition-ecologique",
        "consultation/transition-ecologique-2",
        "reunion/compte-rendu",
        "reunion/compte-rendu-2",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let said: Vec<&str> = c.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said.iter()
            .any(|m| m.contains("« consultation/transition-ecologique-2 »")),
        "{said:?}"
    );
}

/// A note whose first line is a paragraph is named by its file, and an atelier named in a record
/// by a paragraph gets a label cut at a word: a label names the unit in every chart and graph
/// node (a 50 MB first line made a 52 MB report heading and GraphML label).
#[test]
fn a_paragraph_never_becomes_a_label() {
    let tmp = tempfile::tempdir().unwrap();
    let paragraph = "Nous avons parlé de la confiance entre les élus et les citoyens, ".repeat(6);
    write(
        tmp.path(),
        "ev/compte-rendu.txt",
        &format!("{paragraph}\n\nLa posture des agents.\n"),
    );
    write(
        tmp.path(),
        "ev/a.jsonl",
        &format!("{{\"text\": \"La posture.\", \"atelier\": \"{paragraph}\"}}\n"),
    );
    let c = Corpus::load(tmp.path()).unwrap();
    let labels: Vec<&str> = c.ateliers.iter().map(|a| a.label.as_str()).collect();
    assert!(labels.contains(&"Compte rendu"), "{labels:?}");
    for l in &labels {
        assert!(l.chars().count() <= 80, "{l}");
    }
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Nous avons parlé") && l.ends_with('…'))
    );
}

/// Only a date surely a note's own splits loose notes: one on its title or on a line of its own.
/// A date on a line that says more (`Prochaine séance : 12 octobre 2020`) or on a heading about
/// the past (`Rappel : la loi du 9 décembre 1905`) made events of one note each, and false
/// trends across them.
#[test]
fn only_a_note_s_own_date_splits_loose_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("notes");
    write(
        &root,
        "a.md",
        "# Atelier 1 — 14 septembre 2020\n\n## Synthèse\n\nLa confiance.\n",
    );
    write(
        &root,
        "b.md",
        "# Atelier 2\n\nProchaine séance : 12 octobre 2020\n\n## Synthèse\n\nLa confiance.\n",
    );
    write(
        &root,
        "c.md",
        "# Atelier 3\n\n## Rappel : la loi du 9 décembre 1905\n\nLa laïcité.\n",
    );
    let c = Corpus::load(&root).unwrap();
    assert_eq!(c.events.len(), 1, "{:?}", events(&c));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // A line holding only a date, a year later, does split.
    write(
        &root,
        "d.md",
        "# Atelier 1\n\nMardi 16 novembre 2021\n\nLa posture.\n",
    );
    let c = Corpus::load(&root).unwrap();
    let mut keys: Vec<String> = events(&c).into_iter().map(|(k, _)| k).collect();
    keys.sort();
    assert_eq!(keys, ["2020-09-14-notes", "2021-11-16-notes", "notes"]);
}

/// Each atelier lists the people its notes name: a note without atelier headings (a meeting)
/// keeps its participants, and a person at two ateliers is listed at both, counted once.
/// Before, people were one entry per name across the corpus: the meeting's participants had no
/// atelier, and a person's second atelier lost them.
#[test]
fn each_atelier_lists_the_people_its_notes_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "2022-01-01-a/r.md",
        "# Réunion de suivi\n\n## Participants\n- Jean Dupont\n- Claire Fontaine\n\n\
         ## Discussion\nLe covoiturage solidaire avance bien.\n",
    );
    write(
        dir.path(),
        "2022-02-01-b/n.md",
        "# Atelier 1\n\n## Participants\n- Jean Dupont\n- Luc Besson\n\n\
         ## Synthèse\nLe covoiturage solidaire avance encore.\n",
    );
    let c = Corpus::load(dir.path()).unwrap();
    let named = |kind: AtelierKind| -> Vec<&str> {
        let at = c.ateliers.iter().find(|a| a.kind == kind).unwrap();
        c.people
            .iter()
            .filter(|p| p.atelier == Some(at.id))
            .map(|p| p.name.as_str())
            .collect()
    };
    assert_eq!(
        named(AtelierKind::Document),
        ["Jean Dupont", "Claire Fontaine"]
    );
    assert_eq!(named(AtelierKind::Atelier), ["Jean Dupont", "Luc Besson"]);
    assert_eq!(c.people_count(), 3);
}

/// When loose notes are split by period, the notes left in the folder's event have no date of
/// their own, so the event is undated: a date on one of their lines that says more (`Réunion du
/// 12 mars 2023`) dated it, and it came out as a second « Loose (12 mars 2023) ».
#[test]
fn notes_left_after_a_split_do_not_date_their_event() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("loose");
    write(&root, "n1.md", &note(1, Some("12 mars 2023")));
    write(
        &root,
        "n2.md",
        "# Atelier 2\n\nRéunion du 12 mars 2023, suite\n\n## Synthèse\n\nLa confiance.\n",
    );
    write(&root, "n3.md", &note(1, Some("Le 3 octobre 2023")));
    let c = Corpus::load(&root).unwrap();
    let shown: Vec<(String, Option<Date>)> = c
        .events
        .iter()
        .map(|e| (e.title.clone(), e.dates.map(|d| d.start)))
        .collect();
    assert_eq!(
        shown,
        [
            ("Loose (12 mars 2023)".to_string(), Date::new(2023, 3, 12)),
            ("Loose (3 octobre 2023)".to_string(), Date::new(2023, 10, 3)),
            ("Loose (sans date)".to_string(), None),
        ]
    );
}

/// Two notes of one event with one title are two ateliers named apart by their files: they
/// were two « Compte rendu » in every table and profile.
#[test]
fn notes_of_one_title_are_named_by_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Compte rendu\n\n## Synthèse\n\nLa confiance entre agents et élus.\n";
    write(dir.path(), "2023-05-01-forum/matin.md", text);
    write(
        dir.path(),
        "2023-05-01-forum/aprem.md",
        &text.replace("rendu", "Rendu"),
    );
    // Files of one name in two folders say their paths.
    write(dir.path(), "2023-05-01-forum/a/notes.md", text);
    write(dir.path(), "2023-05-01-forum/b/notes.md", text);
    write(dir.path(), "2023-05-01-forum/a/notes.txt", text);
    write(dir.path(), "2023-06-01-suite/bilan.md", text);
    let c = Corpus::load(dir.path()).unwrap();
    let mut labels: Vec<&str> = c.ateliers.iter().map(|a| a.label.as_str()).collect();
    labels.sort_unstable();
    // A title alone in its event keeps it as it is.
    assert_eq!(
        labels,
        [
            "Compte Rendu (Aprem)",
            "Compte rendu",
            "Compte rendu (2023-05-01-forum/a/notes.md)",
            "Compte rendu (2023-05-01-forum/a/notes.txt)",
            "Compte rendu (2023-05-01-forum/b/notes.md)",
            "Compte rendu (Matin)",
        ]
    );
}

/// For a report in English the loader's own words are English: events of one title say
/// `(16 November 2021)` and `(undated)`, not `(16 novembre 2021)` and `(sans date)`.
#[test]
fn the_labels_the_loader_makes_up_follow_the_language() {
    let opts = filrouge::corpus::LoadOptions {
        lang: filrouge::lang::Lang::En,
        ..Default::default()
    };
    let c = Corpus::load_with(Path::new("../shared/corpus-seeds"), &opts).unwrap();
    let titles: Vec<&str> = c.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Corpus seeds (29 September 2020)",
            "Corpus seeds (16 November 2021)",
            "Corpus seeds (undated)"
        ]
    );
}

/// An atelier field `1` and another `Atelier 1` name one atelier: they made two, both labelled
/// `Atelier 1`.
#[test]
fn an_atelier_field_written_two_ways_is_one_atelier() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reponses.jsonl",
        "{\"id\": \"a\", \"atelier\": \"1\", \"text\": \"La confiance.\"}\n\
         {\"id\": \"b\", \"atelier\": \"Atelier 1\", \"text\": \"La confiance encore.\"}\n\
         {\"id\": \"c\", \"atelier\": \"transport\", \"text\": \"Le covoiturage.\"}\n",
    );
    let c = Corpus::load(&dir.path().join("reponses.jsonl")).unwrap();
    let labels: Vec<&str> = c.ateliers.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["Atelier 1", "transport"]);
    assert_eq!(c.ateliers[0].documents.len(), 2);
}
