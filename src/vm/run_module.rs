//! `minipy -m MOD`: finding a module on `sys.path` (importing its parent packages; a package
//! runs as its `__main__` submodule) and preparing its code to run as `__main__`, with
//! `sys.argv[0]` its file and the messages CPython's `runpy` gives when there is none.

use super::import::{code_filename, Source, Spec};
use super::Vm;
use crate::bytecode::Code;
use crate::compiler::Mode;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;
use std::sync::Arc;

impl<R: Runtime> Vm<R> {
    /// Prepares module `name` to run as `__main__` (`minipy -m name`): its parent packages
    /// are imported (a package runs as its `__main__` submodule), `sys.argv[0]` becomes its
    /// file, and its code is compiled for the `__main__` module. `Err(msg)`: there is no such
    /// module (`minipy: msg`).
    pub fn module_as_main(&mut self, name: &str) -> Result<PyResult<Arc<Code<R>>, R>, String> {
        let (spec, full) = match self.find_main_spec(name) {
            Ok(found) => found,
            Err(Ok(msg)) => return Err(msg),
            Err(Err(e)) => return Ok(Err(e)),
        };
        let main = self.main_module();
        let file = code_filename(&spec, &full);
        let argv0 = self.new_str(file.as_str());
        if let Ok(sys) = self.import_module("sys") {
            if let Ok(argv) = self.get_attr_str(&sys, "argv") {
                if let Some(ObjKind::List(items)) = argv.kind() {
                    let mut items = items.lock::<R>();
                    if items.is_empty() {
                        items.push(argv0);
                    } else {
                        items[0] = argv0;
                    }
                }
            }
        }
        if spec.file.is_some() {
            self.set_module_attr(&main, "__file__", self.new_str(file.as_str()));
        }
        let package = full
            .rsplit_once('.')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        self.set_module_attr(&main, "__package__", self.new_str(package));
        self.set_module_attr(&main, "__spec__", Value::None);
        let source = match &spec.source {
            Source::Bundled(text) => text.to_string(),
            Source::File(path) => match self.read_module_source(path, &file) {
                Ok(s) => s,
                Err(e) => return Ok(Err(e)),
            },
            // A package runs as its `__main__` (see `find_main_spec`).
            Source::Namespace(_) => String::new(),
        };
        Ok(self.compile(&source, &file, Mode::Module))
    }

    /// The spec `-m name` runs and the full name of its module (`pkg.__main__` for a
    /// package). `Err(Ok(msg))`: no such module; `Err(Err(e))`: importing a parent failed.
    #[allow(clippy::type_complexity)]
    fn find_main_spec(&mut self, name: &str) -> Result<(Spec, String), PyResult<String, R>> {
        let mut full = name.to_string();
        for _ in 0..2 {
            let spec = match full.rsplit_once('.') {
                Some((parent, child)) => {
                    let parent_module = self.import_module(parent).map_err(|e| {
                        if self.err_kind(&e) == Some(ExcKind::ModuleNotFoundError) {
                            Ok(format!(
                                "Error while finding module specification for '{full}' \
                                 ({}: {})",
                                "ModuleNotFoundError",
                                self.error_message(e)
                            ))
                        } else {
                            Err(e)
                        }
                    })?;
                    let path = self
                        .get_attr_str(&parent_module, "__path__")
                        .and_then(|p| self.collect(&p))
                        .unwrap_or_default();
                    let path: Vec<String> = path
                        .iter()
                        .filter_map(|p| p.as_str().map(str::to_string))
                        .collect();
                    self.find_spec(&full, child, &path).map_err(Err)?
                }
                None => {
                    let path = self.sys_path().map_err(Err)?;
                    self.find_spec(&full, &full, &path).map_err(Err)?
                }
            };
            let Some(spec) = spec else {
                return Err(Ok(match full.strip_suffix(".__main__") {
                    Some(package) if full != name => format!(
                        "No module named {full}; '{package}' is a package and cannot be directly \
                         executed"
                    ),
                    _ => format!("No module named {full}"),
                }));
            };
            if spec.package_dir.is_none() {
                return Ok((spec, full));
            }
            // A package runs as its __main__ submodule, after its own body.
            self.import_module(&full).map_err(Err)?;
            full = format!("{full}.__main__");
        }
        // `pkg.__main__` is itself a package.
        Err(Ok("Cannot use package as __main__ module".to_string()))
    }

    /// The text of an error (for messages printed outside a traceback).
    fn error_message(&mut self, e: PyErr<R>) -> String {
        let exc = self.materialize(e);
        self.to_str(&exc).unwrap_or_default()
    }
}
