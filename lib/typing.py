"""Names used in type annotations (as CPython's typing module): they can be subscripted and
printed, and do nothing at run time.

NamedTuple and TypedDict work in their class and functional forms; Protocol classes marked
@runtime_checkable are checked structurally by isinstance().
"""

from _collections import deque as _deque

__all__ = [
    "Any", "Callable", "ClassVar", "Final", "Generic", "Literal", "Optional", "Protocol",
    "Tuple", "Type", "TypeVar", "Union", "AbstractSet", "ByteString", "Container",
    "Hashable", "ItemsView", "Iterable", "Iterator", "KeysView", "Mapping", "MappingView",
    "MutableMapping", "MutableSequence", "MutableSet", "Sequence", "Sized", "ValuesView",
    "Awaitable", "Collection", "Reversible", "Counter", "Deque", "Dict", "DefaultDict",
    "List", "OrderedDict", "Set", "FrozenSet", "NamedTuple", "TypedDict", "Generator",
    "AnyStr", "cast", "final", "get_args", "get_origin", "get_type_hints", "NewType",
    "no_type_check", "overload", "runtime_checkable", "Text", "TYPE_CHECKING",
    "TypeAlias", "ParamSpec", "Concatenate", "Self", "Never", "NoReturn", "LiteralString",
    "Annotated", "SupportsInt", "SupportsFloat", "SupportsIndex", "SupportsAbs",
    "assert_never", "reveal_type", "Required", "NotRequired", "Unpack", "TypeGuard",
    "IO", "TextIO", "BinaryIO", "ContextManager", "AsyncContextManager", "AsyncIterator",
    "AsyncIterable", "AsyncGenerator", "Coroutine", "ChainMap", "Pattern", "Match",
    "ForwardRef", "ParamSpecArgs", "ParamSpecKwargs", "TypeVarTuple", "SupportsBytes",
    "SupportsComplex", "SupportsRound", "assert_type", "dataclass_transform",
    "get_overloads", "clear_overloads", "is_typeddict", "no_type_check_decorator",
]

# The names used less often are in _typing_more, imported when one is first read.
_MORE = ("IO", "TextIO", "BinaryIO", "ForwardRef", "ParamSpecArgs", "ParamSpecKwargs",
         "TypeVarTuple", "assert_type", "dataclass_transform", "get_overloads",
         "clear_overloads", "is_typeddict", "no_type_check_decorator")


def __getattr__(name):
    if name in _MORE:
        import _typing_more
        value = getattr(_typing_more, name)
        globals()[name] = value
        return value
    raise AttributeError("module 'typing' has no attribute %r" % (name,))


def __dir__():
    return sorted(set(globals()) | set(_MORE))

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return "%s.%s" % (obj.__module__, obj.__qualname__)
    if _is_ellipsis(obj):
        return "..."
    if isinstance(obj, list):
        return "[%s]" % ", ".join(_type_repr(a) for a in obj)
    return repr(obj)


