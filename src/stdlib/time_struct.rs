//! The calendar half of the `time` module: `struct_time`, `gmtime`, `localtime`, `mktime`,
//! `strftime`, `asctime`, `ctime`, the time-zone constants (`timezone`, `altzone`, `daylight`,
//! `tzname`), and `process_time_ns`/`thread_time`/`thread_time_ns`.
//!
//! The conversions call the C library (`gmtime_r`, `localtime_r`, `mktime`, `strftime`), which
//! is what CPython calls, so zones and formats come out the same. "Now" is the interpreter's
//! wall clock, so `--virtual-time` moves these too.

use super::itertools::{new_object, receiver, split_class, state_of, R0};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use std::ffi::{c_char, c_int, CStr, CString};

/// C's `struct tm` as glibc, musl and the BSDs lay it out.
#[repr(C)]
#[derive(Clone, Copy)]
struct Tm {
    tm_sec: c_int,
    tm_min: c_int,
    tm_hour: c_int,
    tm_mday: c_int,
    tm_mon: c_int,
    tm_year: c_int,
    tm_wday: c_int,
    tm_yday: c_int,
    tm_isdst: c_int,
    /// A C `long`: 64 bits on the LP64 platforms minipy runs on, like `time_t` below.
    tm_gmtoff: i64,
    tm_zone: *const c_char,
}

impl Tm {
    fn zeroed() -> Tm {
        Tm {
            tm_sec: 0,
            tm_min: 0,
            tm_hour: 0,
            tm_mday: 0,
            tm_mon: 0,
            tm_year: 0,
            tm_wday: 0,
            tm_yday: 0,
            tm_isdst: 0,
            tm_gmtoff: 0,
            tm_zone: std::ptr::null(),
        }
    }
}

mod ffi {
    use super::Tm;
    use std::ffi::{c_char, c_int};

    extern "C" {
        pub fn gmtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
        pub fn localtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
        pub fn mktime(tm: *mut Tm) -> i64;
        pub fn strftime(s: *mut c_char, max: usize, format: *const c_char, tm: *const Tm) -> usize;
        pub fn tzset();
        pub fn clock_gettime(clock: c_int, ts: *mut [i64; 2]) -> c_int;
    }
}

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("gmtime", gmtime),
        ("localtime", localtime),
        ("mktime", mktime),
        ("strftime", strftime),
        ("asctime", asctime),
        ("ctime", ctime),
        ("process_time_ns", process_time_ns),
        ("thread_time", thread_time),
        ("thread_time_ns", thread_time_ns),
    ];
    super::add_functions(vm, m, functions);
    let class = struct_time_class(vm);
    vm.set_module_attr(m, "struct_time", Value::Obj(class));
    set_zone_constants(vm, m);
}

/// `timezone`, `altzone`, `daylight` and `tzname`, as the C library sees the local zone now
/// (again after `tzset`).
pub(super) fn set_zone_constants<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let zones = zone_constants(vm.interp.clock.wall());
    vm.set_module_attr(m, "timezone", Value::Int(zones.timezone));
    vm.set_module_attr(m, "altzone", Value::Int(zones.altzone));
    vm.set_module_attr(m, "daylight", Value::Int(zones.daylight as i64));
    let names = vec![vm.new_str(zones.names.0), vm.new_str(zones.names.1)];
    let names = vm.new_tuple(names);
    vm.set_module_attr(m, "tzname", names);
}

const FIELDS: [&str; 11] = [
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
    "tm_zone",
    "tm_gmtoff",
];

/// A `struct_time`: nine numbers, then the zone name and offset (or `None`).
struct StructTime<R: Runtime> {
    fields: Vec<Value<R>>,
}

fn struct_time_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let class = vm.native_class(
        "struct_time",
        "time",
        &[
            ("__new__", struct_time_new),
            ("__repr__", struct_time_repr),
            ("__len__", struct_time_len),
            ("__getitem__", struct_time_getitem),
            ("__iter__", struct_time_iter),
            ("__eq__", struct_time_eq),
        ],
    );
    macro_rules! field_getters {
        ($($i:literal),*) => {
            [$({
                fn get<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
                    let this = args.pos.first().cloned().unwrap_or(Value::None);
                    let t = state_of::<R, StructTime<R>>(&this)?;
                    Ok(t.fields[$i].clone())
                }
                get::<R> as NativeFn<R>
            }),*]
        };
    }
    let getters = field_getters!(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    for (name, getter) in FIELDS.iter().zip(getters) {
        super::sync_more::add_property(vm, &class, name, getter);
    }
    class
}

