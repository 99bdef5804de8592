//! `--timeline FILE.svg`: the recording drawn as a picture — one row per thread, labelled
//! with its name, coloured by what it was doing (running, waiting for the GIL, blocked,
//! sleeping), over a time axis — so the GIL's convoy shows without any tool.
//!
//! Each row is cut into one bin per pixel and each bin gets the colour of what filled most
//! of it, so the file stays small however many slices were recorded.

use super::{Activity, EventKind, Snapshot};
use std::fmt::Write;

const WIDTH: f64 = 1200.0;
const LABEL_WIDTH: f64 = 220.0;
const RIGHT_MARGIN: f64 = 30.0;
const TOP: f64 = 44.0;
const ROW_HEIGHT: f64 = 22.0;
const ROW_GAP: f64 = 8.0;

/// The drawn kinds of activity, in legend order.
const KINDS: [(&str, &str); 4] = [
    ("running (holds the GIL)", "#2e7d32"),
    ("waiting for the GIL", "#e53935"),
    ("blocked (lock, join, event...)", "#fb8c00"),
    ("sleeping", "#90a4ae"),
];

fn kind_of(a: &Activity) -> Option<usize> {
    match a {
        Activity::Running => Some(0),
        Activity::WaitingGil => Some(1),
        Activity::Blocked(_) => Some(2),
        Activity::Sleeping => Some(3),
        Activity::Gone => None,
    }
}

/// Text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A time for the axis and the tooltips.
fn time_label(us: f64, in_seconds: bool) -> String {
    if in_seconds {
        let s = format!("{:.3}", us / 1e6);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{s} s")
    } else {
        let s = format!("{:.3}", us / 1e3);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{s} ms")
    }
}

/// A round tick spacing giving about `n` ticks over `span`.
fn tick_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// One pixel column of a row: time spent in each kind, and the last blocked wait seen.
#[derive(Clone, Default)]
struct Bin {
    time: [f64; 4],
    blocked_on: Option<std::sync::Arc<str>>,
}