class _GenericAlias:
    """A subscripted typing name (List[int], Generic[T]) or a subscripted generic class
    (Box[int], whose `_name` is None)."""

    def __init__(self, origin, args, name):
        # `origin` may be the special form itself: its class is looked up on first use
        self._origin = origin
        self.__args__ = args
        self._name = name
        self.__parameters__ = _collect_parameters(args)

    @property
    def __origin__(self):
        origin = self._origin
        if isinstance(origin, _SpecialForm):
            return origin.__origin__ or origin
        return origin

    def __repr__(self):
        if self._name is None:
            args = ", ".join(_type_repr(a) for a in self.__args__) if self.__args__ else "()"
            return "%s[%s]" % (_type_repr(self._origin), args)
        if self._name == "Optional" or (self._name == "Union" and len(self.__args__) == 2
                                        and type(None) in self.__args__):
            other = [a for a in self.__args__ if a is not type(None)]
            if len(other) == 1:
                return "typing.Optional[%s]" % _type_repr(other[0])
        if self._name == "Callable" and len(self.__args__) >= 1:
            params = self.__args__[:-1]
            if len(params) == 1 and _is_ellipsis(params[0]):
                inner = "..."
            else:
                inner = "[%s]" % ", ".join(_type_repr(a) for a in params)
            return "typing.Callable[%s, %s]" % (inner, _type_repr(self.__args__[-1]))
        args = ", ".join(_type_repr(a) for a in self.__args__) if self.__args__ else "()"
        return "typing.%s[%s]" % (self._name, args)

    def __getitem__(self, params):
        # Substitutes the alias's type variables, in the order they first appear.
        if self._origin in (Generic, Protocol):
            raise TypeError("Cannot subscript already-subscripted %r" % self)
        if not self.__parameters__:
            raise TypeError("%r is not a generic class" % self)
        params = _as_tuple(params)
        _check_arity(self, self.__parameters__, params)
        subst = dict(zip(self.__parameters__, params))
        args = tuple(_substitute(a, subst) for a in self.__args__)
        if self._name in ("Union", "Optional"):
            return Union[args]
        return _GenericAlias(self._origin, args, self._name)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") or name == "_origin":
            raise AttributeError(name)
        return getattr(self.__origin__, name)

    def __call__(self, *args, **kwargs):
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except Exception:
            pass
        return result

    def __mro_entries__(self, bases):
        if self._name is None:
            if self._origin is Generic:
                if Protocol in bases:
                    return ()
                for base in bases[bases.index(self) + 1:]:
                    if isinstance(base, _GenericAlias) and base is not self:
                        return ()
            return (self._origin,)
        origin = self.__origin__
        if not isinstance(origin, type):
            raise TypeError("Cannot subclass %r" % self)
        entries = [] if origin in bases else [origin]
        for base in bases[bases.index(self) + 1:]:
            if isinstance(base, _GenericAlias) or (isinstance(base, type)
                                                   and issubclass(base, Generic)):
                break
        else:
            entries.append(Generic)
        return tuple(entries)

    def __instancecheck__(self, obj):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")

    def __subclasscheck__(self, cls):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self._origin == other._origin and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._origin, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


def _collect_parameters(args):
    """The type variables in `args`, and in the aliases among them, in order of appearance."""
    found = []
    for arg in args:
        if isinstance(arg, TypeVar):
            params = (arg,)
        elif isinstance(arg, type):
            continue
        else:
            params = getattr(arg, "__parameters__", ())
            if not isinstance(params, tuple):
                continue
        for param in params:
            if param not in found:
                found.append(param)
    return tuple(found)


def _substitute(arg, subst):
    if isinstance(arg, TypeVar):
        return subst.get(arg, arg)
    params = () if isinstance(arg, type) else getattr(arg, "__parameters__", ())
    if params and isinstance(params, tuple):
        return arg[tuple(subst.get(p, p) for p in params)]
    return arg


def _check_arity(target, parameters, args):
    if not parameters:
        raise TypeError("%s is not a generic class" % (target,))
    if len(args) != len(parameters):
        raise TypeError("Too %s arguments for %s; actual %d, expected %d"
                        % ("many" if len(args) > len(parameters) else "few", target,
                           len(args), len(parameters)))


def _is_ellipsis(obj):
    # Compared by type: an ellipsis literal is not always the one Ellipsis object in minipy.
    return type(obj) is type(Ellipsis)


def _as_tuple(params):
    params = params if isinstance(params, tuple) else (params,)
    return tuple(type(None) if p is None else p for p in params)


class _SpecialForm:
    """A typing name such as Any, Union or List; subscripting gives a _GenericAlias."""

    def __init__(self, name, origin=None, doc=None):
        self._name = name
        self._origin = origin
        self.__doc__ = doc

    def _get_origin(self):
        # Names of collections classes are resolved on first use, so that importing typing
        # does not import collections.
        origin = self._origin
        if isinstance(origin, str):
            if origin.startswith("abc."):
                import collections.abc
                origin = self._origin = getattr(collections.abc, origin[4:])
            elif "." in origin:
                # "re.Pattern", "contextlib.AbstractContextManager": a module's class.
                module, name = origin.split(".")
                origin = self._origin = getattr(__import__(module), name)
            else:
                import collections
                origin = self._origin = getattr(collections, origin)
        return origin

    __origin__ = property(_get_origin)

    def __repr__(self):
        return "typing." + self._name

    def __getitem__(self, params):
        if self._name == "Callable" and isinstance(params, tuple) and len(params) == 2 \
                and isinstance(params[0], list):
            params = tuple(params[0]) + _as_tuple(params[1])
        params = _as_tuple(params)
        if self._name == "Union":
            flat = []
            for p in params:
                if p is None:
                    p = type(None)
                if (isinstance(p, _GenericAlias) and p._name in ("Union", "Optional")) \
                        or type(p).__name__ == "UnionType":
                    items = p.__args__
                else:
                    items = (p,)
                for item in items:
                    if item not in flat:
                        flat.append(item)
            if len(flat) == 1:
                return flat[0]
            return _GenericAlias(self, tuple(flat), "Union")
        if self._name == "Optional":
            if len(params) != 1:
                raise TypeError("typing.Optional requires a single type. Got %r." % (params,))
            return Union[params[0], None]
        return _GenericAlias(self, params, self._name)

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None:
            raise TypeError("Cannot instantiate %r" % self)
        return self.__origin__(*args, **kwargs)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


