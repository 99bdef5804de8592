//! `--gil-stats`: the table printed at exit — per thread, the switch points it passed, its
//! time holding and waiting for the GIL, how often it got it, how it let go of it (forced by
//! the eval breaker, or given up by blocking), its time blocked (by what it waited for) and
//! asleep; then the totals.

use super::Snapshot;
use std::fmt::Write;

/// Microseconds as milliseconds, three decimals.
fn ms(us: f64) -> String {
    format!("{:.3}", us / 1000.0)
}

fn percent(part: f64, whole: f64) -> String {
    if whole <= 0.0 {
        return "0.0%".into();
    }
    format!("{:.1}%", 100.0 * part / whole)
}

/// The table, ready for stderr. `policy` says how the GIL was handed over.
pub fn table(s: &Snapshot, policy: &str) -> String {
    let mut out = String::new();
    let wall = s.end;
    let _ = writeln!(out);
    if s.gil {
        let _ = writeln!(out, "GIL statistics ({policy}; wall time {} ms)", ms(wall));
    } else {
        let _ = writeln!(
            out,
            "Thread statistics (--no-gil: no GIL, threads run in parallel; wall time {} ms)",
            ms(wall)
        );
    }
    let name_width = s
        .threads
        .iter()
        .map(|(_, t)| t.name.chars().count())
        .chain(["all threads".len()])
        .max()
        .unwrap_or(6);
    let held_header = if s.gil { "held GIL ms" } else { "running ms" };
    let headers = [
        "switch points",
        held_header,
        "waited GIL ms",
        "got GIL",
        "forced",
        "blocked",
        "blocked ms",
        "sleeping ms",
        "alive ms",
    ];
    let _ = write!(out, "{:<name_width$}", "thread");
    for h in headers {
        let _ = write!(out, "  {h:>13}");
    }
    out.push('\n');
    let gil_cell = |v: String| if s.gil { v } else { "-".to_string() };
    let mut total = super::ThreadTotals::default();
    let mut rows = Vec::new();
    for (_, t) in &s.threads {
        let blocked = t.blocked.values().fold(0.0, |a, b| a + b);
        rows.push((
            t.name.clone(),
            [
                t.switch_points.to_string(),
                ms(t.running),
                gil_cell(ms(t.waiting_gil)),
                gil_cell(t.acquisitions.to_string()),
                gil_cell(t.forced.to_string()),
                t.blocks.to_string(),
                ms(blocked),
                ms(t.sleeping),
                ms(t.last - t.first),
            ],
        ));
        total.switch_points += t.switch_points;
        total.running += t.running;
        total.waiting_gil += t.waiting_gil;
        total.acquisitions += t.acquisitions;
        total.forced += t.forced;
        total.blocks += t.blocks;
        total.sleeping += t.sleeping;
        *total.blocked.entry(String::new()).or_default() += blocked;
    }
    let total_blocked = total.blocked.values().fold(0.0, |a, b| a + b);
    rows.push((
        "all threads".to_string(),
        [
            total.switch_points.to_string(),
            ms(total.running),
            gil_cell(ms(total.waiting_gil)),
            gil_cell(total.acquisitions.to_string()),
            gil_cell(total.forced.to_string()),
            total.blocks.to_string(),
            ms(total_blocked),
            ms(total.sleeping),
            ms(wall),
        ],
    ));
    for (name, cells) in rows {
        let _ = write!(out, "{name:<name_width$}");
        for c in cells {
            let _ = write!(out, "  {c:>13}");
        }
        out.push('\n');
    }

    let waits: Vec<(&str, &str, f64)> = s
        .threads
        .iter()
        .flat_map(|(_, t)| {
            t.blocked
                .iter()
                .map(|(what, us)| (t.name.as_str(), what.as_str(), *us))
        })
        .collect();
    if !waits.is_empty() {
        let _ = writeln!(out, "\nBlocked, by what the thread waited for:");
        for (thread, what, us) in waits {
            let _ = writeln!(out, "  {thread:<name_width$}  {:>13} ms  {what}", ms(us));
        }
    }

    let seconds = wall / 1e6;
    if s.gil {
        let per_second = if seconds > 0.0 {
            total.acquisitions as f64 / seconds
        } else {
            0.0
        };
        let _ = writeln!(
            out,
            "\nThe GIL changed hands {} times ({per_second:.1} switches per second); it was held \
             {} of the wall time; some thread waited for it {} of the wall time.",
            total.acquisitions,
            percent(total.running, wall),
            percent(s.some_waiting, wall),
        );
    }
    let _ = writeln!(
        out,
        "\nswitch points: the places the eval loop may hand the GIL over, counted instead of \
         instructions (instructions that touch shared state, calls, loop back-edges; under \
         --switch-points=backedge only back-edges and calls). held/waited GIL: time holding \
         it / queued for it. got GIL: times the thread took it. forced: hand-overs the eval \
         breaker forced (a waiter asked). blocked: blocking waits entered (each gives the GIL \
         up). alive: from the thread's start to its end."
    );
    out
}
