//! `--no-gil --racy-refcounts`: the third runtime, which shows what the GIL protects. Threads
//! run in parallel as under `--no-gil`, but every reference count is updated as CPython's would
//! be with its GIL simply removed: a load, then a store of the value plus or minus one, with
//! nothing stopping another thread from updating the same count in between. Updates get lost.
//!
//! To stay memory-safe the object is not freed by that count: an exact count kept alongside
//! (atomic, as `--no-gil`'s) decides. The racy count is only watched: when it drops to zero
//! while references remain, CPython would have freed an object still in use; when the exact
//! count reaches zero with the racy one above zero, CPython would never have freed it (a
//! leak). Both are recorded here, with the number of updates lost, and reported at exit and by
//! `sys._refcount_errors()`. Descriptions are made here, without running Python code (an
//! update can happen anywhere, even while a container's lock is held).

use super::{Obj, ObjKind, Runtime, Value};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The racy runtime (`--no-gil --racy-refcounts`).
pub struct RacyNoGil;

impl Runtime for RacyNoGil {
    const FREE_THREADED: bool = true;
    const RACY_COUNTS: bool = true;
    type Shadow = AtomicUsize;

    fn new_shadow() -> AtomicUsize {
        AtomicUsize::new(1)
    }

    #[inline(always)]
    fn incref(obj: &Obj<Self>) {
        obj.shadow.fetch_add(1, Ordering::Relaxed);
        racy_update(&obj.head.count, 1);
    }

    #[inline(always)]
    fn decref(obj: &Obj<Self>) -> bool {
        let racy = racy_update(&obj.head.count, -1);
        if racy == 0 {
            // Checked before this thread gives up its reference: once it has, another thread
            // may free the object at any moment.
            let remaining = obj.shadow.load(Ordering::Relaxed).saturating_sub(1);
            if remaining > 0 {
                freed_in_use(obj, remaining);
            }
        }
        let last = obj.shadow.fetch_sub(1, Ordering::Release) == 1;
        if last {
            // Make every other thread's last use of the object happen before its free (an
            // acquire load rather than a fence: see `NoGil::decref`).
            obj.shadow.load(Ordering::Acquire);
            if racy != 0 || PREMATURE_LIVE.load(Ordering::Relaxed) > 0 {
                freed(obj, racy);
            }
        }
        last
    }

    fn ref_count(obj: &Obj<Self>) -> usize {
        obj.shadow.load(Ordering::Relaxed)
    }
}

/// One racy update of `count` by `delta`: the value read, plus `delta`, written back over
/// whatever is there by then (the write is a swap only so that what it overwrote can be
/// counted: it replaces the count exactly as a plain store would). Returns the value written.
#[inline(always)]
fn racy_update(count: &AtomicUsize, delta: isize) -> usize {
    let seen = count.load(Ordering::Relaxed);
    let new = seen.wrapping_add_signed(delta);
    let overwritten = count.swap(new, Ordering::Relaxed);
    if overwritten != seen {
        // Another thread's updates landed between our read and our write; ours erased them.
        let lost = (overwritten.wrapping_sub(seen) as isize).unsigned_abs() as u64;
        LOST.fetch_add(lost, Ordering::Relaxed);
    }
    new
}

/// Count updates erased by another thread's write.
static LOST: AtomicU64 = AtomicU64::new(0);

/// How many objects are in `LOG.premature_live` (read without the lock on every free).
static PREMATURE_LIVE: AtomicUsize = AtomicUsize::new(0);

/// The objects listed, at most, for each kind of error.
pub const LISTED: usize = 10;

static LOG: Mutex<Log> = Mutex::new(Log {
    freed_in_use: Vec::new(),
    freed_in_use_count: 0,
    leaked: Vec::new(),
    leaked_count: 0,
    premature_live: None,
});

struct Log {
    freed_in_use: Vec<Described>,
    freed_in_use_count: u64,
    leaked: Vec<Described>,
    leaked_count: u64,
    /// Addresses of live objects already reported as freed while in use (each is reported
    /// once, however often its racy count comes back to zero).
    premature_live: Option<HashSet<usize>>,
}

/// An object as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub type_name: String,
    pub repr: String,
    /// What happened to the count, in words.
    pub detail: String,
}

fn log() -> std::sync::MutexGuard<'static, Log> {
    LOG.lock().unwrap_or_else(|e| e.into_inner())
}

#[cold]
#[inline(never)]
fn freed_in_use(obj: &Obj<RacyNoGil>, remaining: usize) {
    let addr = obj as *const _ as usize;
    {
        let mut log = log();
        if !log
            .premature_live
            .get_or_insert_with(HashSet::new)
            .insert(addr)
        {
            return;
        }
        PREMATURE_LIVE.fetch_add(1, Ordering::Relaxed);
        log.freed_in_use_count += 1;
        if log.freed_in_use.len() >= LISTED {
            return;
        }
    }
    let detail = format!(
        "its count fell to 0 with {remaining} reference{} left",
        if remaining == 1 { "" } else { "s" }
    );
    let described = describe(obj, detail);
    let mut log = log();
    if log.freed_in_use.len() < LISTED {
        log.freed_in_use.push(described);
    }
}

