"""Classes whose special methods are generated from their annotated fields.

@dataclass reads the class's ``__annotations__`` (in definition order, after the fields of
dataclass bases) and adds ``__init__``, ``__repr__``, ``__eq__`` and, on request, ordering,
hashing and frozen-ness, as CPython 3.11 does.
"""

__all__ = [
    "dataclass", "field", "Field", "FrozenInstanceError", "InitVar", "KW_ONLY",
    "MISSING", "fields", "asdict", "astuple", "make_dataclass", "replace",
    "is_dataclass",
]


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen dataclass instance is assigned or deleted."""


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class InitVar:
    """Marks an annotation as a parameter of __init__ only: passed to __post_init__, never
    stored as a field."""
    def __init__(self, type):
        self.type = type

    def __class_getitem__(cls, type):
        return InitVar(type)

    def __repr__(self):
        name = getattr(self.type, "__name__", None)
        return "dataclasses.InitVar[%s]" % (name if name is not None else repr(self.type))


_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"

# Kinds of field.
_FIELD = "_FIELD"
_CLASSVAR = "_FIELD_CLASSVAR"
_INITVAR = "_FIELD_INITVAR"


class Field:
    """What dataclass records for one field: its name, type, default or default factory, and
    flags."""
    def __init__(self, default, default_factory, init, repr, hash, compare,
                 metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,"
                "hash=%r,compare=%r,metadata=%r,kw_only=%r,_field_type=%s)"
                % (self.name, self.type, self.default, self.default_factory,
                   self.init, self.repr, self.hash, self.compare, self.metadata,
                   self.kw_only, self._field_type))


class _Params:
    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=MISSING):
    """Describes a field of a dataclass: its default or default_factory, whether __init__, repr,
    comparisons and hash use it, its metadata, and whether it is keyword-only."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(tp):
    if isinstance(tp, str):
        return tp.startswith("ClassVar") or tp.startswith("typing.ClassVar")
    try:
        import typing
    except ImportError:
        return False
    cv = getattr(typing, "ClassVar", None)
    if cv is None:
        return False
    return tp is cv or getattr(tp, "__origin__", None) is cv


def _is_initvar(tp):
    if isinstance(tp, str):
        return tp.startswith("InitVar") or tp.startswith("dataclasses.InitVar")
    return tp is InitVar or isinstance(tp, InitVar)


