//! The registry's records of `threading.Lock`/`RLock` objects (read by the deadlock detector and
//! `--lock-order`) are made on a lock's first acquire and dropped once the lock is freed, so a
//! program that makes many short-lived locks does not grow the registry.

use minipy::compiler::Mode;
use minipy::objects::Gil;
use minipy::vm::Vm;

fn run(vm: &mut Vm<Gil>, source: &str) {
    let main = vm.main_module();
    let code = vm.compile(source, "<test>", Mode::Exec).ok().unwrap();
    if vm.run_code(code, &main).is_err() {
        panic!("the program failed: {source}");
    }
}

fn records(vm: &Vm<Gil>) -> usize {
    vm.interp.registry.lock().locks.len()
}

#[test]
fn freed_locks_leave_no_records() {
    let interp = minipy::runtime_setup::new_interp::<Gil>(Default::default());
    let mut vm = Vm::new(interp, 1 << 20);
    run(
        &mut vm,
        "import threading\nkept = threading.Lock()\nkept.acquire()\n",
    );
    let before = records(&vm);
    assert!(before >= 1, "an acquired lock has a record");
    run(
        &mut vm,
        "for _ in range(2000):\n    threading.Lock()\n    l = threading.Lock()\n    with l:\n        pass\n    r = threading.RLock()\n    r.acquire()\n    r.release()\n",
    );
    // The loop's last Lock and RLock are still alive (bound to `l` and `r`); the rest are gone.
    let after = records(&vm);
    assert!(
        after <= before + 4,
        "{before} records before, {after} after"
    );
    // The kept lock's record is still there, with its holder.
    run(&mut vm, "assert kept.locked()\n");
}
