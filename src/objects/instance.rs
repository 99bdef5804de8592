//! Instances of user classes: a class and the instance's attributes.
//!
//! Attributes live in a vector of values described by a shape of the class's shape tree
//! (`shape`: which name each position holds, shared by every instance that got the same names
//! in the same order). A dict is made only when something needs one: `obj.__dict__` (the dict
//! returned is then the live namespace: writes through it are attribute writes, and the
//! instance keeps using it), or a layout the shape tree will not hold. Deleting an attribute
//! moves the instance to the shape without it.
//!
//! Everything that reads or changes attributes goes through the methods here; a collector
//! that enumerates what an instance references uses [`InstanceObj::visit_values`].

use super::shape::Shape;
use super::{DictKey, DictMap, ObjCell, ObjKind, ObjRef, Runtime, Value};

pub struct InstanceObj<R: Runtime> {
    /// Read as an `ObjRef` (`inst.class`); replaced only by `__class__` assignment.
    pub class: ClassRef<R>,
    attrs: ObjCell<Attrs<R>>,
    /// For an instance of a subclass of a built-in type (`class Stack(list)`): the built-in
    /// value it extends, which the base's methods and operators work on.
    pub base: Option<Value<R>>,
}

/// An instance's class. `__class__` assignment ([`InstanceObj::set_class`]) replaces it in
/// place, so a reference borrowed from it reads the new class afterwards; the reference the
/// instance held to the class replaced is kept until the next collection starts
/// ([`gc::retire`](super::gc::retire)), so a borrow from it cannot dangle before the
/// borrower runs Python code again.
pub struct ClassRef<R: Runtime>(std::cell::UnsafeCell<ObjRef<R>>);

// SAFETY: the class is replaced only under the GIL, or under `--no-gil` with the instance's
// attribute lock held, by one aligned word store of a pointer to a live class; readers see
// the old class or the new one, both alive until the next collection (see the type's
// comment).
unsafe impl<R: Runtime> Send for ClassRef<R> {}
unsafe impl<R: Runtime> Sync for ClassRef<R> {}

impl<R: Runtime> std::ops::Deref for ClassRef<R> {
    type Target = ObjRef<R>;

    #[inline(always)]
    fn deref(&self) -> &ObjRef<R> {
        // SAFETY: see the `Sync` impl.
        unsafe { &*self.0.get() }
    }
}

/// Where an instance's attributes are.
enum Attrs<R: Runtime> {
    /// `values[i]` is the attribute named `shape.names()[i]`.
    Slots {
        shape: ShapePtr<R>,
        values: Vec<Value<R>>,
    },
    /// An `ObjKind::Dict`: what `obj.__dict__` returned.
    Dict(ObjRef<R>),
}

/// A shape of the instance's class's tree.
struct ShapePtr<R: Runtime>(*const Shape<R>);

// SAFETY: a shape is immutable but for its transition list, which has its own lock, and it
// lives as long as its class's tree, which the instance keeps alive through `class`.
unsafe impl<R: Runtime> Send for ShapePtr<R> {}
unsafe impl<R: Runtime> Sync for ShapePtr<R> {}

impl<R: Runtime> ShapePtr<R> {
    #[inline(always)]
    fn get(&self) -> &Shape<R> {
        // SAFETY: see the `Send` impl: the class (and its tree) outlives the instance.
        unsafe { &*self.0 }
    }
}

/// What a cached attribute store did (see [`InstanceObj::store_slot`]).
pub enum SlotStore<R: Runtime> {
    /// Stored; the value it replaced, to drop.
    Done(Option<Value<R>>),
    /// The instance had neither shape: the value back.
    Miss(Value<R>),
}

impl<R: Runtime> InstanceObj<R> {
    /// A fresh instance of `class` with no attributes and room for `capacity`.
    pub fn new(class: ObjRef<R>, capacity: usize) -> Self {
        let attrs = match class.kind() {
            ObjKind::Class(c) => Attrs::Slots {
                shape: ShapePtr(c.shapes.root()),
                values: Vec::with_capacity(capacity),
            },
            _ => Attrs::Dict(new_dict(DictMap::default())),
        };
        InstanceObj {
            class: ClassRef(std::cell::UnsafeCell::new(class)),
            attrs: ObjCell::new(attrs),
            base: None,
        }
    }

