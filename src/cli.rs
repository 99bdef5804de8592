//! The command line: `minipy FILE [ARGS]`, `-c CODE`, `-` (stdin), `-i`, `--dis`, the REPL
//! when no program is given. Parses options (clap), picks the runtime, runs the program on a
//! deep stack of its own, and turns the outcome into an exit status.

use crate::compiler::Mode;
use crate::objects::{Gil, NoGil, RacyNoGil};
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::{Options, Vm, THREAD_STACK_SIZE};
use clap::Parser;
use std::io::Read;

/// A small Python interpreter for watching deadlocks, races and the GIL.
#[derive(Parser, Debug, Clone)]
#[command(name = "minipy", version, about, long_about = None, after_help = PYTHON_SWITCHES_HELP)]
pub struct Cli {
    /// Program passed in as a string (sys.argv[0] is '-c').
    #[arg(short = 'c', value_name = "CODE")]
    pub command: Option<String>,
    /// Run library module MOD as a script (terminates the option list; sys.argv[0] is the
    /// module's file).
    #[arg(short = 'm', value_name = "MOD", conflicts_with = "command")]
    pub module: Option<String>,
    /// CPython's one-letter switches (-u, -B, -q, -E, -I, -W, -X), read before clap runs.
    #[arg(skip)]
    pub python: PythonFlags,
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
    /// Run the program N times under --virtual-time, each with a different schedule that
    /// places a few preemptions where they can change the outcome (before shared state and
    /// synchronization), then report each distinct outcome with the command that replays it.
    /// Exit status 1 if any run raised, exited non-zero, deadlocked or did not finish.
    #[arg(long = "explore", value_name = "N", allow_hyphen_values = true,
          value_parser = crate::explore::parse_runs,
          conflicts_with_all = ["no_gil", "seed", "schedule", "interactive", "dis", "switch",
              "switch_interval", "no_deadlock_detection", "gil_stats", "trace", "timeline"])]
    pub explore: Option<u64>,
    /// Seed of --explore's choice of schedules: the same seed explores the same schedules.
    #[arg(long = "explore-seed", value_name = "N", requires = "explore")]
    pub explore_seed: Option<u64>,
    /// Run under a PCT schedule (as --explore prints in its replay commands): 'pct:K1,K2,...'
    /// drops the running thread below all others at visible steps K1, K2, ... (accesses to
    /// shared state and synchronization); with --seed for the threads' priorities.
    #[arg(long = "schedule", value_name = "SPEC",
          value_parser = crate::vm::schedule::ScheduleSpec::parse,
          conflicts_with_all = ["no_gil", "switch", "switch_interval"])]
    pub schedule: Option<crate::vm::schedule::ScheduleSpec>,
    /// With --schedule or --explore: stop a run after N switch points, as "did not finish"
    /// (exit status 124).
    #[arg(long = "step-limit", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub step_limit: Option<u64>,
    /// Warn on stderr when threads take locks in orders that can deadlock (a cycle in the
    /// order "held, then asked for"), even if this run did not deadlock.
    #[arg(long = "lock-order")]
    pub lock_order: bool,
    /// With --no-gil: update reference counts as CPython's would be without its GIL (a plain
    /// read, then a write), keep exact counts alongside to free objects safely, and report
    /// the updates lost and the objects that would have leaked or been freed while in use.
    #[arg(long = "racy-refcounts")]
    pub racy_refcounts: bool,
    /// Report data races: accesses of two threads to the same global, attribute, list or
    /// dict item or closure variable, at least one a write, that no lock, join, queue or
    /// event orders. Exit status 66 if the program would have exited 0.
    #[arg(long = "race", conflicts_with = "racy_refcounts")]
    pub race: bool,
    /// The program file ('-' reads it from standard input), then its arguments.
    #[arg(value_name = "FILE", trailing_var_arg = true)]
    pub args: Vec<String>,
}

