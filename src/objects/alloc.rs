//! Allocations whose size a program chooses (`seq * n`, `bytearray(n)`, `s.ljust(n)`, ...):
//! the size is checked before anything is allocated and the memory is reserved with
//! `try_reserve`, so a request that cannot be met is a `MemoryError` (or CPython's
//! `OverflowError` where CPython raises one), never an abort of the process. Only the
//! size computations live here; the callers decide which error text applies.

use super::exception::{ExcKind, PyErr, PyResult};
use super::Runtime;

/// CPython's `MemoryError()`, raised with no message.
pub fn memory_error<R: Runtime>() -> PyErr<R> {
    PyErr::new(ExcKind::MemoryError, "")
}

/// `len * n` items of `T` as a count, when the bytes fit an `isize` (Rust's and CPython's
/// limit for one allocation); `None` otherwise.
fn checked_items<T>(len: usize, n: usize) -> Option<usize> {
    let count = len.checked_mul(n)?;
    let bytes = count.checked_mul(std::mem::size_of::<T>().max(1))?;
    (bytes <= isize::MAX as usize).then_some(count)
}

/// Whether a request of `bytes` is no larger than the machine's physical memory. The
/// allocator reserves address space without committing it, so a larger request would be
/// granted and then fill memory until the system kills the process; CPython's `malloc` is
/// refused there and raises `MemoryError`, and so is this.
fn within_memory(bytes: usize) -> bool {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let limit = *LIMIT.get_or_init(physical_memory);
    bytes <= limit
}

#[cfg(unix)]
fn physical_memory() -> usize {
    // SAFETY: sysconf only reads system configuration.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    if pages > 0 && size > 0 {
        (pages as usize).saturating_mul(size as usize)
    } else {
        usize::MAX
    }
}

#[cfg(not(unix))]
fn physical_memory() -> usize {
    usize::MAX
}

/// An empty vector with room for exactly `count` items, or `MemoryError`.
pub fn vec_with_capacity<T, R: Runtime>(count: usize) -> PyResult<Vec<T>, R> {
    if !within_memory(count.saturating_mul(std::mem::size_of::<T>())) {
        return Err(memory_error());
    }
    let mut v = Vec::new();
    v.try_reserve_exact(count).map_err(|_| memory_error())?;
    Ok(v)
}

/// Makes room in `v` for `extra` more items, or `MemoryError`.
pub fn reserve<T, R: Runtime>(v: &mut Vec<T>, extra: usize) -> PyResult<(), R> {
    let items = v.len().saturating_add(extra);
    if !within_memory(items.saturating_mul(std::mem::size_of::<T>())) {
        return Err(memory_error());
    }
    v.try_reserve(extra).map_err(|_| memory_error())
}

/// `items` repeated `n` times (`list * n`, `tuple * n`, `bytearray * n`); `MemoryError` when
/// the result cannot be allocated.
pub fn repeat_items<T: Clone, R: Runtime>(items: &[T], n: usize) -> PyResult<Vec<T>, R> {
    if items.is_empty() || n == 0 {
        return Ok(Vec::new());
    }
    let count = checked_items::<T>(items.len(), n).ok_or_else(memory_error)?;
    let mut v = vec_with_capacity(count)?;
    v.extend_from_slice(items);
    fill_by_doubling(&mut v, count);
    Ok(v)
}

/// Grows `v` (one copy of the pattern) to `count` items by copying what is there already:
/// a few large copies rather than `n` small ones (`"a" * 2**26` is 26 copies).
fn fill_by_doubling<T: Clone>(v: &mut Vec<T>, count: usize) {
    while v.len() < count {
        let more = v.len().min(count - v.len());
        v.extend_from_within(..more);
    }
}

/// `s * n`: `OverflowError(too_long)` when the length in characters passes `sys.maxsize`
/// (CPython's check), `MemoryError` when the bytes cannot be allocated.
pub fn repeat_str<R: Runtime>(s: &str, n: usize, too_long: &str) -> PyResult<String, R> {
    if s.is_empty() || n == 0 {
        return Ok(String::new());
    }
    if checked_items::<u8>(s.len(), n).is_none() {
        let chars = s.chars().count();
        if checked_items::<u8>(chars, n).is_none() {
            return Err(PyErr::overflow(too_long));
        }
        return Err(memory_error());
    }
    let total = s.len() * n;
    let mut out: Vec<u8> = vec_with_capacity(total)?;
    out.extend_from_slice(s.as_bytes());
    fill_by_doubling(&mut out, total);
    // Whole copies of a str, so still UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// `b * n` for bytes: `OverflowError(too_long)` past `sys.maxsize`, else as [`repeat_items`].
pub fn repeat_bytes<R: Runtime>(b: &[u8], n: usize, too_long: &str) -> PyResult<Vec<u8>, R> {
    if !b.is_empty() && n != 0 && checked_items::<u8>(b.len(), n).is_none() {
        return Err(PyErr::overflow(too_long));
    }
    repeat_items(b, n)
}

/// A string with room for `bytes` bytes (padding to a width a program chose), or `MemoryError`.
pub fn string_with_capacity<R: Runtime>(bytes: usize) -> PyResult<String, R> {
    let mut s = String::new();
    if !within_memory(bytes) {
        return Err(memory_error());
    }
    s.try_reserve_exact(bytes).map_err(|_| memory_error())?;
    Ok(s)
}

/// `n` zero bytes (`bytes(n)`, `bytearray(n)`), or `MemoryError`.
pub fn zeroed_bytes<R: Runtime>(n: usize) -> PyResult<Vec<u8>, R> {
    let mut v = vec_with_capacity(n)?;
    v.resize(n, 0);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Gil;

    #[test]
    fn sizes_past_isize_fail_before_allocating() {
        let e = repeat_items::<u64, Gil>(&[1, 2], 1 << 62).unwrap_err();
        assert_eq!(e.lazy_kind(), Some(ExcKind::MemoryError));
        let e = repeat_str::<Gil>("ab", 1 << 62, "too long").unwrap_err();
        assert_eq!(e.lazy_kind(), Some(ExcKind::OverflowError));
        let e = repeat_str::<Gil>("é", 1 << 62, "too long").unwrap_err();
        assert_eq!(e.lazy_kind(), Some(ExcKind::MemoryError));
        assert!(zeroed_bytes::<Gil>(usize::MAX).is_err());
        assert_eq!(repeat_str::<Gil>("ab", 3, "").unwrap(), "ababab");
        assert_eq!(repeat_items::<u8, Gil>(&[1], 0).unwrap(), Vec::<u8>::new());
    }
}
