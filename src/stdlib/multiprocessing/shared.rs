//! Shared memory between the processes of one program, under `Value`, `Array` and the
//! process-crossing locks (`lib/_mp_shared.py` builds the classes on these functions).
//!
//! A block is a file in the temporary directory mapped into every process that uses it (a
//! shared mapping, through `memmap2`, on every platform), found by its name; the process that
//! made it removes the file at exit (on Windows a file still mapped by another process stays
//! in the temporary directory).
//! Small pieces are cut from arenas of 64 KiB. A lock word lives in the same memory: a
//! counting semaphore (a `u32`), or a recursive lock (the owner as `u64`, then a count).
//! Waiting for one polls with a growing pause, with the GIL released.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, ObjKind, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

const ARENA: usize = 64 * 1024;

struct Mapping {
    ptr: usize,
    len: usize,
    /// Keeps the mapping alive (unmapped when dropped).
    _map: memmap2::MmapMut,
}

struct Shm {
    maps: HashMap<String, Mapping>,
    /// This process's current arena and how much of it is used.
    arena: Option<(String, usize)>,
    /// Files this process made (removed at exit).
    made: Vec<std::path::PathBuf>,
    next: u64,
}

static SHM: Mutex<Option<Shm>> = Mutex::new(None);

fn with_shm<T>(f: impl FnOnce(&mut Shm) -> T) -> T {
    let mut g = SHM.lock();
    let shm = g.get_or_insert_with(|| Shm {
        maps: HashMap::new(),
        arena: None,
        made: Vec::new(),
        next: 0,
    });
    f(shm)
}

fn os_err<R: Runtime>(e: std::io::Error) -> PyErr<R> {
    PyErr::new(
        crate::objects::exception::ExcKind::OSError,
        format!("shared memory: {e}"),
    )
}

fn map_file(file: &std::fs::File, len: usize) -> std::io::Result<Mapping> {
    // SAFETY: the file is this program's own (made by `alloc` in one of its processes, in
    // the temporary directory, never truncated); the bytes may change under us, from other
    // processes, which is why they are only read and written through raw pointers
    // (volatile accesses and atomics), never as Rust references to plain data.
    let mut map = unsafe { memmap2::MmapOptions::new().len(len).map_mut(file)? };
    Ok(Mapping {
        ptr: map.as_mut_ptr() as usize,
        len,
        _map: map,
    })
}

/// The address of `size` bytes at `offset` in block `name`, mapping it on first use.
fn address<R: Runtime>(name: &str, offset: usize, size: usize) -> PyResult<usize, R> {
    with_shm(|shm| {
        if !shm.maps.contains_key(name) {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(name)
                .map_err(os_err)?;
            let len = file.metadata().map_err(os_err)?.len() as usize;
            let m = map_file(&file, len).map_err(os_err)?;
            shm.maps.insert(name.to_string(), m);
        }
        let m = &shm.maps[name];
        if offset.checked_add(size).is_none_or(|end| end > m.len) {
            return Err(PyErr::value_error("shared memory access out of range"));
        }
        Ok(m.ptr + offset)
    })
}

/// Cuts `size` bytes (8-aligned) from this process's arena: `(block name, offset)`.
fn alloc<R: Runtime>(size: usize) -> PyResult<(String, usize), R> {
    let size = size.max(8).div_ceil(8) * 8;
    with_shm(|shm| {
        if let Some((name, used)) = &mut shm.arena {
            if *used + size <= ARENA {
                let at = *used;
                *used += size;
                return Ok((name.clone(), at));
            }
        }
        let len = size.max(ARENA);
        shm.next += 1;
        let path =
            std::env::temp_dir().join(format!("minipy-shm-{}-{}", std::process::id(), shm.next));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(os_err)?;
        file.set_len(len as u64).map_err(os_err)?;
        let m = map_file(&file, len).map_err(os_err)?;
        let name = path.to_string_lossy().into_owned();
        shm.maps.insert(name.clone(), m);
        shm.made.push(path);
        if len == ARENA {
            shm.arena = Some((name.clone(), size));
        }
        Ok((name, 0))
    })
}

/// Removes the files this process made (the mappings die with the process).
pub fn at_exit() {
    if let Some(shm) = SHM.lock().as_mut() {
        for path in shm.made.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn str_arg<R: Runtime>(v: &Value<R>) -> PyResult<String, R> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| PyErr::type_error("a block name (str) is required"))
}

fn usize_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<usize, R> {
    let n = vm.index_i64(v)?;
    usize::try_from(n).map_err(|_| PyErr::value_error("negative size or offset"))
}

