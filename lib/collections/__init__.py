"""Container types beyond the built-ins (as CPython's collections module).

defaultdict, OrderedDict, Counter, ChainMap and UserDict are plain classes that keep their
items in an inner dict and forward the built-in's protocol to it: they behave like the built-in
for ordinary use, but isinstance(obj, dict) is False. namedtuple classes subclass tuple.
"""

from _collections import deque
import operator as _operator
from _generic_alias import GenericAlias as _GenericAlias
import sys as _sys

__all__ = [
    "ChainMap", "Counter", "OrderedDict", "UserDict", "UserList", "UserString",
    "defaultdict", "deque", "namedtuple",
]

_MISSING = object()


def _type_name(obj):
    return type(obj).__name__


class _DictBase:
    """The dict protocol over the inner dict self._m (shared by the dict-like classes)."""

    __class_getitem__ = classmethod(_GenericAlias)

    def __getitem__(self, key):
        m = self._m
        if key in m:
            return m[key]
        missing = getattr(type(self), "__missing__", None)
        if missing is None:
            raise KeyError(key)
        return missing(self, key)

    def __setitem__(self, key, value):
        self._m[key] = value

    def __delitem__(self, key):
        del self._m[key]

    def __contains__(self, key):
        return key in self._m

    def __len__(self):
        return len(self._m)

    def __iter__(self):
        return iter(self._m)

    def __reversed__(self):
        return reversed(self._m)

    def keys(self):
        return self._m.keys()

    def values(self):
        return self._m.values()

    def items(self):
        return self._m.items()

    def get(self, key, default=None):
        return self._m.get(key, default)

    def pop(self, key, default=_MISSING):
        if default is _MISSING:
            return self._m.pop(key)
        return self._m.pop(key, default)

    def popitem(self):
        return self._m.popitem()

    def setdefault(self, key, default=None):
        return self._m.setdefault(key, default)

    def update(self, other=(), **kwargs):
        self._m.update(other, **kwargs)

    def clear(self):
        self._m.clear()

    def __eq__(self, other):
        if isinstance(other, _DictBase):
            return self._m == other._m
        if isinstance(other, dict):
            return self._m == other
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def __or__(self, other):
        if not isinstance(other, (dict, _DictBase)):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, (dict, _DictBase)):
            return NotImplemented
        new = self.copy()
        new._m = dict(other)
        new._m.update(self._m)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


# ---------------------------------------------------------------- defaultdict

