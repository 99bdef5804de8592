//! The import system seen from outside: `.mp` modules, `sys.path` (the script's directory,
//! `PYTHONPATH`, `-E`, `-I`), `-m`, errors in imported files naming those files, imports
//! across threads (a cycle between two threads is a reported deadlock) and in multiprocessing
//! children, and CPython's other switches (`-u`, `-B`, `-q`, `-W`, `-X`, `PYTHONHASHSEED`).
//! The package-tree behaviour itself (relative imports, circular imports, `__all__`) is in the
//! conformance suite (`tests/conformance/imports_*.mp` over `tests/conformance/imppkg/`).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a run may take (debug build, shared cores).
const TIMEOUT: Duration = Duration::from_secs(20);

/// A fresh directory holding `files` (relative paths, made with their parent directories).
fn tree(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = common::scratch("imports", test);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create directories");
        std::fs::write(path, text).expect("write file");
    }
    std::fs::canonicalize(&dir).expect("canonical scratch path")
}

/// The outcome of one run.
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// Runs minipy in `dir` with `args` and exactly the PYTHON* variables in `env`.
fn minipy(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minipy"));
    command.args(args).current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("PYTHON") {
            command.env_remove(key);
        }
    }
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("minipy {args:?} did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        code,
    }
}

#[test]
fn mp_files_import_as_modules_and_packages() {
    let dir = tree(
        "mp_files",
        &[
            ("main.mp", "import tools\nimport box.inner\nprint(tools.name, box.inner.twice(4), box.label)\n"),
            ("tools.mp", "name = 'tools from .mp'\n"),
            ("box/__init__.mp", "label = 'box'\n"),
            ("box/inner.mp", "from . import label\n\ndef twice(x):\n    return 2 * x\n"),
        ],
    );
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "tools from .mp 8 box\n");
}

#[test]
fn syntax_error_in_an_imported_module_names_that_file() {
    let dir = tree(
        "syntax_error",
        &[
            ("main.mp", "print('start')\nimport broken\n"),
            ("broken.py", "x = 1\ny = = 2\n"),
        ],
    );
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "start\n");
    assert_eq!(
        run.stderr,
        format!(
            "Traceback (most recent call last):\n  File \"main.mp\", line 2, in <module>\n    \
             import broken\n  File \"{}/broken.py\", line 2\n    y = = 2\n        ^\n\
             SyntaxError: invalid syntax\n",
            dir.display()
        )
    );
    // It is not left in sys.modules: a second import fails the same way.
    let dir = tree(
        "syntax_error_twice",
        &[
            (
                "main.mp",
                "import sys\nfor _ in range(2):\n    try:\n        import broken\n    \
                 except SyntaxError as e:\n        print(e.msg, e.lineno, 'broken' in sys.modules)\n",
            ),
            ("broken.py", "def f(:\n    pass\n"),
        ],
    );
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(
        run.stdout,
        "invalid syntax 1 False\ninvalid syntax 1 False\n"
    );
}

