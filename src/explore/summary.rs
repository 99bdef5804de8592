//! The report `--explore` prints when its runs are done: what was explored, then each
//! distinct outcome (failures first) with its count, how it ended, its output, and the
//! command that replays its first run.

use super::child::Launcher;
use super::{Seen, PREEMPTIONS};
use std::fmt::Write;

/// The outcomes that did not fail shown in full; the rest are counted.
const MAX_OK_SHOWN: usize = 5;

pub struct Report<'a> {
    pub label: &'a str,
    pub runs: u64,
    pub explore_seed: u64,
    pub run_length: u64,
    pub launcher: &'a Launcher,
    pub seen: &'a [Seen],
    pub failed_runs: u64,
}

impl Report<'_> {
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Explored {} of {} (explore seed {}): PCT schedules with up to {PREEMPTIONS} \
             preemptions among {} visible steps.\nEach run gets an empty standard input and \
             stops after {} switch points.",
            plural(self.runs, "run"),
            self.label,
            self.explore_seed,
            self.run_length,
            self.launcher.step_limit
        );
        if self.run_length == 0 && self.runs == 1 {
            let _ = writeln!(
                out,
                "The program never had two threads alive at a visible step, so every schedule \
                 runs it the same way: one run is all there is to explore."
            );
        }
        let _ = writeln!(
            out,
            "{}:",
            match self.seen.len() {
                1 => "1 outcome".to_string(),
                n => format!("{n} distinct outcomes"),
            }
        );
        let shown = shown(self.seen);
        for (i, &k) in shown.iter().enumerate() {
            self.outcome(&mut out, i + 1, &self.seen[k]);
        }
        let ok_hidden = self
            .seen
            .iter()
            .enumerate()
            .filter(|(k, _)| !shown.contains(k))
            .fold((0, 0), |(n, runs), (_, s)| (n + 1, runs + s.runs));
        if ok_hidden.0 > 0 {
            let _ = writeln!(
                out,
                "\n... and {} more outcomes that did not fail ({}), each with another output.",
                ok_hidden.0,
                plural(ok_hidden.1, "run")
            );
        }
        out.push('\n');
        if self.failed_runs == 0 {
            let _ = writeln!(out, "No run failed.");
        } else {
            let _ = writeln!(
                out,
                "{} of {} failed.",
                plural(self.failed_runs, "run"),
                self.runs
            );
        }
        out
    }

    fn outcome(&self, out: &mut String, number: usize, s: &Seen) {
        let o = &s.outcome;
        let _ = writeln!(
            out,
            "\n[{number}] {}: {} of {}",
            if o.failed() { "FAILED" } else { "ok" },
            plural(s.runs, "run"),
            self.runs
        );
        for e in &o.exceptions {
            let _ = writeln!(out, "    exception {e}");
        }
        for line in &o.deadlock {
            let _ = writeln!(out, "    {line}");
        }
        if let Some(line) = &o.last_error_line {
            let _ = writeln!(out, "    stderr: {line}");
        }
        let _ = writeln!(
            out,
            "    {}; {}",
            o.ending_text(self.launcher.step_limit),
            o.output_text()
        );
        if o.read_stdin {
            let _ = writeln!(
                out,
                "    (the program read its standard input, which is empty in explored runs)"
            );
        }
        let unfinished = matches!(
            o.ending,
            super::outcome::Ending::StepLimit | super::outcome::Ending::TimedOut
        );
        let replay = self
            .launcher
            .replay_command(&s.first, unfinished, o.read_stdin);
        let check = match s.replayed {
            Some(true) => "",
            Some(false) => {
                " (run again, it ended differently: the program depends on something the \
                 schedule does not fix)"
            }
            None => "",
        };
        let _ = writeln!(
            out,
            "    first in run {} (seed {}); replay{check}:\n      {replay}",
            s.first_run, s.first.seed
        );
    }
}

/// The outcomes the report shows, in its order (indexes into `seen`): every failure, then
/// the most common few that did not fail (those differ only in their output); failures first,
/// then by how often they came up.
pub fn shown(seen: &[Seen]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_by_key(|&k| {
        let s = &seen[k];
        (!s.outcome.failed(), std::cmp::Reverse(s.runs), s.first_run)
    });
    let failures = order.iter().filter(|&&k| seen[k].outcome.failed()).count();
    order.truncate(failures + MAX_OK_SHOWN);
    order
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