fn code_size(code: &str) -> Option<usize> {
    Some(match code {
        "b" | "B" | "c" => 1,
        "h" | "H" => 2,
        "i" | "I" | "f" | "u" => 4,
        "l" | "L" | "q" | "Q" | "d" => 8,
        _ => return None,
    })
}

/// `_shm_alloc(size) -> (name, offset)`: zeroed shared bytes.
pub fn shm_alloc<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_shm_alloc", 1, 1)?;
    let size = usize_arg(vm, &args.pos[0])?;
    let (name, offset) = alloc::<R>(size)?;
    let n = vm.new_str(name);
    Ok(vm.new_tuple(vec![n, Value::Int(offset as i64)]))
}

/// `_shm_get(name, offset, code)`: the value of typecode `code` stored there.
pub fn shm_get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_shm_get", 3, 3)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let code = str_arg(&args.pos[2])?;
    let size = code_size(&code).ok_or_else(|| PyErr::type_error("bad typecode"))?;
    let at = address::<R>(&name, offset, size)?;
    // SAFETY: `at` lies inside a live mapping and is aligned for the type (allocations are
    // 8-aligned and elements are placed at multiples of their size).
    let v = unsafe {
        match code.as_str() {
            "b" => Value::Int(std::ptr::read_volatile(at as *const i8) as i64),
            "B" => Value::Int(std::ptr::read_volatile(at as *const u8) as i64),
            "c" => {
                let b = std::ptr::read_volatile(at as *const u8);
                Value::new_obj(ObjKind::Bytes(vec![b].into()))
            }
            "h" => Value::Int(std::ptr::read_volatile(at as *const i16) as i64),
            "H" => Value::Int(std::ptr::read_volatile(at as *const u16) as i64),
            "i" => Value::Int(std::ptr::read_volatile(at as *const i32) as i64),
            "I" => Value::Int(std::ptr::read_volatile(at as *const u32) as i64),
            "u" => {
                let c = std::ptr::read_volatile(at as *const u32);
                vm.new_str(char::from_u32(c).unwrap_or('\0').to_string())
            }
            "l" | "q" => Value::Int(std::ptr::read_volatile(at as *const i64)),
            "L" | "Q" => {
                let u = std::ptr::read_volatile(at as *const u64);
                crate::objects::int::from_bigint(num_bigint::BigInt::from(u))
            }
            "f" => Value::Float(std::ptr::read_volatile(at as *const f32) as f64),
            _ => Value::Float(std::ptr::read_volatile(at as *const f64)),
        }
    };
    Ok(v)
}

/// `_shm_set(name, offset, code, value)`: stores an int (wrapped as C does), a float, a
/// one-byte bytes (`c`) or a one-character str (`u`).
pub fn shm_set<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_shm_set", 4, 4)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let code = str_arg(&args.pos[2])?;
    let size = code_size(&code).ok_or_else(|| PyErr::type_error("bad typecode"))?;
    let at = address::<R>(&name, offset, size)?;
    let v = &args.pos[3];
    let int = || -> PyResult<i64, R> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            _ => match v.kind() {
                Some(ObjKind::BigInt(b)) => {
                    let m: num_bigint::BigInt = b & num_bigint::BigInt::from(u64::MAX);
                    Ok(u64::try_from(m).unwrap_or(0) as i64)
                }
                _ => Err(PyErr::type_error("an integer is required")),
            },
        }
    };
    let float = || -> PyResult<f64, R> {
        match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            _ => Err(PyErr::type_error("must be real number")),
        }
    };
    // SAFETY: as in `shm_get`.
    unsafe {
        match code.as_str() {
            "b" | "B" => std::ptr::write_volatile(at as *mut u8, int()? as u8),
            "c" => {
                let b = match v.kind() {
                    Some(ObjKind::Bytes(b)) if b.len() == 1 => b[0],
                    _ => return Err(PyErr::type_error("one character bytes expected")),
                };
                std::ptr::write_volatile(at as *mut u8, b)
            }
            "h" | "H" => std::ptr::write_volatile(at as *mut u16, int()? as u16),
            "i" | "I" => std::ptr::write_volatile(at as *mut u32, int()? as u32),
            "u" => {
                let c = v.as_str().and_then(|s| {
                    let mut it = s.chars();
                    let c = it.next()?;
                    it.next().is_none().then_some(c)
                });
                let c = c.ok_or_else(|| PyErr::type_error("unicode string expected"))?;
                std::ptr::write_volatile(at as *mut u32, c as u32)
            }
            "l" | "L" | "q" | "Q" => std::ptr::write_volatile(at as *mut u64, int()? as u64),
            "f" => std::ptr::write_volatile(at as *mut f32, float()? as f32),
            _ => std::ptr::write_volatile(at as *mut f64, float()?),
        }
    }
    Ok(Value::None)
}

