//! What `os` does differently per platform: sending a signal (`os.kill`), the parent's pid,
//! the user ids (Unix only, as in CPython), the fields of `os.stat`, a new directory's mode,
//! and the module's constants. Unix (Linux, macOS) asks the system through libc; Windows does
//! what CPython does there.

use std::io;

/// `os.name`, `os.sep`, `os.pathsep`, `os.devnull`. Paths are handled the POSIX way on every
/// platform (`os.path` is posixpath: Windows accepts `/` between names), so `sep` stays `/`.
#[cfg(unix)]
pub const CONSTANTS: [(&str, &str); 4] = [
    ("name", "posix"),
    ("sep", "/"),
    ("pathsep", ":"),
    ("devnull", "/dev/null"),
];
#[cfg(windows)]
pub const CONSTANTS: [(&str, &str); 4] = [
    ("name", "nt"),
    ("sep", "/"),
    ("pathsep", ";"),
    ("devnull", "nul"),
];

/// `os.kill(pid, sig)`: sends signal `sig` to process `pid`.
#[cfg(unix)]
pub fn kill(pid: i64, sig: i64) -> io::Result<()> {
    let (Ok(pid), Ok(sig)) = (i32::try_from(pid), i32::try_from(sig)) else {
        return Err(io::ErrorKind::InvalidInput.into());
    };
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `os.kill(pid, sig)` as CPython does it on Windows: `CTRL_C_EVENT` (0) and
/// `CTRL_BREAK_EVENT` (1) go to the console process group `pid`; any other `sig` ends process
/// `pid` with `sig` as its exit status.
#[cfg(windows)]
pub fn kill(pid: i64, sig: i64) -> io::Result<()> {
    use windows_sys::Win32::Foundation::CloseHandle;
    use windows_sys::Win32::System::Console::GenerateConsoleCtrlEvent;
    use windows_sys::Win32::System::Threading::{OpenProcess, TerminateProcess, PROCESS_TERMINATE};
    let (Ok(pid), Ok(sig)) = (u32::try_from(pid), u32::try_from(sig)) else {
        return Err(io::ErrorKind::InvalidInput.into());
    };
    // SAFETY: plain calls on a handle this function opens and closes.
    unsafe {
        if sig <= 1 {
            if GenerateConsoleCtrlEvent(sig, pid) == 0 {
                return Err(io::Error::last_os_error());
            }
            return Ok(());
        }
        let handle = OpenProcess(PROCESS_TERMINATE, 0, pid);
        if handle.is_null() {
            return Err(io::Error::last_os_error());
        }
        let done = TerminateProcess(handle, sig);
        let err = io::Error::last_os_error();
        CloseHandle(handle);
        if done == 0 {
            return Err(err);
        }
    }
    Ok(())
}

/// `os.uname()`'s fields: sysname, nodename, release, version, machine.
#[cfg(unix)]
pub fn uname() -> io::Result<[String; 5]> {
    // SAFETY: `uname` fills the zeroed struct it is given; each field is a NUL-terminated
    // C string within its array.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut u) != 0 {
            return Err(io::Error::last_os_error());
        }
        let text = |f: &[libc::c_char]| {
            std::ffi::CStr::from_ptr(f.as_ptr())
                .to_string_lossy()
                .into_owned()
        };
        Ok([
            text(&u.sysname),
            text(&u.nodename),
            text(&u.release),
            text(&u.version),
            text(&u.machine),
        ])
    }
}

/// `os.getppid()`.
#[cfg(unix)]
pub fn parent_pid() -> u32 {
    std::os::unix::process::parent_id()
}

