//! The process's standard streams. stdout is buffered (a block at a time when it is not a
//! terminal, a line at a time when it is, as CPython does) and flushed before anything is
//! written to stderr, before reading input and at exit, so output is never lost or reordered.
//! In the VM because tracebacks, deadlock reports and `--gil-stats` write there too.

use parking_lot::Mutex;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

struct Stdout {
    buffer: Vec<u8>,
    line_buffered: bool,
}

fn stdout() -> &'static Mutex<Stdout> {
    static STDOUT: OnceLock<Mutex<Stdout>> = OnceLock::new();
    STDOUT.get_or_init(|| {
        Mutex::new(Stdout {
            buffer: Vec::with_capacity(8192),
            line_buffered: std::io::stdout().is_terminal(),
        })
    })
}

/// Whether writing `text` now would make stdout write to the stream (and so could block).
pub fn would_flush(text: &str) -> bool {
    let out = stdout().lock();
    // Not under `-u`: a seeded run must interleave the same way with or without it.
    out.buffer.len() + text.len() >= 8192 || (out.line_buffered && text.contains('\n'))
}

/// `-u` or PYTHONUNBUFFERED: every write to stdout goes out at once.
static UNBUFFERED: AtomicBool = AtomicBool::new(false);

/// Makes stdout unbuffered (`-u`): output written by any thread is never lost at exit.
pub fn set_unbuffered() {
    UNBUFFERED.store(true, Ordering::Relaxed);
}

/// Writes text to stdout (buffered, unless `-u`).
pub fn write_stdout(text: &str) {
    write_stdout_bytes(text.as_bytes());
}

/// Writes bytes to stdout (buffered, in order with the text written: `sys.stdout.buffer`).
pub fn write_stdout_bytes(data: &[u8]) {
    let mut out = stdout().lock();
    out.buffer.extend_from_slice(data);
    if out.buffer.len() >= 8192
        || (out.line_buffered && data.contains(&b'\n'))
        || UNBUFFERED.load(Ordering::Relaxed)
    {
        flush_locked(&mut out);
    }
}

fn flush_locked(out: &mut Stdout) {
    if out.buffer.is_empty() {
        return;
    }
    let mut handle = std::io::stdout().lock();
    // A closed pipe (e.g. `minipy prog | head`) is not an interpreter error.
    let _ = handle.write_all(&out.buffer);
    let _ = handle.flush();
    out.buffer.clear();
}

/// Flushes stdout.
pub fn flush_stdout() {
    flush_locked(&mut stdout().lock());
}

/// Writes text to stderr, after flushing stdout.
pub fn write_stderr(text: &str) {
    write_stderr_bytes(text.as_bytes());
}

/// Writes bytes to stderr, after flushing stdout.
pub fn write_stderr_bytes(data: &[u8]) {
    flush_stdout();
    let mut handle = std::io::stderr().lock();
    let _ = handle.write_all(data);
    let _ = handle.flush();
}

/// What else must be written out before the process exits: the floors above register it
/// (the open files' buffers), [`flush_at_exit`] runs it.
static EXIT_FLUSH: OnceLock<fn()> = OnceLock::new();

/// Registers the flush that [`flush_at_exit`] runs (once per process).
pub fn on_exit_flush(flush: fn()) {
    let _ = EXIT_FLUSH.set(flush);
}

/// Flushes everything buffered (files, then stdout): the process is about to exit.
pub fn flush_at_exit() {
    if let Some(flush) = EXIT_FLUSH.get() {
        flush();
    }
    flush_stdout();
}
