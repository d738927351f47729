//! Inclusive writing (*écriture inclusive*): `élu·e·s`, `usager·ère·s`, `citoyen·nes`,
//! `tou·te·s`, common in the writing of French public bodies, read as the masculine form it
//! extends (`élus`, `usagers`, `citoyens`, `tous`), so that it joins its word's family instead of
//! making a family of its own (`élu·e·s` stemmed as `élu·e·`). The surface stays as written.
//!
//! The middle dot says nothing else in a word; the full stop, the hyphen and brackets do
//! (`fin.et`, `rapport.pdf`, `peut-être`, `(élus)`), so the forms written with them
//! (`élu.e.s`, `prêt.e`, `Quelle.s`, `élu-e-s`, `élu(e)`, `le(s)`, `acteur(rice)s`) are read
//! only with a known ending that fits the word's end (see [`fits`]).

/// The point that cuts an inclusive form: the middle dot (the tokenizer keeps it inside a word;
/// a bullet or a dot operator in its place cuts the word, and is not read here).
const POINTS: &[char] = &['·'];

/// The longest feminine or plural part after a point (`rice`, `trice`, `ères`, `nes`): a
/// longer one is a word of its own (`mobilité·logement`), not an inclusive ending.
const MAX_ENDING: usize = 5;

/// The marks that may cut an inclusive form besides the middle dot, where they may also mean
/// something else: the full stop and the hyphens (`-`, U+2010, U+2011).
fn is_mark(c: char) -> bool {
    c == '.' || super::compound::is_hyphen(c)
}

/// Whether `ending` is a feminine or plural ending of inclusive writing that fits `base`, the
/// masculine before it (normalised): `e`, `es`, `s` after any word; an ending that doubles or
/// changes the word's last consonant only after that consonant (`citoyen.ne`, `nouvel.le`,
/// `muet.te` and `tou.te`, `heureux.se`, `sportif.ve`, `usager.ère`, `acteur.rice`,
/// `directeur.trice`, `travailleur.euse`). So a full stop glued to the next sentence's first
/// word (`fin.et`, `fin.le`) is no inclusive form.
fn fits(base: &str, ending: &str) -> bool {
    let ending = match ending.strip_suffix('s') {
        Some("") => return true,
        Some(singular) => singular,
        None => ending,
    };
    match ending {
        "e" => true,
        "ne" => base.ends_with('n'),
        "le" => base.ends_with('l'),
        "te" => base.ends_with('t') || base == "tou",
        "se" => base.ends_with('x'),
        "ve" => base.ends_with('f'),
        "ère" => base.ends_with("er"),
        "rice" | "trice" | "euse" => base.ends_with("eur"),
        _ => false,
    }
}

/// Whether `inner`, between brackets right after a word, is an inclusive ending of four or
/// five letters (`acteur(rice)s`, `directeur(trice)`): the tokenizer keeps such brackets in the
/// word, as it keeps any of one to three letters (`élu(e)s`, `agent(s)`).
pub(crate) fn is_long_ending(inner: &str) -> bool {
    matches!(
        inner,
        "rice" | "rices" | "trice" | "trices" | "euse" | "euses" | "ères"
    )
}

/// Whether `base` can be the masculine form before an ending: two letters or more, letters
/// and inner hyphens only (`porte-parole`).
fn is_base(base: &str) -> bool {
    base.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && base
            .chars()
            .all(|c| c.is_alphabetic() || is_mark(c) && c != '.')
        && !base.starts_with(is_mark)
        && !base.ends_with(is_mark)
}

