//! The `os` module: the process (`getpid`, `getppid`, `cpu_count`, `environ`, `getenv`,
//! `putenv`, `_exit`), the working directory, directories and files (`listdir`, `mkdir`,
//! `makedirs`, `remove`, `rename`, `rmdir`, `stat`, `walk`), `urandom` and the path
//! constants. `os.environ` is in `os_environ.rs`; `os.putenv` changes the process's
//! environment without changing `os.environ`, as in CPython. `os.path` is its own native
//! module (`os_path.rs`).

use super::os_path::{path_arg, split_path};
use super::os_platform;
use crate::builtins::oserror::{from_errno, from_io, strerror as errno_text};
use crate::objects::class::Layout;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("getpid", getpid),
        ("kill", kill),
        ("getppid", getppid),
        #[cfg(unix)]
        ("getuid", getuid),
        #[cfg(unix)]
        ("geteuid", geteuid),
        #[cfg(unix)]
        ("uname", uname),
        ("cpu_count", cpu_count),
        ("getenv", getenv),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("listdir", listdir),
        ("mkdir", mkdir),
        ("makedirs", makedirs),
        ("rmdir", rmdir),
        ("remove", remove),
        ("unlink", remove),
        ("rename", rename),
        ("replace", rename),
        ("stat", stat),
        ("walk", walk),
        ("urandom", urandom),
        ("strerror", strerror),
        ("fspath", fspath),
        ("_exit", exit_now),
        ("__getattr__", lazy_attr),
        ("__dir__", dir),
    ];
    super::add_functions(vm, m, functions);
    #[cfg(unix)]
    super::os_fd::init(vm, m);
    #[cfg(unix)]
    super::os_posix::init(vm, m);
    let environ = super::os_environ::environ(vm);
    vm.set_module_attr(m, "environ", environ);
    for (name, value) in [
        ("altsep", ""),
        ("linesep", "\n"),
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
    ]
    .into_iter()
    .chain(os_platform::CONSTANTS)
    {
        let v = if name == "altsep" {
            Value::None
        } else {
            vm.new_str(value)
        };
        vm.set_module_attr(m, name, v);
    }
    let oserror = vm
        .types()
        .exception(crate::objects::exception::ExcKind::OSError);
    vm.set_module_attr(m, "error", Value::Obj(oserror.clone()));
    for (name, value) in [("SEEK_SET", 0), ("SEEK_CUR", 1), ("SEEK_END", 2)] {
        vm.set_module_attr(m, name, Value::Int(value));
    }
    // `os.PathLike`: the base of classes with `__fspath__` (generic: `os.PathLike[str]`).
    let pathlike = vm.native_class_with_layout(
        "PathLike",
        "os",
        Layout::Object,
        &[("__fspath__", fspath_abstract)],
    );
    vm.set_module_attr(m, "PathLike", Value::Obj(pathlike));
    // `os.path` is the module registered under that name (one object in both places).
    // Made here rather than imported: importing `os.path` would first import its parent,
    // `os`, which is this module, still being made.
    let path = match vm.make_native_module("os.path") {
        Ok(Some(path)) => Value::Obj(path),
        _ => return false,
    };
    vm.sys_modules_set("os.path", path.clone());
    vm.set_module_attr(m, "path", path);
    true
}

/// `os.__getattr__(name)`: the names written in Python (`scandir`, `stat_result`, `fork`,
/// the `exec*` family, ...) live in the bundled `_os_more` module; the first read of one
/// imports it and copies all of its names into `os`.
fn lazy_attr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getattr__", 1, 1)?;
    let name = args.pos[0].as_str().unwrap_or("").to_string();
    let missing = || {
        PyErr::new(
            crate::objects::exception::ExcKind::AttributeError,
            format!("module 'os' has no attribute '{name}'"),
        )
    };
    if name.starts_with("__") {
        return Err(missing());
    }
    let more = vm.import_module("_os_more")?;
    let names = vm.get_attr_str(&more, "__all__")?;
    let names = vm.collect(&names)?;
    if !names.iter().any(|n| n.as_str() == Some(name.as_str())) {
        return Err(missing());
    }
    let os = vm.import_module("os")?;
    let mut found = None;
    for key in names {
        let Some(text) = key.as_str().map(str::to_string) else {
            continue;
        };
        let value = vm.get_attr_str(&more, &text)?;
        if text == name {
            found = Some(value.clone());
        }
        if let Value::Obj(m) = &os {
            vm.set_module_attr(m, &text, value);
        }
    }
    found.ok_or_else(missing)
}

