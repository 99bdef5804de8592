//! The methods of `str` and `bytes` (the object itself is `objects::str`): the method
//! tables, plus the argument parsing every method shares (receiver checks, CPython's three
//! styles of argument-count messages, integer and slice arguments). The methods themselves live
//! in `str/`: searching and splitting in `search`, case, predicates and padding in `text`,
//! encoding, translation and formatting in `convert`, and the `bytes` methods in `bytes`.

pub(super) mod bytes;
mod bytes_text;
mod convert;
mod search;
mod text;
pub(super) mod unicode_tables;

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, StrObj, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

/// The methods of `str`.
pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("count", search::count),
        ("endswith", search::endswith),
        ("find", search::find),
        ("index", search::index),
        ("rfind", search::rfind),
        ("rindex", search::rindex),
        ("startswith", search::startswith),
        ("join", search::join),
        ("partition", search::partition),
        ("rpartition", search::rpartition),
        ("split", search::split),
        ("rsplit", search::rsplit),
        ("splitlines", search::splitlines),
        ("strip", search::strip),
        ("lstrip", search::lstrip),
        ("rstrip", search::rstrip),
        ("removeprefix", search::removeprefix),
        ("removesuffix", search::removesuffix),
        ("replace", search::replace),
        ("capitalize", text::capitalize),
        ("casefold", text::casefold),
        ("lower", text::lower),
        ("swapcase", text::swapcase),
        ("title", text::title),
        ("upper", text::upper),
        ("isalnum", text::isalnum),
        ("isalpha", text::isalpha),
        ("isascii", text::isascii),
        ("isdecimal", text::isdecimal),
        ("isdigit", text::isdigit),
        ("isidentifier", text::isidentifier),
        ("islower", text::islower),
        ("isnumeric", text::isnumeric),
        ("isprintable", text::isprintable),
        ("isspace", text::isspace),
        ("istitle", text::istitle),
        ("isupper", text::isupper),
        ("center", text::center),
        ("ljust", text::ljust),
        ("rjust", text::rjust),
        ("zfill", text::zfill),
        ("expandtabs", text::expandtabs),
        ("encode", convert::encode),
        ("format", convert::format),
        ("format_map", convert::format_map),
        ("maketrans", convert::maketrans),
        ("translate", convert::translate),
    ]
}

/// The methods of `bytes`.
pub fn bytes_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    let mut methods = bytes::methods();
    methods.extend(bytes_text::methods());
    methods
}

/// `bytes.maketrans`, which `bytearray` shares.
pub fn bytes_maketrans<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    bytes_text::maketrans(vm, args)
}

/// The receiver of a `str` method (`args.pos[0]`), with CPython's errors when the method is
/// called unbound on something else (`str.lower(5)`).
fn receiver<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
) -> PyResult<&'a StrObj, R> {
    match args.pos.first().map(|v| (v, v.kind())) {
        Some((_, Some(ObjKind::Str(s)))) => Ok(s),
        Some((v, _)) => Err(descriptor_error(vm, "str", method, v)),
        None => Err(unbound_error("str", method)),
    }
}

fn unbound_error<R: Runtime>(ty: &str, method: &str) -> PyErr<R> {
    PyErr::type_error(format!("unbound method {ty}.{method}() needs an argument"))
}

fn descriptor_error<R: Runtime>(vm: &Vm<R>, ty: &str, method: &str, v: &Value<R>) -> PyErr<R> {
    PyErr::type_error(format!(
        "descriptor '{method}' for '{ty}' objects doesn't apply to a '{}' object",
        vm.type_name(v)
    ))
}

fn no_kwargs<R: Runtime>(args: &Args<R>, ty: &str, name: &str) -> PyResult<(), R> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{ty}.{name}() takes no keyword arguments"
        )))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A method without arguments (`s.lower()`): `str.lower() takes no arguments (1 given)`.
fn no_args<R: Runtime>(args: &Args<R>, ty: &str, name: &str) -> PyResult<(), R> {
    no_kwargs(args, ty, name)?;
    let n = args.pos.len().saturating_sub(1);
    if n == 0 {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "{ty}.{name}() takes no arguments ({n} given)"
        )))
    }
}

