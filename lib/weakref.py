"""Weak references (as CPython's weakref module).

The reference type itself and the counting functions are native (`_weakref`); this module
adds proxies, WeakMethod, the weak containers (WeakValueDictionary, WeakKeyDictionary,
WeakSet) and finalize. A weak container drops an entry when its object dies: the weak
reference's callback removes it (deferred while the container is being iterated).
"""

from _weakref import ref, ReferenceType, getweakrefcount, getweakrefs
from _generic_alias import GenericAlias as _GenericAlias

__all__ = ["ref", "proxy", "getweakrefcount", "getweakrefs", "WeakKeyDictionary",
           "ReferenceType", "ProxyType", "CallableProxyType", "ProxyTypes",
           "WeakValueDictionary", "WeakSet", "WeakMethod", "finalize"]


def _dead():
    raise ReferenceError("weakly-referenced object no longer exists")


class ProxyType:
    """A proxy forwarding attribute access and operators to a weakly referenced object."""

    __slots__ = ("_ref",)

    def __init__(self, obj, callback=None):
        if callback is None:
            r = ref(obj)
        else:
            me = ref(self)
            r = ref(obj, lambda _wr: callback(me()))
        object.__setattr__(self, "_ref", r)

    def _target(self):
        obj = object.__getattribute__(self, "_ref")()
        if obj is None:
            _dead()
        return obj

    def __getattribute__(self, name):
        return getattr(ProxyType._target(self), name)

    def __setattr__(self, name, value):
        setattr(ProxyType._target(self), name, value)

    def __delattr__(self, name):
        delattr(ProxyType._target(self), name)

    def __repr__(self):
        obj = object.__getattribute__(self, "_ref")()
        return "<weakproxy at %#x; to '%s' at %#x>" % (
            id(self), type(obj).__name__, id(obj))

    def __str__(self):
        return str(ProxyType._target(self))

    def __bool__(self):
        return bool(ProxyType._target(self))

    def __len__(self):
        return len(ProxyType._target(self))

    def __iter__(self):
        return iter(ProxyType._target(self))

    def __contains__(self, item):
        return item in ProxyType._target(self)

    def __getitem__(self, key):
        return ProxyType._target(self)[key]

    def __setitem__(self, key, value):
        ProxyType._target(self)[key] = value

    def __delitem__(self, key):
        del ProxyType._target(self)[key]

    def __eq__(self, other):
        return ProxyType._target(self) == other

    def __ne__(self, other):
        return ProxyType._target(self) != other

    def __lt__(self, other):
        return ProxyType._target(self) < other

    def __le__(self, other):
        return ProxyType._target(self) <= other

    def __gt__(self, other):
        return ProxyType._target(self) > other

    def __ge__(self, other):
        return ProxyType._target(self) >= other

    def __add__(self, other):
        return ProxyType._target(self) + other

    def __sub__(self, other):
        return ProxyType._target(self) - other

    def __mul__(self, other):
        return ProxyType._target(self) * other

    __hash__ = None


class CallableProxyType(ProxyType):
    """A proxy to a callable object: calling the proxy calls the object."""
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return ProxyType._target(self)(*args, **kwargs)


ProxyTypes = (ProxyType, CallableProxyType)


def proxy(obj, callback=None):
    """A proxy to obj that does not keep it alive; using it after obj died is a
    ReferenceError."""
    ref(obj)  # the same TypeError as ref for objects that refuse weak references
    if callable(obj):
        return CallableProxyType(obj, callback)
    return ProxyType(obj, callback)


class WeakMethod:
    """A weak reference to a bound method: the method is rebuilt from weak references to
    its object and function."""

    __class_getitem__ = classmethod(_GenericAlias)

    __slots__ = ("_obj_ref", "_func_ref", "_alive", "__weakref__", "_cb")

    def __init__(self, meth, callback=None):
        try:
            obj = meth.__self__
            func = meth.__func__
        except AttributeError:
            raise TypeError("argument should be a bound method, not {}"
                            .format(type(meth))) from None
        self._alive = True
        self._cb = callback
        me = ref(self)

        def gone(_):
            this = me()
            if this is not None and this._alive:
                this._alive = False
                if this._cb is not None:
                    this._cb(this)

        self._obj_ref = ref(obj, gone)
        self._func_ref = ref(func, gone)

    def __call__(self):
        obj = self._obj_ref()
        func = self._func_ref()
        if obj is None or func is None:
            return None
        return func.__get__(obj, type(obj))

    def __eq__(self, other):
        if isinstance(other, WeakMethod):
            if not self._alive or not other._alive:
                return self is other
            return self._obj_ref == other._obj_ref and self._func_ref == other._func_ref
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self._obj_ref, self._func_ref))


class _Guard:
    """Defers removals while a weak container is iterated."""

    def __init__(self, owner):
        self.owner = owner

    def __enter__(self):
        self.owner._iterating += 1
        return self

    def __exit__(self, *exc):
        owner = self.owner
        owner._iterating -= 1
        if not owner._iterating and owner._pending:
            pending = owner._pending
            owner._pending = []
            for key in pending:
                owner._discard_dead(key)