/// `dir(os)`: the names made so far and those `_os_more` adds.
fn dir<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let more = vm.import_module("_os_more")?;
    let os = vm.import_module("os")?;
    let mut names: Vec<String> = Vec::new();
    for source in [&more, &os] {
        let listed = if std::ptr::eq(source, &more) {
            vm.get_attr_str(source, "__all__")?
        } else {
            let dict = vm.get_attr_str(source, "__dict__")?;
            let keys = vm.get_attr_str(&dict, "keys")?;
            vm.call(&keys, Vec::new(), Vec::new())?
        };
        for key in vm.collect(&listed)? {
            if let Some(text) = key.as_str() {
                names.push(text.to_string());
            }
        }
    }
    names.retain(|n| n != "__getattr__" && n != "__dir__");
    names.sort();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

/// `PathLike.__fspath__`, which subclasses override.
fn fspath_abstract<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Err(PyErr::new(
        crate::objects::exception::ExcKind::NotImplementedError,
        "",
    ))
}

fn no_args<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    args.no_kwargs(name)?;
    args.check_count(name, 0, 0)
}

fn getpid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "getpid")?;
    Ok(Value::Int(std::process::id() as i64))
}

/// `os.kill(pid, sig)`: sends a signal to a process. A signal this process sends itself has
/// its Python handler run before `kill` returns, as in CPython.
fn kill<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("kill")?;
    args.check_count("kill", 2, 2)?;
    let pid = vm.index_i64(&args.pos[0])?;
    let sig = vm.index_i64(&args.pos[1])?;
    if i32::try_from(pid).is_err() || i32::try_from(sig).is_err() {
        return Err(PyErr::overflow("signed integer is greater than maximum"));
    }
    if let Err(e) = os_platform::kill(pid, sig) {
        return Err(from_io(vm, &e, None));
    }
    if pid == i64::from(std::process::id()) && vm.is_main_thread() {
        vm.run_pending_signals()?;
    }
    Ok(Value::None)
}

fn getppid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "getppid")?;
    Ok(Value::Int(i64::from(os_platform::parent_pid())))
}

#[cfg(unix)]
fn getuid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "getuid")?;
    Ok(Value::Int(os_platform::uid(1)))
}

#[cfg(unix)]
fn geteuid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "geteuid")?;
    Ok(Value::Int(os_platform::uid(2)))
}

fn cpu_count<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "cpu_count")?;
    Ok(match std::thread::available_parallelism() {
        Ok(n) => Value::Int(n.get() as i64),
        Err(_) => Value::None,
    })
}

/// `os.getenv(key, default=None)`: reads `os.environ`, as CPython does.
fn getenv<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let default = args.take_kw("default");
    args.no_more_kwargs("getenv")?;
    args.check_count("getenv", 1, 2)?;
    let default = default
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::None);
    if args.pos[0].as_str().is_none() {
        return Err(PyErr::type_error(format!(
            "str expected, not {}",
            vm.type_name(&args.pos[0])
        )));
    }
    let os = vm.import_module("os")?;
    let environ = vm.get_attr_str(&os, "environ")?;
    let get = vm.get_attr_str(&environ, "get")?;
    vm.call(&get, vec![args.pos[0].clone(), default], Vec::new())
}

fn env_text<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<String, R> {
    match v.as_str() {
        Some(s) if s.contains('\0') => Err(PyErr::value_error("embedded null byte")),
        Some(s) => Ok(s.to_string()),
        None => Err(PyErr::type_error(format!(
            "str expected, not {}",
            vm.type_name(v)
        ))),
    }
}

