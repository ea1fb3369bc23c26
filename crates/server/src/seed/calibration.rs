//! Confidence calibration (issue 12, point 7): for each band of the top suggestion's stated
//! confidence, how often that suggestion was right. Shared by both evaluations (the seeder's
//! ground truth and the independent cases), so their tables read alike and one honesty check
//! holds both.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Confidence bands of the top suggestion, inclusive.
pub const BANDS: [(u8, u8); 5] = [(0, 49), (50, 69), (70, 84), (85, 94), (95, 100)];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub cases: usize,
    pub right: usize,
}

impl Band {
    /// The share right, in percent.
    pub fn observed(&self) -> f64 {
        100.0 * self.right as f64 / self.cases.max(1) as f64
    }

    fn add(&mut self, right: bool) {
        self.cases += 1;
        self.right += usize::from(right);
    }
}

/// How honest the stated confidence must be, for `Calibration::dishonest_bands`.
#[derive(Debug, Clone, Copy)]
pub struct Honesty {
    /// Bands with fewer cases are not judged: a handful of cases says little about a share.
    pub min_cases: usize,
    /// How far above a band's upper bound the observed share may lie before the stated confidence
    /// counts as understated. Below the lower bound there is no slack: overstating is the harm.
    pub max_understatement: f64,
}

/// What both evaluation tests hold the stated confidence to.
///
/// - Bands of fewer than 50 cases are not judged: over 50 cases one wrong answer moves the share
///   by two points, and a share near 85% has a standard error of about five.
/// - Below the band's lower bound fails outright: a confidence the suggestions do not live up to
///   is what misleads an operator, and both case sets are fixed by their seeds, so there is no
///   run-to-run noise to allow for.
/// - Up to 15 points above the upper bound passes (three standard errors at 50 cases): stated
///   confidences stay a little below the measured shares on purpose (see the domain's
///   `diagnosis/confidence.rs`), since neither generator writes the real-life cases where a fix is
///   wrong. More than that is understating: a band of 70–84 right every time (once 50–69 for a
///   moved postcode) tells the operator to doubt fixes that do not deserve it.
pub const HONEST: Honesty = Honesty {
    min_cases: 50,
    max_understatement: 15.0,
};

#[derive(Debug, Default, Clone)]
pub struct Calibration {
    pub bands: [Band; BANDS.len()],
    /// Cases with no suggestion at all (no top confidence to band).
    pub no_suggestion: usize,
    /// Top suggestion's kind and confidence -> how often right: what a band is made of, and the
    /// measurement behind each confidence the diagnosis states.
    pub by_top: BTreeMap<(&'static str, u8), Band>,
}

impl Calibration {
    /// Records one case: the top suggestion's kind and confidence (None when nothing was
    /// suggested) and whether it was right.
    pub fn record(&mut self, top: Option<(&'static str, u8)>, right: bool) {
        let Some((kind, confidence)) = top else {
            self.no_suggestion += 1;
            return;
        };
        let band = BANDS
            .iter()
            .position(|(lo, hi)| (*lo..=*hi).contains(&confidence))
            .unwrap_or(0);
        self.bands[band].add(right);
        self.by_top
            .entry((kind, confidence))
            .or_default()
            .add(right);
    }

    /// The bands whose observed share lies below the band, or too far above it, described.
    pub fn dishonest_bands(&self, honesty: Honesty) -> Vec<String> {
        BANDS
            .iter()
            .zip(&self.bands)
            .filter(|(_, band)| band.cases >= honesty.min_cases)
            .filter_map(|((lo, hi), band)| {
                let observed = band.observed();
                let overstated = observed < f64::from(*lo);
                let understated = observed > f64::from(*hi) + honesty.max_understatement;
                (overstated || understated).then(|| {
                    format!(
                        "band {lo}–{hi}: {} of {} right ({observed:.1}%)",
                        band.right, band.cases
                    )
                })
            })
            .collect()
    }

    /// Confidence band of the top suggestion -> how many, how often right, in Markdown.
    pub fn table(&self) -> String {
        let mut out =
            String::from("| top confidence | cases | right | share right |\n|---|--:|--:|--:|\n");
        for ((lo, hi), band) in BANDS.iter().zip(&self.bands) {
            let _ = writeln!(
                out,
                "| {lo}–{hi} | {} | {} | {:.1}% |",
                band.cases,
                band.right,
                band.observed()
            );
        }
        if self.no_suggestion > 0 {
            let _ = writeln!(out, "| no suggestion | {} | 0 | – |", self.no_suggestion);
        }
        out
    }

    /// Top suggestion's kind and stated confidence -> how often right, in Markdown.
    pub fn by_top_table(&self) -> String {
        let mut out = String::from(
            "| top suggestion | stated | cases | right | share right |\n|---|--:|--:|--:|--:|\n",
        );
        for ((kind, confidence), band) in &self.by_top {
            let _ = writeln!(
                out,
                "| {kind} | {confidence} | {} | {} | {:.1}% |",
                band.cases,
                band.right,
                band.observed()
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calibration(cases: &[(u8, usize, usize)]) -> Calibration {
        let mut c = Calibration::default();
        for &(confidence, right, wrong) in cases {
            for i in 0..right + wrong {
                c.record(Some(("spelling", confidence)), i < right);
            }
        }
        c
    }

    #[test]
    fn a_band_right_less_often_than_its_lower_bound_is_overstated() {
        let c = calibration(&[(90, 80, 20)]);
        assert_eq!(
            c.dishonest_bands(HONEST),
            vec!["band 85–94: 80 of 100 right (80.0%)".to_owned()]
        );
    }

    #[test]
    fn a_band_right_far_more_often_than_its_upper_bound_is_understated() {
        assert_eq!(dishonest_count(&calibration(&[(62, 60, 0)])), 1);
        // Within the slack: 84 + 15 = 99.
        assert_eq!(dishonest_count(&calibration(&[(80, 99, 1)])), 0);
    }

    #[test]
    fn small_bands_and_honest_bands_are_not_judged_dishonest() {
        assert_eq!(dishonest_count(&calibration(&[(62, 49, 0)])), 0);
        assert_eq!(
            dishonest_count(&calibration(&[(90, 90, 10), (96, 99, 1)])),
            0
        );
    }

    fn dishonest_count(c: &Calibration) -> usize {
        c.dishonest_bands(HONEST).len()
    }
}
