//! `minipy --explore N PROGRAM [ARGS]`: systematic schedule exploration. The program runs N
//! times, each in a child process under `--virtual-time` with its own PCT schedule (a seed
//! for the threads' priorities and a few priority change points, placed at random among the
//! run's visible steps: see `vm::schedule`). Each distinct outcome is then reported with how
//! many runs ended that way and the command that replays the first of them; the exit status
//! is 1 if any run failed.
//!
//! This module owns the exploration loop and the checks of what can be explored; `child`
//! runs one schedule, `outcome` reads how a run ended, `summary` prints the report.

mod child;
mod outcome;
mod summary;

use crate::vm::io;
use crate::vm::schedule::ScheduleSpec;
use child::{Launcher, Schedule};
use outcome::Outcome;
use std::collections::HashMap;
use std::io::IsTerminal;

/// A run's switch points before it is stopped as "did not finish", unless `--step-limit`.
pub const DEFAULT_STEP_LIMIT: u64 = 2_000_000;

/// Priority change points (preemptions) per run, after the first run (which has none and
/// measures how many visible steps the program takes): PCT's depth d is this plus one.
pub const PREEMPTIONS: usize = 2;

/// The most runs `--explore` takes.
const MAX_RUNS: u64 = 1_000_000;

/// What `--explore` was asked to do.
pub struct Request {
    pub runs: u64,
    pub explore_seed: Option<u64>,
    pub step_limit: Option<u64>,
    /// `-c CODE`, `-m MOD`, or neither (then `args[0]` is the program file).
    pub command: Option<String>,
    pub module: Option<String>,
    pub args: Vec<String>,
    /// minipy's own options every run keeps (`-E`, `-I`, `-u`).
    pub interpreter_flags: Vec<String>,
}

/// Parses `--explore N`: a whole number of runs, at least 1.
pub fn parse_runs(text: &str) -> Result<u64, String> {
    match text.trim().parse::<i128>() {
        Ok(n) if (1..=MAX_RUNS as i128).contains(&n) => Ok(n as u64),
        Ok(n) if n < 1 => Err(format!(
            "the number of runs to explore must be at least 1 (got {n})"
        )),
        Ok(_) => Err(format!("at most {MAX_RUNS} runs can be explored")),
        Err(_) => Err("expected the number of runs to explore (a whole number, at least 1)".into()),
    }
}

/// One distinct outcome: how many runs ended so, and the first of them.
pub struct Seen {
    pub outcome: Outcome,
    pub runs: u64,
    pub first_run: u64,
    pub first: Schedule,
    /// Whether running the first schedule again ended the same way (`None`: not checked).
    pub replayed: Option<bool>,
}

/// Runs the exploration; returns the exit status.
pub fn run(request: Request) -> i32 {
    let (program, label) = match program_of(&request) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            io::write_stderr(&format!(
                "minipy: --explore can't find its own executable: {e}\n"
            ));
            return 2;
        }
    };
    let explore_seed = request.explore_seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64 ^ d.as_secs())
            .unwrap_or(1)
            % 1_000_000
    });
    let launcher = Launcher {
        exe,
        interpreter_flags: request.interpreter_flags.clone(),
        program,
        step_limit: request.step_limit.unwrap_or(DEFAULT_STEP_LIMIT),
        stats_file: std::env::temp_dir()
            .join(format!("minipy-explore-{}.stats", std::process::id())),
    };
    let mut rng = SplitMix(explore_seed);
    let mut progress = Progress::new(request.runs);
    let mut seen: Vec<Seen> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // The longest run so far, in visible steps: where change points can fall.
    let mut run_length: u64 = 0;
    let mut failed_runs = 0;
    let mut runs_done = 0;
    for run in 1..=request.runs {
        let schedule = Schedule {
            seed: rng.next() % 1_000_000_000,
            spec: if run == 1 {
                ScheduleSpec::default()
            } else {
                ScheduleSpec {
                    change_points: (0..PREEMPTIONS)
                        .map(|_| 1 + rng.next() % run_length.max(1))
                        .collect(),
                }
                .normalized()
            },
        };
        let finished = match launcher.run(&schedule) {
            Ok(f) => f,
            Err(e) => {
                progress.finish();
                io::write_stderr(&format!("minipy: --explore could not start a run: {e}\n"));
                return 2;
            }
        };
        run_length = run_length.max(finished.visible_steps.unwrap_or(0));
        let outcome = Outcome::of(&finished);
        if outcome.failed() {
            failed_runs += 1;
        }
        match by_key.get(&outcome.key()) {
            Some(&i) => seen[i].runs += 1,
            None => {
                by_key.insert(outcome.key(), seen.len());
                seen.push(Seen {
                    outcome,
                    runs: 1,
                    first_run: run,
                    first: schedule,
                    replayed: None,
                });
            }
        }
        runs_done = run;
        progress.update(run, seen.len(), failed_runs);
        // A run with no visible step never had two threads alive: no schedule can run the
        // program any other way, so there is nothing more to explore.
        if run == 1 && finished.visible_steps == Some(0) {
            break;
        }
    }
    progress.finish();
    // Each replay command the report shows is checked once: the first run of its outcome,
    // run again.
    for k in summary::shown(&seen) {
        let s = &mut seen[k];
        if let Ok(again) = launcher.run(&s.first) {
            s.replayed = Some(Outcome::of(&again).key() == s.outcome.key());
        }
    }
    let _ = std::fs::remove_file(&launcher.stats_file);
    let report = summary::Report {
        label: &label,
        runs: runs_done,
        explore_seed,
        run_length,
        launcher: &launcher,
        seen: &seen,
        failed_runs,
    };
    io::write_stdout(&report.text());
    io::flush_at_exit();
    i32::from(failed_runs > 0)
}

