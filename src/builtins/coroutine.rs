//! The methods of coroutines (`send`, `throw`, `close`, `__await__`), async generators
//! (`__aiter__`, `__anext__`, `asend`, `athrow`, `aclose`) and the awaitables they hand out
//! (`coroutine_wrapper`, `async_generator_asend`, `async_generator_athrow`); stepping them is
//! the VM's (`vm/coroutine.rs`).

use super::generator::{generator_methods, thrown_exception};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, GenFlavor, NativeFn, ObjKind, Value};
use crate::vm::coroutine::{AsendState, AthrowState, WrapperState};
use crate::vm::generator::{GenStep, Resume};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

/// The methods of coroutine objects.
pub fn coroutine_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    let mut m = generator_methods();
    m.push(("__await__", coroutine_await));
    m
}

/// The methods of async generator objects.
pub fn async_generator_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__aiter__", receiver_itself),
        ("__anext__", agen_anext),
        ("asend", agen_asend),
        ("athrow", agen_athrow),
        ("aclose", agen_aclose),
    ]
}

/// The methods of the awaitables: `coroutine_wrapper`, `async_generator_asend/athrow`.
pub fn awaitable_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("send", awaitable_send),
        ("throw", awaitable_throw),
        ("close", awaitable_close),
        ("__next__", awaitable_next),
        ("__iter__", receiver_itself),
        ("__await__", receiver_itself),
    ]
}

fn receiver_itself<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

fn coroutine_await<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match args.pos.first() {
        Some(c) if matches!(c.kind(), Some(ObjKind::Generator(g)) if g.flavor == GenFlavor::Coroutine) => {
            Ok(vm.new_coroutine_wrapper(c.clone()))
        }
        _ => Err(PyErr::type_error(
            "descriptor '__await__' requires a 'coroutine' object",
        )),
    }
}

/// The async generator a method was called on.
fn agen<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    match args.pos.first() {
        Some(v) if matches!(v.kind(), Some(ObjKind::Generator(g)) if g.flavor == GenFlavor::AsyncGenerator) => {
            Ok(v.clone())
        }
        _ => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'async_generator' object"
        ))),
    }
}

fn agen_anext<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let g = agen(&args, "__anext__")?;
    vm.agen_init_hooks(&g)?;
    Ok(vm.new_asend(g, Value::None))
}

fn agen_asend<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let g = agen(&args, "asend")?;
    vm.agen_init_hooks(&g)?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "async_generator.asend() takes exactly one argument ({} given)",
            args.pos.len().saturating_sub(1)
        )));
    }
    Ok(vm.new_asend(g, args.pos[1].clone()))
}

fn agen_athrow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let g = agen(&args, "athrow")?;
    vm.agen_init_hooks(&g)?;
    let given = args.pos.len().saturating_sub(1);
    if !(1..=3).contains(&given) {
        return Err(PyErr::type_error(if given == 0 {
            "athrow expected at least 1 argument, got 0".to_string()
        } else {
            format!("athrow expected at most 3 arguments, got {given}")
        }));
    }
    let err = thrown_exception(vm, &args)?;
    Ok(vm.new_athrow(g, Some(err)))
}

fn agen_aclose<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let g = agen(&args, "aclose")?;
    vm.agen_init_hooks(&g)?;
    Ok(vm.new_athrow(g, None))
}

/// One step of whichever awaitable the receiver is.
fn step<R: Runtime>(vm: &mut Vm<R>, this: &Value<R>, how: Resume<R>) -> R0<R> {
    let Some(ObjKind::Native(n)) = this.kind() else {
        return Err(PyErr::type_error("expected an awaitable"));
    };
    if let Some(st) = n.downcast::<AsendState<R>>() {
        return vm.asend_step(st, how);
    }
    if let Some(st) = n.downcast::<AthrowState<R>>() {
        return vm.athrow_step(st, how);
    }
    if let Some(st) = n.downcast::<WrapperState<R>>() {
        let Some(ObjKind::Generator(g)) = st.coro.kind() else {
            return Err(PyErr::type_error("expected a coroutine"));
        };
        return match vm.resume_generator_with(g, how)? {
            GenStep::Yielded(v) => Ok(v),
            GenStep::Returned(v) => Err(vm.stop_iteration_with(v)),
        };
    }
    Err(PyErr::type_error("expected an awaitable"))
}

fn awaitable_send<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "send() takes exactly one argument ({} given)",
            args.pos.len().saturating_sub(1)
        )));
    }
    step(vm, &args.pos[0], Resume::Send(args.pos[1].clone()))
}

fn awaitable_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    step(vm, &this, Resume::Send(Value::None))
}

fn awaitable_throw<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let given = args.pos.len().saturating_sub(1);
    if !(1..=3).contains(&given) {
        return Err(PyErr::type_error(if given == 0 {
            "throw expected at least 1 argument, got 0".to_string()
        } else {
            format!("throw expected at most 3 arguments, got {given}")
        }));
    }
    let err = thrown_exception(vm, &args)?;
    step(vm, &args.pos[0], Resume::Throw(err))
}

fn awaitable_close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let Some(ObjKind::Native(n)) = args.pos.first().and_then(|v| v.kind()) else {
        return Ok(Value::None);
    };
    if let Some(st) = n.downcast::<WrapperState<R>>() {
        if let Some(ObjKind::Generator(g)) = st.coro.kind() {
            vm.close_generator(g)?;
        }
    } else if let Some(st) = n.downcast::<AsendState<R>>() {
        st.mark_closed();
    } else if let Some(st) = n.downcast::<AthrowState<R>>() {
        st.mark_closed();
    }
    Ok(Value::None)
}
