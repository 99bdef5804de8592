"""The built-in `memoryview`: a view of the memory of a bytes, bytearray or array.array.

Imported the first time a program names `memoryview`; puts the class into the builtins.
A one-dimensional view is `start` (a byte offset into the exporter), `step` (bytes from one
item to the next, negative for reversed slices), `count` items of `format`. A cast to a shape
makes an N-dimensional view (`_shape` and `_strides`, None for one dimension; `count` is then
the product of the shape): indexed by tuples, sliced along its first dimension, listed nested. Views of views
share the exporter, so a write through any of them is seen by all. While a view of a
bytearray or an array is unreleased, the exporter refuses to change size.
"""

import builtins as _builtins
import sys as _sys
import struct as _struct
import _buffer_exports
from array import array as _array

_SIZES = {"b": 1, "B": 1, "c": 1, "?": 1, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8,
          "q": 8, "Q": 8, "n": 8, "N": 8, "e": 2, "f": 4, "d": 8, "P": 8}
_BYTE_FORMATS = ("B", "b", "c")
_RELEASED = "operation forbidden on released memoryview object"


def _exporter_kind(obj):
    """0 for bytes (read-only), 1 for bytearray, 2 for array.array; None otherwise."""
    if isinstance(obj, bytes):
        return 0
    if isinstance(obj, bytearray):
        return 1
    if isinstance(obj, _array):
        return 2
    return None


def _items_equal(a, b):
    """Item-wise `==` of two views' (nested) item lists. Not list equality: that takes an
    item as equal to itself, and a view's items are values made afresh (a NaN is unequal)."""
    if isinstance(a, list):
        return len(a) == len(b) and all(_items_equal(x, y) for x, y in zip(a, b))
    return a == b


