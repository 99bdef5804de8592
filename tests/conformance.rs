//! The conformance suite: every `tests/conformance/NAME.mp` is run by the minipy binary and
//! must behave exactly as CPython 3.11 did when `tests/regen_conformance.sh` recorded it.
//!
//! For each program the runner checks:
//! - stdout, byte for byte, against `NAME.out`;
//! - if `NAME.err` exists: the exit status against its first line and stderr against the rest;
//!   otherwise the exit status must be 0.
//!
//! Programs run with the working directory `tests/conformance` (so tracebacks say
//! `File "NAME.mp"`; files of packages there, such as `imppkg/`, are named relative to it),
//! stdin from `NAME.in` if present (else empty), and are killed after
//! [`timeout`]. All programs run, a few at a time; every failure is collected and reported
//! together at the end. `CONFORMANCE_FILTER=substring` runs only the matching programs.
//!
//! The same suite serves each runtime: [`run_suite`] takes extra interpreter flags.

use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long one program may run before it is killed and reported as a timeout.
/// Scaled by `MINIPY_TEST_TIME_SCALE` (default 1), as `tests/common` scales its timeouts: a slow
/// or heavily loaded machine must not turn a slow program into a reported hang.
fn timeout() -> Duration {
    let scale = std::env::var("MINIPY_TEST_TIME_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1);
    Duration::from_secs(10) * scale
}

/// How long to wait for a finished (or killed) program's output pipes to close.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// How many differing lines a failure report shows per stream.
const MAX_DIFF_LINES: usize = 20;

#[test]
fn conformance_gil() {
    run_suite(&[]);
}

/// The same programs, same expected output, in the free-threaded runtime.
#[test]
fn conformance_no_gil() {
    run_suite(&["--no-gil"]);
}

/// Runs every selected program with `minipy EXTRA_ARGS... NAME.mp` and panics with one report
/// listing every failure.
fn run_suite(extra_args: &[&str]) {
    let dir = conformance_dir();
    let filter = std::env::var("CONFORMANCE_FILTER").unwrap_or_default();
    let programs = find_programs(&dir, &filter);
    assert!(
        !programs.is_empty(),
        "no conformance programs in {} match CONFORMANCE_FILTER={filter:?}",
        dir.display()
    );

    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(name) = programs.get(index) else {
                    break;
                };
                if let Err(report) = check_program(&dir, name, extra_args) {
                    failures.lock().unwrap().push((name.clone(), report));
                }
            });
        }
    });

    let mut failures = failures.into_inner().unwrap();
    if failures.is_empty() {
        return;
    }
    failures.sort();
    let command: Vec<&str> = std::iter::once("minipy")
        .chain(extra_args.iter().copied())
        .collect();
    let mut report = format!(
        "{} of {} conformance programs failed (run as `{} NAME.mp`):\n",
        failures.len(),
        programs.len(),
        command.join(" ")
    );
    for (name, details) in &failures {
        let _ = write!(report, "\n=== {name}.mp\n{details}");
    }
    let names: Vec<&str> = failures.iter().map(|(name, _)| name.as_str()).collect();
    let _ = write!(report, "\nfailed: {}\n", names.join(" "));
    panic!("{report}");
}

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("conformance")
}

/// The names (without `.mp`) of the programs in `dir` whose name contains `filter`, sorted.
fn find_programs(dir: &Path, filter: &str) -> Vec<String> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "mp" {
                return None;
            }
            Some(path.file_stem()?.to_str()?.to_string())
        })
        .filter(|name| name.contains(filter))
        .collect();
    names.sort();
    names
}

/// What one run of a program produced.
struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// `None` when the program was killed after [`timeout`].
    status: Option<ExitStatus>,
}

