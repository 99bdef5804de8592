//! Buffer exports of `bytearray` objects: while a `memoryview` of a bytearray is unreleased,
//! the bytearray cannot change size (CPython's `BufferError`). The count lives in a side table
//! keyed by the object's address, so the bytearray's layout stays as it is; an exporting view
//! holds a reference to the bytearray, so an address in the table is never reused.

use super::exception::{ExcKind, PyErr};
use super::{ObjRef, Runtime};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many exports exist at all: zero makes the check on every resize one load.
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static EXPORTS: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

/// A view of `obj` was made.
pub fn export<R: Runtime>(obj: &ObjRef<R>) {
    let mut table = EXPORTS.lock().unwrap_or_else(|e| e.into_inner());
    *table
        .get_or_insert_with(HashMap::new)
        .entry(obj.addr())
        .or_insert(0) += 1;
    TOTAL.fetch_add(1, Ordering::SeqCst);
}

/// A view of `obj` was released.
pub fn release<R: Runtime>(obj: &ObjRef<R>) {
    let mut table = EXPORTS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(map) = table.as_mut() else {
        return;
    };
    if let Some(n) = map.get_mut(&obj.addr()) {
        *n -= 1;
        if *n == 0 {
            map.remove(&obj.addr());
        }
        TOTAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The number of unreleased views of `obj`.
pub fn exports<R: Runtime>(obj: &ObjRef<R>) -> usize {
    if TOTAL.load(Ordering::Relaxed) == 0 {
        return 0;
    }
    let table = EXPORTS.lock().unwrap_or_else(|e| e.into_inner());
    table
        .as_ref()
        .and_then(|m| m.get(&obj.addr()).copied())
        .unwrap_or(0)
}

/// `Err(BufferError)` if `obj` has views and so cannot be resized.
pub fn check_resize<R: Runtime>(obj: &ObjRef<R>) -> Result<(), PyErr<R>> {
    if exports(obj) == 0 {
        return Ok(());
    }
    Err(PyErr::new(
        ExcKind::BufferError,
        "Existing exports of data: object cannot be re-sized",
    ))
}
