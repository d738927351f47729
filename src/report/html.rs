//! `index.html`: the insight report as one self-contained page that opens offline.
//!
//! Charts are embedded as `data:` SVG images, the style is inline, and a few lines of inline
//! JavaScript sort the tables. A Content-Security-Policy meta tag forbids every external load
//! (`default-src 'none'; img-src data:`), so the page cannot fetch anything even by mistake.
//! Every corpus text goes through [`escape`].

use std::fmt::Write as _;

use super::charts::Rendered;
use super::i18n::{Counted, count, number, p_threshold};
use super::{Report, ThemeEntry};
use crate::themes::Trend;

/// The Content-Security-Policy of the page.
pub const CSP: &str =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648, with padding), for `data:` URIs.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--accent:#0072b2;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1100px;margin:0 auto;padding:24px 28px 60px;line-height:1.5}
header{border-bottom:3px solid var(--accent);margin-bottom:18px}
.kicker{color:var(--accent);font-weight:bold;margin:0;text-transform:uppercase;letter-spacing:.04em;font-size:.85em}
h1{margin:.2em 0 .4em;font-size:1.7em}
h2{margin-top:2.2em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{margin-top:1.6em}
nav ol{columns:2;background:var(--bg);padding:12px 12px 12px 36px;border-radius:6px}
table{border-collapse:collapse;margin:.8em 0;width:100%;font-size:.92em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg)}
table.sortable th{cursor:pointer}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.2em 0}
figure img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:4px}
figcaption{color:var(--muted);font-size:.9em}
.theme{border-left:4px solid var(--accent);padding:2px 0 2px 14px;margin:1.4em 0}
.theme h4{margin:.2em 0}
.facts,.where,.help{color:var(--muted);font-size:.9em}
blockquote{margin:.6em 0;padding:.4em .8em;background:var(--bg);border-radius:4px}
blockquote p{margin:0}
mark{background:#ffe08a;padding:0 2px;border-radius:2px}
.atelier{border:1px solid var(--line);border-radius:6px;padding:4px 14px;margin:1em 0}
.atelier h4{margin:.5em 0}
.chips span{display:inline-block;background:var(--bg);border:1px solid var(--line);border-radius:12px;padding:0 8px;margin:2px 3px 2px 0;font-size:.9em}
.question{font-style:italic}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}
dl.params dt{color:var(--muted)}
dl.params dd{margin:0}
code{font-size:.9em}
"#;

