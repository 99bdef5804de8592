//! The value encoding that crosses between processes, multiprocessing's stand-in for pickle:
//! None, bool, int (big ones too), float, str, bytes, list, tuple, dict, set, frozenset,
//! functions and classes by module and qualified name, and `multiprocessing.Queue` handles.
//! Everything else (instances, bound methods, exceptions...) crosses as a pickle, made and read
//! by `lib/_mp_wire.py` (pickle with the queue handles above as persistent ids).
//!
//! The format is a tag byte per value, then its payload: lengths and counts as LEB128
//! varints, small ints zigzagged, floats as their 8 bits. Anything else is refused by the
//! sender with pickle's kind of error (`TypeError: cannot pickle 'X' object`), so a bad
//! argument fails where it was sent, not in the child. Decoding a function or class looks it
//! up by name in the receiving process (the child has run the same script).

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{int, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

const NONE: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const BIGINT: u8 = 4;
const FLOAT: u8 = 5;
const STR: u8 = 6;
const BYTES: u8 = 7;
const LIST: u8 = 8;
const TUPLE: u8 = 9;
const DICT: u8 = 10;
const SET: u8 = 11;
const FROZENSET: u8 = 12;
/// A function or class, by module and qualified name.
const GLOBAL: u8 = 13;
/// A `multiprocessing.Queue`, by id.
const QUEUE: u8 = 14;
/// Anything else, as `_mp_wire.dumps` pickles it.
const PICKLED: u8 = 15;

/// How deeply containers may nest (deeper ones would exhaust the stack of the decoder).
const MAX_DEPTH: usize = 10_000;

/// Encodes a value, or raises the sender's error for what cannot cross.
pub fn encode<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<u8>, R> {
    let mut out = Vec::new();
    encode_into(vm, v, &mut out)?;
    Ok(out)
}

/// Appends the encoding of `v` to `out`.
pub fn encode_into<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, out: &mut Vec<u8>) -> PyResult<(), R> {
    let mut open = Vec::new();
    Encoder {
        vm,
        out,
        open: &mut open,
    }
    .value(v)
}

struct Encoder<'a, R: Runtime> {
    vm: &'a mut Vm<R>,
    out: &'a mut Vec<u8>,
    /// The containers being encoded (their addresses), to refuse cycles.
    open: &'a mut Vec<usize>,
}

