"""Abstract base classes, as CPython's abc module: `ABCMeta` records a class's abstract
methods (`__abstractmethods__`) when it is made, and `object.__new__` refuses to
instantiate it while any remain; `register` makes
virtual subclasses, and `isinstance`/`issubclass` consult the registry, the subclass hook
and real subclasses, with positive and negative caches. The registry and the caches are
native (`_abc`), as in CPython: `_get_dump(cls)` shows them."""

from _abc import (
    get_cache_token, _abc_init, _abc_register, _abc_instancecheck, _abc_subclasscheck,
    _get_dump, _reset_registry, _reset_caches, _abstract_methods,
)

__all__ = [
    "ABC", "ABCMeta", "abstractmethod", "abstractclassmethod", "abstractstaticmethod",
    "abstractproperty", "get_cache_token", "update_abstractmethods",
]


def abstractmethod(funcobj):
    """Marks a method abstract: a class of ABCMeta that keeps it cannot be instantiated."""
    funcobj.__isabstractmethod__ = True
    return funcobj


class ABCMeta(type):
    """The metaclass of abstract base classes: classes made with it may be derived from
    (as mixins) or have unrelated classes registered as virtual subclasses, which
    `isinstance` and `issubclass` then accept."""

    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        _abc_init(cls)
        return cls

    def register(cls, subclass):
        """Makes `subclass` a virtual subclass of this ABC; returns it (a decorator too)."""
        return _abc_register(cls, subclass)

    def __instancecheck__(cls, instance):
        """isinstance(instance, cls)."""
        return _abc_instancecheck(cls, instance)

    def __subclasscheck__(cls, subclass):
        """issubclass(subclass, cls)."""
        return _abc_subclasscheck(cls, subclass)

    def _dump_registry(cls, file=None):
        """Prints the registry and the caches (for debugging)."""
        print(f"Class: {cls.__module__}.{cls.__qualname__}", file=file)
        print(f"Inv. counter: {get_cache_token()}", file=file)
        registry, cache, negative, version = _get_dump(cls)
        print(f"_abc_registry: {registry!r}", file=file)
        print(f"_abc_cache: {cache!r}", file=file)
        print(f"_abc_negative_cache: {negative!r}", file=file)
        print(f"_abc_negative_cache_version: {version!r}", file=file)

    def _abc_registry_clear(cls):
        """Forgets the virtual subclasses (for debugging or testing)."""
        _reset_registry(cls)

    def _abc_caches_clear(cls):
        """Empties the caches (for debugging or testing)."""
        _reset_caches(cls)


def update_abstractmethods(cls):
    """Recomputes the abstract methods of an ABC after methods were added or replaced;
    returns `cls`. A class without `__abstractmethods__` is left alone."""
    if not hasattr(cls, "__abstractmethods__"):
        return cls
    cls.__abstractmethods__ = _abstract_methods(cls)
    return cls


class ABC(metaclass=ABCMeta):
    """Helper class: derive from it to make an ABC."""

    __slots__ = ()


def abstractclassmethod(func):
    """Deprecated: use classmethod over abstractmethod."""
    func.__isabstractmethod__ = True
    return classmethod(func)


def abstractstaticmethod(func):
    """Deprecated: use staticmethod over abstractmethod."""
    func.__isabstractmethod__ = True
    return staticmethod(func)


class abstractproperty(property):
    """Deprecated: use property over abstractmethod."""

    __isabstractmethod__ = True
