"""Shallow and deep copying of objects (as CPython's copy module).

Containers of the built-in types are copied directly; other objects use their __copy__ /
__deepcopy__ if they have one, else a new instance of the same class gets the attributes
(and __setstate__, when defined, receives them), as CPython does through __reduce_ex__.
"""

__all__ = ["Error", "copy", "deepcopy"]

import copyreg
from _weakref import ref as _weakref_type


class Error(Exception):
    pass


error = Error


def _function():
    pass


def _generator():
    yield


_ATOMIC = {type(None), int, float, bool, complex, str, bytes, type, range, slice,
           type(Ellipsis), type(NotImplemented), type(_function), type(len), property,
           type(lambda: 0), type(_function.__code__), _weakref_type}
try:
    _ATOMIC.add(type(print.__call__))
except AttributeError:
    pass

try:
    _BYTEARRAY = bytearray
except NameError:
    _BYTEARRAY = None

_UNCOPYABLE = {type(_generator())}


class _Holder:
    def method(self):
        pass


_MethodType = type(_Holder().method)


def _cannot(x):
    cls = type(x)
    name = cls.__name__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__name__
    return TypeError("cannot pickle '%s' object" % name)


def _native_uncopyable(cls):
    # locks and open files have no state a copy could take
    return cls.__module__ == "_thread" or (
        cls.__module__ == "_io" and cls.__name__ not in ("StringIO", "BytesIO"))


def _new_like(x, memo=None):
    cls = type(x)
    # A class with __getnewargs__ (a namedtuple) is remade by __new__ from those arguments.
    getnewargs = getattr(cls, "__getnewargs__", None)
    if getnewargs is not None:
        args = getnewargs(x)
        if memo is not None:
            args = deepcopy(args, memo)
        return cls.__new__(cls, *args)
    return cls.__new__(cls)


def _set_state(y, state):
    setstate = getattr(y, "__setstate__", None)
    if setstate is not None:
        setstate(state)
        return
    # object.__getstate__ pairs the dict with the slot values: (dict or None, slots).
    slots = None
    if isinstance(state, tuple) and len(state) == 2:
        state, slots = state
    if state:
        # Into the instance's dict directly, as CPython does: no __setattr__, no property.
        d = getattr(y, "__dict__", None)
        if d is not None:
            d.update(state)
        else:
            for key, value in state.items():
                object.__setattr__(y, key, value)
    if slots:
        for key, value in slots.items():
            setattr(y, key, value)


def _get_state(x):
    getstate = getattr(x, "__getstate__", None)
    if getstate is not None:
        try:
            return getstate()
        except TypeError:
            pass
    return vars(x)


def _instance_state(x):
    try:
        return _get_state(x)
    except TypeError:
        raise _cannot(x) from None


def _has_state(state):
    # An empty instance dict is no state (object.__getstate__ gives None for it); what a
    # __getstate__ of the class returned is state even when false (0, '').
    return state is not None and not (type(state) is dict and not state)


def _plain_reduce(cls):
    """True when copying cls goes by object's own __reduce_ex__ (the attributes copied
    directly); False when the class, copyreg or an attribute hook may say otherwise."""
    return (cls.__reduce_ex__ is object.__reduce_ex__
            and cls.__reduce__ is object.__reduce__
            and cls.__getattribute__ is object.__getattribute__
            and getattr(cls, "__getnewargs_ex__", None) is None
            and cls not in copyreg.dispatch_table)


def _reduce(x, cls, kind):
    """What x's class says a copy is made from: copyreg's reducer for it, else
    x.__reduce_ex__(4), else x.__reduce__()."""
    reductor = copyreg.dispatch_table.get(cls)
    if reductor is not None:
        return reductor(x)
    reductor = getattr(x, "__reduce_ex__", None)
    if reductor is not None:
        return reductor(4)
    reductor = getattr(x, "__reduce__", None)
    if reductor is not None:
        return reductor()
    raise Error("un(%s)copyable object of type %s" % (kind, cls))


def copy(x):
    """A shallow copy of x."""
    cls = type(x)
    if cls in _ATOMIC or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return x[:]
    if cls is dict or cls is set or cls is _BYTEARRAY:
        return x.copy()
    if issubclass(cls, type):
        return x
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    if cls is _MethodType:
        return cls(x.__func__, x.__self__)
    if not _plain_reduce(cls):
        rv = _reduce(x, cls, "shallow")
        if isinstance(rv, str):
            return x
        return _reconstruct(x, None, *rv)
    if cls.__name__ == "deque" and cls.__module__ in ("collections", "_collections"):
        return cls(x, x.maxlen)
    if cls in _UNCOPYABLE or cls.__module__ == "builtins" or _native_uncopyable(cls):
        raise _cannot(x)
    if isinstance(x, _CONTAINERS):
        return _reconstruct(x, None, *x.__reduce_ex__(4))
    state = _instance_state(x)
    y = _new_like(x)
    if _has_state(state):
        _set_state(y, dict(state) if isinstance(state, dict) else state)
    return y


def deepcopy(x, memo=None, _nil=[]):
    """A deep copy of x: shared and cyclic references are copied once (tracked in memo)."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _ATOMIC:
        return x
    if cls is list:
        y = []
        memo[d] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        # A cycle through the tuple may have copied it already.
        if d in memo:
            return memo[d]
        if all(a is b for a, b in zip(items, x)):
            y = x
        else:
            y = tuple(items)
    elif cls is set or cls is frozenset:
        y = cls(deepcopy(item, memo) for item in x)
    elif cls is _BYTEARRAY:
        y = x.copy()
    elif issubclass(cls, type):
        return x
    elif cls is _MethodType:
        y = cls(x.__func__, deepcopy(x.__self__, memo))
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        elif not _plain_reduce(cls):
            rv = _reduce(x, cls, "deep")
            if isinstance(rv, str):
                return x
            y = _reconstruct(x, memo, *rv)
        elif cls.__name__ == "deque" and cls.__module__ in ("collections", "_collections"):
            y = cls((), x.maxlen)
            memo[d] = y
            for item in x:
                y.append(deepcopy(item, memo))
        elif cls in _UNCOPYABLE or cls.__module__ == "builtins" or _native_uncopyable(cls):
            raise _cannot(x)
        elif isinstance(x, _CONTAINERS):
            y = _reconstruct(x, memo, *x.__reduce_ex__(4))
        else:
            state = _instance_state(x)
            y = _new_like(x, memo)
            memo[d] = y
            if _has_state(state):
                _set_state(y, deepcopy(state, memo))
    # Keep x alive while memo lives, so its id is not reused by another object.
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


# Subclasses of these are remade from their __reduce_ex__ (their items are not attributes).
_CONTAINERS = (dict, list, set)


def _reconstruct(x, memo, func, args, state=None, listiter=None, dictiter=None):
    """An object remade from what its __reduce_ex__ returned (deep when memo is given)."""
    deep = memo is not None
    if deep and args:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        _set_state(y, state)
    if listiter is not None:
        for item in listiter:
            y.append(deepcopy(item, memo) if deep else item)
    if dictiter is not None:
        for key, value in dictiter:
            if deep:
                key, value = deepcopy(key, memo), deepcopy(value, memo)
            y[key] = value
    return y


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]
