//! Association measures: how strongly two items go together, from unit counts.
//!
//! Every measure reads the same four counts over `n` units (sentences or windows):
//! `a` = units containing x, `b` = units containing y, `ab` = units containing both.
//! Preconditions: `ab ≤ min(a, b)` and `max(a, b) ≤ n`, and `a + b − ab ≤ n`. Counts that break
//! them are a caller bug; the functions do not panic on them (cells of the 2×2 table saturate at
//! zero) but their value is then meaningless.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::UnknownName;

/// How an edge's weight is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Raw co-occurrence count `ab`.
    Count,
    /// Jaccard index `ab / (a + b − ab)`, in [0, 1].
    Jaccard,
    /// Dice coefficient `2ab / (a + b)`, in [0, 1].
    Dice,
    /// Normalised pointwise mutual information, in [−1, 1]; see [`npmi`].
    Npmi,
    /// Signed log-likelihood ratio G² (Dunning 1993); see [`log_likelihood`]. Serialised as
    /// `ll`, like [`Measure::as_str`].
    #[serde(rename = "ll")]
    LogLikelihood,
    /// Cosine similarity. For atelier profiles it is the cosine of TF-IDF vectors
    /// ([`super::tfidf_cosine`]); from unit counts it is the cosine of the two binary incidence
    /// vectors, `ab / √(a·b)` (the Ochiai coefficient).
    Cosine,
}

/// Accepted spellings, for error messages.
const MEASURE_NAMES: &str = "count, jaccard, dice, npmi, ll (log-likelihood), cosine";

impl Measure {
    /// Every measure, in declaration order.
    pub const ALL: [Measure; 6] = [
        Measure::Count,
        Measure::Jaccard,
        Measure::Dice,
        Measure::Npmi,
        Measure::LogLikelihood,
        Measure::Cosine,
    ];

    /// The canonical name (`count`, `jaccard`, `dice`, `npmi`, `ll`, `cosine`), accepted back by
    /// [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Jaccard => "jaccard",
            Measure::Dice => "dice",
            Measure::Npmi => "npmi",
            Measure::LogLikelihood => "ll",
            Measure::Cosine => "cosine",
        }
    }

    /// The measure's value for one pair, from unit counts (see the module doc for `n, a, b, ab`).
    pub fn score(self, n: u64, a: u64, b: u64, ab: u64) -> f64 {
        match self {
            Measure::Count => ab as f64,
            Measure::Jaccard => jaccard(a, b, ab),
            Measure::Dice => dice(a, b, ab),
            Measure::Npmi => npmi(n, a, b, ab),
            Measure::LogLikelihood => log_likelihood(n, a, b, ab),
            Measure::Cosine => ochiai(a, b, ab),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Measure {
    type Err = UnknownName;

    /// Case-insensitive; `ll`, `log-likelihood`, `loglikelihood` and `g2` all mean
    /// [`Measure::LogLikelihood`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "count" => Ok(Measure::Count),
            "jaccard" => Ok(Measure::Jaccard),
            "dice" => Ok(Measure::Dice),
            "npmi" => Ok(Measure::Npmi),
            "ll" | "log-likelihood" | "loglikelihood" | "log_likelihood" | "g2" => {
                Ok(Measure::LogLikelihood)
            }
            "cosine" => Ok(Measure::Cosine),
            _ => Err(UnknownName {
                what: "mesure inconnue",
                given: s.to_owned(),
                expected: MEASURE_NAMES,
            }),
        }
    }
}

/// Jaccard index `ab / (a + b − ab)`; 0 when neither occurs.
pub fn jaccard(a: u64, b: u64, ab: u64) -> f64 {
    let union = (a + b).saturating_sub(ab);
    if union == 0 {
        0.0
    } else {
        ab as f64 / union as f64
    }
}

/// Dice coefficient `2ab / (a + b)`; 0 when neither occurs.
pub fn dice(a: u64, b: u64, ab: u64) -> f64 {
    if a + b == 0 {
        0.0
    } else {
        2.0 * ab as f64 / (a + b) as f64
    }
}

/// Ochiai coefficient `ab / √(a·b)` (cosine of the binary incidence vectors); 0 when either
/// never occurs.
pub fn ochiai(a: u64, b: u64, ab: u64) -> f64 {
    if a == 0 || b == 0 {
        0.0
    } else {
        ab as f64 / ((a as f64) * (b as f64)).sqrt()
    }
}

/// Normalised PMI: `ln(p(xy) / (p(x)·p(y))) / −ln p(xy)` with `p(x) = a/n` etc. (Bouma 2009).
///
/// Edge cases, following the limits: `ab = 0` (never together) gives −1, the minimum;
/// `p(xy) = 1` (both in every unit, where the formula is 0/0) gives 1, the maximum; `n = 0`
/// gives 0 (no evidence).
pub fn npmi(n: u64, a: u64, b: u64, ab: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    if ab == 0 {
        return -1.0;
    }
    if ab >= n {
        return 1.0;
    }
    let n = n as f64;
    let p_xy = ab as f64 / n;
    let pmi = (p_xy / ((a as f64 / n) * (b as f64 / n))).ln();
    (pmi / -p_xy.ln()).clamp(-1.0, 1.0)
}

