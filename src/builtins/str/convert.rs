//! The `str` methods that convert text: `encode`, `translate` and `maketrans`, `format` and
//! `format_map`, plus the pieces `bytes.decode` shares with `encode`.

use super::{clinic_args, keyword_args, receiver, R0};
use crate::builtins::codecs::{self, Codec};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, DictMap, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// A `str` argument named `param` of `name()`: `encode() argument 'errors' must be str, not int`.
pub(super) fn named_str_arg<'a, R: Runtime>(
    vm: &Vm<R>,
    v: &'a Option<Value<R>>,
    name: &str,
    param: &str,
    default: &'a str,
) -> PyResult<&'a str, R> {
    match v {
        None => Ok(default),
        Some(v) => v.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "{name}() argument '{param}' must be str, not {}",
                vm.type_name(v)
            ))
        }),
    }
}

pub(super) fn encode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "encode")?.as_str();
    let params = keyword_args(&args, "encode", &["encoding", "errors"])?;
    let encoding = named_str_arg(vm, &params[0], "encode", "encoding", "utf-8")?;
    let errors = named_str_arg(vm, &params[1], "encode", "errors", "strict")?;
    let codec = Codec::named(encoding)?;
    match codecs::encode(s, codec, errors) {
        Ok(data) => Ok(new_bytes(data)),
        Err(f) => {
            let object = args.pos[0].clone();
            Err(codecs::failure_error(vm, f, object))
        }
    }
}

pub(super) fn new_bytes<R: Runtime>(data: Vec<u8>) -> Value<R> {
    Value::new_obj(ObjKind::Bytes(data.into_boxed_slice()))
}

pub(super) fn format<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let template = receiver(vm, &args, "format")?.as_str().to_string();
    let mut pos = args.pos;
    pos.remove(0);
    let s = vm.str_format(&template, pos, args.kw)?;
    Ok(vm.new_str(s))
}

/// `s.format_map(mapping)`: the names the template uses are looked up in `mapping` with
/// `mapping[name]` (so `__missing__` and non-dict mappings work), then formatted as keywords.
pub(super) fn format_map<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let template = receiver(vm, &args, "format_map")?.as_str().to_string();
    clinic_args(&args, 1, "str", "format_map", 1, 1)?;
    let mapping = &args.pos[1];
    let mut kwargs: Vec<(Value<R>, Value<R>)> = Vec::new();
    for name in field_names(&template) {
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PyErr::value_error(
                "Format string contains positional fields",
            ));
        }
        if kwargs.iter().any(|(k, _)| k.as_str() == Some(name)) {
            continue;
        }
        let key = vm.new_str(name);
        let value = vm.get_item(mapping, &key)?;
        kwargs.push((key, value));
    }
    let s = vm.str_format(&template, Vec::new(), kwargs)?;
    Ok(vm.new_str(s))
}

/// The first name of every replacement field (`{name.attr[0]!r:spec}` -> `name`), nested fields
/// in format specs included; `{{` and `}}` are literal braces.
fn field_names(template: &str) -> Vec<&str> {
    let bytes = template.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                let start = i + 1;
                let len = template[start..]
                    .find(['.', '[', '!', ':', '}', '{'])
                    .unwrap_or(template.len() - start);
                names.push(&template[start..start + len]);
                i = start + len;
            }
            _ => i += 1,
        }
    }
    names
}

/// `str.maketrans(x[, y[, z]])`, a static method: registered like the others, so `args.pos`
/// are its arguments (a call through an instance passes the instance first).
pub(super) fn maketrans<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    clinic_args(&args, 0, "str", "maketrans", 1, 3)?;
    let mut table = DictMap::default();
    if args.pos.len() == 1 {
        let Some(ObjKind::Dict(d)) = args.pos[0].kind() else {
            return Err(PyErr::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        let entries: Vec<(Value<R>, Value<R>)> = d
            .lock::<R>()
            .iter()
            .map(|(k, v)| (k.value.clone(), v.clone()))
            .collect();
        for (key, value) in entries {
            let code = match (&key, key.as_str()) {
                (_, Some(s)) => {
                    let mut chars = s.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => Value::Int(c as i64),
                        _ => {
                            return Err(PyErr::value_error(
                                "string keys in translate table must be of length 1",
                            ))
                        }
                    }
                }
                (Value::Int(_) | Value::Bool(_), _) => key.clone(),
                _ if matches!(key.kind(), Some(ObjKind::BigInt(_))) => key.clone(),
                _ => {
                    return Err(PyErr::type_error(
                        "keys in translate table must be strings or integers",
                    ))
                }
            };
            let code = vm.make_key(code)?;
            table.insert(code, value);
        }
        return Ok(vm.new_dict(table));
    }
    for (n, v) in args.pos.iter().enumerate().skip(1) {
        if v.as_str().is_none() {
            return Err(PyErr::type_error(format!(
                "maketrans() argument {} must be str, not {}",
                n + 1,
                vm.type_name(v)
            )));
        }
    }
    let Some(from) = args.pos[0].as_str() else {
        return Err(PyErr::type_error(
            "first maketrans argument must be a string if there is a second argument",
        ));
    };
    let to = args.pos[1].as_str().unwrap_or("");
    if from.chars().count() != to.chars().count() {
        return Err(PyErr::value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (a, b) in from.chars().zip(to.chars()) {
        let key = vm.make_key(Value::Int(a as i64))?;
        table.insert(key, Value::Int(b as i64));
    }
    if let Some(delete) = args.pos.get(2).and_then(|v| v.as_str()) {
        for c in delete.chars() {
            let key = vm.make_key(Value::Int(c as i64))?;
            table.insert(key, Value::None);
        }
    }
    Ok(vm.new_dict(table))
}

/// `s.translate(table)`: each character's code point looked up in `table`; missing ones
/// (LookupError) stay, `None` deletes, an int or str replaces.
pub(super) fn translate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "translate")?.as_str();
    clinic_args(&args, 1, "str", "translate", 1, 1)?;
    let table = &args.pos[1];
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let code = Value::Int(c as i64);
        let mapped = match table.kind() {
            Some(ObjKind::Dict(d)) => {
                let key = vm.make_key(code)?;
                let found = d.lock::<R>().get(&key).cloned();
                found
            }
            _ => match vm.get_item(table, &code) {
                Ok(v) => Some(v),
                Err(e) => match vm.err_kind(&e) {
                    Some(ExcKind::LookupError | ExcKind::KeyError | ExcKind::IndexError) => None,
                    _ => return Err(e),
                },
            },
        };
        match mapped {
            None => out.push(c),
            Some(Value::None) => {}
            Some(Value::Int(n)) => match u32::try_from(n).ok().and_then(char::from_u32) {
                Some(m) => out.push(m),
                None => {
                    return Err(PyErr::value_error(
                        "character mapping must be in range(0x110000)",
                    ))
                }
            },
            Some(v) => match v.as_str() {
                Some(text) => out.push_str(text),
                None => {
                    return Err(PyErr::type_error(
                        "character mapping must return integer, None or str",
                    ))
                }
            },
        }
    }
    Ok(vm.new_str(out))
}