impl Cli {
    /// The command line when it gives no option, only a program (`FILE`, `-` or `-c CODE`,
    /// then the program's arguments) or nothing: the usual case, read without building clap's
    /// parser (0.15M instructions, a tenth of the start-up of `minipy -c pass`).
    fn without_options(args: &[String]) -> Option<Cli> {
        let (command, program_args) = match args.get(1).map(String::as_str) {
            None => (None, &[][..]),
            Some("-c") => match args.get(2) {
                Some(code) if !code.starts_with('-') => (Some(code.clone()), &args[3..]),
                _ => return None,
            },
            Some(arg) if arg == "-" || !arg.starts_with('-') => (None, &args[1..]),
            Some(_) => return None,
        };
        Some(Cli {
            command,
            module: None,
            python: PythonFlags::default(),
            interactive: false,
            dis: false,
            no_gil: false,
            switch_interval: None,
            no_deadlock_detection: false,
            virtual_time: false,
            seed: None,
            switch: None,
            switch_points: "any".to_string(),
            gil_stats: false,
            trace: None,
            timeline: None,
            explore: None,
            explore_seed: None,
            schedule: None,
            step_limit: None,
            lock_order: false,
            racy_refcounts: false,
            race: false,
            args: program_args.to_vec(),
        })
    }
}

/// The `--help` lines of the switches minipy takes as CPython does.
const PYTHON_SWITCHES_HELP: &str = "CPython's switches (before the program):
  -u      force the stdout and stderr streams to be unbuffered (also PYTHONUNBUFFERED=x)
  -B      don't write cached bytecode on import (also PYTHONDONTWRITEBYTECODE=x)
  -q      don't print the version message on interactive start-up
  -E      ignore PYTHON* environment variables (such as PYTHONPATH)
  -I      isolate the program from the user's environment: implies -E, and the script's
          directory is not put in sys.path
  -W ARG  warning control (kept in sys.warnoptions)
  -X OPT  implementation-specific option, kept in sys._xoptions: -X no_debug_ranges draws no
          ~~~^^^ position markers in tracebacks; others are accepted and ignored

Environment: PYTHONPATH (':'-separated directories searched after the script's), PYTHONUNBUFFERED,
PYTHONDONTWRITEBYTECODE, PYTHONNODEBUGRANGES (as -X no_debug_ranges), PYTHONHASHSEED (accepted:
'random' or an integer in [0; 4294967295]).";

/// CPython's one-letter switches. They are read by hand, not by clap: every option clap
/// knows costs start-up time, and these are rarely given.
#[derive(Debug, Clone, Default)]
pub struct PythonFlags {
    pub unbuffered: bool,
    pub quiet: bool,
    /// `-B`: write no bytecode cache files.
    pub dont_write_bytecode: bool,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub warnings: Vec<String>,
    pub xoptions: Vec<String>,
}

impl PythonFlags {
    /// Takes `args[i]` (and its value, `args[i + 1]`) if it is one of these switches: the
    /// number of arguments used, 0 if it is none of them, or CPython's usage error.
    fn take(&mut self, args: &[String], i: usize) -> Result<usize, String> {
        let arg = &args[i];
        let Some(letters) = arg.strip_prefix('-').filter(|l| !l.starts_with('-')) else {
            return Ok(0);
        };
        // Only a cluster of these letters (the last may be -W or -X with its value) is
        // theirs; anything else is left to clap, untouched.
        let ours = letters
            .chars()
            .take_while(|c| !matches!(c, 'W' | 'X'))
            .all(|c| "uBqEI".contains(c));
        if letters.is_empty() || !ours {
            return Ok(0);
        }
        for (at, c) in letters.char_indices() {
            match c {
                'u' => self.unbuffered = true,
                'B' => self.dont_write_bytecode = true,
                'q' => self.quiet = true,
                'E' => self.ignore_environment = true,
                'I' => self.isolated = true,
                'W' | 'X' if at + 1 < letters.len() || i + 1 < args.len() => {
                    let value = if at + 1 < letters.len() {
                        (letters[at + 1..].to_string(), 1)
                    } else {
                        (args[i + 1].clone(), 2)
                    };
                    if c == 'W' {
                        self.warnings.push(value.0);
                    } else {
                        self.xoptions.push(value.0);
                    }
                    return Ok(value.1);
                }
                'W' | 'X' => {
                    return Err(format!(
                        "Argument expected for the -{c} option\nusage: minipy [option] ... \
                         [-c cmd | -m mod | file | -] [arg] ...\nTry `minipy -h' for more \
                         information.\n"
                    ))
                }
                _ => return Ok(0),
            }
        }
        Ok(1)
    }
}

/// What to run.
enum Program {
    File(String),
    Command(String),
    /// `-m MOD`.
    Module(String),
    Stdin,
    Repl,
}

/// Runs minipy with the process's arguments; returns the exit status.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    if let Some(cli) = Cli::without_options(&args) {
        return run(cli);
    }
    // One clap command serves both the split and the parse (building it is most of the cost
    // of parsing).
    let command = <Cli as clap::CommandFactory>::command();
    let mut python = PythonFlags::default();
    let (options, program_args) = match split_program_args(&command, &mut python, args) {
        Ok(split) => split,
        Err(usage) => {
            io::write_stderr(&usage);
            return 2;
        }
    };
    let parsed = command
        .try_get_matches_from(options)
        .and_then(|mut matches| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches));
    let mut cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    cli.args.extend(program_args);
    cli.python = python;
    run(cli)
}

