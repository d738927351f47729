//! Statistics of two-by-two tables: log-likelihood G², its p-value, and the log ratio.
//!
//! Used for keyness (a term in a partition against the rest of the corpus) and for multi-word
//! expressions (two parts of a word sequence against their separate frequencies).

/// `x · ln(x / e)`, with `0 · ln 0 = 0`.
fn xlnx(x: f64, e: f64) -> f64 {
    if x > 0.0 && e > 0.0 {
        x * (x / e).ln()
    } else {
        0.0
    }
}

/// Dunning's log-likelihood G² of the 2×2 contingency table
///
/// ```text
///            in A     not in A
/// term       a        b
/// other      c        d
/// ```
///
/// `G² = 2 Σ O ln(O / E)` over the four cells, with expected counts from the margins. Always ≥ 0;
/// it says how surprising the table is under independence, not in which direction (compare the
/// rates, or use [`log_ratio`], for that).
pub fn g2(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    if n <= 0.0 {
        return 0.0;
    }
    let (r1, r2) = (a + b, c + d);
    let (c1, c2) = (a + c, b + d);
    let g = 2.0
        * (xlnx(a, r1 * c1 / n)
            + xlnx(b, r1 * c2 / n)
            + xlnx(c, r2 * c1 / n)
            + xlnx(d, r2 * c2 / n));
    g.max(0.0)
}

/// Keyness G² of a term seen `freq_in` times among `size_in` tokens of a partition and
/// `freq_out` times among the `size_out` tokens of the rest.
pub fn keyness_g2(freq_in: f64, size_in: f64, freq_out: f64, size_out: f64) -> f64 {
    g2(freq_in, freq_out, size_in - freq_in, size_out - freq_out)
}

/// Hardie's log ratio: the binary log of the ratio of relative frequencies, with 0.5 added to
/// zero counts so that it stays finite. +1 means twice as frequent in the partition.
pub fn log_ratio(freq_in: f64, size_in: f64, freq_out: f64, size_out: f64) -> f64 {
    if size_in <= 0.0 || size_out <= 0.0 {
        return 0.0;
    }
    let fi = if freq_in > 0.0 { freq_in } else { 0.5 };
    let fo = if freq_out > 0.0 { freq_out } else { 0.5 };
    ((fi / size_in) / (fo / size_out)).log2()
}

/// The p-value of a G² statistic under the χ² distribution with one degree of freedom:
/// `P(χ²₁ ≥ g) = erfc(√(g/2))`.
pub fn p_value(g: f64) -> f64 {
    if g <= 0.0 {
        1.0
    } else {
        libm::erfc((g / 2.0).sqrt())
    }
}

/// G² for p < 0.05, 0.01, 0.001 and 0.0001 (one degree of freedom): 3.84, 6.63, 10.83, 15.13.
pub const G2_CRITICAL_0_001: f64 = 10.83;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_a_hand_computation() {
        // Table [[10, 20], [30, 940]]: n = 1000; expected cells 1.2, 28.8, 38.8, 931.2.
        // G² = 2 (10 ln(10/1.2) + 20 ln(20/28.8) + 30 ln(30/38.8) + 940 ln(940/931.2))
        let expected = 2.0
            * (10.0 * (10.0f64 / 1.2).ln()
                + 20.0 * (20.0f64 / 28.8).ln()
                + 30.0 * (30.0f64 / 38.8).ln()
                + 940.0 * (940.0f64 / 931.2).ln());
        let g = g2(10.0, 20.0, 30.0, 940.0);
        assert!((g - expected).abs() < 1e-9, "{g} vs {expected}");
        assert!((g - 30.0691).abs() < 1e-3, "{g}");
    }

    #[test]
    fn g2_of_independence_is_zero_and_symmetric() {
        assert!(g2(10.0, 90.0, 100.0, 900.0).abs() < 1e-9);
        let (x, y) = (g2(5.0, 7.0, 11.0, 300.0), g2(11.0, 300.0, 5.0, 7.0));
        assert!((x - y).abs() < 1e-9);
        assert_eq!(g2(0.0, 0.0, 0.0, 0.0), 0.0);
    }

    #[test]
    fn keyness_reference_values() {
        // Rayson's log-likelihood calculator: a = 20 in 1,000 words vs b = 10 in 10,000 words:
        // E1 = 1000·30/11000, E2 = 10000·30/11000, LL = 2(20 ln(20/E1) + 10 ln(10/E2)) ≈ 45.02.
        let e1: f64 = 1000.0 * 30.0 / 11000.0;
        let e2: f64 = 10000.0 * 30.0 / 11000.0;
        let rayson = 2.0 * (20.0 * (20.0 / e1).ln() + 10.0 * (10.0 / e2).ln());
        let g = keyness_g2(20.0, 1000.0, 10.0, 10000.0);
        // The 2×2 form adds the "other words" cells, which differ slightly from Rayson's two-cell
        // shortcut; both agree to within 1% here.
        assert!((g - rayson).abs() / rayson < 0.01, "{g} vs {rayson}");
        assert!((log_ratio(20.0, 1000.0, 10.0, 10000.0) - 20f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn p_values() {
        assert!((p_value(3.841) - 0.05).abs() < 1e-3);
        assert!((p_value(10.828) - 0.001).abs() < 1e-5);
        assert_eq!(p_value(0.0), 1.0);
    }
}
