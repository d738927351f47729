//! Theme trajectories: one line per theme across dated events.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Polygon, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::{
    ChartError, Draw, GRID, ImageFormat, Label, MUTED, Palette, TEXT, Target, check_finite, disc,
    draw_title, format_tick, nice_ticks, render, text_size, title_height, wrap,
};

/// One line: a theme and its value at each x position.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The theme, as shown.
    pub label: String,
    /// One finite value ≥ 0 per entry of [`Trajectories::x_labels`].
    pub values: Vec<f64>,
}

/// Lines across dated events.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectories {
    /// The chart title.
    pub title: String,
    /// The events, in chronological order (e.g. "Forum ouvert 14/09/2020").
    pub x_labels: Vec<String>,
    /// Caption of the value axis (e.g. "Fréquence pour 1 000 mots").
    pub y_label: String,
    /// The lines; up to about ten stay readable.
    pub series: Vec<Series>,
}

const CHART: &str = "trajectories";
const WIDTH: i32 = 1200;
const HEIGHT: i32 = 760;
const LABEL_SIZE: f64 = 16.0;
const TICK_SIZE: f64 = 15.0;
const X_SIZE: f64 = 16.0;
const X_LINE: i32 = 20;
const END_GAP: i32 = 22;

/// Renders one line per series, with a distinct colour and marker each, labelled at the line
/// ends (labels pushed apart so they never overlap) instead of in a legend box.
pub fn trajectories(spec: &Trajectories, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    for s in &spec.series {
        if s.values.len() != spec.x_labels.len() {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "la série « {} » a {} valeurs pour {} étiquettes d'abscisse",
                    s.label,
                    s.values.len(),
                    spec.x_labels.len()
                ),
            });
        }
        for &v in &s.values {
            check_finite(CHART, &format!("une valeur de « {} »", s.label), v)?;
            if v < 0.0 {
                return Err(ChartError::InvalidSpec {
                    chart: CHART,
                    reason: format!("valeur négative dans « {} »", s.label),
                });
            }
        }
    }
    super::ensure_font()?;
    render(&Layout::new(spec), format)
}

struct Layout<'a> {
    spec: &'a Trajectories,
    height: i32,
    x_lines: Vec<Vec<String>>,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    ticks: Vec<f64>,
    /// Distance from the plot edges to the first and last points.
    pad: i32,
}

impl<'a> Layout<'a> {
    fn new(spec: &'a Trajectories) -> Self {
        let n = spec.x_labels.len().max(1) as i32;
        let max = spec
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max);
        let ticks = nice_ticks(max, 6);
        let step = ticks.get(1).copied().unwrap_or(1.0);
        let tick_w = ticks
            .iter()
            .map(|&t| text_size(&format_tick(t, step), TICK_SIZE, false).0)
            .max()
            .unwrap_or(0);
        let end_w = spec
            .series
            .iter()
            .map(|s| text_size(&s.label, LABEL_SIZE, false).0)
            .max()
            .unwrap_or(0);
        let left = 30 + 24 + 10 + tick_w + 10;
        let right = WIDTH - 30 - end_w - 22 - 30;
        let slot = (right - left) / n;
        let wrap_w = slot - 12;
        // Pull the outer points towards the edges, leaving room for their wrapped labels.
        let half_label = |l: Option<&String>| {
            l.map_or(0, |l| {
                wrap(l, X_SIZE, false, wrap_w)
                    .iter()
                    .map(|line| text_size(line, X_SIZE, false).0)
                    .max()
                    .unwrap_or(0)
                    / 2
            })
        };
        let pad = (half_label(spec.x_labels.first()).max(half_label(spec.x_labels.last())) + 10)
            .clamp(30, (slot / 2).max(30));
        let x_lines: Vec<Vec<String>> = spec
            .x_labels
            .iter()
            .map(|l| wrap(l, X_SIZE, false, wrap_w))
            .collect();
        let x_h = x_lines.iter().map(Vec::len).max().unwrap_or(1) as i32 * X_LINE + 16;
        let top = title_height(&spec.title, WIDTH) + 16;
        // Enough plot height for every end label, at least the default canvas.
        let plot_h = (spec.series.len() as i32 * END_GAP).max(HEIGHT - top - x_h - 30);
        let bottom = top + plot_h;
        Self {
            spec,
            height: bottom + x_h + 30,
            x_lines,
            left,
            right,
            top,
            bottom,
            ticks,
            pad,
        }
    }

    fn x(&self, i: usize) -> i32 {
        let n = self.spec.x_labels.len();
        if n <= 1 {
            return (self.left + self.right) / 2;
        }
        let span = f64::from(self.right - self.left - 2 * self.pad);
        self.left + self.pad + (span * i as f64 / (n - 1) as f64).round() as i32
    }

    fn y(&self, v: f64) -> i32 {
        let max = *self.ticks.last().expect("ticks are never empty");
        self.bottom - (f64::from(self.bottom - self.top) * v / max).round() as i32
    }
}

