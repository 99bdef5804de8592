//! `_hashlib`, the native half of `hashlib` (`lib/hashlib.py`): MD5, SHA-1 and the SHA-2
//! family (RustCrypto's `md-5`, `sha1`, `sha2`), with CPython's constructors, `new(name)`,
//! hash objects (`update`, `digest`, `hexdigest`, `copy`, `name`, `digest_size`,
//! `block_size`) and reprs. As in CPython, hashing 2 KiB or
//! more lets go of the GIL, so threads hashing large data run in parallel.

use super::itertools::{new_object, receiver};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use sha2::Digest;

type R0<R> = PyResult<Value<R>, R>;

/// CPython's HASHLIB_GIL_MINSIZE: below it, releasing the GIL costs more than it gives.
const GIL_MINSIZE: usize = 2048;

#[derive(Clone)]
enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

/// (name, digest size, block size)
const ALGORITHMS: [(&str, i64, i64); 6] = [
    ("md5", 16, 64),
    ("sha1", 20, 64),
    ("sha224", 28, 64),
    ("sha256", 32, 64),
    ("sha384", 48, 128),
    ("sha512", 64, 128),
];

impl Hasher {
    fn new(name: &str) -> Option<Hasher> {
        Some(match name.to_ascii_lowercase().as_str() {
            "md5" => Hasher::Md5(Default::default()),
            "sha1" => Hasher::Sha1(Default::default()),
            "sha224" => Hasher::Sha224(Default::default()),
            "sha256" => Hasher::Sha256(Default::default()),
            "sha384" => Hasher::Sha384(Default::default()),
            "sha512" => Hasher::Sha512(Default::default()),
            _ => return None,
        })
    }

    fn index(&self) -> usize {
        match self {
            Hasher::Md5(_) => 0,
            Hasher::Sha1(_) => 1,
            Hasher::Sha224(_) => 2,
            Hasher::Sha256(_) => 3,
            Hasher::Sha384(_) => 4,
            Hasher::Sha512(_) => 5,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(data),
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha224(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
        }
    }

    fn digest(&self) -> Vec<u8> {
        match self.clone() {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha224(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

struct HashObj {
    hasher: Mutex<Hasher>,
}

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("new", new),
        ("md5", md5_new),
        ("sha1", sha1_new),
        ("sha224", sha224_new),
        ("sha256", sha256_new),
        ("sha384", sha384_new),
        ("sha512", sha512_new),
    ];
    super::add_functions(vm, m, functions);
    let names: Vec<Value<R>> = ALGORITHMS.iter().map(|(n, ..)| vm.new_str(*n)).collect();
    for attr in ["algorithms_guaranteed", "algorithms_available"] {
        let set = vm.call(
            &Value::Obj(vm.types().frozenset.clone()),
            vec![vm.new_list(names.clone())],
            Vec::new(),
        );
        if let Ok(set) = set {
            vm.set_module_attr(m, attr, set);
        }
    }
    let class = hash_class(vm);
    vm.set_module_attr(m, "_Hash", Value::Obj(class));
    true
}

/// The hash objects' class, made once (at `init`) with its methods and properties.
fn the_class<R: Runtime>(vm: &Vm<R>) -> Value<R> {
    Value::Obj(vm.native_class("HASH", "_hashlib", &[]))
}

fn hash_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let class = vm.native_class(
        "HASH",
        "_hashlib",
        &[
            ("update", update),
            ("digest", digest),
            ("hexdigest", hexdigest),
            ("copy", copy),
            ("__repr__", repr),
        ],
    );
    super::sync_more::add_property(vm, &class, "name", name);
    super::sync_more::add_property(vm, &class, "digest_size", digest_size);
    super::sync_more::add_property(vm, &class, "block_size", block_size);
    class
}

fn state<R: Runtime>(v: &Value<R>) -> PyResult<&HashObj, R> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<HashObj>(),
        _ => None,
    }
    .ok_or_else(|| PyErr::type_error("descriptor requires a '_hashlib.HASH' object"))
}