fn new_struct_time<R: Runtime>(vm: &Vm<R>, tm: &Tm) -> R0<R> {
    let zone = if tm.tm_zone.is_null() {
        Value::None
    } else {
        // SAFETY: a non-null tm_zone set by the C library points to a NUL-terminated name
        // that lives as long as the process's time-zone data.
        let name = unsafe { CStr::from_ptr(tm.tm_zone) };
        vm.new_str(name.to_string_lossy().into_owned())
    };
    let fields = vec![
        Value::Int(tm.tm_year as i64 + 1900),
        Value::Int(tm.tm_mon as i64 + 1),
        Value::Int(tm.tm_mday as i64),
        Value::Int(tm.tm_hour as i64),
        Value::Int(tm.tm_min as i64),
        Value::Int(tm.tm_sec as i64),
        Value::Int((tm.tm_wday as i64 + 6) % 7),
        Value::Int(tm.tm_yday as i64 + 1),
        Value::Int(tm.tm_isdst as i64),
        zone,
        Value::Int(tm.tm_gmtoff),
    ];
    let class = vm.native_class("struct_time", "time", &[]);
    new_object(&Value::Obj(class), StructTime { fields })
}

fn struct_time_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    args.no_kwargs("struct_time")?;
    super::itertools::expect_count(&args, "struct_time", 1, 2)?;
    let mut fields = vm.collect(&args.pos[0])?;
    // The optional dict gives the fields past the sequence (`tm_zone`, `tm_gmtoff`).
    let extra = match args.pos.get(1) {
        None => None,
        Some(d) if matches!(d.kind(), Some(ObjKind::Dict(_))) => Some(d.clone()),
        Some(_) => {
            return Err(PyErr::type_error(
                "time.struct_time() takes a dict as second arg, if any",
            ))
        }
    };
    if fields.len() < 9 || fields.len() > 11 {
        let bound = if fields.len() < 9 {
            "at least"
        } else {
            "at most"
        };
        let n = if fields.len() < 9 { 9 } else { 11 };
        return Err(PyErr::type_error(format!(
            "time.struct_time() takes an {bound} {n}-sequence ({}-sequence given)",
            fields.len()
        )));
    }
    let given = fields.len();
    fields.resize(11, Value::None);
    if let Some(ObjKind::Dict(extra)) = extra.as_ref().and_then(|d| d.kind()) {
        for (slot, name) in fields.iter_mut().zip(FIELDS).skip(given) {
            if let Some(v) = vm.dict_lookup(extra, &vm.str_key(name))? {
                *slot = v;
            }
        }
    }
    new_object(&class, StructTime { fields })
}

fn struct_time_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let t = state_of::<R, StructTime<R>>(&this)?;
    let mut parts = Vec::with_capacity(9);
    for (name, v) in FIELDS.iter().zip(&t.fields).take(9) {
        parts.push(format!("{name}={}", vm.repr(v)?));
    }
    Ok(vm.new_str(format!("time.struct_time({})", parts.join(", "))))
}

fn as_tuple<R: Runtime>(vm: &Vm<R>, this: &Value<R>) -> R0<R> {
    let t = state_of::<R, StructTime<R>>(this)?;
    Ok(vm.new_tuple(t.fields[..9].to_vec()))
}

fn struct_time_len<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(9))
}

fn struct_time_getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    super::itertools::expect_count(&args, "__getitem__", 2, 2)?;
    let tuple = as_tuple(vm, &args.pos[0])?;
    vm.get_item(&tuple, &args.pos[1])
}

fn struct_time_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let tuple = as_tuple(vm, &receiver(&args))?;
    vm.get_iter(&tuple)
}

fn struct_time_eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    super::itertools::expect_count(&args, "__eq__", 2, 2)?;
    let mine = as_tuple(vm, &args.pos[0])?;
    let theirs = match args.pos[1].kind() {
        Some(ObjKind::Tuple(_)) => args.pos[1].clone(),
        Some(ObjKind::Native(n)) if n.downcast::<StructTime<R>>().is_some() => {
            as_tuple(vm, &args.pos[1])?
        }
        _ => return Ok(vm.interp.not_implemented.clone()),
    };
    Ok(Value::Bool(vm.eq(&mine, &theirs)?))
}