    /// Calls `visit` for every reference the instance holds: its class, its attribute values
    /// (or the dict object holding them) and the built-in value it extends. The cycle
    /// collector's view of an instance.
    pub fn traverse<F: FnMut(&ObjRef<R>) + ?Sized>(&self, visit: &mut F) {
        visit(&self.class);
        self.visit_values(|v| {
            if let Value::Obj(o) = v {
                visit(o)
            }
        });
        if let Some(Value::Obj(b)) = &self.base {
            visit(b);
        }
    }

    /// The address of the dict object holding the attributes, once there is one (the
    /// collector counts it with its instance, as CPython keeps attributes inline).
    pub fn attr_dict_addr(&self) -> Option<usize> {
        match &*self.attrs.lock::<R>() {
            Attrs::Dict(d) => Some(d.addr()),
            Attrs::Slots { .. } => None,
        }
    }

    /// Drops every attribute (the collector breaking a cycle through this instance). The
    /// instance goes back to its class's empty shape, or keeps its (now empty) dict.
    pub fn clear_attrs(&self) {
        let root = match self.class.kind() {
            ObjKind::Class(c) => Some(ShapePtr(c.shapes.root())),
            _ => None,
        };
        let mut attrs = self.attrs.lock::<R>();
        let (values, map) = match &mut *attrs {
            Attrs::Slots { shape, values } => {
                if let Some(root) = root {
                    *shape = root;
                }
                (std::mem::take(values), DictMap::default())
            }
            Attrs::Dict(d) => match d.kind() {
                ObjKind::Dict(m) => (Vec::new(), std::mem::take(&mut *m.lock::<R>())),
                _ => (Vec::new(), DictMap::default()),
            },
        };
        drop(attrs);
        // Dropped with no lock held: a value's drop may run Python code.
        drop(values);
        drop(map);
    }

