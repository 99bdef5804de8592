//! The call site a thread records for its wait reports (the code and position of the call it
//! is in) never outlives the code it points at: when a frame ends, the site is put back to
//! its caller's, so native code that blocks after Python code has run and been freed (a
//! multiprocessing child serving tasks after re-running the program, the interpreter waiting
//! for threads at exit) never reads freed code.

use minipy::compiler::Mode;
use minipy::objects::{Gil, NoGil};
use minipy::vm::{Options, Runtime, Vm, THREAD_STACK_SIZE};

const PROGRAM: &str = "\
def inner():
    return len([])

def outer():
    inner()
    return abs(-1)

class Point:
    pass

outer()
Point()
";

// On a thread of the interpreter's stack size, as the command line runs it.
fn call_site_is_put_back<R: Runtime>() {
    std::thread::Builder::new()
        .stack_size(THREAD_STACK_SIZE)
        .spawn(run_and_check::<R>)
        .unwrap()
        .join()
        .unwrap();
}

fn run_and_check<R: Runtime>() {
    let interp = minipy::runtime_setup::new_interp::<R>(Options::default());
    let mut vm = Vm::<R>::new_main(interp, THREAD_STACK_SIZE);
    let main = vm.main_module();
    let before = vm.call_site;
    assert!(before.0.is_null());
    let code = vm
        .compile(PROGRAM, "<call_site>", Mode::Module)
        .unwrap_or_else(|_| panic!("the program compiles"));
    // The module's code is freed when `run_code` drops its frame.
    if let Err(e) = vm.run_code(code, &main) {
        minipy::vm::report(&mut vm, e);
        panic!("the program raised");
    }
    assert_eq!(
        vm.call_site, before,
        "the call site still points into freed code"
    );
    let (file, line) = vm.current_location();
    assert_eq!((&*file, line), ("<unknown>", 0));
}

#[test]
fn call_site_is_put_back_when_a_module_body_ends_gil() {
    call_site_is_put_back::<Gil>();
}

#[test]
fn call_site_is_put_back_when_a_module_body_ends_no_gil() {
    call_site_is_put_back::<NoGil>();
}