const SCRIPT: &str = r#"
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      var asc=th.getAttribute('data-dir')!=='asc';
      t.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});
      th.setAttribute('data-dir',asc?'asc':'desc');
      rows.sort(function(a,b){
        var x=a.cells[i],y=b.cells[i];
        var u=x.getAttribute('data-v'),v=y.getAttribute('data-v');
        var c=(u!==null&&v!==null)?(parseFloat(u)-parseFloat(v)):x.textContent.localeCompare(y.textContent,document.documentElement.lang);
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
"#;

fn figure(out: &mut String, charts: &Rendered, name: &str, caption: &str) {
    let Some(c) = charts.get(name) else { return };
    let Some(svg) = &c.svg else { return };
    let _ = write!(
        out,
        "<figure><img src=\"data:image/svg+xml;base64,{}\" alt=\"{}\">",
        base64(svg),
        escape(&c.title)
    );
    if !caption.is_empty() {
        let _ = write!(out, "<figcaption>{}</figcaption>", escape(caption));
    }
    out.push_str("</figure>\n");
}

fn num_cell(out: &mut String, v: f64, shown: &str) {
    let _ = write!(out, "<td class=\"n\" data-v=\"{v}\">{}</td>", escape(shown));
}

/// The whole page.
pub fn html(r: &Report, charts: &Rendered, outputs: &[String]) -> String {
    let w = r.words();
    let lang = r.lang();
    let mut o = String::with_capacity(1 << 20);
    let title = r
        .title
        .clone()
        .unwrap_or_else(|| w.report_title.to_string());
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"filrouge {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        escape(&r.version),
        escape(&title)
    );
    let _ = writeln!(
        o,
        "<header><p class=\"kicker\">{}</p><h1>{}</h1></header>",
        escape(w.report_kicker),
        escape(&title)
    );
    if r.params.anonymize {
        let _ = writeln!(o, "<p class=\"help\">{}</p>", escape(w.anonymized_note));
    }
    let sections = [
        ("corpus", w.glance),
        ("themes", w.themes),
        ("trends", w.trends),
        ("ateliers", w.ateliers),
        ("graphs", w.graphs),
        ("method", w.method),
    ];
    let _ = write!(o, "<nav><strong>{}</strong><ol>", escape(w.contents));
    for (id, name) in sections {
        let _ = write!(o, "<li><a href=\"#{id}\">{}</a></li>", escape(name));
    }
    o.push_str("</ol></nav>\n");

    corpus_section(&mut o, r);
    themes_section(&mut o, r, charts);
    trends_section(&mut o, r, charts);
    ateliers_section(&mut o, r);
    graphs_section(&mut o, r, charts);
    method_section(&mut o, r, outputs);
    let _ = writeln!(o, "<script>{SCRIPT}</script>\n</body>\n</html>");
    o
}

fn corpus_section(o: &mut String, r: &Report) {
    let w = r.words();
    let lang = r.lang();
    let _ = writeln!(o, "<section id=\"corpus\">\n<h2>{}</h2>", escape(w.glance));
    let _ = writeln!(
        o,
        "<p><strong>{}</strong> · <strong>{}</strong> · <strong>{}</strong> · <strong>{}</strong></p>",
        escape(&w.n_events(r.events.len())),
        escape(&w.counted(r.ateliers.len() as u64, Counted::Ateliers)),
        escape(&w.counted(r.documents as u64, Counted::Documents)),
        escape(&w.counted(r.words as u64, Counted::Words)),
    );
    let _ = writeln!(
        o,
        "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        escape(w.event),
        escape(w.dates),
        escape(w.ateliers_col),
        escape(w.documents),
        escape(w.words)
    );
    for e in &r.events {
        let dates = e.dates.map_or(w.undated.to_string(), |d| w.date_range(d));
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&e.title),
            escape(&dates),
            escape(&count(lang, e.ateliers as u64)),
            escape(&count(lang, e.documents as u64)),
            escape(&count(lang, e.words as u64))
        );
    }
    o.push_str("</tbody></table>\n");
    let _ = writeln!(o, "<h3>{}</h3>", escape(w.skipped));
    if r.skipped.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", escape(w.none_skipped));
    } else {
        let _ = writeln!(
            o,
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(w.file),
            escape(w.reason)
        );
        for s in &r.skipped {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(&s.location),
                escape(&super::i18n::skip_reason(lang, &s.reason))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(
            o,
            "<h3>{}</h3>\n<p>{}</p>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(w.warnings),
            escape(w.warnings_intro),
            escape(w.file),
            escape(w.warning)
        );
        for x in &r.warnings {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(&x.location),
                escape(&x.message)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");
}

fn quote_html(o: &mut String, r: &Report, q: &super::QuoteView) {
    let w = r.words();
    o.push_str("<blockquote><p>«\u{a0}");
    for (s, h) in &q.segments {
        if *h {
            let _ = write!(o, "<mark>{}</mark>", escape(s));
        } else {
            o.push_str(&escape(s));
        }
    }
    let _ = writeln!(
        o,
        "\u{a0}»</p><p class=\"where\">{} — {} · <code>{}</code></p></blockquote>",
        escape(&q.atelier),
        escape(w.section(q.section)),
        escape(&q.location)
    );
}

fn theme_facts(r: &Report, t: &ThemeEntry) -> String {
    let w = r.words();
    let colon = w.colon;
    let lang = r.lang();
    format!(
        "{} · {} · {} · {}{colon}{} · D = {} · S = {} · {}",
        w.counted(t.record.occurrences, Counted::Mentions),
        w.spread(r.params.recurrence_unit, &t.record),
        w.n_events(t.events),
        w.score,
        number(lang, t.record.score, 2),
        number(lang, t.record.components.dispersion, 2),
        number(lang, t.record.components.specificity, 2),
        w.trend(t.trend)
    )
}

fn themes_section(o: &mut String, r: &Report, charts: &Rendered) {
    let w = r.words();
    let lang = r.lang();
    let _ = writeln!(o, "<section id=\"themes\">\n<h2>{}</h2>", escape(w.themes));
    let unit = r.params.recurrence_unit;
    let _ = writeln!(o, "<p>{}</p>", escape(w.themes_intro(unit)));
    if r.themes.is_empty() {
        // The reason, and no empty table, chart or quotes heading.
        let _ = writeln!(o, "<p><strong>{}</strong></p>", escape(&r.no_themes()));
        o.push_str("</section>\n");
        return;
    }
    figure(o, charts, "themes", "");
    let _ = writeln!(
        o,
        "<p class=\"help\">{} {}</p>",
        escape(w.components_help(unit)),
        escape(w.sort_hint)
    );
    let _ = writeln!(
        o,
        "<table class=\"sortable\"><thead><tr><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        escape(w.rank),
        escape(w.theme),
        escape(w.score),
        escape(w.dispersion),
        escape(w.specificity),
        escape(w.occurrences),
        escape(w.spread_col(unit)),
        escape(w.events),
        escape(w.trend)
    );
    for t in r.top_themes() {
        let rec = &t.record;
        o.push_str("<tr>");
        num_cell(o, rec.rank as f64, &rec.rank.to_string());
        let _ = write!(
            o,
            "<td><a href=\"#theme-{}\">{}</a></td>",
            rec.rank,
            escape(&rec.label)
        );
        num_cell(o, rec.score, &number(lang, rec.score, 2));
        num_cell(
            o,
            rec.components.dispersion,
            &number(lang, rec.components.dispersion, 2),
        );
        num_cell(
            o,
            rec.components.specificity,
            &number(lang, rec.components.specificity, 2),
        );
        num_cell(o, rec.occurrences as f64, &count(lang, rec.occurrences));
        let n = rec.spread(unit);
        num_cell(o, n as f64, &count(lang, n));
        num_cell(o, t.events as f64, &t.events.to_string());
        let _ = writeln!(o, "<td>{}</td></tr>", escape(w.trend(t.trend)));
    }
    o.push_str("</tbody></table>\n");
    figure(o, charts, "themes-by-atelier", "");
    let _ = writeln!(o, "<h3>{}</h3>", escape(w.quotes));
    for t in r.top_themes() {
        let _ = writeln!(
            o,
            "<article class=\"theme\" id=\"theme-{}\"><h4>{}. {}</h4><p class=\"facts\">{}</p>",
            t.record.rank,
            t.record.rank,
            escape(&t.record.label),
            escape(&theme_facts(r, t))
        );
        for q in &t.quotes {
            quote_html(o, r, q);
        }
        o.push_str("</article>\n");
    }
    o.push_str("</section>\n");
}

/// Themes of each trend class, in rank order (at most `max` each).
/// The first `max` themes of a trend class, best first, and how many the class holds.
pub(crate) fn by_trend(r: &Report, trend: Trend, max: usize) -> (Vec<&ThemeEntry>, usize) {
    let all = r.themes.iter().filter(|t| t.trend == trend);
    (all.clone().take(max).collect(), all.count())
}

/// Themes listed per trend class in the report (the data files hold them all).
pub(crate) const TREND_LIST: usize = 15;

/// The trend classes the report lists: intermittent themes only where there can be some (four
/// dated events or more: two between the first and the last).
pub(super) fn trend_classes(r: &Report) -> &'static [Trend] {
    if r.dated_events >= 4 {
        &[
            Trend::Persistent,
            Trend::Emerging,
            Trend::Fading,
            Trend::Intermittent,
        ]
    } else {
        &[Trend::Persistent, Trend::Emerging, Trend::Fading]
    }
}

fn trends_section(o: &mut String, r: &Report, charts: &Rendered) {
    let w = r.words();
    let _ = writeln!(o, "<section id=\"trends\">\n<h2>{}</h2>", escape(w.trends));
    if r.dated_events < 2 {
        let _ = writeln!(o, "<p>{}</p>", escape(w.trends_none));
        o.push_str("</section>\n");
        return;
    }
    let _ = writeln!(o, "<p>{}</p>", escape(w.trends_intro));
    figure(o, charts, "trajectories", w.method_trends);
    for &trend in trend_classes(r) {
        let (list, total) = by_trend(r, trend, TREND_LIST);
        let _ = write!(
            o,
            "<h3>{} <span class=\"help\">({})</span></h3>\n<p class=\"chips\">",
            escape(&capitalise(w.trend_class(trend))),
            escape(w.trend_meaning(trend))
        );
        if list.is_empty() {
            o.push_str(&escape(w.none));
        }
        for t in &list {
            let _ = write!(o, "<span>{}</span>", escape(&t.record.label));
        }
        if total > list.len() {
            let _ = write!(
                o,
                " <span class=\"more\">{}</span>",
                escape(&w.and_more(total - list.len()))
            );
        }
        o.push_str("</p>\n");
    }
    o.push_str("</section>\n");
}

/// The first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn ateliers_section(o: &mut String, r: &Report) {
    let w = r.words();
    let lang = r.lang();
    let colon = w.colon;
    let _ = writeln!(
        o,
        "<section id=\"ateliers\">\n<h2>{}</h2>",
        escape(w.ateliers)
    );
    let _ = writeln!(o, "<p class=\"help\">{}</p>", escape(w.specific_help));
    for (ei, e) in r.events.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", escape(&e.title));
        for a in r.ateliers.iter().filter(|a| a.event_index == ei) {
            let _ = writeln!(
                o,
                "<div class=\"atelier\" id=\"atelier-{}\"><h4>{}</h4>",
                escape(&a.key.replace('/', "-")),
                escape(&a.label)
            );
            if let Some(q) = &a.question {
                let _ = writeln!(
                    o,
                    "<p><strong>{}</strong>{colon}<span class=\"question\">{}</span></p>",
                    escape(w.question),
                    escape(q)
                );
            }
            if !a.porteurs.is_empty() {
                let _ = writeln!(
                    o,
                    "<p><strong>{}</strong>{colon}{}</p>",
                    escape(w.porteurs),
                    escape(&a.porteurs.join(", "))
                );
            }
            if !a.participants.is_empty() {
                let _ = writeln!(
                    o,
                    "<p><strong>{}</strong>{colon}{}</p>",
                    escape(w.participants),
                    a.participants.len()
                );
            }
            let _ = write!(
                o,
                "<p><strong>{}</strong>{colon}",
                escape(w.specific_themes)
            );
            if a.specific.is_empty() {
                o.push_str(&escape(w.no_specific));
            } else {
                o.push_str("<span class=\"chips\">");
                for s in a.specific_shown() {
                    let _ = write!(
                        o,
                        "<span>{} ({})</span>",
                        escape(&s.label),
                        count(lang, s.count)
                    );
                }
                o.push_str("</span>");
            }
            o.push_str("</p>\n");
            let _ = write!(
                o,
                "<p><strong>{}</strong>{colon}<span class=\"chips\">",
                escape(w.top_themes)
            );
            if a.top_themes.is_empty() {
                o.push_str(&escape(w.none));
            }
            for (l, n) in &a.top_themes {
                let _ = write!(
                    o,
                    "<span>{} ({})</span>",
                    escape(l),
                    count(lang, u64::from(*n))
                );
            }
            o.push_str("</span></p></div>\n");
        }
    }
    o.push_str("</section>\n");
}