/// Who holds a recursive lock: this process and thread, never 0.
fn me<R: Runtime>(vm: &Vm<R>) -> u64 {
    ((std::process::id() as u64) << 32) | ((vm.thread_id & 0xffff_ffff) + 1)
}

/// Tries once to take the lock word at `at` (`recursive`: owner word + count). A lock
/// (`owned`: a semaphore whose most is 1) notes its holder's pid in its second word.
fn try_take(at: usize, recursive: bool, owned: bool, me: u64) -> bool {
    if recursive {
        // SAFETY: 16 bytes, 8-aligned, inside a live mapping (checked by `address`).
        let (owner, count) =
            unsafe { (&*(at as *const AtomicU64), &*((at + 8) as *const AtomicU32)) };
        if owner.load(Ordering::Acquire) == me {
            count.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        if owner
            .compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            count.store(1, Ordering::Relaxed);
            return true;
        }
        false
    } else {
        // SAFETY: as above (4 bytes).
        let value = unsafe { &*(at as *const AtomicU32) };
        let mut v = value.load(Ordering::Relaxed);
        while v > 0 {
            match value.compare_exchange_weak(v, v - 1, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => {
                    if owned {
                        // SAFETY: as above (the second 8 bytes of the 16).
                        let holder = unsafe { &*((at + 8) as *const AtomicU64) };
                        holder.store(me >> 32, Ordering::Relaxed);
                    }
                    return true;
                }
                Err(now) => v = now,
            }
        }
        false
    }
}

/// The pid of the process holding the lock at `at`, if it notes one.
fn holder_pid(at: usize, recursive: bool) -> u64 {
    // SAFETY: as in `try_take`.
    unsafe {
        if recursive {
            (*(at as *const AtomicU64)).load(Ordering::Relaxed) >> 32
        } else {
            (*((at + 8) as *const AtomicU64)).load(Ordering::Relaxed)
        }
    }
}

#[cfg(unix)]
fn process_ended(pid: u64) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0
        || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    // An exited child not reaped yet still "exists" (Linux shows it as a zombie).
    let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false);
    !exists || zombie
}

#[cfg(windows)]
fn process_ended(pid: u64) -> bool {
    use windows_sys::Win32::Foundation::{CloseHandle, STILL_ACTIVE};
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    let Ok(pid) = u32::try_from(pid) else {
        return false;
    };
    if pid == 0 {
        return false;
    }
    // SAFETY: plain calls on a handle this function opens and closes; `code` outlives them.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            return true;
        }
        let mut code = 0u32;
        let ok = GetExitCodeProcess(handle, &mut code) != 0;
        CloseHandle(handle);
        ok && code != STILL_ACTIVE as u32
    }
}

/// How a wait for a shared lock ended.
enum Waited {
    Taken,
    TimedOut,
    /// The process holding the lock ended without releasing it (its pid).
    HolderDied(u64),
}

/// A wait with no timeout for a lock whose holder has died can never end: minipy reports it
/// as a deadlock (exit status 3), as for threads.
fn holder_died<R: Runtime>(vm: &mut Vm<R>, pid: u64) -> ! {
    let (file, line) = vm.current_location();
    let text = format!(
        "Deadlock: the process holding a multiprocessing lock ended without releasing it, \
         so this wait can never end.\n\n  process {} waits for the lock at {file}, line {line}\n  \
         the lock was last held by process {pid}, which has ended\n\n\
         minipy stopped the program (exit status {}). \
         Run with --no-deadlock-detection to let it hang, as CPython would.\n",
        std::process::id(),
        crate::vm::deadlock::DEADLOCK_EXIT_STATUS
    );
    crate::vm::io::write_stderr(&text);
    crate::vm::io::flush_at_exit();
    std::process::exit(crate::vm::deadlock::DEADLOCK_EXIT_STATUS);
}