/// Splits the command line where the program starts, as Python does: minipy's own options
/// come first; the program (a file, `-`, or `-c CODE`) and everything after it belong to the
/// program, even arguments that look like options.
fn split_program_args(
    command: &clap::Command,
    python: &mut PythonFlags,
    mut args: Vec<String>,
) -> Result<(Vec<String>, Vec<String>), String> {
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
            args.truncate(i);
            return Ok((args, rest));
        }
        if arg == "-" || !arg.starts_with('-') {
            break;
        }
        if arg == "-c" || arg == "-m" {
            // The code is the option's value; what follows is the program's.
            i = (i + 2).min(args.len());
            let rest = args.split_off(i);
            return Ok((args, rest));
        }
        match python.take(&args, i)? {
            0 => {}
            used => {
                args.drain(i..i + used);
                continue;
            }
        }
        if !arg.contains('=') && takes_value(arg) {
            i += 1;
        }
        i += 1;
    }
    let i = i.min(args.len());
    let rest = args.split_off(i);
    Ok((args, rest))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> i32 {
    if let Some(runs) = cli.explore {
        return crate::explore::run(crate::explore::Request {
            runs,
            explore_seed: cli.explore_seed,
            step_limit: cli.step_limit,
            command: cli.command.clone(),
            module: cli.module.clone(),
            args: cli.args.clone(),
            interpreter_flags: child_interpreter_flags(&cli),
        });
    }
    if cli.step_limit.is_some() && cli.schedule.is_none() {
        io::write_stderr("minipy: --step-limit applies to --schedule and --explore runs only\n");
        return 2;
    }
    if cli.schedule.is_some() && cli.switch_points == "backedge" {
        io::write_stderr("minipy: --schedule preempts before accesses to shared state, which --switch-points=backedge hides; drop it\n");
        return 2;
    }
    let (program, argv) = match (&cli.command, &cli.module, cli.args.first()) {
        (Some(code), _, _) => {
            let mut argv = vec!["-c".to_string()];
            argv.extend(cli.args.iter().cloned());
            (Program::Command(code.clone()), argv)
        }
        (None, Some(module), _) => {
            // sys.argv[0] becomes the module's file once it is found.
            let mut argv = vec!["-m".to_string()];
            argv.extend(cli.args.iter().cloned());
            (Program::Module(module.clone()), argv)
        }
        (None, None, Some(f)) if f == "-" => (Program::Stdin, cli.args.clone()),
        (None, None, Some(f)) => (Program::File(f.clone()), cli.args.clone()),
        (None, None, None) => (Program::Repl, vec![String::new()]),
    };
    let environment = Environment::read(&cli);
    if let Err(message) = &environment.hash_seed {
        io::write_stderr(message);
        return 1;
    }
    if environment.unbuffered {
        io::set_unbuffered();
    }
    let sys_path = initial_sys_path(&cli, &program, &environment);
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
        schedule: cli.schedule.clone(),
        step_limit: cli.step_limit,
        observe: crate::vm::observe::ObserveOptions {
            stats: cli.gil_stats,
            trace: cli.trace.clone(),
            timeline: cli.timeline.clone(),
        },
        sys_path,
        run_module: cli.module.clone(),
        child_flags: child_interpreter_flags(&cli),
        quiet: cli.python.quiet,
        warnoptions: cli.python.warnings.clone(),
        xoptions: cli.python.xoptions.clone(),
        race: cli.race,
        dont_write_bytecode: environment.dont_write_bytecode,
        debug_ranges: !environment.no_debug_ranges,
    };
    if cli.no_gil && (cli.virtual_time || cli.seed.is_some()) {
        io::write_stderr("minipy: --virtual-time and --seed need the GIL runtime (they schedule threads one at a time); drop --no-gil\n");
        return 2;
    }

    if cli.racy_refcounts && !cli.no_gil {
        io::write_stderr("minipy: --racy-refcounts needs --no-gil: under the GIL only one thread changes reference counts at a time, so no update can be lost\n");
        return 2;
    }
    if cli.lock_order {
        crate::vm::lock_order::enable();
    }
    crate::vm::threads::install_interrupt_handler();
    let interpreter = move || -> i32 {
        let code = if cli.racy_refcounts {
            run_in_runtime::<RacyNoGil>(&cli, program, options)
        } else if cli.no_gil {
            run_in_runtime::<NoGil>(&cli, program, options)
        } else {
            run_in_runtime::<Gil>(&cli, program, options)
        };
        // The process ends here, on the interpreter's stack: returning first (unmapping the
        // stack, ending a thread) would only delay the exit.
        at_exit();
        std::process::exit(code)
    };
    #[cfg(all(target_os = "linux", not(minipy_tsan)))]
    let interpreter = match own_stack::run(THREAD_STACK_SIZE, interpreter) {
        Ok(own_stack::Panicked) => return internal_error(),
        Err(interpreter) => interpreter,
    };
    let handle = std::thread::Builder::new()
        .name("MainThread".into())
        .stack_size(THREAD_STACK_SIZE)
        .spawn(interpreter);
    // This thread only waits from now on: it blocks every signal, so that one sent to the
    // process reaches the interpreter's thread (or a thread it started), and one the
    // program blocks there with `signal.pthread_sigmask` stays pending, as in CPython.
    #[cfg(unix)]
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, std::ptr::null_mut());
    }
    // Only a thread that could not start or that panicked comes back here.
    if let Ok(handle) = handle {
        let _ = handle.join();
    }
    internal_error()
}