Any = _SpecialForm("Any")
NoReturn = _SpecialForm("NoReturn")
Never = _SpecialForm("Never")
Self = _SpecialForm("Self")
LiteralString = _SpecialForm("LiteralString")
TypeAlias = _SpecialForm("TypeAlias")
ClassVar = _SpecialForm("ClassVar")
Final = _SpecialForm("Final")
Union = _SpecialForm("Union")
Optional = _SpecialForm("Optional")
Literal = _SpecialForm("Literal")
Annotated = _SpecialForm("Annotated")
Concatenate = _SpecialForm("Concatenate")
TypeGuard = _SpecialForm("TypeGuard")
Required = _SpecialForm("Required")
NotRequired = _SpecialForm("NotRequired")
Unpack = _SpecialForm("Unpack")

List = _SpecialForm("List", list)
Dict = _SpecialForm("Dict", dict)
Set = _SpecialForm("Set", set)
FrozenSet = _SpecialForm("FrozenSet", frozenset)
Tuple = _SpecialForm("Tuple", tuple)
Type = _SpecialForm("Type", type)
Deque = _SpecialForm("Deque", _deque)
DefaultDict = _SpecialForm("DefaultDict", "defaultdict")
OrderedDict = _SpecialForm("OrderedDict", "OrderedDict")
Counter = _SpecialForm("Counter", "Counter")
ChainMap = _SpecialForm("ChainMap", "ChainMap")
Callable = _SpecialForm("Callable", "abc.Callable")
Iterable = _SpecialForm("Iterable", "abc.Iterable")
Iterator = _SpecialForm("Iterator", "abc.Iterator")
Generator = _SpecialForm("Generator", "abc.Generator")
Reversible = _SpecialForm("Reversible", "abc.Reversible")
Container = _SpecialForm("Container", "abc.Container")
Collection = _SpecialForm("Collection", "abc.Collection")
Hashable = _SpecialForm("Hashable", "abc.Hashable")
Sized = _SpecialForm("Sized", "abc.Sized")
Awaitable = _SpecialForm("Awaitable", "abc.Awaitable")
Coroutine = _SpecialForm("Coroutine", "abc.Coroutine")
AsyncIterator = _SpecialForm("AsyncIterator", "abc.AsyncIterator")
AsyncIterable = _SpecialForm("AsyncIterable", "abc.AsyncIterable")
AsyncGenerator = _SpecialForm("AsyncGenerator", "abc.AsyncGenerator")
ContextManager = _SpecialForm("ContextManager", "contextlib.AbstractContextManager")
AsyncContextManager = _SpecialForm("AsyncContextManager",
                                   "contextlib.AbstractAsyncContextManager")
Pattern = _SpecialForm("Pattern", "re.Pattern")
Match = _SpecialForm("Match", "re.Match")
Mapping = _SpecialForm("Mapping", "abc.Mapping")
MutableMapping = _SpecialForm("MutableMapping", "abc.MutableMapping")
Sequence = _SpecialForm("Sequence", "abc.Sequence")
MutableSequence = _SpecialForm("MutableSequence", "abc.MutableSequence")
AbstractSet = _SpecialForm("AbstractSet", "abc.Set")
MutableSet = _SpecialForm("MutableSet", "abc.MutableSet")
MappingView = _SpecialForm("MappingView", "abc.MappingView")
KeysView = _SpecialForm("KeysView", "abc.KeysView")
ItemsView = _SpecialForm("ItemsView", "abc.ItemsView")
ValuesView = _SpecialForm("ValuesView", "abc.ValuesView")
ByteString = _SpecialForm("ByteString", "abc.ByteString")
SupportsInt = _SpecialForm("SupportsInt")
SupportsFloat = _SpecialForm("SupportsFloat")
SupportsIndex = _SpecialForm("SupportsIndex")
SupportsAbs = _SpecialForm("SupportsAbs")
SupportsRound = _SpecialForm("SupportsRound")
SupportsBytes = _SpecialForm("SupportsBytes")
SupportsComplex = _SpecialForm("SupportsComplex")
Text = str


