//! Code objects as bytes, for the bytecode cache (`vm::code_cache`): [`encode`] writes a code
//! object and the code objects among its constants, [`decode`] reads them back.
//!
//! Nothing here is written per instruction: an instruction is its tag (its position in the
//! declaration, [`Op::tag`]) and its operand, and [`Op::from_tag`] makes it back, so a new
//! instruction needs no change here. A cache file is only ever read by the build that wrote
//! it (the cache is keyed by the build's identity), yet every read is checked as if the bytes
//! were hostile: lengths against what is left, tags against the instruction set, and every
//! code object with [`Code::validate`], so a damaged file gives `None`, never a panic.

use super::{Code, CodeFlags, NameCaches, Op, Runtime};
use crate::objects::complex::Complex;
use crate::objects::{DictKey, ObjKind, Value};
use num_bigint::BigInt;
use std::sync::Arc;

/// Constant tags.
const NONE: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const BIG_INT: u8 = 5;
const COMPLEX: u8 = 6;
const STR: u8 = 7;
const BYTES: u8 = 8;
const ELLIPSIS: u8 = 9;
const TUPLE: u8 = 10;
const CODE: u8 = 11;

/// How deeply code objects and tuples may nest in a file (the compiler's own nesting is far
/// shallower; this only stops a damaged file from exhausting the stack).
const MAX_DEPTH: u32 = 400;

/// The bytes of `code`, or `None` if a constant is of a kind this format does not know (the
/// code is then simply not cached).
pub fn encode<R: Runtime>(code: &Code<R>) -> Option<Vec<u8>> {
    let mut w = Writer(Vec::with_capacity(4096));
    w.code(code)?;
    Some(w.0)
}

/// What decoding needs from the runtime: str values made as the compiler makes them
/// (identifiers interned), and dict keys for names.
pub struct Makers<'a, R: Runtime> {
    pub str_value: &'a dyn Fn(&str) -> Value<R>,
    pub str_key: &'a dyn Fn(&str) -> DictKey<R>,
}

