"""Arrays of numbers of one C type: compact sequences whose items are checked on the way in.

array(typecode[, initializer]) where typecode is one of b, B, u, h, H, i, I, l, L, q, Q, f, d.
Values are kept as Python numbers already narrowed to the type (so 'f' items are floats
rounded to single precision); tobytes/frombytes use the machine's little-endian layout.
"""

import operator as _operator
from operator import index as _index
import struct as _struct

__all__ = ["array", "ArrayType", "typecodes"]

typecodes = "bBuhHiIlLqQfd"

_ITEMSIZE = {"b": 1, "B": 1, "u": 4, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8,
             "q": 8, "Q": 8, "f": 4, "d": 8}

_LONG_MIN = -(2 ** 63)
_LONG_MAX = 2 ** 63 - 1


def _c_long(v):
    v = _index(v)
    if v < _LONG_MIN or v > _LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return v


def _bounded(v, low, high, name):
    if v < low:
        raise OverflowError(name + " is less than minimum")
    if v > high:
        raise OverflowError(name + " is greater than maximum")
    return v


def _unsigned_long(v, bits):
    v = _index(v)
    if v < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if v >= 2 ** 64:
        raise OverflowError("Python int too large to convert to C unsigned long")
    if bits == 32 and v >= 2 ** 32:
        raise OverflowError("unsigned int is greater than maximum")
    return v


def _short(v):
    return _bounded(_c_long(v), -32768, 32767, "signed short integer")


def _int(v):
    return _bounded(_c_long(v), -(2 ** 31), 2 ** 31 - 1, "signed integer")


def _long_long(v):
    v = _index(v)
    if v < _LONG_MIN or v > _LONG_MAX:
        raise OverflowError("int too big to convert")
    return v


def _unsigned_long_long(v):
    v = _index(v)
    if v < 0:
        raise OverflowError("can't convert negative int to unsigned")
    if v >= 2 ** 64:
        raise OverflowError("int too big to convert")
    return v


def _single(v):
    return _struct.unpack("f", _struct.pack("f", _double(v)))[0]


def _double(v):
    if isinstance(v, float):
        return v
    if isinstance(v, int):
        return float(v)
    kind = type(v)
    if hasattr(kind, "__float__"):
        return float(v)
    if hasattr(kind, "__index__"):
        return float(_index(v))
    raise TypeError("must be real number, not " + kind.__name__)


def _unicode(v):
    if isinstance(v, str) and len(v) == 1:
        return v
    raise TypeError("array item must be unicode character")


# How each typecode narrows a value, following the C conversions CPython's array makes (so
# the error texts match: 'b' is read as a short first, 'H' as an int).
_CHECK = {
    "b": lambda v: _bounded(_short(v), -128, 127, "signed char"),
    "B": lambda v: _bounded(_c_long(v), 0, 255, "unsigned byte integer"),
    "u": _unicode,
    "h": _short,
    "H": lambda v: _bounded(_int(v), 0, 65535, "unsigned short"),
    "i": _int,
    "I": lambda v: _unsigned_long(v, 32),
    "l": _c_long,
    "L": lambda v: _unsigned_long(v, 64),
    "q": _long_long,
    "Q": _unsigned_long_long,
    "f": _single,
    "d": _double,
}


