//! `_re`: the native half of the `re` module (`lib/re.py` is the rest). A pattern is parsed
//! here from Python's syntax (`re_parse.rs`) and matched by the `fancy-regex` crate, a
//! backtracking engine built on `regex` (backreferences, look-around, atomic groups).
//!
//! - `compile(pattern, flags)` -> `(engine, groups, [(name, index)], flags)`, or
//!   `(message, position)` for a bad pattern (`re.py` raises `re.error` with them);
//! - `match(engine, string, pos, endpos, mode)` -> the spans of one match as a flat tuple
//!   `(start0, end0, start1, end1, ...)` in characters (`-1` for a group that took no part), or
//!   `None`; `mode` is 0 search, 1 match (at `pos`), 2 fullmatch;
//! - `scan(engine, string, pos, endpos, limit)` -> such tuples for the successive matches
//!   that `finditer`, `findall`, `sub` and `split` see (at most `limit`, 0 for all), with
//!   CPython 3.7's rule for empty matches: one may follow a non-empty match directly, but no
//!   match may be empty at the position where the previous empty match was.
//!
//! Bytes patterns match bytes and bytearray byte by byte (the crate's ASCII bytes mode;
//! `re.py` hands a memoryview over as bytes). Positions in str are characters; the crate works in UTF-8 bytes, so
//! non-ASCII text has its offsets translated.

use super::re_parse::{parse, ReError};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use fancy_regex::{BytesMode, Regex, RegexBuilder, RegexInput};
use std::sync::OnceLock;

type R0<R> = PyResult<Value<R>, R>;
/// The byte spans of a match's groups (`None` for a group that took no part).
type Spans = Vec<Option<(usize, usize)>>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] =
        &[("compile", compile), ("match", match_at), ("scan", scan)];
    super::add_functions(vm, m, functions);
    true
}

/// A compiled pattern: the crate's regex, and variants made on first need.
struct Engine {
    source: String,
    bytes: bool,
    main: Regex,
    /// `(?:pattern)\z`, for `fullmatch`.
    full: OnceLock<Option<Regex>>,
    /// The pattern refusing empty matches, for the position after an empty match.
    non_empty: OnceLock<Option<Regex>>,
}

fn build(source: &str, bytes: bool, non_empty: bool) -> Result<Regex, String> {
    let mut b = RegexBuilder::new(source);
    if bytes {
        b.bytes_mode(BytesMode::Ascii);
    }
    if non_empty {
        b.find_not_empty(true);
    }
    b.backtrack_limit(50_000_000);
    // Python has no size limit: `\w{300}` (a large Unicode class, repeated) must compile.
    b.delegate_size_limit(1 << 28);
    b.build().map_err(|e| e.to_string())
}

impl Engine {
    fn full(&self) -> Option<&Regex> {
        self.full
            .get_or_init(|| build(&format!("(?:{})\\z", self.source), self.bytes, false).ok())
            .as_ref()
    }
    fn non_empty(&self) -> Option<&Regex> {
        self.non_empty
            .get_or_init(|| build(&self.source, self.bytes, true).ok())
            .as_ref()
    }
}