/// Seconds since the epoch from an optional argument (now when absent or `None`), floored.
fn seconds<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<i64, R> {
    args.no_kwargs(name)?;
    super::itertools::expect_count(args, name, 0, 1)?;
    let secs = match args.pos.first().filter(|v| !v.is_none()) {
        None => vm.interp.clock.wall(),
        Some(Value::Float(f)) => {
            if f.is_nan() {
                return Err(PyErr::value_error("Invalid value NaN (not a number)"));
            }
            *f
        }
        Some(v) => {
            let b = super::num_args::to_bigint(vm, v)?;
            return num_traits::ToPrimitive::to_i64(&b)
                .filter(|s| s.unsigned_abs() < 1 << 55)
                .ok_or_else(out_of_range);
        }
    };
    let s = secs.floor();
    if s.abs() >= (1u64 << 55) as f64 {
        return Err(out_of_range());
    }
    Ok(s as i64)
}

fn out_of_range<R: Runtime>() -> PyErr<R> {
    PyErr::overflow("timestamp out of range for platform time_t")
}

/// A broken-down time from the C library: UTC or local; `None` out of its range.
fn c_broken_down(t: i64, local: bool) -> Option<Tm> {
    let mut tm = Tm::zeroed();
    // SAFETY: both pointers are to live locals; the *_r functions write only into `tm`.
    let r = unsafe {
        if local {
            ffi::tzset();
            ffi::localtime_r(&t, &mut tm)
        } else {
            ffi::gmtime_r(&t, &mut tm)
        }
    };
    (!r.is_null()).then_some(tm)
}

fn broken_down<R: Runtime>(t: i64, local: bool) -> PyResult<Tm, R> {
    c_broken_down(t, local).ok_or_else(out_of_range)
}

fn gmtime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let t = seconds(vm, &args, "gmtime")?;
    let tm = broken_down(t, false)?;
    new_struct_time(vm, &tm)
}

fn localtime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let t = seconds(vm, &args, "localtime")?;
    let tm = broken_down(t, true)?;
    new_struct_time(vm, &tm)
}

/// A time tuple or struct_time argument as a C `struct tm`, checked as CPython's `strftime`
/// checks it (a 0 month, day or year-day stands for the first).
fn tm_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, name: &str) -> PyResult<Tm, R> {
    let fields = match v.kind() {
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        Some(ObjKind::Native(n)) if n.downcast::<StructTime<R>>().is_some() => {
            state_of::<R, StructTime<R>>(v)?.fields[..9].to_vec()
        }
        _ => return Err(PyErr::type_error("Tuple or struct_time argument required")),
    };
    if fields.len() != 9 {
        return Err(PyErr::type_error(format!(
            "{name}(): illegal time tuple argument"
        )));
    }
    // Each field is a C int, with CPython's texts for the two ways out of its range.
    let mut n = [0i64; 9];
    for (slot, f) in n.iter_mut().zip(&fields) {
        let x = super::num_args::to_i64(vm, f, "Python int too large to convert to C long")?;
        if x > i64::from(c_int::MAX) {
            return Err(PyErr::overflow("signed integer is greater than maximum"));
        }
        if x < i64::from(c_int::MIN) {
            return Err(PyErr::overflow("signed integer is less than minimum"));
        }
        *slot = x;
    }
    let int = |x: i64| -> PyResult<c_int, R> {
        c_int::try_from(x).map_err(|_| PyErr::overflow("signed integer is less than minimum"))
    };
    let mut tm = Tm::zeroed();
    tm.tm_year = int(n[0] - 1900)?;
    tm.tm_mon = int(n[1] - 1)?;
    tm.tm_mday = int(n[2])?;
    tm.tm_hour = int(n[3])?;
    tm.tm_min = int(n[4])?;
    tm.tm_sec = int(n[5])?;
    tm.tm_wday = int((n[6] + 1) % 7)?;
    tm.tm_yday = int(n[7] - 1)?;
    tm.tm_isdst = int(n[8])?;
    let check = |ok: bool, what: &str| -> PyResult<(), R> {
        if ok {
            Ok(())
        } else {
            Err(PyErr::value_error(format!("{what} out of range")))
        }
    };
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    }
    check((0..=11).contains(&tm.tm_mon), "month")?;
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    }
    check((0..=31).contains(&tm.tm_mday), "day of month")?;
    check((0..=23).contains(&tm.tm_hour), "hour")?;
    check((0..=59).contains(&tm.tm_min), "minute")?;
    check((0..=61).contains(&tm.tm_sec), "seconds")?;
    check(tm.tm_wday >= 0, "day of week")?;
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    }
    check((0..=365).contains(&tm.tm_yday), "day of year")?;
    tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    Ok(tm)
}

