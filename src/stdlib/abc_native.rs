//! The `_abc` module: the machinery of `abc.ABCMeta`, natively, as CPython's `_abc`.
//! `_abc_init(cls)` records a new class's abstract methods and gives it its state (an
//! `_abc_data` object, `cls._abc_impl`, see `abc_state`); `_abc_register`,
//! `_abc_instancecheck` and `_abc_subclasscheck` are `register()`, `isinstance()` and
//! `issubclass()` against an ABC, with its caches; `_get_dump`, `_reset_registry`,
//! `_reset_caches` and `get_cache_token` expose and reset them. `lib/abc.py` builds
//! `ABCMeta` over these, as CPython's `abc.py` does.

use super::abc_state::{invalidate, invalidation_counter, AbcData, AbcState};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("get_cache_token", get_cache_token),
        ("_abc_init", abc_init),
        ("_abc_register", abc_register),
        ("_abc_instancecheck", abc_instancecheck),
        ("_abc_subclasscheck", abc_subclasscheck),
        ("_get_dump", get_dump),
        ("_reset_registry", reset_registry),
        ("_reset_caches", reset_caches),
        ("_abstract_methods", abstract_methods),
        ("_register_new", register_new),
    ];
    super::add_functions(vm, m, functions);
    vm.set_module_attr(m, "_abc_data", Value::Obj(data_class(vm)));
    true
}

fn data_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    vm.native_class("_abc_data", "_abc", &[])
}

fn one<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.pos.len()
        )));
    }
    Ok(())
}

fn two<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "{name} expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    Ok(())
}

fn as_class<R: Runtime>(v: &Value<R>) -> Option<&ObjRef<R>> {
    v.as_obj().filter(|o| matches!(o.kind(), ObjKind::Class(_)))
}

