//! The attributes and methods of frame objects (`types.FrameType`, made by
//! `vm/frame_object.rs`): `f_code`, `f_back`, `f_lineno`, `f_lasti`, `f_globals`,
//! `f_builtins`, `f_locals`, `f_trace` (assignable), `clear()` and CPython's repr; and those
//! of traceback objects: `tb_frame`, `tb_next`, `tb_lineno`, `tb_lasti`.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::frame_object::{frame_object_data, FrameObject, TracebackLink};
use crate::vm::{Interp, Runtime, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

/// Puts the properties and methods into the frame and traceback classes.
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    crate::vm::frame_object::register_gc_hooks::<R>();
    install_traceback(interp);
    let class = &interp.types.frame;
    let methods: &[(&'static str, NativeFn<R>)] = &[("__repr__", repr), ("clear", clear)];
    crate::vm::add_methods(class, methods);
    let properties: &[(&'static str, NativeFn<R>)] = &[
        ("f_code", |vm, a| Ok(this(vm, &a)?.code.clone())),
        ("f_back", |vm, a| Ok(vm.frame_back(this(vm, &a)?))),
        ("f_lineno", |vm, a| {
            Ok(Value::Int(i64::from(vm.frame_line(this(vm, &a)?))))
        }),
        ("f_lasti", |vm, a| {
            Ok(Value::Int(vm.frame_lasti(this(vm, &a)?)))
        }),
        ("f_globals", |vm, a| {
            Ok(Value::Obj(this(vm, &a)?.globals.clone()))
        }),
        ("f_locals", |vm, a| Ok(vm.frame_locals(this(vm, &a)?))),
        ("f_builtins", |vm, a| {
            this(vm, &a)?;
            Ok(Value::Obj(vm.interp.builtins.clone()))
        }),
        ("f_trace_lines", |vm, a| {
            this(vm, &a)?;
            Ok(Value::Bool(true))
        }),
        ("f_trace_opcodes", |vm, a| {
            this(vm, &a)?;
            Ok(Value::Bool(false))
        }),
    ];
    if let ObjKind::Class(c) = class.kind() {
        for (name, getter) in properties {
            c.dict.add_native_property(name, *getter);
        }
        let vm = Vm::new(interp.clone(), 0);
        let trace = Value::new_obj(ObjKind::Property {
            fget: crate::vm::native_function("f_trace", trace_get),
            fset: crate::vm::native_function("f_trace", trace_set),
            fdel: crate::vm::native_function("f_trace", trace_set),
            doc: Value::None,
        });
        c.dict.lock::<R>().insert(vm.str_key("f_trace"), trace);
    }
}

/// Puts the properties into the traceback class.
fn install_traceback<R: Runtime>(interp: &Arc<Interp<R>>) {
    let properties: &[(&'static str, NativeFn<R>)] = &[
        ("tb_frame", |vm, a| {
            let tb = tb_this(vm, &a)?;
            Ok(vm.traceback_frame(tb))
        }),
        ("tb_next", |vm, a| {
            let tb = tb_this(vm, &a)?;
            Ok(match tb.at + 1 < tb.entries.len() {
                true => vm.new_traceback_object(tb.entries.clone(), tb.at + 1, tb.handler.clone()),
                false => Value::None,
            })
        }),
        ("tb_lineno", |vm, a| {
            Ok(Value::Int(i64::from(tb_this(vm, &a)?.entry().line)))
        }),
        ("tb_lasti", |vm, a| {
            Ok(Value::Int(2 * i64::from(tb_this(vm, &a)?.entry().ip)))
        }),
    ];
    if let ObjKind::Class(c) = interp.types.traceback.kind() {
        for (name, getter) in properties {
            c.dict.add_native_property(name, *getter);
        }
    }
}

/// The traceback object a property was read on.
fn tb_this<'a, R: Runtime>(vm: &Vm<R>, args: &'a Args<R>) -> PyResult<&'a TracebackLink<R>, R> {
    let first = args.pos.first();
    let link = first.and_then(|v| match v.kind() {
        Some(ObjKind::Native(n)) => n.data.downcast_ref::<TracebackLink<R>>(),
        _ => None,
    });
    link.ok_or_else(|| wrong_receiver(vm, "traceback", first))
}

/// The frame object a method was called on.
fn this<'a, R: Runtime>(vm: &Vm<R>, args: &'a Args<R>) -> PyResult<&'a FrameObject<R>, R> {
    let first = args.pos.first();
    first
        .and_then(frame_object_data)
        .ok_or_else(|| wrong_receiver(vm, "frame", first))
}

fn wrong_receiver<R: Runtime>(vm: &Vm<R>, wanted: &str, found: Option<&Value<R>>) -> PyErr<R> {
    let found = found.map_or("nothing".to_string(), |v| vm.type_name(v).to_string());
    PyErr::type_error(format!(
        "descriptor requires a '{wanted}' object but received a '{found}'"
    ))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = this(vm, &args)?;
    let addr = args.pos[0].as_obj().map_or(0, ObjRef::addr);
    let (file, name) = match f.code.kind() {
        Some(ObjKind::Code(c)) => (c.filename.to_string(), c.name.to_string()),
        _ => (String::new(), String::new()),
    };
    let line = vm.frame_line(f);
    let file = vm.repr(&vm.new_str(file))?;
    let text = format!("<frame at {addr:#x}, file {file}, line {line}, code {name}>");
    Ok(vm.new_str(text))
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    vm.frame_clear(this(vm, &args)?)?;
    Ok(Value::None)
}

fn trace_get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(this(vm, &args)?.trace.lock().clone())
}

/// Sets `f_trace` (deleting it sets None).
fn trace_set<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = this(vm, &args)?;
    let value = args.pos.get(1).cloned().unwrap_or(Value::None);
    let old = std::mem::replace(&mut *f.trace.lock(), value);
    drop(old);
    Ok(Value::None)
}
