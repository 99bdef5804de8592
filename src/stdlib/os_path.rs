//! The `os.path` module (CPython's `posixpath`): joining, splitting and normalising paths as
//! strings, and the questions about the file system (`exists`, `isfile`, `getsize`, ...).
//! Registered as `os.path` and set as the `path` attribute of `os`.

use crate::builtins::oserror::from_io;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("join", join),
        ("split", split),
        ("splitext", splitext),
        ("basename", basename),
        ("dirname", dirname),
        ("normpath", normpath),
        ("abspath", abspath),
        ("realpath", realpath),
        ("relpath", relpath),
        ("isabs", isabs),
        ("expanduser", expanduser),
        ("exists", exists),
        ("lexists", lexists),
        ("isfile", isfile),
        ("isdir", isdir),
        ("islink", islink),
        ("getsize", getsize),
        ("getmtime", getmtime),
    ];
    super::add_functions(vm, m, functions);
    let constants = super::os_platform::CONSTANTS;
    for (name, value) in [("curdir", "."), ("pardir", ".."), ("extsep", ".")]
        .into_iter()
        .chain(constants.into_iter().filter(|(name, _)| *name != "name"))
    {
        vm.set_module_attr(m, name, vm.new_str(value));
    }
    super::os_path_more::init(vm, m);
    true
}

/// `os.fspath(v)` for a str or an object with `__fspath__` (a `pathlib.Path`, ...): the
/// path text; `None` for anything else.
pub fn fspath_text<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Option<String>, R> {
    if let Some(s) = v.as_str() {
        return Ok(Some(s.to_string()));
    }
    if !matches!(v.kind(), Some(ObjKind::Instance(_))) {
        return Ok(None);
    }
    let Some(text) = vm.call_special(v, "__fspath__", Vec::new())? else {
        return Ok(None);
    };
    match text.as_str() {
        Some(s) => Ok(Some(s.to_string())),
        None => Err(PyErr::type_error(format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            vm.type_name(v),
            vm.type_name(&text)
        ))),
    }
}

/// A path argument as a str (CPython's message names the function).
pub fn path_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, func: &str) -> PyResult<String, R> {
    match fspath_text(vm, v)? {
        Some(s) => Ok(s),
        None if func.is_empty() => Err(PyErr::type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(v)
        ))),
        None => {
            let accepted = match func {
                "listdir" => "string, bytes, os.PathLike, integer or None",
                "stat" | "chdir" => "string, bytes, os.PathLike or integer",
                _ => "string, bytes or os.PathLike",
            };
            Err(PyErr::type_error(format!(
                "{func}: path should be {accepted}, not {}",
                vm.type_name(v)
            )))
        }
    }
}

fn one_path<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<String, R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "{name}() takes 1 positional argument but {} were given",
            args.pos.len()
        )));
    }
    path_arg(vm, &args.pos[0], "")
}

pub fn join_paths(parts: &[String]) -> String {
    let mut path = parts.first().cloned().unwrap_or_default();
    for b in &parts[1..] {
        if b.starts_with('/') {
            path = b.clone();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(b);
        } else {
            path.push('/');
            path.push_str(b);
        }
    }
    path
}

fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("join")?;
    if args.pos.is_empty() {
        return Err(PyErr::type_error(
            "join() missing 1 required positional argument: 'a'",
        ));
    }
    let mut parts = Vec::with_capacity(args.pos.len());
    for (i, v) in args.pos.iter().enumerate() {
        match fspath_text(vm, v)? {
            None if i == 0 => {
                return Err(PyErr::type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    vm.type_name(v)
                )))
            }
            Some(s) => parts.push(s),
            None => {
                return Err(PyErr::type_error(format!(
                    "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                    vm.type_name(v)
                )))
            }
        }
    }
    Ok(vm.new_str(join_paths(&parts)))
}

/// `(head, tail)`: tail is everything after the last `/`.
pub fn split_path(p: &str) -> (String, String) {
    let i = p.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (head, tail) = p.split_at(i);
    let head = if !head.is_empty() && head.chars().any(|c| c != '/') {
        head.trim_end_matches('/')
    } else {
        head
    };
    (head.to_string(), tail.to_string())
}

fn split<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "split")?;
    let (head, tail) = split_path(&p);
    Ok(vm.new_tuple(vec![vm.new_str(head), vm.new_str(tail)]))
}

