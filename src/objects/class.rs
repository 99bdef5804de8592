//! Classes: built-in types and user classes alike are `ClassObj`s — a name, bases, the method
//! resolution order and a dict of attributes. The layout says what kind of object calling the
//! class makes.

pub use super::class_dict::ClassDict;
use super::dict::DictKey;
use super::shape::ShapeTree;
use super::{ObjKind, ObjRef, Runtime, Value};
use std::sync::atomic::{AtomicBool, Ordering};

/// What an instance of the class is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A built-in type whose instances are some other `ObjKind` (int, str, list, ...); not
    /// instantiable by plain allocation.
    Builtin,
    /// `object` and user classes: an `InstanceObj` with a dict.
    Object,
    /// BaseException and its subclasses: an `ExceptionObj`.
    Exception,
}

pub struct ClassObj<R: Runtime> {
    pub name: String,
    pub qualname: String,
    pub module: String,
    pub bases: Vec<ObjRef<R>>,
    /// The method resolution order, without the class itself.
    pub mro: Vec<ObjRef<R>>,
    /// Its attributes (see `class_dict` for how native methods get there).
    pub dict: ClassDict<R>,
    pub layout: Layout,
    /// The class's class when it is not `type` (set by `class X(metaclass=M)`).
    pub metaclass: Option<ObjRef<R>>,
    /// The layouts of its instances' attributes (see `shape`).
    pub shapes: ShapeTree<R>,
    /// CPython's `Py_TPFLAGS_IS_ABSTRACT`: set while the last value assigned to
    /// `__abstractmethods__` was true; `object.__new__` refuses such classes.
    pub is_abstract: AtomicBool,
}

impl<R: Runtime> ClassObj<R> {
    /// Looks `key` up in this class, then along the MRO.
    pub fn lookup(&self, key: &DictKey<R>) -> Option<Value<R>> {
        if let Some(v) = self.dict.lock::<R>().get(key) {
            return Some(v.clone());
        }
        for base in &self.mro {
            if let ObjKind::Class(c) = base.kind() {
                if let Some(v) = c.dict.lock::<R>().get(key) {
                    return Some(v.clone());
                }
            }
        }
        None
    }

    /// True while instances are refused (see `is_abstract`).
    #[inline]
    pub fn abstract_flag(&self) -> bool {
        self.is_abstract.load(Ordering::Relaxed)
    }

    /// Keeps `is_abstract` in step with an assignment to (or deletion of)
    /// `__abstractmethods__`.
    pub fn set_abstract_flag(&self, on: bool) {
        self.is_abstract.store(on, Ordering::Relaxed);
    }

    /// True if `other` is this class or in its MRO.
    pub fn is_subclass_of(&self, me: &ObjRef<R>, other: &ObjRef<R>) -> bool {
        me.ptr_eq(other) || self.mro.iter().any(|c| c.ptr_eq(other))
    }
}

/// The C3 linearization of a new class's bases (its MRO without itself), or `None` when the
/// bases admit no consistent order.
pub fn c3_mro<R: Runtime>(bases: &[ObjRef<R>]) -> Option<Vec<ObjRef<R>>> {
    // One base (every built-in class, most others): its MRO after it, nothing to merge.
    if let [base] = bases {
        let mut out = vec![base.clone()];
        if let ObjKind::Class(c) = base.kind() {
            out.extend(c.mro.iter().cloned());
        }
        return Some(out);
    }
    let mut seqs: Vec<Vec<ObjRef<R>>> = Vec::new();
    for b in bases {
        let mut s = vec![b.clone()];
        if let ObjKind::Class(c) = b.kind() {
            s.extend(c.mro.iter().cloned());
        }
        seqs.push(s);
    }
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs.iter().find_map(|s| {
            let cand = &s[0];
            let in_tail = seqs.iter().any(|t| t[1..].iter().any(|x| x.ptr_eq(cand)));
            (!in_tail).then(|| cand.clone())
        })?;
        for s in seqs.iter_mut() {
            if s[0].ptr_eq(&head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}