# The docstrings of the names above (help(typing.Union) shows them).
_SPECIAL_FORM_DOCS = {
    "Any": (
        "A special type that agrees with every type: every type is compatible with\n"
        "Any, and Any with every type. It cannot be subclassed or instantiated."
    ),
    "NoReturn": (
        "The return type of a function that never returns normally (it always\n"
        "raises, or loops forever)."
    ),
    "Never": (
        "The bottom type, which no value has: the type of what can never happen,\n"
        "such as the argument of assert_never()."
    ),
    "Self": (
        "The type of the instance in the methods of a class: a method that returns\n"
        "self is annotated -> Self."
    ),
    "LiteralString": (
        "The type of str values built only from literal strings in the source, for\n"
        "APIs that must not take text from outside (such as SQL)."
    ),
    "TypeAlias": (
        "Marks a module-level assignment as a type alias:\n"
        "Predicate: TypeAlias = Callable[..., bool]."
    ),
    "ClassVar": (
        "Marks an annotated name of a class body as a class variable, not an\n"
        "instance attribute: ClassVar[int]. It takes one type and is allowed only\n"
        "at the class level."
    ),
    "Final": (
        "Marks a name that must not be assigned again, or overridden in a subclass:\n"
        "MAX: Final = 9000. Checked by type checkers, not at run time."
    ),
    "Union": (
        "Union[X, Y] is the type of values that are of type X or of type Y.\n"
        "\n"
        "Nested unions are flattened, repeats removed and a union of one type is\n"
        "that type; the order does not matter in comparisons. X | Y is the same."
    ),
    "Optional": (
        "Optional[X] is the same as Union[X, None]: a value of type X, or None."
    ),
    "Literal": (
        "The type of the values given exactly: Literal['r', 'w'] is the type of\n"
        "those two strings alone. Only literal values of ints, strs, bytes, bools,\n"
        "enum members and None may be given."
    ),
    "Annotated": (
        "Annotated[T, x, ...] is the type T with extra metadata x, ... that type\n"
        "checkers ignore and tools may read (get_type_hints(include_extras=True))."
    ),
    "Concatenate": (
        "Used with Callable and ParamSpec: Concatenate[int, P] stands for the\n"
        "parameters of P with an int put in front."
    ),
    "TypeGuard": (
        "The return type of a user-defined type guard: a function returning\n"
        "TypeGuard[T] says, when it returns true, that its argument is of type T."
    ),
    "Required": (
        "Marks a key of a TypedDict with total=False as one that must be given."
    ),
    "NotRequired": (
        "Marks a key of a TypedDict as one that may be left out."
    ),
    "Unpack": (
        "Unpacks a TypeVarTuple or a tuple type in a place of several types:\n"
        "Tuple[int, Unpack[Ts]]."
    ),
    "List": (
        "list as a typing form, to subscript with its item types in annotations."
    ),
    "Dict": (
        "dict as a typing form, to subscript with its item types in annotations."
    ),
    "Set": (
        "set as a typing form, to subscript with its item types in annotations."
    ),
    "FrozenSet": (
        "frozenset as a typing form, to subscript with its item types in annotations."
    ),
    "Tuple": (
        "The type of a tuple: Tuple[X, Y] has two items, the first of type X and\n"
        "the second of type Y; Tuple[int, ...] is a tuple of ints of any length;\n"
        "Tuple[()] is the empty tuple."
    ),
    "Type": (
        "Type[C] is the type of the class C itself, or of a subclass of it (not of\n"
        "their instances)."
    ),
    "Deque": (
        "collections.deque as a typing form, to subscript with its item types in annotations."
    ),
    "DefaultDict": (
        "collections.defaultdict as a typing form, to subscript with its item types in annotations."
    ),
    "OrderedDict": (
        "collections.OrderedDict as a typing form, to subscript with its item types in annotations."
    ),
    "Counter": (
        "collections.Counter as a typing form, to subscript with its item types in annotations."
    ),
    "ChainMap": (
        "collections.ChainMap as a typing form, to subscript with its item types in annotations."
    ),
    "Callable": (
        "The type of a callable: Callable[[int, str], float] takes an int and a\n"
        "str and returns a float; Callable[..., float] takes any arguments."
    ),
    "Iterable": (
        "collections.abc.Iterable as a typing form, to subscript with its item types in annotations."
    ),
    "Iterator": (
        "collections.abc.Iterator as a typing form, to subscript with its item types in annotations."
    ),
    "Generator": (
        "A generic version of collections.abc.Generator: Generator[YieldType,\n"
        "SendType, ReturnType]."
    ),
    "Reversible": (
        "collections.abc.Reversible as a typing form, to subscript with its item types in annotations."
    ),
    "Container": (
        "collections.abc.Container as a typing form, to subscript with its item types in annotations."
    ),
    "Collection": (
        "collections.abc.Collection as a typing form, to subscript with its item types in annotations."
    ),
    "Hashable": (
        "collections.abc.Hashable as a typing form, to subscript with its item types in annotations."
    ),
    "Sized": (
        "collections.abc.Sized as a typing form, to subscript with its item types in annotations."
    ),
    "Awaitable": (
        "collections.abc.Awaitable as a typing form, to subscript with its item types in annotations."
    ),
    "Coroutine": (
        "collections.abc.Coroutine as a typing form, to subscript with its item types in annotations."
    ),
    "AsyncIterator": (
        "collections.abc.AsyncIterator as a typing form, to subscript with its item types in annotations."
    ),
    "AsyncIterable": (
        "collections.abc.AsyncIterable as a typing form, to subscript with its item types in annotations."
    ),
    "Mapping": (
        "collections.abc.Mapping as a typing form, to subscript with its item types in annotations."
    ),
    "MutableMapping": (
        "collections.abc.MutableMapping as a typing form, to subscript with its item types in annotations."
    ),
    "Sequence": (
        "collections.abc.Sequence as a typing form, to subscript with its item types in annotations."
    ),
    "MutableSequence": (
        "collections.abc.MutableSequence as a typing form, to subscript with its item types in annotations."
    ),
    "AbstractSet": (
        "collections.abc.Set as a typing form, to subscript with its item types in annotations."
    ),
    "MutableSet": (
        "collections.abc.MutableSet as a typing form, to subscript with its item types in annotations."
    ),
    "MappingView": (
        "collections.abc.MappingView as a typing form, to subscript with its item types in annotations."
    ),
    "KeysView": (
        "collections.abc.KeysView as a typing form, to subscript with its item types in annotations."
    ),
    "ItemsView": (
        "collections.abc.ItemsView as a typing form, to subscript with its item types in annotations."
    ),
    "ValuesView": (
        "collections.abc.ValuesView as a typing form, to subscript with its item types in annotations."
    ),
    "ByteString": (
        "collections.abc.ByteString as a typing form, to subscript with its item types in annotations."
    ),
    "SupportsInt": (
        "The types with an __int__ method."
    ),
    "SupportsFloat": (
        "The types with a __float__ method."
    ),
    "SupportsIndex": (
        "The types with an __index__ method."
    ),
    "SupportsAbs": (
        "The types with an __abs__ method, whose result is of the type given."
    ),
    "SupportsRound": (
        "The types with a __round__ method, whose result is of the type given."
    ),
    "SupportsBytes": (
        "The types with a __bytes__ method."
    ),
    "SupportsComplex": (
        "The types with a __complex__ method."
    ),
    "AsyncGenerator": (
        "collections.abc.AsyncGenerator as a typing form, to subscript with its item types in annotations."
    ),
    "ContextManager": (
        "contextlib.AbstractContextManager as a typing form: ContextManager[T] is a context manager whose __enter__ returns a T."
    ),
    "AsyncContextManager": (
        "contextlib.AbstractAsyncContextManager as a typing form: AsyncContextManager[T] is an async context manager whose __aenter__ returns a T."
    ),
    "Pattern": (
        "re.Pattern as a typing form: Pattern[str] or Pattern[bytes], a compiled regular expression."
    ),
    "Match": (
        "re.Match as a typing form: Match[str] or Match[bytes], the result of a successful match."
    ),
}
for _name, _doc in _SPECIAL_FORM_DOCS.items():
    globals()[_name].__doc__ = _doc
