//! One explored run: minipy re-runs itself as a child process under a given seed and PCT
//! schedule (`--virtual-time --seed S --schedule SPEC --step-limit L PROGRAM`), with an empty
//! standard input, and collects what it printed, how it ended and how many visible steps it
//! took. Also the replay command a reader can paste into a shell.

use crate::vm::schedule::{ScheduleSpec, STATS_ENV};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take on the real clock before it is killed (a run that blocks in the
/// operating system, where no step limit can stop it).
pub const WALL_TIMEOUT: Duration = Duration::from_secs(120);

/// The schedule of one run.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub seed: u64,
    pub spec: ScheduleSpec,
}

/// What a run left behind.
#[derive(Debug)]
pub struct Finished {
    /// The exit status; `None` when a signal ended it.
    pub code: Option<i32>,
    /// Killed after [`WALL_TIMEOUT`].
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// The visible steps the run took (from the stats file), if it could say.
    pub visible_steps: Option<u64>,
}

/// How every run starts: the executable, minipy's options that the runs keep (`-E`, `-I`...),
/// the program and its arguments (`FILE ARGS`, `-c CODE ARGS` or `-m MOD ARGS`), and the
/// step limit.
pub struct Launcher {
    pub exe: PathBuf,
    pub interpreter_flags: Vec<String>,
    pub program: Vec<String>,
    pub step_limit: u64,
    pub stats_file: PathBuf,
}

impl Launcher {
    /// The arguments of a run under `schedule` (with the step limit when `limit`).
    fn arguments(&self, schedule: &Schedule, limit: bool) -> Vec<String> {
        let mut args = self.interpreter_flags.clone();
        args.extend([
            "--virtual-time".to_string(),
            "--seed".to_string(),
            schedule.seed.to_string(),
            "--schedule".to_string(),
            schedule.spec.to_string(),
        ]);
        if limit {
            args.extend(["--step-limit".to_string(), self.step_limit.to_string()]);
        }
        args.extend(self.program.iter().cloned());
        args
    }

    /// The command that replays `schedule`, for a shell (`with_limit`: keep the step limit,
    /// for a run that did not finish; `empty_stdin`: give it an empty standard input).
    pub fn replay_command(
        &self,
        schedule: &Schedule,
        with_limit: bool,
        empty_stdin: bool,
    ) -> String {
        let mut words = vec!["minipy".to_string()];
        words.extend(
            self.arguments(schedule, with_limit)
                .iter()
                .map(|a| shell_quote(a)),
        );
        if empty_stdin {
            words.push("< /dev/null".to_string());
        }
        words.join(" ")
    }

    /// Runs the program once under `schedule`.
    pub fn run(&self, schedule: &Schedule) -> std::io::Result<Finished> {
        let _ = std::fs::remove_file(&self.stats_file);
        let mut child = Command::new(&self.exe)
            .args(self.arguments(schedule, true))
            .env(STATS_ENV, &self.stats_file)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = read_all(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        let started = Instant::now();
        let mut timed_out = false;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if started.elapsed() > WALL_TIMEOUT {
                timed_out = true;
                let _ = child.kill();
                break child.wait()?;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        Ok(Finished {
            code: status.code(),
            timed_out,
            stdout,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            visible_steps: read_stats(&self.stats_file),
        })
    }
}

/// Reads a pipe to its end on a thread of its own (so a full pipe never stalls the child).
fn read_all(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The visible steps a run wrote to its stats file (`visible_steps switch_points`).
fn read_stats(path: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// `word` as a POSIX shell reads it back: as is when it holds only safe characters, else in
/// single quotes.
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,+@%".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("programs/race.mp"), "programs/race.mp");
        assert_eq!(shell_quote("pct:3,17"), "pct:3,17");
        assert_eq!(shell_quote("print('hi')"), "'print('\\''hi'\\'')'");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote(""), "''");
    }
}