pub fn svg(s: &Snapshot) -> String {
    let plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
    let bins_per_row = plot as usize;
    let end = s.end.max(1.0);
    let bin_us = end / bins_per_row as f64;
    let rows = s.threads.len();
    let axis_y = TOP + rows as f64 * (ROW_HEIGHT + ROW_GAP) + 4.0;
    let height = axis_y + 70.0;
    let x_of = |us: f64| LABEL_WIDTH + (us / end).clamp(0.0, 1.0) * plot;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r#"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="white"/>"#
    );
    let title = if s.gil {
        "What each thread did, over time (minipy --timeline)"
    } else {
        "What each thread did, over time (minipy --timeline, --no-gil)"
    };
    let _ = writeln!(
        out,
        r#"<text x="10" y="22" font-size="15" font-weight="bold">{}</text>"#,
        xml_escape(title)
    );

    for (row, (id, t)) in s.threads.iter().enumerate() {
        let y = TOP + row as f64 * (ROW_HEIGHT + ROW_GAP);
        let mut bins = vec![Bin::default(); bins_per_row];
        for e in s.events.iter().filter(|e| e.thread == *id) {
            let EventKind::Slice { activity, dur } = &e.kind else {
                continue;
            };
            let Some(k) = kind_of(activity) else {
                continue;
            };
            let (a, b) = (e.ts.max(0.0), (e.ts + dur).min(end));
            let mut i = ((a / bin_us) as usize).min(bins_per_row - 1);
            while i < bins_per_row {
                let lo = i as f64 * bin_us;
                let hi = lo + bin_us;
                if lo >= b {
                    break;
                }
                let overlap = b.min(hi) - a.max(lo);
                if overlap > 0.0 {
                    bins[i].time[k] += overlap;
                    if let Activity::Blocked(what) = activity {
                        bins[i].blocked_on = Some(what.clone());
                    }
                }
                i += 1;
            }
        }
        let _ = writeln!(out, r#"<g class="thread-row" data-thread="{id}">"#);
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL_WIDTH - 8.0,
            y + ROW_HEIGHT / 2.0 + 4.0,
            xml_escape(&t.name)
        );
        let _ = writeln!(
            out,
            r##"<rect x="{LABEL_WIDTH}" y="{y:.1}" width="{plot:.1}" height="{ROW_HEIGHT}" fill="#f3f3f3"/>"##
        );
        // Runs of bins with the same dominant kind become one rectangle.
        let dominant = |b: &Bin| -> Option<usize> {
            let (k, t) =
                b.time
                    .iter()
                    .enumerate()
                    .fold((0, 0.0), |m, (k, t)| if *t > m.1 { (k, *t) } else { m });
            (t > 0.0).then_some(k)
        };
        let mut i = 0;
        while i < bins_per_row {
            let Some(k) = dominant(&bins[i]) else {
                i += 1;
                continue;
            };
            let start = i;
            let mut total = 0.0;
            let mut what = None;
            while i < bins_per_row && dominant(&bins[i]) == Some(k) {
                total += bins[i].time[k];
                if what.is_none() {
                    what = bins[i].blocked_on.clone();
                }
                i += 1;
            }
            let label = match (k, what) {
                (2, Some(w)) => format!("blocked on {w}"),
                (0, _) if !s.gil => "running".to_string(),
                _ => KINDS[k].0.to_string(),
            };
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{y:.1}" width="{}" height="{ROW_HEIGHT}" fill="{}"><title>{}: {}, {} from {} to {}</title></rect>"#,
                LABEL_WIDTH + start as f64,
                i - start,
                KINDS[k].1,
                xml_escape(&t.name),
                xml_escape(&label),
                time_label(total, false),
                time_label(start as f64 * bin_us, false),
                time_label(i as f64 * bin_us, false),
            );
        }
        let _ = writeln!(out, "</g>");
    }

    // Marks: a deadlock report, the trace's truncation.
    let marks_bottom = axis_y;
    for e in &s.events {
        if let EventKind::Instant { name, detail } = &e.kind {
            let label = if detail.is_some() {
                name.as_str()
            } else if name.starts_with("trace truncated") {
                "recording stopped (too many events)"
            } else {
                continue;
            };
            let x = x_of(e.ts);
            let _ = writeln!(
                out,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{marks_bottom:.1}" stroke="#b71c1c" stroke-width="2" stroke-dasharray="4 3"/>"##,
                TOP - 6.0
            );
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" fill="#b71c1c" text-anchor="end">{}</text>"##,
                x - 3.0,
                TOP - 8.0,
                xml_escape(label)
            );
        }
    }

    // The time axis.
    let in_seconds = end >= 2e6;
    let _ = writeln!(
        out,
        r##"<line x1="{LABEL_WIDTH}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#333"/>"##,
        LABEL_WIDTH + plot
    );
    let step = tick_step(end, 6.0);
    let mut t = 0.0;
    while t <= end * 1.0001 {
        let x = x_of(t);
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{axis_y:.1}" x2="{x:.1}" y2="{:.1}" stroke="#333"/>"##,
            axis_y + 5.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            axis_y + 18.0,
            time_label(t, in_seconds)
        );
        t += step;
    }

    // The legend.
    let legend_y = axis_y + 42.0;
    let mut x = LABEL_WIDTH;
    for (i, (name, colour)) in KINDS.iter().enumerate() {
        let name = if i == 0 && !s.gil { "running" } else { name };
        let _ = writeln!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="14" height="14" fill="{colour}"/>"#,
            legend_y - 11.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{legend_y:.1}">{}</text>"#,
            x + 19.0,
            xml_escape(name)
        );
        x += 40.0 + 7.0 * name.len() as f64;
    }
    out.push_str("</svg>\n");
    out
}
