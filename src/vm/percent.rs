//! printf-style `%` formatting: `str % args` (CPython's `PyUnicode_Format`) and
//! `bytes % args` / `bytearray % args` (`_PyBytes_FormatEx`). Fetching the arguments
//! (positional or `%(key)` from a mapping), `*` counts, converting each value the way CPython
//! does (`int()`-like for `%d`, `__index__` for `%x`, `__float__` for `%f`, `__bytes__` for
//! `%b`) and the TypeErrors about them are here; parsing and rendering are
//! `objects::format::percent`. A bytes format is handled as text with one char per byte
//! (latin-1), so both share the parser and the renderers.

use super::Vm;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::format::{self, PercentArg, PercentPiece};
use crate::objects::{int, ObjCell, ObjKind, Value};
use crate::vm::Runtime;
use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

/// Which `%` is running: text or bytes (the result of a bytes format is built as latin-1 text).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Str,
    Bytes,
}

impl<R: Runtime> Vm<R> {
    /// `fmt % args` for a str `fmt`.
    pub fn percent_format(&mut self, fmt: &Value<R>, args: &Value<R>) -> PyResult<Value<R>, R> {
        let text = fmt.as_str().unwrap_or("").to_string();
        let pieces = format::parse_percent(&text)?;
        let out = self.percent_render(&pieces, args, Target::Str)?;
        Ok(self.new_str(out))
    }

    /// `fmt % args` for a bytes or bytearray `fmt`; the result has `fmt`'s type.
    pub fn bytes_percent_format(
        &mut self,
        fmt: &Value<R>,
        args: &Value<R>,
    ) -> PyResult<Value<R>, R> {
        let (data, is_bytearray) = match fmt.kind() {
            Some(ObjKind::Bytes(b)) => (b.to_vec(), false),
            Some(ObjKind::ByteArray(b)) => (b.lock::<R>().clone(), true),
            _ => (Vec::new(), false),
        };
        let text = latin1(&data);
        let pieces = format::parse_percent_bytes(&text)?;
        let out = self.percent_render(&pieces, args, Target::Bytes)?;
        let bytes: Vec<u8> = out.chars().map(|c| c as u32 as u8).collect();
        Ok(if is_bytearray {
            Value::new_obj(ObjKind::ByteArray(ObjCell::new(bytes)))
        } else {
            Value::new_obj(ObjKind::Bytes(bytes.into_boxed_slice()))
        })
    }

    /// Walks the pieces, fetching each conversion's arguments as CPython does: a tuple gives
    /// them in order, anything else is the one argument; a mapping (not a tuple, str or bytes)
    /// answers `%(key)` and may go unused.
    fn percent_render(
        &mut self,
        pieces: &[PercentPiece],
        args: &Value<R>,
        target: Target,
    ) -> PyResult<String, R> {
        let mapping = self.percent_mapping(args, target);
        // A tuple subclass (a namedtuple) gives its items, as a tuple does.
        let base = self.builtin_base(args);
        let positional: Vec<Value<R>> = match base.as_ref().unwrap_or(args).kind() {
            Some(ObjKind::Tuple(t)) => t.to_vec(),
            _ => vec![args.clone()],
        };
        let mut next = 0usize;
        // After a `%(key)` conversion a plain one has nothing left to take (CPython's
        // argument index moves past the looked-up value).
        let mut after_key = false;
        let mut out = String::new();
        let take = |next: &mut usize| -> PyResult<Value<R>, R> {
            match positional.get(*next) {
                Some(v) => {
                    *next += 1;
                    Ok(v.clone())
                }
                None => Err(PyErr::type_error("not enough arguments for format string")),
            }
        };
        for piece in pieces {
            let spec = match piece {
                PercentPiece::Literal(s) => {
                    out.push_str(s);
                    continue;
                }
                PercentPiece::Spec(spec) => spec,
            };
            let star_width = match spec.width {
                Some(format::Count::Star) => Some(self.star_count(&take(&mut next)?)?),
                _ => None,
            };
            let star_prec = match spec.precision {
                Some(format::Count::Star) => Some(self.star_count(&take(&mut next)?)?),
                _ => None,
            };
            let arg = spec.resolve(star_width, star_prec)?;
            let value = match &spec.key {
                Some(k) => {
                    if !mapping {
                        return Err(PyErr::type_error("format requires a mapping"));
                    }
                    let key = match target {
                        Target::Str => self.new_str(k.as_str()),
                        Target::Bytes => {
                            let raw: Vec<u8> = k.chars().map(|c| c as u32 as u8).collect();
                            Value::new_obj(ObjKind::Bytes(raw.into_boxed_slice()))
                        }
                    };
                    after_key = true;
                    self.get_item(args, &key)?
                }
                None if after_key => {
                    return Err(PyErr::type_error("not enough arguments for format string"))
                }
                None => take(&mut next)?,
            };
            spec.check_conversion()?;
            let text = match target {
                Target::Str => self.percent_one(&value, &arg)?,
                Target::Bytes => self.bytes_percent_one(&value, &arg)?,
            };
            out.push_str(&text);
        }
        if next < positional.len() && !mapping {
            return Err(PyErr::type_error(match target {
                Target::Str => "not all arguments converted during string formatting",
                Target::Bytes => "not all arguments converted during bytes formatting",
            }));
        }
        Ok(out)
    }