/// `getattr(obj, name)`, `None` on AttributeError (other errors propagate). Only an
/// instance may have a `__getattr__` hook; anything else is looked up without raising.
fn attr_or_none<R: Runtime>(
    vm: &mut Vm<R>,
    obj: &Value<R>,
    name: &'static str,
) -> PyResult<Option<Value<R>>, R> {
    let key = vm.static_key(name);
    if !matches!(obj.kind(), Some(ObjKind::Instance(_))) {
        return vm.get_attr_opt(obj, &key);
    }
    match vm.get_attr(obj, &key) {
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.err_kind(&e) == Some(ExcKind::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `cls._abc_impl`: the state of an ABC, or CPython's TypeError when it is something else.
fn impl_of<R: Runtime>(vm: &mut Vm<R>, cls: &Value<R>) -> PyResult<ObjRef<R>, R> {
    let key = vm.static_key("_abc_impl");
    let data = vm.get_attr(cls, &key)?;
    match data.as_obj() {
        Some(o) if matches!(o.kind(), ObjKind::Native(n) if n.downcast::<AbcData<R>>().is_some()) => {
            Ok(o.clone())
        }
        _ => Err(PyErr::type_error("_abc_impl is set to a wrong type")),
    }
}

fn state<R: Runtime>(data: &ObjRef<R>) -> &parking_lot::Mutex<AbcState<R>> {
    match data.kind() {
        ObjKind::Native(n) => {
            &n.downcast::<AbcData<R>>()
                .expect("checked by impl_of")
                .state
        }
        _ => unreachable!("checked by impl_of"),
    }
}

/// `getattr(value, "__isabstractmethod__", False)`, true or not. Properties, classmethods
/// and staticmethods answer for the functions they hold, as their CPython attribute does.
fn is_abstract<R: Runtime>(vm: &mut Vm<R>, value: &Value<R>) -> PyResult<bool, R> {
    let Value::Obj(o) = value else {
        return Ok(false);
    };
    match o.kind() {
        ObjKind::Str(_) | ObjKind::Tuple(_) => return Ok(false),
        ObjKind::Property {
            fget, fset, fdel, ..
        } => {
            for f in [fget, fset, fdel] {
                if is_abstract(vm, f)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        ObjKind::StaticMethod(f) | ObjKind::ClassMethod(f) => return is_abstract(vm, f),
        _ => {}
    }
    match attr_or_none(vm, value, "__isabstractmethod__")? {
        Some(flag) => vm.truthy(&flag),
        None => Ok(false),
    }
}

/// The names of `cls`'s abstract methods: those of its own dict whose values are abstract,
/// and those its bases call abstract whose values (looked up on `cls`) still are.
fn compute_abstracts<R: Runtime>(vm: &mut Vm<R>, cls: &ObjRef<R>) -> R0<R> {
    let ObjKind::Class(c) = cls.kind() else {
        return Err(PyErr::type_error("_abc_init() argument must be a class"));
    };
    // Copied out first: the checks run Python code, which may touch the class.
    let items: Vec<(Value<R>, Value<R>)> = c
        .dict
        .lock::<R>()
        .iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect();
    let mut names = Vec::new();
    for (name, value) in items {
        if is_abstract(vm, &value)? {
            names.push(name);
        }
    }
    let me = Value::Obj(cls.clone());
    for base in c.bases.clone() {
        let Some(inherited) = attr_or_none(vm, &Value::Obj(base), "__abstractmethods__")? else {
            continue;
        };
        for name in vm.collect(&inherited)? {
            let key = vm.make_key(name.clone())?;
            let value = match vm.get_attr(&me, &key) {
                Ok(v) => v,
                Err(e) if vm.err_kind(&e) == Some(ExcKind::AttributeError) => continue,
                Err(e) => return Err(e),
            };
            if is_abstract(vm, &value)? {
                names.push(name);
            }
        }
    }
    let table = vm.set_table_from(names)?;
    Ok(Value::new_obj(ObjKind::FrozenSet(table)))
}

/// `_abstract_methods(cls)`: the frozenset `_abc_init` stores as `__abstractmethods__`
/// (for `update_abstractmethods`).
fn abstract_methods<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    one(&args, "_abstract_methods")?;
    let Some(cls) = as_class(&args.pos[0]) else {
        return Err(PyErr::type_error(
            "_abstract_methods() argument must be a class",
        ));
    };
    compute_abstracts(vm, cls)
}

/// `_abc_init(cls)`: computes `cls.__abstractmethods__` and gives `cls` its `_abc_impl`.
fn abc_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    one(&args, "_abc_init")?;
    let me = args.pos[0].clone();
    let Some(cls) = as_class(&me).cloned() else {
        return Err(PyErr::type_error("_abc_init() argument must be a class"));
    };
    let abstracts = compute_abstracts(vm, &cls)?;
    let key = vm.static_key("__abstractmethods__");
    vm.set_attr(&me, &key, abstracts)?;
    let data = ObjRef::new(ObjKind::Native(NativeObj {
        class: data_class(vm),
        data: Box::new(AbcData::<R>::new()),
    }));
    let key = vm.static_key("_abc_impl");
    vm.set_attr(&me, &key, Value::Obj(data))?;
    // Each base that is an ABC with its own state learns of its new subclass.
    let ObjKind::Class(c) = cls.kind() else {
        unreachable!("checked above")
    };
    let mut weakref = None;
    for base in &c.bases {
        let ObjKind::Class(b) = base.kind() else {
            continue;
        };
        let own = b.dict.lock::<R>().get(&key).cloned();
        if let Some(Value::Obj(d)) = own {
            if let ObjKind::Native(n) = d.kind() {
                if let Some(data) = n.downcast::<AbcData<R>>() {
                    let w = weakref
                        .get_or_insert_with(|| super::weakref::new_ref(vm, &cls))
                        .clone();
                    data.state.lock().subclasses.insert(&cls, w);
                }
            }
        }
    }
    Ok(Value::None)
}

/// `issubclass(sub, cls)` for a class `cls` (CPython's `PyObject_IsSubclass`). When `cls`'s
/// metaclass check is `abc.ABCMeta.__subclasscheck__` (a Python function that only calls
/// `_abc_subclasscheck`), that is called directly, without the Python frame between.
fn is_subclass<R: Runtime>(vm: &mut Vm<R>, sub: &Value<R>, cls: &ObjRef<R>) -> PyResult<bool, R> {
    let ObjKind::Class(c) = cls.kind() else {
        return Err(PyErr::type_error("issubclass() arg 2 must be a class"));
    };
    if let Some(meta) = c.metaclass.clone() {
        let key = vm.static_key("__subclasscheck__");
        if let Some(f) = vm.lookup_type(&meta, &key) {
            let r = if is_abc_subclasscheck(&f) {
                subclasscheck(vm, &Value::Obj(cls.clone()), sub)?
            } else {
                vm.call(&f, vec![Value::Obj(cls.clone()), sub.clone()], Vec::new())?
            };
            return vm.truthy(&r);
        }
    }
    match (sub.kind(), sub.as_obj()) {
        (Some(ObjKind::Class(c)), Some(me)) => Ok(c.is_subclass_of(me, cls)),
        _ => Err(PyErr::type_error("issubclass() arg 1 must be a class")),
    }
}

/// Whether `f` is the `__subclasscheck__` of `lib/abc.py`'s `ABCMeta`.
fn is_abc_subclasscheck<R: Runtime>(f: &Value<R>) -> bool {
    match f.kind() {
        Some(ObjKind::Function(f)) => {
            &**f.qualname() == "ABCMeta.__subclasscheck__" && &*f.code.filename == "<frozen abc>"
        }
        _ => false,
    }
}

/// `cls.name(arg)`, looked up on `cls` as CPython's `PyObject_CallMethodOneArg`.
fn call_method<R: Runtime>(
    vm: &mut Vm<R>,
    cls: &Value<R>,
    name: &'static str,
    arg: &Value<R>,
) -> R0<R> {
    let key = vm.static_key(name);
    let f = vm.get_attr(cls, &key)?;
    vm.call(&f, vec![arg.clone()], Vec::new())
}

/// `_abc_register(cls, subclass)`: `cls.register(subclass)`.
fn abc_register<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    two(&args, "_abc_register")?;
    let (me, sub) = (&args.pos[0], &args.pos[1]);
    let Some(sub_class) = as_class(sub).cloned() else {
        return Err(PyErr::type_error("Can only register classes"));
    };
    let Some(cls) = as_class(me).cloned() else {
        return Err(PyErr::type_error(
            "_abc_register() argument 1 must be a class",
        ));
    };
    if is_subclass(vm, sub, &cls)? {
        // Already a subclass.
        return Ok(sub.clone());
    }
    // Subtle: a cycle is refused only after the test above, so registering a class with
    // itself (or an ancestor with its descendant) is a no-op.
    if is_subclass(vm, me, &sub_class)? {
        return Err(PyErr::new(
            ExcKind::RuntimeError,
            "Refusing to create an inheritance cycle",
        ));
    }
    let data = impl_of(vm, me)?;
    let weakref = super::weakref::new_ref(vm, &sub_class);
    state(&data).lock().registry.insert(&sub_class, weakref);
    invalidate();
    Ok(sub.clone())
}

/// `_register_new(cls, *classes)`: registers classes known to be neither subclasses of
/// `cls` yet nor its bases, without `register()`'s two `issubclass` checks (each runs the
/// subclass hooks): `collections.abc` registers the built-in types so.
fn register_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("_register_new")?;
    let Some(me) = args.pos.first() else {
        return Err(PyErr::type_error("_register_new() needs a class"));
    };
    let data = impl_of(vm, me)?;
    for sub in &args.pos[1..] {
        let Some(sub_class) = as_class(sub) else {
            return Err(PyErr::type_error("Can only register classes"));
        };
        let weakref = super::weakref::new_ref(vm, sub_class);
        state(&data).lock().registry.insert(sub_class, weakref);
    }
    invalidate();
    Ok(Value::None)
}

/// `_abc_instancecheck(cls, instance)`: `isinstance(instance, cls)`.
fn abc_instancecheck<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    two(&args, "_abc_instancecheck")?;
    let (me, instance) = (&args.pos[0], &args.pos[1]);
    let data = impl_of(vm, me)?;
    let subtype = vm.types().class_of(instance).clone();
    let subclass = if vm.overrides_class_attr(instance) {
        let key = vm.static_key("__class__");
        vm.get_attr(instance, &key)?
    } else {
        Value::Obj(subtype.clone())
    };
    let claimed = as_class(&subclass).cloned();
    if let Some(c) = &claimed {
        if state(&data).lock().cache.contains(c) {
            return Ok(Value::Bool(true));
        }
    }
    if claimed.as_ref().is_some_and(|c| c.ptr_eq(&subtype)) {
        {
            let st = state(&data).lock();
            if st.negative_version == invalidation_counter() && st.negative.contains(&subtype) {
                return Ok(Value::Bool(false));
            }
        }
        // Fall back to the subclass check.
        return call_method(vm, me, "__subclasscheck__", &subclass);
    }
    let result = call_method(vm, me, "__subclasscheck__", &subclass)?;
    if vm.truthy(&result)? {
        return Ok(result);
    }
    call_method(vm, me, "__subclasscheck__", &Value::Obj(subtype))
}