/// A positional-only method in CPython's argument-clinic style, `skip` values (the receiver)
/// not counted: `center expected at least 1 argument, got 0`.
fn clinic_args<R: Runtime>(
    args: &Args<R>,
    skip: usize,
    ty: &str,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(), R> {
    no_kwargs(args, ty, name)?;
    let n = args.pos.len().saturating_sub(skip);
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let msg = if min == 1 && max == 1 {
        format!("{ty}.{name}() takes exactly one argument ({n} given)")
    } else if min == max {
        format!("{name} expected {min} argument{}, got {n}", plural(min))
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            plural(min)
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            plural(max)
        )
    };
    Err(PyErr::type_error(msg))
}

/// The older style of the find family: `find() takes at least 1 argument (0 given)`.
fn legacy_args<R: Runtime>(
    args: &Args<R>,
    ty: &str,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(), R> {
    no_kwargs(args, ty, name)?;
    let n = args.pos.len().saturating_sub(1);
    if n < min {
        Err(PyErr::type_error(format!(
            "{name}() takes at least {min} argument{} ({n} given)",
            plural(min)
        )))
    } else if n > max {
        Err(PyErr::type_error(format!(
            "{name}() takes at most {max} argument{} ({n} given)",
            plural(max)
        )))
    } else {
        Ok(())
    }
}

/// The parameters of a method that takes them by position or by keyword (`split(sep=None,
/// maxsplit=-1)`), after the receiver. Missing ones come back as `None`.
fn keyword_args<R: Runtime>(
    args: &Args<R>,
    name: &str,
    params: &[&str],
) -> PyResult<Vec<Option<Value<R>>>, R> {
    let pos = args.pos.get(1..).unwrap_or(&[]);
    let given = pos.len() + args.kw.len();
    if given > params.len() {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most {} {}argument{} ({given} given)",
            params.len(),
            if pos.is_empty() { "keyword " } else { "" },
            plural(params.len())
        )));
    }
    let mut out: Vec<Option<Value<R>>> = params.iter().map(|_| None).collect();
    for (slot, v) in out.iter_mut().zip(pos) {
        *slot = Some(v.clone());
    }
    for (key, value) in &args.kw {
        let key = key.as_str().unwrap_or("");
        match params.iter().position(|p| *p == key) {
            None => {
                return Err(PyErr::type_error(format!(
                    "'{key}' is an invalid keyword argument for {name}()"
                )))
            }
            Some(i) if i < pos.len() => {
                return Err(PyErr::type_error(format!(
                    "argument for {name}() given by name ('{key}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(value.clone()),
        }
    }
    Ok(out)
}

/// An optional `start`/`end` argument of the find family: `None` or an int (huge ones clamp).
fn slice_bound<R: Runtime>(v: Option<&Value<R>>) -> PyResult<Option<i64>, R> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::Obj(o)) => match o.kind() {
            ObjKind::BigInt(b) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            })),
            _ => Err(bad_slice_bound()),
        },
        Some(_) => Err(bad_slice_bound()),
    }
}

fn bad_slice_bound<R: Runtime>() -> PyErr<R> {
    PyErr::type_error("slice indices must be integers or None or have an __index__ method")
}

/// CPython's `ADJUST_INDICES`: `start` and `end` (negative counting from the end) clipped to
/// `0..=len`, except that `start` may stay past `end` (the caller treats that as empty, which
/// differs from an empty window for an empty needle).
fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len_i = len as i64;
    let clip = |i: i64| {
        if i < 0 {
            (i.saturating_add(len_i)).max(0)
        } else {
            i
        }
    };
    let end = clip(end.unwrap_or(len_i)).min(len_i) as usize;
    let start = clip(start.unwrap_or(0)).min(len_i + 1) as usize;
    (start, end)
}

/// Whitespace as `str.isspace` and `str.split()` see it: Unicode White_Space plus the
/// information separators U+001C..U+001F (bidirectional class B or S).
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ')
    } else {
        c.is_whitespace()
    }
}