/// Pushes label centres apart to at least `gap`, keeping them in `[lo, hi]` when possible;
/// the order of the input positions is kept. Deterministic (ties broken by index).
pub(crate) fn spread(wanted: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let mut placed: Vec<i32> = order.iter().map(|&i| wanted[i]).collect();
    // Downward pass from the top, then upward pass from the bottom.
    for k in 0..placed.len() {
        let min = if k == 0 { lo } else { placed[k - 1] + gap };
        placed[k] = placed[k].max(min);
    }
    for k in (0..placed.len()).rev() {
        let max = if k + 1 == placed.len() {
            hi
        } else {
            placed[k + 1] - gap
        };
        placed[k] = placed[k].min(max);
    }
    let mut out = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// Draws marker `kind` (circle, square, triangle, diamond) centred at `(x, y)`.
fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    target: Target,
    kind: usize,
    (x, y): (i32, i32),
    r: i32,
    color: RGBColor,
) -> Result<(), ChartError> {
    match kind % 4 {
        0 => {
            disc(root, target, (x, y), f64::from(r) + 1.0, WHITE)?;
            disc(root, target, (x, y), f64::from(r), color)?;
        }
        1 => {
            root.draw(&Rectangle::new(
                [(x - r, y - r), (x + r, y + r)],
                color.filled(),
            ))?;
        }
        2 => {
            root.draw(&Polygon::new(
                vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
                color.filled(),
            ))?;
        }
        _ => {
            root.draw(&Polygon::new(
                vec![
                    (x, y - r - 1),
                    (x + r + 1, y),
                    (x, y + r + 1),
                    (x - r - 1, y),
                ],
                color.filled(),
            ))?;
        }
    }
    Ok(())
}

impl Draw for Layout<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH as u32, self.height as u32)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), ChartError> {
        let spec = self.spec;
        draw_title(root, target, &spec.title, WIDTH)?;
        let step = self.ticks.get(1).copied().unwrap_or(1.0);

        // Horizontal grid and value ticks.
        for &t in &self.ticks {
            let y = self.y(t);
            root.draw(&PathElement::new(
                vec![(self.left, y), (self.right, y)],
                GRID.stroke_width(1),
            ))?;
            Label::new(TICK_SIZE)
                .color(MUTED)
                .anchor(HPos::Right, VPos::Center)
                .draw(root, target, &format_tick(t, step), (self.left - 8, y))?;
        }
        Label::new(LABEL_SIZE)
            .anchor(HPos::Center, VPos::Center)
            .rotated()
            .draw(
                root,
                target,
                &spec.y_label,
                (30 + 10, (self.top + self.bottom) / 2),
            )?;
        root.draw(&PathElement::new(
            vec![(self.left, self.bottom), (self.right, self.bottom)],
            MUTED.stroke_width(1),
        ))?;

        // Event labels under the axis, wrapped.
        for (i, lines) in self.x_lines.iter().enumerate() {
            let x = self.x(i);
            root.draw(&PathElement::new(
                vec![(x, self.bottom), (x, self.bottom + 6)],
                MUTED.stroke_width(1),
            ))?;
            for (k, line) in lines.iter().enumerate() {
                Label::new(X_SIZE).anchor(HPos::Center, VPos::Top).draw(
                    root,
                    target,
                    line,
                    (x, self.bottom + 12 + k as i32 * X_LINE),
                )?;
            }
        }