del _name, _doc, _SPECIAL_FORM_DOCS


class TypeVar:
    """A type variable: TypeVar('T'), with optional constraints, bound and variance."""

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        if len(constraints) == 1:
            raise TypeError("A single constraint is not allowed")
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]


class ParamSpec(TypeVar):
    """A parameter specification variable: it stands for the parameters of a
    callable, so that a decorator's type can say it keeps them.

    P = ParamSpec('P'); P.args and P.kwargs annotate *args and **kwargs.
    """
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        TypeVar.__init__(self, name, bound=bound, covariant=covariant,
                         contravariant=contravariant)

    @property
    def args(self):
        from _typing_more import ParamSpecArgs
        return ParamSpecArgs(self)

    @property
    def kwargs(self):
        from _typing_more import ParamSpecKwargs
        return ParamSpecKwargs(self)


AnyStr = TypeVar("AnyStr", bytes, str)


class Generic:
    """Base class for generic classes: `class Box(Generic[T])` makes Box[int] an alias that
    records its argument (parameters are not checked at run time)."""

    __slots__ = ()
    _is_protocol = False

    def __class_getitem__(cls, params):
        params = _as_tuple(params)
        if cls is Generic or cls is Protocol:
            if not params:
                raise TypeError("Parameter list to %s[...] cannot be empty" % cls.__qualname__)
            if not all(isinstance(p, TypeVar) for p in params):
                raise TypeError("Parameters to %s[...] must all be type variables or "
                                "parameter specification variables." % cls.__name__)
            if len(set(params)) != len(params):
                raise TypeError("Parameters to %s[...] must all be unique" % cls.__name__)
        else:
            _check_arity(cls, cls.__dict__.get("__parameters__", ()), params)
        return _GenericAlias(cls, params, None)

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        if "__orig_bases__" in cls.__dict__:
            plain = Generic in cls.__orig_bases__
        else:
            plain = Generic in cls.__bases__ and cls.__name__ != "Protocol"
        if plain:
            raise TypeError("Cannot inherit from plain Generic")
        tvars = ()
        if "__orig_bases__" in cls.__dict__:
            tvars = _collect_parameters(cls.__orig_bases__)
            listed = None
            for base in cls.__orig_bases__:
                if isinstance(base, _GenericAlias) and base._origin is Generic:
                    if listed is not None:
                        raise TypeError("Cannot inherit from Generic[...] multiple types.")
                    listed = base.__parameters__
            if listed is not None:
                missing = [t for t in tvars if t not in listed]
                if missing:
                    raise TypeError("Some type variables (%s) are not listed in Generic[%s]"
                                    % (", ".join(str(t) for t in missing),
                                       ", ".join(str(g) for g in listed)))
                tvars = listed
        cls.__parameters__ = tvars


