//! Charts for the insight report, drawn with plotters as SVG or PNG.
//!
//! Four charts, each a pure function from plain data to image bytes:
//!
//! - [`theme_bars`]: top recurring themes as horizontal bars coloured by how many events they span;
//! - [`heatmap`]: a theme × atelier matrix, ateliers grouped by event;
//! - [`trajectories`]: one line per theme across dated events (relative frequency);
//! - [`network`]: a node-link drawing from positions computed elsewhere (see the `graph` stage).
//!
//! Inputs are already-translated French strings; this module only lays them out. Text is measured
//! with the embedded DejaVu Sans font (shipped by the `dejavu` crate and registered with plotters'
//! `ab_glyph` support), so a build needs no system font and nothing is fetched at run time. PNG
//! text is rasterised with that font (by ab_glyph directly, see the `font` submodule for why);
//! the SVG keeps text as `<text>` elements (selectable, searchable) with
//! `font-family="DejaVu Sans, sans-serif"` so viewers without DejaVu fall back sensibly.
//!
//! `cargo run --example chart_preview` renders all four on realistic French data into
//! `/tmp/charts-preview/`.
//!
//! Every chart is deterministic: the same input gives byte-identical output in both formats.

mod bars;
mod font;
mod heatmap;
mod network;
mod trajectories;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::element::Text;
use plotters::prelude::{BitMapBackend, DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontStyle, FontTransform, IntoFont, RGBColor, TextStyle};

pub use bars::{Bar, BarChart, theme_bars};
pub(crate) use font::ensure_font;
pub use heatmap::{Column, Heatmap, heatmap};
pub use network::{NetEdge, NetNode, Network, network};
pub use trajectories::{Series, Trajectories, trajectories};

/// The font family every chart uses.
///
/// It is both the key under which the embedded DejaVu Sans is registered with plotters (PNG) and
/// the `font-family` written into SVG `<text>` elements, hence the CSS fallback list.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// The image format a chart is rendered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// Scalable vector graphics, UTF-8 text; labels stay selectable `<text>` elements.
    Svg,
    /// 8-bit RGB PNG rasterised with the embedded font.
    Png,
}

impl ImageFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The input is inconsistent (an edge to a missing node, a row of the wrong length, …).
    #[error("{chart}: données incohérentes : {reason}")]
    InvalidSpec {
        /// Which chart.
        chart: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The embedded font could not be registered (should never happen with the shipped font).
    #[error("police intégrée illisible : {0}")]
    Font(String),
    /// plotters failed while drawing.
    #[error("échec du dessin : {0}")]
    Drawing(String),
    /// The PNG encoder failed.
    #[error("échec de l'encodage PNG : {0}")]
    Encode(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        Self::Drawing(e.to_string())
    }
}

/// Colour helpers: a colour-blind-friendly categorical palette and a sequential ramp.
///
/// The categorical colours are Okabe & Ito's eight (ordered so that the first ones contrast most
/// on white, yellow late), extended with brown and grey; the ramp is ColorBrewer's `YlGnBu`
/// (light yellow to dark blue, monotonic in lightness, readable by colour-blind viewers).
#[derive(Debug, Clone, Copy, Default)]
pub struct Palette;

/// Okabe–Ito (blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow)
/// then brown and grey; yellow comes late because it is the faintest on white.
const CATEGORICAL: [RGBColor; 10] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x8C, 0x56, 0x4B),
    RGBColor(0x99, 0x99, 0x99),
];

/// ColorBrewer YlGnBu, 9 classes, light to dark.
const SEQUENTIAL: [RGBColor; 9] = [
    RGBColor(0xFF, 0xFF, 0xD9),
    RGBColor(0xED, 0xF8, 0xB1),
    RGBColor(0xC7, 0xE9, 0xB4),
    RGBColor(0x7F, 0xCD, 0xBB),
    RGBColor(0x41, 0xB6, 0xC4),
    RGBColor(0x1D, 0x91, 0xC0),
    RGBColor(0x22, 0x5E, 0xA8),
    RGBColor(0x25, 0x34, 0x94),
    RGBColor(0x08, 0x1D, 0x58),
];

impl Palette {
    /// Number of distinct categorical colours before they repeat.
    pub const CATEGORICAL_LEN: usize = CATEGORICAL.len();

    /// The `i`-th categorical colour (cycles after [`Self::CATEGORICAL_LEN`]).
    pub fn categorical(i: usize) -> RGBColor {
        CATEGORICAL[i % CATEGORICAL.len()]
    }