impl<R: Runtime> Encoder<'_, R> {
    fn value(&mut self, v: &Value<R>) -> PyResult<(), R> {
        match v {
            Value::None => self.out.push(NONE),
            Value::Bool(false) => self.out.push(FALSE),
            Value::Bool(true) => self.out.push(TRUE),
            Value::Int(i) => {
                self.out.push(INT);
                put_varint(self.out, zigzag(*i));
            }
            Value::Float(f) => {
                self.out.push(FLOAT);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Obj(o) => match o.kind() {
                ObjKind::Str(s) => {
                    self.out.push(STR);
                    put_bytes(self.out, s.as_str().as_bytes());
                }
                ObjKind::BigInt(b) => {
                    self.out.push(BIGINT);
                    put_bytes(self.out, &b.to_signed_bytes_le());
                }
                ObjKind::Bytes(b) => {
                    self.out.push(BYTES);
                    put_bytes(self.out, b);
                }
                ObjKind::Tuple(items) => {
                    let items = items.to_vec();
                    self.sequence(o.addr(), TUPLE, &items)?;
                }
                ObjKind::List(l) => {
                    let items = l.lock::<R>().clone();
                    self.sequence(o.addr(), LIST, &items)?;
                }
                ObjKind::Set(s) => {
                    let items: Vec<Value<R>> =
                        s.lock::<R>().iter().map(|(_, k)| k.clone()).collect();
                    self.sequence(o.addr(), SET, &items)?;
                }
                ObjKind::FrozenSet(s) => {
                    let items: Vec<Value<R>> = s.iter().map(|(_, k)| k.clone()).collect();
                    self.sequence(o.addr(), FROZENSET, &items)?;
                }
                ObjKind::Dict(d) => {
                    let pairs: Vec<(Value<R>, Value<R>)> = d
                        .lock::<R>()
                        .iter()
                        .map(|(k, v)| (k.value.clone(), v.clone()))
                        .collect();
                    self.enter(o.addr())?;
                    self.out.push(DICT);
                    put_varint(self.out, pairs.len() as u64);
                    for (k, v) in &pairs {
                        self.value(k)?;
                        self.value(v)?;
                    }
                    self.open.pop();
                }
                ObjKind::Function(_) | ObjKind::Builtin(_) | ObjKind::Class(_) => {
                    let (module, qualname) = global_name(self.vm, v)?;
                    self.out.push(GLOBAL);
                    put_bytes(self.out, module.as_bytes());
                    put_bytes(self.out, qualname.as_bytes());
                }
                _ => match super::queue::queue_id_of(self.vm, v) {
                    Some(id) => {
                        self.out.push(QUEUE);
                        put_varint(self.out, id);
                    }
                    None => {
                        let data = call_wire(self.vm, "dumps", v.clone())?;
                        match data.kind() {
                            Some(ObjKind::Bytes(b)) => {
                                self.out.push(PICKLED);
                                put_bytes(self.out, b);
                            }
                            _ => return Err(cannot_pickle(self.vm, v)),
                        }
                    }
                },
            },
        }
        Ok(())
    }

    fn sequence(&mut self, addr: usize, tag: u8, items: &[Value<R>]) -> PyResult<(), R> {
        self.enter(addr)?;
        self.out.push(tag);
        put_varint(self.out, items.len() as u64);
        for item in items {
            self.value(item)?;
        }
        self.open.pop();
        Ok(())
    }

    fn enter(&mut self, addr: usize) -> PyResult<(), R> {
        if self.open.contains(&addr) {
            return Err(PyErr::value_error(
                "cannot send a container that contains itself to another process",
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while pickling an object",
            ));
        }
        self.open.push(addr);
        Ok(())
    }
}

/// Calls `_mp_wire.NAME(arg)`: the pickle side of the transport.
fn call_wire<R: Runtime>(vm: &mut Vm<R>, name: &str, arg: Value<R>) -> PyResult<Value<R>, R> {
    let module = vm.import_module("_mp_wire")?;
    let key = vm.str_key(name);
    let f = vm.get_attr(&module, &key)?;
    vm.call(&f, vec![arg], Vec::new())
}

/// `multiprocessing._handle(obj)`: the wire encoding of a handle that crosses by reference
/// (a queue), or None for anything else.
pub fn handle<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Value<R>, R> {
    match super::queue::queue_id_of(vm, v) {
        Some(id) => {
            let mut out = vec![QUEUE];
            put_varint(&mut out, id);
            Ok(Value::new_obj(ObjKind::Bytes(out.into())))
        }
        None => Ok(Value::None),
    }
}

/// pickle's error for a value of a type that cannot cross.
pub fn cannot_pickle<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyErr<R> {
    let name = match v.kind() {
        Some(ObjKind::Native(n)) => n.class_name().to_string(),
        _ => vm.type_name(v),
    };
    PyErr::type_error(format!("cannot pickle '{name}' object"))
}

/// The module and qualified name a function or class is found by in another process, after
/// checking that looking it up there gives this very object.
fn global_name<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<(String, String), R> {
    let (module, qualname) = match v.kind() {
        Some(ObjKind::Function(f)) => (
            f.module.as_str().unwrap_or("__main__").to_string(),
            f.qualname().to_string(),
        ),
        Some(ObjKind::Class(c)) => (c.module.clone(), c.qualname.clone()),
        Some(ObjKind::Builtin(b)) if b.receiver.is_none() => {
            return builtin_home(vm, v, b.name).ok_or_else(|| cannot_pickle(vm, v));
        }
        _ => return Err(cannot_pickle(vm, v)),
    };
    if qualname.contains("<locals>") {
        return Err(PyErr::new(
            ExcKind::AttributeError,
            format!("Can't pickle local object '{qualname}'"),
        ));
    }
    match lookup_global(vm, &module, &qualname) {
        Ok(found) if found.is(v) => Ok((module, qualname)),
        _ => {
            let repr = vm.repr(v)?;
            let shown = if module == "__mp_main__" {
                "__main__"
            } else {
                &module
            };
            let class = super::errors::pickling_error(vm);
            let msg = format!("Can't pickle {repr}: attribute lookup {qualname} on {shown} failed");
            Err(super::errors::raise(vm, &class, &msg))
        }
    }
}