# The names a protocol's structural check ignores: those every class has, and typing's own.
_PROTOCOL_SPECIAL = frozenset({
    "__abstractmethods__", "__annotations__", "__weakref__", "_is_protocol",
    "_is_runtime_protocol", "__dict__", "__args__", "__slots__", "__parameters__",
    "__origin__", "__orig_bases__", "__doc__", "__subclasshook__", "__init__", "__new__",
    "__module__", "__qualname__", "__init_subclass__", "__class_getitem__", "__match_args__",
})


def _protocol_attrs(cls):
    names = set()
    for base in cls.__mro__[:-1]:
        if base.__name__ in ("Protocol", "Generic"):
            continue
        for name in list(base.__dict__) + list(base.__dict__.get("__annotations__", {})):
            if not name.startswith("_abc_") and name not in _PROTOCOL_SPECIAL:
                names.add(name)
    return names


def _checked_by_members(cls):
    """Whether a class is a protocol (checked by the members an object has); a
    TypeError for one that is not @runtime_checkable."""
    if not cls.__dict__.get("_is_protocol", False):
        return False
    if not cls.__dict__.get("_is_runtime_protocol", False):
        raise TypeError("Instance and class checks can only be used with "
                        "@runtime_checkable protocols")
    return True


class _ProtocolMeta(type):
    """isinstance() and issubclass() against a @runtime_checkable protocol look at the
    members an object has, not at its classes."""

    def __instancecheck__(cls, instance):
        if cls in type(instance).__mro__:
            return True
        if not _checked_by_members(cls):
            return False
        for name in _protocol_attrs(cls):
            if not hasattr(instance, name):
                return False
            if callable(getattr(cls, name, None)) and getattr(instance, name) is None:
                return False
        return True

    def __subclasscheck__(cls, other):
        if not isinstance(other, type):
            raise TypeError("issubclass() arg 1 must be a class")
        if cls in other.__mro__:
            return True
        if not _checked_by_members(cls):
            return False
        names = _protocol_attrs(cls)
        if any(not callable(getattr(cls, name, None)) for name in names):
            raise TypeError("Protocols with non-method members don't support issubclass()")
        for name in names:
            for base in other.__mro__:
                if name in base.__dict__:
                    if base.__dict__[name] is None:
                        return False
                    break
            else:
                return False
        return True