/// `_sem_acquire(name, offset, recursive, blocking, timeout, owned) -> bool`.
pub fn sem_acquire<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_sem_acquire", 6, 6)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let recursive = vm.truthy(&args.pos[2])?;
    let blocking = vm.truthy(&args.pos[3])?;
    let timeout = match &args.pos[4] {
        Value::None => None,
        Value::Float(f) => Some(f.max(0.0)),
        Value::Int(i) => Some((*i).max(0) as f64),
        _ => return Err(PyErr::type_error("timeout must be a number")),
    };
    let owned = vm.truthy(&args.pos[5])?;
    let at = address::<R>(&name, offset, 16)?;
    let me = me(vm);
    if try_take(at, recursive, owned, me) {
        return Ok(Value::Bool(true));
    }
    if !blocking {
        return Ok(Value::Bool(false));
    }
    let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t));
    let watch = deadline.is_none() && (owned || recursive) && vm.interp.options.deadlock_detection;
    let waited = vm.blocking(WaitTarget::Sleep, true, || {
        let mut round = 0u32;
        let mut next_check = Instant::now() + Duration::from_millis(500);
        // A dead holder must be seen twice, 500 ms apart: a lock just taken notes its
        // holder a moment after taking it.
        let mut suspect = None;
        loop {
            for _ in 0..50 {
                if try_take(at, recursive, owned, me) {
                    return Waited::Taken;
                }
                std::hint::spin_loop();
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Waited::TimedOut;
            }
            if watch && Instant::now() >= next_check {
                next_check = Instant::now() + Duration::from_millis(500);
                let pid = holder_pid(at, recursive);
                if process_ended(pid) {
                    if suspect == Some(pid) {
                        return Waited::HolderDied(pid);
                    }
                    suspect = Some(pid);
                } else {
                    suspect = None;
                }
            }
            round += 1;
            if round < 20 {
                std::thread::yield_now();
            } else {
                std::thread::sleep(Duration::from_micros(50 * u64::from(round.min(40) / 10)));
            }
        }
    });
    match waited {
        Waited::Taken => Ok(Value::Bool(true)),
        Waited::TimedOut => Ok(Value::Bool(false)),
        Waited::HolderDied(pid) => holder_died(vm, pid),
    }
}

/// `_sem_release(name, offset, recursive, maxvalue)`; `maxvalue` -1 for none.
pub fn sem_release<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_sem_release", 4, 4)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let recursive = vm.truthy(&args.pos[2])?;
    let maxvalue = vm.int_i64(&args.pos[3])?;
    let at = address::<R>(&name, offset, 16)?;
    if recursive {
        // SAFETY: as in `try_take`.
        let (owner, count) =
            unsafe { (&*(at as *const AtomicU64), &*((at + 8) as *const AtomicU32)) };
        if owner.load(Ordering::Acquire) != me(vm) {
            return Err(PyErr::new(
                crate::objects::exception::ExcKind::AssertionError,
                "attempt to release recursive lock not owned by thread",
            ));
        }
        if count.fetch_sub(1, Ordering::Relaxed) == 1 {
            owner.store(0, Ordering::Release);
        }
    } else {
        // SAFETY: as in `try_take`.
        let value = unsafe { &*(at as *const AtomicU32) };
        if maxvalue >= 0 && value.load(Ordering::Relaxed) as i64 >= maxvalue {
            return Err(PyErr::value_error(
                "semaphore or lock released too many times",
            ));
        }
        value.fetch_add(1, Ordering::Release);
    }
    Ok(Value::None)
}

/// `_sem_value(name, offset, recursive)`: the count (a semaphore's value; a recursive
/// lock's depth, negative when another thread or process holds it).
pub fn sem_value<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_sem_value", 3, 3)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let recursive = vm.truthy(&args.pos[2])?;
    let at = address::<R>(&name, offset, 16)?;
    if recursive {
        // SAFETY: as in `try_take`.
        let (owner, count) =
            unsafe { (&*(at as *const AtomicU64), &*((at + 8) as *const AtomicU32)) };
        let o = owner.load(Ordering::Acquire);
        let c = count.load(Ordering::Relaxed) as i64;
        Ok(Value::Int(if o == 0 {
            0
        } else if o == me(vm) {
            c
        } else {
            -c.max(1)
        }))
    } else {
        // SAFETY: as in `try_take`.
        let value = unsafe { &*(at as *const AtomicU32) };
        Ok(Value::Int(value.load(Ordering::Acquire) as i64))
    }
}

/// `_sem_init(name, offset, value)`: sets a semaphore's count (at creation).
pub fn sem_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_sem_init", 3, 3)?;
    let name = str_arg(&args.pos[0])?;
    let offset = usize_arg(vm, &args.pos[1])?;
    let v = vm.int_i64(&args.pos[2])?;
    let at = address::<R>(&name, offset, 16)?;
    // SAFETY: as in `try_take`.
    let value = unsafe { &*(at as *const AtomicU32) };
    value.store(v.clamp(0, u32::MAX as i64) as u32, Ordering::Release);
    Ok(Value::None)
}

/// `_pid_alive(pid)`: whether process `pid` still runs (an exited, unreaped child counts
/// as ended).
pub fn pid_alive<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_pid_alive", 1, 1)?;
    let pid = vm.index_i64(&args.pos[0])?;
    let Ok(pid) = i32::try_from(pid) else {
        return Ok(Value::Bool(false));
    };
    Ok(Value::Bool(pid > 0 && !process_ended(pid as u64)))
}
