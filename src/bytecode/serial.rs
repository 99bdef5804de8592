//! Code objects as bytes, for the bytecode cache (`vm::code_cache`): [`encode`] writes a code
//! object and the code objects among its constants, [`decode`] reads them back.
//!
//! A code object is its header (names, counts, flags, local variable names, stack depth,
//! docstring: what making a function and entering a call read) and then its body (constants,
//! names, instructions, lines, spans), preceded by the body's length. [`decode`] reads the
//! bodies of the module and of class bodies at once, and leaves each function's body where
//! it is: the function's code is a stub ([`LazyBody`]) whose one instruction, `DecodeBody`,
//! decodes the body when the function first runs (`Vm::decoded_body`). Importing a module
//! makes every function it defines, yet calls few of them: most bodies are never decoded.
//!
//! Nothing here is written per instruction: an instruction is its tag (its position in the
//! declaration, [`Op::tag`]) and its operand, and [`Op::from_tag`] makes it back, so a new
//! instruction needs no change here. A cache file is only ever read by the build that wrote
//! it (the cache is keyed by the build's identity), yet every read is checked as if the bytes
//! were hostile: lengths against what is left, tags against the instruction set, and every
//! code object with [`Code::validate`], so a damaged file gives `None`, never a panic.

use super::{Code, CodeFlags, NameCaches, Op, Positions, Runtime};
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
/// A frozenset: its table's size, then each key with its slot, so that it is read back with
/// the same layout and so the same iteration order.
const FROZENSET: u8 = 12;

/// How deeply code objects and tuples may nest in a file (the compiler's own nesting is far
/// shallower; this only stops a damaged file from exhausting the stack).
const MAX_DEPTH: u32 = 400;

/// The bytes of `code`, or `None` if a constant is of a kind this format does not know (the
/// code is then simply not cached), or if it holds a stub whose body was never decoded
/// (freshly compiled code has none).
pub fn encode<R: Runtime>(code: &Code<R>) -> Option<Vec<u8>> {
    let mut w = Writer {
        out: Vec::with_capacity(4096),
        strings: Default::default(),
        order: Vec::new(),
    };
    w.code(code)?;
    // The string table first: its length, each string's length, then their bytes.
    let body = std::mem::take(&mut w.out);
    let order = std::mem::take(&mut w.order);
    w.uint(order.len() as u64);
    for text in &order {
        w.uint(text.len() as u64);
    }
    for text in &order {
        w.out.extend_from_slice(text.as_bytes());
    }
    w.out.extend_from_slice(&body);
    Some(w.out)
}

/// What decoding needs from the runtime: str values made as the compiler makes them
/// (identifiers interned), and dict keys for names.
pub struct Makers<'a, R: Runtime> {
    pub str_value: &'a dyn Fn(&str) -> Value<R>,
    pub str_key: &'a dyn Fn(&str) -> DictKey<R>,
}

/// The code object in `payload[start..]` (its file name `filename`), or `None` if the bytes
/// are not a whole, valid encoding. Function bodies stay undecoded (see the module's doc);
/// they are checked when they are decoded.
pub fn decode<R: Runtime>(
    payload: Vec<u8>,
    start: usize,
    filename: &str,
    makers: &Makers<R>,
) -> Option<Code<R>> {
    decode_as(payload, start, filename, makers, true)
}

/// [`decode`] with every function body decoded at once.
#[cfg(test)]
pub fn decode_eagerly<R: Runtime>(
    payload: Vec<u8>,
    start: usize,
    filename: &str,
    makers: &Makers<R>,
) -> Option<Code<R>> {
    decode_as(payload, start, filename, makers, false)
}

/// [`decode`], with every function body decoded at once when `lazy` is false.
fn decode_as<R: Runtime>(
    payload: Vec<u8>,
    start: usize,
    filename: &str,
    makers: &Makers<R>,
    lazy: bool,
) -> Option<Code<R>> {
    // The string table: its length, each string's length, then their bytes.
    let mut at = start;
    let mut uint = || {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *payload.get(at)?;
            at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    };
    let n = usize::try_from(uint()?).ok()?;
    if n > payload.len() {
        return None;
    }
    let mut ranges = Vec::with_capacity(n);
    let mut total = 0usize;
    for _ in 0..n {
        let len = usize::try_from(uint()?).ok()?;
        let end = total.checked_add(len)?;
        ranges.push((u32::try_from(total).ok()?, u32::try_from(end).ok()?));
        total = end;
    }
    let end = at.checked_add(total)?;
    // One UTF-8 check for the whole table; each string is then cut out on char boundaries.
    let table = String::from(std::str::from_utf8(payload.get(at..end)?).ok()?);
    if ranges
        .iter()
        .any(|&(a, b)| table.get(a as usize..b as usize).is_none())
    {
        return None;
    }
    let source = Arc::new(Source {
        payload,
        table,
        ranges,
        filename: Arc::from(filename),
    });
    let mut r = Reader::new(&source, end, makers, Memo::Dense(n), lazy);
    let code = r.code(0)?;
    (r.at == source.payload.len()).then_some(code)
}