/// Where a built-in function lives: `builtins`, or the loaded module that holds it.
fn builtin_home<R: Runtime>(vm: &Vm<R>, v: &Value<R>, name: &str) -> Option<(String, String)> {
    let key = vm.str_key(name);
    let holds = |dict: &crate::objects::ObjRef<R>| match dict.kind() {
        ObjKind::Dict(d) => d.lock::<R>().get(&key).is_some_and(|f| f.is(v)),
        _ => false,
    };
    if holds(&vm.interp.builtins) {
        return Some(("builtins".into(), name.into()));
    }
    let modules = vm.loaded_modules();
    modules.into_iter().find_map(|(mname, m)| match m.kind() {
        Some(ObjKind::Module(md)) if mname != "__main__" && holds(&md.dict) => {
            Some((mname, name.to_string()))
        }
        _ => None,
    })
}

/// Finds `module.qualname` in this process: `__main__` and `__mp_main__` both mean the
/// program's main module (the parent's `__main__` is the child's `__mp_main__`).
pub fn lookup_global<R: Runtime>(
    vm: &mut Vm<R>,
    module: &str,
    qualname: &str,
) -> PyResult<Value<R>, R> {
    let mut obj = match module {
        "__main__" | "__mp_main__" => Value::Obj(vm.main_module()),
        "builtins" => {
            let key = vm.str_key(qualname);
            let found = match vm.interp.builtins.kind() {
                ObjKind::Dict(d) => d.lock::<R>().get(&key).cloned(),
                _ => None,
            };
            if let Some(f) = found {
                return Ok(f);
            }
            vm.import_module("builtins")?
        }
        m => vm.import_module(m)?,
    };
    for part in qualname.split('.') {
        let key = vm.str_key(part);
        obj = match vm.get_attr_opt(&obj, &key)? {
            Some(v) => v,
            None => {
                let shown = if module == "__main__" {
                    "__mp_main__"
                } else {
                    module
                };
                return Err(PyErr::new(
                    ExcKind::AttributeError,
                    format!("Can't get attribute '{qualname}' on <module '{shown}'>"),
                ));
            }
        };
    }
    Ok(obj)
}

/// Decodes a whole encoded value.
pub fn decode<R: Runtime>(vm: &mut Vm<R>, bytes: &[u8]) -> PyResult<Value<R>, R> {
    let mut r = Reader::new(bytes);
    let v = decode_value(vm, &mut r, 0)?;
    if !r.at_end() {
        return Err(corrupt());
    }
    Ok(v)
}

fn corrupt<R: Runtime>() -> PyErr<R> {
    PyErr::runtime_error("multiprocessing: a corrupt message arrived from another process")
}

