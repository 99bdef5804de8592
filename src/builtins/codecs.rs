//! The text codecs of `str.encode`, `bytes.decode`, `str(b, enc)` and `bytearray(s, enc)`:
//! utf-8, ascii, latin-1, cp1252, utf-16 and utf-32 (with a byte-order mark, or `-le`/`-be`),
//! with the error handlers `strict`, `ignore`, `replace`, `backslashreplace` and (encoding)
//! `xmlcharrefreplace`. A failure is CPython's `UnicodeEncodeError`/`UnicodeDecodeError`, with
//! `encoding`, `object`, `start`, `end` and `reason`, and its text made from them.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Interp, Runtime, Vm};
use std::sync::Arc;

/// The codecs the built-in types know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Cp1252,
    /// utf-16: `None` reads a byte-order mark (little-endian without one) and writes one.
    Utf16(Option<Endian>),
    Utf32(Option<Endian>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Endian {
    Little,
    Big,
}

impl Codec {
    /// The codec called `name` (CPython's spellings and aliases), or `unknown encoding`.
    pub fn named<R: Runtime>(name: &str) -> PyResult<Codec, R> {
        let norm: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        Ok(match norm.as_str() {
            "utf8" | "u8" | "utf" | "cp65001" | "utf8ucs2" | "utf8ucs4" => Codec::Utf8,
            "ascii" | "usascii" | "646" | "us" | "ansix3.41968" | "ansix3.41986"
            | "ansix341968" | "cp367" | "csascii" | "ibm367" | "iso646us" | "iso646.irv1991"
            | "isoir6" => Codec::Ascii,
            "latin1" | "latin" | "l1" | "iso88591" | "88591" | "cp819" | "8859" | "iso8859"
            | "csisolatin1" | "ibm819" | "iso885911987" | "isoir100" => Codec::Latin1,
            "cp1252" | "1252" | "windows1252" => Codec::Cp1252,
            "utf16" | "u16" => Codec::Utf16(None),
            "utf16le" | "unicodelittleunmarked" => Codec::Utf16(Some(Endian::Little)),
            "utf16be" | "unicodebigunmarked" => Codec::Utf16(Some(Endian::Big)),
            "utf32" | "u32" => Codec::Utf32(None),
            "utf32le" => Codec::Utf32(Some(Endian::Little)),
            "utf32be" => Codec::Utf32(Some(Endian::Big)),
            _ => {
                return Err(PyErr::new(
                    ExcKind::LookupError,
                    format!("unknown encoding: {name}"),
                ))
            }
        })
    }

    /// The name errors give (`charmap` for the table-driven cp1252, as CPython's).
    pub fn error_name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Cp1252 => "charmap",
            Codec::Utf16(None) => "utf-16",
            Codec::Utf16(Some(Endian::Little)) => "utf-16-le",
            Codec::Utf16(Some(Endian::Big)) => "utf-16-be",
            Codec::Utf32(None) => "utf-32",
            Codec::Utf32(Some(Endian::Little)) => "utf-32-le",
            Codec::Utf32(Some(Endian::Big)) => "utf-32-be",
        }
    }
}

/// cp1252's characters for the bytes 0x80..0xa0 (0: undefined); the rest are latin-1's.
const CP1252_HIGH: [u16; 32] = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
    0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        n if n < 0x80 || (0xa0..0x100).contains(&n) => Some(n as u8),
        n => CP1252_HIGH
            .iter()
            .position(|&m| m as u32 == n && m != 0)
            .map(|i| 0x80 + i as u8),
    }
}

fn cp1252_char(b: u8) -> Option<char> {
    match b {
        0x80..=0x9f => match CP1252_HIGH[(b - 0x80) as usize] {
            0 => None,
            m => char::from_u32(m as u32),
        },
        _ => Some(b as char),
    }
}

/// What went wrong: an unknown handler, or the codec's failure over `start..end` (characters
/// when encoding, bytes when decoding).
pub enum Failure {
    Handler(String),
    Codec {
        encoding: &'static str,
        start: usize,
        end: usize,
        reason: &'static str,
    },
}

