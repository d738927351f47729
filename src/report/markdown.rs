//! `report.md`: the same insights as the HTML page, in Markdown (CommonMark with GitHub tables).
//!
//! Corpus text goes through [`escape`]: characters with a Markdown meaning are backslash-escaped,
//! a `<` that could open a tag becomes an entity so no raw HTML survives (`p < 0,001` stays as
//! written), line breaks become spaces.

use std::fmt::Write as _;

use super::Report;
use super::charts::Rendered;
use super::html::{by_trend, capitalise, params};
use super::i18n::{Counted, count, number, skip_reason};

/// Escapes inline text for Markdown.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // A `<` before white space opens no tag, comment or autolink (`p < 0,001` stays
            // readable as plain text); any other gets its entity (`<1@x>` is an e-mail autolink;
            // at the end, what the caller writes next could follow it).
            '<' if chars.get(i + 1).is_none_or(|n| !n.is_whitespace()) => out.push_str("&lt;"),
            // At the start, `>` would open a block quote.
            '>' if i == 0 => out.push_str("\\>"),
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether text after `&` would be read as an entity (`amp;`, `#60;`).
fn looks_like_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// The whole report. `chart_ext` is the extension of the chart files written beside it (none:
/// no chart is referenced).
pub fn markdown(
    r: &Report,
    charts: &Rendered,
    chart_ext: Option<&str>,
    outputs: &[String],
) -> String {
    let w = r.words();
    let colon = w.colon;
    let lang = r.lang();
    let mut o = String::new();
    let title = r
        .title
        .clone()
        .unwrap_or_else(|| w.report_title.to_string());
    let _ = writeln!(o, "# {}\n\n*{}*\n", escape(&title), escape(w.report_kicker));
    if r.params.anonymize {
        let _ = writeln!(o, "{}\n", escape(w.anonymized_note));
    }
    let figure = |o: &mut String, name: &str| {
        if let (Some(ext), Some(c)) = (chart_ext, charts.get(name)) {
            let _ = writeln!(o, "![{}](charts/{name}.{ext})\n", escape(&c.title));
        }
    };

    // Corpus.
    let _ = writeln!(o, "## {}\n", escape(w.glance));
    let _ = writeln!(
        o,
        "**{}** · **{}** · **{}** · **{}**\n",
        escape(&w.n_events(r.events.len())),
        w.counted(r.ateliers.len() as u64, Counted::Ateliers),
        w.counted(r.documents as u64, Counted::Documents),
        w.counted(r.words as u64, Counted::Words),
    );
    let _ = writeln!(
        o,
        "| {} | {} | {} | {} | {} |\n|---|---|--:|--:|--:|",
        w.event, w.dates, w.ateliers_col, w.documents, w.words
    );
    for e in &r.events {
        let dates = e.dates.map_or(w.undated.to_string(), |d| w.date_range(d));
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            escape(&e.title),
            escape(&dates),
            count(lang, e.ateliers as u64),
            count(lang, e.documents as u64),
            count(lang, e.words as u64)
        );
    }
    let _ = writeln!(o, "\n### {}\n", escape(w.skipped));
    if r.skipped.is_empty() {
        let _ = writeln!(o, "{}\n", escape(w.none_skipped));
    } else {
        for s in &r.skipped {
            let _ = writeln!(
                o,
                "- `{}` — {}",
                s.location.replace('`', "'"),
                escape(&skip_reason(lang, &s.reason))
            );
        }
        o.push('\n');
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(
            o,
            "### {}\n\n{}\n",
            escape(w.warnings),
            escape(w.warnings_intro)
        );
        for x in &r.warnings {
            let _ = writeln!(
                o,
                "- `{}` — {}",
                x.location.replace('`', "'"),
                escape(&x.message)
            );
        }
        o.push('\n');
    }

    // Themes.
    let unit = r.params.recurrence_unit;
    let _ = writeln!(
        o,
        "## {}\n\n{}\n",
        escape(w.themes),
        escape(w.themes_intro(unit))
    );
    if r.themes.is_empty() {
        // The reason, and no empty table, chart or quotes heading.
        let _ = writeln!(o, "**{}**\n", escape(&r.no_themes()));
    } else {
        figure(&mut o, "themes");
        let _ = writeln!(o, "{}\n", escape(w.components_help(unit)));
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n|--:|---|--:|--:|--:|--:|--:|--:|---|",
            w.rank,
            w.theme,
            w.score,
            w.dispersion,
            w.specificity,
            w.occurrences,
            w.spread_col(unit),
            w.events,
            w.trend
        );
        for t in r.top_themes() {
            let rec = &t.record;
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                rec.rank,
                escape(&rec.label),
                number(lang, rec.score, 2),
                number(lang, rec.components.dispersion, 2),
                number(lang, rec.components.specificity, 2),
                count(lang, rec.occurrences),
                count(lang, rec.spread(unit)),
                t.events,
                w.trend(t.trend)
            );
        }
        o.push('\n');
        figure(&mut o, "themes-by-atelier");
        let _ = writeln!(o, "### {}\n", escape(w.quotes));
        for t in r.top_themes() {
            let _ = writeln!(
                o,
                "#### {}. {}\n\n{}\n",
                t.record.rank,
                escape(&t.record.label),
                escape(&format!(
                    "{} · {} · {} · D = {} · S = {} · {}",
                    w.counted(t.record.occurrences, Counted::Mentions),
                    w.spread(unit, &t.record),
                    w.n_events(t.events),
                    number(lang, t.record.components.dispersion, 2),
                    number(lang, t.record.components.specificity, 2),
                    w.trend(t.trend)
                ))
            );
            for q in &t.quotes {
                o.push_str("> «\u{a0}");
                for (s, h) in &q.segments {
                    if *h {
                        let _ = write!(o, "**{}**", escape(s));
                    } else {
                        o.push_str(&escape(s));
                    }
                }
                let _ = writeln!(
                    o,
                    "\u{a0}»  \n> — {} · {} · `{}`\n",
                    escape(&q.atelier),
                    w.section(q.section),
                    q.location.replace('`', "'")
                );
            }
        }
    }

    // Trends.
    let _ = writeln!(o, "## {}\n", escape(w.trends));
    if r.dated_events < 2 {
        let _ = writeln!(o, "{}\n", escape(w.trends_none));
    } else {
        let _ = writeln!(o, "{}\n", escape(w.trends_intro));
        figure(&mut o, "trajectories");
        for &trend in super::html::trend_classes(r) {
            let (shown, total) = by_trend(r, trend, super::html::TREND_LIST);
            let mut list: Vec<String> = shown.iter().map(|t| escape(&t.record.label)).collect();
            if total > shown.len() {
                list.push(escape(&w.and_more(total - shown.len())));
            }
            let _ = writeln!(
                o,
                "- **{}** ({}){colon}{}",
                capitalise(w.trend_class(trend)),
                w.trend_meaning(trend),
                if list.is_empty() {
                    w.none.to_string()
                } else {
                    list.join(", ")
                }
            );
        }
        o.push('\n');
    }

    // Ateliers.
    let _ = writeln!(
        o,
        "## {}\n\n{}\n",
        escape(w.ateliers),
        escape(w.specific_help)
    );
    for (ei, e) in r.events.iter().enumerate() {
        let _ = writeln!(o, "### {}\n", escape(&e.title));
        for a in r.ateliers.iter().filter(|a| a.event_index == ei) {
            let _ = writeln!(o, "#### {}\n", escape(&a.label));
            if let Some(q) = &a.question {
                let _ = writeln!(o, "- **{}**{colon}*{}*", w.question, escape(q));
            }
            if !a.porteurs.is_empty() {
                let _ = writeln!(
                    o,
                    "- **{}**{colon}{}",
                    w.porteurs,
                    escape(&a.porteurs.join(", "))
                );
            }
            if !a.participants.is_empty() {
                let _ = writeln!(o, "- **{}**{colon}{}", w.participants, a.participants.len());
            }
            let specific = if a.specific.is_empty() {
                escape(w.no_specific)
            } else {
                a.specific_shown()
                    .into_iter()
                    .map(|s| format!("{} ({})", escape(&s.label), count(lang, s.count)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(o, "- **{}**{colon}{}", w.specific_themes, specific);
            let top = if a.top_themes.is_empty() {
                w.none.to_string()
            } else {
                a.top_themes
                    .iter()
                    .map(|(l, n)| format!("{} ({})", escape(l), count(lang, u64::from(*n))))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(o, "- **{}**{colon}{}\n", w.top_themes, top);
        }
    }

    // Graphs.
    let _ = writeln!(o, "## {}\n", escape(w.graphs));
    // Without a drawing, one sentence says why in place of the help about colours and widths.
    let missing = super::charts::atelier_graph_missing(r);
    let _ = writeln!(
        o,
        "### {}\n\n{}\n",
        escape(w.atelier_graph),
        escape(missing.map_or(w.atelier_graph_help, |why| w.no_atelier_graph(why)))
    );
    figure(&mut o, "atelier-graph");
    if !r.cross_links.is_empty() {
        let _ = writeln!(
            o,
            "**{}**\n\n| {} | {} | {} | {} |\n|---|---|--:|---|",
            w.cross_links, w.atelier, w.atelier, w.similarity, w.shared
        );
        for l in &r.cross_links {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                escape(&l.a),
                escape(&l.b),
                number(lang, l.weight, 2),
                escape(&l.shared.join(", "))
            );
        }
        o.push('\n');
    }
    let _ = writeln!(
        o,
        "### {}\n\n{}\n",
        escape(w.theme_graph),
        escape(w.theme_graph_help)
    );
    figure(&mut o, "theme-graph");
    if r.families.is_empty() {
        let _ = writeln!(o, "**{}**{colon}{}\n", w.families, escape(w.no_families));
    } else {
        let _ = writeln!(o, "**{}**\n", w.families);
    }
    for f in &r.families {
        let members: Vec<String> = f.members.iter().map(|m| escape(m)).collect();
        let _ = writeln!(
            o,
            "- **{} {}**{colon}{}",
            w.family,
            f.number,
            members.join(", ")
        );
    }
    if !r.families.is_empty() {
        o.push('\n');
    }
    if !r.bridges.is_empty() {
        let _ = writeln!(o, "**{}** — {}\n", w.bridges, escape(w.bridges_help));
        for (l, b) in &r.bridges {
            let _ = writeln!(
                o,
                "- {} ({} {})",
                escape(l),
                w.betweenness,
                number(lang, *b, 2)
            );
        }
        o.push('\n');
    }

    // Method.
    let _ = writeln!(o, "## {}\n", escape(w.method));
    for p in w.method_scoring(r.params.recurrence_unit, r.params.min_ateliers) {
        let _ = writeln!(o, "{}\n", escape(&p));
    }
    let keyness = w.method_keyness(r.params.alpha);
    for p in [w.method_trends, keyness.as_str(), w.method_graphs] {
        let _ = writeln!(o, "{}\n", escape(p));
    }
    let _ = writeln!(o, "### {}\n", escape(w.parameters));
    for (k, v) in params(r) {
        let _ = writeln!(o, "- {}{colon}{}", escape(k), escape(&v));
    }
    let _ = writeln!(o, "\n{}\n", escape(w.reproducible));
    let _ = writeln!(o, "*{}*\n", escape(w.attribution));
    let _ = writeln!(o, "### {}\n\n{}\n", escape(w.files), escape(w.files_intro));
    for f in outputs {
        let _ = writeln!(o, "- `{f}`");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_neutralised() {
        assert_eq!(
            escape("<script>alert(1)</script> *gras* [lien](x) a|b"),
            "&lt;script>alert(1)&lt;/script> \\*gras\\* \\[lien\\](x) a\\|b"
        );
        assert_eq!(escape("p < 0,001, A > B"), "p < 0,001, A > B");
        assert_eq!(escape("<1@x> <+a@b>"), "&lt;1@x> &lt;+a@b>");
        assert_eq!(escape("> pas une citation"), "\\> pas une citation");
        assert_eq!(escape("R&D &amp;"), "R&D &amp;amp;");
        assert_eq!(escape("l'élu·e\nsuite"), "l'élu·e suite");
    }
}