def _make_field(cls, name, tp, kw_only):
    default = cls.__dict__.get(name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = name
    f.type = tp
    f._field_type = _FIELD
    if _is_classvar(tp):
        f._field_type = _CLASSVAR
    elif _is_initvar(tp):
        f._field_type = _INITVAR
    if f._field_type in (_CLASSVAR, _INITVAR) and f.default_factory is not MISSING:
        raise TypeError("field %s cannot have a default factory" % name)
    if f._field_type in (_FIELD, _INITVAR):
        if f.kw_only is MISSING:
            f.kw_only = kw_only
    elif f.kw_only is not MISSING:
        raise TypeError("field %s is a ClassVar but specifies kw_only" % name)
    if f._field_type is _FIELD and (type(f.default) in (list, dict, set)
                                    or type(f.default).__hash__ is None):
        raise ValueError("mutable default %r for field %s is not allowed: use default_factory"
                         % (type(f.default), name))
    return f


def _tuple_of(obj, names):
    return tuple([getattr(obj, n) for n in names])


def _make_init(cls, fields, std_fields, kw_fields, has_post_init, frozen):
    seen_default = False
    for f in std_fields:
        if f.init:
            if f.default is not MISSING or f.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError("non-default argument %r follows default argument" % f.name)
    env = {"_MISSING": MISSING, "_object_setattr": object.__setattr__}

    def param(f):
        if f.default is not MISSING:
            env["_dflt_" + f.name] = f.default
            return "%s=_dflt_%s" % (f.name, f.name)
        if f.default_factory is not MISSING:
            return "%s=_MISSING" % f.name
        return f.name

    params = ["self"] + [param(f) for f in std_fields]
    if kw_fields:
        params.append("*")
        params.extend(param(f) for f in kw_fields)
    lines = []
    for f in fields:
        if f._field_type is not _FIELD:
            continue
        if f.default_factory is not MISSING:
            env["_factory_" + f.name] = f.default_factory
            if f.init:
                value = "_factory_%s() if %s is _MISSING else %s" % (f.name, f.name, f.name)
            else:
                value = "_factory_%s()" % f.name
        elif f.init:
            value = f.name
        elif f.default is not MISSING:
            env["_dflt_" + f.name] = f.default
            value = "_dflt_" + f.name
        else:
            continue
        if frozen:
            lines.append("_object_setattr(self, %r, %s)" % (f.name, value))
        else:
            lines.append("self.%s = %s" % (f.name, value))
    if has_post_init:
        initvars = [f.name for f in fields if f._field_type is _INITVAR]
        lines.append("self.__post_init__(%s)" % ", ".join(initvars))
    if not lines:
        lines.append("pass")
    return _define(cls.__qualname__, "__init__(%s)" % ", ".join(params), lines, env)


def _define(qualname, signature, lines, env):
    """Compiles ``def signature: lines`` nested in definitions that give it the qualified
    name ``qualname.NAME``, so that its argument errors name it as CPython's do."""
    parts = qualname.split(".")
    if not all(p.isidentifier() or p == "<locals>" for p in parts) or "<locals>" in (
            parts[0], parts[-1]):
        parts = []

    def nest(parts, indent):
        if not parts:
            body = ["def " + signature + ":"] + ["    " + line for line in lines]
            return [indent + line for line in body + ["global _dc_result",
                                                      "_dc_result = " + signature.split("(")[0]]]
        if len(parts) > 1 and parts[1] == "<locals>":
            return ([indent + "def %s():" % parts[0]] + nest(parts[2:], indent + "    ")
                    + [indent + "%s()" % parts[0]])
        return [indent + "class %s:" % parts[0]] + nest(parts[1:], indent + "    ")

    exec("\n".join(nest(parts, "")) + "\n", env)
    return env.pop("_dc_result")


def _set_new_attribute(cls, name, value):
    if name in cls.__dict__:
        return True
    _set_qualname(cls, value)
    setattr(cls, name, value)
    return False


def _set_qualname(cls, fn):
    if type(fn) is type(_set_qualname):
        fn.__qualname__ = "%s.%s" % (cls.__qualname__, fn.__name__)


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only):
    fields = {}
    has_dataclass_bases = False
    any_frozen_base = False
    all_frozen_bases = None
    for b in cls.__mro__[-1:0:-1]:
        base_fields = b.__dict__.get(_FIELDS)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            if all_frozen_bases is None:
                all_frozen_bases = True
            base_frozen = b.__dict__[_PARAMS].frozen
            any_frozen_base = any_frozen_base or base_frozen
            all_frozen_bases = all_frozen_bases and base_frozen

    annotations = cls.__dict__.get("__annotations__", {})
    own = []
    kw_only_now = kw_only
    for name, tp in annotations.items():
        if tp is KW_ONLY or (isinstance(tp, str) and tp in ("KW_ONLY", "dataclasses.KW_ONLY")):
            kw_only_now = True
            continue
        own.append(_make_field(cls, name, tp, kw_only_now))
    for f in own:
        fields[f.name] = f
        if isinstance(cls.__dict__.get(f.name), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in annotations:
            raise TypeError("%r is a field but has no type annotation" % name)

    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
        if all_frozen_bases is False and frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one")

    setattr(cls, _FIELDS, fields)
    setattr(cls, _PARAMS, _Params(init, repr, eq, order, unsafe_hash, frozen))

    all_fields = list(fields.values())
    real = [f for f in all_fields if f._field_type is _FIELD]
    if init:
        in_init = [f for f in all_fields if f._field_type in (_FIELD, _INITVAR) and f.init]
        std = [f for f in in_init if not f.kw_only]
        kw = [f for f in in_init if f.kw_only]
        has_post_init = hasattr(cls, "__post_init__")
        _set_new_attribute(cls, "__init__",
                           _make_init(cls, all_fields, std, kw, has_post_init, frozen))

    if repr:
        shown = [f.name for f in real if f.repr]
        _set_new_attribute(cls, "__repr__", _make_repr(shown))

    compared = [f.name for f in real if f.compare]
    if eq:
        _set_new_attribute(cls, "__eq__", _make_eq(compared))

    if order:
        for name, op in (("__lt__", _lt), ("__le__", _le), ("__gt__", _gt), ("__ge__", _ge)):
            if _set_new_attribute(cls, name, _make_order(name, op, compared)):
                raise TypeError("Cannot overwrite attribute %s in class %s. Consider using "
                                "functools.total_ordering" % (name, cls.__name__))

    if frozen:
        for name, fn in (("__setattr__", _make_frozen_setattr(cls, fields)),
                         ("__delattr__", _make_frozen_delattr(cls, fields))):
            if _set_new_attribute(cls, name, fn):
                raise TypeError("Cannot overwrite attribute %s in class %s"
                                % (name, cls.__name__))

    _set_hash(cls, real, unsafe_hash, eq, frozen)

    if match_args:
        _set_new_attribute(cls, "__match_args__",
                           tuple([f.name for f in all_fields
                                  if f._field_type in (_FIELD, _INITVAR) and f.init
                                  and not f.kw_only]))
    return cls


def _make_repr(names):
    def __repr__(self):
        parts = ["%s=%r" % (n, getattr(self, n)) for n in names]
        return "%s(%s)" % (type(self).__qualname__, ", ".join(parts))
    # pprint lays out a dataclass field by field only when its repr is this generated one
    __repr__._dataclass_repr = True
    return __repr__


def _make_eq(names):
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return _tuple_of(self, names) == _tuple_of(other, names)
        return NotImplemented
    return __eq__


def _lt(a, b):
    return a < b


def _le(a, b):
    return a <= b


def _gt(a, b):
    return a > b


def _ge(a, b):
    return a >= b


def _make_order(name, op, names):
    def compare(self, other):
        if other.__class__ is self.__class__:
            return op(_tuple_of(self, names), _tuple_of(other, names))
        return NotImplemented
    compare.__name__ = name
    return compare


def _make_frozen_setattr(cls, fields):
    def __setattr__(self, name, value):
        if type(self) is cls or name in fields:
            raise FrozenInstanceError("cannot assign to field %r" % name)
        super(cls, self).__setattr__(name, value)
    return __setattr__


def _make_frozen_delattr(cls, fields):
    def __delattr__(self, name):
        if type(self) is cls or name in fields:
            raise FrozenInstanceError("cannot delete field %r" % name)
        super(cls, self).__delattr__(name)
    return __delattr__


def _set_hash(cls, fields, unsafe_hash, eq, frozen):
    has_explicit_hash = "__hash__" in cls.__dict__ and not (
        cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]

    def make_hash():
        def __hash__(self):
            return hash(_tuple_of(self, hashed))
        _set_qualname(cls, __hash__)
        return __hash__

    if unsafe_hash:
        if has_explicit_hash:
            raise TypeError("Cannot overwrite attribute __hash__ in class %s" % cls.__name__)
        cls.__hash__ = make_hash()
    elif eq and frozen:
        if not has_explicit_hash:
            cls.__hash__ = make_hash()
    elif eq:
        if not has_explicit_hash:
            cls.__hash__ = None


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, match_args=True, kw_only=False,
              slots=False):
    """Adds __init__, __repr__, __eq__ and, as asked, ordering, hashing, freezing, __match_args__
    and __slots__ to a class, from the fields its annotations name."""
    if order and not eq:
        raise ValueError("eq must be true if order is true")

    def wrap(cls):
        cls = _process_class(cls, init, repr, eq, order, unsafe_hash, frozen,
                             match_args, kw_only)
        if slots:
            cls = _add_slots(cls, frozen)
        return cls

    if cls is None:
        return wrap
    return wrap(cls)


