"""Object serialization in CPython's pickle format (protocols 0 to 5).

`dumps` writes what CPython 3.11 writes for the same data (same opcodes, memo and framing);
`loads` reads pickles of any protocol, CPython's included. Instances travel by a reference to
their class plus their state, as `__reduce_ex__`, `__reduce__`, `__getnewargs__`,
`__getstate__` and `__setstate__` say; functions and classes by their qualified name.
"""

import sys
from copyreg import dispatch_table, _extension_registry, _inverted_registry, \
    _extension_cache

__all__ = ["PickleError", "PicklingError", "UnpicklingError", "Pickler", "Unpickler",
           "dump", "dumps", "load", "loads", "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL"]

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    pass


class UnpicklingError(PickleError):
    pass


for _c in (PickleError, PicklingError, UnpicklingError):
    _c.__module__ = "_pickle"


class _Stop(Exception):
    def __init__(self, value):
        self.value = value


# Opcodes (one byte each).
MARK = b'('
STOP = b'.'
POP = b'0'
POP_MARK = b'1'
DUP = b'2'
FLOAT = b'F'
INT = b'I'
BININT = b'J'
BININT1 = b'K'
LONG = b'L'
BININT2 = b'M'
NONE = b'N'
PERSID = b'P'
BINPERSID = b'Q'
REDUCE = b'R'
STRING = b'S'
BINSTRING = b'T'
SHORT_BINSTRING = b'U'
UNICODE = b'V'
BINUNICODE = b'X'
APPEND = b'a'
BUILD = b'b'
GLOBAL = b'c'
DICT = b'd'
EMPTY_DICT = b'}'
APPENDS = b'e'
GET = b'g'
BINGET = b'h'
INST = b'i'
LONG_BINGET = b'j'
LIST = b'l'
EMPTY_LIST = b']'
OBJ = b'o'
PUT = b'p'
BINPUT = b'q'
LONG_BINPUT = b'r'
SETITEM = b's'
TUPLE = b't'
EMPTY_TUPLE = b')'
SETITEMS = b'u'
BINFLOAT = b'G'
TRUE = b'I01\n'
FALSE = b'I00\n'
PROTO = b'\x80'
NEWOBJ = b'\x81'
EXT1 = b'\x82'
EXT2 = b'\x83'
EXT4 = b'\x84'
TUPLE1 = b'\x85'
TUPLE2 = b'\x86'
TUPLE3 = b'\x87'
NEWTRUE = b'\x88'
NEWFALSE = b'\x89'
LONG1 = b'\x8a'
LONG4 = b'\x8b'
BINBYTES = b'B'
SHORT_BINBYTES = b'C'
SHORT_BINUNICODE = b'\x8c'
BINUNICODE8 = b'\x8d'
BINBYTES8 = b'\x8e'
EMPTY_SET = b'\x8f'
ADDITEMS = b'\x90'
FROZENSET = b'\x91'
NEWOBJ_EX = b'\x92'
STACK_GLOBAL = b'\x93'
MEMOIZE = b'\x94'
FRAME = b'\x95'
BYTEARRAY8 = b'\x96'
NEXT_BUFFER = b'\x97'
READONLY_BUFFER = b'\x98'

_TUPLESIZE_TO_OP = [EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3]
_FRAME_SIZE_MIN = 4
_FRAME_SIZE_TARGET = 64 * 1024
_BATCHSIZE = 1000

from _pickle_support import (  # noqa: E402
    _NAMES, _MODULES, _REVERSE_NAMES, _REVERSE_MODULES, _float_pack, _float_unpack,
    encode_long, decode_long, _raw_unicode_escape, _raw_unicode_unescape, _getattribute,
    _module_of, whichmodule, _reduce_object, _class_defines)

# ---------------------------------------------------------------- the pickler