/// The masculine form an inclusive form extends, plural when its last part is (`élu·e·s` →
/// `élus`, `acteur·rice·s` → `acteurs`, `citoyen·nes` → `citoyens`, `chacun·e` → `chacun`,
/// `français·es` → `français`, `porte-parole·s` → `porte-paroles`); `None` for a word without
/// an inclusive point, with nothing before or after it, or whose parts after the base are not
/// short endings (`co·construit·e·s`, `mobilité·logement`, `député·e·s-maires`).
///
/// Written with a full stop or hyphens, the same (`élu.e.s`, `élu-e-s` → `élus`, `prêt.e` →
/// `prêt`, `quelle.s` → `quelles`), when the endings fit the word (see the module doc): not
/// `fin.et`, `rapport.pdf`, `peut-être`. With brackets, the form without what they hold
/// (`élu(e)` → `élu`, `élu(e)s` → `élus`, `le(s)` → `le`, `élu(s)` → `élu`).
///
/// ```
/// use filrouge::text::inclusive_masculine;
/// assert_eq!(inclusive_masculine("élu·e·s").as_deref(), Some("élus"));
/// assert_eq!(inclusive_masculine("usager·ère·s").as_deref(), Some("usagers"));
/// assert_eq!(inclusive_masculine("directeur·rice").as_deref(), Some("directeur"));
/// assert_eq!(inclusive_masculine("élu.e").as_deref(), Some("élu"));
/// assert_eq!(inclusive_masculine("élu(e)s").as_deref(), Some("élus"));
/// assert_eq!(inclusive_masculine("élus"), None);
/// assert_eq!(inclusive_masculine("peut-être"), None);
/// ```
pub fn inclusive_masculine(word: &str) -> Option<String> {
    if !word.contains(POINTS) {
        return marked_masculine(word);
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

/// [`inclusive_masculine`] of a word written with a full stop, hyphens or brackets.
fn marked_masculine(word: &str) -> Option<String> {
    // Most words hold none of these marks.
    if !word.contains(|c| is_mark(c) || c == '(') {
        return None;
    }
    if let Some((base, rest)) = word.split_once('(') {
        // `élu(e)s`: the base, an ending in brackets, then nothing or a plural `s`.
        let (inner, after) = rest.split_once(')')?;
        let inner_ok = fits(base, inner) || inner == "s";
        return (is_base(base) && inner_ok && matches!(after, "" | "s") && !inner.is_empty())
            .then(|| format!("{base}{after}"));
    }
    // `élu.e.s`, `citoyen-ne-s`, `quelle.s`: the base, an ending, and perhaps a plural `s`.
    let (rest, last) = word.rsplit_once(is_mark)?;
    let (base, plural) = match rest.rsplit_once(is_mark) {
        Some((base, first))
            if last == "s" && first != "s" && is_base(base) && fits(base, first) =>
        {
            (base, true)
        }
        _ if is_base(rest) && fits(rest, last) => (rest, last.ends_with('s')),
        _ => return None,
    };
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

    /// With a full stop, hyphens or brackets, only known endings that fit the word are read:
    /// not a full stop glued to the next word, a file name, an abbreviation, a compound.
    #[test]
    fn forms_with_a_full_stop_hyphens_or_brackets_read_as_their_masculine() {
        for (form, want) in [
            ("élu.e", Some("élu")),
            ("élu.e.s", Some("élus")),
            ("élu.es", Some("élus")),
            ("prêt.e", Some("prêt")),
            ("quelle.s", Some("quelles")),
            ("déclinaison.s", Some("déclinaisons")),
            ("opérationnelle.s", Some("opérationnelles")),
            ("citoyen.ne.s", Some("citoyens")),
            ("nouvel.le.s", Some("nouvels")),
            ("tou.te.s", Some("tous")),
            ("acteur.rice.s", Some("acteurs")),
            ("directeur.trice", Some("directeur")),
            ("usager.ère.s", Some("usagers")),
            ("heureux.se", Some("heureux")),
            ("porte-parole.s", Some("porte-paroles")),
            ("élu-e-s", Some("élus")),
            ("élu-e", Some("élu")),
            ("citoyen-ne-s", Some("citoyens")),
            ("élu(e)", Some("élu")),
            ("élu(e)s", Some("élus")),
            ("élu(s)", Some("élu")),
            ("le(s)", Some("le")),
            ("agent(s)", Some("agent")),
            ("acteur(rice)s", Some("acteurs")),
            ("autre(s)", Some("autre")),
            // Not inclusive writing.
            ("fin.et", None),
            ("fin.le", None),
            ("fin.te", None),
            ("rapport.pdf", None),
            ("www.x.fr", None),
            ("prenom.nom@x.fr", None),
            ("m.", None),
            ("cf.", None),
            ("1.5", None),
            ("j.-c.", None),
            ("s.e", None),
            ("peut-être", None),
            ("co-construction", None),
            ("vice-président", None),
            ("e-mail", None),
            ("-t-elle", None),
            ("élus", None),
            ("mot(exemple)", None),
            ("pv(cr)", None),
            ("élu(e)x", None),
            ("élu()", None),
            ("(élus)", None),
            ("élu.s.s", None),
        ] {
            assert_eq!(inclusive_masculine(form).as_deref(), want, "{form}");
        }
    }
}
