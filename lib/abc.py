"""Abstract base classes, as CPython's abc module: `ABCMeta` records a class's abstract
methods when it is made and refuses to instantiate it while any remain; `register` makes
virtual subclasses, and `isinstance`/`issubclass` consult the registry, the subclass hook
and real subclasses, with positive and negative caches as in CPython."""

__all__ = [
    "ABC", "ABCMeta", "abstractmethod", "abstractclassmethod", "abstractstaticmethod",
    "abstractproperty", "get_cache_token", "update_abstractmethods",
]


# The names in a class's own dict whose values are abstract (`_is_abstract`, with the common
# values settled natively: this runs for every class ABCMeta makes).
from _abc import _abstract_names


def abstractmethod(funcobj):
    """Marks a method abstract: a class of ABCMeta that keeps it cannot be instantiated."""
    funcobj.__isabstractmethod__ = True
    return funcobj


def _is_abstract(value):
    if value is None:
        return False
    if getattr(value, "__isabstractmethod__", False):
        return True
    if isinstance(value, property):
        return any(_is_abstract(f) for f in (value.fget, value.fset, value.fdel))
    if isinstance(value, (classmethod, staticmethod)):
        return _is_abstract(getattr(value, "__func__", None))
    return False


def _abstracts_of(cls):
    abstracts = _abstract_names(cls, _is_abstract)
    for base in cls.__bases__:
        for name in getattr(base, "__abstractmethods__", ()):
            if _is_abstract(getattr(cls, name, None)):
                abstracts.add(name)
    return frozenset(abstracts)


class ABCMeta(type):
    """The metaclass of abstract base classes."""

    # Bumped by every register(): the negative caches made before it are stale.
    _abc_invalidation_counter = 0

    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls.__abstractmethods__ = _abstracts_of(cls)
        cls._abc_registry = set()
        cls._abc_cache = set()
        cls._abc_negative_cache = set()
        cls._abc_negative_cache_version = ABCMeta._abc_invalidation_counter
        return cls

    def __call__(cls, *args, **kwargs):
        abstracts = cls.__dict__.get("__abstractmethods__")
        if abstracts:
            names = sorted(abstracts)
            raise TypeError(
                "Can't instantiate abstract class %s with abstract method%s %s"
                % (cls.__name__, "s" if len(names) > 1 else "", ", ".join(names))
            )
        return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        """Makes `subclass` a virtual subclass of this ABC; returns it (a decorator too)."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        if issubclass(subclass, cls):
            return subclass
        if issubclass(cls, subclass):
            raise RuntimeError("Refusing to create an inheritance cycle")
        cls._abc_registry.add(subclass)
        ABCMeta._abc_invalidation_counter += 1
        return subclass

    def __instancecheck__(cls, instance):
        subclass = instance.__class__
        if subclass in cls._abc_cache:
            return True
        subtype = type(instance)
        if subtype is subclass:
            if (cls._abc_negative_cache_version == ABCMeta._abc_invalidation_counter
                    and subclass in cls._abc_negative_cache):
                return False
            return cls.__subclasscheck__(subclass)
        return any(cls.__subclasscheck__(c) for c in (subclass, subtype))

    def __subclasscheck__(cls, subclass):
        if not isinstance(subclass, type):
            raise TypeError("issubclass() arg 1 must be a class")
        if subclass in cls._abc_cache:
            return True
        if cls._abc_negative_cache_version < ABCMeta._abc_invalidation_counter:
            cls._abc_negative_cache = set()
            cls._abc_negative_cache_version = ABCMeta._abc_invalidation_counter
        elif subclass in cls._abc_negative_cache:
            return False
        hook = getattr(cls, "__subclasshook__", None)
        ok = hook(subclass) if hook is not None else NotImplemented
        if ok is not NotImplemented:
            if ok:
                cls._abc_cache.add(subclass)
            else:
                cls._abc_negative_cache.add(subclass)
            return ok
        if cls in getattr(subclass, "__mro__", ()):
            cls._abc_cache.add(subclass)
            return True
        for rcls in cls._abc_registry:
            if issubclass(subclass, rcls):
                cls._abc_cache.add(subclass)
                return True
        for scls in type.__subclasses__(cls):
            if issubclass(subclass, scls):
                cls._abc_cache.add(subclass)
                return True
        cls._abc_negative_cache.add(subclass)
        return False

    def _dump_registry(cls, file=None):
        print(f"Class: {cls.__module__}.{cls.__qualname__}", file=file)
        print(f"Inv. counter: {get_cache_token()}", file=file)
        for name in ("_abc_registry", "_abc_cache", "_abc_negative_cache",
                     "_abc_negative_cache_version"):
            print(f"{name}: {getattr(cls, name)!r}", file=file)

    def _abc_registry_clear(cls):
        cls._abc_registry.clear()

    def _abc_caches_clear(cls):
        cls._abc_cache.clear()
        cls._abc_negative_cache.clear()


def update_abstractmethods(cls):
    """Recomputes the abstract methods of an ABC after methods were added or replaced."""
    if not hasattr(cls, "__abstractmethods__"):
        return cls
    cls.__abstractmethods__ = _abstracts_of(cls)
    return cls


def get_cache_token():
    """A token that changes when virtual subclasses are registered."""
    return ABCMeta._abc_invalidation_counter


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