class array:
    """array(typecode[, initializer]) -> array: items of one C type."""

    __slots__ = ("_code", "_items", "_exports")

    def __init__(self, typecode, initializer=None):
        if not isinstance(typecode, str) or len(typecode) != 1:
            raise TypeError(
                "array() argument 1 must be a unicode character, not "
                + type(typecode).__name__
            )
        if typecode not in _ITEMSIZE:
            raise ValueError(
                "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)"
            )
        self._code = typecode
        self._items = []
        self._exports = 0
        if initializer is None:
            return
        if isinstance(initializer, str):
            if typecode != "u":
                raise TypeError(
                    "cannot use a str to initialize an array with typecode '%s'" % typecode
                )
            self._items = list(initializer)
        elif isinstance(initializer, (bytes, bytearray)):
            self.frombytes(initializer)
        elif isinstance(initializer, array):
            if (initializer._code == "u") != (typecode == "u"):
                raise TypeError(
                    "cannot use a unicode array to initialize an array with typecode '%s'"
                    % typecode
                )
            self._extend_checked(initializer._items)
        else:
            self._extend_checked(initializer)

    def _extend_checked(self, values):
        check = _CHECK[self._code]
        items = self._items
        for v in values:
            items.append(check(v))

    def _resizing(self):
        # A memoryview of the array counts itself in `_exports` until released.
        if self._exports:
            raise BufferError("cannot resize an array that is exporting buffers")

    def _same_kind(self, other, message):
        if not isinstance(other, array):
            raise TypeError(message % type(other).__name__)
        if other._code != self._code:
            raise TypeError("bad argument type for built-in operation")

    @property
    def typecode(self):
        return self._code

    @property
    def itemsize(self):
        return _ITEMSIZE[self._code]

    def buffer_info(self):
        return (id(self), len(self._items))

    def append(self, v):
        self._resizing()
        self._items.append(_CHECK[self._code](v))

    def extend(self, iterable):
        self._resizing()
        if isinstance(iterable, array):
            if iterable._code != self._code:
                raise TypeError("can only extend with array of same kind")
            self._items.extend(iterable._items)
        else:
            self._extend_checked(iterable)

    def fromlist(self, values):
        self._resizing()
        if not isinstance(values, list):
            raise TypeError("arg must be list")
        check = _CHECK[self._code]
        self._items.extend([check(v) for v in values])

    def insert(self, i, v):
        self._resizing()
        self._items.insert(i, _CHECK[self._code](v))

    def pop(self, i=-1):
        self._resizing()
        if not self._items:
            raise IndexError("pop from empty array")
        try:
            return self._items.pop(i)
        except IndexError:
            raise IndexError("pop index out of range") from None

    def remove(self, v):
        self._resizing()
        try:
            self._items.remove(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None

    def index(self, v, start=0, stop=None):
        items = self._items
        n = len(items)
        stop = n if stop is None else stop
        for i in range(*slice(start, stop).indices(n)):
            if items[i] == v:
                return i
        raise ValueError("array.index(x): x not in array")

    def count(self, v):
        return self._items.count(v)

    def reverse(self):
        self._items.reverse()

    def tolist(self):
        return list(self._items)

    def tobytes(self):
        if self._code == "u":
            return "".join(self._items).encode("utf-32-le")
        # Native sizes and order (a C long is 8 bytes here, as in CPython on 64-bit Unix).
        return _struct.pack("%d%s" % (len(self._items), self._code), *self._items)

    def frombytes(self, data):
        self._resizing()
        if isinstance(data, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        size = _ITEMSIZE[self._code]
        if len(data) % size:
            raise ValueError("bytes length not a multiple of item size")
        if self._code == "u":
            self._items.extend(bytes(data).decode("utf-32-le"))
        else:
            self._items.extend(_struct.unpack("%d%s" % (len(data) // size, self._code), bytes(data)))

    def fromfile(self, f, n):
        if not isinstance(n, int):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(n).__name__)
        if n < 0:
            raise ValueError("negative count")
        wanted = n * _ITEMSIZE[self._code]
        data = f.read(wanted)
        if not isinstance(data, bytes):
            raise TypeError("read() didn't return bytes")
        self.frombytes(data)
        if len(data) != wanted:
            raise EOFError("read() didn't return enough bytes")

    def tofile(self, f):
        f.write(self.tobytes())

    def tounicode(self):
        if self._code != "u":
            raise ValueError("tounicode() may only be called on unicode type arrays")
        return "".join(self._items)

    def fromunicode(self, s):
        self._resizing()
        if self._code != "u":
            raise ValueError("fromunicode() may only be called on unicode type arrays")
        if not isinstance(s, str):
            raise TypeError("fromunicode() argument must be str, not " + type(s).__name__)
        self._items.extend(s)

    def byteswap(self):
        size = _ITEMSIZE[self._code]
        if size == 1:
            return
        data = self.tobytes()
        swapped = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
        self._items = []
        self.frombytes(swapped)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, v):
        return v in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            result = array(self._code)
            result._items = self._items[i]
            return result
        try:
            return self._items[i]
        except IndexError:
            raise IndexError("array index out of range") from None

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError(
                    'can only assign array (not "%s") to array slice' % type(v).__name__
                )
            if v._code != self._code:
                raise TypeError("bad argument type for built-in operation")
            if len(range(*i.indices(len(self._items)))) != len(v._items):
                self._resizing()
            self._items[i] = v._items
            return
        v = _CHECK[self._code](v)
        try:
            self._items[i] = v
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __delitem__(self, i):
        self._resizing()
        try:
            del self._items[i]
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __add__(self, other):
        self._same_kind(other, 'can only append array (not "%s") to array')
        result = array(self._code)
        result._items = self._items + other._items
        return result

    def __iadd__(self, other):
        self._resizing()
        self._same_kind(other, 'can only extend array with array (not "%s")')
        self._items.extend(other._items)
        return self

    def __mul__(self, n):
        result = array(self._code)
        result._items = self._items * n
        return result

    __rmul__ = __mul__

    def __imul__(self, n):
        self._resizing()
        self._items *= n
        return self

    def _compare(self, other, op):
        """`op` over the two arrays' values in order, as a list comparison would, but
        without taking an item to equal itself: a float array holding a NaN is not equal
        to itself (CPython compares the values read out of the arrays)."""
        if not isinstance(other, array):
            return NotImplemented
        mine, theirs = self._items, other._items
        if self._code not in "fd" and other._code not in "fd":
            return op(mine, theirs)
        if len(mine) != len(theirs) and op in (_operator.eq, _operator.ne):
            return op is _operator.ne
        for x, y in zip(mine, theirs):
            if not x == y:
                if op is _operator.eq:
                    return False
                if op is _operator.ne:
                    return True
                return op(x, y)
        return op(len(mine), len(theirs))

    def __eq__(self, other):
        return self._compare(other, _operator.eq)

    def __ne__(self, other):
        return self._compare(other, _operator.ne)

    def __lt__(self, other):
        return self._compare(other, _operator.lt)

    def __le__(self, other):
        return self._compare(other, _operator.le)

    def __gt__(self, other):
        return self._compare(other, _operator.gt)

    def __ge__(self, other):
        return self._compare(other, _operator.ge)

    __hash__ = None

    def __copy__(self):
        return self[:]

    def __deepcopy__(self, memo):
        return self[:]

    def __reduce__(self):
        return (array, (self._code, list(self._items)))

    def __repr__(self):
        if not self._items:
            return "array('%s')" % self._code
        if self._code == "u":
            return "array('u', %r)" % "".join(self._items)
        return "array('%s', %r)" % (self._code, self._items)


ArrayType = array
