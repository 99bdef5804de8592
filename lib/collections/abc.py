"""Abstract base classes for containers (as CPython's collections.abc): the mixin methods
they give to classes that derive from them, the one-method ABCs (Iterable, Sized, Hashable,
...) that recognise any class defining their methods, and the built-in types registered as
CPython registers them, so `isinstance([], Sequence)` and `isinstance(gen, Iterator)` hold."""

import sys as _sys
from abc import ABC, ABCMeta, abstractmethod
from _abc import _register_new
from _generic_alias import GenericAlias as _GenericAlias, _CallableGenericAlias

__all__ = [
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator",
    "Hashable", "Iterable", "Iterator", "Generator", "Reversible", "Sized", "Container",
    "Callable", "Collection", "Set", "MutableSet", "Mapping", "MutableMapping",
    "MappingView", "KeysView", "ItemsView", "ValuesView", "Sequence", "MutableSequence",
    "ByteString",
]


# Built-in types whose instances cannot be hashed (their classes set __hash__ to None in
# CPython).
_UNHASHABLE = (list, dict, set, bytearray, type({}.keys()), type({}.items()))


def _check_methods(C, *methods):
    """True when every method is defined along C's MRO and not set to None; else
    NotImplemented (so the ABC's other checks decide)."""
    mro = C.__mro__
    for method in methods:
        for B in mro:
            if method in B.__dict__:
                if B.__dict__[method] is None:
                    return NotImplemented
                break
        else:
            return NotImplemented
    return True


class Hashable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Hashable:
            if any(B in _UNHASHABLE for B in C.__mro__):
                return NotImplemented
            return _check_methods(C, "__hash__")
        return NotImplemented

    @abstractmethod
    def __hash__(self):
        return 0


class Awaitable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Awaitable:
            return _check_methods(C, "__await__")
        return NotImplemented

    __class_getitem__ = classmethod(_GenericAlias)
    @abstractmethod
    def __await__(self):
        yield


class Coroutine(Awaitable):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Coroutine:
            return _check_methods(C, "__await__", "send", "throw", "close")
        return NotImplemented

    @abstractmethod
    def send(self, value):
        """Send a value into the coroutine; it gives the next value yielded, or
        raises StopIteration when it returns.
        """
        raise StopIteration

    @abstractmethod
    def throw(self, typ, val=None, tb=None):
        """Raise an exception inside the coroutine; it gives the next value
        yielded, or raises StopIteration when it returns.
        """
        raise typ if val is None else val

    def close(self):
        """Raise GeneratorExit inside the coroutine to end it."""
        pass


class AsyncIterable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is AsyncIterable:
            return _check_methods(C, "__aiter__")
        return NotImplemented

    __class_getitem__ = classmethod(_GenericAlias)
    @abstractmethod
    def __aiter__(self):
        return AsyncIterator()


class AsyncIterator(AsyncIterable):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is AsyncIterator:
            return _check_methods(C, "__anext__", "__aiter__")
        return NotImplemented

    @abstractmethod
    def __anext__(self):
        raise StopAsyncIteration

    def __aiter__(self):
        return self


class AsyncGenerator(AsyncIterator):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is AsyncGenerator:
            return _check_methods(C, "__aiter__", "__anext__", "asend", "athrow", "aclose")
        return NotImplemented

    @abstractmethod
    def asend(self, value):
        """Send a value into the asynchronous generator; awaiting the result gives
        the next value yielded, or raises StopAsyncIteration.
        """
        raise StopAsyncIteration

    @abstractmethod
    def athrow(self, typ, val=None, tb=None):
        """Raise an exception inside the asynchronous generator; awaiting the
        result gives the next value yielded, or raises StopAsyncIteration.
        """
        raise typ if val is None else val


class Iterable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Iterable:
            return _check_methods(C, "__iter__")
        return NotImplemented

    __class_getitem__ = classmethod(_GenericAlias)
    @abstractmethod
    def __iter__(self):
        while False:
            yield None


class Iterator(Iterable):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Iterator:
            return _check_methods(C, "__iter__", "__next__")
        return NotImplemented

    @abstractmethod
    def __next__(self):
        raise StopIteration

    def __iter__(self):
        return self