class _Pickler:

    def __init__(self, file, protocol=None, *, fix_imports=True, buffer_callback=None):
        if protocol is None:
            protocol = DEFAULT_PROTOCOL
        if protocol < 0:
            protocol = HIGHEST_PROTOCOL
        elif not 0 <= protocol <= HIGHEST_PROTOCOL:
            raise ValueError("pickle protocol must be <= %d" % HIGHEST_PROTOCOL)
        if buffer_callback is not None and protocol < 5:
            raise ValueError("buffer_callback needs protocol >= 5")
        try:
            self._file_write = file.write
        except AttributeError:
            raise TypeError("file must have a 'write' attribute")
        self.proto = int(protocol)
        self.bin = protocol >= 1
        self.fast = 0
        self.fix_imports = fix_imports and protocol < 3
        self.memo = {}
        self._frame = None
        self._frame_size = 0
        self._reducer_override = getattr(self, "reducer_override", None)
        self._has_persistent_id = type(self).persistent_id is not _Pickler.persistent_id

    def clear_memo(self):
        self.memo.clear()

    def dump(self, obj):
        if not hasattr(self, "_file_write"):
            raise PicklingError("Pickler.__init__() was not called by %s.__init__()"
                                % (self.__class__.__name__,))
        if self.proto >= 2:
            self._file_write(PROTO + bytes((self.proto,)))
        if self.proto >= 4:
            self._frame = []
            self._frame_size = 0
        # Hooks a subclass may give, looked up once per dump.
        self._reducer_override = getattr(self, "reducer_override", None)
        self._has_persistent_id = type(self).persistent_id is not _Pickler.persistent_id
        try:
            self.save(obj)
            self.write(STOP)
            self._commit_frame(True)
        finally:
            self._frame = None

    # -- output and framing
    def write(self, data):
        frame = self._frame
        if frame is not None:
            frame.append(data)
            self._frame_size += len(data)
        else:
            self._file_write(data)

    def _commit_frame(self, force=False):
        frame = self._frame
        size = self._frame_size
        if frame is not None and (force or size >= _FRAME_SIZE_TARGET):
            if size >= _FRAME_SIZE_MIN:
                self._file_write(FRAME + size.to_bytes(8, "little"))
            if frame:
                self._file_write(b''.join(frame))
            self._frame = []
            self._frame_size = 0

    def _write_large_bytes(self, header, payload):
        if self._frame is None:
            self._file_write(header + payload)
            return
        self._commit_frame(True)
        self._file_write(header)
        self._file_write(payload)

    # -- the memo
    def memoize(self, obj):
        if self.fast:
            return
        idx = len(self.memo)
        if self.proto >= 4:
            self.write(MEMOIZE)
        elif self.bin:
            if idx < 256:
                self.write(BINPUT + bytes((idx,)))
            else:
                self.write(LONG_BINPUT + idx.to_bytes(4, "little"))
        else:
            self.write(PUT + repr(idx).encode("ascii") + b'\n')
        self.memo[id(obj)] = idx, obj

    def get(self, i):
        if self.bin:
            if i < 256:
                return BINGET + bytes((i,))
            return LONG_BINGET + i.to_bytes(4, "little")
        return GET + repr(i).encode("ascii") + b'\n'

    # -- the dispatch
    def save(self, obj, save_persistent_id=True):
        if self._frame is not None and self._frame_size >= _FRAME_SIZE_TARGET:
            self._commit_frame()
        if self._has_persistent_id and save_persistent_id:
            pid = self.persistent_id(obj)
            if pid is not None:
                self.save_pers(pid)
                return
        x = self.memo.get(id(obj))
        if x is not None:
            self.write(self.get(x[0]))
            return
        rv = NotImplemented
        reduce = self._reducer_override
        if reduce is not None:
            rv = reduce(obj)
        if rv is NotImplemented:
            t = type(obj)
            f = _DISPATCH.get(t)
            if f is not None:
                f(self, obj)
                return
            table = getattr(self, 'dispatch_table', dispatch_table)
            reduce = table.get(t)
            if reduce is not None:
                rv = reduce(obj)
            elif isinstance(obj, type):
                self.save_global(obj)
                return
            else:
                rv = self._reduce(obj, t)
        if isinstance(rv, str):
            self.save_global(obj, rv)
            return
        if not isinstance(rv, tuple):
            raise PicklingError("%s must return string or tuple" % "__reduce__")
        n = len(rv)
        if not (2 <= n <= 6):
            raise PicklingError("Tuple returned by %s must have two to six elements"
                                % "__reduce__")
        self.save_reduce(obj=obj, *rv)

    def _reduce(self, obj, t):
        if _class_defines(t, '__reduce_ex__'):
            return obj.__reduce_ex__(self.proto)
        if _class_defines(t, '__reduce__'):
            return obj.__reduce__()
        if t.__name__ == 'method':
            return (getattr, (obj.__self__, obj.__func__.__name__))
        if t is slice:
            return (slice, (obj.start, obj.stop, obj.step))
        if t is range:
            return (range, (obj.start, obj.stop, obj.step))
        if t is complex:
            return (complex, (obj.real, obj.imag))
        return _reduce_object(obj, self.proto)

    def persistent_id(self, obj):
        return None

    def save_pers(self, pid):
        if self.bin:
            self.save(pid, save_persistent_id=False)
            self.write(BINPERSID)
        else:
            try:
                self.write(PERSID + str(pid).encode("ascii") + b'\n')
            except UnicodeEncodeError:
                raise PicklingError("persistent IDs in protocol 0 must be ASCII strings")

    def save_reduce(self, func, args, state=None, listitems=None, dictitems=None,
                    state_setter=None, *, obj=None):
        if not isinstance(args, tuple):
            raise PicklingError("args from save_reduce() must be a tuple")
        if not callable(func):
            raise PicklingError("func from save_reduce() must be callable")
        save = self.save
        write = self.write
        func_name = getattr(func, "__name__", "")
        if self.proto >= 2 and func_name == "__newobj_ex__":
            cls, args, kwargs = args
            if obj is not None and cls is not obj.__class__:
                raise PicklingError("args[0] from __newobj_ex__ args has the wrong class")
            if self.proto >= 4:
                save(cls)
                save(args)
                save(kwargs)
                write(NEWOBJ_EX)
            else:
                from functools import partial
                save(partial(cls.__new__, cls, *args, **kwargs))
                save(())
                write(REDUCE)
        elif self.proto >= 2 and func_name == "__newobj__":
            cls = args[0]
            if not hasattr(cls, "__new__"):
                raise PicklingError("args[0] from __newobj__ args has no __new__")
            if obj is not None and cls is not obj.__class__:
                raise PicklingError("args[0] from __newobj__ args has the wrong class")
            save(cls)
            save(args[1:])
            write(NEWOBJ)
        else:
            save(func)
            save(args)
            write(REDUCE)
        if obj is not None:
            x = self.memo.get(id(obj))
            if x is not None:
                write(POP + self.get(x[0]))
            else:
                self.memoize(obj)
        if listitems is not None:
            self._batch_appends(listitems)
        if dictitems is not None:
            self._batch_setitems(dictitems)
        if state is not None:
            if state_setter is None:
                save(state)
                write(BUILD)
            else:
                save(state_setter)
                save(obj)
                save(state)
                write(TUPLE2)
                write(REDUCE)
                write(POP)

    # -- the types written directly
    def save_none(self, obj):
        self.write(NONE)

    def save_bool(self, obj):
        if self.proto >= 2:
            self.write(NEWTRUE if obj else NEWFALSE)
        else:
            self.write(TRUE if obj else FALSE)

    def save_long(self, obj):
        if self.bin:
            if obj >= 0:
                if obj <= 0xff:
                    self.write(BININT1 + bytes((obj,)))
                    return
                if obj <= 0xffff:
                    self.write(BININT2 + obj.to_bytes(2, "little"))
                    return
            if -0x80000000 <= obj <= 0x7fffffff:
                self.write(BININT + obj.to_bytes(4, "little", signed=True))
                return
        if self.proto >= 2:
            data = encode_long(obj)
            n = len(data)
            if n < 256:
                self.write(LONG1 + bytes((n,)) + data)
            else:
                self.write(LONG4 + n.to_bytes(4, "little", signed=True) + data)
            return
        if -0x80000000 <= obj <= 0x7fffffff:
            self.write(INT + repr(obj).encode("ascii") + b'\n')
        else:
            self.write(LONG + repr(obj).encode("ascii") + b'L\n')

    def save_float(self, obj):
        if self.bin:
            self.write(BINFLOAT + _float_pack(obj))
        else:
            self.write(FLOAT + repr(obj).encode("ascii") + b'\n')

    def save_bytes(self, obj):
        if self.proto < 3:
            if not obj:
                self.save_reduce(bytes, (), obj=obj)
            else:
                self.save_reduce(_codecs_encode, (''.join(map(chr, obj)), 'latin1'), obj=obj)
            return
        n = len(obj)
        if n <= 0xff:
            self.write(SHORT_BINBYTES + bytes((n,)) + obj)
        elif n > 0xffffffff and self.proto >= 4:
            self._write_large_bytes(BINBYTES8 + n.to_bytes(8, "little"), obj)
        elif n >= _FRAME_SIZE_TARGET:
            self._write_large_bytes(BINBYTES + n.to_bytes(4, "little"), obj)
        else:
            self.write(BINBYTES + n.to_bytes(4, "little") + obj)
        self.memoize(obj)

    def save_bytearray(self, obj):
        if self.proto < 5:
            if not obj:
                self.save_reduce(bytearray, (), obj=obj)
            else:
                self.save_reduce(bytearray, (bytes(obj),), obj=obj)
            return
        n = len(obj)
        if n >= _FRAME_SIZE_TARGET:
            self._write_large_bytes(BYTEARRAY8 + n.to_bytes(8, "little"), bytes(obj))
        else:
            self.write(BYTEARRAY8 + n.to_bytes(8, "little") + bytes(obj))
        self.memoize(obj)

    def save_str(self, obj):
        if self.bin:
            encoded = obj.encode('utf-8', 'surrogatepass')
            n = len(encoded)
            if n <= 0xff and self.proto >= 4:
                self.write(SHORT_BINUNICODE + bytes((n,)) + encoded)
            elif n > 0xffffffff and self.proto >= 4:
                self._write_large_bytes(BINUNICODE8 + n.to_bytes(8, "little"), encoded)
            elif n >= _FRAME_SIZE_TARGET:
                self._write_large_bytes(BINUNICODE + n.to_bytes(4, "little"), encoded)
            else:
                self.write(BINUNICODE + n.to_bytes(4, "little") + encoded)
        else:
            tmp = obj.replace("\\", "\\u005c").replace("\0", "\\u0000").replace(
                "\n", "\\u000a").replace("\r", "\\u000d").replace("\x1a", "\\u001a")
            self.write(UNICODE + _raw_unicode_escape(tmp) + b'\n')
        self.memoize(obj)

    def save_tuple(self, obj):
        if not obj:
            if self.bin:
                self.write(EMPTY_TUPLE)
            else:
                self.write(MARK + TUPLE)
            return
        n = len(obj)
        save = self.save
        memo = self.memo
        if n <= 3 and self.proto >= 2:
            for element in obj:
                save(element)
            x = memo.get(id(obj))
            if x is not None:
                self.write(POP * n + self.get(x[0]))
            else:
                self.write(_TUPLESIZE_TO_OP[n])
                self.memoize(obj)
            return
        self.write(MARK)
        for element in obj:
            save(element)
        x = memo.get(id(obj))
        if x is not None:
            if self.bin:
                self.write(POP_MARK + self.get(x[0]))
            else:
                self.write(POP * (n + 1) + self.get(x[0]))
            return
        self.write(TUPLE)
        self.memoize(obj)

    def save_list(self, obj):
        if self.bin:
            self.write(EMPTY_LIST)
        else:
            self.write(MARK + LIST)
        self.memoize(obj)
        self._batch_appends(obj)

    def _batch_appends(self, items):
        save = self.save
        write = self.write
        if not self.bin:
            for x in items:
                save(x)
                write(APPEND)
            return
        batch = []
        for x in items:
            batch.append(x)
            if len(batch) == _BATCHSIZE:
                write(MARK)
                for y in batch:
                    save(y)
                write(APPENDS)
                batch = []
        if len(batch) > 1:
            write(MARK)
            for y in batch:
                save(y)
            write(APPENDS)
        elif batch:
            save(batch[0])
            write(APPEND)

    def save_dict(self, obj):
        if self.bin:
            self.write(EMPTY_DICT)
        else:
            self.write(MARK + DICT)
        self.memoize(obj)
        self._batch_setitems(obj.items())

    def _batch_setitems(self, items):
        save = self.save
        write = self.write
        if not self.bin:
            for k, v in items:
                save(k)
                save(v)
                write(SETITEM)
            return
        batch = []
        for item in items:
            batch.append(item)
            if len(batch) == _BATCHSIZE:
                write(MARK)
                for k, v in batch:
                    save(k)
                    save(v)
                write(SETITEMS)
                batch = []
        if len(batch) > 1:
            write(MARK)
            for k, v in batch:
                save(k)
                save(v)
            write(SETITEMS)
        elif batch:
            k, v = batch[0]
            save(k)
            save(v)
            write(SETITEM)

    def save_set(self, obj):
        if self.proto < 4:
            self.save_reduce(set, (list(obj),), obj=obj)
            return
        save = self.save
        write = self.write
        write(EMPTY_SET)
        self.memoize(obj)
        items = list(obj)
        for start in range(0, len(items), _BATCHSIZE):
            write(MARK)
            for item in items[start:start + _BATCHSIZE]:
                save(item)
            write(ADDITEMS)

    def save_frozenset(self, obj):
        if self.proto < 4:
            self.save_reduce(frozenset, (list(obj),), obj=obj)
            return
        self.write(MARK)
        for item in obj:
            self.save(item)
        x = self.memo.get(id(obj))
        if x is not None:
            self.write(POP_MARK + self.get(x[0]))
            return
        self.write(FROZENSET)
        self.memoize(obj)

    def save_global(self, obj, name=None):
        write = self.write
        if name is None:
            name = getattr(obj, '__qualname__', None)
        if name is None:
            name = obj.__name__
        module_name = whichmodule(obj, name)
        if obj is _codecs_encode:
            module_name, name, module = "_codecs", "encode", None
            self.write(GLOBAL + b'_codecs\nencode\n') if self.proto < 4 else (
                self.save(module_name), self.save(name), self.write(STACK_GLOBAL))
            self.memoize(obj)
            return
        if '<locals>' in name.split('.'):
            raise AttributeError("Can't pickle local object %r" % name)
        try:
            module = _module_of(module_name)
        except ImportError:
            raise PicklingError("Can't pickle %r: import of module %r failed"
                                % (obj, module_name)) from None
        try:
            obj2 = _getattribute(module, name)
        except AttributeError:
            raise PicklingError("Can't pickle %r: attribute lookup %s on %s failed"
                                % (obj, name, module_name)) from None
        if obj2 is not obj:
            raise PicklingError("Can't pickle %r: it's not the same object as %s.%s"
                                % (obj, module_name, name))
        if self.proto >= 2:
            code = _extension_registry.get((module_name, name))
            if code:
                if code <= 0xff:
                    write(EXT1 + bytes((code,)))
                elif code <= 0xffff:
                    write(EXT2 + code.to_bytes(2, "little"))
                else:
                    write(EXT4 + code.to_bytes(4, "little", signed=True))
                return
        lastname = name.rpartition('.')[2]
        if module is not None and module_name == "__mp_main__":
            module_name = "__main__"
        if self.proto >= 4:
            self.save(module_name)
            self.save(name)
            write(STACK_GLOBAL)
        elif self.proto >= 3 or not self.fix_imports:
            if lastname != name:
                self.save_reduce(getattr, (_module_of(module_name), lastname))
                return
            write(GLOBAL + module_name.encode("utf-8") + b'\n' +
                  name.encode("utf-8") + b'\n')
        else:
            if lastname != name:
                self.save_reduce(getattr, (_module_of(module_name), lastname))
                return
            key = (module_name, name)
            if key in _REVERSE_NAMES:
                module_name, name = _REVERSE_NAMES[key]
            elif module_name in _REVERSE_MODULES:
                module_name = _REVERSE_MODULES[module_name]
            try:
                write(GLOBAL + module_name.encode("ascii") + b'\n' +
                      name.encode("ascii") + b'\n')
            except UnicodeEncodeError:
                raise PicklingError("can't pickle global identifier '%s.%s' using "
                                    "pickle protocol %i" % (module_name, name, self.proto))
        self.memoize(obj)

    def save_builtin(self, obj):
        owner = obj.__self__
        if owner is None or type(owner).__name__ == 'module':
            self.save_global(obj)
        else:
            self.save_reduce(getattr, (owner, obj.__name__), obj=obj)

    def save_type(self, obj):
        if obj is type(None):
            return self.save_reduce(type, (None,), obj=obj)
        if obj is type(NotImplemented):
            return self.save_reduce(type, (NotImplemented,), obj=obj)
        if obj is type(...):
            return self.save_reduce(type, (...,), obj=obj)
        return self.save_global(obj)