    /// The sequential ramp at `t` in `[0, 1]` (clamped; NaN gives the lightest colour),
    /// linearly interpolated between the ColorBrewer stops.
    pub fn sequential(t: f64) -> RGBColor {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let pos = t * (SEQUENTIAL.len() - 1) as f64;
        let i = (pos.floor() as usize).min(SEQUENTIAL.len() - 2);
        let f = pos - i as f64;
        let (a, b) = (SEQUENTIAL[i], SEQUENTIAL[i + 1]);
        let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The `i`-th categorical colour for thin strokes and small marks on white: very light
    /// colours (the Okabe–Ito yellow) are darkened so lines stay visible.
    pub fn categorical_stroke(i: usize) -> RGBColor {
        let c = Self::categorical(i);
        if relative_luminance(c) > 0.5 {
            let dark = |v: u8| (f64::from(v) * 0.75).round() as u8;
            RGBColor(dark(c.0), dark(c.1), dark(c.2))
        } else {
            c
        }
    }

    /// Black or white, whichever reads better on `background` (WCAG relative luminance).
    pub fn text_on(background: RGBColor) -> RGBColor {
        if relative_luminance(background) > 0.3 {
            TEXT
        } else {
            RGBColor(0xFF, 0xFF, 0xFF)
        }
    }
}

fn relative_luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Main text colour (near black).
pub(crate) const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text / axis colour.
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Light grid colour.
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Background.
pub(crate) const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// A plotters font of the chart family at nominal `size` (used for SVG `<text>` attributes).
fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FONT_FAMILY, size).into_font().style(style)
}

/// Width and height in pixels of `text` set in the chart font at nominal `size`.
pub(crate) fn text_size(text: &str, size: f64, bold: bool) -> (i32, i32) {
    font::measure(text, size, bold)
}

/// Greedy word wrap of `text` into lines no wider than `max_width` pixels.
///
/// A single word wider than the limit gets a line of its own (it is never cut).
pub(crate) fn wrap(text: &str, size: f64, bold: bool, max_width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_size(&candidate, size, bold).0 <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Like [`wrap`], but breaks first after each " · " separator ("Forum 2020 ·" / "Atelier 1"),
/// then wraps each part.
pub(crate) fn wrap_parts(text: &str, size: f64, bold: bool, max_width: i32) -> Vec<String> {
    let parts: Vec<&str> = text.split(" · ").collect();
    let last = parts.len() - 1;
    let mut lines = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let part = if i < last {
            format!("{part} ·")
        } else {
            (*part).to_owned()
        };
        lines.extend(wrap(&part, size, bold, max_width));
    }
    lines
}

/// What a drawing routine needs to know about its target beyond the plotters backend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    /// The target is a raster image (PNG).
    pub raster: bool,
}

/// A text to place: anchor, size, weight, colour, rotation.
#[derive(Clone, Copy)]
pub(crate) struct Label {
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
    pub h: HPos,
    pub v: VPos,
    pub rotate: bool,
}

impl Label {
    /// Regular text of `size`, left/centre anchored.
    pub fn new(size: f64) -> Self {
        Self {
            size,
            bold: false,
            color: TEXT,
            h: HPos::Left,
            v: VPos::Center,
            rotate: false,
        }
    }
    /// Bold weight.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    /// Text colour.
    pub fn color(mut self, c: RGBColor) -> Self {
        self.color = c;
        self
    }
    /// Which point of the text box `(x, y)` designates.
    pub fn anchor(mut self, h: HPos, v: VPos) -> Self {
        self.h = h;
        self.v = v;
        self
    }
    /// Rotate by 270° (reads bottom to top).
    pub fn rotated(mut self) -> Self {
        self.rotate = true;
        self
    }

    /// Draws `text` at `(x, y)` on `area`: an SVG `<text>` element, or glyphs rasterised with
    /// the embedded font for PNG (see [`font`] for why plotters' own raster text is not used).
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        target: Target,
        text: &str,
        (x, y): (i32, i32),
    ) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        if target.raster {
            return font::raster_text(
                area,
                text,
                (x, y),
                self.size,
                self.bold,
                self.color,
                (self.h, self.v),
                self.rotate,
            );
        }
        let mut style: TextStyle = font(self.size, self.bold)
            .color(&self.color.to_rgba())
            .pos(Pos::new(self.h, self.v));
        if self.rotate {
            style = style.transform(FontTransform::Rotate270);
        }
        area.draw(&Text::new(text.to_owned(), (x, y), style))?;
        Ok(())
    }
}

/// Draws a filled disc of radius `r` (pixels, fractional allowed) centred at `(cx, cy)`:
/// an SVG `<circle>`, or an anti-aliased disc in PNG (plotters' raster circles are jagged).
pub(crate) fn disc<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    target: Target,
    (cx, cy): (i32, i32),
    r: f64,
    color: RGBColor,
) -> Result<(), ChartError> {
    if r <= 0.0 {
        return Ok(());
    }
    if !target.raster {
        area.draw(&plotters::element::Circle::new(
            (cx, cy),
            r.round() as i32,
            color.filled(),
        ))?;
        return Ok(());
    }
    let reach = r.ceil() as i32 + 1;
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let d = f64::from(dx * dx + dy * dy).sqrt();
            let coverage = (r + 0.5 - d).clamp(0.0, 1.0);
            if coverage > 0.0 {
                area.draw_pixel((cx + dx, cy + dy), &color.mix(coverage))?;
            }
        }
    }
    Ok(())
}