def _add_slots(cls, is_frozen):
    # A class's __slots__ cannot be added after it is made: make it again with them.
    cls_dict = dict(cls.__dict__)
    field_names = tuple(f.name for f in fields(cls))
    inherited = set()
    for base in cls.__mro__[1:-1]:
        base_slots = base.__dict__.get("__slots__", ())
        inherited.update((base_slots,) if isinstance(base_slots, str) else base_slots)
    cls_dict["__slots__"] = tuple(name for name in field_names if name not in inherited)
    for name in field_names:
        cls_dict.pop(name, None)
    cls_dict.pop("__dict__", None)
    cls_dict.pop("__weakref__", None)
    qualname = getattr(cls, "__qualname__", None)
    cls = type(cls)(cls.__name__, cls.__bases__, cls_dict)
    if qualname is not None:
        cls.__qualname__ = qualname
    if is_frozen:
        if "__getstate__" not in cls_dict:
            cls.__getstate__ = lambda self: [getattr(self, f.name) for f in fields(self)]
        if "__setstate__" not in cls_dict:
            def __setstate__(self, state):
                for f, value in zip(fields(self), state):
                    object.__setattr__(self, f.name, value)
            cls.__setstate__ = __setstate__
    return cls


def fields(class_or_instance):
    """The Field objects of a dataclass or of one of its instances, in definition order."""
    try:
        fs = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple([f for f in fs.values() if f._field_type is _FIELD])


def _is_dataclass_instance(obj):
    return hasattr(type(obj), _FIELDS)


def is_dataclass(obj):
    """Whether obj is a dataclass or an instance of one."""
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def asdict(obj, *, dict_factory=dict):
    """A dataclass instance as a dict of its fields, turning nested dataclasses, lists, tuples
    and dicts into copies the same way."""
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _asdict_inner(obj, dict_factory)


def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory))
                             for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)((_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory))
                         for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)


def astuple(obj, *, tuple_factory=tuple):
    """A dataclass instance as a tuple of its fields, turning nested dataclasses, lists, tuples
    and dicts into copies the same way."""
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _astuple_inner(obj, tuple_factory)


def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        return tuple_factory([_astuple_inner(getattr(obj, f.name), tuple_factory)
                              for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)((_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory))
                         for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)


def replace(obj, /, **changes):
    """A new instance of obj's dataclass with the fields in changes replaced."""
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in getattr(obj, _FIELDS).values():
        if f._field_type is _CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError("field %s is declared with init=False, it cannot be "
                                 "specified with replace()" % f.name)
            continue
        if f.name not in changes:
            if f._field_type is _INITVAR and f.default is MISSING:
                raise ValueError("InitVar %r must be specified with replace()" % f.name)
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **options):
    """A new dataclass named cls_name, with fields given as names, (name, type) or
    (name, type, Field) items."""
    ns = dict(namespace or {})
    annotations = {}
    for item in fields:
        if isinstance(item, str):
            annotations[item] = "typing.Any"
        elif len(item) == 2:
            annotations[item[0]] = item[1]
        else:
            annotations[item[0]] = item[1]
            ns[item[0]] = item[2]
    ns["__annotations__"] = annotations
    cls = type(cls_name, tuple(bases), ns)
    return dataclass(cls, **options)