    /// `obj.__class__ = class` (the caller checked the layouts are compatible): the
    /// attributes move to the shape of the same names in the new class's tree (or to a dict),
    /// so a shape still belongs to the instance's class, then the class is replaced.
    pub fn set_class(&self, class: ObjRef<R>) {
        let mut attrs = self.attrs.lock::<R>();
        if let Attrs::Slots { shape, .. } = attrs.unversioned_mut() {
            let moved = match class.kind() {
                ObjKind::Class(c) => c.shapes.shape_for(shape.get().names().iter()),
                _ => None,
            };
            match moved {
                Some(next) => *shape = ShapePtr(next),
                None => {
                    to_dict(attrs.unversioned_mut());
                }
            }
        }
        // SAFETY: see `ClassRef`: the attribute lock is held (and, in the GIL runtime, the
        // GIL); the old class's reference is kept until the next collection.
        let old = unsafe { std::ptr::replace(self.class.0.get(), class) };
        drop(attrs);
        super::gc::retire(old);
    }

    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "object",
        }
    }

    /// The attribute `key`, if the instance has it.
    pub fn get(&self, key: &DictKey<R>) -> Option<Value<R>> {
        let attrs = self.attrs.lock::<R>();
        match &*attrs {
            Attrs::Slots { shape, values } => shape.get().index_of(key).map(|i| values[i].clone()),
            Attrs::Dict(d) => dict_of(d).lock::<R>().get(key).cloned(),
        }
    }

    /// True if the instance has the attribute `key`.
    pub fn contains(&self, key: &DictKey<R>) -> bool {
        let attrs = self.attrs.lock::<R>();
        match &*attrs {
            Attrs::Slots { shape, .. } => shape.get().index_of(key).is_some(),
            Attrs::Dict(d) => dict_of(d).lock::<R>().contains_key(key),
        }
    }

    /// Sets the attribute `key`; returns the value it replaced (for the caller to drop
    /// once nothing is locked).
    pub fn set(&self, key: DictKey<R>, value: Value<R>) -> Option<Value<R>> {
        let mut attrs = self.attrs.lock::<R>();
        let d = match attrs.unversioned_mut() {
            Attrs::Slots { shape, values } => {
                let s = shape.get();
                if let Some(i) = s.index_of(&key) {
                    return Some(std::mem::replace(&mut values[i], value));
                }
                if let ObjKind::Class(c) = self.class.kind() {
                    if let Some(next) = s.with_added(&c.shapes, &key) {
                        values.push(value);
                        *shape = ShapePtr(next);
                        return None;
                    }
                }
                // The shape tree is full: a dict from now on.
                to_dict(attrs.unversioned_mut())
            }
            Attrs::Dict(d) => d.clone(),
        };
        drop(attrs);
        let old = dict_of(&d).lock::<R>().insert(key, value);
        old
    }

    /// Removes the attribute `key`; returns its value, or `None` if there was none.
    pub fn remove(&self, key: &DictKey<R>) -> Option<Value<R>> {
        let mut attrs = self.attrs.lock::<R>();
        if let Attrs::Slots { shape, values } = attrs.unversioned_mut() {
            let s = shape.get();
            let i = s.index_of(key)?;
            if let ObjKind::Class(c) = self.class.kind() {
                let rest = s.names().iter().enumerate().filter(|&(j, _)| j != i);
                if let Some(next) = c.shapes.shape_for(rest.map(|(_, k)| k)) {
                    *shape = ShapePtr(next);
                    return Some(values.remove(i));
                }
            }
            to_dict(attrs.unversioned_mut());
        }
        let Attrs::Dict(d) = &*attrs else {
            unreachable!("to_dict leaves a dict")
        };
        let d = d.clone();
        drop(attrs);
        let old = dict_of(&d).lock::<R>().shift_remove(key);
        old
    }

    /// The live attribute dict (`obj.__dict__`), made now from the slots if there is none
    /// yet; the instance keeps its attributes in it from then on.
    pub fn dict_object(&self) -> ObjRef<R> {
        let mut attrs = self.attrs.lock::<R>();
        to_dict(attrs.unversioned_mut())
    }

    /// Makes the dict `d` the instance's attribute dict (`obj.__dict__ = d`): its attributes
    /// are those of `d` from now on, as `to_dict` leaves them after `obj.__dict__`.
    pub fn replace_dict(&self, d: ObjRef<R>) {
        let old = std::mem::replace(self.attrs.lock::<R>().unversioned_mut(), Attrs::Dict(d));
        drop(old);
    }

    /// A copy of the attributes, in the order they were added.
    pub fn to_map(&self) -> DictMap<R> {
        let attrs = self.attrs.lock::<R>();
        match &*attrs {
            Attrs::Slots { shape, values } => shape
                .get()
                .names()
                .iter()
                .cloned()
                .zip(values.iter().cloned())
                .collect(),
            Attrs::Dict(d) => dict_of(d).lock::<R>().clone(),
        }
    }

    /// Calls `f` with every value the instance holds for its attributes: each slot's value,
    /// or the dict object once it has one (the dict holds the values then).
    pub fn visit_values(&self, mut f: impl FnMut(&Value<R>)) {
        let attrs = self.attrs.lock::<R>();
        match &*attrs {
            Attrs::Slots { values, .. } => values.iter().for_each(f),
            Attrs::Dict(d) => {
                // A view of the instance's own reference: no count changes while visiting.
                // SAFETY: the copy is never dropped, so the count stays exact; `d` outlives it.
                let view = std::mem::ManuallyDrop::new(Value::Obj(unsafe { std::ptr::read(d) }));
                f(&view)
            }
        }
    }

    /// The address of the instance's shape (which the eval loop's caches compare), 0 once
    /// it has a dict.
    #[inline(always)]
    pub fn shape_addr(&self) -> usize {
        match &*self.attrs.lock::<R>() {
            Attrs::Slots { shape, .. } => shape.0 as usize,
            Attrs::Dict(_) => 0,
        }
    }

    /// The instance's shape (address and number of names), `None` once it has a dict.
    pub fn shape_info(&self) -> Option<(usize, usize)> {
        match &*self.attrs.lock::<R>() {
            Attrs::Slots { shape, .. } => Some((shape.0 as usize, shape.get().len())),
            Attrs::Dict(_) => None,
        }
    }

    /// Where `key` is in the instance's shape: (shape address, slot, number of names),
    /// `None` when it has no such attribute or has a dict.
    pub fn slot_of(&self, key: &DictKey<R>) -> Option<(usize, usize, usize)> {
        match &*self.attrs.lock::<R>() {
            Attrs::Slots { shape, .. } => {
                let s = shape.get();
                Some((shape.0 as usize, s.index_of(key)?, s.len()))
            }
            Attrs::Dict(_) => None,
        }
    }

    /// The value in slot `index` if the instance has the shape at address `shape`.
    #[inline(always)]
    pub fn load_slot(&self, shape: usize, index: usize) -> Option<Value<R>> {
        match &*self.attrs.lock::<R>() {
            Attrs::Slots { shape: s, values } if s.0 as usize == shape => {
                values.get(index).cloned()
            }
            _ => None,
        }
    }

    /// For an instance with a dict: the value at position `index` of the dict if its key is
    /// `name` (the eval loop's caches for such instances).
    #[inline]
    pub fn dict_entry(&self, index: usize, name: &Value<R>) -> Option<Value<R>> {
        let attrs = self.attrs.lock::<R>();
        let Attrs::Dict(d) = &*attrs else {
            return None;
        };
        let map = dict_of(d).lock::<R>();
        let (k, v) = map.get_index(index)?;
        is_name(&k.value, name).then(|| v.clone())
    }

    /// For an instance with a dict: where the dict holds `key`.
    pub fn dict_index_of(&self, key: &DictKey<R>) -> Option<usize> {
        let attrs = self.attrs.lock::<R>();
        let Attrs::Dict(d) = &*attrs else {
            return None;
        };
        let map = dict_of(d).lock::<R>();
        let (index, k, _) = map.get_full(key)?;
        is_name(&k.value, &key.value).then_some(index)
    }

    /// For an instance with a dict: stores `value` as `key`, at position `index` when the
    /// key there is `key`, else as a dict insert.
    #[inline]
    pub fn store_in_dict(&self, index: usize, key: &DictKey<R>, value: Value<R>) -> SlotStore<R> {
        let attrs = self.attrs.lock::<R>();
        let Attrs::Dict(d) = &*attrs else {
            return SlotStore::Miss(value);
        };
        let mut map = dict_of(d).lock::<R>();
        let here = matches!(map.get_index(index), Some((k, _)) if is_name(&k.value, &key.value));
        let old = if here {
            map.get_index_mut(index)
                .map(|(_, slot)| std::mem::replace(slot, value))
        } else {
            map.insert(key.clone(), value)
        };
        SlotStore::Done(old)
    }

    /// A store the eval loop learned: with the shape at `shape`, `value` replaces slot
    /// `index`; with the shape at `from` (one name shorter), `value` is appended as slot
    /// `index` and the instance takes the shape at `shape`.
    ///
    /// # Safety
    /// `shape` must be the address of the shape of this instance's class's tree that
    /// `from` leads to by adding a name (the caller learned both from this class, and the
    /// class is alive).
    #[inline(always)]
    pub unsafe fn store_slot(
        &self,
        shape: usize,
        from: usize,
        index: usize,
        value: Value<R>,
    ) -> SlotStore<R> {
        let mut attrs = self.attrs.lock::<R>();
        // Under the GIL a store needs no version stamp: nothing compares an instance's.
        match attrs.unversioned_mut() {
            Attrs::Slots { shape: s, values } if s.0 as usize == shape => {
                match values.get_mut(index) {
                    Some(slot) => SlotStore::Done(Some(std::mem::replace(slot, value))),
                    None => SlotStore::Miss(value),
                }
            }
            Attrs::Slots { shape: s, values }
                if from != 0 && s.0 as usize == from && values.len() == index =>
            {
                values.push(value);
                *s = ShapePtr(shape as *const Shape<R>);
                SlotStore::Done(None)
            }
            _ => SlotStore::Miss(value),
        }
    }
}

