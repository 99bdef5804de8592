//! File descriptors per platform: `open(fd)` and the number `fileno()` reports. On Unix these
//! are the system's descriptors. Windows has handles instead: there `open(0)`, `open(1)` and
//! `open(2)` reach the standard streams (a copy of their handle), other numbers are EBADF,
//! and a file opened by name gets a number of its own from 3 up.

use std::fs::File;
use std::io;

/// A file around descriptor `fd`; `closefd` hands the descriptor over (it is closed with the
/// file), else the file works on a duplicate and `fd` stays open.
#[cfg(unix)]
pub fn open(fd: i32, closefd: bool) -> io::Result<File> {
    use std::os::fd::{BorrowedFd, FromRawFd};
    // Duplicating it checks that it is open (EBADF otherwise).
    // SAFETY: the descriptor is only borrowed for the `dup` call, which fails cleanly on a
    // descriptor that is not open.
    let dup = unsafe { BorrowedFd::borrow_raw(fd) }.try_clone_to_owned()?;
    if !closefd {
        // The descriptor stays open after close: keep the duplicate instead.
        return Ok(File::from(dup));
    }
    drop(dup);
    // SAFETY: the program hands this descriptor over (closefd=True): the file object owns it
    // from now on, as CPython's does.
    Ok(unsafe { File::from_raw_fd(fd) })
}

#[cfg(windows)]
pub fn open(fd: i32, _closefd: bool) -> io::Result<File> {
    use std::os::windows::io::AsHandle;
    let handle = match fd {
        0 => io::stdin().as_handle().try_clone_to_owned()?,
        1 => io::stdout().as_handle().try_clone_to_owned()?,
        2 => io::stderr().as_handle().try_clone_to_owned()?,
        _ => return Err(io::Error::from_raw_os_error(EBADF_WINDOWS)),
    };
    Ok(File::from(handle))
}

/// ERROR_INVALID_HANDLE, which CPython reports as EBADF.
#[cfg(windows)]
const EBADF_WINDOWS: i32 = 6;

/// The number `fileno()` reports for a file opened by name.
#[cfg(unix)]
pub fn number(f: &File) -> i64 {
    use std::os::fd::AsRawFd;
    i64::from(f.as_raw_fd())
}

#[cfg(not(unix))]
pub fn number(_f: &File) -> i64 {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(3);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
