//! The import system: `import a.b.c`, `from m import x`, relative imports, `from m import *`.
//! Modules are looked up in `sys.modules` (the real dict, which programs see), then among the
//! native modules, then along `sys.path` (the script's directory, `PYTHONPATH`, the bundled
//! `lib/`) or a package's `__path__`: a directory with an `__init__.py` is a package, and both
//! `.py` and `.mp` files are modules. A module's body runs once, under its import lock
//! (`import_lock.rs`); a module whose body fails is removed from `sys.modules` again. The
//! errors say what CPython's say.

use super::bundled::{bundled_filename, bundled_module, BUNDLED_PATH_ENTRY};
use super::Vm;
use crate::bytecode::{Code, Op};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, DictKey, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use std::cell::Cell;
use std::path::{Path, PathBuf};

thread_local! {
    /// How many bundled modules' bodies this thread is running (nested imports).
    static BUNDLED_BODIES: Cell<u32> = const { Cell::new(0) };
}

/// Marks that a bundled module's body runs on this thread, while it lives.
struct BundledBody;

impl BundledBody {
    fn enter() -> BundledBody {
        BUNDLED_BODIES.with(|n| n.set(n.get() + 1));
        BundledBody
    }
}

impl Drop for BundledBody {
    fn drop(&mut self) {
        BUNDLED_BODIES.with(|n| n.set(n.get() - 1));
    }
}

/// True while this thread runs the body of a bundled library module (`import json`): the
/// collector then waits for the import to end (see `Vm::gc_checkpoint`). A library module's
/// body makes definitions, which are not garbage, so collecting then finds nothing; a short
/// program that only imports never pays for it.
pub fn running_bundled_body() -> bool {
    BUNDLED_BODIES.with(|n| n.get() > 0)
}

/// Where a module's source comes from.
pub(super) enum Source {
    File(PathBuf),
    Bundled(&'static str),
    /// A namespace package (PEP 420): directories of this name without an `__init__`, one
    /// per `sys.path` entry that has one; no code.
    Namespace(Vec<String>),
}

/// A module found on the search path, not loaded yet.
pub(super) struct Spec {
    pub(super) source: Source,
    /// `__file__` (a file's path), or `None` for a bundled module.
    pub(super) file: Option<String>,
    /// For a package: its `__path__` entry (its directory, or the bundled library).
    pub(super) package_dir: Option<String>,
}

/// The file name of a module's code: its path, or `<frozen NAME>` when bundled.
pub(super) fn code_filename(spec: &Spec, name: &str) -> String {
    spec.file.clone().unwrap_or_else(|| bundled_filename(name))
}

impl<R: Runtime> Vm<R> {
    // ----- sys.modules ---------------------------------------------------------------------

    /// `sys.modules[name]`, if there.
    pub fn sys_modules_get(&self, name: &str) -> Option<Value<R>> {
        super::eval::dict_get(&self.interp.modules, &self.str_key(name))
    }

    /// `sys.modules[name] = module`.
    pub fn sys_modules_set(&self, name: &str, module: Value<R>) {
        super::eval::dict_set(&self.interp.modules, self.str_key(name), module);
    }

    fn sys_modules_remove(&self, name: &str) {
        super::eval::dict_del(&self.interp.modules, &self.str_key(name));
    }

    /// Every entry of `sys.modules` whose key is a str.
    pub fn loaded_modules(&self) -> Vec<(String, Value<R>)> {
        match self.interp.modules.kind() {
            ObjKind::Dict(d) => crate::objects::dict::str_entries(&d.lock::<R>()),
            _ => Vec::new(),
        }
    }

    // ----- the statements ------------------------------------------------------------------