/// True when the dict key `k` is the attribute name `name` (the same object, or an equal str).
#[inline]
fn is_name<R: Runtime>(k: &Value<R>, name: &Value<R>) -> bool {
    k.is(name) || super::dict::key_eq(k, name)
}

fn new_dict<R: Runtime>(map: DictMap<R>) -> ObjRef<R> {
    ObjRef::new(ObjKind::Dict(ObjCell::new(map)))
}

fn dict_of<R: Runtime>(d: &ObjRef<R>) -> &ObjCell<DictMap<R>> {
    match d.kind() {
        ObjKind::Dict(d) => d,
        _ => unreachable!("an instance dict is always a dict object"),
    }
}

/// Moves slot attributes into a new dict (if they are not in one yet) and returns it.
fn to_dict<R: Runtime>(attrs: &mut Attrs<R>) -> ObjRef<R> {
    if let Attrs::Slots { shape, values } = attrs {
        let names = shape.get().names().iter().cloned();
        let map: DictMap<R> = names.zip(std::mem::take(values)).collect();
        *attrs = Attrs::Dict(new_dict(map));
    }
    match attrs {
        Attrs::Dict(d) => d.clone(),
        Attrs::Slots { .. } => unreachable!("just replaced"),
    }
}

impl<R: Runtime> super::CellData for Attrs<R> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::class::{ClassObj, Layout};
    use crate::objects::{Gil, StrObj};

    fn class() -> ObjRef<Gil> {
        ObjRef::new(ObjKind::Class(Box::new(ClassObj {
            name: "C".into(),
            qualname: "C".into(),
            module: "m".into(),
            bases: Vec::new(),
            mro: Vec::new(),
            dict: crate::objects::class::ClassDict::new(DictMap::default()),
            layout: Layout::Object,
            metaclass: None,
            shapes: Default::default(),
            is_abstract: Default::default(),
        })))
    }

    fn key(name: &str) -> DictKey<Gil> {
        let s = StrObj::new(name);
        let hash = s.hash();
        DictKey {
            hash,
            value: Value::Obj(ObjRef::new(ObjKind::Str(s))),
        }
    }

    fn visited(i: &InstanceObj<Gil>) -> Vec<i64> {
        let mut out = Vec::new();
        i.visit_values(|v| match v {
            Value::Int(n) => out.push(*n),
            _ => out.push(-1),
        });
        out
    }

    #[test]
    fn instances_growing_alike_share_a_shape() {
        let c = class();
        let (a, b) = (
            InstanceObj::new(c.clone(), 0),
            InstanceObj::new(c.clone(), 0),
        );
        for (n, inst) in [(1, &a), (2, &b)] {
            assert!(inst.set(key("x"), Value::Int(n)).is_none());
            assert!(inst.set(key("y"), Value::Int(n * 10)).is_none());
        }
        assert_eq!(a.shape_addr(), b.shape_addr());
        assert!(matches!(a.get(&key("y")), Some(Value::Int(10))));
        assert!(matches!(
            a.set(key("x"), Value::Int(5)),
            Some(Value::Int(1))
        ));
        assert_eq!(visited(&a), vec![5, 10]);
        // Deleting moves to the shape of the remaining names, shared with a fresh instance.
        assert!(matches!(a.remove(&key("x")), Some(Value::Int(5))));
        let c2 = InstanceObj::new(c.clone(), 0);
        c2.set(key("y"), Value::Int(0));
        assert_eq!(a.shape_addr(), c2.shape_addr());
        assert_eq!(visited(&a), vec![10]);
    }

    #[test]
    fn a_dict_made_on_demand_holds_the_attributes() {
        let c = class();
        let a = InstanceObj::new(c, 0);
        a.set(key("x"), Value::Int(1));
        let d = a.dict_object();
        assert_eq!(a.shape_addr(), 0);
        assert_eq!(dict_of(&d).lock::<Gil>().len(), 1);
        a.set(key("y"), Value::Int(2));
        assert_eq!(dict_of(&d).lock::<Gil>().len(), 2);
        // The collector's view is the dict object itself, and counts are left alone.
        let before = d.ref_count();
        let mut seen = 0;
        a.visit_values(|v| {
            assert!(matches!(v, Value::Obj(o) if o.ptr_eq(&d)));
            seen += 1;
        });
        assert_eq!((seen, d.ref_count()), (1, before));
    }
}