fn putenv<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("putenv")?;
    args.check_count("putenv", 2, 2)?;
    let key = env_text(vm, &args.pos[0])?;
    let value = env_text(vm, &args.pos[1])?;
    if key.is_empty() || key.contains('=') {
        return Err(PyErr::value_error("illegal environment variable name"));
    }
    std::env::set_var(key, value);
    Ok(Value::None)
}

fn unsetenv<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("unsetenv")?;
    args.check_count("unsetenv", 1, 1)?;
    let key = env_text(vm, &args.pos[0])?;
    if key.is_empty() || key.contains('=') {
        return Err(PyErr::value_error("illegal environment variable name"));
    }
    std::env::remove_var(key);
    Ok(Value::None)
}

fn getcwd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "getcwd")?;
    let cwd = std::env::current_dir().map_err(|e| from_io(vm, &e, None))?;
    Ok(vm.new_str(cwd.display().to_string()))
}

/// Runs a file-system call on a path argument; its error names the path.
fn on_path<R: Runtime, T>(
    vm: &mut Vm<R>,
    arg: &Value<R>,
    func: &str,
    op: impl FnOnce(&str) -> std::io::Result<T>,
) -> PyResult<T, R> {
    let p = path_arg(vm, arg, func)?;
    op(&p).map_err(|e| from_io(vm, &e, Some(arg.clone())))
}

fn path_param<R: Runtime>(
    args: &mut Args<R>,
    func: &str,
    name: &str,
    default: Option<&str>,
    vm: &Vm<R>,
) -> PyResult<Value<R>, R> {
    let kw = args.take_kw(name);
    match kw.or_else(|| args.pos.first().cloned()) {
        Some(v) => Ok(v),
        None => match default {
            Some(d) => Ok(vm.new_str(d)),
            None => Err(PyErr::type_error(format!(
                "{func}() missing required argument '{name}' (pos 1)"
            ))),
        },
    }
}

fn chdir<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "chdir", "path", None, vm)?;
    on_path(vm, &p, "chdir", |p| std::env::set_current_dir(p))?;
    Ok(Value::None)
}

fn listdir<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "listdir", "path", Some("."), vm)?;
    let p = if p.is_none() { vm.new_str(".") } else { p };
    let names = on_path(vm, &p, "listdir", |path| {
        std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<Vec<String>>>()
    })?;
    let names = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(names))
}

fn mode_param<R: Runtime>(vm: &Vm<R>, args: &mut Args<R>) -> PyResult<u32, R> {
    match args.take_kw("mode").or_else(|| args.pos.get(1).cloned()) {
        Some(v) => Ok(vm.int_i64(&v)? as u32),
        None => Ok(0o777),
    }
}

fn mkdir<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "mkdir", "path", None, vm)?;
    let mode = mode_param(vm, &mut args)?;
    args.no_more_kwargs("mkdir")?;
    on_path(vm, &p, "mkdir", |path| os_platform::make_dir(path, mode))?;
    Ok(Value::None)
}

/// CPython's `os.makedirs`: the missing parents first, then the directory itself.
fn make_dirs(path: &str, mode: u32, exist_ok: bool) -> std::io::Result<()> {
    let (mut head, mut tail) = split_path(path);
    if tail.is_empty() {
        (head, tail) = split_path(&head);
    }
    if !head.is_empty() && !tail.is_empty() && std::fs::metadata(&head).is_err() {
        match make_dirs(&head, mode, exist_ok) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
        if tail == "." {
            return Ok(());
        }
    }
    match os_platform::make_dir(path, mode) {
        Err(_) if exist_ok && std::fs::metadata(path).is_ok_and(|m| m.is_dir()) => Ok(()),
        r => r,
    }
}

fn makedirs<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "makedirs", "name", None, vm)?;
    let mode = mode_param(vm, &mut args)?;
    let exist_ok = match args
        .take_kw("exist_ok")
        .or_else(|| args.pos.get(2).cloned())
    {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    args.no_more_kwargs("makedirs")?;
    on_path(vm, &p, "makedirs", |path| make_dirs(path, mode, exist_ok))?;
    Ok(Value::None)
}

fn rmdir<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "rmdir", "path", None, vm)?;
    on_path(vm, &p, "rmdir", |p| std::fs::remove_dir(p))?;
    Ok(Value::None)
}