    /// `import NAME` and `from NAME import ...` as the eval loop runs them: `name` may start
    /// with dots, relative to the package of the module whose globals are `globals`. Returns
    /// the module `name` names (the leaf: `a.b.c` gives `c`).
    pub fn import_name(&mut self, key: &DictKey<R>, globals: &ObjRef<R>) -> PyResult<Value<R>, R> {
        // The common case first: a module already imported, looked up by the code's own key.
        if let Some(m) = super::eval::dict_get(&self.interp.modules, key) {
            if !m.is_none() && !self.interp.imports.any_initializing() {
                return Ok(m);
            }
        }
        let name = key.value.as_str().unwrap_or("");
        let level = name.len() - name.trim_start_matches('.').len();
        if level == 0 {
            return self.import_module(name);
        }
        let absolute = self.resolve_relative(&name[level..], level, globals)?;
        self.import_module(&absolute)
    }

    /// The absolute name of a relative import (CPython's `_calc___package__` and
    /// `_resolve_name`).
    fn resolve_relative(
        &mut self,
        name: &str,
        level: usize,
        globals: &ObjRef<R>,
    ) -> PyResult<String, R> {
        let get = |vm: &Vm<R>, key: &'static str| {
            super::eval::dict_get(globals, &vm.static_key(key)).filter(|v| !v.is_none())
        };
        let package = match get(self, "__package__") {
            Some(p) => match p.as_str() {
                Some(s) => s.to_string(),
                None => return Err(PyErr::type_error("package must be a string")),
            },
            None => {
                let module_name = get(self, "__name__")
                    .and_then(|n| n.as_str().map(str::to_string))
                    .unwrap_or_default();
                if get(self, "__path__").is_some() {
                    module_name
                } else {
                    module_name
                        .rsplit_once('.')
                        .map(|(p, _)| p.to_string())
                        .unwrap_or_default()
                }
            }
        };
        if package.is_empty() {
            return Err(PyErr::new(
                ExcKind::ImportError,
                "attempted relative import with no known parent package",
            ));
        }
        let bits: Vec<&str> = package.rsplitn(level, '.').collect();
        if bits.len() < level {
            return Err(PyErr::new(
                ExcKind::ImportError,
                "attempted relative import beyond top-level package",
            ));
        }
        let base = bits[bits.len() - 1];
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }

