//! The command line: `minipy FILE [ARGS]`, `-c CODE`, `-` (stdin), `-i`, `--dis`, the REPL
//! when no program is given. Parses options (clap), picks the runtime, runs the program on a
//! thread with a deep stack, and turns the outcome into an exit status.

use crate::compiler::Mode;
use crate::objects::{Gil, NoGil};
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::{Options, Vm, THREAD_STACK_SIZE};
use clap::Parser;
use std::io::Read;

/// A small Python interpreter for watching deadlocks, races and the GIL.
#[derive(Parser, Debug, Clone)]
#[command(name = "minipy", version, about, long_about = None)]
pub struct Cli {
    /// Program passed in as a string (sys.argv[0] is '-c').
    #[arg(short = 'c', value_name = "CODE")]
    pub command: Option<String>,
    /// Enter the REPL after running the program.
    #[arg(short = 'i')]
    pub interactive: bool,
    /// Print the bytecode of the program instead of running it.
    #[arg(long = "dis")]
    pub dis: bool,
    /// Run without the global interpreter lock: atomic reference counts, a lock in every
    /// mutable object, threads running Python code in parallel.
    #[arg(long = "no-gil")]
    pub no_gil: bool,
    /// Instructions a thread runs before it offers the GIL to a waiting thread.
    #[arg(long = "switch-interval", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub switch_interval: Option<u64>,
    /// Don't report deadlocks: let a deadlocked program hang, as CPython does.
    #[arg(long = "no-deadlock-detection")]
    pub no_deadlock_detection: bool,
    /// Sleeps advance a virtual clock instead of waiting (time.time and friends read it):
    /// a program that sleeps 14 s finishes at once and still measures 14 s.
    #[arg(long = "virtual-time")]
    pub virtual_time: bool,
    /// Take the scheduler's switch decisions from a generator seeded with N, so that (with
    /// --virtual-time) every run of a program interleaves its threads the same way.
    #[arg(long = "seed", value_name = "N")]
    pub seed: Option<u64>,
    /// When the GIL is offered to a waiting thread: 'instructions:N' every N switch points
    /// (the default, as CPython 2; same as --switch-interval N) or 'time:MS' once a thread
    /// has held it, or another has waited for it, MS milliseconds (as CPython 3's 5 ms).
    #[arg(long = "switch", value_name = "POLICY", value_parser = crate::vm::gil::SwitchPolicy::parse, conflicts_with = "switch_interval")]
    pub switch: Option<crate::vm::gil::SwitchPolicy>,
    /// Where a thread may lose the GIL: 'any' instruction that touches shared state, calls
    /// and loop back-edges (the default), or only at 'backedge's and calls (as CPython 3.10+,
    /// where `counter += 1` no longer loses updates).
    #[arg(long = "switch-points", value_name = "WHERE", value_parser = ["any", "backedge"], default_value = "any")]
    pub switch_points: String,
    /// At exit, print per-thread GIL statistics (time holding it, waiting for it, blocked on
    /// each lock, sleeping) to standard error.
    #[arg(long = "gil-stats")]
    pub gil_stats: bool,
    /// Write a trace of what each thread did when (Chrome trace-event JSON: open it in
    /// https://ui.perfetto.dev or chrome://tracing).
    #[arg(long = "trace", value_name = "FILE")]
    pub trace: Option<String>,
    /// Draw what each thread did when as an SVG picture: one row per thread.
    #[arg(long = "timeline", value_name = "FILE.svg")]
    pub timeline: Option<String>,
    /// The program file ('-' reads it from standard input), then its arguments.
    #[arg(value_name = "FILE", trailing_var_arg = true)]
    pub args: Vec<String>,
}

/// What to run.
enum Program {
    File(String),
    Command(String),
    Stdin,
    Repl,
}

/// Runs minipy with the process's arguments; returns the exit status.
pub fn main() -> i32 {
    let (options, program_args) = split_program_args(std::env::args().collect());
    let mut cli = match Cli::try_parse_from(options) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    cli.args.extend(program_args);
    run(cli)
}