/// `os.getppid()`: Windows keeps the parent's pid in the process list's entry for this one.
#[cfg(windows)]
pub fn parent_pid() -> u32 {
    use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W,
        TH32CS_SNAPPROCESS,
    };
    let me = std::process::id();
    // SAFETY: the snapshot handle is opened and closed here; `entry` is a properly sized,
    // zeroed PROCESSENTRY32W with its size field set, as the API requires.
    unsafe {
        let snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        if snapshot == INVALID_HANDLE_VALUE {
            return 0;
        }
        let mut entry: PROCESSENTRY32W = std::mem::zeroed();
        entry.dwSize = std::mem::size_of::<PROCESSENTRY32W>() as u32;
        let mut parent = 0;
        let mut more = Process32FirstW(snapshot, &mut entry) != 0;
        while more {
            if entry.th32ProcessID == me {
                parent = entry.th32ParentProcessID;
                break;
            }
            more = Process32NextW(snapshot, &mut entry) != 0;
        }
        CloseHandle(snapshot);
        parent
    }
}

/// A field of the `Uid:` line of /proc/self/status (1: real, 2: effective); elsewhere on
/// Unix, what the system call says.
#[cfg(unix)]
pub fn uid(field: usize) -> i64 {
    let from_proc = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(field).and_then(|n| n.parse().ok()))
        });
    // SAFETY: getuid and geteuid cannot fail and touch no memory.
    from_proc.unwrap_or_else(|| unsafe {
        if field == 1 {
            libc::getuid() as i64
        } else {
            libc::geteuid() as i64
        }
    })
}

/// `os.stat`'s fields: the integers of the tuple (mode to size), the three times in seconds
/// and in nanoseconds, and `st_blksize`, `st_blocks`, `st_rdev` (0 where there are none).
pub struct StatFields {
    pub ints: [i64; 7],
    pub times: [f64; 3],
    pub times_ns: [i64; 3],
    pub blocks: [i64; 3],
}

#[cfg(unix)]
pub fn stat_fields(md: &std::fs::Metadata) -> StatFields {
    use std::os::unix::fs::MetadataExt;
    let time = |s: i64, ns: i64| s as f64 + ns as f64 * 1e-9;
    StatFields {
        ints: [
            md.mode() as i64,
            md.ino() as i64,
            md.dev() as i64,
            md.nlink() as i64,
            md.uid() as i64,
            md.gid() as i64,
            md.size() as i64,
        ],
        times: [
            time(md.atime(), md.atime_nsec()),
            time(md.mtime(), md.mtime_nsec()),
            time(md.ctime(), md.ctime_nsec()),
        ],
        times_ns: [
            md.atime() * 1_000_000_000 + md.atime_nsec(),
            md.mtime() * 1_000_000_000 + md.mtime_nsec(),
            md.ctime() * 1_000_000_000 + md.ctime_nsec(),
        ],
        blocks: [md.blksize() as i64, md.blocks() as i64, md.rdev() as i64],
    }
}

/// Where there is no Unix metadata: the mode as CPython makes it up on Windows (a directory
/// or a regular file, writable unless read-only), no inode, device or owner, and `st_ctime`
/// the creation time.
#[cfg(not(unix))]
pub fn stat_fields(md: &std::fs::Metadata) -> StatFields {
    let kind = if md.is_dir() { 0o040_000 } else { 0o100_000 };
    let perm = if md.permissions().readonly() {
        0o444
    } else {
        0o666
    };
    let exec = if md.is_dir() { 0o111 } else { 0 };
    let times = [
        seconds(md.accessed()),
        seconds(md.modified()),
        seconds(md.created()),
    ];
    StatFields {
        ints: [kind | perm | exec, 0, 0, 1, 0, 0, md.len() as i64],
        times,
        times_ns: times.map(|t| (t * 1e9) as i64),
        blocks: [0; 3],
    }
}

/// Seconds since the epoch (negative before it); 0 when the system does not say.
#[cfg(not(unix))]
fn seconds(t: io::Result<std::time::SystemTime>) -> f64 {
    match t.map(|t| t.duration_since(std::time::UNIX_EPOCH)) {
        Ok(Ok(d)) => d.as_secs_f64(),
        Ok(Err(before)) => -before.duration().as_secs_f64(),
        Err(_) => 0.0,
    }
}

/// Makes a directory with `mode` (less the umask) where modes exist.
pub fn make_dir(path: &str, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(mode).create(path)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        std::fs::create_dir(path)
    }
}