    /// `from module import name`: the attribute, else the submodule `module.name` (imported
    /// now if `module` is a package), else CPython's ImportError.
    pub fn import_from(&mut self, module: &Value<R>, key: &DictKey<R>) -> PyResult<Value<R>, R> {
        if let Some(v) = self.get_attr_opt(module, key)? {
            return Ok(v);
        }
        // A module's `__getattr__` answers too; its AttributeError means "no such name".
        match self.module_getattr(module, key) {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) if self.err_kind(&e) == Some(ExcKind::AttributeError) => {}
            Err(e) => return Err(e),
        }
        let name = key.value.as_str().unwrap_or("?").to_string();
        let module_name = self
            .get_attr_str(module, "__name__")
            .ok()
            .and_then(|n| n.as_str().map(str::to_string));
        if let Some(module_name) = &module_name {
            let full = format!("{module_name}.{name}");
            if let Some(m) = self.sys_modules_get(&full) {
                return Ok(m);
            }
            if self.get_attr_str(module, "__path__").is_ok() {
                match self.import_module(&full) {
                    Ok(m) => return Ok(m),
                    Err(e) if self.is_module_not_found(&e, &full) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let shown = module_name
            .clone()
            .unwrap_or_else(|| "<unknown module name>".into());
        let file = self
            .get_attr_str(module, "__file__")
            .ok()
            .and_then(|f| f.as_str().map(str::to_string));
        let msg = match &file {
            None => format!("cannot import name '{name}' from '{shown}' (unknown location)"),
            Some(path)
                if module_name
                    .as_deref()
                    .is_some_and(|m| self.interp.imports.initializing(m)) =>
            {
                format!(
                    "cannot import name '{name}' from partially initialized module '{shown}' \
                     (most likely due to a circular import) ({path})"
                )
            }
            Some(path) => format!("cannot import name '{name}' from '{shown}' ({path})"),
        };
        Err(self.import_error(ExcKind::ImportError, msg, module_name.as_deref(), file))
    }

    /// `from module import *`: the names in its `__all__` (submodules of a package imported
    /// as needed), or else every name not starting with `_`.
    pub fn import_star(&mut self, module: &Value<R>, namespace: &ObjRef<R>) -> PyResult<(), R> {
        let Some(ObjKind::Module(m)) = module.kind() else {
            return Ok(());
        };
        let module_name = m.name.clone();
        if let Some(all) = self.get_attr_opt(module, &self.static_key("__all__"))? {
            for item in self.collect(&all)? {
                let Some(name) = item.as_str().map(str::to_string) else {
                    return Err(PyErr::type_error(format!(
                        "Item in {module_name}.__all__ must be str, not {}",
                        self.type_name(&item)
                    )));
                };
                let key = self.str_key(&name);
                let value = match self.import_from(module, &key) {
                    Ok(v) => v,
                    Err(e) if self.err_kind(&e) == Some(ExcKind::ImportError) => {
                        return Err(PyErr::new(
                            ExcKind::AttributeError,
                            format!("module '{module_name}' has no attribute '{name}'"),
                        ))
                    }
                    Err(e) => return Err(e),
                };
                super::eval::dict_set(namespace, key, value);
            }
            return Ok(());
        }
        let pairs: Vec<(DictKey<R>, Value<R>)> = match m.dict.kind() {
            ObjKind::Dict(d) => d
                .lock::<R>()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (k, v) in pairs {
            if !k.value.as_str().unwrap_or("_").starts_with('_') {
                super::eval::dict_set(namespace, k, v);
            }
        }
        Ok(())
    }

    /// The `__import__(name, globals=None, locals=None, fromlist=(), level=0)` builtin: the
    /// top-level package of `name` when `fromlist` is empty, else the module itself (with the
    /// submodules `fromlist` names imported, when it is a package).
    pub fn builtin_import(&mut self, mut args: Args<R>) -> PyResult<Value<R>, R> {
        let names = ["name", "globals", "locals", "fromlist", "level"];
        let mut given: Vec<Option<Value<R>>> = vec![None; names.len()];
        if args.pos.len() > names.len() {
            return Err(PyErr::type_error(format!(
                "__import__() takes at most 5 arguments ({} given)",
                args.pos.len()
            )));
        }
        for (i, v) in args.pos.drain(..).enumerate() {
            given[i] = Some(v);
        }
        for (i, n) in names.iter().enumerate() {
            if let Some(v) = args.take_kw(n) {
                given[i] = Some(v);
            }
        }
        args.no_more_kwargs("__import__")?;
        let name = match &given[0] {
            Some(v) => match v.as_str() {
                Some(s) => s.to_string(),
                None => {
                    return Err(PyErr::type_error(format!(
                        "__import__() argument 1 must be str, not {}",
                        self.type_name(v)
                    )))
                }
            },
            None => {
                return Err(PyErr::type_error(
                    "__import__() missing required argument 'name' (pos 1)",
                ))
            }
        };
        let level = match &given[4] {
            None => 0,
            Some(Value::Int(n)) if *n >= 0 => *n as usize,
            Some(Value::Int(_)) => return Err(PyErr::value_error("level must be >= 0")),
            Some(v) => return Err(self.not_an_integer(v)),
        };
        let fromlist = match &given[3] {
            None | Some(Value::None) => Vec::new(),
            Some(v) => self.collect(v)?,
        };
        if name.is_empty() && level == 0 {
            return Err(PyErr::value_error("Empty module name"));
        }
        let absolute = if level == 0 {
            name.clone()
        } else {
            let globals = match given[1].as_ref().and_then(|g| g.as_obj()) {
                Some(g) if matches!(g.kind(), ObjKind::Dict(_)) => g.clone(),
                _ => {
                    return Err(PyErr::new(
                        ExcKind::ImportError,
                        "attempted relative import with no known parent package",
                    ))
                }
            };
            self.resolve_relative(&name, level, &globals)?
        };
        let module = self.import_module(&absolute)?;
        if fromlist.is_empty() {
            if name.is_empty() {
                return Ok(module);
            }
            let first = name.split('.').next().unwrap_or(&name);
            // The top-level package the name starts from (relative names: within the package).
            let top = &absolute[..absolute.len() - (name.len() - first.len())];
            return match self.sys_modules_get(top) {
                Some(m) => Ok(m),
                None => Err(PyErr::new(
                    ExcKind::KeyError,
                    format!("'{top}' not in sys.modules as expected"),
                )),
            };
        }
        if self.get_attr_str(&module, "__path__").is_ok() {
            for item in fromlist {
                let Some(sub) = item.as_str().map(str::to_string) else {
                    continue;
                };
                if sub == "*" || self.get_attr_opt(&module, &self.str_key(&sub))?.is_some() {
                    continue;
                }
                let full = format!("{absolute}.{sub}");
                match self.import_module(&full) {
                    Ok(_) => {}
                    Err(e) if self.is_module_not_found(&e, &full) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(module)
    }

    // ----- finding and loading -------------------------------------------------------------

    /// Imports the module with this absolute dotted name (its parents first) and returns it.
    pub fn import_module(&mut self, name: &str) -> PyResult<Value<R>, R> {
        if let Some(m) = self.sys_modules_get(name) {
            if m.is_none() {
                return Err(self.module_not_found(
                    format!("import of {name} halted; None in sys.modules"),
                    name,
                ));
            }
            if !self
                .interp
                .imports
                .initializing_elsewhere(name, self.thread_id)
            {
                return Ok(m);
            }
            // Another thread runs its body: wait until it is done, then use what it made.
            self.lock_module(name)?;
            self.unlock_module(name);
            if let Some(m) = self.sys_modules_get(name) {
                return Ok(m);
            }
        }
        if name.is_empty() || name.split('.').any(str::is_empty) {
            return Err(PyErr::value_error("Empty module name"));
        }
        let parent = match name.rsplit_once('.') {
            Some((parent, child)) => {
                let parent_module = self.import_module(parent)?;
                // The parent's body may have imported this module already (if another
                // thread is still running its body, the lock below waits for it).
                if let Some(m) = self.sys_modules_get(name) {
                    if !self
                        .interp
                        .imports
                        .initializing_elsewhere(name, self.thread_id)
                    {
                        return Ok(m);
                    }
                }
                let path = match self.get_attr_str(&parent_module, "__path__") {
                    Ok(p) => self.collect(&p)?,
                    Err(_) => {
                        return Err(self.module_not_found(
                            format!("No module named '{name}'; '{parent}' is not a package"),
                            name,
                        ))
                    }
                };
                let path: Vec<String> = path
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect();
                Some((parent_module, child.to_string(), path))
            }
            None => None,
        };
        self.lock_module(name)?;
        let result = self.load_locked(name, parent);
        self.unlock_module(name);
        result
    }

    /// Loads module `name` holding its import lock.
    fn load_locked(
        &mut self,
        name: &str,
        parent: Option<(Value<R>, String, Vec<String>)>,
    ) -> PyResult<Value<R>, R> {
        // Loaded while this thread waited for the lock, or a circular import in this thread.
        if let Some(m) = self.sys_modules_get(name) {
            return Ok(m);
        }
        let spec = match &parent {
            None => {
                if let Some(m) = self.native_module(name)? {
                    let m = Value::Obj(m);
                    self.sys_modules_set(name, m.clone());
                    return Ok(m);
                }
                let path = self.sys_path()?;
                self.find_spec(name, name, &path)?
            }
            Some((_, child, path)) => self.find_spec(name, child, path)?,
        };
        let Some(spec) = spec else {
            return Err(self.module_not_found(format!("No module named '{name}'"), name));
        };
        let module = self.exec_spec(name, &spec, name)?;
        if let Some((parent_module, child, _)) = parent {
            let key = self.str_key(&child);
            self.set_attr(&parent_module, &key, module.clone())?;
        }
        Ok(module)
    }

    /// Makes module `name` from `spec`, registers it in `sys.modules` as `registered` and
    /// runs its body; on failure, takes it out of `sys.modules` again.
    fn exec_spec(&mut self, name: &str, spec: &Spec, registered: &str) -> PyResult<Value<R>, R> {
        let filename = code_filename(spec, name);
        let code = match &spec.source {
            Source::Bundled(text) => self.bundled_code(name, text, &filename)?,
            Source::File(path) => self.file_code(path, &filename)?,
            Source::Namespace(_) => {
                let module = self.new_module(registered);
                self.init_module_attrs(&module, name, spec);
                let module = Value::Obj(module);
                self.sys_modules_set(registered, module.clone());
                return Ok(module);
            }
        };
        let module = self.new_module(registered);
        self.init_module_attrs(&module, name, spec);
        reserve_for_stores(&module, &code);
        self.sys_modules_set(registered, Value::Obj(module.clone()));
        // (`run_frame` puts the importer's call site back when the body ends, so wait reports
        // never read the body's freed code.)
        let ran = {
            let _body = matches!(spec.source, Source::Bundled(_)).then(BundledBody::enter);
            self.run_code(code, &module)
        };
        if let Err(e) = ran {
            self.sys_modules_remove(registered);
            return Err(e);
        }
        // A module may put something else in its place in sys.modules.
        Ok(self
            .sys_modules_get(registered)
            .unwrap_or(Value::Obj(module)))
    }

    /// `importlib.reload(module)`: runs the module's code again, found anew where an import
    /// would find it, in the module's own namespace; returns `sys.modules[name]` after.
    pub fn reload_module(&mut self, module: &Value<R>) -> PyResult<Value<R>, R> {
        // As CPython: anything with a `__name__` is taken for a module.
        let name = self.get_attr_str(module, "__name__").ok();
        let (Some(name), Value::Obj(obj)) = (name.as_ref().and_then(Value::as_str), module) else {
            return Err(PyErr::type_error("reload() argument must be a module"));
        };
        let name = name.to_string();
        if !self.sys_modules_get(&name).is_some_and(|m| m.is(module)) {
            let msg = format!("module {name} not in sys.modules");
            return Err(self.import_error(ExcKind::ImportError, msg, Some(&name), None));
        }
        let (path, last) = match name.rsplit_once('.') {
            Some((parent, child)) => {
                let Some(parent_module) = self.sys_modules_get(parent) else {
                    let msg = format!("parent '{parent}' not in sys.modules");
                    return Err(self.import_error(ExcKind::ImportError, msg, Some(parent), None));
                };
                let path = self.get_attr_str(&parent_module, "__path__")?;
                let path: Vec<String> = self
                    .collect(&path)?
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect();
                (path, child.to_string())
            }
            None => {
                // A native module is made once; reloading it gives it back as it is.
                if self.interp.native_modules.iter().any(|(n, _)| *n == name) {
                    return Ok(module.clone());
                }
                (self.sys_path()?, name.clone())
            }
        };
        let Some(spec) = self.find_spec(&name, &last, &path)? else {
            let msg = format!("spec not found for the module '{name}'");
            return Err(self.module_not_found(msg, &name));
        };
        let filename = code_filename(&spec, &name);
        let code = match &spec.source {
            Source::Bundled(text) => self.bundled_code(&name, text, &filename)?,
            Source::File(path) => self.file_code(path, &filename)?,
            Source::Namespace(_) => return Ok(module.clone()),
        };
        if let Some(file) = &spec.file {
            self.set_module_attr(obj, "__file__", self.new_str(file.as_str()));
        }
        self.run_code(code, obj)?;
        Ok(self
            .sys_modules_get(&name)
            .unwrap_or_else(|| module.clone()))
    }

    /// `__file__`, `__package__`, `__path__`, `__spec__` and `__loader__` of a new module.
    fn init_module_attrs(&self, module: &ObjRef<R>, name: &str, spec: &Spec) {
        if let Some(file) = &spec.file {
            self.set_module_attr(module, "__file__", self.new_str(file.as_str()));
        }
        let package = match &spec.package_dir {
            Some(dir) => {
                let path = match &spec.source {
                    Source::Namespace(dirs) => {
                        self.set_module_attr(module, "__file__", Value::None);
                        dirs.iter().map(|d| self.new_str(d.as_str())).collect()
                    }
                    _ => vec![self.new_str(dir.as_str())],
                };
                let path = self.new_list(path);
                self.set_module_attr(module, "__path__", path);
                name.to_string()
            }
            None => name
                .rsplit_once('.')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default(),
        };
        self.set_module_attr(module, "__package__", self.new_str(package));
        self.set_module_attr(module, "__spec__", Value::None);
        self.set_module_attr(module, "__loader__", Value::None);
    }

    /// The native module `name`, made now (the one place that asks the native-module table).
    fn native_module(&mut self, name: &str) -> PyResult<Option<ObjRef<R>>, R> {
        self.make_native_module(name)
    }

    /// `sys.path` as a list of strs (other entries are skipped, as CPython does).
    pub(super) fn sys_path(&mut self) -> PyResult<Vec<String>, R> {
        let sys = self.import_module("sys")?;
        let Ok(path) = self.get_attr_str(&sys, "path") else {
            return Ok(Vec::new());
        };
        Ok(self
            .collect(&path)?
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect())
    }

    /// Looks for module `full` (whose last part is `last`) in the directories `path`: the
    /// first package with an `__init__` or module file wins; failing both, the directories of
    /// that name are one namespace package.
    pub(super) fn find_spec(
        &self,
        full: &str,
        last: &str,
        path: &[String],
    ) -> PyResult<Option<Spec>, R> {
        let mut namespace = Vec::new();
        for entry in path {
            if entry == BUNDLED_PATH_ENTRY {
                if let Some((text, package)) = bundled_module(full) {
                    return Ok(Some(Spec {
                        source: Source::Bundled(text),
                        file: None,
                        package_dir: package.then(|| BUNDLED_PATH_ENTRY.to_string()),
                    }));
                }
                continue;
            }
            let dir = if entry.is_empty() {
                match std::env::current_dir() {
                    Ok(d) => d,
                    Err(_) => continue,
                }
            } else {
                PathBuf::from(entry)
            };
            let package = dir.join(last);
            if package.is_dir() {
                for init in ["__init__.py", "__init__.mp"] {
                    let file = package.join(init);
                    if file.is_file() {
                        return Ok(Some(file_spec(file, Some(&package))));
                    }
                }
            }
            for ext in ["py", "mp"] {
                let file = dir.join(format!("{last}.{ext}"));
                if file.is_file() {
                    return Ok(Some(file_spec(file, None)));
                }
            }
            if package.is_dir() {
                namespace.push(package.display().to_string());
            }
        }
        Ok(namespace.first().cloned().map(|first| Spec {
            source: Source::Namespace(namespace.clone()),
            file: None,
            package_dir: Some(first),
        }))
    }

    /// A module file's text, decoded as its coding declaration says (PEP 263); what cannot
    /// be decoded is CPython's SyntaxError for an imported module.
    pub(super) fn read_module_source(&self, path: &Path, filename: &str) -> PyResult<String, R> {
        let bytes = std::fs::read(path).map_err(|e| {
            PyErr::new(
                ExcKind::OSError,
                format!(
                    "[Errno {}] {e}: '{filename}'",
                    e.raw_os_error().unwrap_or(0)
                ),
            )
        })?;
        use super::import_source::{decode, import_utf8_error, DecodeError};
        let (msg, at) = match decode(&bytes) {
            Ok(text) => return Ok(text),
            Err(DecodeError::NotUtf8 { at }) => match import_utf8_error(&bytes, at) {
                Some((msg, at)) => (msg, Some(at)),
                // Only comments hold bad bytes: CPython never decodes them.
                None => return Ok(String::from_utf8_lossy(&bytes).into_owned()),
            },
            Err(DecodeError::UnknownEncoding(name)) => (format!("unknown encoding: {name}"), None),
            Err(DecodeError::Undecodable { encoding, at }) => (
                format!(
                    "'{encoding}' codec can't decode byte 0x{:02x} in position {at}: ordinal \
                     not in range(128)",
                    bytes[at]
                ),
                None,
            ),
            Err(DecodeError::BomMismatch(name)) => {
                (format!("encoding problem: {name} with BOM"), None)
            }
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let position = at.map_or(0, |at| String::from_utf8_lossy(&bytes[..at]).len());
        let error = crate::syntax::SyntaxError {
            kind: crate::syntax::SyntaxErrorKind::SyntaxError,
            msg,
            span: crate::syntax::ast::Span::new(position, position),
            incomplete: false,
        };
        let err = self.syntax_error_value(&error, &text, filename);
        if at.is_none() {
            // An encoding error has no line: CPython reports line 0 and no text.
            if let PyErr::Object(o) = &err {
                if let ObjKind::Exception(x) = o.kind() {
                    let mut st = x.state.lock::<R>();
                    st.dict.insert(self.str_key("lineno"), Value::Int(0));
                    st.dict.insert(self.str_key("offset"), Value::Int(-1));
                    st.dict.insert(self.str_key("end_offset"), Value::Int(-1));
                    st.dict.insert(self.str_key("text"), Value::None);
                }
            }
        }
        Err(err)
    }

    // ----- errors --------------------------------------------------------------------------

    /// `ModuleNotFoundError(msg)` with `.name` set.
    fn module_not_found(&mut self, msg: String, name: &str) -> PyErr<R> {
        self.import_error(ExcKind::ModuleNotFoundError, msg, Some(name), None)
    }

    /// An ImportError (or subclass) with its `name` and `path` attributes.
    fn import_error(
        &mut self,
        kind: ExcKind,
        msg: String,
        name: Option<&str>,
        path: Option<String>,
    ) -> PyErr<R> {
        let exc = self.materialize(PyErr::new(kind, msg));
        if let Some(ObjKind::Exception(x)) = exc.kind() {
            let name = name.map_or(Value::None, |n| self.new_str(n));
            let path = path.map_or(Value::None, |p| self.new_str(p));
            let mut st = x.state.lock::<R>();
            st.dict.insert(self.str_key("name"), name);
            st.dict.insert(self.str_key("path"), path);
        }
        match exc {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::new(kind, ""),
        }
    }

    /// Whether `e` is a ModuleNotFoundError for module `name` itself.
    fn is_module_not_found(&mut self, e: &PyErr<R>, name: &str) -> bool {
        match e {
            PyErr::Lazy(_) => false,
            PyErr::Object(o) => {
                let exc = Value::Obj(o.clone());
                self.exception_kind_of(&exc) == Some(ExcKind::ModuleNotFoundError)
                    && self
                        .get_attr_str(&exc, "name")
                        .ok()
                        .is_some_and(|n| n.as_str() == Some(name))
            }
        }
    }
}

/// The spec of a module file (`package_dir`: the package directory whose `__init__` it is).
fn file_spec(file: PathBuf, package_dir: Option<&Path>) -> Spec {
    Spec {
        file: Some(file.display().to_string()),
        source: Source::File(file),
        package_dir: package_dir.map(|d| d.display().to_string()),
    }
}

/// The first entry of `sys.path` for a program: the directory of the script (absolute, as
/// CPython makes it), or the current directory for `-m`, or `''` for `-c`, `-` and the REPL.
pub fn script_path_entry(script: Option<&str>) -> String {
    match script {
        None => String::new(),
        Some(file) => {
            let path = Path::new(file);
            let full = std::fs::canonicalize(path)
                .or_else(|_| std::path::absolute(path))
                .unwrap_or_else(|_| path.to_path_buf());
            full.parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        }
    }
}

/// Makes room in `module`'s dict for the globals its body stores, so that the dict does not
/// grow (and rehash) step by step as the body runs: one entry per StoreGlobal (a name stored
/// twice is counted twice; a few entries too many cost less than growing).
fn reserve_for_stores<R: Runtime>(module: &ObjRef<R>, code: &Code<R>) {
    let stores = code
        .ops
        .iter()
        .filter(|op| matches!(op, Op::StoreGlobal(_)))
        .count();
    if let ObjKind::Module(m) = module.kind() {
        if let ObjKind::Dict(d) = m.dict.kind() {
            d.lock::<R>().reserve(stores);
        }
    }
}