class defaultdict(_DictBase):
    """A dict that calls default_factory to make the value of a missing key."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self.default_factory = default_factory
        self._m = dict(*args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._m[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self._m)

    __copy__ = copy

    def __repr__(self):
        factory = self.default_factory
        return "defaultdict(%s, %r)" % ("None" if factory is None else repr(factory), self._m)

    @classmethod
    def fromkeys(cls, iterable, value=None):
        return cls(None, dict.fromkeys(iterable, value))


# ---------------------------------------------------------------- OrderedDict

class OrderedDict(_DictBase):
    """A dict that remembers insertion order and can reorder its keys."""

    def __init__(self, other=(), **kwargs):
        self._m = {}
        self.update(other, **kwargs)

    def update(self, other=(), **kwargs):
        if hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def popitem(self, last=True):
        m = self._m
        if not m:
            raise KeyError("dictionary is empty")
        key = next(reversed(m)) if last else next(iter(m))
        return key, m.pop(key)

    def move_to_end(self, key, last=True):
        m = self._m
        value = m.pop(key)
        if last:
            m[key] = value
        else:
            rest = list(m.items())
            m.clear()
            m[key] = value
            m.update(rest)

    def copy(self):
        return type(self)(self)

    __copy__ = copy

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return self._m == other._m and list(self._m) == list(other._m)
        return _DictBase.__eq__(self, other)

    def __repr__(self):
        if not self._m:
            return "%s()" % _type_name(self)
        return "%s(%r)" % (_type_name(self), list(self._m.items()))

    @classmethod
    def fromkeys(cls, iterable, value=None):
        new = cls()
        for key in iterable:
            new[key] = value
        return new


# ---------------------------------------------------------------- Counter

class Counter(_DictBase):
    """A dict that counts hashable things: missing keys count zero."""

    def __init__(self, iterable=None, **kwargs):
        self._m = {}
        self.update(iterable, **kwargs)

    def __missing__(self, key):
        return 0

    def __delitem__(self, key):
        if key in self._m:
            del self._m[key]

    def total(self):
        return sum(self._m.values())

    def most_common(self, n=None):
        items = sorted(self._m.items(), key=_operator.itemgetter(1), reverse=True)
        if n is None:
            return items
        return items[:max(n, 0)]

    def elements(self):
        for elem, count in self._m.items():
            for _ in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError(
            "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, **kwargs):
        m = self._m
        if iterable is not None:
            if hasattr(iterable, "keys"):
                for elem in iterable.keys():
                    m[elem] = m.get(elem, 0) + iterable[elem]
            else:
                for elem in iterable:
                    m[elem] = m.get(elem, 0) + 1
        for elem, count in kwargs.items():
            m[elem] = m.get(elem, 0) + count

    def subtract(self, iterable=None, **kwargs):
        m = self._m
        if iterable is not None:
            if hasattr(iterable, "keys"):
                for elem in iterable.keys():
                    m[elem] = m.get(elem, 0) - iterable[elem]
            else:
                for elem in iterable:
                    m[elem] = m.get(elem, 0) - 1
        for elem, count in kwargs.items():
            m[elem] = m.get(elem, 0) - count

    def copy(self):
        return type(self)(self)

    __copy__ = copy

    def __repr__(self):
        if not self._m:
            return "%s()" % _type_name(self)
        try:
            body = repr(dict(self.most_common()))
        except TypeError:
            body = repr(self._m)
        return "%s(%s)" % (_type_name(self), body)

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] == other[e] for c in (self, other) for e in c._m)

    def __le__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] <= other[e] for c in (self, other) for e in c._m)

    def __lt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] >= other[e] for c in (self, other) for e in c._m)

    def __gt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self >= other and self != other

    def _combine(self, other, pick):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem in self._m:
            count = pick(self._m[elem], other[elem])
            if count > 0:
                result._m[elem] = count
        for elem in other._m:
            if elem not in self._m:
                count = pick(0, other._m[elem])
                if count > 0:
                    result._m[elem] = count
        return result

    def __add__(self, other):
        return self._combine(other, _operator.add)

    def __sub__(self, other):
        return self._combine(other, _operator.sub)

    def __or__(self, other):
        return self._combine(other, max)

    def __and__(self, other):
        return self._combine(other, min)

    def __pos__(self):
        result = Counter()
        for elem, count in self._m.items():
            if count > 0:
                result._m[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self._m.items():
            if count < 0:
                result._m[elem] = 0 - count
        return result

    def _keep_positive(self):
        for elem in [e for e, c in self._m.items() if not c > 0]:
            del self._m[elem]
        return self

    def __iadd__(self, other):
        for elem, count in other.items():
            self._m[elem] = self[elem] + count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self._m[elem] = self[elem] - count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, count in other.items():
            if count > self[elem]:
                self._m[elem] = count
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in list(self._m.items()):
            other_count = other[elem]
            if other_count < count:
                self._m[elem] = other_count
        return self._keep_positive()


# ---------------------------------------------------------------- ChainMap

class ChainMap(_DictBase):
    """Several mappings seen as one: lookups search them in order, writes go to the first."""

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def _get_m(self):
        return self.maps[0]

    _m = property(_get_m)

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        missing = getattr(type(self), "__missing__", None)
        if missing is None:
            raise KeyError(key)
        return missing(self, key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        merged = {}
        for mapping in reversed(self.maps):
            merged.update(dict.fromkeys(mapping))
        return iter(merged)

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def keys(self):
        return list(self)

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]

    def __repr__(self):
        return "%s(%s)" % (_type_name(self), ", ".join(map(repr, self.maps)))

    @classmethod
    def fromkeys(cls, iterable, *args):
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        return type(self)(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return type(self)(m, *self.maps)

    def _get_parents(self):
        return type(self)(*self.maps[1:])

    parents = property(_get_parents)

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: {!r}".format(key))

    def popitem(self):
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError("No keys found in the first mapping.")

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError("Key not found in the first mapping: {!r}".format(key))

    def clear(self):
        self.maps[0].clear()

    def __eq__(self, other):
        if isinstance(other, (dict, _DictBase)):
            return dict(self.items()) == dict(other.items())
        return NotImplemented


# ---------------------------------------------------------------- UserDict / UserList / UserString

class UserDict(_DictBase):
    """A dict wrapper for subclassing: the items live in self.data."""

    def __init__(self, dict=None, **kwargs):
        self.data = {}
        if dict is not None:
            self.update(dict)
        if kwargs:
            self.update(kwargs)

    def _get_m(self):
        return self.data

    _m = property(_get_m)

    def update(self, other=(), **kwargs):
        if hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return default

    def __repr__(self):
        return repr(self.data)

    def copy(self):
        new = type(self)()
        new.data = self.data.copy()
        for key, value in vars(self).items():
            if key != "data":
                setattr(new, key, value)
        return new

    __copy__ = copy

    @classmethod
    def fromkeys(cls, iterable, value=None):
        new = cls()
        for key in iterable:
            new[key] = value
        return new


from collections._userlist import UserList, UserString  # noqa: E402


# ---------------------------------------------------------------- namedtuple

from collections._namedtuple import namedtuple  # noqa: E402
