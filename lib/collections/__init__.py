"""Container types beyond the built-ins (as CPython's collections module).

defaultdict, OrderedDict and Counter subclass dict, as CPython's do. ChainMap and UserDict
(MutableMappings in CPython, not dicts) keep their items in other dicts and forward the
mapping protocol to them. namedtuple classes subclass tuple.
"""

from _collections import deque, _count_elements
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
        """A set-like view of the keys."""
        return self._m.keys()

    def values(self):
        """A view of the values."""
        return self._m.values()

    def items(self):
        """A set-like view of the (key, value) pairs."""
        return self._m.items()

    def get(self, key, default=None):
        """The value of key k, or d (None by default) when k is missing."""
        return self._m.get(key, default)

    def pop(self, key, default=_MISSING):
        """Remove key k and give its value; with k missing, give d when it is
        given, else raise KeyError.
        """
        if default is _MISSING:
            return self._m.pop(key)
        return self._m.pop(key, default)

    def popitem(self):
        """Remove some (key, value) pair and give it; KeyError when empty."""
        return self._m.popitem()

    def setdefault(self, key, default=None):
        """The value of key k; when k is missing, first store d (None by default)
        under it.
        """
        return self._m.setdefault(key, default)

    def update(self, other=(), **kwargs):
        """Add the items of E (a mapping, or an iterable of pairs), then the
        keyword arguments, replacing the values of keys already there.
        """
        self._m.update(other, **kwargs)

    def clear(self):
        """Remove every item."""
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

class defaultdict(dict):
    """defaultdict(default_factory=None, /, ...) -> a dict that makes missing values

    A dict subclass whose __missing__ calls default_factory() to make (and store) the value
    of a missing key; with default_factory None, a missing key is a KeyError as in a dict.
    """

    __slots__ = ("default_factory",)

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        value = factory()
        self[key] = value
        return value

    def __repr__(self):
        factory = self.default_factory
        return "%s(%s, %s)" % (
            _type_name(self), "None" if factory is None else repr(factory), dict.__repr__(self))

    def copy(self):
        """A shallow copy, with the same default_factory."""
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        factory = self.default_factory
        return type(self), (() if factory is None else (factory,)), None, None, iter(self.items())

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new


# ---------------------------------------------------------------- OrderedDict

_od_views = None


def _odict_views():
    """odict_keys, odict_values and odict_items: dict views with the ordered dict's names,
    made on first use (they need collections.abc)."""
    global _od_views
    if _od_views is None:
        from collections.abc import KeysView, ValuesView, ItemsView

        def view_repr(self):
            return "%s(%r)" % (_type_name(self), list(self))

        def view_reversed(self):
            return self._reversed()

        class odict_keys(KeysView):
            __slots__ = ()
            __repr__ = view_repr
            __reversed__ = view_reversed

            def _reversed(self):
                return reversed(self._mapping)

        class odict_values(ValuesView):
            __slots__ = ()
            __repr__ = view_repr
            __reversed__ = view_reversed

            def _reversed(self):
                m = self._mapping
                return (m[k] for k in reversed(m))

        class odict_items(ItemsView):
            __slots__ = ()
            __repr__ = view_repr
            __reversed__ = view_reversed

            def _reversed(self):
                m = self._mapping
                return ((k, m[k]) for k in reversed(m))

        for cls in (odict_keys, odict_values, odict_items):
            cls.__module__ = "builtins"
        _od_views = odict_keys, odict_values, odict_items
    return _od_views


class OrderedDict(dict):
    """A dict subclass that can reorder its keys (move_to_end, popitem(last=False)) and whose
    equality with another OrderedDict depends on the order."""

    def __init__(self, other=(), /, **kwargs):
        self.update(other, **kwargs)

    def update(self, other=(), /, **kwargs):
        """Add the items of E (a mapping, or an iterable of pairs), then the
        keyword arguments; keys not there yet go at the end.
        """
        # Item by item, so a subclass's __setitem__ sees each one (as MutableMapping.update).
        if isinstance(other, dict) and type(other).keys is dict.keys:
            for key in other:
                self[key] = other[key]
        elif hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def popitem(self, last=True):
        """Remove a (key, value) pair and give it: the last one added when last is
        true, else the first.
        """
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(self)) if last else next(iter(self))
        return key, dict.pop(self, key)

    def move_to_end(self, key, last=True):
        """Move an existing key to the end (to the start when last is false);
        KeyError when the key is missing.
        """
        value = dict.pop(self, key)
        if last:
            dict.__setitem__(self, key, value)
            return
        rest = list(dict.items(self))
        dict.clear(self)
        dict.__setitem__(self, key, value)
        dict.update(self, rest)

    def keys(self):
        """A set-like view of the keys."""
        return _odict_views()[0](self)

    def values(self):
        """A view of the values."""
        return _odict_views()[1](self)

    def items(self):
        """A set-like view of the (key, value) pairs."""
        return _odict_views()[2](self)

    def setdefault(self, key, default=None):
        """The value of key if it is there; else insert key with the value default
        and give default.
        """
        if key in self:
            return self[key]
        self[key] = default
        return default

    def copy(self):
        """A shallow copy of the ordered dict, in the same order."""
        return type(self)(self)

    __copy__ = copy

    def __reduce__(self):
        state = getattr(self, "__dict__", None) or None
        return type(self), (), state, None, iter(dict.items(self))

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return dict.__eq__(self, other) and all(a == b for a, b in zip(self, other))
        return dict.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def __repr__(self):
        if not self:
            return "%s()" % _type_name(self)
        return "%s(%r)" % (_type_name(self), list(dict.items(self)))

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self

    @classmethod
    def fromkeys(cls, iterable, value=None):
        """A new ordered dict with the keys of the iterable, each with the given
        value.
        """
        new = cls()
        for key in iterable:
            new[key] = value
        return new