/// Whether `cls.__subclasses__` is `type`'s own (so the subclasses `_abc_init` recorded are
/// the answer, without listing every class of the program).
fn plain_subclasses<R: Runtime>(vm: &mut Vm<R>, cls: &ObjRef<R>) -> bool {
    let ObjKind::Class(c) = cls.kind() else {
        return false;
    };
    let key = vm.static_key("__subclasses__");
    let meta = c
        .metaclass
        .clone()
        .unwrap_or_else(|| vm.types().type_.clone());
    let from_meta = matches!(
        vm.lookup_type(&meta, &key).as_ref().and_then(|v| v.kind()),
        Some(ObjKind::Builtin(_))
    );
    let own_key = vm.static_key("_abc_impl");
    let has_own_state = c.dict.lock::<R>().get(&own_key).is_some();
    from_meta
        && has_own_state
        && std::iter::once(cls)
            .chain(c.mro.iter())
            .all(|k| match k.kind() {
                ObjKind::Class(k) => k.dict.lock::<R>().get(&key).is_none(),
                _ => true,
            })
}

fn cache_hit<R: Runtime>(vm: &Vm<R>, data: &ObjRef<R>, c: &ObjRef<R>) {
    let w = super::weakref::new_ref(vm, c);
    state(data).lock().cache.insert(c, w);
}