/// The exact count reached zero: a leak if the racy one did not (and the object was not
/// already reported as freed while in use).
#[cold]
#[inline(never)]
fn freed(obj: &Obj<RacyNoGil>, racy: usize) {
    let addr = obj as *const _ as usize;
    {
        let mut log = log();
        let was_premature = log
            .premature_live
            .as_mut()
            .is_some_and(|live| live.remove(&addr));
        if was_premature {
            PREMATURE_LIVE.fetch_sub(1, Ordering::Relaxed);
            return;
        }
        if racy == 0 {
            return;
        }
        log.leaked_count += 1;
        if log.leaked.len() >= LISTED {
            return;
        }
    }
    let detail = match racy as isize {
        n if n > 0 => format!("its count was still {n} when the last reference went"),
        n => format!("its count had fallen to {n}"),
    };
    let described = describe(obj, detail);
    let mut log = log();
    if log.leaked.len() < LISTED {
        log.leaked.push(described);
    }
}

/// What was recorded so far.
pub struct Errors {
    pub lost_updates: u64,
    pub freed_in_use_count: u64,
    pub freed_in_use: Vec<Described>,
    pub leaked_count: u64,
    pub leaked: Vec<Described>,
}

/// The errors recorded so far.
pub fn errors() -> Errors {
    let log = log();
    Errors {
        lost_updates: LOST.load(Ordering::Relaxed),
        freed_in_use_count: log.freed_in_use_count,
        freed_in_use: log.freed_in_use.clone(),
        leaked_count: log.leaked_count,
        leaked: log.leaked.clone(),
    }
}

/// The report printed at exit.
pub fn report() -> String {
    let e = errors();
    let mut out = format!(
        "--racy-refcounts: {} reference-count update{} lost (another thread's write \
         landed between a thread's read of a count and its write).\n",
        e.lost_updates,
        if e.lost_updates == 1 {
            " was"
        } else {
            "s were"
        }
    );
    let mut list = |title: &str, count: u64, objects: &[Described]| {
        if count == 0 {
            out.push_str(&format!("{title}: none.\n"));
            return;
        }
        let shown = if count as usize > objects.len() {
            format!(" (the first {})", objects.len())
        } else {
            String::new()
        };
        out.push_str(&format!("{title}: {count}{shown}\n"));
        for d in objects {
            out.push_str(&format!("  {} {}: {}\n", d.type_name, d.repr, d.detail));
        }
    };
    list(
        "Objects CPython without its GIL would have freed while still in use",
        e.freed_in_use_count,
        &e.freed_in_use,
    );
    list(
        "Objects it would never have freed (leaked)",
        e.leaked_count,
        &e.leaked,
    );
    out
}

/// Type and a short repr of an object, made without Python code. A container that another
/// thread (or this one, further up) has locked is shown without its items.
fn describe<R: Runtime>(obj: &Obj<R>, detail: String) -> Described {
    let kind = &obj.kind;
    let addr = obj as *const _ as usize;
    let items = |items: &[Value<R>], open: &str, close: &str| {
        let mut parts: Vec<String> = items.iter().take(5).map(short).collect();
        if items.len() > 5 {
            parts.push(format!("... {} items", items.len()));
        }
        format!("{open}{}{close}", parts.join(", "))
    };
    let repr = match kind {
        ObjKind::Str(s) => quoted(s.as_str()),
        ObjKind::BigInt(b) => b.to_string(),
        ObjKind::Tuple(t) => items(t, "(", ")"),
        ObjKind::List(l) => match l.try_lock::<R>() {
            Some(guard) => items(&guard, "[", "]"),
            None => "[...]".to_string(),
        },
        ObjKind::Dict(d) => match d.try_lock::<R>() {
            Some(guard) => format!("{{...}} ({} items)", guard.len()),
            None => "{...}".to_string(),
        },
        ObjKind::Instance(i) => format!("<{} object at {addr:#x}>", i.class_name()),
        other => format!("<{} object at {addr:#x}>", other.type_name()),
    };
    Described {
        type_name: kind.type_name().to_string(),
        repr,
        detail,
    }
}

/// An item inside a container's repr: immediates and strings in full, anything else by type.
fn short<R: Runtime>(v: &Value<R>) -> String {
    match v {
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(s) => quoted(s.as_str()),
            k => format!("<{}>", k.type_name()),
        },
        other => format!("{other:?}"),
    }
}

/// A string's repr as Python writes it (cut after 40 characters).
fn quoted(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars().take(40) {
        match c {
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    if s.chars().count() > 40 {
        out.push_str("...");
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{ObjCell, ObjRef};

    #[test]
    fn the_exact_count_stays_exact_and_the_drift_is_counted_as_lost() {
        let list = ObjRef::<RacyNoGil>::new(ObjKind::List(ObjCell::new(Vec::new())));
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..200_000 {
                        drop(list.clone());
                    }
                });
            }
        });
        assert_eq!(list.ref_count(), 1);
        // SAFETY: `list` holds a reference.
        let racy = unsafe { list.ptr.as_ref() }
            .head
            .count
            .load(Ordering::Relaxed);
        // Every step the racy count is away from the exact one is an update counted as lost.
        let drift = (racy as isize - 1).unsigned_abs() as u64;
        assert!(drift <= LOST.load(Ordering::Relaxed), "{drift}");
    }

    #[test]
    fn reprs_are_made_without_python_code() {
        let s = ObjRef::<RacyNoGil>::new(ObjKind::Str(crate::objects::StrObj::new("it's")));
        let items = vec![Value::Int(1), Value::Obj(s), Value::None];
        let list = ObjRef::<RacyNoGil>::new(ObjKind::List(ObjCell::new(items)));
        // SAFETY: `list` holds a reference.
        let d = describe(unsafe { list.ptr.as_ref() }, String::new());
        assert_eq!(
            (d.type_name.as_str(), d.repr.as_str()),
            ("list", "[1, \"it's\", None]")
        );
    }
}