fn remove<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "remove", "path", None, vm)?;
    on_path(vm, &p, "remove", |p| std::fs::remove_file(p))?;
    Ok(Value::None)
}

fn rename<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("rename")?;
    args.check_count("rename", 2, 2)?;
    let src = path_arg(vm, &args.pos[0], "rename")?;
    let dst = path_arg(vm, &args.pos[1], "rename")?;
    std::fs::rename(&src, &dst).map_err(|e| match e.raw_os_error() {
        Some(errno) => from_errno(
            vm,
            errno,
            Some(args.pos[0].clone()),
            Some(args.pos[1].clone()),
        ),
        None => from_io(vm, &e, None),
    })?;
    Ok(Value::None)
}

fn stat<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let p = path_param(&mut args, "stat", "path", None, vm)?;
    let md = on_path(vm, &p, "stat", |p| std::fs::metadata(p))?;
    stat_object(vm, &md)
}

/// `os.uname()`: a `posix.uname_result`, the named tuple `_sysinfo` makes.
#[cfg(unix)]
fn uname<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("uname", 0, 0)?;
    let fields = os_platform::uname().map_err(|e| from_io(vm, &e, None))?;
    let values = fields.into_iter().map(|f| vm.new_str(f)).collect();
    let info = super::sys::sysinfo_module(vm)?;
    let make = vm.get_attr_str(&info, "uname_result")?;
    let tuple = vm.new_tuple(values);
    vm.call(&make, vec![tuple], Vec::new())
}

/// An `os.stat_result` of metadata (also `fstat`'s and `lstat`'s): the type is the bundled
/// `_os_more` module's, made from the 19 fields CPython gives it on Linux.
pub(super) fn stat_object<R: Runtime>(vm: &mut Vm<R>, md: &std::fs::Metadata) -> R0<R> {
    let fields = os_platform::stat_fields(md);
    let whole = |t: f64| Value::Int(t.floor() as i64);
    let values: Vec<Value<R>> = fields
        .ints
        .into_iter()
        .map(Value::Int)
        .chain(fields.times.into_iter().map(whole))
        .chain(fields.times.into_iter().map(Value::Float))
        .chain(fields.times_ns.into_iter().map(Value::Int))
        .chain(fields.blocks.into_iter().map(Value::Int))
        .collect();
    let more = vm.import_module("_os_more")?;
    let class = vm.get_attr_str(&more, "stat_result")?;
    let tuple = vm.new_tuple(values);
    vm.call(&class, vec![tuple], Vec::new())
}

/// `os.walk(top, topdown=True, onerror=None, followlinks=False)`: the generator in the
/// bundled `_os_walk` module, so that it walks lazily and the caller may prune `dirnames`.
fn walk<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let helper = vm.import_module("_os_walk")?;
    let walk = vm.get_attr_str(&helper, "walk")?;
    vm.call(&walk, args.pos, args.kw)
}

fn urandom<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    use std::io::Read;
    args.no_kwargs("urandom")?;
    args.check_count("urandom", 1, 1)?;
    let n = vm.int_i64(&args.pos[0])?;
    if n < 0 {
        return Err(PyErr::value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| from_io(vm, &e, None))?;
    Ok(Value::new_obj(crate::objects::ObjKind::Bytes(
        buf.into_boxed_slice(),
    )))
}

fn strerror<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("strerror", 1, 1)?;
    let code = vm.int_i64(&args.pos[0])?;
    Ok(vm.new_str(errno_text(code as i32)))
}

fn fspath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("fspath", 1, 1)?;
    if args.pos[0].as_str().is_some() || matches!(args.pos[0].kind(), Some(ObjKind::Bytes(_))) {
        return Ok(args.pos[0].clone());
    }
    let text = path_arg(vm, &args.pos[0], "")?;
    Ok(vm.new_str(text))
}

/// `os._exit(n)`: ends the process at once, flushing nothing (as CPython).
fn exit_now<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_exit", 1, 1)?;
    let code = vm.int_i64(&args.pos[0])?;
    crate::vm::schedule::write_stats_at_exit();
    std::process::exit(code as i32)
}
