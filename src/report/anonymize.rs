//! Pseudonyms for people's names: every full name and every name part (of at least three
//! letters) of the people a corpus names is replaced, wherever it occurs as a whole word, by a
//! stable pseudonym (`Participant·e 7`).
//!
//! People are numbered in corpus order ([`Corpus::people`](crate::corpus::Corpus::people), which
//! is deterministic), the same name written twice keeping one number. A name part shared by
//! several people (`Anne`) cannot be attributed and becomes a neutral mask (`[nom]`). Matching
//! ignores case, treats `’` as `'` and any white space as one space; accents must match.

use crate::corpus::Person;
use crate::corpus::structure::name_parts;

/// Replaces people's names in text; the identity when built with [`Pseudonymizer::identity`].
#[derive(Debug, Clone, Default)]
pub struct Pseudonymizer {
    /// Folded patterns and their replacement, longest first.
    patterns: Vec<(Vec<char>, String)>,
}

fn fold(c: char) -> char {
    if c == '’' {
        '\''
    } else if c.is_whitespace() {
        ' '
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

fn folded(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in s.trim().chars().map(fold) {
        if c == ' ' && out.last() == Some(&' ') {
            continue;
        }
        out.push(c);
    }
    out
}

impl Pseudonymizer {
    /// A pseudonymizer that changes nothing.
    pub fn identity() -> Self {
        Pseudonymizer::default()
    }

    /// Pseudonyms `{prefix} N` for `people`, numbered from 1 in their order; `masked` replaces
    /// name parts shared by several people.
    pub fn new(people: &[Person], prefix: &str, masked: &str) -> Self {
        let mut numbers: Vec<(Vec<char>, usize)> = Vec::new();
        for p in people {
            let key = folded(&p.name);
            if key.is_empty() || numbers.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let n = numbers.len() + 1;
            numbers.push((key, n));
        }
        let mut patterns: Vec<(Vec<char>, String)> = Vec::new();
        let mut parts: std::collections::BTreeMap<Vec<char>, Vec<usize>> = Default::default();
        for (key, n) in &numbers {
            let name: String = key.iter().collect();
            patterns.push((key.clone(), format!("{prefix} {n}")));
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() == 2 {
                let reversed = folded(&format!("{} {}", words[1], words[0]));
                patterns.push((reversed, format!("{prefix} {n}")));
            }
            for part in name_parts(&name) {
                let entry = parts.entry(folded(&part)).or_default();
                if !entry.contains(n) {
                    entry.push(*n);
                }
            }
        }
        for (part, owners) in parts {
            let replacement = if owners.len() == 1 {
                format!("{prefix} {}", owners[0])
            } else {
                masked.to_string()
            };
            patterns.push((part, replacement));
        }
        patterns.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        patterns.dedup_by(|a, b| a.0 == b.0);
        Pseudonymizer { patterns }
    }

    /// Whether this pseudonymizer changes anything.
    pub fn is_identity(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every name replaced.
    pub fn apply(&self, text: &str) -> String {
        if self.patterns.is_empty() {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let f: Vec<char> = chars.iter().map(|&c| fold(c)).collect();
        let word = |c: char| c.is_alphanumeric();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < chars.len() {
            if i == 0 || !word(f[i - 1]) {
                for (pat, rep) in &self.patterns {
                    let end = i + pat.len();
                    if end <= f.len() && f[i..end] == pat[..] && (end == f.len() || !word(f[end])) {
                        out.push_str(rep);
                        i = end;
                        continue 'outer;
                    }
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::PersonRole;

    fn person(name: &str) -> Person {
        Person {
            name: name.into(),
            role: PersonRole::Participant,
            atelier: None,
        }
    }

    #[test]
    fn names_and_parts_become_stable_pseudonyms() {
        let people = [
            person("Thierry AMBROSINI"),
            person("Anne LECHENE"),
            person("Anne Groiselle"),
            person("Amina Rouille d'Orfeuil"),
            person("Anne LECHENE"),
        ];
        let p = Pseudonymizer::new(&people, "Participant·e", "[nom]");
        assert_eq!(
            p.apply("Thierry Ambrosini et ANNE lechene, puis Anne seule."),
            "Participant·e 1 et Participant·e 2, puis [nom] seule."
        );
        assert_eq!(
            p.apply("Selon Groiselle et Amina Rouille d’Orfeuil ; AMBROSINI Thierry."),
            "Selon Participant·e 3 et Participant·e 4 ; Participant·e 1."
        );
        // Whole words only: `Anne` is not replaced inside `Annecy`, nor `Thierry` in `Thierryville`.
        assert_eq!(
            p.apply("À Annecy, Thierryville."),
            "À Annecy, Thierryville."
        );
        assert_eq!(p.apply("Thierry"), "Participant·e 1");
        assert!(Pseudonymizer::identity().is_identity());
        assert_eq!(Pseudonymizer::identity().apply("Anne"), "Anne");
    }
}
