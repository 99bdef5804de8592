//! The disassembler (`minipy --dis`): every code object's instructions with line numbers,
//! operands and what each operand means, in the spirit of CPython's `dis`.

use super::Runtime;
use super::{Code, Op, BINARY_OPS, COMPARE_OPS, UNARY_OPS};
use crate::objects::{ObjKind, Value};
use std::fmt::Write;

/// Renders `code` and, after it, every code object among its constants.
pub fn disassemble<R: Runtime>(code: &Code<R>, repr: &dyn Fn(&Value<R>) -> String) -> String {
    let mut out = String::new();
    disassemble_into(code, repr, &mut out);
    out
}

fn disassemble_into<R: Runtime>(
    code: &Code<R>,
    repr: &dyn Fn(&Value<R>) -> String,
    out: &mut String,
) {
    let _ = writeln!(out, "Disassembly of <code {}>:", code.qualname);
    let mut last_line = 0;
    for (i, op) in code.ops.iter().enumerate() {
        let line = code.positions.line(i).unwrap_or(0);
        let line_col = if line != last_line {
            last_line = line;
            format!("{line:>4}")
        } else {
            "    ".to_string()
        };
        let arg = op.arg().map(|a| a.to_string()).unwrap_or_default();
        let note = describe(code, op, repr);
        let text = format!("{line_col} {i:>6} {:<20} {arg:>4}", op.name());
        if note.is_empty() {
            let _ = writeln!(out, "{}", text.trim_end());
        } else {
            let _ = writeln!(out, "{text} ({note})");
        }
    }
    for c in &code.consts {
        if let Some(ObjKind::Code(inner)) = c.kind() {
            out.push('\n');
            disassemble_into(inner, repr, out);
        }
    }
}

fn describe<R: Runtime>(code: &Code<R>, op: &Op, repr: &dyn Fn(&Value<R>) -> String) -> String {
    let name = |i: u32| code.name_str(i).to_string();
    match *op {
        Op::LoadConst(i) | Op::ReturnConst(i) => match code.consts.get(i as usize) {
            Some(Value::Obj(o)) if matches!(o.kind(), ObjKind::Code(_)) => match o.kind() {
                ObjKind::Code(c) => format!("<code {}>", c.qualname),
                _ => String::new(),
            },
            Some(v) => repr(v),
            None => String::new(),
        },
        Op::LoadFast(i) | Op::StoreFast(i) | Op::DeleteFast(i) | Op::LoadFastSubscr(i) => code
            .varnames
            .get(i as usize)
            .map(|s| s.to_string())
            .unwrap_or_default(),
        Op::LoadDeref(i) | Op::StoreDeref(i) | Op::DeleteDeref(i) | Op::LoadClosure(i) => {
            code.deref_name(i).to_string()
        }
        Op::LoadGlobal(i)
        | Op::StoreGlobal(i)
        | Op::DeleteGlobal(i)
        | Op::LoadName(i)
        | Op::StoreName(i)
        | Op::DeleteName(i)
        | Op::LoadAttr(i)
        | Op::StoreAttr(i)
        | Op::DeleteAttr(i)
        | Op::LoadMethod(i)
        | Op::LoadSuperMethod(i)
        | Op::ImportName(i)
        | Op::ImportFrom(i) => name(i),
        Op::BinaryOp(o) | Op::InplaceOp(o) => {
            let sym = BINARY_OPS
                .get(o as usize)
                .map(|b| b.symbol())
                .unwrap_or("?");
            if matches!(op, Op::InplaceOp(_)) {
                format!("{sym}=")
            } else {
                sym.to_string()
            }
        }
        Op::CompareOp(c) => COMPARE_OPS
            .get(c as usize)
            .copied()
            .unwrap_or("?")
            .to_string(),
        Op::UnaryOp(u) => UNARY_OPS
            .get(u as usize)
            .copied()
            .unwrap_or("?")
            .to_string(),
        Op::LoadFastLoadFast(slots) => {
            let name = |i: u32| {
                code.varnames
                    .get(i as usize)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            };
            format!("{}, {}", name(slots & 0xffff), name(slots >> 16))
        }
        Op::LoadFastAttr(pair) | Op::LoadFastMethod(pair) | Op::StoreFastAttr(pair) => format!(
            "{}.{}",
            code.varnames
                .get((pair & 0xffff) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            code.names
                .get((pair >> 16) as usize)
                .and_then(|n| n.value.as_str())
                .unwrap_or("?")
        ),
        Op::LoadFastLoadConst(pair) => {
            let local = code
                .varnames
                .get((pair & 0xffff) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let constant = code
                .consts
                .get((pair >> 16) as usize)
                .map(repr)
                .unwrap_or_default();
            format!("{local}, {constant}")
        }
        Op::BinaryFastConst(packed) | Op::UpdateFastConst(packed) => {
            let local = code
                .varnames
                .get((packed & 0xfff) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let constant = code
                .consts
                .get(((packed >> 12) & 0xfff) as usize)
                .map(repr)
                .unwrap_or_default();
            let sym = BINARY_OPS
                .get((packed >> 24) as usize)
                .map(|b| b.symbol())
                .unwrap_or("?");
            if matches!(op, Op::UpdateFastConst(_)) {
                format!("{local} {sym}= {constant}")
            } else {
                format!("{local} {sym} {constant}")
            }
        }
        Op::IsJumpIfFalse(packed) => {
            let test = if packed & 1 == 1 { "is not" } else { "is" };
            format!("{test}, else to {}", packed >> 1)
        }
        Op::CompareJumpIfFalse(packed) => {
            let cmp = COMPARE_OPS
                .get((packed & 0xf) as usize)
                .copied()
                .unwrap_or("?");
            format!("{cmp}, else to {}", packed >> 4)
        }
        _ => match op.jump_target() {
            Some(t) => format!("to {t}"),

            None => String::new(),
        },
    }
}
