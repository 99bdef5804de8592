//! `--trace FILE`: the recording as Chrome trace-event JSON (the `{"traceEvents": [...]}`
//! form that Perfetto and chrome://tracing open): one track per thread, named as in Python,
//! complete slices (`"ph":"X"`) for running / waiting for the GIL / blocked / sleeping, and
//! instant events (`"ph":"i"`) for forced switches, a deadlock report and the trace's
//! truncation. Times are microseconds from the program's start.

use super::{Activity, EventKind, Snapshot};
use std::fmt::Write;

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The trace viewer's category and colour for an activity.
fn style(activity: &Activity) -> (&'static str, &'static str) {
    match activity {
        Activity::Running => ("running", "thread_state_running"),
        Activity::WaitingGil => ("gil", "thread_state_runnable"),
        Activity::Blocked(_) => ("blocked", "thread_state_iowait"),
        Activity::Sleeping => ("sleep", "thread_state_sleeping"),
        Activity::Gone => ("other", "grey"),
    }
}

pub fn chrome_json(s: &Snapshot) -> String {
    let mut events: Vec<String> = Vec::with_capacity(s.events.len() + 2 * s.threads.len() + 1);
    events.push(
        r#"{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"minipy"}}"#.into(),
    );
    for (i, (id, t)) in s.threads.iter().enumerate() {
        events.push(format!(
            r#"{{"ph":"M","name":"thread_name","pid":1,"tid":{id},"args":{{"name":{}}}}}"#,
            json_string(&t.name)
        ));
        events.push(format!(
            r#"{{"ph":"M","name":"thread_sort_index","pid":1,"tid":{id},"args":{{"sort_index":{i}}}}}"#
        ));
    }
    // Slices are recorded when they end; the file lists them as they start.
    let mut order: Vec<&super::Event> = s.events.iter().collect();
    order.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    for e in order {
        let ts = e.ts.max(0.0);
        match &e.kind {
            EventKind::Slice { activity, dur } => {
                let (cat, colour) = style(activity);
                events.push(format!(
                    r#"{{"name":{},"cat":"{cat}","ph":"X","ts":{ts:.3},"dur":{:.3},"pid":1,"tid":{},"cname":"{colour}"}}"#,
                    json_string(&activity.label(s.gil)),
                    dur.max(0.0),
                    e.thread
                ));
            }
            EventKind::Instant { name, detail } => {
                // A forced switch belongs to its thread; a deadlock or the truncation to
                // the whole program.
                let scope = if detail.is_some() || name.starts_with("trace truncated") {
                    "g"
                } else {
                    "t"
                };
                let args = match detail {
                    Some(d) => format!(r#","args":{{"detail":{}}}"#, json_string(d)),
                    None => String::new(),
                };
                events.push(format!(
                    r#"{{"name":{},"cat":"gil","ph":"i","s":"{scope}","ts":{ts:.3},"pid":1,"tid":{}{args}}}"#,
                    json_string(name),
                    e.thread
                ));
            }
        }
    }
    let mut out = String::from("{\"traceEvents\":[\n");
    out.push_str(&events.join(",\n"));
    let _ = write!(
        out,
        "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{{\"generator\":\"minipy\",\"truncated\":{}}}}}\n",
        s.truncated
    );
    out
}
