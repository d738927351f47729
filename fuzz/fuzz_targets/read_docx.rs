//! The .docx reader: raw bytes (first byte odd), or the bytes as `word/document.xml` of a
//! well-formed archive (first byte even) so that the XML walk is what gets fuzzed.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 1 {
        common::read("f.docx", rest);
    } else {
        let styles: &[u8] = br#"<w:styles><w:style w:styleId="Titre1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
        let zip = common::zip_of(&[("word/document.xml", rest), ("word/styles.xml", styles)]);
        common::read("f.docx", &zip);
    }
});
