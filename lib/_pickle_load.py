"""The reading half of `pickle`: the Unpickler, one method per opcode."""

import sys
import pickle
from pickle import UnpicklingError, HIGHEST_PROTOCOL, _Stop, _NAMES, _MODULES, _module_of, _getattribute, _float_unpack, \
    _raw_unicode_unescape, _codecs_encode, decode_long
from copyreg import _extension_cache, _inverted_registry

globals().update({k: getattr(pickle, k) for k in dir(pickle) if k.isupper() and type(getattr(pickle, k)) is bytes})

class _Unpickler:

    def __init__(self, file, *, fix_imports=True, encoding="ASCII", errors="strict",
                 buffers=None):
        self._file_read = file.read
        self._file_readline = file.readline
        self._data = None
        self._pos = 0
        self._buffers = iter(buffers) if buffers is not None else None
        self.memo = {}
        self.encoding = encoding
        self.errors = errors
        self.proto = 0
        self.fix_imports = fix_imports

    # -- input, through the current frame if there is one
    def _read(self, n):
        data = self._data
        if data is not None:
            pos = self._pos
            end = pos + n
            if end <= len(data):
                self._pos = end
                return data[pos:end]
            if pos < len(data):
                raise UnpicklingError("pickle exhausted before end of frame")
            self._data = None
        chunk = self._file_read(n)
        if len(chunk) < n:
            raise UnpicklingError("pickle data was truncated")
        return chunk

    def _readline(self):
        data = self._data
        if data is not None:
            pos = self._pos
            end = data.find(b'\n', pos)
            if end >= 0:
                self._pos = end + 1
                return data[pos:end + 1]
            if pos < len(data):
                raise UnpicklingError("pickle exhausted before end of frame")
            self._data = None
        line = self._file_readline()
        if not line.endswith(b'\n'):
            raise UnpicklingError("pickle data was truncated")
        return line

    def _next_opcode(self):
        data = self._data
        if data is not None:
            pos = self._pos
            if pos < len(data):
                self._pos = pos + 1
                return data[pos]
            self._data = None
        key = self._file_read(1)
        if not key:
            raise EOFError("Ran out of input")
        return key[0]

    def load(self):
        if not hasattr(self, "_file_read"):
            raise UnpicklingError("Unpickler.__init__() was not called by %s.__init__()"
                                  % (self.__class__.__name__,))
        self.metastack = []
        self.stack = []
        self.append = self.stack.append
        dispatch = _LOAD
        try:
            while True:
                key = self._next_opcode()
                f = dispatch[key]
                if f is None:
                    raise UnpicklingError("invalid load key, %r." % chr(key))
                f(self)
        except _Stop as stopinst:
            return stopinst.value

    def pop_mark(self):
        items = self.stack
        if not self.metastack:
            raise UnpicklingError("could not find MARK")
        self.stack = self.metastack.pop()
        self.append = self.stack.append
        return items

    def _pop(self):
        if not self.stack:
            raise UnpicklingError("unpickling stack underflow")
        return self.stack.pop()

    def persistent_load(self, pid):
        raise UnpicklingError("A load persistent id instruction was encountered,\n"
                              "but no persistent_load function was specified.")

    def find_class(self, module, name):
        if self.proto < 3 and self.fix_imports:
            if (module, name) in _NAMES:
                module, name = _NAMES[(module, name)]
            elif module in _MODULES:
                module = _MODULES[module]
        if module == "_codecs" and name == "encode":
            return _codecs_encode
        mod = _module_of(module)
        if self.proto >= 4:
            try:
                return _getattribute(mod, name)
            except AttributeError:
                raise AttributeError("Can't get attribute %r on %r" % (name, mod)) from None
        try:
            return getattr(mod, name)
        except AttributeError:
            raise AttributeError("Can't get attribute %r on %r" % (name, mod)) from None

    # -- the opcodes
    def load_proto(self):
        proto = self._read(1)[0]
        if not 0 <= proto <= HIGHEST_PROTOCOL:
            raise ValueError("unsupported pickle protocol: %d" % proto)
        self.proto = proto

    def load_frame(self):
        size = int.from_bytes(self._read(8), "little")
        if self._data is not None and self._pos < len(self._data):
            raise UnpicklingError("beginning of a new frame before end of current frame")
        frame = self._file_read(size)
        if len(frame) < size:
            raise UnpicklingError("pickle data was truncated")
        self._data = frame
        self._pos = 0

    def load_persid(self):
        try:
            pid = self._readline()[:-1].decode("ascii")
        except UnicodeDecodeError:
            raise UnpicklingError("persistent IDs in protocol 0 must be ASCII strings")
        self.append(self.persistent_load(pid))

    def load_binpersid(self):
        pid = self._pop()
        self.append(self.persistent_load(pid))

    def load_none(self):
        self.append(None)

    def load_false(self):
        self.append(False)

    def load_true(self):
        self.append(True)

    def load_int(self):
        data = self._readline()
        if data == b'I00\n'[1:]:
            val = False
        elif data == b'I01\n'[1:]:
            val = True
        else:
            val = int(data.decode("ascii"))
        self.append(val)

    def load_binint(self):
        self.append(int.from_bytes(self._read(4), "little", signed=True))

    def load_binint1(self):
        self.append(self._read(1)[0])

    def load_binint2(self):
        self.append(int.from_bytes(self._read(2), "little"))

    def load_long(self):
        val = self._readline()[:-1]
        if val and val[-1] == ord('L'):
            val = val[:-1]
        self.append(int(val.decode("ascii")))

    def load_long1(self):
        n = self._read(1)[0]
        self.append(decode_long(self._read(n)))

    def load_long4(self):
        n = int.from_bytes(self._read(4), "little", signed=True)
        if n < 0:
            raise UnpicklingError("LONG pickle has negative byte count")
        self.append(decode_long(self._read(n)))

    def load_float(self):
        self.append(float(self._readline()[:-1].decode("ascii")))

    def load_binfloat(self):
        self.append(_float_unpack(self._read(8)))

    def _decode_string(self, value):
        if self.encoding == "bytes":
            return value
        return value.decode(self.encoding, self.errors)

    def load_string(self):
        data = self._readline()[:-1]
        if len(data) >= 2 and data[0] == data[-1] and data[0] in b'"\'':
            data = data[1:-1]
        else:
            raise UnpicklingError("the STRING opcode argument must be quoted")
        import ast
        self.append(self._decode_string(ast.literal_eval("b'" + data.decode("latin-1") + "'")))

    def load_binstring(self):
        n = int.from_bytes(self._read(4), "little", signed=True)
        if n < 0:
            raise UnpicklingError("BINSTRING pickle has negative byte count")
        self.append(self._decode_string(self._read(n)))

    def load_short_binstring(self):
        n = self._read(1)[0]
        self.append(self._decode_string(self._read(n)))

    def load_binbytes(self):
        n = int.from_bytes(self._read(4), "little")
        self.append(bytes(self._read(n)))

    def load_short_binbytes(self):
        n = self._read(1)[0]
        self.append(bytes(self._read(n)))

    def load_binbytes8(self):
        n = int.from_bytes(self._read(8), "little")
        self.append(bytes(self._read(n)))

    def load_bytearray8(self):
        n = int.from_bytes(self._read(8), "little")
        self.append(bytearray(self._read(n)))

    def load_next_buffer(self):
        if self._buffers is None:
            raise UnpicklingError("pickle stream refers to out-of-band data "
                                  "but no *buffers* argument was given")
        try:
            buf = next(self._buffers)
        except StopIteration:
            raise UnpicklingError("not enough out-of-band buffers")
        self.append(buf)

    def load_readonly_buffer(self):
        pass

    def load_unicode(self):
        self.append(_raw_unicode_unescape(self._readline()[:-1]))

    def load_binunicode(self):
        n = int.from_bytes(self._read(4), "little")
        self.append(str(self._read(n), 'utf-8', 'surrogatepass'))

    def load_binunicode8(self):
        n = int.from_bytes(self._read(8), "little")
        self.append(str(self._read(n), 'utf-8', 'surrogatepass'))

    def load_short_binunicode(self):
        n = self._read(1)[0]
        self.append(str(self._read(n), 'utf-8', 'surrogatepass'))

    def load_tuple(self):
        items = self.pop_mark()
        self.append(tuple(items))

    def load_empty_tuple(self):
        self.append(())

    def load_tuple1(self):
        self.stack[-1] = (self.stack[-1],)

    def load_tuple2(self):
        stack = self.stack
        if len(stack) < 2:
            raise UnpicklingError("unpickling stack underflow")
        stack[-2:] = [(stack[-2], stack[-1])]

    def load_tuple3(self):
        stack = self.stack
        if len(stack) < 3:
            raise UnpicklingError("unpickling stack underflow")
        stack[-3:] = [(stack[-3], stack[-2], stack[-1])]

    def load_empty_list(self):
        self.append([])

    def load_empty_dictionary(self):
        self.append({})

    def load_empty_set(self):
        self.append(set())

    def load_frozenset(self):
        items = self.pop_mark()
        self.append(frozenset(items))

    def load_list(self):
        items = self.pop_mark()
        self.append(items)

    def load_dict(self):
        items = self.pop_mark()
        d = {items[i]: items[i + 1] for i in range(0, len(items), 2)}
        self.append(d)

    def _instantiate(self, klass, args):
        if (args or not isinstance(klass, type) or hasattr(klass, "__getinitargs__")):
            try:
                value = klass(*args)
            except TypeError as err:
                raise TypeError("in constructor for %s: %s" % (klass.__name__, str(err)))
        else:
            value = klass.__new__(klass)
        self.append(value)

    def load_inst(self):
        module = self._readline()[:-1].decode("ascii")
        name = self._readline()[:-1].decode("ascii")
        klass = self.find_class(module, name)
        self._instantiate(klass, self.pop_mark())

    def load_obj(self):
        args = self.pop_mark()
        cls = args.pop(0)
        self._instantiate(cls, args)

    def load_newobj(self):
        args = self._pop()
        cls = self._pop()
        if not isinstance(args, tuple):
            raise UnpicklingError("NEWOBJ expected an arg tuple.")
        self.append(cls.__new__(cls, *args))

    def load_newobj_ex(self):
        kwargs = self._pop()
        args = self._pop()
        cls = self._pop()
        self.append(cls.__new__(cls, *args, **kwargs))

    def load_global(self):
        module = self._readline()[:-1].decode("utf-8")
        name = self._readline()[:-1].decode("utf-8")
        self.append(self.find_class(module, name))

    def load_stack_global(self):
        name = self._pop()
        module = self._pop()
        if type(name) is not str or type(module) is not str:
            raise UnpicklingError("STACK_GLOBAL requires str")
        self.append(self.find_class(module, name))

    def _load_ext(self, code):
        obj = _extension_cache.get(code, _extension_cache)
        if obj is not _extension_cache:
            self.append(obj)
            return
        key = _inverted_registry.get(code)
        if not key:
            if code <= 0:
                raise UnpicklingError("EXT specifies code <= 0")
            raise ValueError("unregistered extension code %d" % code)
        obj = self.find_class(*key)
        _extension_cache[code] = obj
        self.append(obj)

    def load_ext1(self):
        self._load_ext(self._read(1)[0])

    def load_ext2(self):
        self._load_ext(int.from_bytes(self._read(2), "little"))

    def load_ext4(self):
        self._load_ext(int.from_bytes(self._read(4), "little", signed=True))

    def load_reduce(self):
        args = self._pop()
        func = self._pop()
        self.append(func(*args))

    def load_pop(self):
        if self.stack:
            self.stack.pop()
        else:
            self.pop_mark()

    def load_pop_mark(self):
        self.pop_mark()

    def load_dup(self):
        self.append(self.stack[-1])

    def _memo_get(self, i):
        try:
            return self.memo[i]
        except KeyError:
            raise UnpicklingError("Memo value not found at index %d" % i) from None

    def load_get(self):
        self.append(self._memo_get(int(self._readline()[:-1].decode("ascii"))))

    def load_binget(self):
        self.append(self._memo_get(self._read(1)[0]))

    def load_long_binget(self):
        self.append(self._memo_get(int.from_bytes(self._read(4), "little")))

    def load_put(self):
        i = int(self._readline()[:-1].decode("ascii"))
        if i < 0:
            raise ValueError("negative PUT argument")
        self.memo[i] = self.stack[-1]

    def load_binput(self):
        self.memo[self._read(1)[0]] = self.stack[-1]

    def load_long_binput(self):
        self.memo[int.from_bytes(self._read(4), "little")] = self.stack[-1]

    def load_memoize(self):
        memo = self.memo
        memo[len(memo)] = self.stack[-1]

    def load_append(self):
        value = self._pop()
        self.stack[-1].append(value)

    def load_appends(self):
        items = self.pop_mark()
        list_obj = self.stack[-1]
        if isinstance(list_obj, list):
            list_obj.extend(items)
        else:
            for item in items:
                list_obj.append(item)

    def load_setitem(self):
        stack = self.stack
        value = stack.pop()
        key = stack.pop()
        stack[-1][key] = value

    def load_setitems(self):
        items = self.pop_mark()
        d = self.stack[-1]
        for i in range(0, len(items), 2):
            d[items[i]] = items[i + 1]

    def load_additems(self):
        items = self.pop_mark()
        set_obj = self.stack[-1]
        if isinstance(set_obj, set):
            set_obj.update(items)
        else:
            for item in items:
                set_obj.add(item)

    def load_build(self):
        state = self._pop()
        inst = self.stack[-1]
        setstate = getattr(inst, "__setstate__", None)
        if setstate is not None:
            setstate(state)
            return
        slotstate = None
        if isinstance(state, tuple) and len(state) == 2:
            state, slotstate = state
        if state and isinstance(inst, BaseException):
            for k, v in state.items():
                setattr(inst, k, v)
        elif state:
            inst_dict = inst.__dict__
            for k, v in state.items():
                if type(k) is str:
                    inst_dict[sys.intern(k)] = v
                else:
                    inst_dict[k] = v
        if slotstate:
            for k, v in slotstate.items():
                setattr(inst, k, v)

    def load_mark(self):
        self.metastack.append(self.stack)
        self.stack = []
        self.append = self.stack.append

    def load_stop(self):
        value = self._pop()
        raise _Stop(value)