/// `\xe9`, `\u20ac` or `\U0001f600`, as codec errors spell a character.
pub fn escape_char(c: char) -> String {
    match c as u32 {
        n if n < 0x100 => format!("\\x{n:02x}"),
        n if n < 0x10000 => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

/// The code units of a utf-16 (`width` 2) or utf-32 (`width` 4) text as bytes in `endian`
/// order: little-endian after a byte-order mark when `endian` is `None`, as CPython writes.
fn units_out(endian: Option<Endian>, width: usize, units: impl Iterator<Item = u32>) -> Vec<u8> {
    let big = endian == Some(Endian::Big);
    let mut out = Vec::new();
    let mut put = |u: u32| {
        let bytes = if big {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        // A utf-16 unit is the low half of the word: its two bytes in the chosen order.
        let bytes = if big {
            &bytes[4 - width..]
        } else {
            &bytes[..width]
        };
        out.extend_from_slice(bytes);
    };
    if endian.is_none() {
        put(0xfeff);
    }
    units.for_each(put);
    out
}

/// `text` in `codec`, failures handled as `errors` says.
pub fn encode(text: &str, codec: Codec, errors: &str) -> Result<Vec<u8>, Failure> {
    let unit = |c: char| -> Option<u8> {
        match codec {
            Codec::Ascii => c.is_ascii().then_some(c as u8),
            Codec::Latin1 => ((c as u32) < 0x100).then_some(c as u32 as u8),
            _ => cp1252_byte(c),
        }
    };
    match codec {
        Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
        Codec::Utf16(endian) => {
            return Ok(units_out(endian, 2, text.encode_utf16().map(u32::from)));
        }
        Codec::Utf32(endian) => return Ok(units_out(endian, 4, text.chars().map(u32::from))),
        _ if text.is_ascii() => return Ok(text.as_bytes().to_vec()),
        _ => {}
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut at = 0;
    while at < chars.len() {
        if let Some(b) = unit(chars[at]) {
            out.push(b);
            at += 1;
            continue;
        }
        // The run of characters the codec cannot encode, handled together.
        let end = (at..chars.len())
            .find(|&i| unit(chars[i]).is_some())
            .unwrap_or(chars.len());
        match errors {
            "strict" => {
                return Err(Failure::Codec {
                    encoding: codec.error_name(),
                    start: at,
                    end,
                    reason: match codec {
                        Codec::Ascii => "ordinal not in range(128)",
                        Codec::Latin1 => "ordinal not in range(256)",
                        _ => "character maps to <undefined>",
                    },
                })
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', end - at)),
            "backslashreplace" => {
                for &c in &chars[at..end] {
                    out.extend(escape_char(c).bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &chars[at..end] {
                    out.extend(format!("&#{};", c as u32).bytes());
                }
            }
            other => return Err(Failure::Handler(other.to_string())),
        }
        at = end;
    }
    Ok(out)
}

/// `data` decoded with `codec`, failures handled as `errors` says.
pub fn decode(data: &[u8], codec: Codec, errors: &str) -> Result<String, Failure> {
    let mut d = Decoder {
        out: String::with_capacity(data.len()),
        data,
        errors,
        encoding: codec.error_name(),
    };
    match codec {
        Codec::Latin1 => return Ok(data.iter().map(|&b| b as char).collect()),
        Codec::Utf8 => d.utf8()?,
        Codec::Ascii | Codec::Cp1252 => {
            let reason = if codec == Codec::Ascii {
                "ordinal not in range(128)"
            } else {
                "character maps to <undefined>"
            };
            for (at, &b) in data.iter().enumerate() {
                let c = if codec == Codec::Ascii {
                    b.is_ascii().then_some(b as char)
                } else {
                    cp1252_char(b)
                };
                match c {
                    Some(c) => d.out.push(c),
                    None => d.fail(at, at + 1, reason)?,
                }
            }
        }
        Codec::Utf16(endian) => {
            let (endian, from) = match (endian, data) {
                (Some(e), _) => (e, 0),
                (None, [0xff, 0xfe, ..]) => (Endian::Little, 2),
                (None, [0xfe, 0xff, ..]) => (Endian::Big, 2),
                (None, _) => (Endian::Little, 0),
            };
            d.encoding = Codec::Utf16(Some(endian)).error_name();
            d.utf16(from, endian == Endian::Big)?;
        }
        Codec::Utf32(endian) => {
            let (endian, from) = match (endian, data) {
                (Some(e), _) => (e, 0),
                (None, [0xff, 0xfe, 0, 0, ..]) => (Endian::Little, 4),
                (None, [0, 0, 0xfe, 0xff, ..]) => (Endian::Big, 4),
                (None, _) => (Endian::Little, 0),
            };
            d.encoding = Codec::Utf32(Some(endian)).error_name();
            d.utf32(from, endian == Endian::Big)?;
        }
    }
    Ok(d.out)
}

struct Decoder<'a> {
    out: String,
    data: &'a [u8],
    errors: &'a str,
    encoding: &'static str,
}

impl Decoder<'_> {
    /// Undecodable `data[start..end]`, handled as the error handler says.
    fn fail(&mut self, start: usize, end: usize, reason: &'static str) -> Result<(), Failure> {
        match self.errors {
            "strict" => Err(Failure::Codec {
                encoding: self.encoding,
                start,
                end,
                reason,
            }),
            "ignore" => Ok(()),
            "replace" => {
                self.out.push('\u{fffd}');
                Ok(())
            }
            "backslashreplace" => {
                for &b in &self.data[start..end] {
                    self.out.push_str(&escape_char(b as char));
                }
                Ok(())
            }
            other => Err(Failure::Handler(other.to_string())),
        }
    }

    fn utf8(&mut self) -> Result<(), Failure> {
        let data = self.data;
        let mut at = 0;
        loop {
            match std::str::from_utf8(&data[at..]) {
                Ok(s) => {
                    self.out.push_str(s);
                    return Ok(());
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    let valid = std::str::from_utf8(&data[at..at + good]).unwrap_or_default();
                    self.out.push_str(valid);
                    let start = at + good;
                    let (end, reason) = match e.error_len() {
                        None => (data.len(), "unexpected end of data"),
                        Some(1) if matches!(data[start], 0x80..=0xc1 | 0xf5..=0xff) => {
                            (start + 1, "invalid start byte")
                        }
                        Some(n) => (start + n, "invalid continuation byte"),
                    };
                    self.fail(start, end, reason)?;
                    at = end;
                }
            }
        }
    }

    fn utf16(&mut self, from: usize, big: bool) -> Result<(), Failure> {
        let data = self.data;
        let unit = |i: usize| {
            let b = [data[i], data[i + 1]];
            if big {
                u16::from_be_bytes(b)
            } else {
                u16::from_le_bytes(b)
            }
        };
        let mut at = from;
        while at < data.len() {
            if at + 1 >= data.len() {
                self.fail(at, data.len(), "truncated data")?;
                break;
            }
            let u = unit(at);
            match u {
                0xd800..=0xdbff => {
                    if at + 3 >= data.len() {
                        self.fail(at, data.len(), "unexpected end of data")?;
                        break;
                    }
                    let low = unit(at + 2);
                    if (0xdc00..=0xdfff).contains(&low) {
                        let c = 0x10000 + (((u as u32) - 0xd800) << 10) + (low as u32 - 0xdc00);
                        self.out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        at += 4;
                    } else {
                        self.fail(at, at + 2, "illegal UTF-16 surrogate")?;
                        at += 2;
                    }
                }
                0xdc00..=0xdfff => {
                    self.fail(at, at + 2, "illegal encoding")?;
                    at += 2;
                }
                _ => {
                    self.out
                        .push(char::from_u32(u as u32).unwrap_or('\u{fffd}'));
                    at += 2;
                }
            }
        }
        Ok(())
    }

    fn utf32(&mut self, from: usize, big: bool) -> Result<(), Failure> {
        let data = self.data;
        let mut at = from;
        while at < data.len() {
            if at + 3 >= data.len() {
                self.fail(at, data.len(), "truncated data")?;
                break;
            }
            let b = [data[at], data[at + 1], data[at + 2], data[at + 3]];
            let n = if big {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            };
            match char::from_u32(n) {
                Some(c) => self.out.push(c),
                None if (0xd800..0xe000).contains(&n) => self.fail(
                    at,
                    at + 4,
                    "code point in surrogate code point range(0xd800, 0xe000)",
                )?,
                None => self.fail(at, at + 4, "code point not in range(0x110000)")?,
            }
            at += 4;
        }
        Ok(())
    }
}

/// `bytes(source, encoding, errors)` and `bytearray(...)`: a str source encoded (it needs an
/// encoding, and an encoding needs a str); `None` for any other source.
pub fn encode_arg<R: Runtime>(
    vm: &mut Vm<R>,
    name: &str,
    source: &Value<R>,
    encoding: Option<Value<R>>,
    errors: Option<Value<R>>,
) -> PyResult<Option<Vec<u8>>, R> {
    let Some(text) = source.as_str() else {
        return match (encoding, errors) {
            (None, None) => Ok(None),
            (Some(_), _) => Err(PyErr::type_error("encoding without a string argument")),
            (None, Some(_)) => Err(PyErr::type_error("errors without a string argument")),
        };
    };
    let Some(encoding) = encoding else {
        return Err(PyErr::type_error("string argument without an encoding"));
    };
    let str_arg = |v: &Value<R>, param: &str| -> PyResult<String, R> {
        v.as_str().map(str::to_string).ok_or_else(|| {
            PyErr::type_error(format!(
                "{name}() argument '{param}' must be str, not {}",
                vm.type_name(v)
            ))
        })
    };
    let enc = str_arg(&encoding, "encoding")?;
    let errors = match &errors {
        Some(e) => str_arg(e, "errors")?,
        None => "strict".to_string(),
    };
    let codec = Codec::named(&enc)?;
    match encode(text, codec, &errors) {
        Ok(data) => Ok(Some(data)),
        Err(f) => Err(failure_error(vm, f, source.clone())),
    }
}

/// The Python exception of a failure: `LookupError` for an unknown handler, else the
/// `UnicodeEncodeError` (`object` a str) or `UnicodeDecodeError` (`object` bytes).
pub fn failure_error<R: Runtime>(vm: &mut Vm<R>, f: Failure, object: Value<R>) -> PyErr<R> {
    let (encoding, start, end, reason) = match f {
        Failure::Handler(name) => {
            return PyErr::new(
                ExcKind::LookupError,
                format!("unknown error handler name '{name}'"),
            )
        }
        Failure::Codec {
            encoding,
            start,
            end,
            reason,
        } => (encoding, start, end, reason),
    };
    let kind = if object.as_str().is_some() {
        ExcKind::UnicodeEncodeError
    } else {
        ExcKind::UnicodeDecodeError
    };
    let class = vm.types().exception(kind).clone();
    let args = vec![
        vm.new_str(encoding),
        object,
        Value::Int(start as i64),
        Value::Int(end as i64),
        vm.new_str(reason),
    ];
    let exc = vm.new_exception_object(&class, args.clone());
    set_fields(vm, &exc, args);
    match exc {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::new(kind, reason),
    }
}

const FIELDS: [&str; 5] = ["encoding", "object", "start", "end", "reason"];

fn set_fields<R: Runtime>(vm: &Vm<R>, exc: &Value<R>, values: Vec<Value<R>>) {
    if let Some(ObjKind::Exception(e)) = exc.kind() {
        let keys: Vec<_> = FIELDS.iter().map(|n| vm.str_key(n)).collect();
        let mut st = e.state.lock::<R>();
        for (k, v) in keys.into_iter().zip(values) {
            st.dict.insert(k, v);
        }
    }
}

fn field<R: Runtime>(vm: &Vm<R>, this: &Value<R>, name: &str) -> Option<Value<R>> {
    match this.kind() {
        Some(ObjKind::Exception(e)) => e.state.lock::<R>().dict.get(&vm.str_key(name)).cloned(),
        _ => None,
    }
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)` (and the decode error's):
/// the arguments kept as the fields.
fn init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    let Some((this, rest)) = args.pos.split_first() else {
        return Ok(Value::None);
    };
    let decode = matches!(this.kind(), Some(ObjKind::Exception(e))
        if e.class.ptr_eq(vm.types().exception(ExcKind::UnicodeDecodeError))
            || class_is_decode(vm, &e.class));
    if rest.len() != 5 {
        return Err(PyErr::type_error(format!(
            "function takes exactly 5 arguments ({} given)",
            rest.len()
        )));
    }
    let want = |i: usize, ok: bool, what: &str| -> PyResult<(), R> {
        if ok {
            return Ok(());
        }
        Err(PyErr::type_error(format!(
            "argument {} must be {what}, not {}",
            i + 1,
            vm.type_name(&rest[i])
        )))
    };
    want(0, rest[0].as_str().is_some(), "str")?;
    if decode {
        let bytes = matches!(
            rest[1].kind(),
            Some(ObjKind::Bytes(_) | ObjKind::ByteArray(_))
        );
        if !bytes {
            return Err(PyErr::type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(&rest[1])
            )));
        }
    } else {
        want(1, rest[1].as_str().is_some(), "str")?;
    }
    want(2, matches!(rest[2], Value::Int(_)), "int")?;
    want(3, matches!(rest[3], Value::Int(_)), "int")?;
    want(4, rest[4].as_str().is_some(), "str")?;
    set_fields(vm, this, rest.to_vec());
    Ok(Value::None)
}

fn class_is_decode<R: Runtime>(vm: &Vm<R>, class: &ObjRef<R>) -> bool {
    let decode = vm.types().exception(ExcKind::UnicodeDecodeError);
    match class.kind() {
        ObjKind::Class(c) => c.mro.iter().any(|m| m.ptr_eq(decode)),
        _ => false,
    }
}

/// `'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`, from the fields.
fn str<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("__str__", 1, 1)?;
    let this = &args.pos[0];
    let (
        Some(encoding),
        Some(object),
        Some(Value::Int(start)),
        Some(Value::Int(end)),
        Some(reason),
    ) = (
        field(vm, this, "encoding"),
        field(vm, this, "object"),
        field(vm, this, "start"),
        field(vm, this, "end"),
        field(vm, this, "reason"),
    )
    else {
        return Ok(vm.new_str(""));
    };
    let encoding = vm.to_str(&encoding)?;
    let reason = vm.to_str(&reason)?;
    let (start, end) = (start.max(0) as usize, end.max(0) as usize);
    let text = match object.kind() {
        Some(ObjKind::Str(s)) => match s.as_str().chars().nth(start) {
            Some(c) if end == start + 1 => format!(
                "'{encoding}' codec can't encode character '{}' in position {start}: {reason}",
                escape_char(c)
            ),
            _ => format!(
                "'{encoding}' codec can't encode characters in position {start}-{}: {reason}",
                end.saturating_sub(1)
            ),
        },
        _ => {
            let byte = match object.kind() {
                Some(ObjKind::Bytes(b)) => b.get(start).copied(),
                Some(ObjKind::ByteArray(b)) => b.lock::<R>().get(start).copied(),
                _ => None,
            };
            match byte {
                Some(b) if end == start + 1 => format!(
                    "'{encoding}' codec can't decode byte 0x{b:02x} in position {start}: {reason}"
                ),
                _ => format!(
                    "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                    end.saturating_sub(1)
                ),
            }
        }
    };
    Ok(vm.new_str(text))
}

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let methods: [(&'static str, NativeFn<R>); 2] = [("__init__", init), ("__str__", str)];
    for kind in [ExcKind::UnicodeEncodeError, ExcKind::UnicodeDecodeError] {
        if let ObjKind::Class(c) = interp.types.exception(kind).kind() {
            c.dict.add_native_methods(&methods);
        }
    }
}
