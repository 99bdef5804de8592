//! The `sys` module: argv, exit, reference counts, the recursion limit, the standard streams,
//! version information.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("exit", exit),
        ("getrefcount", getrefcount),
        ("getrecursionlimit", getrecursionlimit),
        ("setrecursionlimit", setrecursionlimit),
        ("exc_info", exc_info),
        ("_getframe", getframe),
        ("intern", intern),
        ("getsizeof", crate::builtins::own_slots::getsizeof),
        ("_is_gil_enabled", is_gil_enabled),
        ("setswitchinterval", setswitchinterval),
        ("getswitchinterval", getswitchinterval),
        ("get_asyncgen_hooks", get_asyncgen_hooks),
        ("set_asyncgen_hooks", set_asyncgen_hooks),
        ("get_int_max_str_digits", get_int_max_str_digits),
        ("set_int_max_str_digits", set_int_max_str_digits),
        ("exception", exception),
        ("excepthook", excepthook),
        ("__getattr__", lazy_attr),
        ("__dir__", dir),
        ("_interpreter_flags", interpreter_flags),
        ("_builtin_module_names", builtin_module_names),
    ];
    super::add_functions(vm, m, functions);
    // `sys.__excepthook__` is the very object `sys.excepthook` starts as.
    if let Ok(hook) = vm.get_attr_str(&Value::Obj(m.clone()), "excepthook") {
        vm.set_module_attr(m, "__excepthook__", hook);
    }
    if R::RACY_COUNTS {
        super::add_functions(vm, m, &[("_refcount_errors", refcount_errors)]);
    }
    let argv: Vec<Value<R>> = vm
        .interp
        .options
        .argv
        .iter()
        .map(|a| vm.new_str(a.as_str()))
        .collect();
    let argv = vm.new_list(argv);
    vm.set_module_attr(m, "argv", argv);
    let path: Vec<Value<R>> = vm
        .interp
        .options
        .sys_path
        .iter()
        .map(|p| vm.new_str(p.as_str()))
        .collect();
    let path = vm.new_list(path);
    vm.set_module_attr(m, "path", path);
    vm.set_module_attr(m, "modules", Value::Obj(vm.interp.modules.clone()));
    let options = &vm.interp.options;
    let warnoptions: Vec<Value<R>> = options
        .warnoptions
        .iter()
        .map(|w| vm.new_str(w.as_str()))
        .collect();
    vm.set_module_attr(m, "warnoptions", vm.new_list(warnoptions));
    let mut xoptions = crate::objects::DictMap::default();
    for x in &options.xoptions {
        let (key, value) = match x.split_once('=') {
            Some((k, v)) => (k, vm.new_str(v)),
            None => (x.as_str(), Value::Bool(true)),
        };
        xoptions.insert(vm.str_key(key), value);
    }
    vm.set_module_attr(m, "_xoptions", vm.new_dict(xoptions));
    let dont_write = vm.interp.options.dont_write_bytecode;
    vm.set_module_attr(m, "dont_write_bytecode", Value::Bool(dont_write));
    vm.set_module_attr(
        m,
        "version",
        vm.new_str(format!("3.11.0 (minipy {})", env!("CARGO_PKG_VERSION"))),
    );
    // CPython's names: "linux", "darwin", "win32".
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        os => os,
    };
    vm.set_module_attr(m, "platform", vm.new_str(platform));
    vm.set_module_attr(m, "maxsize", Value::Int(i64::MAX));
    vm.set_module_attr(m, "byteorder", vm.new_str("little"));
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    vm.set_module_attr(m, "executable", vm.new_str(exe));
    // The standard streams are file objects; `__stdout__` and friends are the same objects.
    for (name, fd) in [("stdin", 0u8), ("stdout", 1), ("stderr", 2)] {
        let stream = crate::builtins::file::std_stream(vm, fd);
        vm.set_module_attr(m, &format!("__{name}__"), stream.clone());
        vm.set_module_attr(m, name, stream);
    }
    true
}

fn exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("exit", 0, 1)?;
    let class = vm.types().exception(ExcKind::SystemExit).clone();
    match vm.new_exception_object(&class, args.pos) {
        Value::Obj(o) => Err(PyErr::Object(o)),
        _ => Err(PyErr::new(ExcKind::SystemExit, "")),
    }
}

