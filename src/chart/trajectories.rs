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
    /// Where each event sits in time, one per entry of [`Trajectories::x_labels`], finite and in
    /// non-decreasing order, in any unit (the report gives days): the x axis is then a time axis,
    /// events apart in proportion to the time between them. Empty, or all equal: evenly spaced.
    pub x_positions: Vec<f64>,
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
/// Least space between two event labels, and between a label and the canvas edge.
const LABEL_GAP: i32 = 12;
/// Extra height under the axis for the leader lines of labels moved away from their tick.
const LEADER: i32 = 18;

/// Renders one line per series, with a distinct colour and marker each, labelled at the line
/// ends (labels pushed apart so they never overlap) instead of in a legend box.
pub fn trajectories(spec: &Trajectories, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    if !spec.x_positions.is_empty() {
        if spec.x_positions.len() != spec.x_labels.len() {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "{} positions d'abscisse pour {} étiquettes",
                    spec.x_positions.len(),
                    spec.x_labels.len()
                ),
            });
        }
        for &p in &spec.x_positions {
            check_finite(CHART, "une position d'abscisse", p)?;
        }
        if spec.x_positions.windows(2).any(|w| w[1] < w[0]) {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: "les positions d'abscisse ne sont pas dans l'ordre chronologique"
                    .to_owned(),
            });
        }
    }
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
    /// Each event's x, on the time axis.
    xs: Vec<i32>,
    /// Each event label's centre: at its tick, or pushed aside when events are close in time.
    label_xs: Vec<i32>,
    /// Top of the event labels' first line.
    label_top: i32,
}

impl<'a> Layout<'a> {
    fn new(spec: &'a Trajectories) -> Self {
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
        let n = spec.x_labels.len();
        let slot = (right - left) / n.max(1) as i32;
        let x_lines: Vec<Vec<String>> = spec
            .x_labels
            .iter()
            .map(|l| wrap(l, X_SIZE, false, slot - LABEL_GAP))
            .collect();
        let widths: Vec<i32> = x_lines
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|line| text_size(line, X_SIZE, false).0)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Pull the outer points towards the edges, leaving room for their labels, which may
        // reach into the margins under the value ticks and the end labels.
        let pad = |width: Option<&i32>, margin: i32| {
            (width.map_or(0, |w| w / 2) + 10 - margin).clamp(30, (slot / 2).max(30))
        };
        let pad_left = pad(widths.first(), left - LABEL_GAP);
        let pad_right = pad(widths.last(), WIDTH - LABEL_GAP - right);
        let span = f64::from(right - left - pad_left - pad_right);
        let xs: Vec<i32> = if n == 1 {
            vec![(left + right) / 2]
        } else {
            axis_fractions(&spec.x_positions, n)
                .iter()
                .map(|f| left + pad_left + (span * f).round() as i32)
                .collect()
        };
        let label_xs = spread_boxes(&xs, &widths, LABEL_GAP, LABEL_GAP, WIDTH - LABEL_GAP);
        let top = title_height(&spec.title, WIDTH) + 16;
        let lines = x_lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
        let leader = if label_xs == xs { 0 } else { LEADER };
        let x_h = 12 + leader + lines * X_LINE + 4;
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
            xs,
            label_xs,
            label_top: bottom + 12 + leader,
        }
    }

    fn y(&self, v: f64) -> i32 {
        let max = *self.ticks.last().expect("ticks are never empty");
        self.bottom - (f64::from(self.bottom - self.top) * v / max).round() as i32
    }
}

/// Each of `n` events' place along the axis, from 0 to 1: in proportion to `positions` (one
/// per event, non-decreasing) when they span some time, evenly spaced otherwise (no positions,
/// one event, or all at the same time).
fn axis_fractions(positions: &[f64], n: usize) -> Vec<f64> {
    if positions.len() == n && n >= 2 {
        let (first, last) = (positions[0], positions[n - 1]);
        if last > first {
            return positions
                .iter()
                .map(|p| (p - first) / (last - first))
                .collect();
        }
    }
    let steps = n.saturating_sub(1).max(1) as f64;
    (0..n).map(|i| i as f64 / steps).collect()
}

