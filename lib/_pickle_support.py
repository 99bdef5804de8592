"""Pieces of `pickle` that need none of its classes: Python 2 names for protocols 0-2,
numbers as bytes, finding globals by name, and what `object.__reduce_ex__` gives."""

import sys

# Python 2 names, for protocols 0-2 with fix_imports.
_PY2_EXCEPTIONS = (
    "ArithmeticError AssertionError AttributeError BaseException BufferError BytesWarning "
    "DeprecationWarning EOFError EnvironmentError Exception FloatingPointError FutureWarning "
    "GeneratorExit IOError ImportError ImportWarning IndentationError IndexError KeyError "
    "KeyboardInterrupt LookupError MemoryError NameError NotImplementedError OSError "
    "OverflowError PendingDeprecationWarning ReferenceError RuntimeError RuntimeWarning "
    "StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TypeError "
    "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError "
    "UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError"
).split()
_REVERSE_NAMES = {("builtins", n): ("exceptions", n) for n in _PY2_EXCEPTIONS}
_REVERSE_NAMES.update({
    ("builtins", "range"): ("__builtin__", "xrange"),
    ("builtins", "str"): ("__builtin__", "unicode"),
    ("builtins", "int"): ("__builtin__", "long"),
    ("functools", "reduce"): ("__builtin__", "reduce"),
    ("builtins", "zip"): ("itertools", "izip"),
    ("builtins", "map"): ("itertools", "imap"),
    ("builtins", "filter"): ("itertools", "ifilter"),
})
_REVERSE_MODULES = {"builtins": "__builtin__", "copyreg": "copy_reg", "queue": "Queue",
                    "_thread": "thread", "reprlib": "repr"}
_NAMES = {v: k for k, v in _REVERSE_NAMES.items()}
_NAMES[("__builtin__", "unicode")] = ("builtins", "str")
_NAMES[("__builtin__", "long")] = ("builtins", "int")
_MODULES = {v: k for k, v in _REVERSE_MODULES.items()}
_MODULES["exceptions"] = "builtins"


# ---------------------------------------------------------------- numbers as bytes

def _float_pack(x):
    """The 8 bytes (big-endian IEEE 754) of a float."""
    if x != x:
        return b'\x7f\xf8\x00\x00\x00\x00\x00\x00'
    import math
    sign = 0
    if x < 0 or (x == 0 and math.copysign(1.0, x) < 0):
        sign = 1
        x = -x
    if x == math.inf:
        bits = 0x7ff << 52
    elif x == 0:
        bits = 0
    else:
        m, e = math.frexp(x)
        e -= 1
        if e < -1022:
            bits = int(math.ldexp(x, 1074))
        else:
            bits = ((e + 1023) << 52) | int((m * 2 - 1.0) * (1 << 52))
    return ((sign << 63) | bits).to_bytes(8, "big")


def _float_unpack(b):
    import math
    bits = int.from_bytes(b, "big")
    e = (bits >> 52) & 0x7ff
    mant = bits & ((1 << 52) - 1)
    if e == 0x7ff:
        x = math.nan if mant else math.inf
    elif e == 0:
        x = math.ldexp(mant, -1074)
    else:
        x = math.ldexp(mant | (1 << 52), e - 1075)
    return -x if bits >> 63 else x


def encode_long(x):
    """An int as little-endian two's complement, in as few bytes as can hold it."""
    if x == 0:
        return b''
    nbytes = (x.bit_length() >> 3) + 1
    result = x.to_bytes(nbytes, "little", signed=True)
    if x < 0 and nbytes > 1:
        if result[-1] == 0xff and (result[-2] & 0x80) != 0:
            result = result[:-1]
    return result


def decode_long(data):
    return int.from_bytes(data, "little", signed=True)


def _raw_unicode_escape(s):
    out = bytearray()
    for ch in s:
        c = ord(ch)
        if c < 256:
            out.append(c)
        elif c < 0x10000:
            out += ('\\u%04x' % c).encode('ascii')
        else:
            out += ('\\U%08x' % c).encode('ascii')
    return bytes(out)


def _raw_unicode_unescape(b):
    out = []
    i = 0
    n = len(b)
    while i < n:
        c = b[i]
        if c == 0x5c and i + 1 < n and b[i + 1] in (0x75, 0x55):
            width = 4 if b[i + 1] == 0x75 else 8
            out.append(chr(int(b[i + 2:i + 2 + width].decode("ascii"), 16)))
            i += 2 + width
        else:
            out.append(chr(c))
            i += 1
    return "".join(out)