        // Lines, drawn last-first so the first series ends on top.
        for (s_idx, s) in spec.series.iter().enumerate().rev() {
            let color = Palette::categorical_stroke(s_idx);
            let points: Vec<(i32, i32)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| (self.x(i), self.y(v)))
                .collect();
            root.draw(&PathElement::new(points.clone(), color.stroke_width(3)))?;
            for &p in &points {
                marker(root, target, s_idx, p, 5, color)?;
            }
        }

        // End labels, spread vertically, joined to their line end.
        let ends: Vec<i32> = spec
            .series
            .iter()
            .map(|s| s.values.last().map_or(self.bottom, |&v| self.y(v)))
            .collect();
        let placed = spread(&ends, END_GAP, self.top, self.bottom);
        let last_x = self.x(spec.x_labels.len().saturating_sub(1));
        let label_x = self.right + 24;
        for (s_idx, s) in spec.series.iter().enumerate() {
            let color = Palette::categorical_stroke(s_idx);
            root.draw(&PathElement::new(
                vec![(last_x + 8, ends[s_idx]), (label_x - 4, placed[s_idx])],
                MUTED.mix(0.6).stroke_width(1),
            ))?;
            marker(root, target, s_idx, (label_x + 6, placed[s_idx]), 5, color)?;
            Label::new(LABEL_SIZE).color(TEXT).draw(
                root,
                target,
                &s.label,
                (label_x + 18, placed[s_idx]),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_util::check_chart;

    fn sample() -> Trajectories {
        Trajectories {
            title: "Évolution des thèmes".to_owned(),
            x_labels: vec![
                "Forum ouvert 14/09/2020".to_owned(),
                "Réunion des porteurs 29/09/2020".to_owned(),
                "Université 16–17/11/2021".to_owned(),
            ],
            y_label: "Fréquence pour 1 000 mots".to_owned(),
            series: vec![
                Series {
                    label: "confiance".to_owned(),
                    values: vec![2.0, 3.5, 1.0],
                },
                Series {
                    label: "souveraineté & <co>".to_owned(),
                    values: vec![0.5, 0.0, 1.1],
                },
            ],
        }
    }

    #[test]
    fn renders_both_formats_with_end_labels() {
        let spec = sample();
        let svg = check_chart(|f| trajectories(&spec, f));
        for text in [
            "Évolution des thèmes",
            "Fréquence pour 1 000 mots",
            "souveraineté &amp; &lt;co&gt;",
            "Université 16–17/11/2021",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn end_labels_never_overlap() {
        let placed = spread(&[100, 101, 101, 300, 99], 20, 0, 1000);
        let mut sorted = placed.clone();
        sorted.sort();
        assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 20), "{placed:?}");
        // Order kept: the label wanted highest stays highest.
        assert!(placed[4] < placed[0] && placed[0] < placed[1] && placed[1] < placed[2]);
        assert_eq!(placed[3], 300);
        // Labels at the bottom are pushed up to stay in range.
        let placed = spread(&[1000, 1000, 1000], 20, 0, 1000);
        assert_eq!(placed, vec![960, 980, 1000]);
    }

    #[test]
    fn rejects_series_of_the_wrong_length() {
        let mut spec = sample();
        spec.series[0].values.push(1.0);
        assert!(matches!(
            trajectories(&spec, ImageFormat::Svg),
            Err(ChartError::InvalidSpec { .. })
        ));
    }

    #[test]
    fn empty_and_single_event_inputs_render() {
        let mut spec = sample();
        spec.x_labels.truncate(1);
        for s in &mut spec.series {
            s.values.truncate(1);
        }
        assert!(trajectories(&spec, ImageFormat::Png).is_ok());
        spec.x_labels.clear();
        spec.series.clear();
        assert!(trajectories(&spec, ImageFormat::Svg).is_ok());
    }
}
