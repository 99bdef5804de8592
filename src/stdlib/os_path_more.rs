//! The rest of `os.path`: the helpers that work on several paths at once (`commonprefix`,
//! `commonpath`), `expandvars`, the no-ops of a POSIX system (`normcase`, `splitdrive`) and the
//! other time and identity questions (`getatime`, `getctime`, `samefile`, `samestat`,
//! `sameopenfile`, `ismount`).

use super::os_path::path_arg;
use crate::builtins::oserror::from_io;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("commonprefix", commonprefix),
        ("commonpath", commonpath),
        ("expandvars", expandvars),
        ("normcase", normcase),
        ("splitdrive", splitdrive),
        ("getatime", getatime),
        ("getctime", getctime),
        ("samefile", samefile),
        ("samestat", samestat),
        ("sameopenfile", sameopenfile),
        ("ismount", ismount),
    ];
    super::add_functions(vm, m, functions);
    vm.set_module_attr(m, "altsep", Value::None);
    vm.set_module_attr(m, "defpath", vm.new_str("/bin:/usr/bin"));
    vm.set_module_attr(m, "supports_unicode_filenames", Value::Bool(false));
}

fn single<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<String, R> {
    args.no_kwargs(name)?;
    args.check_count(name, 1, 1)?;
    path_arg(vm, &args.pos[0], "")
}

/// The paths of an iterable argument, as text.
fn paths<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<String>, R> {
    let items = vm.collect(v)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(path_arg(vm, item, "")?);
    }
    Ok(out)
}

/// `commonprefix(list)`: the longest leading run of characters all the paths share (not
/// necessarily a whole path component).
fn commonprefix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("commonprefix")?;
    args.check_count("commonprefix", 1, 1)?;
    let items = vm.collect(&args.pos[0])?;
    if items.is_empty() {
        return Ok(vm.new_str(""));
    }
    if matches!(items[0].kind(), Some(ObjKind::List(_) | ObjKind::Tuple(_))) {
        // CPython compares lists and tuples item by item (a slice of the first comes back).
        let lists: Vec<Vec<Value<R>>> = items
            .iter()
            .map(|v| vm.collect(v))
            .collect::<Result<_, _>>()?;
        let mut n = lists.iter().map(Vec::len).min().unwrap_or(0);
        for list in &lists[1..] {
            let mut k = 0;
            while k < n && vm.eq(&lists[0][k], &list[k])? {
                k += 1;
            }
            n = k;
        }
        return Ok(vm.new_list(lists[0][..n].to_vec()));
    }
    let mut texts = Vec::with_capacity(items.len());
    for item in &items {
        texts.push(path_arg(vm, item, "")?);
    }
    let first: Vec<char> = texts[0].chars().collect();
    let mut n = first.len();
    for t in &texts[1..] {
        n = t
            .chars()
            .zip(&first[..n])
            .take_while(|(a, b)| a == *b)
            .count();
    }
    Ok(vm.new_str(first[..n].iter().collect::<String>()))
}

/// `commonpath(paths)`: the longest common sub-path, by whole components.
fn commonpath<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("commonpath")?;
    args.check_count("commonpath", 1, 1)?;
    let texts = paths(vm, &args.pos[0])?;
    if texts.is_empty() {
        return Err(PyErr::value_error("commonpath() arg is an empty sequence"));
    }
    let absolute = texts[0].starts_with('/');
    if texts.iter().any(|t| t.starts_with('/') != absolute) {
        return Err(PyErr::value_error("Can't mix absolute and relative paths"));
    }
    let split: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| {
            t.split('/')
                .filter(|c| !c.is_empty() && *c != ".")
                .collect()
        })
        .collect();
    let mut common = split[0].clone();
    for parts in &split[1..] {
        let n = common.iter().zip(parts).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    let prefix = if absolute { "/" } else { "" };
    Ok(vm.new_str(format!("{prefix}{}", common.join("/"))))
}

