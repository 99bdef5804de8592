//! What a run's ending means: an [`Outcome`] read from its exit status, standard output and
//! standard error — exit status, the exceptions that ended the program or one of its threads,
//! a deadlock, or a run that did not finish — with a key under which equal outcomes are
//! counted together. Tracebacks' line numbers and deadlock reports' locations are left out of
//! the key: the same failure reached along another path is the same outcome.

use super::child::Finished;
use crate::vm::deadlock::DEADLOCK_EXIT_STATUS;
use crate::vm::schedule::{STEP_LIMIT_EXIT_STATUS, STEP_LIMIT_MESSAGE};

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Deadlock,
    /// Stopped at its step limit.
    StepLimit,
    /// Killed after the wall-clock timeout.
    TimedOut,
    /// Ended by a signal.
    Signal,
}

/// One run's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ending: Ending,
    /// `Type: message` of each uncaught exception, with `in thread NAME` for a thread's.
    pub exceptions: Vec<String>,
    /// The deadlock report's first line and its `Thread "X" waits for ...` lines.
    pub deadlock: Vec<String>,
    /// For a failure with no traceback (a syntax error, a message from minipy): the last
    /// line of its standard error.
    pub last_error_line: Option<String>,
    pub stdout_lines: usize,
    pub stdout_last_line: Option<String>,
    pub digest: u32,
    /// An exception was EOFError: the program read the (empty) standard input.
    pub read_stdin: bool,
}

impl Outcome {
    pub fn of(run: &Finished) -> Outcome {
        let stderr = &run.stderr;
        let ending = if run.timed_out {
            Ending::TimedOut
        } else {
            match run.code {
                None => Ending::Signal,
                Some(DEADLOCK_EXIT_STATUS)
                    if stderr.contains("\nDeadlock: ") || stderr.starts_with("Deadlock: ") =>
                {
                    Ending::Deadlock
                }
                Some(STEP_LIMIT_EXIT_STATUS) if stderr.contains(STEP_LIMIT_MESSAGE) => {
                    Ending::StepLimit
                }
                Some(code) => Ending::Exited(code),
            }
        };
        let exceptions = exceptions(stderr);
        let deadlock = if ending == Ending::Deadlock {
            deadlock_lines(stderr)
        } else {
            Vec::new()
        };
        let last_error_line = match ending {
            Ending::Exited(code) if code != 0 && exceptions.is_empty() => stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string()),
            _ => None,
        };
        let text = String::from_utf8_lossy(&run.stdout);
        Outcome {
            read_stdin: exceptions.iter().any(|e| e.contains("EOFError")),
            ending,
            exceptions,
            deadlock,
            last_error_line,
            stdout_lines: text.lines().count(),
            stdout_last_line: text.lines().last().map(str::to_string),
            digest: digest(&run.stdout),
        }
    }

    /// Whether the run failed: it raised, exited non-zero, deadlocked or did not finish.
    pub fn failed(&self) -> bool {
        self.ending != Ending::Exited(0) || !self.exceptions.is_empty()
    }

    /// Equal for runs that ended the same way. A run that did not finish is one outcome,
    /// however far its output got.
    pub fn key(&self) -> String {
        let mut waits: Vec<&String> = self.deadlock.iter().skip(1).collect();
        waits.sort();
        let unfinished = matches!(self.ending, Ending::StepLimit | Ending::TimedOut);
        format!(
            "{:?}|{}|{:?}|{:?}|{}",
            self.ending,
            self.exceptions.join("|"),
            waits,
            self.last_error_line,
            if unfinished { 0 } else { self.digest }
        )
    }

    /// How the run ended, in a few words.
    pub fn ending_text(&self, step_limit: u64) -> String {
        match self.ending {
            Ending::Exited(code) => format!("exit status {code}"),
            Ending::Deadlock => format!("deadlock (exit status {DEADLOCK_EXIT_STATUS})"),
            Ending::StepLimit => {
                format!("did not finish: stopped at the step limit ({step_limit} switch points)")
            }
            Ending::TimedOut => format!(
                "did not finish: killed after {} s on the real clock",
                super::child::WALL_TIMEOUT.as_secs()
            ),
            Ending::Signal => "killed by a signal".to_string(),
        }
    }

    /// The standard output in one line: its length, digest and last line.
    pub fn output_text(&self) -> String {
        let lines = match self.stdout_lines {
            0 => return "no output".to_string(),
            1 => "1 line".to_string(),
            n => format!("{n} lines"),
        };
        let mut text = format!("output {lines} (digest {:08x})", self.digest);
        if let Some(last) = &self.stdout_last_line {
            let mut last = last.clone();
            if last.chars().count() > 60 {
                last = last.chars().take(57).collect::<String>() + "...";
            }
            text.push_str(&format!(", last: {last:?}"));
        }
        text
    }
}

