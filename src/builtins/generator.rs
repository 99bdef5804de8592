//! The methods of generator objects (`send`, `throw`, `close`) with CPython's argument rules;
//! resuming one is the VM's (`vm/generator.rs`).

use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, GeneratorObj, NativeFn, ObjKind, Value};
use crate::vm::generator::{GenStep, Resume};
use crate::vm::Runtime;
use crate::vm::Vm;

/// The methods of generator objects.
pub fn generator_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("send", generator_send),
        ("throw", generator_throw),
        ("close", generator_close),
    ]
}

fn generator_of<'a, R: Runtime>(args: &'a Args<R>, name: &str) -> PyResult<&'a GeneratorObj<R>, R> {
    match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Generator(g)) => Ok(g),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'generator' object"
        ))),
    }
}

/// What a resumed generator gives its caller: the yielded value, or StopIteration(value).
fn step_result<R: Runtime>(vm: &mut Vm<R>, step: GenStep<R>) -> PyResult<Value<R>, R> {
    match step {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(v) => Err(vm.stop_iteration_with(v)),
    }
}

/// `next(generator)`: like `send(None)`, with the return value in the StopIteration.
pub fn generator_next<R: Runtime>(vm: &mut Vm<R>, g: &GeneratorObj<R>) -> PyResult<Value<R>, R> {
    let step = vm.resume_generator_with(g, Resume::Send(Value::None))?;
    step_result(vm, step)
}

fn generator_send<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.no_kwargs("send")?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "generator.send() takes exactly one argument ({} given)",
            args.pos.len().saturating_sub(1)
        )));
    }
    let g = generator_of(&args, "send")?;
    let step = vm.resume_generator_with(g, Resume::Send(args.pos[1].clone()))?;
    step_result(vm, step)
}

fn is_exception_class<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Class(c)) if c.layout == Layout::Exception)
}

/// The exception `throw(typ[, val[, tb]])` raises, made as CPython's `gen.throw` makes it.
pub(super) fn thrown_exception<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
) -> PyResult<PyErr<R>, R> {
    let typ = args.pos[1].clone();
    let val = args.pos.get(2).cloned().unwrap_or(Value::None);
    if let Some(tb) = args.pos.get(3) {
        if !tb.is_none() {
            return Err(PyErr::type_error(
                "throw() third argument must be a traceback object",
            ));
        }
    }
    let exc = if is_exception_class(&typ) {
        let is_instance = matches!(val.kind(), Some(ObjKind::Exception(_)))
            && matches!(&typ, Value::Obj(c) if vm.isinstance_class(&val, c));
        if is_instance {
            val
        } else {
            let call_args = match val.kind() {
                _ if val.is_none() => Vec::new(),
                Some(ObjKind::Tuple(t)) => t.to_vec(),
                _ => vec![val],
            };
            vm.call(&typ, call_args, Vec::new())?
        }
    } else if matches!(typ.kind(), Some(ObjKind::Exception(_))) {
        if !val.is_none() {
            return Err(PyErr::type_error(
                "instance exception may not have a separate value",
            ));
        }
        typ.clone()
    } else {
        return Err(PyErr::type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            vm.type_name(&typ)
        )));
    };
    match exc {
        Value::Obj(o) if matches!(o.kind(), ObjKind::Exception(_)) => Ok(PyErr::Object(o)),
        other => Err(PyErr::type_error(format!(
            "calling {} should have returned an instance of BaseException, not {}",
            vm.repr(&typ)?,
            vm.type_name(&other)
        ))),
    }
}

fn generator_throw<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.no_kwargs("throw")?;
    let given = args.pos.len().saturating_sub(1);
    if !(1..=3).contains(&given) {
        let msg = if given == 0 {
            "throw expected at least 1 argument, got 0".to_string()
        } else {
            format!("throw expected at most 3 arguments, got {given}")
        };
        return Err(PyErr::type_error(msg));
    }
    let g = generator_of(&args, "throw")?;
    // Suspended in a `yield from` over an iterator with its own `throw`: that method gets
    // the arguments as given (a GeneratorExit closes the chain instead).
    let raw = vm.throw_reaches_method(g);
    let err = match thrown_exception(vm, &args) {
        Ok(e) if raw && vm.err_kind(&e) == Some(ExcKind::GeneratorExit) => e,
        Ok(e) => {
            if raw {
                vm.raw_throw = Some(args.pos[1..].to_vec());
            }
            e
        }
        Err(e) if raw => {
            vm.raw_throw = Some(args.pos[1..].to_vec());
            e
        }
        Err(e) => return Err(e),
    };
    let step = vm.resume_generator_with(g, Resume::Throw(err));
    vm.raw_throw = None;
    step_result(vm, step?)
}

fn generator_close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.no_kwargs("close")?;
    let g = generator_of(&args, "close")?;
    vm.close_generator(g)?;
    Ok(Value::None)
}