# ---------------------------------------------------------------- Counter

def _is_mapping(obj):
    if isinstance(obj, dict):
        return True
    from collections.abc import Mapping
    return isinstance(obj, Mapping)


class Counter(dict):
    """A dict subclass that counts hashable things: Counter('abca') maps each element to its
    count, and a missing element counts zero."""

    def __init__(self, iterable=None, /, **kwargs):
        self.update(iterable, **kwargs)

    def __missing__(self, key):
        return 0

    def total(self):
        """The sum of the counts."""
        return sum(self.values())

    def most_common(self, n=None):
        """The n most common elements and their counts, most common first, as a
        list of pairs; all of them when n is None. Equal counts keep the order
        the elements were first met.
        """
        ranked = sorted(self.items(), key=_operator.itemgetter(1), reverse=True)
        if n is None:
            return ranked
        return ranked[:max(n, 0)]

    def elements(self):
        """An iterator over the elements, each repeated as many times as its count;
        elements with a count below one are left out.
        """
        for elem, count in self.items():
            for _ in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        """Not supported by Counter: use Counter(iterable) instead."""
        raise NotImplementedError(
            "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, /, **kwargs):
        """Add counts, from an iterable of elements or a mapping of counts (and the
        keyword arguments), to those already there.
        """
        if iterable is not None:
            if _is_mapping(iterable):
                if self:
                    get = self.get
                    for elem, count in iterable.items():
                        self[elem] = count + get(elem, 0)
                else:
                    dict.update(self, iterable)
            else:
                _count_elements(self, iterable)
        if kwargs:
            self.update(kwargs)

    def subtract(self, iterable=None, /, **kwargs):
        """Take away counts, from an iterable of elements or a mapping of counts
        (and the keyword arguments), from those already there; counts may go to
        zero or below.
        """
        if iterable is not None:
            get = self.get
            if _is_mapping(iterable):
                for elem, count in iterable.items():
                    self[elem] = get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = get(elem, 0) - 1
        if kwargs:
            self.subtract(kwargs)

    def copy(self):
        """A shallow copy of the counter."""
        return type(self)(self)

    __copy__ = copy

    def __reduce__(self):
        return type(self), (dict(self),)

    def __delitem__(self, elem):
        if elem in self:
            dict.__delitem__(self, elem)

    def __repr__(self):
        if not self:
            return "%s()" % _type_name(self)
        try:
            body = dict(self.most_common())
        except TypeError:
            body = dict(self)
        return "%s(%r)" % (_type_name(self), body)

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] == other[e] for c in (self, other) for e in c)

    def __ne__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return not self == other

    __hash__ = None

    def __le__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] <= other[e] for c in (self, other) for e in c)

    def __lt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] >= other[e] for c in (self, other) for e in c)

    def __gt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self >= other and self != other

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            new = count + other[elem]
            if new > 0:
                result[elem] = new
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            new = count - other[elem]
            if new > 0:
                result[elem] = new
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            theirs = other[elem]
            new = theirs if count < theirs else count
            if new > 0:
                result[elem] = new
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            theirs = other[elem]
            new = count if count < theirs else theirs
            if new > 0:
                result[elem] = new
        return result

    def __pos__(self):
        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def _keep_positive(self):
        for elem in [e for e, c in self.items() if not c > 0]:
            del self[elem]
        return self

    def __iadd__(self, other):
        for elem, count in other.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, theirs in other.items():
            if theirs > self[elem]:
                self[elem] = theirs
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in self.items():
            theirs = other[elem]
            if theirs < count:
                self[elem] = theirs
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
        """The value of key k in the first mapping that has it, else d (None by
        default).
        """
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
        """A set-like view of the keys."""
        return list(self)

    def items(self):
        """A set-like view of the (key, value) pairs."""
        return [(k, self[k]) for k in self]

    def values(self):
        """A view of the values."""
        return [self[k] for k in self]

    def __repr__(self):
        return "%s(%s)" % (_type_name(self), ", ".join(map(repr, self.maps)))

    @classmethod
    def fromkeys(cls, iterable, *args):
        """A ChainMap of one new dict, with the keys of the iterable and each the
        given value.
        """
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        """A new ChainMap with a copy of maps[0] and the same other mappings."""
        return type(self)(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        """A new ChainMap with a new mapping (m, or an empty dict with the keyword
        arguments) in front of the current ones.
        """
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
        """Remove a pair from maps[0] and give it; KeyError when maps[0] is empty."""
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError("No keys found in the first mapping.")

    def pop(self, key, *args):
        """Remove key from maps[0] and give its value; KeyError when it is not
        there (unless a default is given).
        """
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError("Key not found in the first mapping: {!r}".format(key))

    def clear(self):
        """Remove every item from maps[0]."""
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
        """Add the items of E (a mapping, or an iterable of pairs), then the
        keyword arguments, replacing the values of keys already there.
        """
        if hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def get(self, key, default=None):
        """The value of key k, or d (None by default) when k is missing."""
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

from collections._namedtuple import namedtuple, _tuplegetter  # noqa: E402