/// What a panic in the interpreter ends with (after the panic's own message).
fn internal_error() -> i32 {
    io::write_stderr("minipy: internal error: the interpreter thread failed\n");
    at_exit();
    70
}

/// The interpreter's stack on Linux: the process's first thread runs the program, on a stack
/// of its own mapped for it, instead of starting a thread with a deep stack and waiting for
/// it. Starting that thread (mapping its stack, `clone`, waking it on the other CPU, and at
/// exit ending the waiting one) was about 0.2 ms of `minipy -c pass`'s 2.5 ms. With one
/// thread, a signal sent to the process reaches the interpreter's thread as it did: no other
/// thread waits with signals unblocked.
#[cfg(all(target_os = "linux", not(minipy_tsan)))]
mod own_stack {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// What comes back from [`run`] when `f` ran: `f` ends the process itself, so only its
    /// panic returns.
    pub struct Panicked;

    /// Runs `f` on a new stack of `size` bytes (and a guard page below it) on this thread:
    /// `Ok(Panicked)` once `f` has panicked, `Err(f)` if the stack could not be mapped.
    pub fn run<F: FnOnce() -> i32>(size: usize, f: F) -> Result<Panicked, F> {
        // SAFETY: asks a constant of the system (the C library keeps it; no system call).
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            page if page > 0 && size.is_multiple_of(page as usize) => page as usize,
            _ => return Err(f),
        };
        // SAFETY: maps fresh memory, touched only as the new stack grows into it; the
        // lowest page is made inaccessible, so running off the stack's end faults instead of
        // writing below it. `size` is a multiple of the page size, so both ends of the stack
        // are aligned as `on_stack` needs. The memory stays mapped until the process ends.
        unsafe {
            let base = libc::mmap(
                std::ptr::null_mut(),
                page + size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
                -1,
                0,
            );
            if base == libc::MAP_FAILED {
                return Err(f);
            }
            // The guard: one inaccessible page below the stack.
            if libc::mprotect(base, page, libc::PROT_NONE) != 0 {
                libc::munmap(base, page + size);
                return Err(f);
            }
            // A panic must not unwind through the switch of stacks: it is caught on the new
            // stack, and the panic hook has printed its message by then.
            psm::on_stack((base as *mut u8).add(page), size, move || {
                let _ = catch_unwind(AssertUnwindSafe(f));
            });
        }
        Ok(Panicked)
    }
}

/// What happens once the program is over, whichever thread ends the process.
fn at_exit() {
    // No child process outlives minipy.
    crate::stdlib::multiprocessing::at_exit();
    // Whatever the program wrote to files it left open reaches them.
    io::flush_at_exit();
    // `--schedule`: how long the run was, for `--explore`.
    crate::vm::schedule::write_stats_at_exit();
}

