//! A small event stream over XML (quick-xml), shared by the .docx and .odt readers.
//!
//! Names are kept qualified (`w:p`, `text:h`): both formats use fixed conventional prefixes.
//! Entity and character references are resolved; an empty element gives a start then an end.

use quick_xml::events::{BytesStart, Event};

use crate::corpus::SkipReason;

/// One XML event, simplified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum X {
    /// An element starts.
    Start {
        /// Qualified name.
        name: String,
        /// Attributes (qualified name, unescaped value).
        attrs: Vec<(String, String)>,
    },
    /// An element ends.
    End(String),
    /// Character data.
    Text(String),
}

impl X {
    /// The value of an attribute of a start event.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        match self {
            X::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Most nested elements accepted: deeper documents are refused rather than risk a stack of
/// per-element state growing without bound.
const MAX_DEPTH: usize = 512;

/// Walks `xml`, calling `f` for each event. Malformed XML gives [`SkipReason::Corrupt`] naming
/// `part`.
pub(crate) fn walk(xml: &str, part: &str, mut f: impl FnMut(X)) -> Result<(), SkipReason> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let corrupt = |pos: u64, e: &dyn std::fmt::Display| {
        SkipReason::Corrupt(format!("{part}: malformed XML at byte {pos}: {e}"))
    };
    let mut depth = 0usize;
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(s)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(SkipReason::Corrupt(format!(
                        "{part}: elements nested more than {MAX_DEPTH} deep"
                    )));
                }
                let (name, attrs) = start(&s);
                f(X::Start { name, attrs });
            }
            Ok(Event::Empty(s)) => {
                let (name, attrs) = start(&s);
                f(X::Start {
                    name: name.clone(),
                    attrs,
                });
                f(X::End(name));
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                f(X::End(
                    String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                ));
            }
            Ok(Event::Text(t)) => match t.xml_content() {
                Ok(s) => f(X::Text(s.into_owned())),
                Err(e) => return Err(corrupt(pos, &e)),
            },
            Ok(Event::CData(t)) => f(X::Text(String::from_utf8_lossy(&t).into_owned())),
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        let name = String::from_utf8_lossy(&r).into_owned();
                        quick_xml::escape::resolve_xml_entity(&name).map(str::to_string)
                    }
                    Err(e) => return Err(corrupt(pos, &e)),
                };
                if let Some(s) = resolved {
                    f(X::Text(s));
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(corrupt(pos, &e)),
        }
    }
}

fn start(s: &BytesStart<'_>) -> (String, Vec<(String, String)>) {
    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
    let attrs = s
        .attributes()
        .flatten()
        .map(|a| {
            let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let v = a
                .unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            (k, v)
        })
        .collect();
    (name, attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_with_references() {
        let mut seen = Vec::new();
        walk(
            "<a x=\"1&amp;2\"><b/>t&amp;&#233;<![CDATA[<c>]]></a>",
            "t.xml",
            |e| seen.push(e),
        )
        .unwrap();
        assert_eq!(seen[0].attr("x"), Some("1&2"));
        assert_eq!(
            seen[1],
            X::Start {
                name: "b".into(),
                attrs: vec![]
            }
        );
        assert_eq!(seen[2], X::End("b".into()));
        let text: String = seen
            .iter()
            .filter_map(|e| match e {
                X::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "t&é<c>");
    }

    #[test]
    fn malformed_is_corrupt() {
        let r = walk("<a><b></a>", "content.xml", |_| {});
        assert!(matches!(r, Err(SkipReason::Corrupt(m)) if m.contains("content.xml")));
    }
}
