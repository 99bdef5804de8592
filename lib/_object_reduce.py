"""What `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__` give: CPython
3.11's default reduction of an instance (through copyreg's helpers), so pickle, copy and a
class's own `super().__reduce_ex__(proto)` see the same tuples as in CPython."""

import copyreg

# Built-in bases an instance can be rebuilt from (with `base(obj)` as the argument).
_VALUE_BASES = (int, float, complex, str, bytes, tuple, frozenset)
_REBUILT_BASES = _VALUE_BASES + (list, dict, set, bytearray, object)


def _is_native(cls):
    return '__module__' not in cls.__dict__


def _native_base(cls):
    for c in cls.__mro__:
        if _is_native(c):
            return c
    return object


def _defined_by_object(cls, name):
    for c in cls.__mro__:
        if name in c.__dict__:
            return c is object
    return True


def _cannot_pickle(obj):
    return TypeError("cannot pickle %r object" % type(obj).__name__)


def getstate(obj, required=False):
    """`object.__getstate__()`: the instance dict (None if empty), paired with the slot
    values as `(dict, slots)` when the class has slots that are set."""
    cls = type(obj)
    if required:
        base = _native_base(cls)
        if base not in _REBUILT_BASES and not issubclass(base, BaseException):
            raise _cannot_pickle(obj)
    try:
        state = object.__getattribute__(obj, '__dict__')
    except AttributeError:
        state = None
    if not state:
        state = None
    names = copyreg._slotnames(cls)
    if names:
        if state and any(name in state for name in names):
            # Slot values are kept out of the dict part, as CPython's dict never holds them.
            state = {k: v for k, v in state.items() if k not in names} or None
        slots = {}
        for name in names:
            try:
                slots[name] = getattr(obj, name)
            except AttributeError:
                pass
        if slots:
            state = (state, slots)
    return state


def _state(obj, required):
    # A class's own __getstate__ wins; object's is the default above.
    if _defined_by_object(type(obj), '__getstate__'):
        return getstate(obj, required)
    return obj.__getstate__()


def _new_arguments(obj):
    cls = type(obj)
    if not _defined_by_object(cls, '__getnewargs_ex__'):
        pair = obj.__getnewargs_ex__()
        if not isinstance(pair, tuple):
            raise TypeError("__getnewargs_ex__ should return a tuple, not '%s'"
                            % type(pair).__name__)
        if len(pair) != 2:
            raise ValueError("__getnewargs_ex__ should return a tuple of length 2, not %d"
                             % len(pair))
        args, kwargs = pair
        if not isinstance(args, tuple):
            raise TypeError("first item of the tuple returned by __getnewargs_ex__ must be "
                            "a tuple, not '%s'" % type(args).__name__)
        if not isinstance(kwargs, dict):
            raise TypeError("second item of the tuple returned by __getnewargs_ex__ must "
                            "be a dict, not '%s'" % type(kwargs).__name__)
        return args, kwargs
    if not _defined_by_object(cls, '__getnewargs__'):
        args = obj.__getnewargs__()
        if not isinstance(args, tuple):
            raise TypeError("__getnewargs__ should return a tuple, not '%s'"
                            % type(args).__name__)
        return args, None
    base = _native_base(cls)
    if base in _VALUE_BASES:
        return (base(obj),), None
    return None, None


def _reduce_newobj(obj):
    cls = type(obj)
    args, kwargs = _new_arguments(obj)
    hasargs = args is not None
    if not kwargs:
        newobj = copyreg.__newobj__
        newargs = (cls,) + (args or ())
    else:
        newobj = copyreg.__newobj_ex__
        newargs = (cls, args, kwargs)
    state = _state(obj, not (hasargs or isinstance(obj, (list, dict))))
    listitems = iter(obj) if isinstance(obj, list) else None
    dictitems = iter(obj.items()) if isinstance(obj, dict) else None
    return (newobj, newargs, state, listitems, dictitems)


def _reduce_old(obj, proto):
    # copyreg._reduce_ex: protocols 0 and 1.
    cls = type(obj)
    base = _native_base(cls)
    if base is object:
        state = None
    else:
        if base is cls:
            raise _cannot_pickle(obj)
        state = base(obj)
    args = (cls, base, state)
    has_slots = bool(getattr(obj, '__slots__', None))
    if _defined_by_object(cls, '__getstate__'):
        if has_slots:
            raise TypeError("a class that defines __slots__ without defining __getstate__ "
                            "cannot be pickled")
    d = obj.__getstate__()
    if d:
        return copyreg._reconstructor, args, d
    return copyreg._reconstructor, args


def reduce_ex(obj, proto):
    """`object.__reduce_ex__(proto)`: a class's own `__reduce__` wins."""
    if not _defined_by_object(type(obj), '__reduce__'):
        return obj.__reduce__()
    return reduce(obj, proto)


def reduce(obj, proto=0):
    """`object.__reduce__()` (protocol 0), or the common part of `__reduce_ex__`."""
    if proto >= 2:
        return _reduce_newobj(obj)
    return _reduce_old(obj, proto)
