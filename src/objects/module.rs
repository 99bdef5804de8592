//! Modules: a name and the dict that is its globals.

use super::{ObjRef, Runtime};

pub struct ModuleObj<R: Runtime> {
    pub name: String,
    /// A `dict` object: the module's namespace, shared with its functions as their globals.
    pub dict: ObjRef<R>,
}
