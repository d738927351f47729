//! Theme × atelier heatmap, ateliers grouped by event.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    ChartError, Draw, ImageFormat, Label, MUTED, Palette, TEXT, Target, check_finite, draw_title,
    format_tick, format_value, nice_ticks, render, text_size, title_height, wrap, wrap_parts,
};

/// One heatmap column: an atelier and the event (group) it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The atelier label (e.g. "Forum 2020 · Atelier 1").
    pub label: String,
    /// The event it belongs to; consecutive columns with the same group share a header.
    pub group: String,
}

/// A theme × atelier matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// The chart title.
    pub title: String,
    /// Row labels (themes), top to bottom.
    pub rows: Vec<String>,
    /// Columns (ateliers), left to right, grouped by event.
    pub columns: Vec<Column>,
    /// `values[row][column]`, finite and ≥ 0 (counts or frequencies).
    pub values: Vec<Vec<f64>>,
    /// Caption of the colour scale (e.g. "Occurrences").
    pub value_label: String,
}

const CHART: &str = "heatmap";
const LABEL_SIZE: f64 = 17.0;
const COLUMN_SIZE: f64 = 14.0;
const GROUP_SIZE: f64 = 16.0;
const VALUE_SIZE: f64 = 15.0;
const CELL_H: i32 = 32;
const LINE: i32 = 18;
const MAX_COLUMN_LINES: usize = 3;
const ROTATED_CELL_W: i32 = 44;
const LEGEND_W: i32 = 190;

/// Renders the matrix: one coloured cell per (theme, atelier), the value printed where it fits,
/// event headers above the column groups with separators between them, and a colour scale.
///
/// Column labels are wrapped onto up to three lines; when they cannot fit the columns narrow and
/// the labels are set vertically.
pub fn heatmap(spec: &Heatmap, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    if spec.values.len() != spec.rows.len() {
        return Err(ChartError::InvalidSpec {
            chart: CHART,
            reason: format!(
                "{} lignes de valeurs pour {} noms de lignes",
                spec.values.len(),
                spec.rows.len()
            ),
        });
    }
    for (row, values) in spec.rows.iter().zip(&spec.values) {
        if values.len() != spec.columns.len() {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "la ligne « {row} » a {} valeurs pour {} colonnes",
                    values.len(),
                    spec.columns.len()
                ),
            });
        }
        for &v in values {
            check_finite(CHART, &format!("une valeur de la ligne « {row} »"), v)?;
            if v < 0.0 {
                return Err(ChartError::InvalidSpec {
                    chart: CHART,
                    reason: format!("valeur négative dans la ligne « {row} »"),
                });
            }
        }
    }
    super::ensure_font()?;
    render(&Layout::new(spec), format)
}

/// A run of consecutive columns of one event.
struct Group<'a> {
    name: &'a str,
    first: usize,
    len: usize,
    lines: Vec<String>,
    size: f64,
}

struct Layout<'a> {
    spec: &'a Heatmap,
    cell_w: i32,
    rotated: bool,
    column_lines: Vec<Vec<String>>,
    groups: Vec<Group<'a>>,
    label_w: i32,
    title_h: i32,
    group_h: i32,
    column_h: i32,
    width: i32,
    height: i32,
    max: f64,
}

impl<'a> Layout<'a> {
    fn new(spec: &'a Heatmap) -> Self {
        // The narrowest cell width at which every column label wraps onto few enough lines.
        let fits = |w: i32, max_lines: usize| {
            spec.columns.iter().all(|c| {
                let lines = wrap_parts(&c.label, COLUMN_SIZE, false, w - 10);
                lines.len() <= max_lines
                    && lines
                        .iter()
                        .all(|l| text_size(l, COLUMN_SIZE, false).0 <= w - 10)
            })
        };
        // Prefer two lines, then three, before setting labels vertically.
        let wide = (2..=MAX_COLUMN_LINES).find_map(|n| (64..=128).step_by(8).find(|&w| fits(w, n)));
        let (cell_w, rotated) = match wide {
            Some(w) => (w, false),
            None => (ROTATED_CELL_W, true),
        };
        let column_lines: Vec<Vec<String>> = spec
            .columns
            .iter()
            .map(|c| {
                if rotated {
                    vec![c.label.clone()]
                } else {
                    wrap_parts(&c.label, COLUMN_SIZE, false, cell_w - 10)
                }
            })
            .collect();
        let column_h = if rotated {
            spec.columns
                .iter()
                .map(|c| text_size(&c.label, COLUMN_SIZE, false).0)
                .max()
                .unwrap_or(0)
                + 14
        } else {
            column_lines.iter().map(Vec::len).max().unwrap_or(1) as i32 * LINE + 10
        };

        let mut groups: Vec<Group<'a>> = Vec::new();
        for (i, c) in spec.columns.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.name == c.group => g.len += 1,
                _ => groups.push(Group {
                    name: &c.group,
                    first: i,
                    len: 1,
                    lines: Vec::new(),
                    size: GROUP_SIZE,
                }),
            }
        }
        // Event headers wrap over their columns, in a smaller size if a word would overflow.
        for g in &mut groups {
            let room = g.len as i32 * cell_w - 12;
            for size in [GROUP_SIZE, 14.0, 12.0] {
                g.lines = wrap(g.name, size, true, room);
                g.size = size;
                if g.lines.iter().all(|l| text_size(l, size, true).0 <= room) {
                    break;
                }
            }
        }
        let group_h = groups.iter().map(|g| g.lines.len()).max().unwrap_or(0) as i32 * 20 + 8;

        let label_w = spec
            .rows
            .iter()
            .map(|r| text_size(r, LABEL_SIZE, false).0)
            .max()
            .unwrap_or(0);
        let grid_w = spec.columns.len() as i32 * cell_w;
        let title_w = text_size(&spec.title, 26.0, true).0 + 60;
        let width = (30 + label_w + 14 + grid_w + 30 + LEGEND_W)
            .max(title_w.min(1400))
            .max(640);
        let title_h = title_height(&spec.title, width);
        let grid_h = spec.rows.len() as i32 * CELL_H;
        let top = title_h + group_h + column_h;
        let height = top + grid_h.max(legend_height()) + 40;
        let max = spec.values.iter().flatten().copied().fold(0.0, f64::max);
        Self {
            spec,
            cell_w,
            rotated,
            column_lines,
            groups,
            label_w,
            title_h,
            group_h,
            column_h,
            width,
            height,
            max,
        }
    }
}

