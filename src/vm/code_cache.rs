//! The bytecode cache of the bundled library and of module files, as CPython's `__pycache__`:
//! the first import of a bundled module compiles it and writes its code object
//! (`bytecode::serial`) to `$XDG_CACHE_HOME/minipy/BUILD_ID/NAME.mpc` (else
//! `~/.cache/minipy/...`); later imports, in any process of the same build, read it back
//! instead of lexing, parsing and compiling. A module file imported from `sys.path` is cached
//! the same way in `file-HASH.mpc` (HASH: of its path), valid while the file keeps its
//! modification time and size.
//!
//! `BUILD_ID` is a hash of this build's sources and library (`build.rs`), so a rebuild never
//! reads another build's files. A file is used only if its header names this build and this
//! module and its payload has the recorded length and checksum and decodes to valid code;
//! anything else (missing, truncated, corrupt, stale) is compiled again and rewritten.
//! Writing goes to a temporary file renamed over the cache file, so concurrent importers
//! (threads or processes) only ever see whole files. A directory that cannot be made or
//! written means compiling every time, nothing worse. `sys.dont_write_bytecode` (`-B`,
//! `PYTHONDONTWRITEBYTECODE`) stops the writing, as in CPython.

use super::Vm;
use crate::bytecode::serial::{self, Makers};
use crate::bytecode::Code;
use crate::compiler::Mode;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/build_id.rs"));

/// The start of every cache file; the last byte is the layout of the header.
const MAGIC: &[u8; 8] = b"MINIPYC\x01";

/// Header: magic, build id, hash of the module name, payload length, payload checksum.
const HEADER_LEN: usize = MAGIC.len() + BUILD_ID.len() + 8 + 8 + 8;

/// The cache directory of this build, if the environment names a home for caches.
pub fn cache_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
        let base = std::env::var_os("XDG_CACHE_HOME")
            .and_then(absolute)
            .or_else(|| {
                std::env::var_os("HOME")
                    .and_then(absolute)
                    .map(|h| h.join(".cache"))
            })?;
        Some(base.join("minipy").join(BUILD_ID))
    })
    .as_deref()
}

/// The cache file of bundled module `name` (characters other than letters, digits, `.`,
/// `_` and `-` become `_`: `<frozen threading>` is `_frozen_threading_.mpc`).
pub fn cache_file(name: &str) -> Option<PathBuf> {
    let stem: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => c,
            _ => '_',
        })
        .collect();
    Some(cache_dir()?.join(format!("{stem}.mpc")))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// The payload of a cache file, if `file` is a whole, current cache file for module `name`.
fn read_payload<'f>(file: &'f [u8], name: &str) -> Option<&'f [u8]> {
    let (header, payload) = file.split_at_checked(HEADER_LEN)?;
    let (magic, rest) = header.split_at(MAGIC.len());
    let (build, rest) = rest.split_at(BUILD_ID.len());
    let field = |i: usize| u64::from_le_bytes(rest[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
    let fits = magic == MAGIC
        && build == BUILD_ID.as_bytes()
        && field(0) == hash(name.as_bytes())
        && field(1) == payload.len() as u64
        && field(2) == hash(payload);
    fits.then_some(payload)
}

/// What a module file's cache entry is valid for: its absolute path, modification time (to
/// the nanosecond) and size. (One cache file per path, named by the path's hash: a changed
/// file's entry is replaced.)
fn file_key(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let absolute = std::path::absolute(path).ok()?;
    Some(format!(
        "{}\0{}.{:09}\0{}",
        absolute.display(),
        mtime.as_secs(),
        mtime.subsec_nanos(),
        meta.len()
    ))
}

/// Whether file `path` was last modified more than two seconds ago.
fn settled(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(2))
}

