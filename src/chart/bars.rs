//! Horizontal bar chart of the top recurring themes, coloured by how many events each spans.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    ChartError, Draw, GRID, ImageFormat, Label, LegendEntry, MUTED, Palette, TEXT, Target,
    check_finite, draw_legend, draw_title, format_tick, format_value, legend_height, nice_ticks,
    render, text_size, title_height, wrap,
};

/// One bar: a theme label, its value and its colour group.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The theme, as shown (e.g. "droit à l'erreur").
    pub label: String,
    /// The bar length (a count or a score, ≥ 0).
    pub value: f64,
    /// Index into [`BarChart::group_names`] (e.g. how many events the theme spans).
    pub group: usize,
}

/// A horizontal bar chart: bars are drawn top to bottom in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The chart title (French, already translated).
    pub title: String,
    /// Caption of the value axis (e.g. "Occurrences").
    pub x_label: String,
    /// The bars, first drawn at the top.
    pub items: Vec<Bar>,
    /// Legend labels of the colour groups ("1 événement", "2 événements", …).
    pub group_names: Vec<String>,
}

const CHART: &str = "theme_bars";
const WIDTH: i32 = 1200;
const ROW: i32 = 34;
/// Row height when some label needs two lines.
const TALL_ROW: i32 = 46;
/// Labels wider than this wrap (the bars keep at least ~60 % of the width).
const MAX_LABEL_W: i32 = 420;
const LABEL_LINE: i32 = 18;
const BAR: i32 = 24;
const LABEL_SIZE: f64 = 17.0;
const VALUE_SIZE: f64 = 15.0;
const TICK_SIZE: f64 = 15.0;

/// Renders the themes as horizontal bars with a legend of the groups present.
///
/// The left margin is sized from the measured label widths so long French labels are never
/// clipped; the height grows with the number of bars.
pub fn theme_bars(spec: &BarChart, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    for bar in &spec.items {
        check_finite(CHART, &format!("la valeur de « {} »", bar.label), bar.value)?;
        if bar.value < 0.0 {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!("valeur négative pour « {} »", bar.label),
            });
        }
        if bar.group >= spec.group_names.len() {
            return Err(ChartError::InvalidSpec {
                chart: CHART,
                reason: format!(
                    "« {} » est dans le groupe {} mais seuls {} noms de groupes sont donnés",
                    bar.label,
                    bar.group,
                    spec.group_names.len()
                ),
            });
        }
    }
    super::ensure_font()?;
    render(&Layout::new(spec), format)
}

struct Layout<'a> {
    spec: &'a BarChart,
    legend: Vec<LegendEntry<'a>>,
    head: i32,
    label_width: i32,
    /// Each bar label, wrapped when wider than [`MAX_LABEL_W`].
    labels: Vec<Vec<String>>,
    row: i32,
    height: i32,
}

impl<'a> Layout<'a> {
    fn new(spec: &'a BarChart) -> Self {
        // Legend: the groups actually used, in group order.
        let mut used = vec![false; spec.group_names.len()];
        for bar in &spec.items {
            used[bar.group] = true;
        }
        let legend = spec
            .group_names
            .iter()
            .enumerate()
            .filter(|(i, _)| used[*i])
            .map(|(i, name)| LegendEntry {
                label: name,
                color: Palette::categorical(i),
            })
            .collect::<Vec<_>>();
        let head = title_height(&spec.title, WIDTH) + legend_height(&legend, WIDTH) + 10;
        let labels: Vec<Vec<String>> = spec
            .items
            .iter()
            .map(|b| wrap(&b.label, LABEL_SIZE, false, MAX_LABEL_W))
            .collect();
        let label_width = labels
            .iter()
            .flatten()
            .map(|l| text_size(l, LABEL_SIZE, false).0)
            .max()
            .unwrap_or(0);
        let row = if labels.iter().any(|l| l.len() > 1) {
            TALL_ROW.max(labels.iter().map(Vec::len).max().unwrap_or(1) as i32 * LABEL_LINE + 10)
        } else {
            ROW
        };
        let rows = spec.items.len().max(1) as i32;
        let height = head + rows * row + 90;
        Self {
            spec,
            legend,
            head,
            label_width,
            labels,
            row,
            height,
        }
    }
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
        let y = draw_title(root, target, &spec.title, WIDTH)?;
        draw_legend(root, target, &self.legend, y, WIDTH)?;

        let left = 30 + self.label_width + 14;
        let top = self.head;
        let bottom = top + spec.items.len().max(1) as i32 * self.row;
        let max_value = spec.items.iter().map(|b| b.value).fold(0.0, f64::max);
        let value_width = spec
            .items
            .iter()
            .map(|b| text_size(&format_value(b.value), VALUE_SIZE, false).0)
            .max()
            .unwrap_or(0);
        let ticks = nice_ticks(max_value, 6);
        let axis_max = *ticks.last().expect("ticks are never empty");
        let right = WIDTH - 40 - value_width.max(20);
        let px = |v: f64| left + ((right - left) as f64 * v / axis_max).round() as i32;