/// The struct tm of the optional time argument (local now when absent).
fn tm_or_now<R: Runtime>(vm: &mut Vm<R>, v: Option<&Value<R>>, name: &str) -> PyResult<Tm, R> {
    match v {
        Some(v) => tm_arg(vm, v, name),
        None => broken_down(vm.interp.clock.wall().floor() as i64, true),
    }
}

fn strftime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("strftime")?;
    super::itertools::expect_count(&args, "strftime", 1, 2)?;
    let Some(format) = args.pos[0].as_str() else {
        return Err(PyErr::type_error(format!(
            "strftime() argument 1 must be str, not {}",
            vm.type_name(&args.pos[0])
        )));
    };
    let format = CString::new(format).map_err(|_| PyErr::value_error("embedded null character"))?;
    let tm = tm_or_now(vm, args.pos.get(1), "strftime")?;
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` has `size` writable bytes, `format` is NUL-terminated and `tm` is a
        // valid struct tm; strftime writes at most `size` bytes and returns how many.
        let n = unsafe { ffi::strftime(buf.as_mut_ptr().cast(), size, format.as_ptr(), &tm) };
        if n > 0 || size >= 256 * format.as_bytes().len().max(4) {
            buf.truncate(n);
            return Ok(vm.new_str(String::from_utf8_lossy(&buf).into_owned()));
        }
        size *= 4;
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asctime_text(tm: &Tm) -> String {
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn asctime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("asctime")?;
    super::itertools::expect_count(&args, "asctime", 0, 1)?;
    let tm = tm_or_now(vm, args.pos.first(), "asctime")?;
    Ok(vm.new_str(asctime_text(&tm)))
}

fn ctime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let t = seconds(vm, &args, "ctime")?;
    let tm = broken_down(t, true)?;
    Ok(vm.new_str(asctime_text(&tm)))
}

fn mktime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("mktime")?;
    super::itertools::expect_count(&args, "mktime", 1, 1)?;
    let mut tm = tm_arg(vm, &args.pos[0], "mktime")?;
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid struct tm on the stack; mktime normalizes it in place.
    let t = unsafe {
        ffi::tzset();
        ffi::mktime(&mut tm)
    };
    if t == -1 && tm.tm_wday == -1 {
        return Err(PyErr::overflow("mktime argument out of range"));
    }
    Ok(Value::Float(t as f64))
}

struct Zones {
    timezone: i64,
    altzone: i64,
    daylight: bool,
    names: (String, String),
}

/// CPython's time-zone constants: the local zones of January and July of this year.
fn zone_constants(now: f64) -> Zones {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let jan = (now as i64 / YEAR) * YEAR;
    let probe = |t: i64| -> (i64, String) {
        match c_broken_down(t, true) {
            Some(tm) if !tm.tm_zone.is_null() => {
                // SAFETY: as in `new_struct_time`: a zone name owned by the C library.
                let name = unsafe { CStr::from_ptr(tm.tm_zone) };
                (-(tm.tm_gmtoff), name.to_string_lossy().into_owned())
            }
            Some(tm) => (-(tm.tm_gmtoff), "UTC".to_string()),
            None => (0, "UTC".to_string()),
        }
    };
    let (jan_zone, jan_name) = probe(jan);
    let (jul_zone, jul_name) = probe(jan + YEAR / 2);
    if jan_zone < jul_zone {
        // The southern hemisphere: summer time in January.
        Zones {
            timezone: jul_zone,
            altzone: jan_zone,
            daylight: jan_zone != jul_zone,
            names: (jul_name, jan_name),
        }
    } else {
        Zones {
            timezone: jan_zone,
            altzone: jul_zone,
            daylight: jan_zone != jul_zone,
            names: (jan_name, jul_name),
        }
    }
}

/// The calling thread's CPU time in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_clock_ns() -> i64 {
    #[cfg(target_os = "linux")]
    let clock = 3;
    #[cfg(not(target_os = "linux"))]
    let clock = 16;
    let mut ts = [0i64; 2];
    // SAFETY: `ts` is a live timespec-sized buffer (two 64-bit fields on LP64 platforms).
    let r = unsafe { ffi::clock_gettime(clock, &mut ts) };
    if r != 0 {
        return 0;
    }
    ts[0] * 1_000_000_000 + ts[1]
}

fn process_time_ns<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int((vm.interp.clock.monotonic() * 1e9) as i64))
}

fn thread_time<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Float(thread_clock_ns() as f64 / 1e9))
}

fn thread_time_ns<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(thread_clock_ns()))
}