/// `expandvars(path)`: `$name` and `${name}` replaced by the environment's values; unknown
/// names and malformed references stay as written.
fn expandvars<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "expandvars")?;
    if !p.contains('$') {
        return Ok(vm.new_str(p));
    }
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(p.len());
    let mut rest = p.as_str();
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, written) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) if end > 0 => (&braced[..end], end + 2),
                _ => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            (&after[..end], end)
        };
        match std::env::var(name) {
            Ok(value) if !name.is_empty() => out.push_str(&value),
            _ => out.push_str(&rest[i..i + 1 + written]),
        }
        rest = &rest[i + 1 + written..];
    }
    out.push_str(rest);
    Ok(vm.new_str(out))
}

fn normcase<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "normcase")?;
    Ok(vm.new_str(p))
}

fn splitdrive<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "splitdrive")?;
    Ok(vm.new_tuple(vec![vm.new_str(""), vm.new_str(p)]))
}

fn metadata_of<R: Runtime>(
    vm: &mut Vm<R>,
    p: String,
    follow: bool,
) -> PyResult<std::fs::Metadata, R> {
    let md = if follow {
        std::fs::metadata(&p)
    } else {
        std::fs::symlink_metadata(&p)
    };
    md.map_err(|e| {
        let f = vm.new_str(p);
        from_io(vm, &e, Some(f))
    })
}

fn getatime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "getatime")?;
    let md = metadata_of(vm, p, true)?;
    Ok(Value::Float(super::os_platform::stat_fields(&md).times[0]))
}

fn getctime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "getctime")?;
    let md = metadata_of(vm, p, true)?;
    Ok(Value::Float(super::os_platform::stat_fields(&md).times[2]))
}

fn samefile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("samefile")?;
    args.check_count("samefile", 2, 2)?;
    let a = path_arg(vm, &args.pos[0], "stat")?;
    let b = path_arg(vm, &args.pos[1], "stat")?;
    let a = super::os_platform::stat_fields(&metadata_of(vm, a, true)?);
    let b = super::os_platform::stat_fields(&metadata_of(vm, b, true)?);
    // Same inode on the same device.
    Ok(Value::Bool(
        a.ints[1] == b.ints[1] && a.ints[2] == b.ints[2],
    ))
}

/// `samestat(s1, s2)`: whether two stat results are of one file (same inode and device).
fn samestat<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("samestat")?;
    args.check_count("samestat", 2, 2)?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    for field in ["st_ino", "st_dev"] {
        let x = vm.get_attr_str(a, field)?;
        let y = vm.get_attr_str(b, field)?;
        if !vm.eq(&x, &y)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `sameopenfile(fp1, fp2)`: whether two file descriptors are open on one file.
fn sameopenfile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("sameopenfile")?;
    args.check_count("sameopenfile", 2, 2)?;
    let os = vm.import_module("os")?;
    let fstat = vm.get_attr_str(&os, "fstat")?;
    let a = vm.call(&fstat, vec![args.pos[0].clone()], Vec::new())?;
    let b = vm.call(&fstat, vec![args.pos[1].clone()], Vec::new())?;
    samestat(
        vm,
        Args {
            pos: vec![a, b],
            kw: Vec::new(),
        },
    )
}

/// `ismount(path)`: a directory on another device than its parent, or the root.
fn ismount<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let p = single(vm, &args, "ismount")?;
    let Ok(md) = std::fs::symlink_metadata(&p) else {
        return Ok(Value::Bool(false));
    };
    if !md.is_dir() {
        return Ok(Value::Bool(false));
    }
    let parent = format!("{}/..", p.trim_end_matches('/'));
    let Ok(up) = std::fs::metadata(&parent) else {
        return Ok(Value::Bool(false));
    };
    let here = super::os_platform::stat_fields(&md);
    let up = super::os_platform::stat_fields(&up);
    Ok(Value::Bool(
        here.ints[2] != up.ints[2] || here.ints[1] == up.ints[1],
    ))
}