fn splitext<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "splitext")?;
    let sep = p.rfind('/').map(|i| i as i64).unwrap_or(-1);
    let (root, ext) = match p.rfind('.') {
        Some(dot) if dot as i64 > sep => {
            let start = (sep + 1) as usize;
            if p[start..dot].chars().any(|c| c != '.') {
                (p[..dot].to_string(), p[dot..].to_string())
            } else {
                (p.clone(), String::new())
            }
        }
        _ => (p.clone(), String::new()),
    };
    Ok(vm.new_tuple(vec![vm.new_str(root), vm.new_str(ext)]))
}

fn basename<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "basename")?;
    Ok(vm.new_str(split_path(&p).1))
}

fn dirname<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "dirname")?;
    Ok(vm.new_str(split_path(&p).0))
}

pub fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let initial = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else if path.starts_with('/') {
        1
    } else {
        0
    };
    let mut comps: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(comp);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let out = "/".repeat(initial) + &comps.join("/");
    if out.is_empty() {
        ".".to_string()
    } else {
        out
    }
}

fn normpath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "normpath")?;
    Ok(vm.new_str(normalize(&p)))
}

pub fn absolute<R: Runtime>(vm: &mut Vm<R>, p: &str) -> PyResult<String, R> {
    if p.starts_with('/') {
        return Ok(normalize(p));
    }
    let cwd = std::env::current_dir().map_err(|e| from_io(vm, &e, None))?;
    Ok(normalize(&join_paths(&[
        cwd.display().to_string(),
        p.to_string(),
    ])))
}

fn abspath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "abspath")?;
    let abs = absolute(vm, &p)?;
    Ok(vm.new_str(abs))
}

fn realpath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "realpath")?;
    let real = match std::fs::canonicalize(&p) {
        Ok(r) => r.display().to_string(),
        Err(_) => absolute(vm, &p)?,
    };
    Ok(vm.new_str(real))
}

fn relpath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("relpath")?;
    args.check_count("relpath", 1, 2)?;
    let p = path_arg(vm, &args.pos[0], "")?;
    if p.is_empty() {
        return Err(PyErr::value_error("no path specified"));
    }
    let start = match args.pos.get(1) {
        Some(v) if !v.is_none() => path_arg(vm, v, "")?,
        _ => ".".to_string(),
    };
    let start = absolute(vm, &start)?;
    let path = absolute(vm, &p)?;
    let start: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let common = start.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<String> = vec!["..".to_string(); start.len() - common];
    rel.extend(path[common..].iter().map(|s| s.to_string()));
    if rel.is_empty() {
        return Ok(vm.new_str("."));
    }
    Ok(vm.new_str(join_paths(&rel)))
}

fn isabs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "isabs")?;
    Ok(Value::Bool(p.starts_with('/')))
}

fn expanduser<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "expanduser")?;
    if !(p == "~" || p.starts_with("~/")) {
        return Ok(vm.new_str(p));
    }
    let Ok(home) = std::env::var("HOME") else {
        return Ok(vm.new_str(p));
    };
    let home = home.trim_end_matches('/');
    let out = format!("{}{}", if home.is_empty() { "/" } else { home }, &p[1..]);
    Ok(vm.new_str(out))
}

fn metadata<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
) -> PyResult<Option<std::fs::Metadata>, R> {
    let p = one_path(vm, args, name)?;
    Ok(std::fs::metadata(p).ok())
}

fn exists<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Bool(metadata(vm, &args, "exists")?.is_some()))
}

fn lexists<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "lexists")?;
    Ok(Value::Bool(std::fs::symlink_metadata(p).is_ok()))
}

fn isfile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Bool(
        metadata(vm, &args, "isfile")?.is_some_and(|m| m.is_file()),
    ))
}

fn isdir<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Bool(
        metadata(vm, &args, "isdir")?.is_some_and(|m| m.is_dir()),
    ))
}

fn islink<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = one_path(vm, &args, "islink")?;
    let link = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    Ok(Value::Bool(link))
}

fn stat_of<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
) -> PyResult<std::fs::Metadata, R> {
    let p = one_path(vm, args, name)?;
    std::fs::metadata(&p).map_err(|e| {
        let f = vm.new_str(p);
        from_io(vm, &e, Some(f))
    })
}

fn getsize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let m = stat_of(vm, &args, "getsize")?;
    Ok(Value::Int(m.len() as i64))
}

fn getmtime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let m = stat_of(vm, &args, "getmtime")?;
    Ok(Value::Float(super::os_platform::stat_fields(&m).times[1]))
}
