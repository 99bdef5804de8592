"""The parts of `typing` programs use less often, imported by `typing.__getattr__` when one
is first read: the IO classes, ForwardRef, the objects of ParamSpec's args and kwargs,
TypeVarTuple, and the helpers assert_type, dataclass_transform, get_overloads,
clear_overloads, is_typeddict and no_type_check_decorator."""

import typing
from typing import Generic, AnyStr, Unpack, _TypedDictMeta, _overload_registry


class IO(Generic[AnyStr]):
    """The interface of a file object (what open() returns), generic in the type it
    reads and writes: str for TextIO, bytes for BinaryIO."""

    __module__ = "typing"

    __slots__ = ()

    @property
    def mode(self):
        pass

    @property
    def name(self):
        pass

    def close(self):
        pass

    @property
    def closed(self):
        pass

    def fileno(self):
        pass

    def flush(self):
        pass

    def isatty(self):
        pass

    def read(self, n=-1):
        pass

    def readable(self):
        pass

    def readline(self, limit=-1):
        pass

    def readlines(self, hint=-1):
        pass

    def seek(self, offset, whence=0):
        pass

    def seekable(self):
        pass

    def tell(self):
        pass

    def truncate(self, size=None):
        pass

    def writable(self):
        pass

    def write(self, s):
        pass

    def writelines(self, lines):
        pass

    def __enter__(self):
        pass

    def __exit__(self, type, value, traceback):
        pass


class BinaryIO(IO[bytes]):
    """The interface of a file object reading and writing bytes."""

    __module__ = "typing"

    __slots__ = ()


class TextIO(IO[str]):
    """The interface of a file object reading and writing str."""

    __module__ = "typing"

    __slots__ = ()

    @property
    def buffer(self):
        pass

    @property
    def encoding(self):
        pass

    @property
    def errors(self):
        pass

    @property
    def line_buffering(self):
        pass

    @property
    def newlines(self):
        pass


class ForwardRef:
    """A type named by a string, to be evaluated later (an annotation written as 'Node')."""

    __module__ = "typing"

    def __init__(self, arg, is_argument=True, module=None, *, is_class=False):
        if not isinstance(arg, str):
            raise TypeError(f"Forward reference must be a string -- got {arg!r}")
        try:
            compile(arg, "<string>", "eval")
        except SyntaxError:
            raise SyntaxError(f"Forward reference must be an expression -- got {arg!r}")
        self.__forward_arg__ = arg
        self.__forward_evaluated__ = False
        self.__forward_value__ = None
        self.__forward_is_argument__ = is_argument
        self.__forward_is_class__ = is_class
        self.__forward_module__ = module

    def __eq__(self, other):
        if not isinstance(other, ForwardRef):
            return NotImplemented
        return (self.__forward_arg__ == other.__forward_arg__
                and self.__forward_module__ == other.__forward_module__)

    def __hash__(self):
        return hash((self.__forward_arg__, self.__forward_module__))

    def __or__(self, other):
        return typing.Union[self, other]

    def __ror__(self, other):
        return typing.Union[other, self]

    def __repr__(self):
        module = "" if self.__forward_module__ is None else \
            f", module={self.__forward_module__!r}"
        return f"ForwardRef({self.__forward_arg__!r}{module})"


class ParamSpecArgs:
    """P.args of a ParamSpec P: the type of a function's *args."""

    __module__ = "typing"

    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return f"{self.__origin__.__name__}.args"

    def __eq__(self, other):
        if not isinstance(other, ParamSpecArgs):
            return NotImplemented
        return self.__origin__ == other.__origin__

    def __hash__(self):
        return hash((ParamSpecArgs, id(self.__origin__)))


class ParamSpecKwargs:
    """P.kwargs of a ParamSpec P: the type of a function's **kwargs."""

    __module__ = "typing"

    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return f"{self.__origin__.__name__}.kwargs"

    def __eq__(self, other):
        if not isinstance(other, ParamSpecKwargs):
            return NotImplemented
        return self.__origin__ == other.__origin__

    def __hash__(self):
        return hash((ParamSpecKwargs, id(self.__origin__)))


class TypeVarTuple:
    """A variadic type variable, standing for any number of types: TypeVarTuple('Ts'),
    used unpacked (*Ts, Unpack[Ts])."""

    __module__ = "typing"

    def __init__(self, name):
        self.__name__ = name

    def __iter__(self):
        yield Unpack[self]

    def __repr__(self):
        return self.__name__


def assert_type(val, typ, /):
    """Returns val: a type checker checks that it is of type typ."""
    return val


def dataclass_transform(*, eq_default=True, order_default=False, kw_only_default=False,
                        field_specifiers=(), **kwargs):
    """Decorator for a function, class or metaclass that makes dataclass-like classes:
    records the defaults it gives as __dataclass_transform__, for type checkers."""

    def decorator(cls_or_fn):
        cls_or_fn.__dataclass_transform__ = {
            "eq_default": eq_default,
            "order_default": order_default,
            "kw_only_default": kw_only_default,
            "field_specifiers": field_specifiers,
            "kwargs": kwargs,
        }
        return cls_or_fn

    return decorator


def get_overloads(func):
    """The @overload-decorated definitions of func, in the order they were made."""
    func = getattr(func, "__func__", func)
    module = getattr(func, "__module__", None)
    if module not in _overload_registry:
        return []
    by_line = _overload_registry[module].get(func.__qualname__, {})
    return list(by_line.values())


def clear_overloads():
    """Forgets every overload get_overloads() knows."""
    _overload_registry.clear()


def is_typeddict(tp):
    """Whether tp is a class made by TypedDict."""
    return isinstance(tp, _TypedDictMeta)


def no_type_check_decorator(decorator):
    """Makes decorator's results no_type_check functions."""
    import functools

    @functools.wraps(decorator)
    def wrapped_decorator(*args, **kwds):
        return typing.no_type_check(decorator(*args, **kwds))

    return wrapped_decorator
