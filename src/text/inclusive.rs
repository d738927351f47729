//! Inclusive writing (*écriture inclusive*): `élu·e·s`, `usager·ère·s`, `citoyen·nes`,
//! `tou·te·s`, common in the writing of French public bodies, read as the masculine form it
//! extends (`élus`, `usagers`, `citoyens`, `tous`), so that it joins its word's family instead of
//! making a family of its own (`élu·e·s` stemmed as `élu·e·`). The surface stays as written.

/// The point that cuts an inclusive form: the middle dot (the tokenizer keeps it inside a word;
/// a bullet or a dot operator in its place cuts the word, and is not read here).
const POINTS: &[char] = &['·'];

/// The longest feminine or plural part after a point (`rice`, `trice`, `ères`, `nes`): a
/// longer one is a word of its own (`mobilité·logement`), not an inclusive ending.
const MAX_ENDING: usize = 5;

/// The masculine form an inclusive form extends, plural when its last part is (`élu·e·s` →
/// `élus`, `acteur·rice·s` → `acteurs`, `citoyen·nes` → `citoyens`, `chacun·e` → `chacun`,
/// `français·es` → `français`, `porte-parole·s` → `porte-paroles`); `None` for a word without
/// an inclusive point, with nothing before or after it, or whose parts after the base are not
/// short endings (`co·construit·e·s`, `mobilité·logement`, `député·e·s-maires`).
///
/// ```
/// use filrouge::text::inclusive_masculine;
/// assert_eq!(inclusive_masculine("élu·e·s").as_deref(), Some("élus"));
/// assert_eq!(inclusive_masculine("usager·ère·s").as_deref(), Some("usagers"));
/// assert_eq!(inclusive_masculine("directeur·rice").as_deref(), Some("directeur"));
/// assert_eq!(inclusive_masculine("élus"), None);
/// ```
pub fn inclusive_masculine(word: &str) -> Option<String> {
    if !word.contains(POINTS) {
        return None;
    }
    let mut parts = word.split(POINTS);
    let base = parts.next()?;
    if base.is_empty() || !base.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    let endings: Vec<&str> = parts.collect();
    let ending = |e: &&str| {
        !e.is_empty() && e.chars().count() <= MAX_ENDING && e.chars().all(char::is_alphabetic)
    };
    if !endings.iter().all(ending) {
        return None;
    }
    let last = endings.last()?;
    let plural = last.ends_with(['s', 'x']);
    let mut out = base.to_string();
    if plural && !base.ends_with(['s', 'x']) {
        out.push('s');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inclusive_forms_read_as_their_masculine() {
        for (form, want) in [
            ("élu·e·s", Some("élus")),
            ("élu·es", Some("élus")),
            ("élu·e", Some("élu")),
            ("usager·ère·s", Some("usagers")),
            ("usager·ères", Some("usagers")),
            ("citoyen·ne·s", Some("citoyens")),
            ("citoyen·nes", Some("citoyens")),
            ("tou·te·s", Some("tous")),
            ("acteur·rice·s", Some("acteurs")),
            ("agent•e•s", None),
            ("français·es", Some("français")),
            ("chacun·e", Some("chacun")),
            ("porte-parole·s", Some("porte-paroles")),
            ("co·construit·e·s", None),
            ("mobilité·logement·santé", None),
            ("député·e·s-maires", None),
            ("élus", None),
            ("·es", None),
            ("élu·", None),
        ] {
            assert_eq!(inclusive_masculine(form).as_deref(), want, "{form}");
        }
    }
}
