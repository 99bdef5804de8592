//! Shapes (hidden classes): the layout shared by instances that got the same attribute names
//! in the same order. An instance keeps its attribute values in a plain vector and points at
//! its shape, which says which name each position holds; the names live once, in the shape.
//!
//! Each class owns a tree of shapes ([`ShapeTree`]): the root is the empty layout, and adding
//! a name to an instance moves it to the child of its shape for that name (made the first time
//! it is needed, then shared by every instance that grows the same way). Shapes are never
//! changed or freed while their class lives, so a shape's address names one layout for the
//! class's lifetime: the eval loop's caches compare it to find an attribute's position without
//! looking the name up. The tree is bounded ([`MAX_SLOTS`], [`MAX_SHAPES`]); an instance that
//! would grow past it keeps its attributes in a dict instead (see `instance`).

use super::dict::key_eq;
use super::{DictKey, Runtime};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most attributes an instance keeps in slots; one more and it gets a dict.
pub const MAX_SLOTS: usize = 40;
/// The most shapes one class's tree grows to; an instance that needs another gets a dict.
pub const MAX_SHAPES: usize = 1000;

/// One layout: the attribute names in slot order, and the layouts one name longer.
pub struct Shape<R: Runtime> {
    names: Box<[DictKey<R>]>,
    /// The shapes reached by adding one name, each boxed so that its address never changes.
    /// Only filling a cache miss or adding a name takes this lock.
    #[allow(clippy::vec_box)]
    transitions: parking_lot::Mutex<Vec<Box<Shape<R>>>>,
}

impl<R: Runtime> Shape<R> {
    fn new(names: Box<[DictKey<R>]>) -> Self {
        Shape {
            names,
            transitions: parking_lot::Mutex::new(Vec::new()),
        }
    }

    /// The names in slot order.
    #[inline]
    pub fn names(&self) -> &[DictKey<R>] {
        &self.names
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The slot of `key`: the same name object (names are usually interned), else an equal
    /// string.
    #[inline]
    pub fn index_of(&self, key: &DictKey<R>) -> Option<usize> {
        if let Some(i) = self.names.iter().position(|k| k.value.is(&key.value)) {
            return Some(i);
        }
        self.names
            .iter()
            .position(|k| k.hash == key.hash && key_eq(&k.value, &key.value))
    }

    /// The shape with `key` added after this one's names, made if needed; `None` when the
    /// tree is full (the instance then takes a dict). `key` must not be in this shape.
    pub fn with_added(&self, tree: &ShapeTree<R>, key: &DictKey<R>) -> Option<*const Shape<R>> {
        let mut children = self.transitions.lock();
        let last = self.names.len();
        if let Some(child) = children.iter().find(|c| {
            let k = &c.names[last];
            k.value.is(&key.value) || (k.hash == key.hash && key_eq(&k.value, &key.value))
        }) {
            return Some(&**child as *const Shape<R>);
        }
        if last + 1 > MAX_SLOTS || tree.count.load(Ordering::Relaxed) >= MAX_SHAPES {
            return None;
        }
        tree.count.fetch_add(1, Ordering::Relaxed);
        let mut names = Vec::with_capacity(last + 1);
        names.extend(self.names.iter().cloned());
        names.push(key.clone());
        let child = Box::new(Shape::new(names.into_boxed_slice()));
        let at = &*child as *const Shape<R>;
        children.push(child);
        Some(at)
    }
}

/// A class's shapes: the empty layout every new instance starts from, and how many shapes
/// hang below it.
pub struct ShapeTree<R: Runtime> {
    root: Box<Shape<R>>,
    count: AtomicUsize,
}

impl<R: Runtime> Default for ShapeTree<R> {
    fn default() -> Self {
        ShapeTree {
            root: Box::new(Shape::new(Box::new([]))),
            count: AtomicUsize::new(1),
        }
    }
}

impl<R: Runtime> ShapeTree<R> {
    /// The empty layout.
    #[inline]
    pub fn root(&self) -> *const Shape<R> {
        &*self.root
    }

    /// The shape holding exactly `names` in this order, made if needed; `None` when the tree
    /// is full or a name repeats.
    pub fn shape_for<'a>(
        &self,
        names: impl Iterator<Item = &'a DictKey<R>>,
    ) -> Option<*const Shape<R>> {
        let mut shape: *const Shape<R> = self.root();
        for key in names {
            // SAFETY: every shape of the tree lives as long as the tree (`self`).
            let s = unsafe { &*shape };
            if s.index_of(key).is_some() {
                return None;
            }
            shape = s.with_added(self, key)?;
        }
        Some(shape)
    }
}