fn run_in_runtime<R: Runtime>(cli: &Cli, program: Program, options: Options) -> i32 {
    let interp = crate::runtime_setup::new_interp::<R>(options);
    // Never dropped: the process exits when the program ends, so tearing down every object
    // (a third of the instructions of `minipy -c pass`) would only delay it. What must happen
    // at exit happens explicitly (`finish`: threads, atexit, finalizers; `io::flush_at_exit`).
    let mut vm = std::mem::ManuallyDrop::new(Vm::new_main(interp, THREAD_STACK_SIZE));

    let (source, filename) = match program {
        Program::Repl => return crate::repl::run(&mut vm),
        Program::Module(name) => return run_module(&mut vm, cli, &name),
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
    // As CPython: code given with -c has no file.
    if filename != "<string>" {
        vm.set_module_attr(&main, "__file__", vm.new_str(filename.as_str()));
    }
    // A multiprocessing child re-runs the program as `__mp_main__`, then serves its parent.
    if let Some((role, name)) = crate::stdlib::multiprocessing::role_from_env() {
        return crate::stdlib::multiprocessing::serve(&mut vm, code, &main, role, name);
    }
    let status = match vm.run_code(code, &main) {
        Ok(_) => 0,
        Err(e) => report(&mut vm, e),
    };
    finish(&mut vm, cli, status)
}

/// `minipy -m MOD`: runs the module as `__main__`, then ends as a program does. A
/// multiprocessing child of such a program runs the same module as `__mp_main__`.
fn run_module<R: Runtime>(vm: &mut Vm<R>, cli: &Cli, name: &str) -> i32 {
    let code = match vm.module_as_main(name) {
        Err(message) => {
            io::write_stderr(&format!("minipy: {message}\n"));
            return 1;
        }
        Ok(Err(e)) => return report(vm, e),
        Ok(Ok(code)) => code,
    };
    let main = vm.main_module();
    if let Some((role, child)) = crate::stdlib::multiprocessing::role_from_env() {
        return crate::stdlib::multiprocessing::serve(vm, code, &main, role, child);
    }
    let status = match vm.run_code(code, &main) {
        Ok(_) => 0,
        Err(e) => report(vm, e),
    };
    finish(vm, cli, status)
}

/// After the main program: wait for the non-daemon threads, report, maybe start the REPL.
fn finish<R: Runtime>(vm: &mut Vm<R>, cli: &Cli, status: i32) -> i32 {
    // As CPython: the program ends when every non-daemon thread has.
    let status = match crate::stdlib::threading::shutdown(vm) {
        Ok(()) => status,
        Err(e) => report(vm, e),
    };
    vm.report_never_awaited();
    // Then the `atexit` callbacks, as CPython's finalization.
    crate::stdlib::atexit::run_at_exit(vm);
    if !cli.interactive {
        vm.finalize_at_exit();
        // Coroutines freed with the module's globals: CPython's `sys:1:` warnings.
        vm.report_never_awaited();
    }
    crate::vm::observe::report_at_exit(vm);
    if R::RACY_COUNTS {
        io::flush_stdout();
        io::write_stderr(&crate::objects::racy::report());
    }
    let status = crate::vm::race::exit_status(status);

    if cli.interactive {
        return crate::repl::run(vm);
    }
    status
}

/// What the PYTHON* environment variables ask (none of them under -E or -I).
struct Environment {
    pythonpath: Vec<String>,
    unbuffered: bool,
    /// `-B` or PYTHONDONTWRITEBYTECODE.
    dont_write_bytecode: bool,
    /// `-X no_debug_ranges` or PYTHONNODEBUGRANGES: tracebacks without position markers.
    no_debug_ranges: bool,
    /// PYTHONHASHSEED: accepted when "random" or an integer in CPython's range; else the
    /// fatal error CPython prints.
    hash_seed: Result<(), String>,
}

impl Environment {
    fn read(cli: &Cli) -> Environment {
        let ignore = cli.python.ignore_environment || cli.python.isolated;
        let var = |name: &str| {
            if ignore {
                None
            } else {
                std::env::var(name).ok().filter(|v| !v.is_empty())
            }
        };
        let pythonpath = var("PYTHONPATH")
            .map(|p| p.split(':').map(str::to_string).collect())
            .unwrap_or_default();
        let hash_seed = match var("PYTHONHASHSEED") {
            Some(v) if v != "random" && v.parse::<u32>().is_err() => Err(
                "Fatal Python error: config_init_hash_seed: PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]\nPython runtime state: preinitialized\n\n".to_string(),
            ),
            _ => Ok(()),
        };
        Environment {
            pythonpath,
            unbuffered: cli.python.unbuffered || var("PYTHONUNBUFFERED").is_some(),
            dont_write_bytecode: cli.python.dont_write_bytecode
                || var("PYTHONDONTWRITEBYTECODE").is_some(),
            no_debug_ranges: cli.python.xoptions.iter().any(|x| x == "no_debug_ranges")
                || var("PYTHONNODEBUGRANGES").is_some(),
            hash_seed,
        }
    }
}

/// `sys.path` at start-up: the script's directory (the current directory for `-m`, `''` for
/// `-c`, `-` and the REPL; nothing under -I), `PYTHONPATH` (made absolute), the bundled library.
fn initial_sys_path(cli: &Cli, program: &Program, environment: &Environment) -> Vec<String> {
    let absolute = |p: &str| {
        let p = if p.is_empty() { "." } else { p };
        std::path::absolute(p)
            .map(|a| a.display().to_string().trim_end_matches("/.").to_string())
            .unwrap_or_else(|_| p.to_string())
    };
    let mut path = Vec::new();
    if !cli.python.isolated {
        path.push(match program {
            Program::File(f) => crate::vm::import::script_path_entry(Some(f)),
            Program::Module(_) => absolute("."),
            _ => crate::vm::import::script_path_entry(None),
        });
    }
    path.extend(environment.pythonpath.iter().map(|p| absolute(p)));
    path.push(crate::vm::bundled::BUNDLED_PATH_ENTRY.to_string());
    path
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
            ObjKind::FrozenSet(set) => {
                let parts: Vec<String> = set.iter().map(|(_, k)| vm_repr(k)).collect();
                format!("frozenset({{{}}})", parts.join(", "))
            }
            k => format!("<{}>", k.type_name()),
        },
    }
}