/// The program's words on a run's command line, and its name for the summary; or an error
/// (printed) for what cannot be explored.
fn program_of(request: &Request) -> Result<(Vec<String>, String), i32> {
    let refuse = |message: String| {
        io::write_stderr(&format!("minipy: {message}\n"));
        Err(2)
    };
    let (words, label, source) = match (&request.command, &request.module, request.args.first()) {
        (Some(code), _, _) => {
            let mut words = vec!["-c".to_string(), code.clone()];
            words.extend(request.args.iter().cloned());
            (words, "the -c program".to_string(), Some(code.clone()))
        }
        (None, Some(module), _) => {
            let mut words = vec!["-m".to_string(), module.clone()];
            words.extend(request.args.iter().cloned());
            (words, format!("module {module}"), None)
        }
        (None, None, Some(f)) if f == "-" => {
            return refuse(
                "--explore can't explore a program read from standard input: it runs the \
                 program many times, so give it a file"
                    .to_string(),
            )
        }
        (None, None, Some(f)) => {
            let source = crate::cli::read_source(f)?;
            (request.args.clone(), f.clone(), Some(source))
        }
        (None, None, None) => {
            return refuse(
                "--explore needs a program: minipy --explore N PROGRAM [ARGS]".to_string(),
            )
        }
    };
    if let Some((line, what)) = source.as_deref().and_then(starts_processes) {
        return refuse(format!(
            "--explore can't explore {label}: it starts processes ({what}, line {line}), and \
             only the threads of one process are scheduled. Explore the part that uses \
             threads on its own."
        ));
    }
    Ok((words, label))
}

/// The first line (from 1) of `source` that starts other processes, and what it uses:
/// multiprocessing, subprocess, a process pool, `os.fork`/`os.system`/`os.exec*`/`os.spawn*`.
/// Comments are skipped; the modules a program imports are not read.
pub fn starts_processes(source: &str) -> Option<(usize, &'static str)> {
    const MARKERS: [(&str, &str); 8] = [
        ("multiprocessing", "multiprocessing"),
        ("subprocess", "subprocess"),
        ("ProcessPoolExecutor", "ProcessPoolExecutor"),
        ("os.fork", "os.fork"),
        ("os.system", "os.system"),
        ("os.popen", "os.popen"),
        ("os.exec", "os.exec*"),
        ("os.spawn", "os.spawn*"),
    ];
    source.lines().enumerate().find_map(|(i, line)| {
        let code = line.split('#').next().unwrap_or("");
        MARKERS
            .iter()
            .find(|(marker, _)| code.contains(marker))
            .map(|(_, what)| (i + 1, *what))
    })
}

impl ScheduleSpec {
    /// Change points sorted, without repeats (as `--schedule` reads them back).
    fn normalized(mut self) -> ScheduleSpec {
        self.change_points.sort_unstable();
        self.change_points.dedup();
        self
    }
}

/// SplitMix64: the exploration's own generator (seeds and change points).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The progress line on stderr: rewritten in place on a terminal, else a line every tenth of
/// the runs.
struct Progress {
    total: u64,
    terminal: bool,
    shown: bool,
}

impl Progress {
    fn new(total: u64) -> Progress {
        Progress {
            total,
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn update(&mut self, done: u64, outcomes: usize, failed: u64) {
        let line = format!(
            "explore: run {done} of {}, {outcomes} outcome{}, {failed} failed",
            self.total,
            if outcomes == 1 { "" } else { "s" }
        );
        if self.terminal {
            io::write_stderr(&format!("\r{line}\x1b[K"));
            self.shown = true;
        } else if done == self.total || done.is_multiple_of((self.total / 10).max(1)) {
            io::write_stderr(&format!("{line}\n"));
        }
    }

    fn finish(&mut self) {
        if self.shown {
            io::write_stderr("\n");
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_must_be_a_positive_number() {
        assert_eq!(parse_runs("200"), Ok(200));
        assert!(parse_runs("0").unwrap_err().contains("at least 1 (got 0)"));
        assert!(parse_runs("-3")
            .unwrap_err()
            .contains("at least 1 (got -3)"));
        assert!(parse_runs("many").is_err());
        assert!(parse_runs("99999999999").is_err());
    }

    #[test]
    fn programs_that_start_processes_are_found() {
        let source =
            "# uses multiprocessing? no\nimport threading\nfrom multiprocessing import Pool\n";
        assert_eq!(starts_processes(source), Some((3, "multiprocessing")));
        assert_eq!(
            starts_processes("import os\nos.system('ls')\n"),
            Some((2, "os.system"))
        );
        assert_eq!(starts_processes("import threading\n"), None);
    }
}