class Protocol(Generic, metaclass=_ProtocolMeta):
    """Base class for protocol classes: structural checks with @runtime_checkable."""

    __slots__ = ()
    _is_protocol = True

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        if not cls.__dict__.get("_is_protocol", False):
            cls._is_protocol = any(b is Protocol for b in cls.__bases__)


def runtime_checkable(cls):
    """Lets isinstance() and issubclass() check a protocol structurally."""
    if not (isinstance(cls, type) and cls.__dict__.get("_is_protocol", False)):
        raise TypeError("@runtime_checkable can be only applied to protocol classes, got %r"
                        % (cls,))
    cls._is_runtime_protocol = True
    return cls


# NamedTuple's class form: `class P(NamedTuple)` is made by _NamedTupleMeta from the
# annotations (fields), their values (defaults) and the other names of the body (methods).
_NT_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                            "_field_defaults", "_make", "_replace", "_asdict", "_source"})
_NT_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


def _make_namedtuple(name, fields, defaults, module):
    from collections import namedtuple
    fields = list(fields)
    cls = namedtuple(name, [n for n, _ in fields], defaults=defaults, module=module)
    cls.__annotations__ = dict(fields)
    return cls


class _NamedTupleMeta(type):
    def __new__(meta, typename, bases, ns):
        for base in bases:
            if base is not _NamedTuple and base is not Generic:
                raise TypeError("can only inherit from a NamedTuple type and Generic")
        types = ns.get("__annotations__", {})
        default_names = []
        for field_name in types:
            if field_name in ns:
                default_names.append(field_name)
            elif default_names:
                raise TypeError("Non-default namedtuple field %s cannot follow default field%s %s"
                                % (field_name, "s" if len(default_names) > 1 else "",
                                   ", ".join(default_names)))
        cls = _make_namedtuple(typename, types.items(), [ns[n] for n in default_names],
                               ns.get("__module__", "__main__"))
        for key in ns:
            if key in _NT_PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _NT_SPECIAL and key not in cls._fields:
                setattr(cls, key, ns[key])
        if "__qualname__" in ns:
            cls.__qualname__ = ns["__qualname__"]
        return cls


def NamedTuple(typename, fields=None, /, **kwargs):
    """Typed version of namedtuple: NamedTuple('P', [('x', int)]) or a class body."""
    if fields is None:
        fields = kwargs.items()
    elif kwargs:
        raise TypeError("Either list of fields or keywords can be provided to NamedTuple, "
                        "not both")
    return _make_namedtuple(typename, fields, None, "__main__")


_NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})
NamedTuple.__mro_entries__ = lambda bases: (_NamedTuple,)


class _TypedDictMeta(type):
    def __new__(meta, name, bases, ns, total=True):
        for base in bases:
            if type(base) is not _TypedDictMeta:
                raise TypeError("cannot inherit from both a TypedDict type "
                                "and a non-TypedDict base class")
        tp = type.__new__(_TypedDictMeta, name, (dict,), dict(ns))
        annotations = {}
        required = set()
        optional = set()
        for base in bases:
            annotations.update(base.__dict__.get("__annotations__", {}))
            required.update(base.__dict__.get("__required_keys__", ()))
            optional.update(base.__dict__.get("__optional_keys__", ()))
        own = ns.get("__annotations__", {})
        annotations.update(own)
        for key in own:
            (required if total else optional).add(key)
        tp.__annotations__ = annotations
        tp.__required_keys__ = frozenset(required)
        tp.__optional_keys__ = frozenset(optional)
        tp.__total__ = total
        return tp

    def __init__(cls, name, bases, ns, total=True):
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kwargs):
        return dict(*args, **kwargs)

    def __subclasscheck__(cls, other):
        raise TypeError("TypedDict does not support instance and class checks")

    __instancecheck__ = __subclasscheck__


def TypedDict(typename, fields=None, /, *, total=True, **kwargs):
    """A dict with a fixed set of typed keys; its instances are plain dicts."""
    if fields is None:
        fields = kwargs
    return _TypedDictMeta(typename, (), {"__annotations__": dict(fields),
                                         "__module__": "__main__"}, total=total)


_TypedDict = type.__new__(_TypedDictMeta, "TypedDict", (), {})
TypedDict.__mro_entries__ = lambda bases: (_TypedDict,)