fn graphs_section(o: &mut String, r: &Report, charts: &Rendered) {
    let w = r.words();
    let colon = w.colon;
    let lang = r.lang();
    let _ = writeln!(o, "<section id=\"graphs\">\n<h2>{}</h2>", escape(w.graphs));
    // Without a drawing, one sentence says why in place of the help about colours and widths.
    let missing = super::charts::atelier_graph_missing(r);
    let _ = writeln!(
        o,
        "<h3>{}</h3>\n<p>{}</p>",
        escape(w.atelier_graph),
        escape(missing.map_or(w.atelier_graph_help, |why| w.no_atelier_graph(why)))
    );
    figure(o, charts, "atelier-graph", "");
    if !r.cross_links.is_empty() {
        let _ = writeln!(
            o,
            "<h4>{}</h4><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            escape(w.cross_links),
            escape(w.atelier),
            escape(w.atelier),
            escape(w.similarity),
            escape(w.shared)
        );
        for l in &r.cross_links {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                escape(&l.a),
                escape(&l.b),
                number(lang, l.weight, 2),
                escape(&l.shared.join(", "))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        o,
        "<h3>{}</h3>\n<p>{}</p>",
        escape(w.theme_graph),
        escape(w.theme_graph_help)
    );
    figure(o, charts, "theme-graph", "");
    if r.families.is_empty() {
        let _ = writeln!(
            o,
            "<h4>{}</h4>\n<p>{}</p>",
            escape(w.families),
            escape(w.no_families)
        );
    } else {
        let _ = writeln!(o, "<h4>{}</h4><ul>", escape(w.families));
        for f in &r.families {
            let _ = writeln!(
                o,
                "<li><strong>{} {}</strong>{colon}{}</li>",
                escape(w.family),
                f.number,
                escape(&f.members.join(", "))
            );
        }
        o.push_str("</ul>\n");
    }
    if !r.bridges.is_empty() {
        let _ = writeln!(
            o,
            "<h4>{}</h4><p>{}</p><ul>",
            escape(w.bridges),
            escape(w.bridges_help)
        );
        for (l, b) in &r.bridges {
            let _ = writeln!(
                o,
                "<li>{} <span class=\"help\">({} {})</span></li>",
                escape(l),
                escape(w.betweenness),
                number(lang, *b, 2)
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

/// A commit as a reader copies it: its first 12 hex digits.
fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// The parameters as (name, value) pairs, shared with the Markdown report.
pub(crate) fn params(r: &Report) -> Vec<(&'static str, String)> {
    let w = r.words();
    let lang = r.lang();
    let p = &r.params;
    let file = |f: &Option<super::manifest::GivenFile>| {
        f.as_ref().map_or(w.default_value.to_string(), |f| {
            format!("{} (SHA-256 {})", f.name(), &f.sha256[..16])
        })
    };
    // The commit, as `run.json` records it whole: the version alone does not say which build.
    let build = &r.manifest.build;
    let commit = match (build.commit, build.tree_modified) {
        (Some(c), Some(true)) => format!("commit {}, {}", short(c), w.modified_sources),
        (Some(c), _) => format!("commit {}", short(c)),
        (None, _) => w.unknown_commit.to_string(),
    };
    vec![
        (w.version, format!("{} ({commit})", r.version)),
        (w.param_top, p.top.to_string()),
        (
            w.param_min_recurrence(p.recurrence_unit),
            p.min_ateliers.to_string(),
        ),
        (w.param_alpha, p_threshold(lang, p.alpha)),
        (w.param_graph, w.measure(p.graph_measure)),
        (w.param_seed, p.seed.to_string()),
        (w.param_lexicon, file(&p.lexicon)),
        (w.param_stopwords, file(&p.stopwords)),
        (
            w.param_anonymize,
            if p.anonymize { w.yes } else { w.no }.to_string(),
        ),
    ]
}

fn method_section(o: &mut String, r: &Report, outputs: &[String]) {
    let w = r.words();
    let _ = writeln!(o, "<section id=\"method\">\n<h2>{}</h2>", escape(w.method));
    for p in w.method_scoring(r.params.recurrence_unit, r.params.min_ateliers) {
        let _ = writeln!(o, "<p>{}</p>", escape(&p));
    }
    let keyness = w.method_keyness(r.params.alpha);
    for p in [w.method_trends, keyness.as_str(), w.method_graphs] {
        let _ = writeln!(o, "<p>{}</p>", escape(p));
    }
    let _ = writeln!(o, "<h3>{}</h3><dl class=\"params\">", escape(w.parameters));
    for (k, v) in params(r) {
        let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(&v));
    }
    o.push_str("</dl>\n");
    let _ = writeln!(o, "<p>{}</p>", escape(w.reproducible));
    let _ = writeln!(o, "<p class=\"help\">{}</p>", escape(w.attribution));
    let _ = writeln!(
        o,
        "<h3>{}</h3><p>{}</p><ul>",
        escape(w.files),
        escape(w.files_intro)
    );
    for f in outputs {
        let _ = writeln!(o, "<li><code>{}</code></li>", escape(f));
    }
    o.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("droit à l’erreur"), "droit à l’erreur");
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }
}