class WeakValueDictionary:
    """A mapping whose values are held weakly: an entry goes when its value dies."""

    __class_getitem__ = classmethod(_GenericAlias)

    def __init__(self, other=(), /, **kw):
        me = ref(self)

        def remove(key):
            this = me()
            if this is not None:
                if this._iterating:
                    this._pending.append(key)
                else:
                    this._discard_dead(key)

        self._remove = remove
        self._iterating = 0
        self._pending = []
        self.data = {}
        self.update(other, **kw)

    def _discard_dead(self, key):
        wr = self.data.get(key)
        if wr is not None and wr() is None:
            del self.data[key]

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    def __delitem__(self, key):
        del self.data[key]

    def __len__(self):
        return sum(1 for wr in list(self.data.values()) if wr() is not None)

    def __contains__(self, key):
        wr = self.data.get(key)
        return wr is not None and wr() is not None

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[key] = KeyedRef(value, self._remove, key)

    def copy(self):
        """A new WeakValueDictionary with the same items."""
        new = WeakValueDictionary()
        for key, value in self.items():
            new[key] = value
        return new

    __copy__ = copy

    def get(self, key, default=None):
        """The value of key, or default when the key is missing or its value is
        gone.
        """
        wr = self.data.get(key)
        if wr is None:
            return default
        o = wr()
        return default if o is None else o

    def items(self):
        """An iterator over the (key, value) pairs whose values are alive."""
        with _Guard(self):
            for key, wr in list(self.data.items()):
                v = wr()
                if v is not None:
                    yield key, v

    def keys(self):
        """An iterator over the keys whose values are alive."""
        with _Guard(self):
            for key, wr in list(self.data.items()):
                if wr() is not None:
                    yield key

    __iter__ = keys

    def itervaluerefs(self):
        """An iterator over the weak references to the values.

        A value may be gone by the time its reference is called, so check the
        result for None.
        """
        with _Guard(self):
            yield from list(self.data.values())

    def valuerefs(self):
        """A list of the weak references to the values.

        A value may be gone by the time its reference is called, so check the
        result for None.
        """
        return list(self.data.values())

    def values(self):
        """An iterator over the values that are alive."""
        with _Guard(self):
            for wr in list(self.data.values()):
                obj = wr()
                if obj is not None:
                    yield obj

    def popitem(self):
        """Remove some (key, value) pair whose value is alive and give it."""
        while True:
            key, wr = self.data.popitem()
            o = wr()
            if o is not None:
                return key, o

    def pop(self, key, *args):
        """Remove key and give its value; with the key missing (or its value gone),
        give the default if one is given, else raise KeyError.
        """
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            raise KeyError(key)
        return o

    def setdefault(self, key, default=None):
        """The value of key; when it is missing or gone, store default under the
        key first.
        """
        o = self.get(key)
        if o is None:
            self[key] = default
            return default
        return o

    def update(self, other=(), /, **kwargs):
        """Add the items of a mapping or iterable of pairs, then the keyword
        arguments, each value held weakly.
        """
        if hasattr(other, "items"):
            other = other.items()
        for key, o in other:
            self[key] = o
        for key, o in kwargs.items():
            self[key] = o

    def clear(self):
        """Remove every item."""
        self.data.clear()


class KeyedRef:
    """A weak reference that remembers a key (what WeakValueDictionary stores):
    KeyedRef(obj, callback, key) calls callback(key) when obj dies."""

    __class_getitem__ = classmethod(_GenericAlias)

    __slots__ = ("_ref", "key")

    def __init__(self, ob, callback, key):
        self.key = key
        self._ref = ref(ob, lambda _wr, key=key, callback=callback: callback(key))

    def __call__(self):
        return self._ref()


class WeakKeyDictionary:
    """A mapping whose keys are held weakly: an entry goes when its key dies."""

    __class_getitem__ = classmethod(_GenericAlias)

    def __init__(self, dict=None):
        self.data = {}
        me = ref(self)

        def remove(k):
            this = me()
            if this is not None:
                if this._iterating:
                    this._pending.append(k)
                else:
                    this.data.pop(k, None)

        self._remove = remove
        self._iterating = 0
        self._pending = []
        if dict is not None:
            self.update(dict)

    def _discard_dead(self, k):
        self.data.pop(k, None)

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __len__(self):
        return sum(1 for k in list(self.data) if k() is not None)

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def copy(self):
        """A new WeakKeyDictionary with the same items."""
        new = WeakKeyDictionary()
        for key, value in self.items():
            new[key] = value
        return new

    __copy__ = copy

    def get(self, key, default=None):
        """The value of key, or default when the key is missing."""
        return self.data.get(ref(key), default)

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def items(self):
        """An iterator over the (key, value) pairs whose keys are alive."""
        with _Guard(self):
            for wr, value in list(self.data.items()):
                key = wr()
                if key is not None:
                    yield key, value

    def keys(self):
        """An iterator over the keys that are alive."""
        with _Guard(self):
            for wr in list(self.data):
                obj = wr()
                if obj is not None:
                    yield obj

    __iter__ = keys

    def values(self):
        """An iterator over the values whose keys are alive."""
        with _Guard(self):
            for wr, value in list(self.data.items()):
                if wr() is not None:
                    yield value

    def keyrefs(self):
        """A list of the weak references to the keys.

        A key may be gone by the time its reference is called, so check the
        result for None.
        """
        return list(self.data)

    def popitem(self):
        """Remove some (key, value) pair whose key is alive and give it."""
        while True:
            wr, value = self.data.popitem()
            o = wr()
            if o is not None:
                return o, value

    def pop(self, key, *args):
        """Remove key and give its value; with the key missing, give the default if
        one is given, else raise KeyError.
        """
        return self.data.pop(ref(key), *args)

    def setdefault(self, key, default=None):
        """The value of key; when it is missing, store default under the key first."""
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, /, **kwargs):
        """Add the items of a mapping or iterable of pairs, then the keyword
        arguments, each key held weakly.
        """
        if dict is not None:
            if hasattr(dict, "items"):
                dict = dict.items()
            for key, value in dict:
                self[key] = value
        if kwargs:
            self.update(kwargs)

    def clear(self):
        """Remove every item."""
        self.data.clear()


