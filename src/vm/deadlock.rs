//! The deadlock report: when a thread is about to wait forever (the registry found a wait-for
//! cycle, or every live thread waits for something nothing can bring about), minipy prints who
//! waits for what, where, and who holds it — in the program's own names — and exits with
//! status 3, instead of hanging as CPython would.

use super::io;
use super::threads::{ThreadState, WaitTarget};
use super::traceback::source_line;
use super::Vm;
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;
use std::fmt::Write;

/// The exit status of a program stopped by the deadlock detector.
pub const DEADLOCK_EXIT_STATUS: i32 = 3;

/// Prints the report for `waits` (each thread and what it waits for, in order) and exits.
pub fn report_and_exit<R: Runtime>(vm: &mut Vm<R>, waits: &[(u64, WaitTarget)]) -> ! {
    let text = report(vm, waits);
    io::write_stderr(&text);
    // `--trace`/`--timeline`/`--gil-stats`: written now, with the report marked on them.
    super::observe::report_on_deadlock(vm, &text);
    io::flush_at_exit();
    super::schedule::write_stats_at_exit();
    std::process::exit(DEADLOCK_EXIT_STATUS);
}

/// The report's text.
pub fn report<R: Runtime>(vm: &mut Vm<R>, waits: &[(u64, WaitTarget)]) -> String {
    let is_cycle = waits.len() > 1
        && waits
            .iter()
            .all(|(_, t)| matches!(t, WaitTarget::Lock(_) | WaitTarget::Thread(_)))
        && waits
            .iter()
            .enumerate()
            .all(|(i, (_, t))| holder(vm, t) == Some(waits[(i + 1) % waits.len()].0));
    let self_deadlock = waits.len() == 1
        && matches!(&waits[0].1, WaitTarget::Lock(_))
        && holder(vm, &waits[0].1) == Some(waits[0].0);
    let mut out = String::new();
    if self_deadlock {
        out.push_str(
            "Deadlock: a thread waits for a lock it holds itself, so it can never go on.\n\n",
        );
    } else if is_cycle {
        out.push_str(
            "Deadlock: these threads wait for each other in a cycle, so none can go on.\n\n",
        );
    } else {
        out.push_str("Deadlock: every thread is waiting, and nothing can wake any of them.\n\n");
    }
    for (thread, target) in waits {
        describe_wait(vm, *thread, target, &mut out);
    }
    out.push_str(&format!(
        "minipy stopped the program (exit status {DEADLOCK_EXIT_STATUS}). \
         Run with --no-deadlock-detection to let it hang, as CPython would.\n"
    ));
    out
}

fn holder<R: Runtime>(vm: &Vm<R>, target: &WaitTarget) -> Option<u64> {
    let reg = vm.interp.registry.lock();
    match target {
        WaitTarget::Lock(id) => reg.locks.get(id).and_then(|l| l.holder),
        WaitTarget::Thread(t) => Some(*t),
        _ => None,
    }
}

fn describe_wait<R: Runtime>(vm: &mut Vm<R>, thread: u64, target: &WaitTarget, out: &mut String) {
    let name = thread_name(vm, thread);
    let (file, line) = {
        let reg = vm.interp.registry.lock();
        match reg.threads.get(&thread).map(|t| &t.state) {
            Some(ThreadState::Blocked { file, line, .. }) => (file.clone(), *line),
            _ => (std::sync::Arc::from("?"), 0),
        }
    };
    let what = match target {
        WaitTarget::Lock(id) => lock_name(vm, *id),
        WaitTarget::Thread(t) => format!("thread \"{}\" to finish", thread_name(vm, *t)),
        WaitTarget::Signal(_, what) => what.clone(),
        WaitTarget::Sleep | WaitTarget::SleepUntil(_) => "a sleep to end".to_string(),
        WaitTarget::Io(what) => what.to_string(),
    };
    let _ = writeln!(out, "  Thread \"{name}\" waits for {what}");
    write_location(vm, out, &file, line, "    at");
    if let WaitTarget::Lock(id) = target {
        let rec = vm.interp.registry.lock().locks.get(id).cloned();
        if let Some(rec) = rec {
            match rec.holder {
                Some(h) => {
                    let _ = writeln!(
                        out,
                        "    which is held by \"{}\", who took it",
                        thread_name(vm, h)
                    );
                    write_location(vm, out, &rec.taken_file, rec.taken_line, "    at");
                }
                None => {
                    let _ = writeln!(out, "    which is free");
                }
            }
        }
    }
    out.push('\n');
}

fn write_location<R: Runtime>(vm: &Vm<R>, out: &mut String, file: &str, line: u32, prefix: &str) {
    let _ = writeln!(out, "{prefix} {file}:{line}");
    if let Some(text) = source_line(vm, file, line) {
        let _ = writeln!(out, "        {text}");
    }
}

/// A thread's current name (its `name` attribute, which the program may have changed).
pub fn thread_name<R: Runtime>(vm: &mut Vm<R>, id: u64) -> String {
    let (object, fallback) = {
        let reg = vm.interp.registry.lock();
        match reg.threads.get(&id) {
            Some(t) => (t.object.clone(), t.name.clone()),
            None => (Value::None, format!("thread {id}")),
        }
    };
    if object.is_none() {
        return fallback;
    }
    match vm.get_attr_str(&object, "name") {
        Ok(v) => v.as_str().map(str::to_string).unwrap_or(fallback),
        Err(_) => fallback,
    }
}

/// The name a program knows a lock by: the global it is bound to, else where it was made.
pub fn lock_name<R: Runtime>(vm: &mut Vm<R>, id: u64) -> String {
    let rec = vm.interp.registry.lock().locks.get(&id).cloned();
    // Locks the interpreter makes for itself (a module's import lock) carry their own name.
    if let Some(r) = rec.as_ref().filter(|r| !r.name.is_empty()) {
        return r.name.clone();
    }
    let kind = match &rec {
        Some(r) if r.reentrant => "RLock",
        _ => "Lock",
    };
    if let Some(name) = global_name_of_lock(vm, id) {
        return format!("{kind} '{name}'");
    }
    match rec {
        Some(r) if r.line > 0 => format!("the {kind} made at {}:{}", r.file, r.line),
        _ => format!("a {kind}"),
    }
}

fn global_name_of_lock<R: Runtime>(vm: &Vm<R>, id: u64) -> Option<String> {
    let main = vm.main_module();
    let ObjKind::Module(m) = main.kind() else {
        return None;
    };
    let ObjKind::Dict(d) = m.dict.kind() else {
        return None;
    };
    let entries: Vec<(Value<R>, Value<R>)> = d
        .lock::<R>()
        .iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect();
    entries.into_iter().find_map(|(k, v)| match v.kind() {
        Some(ObjKind::Native(n)) => n
            .downcast::<super::lock::LockCore>()
            .filter(|l| l.id == id)
            .and_then(|_| k.as_str().map(str::to_string)),
        _ => None,
    })
}