_LOAD = [None] * 256
for _op, _name in [
        (MARK, "mark"), (STOP, "stop"), (POP, "pop"), (POP_MARK, "pop_mark"), (DUP, "dup"),
        (FLOAT, "float"), (INT, "int"), (BININT, "binint"), (BININT1, "binint1"),
        (LONG, "long"), (BININT2, "binint2"), (NONE, "none"), (PERSID, "persid"),
        (BINPERSID, "binpersid"), (REDUCE, "reduce"), (STRING, "string"),
        (BINSTRING, "binstring"), (SHORT_BINSTRING, "short_binstring"),
        (UNICODE, "unicode"), (BINUNICODE, "binunicode"), (APPEND, "append"),
        (BUILD, "build"), (GLOBAL, "global"), (DICT, "dict"),
        (EMPTY_DICT, "empty_dictionary"), (APPENDS, "appends"), (GET, "get"),
        (BINGET, "binget"), (INST, "inst"), (LONG_BINGET, "long_binget"), (LIST, "list"),
        (EMPTY_LIST, "empty_list"), (OBJ, "obj"), (PUT, "put"), (BINPUT, "binput"),
        (LONG_BINPUT, "long_binput"), (SETITEM, "setitem"), (TUPLE, "tuple"),
        (EMPTY_TUPLE, "empty_tuple"), (SETITEMS, "setitems"), (BINFLOAT, "binfloat"),
        (PROTO, "proto"), (NEWOBJ, "newobj"), (EXT1, "ext1"), (EXT2, "ext2"),
        (EXT4, "ext4"), (TUPLE1, "tuple1"), (TUPLE2, "tuple2"), (TUPLE3, "tuple3"),
        (NEWTRUE, "true"), (NEWFALSE, "false"), (LONG1, "long1"), (LONG4, "long4"),
        (BINBYTES, "binbytes"), (SHORT_BINBYTES, "short_binbytes"),
        (SHORT_BINUNICODE, "short_binunicode"), (BINUNICODE8, "binunicode8"),
        (BINBYTES8, "binbytes8"), (EMPTY_SET, "empty_set"), (ADDITEMS, "additems"),
        (FROZENSET, "frozenset"), (NEWOBJ_EX, "newobj_ex"),
        (STACK_GLOBAL, "stack_global"), (MEMOIZE, "memoize"), (FRAME, "frame"),
        (BYTEARRAY8, "bytearray8"), (NEXT_BUFFER, "next_buffer"),
        (READONLY_BUFFER, "readonly_buffer")]:
    _LOAD[_op[0]] = getattr(_Unpickler, "load_" + _name)



Unpickler = _Unpickler
Unpickler.__name__ = Unpickler.__qualname__ = "Unpickler"
Unpickler.__module__ = "_pickle"