/// `_abc_subclasscheck(cls, subclass)`: `issubclass(subclass, cls)`.
fn abc_subclasscheck<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    two(&args, "_abc_subclasscheck")?;
    subclasscheck(vm, &args.pos[0], &args.pos[1])
}

fn subclasscheck<R: Runtime>(vm: &mut Vm<R>, me: &Value<R>, sub: &Value<R>) -> R0<R> {
    let Some(subclass) = as_class(sub).cloned() else {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    };
    let data = impl_of(vm, me)?;
    // 1. The positive cache.
    // 2. The negative cache, emptied first if a register() made it stale.
    {
        let mut st = state(&data).lock();
        if st.cache.contains(&subclass) {
            return Ok(Value::Bool(true));
        }
        let now = invalidation_counter();
        if st.negative_version < now {
            let old = st.negative.take();
            st.negative_version = now;
            drop(st);
            drop(old);
        } else if st.negative.contains(&subclass) {
            return Ok(Value::Bool(false));
        }
    }
    // 3. The subclass hook.
    let ok = match attr_or_none(vm, me, "__subclasshook__")? {
        Some(hook) => vm.call(&hook, vec![sub.clone()], Vec::new())?,
        None => vm.interp.not_implemented.clone(),
    };
    match ok {
        Value::Bool(true) => {
            cache_hit(vm, &data, &subclass);
            return Ok(ok);
        }
        Value::Bool(false) => {
            let w = super::weakref::new_ref(vm, &subclass);
            state(&data).lock().negative.insert(&subclass, w);
            return Ok(ok);
        }
        _ if ok.is(&vm.interp.not_implemented) => {}
        _ => {
            return Err(PyErr::new(
                ExcKind::AssertionError,
                "__subclasshook__ must return either False, True, or NotImplemented",
            ))
        }
    }
    // 4. A real subclass.
    let Some(cls) = as_class(me).cloned() else {
        return Err(PyErr::type_error(
            "_abc_subclasscheck() argument 1 must be a class",
        ));
    };
    if let ObjKind::Class(c) = subclass.kind() {
        if c.is_subclass_of(&subclass, &cls) {
            cache_hit(vm, &data, &subclass);
            return Ok(Value::Bool(true));
        }
    }
    // 5. A subclass of a registered class (a registered class itself without adding it to
    // the cache, as CPython).
    let registered = {
        let st = state(&data).lock();
        if st.registry.contains(&subclass) {
            return Ok(Value::Bool(true));
        }
        st.registry.live()
    };
    for r in registered {
        if is_subclass(vm, sub, &r)? {
            cache_hit(vm, &data, &subclass);
            return Ok(Value::Bool(true));
        }
    }
    // 6. A subclass of a subclass.
    let subclasses: Vec<Value<R>> = if plain_subclasses(vm, &cls) {
        let live = state(&data).lock().subclasses.live();
        live.into_iter().map(Value::Obj).collect()
    } else {
        let key = vm.static_key("__subclasses__");
        let f = vm.get_attr(me, &key)?;
        let list = vm.call(&f, Vec::new(), Vec::new())?;
        match list.kind() {
            Some(ObjKind::List(l)) => l.lock::<R>().clone(),
            _ => return Err(PyErr::type_error("__subclasses__() must return a list")),
        }
    };
    for s in subclasses {
        let Some(scls) = as_class(&s) else {
            continue;
        };
        if is_subclass(vm, sub, scls)? {
            cache_hit(vm, &data, &subclass);
            return Ok(Value::Bool(true));
        }
    }
    // 7. No.
    let w = super::weakref::new_ref(vm, &subclass);
    state(&data).lock().negative.insert(&subclass, w);
    Ok(Value::Bool(false))
}

