"""`types.GenericAlias`: what subscripting a generic built-in class gives (`list[int]`).

The alias records the class (`__origin__`) and the arguments (`__args__`); calling it makes an
instance of the class, and it stands for the class as a base (`class A(list[int])`).
"""


def _type_repr(obj):
    if obj is ...:
        return "..."
    if obj is type(None):
        return "None"
    if isinstance(obj, type) and not isinstance(obj, GenericAlias):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return f"{obj.__module__}.{obj.__qualname__}"
    return repr(obj)


class GenericAlias:
    """A built-in class subscripted with types (PEP 585): list[int] keeps list as its
__origin__ and (int,) as its __args__."""

    __module__ = "types"

    def __init__(self, origin, args):
        if not isinstance(args, tuple):
            args = (args,)
        object.__setattr__(self, "__origin__", origin)
        object.__setattr__(self, "__args__", args)
        object.__setattr__(self, "__parameters__", ())

    def __repr__(self):
        if not self.__args__:
            args = "()"
        else:
            args = ", ".join(_type_repr(a) for a in self.__args__)
        return f"{_type_repr(self.__origin__)}[{args}]"

    def __call__(self, *args, **kwargs):
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except Exception:
            pass
        return result

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(self.__origin__, name)

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __eq__(self, other):
        if not isinstance(other, GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash(self.__origin__) ^ hash(self.__args__)

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)

    def __instancecheck__(self, obj):
        raise TypeError("isinstance() argument 2 cannot be a parameterized generic")

    def __subclasscheck__(self, cls):
        raise TypeError("issubclass() argument 2 cannot be a parameterized generic")


class _CallableGenericAlias(GenericAlias):
    """`collections.abc.Callable[[int, str], bool]`: the argument types are flattened into
    `__args__` with the result last, and shown in brackets again by repr."""

    def __init__(self, origin, args):
        if not (isinstance(args, tuple) and len(args) == 2):
            raise TypeError("Callable must be used as Callable[[arg, ...], result].")
        params, result = args
        if isinstance(params, (list, tuple)):
            args = (*params, result)
        elif params is not ...:
            raise TypeError("Expected a list of types, an ellipsis, ParamSpec, or Concatenate."
                            f" Got {params!r}")
        GenericAlias.__init__(self, origin, args)

    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and args[0] is ...:
            return f"{_type_repr(self.__origin__)}[..., {_type_repr(args[1])}]"
        params = ", ".join(_type_repr(a) for a in args[:-1])
        return f"{_type_repr(self.__origin__)}[[{params}], {_type_repr(args[-1])}]"


def _unionable(obj):
    return obj is None or isinstance(obj, (type, GenericAlias, UnionType))


def _union_or(left, right):
    """`left | right` for types (`type.__or__` and `__ror__`, and the aliases' own): a
    `types.UnionType`, or NotImplemented."""
    if not (_unionable(left) and _unionable(right)):
        return NotImplemented
    args = []
    for side in (left, right):
        items = side.__args__ if isinstance(side, UnionType) else (side,)
        for item in items:
            if item is None:
                item = type(None)
            if item not in args:
                args.append(item)
    if len(args) == 1:
        return args[0]
    return UnionType(tuple(args))


class UnionType:
    """The union of types written with | (PEP 604), such as int | str."""

    __module__ = "types"

    def __init__(self, args):
        object.__setattr__(self, "__args__", args)
        object.__setattr__(self, "__parameters__", ())

    def __repr__(self):
        return " | ".join(_type_repr(a) for a in self.__args__)

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __eq__(self, other):
        if isinstance(other, UnionType):
            return set(self.__args__) == set(other.__args__)
        if type(other).__name__ == "_GenericAlias" and getattr(other, "_name", None) == "Union":
            return set(self.__args__) == set(other.__args__)
        return NotImplemented

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)

    def __instancecheck__(self, obj):
        for arg in self.__args__:
            if isinstance(arg, GenericAlias):
                raise TypeError("isinstance() argument 2 cannot be a parameterized generic")
            if isinstance(obj, arg):
                return True
        return False

    def __subclasscheck__(self, cls):
        for arg in self.__args__:
            if isinstance(arg, GenericAlias):
                raise TypeError("issubclass() argument 2 cannot be a parameterized generic")
            if issubclass(cls, arg):
                return True
        return False