fn getrefcount<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getrefcount", 1, 1)?;
    Ok(Value::Int(match &args.pos[0] {
        // The argument itself holds one of the counted references, as in CPython.
        Value::Obj(o) => o.ref_count() as i64,
        // Immediates are not counted objects; CPython 3.12+ reports immortal ones this way.
        _ => u32::MAX as i64,
    }))
}

/// `sys._refcount_errors()` (`--no-gil --racy-refcounts` only): the reference-count updates
/// lost so far and the objects that would have been freed while in use or leaked, as a dict.
fn refcount_errors<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_refcount_errors", 0, 0)?;
    let e = crate::objects::racy::errors();
    let listed = |vm: &Vm<R>, objects: &[crate::objects::racy::Described]| {
        let items = objects
            .iter()
            .map(|d| {
                let fields = [&d.type_name, &d.repr, &d.detail];
                vm.new_tuple(fields.iter().map(|f| vm.new_str(f.as_str())).collect())
            })
            .collect();
        vm.new_list(items)
    };
    let count = |n: u64| Value::Int(n.min(i64::MAX as u64) as i64);
    let mut map = crate::objects::DictMap::default();
    map.insert(vm.str_key("lost_updates"), count(e.lost_updates));
    map.insert(
        vm.str_key("freed_in_use_count"),
        count(e.freed_in_use_count),
    );
    map.insert(vm.str_key("freed_in_use"), listed(vm, &e.freed_in_use));
    map.insert(vm.str_key("leaked_count"), count(e.leaked_count));
    map.insert(vm.str_key("leaked"), listed(vm, &e.leaked));
    Ok(vm.new_dict(map))
}

fn getrecursionlimit<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(vm.interp.recursion_limit() as i64))
}

/// `sys._getframe(depth=0)`: the frame object `depth` calls out from the caller.
fn getframe<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("_getframe")?;
    args.check_count("_getframe", 0, 1)?;
    let depth = match args.pos.first() {
        None => 0,
        Some(Value::Int(n)) => *n,
        Some(Value::Bool(b)) => i64::from(*b),
        Some(v) => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            )))
        }
    };
    vm.frame_object(depth.max(0) as usize)
}

fn setrecursionlimit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setrecursionlimit", 1, 1)?;
    let n = match &args.pos[0] {
        Value::Int(n) => *n,
        v => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            )))
        }
    };
    if n < 1 {
        return Err(PyErr::value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    if (n as usize) <= vm.depth {
        return Err(PyErr::new(
            ExcKind::RecursionError,
            format!("cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low", vm.depth),
        ));
    }
    vm.interp
        .recursion_limit
        .store(n as usize, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::None)
}

/// `sys._is_gil_enabled()`: whether this run uses the GIL runtime (false under `--no-gil`).
fn is_gil_enabled<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(!R::FREE_THREADED))
}

/// `sys.setswitchinterval(seconds)`: maps CPython's seconds to the eval loop's switch points.
pub fn setswitchinterval<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setswitchinterval", 1, 1)?;
    let s = match &args.pos[0] {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        v => {
            return Err(PyErr::type_error(format!(
                "must be real number, not {}",
                vm.type_name(v)
            )))
        }
    };
    if s <= 0.0 {
        return Err(PyErr::value_error(
            "switch interval must be strictly positive",
        ));
    }
    vm.interp
        .gil
        .set_switch_interval(crate::vm::gil::seconds_to_instructions(s));
    Ok(Value::None)
}

fn getswitchinterval<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Float(crate::vm::gil::instructions_to_seconds(
        vm.interp.gil.switch_interval(),
    )))
}

fn exc_info<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let items = match vm.handling.clone() {
        Some(e) => {
            let class = Value::Obj(vm.types().class_of(&e).clone());
            let tb = vm.traceback_of(&e);
            vec![class, e, tb]
        }
        None => vec![Value::None, Value::None, Value::None],
    };
    Ok(vm.new_tuple(items))
}

/// `sys.intern(s)`: the one str with this text kept for the interpreter's life (the first
/// str interned with it, or the name the compiler interned), so `is` holds between them.
fn intern<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sys.intern", 1, 1)?;
    let s = &args.pos[0];
    let class = vm.types().class_of(s).clone();
    let str_class = vm.types().str_.clone();
    if !class.ptr_eq(&str_class) {
        let subclass =
            matches!(class.kind(), ObjKind::Class(c) if c.is_subclass_of(&class, &str_class));
        return Err(PyErr::type_error(if subclass {
            format!("can't intern {}", vm.type_name(s))
        } else {
            format!("intern() argument must be str, not {}", vm.type_name(s))
        }));
    }
    let Some(text) = s.as_str() else {
        return Err(PyErr::type_error("intern() argument must be str"));
    };
    Ok(vm.intern_value(text, s))
}