/// The bytes of a bytes-like argument (CPython refuses str: "Strings must be encoded before
/// hashing").
fn data_of<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<u8>, R> {
    match v.kind() {
        Some(ObjKind::Bytes(b)) => Ok(b.to_vec()),
        Some(ObjKind::ByteArray(b)) => Ok(b.lock::<R>().clone()),
        Some(ObjKind::Str(_)) => Err(PyErr::type_error("Strings must be encoded before hashing")),
        _ => match crate::builtins::memoryview::view_bytes(vm, v)? {
            Some(b) => Ok(b),
            None => Err(PyErr::type_error(
                "object supporting the buffer API required",
            )),
        },
    }
}

/// Feeds `data` to the hasher, without the GIL when it is large (and no deterministic
/// schedule is being followed, whose choices must not depend on the OS).
fn feed<R: Runtime>(vm: &Vm<R>, h: &HashObj, data: &[u8]) {
    if data.len() >= GIL_MINSIZE && !vm.interp.gil.is_scheduled() {
        vm.release_gil();
        h.hasher.lock().update(data);
        vm.acquire_gil();
    } else {
        h.hasher.lock().update(data);
    }
}

fn make<R: Runtime>(vm: &mut Vm<R>, name: &str, mut args: Args<R>, func: &str) -> R0<R> {
    let keyword = args.take_kw("string");
    args.take_kw("usedforsecurity");
    args.no_kwargs(func)?;
    args.check_count(func, 0, 1)?;
    let Some(hasher) = Hasher::new(name) else {
        return Err(PyErr::value_error(format!("unsupported hash type {name}")));
    };
    let obj = HashObj {
        hasher: Mutex::new(hasher),
    };
    if let Some(initial) = args.pos.first().cloned().or(keyword) {
        let data = data_of(vm, &initial)?;
        feed(vm, &obj, &data);
    }
    new_object(&the_class(vm), obj)
}

/// `hashlib.new(name, data=b'')`
fn new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let name = match args.take_kw("name") {
        Some(n) => n,
        None if !args.pos.is_empty() => args.pos.remove(0),
        None => {
            return Err(PyErr::type_error(
                "new() missing required argument 'name' (pos 1)",
            ))
        }
    };
    let Some(name) = name.as_str().map(str::to_string) else {
        return Err(PyErr::type_error(format!(
            "new() argument 'name' must be str, not {}",
            vm.type_name(&name)
        )));
    };
    make(vm, &name, args, "new")
}

macro_rules! constructor {
    ($f:ident, $name:literal) => {
        fn $f<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            make(vm, $name, args, concat!("openssl_", $name))
        }
    };
}
constructor!(md5_new, "md5");
constructor!(sha1_new, "sha1");
constructor!(sha224_new, "sha224");
constructor!(sha256_new, "sha256");
constructor!(sha384_new, "sha384");
constructor!(sha512_new, "sha512");

fn update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("update")?;
    args.check_count("update", 2, 2)?;
    let data = data_of(vm, &args.pos[1])?;
    let h = state(&args.pos[0])?;
    feed(vm, h, &data);
    Ok(Value::None)
}

fn digest<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("digest", 1, 1)?;
    let bytes = state(&args.pos[0])?.hasher.lock().digest();
    let _ = vm;
    Ok(Value::new_obj(ObjKind::Bytes(bytes.into_boxed_slice())))
}

fn hexdigest<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("hexdigest", 1, 1)?;
    let bytes = state(&args.pos[0])?.hasher.lock().digest();
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(vm.new_str(text))
}

fn copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("copy", 1, 1)?;
    let hasher = state(&args.pos[0])?.hasher.lock().clone();
    new_object(
        &the_class(vm),
        HashObj {
            hasher: Mutex::new(hasher),
        },
    )
}

fn info<R: Runtime>(args: &Args<R>) -> PyResult<(&'static str, i64, i64), R> {
    let i = state(&receiver(args))?.hasher.lock().index();
    Ok(ALGORITHMS[i])
}

fn name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(vm.new_str(info(&args)?.0))
}

fn digest_size<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Int(info(&args)?.1))
}

fn block_size<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Int(info(&args)?.2))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let (name, ..) = info(&args)?;
    let addr = this.as_obj().map_or(0, |o| o.addr());
    Ok(vm.new_str(format!("<{name} _hashlib.HASH object @ {addr:#x}>")))
}