class memoryview:
    """A view of the bytes of a buffer object (bytes, bytearray, array, another view)
    that reads and writes them in place, without copying."""

    __module__ = "builtins"
    __slots__ = ("_obj", "_kind", "_base", "_start", "_step", "_count", "_fmt", "_size",
                 "_readonly", "_released", "_shape", "_strides")

    def __new__(cls, *args, **kwargs):
        if kwargs:
            if list(kwargs) != ["object"] or args:
                name = [k for k in kwargs if k != "object"]
                raise TypeError(
                    "memoryview() got an unexpected keyword argument '%s'" % name[0]
                    if name else "argument for memoryview() given by name ('object') and position (1)"
                )
            args = (kwargs["object"],)
        if not args:
            raise TypeError("memoryview() missing required argument 'object' (pos 1)")
        if len(args) > 1:
            raise TypeError("memoryview() takes at most 1 argument (%d given)" % len(args))
        obj = args[0]
        self = object.__new__(cls)
        self._released = True
        if isinstance(obj, memoryview):
            obj._check()
            self._copy_from(obj)
        else:
            kind = _exporter_kind(obj)
            if kind is None:
                raise TypeError(
                    "memoryview: a bytes-like object is required, not '%s'" % type(obj).__name__
                )
            self._obj = obj
            self._kind = kind
            if kind == 2:
                self._fmt = obj.typecode
                if self._fmt == "u":
                    self._fmt = "w"
                self._size = obj.itemsize
            else:
                self._fmt = "B"
                self._size = 1
            self._base = None
            self._start = 0
            self._step = self._size
            self._count = len(obj)
            self._readonly = kind == 0
            self._shape = None
            self._strides = None
        self._released = False
        self._export()
        return self

    def _copy_from(self, other):
        self._obj = other._obj
        self._kind = other._kind
        self._base = other._base
        self._start = other._start
        self._step = other._step
        self._count = other._count
        self._fmt = other._fmt
        self._size = other._size
        self._readonly = other._readonly
        self._shape = other._shape
        self._strides = other._strides

    def _export(self):
        if self._kind != 0:
            _buffer_exports.export(self._obj)

    def _check(self):
        if self._released:
            raise ValueError(_RELEASED)

    def _derived(self, start, step, count, fmt, size, readonly):
        view = object.__new__(memoryview)
        view._copy_from(self)
        view._start = start
        view._step = step
        view._count = count
        view._fmt = fmt
        view._size = size
        view._readonly = readonly
        view._shape = None
        view._strides = None
        view._released = False
        view._export()
        return view

    # -- raw bytes of the exporter ------------------------------------------------------------

    def _raw(self, offset, n):
        """`n` bytes of the exporter from byte `offset`."""
        obj = self._obj
        if self._kind != 2:
            return bytes(obj[offset:offset + n])
        size = obj.itemsize
        first = offset // size
        last = (offset + n - 1) // size
        data = _array.tobytes(_array.__getitem__(obj, slice(first, last + 1)))
        skip = offset - first * size
        return data[skip:skip + n]

    def _write_raw(self, offset, data):
        obj = self._obj
        n = len(data)
        if self._kind == 1:
            obj[offset:offset + n] = data
            return
        size = obj.itemsize
        first = offset // size
        last = (offset + n - 1) // size
        whole = bytearray(self._raw(first * size, (last - first + 1) * size))
        skip = offset - first * size
        whole[skip:skip + n] = data
        _array.__setitem__(obj, slice(first, last + 1), _array(obj.typecode, bytes(whole)))

    def _set_nd(self, shape, strides):
        """Makes this view N-dimensional (one dimension stays in `_count` and `_step`)."""
        shape = tuple(shape)
        count = 1
        for n in shape:
            count *= n
        self._count = count
        if len(shape) == 1:
            self._shape = self._strides = None
            self._step = strides[0]
        else:
            self._shape = shape
            self._strides = tuple(strides)

    def _ndim(self):
        return 1 if self._shape is None else len(self._shape)

    def _dims(self):
        """(shape, strides), for any number of dimensions."""
        if self._shape is None:
            return (self._count,), (self._step,)
        return self._shape, self._strides

    def _offsets(self, fortran=False):
        """The byte offsets of all items, in C order (last index fastest), or in Fortran
        order (first index fastest)."""
        offsets = [self._start]
        dims = list(zip(*self._dims()))
        if fortran:
            for n, stride in reversed(dims):
                offsets = [o + i * stride for o in offsets for i in range(n)]
            # Built with the last index slowest: the first index now varies fastest.
            return offsets
        for n, stride in dims:
            offsets = [o + i * stride for o in offsets for i in range(n)]
        return offsets

    def _contiguous(self, fortran=False):
        shape, strides = self._dims()
        if self._count == 0:
            return True
        pairs = zip(shape, strides) if fortran else zip(reversed(shape), reversed(strides))
        expected = self._size
        for n, stride in pairs:
            if n > 1 and stride != expected:
                return False
            expected *= n
        return True

    def _bytes(self):
        if self._count == 0:
            return b""
        if self._contiguous():
            return self._raw(self._start, self._count * self._size)
        size = self._size
        return b"".join(self._raw(o, size) for o in self._offsets())

    def _unpack(self, data):
        fmt = self._fmt
        if fmt == "B":
            return data[0]
        if fmt == "w":
            return data.decode("utf-32-le")
        return _struct.unpack(fmt, data)[0]

    def _pack(self, value):
        fmt = self._fmt
        if fmt == "c":
            if not isinstance(value, bytes) or len(value) != 1:
                if isinstance(value, (bytes, bytearray)):
                    raise ValueError("memoryview: invalid value for format 'c'")
                raise TypeError("memoryview: invalid type for format 'c'")
            return value
        if fmt in "fde":
            if not isinstance(value, (int, float)):
                raise TypeError("memoryview: invalid type for format '%s'" % fmt)
            return _struct.pack(fmt, value)
        if fmt == "?":
            return _struct.pack("?", value)
        if fmt == "w":
            if not isinstance(value, str) or len(value) != 1:
                raise TypeError("memoryview: invalid type for format 'w'")
            return value.encode("utf-32-le")
        if not isinstance(value, int):
            raise TypeError("memoryview: invalid type for format '%s'" % fmt)
        try:
            return _struct.pack(fmt, value)
        except _struct.error:
            raise ValueError("memoryview: invalid value for format '%s'" % fmt) from None

    def _item(self, i):
        return self._at(self._start + i * self._step)

    def _at(self, off):
        if self._fmt == "B" and self._kind != 2:
            return self._obj[off]
        return self._unpack(self._raw(off, self._size))

    def _index(self, key):
        if not hasattr(type(key), "__index__"):
            raise TypeError("memoryview: invalid slice key")
        i = key.__index__()
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError("index out of bounds on dimension 1")
        return i

    def _offset_of(self, key):
        """The byte offset of the item at a tuple of indices, one per dimension."""
        shape, strides = self._dims()
        if len(key) > len(shape):
            raise TypeError("cannot index %d-dimension view with %d-element tuple"
                            % (len(shape), len(key)))
        off = self._start
        for dim, (k, n, stride) in enumerate(zip(key, shape, strides)):
            i = k.__index__()
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError("index out of bounds on dimension %d" % (dim + 1))
            off += i * stride
        return off

    def _sliced(self, key):
        """A slice along the first dimension."""
        shape, strides = self._dims()
        start, stop, step = key.indices(shape[0])
        count = len(range(start, stop, step))
        view = self._derived(self._start + start * strides[0], strides[0] * step, count,
                             self._fmt, self._size, self._readonly)
        if len(shape) > 1:
            view._set_nd((count,) + shape[1:], (strides[0] * step,) + strides[1:])
        return view

    # -- the sequence protocol ----------------------------------------------------------------

    def __len__(self):
        self._check()
        if self._shape is not None:
            return self._shape[0] if self._shape else 1
        return self._count

    def __getitem__(self, key):
        self._check()
        ndim = self._ndim()
        if ndim == 0:
            if isinstance(key, tuple) and not key:
                return self._at(self._start)
            if key is Ellipsis:
                return self
            raise TypeError("invalid indexing of 0-dim memory")
        if hasattr(type(key), "__index__"):
            if ndim > 1:
                raise NotImplementedError("multi-dimensional sub-views are not implemented")
            return self._item(self._index(key))
        if isinstance(key, slice):
            return self._sliced(key)
        if _multi_index(key):
            if len(key) < ndim:
                raise NotImplementedError("sub-views are not implemented")
            return self._at(self._offset_of(key))
        if _multi_slice(key):
            raise NotImplementedError("multi-dimensional slicing is not implemented")
        raise TypeError("memoryview: invalid slice key")

    def __setitem__(self, key, value):
        self._check()
        if self._readonly:
            raise TypeError("cannot modify read-only memory")
        ndim = self._ndim()
        if ndim == 0:
            if key is Ellipsis or (isinstance(key, tuple) and not key):
                self._write_raw(self._start, self._pack(value))
                return
            raise TypeError("invalid indexing of 0-dim memory")
        if ndim > 1:
            if hasattr(type(key), "__index__"):
                raise NotImplementedError("sub-views are not implemented")
            if _multi_index(key):
                if len(key) < ndim:
                    raise NotImplementedError("sub-views are not implemented")
                self._write_raw(self._offset_of(key), self._pack(value))
                return
            if isinstance(key, slice) or _multi_slice(key):
                raise NotImplementedError(
                    "memoryview slice assignments are currently restricted to ndim = 1")
            raise TypeError("memoryview: invalid slice key")
        if isinstance(key, tuple) and _multi_index(key):
            if not key:
                raise NotImplementedError("sub-views are not implemented")
            self._write_raw(self._offset_of(key), self._pack(value))
            return
        if isinstance(key, slice):
            start, stop, step = key.indices(self._count)
            count = len(range(start, stop, step))
            if isinstance(value, memoryview):
                source = value
            else:
                source = memoryview(value)
            if source._fmt != self._fmt or len(source) != count:
                raise ValueError(
                    "memoryview assignment: lvalue and rvalue have different structures")
            data = source._bytes()
            size = self._size
            if step == 1 and self._contiguous():
                if data:
                    self._write_raw(self._start + start * size, data)
                return
            for n in range(count):
                self._write_raw(self._start + (start + n * step) * self._step,
                                data[n * size:(n + 1) * size])
            return
        i = self._index(key)
        self._write_raw(self._start + i * self._step, self._pack(value))

    def __delitem__(self, key):
        self._check()
        if self._readonly:
            raise TypeError("cannot modify read-only memory")
        raise TypeError("cannot delete memory")

    def __iter__(self):
        self._check()
        ndim = self._ndim()
        if ndim == 0:
            raise TypeError("invalid indexing of 0-dim memory")
        if ndim > 1:
            raise NotImplementedError("multi-dimensional sub-views are not implemented")
        return self._items()

    def _items(self):
        for i in range(self._count):
            yield self._item(i)

    def __eq__(self, other):
        if self._released:
            return self is other
        if isinstance(other, memoryview):
            if other._released:
                return self is other
        elif _exporter_kind(other) is None:
            return NotImplemented
        else:
            other = memoryview(other)
        if not _same_shape(self._dims()[0], other._dims()[0]):
            return False
        if self._fmt == other._fmt and self._fmt in _BYTE_FORMATS:
            return self._bytes() == other._bytes()
        return _items_equal(self.tolist(), other.tolist())

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __hash__(self):
        self._check()
        if not self._readonly:
            raise ValueError("cannot hash writable memoryview object")
        if self._fmt not in _BYTE_FORMATS:
            raise ValueError("memoryview: hashing is restricted to formats 'B', 'b' or 'c'")
        return hash(self._bytes())

    def __repr__(self):
        if self._released:
            return "<released memory at 0x%x>" % id(self)
        return "<memory at 0x%x>" % id(self)

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.release()

    def __del__(self):
        if not self._released:
            self._released = True
            self._unexport()

    def _unexport(self):
        if self._kind != 0:
            _buffer_exports.release(self._obj)

    # -- methods ------------------------------------------------------------------------------

    def release(self):
        """Give the viewed object back: the view is unusable afterwards."""
        if not self._released:
            self._released = True
            self._unexport()

    def tobytes(self, order="C"):
        """The viewed data as bytes."""
        self._check()
        if order is not None and order not in ("C", "F", "A"):
            raise ValueError("order must be 'C', 'F' or 'A'")
        # Fortran order: the first index varies fastest. 'A' is Fortran order only for a
        # view that is Fortran- but not C-contiguous.
        fortran = order == "F" or (
            order == "A" and not self._contiguous() and self._contiguous(fortran=True)
        )
        if fortran and self._shape is not None and len(self._shape) > 1 and self._count:
            size = self._size
            return b"".join(self._raw(o, size) for o in self._offsets(fortran=True))
        return self._bytes()

    def tolist(self):
        """The viewed items as a list (nested for a view of several dimensions)."""
        self._check()
        if self._shape == ():
            return self._at(self._start)
        if self._shape is None:
            return [self._item(i) for i in range(self._count)]
        return _nest([self._at(o) for o in self._offsets()], self._shape)

    def hex(self, *args, **kwargs):
        """The viewed bytes as hexadecimal digits, as bytes.hex gives them."""
        self._check()
        return self._bytes().hex(*args, **kwargs)

    def toreadonly(self):
        """A view of the same data that refuses writes."""
        self._check()
        view = self._derived(self._start, self._step, self._count, self._fmt, self._size, True)
        view._shape = self._shape
        view._strides = self._strides
        return view

    def cast(self, format, shape=None):
        """A view of the same bytes read with another struct format or shape."""
        self._check()
        if not isinstance(format, str):
            raise TypeError(
                "cast() argument 'format' must be str, not %s" % type(format).__name__)
        if not self._contiguous():
            raise TypeError("memoryview: casts are restricted to C-contiguous views")
        if (shape is not None or self._ndim() != 1) and 0 in self._dims()[0]:
            raise TypeError("memoryview: cannot cast view with zeros in shape or strides")
        if shape is not None:
            if not isinstance(shape, (list, tuple)):
                raise TypeError("shape must be a list or a tuple")
            if len(shape) > 64:
                raise ValueError("memoryview: number of dimensions must not exceed 64")
            if self._ndim() != 1 and len(shape) != 1:
                raise TypeError("memoryview: cast must be 1D -> ND or ND -> 1D")
        fmt = format[1:] if format.startswith("@") else format
        if fmt not in _SIZES:
            raise ValueError(
                "memoryview: destination format must be a native single character format "
                "prefixed with an optional '@'")
        if self._fmt not in _BYTE_FORMATS and fmt not in _BYTE_FORMATS:
            raise TypeError("memoryview: cannot cast between two non-byte formats")
        size = _SIZES[fmt]
        nbytes = self._count * self._size
        if nbytes % size:
            raise TypeError("memoryview: length is not a multiple of itemsize")
        view = self._derived(self._start, size, nbytes // size, fmt, size, self._readonly)
        if shape is None:
            return view
        count = 1
        for d in shape:
            if not isinstance(d, int) or d <= 0:
                raise ValueError("memoryview.cast(): elements of shape must be integers > 0")
            count *= d
        if count * size != nbytes:
            raise TypeError("memoryview: product(shape) * itemsize != buffer size")
        strides = []
        stride = size
        for d in reversed(shape):
            strides.append(stride)
            stride *= d
        view._set_nd(shape, strides[::-1])
        return view

    # -- attributes ---------------------------------------------------------------------------

    @property
    def obj(self):
        """The underlying object of the memoryview."""
        self._check()
        return self._obj

    @property
    def nbytes(self):
        """The amount of space in bytes that the array would use in a contiguous representation."""
        self._check()
        return self._count * self._size

    @property
    def readonly(self):
        """A bool indicating whether the memory is read only."""
        self._check()
        return self._readonly

    @property
    def itemsize(self):
        """The size in bytes of each element of the memoryview."""
        self._check()
        return self._size

    @property
    def format(self):
        """A string containing the format (in struct module style) for each element in the view."""
        self._check()
        return self._fmt

    @property
    def ndim(self):
        """An integer indicating how many dimensions of a multi-dimensional array the memory represents."""
        self._check()
        return self._ndim()

    @property
    def shape(self):
        """A tuple of ndim integers giving the shape of the memory as an N-dimensional array."""
        self._check()
        return self._dims()[0]

    @property
    def strides(self):
        """A tuple of ndim integers giving the size in bytes to access each element for each dimension of the array."""
        self._check()
        return self._dims()[1]

    @property
    def suboffsets(self):
        """A tuple of integers used internally for PIL-style arrays."""
        self._check()
        return ()

    @property
    def c_contiguous(self):
        """A bool indicating whether the memory is C contiguous."""
        self._check()
        return self._contiguous()

    @property
    def f_contiguous(self):
        """A bool indicating whether the memory is Fortran contiguous."""
        self._check()
        return self._contiguous(fortran=True)

    @property
    def contiguous(self):
        """A bool indicating whether the memory is contiguous."""
        self._check()
        return self._contiguous() or self._contiguous(fortran=True)


def _multi_index(key):
    """A tuple of indices (CPython's `is_multiindex`)."""
    return isinstance(key, tuple) and all(hasattr(type(k), "__index__") for k in key)


def _multi_slice(key):
    """A tuple of slices (CPython's `is_multislice`)."""
    return isinstance(key, tuple) and all(isinstance(k, slice) for k in key)


def _same_shape(a, b):
    """CPython's `equiv_shape`: as many dimensions, equal up to the first empty one."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x != y:
            return False
        if x == 0:
            break
    return True


def _nest(items, shape):
    if len(shape) == 1:
        return items
    inner = 1
    for n in shape[1:]:
        inner *= n
    return [_nest(items[k * inner:(k + 1) * inner], shape[1:]) for k in range(shape[0])]


_builtins.memoryview = memoryview

# A Sequence, as CPython registers it; collections.abc registers it if imported after this.
_sequence = getattr(_sys.modules.get("collections.abc"), "Sequence", None)
if _sequence is not None:
    _sequence.register(memoryview)
del _sequence