class Reversible(Iterable):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Reversible:
            return _check_methods(C, "__reversed__", "__iter__")
        return NotImplemented

    @abstractmethod
    def __reversed__(self):
        while False:
            yield None


class Generator(Iterator):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Generator:
            return _check_methods(C, "__iter__", "__next__", "send", "throw", "close")
        return NotImplemented

    def __next__(self):
        return self.send(None)

    @abstractmethod
    def send(self, value):
        """Send a value into the generator; it gives the next value yielded, or
        raises StopIteration when it returns.
        """
        raise StopIteration

    @abstractmethod
    def throw(self, typ, val=None, tb=None):
        """Raise an exception inside the generator; it gives the next value
        yielded, or raises StopIteration when it returns.
        """
        raise typ if val is None else val

    def close(self):
        """Raise GeneratorExit inside the generator to end it."""
        pass


class Sized(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Sized:
            return _check_methods(C, "__len__")
        return NotImplemented

    @abstractmethod
    def __len__(self):
        return 0


class Container(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Container:
            return _check_methods(C, "__contains__")
        return NotImplemented

    __class_getitem__ = classmethod(_GenericAlias)
    @abstractmethod
    def __contains__(self, x):
        return False


class Collection(Sized, Iterable, Container):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Collection:
            return _check_methods(C, "__len__", "__iter__", "__contains__")
        return NotImplemented


class Callable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Callable:
            return _check_methods(C, "__call__")
        return NotImplemented

    __class_getitem__ = classmethod(_CallableGenericAlias)
    @abstractmethod
    def __call__(self, *args, **kwds):
        return False


class Set(Collection):
    """Mixins: comparisons, & | - ^ and isdisjoint, from __contains__, __iter__, __len__."""

    def __le__(self, other):
        if not isinstance(other, (Set, set, frozenset)):
            return NotImplemented
        if len(self) > len(other):
            return False
        return all(elem in other for elem in self)

    def __lt__(self, other):
        if not isinstance(other, (Set, set, frozenset)):
            return NotImplemented
        return len(self) < len(other) and self.__le__(other)

    def __gt__(self, other):
        if not isinstance(other, (Set, set, frozenset)):
            return NotImplemented
        return len(self) > len(other) and self.__ge__(other)

    def __ge__(self, other):
        if not isinstance(other, (Set, set, frozenset)):
            return NotImplemented
        if len(self) < len(other):
            return False
        return all(elem in self for elem in other)

    def __eq__(self, other):
        if not isinstance(other, (Set, set, frozenset)):
            return NotImplemented
        return len(self) == len(other) and self.__le__(other)

    @classmethod
    def _from_iterable(cls, it):
        return cls(it)

    def __and__(self, other):
        return self._from_iterable(value for value in other if value in self)

    __rand__ = __and__

    def isdisjoint(self, other):
        """Whether the set and the other iterable have no element in common."""
        return not any(value in self for value in other)

    def __or__(self, other):
        return self._from_iterable([e for s in (self, other) for e in s])

    __ror__ = __or__

    def __sub__(self, other):
        other = other if isinstance(other, (Set, set, frozenset)) else set(other)
        return self._from_iterable(value for value in self if value not in other)

    def __rsub__(self, other):
        return self._from_iterable(value for value in other if value not in self)

    def __xor__(self, other):
        return (self - other) | (other - self)

    __rxor__ = __xor__


class MutableSet(Set):
    """A mutable set: the methods of Set, and add, discard and the methods
    built on them.

    Subclasses give __contains__, __iter__, __len__, add and discard; remove,
    pop, clear and the in-place operators then come for free.
    """
    @abstractmethod
    def add(self, value):
        """Put an element into the set."""
        raise NotImplementedError

    @abstractmethod
    def discard(self, value):
        """Take an element out of the set if it is there."""
        raise NotImplementedError

    def remove(self, value):
        """Take an element out of the set; KeyError when it is not there."""
        if value not in self:
            raise KeyError(value)
        self.discard(value)

    def pop(self):
        """Remove an arbitrary element and give it; KeyError when the set is empty."""
        it = iter(self)
        try:
            value = next(it)
        except StopIteration:
            raise KeyError from None
        self.discard(value)
        return value

    def clear(self):
        """Remove every element from the set (slowly, one at a time)."""
        try:
            while True:
                self.pop()
        except KeyError:
            pass

    def __ior__(self, it):
        for value in it:
            self.add(value)
        return self

    def __iand__(self, it):
        for value in [v for v in self if v not in it]:
            self.discard(value)
        return self

    def __ixor__(self, it):
        for value in list(it):
            if value in self:
                self.discard(value)
            else:
                self.add(value)
        return self

    def __isub__(self, it):
        for value in list(it):
            self.discard(value)
        return self


class Mapping(Collection):
    """Mixins: get, __contains__, keys, items, values, __eq__, from __getitem__ and __iter__."""

    @abstractmethod
    def __getitem__(self, key):
        raise KeyError

    def get(self, key, default=None):
        """The value of key k, or d (None by default) when k is missing."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key):
        try:
            self[key]
        except KeyError:
            return False
        return True

    def keys(self):
        """A set-like view of the keys."""
        return KeysView(self)

    def items(self):
        """A set-like view of the (key, value) pairs."""
        return ItemsView(self)

    def values(self):
        """A view of the values."""
        return ValuesView(self)

    def __eq__(self, other):
        if not isinstance(other, (Mapping, dict)):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None
    __reversed__ = None


class MappingView(Sized):
    __class_getitem__ = classmethod(_GenericAlias)
    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return "{0.__class__.__name__}({0._mapping!r})".format(self)


class KeysView(MappingView, Set):
    @classmethod
    def _from_iterable(cls, it):
        return set(it)

    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        yield from self._mapping


class ItemsView(MappingView, Set):
    @classmethod
    def _from_iterable(cls, it):
        return set(it)

    def __contains__(self, item):
        key, value = item
        try:
            v = self._mapping[key]
        except KeyError:
            return False
        return v is value or v == value

    def __iter__(self):
        for key in self._mapping:
            yield (key, self._mapping[key])


class ValuesView(MappingView, Collection):
    def __contains__(self, value):
        for key in self._mapping:
            v = self._mapping[key]
            if v is value or v == value:
                return True
        return False

    def __iter__(self):
        for key in self._mapping:
            yield self._mapping[key]


_MARKER = object()


class MutableMapping(Mapping):
    """Mixins: pop, popitem, clear, update, setdefault, from the five abstract methods."""

    @abstractmethod
    def __setitem__(self, key, value):
        raise KeyError

    @abstractmethod
    def __delitem__(self, key):
        raise KeyError

    def pop(self, key, default=_MARKER):
        """Remove key k and give its value; with k missing, give d when it is
        given, else raise KeyError.
        """
        try:
            value = self[key]
        except KeyError:
            if default is _MARKER:
                raise
            return default
        del self[key]
        return value

    def popitem(self):
        """Remove some (key, value) pair and give it; KeyError when empty."""
        try:
            key = next(iter(self))
        except StopIteration:
            raise KeyError from None
        value = self[key]
        del self[key]
        return key, value

    def clear(self):
        """Remove every item."""
        try:
            while True:
                self.popitem()
        except KeyError:
            pass

    def update(self, other=(), **kwds):
        """Add the items of E (a mapping, or an iterable of pairs), then the
        keyword arguments, replacing the values of keys already there.
        """
        if hasattr(other, "keys"):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def setdefault(self, key, default=None):
        """The value of key k; when k is missing, first store d (None by default)
        under it.
        """
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default


class Sequence(Reversible, Collection):
    """Mixins: __iter__, __contains__, __reversed__, index, count, from __getitem__, __len__."""

    @abstractmethod
    def __getitem__(self, index):
        raise IndexError

    def __iter__(self):
        i = 0
        try:
            while True:
                v = self[i]
                yield v
                i += 1
        except IndexError:
            return

    def __contains__(self, value):
        for v in self:
            if v is value or v == value:
                return True
        return False

    def __reversed__(self):
        for i in reversed(range(len(self))):
            yield self[i]

    def index(self, value, start=0, stop=None):
        """The index of the first item equal to value, searched between start and
        stop; ValueError when there is none.
        """
        if start is not None and start < 0:
            start = max(len(self) + start, 0)
        if stop is not None and stop < 0:
            stop += len(self)
        i = start
        while stop is None or i < stop:
            try:
                v = self[i]
            except IndexError:
                break
            if v is value or v == value:
                return i
            i += 1
        raise ValueError

    def count(self, value):
        """How many items are equal to value."""
        return sum(1 for v in self if v is value or v == value)


class ByteString(Sequence):
    """The common ABC of bytes and bytearray: a sequence of small integers."""
    pass


class MutableSequence(Sequence):
    """A mutable sequence: the methods of Sequence, and item assignment,
    deletion and insert, with the methods built on them.

    Subclasses give __getitem__, __setitem__, __delitem__, __len__ and
    insert().
    """
    @abstractmethod
    def __setitem__(self, index, value):
        raise IndexError

    @abstractmethod
    def __delitem__(self, index):
        raise IndexError

    @abstractmethod
    def insert(self, index, value):
        """Put value before position index."""
        raise IndexError

    def append(self, value):
        """Put value at the end."""
        self.insert(len(self), value)

    def clear(self):
        """Remove every item."""
        try:
            while True:
                self.pop()
        except IndexError:
            pass

    def reverse(self):
        """Reverse the order of the items, in place."""
        n = len(self)
        for i in range(n // 2):
            self[i], self[n - i - 1] = self[n - i - 1], self[i]

    def extend(self, values):
        """Put the items of the iterable at the end, in order."""
        if values is self:
            values = list(values)
        for v in values:
            self.append(v)

    def pop(self, index=-1):
        """Remove the item at index (the last by default) and give it; IndexError
        when the sequence is empty or the index is out of range.
        """
        v = self[index]
        del self[index]
        return v

    def remove(self, value):
        """Remove the first item equal to value; ValueError when there is none."""
        del self[self.index(value)]

    def __iadd__(self, values):
        self.extend(values)
        return self


def _register(abc, *types):
    # register() without its checks (each an issubclass() through the hooks): these types
    # are known not to be subclasses already.
    _register_new(abc, *types)


def _register_builtins():
    """Registers the built-in types as CPython's collections.abc does."""
    samples = [iter(b""), iter(bytearray()), iter({}), iter({}.values()), iter({}.items()),
               iter([]), reversed([]), iter(range(0)), iter(range(1 << 70)), iter(set()),
               iter(""), iter(()), zip(), map(len, ()), filter(None, ()), enumerate(()),
               reversed(())]
    _register(Iterator, *{type(it) for it in samples})

    def gen():
        yield

    _register(Generator, type(gen()))

    async def coro():
        pass

    c = coro()
    _register(Coroutine, type(c))
    c.close()

    async def agen():
        yield

    _register(AsyncGenerator, type(agen()))
    _register(Reversible, type({}.keys()), type({}.values()), type({}.items()))
    _register(KeysView, type({}.keys()))
    _register(ValuesView, type({}.values()))
    _register(ItemsView, type({}.items()))
    _register(Set, frozenset)
    _register(MutableSet, set)
    _register(MutableMapping, dict)
    _register(Sequence, tuple, str, range)
    # `memoryview` is a library class made when a program first names it (_memoryview.py),
    # which registers itself here if this module came first: naming it now would make it.
    view = getattr(_sys.modules.get("_memoryview"), "memoryview", None)
    if view is not None:
        _register(Sequence, view)
    _register(ByteString, bytes, bytearray)
    _register(MutableSequence, list, bytearray)

    # The containers of the collections package (this module is always imported after it).
    from collections import (ChainMap, Counter, OrderedDict, UserDict, UserList,
                             UserString, defaultdict, deque)

    _register(MutableMapping, OrderedDict, defaultdict, Counter, ChainMap, UserDict)
    _register(MutableSequence, deque, UserList)
    _register(Sequence, UserString)

    def function():
        pass

    _register(Callable, *{type(f) for f in (len, function, [].append, type)})


_register_builtins()