/// `_get_dump(cls)`: (registry, cache, negative cache, negative cache version), the sets as
/// sets of weak references.
fn get_dump<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    one(&args, "_get_dump")?;
    let data = impl_of(vm, &args.pos[0])?;
    let (registry, cache, negative, version) = {
        let st = state(&data).lock();
        (
            st.registry.live_refs(),
            st.cache.live_refs(),
            st.negative.live_refs(),
            st.negative_version,
        )
    };
    let items = vec![
        vm.new_set_from(registry)?,
        vm.new_set_from(cache)?,
        vm.new_set_from(negative)?,
        Value::Int(version as i64),
    ];
    Ok(vm.new_tuple(items))
}

/// `_reset_registry(cls)`: forgets the virtual subclasses.
fn reset_registry<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    one(&args, "_reset_registry")?;
    let data = impl_of(vm, &args.pos[0])?;
    let old = state(&data).lock().registry.take();
    drop(old);
    Ok(Value::None)
}

/// `_reset_caches(cls)`: empties both caches.
fn reset_caches<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    one(&args, "_reset_caches")?;
    let data = impl_of(vm, &args.pos[0])?;
    let old = {
        let mut st = state(&data).lock();
        (st.cache.take(), st.negative.take())
    };
    drop(old);
    Ok(Value::None)
}

/// `get_cache_token()`: changes whenever a class is registered with any ABC.
fn get_cache_token<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_cache_token", 0, 0)?;
    Ok(Value::Int(invalidation_counter() as i64))
}
