//! Readers on real files made by LibreOffice and by hand (see tests/fixtures/readers/README.md),
//! loaded through `Corpus::load` so that structure inference runs on what they extract.

use std::path::Path;

use filrouge::corpus::readers::{SourceFormat, iramuteq};
use filrouge::corpus::{BlockKind, Corpus, Date, Document, PersonRole, SectionKind, TextEncoding};

const FIXTURES: &str = "tests/fixtures/readers";

/// Loads a corpus folder holding copies of the named fixtures (and optional extra files).
fn load(names: &[&str], extra: &[(&str, &str)]) -> (tempfile::TempDir, Corpus) {
    let tmp = tempfile::tempdir().unwrap();
    for n in names {
        std::fs::copy(Path::new(FIXTURES).join(n), tmp.path().join(n)).unwrap();
    }
    for (n, content) in extra {
        std::fs::write(tmp.path().join(n), content).unwrap();
    }
    let corpus = Corpus::load(tmp.path()).unwrap();
    (tmp, corpus)
}

fn block_texts(c: &Corpus, doc: &Document, kind: SectionKind) -> Vec<(BlockKind, String)> {
    doc.sections
        .iter()
        .map(|s| &c.sections[s.index()])
        .filter(|s| s.kind == kind)
        .flat_map(|s| s.blocks.iter())
        .filter(|b| b.furniture.is_none())
        .map(|b| (b.kind, c.block_text(doc.id, b).to_string()))
        .collect()
}

/// The notes fixture, whatever its format, gives the same structure.
fn check_notes(name: &str, tables: bool) -> Corpus {
    let (_tmp, c) = load(&[name], &[]);
    assert!(c.skipped.is_empty(), "{name}: {:?}", c.skipped);
    assert_eq!(c.documents.len(), 1, "{name}");
    let doc = &c.documents[0];
    let kinds: Vec<(SectionKind, Option<u32>)> = doc
        .sections
        .iter()
        .map(|s| &c.sections[s.index()])
        .filter(|s| s.kind != SectionKind::Other)
        .map(|s| (s.kind, c.ateliers[s.atelier.index()].number))
        .collect();
    assert_eq!(
        kinds,
        [
            (SectionKind::Question, Some(1)),
            (SectionKind::Porteur, Some(1)),
            (SectionKind::Participants, Some(1)),
            (SectionKind::Synthese, Some(1)),
            (SectionKind::Discussion, Some(1)),
            (SectionKind::Idees, Some(1)),
        ],
        "{name}"
    );
    let atelier = &c.ateliers[c.sections[doc.sections.first().unwrap().index()]
        .atelier
        .index()];
    assert_eq!(
        atelier.question.as_deref(),
        Some("Comment faire émerger des projets de coopération entre collectivités ?"),
        "{name}"
    );
    assert_eq!(
        block_texts(&c, doc, SectionKind::Synthese),
        [
            (
                BlockKind::Paragraph,
                "La confiance entre agents et élus est la condition de toute coopération durable."
                    .to_string()
            ),
            (
                BlockKind::Bullet,
                "créer des espaces de rencontre réguliers".to_string()
            ),
            (
                BlockKind::Bullet,
                "partager les réussites comme les échecs".to_string()
            ),
        ],
        "{name}"
    );
    let people: Vec<(&str, PersonRole)> =
        c.people.iter().map(|p| (p.name.as_str(), p.role)).collect();
    assert_eq!(
        people,
        [
            ("Thierry AMBROSINI", PersonRole::Porteur),
            ("Anne LECHENE", PersonRole::Participant),
            ("Sophie Largeau", PersonRole::Participant),
        ],
        "{name}"
    );
    let discussion = block_texts(&c, doc, SectionKind::Discussion);
    if tables {
        assert_eq!(
            discussion,
            [
                (BlockKind::TableRow, "| Idée | Portée |".to_string()),
                (
                    BlockKind::TableRow,
                    "| Tiers-lieux ouverts aux habitants | Locale |".to_string()
                ),
                (
                    BlockKind::TableRow,
                    "| Réseau des innovateurs publics | Nationale |".to_string()
                ),
            ],
            "{name}"
        );
    } else {
        assert_eq!(discussion.len(), 3, "{name}: {discussion:?}");
    }
    c
}

#[test]
fn docx_from_libreoffice() {
    let c = check_notes("notes.docx", true);
    assert_eq!(
        c.documents[0].encoding,
        TextEncoding::Extracted(SourceFormat::Docx)
    );
    assert_eq!(
        c.events[0].dates.unwrap().start,
        Date::new(2020, 9, 14).unwrap()
    );
}

#[test]
fn odt_from_libreoffice() {
    let c = check_notes("notes.odt", true);
    assert_eq!(
        c.documents[0].encoding,
        TextEncoding::Extracted(SourceFormat::Odt)
    );
    assert_eq!(
        c.events[0].dates.unwrap().start,
        Date::new(2020, 9, 14).unwrap()
    );
}

