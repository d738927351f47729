//! A user lexicon: named themes grouping several terms, and terms to exclude.
//!
//! ```toml
//! # Terms never to show as themes (matched through the analyser: "faire" excludes "faisons"
//! # only if they share a stem).
//! exclude = ["faire", "chose"]
//!
//! [themes]
//! confiance = ["confiance", "défiance", "se faire confiance"]
//! "droit à l'erreur" = ["droit à l'erreur", "se tromper", "erreur"]
//! ```
//!
//! Each term is analysed like the notes, so `postures` and `posture` are one term; a term of
//! several words matches that word sequence.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// A parsed lexicon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// The file it came from.
    pub path: Option<PathBuf>,
    /// Named themes and their terms, in name order.
    pub themes: Vec<(String, Vec<String>)>,
    /// Terms to exclude.
    pub exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    themes: BTreeMap<String, toml::Spanned<Vec<String>>>,
}

impl Lexicon {
    /// Reads a lexicon file.
    pub fn read(path: &Path) -> Result<Lexicon> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        // Decoded as the notes are, a repaired UTF-8 file refused (see `decode_settings`).
        let src = crate::corpus::decode::decode_settings(bytes).map_err(|(line, reason)| {
            Error::Config {
                path: path.to_path_buf(),
                line,
                reason: format!("lexique invalide : {reason}"),
            }
        })?;
        Lexicon::parse(path, &src)
    }

    /// Parses lexicon text; `path` is used in messages.
    pub fn parse(path: &Path, src: &str) -> Result<Lexicon> {
        let line_at = |offset: usize| src[..offset.min(src.len())].matches('\n').count() + 1;
        let raw: RawLexicon = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(0, |s| line_at(s.start));
            let hint = src
                .lines()
                .nth(line.wrapping_sub(1))
                .and_then(unquoted_key_hint)
                .unwrap_or_default();
            Error::Config {
                path: path.to_path_buf(),
                line,
                reason: format!(
                    "lexique invalide : TOML : {}{hint}",
                    crate::error::one_line(e.message())
                ),
            }
        })?;
        let invalid = |offset: usize, reason: String| Error::Config {
            path: path.to_path_buf(),
            line: line_at(offset),
            reason: format!("lexique invalide : {reason}"),
        };
        for (name, terms) in &raw.themes {
            // A name is what the report shows: an empty one would be a theme without a title.
            if name.trim().is_empty() {
                return Err(invalid(terms.span().start, "un thème a un nom vide".into()));
            }
            if terms.get_ref().iter().all(|t| t.trim().is_empty()) {
                return Err(invalid(
                    terms.span().start,
                    format!("le thème « {name} » ne liste aucun terme"),
                ));
            }
        }
        Ok(Lexicon {
            path: Some(path.to_path_buf()),
            themes: raw
                .themes
                .into_iter()
                .map(|(name, terms)| (name, terms.into_inner()))
                .collect(),
            exclude: raw.exclude,
        })
    }
}

/// A hint for a TOML line whose key needs quotes: TOML writes a key bare only in ASCII letters,
/// digits, `_` and `-`, and a theme's name is French (`coopération = […]`, `droit à l'erreur =
/// […]`).
fn unquoted_key_hint(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if key.is_empty() || key.starts_with(['"', '\'', '[', '#']) || key.chars().all(bare) {
        return None;
    }
    Some(format!(
        " (un nom avec accents, espaces ou apostrophes s'écrit entre guillemets : \"{}\" = […])",
        key.replace('"', "\\\"")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme without terms is refused at its own line; an error without a line says none
    /// (not `:0`).
    #[test]
    fn an_empty_theme_is_refused_at_its_line() {
        let refusal = |src: &str| {
            Lexicon::parse(Path::new("l.toml"), src)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            refusal("[themes]\nconfiance = [\"confiance\"]\nposture = []\n"),
            "l.toml:3: lexique invalide : le thème « posture » ne liste aucun terme"
        );
        let e = Error::Config {
            path: "l.toml".into(),
            line: 0,
            reason: "x".into(),
        };
        assert_eq!(e.to_string(), "l.toml: x");
        assert_eq!(
            refusal("[themes]\nconfiance = [\"confiance\"]\n\" \" = [\"posture\"]\n"),
            "l.toml:3: lexique invalide : un thème a un nom vide"
        );
    }

    #[test]
    fn parses_themes_and_exclusions() {
        let l = Lexicon::parse(
            Path::new("l.toml"),
            "exclude = [\"faire\"]\n[themes]\nconfiance = [\"confiance\", \"défiance\"]\n",
        )
        .unwrap();
        assert_eq!(l.exclude, ["faire"]);
        assert_eq!(l.themes[0].0, "confiance");
        assert_eq!(l.themes[0].1, ["confiance", "défiance"]);
    }

    #[test]
    fn errors_name_the_line() {
        let e =
            Lexicon::parse(Path::new("l.toml"), "[themes]\nconfiance = \"oops\"\n").unwrap_err();
        match e {
            Error::Config { line, .. } => assert_eq!(line, 2),
            other => panic!("{other}"),
        }
        assert!(Lexicon::parse(Path::new("l.toml"), "[themes]\nx = []\n").is_err());
    }

    /// A theme named in French without quotes is refused with the way to write it.
    #[test]
    fn a_key_that_needs_quotes_is_told_how_to_write() {
        for (src, key) in [
            (
                "[themes]\ncoopération = [\"coopération\"]\n",
                "\"coopération\" = […]",
            ),
            (
                "[themes]\ndroit à l'erreur = [\"erreur\"]\n",
                "\"droit à l'erreur\" = […]",
            ),
        ] {
            let e = Lexicon::parse(Path::new("l.toml"), src).unwrap_err();
            let said = e.to_string();
            assert!(matches!(e, Error::Config { line: 2, .. }), "{said}");
            assert!(said.contains("entre guillemets"), "{said}");
            assert!(said.contains(key), "{said}");
        }
        // Quoted, it reads; an error elsewhere gets no such hint.
        let l = Lexicon::parse(Path::new("l.toml"), "[themes]\n\"coopération\" = [\"x\"]\n");
        assert_eq!(l.unwrap().themes[0].0, "coopération");
        let e = Lexicon::parse(Path::new("l.toml"), "[themes]\nconfiance = \"oops\"\n");
        assert!(!e.unwrap_err().to_string().contains("guillemets"));
    }
}