/// `compile(pattern, flags)`.
fn compile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (pattern, flags) = match args.pos.as_slice() {
        [p, f] => (p.clone(), int_arg(f)?),
        _ => return Err(PyErr::type_error("compile() takes 2 arguments")),
    };
    let (codes, bytes): (Vec<u32>, bool) = match pattern.kind() {
        Some(ObjKind::Str(s)) => (s.as_str().chars().map(|c| c as u32).collect(), false),
        Some(ObjKind::Bytes(b)) => (b.iter().map(|&x| x as u32).collect(), true),
        Some(ObjKind::ByteArray(b)) => (b.lock::<R>().iter().map(|&x| x as u32).collect(), true),
        _ => {
            return Err(PyErr::type_error(
                "first argument must be string or compiled pattern",
            ))
        }
    };
    let parsed = match parse(&codes, flags as u32, bytes) {
        Ok(p) => p,
        Err(ReError {
            msg,
            overflow: true,
            ..
        }) => return Err(PyErr::new(ExcKind::OverflowError, msg)),
        Err(ReError { msg, pos, .. }) => {
            let pos = pos.map_or(Value::None, |p| Value::Int(p as i64));
            return Ok(vm.new_tuple(vec![vm.new_str(msg), pos]));
        }
    };
    let main = match build(&parsed.regex, bytes, false) {
        Ok(r) => r,
        Err(e) => {
            let msg = format!("pattern not supported by the regular expression engine: {e}");
            return Ok(vm.new_tuple(vec![vm.new_str(msg), Value::None]));
        }
    };
    let class = vm.native_class("_Engine", "_re", &[]);
    let engine = Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(Engine {
            source: parsed.regex,
            bytes,
            main,
            full: OnceLock::new(),
            non_empty: OnceLock::new(),
        }),
    }));
    let names = parsed
        .names
        .iter()
        .map(|(n, g)| vm.new_tuple(vec![vm.new_str(n.as_str()), Value::Int(*g as i64)]))
        .collect();
    Ok(vm.new_tuple(vec![
        engine,
        Value::Int(parsed.groups as i64),
        vm.new_list(names),
        Value::Int(parsed.flags as i64),
    ]))
}

fn int_arg<R: Runtime>(v: &Value<R>) -> PyResult<i64, R> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err(PyErr::type_error("an integer is required")),
    }
}

fn engine_of<R: Runtime>(v: &Value<R>) -> PyResult<&Engine, R> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Engine>(),
        _ => None,
    }
    .ok_or_else(|| PyErr::type_error("expected a compiled pattern"))
}

/// The text searched, as bytes, with the map between its byte offsets and Python's
/// positions (characters for str; the same numbers for ASCII text and for bytes).
struct Haystack<'a> {
    bytes: std::borrow::Cow<'a, [u8]>,
    /// Byte offset of every character and of the end; empty when offsets are positions.
    offsets: Vec<usize>,
}

impl Haystack<'_> {
    fn len(&self) -> usize {
        if self.offsets.is_empty() {
            self.bytes.len()
        } else {
            self.offsets.len() - 1
        }
    }
    fn to_byte(&self, pos: usize) -> usize {
        if self.offsets.is_empty() {
            pos
        } else {
            self.offsets[pos]
        }
    }
    fn to_pos(&self, byte: usize) -> usize {
        if self.offsets.is_empty() {
            byte
        } else {
            self.offsets.binary_search(&byte).unwrap_or_else(|i| i)
        }
    }
}

fn haystack<'a, R: Runtime>(
    engine: &Engine,
    v: &'a Value<R>,
    vm: &Vm<R>,
) -> PyResult<Haystack<'a>, R> {
    let hay = match v.kind() {
        Some(ObjKind::Str(s)) => {
            if engine.bytes {
                return Err(PyErr::type_error(
                    "cannot use a bytes pattern on a string-like object",
                ));
            }
            let text = s.as_str();
            let offsets = if s.is_ascii() {
                Vec::new()
            } else {
                text.char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect()
            };
            Haystack {
                bytes: std::borrow::Cow::Borrowed(text.as_bytes()),
                offsets,
            }
        }
        Some(ObjKind::Bytes(b)) => bytes_hay(engine, std::borrow::Cow::Borrowed(b))?,
        Some(ObjKind::ByteArray(b)) => {
            bytes_hay(engine, std::borrow::Cow::Owned(b.lock::<R>().clone()))?
        }
        _ => {
            return Err(PyErr::type_error(format!(
                "expected string or bytes-like object, got '{}'",
                vm.type_name(v)
            )))
        }
    };
    Ok(hay)
}

fn bytes_hay<'a, R: Runtime>(
    engine: &Engine,
    b: std::borrow::Cow<'a, [u8]>,
) -> PyResult<Haystack<'a>, R> {
    if !engine.bytes {
        return Err(PyErr::type_error(
            "cannot use a string pattern on a bytes-like object",
        ));
    }
    Ok(Haystack {
        bytes: b,
        offsets: Vec::new(),
    })
}

