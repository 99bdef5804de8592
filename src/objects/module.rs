//! Modules: a name and the dict that is its globals.

use super::{ObjRef, Runtime};

pub struct ModuleObj<R: Runtime> {
    pub name: String,
    /// A `dict` object: the module's namespace, shared with its functions as their globals.
    pub dict: ObjRef<R>,
    /// The module's class when it is a subclass of `types.ModuleType` (made by calling the
    /// subclass, or set by `__class__` assignment); plain modules have none.
    pub class: ModuleClass<R>,
    /// Made by calling the module type (`ModuleType('x')`), not by an import: its repr
    /// names no loader (`<module 'x'>`).
    pub made_by_call: bool,
}

impl<R: Runtime> ModuleObj<R> {
    /// A module of the plain module type.
    pub fn new(name: String, dict: ObjRef<R>) -> Self {
        ModuleObj {
            name,
            dict,
            class: ModuleClass(std::cell::UnsafeCell::new(None)),
            made_by_call: false,
        }
    }
}

/// A module's class, if not the module type. `__class__` assignment ([`ModuleClass::set`])
/// replaces it in place, as an instance's (`instance::ClassRef`): a reference borrowed from
/// it reads the old class or the new one, and the class replaced is never freed (its
/// reference is kept), so nothing borrowed from it dangles.
pub struct ModuleClass<R: Runtime>(std::cell::UnsafeCell<Option<ObjRef<R>>>);

// SAFETY: the class is replaced only by `__class__` assignment, under the GIL or (with
// `--no-gil`) by one aligned word store of a pointer to a live class; readers see the old
// class or the new one, both alive for good (see the type's comment).
unsafe impl<R: Runtime> Send for ModuleClass<R> {}
unsafe impl<R: Runtime> Sync for ModuleClass<R> {}

impl<R: Runtime> ModuleClass<R> {
    /// The class, when the module is of a subclass of the module type.
    #[inline]
    pub fn get(&self) -> Option<&ObjRef<R>> {
        // SAFETY: see the `Sync` impl.
        unsafe { (*self.0.get()).as_ref() }
    }

    /// Makes `class` the module's class (`None`: the module type itself).
    pub fn set(&self, class: Option<ObjRef<R>>) {
        // SAFETY: see the `Sync` impl; the old class's reference is kept, never dropped.
        let old = unsafe { std::ptr::replace(self.0.get(), class) };
        std::mem::forget(old);
    }
}