/// A program's text, decoded as its coding declaration says (PEP 263), or CPython's
/// SyntaxError (exit 1) when it cannot be.
fn decode_source(bytes: Vec<u8>, name: &str) -> Result<String, i32> {
    use crate::vm::import_source::{decode, DecodeError};
    let message = match decode(&bytes) {
        Ok(text) => return Ok(text),
        Err(DecodeError::NotUtf8 { at }) => {
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            format!(
                "Non-UTF-8 code starting with '\\x{:02x}' in file {name} on line {line}, but no \
                 encoding declared; see https://peps.python.org/pep-0263/ for details",
                bytes[at]
            )
        }
        Err(DecodeError::UnknownEncoding(encoding)) => format!("encoding problem: {encoding}"),
        Err(DecodeError::Undecodable { encoding, .. }) => format!("encoding problem: {encoding}"),
        Err(DecodeError::BomMismatch(encoding)) => {
            format!("encoding problem: {encoding} with BOM")
        }
    };
    io::write_stderr(&format!("SyntaxError: {message}\n"));
    Err(1)
}

/// Reads a program file as CPython would report failures: exit 2 for a missing file.
pub(crate) fn read_source(path: &str) -> Result<String, i32> {
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

/// CPython's switches a child minipy (an explored run, a multiprocessing worker) must get too.
fn child_interpreter_flags(cli: &Cli) -> Vec<String> {
    [
        (cli.python.unbuffered, "-u"),
        (cli.python.dont_write_bytecode, "-B"),
        (cli.python.ignore_environment, "-E"),
        (cli.python.isolated, "-I"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| flag.to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command lines read without clap come out as clap reads them.
    #[test]
    fn plain_command_lines_read_as_clap_reads_them() {
        let lines: [&[&str]; 5] = [
            &["minipy"],
            &["minipy", "-c", "pass", "a", "-x"],
            &["minipy", "prog.py", "--no-gil", "-c"],
            &["minipy", "-", "x"],
            &["minipy", "dir/prog.mp"],
        ];
        for line in lines {
            let args: Vec<String> = line.iter().map(|a| a.to_string()).collect();
            let fast = Cli::without_options(&args).expect("a plain command line");
            let command = <Cli as clap::CommandFactory>::command();
            let mut python = PythonFlags::default();
            let (options, program_args) =
                split_program_args(&command, &mut python, args).expect("split");
            let mut parsed = <Cli as clap::Parser>::try_parse_from(options).expect("parse");
            parsed.args.extend(program_args);
            parsed.python = python;
            assert_eq!(format!("{fast:?}"), format!("{parsed:?}"), "{line:?}");
        }
        for line in [
            &["minipy", "--no-gil", "p.py"][..],
            &["minipy", "-u", "p.py"],
        ] {
            let args: Vec<String> = line.iter().map(|a| a.to_string()).collect();
            assert!(Cli::without_options(&args).is_none(), "{line:?}");
        }
    }
}