# ---------------------------------------------------------------- finding globals

def _getattribute(obj, name):
    for subpath in name.split('.'):
        if subpath == '<locals>':
            raise AttributeError("Can't get local attribute {!r} on {!r}".format(name, obj))
        obj = getattr(obj, subpath)
    return obj


def _module_of(name):
    """The loaded module `name`; the program's main module answers to both of its names."""
    modules = sys.modules
    if name in modules:
        return modules[name]
    if name == "__mp_main__" or name == "__main__":
        other = "__main__" if name == "__mp_main__" else "__mp_main__"
        if other in modules:
            return modules[other]
    __import__(name)
    return modules[name]


def whichmodule(obj, name):
    module_name = getattr(obj, '__module__', None)
    if module_name is not None:
        return module_name
    import builtins
    if getattr(builtins, name, None) is obj:
        return 'builtins'
    for module_name, module in list(sys.modules.items()):
        if module_name == '__main__' or module_name == '__mp_main__' or module is None:
            continue
        try:
            if _getattribute(module, name) is obj:
                return module_name
        except AttributeError:
            pass
    return '__main__'


def _type_name(t):
    module = getattr(t, '__module__', 'builtins')
    if module == 'builtins':
        return t.__qualname__
    return module + '.' + t.__qualname__


def _cannot_pickle(obj):
    return TypeError("cannot pickle %r object" % _type_name(type(obj)))


def _is_native(cls):
    return '__module__' not in cls.__dict__


_REBUILT_BASES = (list, dict, set, frozenset, tuple, int, float, str, bytes, bytearray,
                  BaseException, object)


def _reduce_object(obj, proto):
    """What `object.__reduce_ex__(proto)` gives for `obj` (and BaseException's reduce)."""
    cls = type(obj)
    base = object
    for c in cls.__mro__:
        if _is_native(c):
            base = c
            break
    if base not in _REBUILT_BASES and not issubclass(base, BaseException):
        raise _cannot_pickle(obj)
    if isinstance(obj, BaseException) and getattr(cls, '__getnewargs__', None) is None:
        d = getattr(obj, '__dict__', None)
        if d:
            return (cls, obj.args, d)
        return (cls, obj.args)
    if proto < 2:
        return _reduce_old(obj, cls, base)
    args, kwargs = (), None
    getnewargs_ex = getattr(obj, '__getnewargs_ex__', None)
    if getnewargs_ex is not None:
        args, kwargs = getnewargs_ex()
    else:
        getnewargs = getattr(obj, '__getnewargs__', None)
        if getnewargs is not None:
            args = getnewargs()
        elif base in (int, float, str, bytes, tuple, frozenset):
            args = (base(obj),)
    state = _get_state(obj)
    listitems = iter(obj) if isinstance(obj, list) else None
    dictitems = iter(obj.items()) if isinstance(obj, dict) else None
    if kwargs:
        import copyreg
        return (copyreg.__newobj_ex__, (cls, tuple(args), kwargs), state, listitems, dictitems)
    import copyreg
    return (copyreg.__newobj__, (cls,) + tuple(args), state, listitems, dictitems)


def _get_state(obj):
    getstate = getattr(obj, '__getstate__', None)
    if getstate is not None:
        return getstate()
    # A class that set `__getstate__ = None`: object's own default state.
    from _object_reduce import getstate as default_state
    return default_state(obj)


def _reduce_old(obj, cls, base):
    import copyreg
    if base is object:
        state = None
    else:
        if base is cls:
            raise TypeError(f"cannot pickle {cls.__name__!r} object")
        state = base(obj)
    args = (cls, base, state)
    if _class_defines(cls, '__getstate__'):
        d = obj.__getstate__()
    else:
        # object's own __getstate__ does not count: CPython refuses slots here.
        if copyreg._slotnames(cls):
            raise TypeError("a class that defines __slots__ without defining "
                            "__getstate__ cannot be pickled")
        d = getattr(obj, '__dict__', None)
    if d:
        return copyreg._reconstructor, args, d
    return copyreg._reconstructor, args


def _class_defines(cls, name):
    for c in cls.__mro__:
        if name in c.__dict__:
            return not _is_native(c) or c is not object
    return False
