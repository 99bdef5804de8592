//! Signals delivered to the program: the OS handler only records that a signal came (Ctrl-C
//! in `threads::INTERRUPT`, the others in [`PENDING_SIGNALS`]); the main thread runs the
//! Python handler at its next switch point, as CPython does. Which handler a signal has is
//! kept by the `signal` module (`_signal._handlers`); without one, SIGINT raises
//! KeyboardInterrupt and the others take the system's default action.

use super::threads::INTERRUPT;
use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;
use std::sync::atomic::{AtomicU64, Ordering};

/// One bit per signal number (1..64) that arrived and whose handler has not run yet.
pub static PENDING_SIGNALS: AtomicU64 = AtomicU64::new(0);

/// `SIG_DFL` and `SIG_IGN` as the `signal` module stores them.
const SIG_DFL: i64 = 0;
const SIG_IGN: i64 = 1;
const SIGINT: i32 = 2;

/// The descriptor `signal.set_wakeup_fd` named (-1: none): each signal's number is written
/// to it as a byte when the signal arrives.
static WAKEUP_FD: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// Sets the wake-up descriptor; the previous one.
pub fn set_wakeup_fd(fd: i32) -> i32 {
    WAKEUP_FD.swap(fd, Ordering::Relaxed)
}

/// Writes the signal's number to the wake-up descriptor, if one is set (from a signal
/// handler: write(2) is async-signal-safe, and a full pipe only loses the byte).
pub fn write_wakeup_byte(signum: i32) {
    #[cfg(unix)]
    {
        let fd = WAKEUP_FD.load(Ordering::Relaxed);
        if fd >= 0 {
            let byte = signum as u8;
            // SAFETY: the buffer is one live byte; the descriptor is only read.
            unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
        }
    }
    #[cfg(not(unix))]
    let _ = signum;
}

/// Called from the OS signal handler: only atomic stores and a `write`, which are
/// async-signal-safe.
pub fn note_signal(signum: i32) {
    if (1..64).contains(&signum) {
        PENDING_SIGNALS.fetch_or(1 << signum, Ordering::Relaxed);
        write_wakeup_byte(signum);
        #[cfg(feature = "no-threads")]
        crate::objects::gc::raise_attention_for_signal();
    }
}

/// Whether a signal is waiting for its handler (Ctrl-C included).
pub fn signals_pending() -> bool {
    INTERRUPT.load(Ordering::Relaxed) || PENDING_SIGNALS.load(Ordering::Relaxed) != 0
}

impl<R: Runtime> Vm<R> {
    /// Runs the handlers of the signals that arrived, in the main thread. An exception a
    /// handler raises (KeyboardInterrupt by default for Ctrl-C) comes out here.
    pub fn run_pending_signals(&mut self) -> PyResult<(), R> {
        let mut pending = PENDING_SIGNALS.swap(0, Ordering::Relaxed);
        if INTERRUPT.swap(false, Ordering::Relaxed) {
            pending |= 1 << SIGINT;
        }
        for signum in 1..64 {
            if pending & (1 << signum) != 0 {
                self.run_signal_handler(signum)?;
            }
        }
        Ok(())
    }

    fn run_signal_handler(&mut self, signum: i32) -> PyResult<(), R> {
        let handler = self.python_signal_handler(signum);
        match handler {
            Some(Value::Int(SIG_IGN)) => Ok(()),
            None | Some(Value::Int(SIG_DFL)) | Some(Value::None) => {
                if signum == SIGINT {
                    return Err(PyErr::new(ExcKind::KeyboardInterrupt, ""));
                }
                crate::vm::io::flush_at_exit();
                let _ = signal_hook::low_level::emulate_default_handler(signum);
                Ok(())
            }
            Some(h) => self
                .call(&h, vec![Value::Int(signum as i64), Value::None], Vec::new())
                .map(|_| ()),
        }
    }

    /// The handler the `signal` module recorded for `signum`, if it was imported.
    pub fn python_signal_handler(&mut self, signum: i32) -> Option<Value<R>> {
        let key = signal_key::<R>(signum);
        super::eval::dict_get(&self.signal_handlers()?, &key)
    }

    /// The `signal` module's record of handlers by signal number (`_signal._handlers`), once
    /// the module is imported.
    pub fn signal_handlers(&mut self) -> Option<crate::objects::ObjRef<R>> {
        let module = self.sys_modules_get("_signal")?;
        let Some(ObjKind::Module(m)) = module.kind() else {
            return None;
        };
        let handlers = super::eval::dict_get(&m.dict, &self.str_key("_handlers"))?;
        handlers.as_obj().cloned()
    }
}

/// The key of signal `signum` in the handlers dict.
pub fn signal_key<R: Runtime>(signum: i32) -> crate::objects::DictKey<R> {
    crate::objects::DictKey {
        hash: signum as i64,
        value: Value::Int(signum as i64),
    }
}