fn decode_value<R: Runtime>(vm: &mut Vm<R>, r: &mut Reader, depth: usize) -> PyResult<Value<R>, R> {
    if depth > MAX_DEPTH {
        return Err(corrupt());
    }
    let tag = r.u8().ok_or_else(corrupt)?;
    Ok(match tag {
        NONE => Value::None,
        FALSE => Value::Bool(false),
        TRUE => Value::Bool(true),
        INT => Value::Int(unzigzag(r.varint().ok_or_else(corrupt)?)),
        BIGINT => {
            let b = r.bytes().ok_or_else(corrupt)?;
            int::from_bigint(num_bigint::BigInt::from_signed_bytes_le(b))
        }
        FLOAT => {
            let b = r.take(8).ok_or_else(corrupt)?;
            let mut bits = [0u8; 8];
            bits.copy_from_slice(b);
            Value::Float(f64::from_bits(u64::from_le_bytes(bits)))
        }
        STR => vm.new_str(r.str().ok_or_else(corrupt)?),
        BYTES => Value::new_obj(ObjKind::Bytes(r.bytes().ok_or_else(corrupt)?.into())),
        LIST | TUPLE | SET | FROZENSET => {
            let n = r.count().ok_or_else(corrupt)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(decode_value(vm, r, depth + 1)?);
            }
            match tag {
                LIST => vm.new_list(items),
                TUPLE => vm.new_tuple(items),
                SET => vm.new_set_from(items)?,
                _ => {
                    let table = vm.set_table_from(items)?;
                    Value::new_obj(ObjKind::FrozenSet(table))
                }
            }
        }
        DICT => {
            let n = r.count().ok_or_else(corrupt)?;
            let mut map = crate::objects::DictMap::default();
            for _ in 0..n {
                let k = decode_value(vm, r, depth + 1)?;
                let v = decode_value(vm, r, depth + 1)?;
                let key = vm.make_key(k)?;
                map.insert(key, v);
            }
            vm.new_dict(map)
        }
        GLOBAL => {
            let module = r.str().ok_or_else(corrupt)?.to_string();
            let qualname = r.str().ok_or_else(corrupt)?.to_string();
            lookup_global(vm, &module, &qualname)?
        }
        QUEUE => {
            let id = r.varint().ok_or_else(corrupt)?;
            super::queue::queue_from_id(vm, id)?
        }
        PICKLED => {
            let data = Value::new_obj(ObjKind::Bytes(r.bytes().ok_or_else(corrupt)?.into()));
            call_wire(vm, "loads", data)?
        }
        _ => return Err(corrupt()),
    })
}

// ----- the primitive pieces, shared with the message framing -------------------------------