/// Signed log-likelihood ratio G² of the 2×2 contingency table (Dunning 1993):
/// `G² = 2 Σ O·ln(O/E)` over the four cells `ab`, `a−ab`, `b−ab`, `n−a−b+ab`, with expected
/// counts `E` from the margins and `0·ln 0 = 0`.
///
/// The sign is that of `ab − a·b/n`: positive when x and y co-occur more than chance would have
/// it (attraction), negative when less (repulsion), so that a `min_weight` threshold keeps only
/// attractions. `|G²|` follows a χ² law with one degree of freedom under independence
/// (3.84 ⇔ p = 0.05, 10.83 ⇔ p = 0.001). Returns 0 when `n = 0` or a margin is empty.
pub fn log_likelihood(n: u64, a: u64, b: u64, ab: u64) -> f64 {
    if n == 0 || a == 0 || b == 0 || a >= n || b >= n {
        // A margin is empty or full: the table carries no evidence of association.
        return 0.0;
    }
    let k11 = ab;
    let k12 = a.saturating_sub(ab);
    let k21 = b.saturating_sub(ab);
    let k22 = (n + ab).saturating_sub(a + b);
    let (nf, af, bf) = (n as f64, a as f64, b as f64);
    let cells = [
        (k11, af * bf / nf),
        (k12, af * (nf - bf) / nf),
        (k21, (nf - af) * bf / nf),
        (k22, (nf - af) * (nf - bf) / nf),
    ];
    let g2: f64 = 2.0
        * cells
            .iter()
            .filter(|(o, _)| *o > 0)
            .map(|&(o, e)| o as f64 * (o as f64 / e).ln())
            .sum::<f64>();
    // G² is ≥ 0 in exact arithmetic; rounding may leave a tiny negative at independence.
    let g2 = g2.max(0.0);
    if (ab as f64) * nf < af * bf { -g2 } else { g2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-9
    }

    // The running example: 10 units, x in 4, y in 5, both in 3.
    // Table: [[3, 1], [2, 4]]; expected [[2, 2], [3, 3]].

    #[test]
    fn jaccard_dice_ochiai_by_hand() {
        assert!(close(jaccard(4, 5, 3), 3.0 / 6.0));
        assert!(close(dice(4, 5, 3), 6.0 / 9.0));
        assert!(close(ochiai(4, 5, 3), 3.0 / 20f64.sqrt()));
        assert_eq!(jaccard(0, 0, 0), 0.0);
        assert_eq!(dice(0, 0, 0), 0.0);
        assert_eq!(ochiai(0, 5, 0), 0.0);
        assert!(close(jaccard(4, 4, 4), 1.0));
        assert!(close(dice(4, 4, 4), 1.0));
    }

    #[test]
    fn npmi_by_hand_and_edge_cases() {
        // p(xy) = 0.3, p(x) p(y) = 0.2: ln 1.5 / −ln 0.3.
        assert!(close(npmi(10, 4, 5, 3), 1.5f64.ln() / -(0.3f64.ln())));
        // Independence: p(xy) = p(x) p(y) = 0.2 → 0.
        assert!(close(npmi(10, 4, 5, 2), 0.0));
        // Always together (but not everywhere): 1.
        assert!(close(npmi(10, 4, 4, 4), 1.0));
        // Never together: −1; in every unit: 1; no units: 0.
        assert_eq!(npmi(10, 4, 5, 0), -1.0);
        assert_eq!(npmi(10, 10, 10, 10), 1.0);
        assert_eq!(npmi(0, 0, 0, 0), 0.0);
    }

    #[test]
    fn log_likelihood_by_hand() {
        // 2 [3 ln(3/2) + 1 ln(1/2) + 2 ln(2/3) + 4 ln(4/3)] = 1.72609…
        let g2 = 2.0
            * (3.0 * 1.5f64.ln()
                + 0.5f64.ln()
                + 2.0 * (2.0f64 / 3.0).ln()
                + 4.0 * (4.0f64 / 3.0).ln());
        assert!(close(log_likelihood(10, 4, 5, 3), g2));
        assert!(close(g2, 1.726_092_434_710_684_7));
        // Repulsion (1 < expected 2): table [[1, 3], [4, 2]] has, by symmetry of this example,
        // the same G², negated.
        assert!(close(log_likelihood(10, 4, 5, 1), -g2));
        // Zero cells count as 0·ln 0 = 0: [[4, 0], [0, 6]], expected [[1.6, 2.4], [2.4, 3.6]].
        let g2_zero = 2.0 * (4.0 * 2.5f64.ln() + 6.0 * (6.0f64 / 3.6).ln());
        assert!(close(log_likelihood(10, 4, 4, 4), g2_zero));
        // Independence: 0. Degenerate margins: 0.
        assert!(close(log_likelihood(10, 4, 5, 2), 0.0));
        assert_eq!(log_likelihood(10, 10, 5, 5), 0.0);
        assert_eq!(log_likelihood(0, 0, 0, 0), 0.0);
    }

    #[test]
    fn score_dispatches_and_names_round_trip() {
        assert_eq!(Measure::Count.score(10, 4, 5, 3), 3.0);
        assert!(close(Measure::Jaccard.score(10, 4, 5, 3), 0.5));
        assert!(close(
            Measure::LogLikelihood.score(10, 4, 5, 3),
            log_likelihood(10, 4, 5, 3)
        ));
        for m in Measure::ALL {
            assert_eq!(m.as_str().parse::<Measure>(), Ok(m));
        }
        assert_eq!(
            "log-likelihood".parse::<Measure>(),
            Ok(Measure::LogLikelihood)
        );
        assert_eq!("NPMI".parse::<Measure>(), Ok(Measure::Npmi));
        assert_eq!(
            serde_json::to_string(&Measure::LogLikelihood).unwrap(),
            "\"ll\""
        );
        let err = "pmi".parse::<Measure>().unwrap_err();
        assert!(err.to_string().contains("mesure inconnue « pmi »"), "{err}");
    }
}