        // Grid and ticks.
        let step = ticks.get(1).copied().unwrap_or(axis_max);
        for &t in &ticks {
            let x = px(t);
            root.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                GRID.stroke_width(1),
            ))?;
            Label::new(TICK_SIZE)
                .color(MUTED)
                .anchor(HPos::Center, VPos::Top)
                .draw(root, target, &format_tick(t, step), (x, bottom + 8))?;
        }
        Label::new(LABEL_SIZE)
            .color(TEXT)
            .anchor(HPos::Center, VPos::Top)
            .draw(
                root,
                target,
                &spec.x_label,
                ((left + right) / 2, bottom + 40),
            )?;

        // Bars, labels and values.
        for (i, bar) in spec.items.iter().enumerate() {
            let y0 = top + i as i32 * self.row + (self.row - BAR) / 2;
            let mid = y0 + BAR / 2;
            let color = Palette::categorical(bar.group);
            let x1 = px(bar.value);
            if x1 > left {
                root.draw(&Rectangle::new(
                    [(left, y0), (x1, y0 + BAR)],
                    color.filled(),
                ))?;
            }
            let lines = &self.labels[i];
            let first = mid - (lines.len() as i32 - 1) * LABEL_LINE / 2;
            for (k, line) in lines.iter().enumerate() {
                Label::new(LABEL_SIZE)
                    .anchor(HPos::Right, VPos::Center)
                    .draw(
                        root,
                        target,
                        line,
                        (left - 10, first + k as i32 * LABEL_LINE),
                    )?;
            }
            Label::new(VALUE_SIZE)
                .color(MUTED)
                .anchor(HPos::Left, VPos::Center)
                .draw(root, target, &format_value(bar.value), (x1 + 6, mid))?;
        }
        // Value axis baseline.
        root.draw(&PathElement::new(
            vec![(left, top), (left, bottom)],
            MUTED.stroke_width(1),
        ))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_util::{check_chart, svg_size};

    fn sample() -> BarChart {
        let bar = |label: &str, value: f64, group: usize| Bar {
            label: label.to_owned(),
            value,
            group,
        };
        BarChart {
            title: "Thèmes récurrents".to_owned(),
            x_label: "Nombre d'occurrences".to_owned(),
            items: vec![
                bar("coopération", 42.0, 2),
                bar("droit à l'erreur", 30.0, 1),
                bar("légitimité", 12.5, 0),
                bar("a < b & \"c\"", 3.0, 0),
            ],
            group_names: vec![
                "1 événement".to_owned(),
                "2 événements".to_owned(),
                "3 événements".to_owned(),
            ],
        }
    }

    #[test]
    fn renders_both_formats_with_french_labels() {
        let spec = sample();
        let svg = check_chart(|f| theme_bars(&spec, f));
        // PNG and SVG sizes agree (checked above); the canvas is 1200 wide, sized by rows.
        crate::chart::ensure_font().unwrap();
        assert_eq!(svg_size(&svg), Layout::new(&spec).size());
        assert_eq!(svg_size(&svg).0, 1200);
        for text in [
            "Thèmes récurrents",
            "coopération",
            "droit à l&apos;erreur",
            "3 événements",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(svg.contains("12,5"), "decimal comma in value labels");
    }

    #[test]
    fn height_grows_with_rows_and_labels_fit() {
        crate::chart::ensure_font().unwrap();
        let mut spec = sample();
        let small = Layout::new(&spec).size();
        spec.items.extend(spec.items.clone());
        let big = Layout::new(&spec).size();
        assert_eq!(big.1 - small.1, 4 * ROW as u32);
        // The longest label fits inside the canvas left of the axis.
        let layout = Layout::new(&spec);
        let widest = text_size("droit à l'erreur", LABEL_SIZE, false).0;
        assert!(layout.label_width >= widest);
    }

    #[test]
    fn very_long_labels_wrap_instead_of_squashing_the_bars() {
        let mut spec = sample();
        spec.items[1].label = "accompagnement des agents dans la transformation des \
             politiques publiques territoriales"
            .to_owned();
        crate::chart::ensure_font().unwrap();
        let layout = Layout::new(&spec);
        assert!(layout.label_width <= MAX_LABEL_W);
        assert!(layout.labels[1].len() >= 2);
        assert_eq!(layout.labels[1].join(" "), spec.items[1].label);
        assert!(layout.row >= TALL_ROW);
        assert!(theme_bars(&spec, ImageFormat::Png).is_ok());
    }

    #[test]
    fn rejects_bad_groups_and_values() {
        let mut spec = sample();
        spec.items[0].group = 9;
        assert!(matches!(
            theme_bars(&spec, ImageFormat::Svg),
            Err(ChartError::InvalidSpec { .. })
        ));
        let mut spec = sample();
        spec.items[0].value = f64::NAN;
        assert!(theme_bars(&spec, ImageFormat::Png).is_err());
    }

    #[test]
    fn empty_chart_still_renders() {
        let spec = BarChart {
            title: "Aucun thème".to_owned(),
            x_label: String::new(),
            items: vec![],
            group_names: vec![],
        };
        assert!(theme_bars(&spec, ImageFormat::Png).is_ok());
    }
}
