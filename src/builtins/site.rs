//! The names CPython's `site` module adds to the builtins of every program: `quit` and
//! `exit` (objects whose repr is a hint and whose call raises `SystemExit`), `copyright`,
//! `credits` and `license` (texts shown by their repr or call) and `help` (pydoc-like
//! plain-text help on functions, classes, methods and modules, and a small interactive
//! `help> ` prompt). All native, so start-up compiles no Python source.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, ObjKind, Value};
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use std::io::BufRead;
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

/// The line `copyright` shows.
pub const COPYRIGHT: &str = "Copyright (c) 2026 the minipy authors.\nAll Rights Reserved.";
const CREDITS: &str = "    Thanks to the authors of CPython, whose behaviour minipy follows, and to the\n    authors of the Rust crates it is built on.";
const LICENSE: &str = "minipy is distributed under the MIT License (see the LICENSE section of\nCargo.toml). Type license() to see the full license text";
const LICENSE_TEXT: &str = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of\nthis software and associated documentation files, to deal in the software without\nrestriction, subject to the following condition: the above copyright notice and\nthis permission notice shall be included in all copies or substantial portions of\nthe software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.";
const HELP_HINT: &str = "Type help() for interactive help, or help(object) for help about object.";

/// Adds `quit`, `exit`, `copyright`, `credits`, `license` and `help` to the builtins.
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let vm = Vm::new(interp.clone(), 0);
    let quitter = vm.native_class_with_layout(
        "Quitter",
        "_sitebuiltins",
        crate::objects::class::Layout::Object,
        &[("__repr__", quitter_repr), ("__call__", quitter_call)],
    );
    let printer = vm.native_class_with_layout(
        "_Printer",
        "_sitebuiltins",
        crate::objects::class::Layout::Object,
        &[("__repr__", printer_repr), ("__call__", printer_call)],
    );
    let helper = vm.native_class_with_layout(
        "_Helper",
        "_sitebuiltins",
        crate::objects::class::Layout::Object,
        &[("__repr__", helper_repr), ("__call__", helper_call)],
    );
    let objects = [
        ("quit", &quitter),
        ("exit", &quitter),
        ("copyright", &printer),
        ("credits", &printer),
        ("license", &printer),
        ("help", &helper),
    ];
    if let ObjKind::Dict(d) = interp.builtins.kind() {
        for (name, class) in objects {
            let instance = crate::objects::InstanceObj::new(class.clone(), 1);
            instance.set(vm.str_key("name"), vm.new_str(name));
            let obj = Value::new_obj(ObjKind::Instance(instance));
            d.lock::<R>().insert(vm.str_key(name), obj);
        }
    }
}

/// The `name` this object was made with.
fn name_of<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>) -> PyResult<String, R> {
    let me = args
        .pos
        .first()
        .ok_or_else(|| PyErr::type_error("descriptor needs an argument"))?;
    let name = vm.get_attr_str(me, "name")?;
    vm.to_str(&name)
}

fn quitter_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let name = name_of(vm, &args)?;
    Ok(vm.new_str(format!("Use {name}() or Ctrl-D (i.e. EOF) to exit")))
}

fn quitter_call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__call__")?;
    let code = args.pos.get(1).cloned().into_iter().collect();
    let class = vm.types().exception(ExcKind::SystemExit).clone();
    Err(match vm.new_exception_object(&class, code) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::new(ExcKind::SystemExit, ""),
    })
}

fn printer_text(name: &str) -> &'static str {
    match name {
        "copyright" => COPYRIGHT,
        "credits" => CREDITS,
        _ => LICENSE,
    }
}

fn printer_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let name = name_of(vm, &args)?;
    Ok(vm.new_str(printer_text(&name)))
}

fn printer_call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let name = name_of(vm, &args)?;
    let text = if name == "license" {
        LICENSE_TEXT
    } else {
        printer_text(&name)
    };
    io::write_stdout(&format!("{text}\n"));
    Ok(Value::None)
}

fn helper_repr<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(vm.new_str(HELP_HINT))
}

fn helper_call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("help")?;
    match args.pos.get(1) {
        Some(obj) => {
            let text = super::help::render(vm, obj)?;
            write_out(vm, &text)?;
        }
        None => interactive_help(vm)?,
    }
    Ok(Value::None)
}

/// Writes to `sys.stdout` as it is now (a program may have redirected it), as pydoc does.
fn write_out<R: Runtime>(vm: &mut Vm<R>, text: &str) -> PyResult<(), R> {
    match super::file::replaced_stdout(vm) {
        Some(out) => {
            let write = vm.get_attr_str(&out, "write")?;
            let text = vm.new_str(text);
            vm.call(&write, vec![text], Vec::new())?;
        }
        None => io::write_stdout(text),
    }
    Ok(())
}

/// `help()`: a `help> ` prompt reading names until `quit` or end of input.
fn interactive_help<R: Runtime>(vm: &mut Vm<R>) -> PyResult<(), R> {
    io::write_stdout(
        "\nWelcome to minipy's help utility! Enter the name of any module, function or\nclass to get help on it. To quit this help utility and return to the interpreter,\njust type \"quit\".\n\n",
    );
    let stdin = std::io::stdin();
    loop {
        io::write_stdout("help> ");
        io::flush_stdout();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let request = line.trim();
        if request.is_empty() || request == "quit" || request == "q" {
            break;
        }
        let name = vm.new_str(request);
        let text = super::help::render(vm, &name)?;
        io::write_stdout(&text);
    }
    io::write_stdout(
        "\nYou are now leaving help and returning to the Python interpreter.\nIf you want to ask for help on a particular object directly from the\ninterpreter, you can type \"help(object)\".  Executing \"help('string')\"\nhas the same effect as typing a particular string at the help> prompt.\n",
    );
    Ok(())
}