pub fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// Reads the pieces of a message; every read is `None` past the end.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    pub fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// A count of items that each take at least one byte (so a corrupt count can't make a
    /// huge allocation).
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let b = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(b)
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.varint()?).ok()?;
        self.take(n)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Gil;
    use crate::vm::{Interp, Natives, Options};

    /// Runs `f` with a fresh interpreter (on a thread with a deep enough stack).
    fn with_vm(f: impl FnOnce(&mut Vm<Gil>) + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                // Instances go through `pickle` (bundled), which imports `multiprocessing`.
                let natives = Natives {
                    modules: crate::stdlib::modules(),
                    install_builtins: crate::builtins::install,
                };
                let options = Options {
                    sys_path: vec![crate::vm::bundled::BUNDLED_PATH_ENTRY.to_string()],
                    ..Options::default()
                };
                let interp = Interp::<Gil>::new(options, natives);
                let mut vm = Vm::new_main(interp, 64 * 1024 * 1024);
                f(&mut vm);
            })
            .expect("spawn")
            .join()
            .expect("test thread");
    }

    fn eval(vm: &mut Vm<Gil>, src: &str) -> Value<Gil> {
        let code = vm
            .compile(
                &format!("__result__ = {src}\n"),
                "<test>",
                crate::compiler::Mode::Module,
            )
            .unwrap_or_else(|_| panic!("compile {src}"));
        let main = vm.main_module();
        if vm.run_code(code, &main).is_err() {
            panic!("run {src}");
        }
        let main = Value::Obj(main);
        vm.get_attr_str(&main, "__result__")
            .unwrap_or_else(|_| panic!("result of {src}"))
    }

    fn round_trip(vm: &mut Vm<Gil>, src: &str) {
        let v = eval(vm, src);
        let bytes = encode(vm, &v).unwrap_or_else(|_| panic!("encode {src}"));
        let back = decode(vm, &bytes).unwrap_or_else(|_| panic!("decode {src}"));
        // Sets are rebuilt by hashing, so their order may differ (as with pickle).
        if !matches!(v.kind(), Some(ObjKind::Set(_) | ObjKind::FrozenSet(_))) {
            let (a, b) = (vm.repr(&v).ok(), vm.repr(&back).ok());
            assert_eq!(a, b, "round trip of {src}");
        }
        assert!(vm.eq(&v, &back).unwrap_or(false), "{src} == its copy");
        assert_eq!(vm.type_name(&v), vm.type_name(&back), "type of {src}");
    }

    #[test]
    fn values_round_trip() {
        with_vm(|vm| {
            for src in [
                "None",
                "True",
                "False",
                "0",
                "-1",
                "2**62",
                "-(2**63)",
                "2**63",
                "-(2**200) + 12345",
                "1.5",
                "-0.0",
                "float('inf')",
                "''",
                "'héllo ✓'",
                "b'\\x00\\xff'",
                "[]",
                "[1, [2, [3, 'x']], (4,)]",
                "()",
                "(1, 'a', None, (2.5, b''))",
                "{}",
                "{'a': 1, 2: [3], (4, 5): {'n': None}}",
                "set()",
                "{1, 2, 'three'}",
                "frozenset({(1, 2), 3})",
                "[list(range(100)), {i: str(i) for i in range(50)}]",
                "len",
                "int",
                "ValueError",
            ] {
                round_trip(vm, src);
            }
        });
    }

    #[test]
    fn nan_round_trips_bit_for_bit() {
        with_vm(|vm| {
            let v = eval(vm, "float('nan')");
            let bytes = encode(vm, &v).expect("encode");
            match decode(vm, &bytes) {
                Ok(Value::Float(f)) => assert!(f.is_nan()),
                _ => panic!("nan did not come back"),
            }
        });
    }

    #[test]
    fn module_level_functions_cross_by_name() {
        with_vm(|vm| {
            eval(vm, "None\ndef f(x):\n    return x\nclass C:\n    pass");
            let f = eval(vm, "f");
            let bytes = encode(vm, &f).expect("encode f");
            assert!(bytes.len() < 20, "compact: {} bytes", bytes.len());
            let back = decode(vm, &bytes).expect("decode f");
            assert!(back.is(&f));
            let c = eval(vm, "C");
            let bytes = encode(vm, &c).expect("encode C");
            let back = decode(vm, &bytes).expect("decode C");
            assert!(back.is(&c));
        });
    }

    fn encode_error(vm: &mut Vm<Gil>, src: &str) -> String {
        let v = eval(vm, src);
        match encode(vm, &v) {
            Ok(_) => panic!("{src} should not encode"),
            Err(e) => {
                let exc = vm.materialize(e);
                crate::vm::traceback::exception_line(vm, &exc)
            }
        }
    }

    #[test]
    fn other_values_are_refused_by_the_sender() {
        with_vm(|vm| {
            eval(vm, "None\nclass Point:\n    pass\ndef outer():\n    def inner():\n        pass\n    return inner");
            let point = eval(vm, "Point()");
            if let Err(e) = encode(vm, &point) {
                let exc = vm.materialize(e);
                let line = crate::vm::traceback::exception_line(vm, &exc);
                panic!("an instance crosses as a pickle: {line}");
            }
            assert_eq!(
                encode_error(vm, "(x for x in [])"),
                "TypeError: cannot pickle 'generator' object"
            );
            assert_eq!(
                encode_error(vm, "[1, {'k': iter([])}]"),
                "TypeError: cannot pickle 'list_iterator' object"
            );
            assert_eq!(
                encode_error(vm, "outer()"),
                "AttributeError: Can't pickle local object 'outer.<locals>.inner'"
            );
            assert!(encode_error(vm, "lambda: 0")
                .contains("attribute lookup <lambda> on __main__ failed"));
            assert_eq!(
                encode_error(vm, "__import__('threading').Lock()"),
                "TypeError: cannot pickle '_thread.lock' object"
            );
        });
    }

    #[test]
    fn cycles_are_refused() {
        with_vm(|vm| {
            let msg = encode_error(vm, "None\na = [1]\na.append(a)\n__result__ = a");
            assert!(msg.starts_with("ValueError: cannot send a container that contains itself"));
        });
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        with_vm(|vm| {
            let v = eval(vm, "[1, 'two', {3: 4.0}, 2**100]");
            let bytes = encode(vm, &v).expect("encode");
            for cut in 0..bytes.len() {
                assert!(decode(vm, &bytes[..cut]).is_err(), "prefix of {cut} bytes");
            }
            assert!(decode(vm, &[LIST, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
            assert!(decode(vm, &[200]).is_err());
        });
    }
}
