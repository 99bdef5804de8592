//! The `str` methods that look for substrings: the find family, prefix tests, splitting,
//! joining, partitioning, stripping and replacing. Positions are code points; ASCII text maps
//! them to byte offsets directly, other text converts at the edges of each search.

use super::{
    adjust_indices, clinic_args, is_space, keyword_args, legacy_args, receiver, slice_bound,
    StrObj, R0,
};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{alloc, Args, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// The `sub` argument of the find family: `must be str, not int`.
fn str_arg<'a, R: Runtime>(vm: &Vm<R>, v: &'a Value<R>) -> PyResult<&'a str, R> {
    v.as_str()
        .ok_or_else(|| PyErr::type_error(format!("must be str, not {}", vm.type_name(v))))
}

/// The receiver, the needle, and the window `start..end` in code points (start may exceed end)
/// of `find(sub[, start[, end]])` and its relatives.
fn find_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    name: &str,
) -> PyResult<(&'a StrObj, &'a str, usize, usize), R> {
    let s = receiver(vm, args, name)?;
    legacy_args(args, "str", name, 1, 3)?;
    let start = slice_bound(args.pos.get(2))?;
    let end = slice_bound(args.pos.get(3))?;
    let sub = str_arg(vm, &args.pos[1])?;
    let (start, end) = adjust_indices(start, end, s.char_len());
    Ok((s, sub, start, end))
}

/// The text between code points `start..end` (`start <= end`) and its byte offset.
fn window(s: &StrObj, start: usize, end: usize) -> (&str, usize) {
    let from = s.byte_offset(start);
    let to = if s.is_ascii() {
        end
    } else {
        from + s.as_str()[from..]
            .char_indices()
            .nth(end - start)
            .map_or(s.as_str().len() - from, |(i, _)| i)
    };
    (&s.as_str()[from..to], from)
}

/// `find`/`rfind` in code points, or `None`.
fn search<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    last: bool,
) -> PyResult<Option<usize>, R> {
    let (s, sub, start, end) = find_args(vm, args, name)?;
    if start > end {
        return Ok(None);
    }
    let (hay, base) = window(s, start, end);
    let found = if last { hay.rfind(sub) } else { hay.find(sub) };
    Ok(found.map(|at| s.chars_before(base + at)))
}

fn position<R: Runtime>(found: Option<usize>) -> R0<R> {
    Ok(Value::Int(found.map_or(-1, |i| i as i64)))
}

fn position_or_error<R: Runtime>(found: Option<usize>) -> R0<R> {
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(PyErr::value_error("substring not found")),
    }
}

pub(super) fn find<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position(search(vm, &args, "find", false)?)
}

pub(super) fn rfind<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position(search(vm, &args, "rfind", true)?)
}

pub(super) fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position_or_error(search(vm, &args, "index", false)?)
}

pub(super) fn rindex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position_or_error(search(vm, &args, "rindex", true)?)
}

pub(super) fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (s, sub, start, end) = find_args(vm, &args, "count")?;
    if start > end {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int((end - start + 1) as i64));
    }
    let (hay, _) = window(s, start, end);
    Ok(Value::Int(hay.matches(sub).count() as i64))
}

pub(super) fn startswith<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    affix_test(vm, &args, "startswith", |hay, p| hay.starts_with(p))
}

pub(super) fn endswith<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    affix_test(vm, &args, "endswith", |hay, p| hay.ends_with(p))
}