/// Writes `payload` as the cache file `path` of module `name`: whole or not at all.
fn write_file(path: &Path, name: &str, payload: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(BUILD_ID.as_bytes());
    bytes.extend_from_slice(&hash(name.as_bytes()).to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&hash(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("code");
    let temp = dir.join(format!(
        ".{stem}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(&bytes))
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

impl<R: Runtime> Vm<R> {
    /// The code object of bundled module `name` (source `source`; `name` also names its
    /// cache file): from the cache if it has a good copy, else compiled now (and the cache
    /// written, unless that is turned off). Also for the Python parts of native modules.
    pub fn bundled_code(
        &self,
        name: &str,
        source: &'static str,
        filename: &str,
    ) -> PyResult<Arc<Code<R>>, R> {
        let file = cache_file(name);
        if let Some(code) = file
            .as_deref()
            .and_then(|f| self.load_cached(f, name, filename))
        {
            self.interp
                .sources
                .lock()
                .insert(Arc::from(filename), super::SourceText::Bundled(source));
            return Ok(code);
        }
        let code = self.compile(source, filename, Mode::Module)?;
        if let Some(file) = file {
            if !self.dont_write_bytecode() {
                if let Some(payload) = serial::encode(&code) {
                    let _ = write_file(&file, name, &payload);
                }
            }
        }
        Ok(code)
    }

    /// The code object of module file `path`: from the cache if it holds one compiled from
    /// this file as it is now (the same absolute path, modification time and size), else
    /// compiled now (and the cache written, unless that is turned off). The source is read
    /// either way, for tracebacks (that is cheap; parsing and compiling is not).
    pub fn file_code(&self, path: &Path, filename: &str) -> PyResult<Arc<Code<R>>, R> {
        let source = self.read_module_source(path, filename)?;
        let cache = file_key(path).and_then(|key| {
            let absolute = key.split('\0').next().unwrap_or_default();
            let file = cache_dir()?.join(format!("file-{:016x}.mpc", hash(absolute.as_bytes())));
            Some((file, key))
        });
        if let Some((file, key)) = &cache {
            if let Some(code) = self.load_cached(file, key, filename) {
                self.interp.sources.lock().insert(
                    Arc::from(filename),
                    super::SourceText::from(source.as_str()),
                );
                return Ok(code);
            }
        }
        let code = self.compile(&source, filename, Mode::Module)?;
        if let Some((file, key)) = cache {
            // A file changed in the last moments may change again within the granularity of
            // its modification time (the kernel's clock tick), keeping its size: an entry for
            // it could later pass for the new text. Such files are cached on a later import.
            if !self.dont_write_bytecode() && settled(path) {
                if let Some(payload) = serial::encode(&code) {
                    let _ = write_file(&file, &key, &payload);
                }
            }
        }
        Ok(code)
    }

    /// The code in cache file `path`, if it is a good one.
    fn load_cached(&self, path: &Path, name: &str, filename: &str) -> Option<Arc<Code<R>>> {
        let bytes = std::fs::read(path).ok()?;
        read_payload(&bytes, name)?;
        let str_value = |s: &str| self.cached_str(s);
        let str_key = |s: &str| self.cached_key(s);
        let makers = Makers {
            str_value: &str_value,
            str_key: &str_key,
        };
        serial::decode(bytes, HEADER_LEN, filename, &makers).map(Arc::new)
    }

    /// A str constant read from the cache, made as the compiler makes it (identifiers
    /// interned).
    fn cached_str(&self, s: &str) -> Value<R> {
        if crate::compiler::interns(s) {
            self.intern(s)
        } else {
            self.new_str(s)
        }
    }

    /// A name read from the cache.
    fn cached_key(&self, s: &str) -> crate::objects::DictKey<R> {
        self.interned_key(s)
    }

    /// The whole code of `stub`, a function's code whose body the cache left undecoded
    /// (`Code::lazy`; `DecodeBody` runs this): decoded on the first call and kept. Should the
    /// bytes not decode (the file's checksum makes that all but impossible), the module's
    /// source is compiled again and the function's code taken from it; failing that too,
    /// a SystemError. Two threads may decode the same body at once (under `--no-gil`): the
    /// first to finish is kept and both run it.
    ///
    /// A function made before its body was decoded keeps the stub, so every call of it runs
    /// `DecodeBody`: finding the kept body is inline (a load and a test), the decoding out
    /// of line.
    #[inline(always)]
    pub fn decoded_body(&self, stub: &Code<R>) -> PyResult<*const Code<R>, R> {
        let Some(lazy) = &stub.lazy else {
            return Ok(stub);
        };
        match lazy.get() {
            Some(full) => Ok(Arc::as_ptr(full)),
            None => self.decode_body(stub, lazy),
        }
    }

    /// [`Vm::decoded_body`]'s first call: decodes the body and keeps it.
    #[cold]
    #[inline(never)]
    fn decode_body(
        &self,
        stub: &Code<R>,
        lazy: &crate::bytecode::serial::LazyBody<R>,
    ) -> PyResult<*const Code<R>, R> {
        let str_value = |s: &str| self.cached_str(s);
        let str_key = |s: &str| self.cached_key(s);
        let makers = Makers {
            str_value: &str_value,
            str_key: &str_key,
        };
        let full = match lazy.decode(stub, &makers) {
            Some(code) => Arc::new(code),
            None => self.recompiled(stub).ok_or_else(|| {
                PyErr::new(
                    ExcKind::SystemError,
                    format!(
                        "bad bytecode cache entry for {} ({})",
                        stub.qualname, stub.filename
                    ),
                )
            })?,
        };
        Ok(Arc::as_ptr(lazy.set(full)))
    }

    /// `stub`'s code compiled afresh from its module's source: the code of the same name
    /// and first line.
    fn recompiled(&self, stub: &Code<R>) -> Option<Arc<Code<R>>> {
        let source = self.interp.sources.lock().get(&*stub.filename)?.clone();
        let module = self.compile(&source, &stub.filename, Mode::Module).ok()?;
        fn find<R: Runtime>(code: &Code<R>, stub: &Code<R>) -> Option<Arc<Code<R>>> {
            code.consts.iter().find_map(|c| match c.kind() {
                Some(ObjKind::Code(inner)) => {
                    let same = inner.qualname == stub.qualname
                        && inner.first_line == stub.first_line
                        && inner.flags == stub.flags
                        && inner.varnames == stub.varnames;
                    if same {
                        Some(inner.clone())
                    } else {
                        find(inner, stub)
                    }
                }
                _ => None,
            })
        }
        find(&module, stub)
    }

    /// `sys.dont_write_bytecode` (as set at start-up when `sys` is not imported yet).
    fn dont_write_bytecode(&self) -> bool {
        let from_sys = self
            .sys_modules_get("sys")
            .and_then(|sys| match sys.kind() {
                Some(ObjKind::Module(m)) => {
                    super::eval::dict_get(&m.dict, &self.static_key("dont_write_bytecode"))
                }
                _ => None,
            });
        match from_sys {
            Some(v) => !matches!(v, Value::None | Value::Bool(false) | Value::Int(0)),
            None => self.interp.options.dont_write_bytecode,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Gil;
    use crate::vm::bundled::{bundled_filename, BUNDLED_LIB};
    use crate::vm::Interp;

    /// Runs `f` with a fresh interpreter (on a thread with a deep enough stack).
    fn with_vm(f: impl FnOnce(&mut Vm<Gil>) + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                let interp =
                    Interp::<Gil>::new(Default::default(), crate::runtime_setup::natives());
                let mut vm = Vm::new_main(interp, 64 * 1024 * 1024);
                f(&mut vm);
            })
            .expect("spawn")
            .join()
            .expect("test thread");
    }

    /// `payload` decoded as an import does (function bodies left for their first call).
    fn decode(vm: &Vm<Gil>, payload: &[u8], filename: &str) -> Option<Code<Gil>> {
        let str_value = |s: &str| vm.cached_str(s);
        let str_key = |s: &str| vm.cached_key(s);
        let makers = Makers {
            str_value: &str_value,
            str_key: &str_key,
        };
        serial::decode(payload.to_vec(), 0, filename, &makers)
    }

    /// `payload` decoded whole, every function body included.
    fn decode_eagerly(vm: &Vm<Gil>, payload: &[u8], filename: &str) -> Option<Code<Gil>> {
        let str_value = |s: &str| vm.cached_str(s);
        let str_key = |s: &str| vm.cached_key(s);
        let makers = Makers {
            str_value: &str_value,
            str_key: &str_key,
        };
        serial::decode_eagerly(payload.to_vec(), 0, filename, &makers)
    }

    /// Decodes every function body left undecoded in `code` and the code under it, as their
    /// first calls would; false if one does not decode.
    fn decode_bodies(vm: &Vm<Gil>, code: &Code<Gil>) -> bool {
        let str_value = |s: &str| vm.cached_str(s);
        let str_key = |s: &str| vm.cached_key(s);
        let makers = Makers {
            str_value: &str_value,
            str_key: &str_key,
        };
        let code = match &code.lazy {
            Some(lazy) => match lazy.get() {
                Some(full) => full.clone(),
                None => match lazy.decode(code, &makers) {
                    Some(full) => lazy.set(Arc::new(full)).clone(),
                    None => return false,
                },
            },
            None => {
                return code.consts.iter().all(|c| match c.kind() {
                    Some(ObjKind::Code(inner)) => decode_bodies(vm, inner),
                    _ => true,
                })
            }
        };
        code.validate() && decode_bodies(vm, &code)
    }

    /// Every module of the library encodes (no constant of a kind the format lacks), and
    /// decodes to code that encodes to the same bytes.
    #[test]
    fn every_bundled_module_round_trips() {
        with_vm(|vm| {
            for (name, source, _) in BUNDLED_LIB {
                let filename = bundled_filename(name);
                let code = vm
                    .compile(source, &filename, Mode::Module)
                    .unwrap_or_else(|_| panic!("compile {name}"));
                let bytes = serial::encode(&code).unwrap_or_else(|| panic!("encode {name}"));
                let back = decode_eagerly(vm, &bytes, &filename)
                    .unwrap_or_else(|| panic!("decode {name}"));
                assert_eq!(serial::encode(&back).as_deref(), Some(&bytes[..]), "{name}");
                assert_eq!(back.ops, code.ops, "{name}");
                assert_eq!(&*back.filename, filename.as_str());
                // Decoded as an import does, with every body then decoded on demand: the same.
                let lazy = decode(vm, &bytes, &filename).unwrap_or_else(|| panic!("{name}"));
                assert!(decode_bodies(vm, &lazy), "{name}");
                assert!(serial::encode(&lazy) == Some(bytes), "{name}");
            }
        });
    }

    /// Constants of every kind, nested code with cells, defaults, docstrings, keyword calls.
    #[test]
    fn constants_of_every_kind_round_trip() {
        with_vm(|vm| {
            let source = "a = (None, True, False, 0, -7, 2**70, 123456789012345678901234567890, \
                          -98765432109876543210, 1.5, -0.0, float('inf'), 3j, 'x', 'two words', \
                          '\u{e9}t\u{e9}', b'\\x00\\xff', ..., ())\n\
                          def f(x, /, y=2, *args, z, **kw):\n    'doc'\n    def g():\n        \
                          nonlocal x\n        x += 1\n        return x\n    return g\n\
                          async def h():\n    async for i in a:\n        yield i\n\
                          print(f(1, z=3)(), sep='')\n";
            let code = vm.compile(source, "<test>", Mode::Module).expect("compile");
            let bytes = serial::encode(&code).expect("encode");
            let back = decode_eagerly(vm, &bytes, "<test>").expect("decode");
            assert_eq!(serial::encode(&back), Some(bytes.clone()));
            for i in 0..code.ops.len() {
                assert_eq!(back.positions.line(i), code.positions.line(i));
                assert_eq!(back.positions.span(i), code.positions.span(i));
            }
            let main = vm.main_module();
            assert!(vm.run_code(Arc::new(back), &main).is_ok());
            // Run with the function bodies decoded by their first calls.
            let lazy = decode(vm, &bytes, "<test>").expect("decode");
            assert!(vm.run_code(Arc::new(lazy), &main).is_ok());
        });
    }

    /// A loop's closing `JumpForIter` is refused unless it reaches a `ForIter`: the loop
    /// takes the instruction at its target as one without looking.
    #[test]
    fn a_loop_jump_must_reach_a_for_iter() {
        with_vm(|vm| {
            let code = vm
                .compile("for x in 'ab':\n    y = x\n", "<t>", Mode::Module)
                .expect("compile");
            assert!(code.validate());
            let at = code
                .ops
                .iter()
                .position(|op| matches!(op, crate::bytecode::Op::JumpForIter(_)))
                .expect("the loop's closing jump");
            let mut damaged = std::sync::Arc::into_inner(code).expect("the only reference");
            damaged.ops[at] = crate::bytecode::Op::JumpForIter(0);
            assert!(!matches!(damaged.ops[0], crate::bytecode::Op::ForIter(_)));
            assert!(!damaged.validate());
        });
    }

    /// Code that would pop below the bottom of its stack is refused: the loop pops without
    /// testing for an empty stack (an instruction made to read more than is there, and a
    /// value that an instruction needs taken off before it).
    #[test]
    fn reading_below_the_stack_is_refused() {
        use crate::bytecode::Op;
        with_vm(|vm| {
            let code = vm
                .compile(
                    "x = 1
y = x + 2
",
                    "<t>",
                    Mode::Module,
                )
                .expect("compile");
            assert!(code.validate());
            let mut damaged = std::sync::Arc::into_inner(code).expect("the only reference");
            let add = damaged
                .ops
                .iter()
                .position(|op| matches!(op, Op::BinaryOp(_) | Op::BinaryFastConst(_)))
                .expect("the addition");
            let mut short = damaged.ops.clone();
            short[add] = Op::RotFour;
            damaged.ops = short;
            assert!(!damaged.validate());
            let mut popped = damaged.ops.clone();
            popped[add] = Op::PopTop;
            popped.insert(add, Op::PopTop);
            damaged.ops = popped;
            assert!(!damaged.validate());
        });
    }

    /// A damaged payload decodes to nothing (never a panic): every truncation, and every
    /// single changed byte decodes to nothing or to valid code.
    #[test]
    fn damaged_payloads_never_panic() {
        with_vm(|vm| {
            let (_, source, _) = BUNDLED_LIB
                .iter()
                .find(|(n, _, _)| *n == "keyword")
                .expect("keyword module");
            let code = vm.compile(source, "<k>", Mode::Module).expect("compile");
            let bytes = serial::encode(&code).expect("encode");
            for cut in 0..bytes.len() {
                assert!(decode(vm, &bytes[..cut], "<k>").is_none(), "cut at {cut}");
                assert!(decode_eagerly(vm, &bytes[..cut], "<k>").is_none());
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(decode(vm, &longer, "<k>").is_none());
            for i in 0..bytes.len() {
                for flip in [0x01, 0x80, 0xff] {
                    let mut damaged = bytes.clone();
                    damaged[i] ^= flip;
                    if let Some(c) = decode(vm, &damaged, "<k>") {
                        assert!(c.validate());
                        // A function body is checked when decoded: valid code or nothing.
                        decode_bodies(vm, &c);
                    }
                    if let Some(c) = decode_eagerly(vm, &damaged, "<k>") {
                        assert!(c.validate() && decode_bodies(vm, &c));
                    }
                }
            }
        });
    }

    /// A function body that does not decode (the file's checksum guards against that, so
    /// this takes bytes damaged behind its back) is compiled again from the module's source
    /// on the first call; without the source the call is a SystemError, never a crash.
    #[test]
    fn an_undecodable_body_is_compiled_again() {
        with_vm(|vm| {
            let source = "def f(n):\n    return [n * k for k in range(3)]\nresult = f(7)\n";
            let code = vm.compile(source, "<lazy>", Mode::Module).expect("compile");
            let mut bytes = serial::encode(&code).expect("encode");
            vm.interp.sources.lock().remove("<lazy>");
            let stub = decode(vm, &bytes, "<lazy>").expect("decode");
            let f = stub
                .consts
                .iter()
                .find_map(|c| match c.kind() {
                    Some(ObjKind::Code(inner)) if inner.lazy.is_some() => Some(inner.clone()),
                    _ => None,
                })
                .expect("a function left undecoded");
            let (at, end) = f.lazy.as_ref().expect("stub").span();
            bytes[at..end].fill(0xff);
            let run = |vm: &mut Vm<Gil>| {
                let damaged = decode(vm, &bytes, "<lazy>").expect("the module still decodes");
                let main = vm.main_module();
                let result = vm.run_code(Arc::new(damaged), &main);
                let value = vm.sys_modules_get("__main__").and_then(|m| match m.kind() {
                    Some(ObjKind::Module(m)) => {
                        super::super::eval::dict_get(&m.dict, &vm.str_key("result"))
                    }
                    _ => None,
                });
                (result.is_ok(), value.and_then(|v| vm.repr(&v).ok()))
            };
            let (ok, value) = run(vm);
            assert!(!ok, "no source: the call fails cleanly");
            assert_eq!(value, None);
            vm.interp
                .sources
                .lock()
                .insert(Arc::from("<lazy>"), super::super::SourceText::from(source));
            let (ok, value) = run(vm);
            assert!(ok);
            assert_eq!(value.as_deref(), Some("[0, 7, 14]"));
        });
    }

    /// The header check: the right module and build, the whole payload, its checksum.
    #[test]
    fn cache_file_headers_are_checked() {
        let dir = std::env::temp_dir().join(format!("minipy-code-cache-{}", std::process::id()));
        let path = dir.join("m.mpc");
        write_file(&path, "m", b"payload").expect("write");
        let file = std::fs::read(&path).expect("read");
        assert_eq!(read_payload(&file, "m"), Some(&b"payload"[..]));
        assert_eq!(read_payload(&file, "n"), None);
        assert_eq!(read_payload(&file[..file.len() - 1], "m"), None);
        let mut changed = file.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(read_payload(&changed, "m"), None);
        let mut other_build = file.clone();
        other_build[MAGIC.len()] ^= 1;
        assert_eq!(read_payload(&other_build, "m"), None);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("m.mpc")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