class WeakSet:
    """A set whose elements are held weakly: an element goes when it dies."""

    __module__ = "_weakrefset"  # as CPython's

    __class_getitem__ = classmethod(_GenericAlias)

    def __init__(self, data=None):
        self.data = set()
        me = ref(self)

        def remove(item):
            this = me()
            if this is not None:
                if this._iterating:
                    this._pending.append(item)
                else:
                    this.data.discard(item)

        self._remove = remove
        self._iterating = 0
        self._pending = []
        if data is not None:
            self.update(data)

    def _discard_dead(self, item):
        self.data.discard(item)

    def __iter__(self):
        with _Guard(self):
            for itemref in list(self.data):
                item = itemref()
                if item is not None:
                    yield item

    def __len__(self):
        return sum(1 for r in list(self.data) if r() is not None)

    def __contains__(self, item):
        try:
            wr = ref(item)
        except TypeError:
            return False
        return wr in self.data

    def __repr__(self):
        return "{%s}" % ", ".join(repr(x) for x in self) if len(self) else "set()"

    def add(self, item):
        """Put an element into the set, held weakly."""
        self.data.add(ref(item, self._remove))

    def clear(self):
        """Remove every element."""
        self.data.clear()

    def copy(self):
        """A new WeakSet with the same elements."""
        return WeakSet(self)

    def pop(self):
        """Remove some element that is alive and give it; KeyError when there is
        none.
        """
        while True:
            try:
                itemref = self.data.pop()
            except KeyError:
                raise KeyError("pop from empty WeakSet") from None
            item = itemref()
            if item is not None:
                return item

    def remove(self, item):
        """Take an element out of the set; KeyError when it is not there."""
        self.data.remove(ref(item))

    def discard(self, item):
        """Take an element out of the set if it is there."""
        self.data.discard(ref(item))

    def update(self, other):
        """Add the elements of the iterable."""
        for element in other:
            self.add(element)

    def __ior__(self, other):
        self.update(other)
        return self

    def __eq__(self, other):
        if not isinstance(other, WeakSet):
            return NotImplemented
        return set(self) == set(other)


class finalize:
    """finalize(obj, func, *args, **kwargs): calls func(*args, **kwargs) when obj dies (or
    when the finalizer is called, or at exit while atexit is true), at most once."""

    _registry = {}
    _index = 0

    class _Info:
        __slots__ = ("weakref", "func", "args", "kwargs", "atexit", "index")

    def __init__(self, obj, func, /, *args, **kwargs):
        info = finalize._Info()
        info.weakref = ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        finalize._index += 1
        info.index = finalize._index
        finalize._registry[self] = info

    def __call__(self, _=None):
        info = finalize._registry.pop(self, None)
        if info:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        """Turn the finalizer off: give (obj, func, args, kwargs) if it was alive,
        else None.
        """
        info = finalize._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and finalize._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        """Give (obj, func, args, kwargs) if the finalizer is alive, else None."""
        info = finalize._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        return self in finalize._registry

    @property
    def atexit(self):
        info = finalize._registry.get(self)
        return bool(info) and info.atexit

    @atexit.setter
    def atexit(self, value):
        info = finalize._registry.get(self)
        if info:
            info.atexit = bool(value)

    def __repr__(self):
        info = finalize._registry.get(self)
        obj = info and info.weakref()
        if obj is None:
            return "<%s object at %#x; dead>" % (type(self).__name__, id(self))
        return "<%s object at %#x; for %r at %#x>" % (
            type(self).__name__, id(self), type(obj).__name__, id(obj))

    @classmethod
    def _exitfunc(cls):
        pending = sorted((info.index, f) for f, info in cls._registry.items() if info.atexit)
        for _, f in pending:
            f()


def _register_exit():
    try:
        import atexit
    except ImportError:
        return
    atexit.register(finalize._exitfunc)


_register_exit()