/// What a stub's body is decoded from, and cached code's positions are read from: the whole
/// payload, kept while code made from it lives.
pub struct Source {
    payload: Vec<u8>,
    /// The string table, and where each of its strings is in it.
    table: String,
    ranges: Vec<(u32, u32)>,
    filename: Arc<str>,
}

impl Source {
    /// The little-endian word at byte `at` of the payload.
    #[inline]
    pub(super) fn word(&self, at: usize) -> Option<u32> {
        let b = self.payload.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&self, i: usize) -> &str {
        let (a, b) = self.ranges[i];
        // Checked to be on char boundaries when the payload was read.
        self.table.get(a as usize..b as usize).unwrap_or_default()
    }
}

/// The undecoded body of a function's code (the stub's `Code::lazy`), and the whole code
/// once decoded.
pub struct LazyBody<R: Runtime> {
    source: Arc<Source>,
    /// Where the body's bytes are in the payload.
    at: usize,
    end: usize,
    depth: u32,
    full: std::sync::OnceLock<Arc<Code<R>>>,
}

impl<R: Runtime> LazyBody<R> {
    /// Where the body's bytes are in the payload.
    #[cfg(test)]
    pub fn span(&self) -> (usize, usize) {
        (self.at, self.end)
    }

    /// The decoded code, if it was decoded.
    #[inline]
    pub fn get(&self) -> Option<&Arc<Code<R>>> {
        self.full.get()
    }

    /// Records the decoded code (the first one recorded wins, when two threads decoded it at
    /// once) and returns the one recorded.
    pub fn set(&self, full: Arc<Code<R>>) -> &Arc<Code<R>> {
        let _ = self.full.set(full);
        self.full.get().expect("just set")
    }

    /// The whole code of `stub` (whose `lazy` this is): its header with the body decoded, or
    /// `None` if the body's bytes are not a valid body for it.
    pub fn decode(&self, stub: &Code<R>, makers: &Makers<R>) -> Option<Code<R>> {
        let mut r = Reader::new(&self.source, self.at, makers, Memo::None, true);
        let body = r.body(self.depth)?;
        if r.at != self.end {
            return None;
        }
        let header = Code {
            name: stub.name.clone(),
            qualname: stub.qualname.clone(),
            filename: stub.filename.clone(),
            first_line: stub.first_line,
            flags: stub.flags,
            argcount: stub.argcount,
            posonly_count: stub.posonly_count,
            kwonly_count: stub.kwonly_count,
            varnames: stub.varnames.clone(),
            cellvars: stub.cellvars.clone(),
            freevars: stub.freevars.clone(),
            cell_args: stub.cell_args.clone(),
            consts: Vec::new(),
            names: Vec::new(),
            ops: Vec::new(),
            positions: Positions::Line(stub.first_line),
            max_stack: stub.max_stack,
            doc: stub.doc.clone(),
            caches: NameCaches::new(0),
            lazy: None,
        };
        body.complete(header)
    }
}

/// A code object's body as read.
struct Body<R: Runtime> {
    consts: Vec<Value<R>>,
    names: Vec<DictKey<R>>,
    ops: Vec<Op>,
    positions: Positions,
}

impl<R: Runtime> Body<R> {
    /// `header` with this body, if the two make valid code.
    fn complete(self, mut code: Code<R>) -> Option<Code<R>> {
        code.caches = NameCaches::for_ops(&self.ops, self.names.len());
        code.consts = self.consts;
        code.names = self.names;
        code.ops = self.ops;
        code.positions = self.positions;
        let counts_fit = (code.argcount + code.kwonly_count) as usize
            + usize::from(code.flags.varargs)
            + usize::from(code.flags.varkw)
            <= code.varnames.len()
            && code.posonly_count <= code.argcount;
        (counts_fit && code.validate()).then_some(code)
    }
}

/// Every distinct string is written once, in a table before the code; code refers to it by
/// its index (names such as `self` recur thousands of times in a module).
struct Writer {
    out: Vec<u8>,
    strings: rustc_hash::FxHashMap<String, u32>,
    order: Vec<String>,
}

