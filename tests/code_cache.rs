//! The bytecode cache of the bundled library (`vm::code_cache`): a run that reads the cache
//! behaves as one that compiles; damaged cache files are ignored and rewritten; a cache
//! directory that cannot be made only means compiling; `-B`, `PYTHONDONTWRITEBYTECODE` and
//! `sys.dont_write_bytecode` stop the writing; processes importing at once all work.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Imports bundled modules and uses them, including a traceback through bundled code (its
/// line numbers and carets come from the code object's tables) and docstrings.
const PROGRAM: &str = r#"
import json, dataclasses, functools, collections, enum, textwrap
print(json.dumps({"a": [1, 2.5, None, True], "b": "x\u00e9"}, sort_keys=True))
print(json.loads('{"k": [1, 2, {"z": -3e5}]}'))
@dataclasses.dataclass(frozen=True)
class P:
    x: int
    y: float = 0.5
print(P(3), P(1, 2) == P(1, 2), hash(P(1)) == hash(P(1)))
print(functools.reduce(lambda a, b: a * b, range(1, 20)))
print(functools.partial.__doc__ is None, bool(json.dumps.__doc__))
c = collections.Counter("mississippi")
print(c.most_common(2), collections.OrderedDict(a=1))
class Color(enum.Enum):
    RED = 1
    BLUE = 2
print(Color.BLUE, list(Color), textwrap.fill("a b c d e f", 5))
try:
    json.loads("[1, 2")
except json.JSONDecodeError as e:
    print("error:", e)
import traceback
try:
    functools.reduce(lambda a, b: a + b, [])
except TypeError:
    print(traceback.format_exc().strip().splitlines()[-1])
"#;

/// A fresh scratch directory holding `main.mp`.
fn setup(test: &str) -> PathBuf {
    let dir = common::scratch("code_cache", test);
    std::fs::write(dir.join("main.mp"), PROGRAM).expect("write program");
    dir
}

/// Runs `minipy ARGS... main.mp` in `dir` with `XDG_CACHE_HOME=cache` and `env`.
fn run(dir: &Path, cache: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minipy"));
    command
        .args(args)
        .arg("main.mp")
        .current_dir(dir)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("PYTHONDONTWRITEBYTECODE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run minipy")
}

/// The output of a run that must succeed.
fn ok(out: Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "minipy failed:\n{stderr}");
    assert!(stderr.is_empty(), "unexpected stderr:\n{stderr}");
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Every cache file (`*.mpc`) under `dir`, sorted.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

fn named(files: &[PathBuf], name: &str) -> PathBuf {
    files
        .iter()
        .find(|p| p.file_name().and_then(|n| n.to_str()) == Some(name))
        .unwrap_or_else(|| panic!("no cache file {name} among {files:?}"))
        .clone()
}

#[test]
fn a_cache_hit_behaves_as_a_compile() {
    let dir = setup("hit");
    let cache = dir.join("cache");
    let compiled = ok(run(&dir, &cache, &[], &[]));
    let files = cache_files(&cache);
    for name in [
        "json.decoder.mpc",
        "dataclasses.mpc",
        "functools.mpc",
        "enum.mpc",
    ] {
        named(&files, name);
    }
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "mpc")),
        "stray files left in the cache: {files:?}"
    );
    let before: Vec<_> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let cached = ok(run(&dir, &cache, &[], &[]));
    assert_eq!(compiled, cached);
    assert!(cached.contains("error: Expecting ',' delimiter: line 1 column 6 (char 5)"));
    assert!(cached.contains("TypeError: reduce() of empty iterable with no initial value"));
    // A hit rewrites nothing.
    let after: Vec<_> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(before, after);
    assert_eq!(cache_files(&cache), files);
    // And both agree with a run that neither reads nor writes a cache.
    let uncached = ok(run(&dir, &dir.join("other"), &["-B"], &[]));
    assert_eq!(compiled, uncached);
}

#[test]
fn a_traceback_through_cached_code_names_the_same_lines() {
    let dir = common::scratch("code_cache", "traceback");
    std::fs::write(
        dir.join("main.mp"),
        "import json\njson.loads('{\"a\": }')\n",
    )
    .expect("write");
    let cache = dir.join("cache");
    let first = run(&dir, &cache, &[], &[]);
    let second = run(&dir, &cache, &[], &[]);
    assert_eq!(first.status.code(), Some(1));
    assert_eq!(second.status.code(), Some(1));
    let text = String::from_utf8_lossy(&first.stderr).to_string();
    assert!(text.contains("<frozen json.decoder>"), "{text}");
    assert_eq!(text, String::from_utf8_lossy(&second.stderr));
}

