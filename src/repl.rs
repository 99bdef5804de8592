//! The interactive prompt: `>>>` and `...` prompts, multi-line blocks, values echoed with
//! repr, errors printed without ending the session, history kept in a file. Uses rustyline on
//! a terminal, and plain lines (prompts on stderr, as CPython does) otherwise.

use crate::compiler::Mode;
use crate::objects::exception::PyErr;
use crate::objects::ObjKind;
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::io::{BufRead, IsTerminal};

/// Where REPL lines come from.
trait LineSource {
    /// The next line, or `None` at end of input (Ctrl-D).
    fn read(&mut self, prompt: &str) -> Option<String>;
    fn remember(&mut self, _entry: &str) {}
}

struct Terminal {
    editor: rustyline::DefaultEditor,
    history: Option<std::path::PathBuf>,
}

impl LineSource for Terminal {
    fn read(&mut self, prompt: &str) -> Option<String> {
        loop {
            match self.editor.readline(prompt) {
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
    fn read(&mut self, prompt: &str) -> Option<String> {
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

fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".minipy_history"))
}

/// Runs the REPL in `__main__` until end of input; returns the exit status.
pub fn run<R: Runtime>(vm: &mut Vm<R>) -> i32 {
    let mut source: Box<dyn LineSource> = if std::io::stdin().is_terminal() {
        match rustyline::DefaultEditor::new() {
            Ok(mut editor) => {
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
    let mut entry_no = 0usize;
    loop {
        let Some(first) = source.read(">>> ") else {
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
        loop {
            let needs_more = match crate::syntax::parse_module(&text) {
                Ok(_) => block,
                Err(e) => e.incomplete,
            };
            if !needs_more {
                break;
            }
            match source.read("... ") {
                Some(line) => {
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
