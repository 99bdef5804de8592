//! minipy must never panic, overflow its stack or hang, whatever it is given: garbage bytes,
//! NUL bytes, unterminated strings, huge lines, deep nesting in the source or at run time,
//! unbounded recursion, a reader that goes away. Each case has a time limit and checks the
//! exit status CPython 3.11 gives (0 or 1) and that stderr has no Rust panic message.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long one case may run before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("robustness")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// Waits for `child`, killing it and failing the test after [`TIMEOUT`].
fn wait_or_kill(child: &mut Child, what: &str) -> Option<i32> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait for minipy") {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: minipy did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads a whole pipe on a thread of its own.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Writes `source` to `dir/prog.mp` and runs `minipy prog.mp` there, stdin empty.
fn run_program(test: &str, source: impl AsRef<[u8]>) -> Run {
    let dir = scratch(test);
    std::fs::write(dir.join("prog.mp"), source).expect("write prog.mp");
    run_in(&dir, test)
}

fn run_in(dir: &Path, test: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("prog.mp")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let stdout = drain(child.stdout.take().expect("stdout pipe"));
    let stderr = drain(child.stderr.take().expect("stderr pipe"));
    let code = wait_or_kill(&mut child, test);
    let run = Run {
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        code,
    };
    assert_no_crash(test, &run);
    run
}

/// No panic message, no death by signal (a stack overflow aborts with SIGABRT or SIGSEGV).
fn assert_no_crash(test: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("stack overflow"),
        "{test}: minipy crashed:\n{}",
        tail(&run.stderr)
    );
    assert!(
        run.code.is_some(),
        "{test}: minipy was killed by a signal; stderr:\n{}",
        tail(&run.stderr)
    );
}

/// The last few hundred bytes of a long text, for failure messages.
fn tail(text: &str) -> &str {
    let mut start = text.len().saturating_sub(600);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// The last line of stderr, where the exception's type and message are.
fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or("")
}

/// A small deterministic generator (xorshift), so the garbage is the same on every run.
struct Garbage(u64);

impl Garbage {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn binary_garbage_is_a_syntax_error() {
    let mut garbage = Garbage(0x9e37_79b9_7f4a_7c15);
    for round in 0..5 {
        let run = run_program("garbage", garbage.bytes(4096));
        assert_eq!(run.code, Some(1), "round {round}: {}", tail(&run.stderr));
        assert!(
            run.stderr.contains("SyntaxError"),
            "round {round}: {}",
            tail(&run.stderr)
        );
    }
}

#[test]
fn token_soup_never_crashes() {
    // Valid UTF-8 made of Python's own pieces, in random order: each program must be run or
    // rejected (status 0 or 1), never crash.
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", ":", ",", "\n", "    ", "\t", "if", "def", "x", "1", "'a'",
        "\"\"\"", "f'{", "}'", "lambda", "=", "+", "*", "**", "@", "\\", "#", "yield", "class",
        "return", ".", "0x", "1e", "1_", "-", "not", "in", "is", ";", "é", "\u{200b}", "\r", "'",
        "\"", "{x!r:>5}", "f'", "b'", "r'", "while", "else", ":=", "...", "0.5j",
    ];
    let mut garbage = Garbage(42);
    let dir = scratch("token_soup");
    for round in 0..60 {
        let count = 1 + (garbage.next() % 60) as usize;
        let mut source = String::new();
        for _ in 0..count {
            source.push_str(PIECES[(garbage.next() % PIECES.len() as u64) as usize]);
            if garbage.next() & 1 == 0 {
                source.push(' ');
            }
        }
        std::fs::write(dir.join("prog.mp"), &source).expect("write prog.mp");
        let run = run_in(&dir, "token_soup");
        assert!(
            matches!(run.code, Some(0 | 1)),
            "round {round}: exit {:?} for {source:?}\n{}",
            run.code,
            tail(&run.stderr)
        );
    }
}

#[test]
fn nul_byte_is_a_syntax_error() {
    let run = run_program("nul", b"x = 1\0\nprint(x)\n");
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert_eq!(
        last_line(&run.stderr),
        "SyntaxError: source code cannot contain null bytes"
    );
}