/// A chart that can draw itself on any plotters backend.
pub(crate) trait Draw {
    /// Canvas size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws onto `root` (already filled white).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        target: Target,
    ) -> Result<(), ChartError>;
}

/// Renders `chart` to bytes of `format`.
pub(crate) fn render<C: Draw>(chart: &C, format: ImageFormat) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let (w, h) = chart.size();
    match format {
        ImageFormat::Svg => {
            let mut out = String::new();
            {
                let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
                root.fill(&WHITE)?;
                chart.draw(&root, Target { raster: false })?;
                root.present()?;
            }
            Ok(out.into_bytes())
        }
        ImageFormat::Png => {
            let mut rgb = vec![0u8; w as usize * h as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
                root.fill(&WHITE)?;
                chart.draw(&root, Target { raster: true })?;
                root.present()?;
            }
            encode_png(&rgb, w, h)
        }
    }
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        let mut writer = enc
            .write_header()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// Formats a value for display: integers without decimals, others with one (French comma).
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{:.1}", v).replace('.', ",")
    }
}

/// Rejects non-finite numbers with a clear message.
pub(crate) fn check_finite(chart: &'static str, what: &str, v: f64) -> Result<(), ChartError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(ChartError::InvalidSpec {
            chart,
            reason: format!("{what} n'est pas un nombre fini ({v})"),
        })
    }
}

/// "Nice" axis ticks covering `[0, max]`: returns the tick values (0 first, last ≥ `max`).
pub(crate) fn nice_ticks(max: f64, target: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Formats a tick value with as few decimals as the step needs (French decimal comma).
pub(crate) fn format_tick(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().max(0.0) as usize
    };
    format!("{v:.decimals$}").replace('.', ",")
}

/// Draws the chart title, wrapped to `max_width`, centred at the top; returns the y below it.
pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    target: Target,
    title: &str,
    width: i32,
) -> Result<i32, ChartError> {
    const SIZE: f64 = 26.0;
    let lines = wrap(title, SIZE, true, width - 40);
    let mut y = 18;
    for line in &lines {
        Label::new(SIZE)
            .bold()
            .anchor(HPos::Center, VPos::Top)
            .draw(area, target, line, (width / 2, y))?;
        y += 32;
    }
    Ok(y + 6)
}

/// One legend entry: a label and its colour.
pub(crate) struct LegendEntry<'a> {
    pub label: &'a str,
    pub color: RGBColor,
}

/// Size of the text in horizontal legends.
pub(crate) const LEGEND_SIZE: f64 = 16.0;