/// The code object in `bytes` (its file name `filename`), or `None` if the bytes are not a
/// whole, valid encoding.
pub fn decode<R: Runtime>(bytes: &[u8], filename: &str, makers: &Makers<R>) -> Option<Code<R>> {
    let mut r = Reader {
        bytes,
        at: 0,
        filename: Arc::from(filename),
        makers,
    };
    let code = r.code(0)?;
    (r.at == bytes.len()).then_some(code)
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn strs(&mut self, v: &[Arc<str>]) {
        self.uint(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }

    fn code<R: Runtime>(&mut self, c: &Code<R>) -> Option<()> {
        self.str(&c.name);
        self.str(&c.qualname);
        self.uint(c.first_line.into());
        let f = c.flags;
        let flags = [
            f.varargs,
            f.varkw,
            f.generator,
            f.coroutine,
            f.async_generator,
            f.namespace,
        ];
        self.uint(flags.iter().rev().fold(0, |acc, &b| acc << 1 | b as u64));
        self.uint(c.argcount.into());
        self.uint(c.posonly_count.into());
        self.uint(c.kwonly_count.into());
        self.strs(&c.varnames);
        self.strs(&c.cellvars);
        self.strs(&c.freevars);
        self.uint(c.cell_args.len() as u64);
        for a in &c.cell_args {
            self.uint(a.map_or(0, |i| u64::from(i) + 1));
        }
        self.uint(c.consts.len() as u64);
        for v in &c.consts {
            self.constant(v)?;
        }
        self.uint(c.names.len() as u64);
        for n in &c.names {
            self.str(n.value.as_str()?);
        }
        if c.lines.len() != c.ops.len() || c.spans.len() != c.ops.len() {
            return None;
        }
        self.uint(c.ops.len() as u64);
        for op in &c.ops {
            self.uint(op.tag().into());
            self.uint(op.arg().unwrap_or(0).into());
        }
        let mut line = 0i64;
        for &l in &c.lines {
            self.int(i64::from(l) - line);
            line = l.into();
        }
        let mut start = 0i64;
        for &(s, e) in &c.spans {
            self.int(i64::from(s) - start);
            self.int(i64::from(e) - i64::from(s));
            start = s.into();
        }
        self.uint(c.max_stack.into());
        match &c.doc {
            None => self.uint(0),
            Some(d) => {
                self.uint(1);
                self.str(d);
            }
        }
        Some(())
    }

    fn constant<R: Runtime>(&mut self, v: &Value<R>) -> Option<()> {
        match v {
            Value::None => self.0.push(NONE),
            Value::Bool(false) => self.0.push(FALSE),
            Value::Bool(true) => self.0.push(TRUE),
            Value::Int(i) => {
                self.0.push(INT);
                self.int(*i);
            }
            Value::Float(f) => {
                self.0.push(FLOAT);
                self.0.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Obj(o) => match o.kind() {
                ObjKind::Str(s) => {
                    self.0.push(STR);
                    self.str(s.as_str());
                }
                ObjKind::BigInt(b) => {
                    self.0.push(BIG_INT);
                    self.bytes(&b.to_signed_bytes_le());
                }
                ObjKind::Complex(c) => {
                    self.0.push(COMPLEX);
                    self.0.extend_from_slice(&c.re.to_bits().to_le_bytes());
                    self.0.extend_from_slice(&c.im.to_bits().to_le_bytes());
                }
                ObjKind::Bytes(b) => {
                    self.0.push(BYTES);
                    self.bytes(b);
                }
                ObjKind::Singleton("Ellipsis") => self.0.push(ELLIPSIS),
                ObjKind::Tuple(items) => {
                    self.0.push(TUPLE);
                    self.uint(items.len() as u64);
                    for item in items.iter() {
                        self.constant(item)?;
                    }
                }
                ObjKind::Code(c) => {
                    self.0.push(CODE);
                    self.code(c)?;
                }
                _ => return None,
            },
        }
        Some(())
    }
}

struct Reader<'b, 'm, R: Runtime> {
    bytes: &'b [u8],
    at: usize,
    filename: Arc<str>,
    makers: &'m Makers<'m, R>,
}

impl<'b, R: Runtime> Reader<'b, '_, R> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn uint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    fn int(&mut self) -> Option<i64> {
        let n = self.uint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn raw(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let b = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(b)
    }

    fn bytes(&mut self) -> Option<&'b [u8]> {
        let n = self.count()?;
        self.raw(n)
    }

    fn str(&mut self) -> Option<&'b str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn arc_str(&mut self) -> Option<Arc<str>> {
        self.str().map(Arc::from)
    }

    fn strs(&mut self) -> Option<Vec<Arc<str>>> {
        self.list(|r| r.arc_str())
    }

    /// A count, then that many items read by `item`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(item(self)?);
        }
        Some(v)
    }

    fn f64(&mut self) -> Option<f64> {
        let b = self.raw(8)?;
        Some(f64::from_bits(u64::from_le_bytes(b.try_into().ok()?)))
    }

    fn code(&mut self, depth: u32) -> Option<Code<R>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let name = self.arc_str()?;
        let qualname = self.arc_str()?;
        let first_line = self.u32()?;
        let f = self.uint()?;
        if f >> 6 != 0 {
            return None;
        }
        let bit = |i: u32| f >> i & 1 == 1;
        let flags = CodeFlags {
            varargs: bit(0),
            varkw: bit(1),
            generator: bit(2),
            coroutine: bit(3),
            async_generator: bit(4),
            namespace: bit(5),
        };
        let argcount = self.u32()?;
        let posonly_count = self.u32()?;
        let kwonly_count = self.u32()?;
        let varnames = self.strs()?;
        let cellvars = self.strs()?;
        let freevars = self.strs()?;
        let slots = varnames.len();
        let cell_args = self.list(|r| match r.u32()?.checked_sub(1) {
            None => Some(None),
            Some(i) if (i as usize) < slots => Some(Some(i)),
            Some(_) => None,
        })?;
        let consts = self.list(|r| r.constant(depth + 1))?;
        let names = self.list(|r| r.str().map(|s| (r.makers.str_key)(s)))?;
        let ops = self.list(|r| Op::from_tag(r.u32()?, r.u32()?))?;
        let n = ops.len();
        let mut lines = Vec::with_capacity(n);
        let mut line = 0i64;
        for _ in 0..n {
            line = line.checked_add(self.int()?)?;
            lines.push(u32::try_from(line).ok()?);
        }
        let mut spans = Vec::with_capacity(n);
        let mut start = 0i64;
        for _ in 0..n {
            start = start.checked_add(self.int()?)?;
            let end = start.checked_add(self.int()?)?;
            spans.push((u32::try_from(start).ok()?, u32::try_from(end).ok()?));
        }
        let max_stack = self.u32()?;
        let doc = match self.byte()? {
            0 => None,
            1 => Some(self.arc_str()?),
            _ => return None,
        };
        let code = Code {
            name,
            qualname,
            filename: self.filename.clone(),
            first_line,
            flags,
            argcount,
            posonly_count,
            kwonly_count,
            varnames,
            cellvars,
            freevars,
            cell_args,
            consts,
            caches: NameCaches::new(names.len()),
            names,
            ops,
            lines,
            spans,
            max_stack,
            doc,
        };
        let counts_fit = (code.argcount + code.kwonly_count) as usize
            + usize::from(flags.varargs)
            + usize::from(flags.varkw)
            <= code.varnames.len()
            && code.posonly_count <= code.argcount;
        (counts_fit && code.validate()).then_some(code)
    }

    fn constant(&mut self, depth: u32) -> Option<Value<R>> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.byte()? {
            NONE => Value::None,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => Value::Int(self.int()?),
            FLOAT => Value::Float(self.f64()?),
            BIG_INT => {
                crate::objects::int::from_bigint(BigInt::from_signed_bytes_le(self.bytes()?))
            }
            COMPLEX => {
                let re = self.f64()?;
                let im = self.f64()?;
                Value::new_obj(ObjKind::Complex(Complex { re, im }))
            }
            STR => {
                let s = self.str()?;
                (self.makers.str_value)(s)
            }
            BYTES => Value::new_obj(ObjKind::Bytes(Box::from(self.bytes()?))),
            ELLIPSIS => Value::new_obj(ObjKind::Singleton("Ellipsis")),
            TUPLE => {
                let items = self.list(|r| r.constant(depth + 1))?;
                Value::new_obj(ObjKind::Tuple(items.into_boxed_slice()))
            }
            CODE => Value::new_obj(ObjKind::Code(Arc::new(self.code(depth + 1)?))),
            _ => return None,
        })
    }
}