#[test]
fn non_utf8_module_is_a_syntax_error_naming_it() {
    let dir = common::scratch("imports", "non_utf8");
    std::fs::write(dir.join("main.mp"), "import latin\n").expect("write");
    std::fs::write(dir.join("latin.py"), b"x = 1\ns = 'caf\xe9'\n").expect("write");
    let dir = std::fs::canonicalize(dir).expect("canonical");
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(run.code, Some(1));
    // As CPython words it for an imported module (the decoder of the literal holding it).
    assert!(
        run.stderr.ends_with(&format!(
            "  File \"{}/latin.py\", line 2\n    s = 'caf\u{fffd}'\n              ^\n\
             SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3: \
             unexpected end of data\n",
            dir.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn module_with_a_coding_declaration_imports() {
    let dir = common::scratch("imports", "coding");
    std::fs::write(
        dir.join("main.mp"),
        "import latin\nprint(latin.s, len(latin.s))\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("latin.py"),
        b"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n",
    )
    .expect("write");
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(
        (run.stdout.as_str(), run.code),
        ("caf\u{e9} 4\n", Some(0)),
        "{}",
        run.stderr
    );
}

#[test]
fn traceback_through_an_imported_module_names_its_file() {
    let dir = tree(
        "traceback",
        &[
            ("main.mp", "import calc\ncalc.divide(1, 0)\n"),
            ("calc.py", "def divide(a, b):\n    return a / b\n"),
        ],
    );
    let run = minipy(&dir, &["main.mp"], &[]);
    assert_eq!(
        run.stderr,
        format!(
            "Traceback (most recent call last):\n  File \"main.mp\", line 2, in <module>\n    \
             calc.divide(1, 0)\n  File \"{}/calc.py\", line 2, in divide\n    return a / b\n\
             \x20          ~~^~~\nZeroDivisionError: division by zero\n",
            dir.display()
        )
    );
}

#[test]
fn sys_path_is_the_script_directory_then_pythonpath_then_the_library() {
    let dir = tree(
        "sys_path",
        &[
            ("app/main.mp", "import sys, shared\nprint(sys.path[0] == sys.argv[1], shared.where)\nprint(sys.path[-1])\n"),
            ("extra/shared.py", "where = 'extra'\n"),
            ("app/keyword.py", "where = 'shadows the library'\n"),
        ],
    );
    let app = dir.join("app").display().to_string();
    let extra = dir.join("extra").display().to_string();
    let run = minipy(&dir, &["app/main.mp", &app], &[("PYTHONPATH", "extra")]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "True extra\n<minipy-lib>\n");

    // PYTHONPATH entries are made absolute, and come after the script's directory.
    let run = minipy(
        &dir,
        &["-c", "import sys; print(sys.path[:2])"],
        &[("PYTHONPATH", "extra")],
    );
    assert_eq!(run.stdout, format!("['', '{extra}']\n"));

    // A module of the script's directory shadows one of the bundled library.
    let run = minipy(
        &dir.join("app"),
        &["-c", "import keyword; print(keyword.where)"],
        &[],
    );
    assert_eq!(run.stdout, "shadows the library\n");

    // -E ignores PYTHONPATH; -I also leaves out the script's directory.
    let run = minipy(
        &dir,
        &["-E", "-c", "import sys; print(sys.path)"],
        &[("PYTHONPATH", "extra")],
    );
    assert_eq!(run.stdout, "['', '<minipy-lib>']\n");
    let run = minipy(&dir, &["-I", "app/main.mp"], &[("PYTHONPATH", "extra")]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .ends_with("ModuleNotFoundError: No module named 'shared'\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn dash_m_runs_a_module_as_main() {
    let dir = tree(
        "dash_m",
        &[
            (
                "tool.py",
                "import sys\nprint(__name__, sys.argv, __package__ == '')\n",
            ),
            ("pkg/__init__.py", "print('pkg init')\n"),
            (
                "pkg/__main__.py",
                "from .helper import value\nprint('pkg main', __name__, __package__, value)\n",
            ),
            ("pkg/helper.py", "value = 42\n"),
            (
                "pkg/cmd.py",
                "import sys\nfrom . import helper\nprint(__name__, helper.value, sys.argv[1:])\n",
            ),
            ("plain/__init__.py", ""),
        ],
    );
    let full = |f: &str| dir.join(f).display().to_string();
    let run = minipy(&dir, &["-m", "tool", "a", "-b"], &[]);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!("__main__ ['{}', 'a', '-b'] True\n", full("tool.py"))
    );

    let run = minipy(&dir, &["-m", "pkg"], &[]);
    assert_eq!(run.stdout, "pkg init\npkg main __main__ pkg 42\n");

    let run = minipy(&dir, &["-m", "pkg.cmd", "x"], &[]);
    assert_eq!(run.stdout, "pkg init\n__main__ 42 ['x']\n");

    // The bundled library's modules run too.
    let run = minipy(&dir, &["-m", "keyword"], &[]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), ""));

    let run = minipy(&dir, &["-m", "nowhere"], &[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr, "minipy: No module named nowhere\n");
    let run = minipy(&dir, &["-m", "plain"], &[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "minipy: No module named plain.__main__; 'plain' is a package and cannot be directly executed\n"
    );
}

#[test]
fn import_cycle_between_two_threads_is_a_reported_deadlock() {
    let dir = tree(
        "thread_cycle",
        &[
            (
                "main.mp",
                "import threading\n\ndef load(name):\n    __import__(name)\n\n\
                 a = threading.Thread(target=load, args=('first',))\n\
                 b = threading.Thread(target=load, args=('second',))\n\
                 a.start(); b.start(); a.join(); b.join()\n",
            ),
            ("first.py", "import time\ntime.sleep(0.5)\nimport second\n"),
            ("second.py", "import time\ntime.sleep(0.5)\nimport first\n"),
        ],
    );
    for runtime in [&[][..], &["--no-gil"][..]] {
        let mut args = runtime.to_vec();
        args.push("main.mp");
        let run = minipy(&dir, &args, &[]);
        assert_eq!(run.code, Some(3), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("waits for the import lock of module 'first'"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("waits for the import lock of module 'second'"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn multiprocessing_children_import_the_parents_modules() {
    let dir = tree(
        "mp_child",
        &[
            (
                "app/main.mp",
                "import multiprocessing\nimport mathstuff\n\nif __name__ == '__main__':\n    \
                 with multiprocessing.Pool(2) as pool:\n        print(pool.map(mathstuff.square, [1, 2, 3]))\n",
            ),
            ("app/mathstuff.py", "def square(x):\n    return x * x\n"),
        ],
    );
    let run = minipy(&dir, &["app/main.mp"], &[]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "[1, 4, 9]\n");

    // A program run with -m: its children run the same module, relative imports included.
    let dir = tree(
        "mp_child_dash_m",
        &[
            ("pkg/__init__.py", ""),
            ("pkg/work.py", "def cube(x):\n    return x ** 3\n"),
            (
                "pkg/run.py",
                "import multiprocessing, sys\nfrom .work import cube\n\nif __name__ == '__main__':\n    \
                 with multiprocessing.Pool(2) as pool:\n        print(pool.map(cube, [1, 2, 3]), sys.argv[1:])\n",
            ),
        ],
    );
    let run = minipy(&dir, &["-m", "pkg.run", "arg"], &[]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "[1, 8, 27] ['arg']\n");
}

/// The first line the program writes on stdout, read while it still runs (`None` if none comes
/// within two seconds), then the program is killed.
fn first_line_while_running(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minipy"));
    for (key, _) in std::env::vars() {
        if key.starts_with("PYTHON") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start minipy");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while let Ok(1) = stdout.read(&mut byte) {
            if byte[0] == b'\n' {
                break;
            }
            line.push(byte[0]);
        }
        let _ = tx.send(String::from_utf8_lossy(&line).into_owned());
    });
    let line = rx.recv_timeout(Duration::from_secs(2)).ok();
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn dash_u_and_pythonunbuffered_write_output_at_once() {
    let program = "import threading, time\n\
                   threading.Thread(target=lambda: print('from a daemon'), daemon=True).start()\n\
                   time.sleep(30)\n";
    let dir = common::scratch("imports", "unbuffered");
    let file = dir.join("slow.mp");
    std::fs::write(&file, program).expect("write");
    let file = file.display().to_string();
    assert_eq!(
        first_line_while_running(&["-u", &file], &[]).as_deref(),
        Some("from a daemon")
    );
    assert_eq!(
        first_line_while_running(&[&file], &[("PYTHONUNBUFFERED", "1")]).as_deref(),
        Some("from a daemon")
    );
    // Buffered (a pipe, no -u): nothing arrives while the program runs.
    assert_eq!(first_line_while_running(&[&file], &[]), None);
}

#[test]
fn cpythons_other_switches_are_accepted() {
    let dir = common::scratch("imports", "switches");
    let run = minipy(
        &dir,
        &[
            "-Bq",
            "-u",
            "-W",
            "ignore",
            "-Wdefault",
            "-X",
            "dev",
            "-X",
            "utf8=1",
            "-c",
            "import sys; print(sys.warnoptions, sys._xoptions)",
        ],
        &[],
    );
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "['ignore', 'default'] {'dev': True, 'utf8': '1'}\n"
    );

    for seed in ["0", "123", "random"] {
        let run = minipy(&dir, &["-c", "print('ok')"], &[("PYTHONHASHSEED", seed)]);
        assert_eq!((run.code, run.stdout.as_str()), (Some(0), "ok\n"));
    }
    let run = minipy(&dir, &["-c", "print('ok')"], &[("PYTHONHASHSEED", "lots")]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.starts_with(
        "Fatal Python error: config_init_hash_seed: PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]\n"
    ));
    // -E ignores it, as every PYTHON* variable.
    let run = minipy(
        &dir,
        &["-E", "-c", "print('ok')"],
        &[("PYTHONHASHSEED", "lots")],
    );
    assert_eq!(run.code, Some(0));

    let run = minipy(&dir, &["-W"], &[]);
    assert_eq!(run.code, Some(2));
}