/// The exceptions whose tracebacks standard error shows, in order: the last of a chain
/// (`During handling of the above exception...`), and `in thread NAME` for a thread's.
fn exceptions(stderr: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut thread: Option<String> = None;
    let mut in_traceback = false;
    let mut chained = false;
    for line in stderr.lines() {
        if let Some(name) = line
            .strip_prefix("Exception in thread ")
            .and_then(|l| l.strip_suffix(':'))
        {
            thread = Some(name.to_string());
            chained = false;
        } else if line == "Traceback (most recent call last):" {
            in_traceback = true;
        } else if line.starts_with("During handling of the above exception")
            || line.starts_with("The above exception was the direct cause")
        {
            chained = true;
        } else if in_traceback && !line.starts_with(' ') && !line.is_empty() {
            in_traceback = false;
            let place = match &thread {
                Some(name) => format!("in thread {name}: "),
                None => String::new(),
            };
            if chained {
                found.pop();
                chained = false;
            }
            found.push(format!("{place}{line}"));
            thread = None;
        }
    }
    found
}

/// The deadlock report's headline and who waits for what (without locations).
fn deadlock_lines(stderr: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(head) = stderr.lines().find(|l| l.starts_with("Deadlock: ")) {
        lines.push(head.to_string());
    }
    lines.extend(
        stderr
            .lines()
            .filter(|l| l.starts_with("  Thread \"") && l.contains(" waits for "))
            .map(|l| l.trim().to_string()),
    );
    lines
}

/// FNV-1a of the output, folded to 32 bits: enough to tell outputs apart in a summary.
pub fn digest(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(code: i32, stdout: &str, stderr: &str) -> Finished {
        Finished {
            code: Some(code),
            timed_out: false,
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.to_string(),
            visible_steps: None,
        }
    }

    #[test]
    fn a_thread_exception_is_a_failure_even_with_exit_status_0() {
        let stderr = "Exception in thread Thread-2 (withdraw):\nTraceback (most recent call last):\n  File \"b.mp\", line 9, in withdraw\n    assert balance >= 0\nAssertionError: overdrawn\n";
        let o = Outcome::of(&finished(0, "done\n", stderr));
        assert_eq!(
            o.exceptions,
            ["in thread Thread-2 (withdraw): AssertionError: overdrawn"]
        );
        assert!(o.failed());
        assert!(!Outcome::of(&finished(0, "done\n", "")).failed());
    }

    #[test]
    fn the_last_exception_of_a_chain_counts() {
        let stderr = "Traceback (most recent call last):\n  File \"a\", line 1\nKeyError: 1\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"a\", line 3\nValueError: bad\n";
        assert_eq!(
            Outcome::of(&finished(1, "", stderr)).exceptions,
            ["ValueError: bad"]
        );
    }

    #[test]
    fn deadlocks_and_step_limits_are_recognised() {
        let report = "Deadlock: these threads wait for each other in a cycle, so none can go on.\n\n  Thread \"A\" waits for Lock 'x'\n    at a.mp:3\n";
        let o = Outcome::of(&finished(3, "", report));
        assert_eq!(o.ending, Ending::Deadlock);
        assert_eq!(o.deadlock.len(), 2);
        let o = Outcome::of(&finished(
            124,
            "1\n2\n",
            &format!("{STEP_LIMIT_MESSAGE} (5 ...)\n"),
        ));
        assert_eq!(o.ending, Ending::StepLimit);
        // However far the output got, it is one outcome.
        let p = Outcome::of(&finished(
            124,
            "1\n",
            &format!("{STEP_LIMIT_MESSAGE} (5 ...)\n"),
        ));
        assert_eq!(o.key(), p.key());
        // A program's own exit 3 is not a deadlock.
        assert_eq!(Outcome::of(&finished(3, "", "")).ending, Ending::Exited(3));
    }

    #[test]
    fn outputs_are_told_apart_by_digest() {
        let a = Outcome::of(&finished(0, "Final balance: 20\n", ""));
        let b = Outcome::of(&finished(0, "Final balance: -60\n", ""));
        assert_ne!(a.key(), b.key());
        assert_eq!(
            a.key(),
            Outcome::of(&finished(0, "Final balance: 20\n", "")).key()
        );
    }
}