#[test]
fn unterminated_strings_are_syntax_errors() {
    for (source, message) in [
        (
            "s = 'abc\n",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "s = \"\"\"abc\nmore\n",
            "SyntaxError: unterminated triple-quoted string literal (detected at line 2)",
        ),
        (
            "s = 'abc",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
    ] {
        let run = run_program("unterminated", source);
        assert_eq!(run.code, Some(1), "{source:?}");
        assert_eq!(last_line(&run.stderr), message, "{source:?}");
    }
}

#[test]
fn ten_megabyte_string_line_runs() {
    let mut source = String::with_capacity(10_000_100);
    source.push_str("x = '");
    source.push_str(&"a".repeat(10_000_000));
    source.push_str("'\nprint(len(x))\n");
    let run = run_program("ten_mb_string", source);
    assert_eq!(run.stdout, "10000000\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn ten_megabyte_expression_line_fails_cleanly() {
    // CPython 3.11 gives up on this line too (RecursionError during compilation).
    let mut source = String::from("x = ");
    source.push_str(&"1 + ".repeat(2_500_000));
    source.push_str("1\nprint(x)\n");
    let run = run_program("ten_mb_expression", source);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
}

#[test]
fn ten_megabyte_line_of_garbage_fails_cleanly() {
    let source = "@#$ ".repeat(2_500_000);
    let run = run_program("ten_mb_garbage", source);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("SyntaxError"), "{}", tail(&run.stderr));
}

#[test]
fn hundred_thousand_nested_parentheses_fail_cleanly() {
    let source = format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
    let run = run_program("nested_parens", source);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        last_line(&run.stderr),
        "SyntaxError: too many nested parentheses"
    );
}

#[test]
fn hundred_thousand_unclosed_brackets_fail_cleanly() {
    let run = run_program("unclosed_brackets", "[".repeat(100_000));
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("SyntaxError"), "{}", tail(&run.stderr));
}

#[test]
fn deeply_nested_blocks_fail_cleanly() {
    // 200 nested `if`s: past CPython's limit of 100 indentation levels.
    let mut source = String::new();
    for depth in 0..200 {
        source.push_str(&" ".repeat(depth));
        source.push_str("if True:\n");
    }
    source.push_str(&" ".repeat(200));
    source.push_str("print('deep')\n");
    let run = run_program("nested_blocks", source);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        last_line(&run.stderr),
        "IndentationError: too many levels of indentation"
    );
}

