//! Tab completion at the prompt: names (the globals of `__main__`, the builtins, keywords),
//! attributes of a plain dotted name (`threading.cu` → `current_thread`; only the part
//! before the last dot is looked up, through namespace dicts, so nothing is ever called) and
//! module names after `import` / `from` (native modules, the bundled `lib/`, and `.py`/`.mp`
//! files on `sys.path`). [`Helper`] hands [`complete`] to rustyline.

use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The completions of `line` with the cursor at byte `pos`: where the replaced word starts,
/// and the words that may replace it (sorted).
pub fn complete<R: Runtime>(vm: &mut Vm<R>, line: &str, pos: usize) -> (usize, Vec<String>) {
    let before = &line[..pos.min(line.len())];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    let mut found = if is_module_position(&before[..start]) {
        module_names(vm, word)
    } else if let Some(dot) = word.rfind('.') {
        let (base, prefix) = (&word[..dot], &word[dot + 1..]);
        match lookup_dotted(vm, base) {
            Some(value) => attr_names(vm, &value)
                .into_iter()
                .filter(|n| {
                    n.starts_with(prefix) && (prefix.starts_with('_') || !n.starts_with('_'))
                })
                .map(|n| format!("{base}.{n}"))
                .collect(),
            None => Vec::new(),
        }
    } else {
        let mut names = dict_names(&main_dict(vm));
        names.extend(dict_names(&vm.interp.builtins));
        names.extend(KEYWORDS.iter().map(|k| k.to_string()));
        names.retain(|n| n.starts_with(word));
        names
    };
    found.sort();
    found.dedup();
    (start, found)
}

/// Whether the text before the word is `import ...` or `from ` (a module name comes next).
fn is_module_position(head: &str) -> bool {
    let head = head.trim_start();
    if let Some(rest) = head.strip_prefix("from ") {
        return rest.trim().is_empty();
    }
    if let Some(rest) = head.strip_prefix("import ") {
        let rest = rest.trim_end();
        return rest.is_empty() || rest.ends_with(',');
    }
    false
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The value of a plain dotted name, found through namespace dicts only.
fn lookup_dotted<R: Runtime>(vm: &mut Vm<R>, base: &str) -> Option<Value<R>> {
    let mut parts = base.split('.');
    let first = parts.next()?;
    if !base.split('.').all(is_identifier) {
        return None;
    }
    let key = vm.str_key(first);
    let mut value =
        dict_get(&main_dict(vm), &key).or_else(|| dict_get(&vm.interp.builtins, &key))?;
    for part in parts {
        let key = vm.str_key(part);
        value = namespaces(vm, &value)
            .iter()
            .find_map(|d| dict_get(d, &key))?;
    }
    Some(value)
}

/// The dicts an attribute of `value` may come from, nearest first.
fn namespaces<R: Runtime>(vm: &Vm<R>, value: &Value<R>) -> Vec<ObjRef<R>> {
    let mut out = Vec::new();
    let class = match value.kind() {
        Some(ObjKind::Module(m)) => {
            out.push(m.dict.clone());
            return out;
        }
        Some(ObjKind::Class(_)) => value.as_obj().cloned(),
        _ => Some(vm.types().class_of(value).clone()),
    };
    if let Some(ObjKind::Instance(i)) = value.kind() {
        out.push(dict_object(i.to_map()));
    }
    if let Some(class) = class {
        let mut chain = vec![class.clone()];
        if let ObjKind::Class(c) = class.kind() {
            chain.extend(c.mro.iter().cloned());
        }
        for c in chain {
            if let ObjKind::Class(c) = c.kind() {
                out.push(dict_object(c.dict.lock::<R>().clone()));
            }
        }
    }
    out
}

fn dict_object<R: Runtime>(map: crate::objects::DictMap<R>) -> ObjRef<R> {
    ObjRef::new(ObjKind::Dict(crate::objects::ObjCell::new(map)))
}

fn main_dict<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    match vm.main_module().kind() {
        ObjKind::Module(m) => m.dict.clone(),
        _ => dict_object(Default::default()),
    }
}

fn attr_names<R: Runtime>(vm: &Vm<R>, value: &Value<R>) -> Vec<String> {
    let mut names = Vec::new();
    for d in namespaces(vm, value) {
        names.extend(dict_names(&d));
    }
    names
}

fn dict_get<R: Runtime>(d: &ObjRef<R>, key: &crate::objects::DictKey<R>) -> Option<Value<R>> {
    match d.kind() {
        ObjKind::Dict(d) => d.lock::<R>().get(key).cloned(),
        _ => None,
    }
}

