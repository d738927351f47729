//! The embedded font: registration with plotters, measurement and raster text.
//!
//! plotters 0.3.7's `ab_glyph` text path drops each glyph's left side bearing (uneven letter
//! spacing), ignores the bold style and sets glyphs higher than its SVG backend does. So PNG text is
//! rasterised here with ab_glyph directly, laid out with the same rules as the SVG `<text>` the SVG
//! backend writes (`font-size = size / 1.24`, `dy = 0.76em` for top, `0.5ex` for centre): the two
//! formats then place text alike. The font is still registered with plotters so that any plotters
//! text element would find it.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontStyle, RGBAColor, RGBColor};

use super::{ChartError, FONT_FAMILY};

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn load() -> Result<Fonts, String> {
    plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "DejaVu Sans regular".to_owned())?;
    plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, dejavu::sans::bold())
        .map_err(|_| "DejaVu Sans bold".to_owned())?;
    Ok(Fonts {
        regular: FontRef::try_from_slice(dejavu::sans::regular())
            .map_err(|e| format!("DejaVu Sans regular: {e}"))?,
        bold: FontRef::try_from_slice(dejavu::sans::bold())
            .map_err(|e| format!("DejaVu Sans bold: {e}"))?,
    })
}

fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(load)
        .as_ref()
        .map_err(|e| ChartError::Font(e.clone()))
}

/// Registers the embedded DejaVu Sans (regular and bold) with plotters, once per process.
pub(crate) fn ensure_font() -> Result<(), ChartError> {
    fonts().map(|_| ())
}

fn face(bold: bool) -> Result<&'static FontRef<'static>, ChartError> {
    let f = fonts()?;
    Ok(if bold { &f.bold } else { &f.regular })
}

/// The em size in pixels of a chart text of nominal `size` (plotters' SVG convention).
fn em(size: f64) -> f32 {
    (size / 1.24) as f32
}

/// ab_glyph's scale (ascent − descent in pixels) for an em of `em` pixels.
fn px_scale(font: &FontRef<'_>, em: f32) -> PxScale {
    let upm = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em * font.height_unscaled() / upm)
}

/// Advance width in pixels of `text`, with kerning.
fn advance(font: &FontRef<'static>, scale: PxScale, text: &str) -> f32 {
    let scaled = font.as_scaled(scale);
    let mut x = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    x
}

/// Width and height in pixels of `text` at nominal `size` (height = one em).
pub(crate) fn measure(text: &str, size: f64, bold: bool) -> (i32, i32) {
    match face(bold) {
        Ok(font) => {
            let e = em(size);
            let w = advance(font, px_scale(font, e), text);
            (w.ceil() as i32, e.ceil() as i32)
        }
        // Only when the embedded font is broken, which `render` reports before any layout.
        Err(_) => (
            (text.chars().count() as f64 * size * 0.5) as i32,
            size as i32,
        ),
    }
}

/// Rasterises `text` onto a bitmap-backed `area`, anchored like the SVG backend's `<text>`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn raster_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    color: RGBColor,
    (h, v): (HPos, VPos),
    rotate: bool,
) -> Result<(), ChartError> {
    let font = face(bold)?;
    let e = em(size);
    let scale = px_scale(font, e);
    let scaled = font.as_scaled(scale);
    let width = advance(font, scale, text);
    let start_x = match h {
        HPos::Left => 0.0,
        HPos::Center => -width / 2.0,
        HPos::Right => -width,
    };
    // DejaVu Sans x-height is 0.547 em; SVG `ex` uses it.
    let half_ex = 0.5 * 0.547 * e;
    let baseline = match v {
        VPos::Top => 0.76 * e,
        VPos::Center => half_ex,
        VPos::Bottom => -half_ex,
    };
    let mut pen = start_x;
    let mut prev = None;
    let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                if cov > 0.0 {
                    pixels.push((
                        b.min.x as i32 + gx as i32,
                        b.min.y as i32 + gy as i32,
                        cov.min(1.0),
                    ));
                }
            });
        }
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    for (dx, dy, cov) in pixels {
        // Rotating by 270° (as SVG `rotate(270, x, y)`) maps (dx, dy) to (dy, −dx).
        let (px, py) = if rotate {
            (x + dy, y - dx)
        } else {
            (x + dx, y + dy)
        };
        area.draw_pixel(
            (px, py),
            &RGBAColor(color.0, color.1, color.2, f64::from(cov)),
        )?;
    }
    Ok(())
}