class NewType:
    """NewType('UserId', int): a callable returning its argument unchanged."""

    def __init__(self, name, tp):
        self.__name__ = name
        self.__qualname__ = name
        self.__supertype__ = tp

    def __call__(self, value):
        return value

    def __repr__(self):
        return "__main__.%s" % self.__name__


def cast(typ, val):
    """Returns val unchanged (a hint for type checkers)."""
    return val


# Overloads by module, qualified name and first line (get_overloads reads them).
_overload_registry = {}


def overload(func):
    """Marks an overload signature; calling the stub raises NotImplementedError."""
    code = getattr(func, "__code__", None)
    if code is not None:
        by_name = _overload_registry.setdefault(func.__module__, {})
        by_name.setdefault(func.__qualname__, {})[code.co_firstlineno] = func

    def _overload_dummy(*args, **kwds):
        raise NotImplementedError(
            "You should not call an overloaded function. A series of @overload-decorated "
            "functions outside a stub module should always be followed by an implementation "
            "that is not @overload-ed.")
    return _overload_dummy


def final(f):
    """A decorator saying that a method may not be overridden, or a class not
    subclassed. Checked by type checkers; at run time it gives its argument
    back unchanged.
    """
    return f


def no_type_check(arg):
    """A decorator saying that the annotations of a function (or of every method
    of a class) are not type hints, so type checkers leave it alone.
    """
    if isinstance(arg, type):
        for value in vars(arg).values():
            if type(value) is type(no_type_check):
                try:
                    value.__no_type_check__ = True
                except (AttributeError, TypeError):
                    pass
    try:
        arg.__no_type_check__ = True
    except (AttributeError, TypeError):
        pass
    return arg


def assert_never(arg, /):
    """Say that a line can never be reached: type checkers report a call whose
    argument is not of type Never, and at run time it raises AssertionError.
    """
    raise AssertionError("Expected code to be unreachable, but got: %r" % (arg,))


def reveal_type(obj, /):
    """Have the type checker report the inferred type of its argument; at run
    time it prints the argument's run-time type to stderr and gives the
    argument back unchanged.
    """
    import sys
    sys.stderr.write("Runtime type is %r\n" % type(obj).__name__)
    return obj


def get_origin(tp):
    """The unsubscripted form of tp: get_origin(List[int]) is list."""
    if isinstance(tp, _GenericAlias):
        origin = tp.__origin__
        if isinstance(origin, _SpecialForm):
            return origin.__origin__ or origin
        return origin
    if tp is Generic:
        return Generic
    if type(tp).__name__ == "UnionType":
        return type(tp)
    return None


def get_args(tp):
    """The arguments of a subscripted type: get_args(Dict[str, int]) is (str, int)."""
    if isinstance(tp, _GenericAlias):
        args = tp.__args__
        if tp._name == "Callable" and args and not _is_ellipsis(args[0]):
            return (list(args[:-1]), args[-1])
        return args
    if type(tp).__name__ == "UnionType":
        return tp.__args__
    return ()


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    """The annotations of a function, method, class (its whole MRO) or module, with those
    written as strings evaluated in the namespace they were written in."""
    import sys
    if isinstance(obj, type):
        hints = {}
        for base in reversed(obj.__mro__):
            ann = base.__dict__.get("__annotations__", {})
            if globalns is None:
                module = sys.modules.get(base.__module__)
                base_globals = getattr(module, "__dict__", {})
            else:
                base_globals = globalns
            base_locals = dict(vars(base)) if localns is None else localns
            if localns is None and globalns is None:
                # names are looked up in the module first, as CPython does
                base_globals, base_locals = base_locals, base_globals
            for name, value in ann.items():
                hints[name] = _eval_hint(value, base_globals, base_locals)
        return hints
    if globalns is None:
        if isinstance(obj, type(sys)):
            globalns = obj.__dict__
        else:
            inner = obj
            while hasattr(inner, "__wrapped__"):
                inner = inner.__wrapped__
            globalns = getattr(inner, "__globals__", {})
        if localns is None:
            localns = globalns
    elif localns is None:
        localns = globalns
    hints = getattr(obj, "__annotations__", None)
    if hints is None:
        if callable(obj) or isinstance(obj, type(sys)):
            return {}
        raise TypeError("{!r} is not a module, class, method, or function.".format(obj))
    return {name: _eval_hint(value, globalns, localns) for name, value in hints.items()}


def _eval_hint(value, globalns, localns):
    if value is None:
        return type(None)
    if isinstance(value, str):
        return eval(value, globalns, localns)
    return value