/// Pushes apart boxes of `widths` centred at `wanted` so that at least `gap` separates
/// neighbours, keeping them within `[lo, hi]` when they fit; the order of the input positions
/// is kept, and a box that has room stays where it is wanted. Deterministic (ties broken by
/// index).
pub(crate) fn spread_boxes(wanted: &[i32], widths: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let w = |k: usize| widths.get(order[k]).copied().unwrap_or(0);
    let mut placed: Vec<i32> = order.iter().map(|&i| wanted[i]).collect();
    // Rightward pass from the left edge, then leftward pass from the right edge.
    for k in 0..placed.len() {
        let min = if k == 0 {
            lo + w(k) / 2 + 1
        } else {
            placed[k - 1] + (w(k - 1) + w(k)) / 2 + 1 + gap
        };
        placed[k] = placed[k].max(min);
    }
    for k in (0..placed.len()).rev() {
        let max = if k + 1 == placed.len() {
            hi - w(k) / 2 - 1
        } else {
            placed[k + 1] - (w(k) + w(k + 1)) / 2 - 1 - gap
        };
        placed[k] = placed[k].min(max);
    }
    let mut out = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
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

        // Event labels under the axis, wrapped; a label pushed aside from its tick (events
        // close in time) is joined to it by a leader line. A faint rule marks each event.
        for (i, lines) in self.x_lines.iter().enumerate() {
            let (x, label_x) = (self.xs[i], self.label_xs[i]);
            root.draw(&PathElement::new(
                vec![(x, self.top), (x, self.bottom)],
                GRID.stroke_width(1),
            ))?;
            let mut tick = vec![(x, self.bottom), (x, self.bottom + 6)];
            if label_x != x {
                tick.push((label_x, self.label_top - 4));
            }
            root.draw(&PathElement::new(tick, MUTED.stroke_width(1)))?;
            for (k, line) in lines.iter().enumerate() {
                Label::new(X_SIZE).anchor(HPos::Center, VPos::Top).draw(
                    root,
                    target,
                    line,
                    (label_x, self.label_top + k as i32 * X_LINE),
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
                .map(|(i, &v)| (self.xs[i], self.y(v)))
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
        let last_x = self
            .xs
            .last()
            .copied()
            .unwrap_or((self.left + self.right) / 2);
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
            // Days since the forum: two weeks, then fourteen months.
            x_positions: vec![0.0, 15.0, 428.0],
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

    /// The x axis is a time axis: the meeting two weeks after the forum is drawn beside it,
    /// the booklet fourteen months later far away (they were evenly spaced, which drew a
    /// collapse and a recovery).
    #[test]
    fn events_are_placed_by_date() {
        let spec = sample();
        let layout = Layout::new(&spec);
        let xs = &layout.xs;
        let (near, far) = (xs[1] - xs[0], xs[2] - xs[0]);
        let want = f64::from(far) * 15.0 / 428.0;
        assert!((f64::from(near) - want).abs() <= 1.0, "{xs:?}");
        assert!(layout.left < xs[0] && xs[2] < layout.right, "{xs:?}");
    }

    /// Labels of events close in time are pushed apart, never overlap, stay on the canvas, and
    /// the rows under the axis make room for their leader lines; labels that have room stay
    /// under their tick.
    #[test]
    fn labels_of_close_events_do_not_overlap() {
        let mut spec = sample();
        for positions in [
            vec![0.0, 15.0, 428.0],
            vec![0.0, 0.0, 1.0],
            vec![0.0, 427.0, 428.0],
        ] {
            spec.x_positions = positions;
            let layout = Layout::new(&spec);
            let boxes: Vec<(i32, i32)> = layout
                .x_lines
                .iter()
                .zip(&layout.label_xs)
                .map(|(lines, &x)| {
                    let w = lines
                        .iter()
                        .map(|l| text_size(l, X_SIZE, false).0)
                        .max()
                        .unwrap_or(0);
                    (x - w / 2, x + w - w / 2)
                })
                .collect();
            assert!(
                boxes.windows(2).all(|b| b[0].1 + LABEL_GAP <= b[1].0),
                "{boxes:?}"
            );
            assert!(boxes[0].0 >= 0 && boxes[2].1 <= WIDTH, "{boxes:?}");
            assert_eq!(layout.label_top, layout.bottom + 12 + LEADER);
            check_chart(|f| trajectories(&spec, f));
        }
        spec.x_positions = vec![0.0, 200.0, 400.0];
        let layout = Layout::new(&spec);
        assert_eq!(layout.label_xs, layout.xs);
        assert_eq!(layout.label_top, layout.bottom + 12);
    }

    /// Without positions, or with every event on the same day, events are evenly spaced.
    #[test]
    fn events_without_a_time_span_are_evenly_spaced() {
        let mut spec = sample();
        for positions in [vec![], vec![7.0, 7.0, 7.0]] {
            spec.x_positions = positions;
            let xs = Layout::new(&spec).xs;
            assert!((xs[1] - xs[0] - (xs[2] - xs[1])).abs() <= 1, "{xs:?}");
        }
        assert_eq!(axis_fractions(&[3.0], 1), vec![0.0]);
        assert_eq!(axis_fractions(&[], 3), vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn rejects_positions_out_of_order_or_of_the_wrong_length() {
        for positions in [
            vec![0.0, 15.0],
            vec![15.0, 0.0, 428.0],
            vec![0.0, f64::NAN, 428.0],
        ] {
            let mut spec = sample();
            spec.x_positions = positions;
            assert!(matches!(
                trajectories(&spec, ImageFormat::Svg),
                Err(ChartError::InvalidSpec { .. })
            ));
        }
    }

    #[test]
    fn boxes_are_pushed_apart_in_order_and_kept_in_range() {
        // Two wide boxes wanted at the same place: side by side, 10 apart.
        let placed = spread_boxes(&[500, 500], &[100, 100], 10, 0, 1000);
        assert!(
            placed[1] - placed[0] >= 110 && placed[0] < placed[1],
            "{placed:?}"
        );
        // Boxes near the left edge are pushed right, near the right edge pushed left.
        let placed = spread_boxes(&[0, 1000], &[100, 60], 10, 0, 1000);
        assert!(placed[0] - 50 >= 0 && placed[1] + 30 <= 1000, "{placed:?}");
        // A box with room stays where it is wanted.
        assert_eq!(
            spread_boxes(&[200, 700], &[100, 100], 10, 0, 1000),
            vec![200, 700]
        );
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
        spec.x_positions.truncate(1);
        for s in &mut spec.series {
            s.values.truncate(1);
        }
        assert!(trajectories(&spec, ImageFormat::Png).is_ok());
        spec.x_labels.clear();
        spec.x_positions.clear();
        spec.series.clear();
        assert!(trajectories(&spec, ImageFormat::Svg).is_ok());
    }
}