/// `sys.get_asyncgen_hooks()`: this thread's hooks, as a `sys.asyncgen_hooks` (a named
/// pair, the bundled `_asyncgen_hooks`).
fn get_asyncgen_hooks<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_asyncgen_hooks", 0, 0)?;
    let module = vm.import_module("_asyncgen_hooks")?;
    let class = vm.get_attr(&module, &vm.str_key("asyncgen_hooks"))?;
    let [firstiter, finalizer] = vm.asyncgen_hooks.clone();
    vm.call(&class, vec![firstiter, finalizer], Vec::new())
}

/// `sys.set_asyncgen_hooks(firstiter=..., finalizer=...)`: each given hook (a callable, or
/// None to unset it) replaces this thread's; both are checked before either is set.
fn set_asyncgen_hooks<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let firstiter = args.take_kw("firstiter");
    let finalizer = args.take_kw("finalizer");
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "set_asyncgen_hooks() got an unexpected keyword argument '{}'",
            k.as_str().unwrap_or("?")
        )));
    }
    if args.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "set_asyncgen_hooks() takes at most 2 arguments ({} given)",
            args.pos.len()
        )));
    }
    let mut pos = args.pos.into_iter();
    let hooks = [pos.next().or(firstiter), pos.next().or(finalizer)];
    for (hook, name) in hooks.iter().zip(["firstiter", "finalizer"]) {
        if let Some(h) = hook {
            if !h.is_none() && !crate::builtins::is_callable(vm, h) {
                return Err(PyErr::type_error(format!(
                    "callable {name} expected, got {}",
                    vm.type_name(h)
                )));
            }
        }
    }
    for (slot, hook) in hooks.into_iter().enumerate() {
        if let Some(h) = hook {
            let old = std::mem::replace(&mut vm.asyncgen_hooks[slot], h);
            drop(old);
        }
    }
    Ok(Value::None)
}
/// The names `sys` makes on first use, from the bundled `_sysinfo` module (`version_info`,
/// `flags`, `float_info`, ...): most programs never read them, and building them would cost
/// every start-up.
const LAZY_NAMES: &[&str] = &[
    "abiflags",
    "addaudithook",
    "api_version",
    "audit",
    "base_exec_prefix",
    "base_prefix",
    "breakpointhook",
    "__breakpointhook__",
    "builtin_module_names",
    "call_tracing",
    "copyright",
    "displayhook",
    "__displayhook__",
    "exec_prefix",
    "flags",
    "float_info",
    "float_repr_style",
    "get_coroutine_origin_tracking_depth",
    "getallocatedblocks",
    "getdefaultencoding",
    "getdlopenflags",
    "getfilesystemencodeerrors",
    "getfilesystemencoding",
    "getprofile",
    "gettrace",
    "hash_info",
    "hexversion",
    "implementation",
    "int_info",
    "is_finalizing",
    "maxunicode",
    "meta_path",
    "orig_argv",
    "path_hooks",
    "path_importer_cache",
    "platlibdir",
    "prefix",
    "pycache_prefix",
    "set_coroutine_origin_tracking_depth",
    "setdlopenflags",
    "setprofile",
    "settrace",
    "stdlib_module_names",
    "thread_info",
    "unraisablehook",
    "__unraisablehook__",
    "version_info",
];

/// `sys.__getattr__(name)`: the first read of a lazily made name imports `_sysinfo` and
/// copies all of them into `sys`; after that a missing name is simply missing (so
/// `del sys.breakpointhook` stays deleted).
fn lazy_attr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getattr__", 1, 1)?;
    let name = args.pos[0].as_str().unwrap_or("").to_string();
    if !LAZY_NAMES.contains(&name.as_str()) || vm.sys_modules_get("_sysinfo").is_some() {
        return Err(PyErr::new(
            ExcKind::AttributeError,
            format!("module 'sys' has no attribute '{name}'"),
        ));
    }
    let info = sysinfo_module(vm)?;
    vm.get_attr_str(&info, &name)
}