/// `startswith`/`endswith`: a str or a tuple of str, tested against the window.
fn affix_test<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    test: fn(&str, &str) -> bool,
) -> R0<R> {
    let s = receiver(vm, args, name)?;
    legacy_args(args, "str", name, 1, 3)?;
    let start = slice_bound(args.pos.get(2))?;
    let end = slice_bound(args.pos.get(3))?;
    let (start, end) = adjust_indices(start, end, s.char_len());
    let hay = if start > end {
        None
    } else {
        Some(window(s, start, end).0)
    };
    let arg = &args.pos[1];
    if let Some(p) = arg.as_str() {
        return Ok(Value::Bool(hay.is_some_and(|h| test(h, p))));
    }
    let Some(ObjKind::Tuple(options)) = arg.kind() else {
        return Err(PyErr::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            vm.type_name(arg)
        )));
    };
    for option in options.iter() {
        let Some(p) = option.as_str() else {
            return Err(PyErr::type_error(format!(
                "tuple for {name} must only contain str, not {}",
                vm.type_name(option)
            )));
        };
        if hay.is_some_and(|h| test(h, p)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let sep = receiver(vm, &args, "join")?;
    clinic_args(&args, 1, "str", "join", 1, 1)?;
    let iterable = &args.pos[1];
    // A list or tuple of str is joined in place, without first copying its items.
    let direct = match iterable.kind() {
        Some(ObjKind::List(l)) => join_strs(sep.as_str(), &l.lock::<R>()[..]),
        Some(ObjKind::Tuple(t)) => join_strs(sep.as_str(), t),
        _ => None,
    };
    if let Some(joined) = direct {
        return Ok(vm.new_str(joined?));
    }
    if !vm.is_iterable(iterable) {
        return Err(PyErr::type_error("can only join an iterable"));
    }
    let mut items = vm.collect(iterable)?;
    // Instances of str subclasses join as their str value.
    for item in items.iter_mut() {
        if item.as_str().is_none() {
            if let Some(base) = vm.builtin_base(item).filter(|b| b.as_str().is_some()) {
                *item = base;
            }
        }
    }
    if let Some(joined) = join_strs(sep.as_str(), &items) {
        return Ok(vm.new_str(joined?));
    }
    let (i, item) = items
        .iter()
        .enumerate()
        .find(|(_, item)| item.as_str().is_none())
        .unwrap_or((0, &items[0]));
    Err(PyErr::type_error(format!(
        "sequence item {i}: expected str instance, {} found",
        vm.type_name(item)
    )))
}

/// `sep.join(items)` when every item is a str (`None` otherwise). The size comes first, so a
/// result too large to allocate is a MemoryError before anything is built.
fn join_strs<R: Runtime>(sep: &str, items: &[Value<R>]) -> Option<PyResult<String, R>> {
    let mut size = sep.len().checked_mul(items.len().saturating_sub(1));
    for item in items {
        let len = item.as_str()?.len();
        size = size.and_then(|n| n.checked_add(len));
    }
    let mut out = match size
        .ok_or_else(alloc::memory_error)
        .and_then(alloc::string_with_capacity)
    {
        Ok(out) => out,
        Err(e) => return Some(Err(e)),
    };
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_str().unwrap_or(""));
    }
    Some(Ok(out))
}

/// The separator of `partition`/`rpartition`: a non-empty str.
fn separator<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    name: &str,
) -> PyResult<(&'a str, &'a str), R> {
    let s = receiver(vm, args, name)?;
    clinic_args(args, 1, "str", name, 1, 1)?;
    let sep = str_arg(vm, &args.pos[1])?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    Ok((s.as_str(), sep))
}

pub(super) fn partition<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (s, sep) = separator(vm, &args, "partition")?;
    let parts = match s.find(sep) {
        Some(at) => [&s[..at], sep, &s[at + sep.len()..]],
        None => [s, "", ""],
    };
    Ok(str_tuple(vm, parts))
}

pub(super) fn rpartition<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (s, sep) = separator(vm, &args, "rpartition")?;
    let parts = match s.rfind(sep) {
        Some(at) => [&s[..at], sep, &s[at + sep.len()..]],
        None => ["", "", s],
    };
    Ok(str_tuple(vm, parts))
}

fn str_tuple<R: Runtime>(vm: &Vm<R>, parts: [&str; 3]) -> Value<R> {
    let items = parts.iter().map(|p| vm.new_str(*p)).collect();
    vm.new_tuple(items)
}