/// Splits the command line where the program starts, as Python does: minipy's own options
/// come first; the program (a file, `-`, or `-c CODE`) and everything after it belong to the
/// program, even arguments that look like options.
fn split_program_args(args: Vec<String>) -> (Vec<String>, Vec<String>) {
    let command = <Cli as clap::CommandFactory>::command();
    let takes_value = |name: &str| {
        command.get_arguments().any(|a| {
            let matches = a.get_long().is_some_and(|l| name == format!("--{l}"))
                || a.get_short().is_some_and(|s| name == format!("-{s}"));
            matches && a.get_action().takes_values()
        })
    };
    let mut i = 1;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            let rest = args[i + 1..].to_vec();
            return (args[..i].to_vec(), rest);
        }
        if arg == "-" || !arg.starts_with('-') {
            break;
        }
        if arg == "-c" {
            // The code is the option's value; what follows is the program's.
            i = (i + 2).min(args.len());
            return (args[..i].to_vec(), args[i..].to_vec());
        }
        if !arg.contains('=') && takes_value(arg) {
            i += 1;
        }
        i += 1;
    }
    let i = i.min(args.len());
    (args[..i].to_vec(), args[i..].to_vec())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> i32 {
    let (program, argv) = match (&cli.command, cli.args.first()) {
        (Some(code), _) => {
            let mut argv = vec!["-c".to_string()];
            argv.extend(cli.args.iter().cloned());
            (Program::Command(code.clone()), argv)
        }
        (None, Some(f)) if f == "-" => (Program::Stdin, cli.args.clone()),
        (None, Some(f)) => (Program::File(f.clone()), cli.args.clone()),
        (None, None) => (Program::Repl, vec![String::new()]),
    };
    let options = Options {
        argv,
        switch_interval: match cli.switch {
            Some(crate::vm::gil::SwitchPolicy::Instructions(n)) => Some(n),
            _ => cli.switch_interval,
        },
        deadlock_detection: !cli.no_deadlock_detection,
        virtual_time: cli.virtual_time,
        seed: cli.seed,
        switch_time: match cli.switch {
            Some(crate::vm::gil::SwitchPolicy::Time(seconds)) => Some(seconds),
            _ => None,
        },
        backedge_switch_points: cli.switch_points == "backedge",
        observe: crate::vm::observe::ObserveOptions {
            stats: cli.gil_stats,
            trace: cli.trace.clone(),
            timeline: cli.timeline.clone(),
        },
    };
    if cli.no_gil && (cli.virtual_time || cli.seed.is_some()) {
        io::write_stderr("minipy: --virtual-time and --seed need the GIL runtime (they schedule threads one at a time); drop --no-gil\n");
        return 2;
    }

    crate::vm::threads::install_interrupt_handler();
    let handle = std::thread::Builder::new()
        .name("MainThread".into())
        .stack_size(THREAD_STACK_SIZE)
        .spawn(move || {
            if cli.no_gil {
                run_in_runtime::<NoGil>(&cli, program, options)
            } else {
                run_in_runtime::<Gil>(&cli, program, options)
            }
        });
    let code = match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            io::write_stderr("minipy: internal error: the interpreter thread failed\n");
            70
        }
    };
    // No child process outlives minipy.
    crate::stdlib::multiprocessing::at_exit();
    // Whatever the program wrote to files it left open reaches them.
    io::flush_at_exit();
    code
}

fn run_in_runtime<R: Runtime>(cli: &Cli, program: Program, options: Options) -> i32 {
    let interp = crate::runtime_setup::new_interp::<R>(options);
    let mut vm = Vm::new_main(interp, THREAD_STACK_SIZE);

    let (source, filename) = match program {
        Program::Repl => return crate::repl::run(&mut vm),
        Program::Command(code) => (code, "<string>".to_string()),
        Program::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                io::write_stderr(&format!("minipy: can't read standard input: {e}\n"));
                return 2;
            }
            match decode_source(bytes, "<stdin>") {
                Ok(s) => (s, "<stdin>".to_string()),
                Err(code) => return code,
            }
        }
        Program::File(path) => match read_source(&path) {
            Ok(s) => (s, path),
            Err(code) => return code,
        },
    };
    let main = vm.main_module();
    let code = match vm.compile(&source, &filename, Mode::Module) {
        Ok(code) => code,
        Err(e) => return report(&mut vm, e),
    };
    if cli.dis {
        let text = crate::bytecode::disassemble(&code, &|v| vm_repr(v));
        io::write_stdout(&text);
        return 0;
    }
    vm.set_module_attr(&main, "__file__", vm.new_str(filename.as_str()));
    // A multiprocessing child re-runs the program as `__mp_main__`, then serves its parent.
    if let Some((role, name)) = crate::stdlib::multiprocessing::role_from_env() {
        return crate::stdlib::multiprocessing::serve(&mut vm, code, &main, role, name);
    }
    let status = match vm.run_code(code, &main) {
        Ok(_) => 0,
        Err(e) => report(&mut vm, e),
    };
    // As CPython: the program ends when every non-daemon thread has.
    let status = match crate::stdlib::threading::shutdown(&mut vm) {
        Ok(()) => status,
        Err(e) => report(&mut vm, e),
    };
    crate::vm::observe::report_at_exit(&mut vm);

    if cli.interactive {
        return crate::repl::run(&mut vm);
    }
    status
}

/// A constant's repr for the disassembler (constants are simple values).
fn vm_repr<R: Runtime>(v: &crate::objects::Value<R>) -> String {
    use crate::objects::{ObjKind, Value};
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::objects::format::float_repr(*f),
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(s) => crate::vm::convert::str_repr(s.as_str()),
            ObjKind::BigInt(b) => b.to_string(),
            ObjKind::Tuple(t) => {
                let parts: Vec<String> = t.iter().map(vm_repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            k => format!("<{}>", k.type_name()),
        },
    }
}

/// A program's text, or CPython's SyntaxError (exit 1) when it is not UTF-8.
fn decode_source(bytes: Vec<u8>, name: &str) -> Result<String, i32> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bad = e.as_bytes()[valid];
        let line = e.as_bytes()[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        io::write_stderr(&format!(
            "SyntaxError: Non-UTF-8 code starting with '\\x{bad:02x}' in file {name} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details\n"
        ));
        1
    })
}

/// Reads a program file as CPython would report failures: exit 2 for a missing file.
fn read_source(path: &str) -> Result<String, i32> {
    match std::fs::read(path) {
        Ok(bytes) => decode_source(bytes, path),

        Err(e) => {
            let abs = std::path::absolute(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| path.to_string());
            let errno = e.raw_os_error().unwrap_or(2);
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
                _ if errno == 21 => "Is a directory".to_string(),
                _ => e.to_string(),
            };
            io::write_stderr(&format!(
                "minipy: can't open file '{abs}': [Errno {errno}] {reason}\n"
            ));
            Err(2)
        }
    }
}

pub use crate::vm::report;