def _codecs_encode(text, encoding):
    if encoding in ('latin1', 'latin-1', 'iso-8859-1'):
        return bytes(map(ord, text))
    return text.encode(encoding)


_codecs_encode.__module__ = "_codecs"
_codecs_encode.__qualname__ = "encode"
_codecs_encode.__name__ = "encode"


def _function_type():
    def f():
        pass
    return type(f)


_DISPATCH = {
    type(None): _Pickler.save_none,
    bool: _Pickler.save_bool,
    int: _Pickler.save_long,
    float: _Pickler.save_float,
    bytes: _Pickler.save_bytes,
    bytearray: _Pickler.save_bytearray,
    str: _Pickler.save_str,
    tuple: _Pickler.save_tuple,
    list: _Pickler.save_list,
    dict: _Pickler.save_dict,
    set: _Pickler.save_set,
    frozenset: _Pickler.save_frozenset,
    _function_type(): _Pickler.save_global,
    type: _Pickler.save_type,
    type(len): _Pickler.save_builtin,
}


# ---------------------------------------------------------------- the public face

class _BytesOut:
    def __init__(self):
        self.chunks = []
        self.write = self.chunks.append

    def getvalue(self):
        return b''.join(self.chunks)


class _BytesIn:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def read(self, n):
        pos = self.pos
        self.pos = pos + n
        return self.data[pos:pos + n]

    def readline(self):
        data = self.data
        end = data.find(b'\n', self.pos)
        end = len(data) if end < 0 else end + 1
        line = data[self.pos:end]
        self.pos = end
        return line


Pickler = _Pickler
Pickler.__name__ = Pickler.__qualname__ = "Pickler"
Pickler.__module__ = "_pickle"


def dump(obj, file, protocol=None, *, fix_imports=True, buffer_callback=None):
    Pickler(file, protocol, fix_imports=fix_imports,
            buffer_callback=buffer_callback).dump(obj)


def dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None):
    f = _BytesOut()
    Pickler(f, protocol, fix_imports=fix_imports, buffer_callback=buffer_callback).dump(obj)
    return f.getvalue()


def load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=None):
    return Unpickler(file, fix_imports=fix_imports, buffers=buffers,
                     encoding=encoding, errors=errors).load()


def loads(data, /, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=None):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(data)
    return Unpickler(_BytesIn(data), fix_imports=fix_imports, buffers=buffers,
                     encoding=encoding, errors=errors).load()


from _pickle_load import Unpickler  # noqa: E402  (it reads the opcodes defined above)
