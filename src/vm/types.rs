//! The built-in classes: one `ClassObj` per built-in type and per built-in exception, made at
//! start-up, and `class_of`, which maps any value to its class.

use crate::objects::class::{ClassObj, Layout};
use crate::objects::exception::ExcKind;
use crate::objects::iter::IterState;
use crate::objects::{DictMap, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

/// Declares the built-in type table once: field and Python name.
macro_rules! builtin_types {
    (bool_base = $bool_base:ident; $($field:ident : $name:literal),* $(,)?) => {
        pub struct Types<R: Runtime> {
            pub object: ObjRef<R>,
            pub type_: ObjRef<R>,
            /// `bool` derives from `int`.
            pub bool_: ObjRef<R>,
            $(pub $field: ObjRef<R>,)*
            /// Built-in exception classes, indexed by `ExcKind as usize`.
            pub exceptions: Vec<ObjRef<R>>,
            /// The classes of the built-in iterators, by name (`list_iterator`, ...).
            pub iterators: Vec<(&'static str, ObjRef<R>)>,
        }

        impl<R: Runtime> Types<R> {
            pub fn new() -> Self {
                let object = new_class::<R>("object", Vec::new(), Layout::Object);
                let type_ = new_class::<R>("type", vec![object.clone()], Layout::Builtin);
                $(let $field = new_class::<R>($name, vec![object.clone()], Layout::Builtin);)*
                let bool_ = new_class::<R>("bool", vec![$bool_base.clone()], Layout::Builtin);
                let mut exceptions: Vec<ObjRef<R>> = Vec::new();
                for kind in ExcKind::ALL {
                    let base = match kind.parent() {
                        Some(p) => exceptions[p as usize].clone(),
                        None => object.clone(),
                    };
                    exceptions.push(new_class::<R>(kind.name(), vec![base], Layout::Exception));
                }
                let iterators = ITERATOR_NAMES
                    .iter()
                    .chain(ASYNC_NAMES.iter())
                    .map(|name| (*name, new_class::<R>(name, vec![object.clone()], Layout::Builtin)))
                    .collect();
                Types { object, type_, bool_, $($field,)* exceptions, iterators }
            }

            /// Every built-in type with its name (for the builtins module).
            pub fn named(&self) -> Vec<(&'static str, ObjRef<R>)> {
                vec![
                    ("object", self.object.clone()),
                    ("type", self.type_.clone()),
                    ("bool", self.bool_.clone()),
                    $(($name, self.$field.clone()),)*
                ]
            }
        }
    };
}

builtin_types! {
    bool_base = int;
    int: "int",
    float: "float",
    complex: "complex",
    str_: "str",
    bytes: "bytes",
    bytearray: "bytearray",
    list: "list",
    tuple: "tuple",
    dict: "dict",
    set: "set",
    frozenset: "frozenset",
    range: "range",
    slice: "slice",
    none_type: "NoneType",
    function: "function",
    builtin_function: "builtin_function_or_method",
    method: "method",
    module: "module",
    generator: "generator",
    property: "property",
    staticmethod: "staticmethod",
    classmethod: "classmethod",
    super_: "super",
    cell: "cell",
    code: "code",
    iterator: "iterator",
    enumerate: "enumerate",
    zip: "zip",
    map: "map",
    filter: "filter",
    reversed: "reversed",
    dict_keys: "dict_keys",
    dict_values: "dict_values",
    dict_items: "dict_items",
    not_implemented_type: "NotImplementedType",
    ellipsis_type: "ellipsis",
    traceback: "traceback",
    frame: "frame",
}

impl<R: Runtime> Default for Types<R> {
    fn default() -> Self {
        Self::new()
    }
}

/// The types of coroutines, async generators and their awaitables, kept (not exposed as
/// builtins) after the iterator classes; [`AsyncType`] indexes them.
const ASYNC_NAMES: &[&str] = &[
    "coroutine",
    "async_generator",
    "coroutine_wrapper",
    "async_generator_asend",
    "async_generator_athrow",
];

/// The classes of [`ASYNC_NAMES`], in order.
#[derive(Clone, Copy)]
pub enum AsyncType {
    Coroutine,
    AsyncGenerator,
    CoroutineWrapper,
    AsyncGenAsend,
    AsyncGenAthrow,
}

impl<R: Runtime> Types<R> {
    /// The class of a coroutine, an async generator or one of their awaitables.
    pub fn async_class(&self, t: AsyncType) -> &ObjRef<R> {
        &self.iterators[ITERATOR_NAMES.len() + t as usize].1
    }
}

/// The names `IterState::type_name` gives the built-in iterators.
const ITERATOR_NAMES: &[&str] = &[
    "list_iterator",
    "tuple_iterator",
    "str_iterator",
    "str_ascii_iterator",
    "range_iterator",
    "dict_keyiterator",
    "dict_valueiterator",
    "dict_itemiterator",
    "dict_reversekeyiterator",
    "dict_reversevalueiterator",
    "dict_reverseitemiterator",
    "set_iterator",
    "bytes_iterator",
    "bytearray_iterator",
    "list_reverseiterator",
    "callable_iterator",
];

/// Makes a class with the given bases (its MRO follows them).
pub fn new_class<R: Runtime>(name: &str, bases: Vec<ObjRef<R>>, layout: Layout) -> ObjRef<R> {
    let mro = crate::objects::class::c3_mro(&bases).unwrap_or_else(|| bases.clone());
    ObjRef::new(ObjKind::Class(Box::new(ClassObj {
        name: name.to_string(),
        qualname: name.to_string(),
        module: "builtins".to_string(),
        bases,
        mro,
        dict: crate::objects::class::ClassDict::new(DictMap::default()),
        layout,
        metaclass: None,
        shapes: Default::default(),
        is_abstract: Default::default(),
    })))
}

impl<R: Runtime> Types<R> {
    pub fn exception(&self, kind: ExcKind) -> &ObjRef<R> {
        &self.exceptions[kind as usize]
    }

    /// The class of any value.
    /// The class of a built-in iterator by its type's name (an exhausted one keeps only that).
    fn iterator_class_named(&self, name: &str) -> &ObjRef<R> {
        match name {
            "enumerate" => &self.enumerate,
            "zip" => &self.zip,
            "map" => &self.map,
            "filter" => &self.filter,
            "reversed" => &self.reversed,
            _ => self
                .iterators
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, c)| c)
                .unwrap_or(&self.iterator),
        }
    }

    pub fn class_of<'a>(&'a self, v: &'a Value<R>) -> &'a ObjRef<R> {
        match v {
            Value::None => &self.none_type,
            Value::Bool(_) => &self.bool_,
            Value::Int(_) => &self.int,
            Value::Float(_) => &self.float,
            Value::Obj(o) => match o.kind() {
                ObjKind::Str(_) => &self.str_,
                ObjKind::BigInt(_) => &self.int,
                ObjKind::Complex(_) => &self.complex,
                ObjKind::Bytes(_) => &self.bytes,
                ObjKind::ByteArray(_) => &self.bytearray,
                ObjKind::Tuple(_) => &self.tuple,
                ObjKind::List(_) => &self.list,
                ObjKind::Dict(_) => &self.dict,
                ObjKind::Set(_) => &self.set,
                ObjKind::FrozenSet(_) => &self.frozenset,
                ObjKind::Range { .. } => &self.range,
                ObjKind::Slice(_) => &self.slice,
                ObjKind::Function(_) => &self.function,
                ObjKind::Builtin(_) => &self.builtin_function,
                ObjKind::BoundMethod { .. } => &self.method,
                ObjKind::Class(c) => c.metaclass.as_ref().unwrap_or(&self.type_),
                ObjKind::Instance(i) => &i.class,
                ObjKind::Exception(e) => &e.class,
                ObjKind::Module(m) => m.class.get().unwrap_or(&self.module),
                ObjKind::Cell(_) => &self.cell,
                ObjKind::Iter(it) => match &*it.lock::<R>() {
                    IterState::Enumerate { .. } => &self.enumerate,
                    IterState::Zip { .. } | IterState::ZipStrict { .. } => &self.zip,
                    IterState::Map { .. } => &self.map,
                    IterState::Filter { .. } => &self.filter,
                    IterState::Reversed { of_list: false, .. } => &self.reversed,
                    other => self.iterator_class_named(other.type_name()),
                },

                ObjKind::Generator(g) => match g.flavor {
                    crate::objects::GenFlavor::Generator => &self.generator,
                    crate::objects::GenFlavor::Coroutine => self.async_class(AsyncType::Coroutine),
                    crate::objects::GenFlavor::AsyncGenerator => {
                        self.async_class(AsyncType::AsyncGenerator)
                    }
                },
                ObjKind::Property { .. } => &self.property,
                ObjKind::StaticMethod(_) => &self.staticmethod,
                ObjKind::ClassMethod(_) => &self.classmethod,
                ObjKind::Super { .. } => &self.super_,
                ObjKind::Singleton("NotImplemented") => &self.not_implemented_type,
                ObjKind::Singleton(_) => &self.ellipsis_type,
                ObjKind::Native(n) => &n.class,
                ObjKind::Code(_) => &self.code,
                ObjKind::DictView { view, .. } => match view {
                    crate::objects::iter::ViewKind::Keys => &self.dict_keys,
                    crate::objects::iter::ViewKind::Values => &self.dict_values,
                    crate::objects::iter::ViewKind::Items => &self.dict_items,
                },
            },
        }
    }
}

/// Puts native methods into a class's dict (at the dict's first use: see
/// `objects::class_dict`).
pub fn add_methods<R: Runtime>(class: &ObjRef<R>, methods: &[(&'static str, NativeFn<R>)]) {
    if let ObjKind::Class(c) = class.kind() {
        c.dict.add_native_methods(methods);
    }
}