#[test]
fn html_pad_export() {
    let c = check_notes("notes.html", true);
    assert_eq!(c.documents[0].encoding, TextEncoding::Utf8);
    let text = c.text(c.documents[0].id);
    assert!(!text.contains("secret"), "script text leaked");
    assert!(!text.contains("color"), "style text leaked");
}

#[test]
fn pdf_from_libreoffice_without_page_furniture() {
    let c = check_notes("notes.pdf", false);
    let doc = &c.documents[0];
    assert_eq!(doc.encoding, TextEncoding::Extracted(SourceFormat::Pdf));
    let text = c.text(doc.id);
    assert!(!text.contains("compte rendu"), "{text}");
    assert!(!text.contains("Page 2"), "{text}");
    assert!(
        c.warnings.iter().any(|w| w
            .message
            .starts_with("6 lignes d'en-tête, de pied de page ou de numéro de page")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn csv_rows_with_manifest_columns() {
    let manifest = "[[event]]\nid = \"forum2020\"\n\n[[file]]\npath = \"consultation.csv\"\n\
                    event = \"forum2020\"\nfields = { text = \"contribution\", id = \"uid\", event = \"evenement\" }\n\n\
                    [[file]]\npath = \"reponses.tsv\"\nevent = \"forum2020\"\n";
    let (_tmp, c) = load(
        &["consultation.csv", "reponses.tsv"],
        &[("filrouge.toml", manifest)],
    );
    let docs: Vec<(String, Option<u32>, Option<&str>, &str)> = c
        .documents
        .iter()
        .map(|d| {
            (
                d.path.display().to_string(),
                d.line.map(|l| l.get()),
                d.external_id.as_deref(),
                c.events[d.event.index()].key.as_str(),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            ("consultation.csv".into(), Some(2), Some("c1"), "forum2020"),
            ("consultation.csv".into(), Some(4), Some("c2"), "forum2020"),
            ("consultation.csv".into(), Some(6), Some("c4"), "univ2021"),
            ("reponses.tsv".into(), Some(2), Some("t1"), "forum2020"),
        ]
    );
    // The empty row is accounted for, with its line.
    assert_eq!(c.skipped.len(), 1);
    assert_eq!(
        (c.skipped[0].line, c.skipped[0].path.to_str()),
        (Some(5), Some("consultation.csv"))
    );
    let first = &c.documents[0];
    let s = &c.sections[first.sections.first().unwrap().index()];
    assert_eq!(s.kind, SectionKind::Synthese);
    assert_eq!(s.blocks.len(), 2);
    assert_eq!(c.ateliers[s.atelier.index()].number, Some(1));
    assert_eq!(
        first.variables(),
        [("commune".to_string(), "Grenoble".to_string())]
    );
    let univ = c.events.iter().find(|e| e.key == "univ2021").unwrap();
    assert_eq!(univ.dates.unwrap().start, Date::new(2021, 11, 16).unwrap());
    let tsv = &c.documents[3];
    assert_eq!(
        c.ateliers[c.sections[tsv.sections.first().unwrap().index()]
            .atelier
            .index()]
        .number,
        Some(3)
    );
}

#[test]
fn iramuteq_corpus_by_content() {
    // In Markdown a `****` line is a thematic break: that note stays a note.
    let (_tmp, c) = load(
        &["corpus_iramuteq.txt"],
        &[("separateur.md", "****\n\n## Synthèse\n\nUne note.\n")],
    );
    assert!(c.skipped.is_empty(), "{:?}", c.skipped);
    let note = c.documents.last().unwrap();
    assert_eq!(
        (note.path.to_str(), note.line),
        (Some("separateur.md"), None)
    );
    let docs: Vec<(Option<u32>, &str, Option<u32>, SectionKind)> = c
        .documents
        .iter()
        .filter(|d| *d.path == *Path::new("corpus_iramuteq.txt"))
        .map(|d| {
            let s = &c.sections[d.sections.first().unwrap().index()];
            (
                d.line.map(|l| l.get()),
                c.events[d.event.index()].key.as_str(),
                c.ateliers[s.atelier.index()].number,
                s.kind,
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            (Some(1), "forum2020", Some(1), SectionKind::Synthese),
            (Some(5), "forum2020", Some(2), SectionKind::Discussion),
            (Some(7), "forum2020", Some(2), SectionKind::Discussion),
            (Some(10), "univ2021", Some(1), SectionKind::Discussion),
        ]
    );
    assert_eq!(
        c.documents[0].variables(),
        [("ville".to_string(), "grenoble".to_string())]
    );
    assert_eq!(
        c.documents[2].variables(),
        [("theme".to_string(), "numerique".to_string())]
    );
    assert_eq!(
        c.text(c.documents[2].id),
        "Le numérique ne remplace pas la rencontre."
    );
    let forum = c.events.iter().find(|e| e.key == "forum2020").unwrap();
    assert_eq!(forum.dates.unwrap().start, Date::new(2020, 9, 14).unwrap());
}

/// (event, atelier number, section kind, lines) of each analysable section.
type Unit = (String, Option<u32>, SectionKind, Vec<String>);

fn units(c: &Corpus) -> Vec<Unit> {
    let mut out = Vec::new();
    for d in &c.documents {
        for sid in &d.sections {
            let s = &c.sections[sid.index()];
            if s.kind.is_names() {
                continue;
            }
            let lines: Vec<String> = s
                .blocks
                .iter()
                .filter(|b| b.furniture.is_none())
                .map(|b| c.block_text(d.id, b).to_string())
                .collect();
            if lines.is_empty() {
                continue;
            }
            out.push((
                iramuteq::modality(&c.events[d.event.index()].key),
                c.ateliers[s.atelier.index()].number,
                s.kind,
                lines,
            ));
        }
    }
    out
}

#[test]
fn iramuteq_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let ev = tmp.path().join("forum2020");
    std::fs::create_dir_all(&ev).unwrap();
    std::fs::write(
        ev.join("ateliers.md"),
        "Forum du 14 septembre 2020\n\n# Atelier 1 - Emergence\n\n## Question\n\nComment coopérer ?\n\n\
         ## Porteur\n\nThierry AMBROSINI\n\n## Synthèse\n\nLa confiance d'abord.\n\n- des lieux de rencontre\n\n\
         # Atelier 2\n\n## Éléments importants de la discussion\n\n- les tiers-lieux\n- le numérique au service du lien\n",
    )
    .unwrap();
    let original = Corpus::load(tmp.path()).unwrap();
    let written = iramuteq::write(&original);
    assert!(
        written.contains(
            "**** *event_forum2020 *atelier_forum2020atelier1 *section_question *doc_0 *date_20200914\n\
             Comment coopérer ?\n\n"
        ),
        "{written}"
    );
    assert!(!written.contains("AMBROSINI"), "names are not exported");

    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("export.txt"), &written).unwrap();
    let back = Corpus::load(out.path()).unwrap();
    assert!(back.skipped.is_empty(), "{:?}", back.skipped);
    let expected = units(&original);
    assert_eq!(expected.len(), 4, "{expected:?}");
    assert_eq!(units(&back), expected);
    assert_eq!(back.events.len(), 1);
    assert_eq!(back.events[0].key, "forum2020");
    assert_eq!(back.events[0].dates, original.events[0].dates);
    // Writing the reloaded corpus again gives the same file.
    assert_eq!(iramuteq::write(&back), written);
}

/// A Word, LibreOffice or PDF document saved under a note's name (`.txt`, `.md`) is read as
/// what it is, with a warning saying so (it was skipped as binary): the same text as under its
/// own name. A zip archive of something else is still skipped.
#[test]
fn a_document_saved_as_a_note_is_read_as_what_it_is() {
    for (name, renamed, said) in [
        ("notes.docx", "compte-rendu.txt", "un document Word"),
        ("notes.odt", "compte-rendu.md", "un document LibreOffice"),
        ("notes.pdf", "compte-rendu.txt", "un PDF"),
    ] {
        let (_a, original) = load(&[name], &[]);
        let tmp = tempfile::tempdir().unwrap();
        std::fs::copy(Path::new(FIXTURES).join(name), tmp.path().join(renamed)).unwrap();
        let c = Corpus::load(tmp.path()).unwrap();
        assert!(c.skipped.is_empty(), "{renamed}: {:?}", c.skipped);
        assert_eq!(c.documents.len(), 1);
        assert_eq!(
            c.text(c.documents[0].id),
            original.text(original.documents[0].id)
        );
        assert_eq!(c.documents[0].encoding, original.documents[0].encoding);
        let format = name.rsplit('.').next().unwrap();
        let warning = format!(
            "ce fichier est {said}, pas du texte : lu comme tel (renommez-le en .{format})"
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w.message == warning && w.path == Path::new(renamed)),
            "{:?}",
            c.warnings
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut zip = std::fs::read(Path::new(FIXTURES).join("notes.docx")).unwrap();
    // The same archive without the name of a Word document's body: not a Word document.
    let mut renamed = 0;
    while let Some(at) = zip.windows(17).position(|w| w == b"word/document.xml") {
        zip[at..at + 17].copy_from_slice(b"word/documenx.xml");
        renamed += 1;
    }
    assert!(renamed > 0);
    std::fs::write(tmp.path().join("archive.txt"), &zip).unwrap();
    let c = Corpus::load(tmp.path()).unwrap();
    assert_eq!(c.skipped.len(), 1, "{:?}", c.skipped);
    assert!(c.documents.is_empty());
}