/// The `_sysinfo` module, imported on first use together with the copy of its names into
/// `sys`: every importer goes through here (`os.uname()` too), so `sys.version_info` and the
/// other lazy names exist whichever of them loaded `_sysinfo` first.
pub(super) fn sysinfo_module<R: Runtime>(vm: &mut Vm<R>) -> R0<R> {
    if let Some(info) = vm.sys_modules_get("_sysinfo") {
        return Ok(info);
    }
    let info = vm.import_module("_sysinfo")?;
    if let Some(Value::Obj(sys)) = vm.sys_modules_get("sys") {
        for lazy in LAZY_NAMES {
            let value = vm.get_attr_str(&info, lazy)?;
            vm.set_module_attr(&sys, lazy, value);
        }
    }
    Ok(info)
}

/// `dir(sys)`: the names made so far and those made on first use.
fn dir<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let mut names: Vec<String> = LAZY_NAMES.iter().map(|n| n.to_string()).collect();
    let sys = vm.sys_modules_get("sys");
    if let Some(ObjKind::Module(m)) = sys.as_ref().and_then(|s| s.kind()) {
        if let ObjKind::Dict(d) = m.dict.kind() {
            let d = d.lock::<R>();
            names.extend(
                d.keys()
                    .filter_map(|k| k.value.as_str().map(str::to_string)),
            );
        }
    }
    names.retain(|n| n != "__getattr__" && n != "__dir__");
    names.sort();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

/// What `sys.flags` is made from: (quiet, dont_write_bytecode, ignore_environment, isolated,
/// unbuffered).
fn interpreter_flags<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let o = &vm.interp.options;
    let has = |f: &str| Value::Bool(o.child_flags.iter().any(|c| c == f));
    let items = vec![
        Value::Bool(o.quiet),
        Value::Bool(o.dont_write_bytecode),
        has("-E"),
        has("-I"),
        has("-u"),
    ];
    Ok(vm.new_tuple(items))
}

fn get_int_max_str_digits<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_int_max_str_digits", 0, 0)?;
    Ok(Value::Int(crate::objects::int::max_str_digits() as i64))
}

/// `sys.set_int_max_str_digits(maxdigits)`: 0 lifts the limit; otherwise at least 640.
fn set_int_max_str_digits<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let keyword = args.take_kw("maxdigits");
    args.no_kwargs("set_int_max_str_digits")?;
    let given = match (args.pos.len(), keyword) {
        (0, Some(v)) => v,
        (1, None) => args.pos.remove(0),
        (0, None) => {
            return Err(PyErr::type_error(
                "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
            ))
        }
        (n, _) => {
            return Err(PyErr::type_error(format!(
                "set_int_max_str_digits() takes at most 1 argument ({n} given)"
            )))
        }
    };
    let n = match given {
        Value::Int(n) => n,
        Value::Bool(b) => b as i64,
        v => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(&v)
            )))
        }
    };
    let threshold = crate::objects::int::STR_DIGITS_CHECK_THRESHOLD as i64;
    if n != 0 && !(threshold..=i32::MAX as i64).contains(&n) {
        return Err(PyErr::value_error(format!(
            "maxdigits must be 0 or larger than {threshold}"
        )));
    }
    crate::objects::int::MAX_STR_DIGITS.store(n as usize, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::None)
}

/// `sys.exception()` (3.11): the exception being handled, or None.
fn exception<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("exception", 0, 0)?;
    Ok(vm.handling.clone().unwrap_or(Value::None))
}

/// `sys.excepthook(type, value, traceback)`: prints the exception and its traceback to
/// stderr, as the interpreter does for an uncaught one.
fn excepthook<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("excepthook")?;
    if args.pos.len() != 3 {
        return Err(PyErr::type_error(format!(
            "excepthook expected 3 arguments, got {}",
            args.pos.len()
        )));
    }
    let value = args.pos[1].clone();
    let text = if vm.exception_kind_of(&value).is_some() {
        crate::vm::traceback::format_exception(vm, &value)
    } else {
        // CPython prints a non-exception value as "TypeError: print_exception(): Exception
        // expected for value, X found".
        format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            vm.type_name(&value)
        )
    };
    crate::vm::io::write_stderr(&text);
    Ok(Value::None)
}

/// What `sys.builtin_module_names` is made from: the native modules, and `builtins`.
fn builtin_module_names<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let mut names: Vec<&str> = super::modules::<R>().iter().map(|(n, _)| *n).collect();
    names.push("builtins");
    names.sort_unstable();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_tuple(items))
}
