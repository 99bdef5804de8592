//! What the cycle collector needs to know about each object kind: which kinds can take part in
//! a reference cycle ([`ObjKind::is_container`]), the references an object holds
//! ([`ObjKind::traverse`], CPython's `tp_traverse`) and how to break a cycle through it
//! ([`ObjKind::gc_clear`], CPython's `tp_clear`).
//!
//! `traverse` must report exactly the counted references the object owns, each once: one
//! reported too many would make the collector free a live object, one left out only makes
//! the referent look reachable (a leak, never a crash). Contents the objects floor cannot see
//! (the Rust data of native objects, unless their type registered hooks with
//! [`native::register_gc`](super::native::register_gc)) are left out for that reason. A generator's frame is the
//! VM's type, visited through [`Host::traverse_frame`](super::Host::traverse_frame).

use super::iter::IterState;
use super::{ObjKind, ObjRef, Runtime, Value};

/// A visitor of the references an object holds, where it must be one type (the hooks of
/// native types, a generator's frame).
pub type Visit<'a, R> = &'a mut dyn FnMut(&ObjRef<R>);

#[inline(always)]
fn v<R: Runtime, F: FnMut(&ObjRef<R>) + ?Sized>(value: &Value<R>, visit: &mut F) {
    if let Value::Obj(o) = value {
        visit(o);
    }
}

#[inline(always)]
fn all<R: Runtime, F: FnMut(&ObjRef<R>) + ?Sized>(values: &[Value<R>], visit: &mut F) {
    for x in values {
        v(x, visit);
    }
}

impl<R: Runtime> ObjKind<R> {
    /// True for the kinds whose objects the collector tracks: those that can hold references
    /// to other objects that could lead back to them. A tuple or frozenset made only of
    /// untracked values can never be part of a cycle (it cannot change), so it is left
    /// untracked, as CPython untracks such tuples. Decided once, when the object is made.
    #[inline]
    pub fn is_container(&self) -> bool {
        match self {
            ObjKind::Str(_)
            | ObjKind::BigInt(_)
            | ObjKind::Complex(_)
            | ObjKind::Bytes(_)
            | ObjKind::ByteArray(_)
            | ObjKind::Range { .. }
            | ObjKind::Singleton(_)
            | ObjKind::Code(_) => false,
            ObjKind::Tuple(items) => items.iter().any(is_tracked_value),
            ObjKind::FrozenSet(s) => s.iter().any(|(_, k)| is_tracked_value(k)),
            ObjKind::Builtin(b) => b.receiver.as_ref().is_some_and(is_tracked_value),
            // A range iterator holds only numbers (CPython does not track it either); an
            // iterator's state never changes to one holding more than it had.
            ObjKind::Iter(it) => !matches!(
                &*it.lock::<R>(),
                IterState::Range { .. } | IterState::Exhausted(_)
            ),
            _ => true,
        }
    }

    /// Calls `visit` once for every counted reference this object holds to another object.
    /// Generic over the visitor, so that the collector's searches, which visit every child of
    /// every tracked object, call theirs directly instead of through a pointer (a `Visit`
    /// works too, for callers that have one).
    pub fn traverse<F: FnMut(&ObjRef<R>) + ?Sized>(&self, visit: &mut F) {
        match self {
            ObjKind::Tuple(items) => all(items, visit),
            ObjKind::List(l) => all(&l.lock::<R>(), visit),
            ObjKind::Dict(d) => {
                for (k, x) in d.lock::<R>().iter() {
                    v(&k.value, visit);
                    v(x, visit);
                }
            }
            ObjKind::Set(s) => {
                for (_, k) in s.lock::<R>().iter() {
                    v(k, visit);
                }
            }
            ObjKind::FrozenSet(s) => {
                for (_, k) in s.iter() {
                    v(k, visit);
                }
            }
            ObjKind::Slice(parts) => all(&parts[..], visit),
            ObjKind::Function(f) => {
                visit(&f.globals);
                all(&f.defaults, visit);
                for (_, x) in &f.kwdefaults {
                    v(x, visit);
                }
                all(&f.closure, visit);
                v(&f.module, visit);
                if let Some(attrs) = f.attrs.lock::<R>().as_ref() {
                    if let Some(d) = &attrs.dict {
                        v(d, visit);
                    }
                    for (_, x) in &attrs.special {
                        v(x, visit);
                    }
                }
            }
            ObjKind::Builtin(b) => {
                if let Some(r) = &b.receiver {
                    v(r, visit);
                }
            }
            ObjKind::BoundMethod { func, receiver } => {
                v(func, visit);
                v(receiver, visit);
            }
            ObjKind::Class(c) => {
                for b in c.bases.iter().chain(c.mro.iter()) {
                    visit(b);
                }
                for (k, x) in c.dict.entered().lock::<R>().iter() {
                    v(&k.value, visit);
                    v(x, visit);
                }
                if let Some(m) = &c.metaclass {
                    visit(m);
                }
            }
            ObjKind::Instance(i) => i.traverse(visit),
            ObjKind::Exception(e) => {
                visit(&e.class);
                let st = e.state.lock::<R>();
                v(&st.args, visit);
                for (k, x) in st.dict.iter() {
                    v(&k.value, visit);
                    v(x, visit);
                }
                v(&st.cause, visit);
                v(&st.context, visit);
                v(&st.traceback_object, visit);
            }
            ObjKind::Module(m) => visit(&m.dict),
            ObjKind::Cell(c) => {
                if let Some(x) = c.lock::<R>().as_ref() {
                    v(x, visit);
                }
            }
            ObjKind::Iter(it) => traverse_iter(&it.lock::<R>(), visit),
            ObjKind::Generator(g) => {
                if let Some(frame) = g.frame.lock::<R>().as_ref() {
                    R::traverse_frame(frame, &mut |o| visit(o));
                }
            }
            ObjKind::Property {
                fget,
                fset,
                fdel,
                doc,
            } => {
                for x in [fget, fset, fdel, doc] {
                    v(x, visit);
                }
            }
            ObjKind::StaticMethod(x) | ObjKind::ClassMethod(x) => v(x, visit),
            ObjKind::Super { class, receiver } => {
                v(class, visit);
                v(receiver, visit);
            }
            ObjKind::Native(n) => n.traverse(&mut |o| visit(o)),
            ObjKind::DictView { dict, .. } => v(dict, visit),
            ObjKind::Str(_)
            | ObjKind::BigInt(_)
            | ObjKind::Complex(_)
            | ObjKind::Bytes(_)
            | ObjKind::ByteArray(_)
            | ObjKind::Range { .. }
            | ObjKind::Singleton(_)
            | ObjKind::Code(_) => {}
        }
    }

