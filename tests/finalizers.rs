//! What is printed when objects are finalized: CPython's unraisable reports, checked line
//! for line (object addresses aside) in both runtimes.

mod common;

use std::time::Duration;

const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

fn run(name: &str, source: &str, args: &[&str]) -> common::Run {
    common::run_source_file("finalizers", name, source, args, Duration::from_secs(60))
}

/// `stderr` with every `0x...` address cut to `0x`.
fn without_addresses(stderr: &str) -> String {
    let mut out = String::new();
    let mut rest = stderr;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at + 2]);
        rest = rest[at + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

/// A generator freed while suspended in a `finally` that yields: "Exception ignored in", then
/// a traceback of the one frame that freed it (none at exit, when no frame runs), then the
/// RuntimeError, as CPython's unraisable hook prints it.
const GENERATOR_IGNORED_EXIT: &str = r#"def stubborn():
    try:
        yield 1
    finally:
        yield 2


def drop_inside():
    inner = stubborn()
    next(inner)
    inner = None
    return 5


class Holder:
    def __init__(self):
        self.gen = stubborn()
        next(self.gen)


g = stubborn()
next(g)
len("x")
del g
print("deleted")
print(drop_inside())
h = Holder()
h = None
print("holder dropped")
survivor = stubborn()
next(survivor)
print("end")
"#;

/// CPython 3.11's stderr for it.
const EXPECTED: [&str; 17] = [
    "Exception ignored in: <generator object stubborn at 0x>",
    "Traceback (most recent call last):",
    "  File \"gen_ignored.mp\", line 24, in <module>",
    "    del g",
    "RuntimeError: generator ignored GeneratorExit",
    "Exception ignored in: <generator object stubborn at 0x>",
    "Traceback (most recent call last):",
    "  File \"gen_ignored.mp\", line 11, in drop_inside",
    "    inner = None",
    "RuntimeError: generator ignored GeneratorExit",
    "Exception ignored in: <generator object stubborn at 0x>",
    "Traceback (most recent call last):",
    "  File \"gen_ignored.mp\", line 28, in <module>",
    "    h = None",
    "RuntimeError: generator ignored GeneratorExit",
    "Exception ignored in: <generator object stubborn at 0x>",
    "RuntimeError: generator ignored GeneratorExit",
];

#[test]
fn ignored_generator_exit_shows_the_freeing_frame() {
    for args in RUNTIMES {
        let r = run("gen_ignored", GENERATOR_IGNORED_EXIT, args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "deleted\n5\nholder dropped\nend\n", "{args:?}");
        let lines: Vec<String> = without_addresses(&r.stderr)
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(lines, EXPECTED, "{args:?}");
    }
}

/// An async generator freed unfinished with no hooks set is closed on the spot: its finally
/// runs, and one that awaits there is reported as ignoring GeneratorExit; one suspended
/// outside any handler just goes.
const ASYNC_GENERATOR_CLOSED: &str = r#"import types
@types.coroutine
def pause():
    yield "paused"
async def agen():
    try:
        yield 1
    finally:
        print("finally starts")
        await pause()
        print("never")
async def plain():
    yield 1
    print("not reached")
g = agen()
try:
    g.asend(None).send(None)
except StopIteration as e:
    print("got", e.value)
del g
print("after")
p = plain()
try:
    p.asend(None).send(None)
except StopIteration as e:
    print("got", e.value)
del p
print("end")
"#;

/// CPython 3.11's stderr for it.
const ASYNC_EXPECTED: [&str; 5] = [
    "Exception ignored in: <async_generator object agen at 0x>",
    "Traceback (most recent call last):",
    "  File \"agen_ignored.mp\", line 20, in <module>",
    "    del g",
    "RuntimeError: async generator ignored GeneratorExit",
];

#[test]
fn freed_async_generator_is_closed_without_hooks() {
    for args in RUNTIMES {
        let r = run("agen_ignored", ASYNC_GENERATOR_CLOSED, args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stdout, "got 1\nfinally starts\nafter\ngot 1\nend\n",
            "{args:?}"
        );
        let lines: Vec<String> = without_addresses(&r.stderr)
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(lines, ASYNC_EXPECTED, "{args:?}");
    }
}

/// The end of the program closes a generator still suspended inside a `try` or `with`, each
/// way a generator gets there alone (the exit's work is skipped when no generator ever
/// suspended inside one, so every way must be seen): `next()`, a `for` loop that broke out
/// while the generator lives on, a `yield from` delegation, a `with` block, a reference
/// cycle. The outputs are CPython 3.11's.
#[test]
fn exit_closes_each_kind_of_suspended_generator() {
    let prelude = "class R:\n    def __enter__(self):\n        return self\n    \
                   def __exit__(self, *a):\n        print('exit')\n\
                   def guarded():\n    try:\n        yield 1\n        yield 2\n    finally:\n        \
                   print('finally')\n\
                   def inner():\n    yield 1\n    yield 2\n\
                   def outer():\n    try:\n        yield from inner()\n    finally:\n        \
                   print('finally')\n\
                   def using():\n    with R():\n        yield 1\n        yield 2\n\
                   def plain():\n    yield 1\n    yield 2\n";
    let cases = [
        ("next", "g = guarded()\nnext(g)\n", "finally\n"),
        (
            "loop",
            "g = guarded()\nfor x in g:\n    break\n",
            "finally\n",
        ),
        ("yield_from", "g = outer()\nnext(g)\n", "finally\n"),
        ("with", "g = using()\nnext(g)\n", "exit\n"),
        (
            "cycle",
            "class N:\n    pass\nn = N()\nn.n = n\nn.g = guarded()\nnext(n.g)\ndel n\n",
            "finally\n",
        ),
        ("plain", "g = plain()\nnext(g)\nh = guarded()\n", ""),
    ];
    for args in RUNTIMES {
        for (name, body, closing) in cases {
            let source = format!("{prelude}{body}print('end')\n");
            let r = run(&format!("exit_{name}"), &source, args);
            assert_eq!(r.code, Some(0), "{name} {args:?}: {}", r.stderr);
            assert_eq!(r.stdout, format!("end\n{closing}"), "{name} {args:?}");
        }
        // A coroutine never awaited and still held at the end: CPython's warning then.
        let r = run(
            "exit_coroutine",
            "async def work():\n    return 1\nc = work()\nprint('end')\n",
            args,
        );
        assert_eq!(r.stdout, "end\n", "{args:?}");
        assert_eq!(
            r.stderr, "sys:1: RuntimeWarning: coroutine 'work' was never awaited\n",
            "{args:?}"
        );
    }
}