/// `pos` and `endpos` clamped as CPython clamps them, in bytes.
fn bounds<R: Runtime>(
    hay: &Haystack,
    pos: &Value<R>,
    endpos: &Value<R>,
) -> PyResult<(usize, usize), R> {
    let n = hay.len() as i64;
    let p = int_arg(pos)?.clamp(0, n) as usize;
    let e = int_arg(endpos)?.clamp(0, n) as usize;
    Ok((hay.to_byte(p), hay.to_byte(e)))
}

/// One match attempt from byte `start` of `hay` (cut at `end`): the groups' byte spans.
fn run(re: &Regex, hay: &[u8], start: usize, anchored: bool) -> Result<Option<Spans>, String> {
    let input = RegexInput::new(hay).from_pos(start).anchored(anchored);
    match re.captures_input(input) {
        Ok(Some(c)) => Ok(Some(
            (0..c.len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        )),
        Ok(None) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

fn run_err<R: Runtime>(e: String) -> PyErr<R> {
    PyErr::new(
        ExcKind::RuntimeError,
        format!("regular expression matching failed: {e}"),
    )
}

fn spans_value<R: Runtime>(
    vm: &Vm<R>,
    hay: &Haystack,
    spans: &[Option<(usize, usize)>],
    groups: usize,
) -> Value<R> {
    let mut out = Vec::with_capacity(2 * groups);
    for i in 0..groups {
        match spans.get(i).copied().flatten() {
            Some((s, e)) => {
                out.push(Value::Int(hay.to_pos(s) as i64));
                out.push(Value::Int(hay.to_pos(e) as i64));
            }
            None => {
                out.push(Value::Int(-1));
                out.push(Value::Int(-1));
            }
        }
    }
    vm.new_tuple(out)
}

/// `match(engine, string, pos, endpos, mode)`.
fn match_at<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let [e, s, pos, endpos, mode] = args.pos.as_slice() else {
        return Err(PyErr::type_error("match() takes 5 arguments"));
    };
    let engine = engine_of(e)?;
    let hay = haystack(engine, s, vm)?;
    let (start, end) = bounds(&hay, pos, endpos)?;
    if start > end {
        return Ok(Value::None);
    }
    let mode = int_arg(mode)?;
    let re = if mode == 2 {
        match engine.full() {
            Some(r) => r,
            None => return Ok(Value::None),
        }
    } else {
        &engine.main
    };
    let groups = engine.main.captures_len();
    match run(re, &hay.bytes[..end], start, mode != 0).map_err(run_err)? {
        Some(spans) => Ok(spans_value(vm, &hay, &spans, groups)),
        None => Ok(Value::None),
    }
}

/// `scan(engine, string, pos, endpos, limit)`.
fn scan<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let [e, s, pos, endpos, limit] = args.pos.as_slice() else {
        return Err(PyErr::type_error("scan() takes 5 arguments"));
    };
    let engine = engine_of(e)?;
    let hay = haystack(engine, s, vm)?;
    let (mut at, end) = bounds(&hay, pos, endpos)?;
    let limit = int_arg(limit)?.max(0) as usize;
    let groups = engine.main.captures_len();
    let text = &hay.bytes[..end];
    let mut out = Vec::new();
    let mut after_empty = false;
    while at <= end && (limit == 0 || out.len() < limit) {
        let mut found = None;
        if after_empty {
            // No empty match here again: a non-empty one starting here, else search on
            // from the next character.
            if let Some(ne) = engine.non_empty() {
                found = run(ne, text, at, true).map_err(run_err)?;
            }
            if found.is_none() {
                if at >= end {
                    break;
                }
                at = next_char(&hay, at);
            }
        }
        if found.is_none() {
            found = run(&engine.main, text, at, false).map_err(run_err)?;
        }
        let Some(spans) = found else { break };
        let (s0, e0) = spans[0].unwrap_or((at, at));
        out.push(spans_value(vm, &hay, &spans, groups));
        after_empty = s0 == e0;
        at = e0;
    }
    Ok(vm.new_list(out))
}

fn next_char(hay: &Haystack, at: usize) -> usize {
    if hay.offsets.is_empty() {
        at + 1
    } else {
        let i = hay.to_pos(at);
        hay.offsets.get(i + 1).copied().unwrap_or(at + 1)
    }
}