    /// Whether `args` is taken as the mapping of `%(key)` conversions: it can be subscripted
    /// and is not a tuple, str (nor bytes, for a bytes format), as CPython decides.
    fn percent_mapping(&mut self, args: &Value<R>, target: Target) -> bool {
        let base = self.builtin_base(args);
        match base.as_ref().unwrap_or(args).kind() {
            Some(ObjKind::Tuple(_) | ObjKind::Str(_)) => false,
            Some(ObjKind::Bytes(_)) => target == Target::Str,
            Some(ObjKind::Dict(_) | ObjKind::List(_) | ObjKind::ByteArray(_)) => true,
            Some(ObjKind::Instance(_) | ObjKind::Native(_)) => {
                let key = self.static_key("__getitem__");
                let class = self.types().class_of(args).clone();
                self.lookup_type(&class, &key).is_some()
            }
            _ => false,
        }
    }

    /// A `*` width or precision: an int (or bool).
    fn star_count(&self, v: &Value<R>) -> PyResult<i64, R> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            _ => Err(PyErr::type_error("* wants int")),
        }
    }

    /// One conversion of a str format.
    fn percent_one(&mut self, v: &Value<R>, arg: &PercentArg) -> PyResult<String, R> {
        Ok(match arg.conversion {
            's' => {
                let s = self.to_str(v)?;
                format::percent_str(&s, arg)
            }
            'r' => {
                let s = self.repr(v)?;
                format::percent_str(&s, arg)
            }
            'a' => {
                let s = self.ascii(v)?;
                format::percent_str(&s, arg)
            }
            'c' => {
                let c = self.percent_char(v)?;
                format::percent_str(&c.to_string(), arg)
            }
            _ => self.percent_number(v, arg, Target::Str)?,
        })
    }

    /// One conversion of a bytes format, as latin-1 text.
    fn bytes_percent_one(&mut self, v: &Value<R>, arg: &PercentArg) -> PyResult<String, R> {
        Ok(match arg.conversion {
            's' | 'b' => {
                let data = self.percent_bytes_of(v)?;
                format::percent_str(&latin1(&data), arg)
            }
            'r' | 'a' => {
                let s = self.ascii(v)?;
                format::percent_str(&s, arg)
            }
            'c' => {
                let b = self.percent_byte(v)?;
                format::percent_str(&latin1(&[b]), arg)
            }
            _ => self.percent_number(v, arg, Target::Bytes)?,
        })
    }

    /// `%d %i %u %o %x %X %e %E %f %F %g %G` (the same for str and bytes).
    fn percent_number(
        &mut self,
        v: &Value<R>,
        arg: &PercentArg,
        target: Target,
    ) -> PyResult<String, R> {
        let conv = arg.conversion;
        Ok(match conv {
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                let n = self.percent_integer(v, conv)?;
                format::percent_int(&n, arg).map_err(PyErr::value_error)?
            }
            _ => {
                let f = self.percent_real(v, target)?;
                format::percent_float(f, arg)
            }
        })
    }

    /// The integer `%d` (as `int(v)`: floats truncate, `__int__` then `__index__`) or `%o %x
    /// %X` (ints and `__index__` only) formats; anything else is CPython's TypeError.
    fn percent_integer(&mut self, v: &Value<R>, conv: char) -> PyResult<BigInt, R> {
        let base = self.builtin_base(v);
        let plain = base.as_ref().unwrap_or(v);
        if let Some(n) = int::to_bigint(plain) {
            return Ok(n);
        }
        let decimal = matches!(conv, 'd' | 'i' | 'u');
        let message = format!(
            "%{conv} format: {} is required, not {}",
            if decimal {
                "a real number"
            } else {
                "an integer"
            },
            self.type_name(v)
        );
        let wrong = || PyErr::type_error(message.clone());
        if let Value::Float(f) = plain {
            if !decimal {
                return Err(wrong());
            }
            if f.is_nan() {
                return Err(PyErr::value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(PyErr::overflow("cannot convert float infinity to integer"));
            }
            return Ok(BigInt::from_f64(f.trunc()).unwrap_or_default());
        }
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            let hooks: &[&'static str] = if decimal {
                &["__int__", "__index__"]
            } else {
                &["__index__"]
            };
            for hook in hooks {
                if let Some(r) = self.call_special(v, hook, Vec::new())? {
                    return int::to_bigint(&r).ok_or_else(wrong);
                }
            }
        }
        Err(wrong())
    }

    /// The float `%e %f %g` format, as CPython's `PyFloat_AsDouble`: `__float__`, then
    /// `__index__`. Anything else is a TypeError, worded differently for bytes.
    fn percent_real(&mut self, v: &Value<R>, target: Target) -> PyResult<f64, R> {
        let base = self.builtin_base(v);
        let plain = base.as_ref().unwrap_or(v);
        if let Value::Float(f) = plain {
            return Ok(*f);
        }
        let big_to_f64 = |n: BigInt| match n.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(PyErr::overflow("int too large to convert to float")),
        };
        if let Some(n) = int::to_bigint(plain) {
            return big_to_f64(n);
        }
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            if let Some(r) = self.call_special(v, "__float__", Vec::new())? {
                return match r {
                    Value::Float(f) => Ok(f),
                    _ => Err(PyErr::type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        self.type_name(v),
                        self.type_name(&r)
                    ))),
                };
            }
            if let Some(r) = self.call_special(v, "__index__", Vec::new())? {
                if let Some(n) = int::to_bigint(&r) {
                    return big_to_f64(n);
                }
            }
        }
        Err(PyErr::type_error(match target {
            Target::Str => format!("must be real number, not {}", self.type_name(v)),
            Target::Bytes => format!("float argument required, not {}", self.type_name(v)),
        }))
    }

    /// An integer for `%c` (`__index__` allowed), or `None` for anything else.
    fn percent_char_code(&mut self, v: &Value<R>) -> PyResult<Option<BigInt>, R> {
        let base = self.builtin_base(v);
        if let Some(n) = int::to_bigint(base.as_ref().unwrap_or(v)) {
            return Ok(Some(n));
        }
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            if let Some(r) = self.call_special(v, "__index__", Vec::new())? {
                return Ok(int::to_bigint(&r));
            }
        }
        Ok(None)
    }

    /// `%c` of a str format: a one-character str or a code point.
    fn percent_char(&mut self, v: &Value<R>) -> PyResult<char, R> {
        let base = self.builtin_base(v);
        if let Some(s) = base.as_ref().unwrap_or(v).as_str() {
            let mut chars = s.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return Ok(c);
            }
            return Err(PyErr::type_error("%c requires int or char"));
        }
        match self.percent_char_code(v)? {
            Some(n) => n
                .to_u32()
                .and_then(char::from_u32)
                .ok_or_else(|| PyErr::overflow("%c arg not in range(0x110000)")),
            None => Err(PyErr::type_error("%c requires int or char")),
        }
    }

    /// `%c` of a bytes format: a bytes or bytearray of length 1, or an int in range(256).
    fn percent_byte(&mut self, v: &Value<R>) -> PyResult<u8, R> {
        let base = self.builtin_base(v);
        match base.as_ref().unwrap_or(v).kind() {
            Some(ObjKind::Bytes(b)) if b.len() == 1 => return Ok(b[0]),
            Some(ObjKind::ByteArray(b)) if b.lock::<R>().len() == 1 => return Ok(b.lock::<R>()[0]),
            _ => {}
        }
        let wrong = || PyErr::type_error("%c requires an integer in range(256) or a single byte");
        if matches!(
            base.as_ref().unwrap_or(v).kind(),
            Some(ObjKind::Bytes(_) | ObjKind::ByteArray(_))
        ) {
            return Err(wrong());
        }
        match self.percent_char_code(v)? {
            Some(n) => n
                .to_u8()
                .ok_or_else(|| PyErr::overflow("%c arg not in range(256)")),
            None => Err(wrong()),
        }
    }

    /// The bytes `%b` (and `%s`) writes: a bytes-like object's contents or `__bytes__()`.
    fn percent_bytes_of(&mut self, v: &Value<R>) -> PyResult<Vec<u8>, R> {
        let base = self.builtin_base(v);
        match base.as_ref().unwrap_or(v).kind() {
            Some(ObjKind::Bytes(b)) => return Ok(b.to_vec()),
            Some(ObjKind::ByteArray(b)) => return Ok(b.lock::<R>().clone()),
            _ => {}
        }
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            // The buffer exporters written in Python (memoryview, array.array).
            let name = self.type_name(v);
            if name == "memoryview" || name == "array" {
                let tobytes = self.get_attr_str(v, "tobytes")?;
                let r = self.call(&tobytes, Vec::new(), Vec::new())?;
                if let Some(ObjKind::Bytes(b)) = r.kind() {
                    return Ok(b.to_vec());
                }
            }
            if let Some(r) = self.call_special(v, "__bytes__", Vec::new())? {
                let rb = self.builtin_base(&r);
                return match rb.as_ref().unwrap_or(&r).kind() {
                    Some(ObjKind::Bytes(b)) => Ok(b.to_vec()),
                    _ => Err(PyErr::type_error(format!(
                        "__bytes__ returned non-bytes (type {})",
                        self.type_name(&r)
                    ))),
                };
            }
        }
        Err(PyErr::type_error(format!(
            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
            self.type_name(v)
        )))
    }
}

/// Bytes as text with one char per byte.
fn latin1(data: &[u8]) -> String {
    data.iter().map(|&b| b as char).collect()
}