    /// Breaks reference cycles through this object by dropping what it holds that can
    /// change (immutable kinds keep theirs: a cycle always passes through a mutable object).
    /// The contents are moved out under the lock and dropped after it is released, since
    /// dropping them may free other objects.
    pub fn gc_clear(&self) {
        match self {
            ObjKind::List(l) => drop(std::mem::take(&mut *l.lock::<R>())),
            ObjKind::Dict(d) => drop(std::mem::take(&mut *d.lock::<R>())),
            ObjKind::Set(s) => drop(std::mem::take(&mut *s.lock::<R>())),
            ObjKind::Class(c) => c.dict.clear(),
            ObjKind::Cell(c) => drop(c.lock::<R>().take()),
            ObjKind::Function(f) => drop(f.attrs.lock::<R>().take()),
            ObjKind::Instance(i) => i.clear_attrs(),
            ObjKind::Exception(e) => {
                let mut st = e.state.lock::<R>();
                let taken = (
                    std::mem::take(&mut st.dict),
                    std::mem::replace(&mut st.cause, Value::None),
                    std::mem::replace(&mut st.context, Value::None),
                    std::mem::replace(&mut st.traceback_object, Value::None),
                );
                drop(st);
                drop(taken);
            }
            ObjKind::Iter(it) => {
                let mut st = it.lock::<R>();
                let name = st.type_name();
                let old = std::mem::replace(&mut *st, IterState::Exhausted(name));
                drop(st);
                drop(old);
            }
            ObjKind::Native(n) => n.gc_clear(),
            ObjKind::Generator(g) if !g.running.load(std::sync::atomic::Ordering::Relaxed) => {
                let frame = g.frame.lock::<R>().take();
                drop(frame);
            }
            _ => {}
        }
    }
}

fn traverse_iter<R: Runtime, F: FnMut(&ObjRef<R>) + ?Sized>(state: &IterState<R>, visit: &mut F) {
    match state {
        IterState::List { seq, .. }
        | IterState::Tuple { seq, .. }
        | IterState::ByteArray { seq, .. }
        | IterState::Reversed { seq, .. } => v(seq, visit),
        IterState::Str { s, .. } => v(s, visit),
        IterState::Dict { dict, .. } => v(dict, visit),
        IterState::Set { set, .. } => v(set, visit),
        IterState::Snapshot { items, .. } => all(items, visit),
        IterState::Enumerate { iter, count } => {
            v(iter, visit);
            v(count, visit);
        }
        IterState::Zip { iters } | IterState::ZipStrict { iters } => all(iters, visit),
        IterState::Map { func, iters } => {
            v(func, visit);
            all(iters, visit);
        }
        IterState::Filter { func, iter } => {
            v(func, visit);
            v(iter, visit);
        }
        IterState::Callable { func, sentinel } => {
            v(func, visit);
            v(sentinel, visit);
        }
        IterState::GetItem { obj, .. } => v(obj, visit),
        IterState::Range { .. } | IterState::Exhausted(_) => {}
    }
}

/// True if `value` is an object the collector tracks.
#[inline]
pub fn is_tracked_value<R: Runtime>(value: &Value<R>) -> bool {
    match value {
        Value::Obj(o) => o.is_tracked(),
        _ => false,
    }
}