/// Height of the colour scale block (caption + ramp).
fn legend_height() -> i32 {
    RAMP_H + 50
}

const RAMP_H: i32 = 220;

impl Draw for Layout<'_> {
    fn size(&self) -> (u32, u32) {
        (self.width as u32, self.height as u32)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), ChartError> {
        let spec = self.spec;
        draw_title(root, target, &spec.title, self.width)?;
        let left = 30 + self.label_w + 14;
        let group_top = self.title_h;
        let column_top = group_top + self.group_h;
        let top = column_top + self.column_h;
        let bottom = top + spec.rows.len() as i32 * CELL_H;
        let cw = self.cell_w;
        let right = left + spec.columns.len() as i32 * cw;

        // Event headers, with a rule under each.
        for g in &self.groups {
            let x0 = left + g.first as i32 * cw;
            let x1 = x0 + g.len as i32 * cw;
            let n = g.lines.len() as i32;
            for (k, line) in g.lines.iter().enumerate() {
                let y = group_top + (self.group_h - 8) - (n - k as i32) * 20 + 10;
                Label::new(g.size)
                    .bold()
                    .anchor(HPos::Center, VPos::Center)
                    .draw(root, target, line, ((x0 + x1) / 2, y))?;
            }
            root.draw(&PathElement::new(
                vec![(x0 + 4, column_top - 2), (x1 - 4, column_top - 2)],
                MUTED.stroke_width(2),
            ))?;
        }

        // Column labels, wrapped and bottom-aligned, or vertical.
        for (j, lines) in self.column_lines.iter().enumerate() {
            let cx = left + j as i32 * cw + cw / 2;
            if self.rotated {
                Label::new(COLUMN_SIZE)
                    .anchor(HPos::Left, VPos::Center)
                    .rotated()
                    .draw(root, target, &lines[0], (cx, top - 8))?;
            } else {
                let n = lines.len() as i32;
                for (k, line) in lines.iter().enumerate() {
                    let y = top - 6 - (n - k as i32) * LINE + LINE / 2;
                    Label::new(COLUMN_SIZE)
                        .anchor(HPos::Center, VPos::Center)
                        .draw(root, target, line, (cx, y))?;
                }
            }
        }

        // Cells.
        for (i, (row, values)) in spec.rows.iter().zip(&spec.values).enumerate() {
            let y0 = top + i as i32 * CELL_H;
            Label::new(LABEL_SIZE)
                .anchor(HPos::Right, VPos::Center)
                .draw(root, target, row, (left - 10, y0 + CELL_H / 2))?;
            for (j, &v) in values.iter().enumerate() {
                let x0 = left + j as i32 * cw;
                let t = if self.max > 0.0 { v / self.max } else { 0.0 };
                let fill = Palette::sequential(t);
                root.draw(&Rectangle::new(
                    [(x0 + 1, y0 + 1), (x0 + cw - 1, y0 + CELL_H - 1)],
                    fill.filled(),
                ))?;
                if v > 0.0 {
                    let text = format_value(v);
                    if text_size(&text, VALUE_SIZE, false).0 <= cw - 6 {
                        Label::new(VALUE_SIZE)
                            .color(Palette::text_on(fill))
                            .anchor(HPos::Center, VPos::Center)
                            .draw(root, target, &text, (x0 + cw / 2, y0 + CELL_H / 2))?;
                    }
                }
            }
        }

        // Separators between events, across headers and grid.
        for g in self.groups.iter().skip(1) {
            let x = left + g.first as i32 * cw;
            root.draw(&PathElement::new(
                vec![(x, group_top + 4), (x, bottom)],
                TEXT.stroke_width(3),
            ))?;
        }

        // Colour scale.
        let lx = right + 40;
        Label::new(LABEL_SIZE)
            .anchor(HPos::Left, VPos::Center)
            .draw(root, target, &spec.value_label, (lx, top + 10))?;
        let ramp_top = top + 30;
        const STEPS: i32 = 64;
        for k in 0..STEPS {
            // Top of the ramp is the maximum.
            let t = 1.0 - (f64::from(k) + 0.5) / f64::from(STEPS);
            let y0 = ramp_top + k * RAMP_H / STEPS;
            let y1 = ramp_top + (k + 1) * RAMP_H / STEPS;
            root.draw(&Rectangle::new(
                [(lx, y0), (lx + 24, y1)],
                Palette::sequential(t).filled(),
            ))?;
        }
        root.draw(&Rectangle::new(
            [(lx, ramp_top), (lx + 24, ramp_top + RAMP_H)],
            MUTED.stroke_width(1),
        ))?;
        let max = if self.max > 0.0 { self.max } else { 1.0 };
        let ticks = nice_ticks(max, 4);
        let step = ticks.get(1).copied().unwrap_or(max);
        for t in ticks.into_iter().filter(|t| *t <= max * (1.0 + 1e-9)) {
            let y = ramp_top + RAMP_H - (f64::from(RAMP_H) * t / max).round() as i32;
            root.draw(&PathElement::new(
                vec![(lx + 24, y), (lx + 30, y)],
                MUTED.stroke_width(1),
            ))?;
            Label::new(VALUE_SIZE).color(MUTED).draw(
                root,
                target,
                &format_tick(t, step),
                (lx + 34, y),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_util::check_chart;

    fn column(label: &str, group: &str) -> Column {
        Column {
            label: label.to_owned(),
            group: group.to_owned(),
        }
    }

    fn sample() -> Heatmap {
        Heatmap {
            title: "Thèmes par atelier".to_owned(),
            rows: vec![
                "coopération".to_owned(),
                "légitimité".to_owned(),
                "x < y & \"z\"".to_owned(),
            ],
            columns: vec![
                column("Forum 2020 · Atelier 1", "Forum ouvert 14/09/2020"),
                column("Forum 2020 · Atelier 2", "Forum ouvert 14/09/2020"),
                column("Université 2021 · Atelier 4", "Université 16–17/11/2021"),
            ],
            values: vec![
                vec![3.0, 0.0, 7.0],
                vec![1.0, 2.0, 0.0],
                vec![0.0, 0.0, 1.5],
            ],
            value_label: "Occurrences".to_owned(),
        }
    }

    #[test]
    fn renders_both_formats_with_groups_and_values() {
        let spec = sample();
        let svg = check_chart(|f| heatmap(&spec, f));
        for text in [
            "Thèmes par atelier",
            "légitimité",
            "16–17/11/2021",
            "Forum ouvert 14/09/2020",
            "x &lt; y &amp; &quot;z&quot;",
            "\n1,5\n</text>",
            "\n7\n</text>",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        // Short labels wrap horizontally rather than rotate.
        let layout = Layout::new(&spec);
        assert!(!layout.rotated);
        assert_eq!(layout.groups.len(), 2);
        assert!(
            layout
                .column_lines
                .iter()
                .all(|l| l.len() <= MAX_COLUMN_LINES)
        );
    }

    #[test]
    fn very_long_column_labels_are_rotated() {
        let mut spec = sample();
        spec.columns[0].label =
            "Atelier extraordinairement long consacré à l'intelligence collective territoriale"
                .to_owned();
        crate::chart::ensure_font().unwrap();
        let layout = Layout::new(&spec);
        assert!(layout.rotated);
        assert!(svg_has_rotation(
            &String::from_utf8(heatmap(&spec, ImageFormat::Svg).unwrap()).unwrap()
        ));
    }

    fn svg_has_rotation(svg: &str) -> bool {
        svg.contains("rotate(270")
    }

    #[test]
    fn rejects_ragged_or_negative_values() {
        let mut spec = sample();
        spec.values[1].pop();
        assert!(matches!(
            heatmap(&spec, ImageFormat::Svg),
            Err(ChartError::InvalidSpec { .. })
        ));
        let mut spec = sample();
        spec.values[0][0] = -1.0;
        assert!(heatmap(&spec, ImageFormat::Svg).is_err());
    }

    #[test]
    fn empty_matrix_still_renders() {
        let spec = Heatmap {
            title: "Aucun atelier".to_owned(),
            rows: vec![],
            columns: vec![],
            values: vec![],
            value_label: "Occurrences".to_owned(),
        };
        for format in [ImageFormat::Svg, ImageFormat::Png] {
            assert!(!heatmap(&spec, format).unwrap().is_empty());
        }
    }
}