/// Lays out a horizontal legend centred in `width`, wrapping onto several rows as needed.
/// Returns the rows as `(x, entry index)` lists.
fn legend_rows(entries: &[LegendEntry<'_>], width: i32) -> Vec<Vec<(i32, usize)>> {
    const SWATCH: i32 = 16;
    const GAP: i32 = 28;
    let widths: Vec<i32> = entries
        .iter()
        .map(|e| SWATCH + 6 + text_size(e.label, LEGEND_SIZE, false).0)
        .collect();
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    for (i, w) in widths.iter().enumerate() {
        let row = rows.last_mut().expect("at least one row");
        if !row.is_empty() && used + GAP + w > width - 40 {
            rows.push(vec![i]);
            used = *w;
        } else {
            used += if row.is_empty() { *w } else { GAP + w };
            row.push(i);
        }
    }
    rows.into_iter()
        .map(|row| {
            let total: i32 =
                row.iter().map(|&i| widths[i]).sum::<i32>() + GAP * (row.len() as i32 - 1);
            let mut x = (width - total) / 2;
            row.into_iter()
                .map(|i| {
                    let at = x;
                    x += widths[i] + GAP;
                    (at, i)
                })
                .collect()
        })
        .collect()
}

/// Draws a horizontal legend of coloured squares starting at `y`; returns the y below it.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    target: Target,
    entries: &[LegendEntry<'_>],
    y: i32,
    width: i32,
) -> Result<i32, ChartError> {
    if entries.is_empty() {
        return Ok(y);
    }
    let mut y = y;
    for row in legend_rows(entries, width) {
        for (x, i) in row {
            let e = &entries[i];
            area.draw(&plotters::element::Rectangle::new(
                [(x, y + 2), (x + 16, y + 18)],
                e.color.filled(),
            ))?;
            area.draw(&plotters::element::Rectangle::new(
                [(x, y + 2), (x + 16, y + 18)],
                MUTED.stroke_width(1),
            ))?;
            Label::new(LEGEND_SIZE).draw(area, target, e.label, (x + 22, y + 10))?;
        }
        y += 26;
    }
    Ok(y + 4)
}

/// Height a horizontal legend will take (for sizing the canvas before drawing).
pub(crate) fn legend_height(entries: &[LegendEntry<'_>], width: i32) -> i32 {
    if entries.is_empty() {
        0
    } else {
        legend_rows(entries, width).len() as i32 * 26 + 4
    }
}

/// Height the wrapped title will take.
pub(crate) fn title_height(title: &str, width: i32) -> i32 {
    18 + wrap(title, 26.0, true, width - 40).len() as i32 * 32 + 6
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::ImageFormat;

    /// Decodes a PNG and returns its dimensions.
    pub fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert!(bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]));
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().expect("valid PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("decodable PNG");
        (info.width, info.height)
    }

    /// Reads `width`/`height` from the root `<svg>` tag.
    pub fn svg_size(svg: &str) -> (u32, u32) {
        let attr = |name: &str| -> u32 {
            let key = format!("{name}=\"");
            let start = svg.find(&key).expect("attribute present") + key.len();
            let end = start + svg[start..].find('"').expect("closing quote");
            svg[start..end].parse().expect("integer size")
        };
        (attr("width"), attr("height"))
    }

    /// Checks both formats of a chart: signature, size, determinism; returns the SVG text.
    pub fn check_chart<F>(render: F) -> String
    where
        F: Fn(ImageFormat) -> Result<Vec<u8>, super::ChartError>,
    {
        let svg = render(ImageFormat::Svg).expect("SVG renders");
        let svg2 = render(ImageFormat::Svg).expect("SVG renders again");
        assert_eq!(svg, svg2, "SVG output must be deterministic");
        let svg = String::from_utf8(svg).expect("SVG is UTF-8");
        assert!(svg.starts_with("<svg"), "SVG starts with the root tag");
        assert!(svg.trim_end().ends_with("</svg>"), "SVG is closed");
        assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
        let png = render(ImageFormat::Png).expect("PNG renders");
        let png2 = render(ImageFormat::Png).expect("PNG renders again");
        assert!(png == png2, "PNG output must be deterministic");
        assert_eq!(
            png_size(&png),
            svg_size(&svg),
            "PNG and SVG have the same size"
        );
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_is_distinct_and_ramp_is_monotonic() {
        for i in 0..Palette::CATEGORICAL_LEN {
            for j in i + 1..Palette::CATEGORICAL_LEN {
                assert_ne!(Palette::categorical(i), Palette::categorical(j));
            }
        }
        assert_eq!(Palette::categorical(10), Palette::categorical(0));
        for i in 0..Palette::CATEGORICAL_LEN {
            assert!(relative_luminance(Palette::categorical_stroke(i)) <= 0.5);
        }
        let mut last = f64::INFINITY;
        for k in 0..=20 {
            let l = relative_luminance(Palette::sequential(f64::from(k) / 20.0));
            assert!(l < last, "ramp gets darker");
            last = l;
        }
        assert_eq!(Palette::sequential(-1.0), SEQUENTIAL[0]);
        assert_eq!(Palette::sequential(2.0), SEQUENTIAL[8]);
        assert_eq!(Palette::text_on(SEQUENTIAL[8]), WHITE);
        assert_eq!(Palette::text_on(SEQUENTIAL[0]), TEXT);
    }

    #[test]
    fn wrap_and_measure_use_the_embedded_font() {
        ensure_font().unwrap();
        let (w_short, _) = text_size("co", 16.0, false);
        let (w_long, _) = text_size("co-construction", 16.0, false);
        assert!(w_short > 0 && w_long > 4 * w_short);
        let lines = wrap("Université 2021 · Atelier 4", 14.0, false, 90);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), "Université 2021 · Atelier 4");
        assert_eq!(wrap("", 14.0, false, 90), vec![String::new()]);
        assert_eq!(
            wrap_parts("Forum 2020 · Atelier 1", 15.0, false, 200),
            vec!["Forum 2020 ·", "Atelier 1"]
        );
    }

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        assert_eq!(nice_ticks(10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(7.3, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        let t = nice_ticks(0.37, 4);
        assert!(*t.last().unwrap() >= 0.37 && t.len() <= 6, "{t:?}");
        assert_eq!(format_tick(0.2, 0.1), "0,2");
        assert_eq!(format_tick(20.0, 5.0), "20");
    }

    #[test]
    fn values_are_formatted_the_french_way() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(2.34), "2,3");
        assert_eq!(format_value(f64::NAN), "");
    }
}
