"""Names for the interpreter's built-in types, SimpleNamespace and dynamic class creation
(as CPython's types module)."""

import sys as _sys

__all__ = [
    "FunctionType", "LambdaType", "MethodType", "BuiltinFunctionType", "BuiltinMethodType",
    "ModuleType", "GeneratorType", "NoneType", "EllipsisType", "NotImplementedType",
    "SimpleNamespace", "new_class", "resolve_bases", "prepare_class", "coroutine",
    "DynamicClassAttribute", "MappingProxyType", "CellType", "TracebackType", "FrameType",
    "CodeType", "GenericAlias", "UnionType", "CoroutineType", "AsyncGeneratorType",
    "MethodDescriptorType", "WrapperDescriptorType", "MethodWrapperType",
    "ClassMethodDescriptorType", "GetSetDescriptorType", "MemberDescriptorType",
]


def _f():
    pass


def _g():
    yield 1


class _C:
    def _m(self):
        pass


FunctionType = type(_f)
LambdaType = type(lambda: None)
MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
ModuleType = type(_sys)
GeneratorType = type(_g())
NoneType = type(None)
CodeType = type(_f.__code__)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)
MappingProxyType = type(type.__dict__) if hasattr(type, "__dict__") else dict
DynamicClassAttribute = property


def _cell_type():
    x = 1

    def inner():
        return x
    closure = getattr(inner, "__closure__", None)
    return type(closure[0]) if closure else None


CellType = _cell_type()


def _traceback_type():
    try:
        raise ValueError
    except ValueError as exc:
        return type(getattr(exc, "__traceback__", None))


TracebackType = _traceback_type()


async def _coroutine():
    pass


async def _async_generator():
    yield 1


_made = _coroutine()
CoroutineType = type(_made)
_made.close()
AsyncGeneratorType = type(_async_generator())

# The types of the built-in types' own callables and attributes. minipy makes one kind of
# native callable for all of them (a method of `str`, a slot wrapper of `object`, a bound
# slot of an int are all builtin_function_or_method), and a native attribute of a class
# (`int.numerator`, `complex.real`) is a property; so these are those types.
MethodDescriptorType = type(str.join)
WrapperDescriptorType = type(object.__init__)
MethodWrapperType = type(object().__str__)
ClassMethodDescriptorType = type(dict.__dict__["fromkeys"])
GetSetDescriptorType = type(int.__dict__["numerator"])
MemberDescriptorType = type(complex.__dict__["real"])
FrameType = type(_sys._getframe())
del _f, _g, _C, _cell_type, _traceback_type, _coroutine, _async_generator, _made


class SimpleNamespace:
    """An object whose attributes are the keyword arguments it was made with."""

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self):
        name = "namespace" if type(self) is SimpleNamespace else type(self).__name__
        items = ("%s=%r" % (k, v) for k, v in vars(self).items())
        return "%s(%s)" % (name, ", ".join(items))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return vars(self) == vars(other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None


def resolve_bases(bases):
    """Replaces bases that define __mro_entries__ by what it returns."""
    new_bases = []
    for base in bases:
        if isinstance(base, type):
            new_bases.append(base)
            continue
        entries = getattr(base, "__mro_entries__", None)
        if entries is None:
            new_bases.append(base)
        else:
            new_bases.extend(entries(bases))
    return tuple(new_bases)


def prepare_class(name, bases=(), kwds=None):
    """Returns (metaclass, namespace, kwds) for a class about to be created."""
    kwds = dict(kwds) if kwds else {}
    meta = kwds.pop("metaclass", type(bases[0]) if bases else type)
    prepare = getattr(meta, "__prepare__", None)
    ns = prepare(name, bases, **kwds) if prepare is not None else {}
    return meta, ns, kwds


def new_class(name, bases=(), kwds=None, exec_body=None):
    """Creates a class dynamically: exec_body(ns) fills the namespace first."""
    resolved = resolve_bases(bases)
    meta, ns, kwds = prepare_class(name, resolved, kwds)
    if exec_body is not None:
        exec_body(ns)
    return meta(name, resolved, ns, **kwds)


class _GeneratorWrapper:
    """A generator made awaitable by `coroutine`: `await` drives the generator itself."""

    def __init__(self, gen):
        self.__wrapped = gen
        self.__name__ = getattr(gen, "__name__", None)
        self.__qualname__ = getattr(gen, "__qualname__", None)

    def send(self, val):
        return self.__wrapped.send(val)

    def throw(self, tp, *rest):
        return self.__wrapped.throw(tp, *rest)

    def close(self):
        return self.__wrapped.close()

    def __next__(self):
        return next(self.__wrapped)

    def __iter__(self):
        return self.__wrapped

    __await__ = __iter__


def coroutine(func):
    """Makes a generator-based coroutine: the generator func returns can be awaited."""
    if not callable(func):
        raise TypeError('types.coroutine() expects a callable')

    def wrapped(*args, **kwargs):
        result = func(*args, **kwargs)
        if type(result) is GeneratorType:
            return _GeneratorWrapper(result)
        return result

    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(wrapped, attr, getattr(func, attr))
        except AttributeError:
            pass
    wrapped.__wrapped__ = func
    return wrapped


# What `list[int]` and `int | str` make.
from _generic_alias import GenericAlias, UnionType  # noqa: E402,F401