impl Writer {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.out.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.out.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        let next = self.order.len() as u32;
        let id = *self.strings.entry(s.to_string()).or_insert(next);
        if id == next {
            self.order.push(s.to_string());
        }
        self.uint(id.into());
    }

    fn strs(&mut self, v: &[Arc<str>]) {
        self.uint(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }

    fn code<R: Runtime>(&mut self, c: &Code<R>) -> Option<()> {
        let c = match &c.lazy {
            Some(lazy) => &**lazy.get()?,
            None => c,
        };
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
        self.uint(c.max_stack.into());
        match &c.doc {
            None => self.uint(0),
            Some(d) => {
                self.uint(1);
                self.str(d);
            }
        }
        // The body, after its length (so that a reader can step over it).
        let outer = std::mem::take(&mut self.out);
        let body = self.body(c);
        let bytes = std::mem::replace(&mut self.out, outer);
        body?;
        self.uint(bytes.len() as u64);
        self.out.extend_from_slice(&bytes);
        Some(())
    }

    fn body<R: Runtime>(&mut self, c: &Code<R>) -> Option<()> {
        self.uint(c.consts.len() as u64);
        for v in &c.consts {
            self.constant(v)?;
        }
        self.uint(c.names.len() as u64);
        for n in &c.names {
            self.str(n.value.as_str()?);
        }
        if c.positions.count() != Some(c.ops.len()) {
            return None;
        }
        // Instructions, lines and spans as fixed-width arrays: read back without a branch per
        // byte. An instruction: its tag (2 bytes), its operand (4).
        self.uint(c.ops.len() as u64);
        for op in &c.ops {
            self.out
                .extend_from_slice(&u16::try_from(op.tag()).ok()?.to_le_bytes());
            self.out
                .extend_from_slice(&op.arg().unwrap_or(0).to_le_bytes());
        }
        let p = &c.positions;
        for i in 0..c.ops.len() {
            self.out.extend_from_slice(&p.line(i)?.to_le_bytes());
        }
        for i in 0..c.ops.len() {
            let (start, end) = p.span(i)?;
            self.out.extend_from_slice(&start.to_le_bytes());
            self.out.extend_from_slice(&end.to_le_bytes());
        }
        Some(())
    }

    fn constant<R: Runtime>(&mut self, v: &Value<R>) -> Option<()> {
        match v {
            Value::None => self.out.push(NONE),
            Value::Bool(false) => self.out.push(FALSE),
            Value::Bool(true) => self.out.push(TRUE),
            Value::Int(i) => {
                self.out.push(INT);
                self.int(*i);
            }
            Value::Float(f) => {
                self.out.push(FLOAT);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Obj(o) => match o.kind() {
                ObjKind::Str(s) => {
                    self.out.push(STR);
                    self.str(s.as_str());
                }
                ObjKind::BigInt(b) => {
                    self.out.push(BIG_INT);
                    self.bytes(&b.to_signed_bytes_le());
                }
                ObjKind::Complex(c) => {
                    self.out.push(COMPLEX);
                    self.out.extend_from_slice(&c.re.to_bits().to_le_bytes());
                    self.out.extend_from_slice(&c.im.to_bits().to_le_bytes());
                }
                ObjKind::Bytes(b) => {
                    self.out.push(BYTES);
                    self.bytes(b);
                }
                ObjKind::Singleton("Ellipsis") => self.out.push(ELLIPSIS),
                ObjKind::Tuple(items) => {
                    self.out.push(TUPLE);
                    self.uint(items.len() as u64);
                    for item in items.iter() {
                        self.constant(item)?;
                    }
                }
                ObjKind::FrozenSet(set) => {
                    self.out.push(FROZENSET);
                    let (size, keys) = set.layout();
                    self.uint(size as u64);
                    self.uint(set.len() as u64);
                    for (index, key) in keys {
                        self.uint(index as u64);
                        self.constant(key)?;
                    }
                }
                ObjKind::Code(c) => {
                    self.out.push(CODE);
                    self.code(c)?;
                }
                _ => return None,
            },
        }
        Some(())
    }
}

/// What was made of each string of the table so far: dense when a whole module is read (its
/// names recur), none for one function body (few names, all interned anyway).
enum Memo<R: Runtime> {
    Dense(usize),
    Made {
        arcs: Vec<Option<Arc<str>>>,
        values: Vec<Option<Value<R>>>,
        keys: Vec<Option<DictKey<R>>>,
    },
    None,
}

struct Reader<'b, 'm, R: Runtime> {
    bytes: &'b [u8],
    at: usize,
    source: &'b Arc<Source>,
    makers: &'m Makers<'m, R>,
    memo: Memo<R>,
    /// Whether function bodies are left for their first call.
    lazy: bool,
}

impl<'b, 'm, R: Runtime> Reader<'b, 'm, R> {
    fn new(
        source: &'b Arc<Source>,
        at: usize,
        makers: &'m Makers<'m, R>,
        memo: Memo<R>,
        lazy: bool,
    ) -> Self {
        let memo = match memo {
            Memo::Dense(n) => Memo::Made {
                arcs: vec![None; n],
                values: vec![None; n],
                keys: vec![None; n],
            },
            other => other,
        };
        Reader {
            bytes: &source.payload,
            at,
            source,
            makers,
            memo,
            lazy,
        }
    }
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

    /// The index of a string of the table.
    fn string(&mut self) -> Option<usize> {
        let i = usize::try_from(self.uint()?).ok()?;
        (i < self.source.ranges.len()).then_some(i)
    }

    fn arc_str(&mut self) -> Option<Arc<str>> {
        let i = self.string()?;
        let source = self.source;
        Some(match &mut self.memo {
            Memo::Made { arcs, .. } => arcs[i]
                .get_or_insert_with(|| Arc::from(source.string(i)))
                .clone(),
            _ => Arc::from(source.string(i)),
        })
    }

    fn str_value(&mut self) -> Option<Value<R>> {
        let i = self.string()?;
        let (source, make) = (self.source, self.makers.str_value);
        Some(match &mut self.memo {
            Memo::Made { values, .. } => values[i]
                .get_or_insert_with(|| make(source.string(i)))
                .clone(),
            _ => make(source.string(i)),
        })
    }

    fn str_key(&mut self) -> Option<DictKey<R>> {
        let i = self.string()?;
        let (source, make) = (self.source, self.makers.str_key);
        Some(match &mut self.memo {
            Memo::Made { keys, .. } => keys[i]
                .get_or_insert_with(|| make(source.string(i)))
                .clone(),
            _ => make(source.string(i)),
        })
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
        let max_stack = self.u32()?;
        let doc = match self.byte()? {
            0 => None,
            1 => Some(self.arc_str()?),
            _ => return None,
        };
        let len = self.count()?;
        let end = self.at + len;
        let header = Code {
            name,
            qualname,
            filename: self.source.filename.clone(),
            first_line,
            flags,
            argcount,
            posonly_count,
            kwonly_count,
            varnames,
            cellvars,
            freevars,
            cell_args,
            consts: Vec::new(),
            names: Vec::new(),
            ops: Vec::new(),
            positions: Positions::Line(first_line),
            max_stack,
            doc,
            caches: NameCaches::new(0),
            lazy: None,
        };
        // A function's body waits for its first call; the module's and class bodies run now.
        if self.lazy && depth > 0 && !flags.namespace {
            let counts_fit = (argcount + kwonly_count) as usize
                + usize::from(flags.varargs)
                + usize::from(flags.varkw)
                <= slots
                && posonly_count <= argcount;
            if !counts_fit {
                return None;
            }
            let lazy = LazyBody {
                source: self.source.clone(),
                at: self.at,
                end,
                depth,
                full: std::sync::OnceLock::new(),
            };
            self.at = end;
            return Some(Code {
                ops: vec![Op::DecodeBody],
                lazy: Some(Box::new(lazy)),
                ..header
            });
        }
        let body = self.body(depth)?;
        if self.at != end {
            return None;
        }
        body.complete(header)
    }

    /// A code object's body, at `depth`.
    fn body(&mut self, depth: u32) -> Option<Body<R>> {
        let consts = self.list(|r| r.constant(depth + 1))?;
        let names = self.list(|r| r.str_key())?;
        let n = self.count()?;
        let raw = self.raw(n.checked_mul(6)?)?;
        let mut ops = Vec::with_capacity(n);
        for c in raw.chunks_exact(6) {
            let tag = u16::from_le_bytes([c[0], c[1]]);
            let arg = u32::from_le_bytes([c[2], c[3], c[4], c[5]]);
            ops.push(Op::from_tag(tag.into(), arg)?);
        }
        // Lines and spans stay in the payload until asked for (`Positions::Encoded`).
        let at = self.at;
        self.raw(n.checked_mul(12)?)?;
        let positions = Positions::Encoded {
            source: self.source.clone(),
            at,
            len: n,
        };
        Some(Body {
            consts,
            names,
            ops,
            positions,
        })
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
            STR => self.str_value()?,
            BYTES => Value::new_obj(ObjKind::Bytes(Box::from(self.bytes()?))),
            ELLIPSIS => crate::objects::value::ellipsis(),
            TUPLE => {
                let items = self.list(|r| r.constant(depth + 1))?;
                Value::new_obj(ObjKind::Tuple(items.into_boxed_slice()))
            }
            FROZENSET => {
                let size = usize::try_from(self.uint()?).ok()?;
                let entries = self.list(|r| {
                    let index = usize::try_from(r.uint()?).ok()?;
                    let key = r.constant(depth + 1)?;
                    let hash = crate::objects::dict::hash_value(&key).ok()?;
                    Some((index, hash, key))
                })?;
                let table = crate::objects::set::SetTable::from_layout(size, entries)?;
                Value::new_obj(ObjKind::FrozenSet(table))
            }
            CODE => Value::new_obj(ObjKind::Code(Arc::new(self.code(depth + 1)?))),
            _ => return None,
        })
    }
}