fn dict_names<R: Runtime>(d: &ObjRef<R>) -> Vec<String> {
    match d.kind() {
        ObjKind::Dict(d) => d
            .lock::<R>()
            .keys()
            .filter_map(|k| k.value.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// Module names starting with `word`: native, bundled, and files on `sys.path`.
fn module_names<R: Runtime>(vm: &mut Vm<R>, word: &str) -> Vec<String> {
    let mut names: Vec<String> = crate::stdlib::modules::<R>()
        .into_iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.extend(
        crate::vm::bundled::BUNDLED_LIB
            .iter()
            .map(|(n, _, _)| n.to_string()),
    );
    if !word.contains('.') {
        for dir in sys_path(vm) {
            let Ok(entries) = std::fs::read_dir(if dir.is_empty() { "." } else { &dir }) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                if let Some(stem) = name
                    .strip_suffix(".py")
                    .or_else(|| name.strip_suffix(".mp"))
                {
                    names.push(stem.to_string());
                } else if path.join("__init__.py").is_file() || path.join("__init__.mp").is_file() {
                    names.push(name);
                }
            }
        }
    }
    names.retain(|n| n.starts_with(word) && (word.contains('.') || !n.contains('.')));
    names.retain(|n| n.split('.').all(is_identifier));
    names
}

fn sys_path<R: Runtime>(vm: &mut Vm<R>) -> Vec<String> {
    let Some(sys) = vm.sys_modules_get("sys") else {
        return Vec::new();
    };
    let key = vm.str_key("path");
    let Some(path) = namespaces(vm, &sys).iter().find_map(|d| dict_get(d, &key)) else {
        return Vec::new();
    };
    match path.kind() {
        Some(ObjKind::List(items)) => items
            .lock::<R>()
            .iter()
            .filter_map(|p| p.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// The rustyline helper: completion through [`complete`] on its own handle of the
/// interpreter (the REPL's own handle is busy waiting for the line).
pub struct Helper<R: Runtime> {
    pub vm: std::cell::RefCell<Vm<R>>,
}

impl<R: Runtime> rustyline::completion::Completer for Helper<R> {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(complete(&mut self.vm.borrow_mut(), line, pos))
    }
}

impl<R: Runtime> rustyline::hint::Hinter for Helper<R> {
    type Hint = String;
}
impl<R: Runtime> rustyline::highlight::Highlighter for Helper<R> {}
impl<R: Runtime> rustyline::validate::Validator for Helper<R> {}
impl<R: Runtime> rustyline::Helper for Helper<R> {}

#[cfg(test)]
mod tests {
    use super::complete;
    use crate::compiler::Mode;
    use crate::objects::Gil;
    use crate::vm::Vm;

    /// A fresh interpreter that has run `setup` in `__main__`.
    fn vm_after(setup: &str) -> Vm<Gil> {
        let interp = crate::runtime_setup::new_interp::<Gil>(Default::default());
        let mut vm = Vm::new(interp, 1 << 20);
        let main = vm.main_module();
        let code = vm.compile(setup, "<test>", Mode::Exec).ok().unwrap();
        if let Err(e) = vm.run_code(code, &main) {
            let exc = vm.materialize(e);
            panic!("{}", crate::vm::traceback::format_exception(&mut vm, &exc));
        }
        vm
    }

    fn words(vm: &mut Vm<Gil>, line: &str) -> (usize, Vec<String>) {
        complete(vm, line, line.len())
    }

    #[test]
    fn names_come_from_main_builtins_and_keywords() {
        let mut vm = vm_after("counter = 1\ncount_all = 2\n");
        assert_eq!(words(&mut vm, "x = cou").1, ["count_all", "counter"]);
        assert_eq!(words(&mut vm, "x = cou").0, 4);
        assert_eq!(words(&mut vm, "isins").1, ["isinstance"]);
        assert_eq!(words(&mut vm, "whi").1, ["while"]);
        assert!(words(&mut vm, "zzz").1.is_empty());
    }

    #[test]
    fn attributes_of_dotted_names() {
        let mut vm = vm_after(
            "import threading\nx = [1]\nclass C:\n    def run(self): pass\nc = C()\nc.rate = 3\n",
        );
        assert!(words(&mut vm, "threading.cu")
            .1
            .contains(&"threading.current_thread".into()));
        assert_eq!(words(&mut vm, "x.app").1, ["x.append"]);
        assert_eq!(words(&mut vm, "c.r").1, ["c.rate", "c.run"]);
        // Private names only when asked for; calls are never evaluated.
        assert!(!words(&mut vm, "x.").1.iter().any(|w| w.starts_with("x._")));
        assert!(words(&mut vm, "f().app").1.is_empty());
        assert!(words(&mut vm, "nothing.app").1.is_empty());
    }

    #[test]
    fn module_names_after_import_and_from() {
        let mut vm = vm_after("");
        assert!(words(&mut vm, "import thr")
            .1
            .contains(&"threading".to_string()));
        assert!(words(&mut vm, "from colle")
            .1
            .contains(&"collections".to_string()));
        assert!(words(&mut vm, "import os, ran")
            .1
            .contains(&"random".to_string()));
        let bundled = crate::vm::bundled::BUNDLED_LIB[0].0;
        let head = &bundled[..bundled.len().min(3)];
        assert!(words(&mut vm, &format!("import {head}"))
            .1
            .contains(&bundled.to_string()));
        // Not a module position: names again.
        assert!(!words(&mut vm, "x = thr")
            .1
            .contains(&"threading".to_string()));
    }

    #[test]
    fn indentation_follows_the_block() {
        assert_eq!(crate::repl::next_indent("def f():"), "    ");
        assert_eq!(crate::repl::next_indent("    if x:  "), "        ");
        assert_eq!(crate::repl::next_indent("        y = 1"), "        ");
        assert_eq!(crate::repl::next_indent("z = 2"), "");
    }
}
