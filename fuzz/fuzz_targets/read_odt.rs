//! The .odt reader: raw bytes (first byte odd), or the bytes as `content.xml` of a well-formed
//! archive (first byte even).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 1 {
        common::read("f.odt", rest);
    } else {
        let zip = common::zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", rest),
        ]);
        common::read("f.odt", &zip);
    }
});