#[test]
fn deep_list_nesting_built_at_run_time_is_freed() {
    let run = run_program(
        "deep_list",
        "x = []\nfor i in range(100000):\n    x = [x]\ndepth = 0\ny = x\nwhile y:\n    y = y[0]\n    depth += 1\nprint(depth)\ndel x, y\nprint('dropped')\n",
    );
    assert_eq!(run.stdout, "100000\ndropped\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn deep_dict_and_instance_chains_are_freed() {
    let run = run_program(
        "deep_chains",
        "d = {}\nfor i in range(100000):\n    d = {'k': d, 't': (d,)}\nd = None\nclass Node:\n    pass\nn = None\nfor i in range(100000):\n    m = Node()\n    m.next = n\n    n = m\nn = m = None\nprint('ok')\n",
    );
    assert_eq!(run.stdout, "ok\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn repr_of_deep_nesting_is_a_recursion_error() {
    let run = run_program(
        "deep_repr",
        "x = []\nfor i in range(100000):\n    x = [x]\ns = repr(x)\n",
    );
    assert_eq!(run.code, Some(1));
    assert!(
        last_line(&run.stderr).starts_with("RecursionError: maximum recursion depth exceeded"),
        "{}",
        tail(&run.stderr)
    );
}

#[test]
fn comparing_deep_nesting_is_a_recursion_error() {
    let run = run_program(
        "deep_compare",
        "x = []\ny = []\nfor i in range(1000000):\n    x = [x]\n    y = [y]\nprint(x == y)\n",
    );
    assert_eq!(run.code, Some(1));
    assert!(
        last_line(&run.stderr).starts_with("RecursionError: maximum recursion depth exceeded"),
        "{}",
        tail(&run.stderr)
    );
}

#[test]
fn infinite_recursion_is_a_recursion_error() {
    let run = run_program("recursion", "def r(n):\n    return r(n + 1)\nr(0)\n");
    assert_eq!(run.code, Some(1));
    assert_eq!(
        last_line(&run.stderr),
        "RecursionError: maximum recursion depth exceeded"
    );
    assert!(run.stderr.contains("[Previous line repeated "));
}

#[test]
fn recursion_through_methods_and_dunders_is_a_recursion_error() {
    for (name, source) in [
        (
            "init",
            "class A:\n    def __init__(self):\n        A()\nA()\n",
        ),
        (
            "getattr",
            "class A:\n    def __getattr__(self, name):\n        return self.missing\nA().x\n",
        ),
        (
            "repr",
            "class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())\n",
        ),
        (
            "eq",
            "class A:\n    def __eq__(self, o):\n        return self == o\nA() == A()\n",
        ),
        (
            "sorted_key",
            "def g():\n    return sorted([1, 2], key=lambda k: g())\ng()\n",
        ),
        (
            "comprehension",
            "def f(n):\n    return [f(n + 1) for _ in [1]]\nf(0)\n",
        ),
    ] {
        let run = run_program("recursion_dunders", source);
        assert_eq!(run.code, Some(1), "{name}: {}", tail(&run.stderr));
        assert!(
            last_line(&run.stderr).starts_with("RecursionError: maximum recursion depth exceeded"),
            "{name}: {}",
            tail(&run.stderr)
        );
    }
}

#[test]
fn raised_recursion_limit_gives_a_result_or_a_recursion_error() {
    for (depth, limit) in [(90_000, 100_000), (10_000_000, 100_000_000)] {
        let source = format!(
            "import sys\nsys.setrecursionlimit({limit})\ndef r(n):\n    if n == 0:\n        return 0\n    return 1 + r(n - 1)\nprint(r({depth}))\n"
        );
        let run = run_program("raised_limit", source);
        match run.code {
            Some(0) => assert_eq!(run.stdout, format!("{depth}\n")),
            Some(1) => assert!(
                last_line(&run.stderr).starts_with("RecursionError"),
                "depth {depth}: {}",
                tail(&run.stderr)
            ),
            other => panic!("depth {depth}: exit {other:?}\n{}", tail(&run.stderr)),
        }
    }
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    // `minipy prog.mp | head -1`: the reader goes away after one line.
    let dir = scratch("broken_pipe");
    std::fs::write(
        dir.join("prog.mp"),
        "for i in range(1000000):\n    print(i)\n",
    )
    .expect("write prog.mp");
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("prog.mp")
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let stderr = drain(child.stderr.take().expect("stderr pipe"));
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().expect("stdout pipe"));
        reader.read_line(&mut first).expect("read the first line");
    } // the pipe closes here
    let code = wait_or_kill(&mut child, "broken_pipe");
    let stderr = stderr.join().expect("stderr reader");
    assert_eq!(first, "0\n");
    assert!(
        !stderr.contains("panicked") && !stderr.to_lowercase().contains("failed printing"),
        "{}",
        tail(&stderr)
    );
    // CPython exits 1 with BrokenPipeError; ending quietly with 0 is fine too.
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        tail(&stderr)
    );
}

#[test]
fn stdin_program_that_is_garbage_fails_cleanly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("-")
        .current_dir(scratch("stdin_garbage"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut stdin = child.stdin.take().expect("stdin pipe");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&Garbage(7).bytes(100_000));
    });
    let stdout = drain(child.stdout.take().expect("stdout pipe"));
    let stderr = drain(child.stderr.take().expect("stderr pipe"));
    let code = wait_or_kill(&mut child, "stdin_garbage");
    let _ = writer.join();
    let run = Run {
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        code,
    };
    assert_no_crash("stdin_garbage", &run);
    assert!(matches!(run.code, Some(1 | 2)), "{run:?}");
}