/// `sep` and `maxsplit` of `split`/`rsplit`; `maxsplit` is `usize::MAX` for "no limit".
fn split_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    name: &str,
) -> PyResult<(&'a str, Option<String>, usize), R> {
    let s = receiver(vm, args, name)?;
    let params = keyword_args(args, name, &["sep", "maxsplit"])?;
    let sep = match &params[0] {
        None | Some(Value::None) => None,
        Some(v) => match v.as_str() {
            Some("") => return Err(PyErr::value_error("empty separator")),
            Some(sep) => Some(sep.to_string()),
            None => {
                return Err(PyErr::type_error(format!(
                    "must be str or None, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    let maxsplit = match &params[1] {
        None => -1,
        Some(v) => vm.index_i64(v)?,
    };
    let maxsplit = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    Ok((s.as_str(), sep, maxsplit))
}

fn str_list<R: Runtime>(vm: &Vm<R>, parts: Vec<&str>) -> Value<R> {
    let items = parts.into_iter().map(|p| vm.new_str(p)).collect();
    vm.new_list(items)
}

pub(super) fn split<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (s, sep, maxsplit) = split_args(vm, &args, "split")?;
    let parts = match &sep {
        Some(sep) => s.splitn(maxsplit.saturating_add(1), sep.as_str()).collect(),
        None => split_whitespace(s, maxsplit),
    };
    Ok(str_list(vm, parts))
}

pub(super) fn rsplit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (s, sep, maxsplit) = split_args(vm, &args, "rsplit")?;
    let mut parts: Vec<&str> = match &sep {
        Some(sep) => s
            .rsplitn(maxsplit.saturating_add(1), sep.as_str())
            .collect(),
        None => rsplit_whitespace(s, maxsplit),
    };
    parts.reverse();
    Ok(str_list(vm, parts))
}

/// `s.split()`: runs of whitespace separate words; leading and trailing whitespace is dropped,
/// except that after `maxsplit` splits the rest (minus leading whitespace) is one word.
fn split_whitespace(s: &str, maxsplit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars.next_if(|&(_, c)| is_space(c)).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        if out.len() == maxsplit {
            out.push(&s[start..]);
            break;
        }
        while chars.next_if(|&(_, c)| !is_space(c)).is_some() {}
        let stop = chars.peek().map_or(s.len(), |&(i, _)| i);
        out.push(&s[start..stop]);
    }
    out
}

/// `s.rsplit()`, words in reverse order.
fn rsplit_whitespace(s: &str, maxsplit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().rev().peekable();
    let mut end = s.len();
    loop {
        while let Some((i, _)) = chars.next_if(|&(_, c)| is_space(c)) {
            end = i;
        }
        if chars.peek().is_none() {
            break;
        }
        if out.len() == maxsplit {
            out.push(&s[..end]);
            break;
        }
        let mut start = end;
        while let Some((i, _)) = chars.next_if(|&(_, c)| !is_space(c)) {
            start = i;
        }
        out.push(&s[start..end]);
        end = start;
    }
    out
}

pub(super) fn splitlines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "splitlines")?.as_str();
    let params = keyword_args(&args, "splitlines", &["keepends"])?;
    let keepends = match &params[0] {
        None => false,
        Some(v) => vm.index_i64(v)? != 0,
    };
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut start = 0;
    while let Some((i, c)) = chars.next() {
        if !matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            continue;
        }
        let mut next = i + c.len_utf8();
        if c == '\r' && chars.next_if(|&(_, c)| c == '\n').is_some() {
            next += 1;
        }
        out.push(&s[start..if keepends { next } else { i }]);
        start = next;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    Ok(str_list(vm, out))
}

/// Which ends `strip` trims.
#[derive(Clone, Copy)]
enum Ends {
    Both,
    Left,
    Right,
}

pub(super) fn strip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "strip", Ends::Both)
}

pub(super) fn lstrip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "lstrip", Ends::Left)
}

pub(super) fn rstrip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "rstrip", Ends::Right)
}

fn strip_ends<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, ends: Ends) -> R0<R> {
    let s = receiver(vm, args, name)?.as_str();
    clinic_args(args, 1, "str", name, 0, 1)?;
    let chars = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => match v.as_str() {
            Some(chars) => Some(chars),
            None => return Err(PyErr::type_error(format!("{name} arg must be None or str"))),
        },
    };
    let strip_char = |c: char| match chars {
        None => is_space(c),
        Some(set) => set.contains(c),
    };
    let out = match ends {
        Ends::Both => s.trim_matches(strip_char),
        Ends::Left => s.trim_start_matches(strip_char),
        Ends::Right => s.trim_end_matches(strip_char),
    };
    if out.len() == s.len() {
        return Ok(args.pos[0].clone());
    }
    Ok(vm.new_str(out))
}

pub(super) fn removeprefix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    remove_affix(vm, &args, "removeprefix", |s, p| s.strip_prefix(p))
}

pub(super) fn removesuffix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    remove_affix(vm, &args, "removesuffix", |s, p| s.strip_suffix(p))
}

fn remove_affix<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    remove: for<'a> fn(&'a str, &str) -> Option<&'a str>,
) -> R0<R> {
    let s = receiver(vm, args, name)?.as_str();
    clinic_args(args, 1, "str", name, 1, 1)?;
    let affix = args.pos[1].as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{name}() argument must be str, not {}",
            vm.type_name(&args.pos[1])
        ))
    })?;
    match remove(s, affix) {
        Some(rest) if !affix.is_empty() => Ok(vm.new_str(rest)),
        _ => Ok(args.pos[0].clone()),
    }
}

pub(super) fn replace<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "replace")?.as_str();
    clinic_args(&args, 1, "str", "replace", 2, 3)?;
    let mut parts = [""; 2];
    for (n, part) in parts.iter_mut().enumerate() {
        let v = &args.pos[n + 1];
        *part = v.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "replace() argument {} must be str, not {}",
                n + 1,
                vm.type_name(v)
            ))
        })?;
    }
    let [old, new] = parts;
    let count = match args.pos.get(3) {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let out = match usize::try_from(count) {
        Ok(n) => s.replacen(old, new, n),
        Err(_) => s.replace(old, new),
    };
    // Unchanged text is the receiver itself, as CPython returns it.
    if out == s {
        return Ok(args.pos[0].clone());
    }
    Ok(vm.new_str(out))
}
