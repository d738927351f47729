//! Inclusive writing (*écriture inclusive*): `élu·e·s`, `usager·ère·s`, `citoyen·nes`,
//! `tou·te·s`, common in the writing of French public bodies, read as the masculine form it
//! extends (`élus`, `usagers`, `citoyens`, `tous`), so that it joins its word's family instead of
//! making a family of its own (`élu·e·s` stemmed as `élu·e·`). The surface stays as written.

/// The points that cut an inclusive form: the middle dot (the usual one), the dot operator and
/// the bullet (typed in its place).
const POINTS: &[char] = &['·', '⋅', '•'];

/// The masculine form an inclusive form extends, plural when its last part is (`élu·e·s` →
/// `élus`, `acteur·rice·s` → `acteurs`, `citoyen·nes` → `citoyens`, `chacun·e` → `chacun`,
/// `français·es` → `français`); `None` for a word without an inclusive point, or with nothing
/// before or after it.
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
    let last = parts.next_back()?;
    if base.is_empty() || last.is_empty() || !base.chars().all(char::is_alphabetic) {
        return None;
    }
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
            ("agent•e•s", Some("agents")),
            ("français·es", Some("français")),
            ("chacun⋅e", Some("chacun")),
            ("élus", None),
            ("·es", None),
            ("élu·", None),
        ] {
            assert_eq!(inclusive_masculine(form).as_deref(), want, "{form}");
        }
    }
}
