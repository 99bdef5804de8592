//! The interactive prompt: `>>>` and `...` prompts, multi-line blocks, values echoed with
//! repr, errors printed without ending the session, history kept in a file. Uses rustyline on
//! a terminal (Tab completion from `repl/complete.rs`; a block's next line starts with its
//! indentation typed in), and plain lines (prompts on stderr, as CPython does) otherwise.

use crate::compiler::Mode;
use crate::objects::exception::PyErr;
use crate::objects::{ObjKind, Value};
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::io::{BufRead, IsTerminal};

mod complete;
pub use complete::complete;

type Editor<R> = rustyline::Editor<complete::Helper<R>, rustyline::history::DefaultHistory>;

/// Where REPL lines come from.
trait LineSource {
    /// The next line, or `None` at end of input (Ctrl-D); a terminal shows `indent` already
    /// typed at the start of the line.
    fn read(&mut self, prompt: &str, indent: &str) -> Option<String>;
    fn remember(&mut self, _entry: &str) {}
}

struct Terminal<R: Runtime> {
    editor: Editor<R>,
    history: Option<std::path::PathBuf>,
}

impl<R: Runtime> LineSource for Terminal<R> {
    fn read(&mut self, prompt: &str, indent: &str) -> Option<String> {
        loop {
            match self.editor.readline_with_initial(prompt, (indent, "")) {
                Ok(line) => return Some(line),
                Err(rustyline::error::ReadlineError::Interrupted) => {
                    io::write_stderr("\nKeyboardInterrupt\n");
                    continue;
                }
                Err(_) => return None,
            }
        }
    }

    fn remember(&mut self, entry: &str) {
        let _ = self.editor.add_history_entry(entry);
        if let Some(path) = &self.history {
            let _ = self.editor.save_history(path);
        }
    }
}

/// Standard input locked per line only, so `input()` and `help()` can read from it too.
struct Piped {
    stdin: std::io::Stdin,
}

impl LineSource for Piped {
    fn read(&mut self, prompt: &str, _indent: &str) -> Option<String> {
        io::write_stderr(prompt);
        let mut line = String::new();
        match self.stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                while line.ends_with('\n') || line.ends_with('\r') {
                    line.pop();
                }
                Some(line)
            }
        }
    }
}

/// The text of prompt `sys.NAME` (`str()` of whatever it holds), or `default` when it is
/// missing or its `str()` fails.
fn prompt<R: Runtime>(vm: &mut Vm<R>, name: &str, default: &str) -> String {
    let Ok(sys) = vm.import_module("sys") else {
        return default.to_string();
    };
    match vm.get_attr_str(&sys, name) {
        Ok(v) => vm.to_str(&v).unwrap_or_else(|_| default.to_string()),
        Err(_) => default.to_string(),
    }
}

fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".minipy_history"))
}

/// Runs the REPL in `__main__` until end of input; returns the exit status.
pub fn run<R: Runtime>(vm: &mut Vm<R>) -> i32 {
    let mut source: Box<dyn LineSource> = if std::io::stdin().is_terminal() {
        let config = rustyline::Config::builder()
            .completion_type(rustyline::CompletionType::List)
            .build();
        match Editor::<R>::with_config(config) {
            Ok(mut editor) => {
                editor.set_helper(Some(complete::Helper {
                    vm: std::cell::RefCell::new(Vm::new(vm.interp.clone(), 0)),
                }));
                let history = history_path();
                if let Some(p) = &history {
                    let _ = editor.load_history(p);
                }
                if !vm.interp.options.quiet {
                    io::write_stderr(&format!(
                        "minipy {} (Python 3.11 compatible)\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
                        env!("CARGO_PKG_VERSION")
                    ));
                }
                Box::new(Terminal { editor, history })
            }
            Err(_) => Box::new(Piped {
                stdin: std::io::stdin(),
            }),
        }
    } else {
        Box::new(Piped {
            stdin: std::io::stdin(),
        })
    };
    let main = vm.main_module();
    // As CPython's interactive mode: the prompts are `sys.ps1` and `sys.ps2`, which a program
    // may change.
    if let Ok(Value::Obj(sys)) = vm.import_module("sys") {
        for (name, default) in [("ps1", ">>> "), ("ps2", "... ")] {
            if vm.get_attr_str(&Value::Obj(sys.clone()), name).is_err() {
                let text = vm.new_str(default);
                vm.set_module_attr(&sys, name, text);
            }
        }
    }
    let mut entry_no = 0usize;
    loop {
        let ps1 = prompt(vm, "ps1", ">>> ");
        let Some(first) = source.read(&ps1, "") else {
            io::write_stderr("\n");
            return 0;
        };
        if first.trim().is_empty() {
            continue;
        }
        let mut text = first.clone();
        text.push('\n');
        // Read more lines while the entry is incomplete (open block, bracket or string).
        let mut block = first.trim_end().ends_with(':');
        let mut last = first.clone();
        loop {
            let needs_more = match crate::syntax::parse_module(&text) {
                Ok(_) => block,
                Err(e) => e.incomplete,
            };
            if !needs_more {
                break;
            }
            let indent = if block {
                next_indent(&last)
            } else {
                String::new()
            };
            let ps2 = prompt(vm, "ps2", "... ");
            match source.read(&ps2, &indent) {
                Some(line) => {
                    last = line.clone();
                    if line.trim().is_empty() && block {
                        break;
                    }
                    if line.trim_end().ends_with(':') {
                        block = true;
                    }
                    text.push_str(&line);
                    text.push('\n');
                }
                None => break,
            }
        }
        source.remember(text.trim_end());
        entry_no += 1;
        let filename = "<stdin>";
        let _ = entry_no;
        let code = match vm.compile(&text, filename, Mode::Interactive) {
            Ok(c) => c,
            Err(e) => {
                print_error(vm, e);
                continue;
            }
        };
        if let Err(e) = vm.run_code(code, &main) {
            if is_system_exit(vm, &e) {
                return crate::vm::report(vm, e);
            }
            print_error(vm, e);
        }
        io::flush_stdout();
    }
}

/// The indentation the line after `last` starts with in a block: 4 more spaces after a
/// line ending with `:`, else the same as `last`'s (as CPython 3.13's prompt does).
pub fn next_indent(last: &str) -> String {
    let current: String = last
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    if last.trim_end().ends_with(':') {
        format!("{current}    ")
    } else {
        current
    }
}

fn is_system_exit<R: Runtime>(vm: &Vm<R>, e: &PyErr<R>) -> bool {
    vm.err_kind(e) == Some(crate::objects::exception::ExcKind::SystemExit)
}

fn print_error<R: Runtime>(vm: &mut Vm<R>, e: PyErr<R>) {
    let exc = vm.materialize(e);
    if let Some(ObjKind::Exception(_)) = exc.kind() {
        let text = crate::vm::traceback::format_exception(vm, &exc);
        io::write_stderr(&text);
    }
}