#[test]
fn damaged_cache_files_are_ignored_and_rewritten() {
    let dir = setup("damaged");
    let cache = dir.join("cache");
    let expected = ok(run(&dir, &cache, &[], &[]));
    let files = cache_files(&cache);
    let good: Vec<_> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    // Truncated: at every size from nothing to one byte short, for one small module.
    let small = named(&files, "functools.mpc");
    let whole = std::fs::read(&small).unwrap();
    for cut in [0, 1, 7, 20, 47, 48, 49, whole.len() / 2, whole.len() - 1] {
        std::fs::write(&small, &whole[..cut]).unwrap();
        assert_eq!(ok(run(&dir, &cache, &[], &[])), expected, "cut at {cut}");
        assert_eq!(
            std::fs::read(&small).unwrap(),
            whole,
            "rewritten after cut {cut}"
        );
    }
    // Corrupt: a byte changed in the payload, in the header, garbage, an empty file.
    let decoder = named(&files, "json.decoder.mpc");
    let mut flipped = std::fs::read(&decoder).unwrap();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x5a;
    std::fs::write(&decoder, &flipped).unwrap();
    let dataclasses = named(&files, "dataclasses.mpc");
    let mut header = std::fs::read(&dataclasses).unwrap();
    header[10] ^= 1;
    std::fs::write(&dataclasses, &header).unwrap();
    std::fs::write(named(&files, "enum.mpc"), b"not a cache file at all").unwrap();
    std::fs::write(named(&files, "collections.mpc"), b"").unwrap();
    assert_eq!(ok(run(&dir, &cache, &[], &[])), expected);
    let now: Vec<_> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(now, good, "every damaged file is written whole again");
}

#[test]
fn an_unusable_cache_directory_only_means_compiling() {
    let dir = setup("unusable");
    // XDG_CACHE_HOME is a file: no directory can be made under it.
    let file = dir.join("not-a-directory");
    std::fs::write(&file, "x").unwrap();
    let expected = ok(run(&dir, &dir.join("cache"), &[], &[]));
    assert_eq!(ok(run(&dir, &file, &[], &[])), expected);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    // A relative XDG_CACHE_HOME is ignored (as the XDG rules say): HOME's cache is used.
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = ok(run(
        &dir,
        Path::new("relative"),
        &[],
        &[("HOME", home.to_str().unwrap())],
    ));
    assert_eq!(out, expected);
    assert!(!dir.join("relative").exists());
    assert!(!cache_files(&home.join(".cache").join("minipy")).is_empty());
}

#[test]
fn dont_write_bytecode_writes_nothing() {
    let dir = setup("dont_write");
    let cache = dir.join("cache");
    let expected = ok(run(&dir, &dir.join("reference"), &[], &[]));
    assert_eq!(ok(run(&dir, &cache, &["-B"], &[])), expected);
    assert_eq!(cache_files(&cache), Vec::<PathBuf>::new());
    let env = [("PYTHONDONTWRITEBYTECODE", "1")];
    assert_eq!(ok(run(&dir, &cache, &[], &env)), expected);
    assert_eq!(cache_files(&cache), Vec::<PathBuf>::new());
    // The program sees the setting, and may change it.
    let probe = |args: &[&str], env: &[(&str, &str)], code: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_minipy"))
            .args(args)
            .args(["-c", code])
            .current_dir(&dir)
            .env("XDG_CACHE_HOME", &cache)
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .envs(env.iter().copied())
            .output()
            .expect("run minipy");
        ok(out)
    };
    let show = "import sys; print(sys.dont_write_bytecode)";
    assert_eq!(probe(&["-B"], &[], show), "True\n");
    assert_eq!(probe(&[], &env, show), "True\n");
    assert_eq!(probe(&[], &[], show), "False\n");
    // -E ignores PYTHONDONTWRITEBYTECODE, as CPython does.
    assert_eq!(probe(&["-E"], &env, show), "False\n");
    probe(
        &[],
        &[],
        "import sys; sys.dont_write_bytecode = True; import keyword",
    );
    assert_eq!(cache_files(&cache), Vec::<PathBuf>::new());
    probe(&[], &[], "import keyword");
    named(&cache_files(&cache), "keyword.mpc");
}

#[test]
fn processes_importing_at_once_all_work() {
    let dir = setup("concurrent");
    let cache = dir.join("cache");
    let expected = ok(run(&dir, &dir.join("reference"), &[], &[]));
    for round in 0..2 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_minipy"))
                    .arg("main.mp")
                    .current_dir(&dir)
                    .env("XDG_CACHE_HOME", &cache)
                    .env_remove("PYTHONDONTWRITEBYTECODE")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("start minipy")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert_eq!(ok(out), expected, "round {round}");
        }
    }
    let files = cache_files(&cache);
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "mpc")),
        "temporary files left behind: {files:?}"
    );
}