/// Runs one program and compares it with its expected files; `Err` holds a readable report.
fn check_program(dir: &Path, name: &str, extra_args: &[&str]) -> Result<(), String> {
    let expected_out = fs::read(dir.join(format!("{name}.out")))
        .map_err(|e| format!("cannot read {name}.out ({e}); run tests/regen_conformance.sh\n"))?;
    let expected_err = read_expected_err(&dir.join(format!("{name}.err")))?;
    let input = dir.join(format!("{name}.in"));

    let outcome = run_program(
        dir,
        name,
        extra_args,
        input.exists().then_some(input.as_path()),
    )?;
    let Some(status) = outcome.status else {
        let mut report = format!("timed out after {} s (killed)\n", timeout().as_secs());
        if outcome.stdout != expected_out {
            report.push_str(&diff("stdout", &expected_out, &outcome.stdout));
        }
        return Err(report);
    };

    let mut report = String::new();
    if outcome.stdout != expected_out {
        report.push_str(&diff("stdout", &expected_out, &outcome.stdout));
    }
    match expected_err {
        Some((expected_code, expected_stderr)) => {
            if status.code() != Some(expected_code) {
                let _ = writeln!(
                    report,
                    "exit status: expected {expected_code}, got {}",
                    describe(status)
                );
            }
            if outcome.stderr != expected_stderr {
                report.push_str(&diff("stderr", &expected_stderr, &outcome.stderr));
            }
        }
        None => {
            if !status.success() {
                let _ = writeln!(report, "exit status: expected 0, got {}", describe(status));
                report.push_str(&excerpt("stderr", &outcome.stderr));
            }
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

/// Reads `NAME.err`: the expected exit status on the first line, then the expected stderr.
fn read_expected_err(path: &Path) -> Result<Option<(i32, Vec<u8>)>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}\n", path.display()))?;
    let newline = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let code = std::str::from_utf8(&bytes[..newline])
        .ok()
        .and_then(|line| line.trim().parse().ok())
        .ok_or_else(|| format!("{}: first line must be the exit status\n", path.display()))?;
    let stderr = bytes.get(newline + 1..).unwrap_or_default().to_vec();
    Ok(Some((code, stderr)))
}

/// Runs `minipy EXTRA_ARGS... NAME.mp` in `dir`, killing it after [`timeout`].
fn run_program(
    dir: &Path,
    name: &str,
    extra_args: &[&str],
    input: Option<&Path>,
) -> Result<Outcome, String> {
    let stdin = match input {
        Some(path) => Stdio::from(
            fs::File::open(path).map_err(|e| format!("cannot open {}: {e}\n", path.display()))?,
        ),
        None => Stdio::null(),
    };
    // The expected tracebacks are CPython's under `-X no_debug_ranges` (no `~~^^` lines).
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .env("PYTHONNODEBUGRANGES", "1")
        .args(extra_args)
        .arg(format!("{name}.mp"))
        .current_dir(dir)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start minipy: {e}\n"))?;

    // Both pipes are drained on their own threads so a chatty program can't block on a full
    // pipe. Their results are awaited only briefly after the program ends: a leftover
    // grandchild holding a pipe open must not hang the suite.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_with_timeout(&mut child);
    let stdout = stdout.recv_timeout(PIPE_GRACE).unwrap_or_default();
    let stderr = relative_tracebacks(dir, stderr.recv_timeout(PIPE_GRACE).unwrap_or_default());
    Ok(Outcome {
        stdout,
        stderr,
        status,
    })
}

/// Tracebacks through modules imported from `dir` name them by absolute path (as CPython's
/// do); `regen_conformance.sh` records them relative to `dir`, and so are they compared.
fn relative_tracebacks(dir: &Path, stderr: Vec<u8>) -> Vec<u8> {
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let prefix = format!("File \"{}/", dir.display());
    match String::from_utf8(stderr) {
        Ok(text) => text.replace(&prefix, "File \"").into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(bytes);
    });
    receiver
}

/// Waits for `child`; after [`timeout`] kills it and returns `None`.
fn wait_with_timeout(child: &mut Child) -> Option<ExitStatus> {
    let started = Instant::now();
    let limit = timeout();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if started.elapsed() < limit => thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => format!("no exit code ({status})"),
    }
}

/// A short unified-style diff: the common leading and trailing lines are skipped (with a
/// little context), the differing middle is shown as `-expected` / `+actual`.
fn diff(stream: &str, expected: &[u8], actual: &[u8]) -> String {
    let expected_text = String::from_utf8_lossy(expected);
    let actual_text = String::from_utf8_lossy(actual);
    let old: Vec<&str> = expected_text.split_inclusive('\n').collect();
    let new: Vec<&str> = actual_text.split_inclusive('\n').collect();

    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let context_start = prefix.saturating_sub(2);

    let mut out = format!(
        "--- expected {stream}\n+++ actual {stream}\n@@ line {} @@\n",
        prefix + 1
    );
    let mut lines = Vec::new();
    for line in &old[context_start..prefix] {
        lines.push(format!(" {}", show_line(line)));
    }
    for line in &old[prefix..old.len() - suffix] {
        lines.push(format!("-{}", show_line(line)));
    }
    for line in &new[prefix..new.len() - suffix] {
        lines.push(format!("+{}", show_line(line)));
    }
    let total = lines.len();
    for line in lines.into_iter().take(MAX_DIFF_LINES) {
        out.push_str(&line);
        out.push('\n');
    }
    if total > MAX_DIFF_LINES {
        let _ = writeln!(out, "... ({} more diff lines)", total - MAX_DIFF_LINES);
    }
    out
}

/// A line for a report: without its newline, and marked when the newline is missing.
fn show_line(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(text) => text.to_string(),
        None => format!("{line}    [no newline at end]"),
    }
}

/// The first lines of a stream, for reports about unexpected failures.
fn excerpt(stream: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = format!("{stream}:\n");
    for line in lines.iter().take(MAX_DIFF_LINES) {
        let _ = writeln!(out, "  {line}");
    }
    if lines.len() > MAX_DIFF_LINES {
        let _ = writeln!(out, "  ... ({} more lines)", lines.len() - MAX_DIFF_LINES);
    }
    out
}
