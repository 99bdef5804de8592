//! `time`'s POSIX clocks (Unix only): `clock_gettime`, `clock_gettime_ns`, `clock_getres`,
//! `clock_settime`, `clock_settime_ns` and the `CLOCK_*` ids, `pthread_getcpuclockid`,
//! `get_clock_info` (what each of the module's clocks is made of) and `tzset`. These read the
//! system's clocks directly; `time.time()` and `time.monotonic()` are the interpreter's clock
//! (virtual under `--virtual-time`).

use crate::builtins::oserror::from_errno;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::{Runtime, Vm};

type R0<R> = PyResult<Value<R>, R>;

extern "C" {
    fn tzset();
}

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("clock_gettime", clock_gettime),
        ("clock_gettime_ns", clock_gettime_ns),
        ("clock_getres", clock_getres),
        ("clock_settime", clock_settime),
        ("clock_settime_ns", clock_settime_ns),
        #[cfg(target_os = "linux")]
        ("pthread_getcpuclockid", pthread_getcpuclockid),
        ("get_clock_info", get_clock_info),
        ("tzset", time_tzset),
    ];
    super::add_functions(vm, m, functions);
    #[cfg_attr(not(target_os = "linux"), allow(unused_mut))]
    let mut clocks = vec![
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
    ];
    #[cfg(target_os = "linux")]
    clocks.extend([
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_TAI", libc::CLOCK_TAI),
    ]);
    for (name, id) in clocks {
        vm.set_module_attr(m, name, Value::Int(id as i64));
    }
}

fn clock_id<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    func: &str,
    n: usize,
) -> PyResult<libc::clockid_t, R> {
    args.no_kwargs(func)?;
    args.check_count(func, n, n)?;
    let id = vm.index_i64(&args.pos[0])?;
    libc::clockid_t::try_from(id)
        .map_err(|_| PyErr::overflow("signed integer is greater than maximum"))
}

fn read_clock<R: Runtime>(
    vm: &mut Vm<R>,
    id: libc::clockid_t,
    res: bool,
) -> PyResult<libc::timespec, R> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let rc = unsafe {
        if res {
            libc::clock_getres(id, &mut ts)
        } else {
            libc::clock_gettime(id, &mut ts)
        }
    };
    if rc != 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(from_errno(vm, errno, None, None));
    }
    Ok(ts)
}

fn clock_gettime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let id = clock_id(vm, &args, "clock_gettime", 1)?;
    let ts = read_clock(vm, id, false)?;
    Ok(Value::Float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9))
}

fn clock_gettime_ns<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let id = clock_id(vm, &args, "clock_gettime_ns", 1)?;
    let ts = read_clock(vm, id, false)?;
    Ok(Value::Int(
        ts.tv_sec as i64 * 1_000_000_000 + ts.tv_nsec as i64,
    ))
}

fn clock_getres<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let id = clock_id(vm, &args, "clock_getres", 1)?;
    let ts = read_clock(vm, id, true)?;
    Ok(Value::Float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9))
}

fn set_clock<R: Runtime>(vm: &mut Vm<R>, id: libc::clockid_t, ns: i128) -> R0<R> {
    let ts = libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t,
        tv_nsec: ns.rem_euclid(1_000_000_000) as _,
    };
    if unsafe { libc::clock_settime(id, &ts) } != 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(from_errno(vm, errno, None, None));
    }
    Ok(Value::None)
}

fn clock_settime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let id = clock_id(vm, &args, "clock_settime", 2)?;
    let seconds = super::time::seconds_arg(vm, &args.pos[1])?;
    set_clock(vm, id, (seconds * 1e9) as i128)
}

fn clock_settime_ns<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let id = clock_id(vm, &args, "clock_settime_ns", 2)?;
    let ns = vm.int_i64(&args.pos[1])?;
    set_clock(vm, id, ns as i128)
}

/// `pthread_getcpuclockid(thread_id)`: the CPU-time clock of a thread. minipy's thread ids
/// are not the system's thread handles, so only the calling thread's id is known here;
/// another id is "no such process".
#[cfg(target_os = "linux")]
fn pthread_getcpuclockid<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("pthread_getcpuclockid")?;
    args.check_count("pthread_getcpuclockid", 1, 1)?;
    let wanted = vm.int_i64(&args.pos[0])?;
    let threading = vm.import_module("threading")?;
    let get_ident = vm.get_attr_str(&threading, "get_ident")?;
    let mine = vm.call(&get_ident, Vec::new(), Vec::new())?;
    if vm.int_i64(&mine)? != wanted {
        return Err(from_errno(vm, libc::ESRCH, None, None));
    }
    let mut id: libc::clockid_t = 0;
    let rc = unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut id) };
    if rc != 0 {
        return Err(from_errno(vm, rc, None, None));
    }
    Ok(Value::Int(id as i64))
}

/// `get_clock_info(name)`: a `types.SimpleNamespace` of the clock's implementation, whether
/// it is monotonic and adjustable, and its resolution in seconds.
fn get_clock_info<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("get_clock_info")?;
    args.check_count("get_clock_info", 1, 1)?;
    let Some(name) = args.pos[0].as_str().map(str::to_string) else {
        return Err(PyErr::type_error(format!(
            "get_clock_info() argument 1 must be str, not {}",
            vm.type_name(&args.pos[0])
        )));
    };
    let (implementation, id, monotonic) = match name.as_str() {
        "time" => ("clock_gettime(CLOCK_REALTIME)", libc::CLOCK_REALTIME, false),
        "monotonic" | "perf_counter" => (
            "clock_gettime(CLOCK_MONOTONIC)",
            libc::CLOCK_MONOTONIC,
            true,
        ),
        "process_time" => (
            "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
            libc::CLOCK_PROCESS_CPUTIME_ID,
            true,
        ),
        "thread_time" => (
            "clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
            libc::CLOCK_THREAD_CPUTIME_ID,
            true,
        ),
        _ => return Err(PyErr::new(ExcKind::ValueError, "unknown clock")),
    };
    let res = read_clock(vm, id, true)?;
    let resolution = res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9;
    let types = vm.import_module("types")?;
    let namespace = vm.get_attr_str(&types, "SimpleNamespace")?;
    let fields = [
        ("implementation", vm.new_str(implementation)),
        ("monotonic", Value::Bool(monotonic)),
        ("adjustable", Value::Bool(!monotonic)),
        ("resolution", Value::Float(resolution)),
    ];
    let kwargs = fields
        .into_iter()
        .map(|(k, v)| (vm.new_str(k), v))
        .collect();
    vm.call(&namespace, Vec::new(), kwargs)
}

/// `tzset()`: reads the TZ environment variable again and remakes `timezone`, `altzone`,
/// `daylight` and `tzname`.
fn time_tzset<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("tzset", 0, 0)?;
    unsafe { tzset() };
    if let Some(Value::Obj(m)) = vm.sys_modules_get("time") {
        super::time_struct::set_zone_constants(vm, &m);
    }
    Ok(Value::None)
}
