"""Abstract base classes (as CPython's abc module, within what minipy supports).

minipy does not run metaclasses yet, so ABCMeta cannot hook class creation or isinstance.
Instead ABC checks for abstract methods when an instance is made (in ABC.__new__), which
gives CPython's TypeError for ordinary use: derive from ABC, not metaclass=ABCMeta.
register() records virtual subclasses, but isinstance/issubclass do not consult them yet.
"""

__all__ = [
    "ABC", "ABCMeta", "abstractmethod", "abstractclassmethod", "abstractstaticmethod",
    "abstractproperty", "get_cache_token", "update_abstractmethods",
]

# Functions marked by abstractmethod (functions take no attributes in minipy yet, so the
# mark lives here instead of in __isabstractmethod__).
_marked = set()
# Their qualified names: a classmethod or staticmethod object does not show its function.
_marked_names = set()
# Class -> frozenset of its abstract method names, computed on first instantiation.
_abstract_cache = {}


def abstractmethod(funcobj):
    """Marks a method abstract: a class of ABC that keeps it cannot be instantiated."""
    try:
        funcobj.__isabstractmethod__ = True
    except (AttributeError, TypeError):
        pass
    _marked.add(funcobj)
    qualname = getattr(funcobj, "__qualname__", None)
    if qualname is not None:
        _marked_names.add(qualname)
    return funcobj


def _is_abstract(value, qualname):
    if value is None:
        return False
    try:
        if value in _marked:
            return True
    except TypeError:
        return False
    if isinstance(value, property):
        return any(_is_abstract(getattr(value, name, None), qualname)
                   for name in ("fget", "fset", "fdel"))
    if isinstance(value, (classmethod, staticmethod)):
        inner = getattr(value, "__func__", None)
        if inner is not None:
            return _is_abstract(inner, qualname)
        return qualname in _marked_names
    return getattr(value, "__isabstractmethod__", False) is True


def _compute_abstracts(cls):
    decided = set()
    abstracts = set()
    for klass in cls.__mro__:
        for name, value in klass.__dict__.items():
            if name in decided:
                continue
            decided.add(name)
            if _is_abstract(value, "%s.%s" % (klass.__qualname__, name)):
                abstracts.add(name)
    return frozenset(abstracts)


def update_abstractmethods(cls):
    """Recomputes the abstract methods of cls (after methods were added or replaced)."""
    _abstract_cache[cls] = _compute_abstracts(cls)
    return cls


class ABCMeta(type):
    """The metaclass of ABCs in CPython; here a marker (derive from ABC instead)."""

    def register(cls, subclass):
        ABC._registry.setdefault(cls, []).append(subclass)
        return subclass


class ABC:
    """Helper base class: its subclasses cannot be instantiated while methods are abstract."""

    _registry = {}

    def __new__(cls, *args, **kwargs):
        abstracts = _abstract_cache.get(cls)
        if abstracts is None:
            abstracts = _abstract_cache[cls] = _compute_abstracts(cls)
        if abstracts:
            names = sorted(abstracts)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "s" if len(names) > 1 else "", ", ".join(names)))
        return object.__new__(cls)

    @classmethod
    def register(cls, subclass):
        """Records subclass as a virtual subclass of cls (not consulted by isinstance yet)."""
        ABC._registry.setdefault(cls, []).append(subclass)
        return subclass


def abstractclassmethod(func):
    """Deprecated: use classmethod over abstractmethod."""
    abstractmethod(func)
    return classmethod(func)


def abstractstaticmethod(func):
    """Deprecated: use staticmethod over abstractmethod."""
    abstractmethod(func)
    return staticmethod(func)


def abstractproperty(fget=None, fset=None, fdel=None, doc=None):
    """Deprecated: use property over abstractmethod."""
    if fget is not None:
        abstractmethod(fget)
    return property(fget, fset, fdel, doc)


def get_cache_token():
    """A token that changes when virtual subclasses are registered."""
    return sum(len(v) for v in ABC._registry.values())