#[test]
fn threads_importing_at_once_all_work() {
    let dir = common::scratch("code_cache", "threads");
    std::fs::write(
        dir.join("main.mp"),
        "import threading\nout = []\n\
         def work(name):\n    m = __import__(name)\n    out.append((name, m.__name__))\n\
         names = ['json', 'dataclasses', 'fractions' if False else 'textwrap', 'enum']\n\
         ts = [threading.Thread(target=work, args=(n,)) for n in names * 2]\n\
         [t.start() for t in ts]\n[t.join() for t in ts]\nprint(sorted(out))\n",
    )
    .expect("write");
    let cache = dir.join("cache");
    let first = ok(run(&dir, &cache, &[], &[]));
    assert_eq!(ok(run(&dir, &cache, &[], &[])), first);
    assert!(first.contains("('json', 'json')"), "{first}");
}

/// Dates `path` a minute back: files changed in the last two seconds are not cached (their
/// modification time may not tell the next change).
fn make_old(path: &Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
}

/// A module file imported from `sys.path` is cached too (`file-HASH.mpc`): a second run reads
/// the entry instead of rewriting it, a changed file is compiled again and its traceback
/// shows the new line, and `-B` writes nothing.
#[test]
fn module_files_are_cached_while_unchanged() {
    let dir = common::scratch("code_cache", "module_files");
    let cache = dir.join("cache");
    std::fs::write(dir.join("main.mp"), "import helper\nprint(helper.f())\n").expect("write");
    std::fs::write(dir.join("helper.py"), "def f():\n    return 'v1'\n").expect("write");
    make_old(&dir.join("helper.py"));
    let file_entries = || -> Vec<PathBuf> {
        cache_files(&cache)
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("file-"))
            })
            .collect()
    };
    let out = run(&dir, &cache, &["-B"], &[]);
    assert_eq!(ok(out), "v1\n");
    assert!(file_entries().is_empty(), "-B wrote {:?}", file_entries());

    assert_eq!(ok(run(&dir, &cache, &[], &[])), "v1\n");
    let entries = file_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let written = std::fs::metadata(&entries[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(ok(run(&dir, &cache, &[], &[])), "v1\n");
    let read = std::fs::metadata(&entries[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(written, read, "a cache hit rewrote the entry");

    std::fs::write(dir.join("helper.py"), "def f():\n    return 1 / 0\n").expect("write");
    let out = run(&dir, &cache, &[], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        // The markers come from the cached code's spans too.
        stderr
            .ends_with("    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n"),
        "{stderr}"
    );
    assert_eq!(file_entries().len(), 1);
}

/// Function bodies read from the cache are decoded on their first call: many threads making
/// that first call at once (all released together by a barrier), under the GIL and without
/// it, all run the same body, and the run agrees with one that compiled the module.
#[test]
fn threads_making_a_first_call_at_once_all_work() {
    let dir = common::scratch("code_cache", "first_calls");
    let cache = dir.join("cache");
    std::fs::write(
        dir.join("helper.py"),
        "def work(n):\n    total = 0\n    for k in range(n):\n        total += k * k\n    \
         return inner(total)\n\
         def inner(t):\n    return [t % 7, (lambda x: x + 1)(t)]\n\
         class Box:\n    def get(self, n):\n        return work(n)\n",
    )
    .expect("write");
    make_old(&dir.join("helper.py"));
    std::fs::write(
        dir.join("main.mp"),
        "import threading, helper, json\n\
         barrier = threading.Barrier(8)\nout = []\n\
         def go(i):\n    barrier.wait()\n    out.append((i, helper.Box().get(100 + i), \
         json.dumps({'i': i})))\n\
         ts = [threading.Thread(target=go, args=(i,)) for i in range(8)]\n\
         [t.start() for t in ts]\n[t.join() for t in ts]\n\
         print(sorted(out))\n",
    )
    .expect("write");
    for args in [&[][..], &["--no-gil"][..]] {
        let compiled = ok(run(&dir, &dir.join("none"), &[&["-B"], args].concat(), &[]));
        assert!(
            compiled.starts_with("[(0, [1, 328351], '{\"i\": 0}')"),
            "{compiled}"
        );
        // The first run writes the cache; the next ones read it.
        for round in 0..3 {
            assert_eq!(
                ok(run(&dir, &cache, args, &[])),
                compiled,
                "{args:?} {round}"
            );
        }
    }
}
