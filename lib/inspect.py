"""Get information about live objects, as CPython's inspect (its common part): the `is*`
type tests, `getmembers`, `signature` with `Signature`, `Parameter` and `BoundArguments`,
`getfullargspec`, `getdoc`/`cleandoc`, `getmodule`, `getmro`, `unwrap`, `currentframe`,
`stack`, `getframeinfo`, `getouterframes`, `getinnerframes`, `trace`,
and `getsource`/`getsourcelines` for functions and classes whose file can be read.

Signatures (made in `_inspect_signature`, re-exported here) come from a Python function's
code object (`co_varnames`, `co_flags`, the argument counts), `__defaults__`,
`__kwdefaults__` and `__annotations__`; built-in functions have none (a ValueError, as
CPython for a built-in without a text signature).
"""

import functools
import sys
import types
from collections import namedtuple

__all__ = [
    "ArgInfo", "Attribute", "BoundArguments", "CO_ASYNC_GENERATOR", "CO_COROUTINE",
    "CO_GENERATOR", "CO_ITERABLE_COROUTINE", "CO_NESTED", "CO_NEWLOCALS", "CO_NOFREE",
    "CO_OPTIMIZED", "CO_VARARGS", "CO_VARKEYWORDS", "FullArgSpec", "Parameter",
    "Signature", "cleandoc", "currentframe", "getattr_static", "getdoc", "getfile",
    "getfullargspec", "getmembers", "getmembers_static", "getmodule", "getmro",
    "getsource", "getsourcelines", "isabstract", "isasyncgen", "isasyncgenfunction",
    "isawaitable", "isbuiltin", "isclass", "iscode", "iscoroutine", "iscoroutinefunction",
    "isdatadescriptor", "isframe", "isfunction", "isgenerator", "isgeneratorfunction",
    "isgetsetdescriptor", "ismemberdescriptor", "ismethod", "ismethoddescriptor",
    "ismodule", "isroutine", "istraceback", "signature", "stack", "unwrap",
    "FrameInfo", "Traceback", "getframeinfo", "getouterframes", "getinnerframes",
    "getlineno", "trace",
]

CO_OPTIMIZED = 1
CO_NEWLOCALS = 2
CO_VARARGS = 4
CO_VARKEYWORDS = 8
CO_NESTED = 16
CO_GENERATOR = 32
CO_NOFREE = 64
CO_COROUTINE = 128
CO_ITERABLE_COROUTINE = 256
CO_ASYNC_GENERATOR = 512

TPFLAGS_IS_ABSTRACT = 1 << 20


async def _coroutine_function():
    pass


async def _async_generator_function():
    yield


_coroutine = _coroutine_function()
_CoroutineType = type(_coroutine)
_coroutine.close()
del _coroutine
_AsyncGeneratorType = type(_async_generator_function())


# ---- type tests ----

def ismodule(object):
    """Return true if the object is a module."""
    return isinstance(object, types.ModuleType)


def isclass(object):
    """Return true if the object is a class."""
    return isinstance(object, type)


def ismethod(object):
    """Return true if the object is an instance method."""
    return isinstance(object, types.MethodType)


def isfunction(object):
    """Return true if the object is a user-defined function."""
    return isinstance(object, types.FunctionType)


def _has_code_flag(f, flag):
    while ismethod(f):
        f = f.__func__
    f = _unwrap_partial(f)
    if not (isfunction(f) or _signature_is_functionlike(f)):
        return False
    return bool(f.__code__.co_flags & flag)


def _unwrap_partial(func):
    while isinstance(func, functools.partial):
        func = func.func
    return func


def isgeneratorfunction(obj):
    """Return true if the object is a user-defined generator function."""
    return _has_code_flag(obj, CO_GENERATOR)


def iscoroutinefunction(obj):
    """Return true if the object is a coroutine function."""
    return _has_code_flag(obj, CO_COROUTINE)


def isasyncgenfunction(obj):
    """Return true if the object is an asynchronous generator function."""
    return _has_code_flag(obj, CO_ASYNC_GENERATOR)


def isasyncgen(object):
    """Whether object is an asynchronous generator (what an async generator function returns)."""
    return isinstance(object, _AsyncGeneratorType)


def isgenerator(object):
    """Return true if the object is a generator."""
    return isinstance(object, types.GeneratorType)


def iscoroutine(object):
    """Whether object is a coroutine made by an async def function."""
    return isinstance(object, _CoroutineType)


def isawaitable(object):
    """Whether object can follow await: a coroutine, a generator-based coroutine or an
    object with __await__."""
    return (iscoroutine(object)
            or (isgenerator(object) and bool(object.gi_code.co_flags & CO_ITERABLE_COROUTINE))
            or hasattr(type(object), '__await__'))


def istraceback(object):
    """Return true if the object is a traceback."""
    return isinstance(object, types.TracebackType)


def isframe(object):
    """Return true if the object is a frame object."""
    return type(object).__name__ == 'frame'


def iscode(object):
    """Return true if the object is a code object."""
    return type(object).__name__ == 'code'


def isbuiltin(object):
    """Return true if the object is a built-in function or method."""
    return isinstance(object, types.BuiltinFunctionType)


def ismethoddescriptor(object):
    """Return true if the object is a method descriptor."""
    if isclass(object) or ismethod(object) or isfunction(object):
        return False
    tp = type(object)
    return hasattr(tp, "__get__") and not hasattr(tp, "__set__")


def isdatadescriptor(object):
    """Return true if the object is a data descriptor."""
    if isclass(object) or ismethod(object) or isfunction(object):
        return False
    tp = type(object)
    return hasattr(tp, "__set__") or hasattr(tp, "__delete__")


def ismemberdescriptor(object):
    """Return true if the object is a member descriptor."""
    return type(object).__name__ == 'member_descriptor'


def isgetsetdescriptor(object):
    """Return true if the object is a getset descriptor."""
    return type(object).__name__ == 'getset_descriptor'


def isroutine(object):
    """Whether object is a function or method of any kind, written in Python or built in."""
    return (isbuiltin(object) or isfunction(object) or ismethod(object)
            or ismethoddescriptor(object))


def isabstract(object):
    """Whether object is a class with abstract methods left unimplemented."""
    if not isinstance(object, type):
        return False
    return bool(getattr(object, '__abstractmethods__', False))


# ---- members, classes, modules ----

def getmembers(object, predicate=None):
    """The attributes of object as (name, value) pairs sorted by name, only those
    for which predicate(value) is true when a predicate is given."""
    if isclass(object):
        mro = (object,) + getmro(object)
    else:
        mro = ()
    results = []
    processed = set()
    names = dir(object)
    if isclass(object):
        # Attributes a metaclass puts in the class's namespace but dir() leaves out.
        try:
            for base in object.__bases__:
                for name, value in base.__dict__.items():
                    if isinstance(value, types.DynamicClassAttribute):
                        names.append(name)
        except AttributeError:
            pass
    for key in names:
        try:
            value = getattr(object, key)
            if key in processed:
                raise AttributeError
        except AttributeError:
            for base in mro:
                if key in base.__dict__:
                    value = base.__dict__[key]
                    break
            else:
                continue
        if not predicate or predicate(value):
            results.append((key, value))
        processed.add(key)
    results.sort(key=lambda pair: pair[0])
    return results


def getmembers_static(object, predicate=None):
    """Return all members of an object as (name, value) pairs sorted by name,
    without triggering dynamic lookup via the descriptor protocol."""
    results = []
    for key in dir(object):
        try:
            value = getattr_static(object, key)
        except AttributeError:
            continue
        if not predicate or predicate(value):
            results.append((key, value))
    results.sort(key=lambda pair: pair[0])
    return results


_sentinel = object()


def getattr_static(obj, attr, default=_sentinel):
    """Retrieve attributes without triggering dynamic lookup via the
       descriptor protocol,  __getattr__ or __getattribute__."""
    if not isinstance(obj, type):
        instance_dict = getattr(obj, '__dict__', None)
        if isinstance(instance_dict, dict) and attr in instance_dict:
            return instance_dict[attr]
        klass = type(obj)
    else:
        klass = obj
    for entry in (klass,) + getmro(klass):
        if attr in entry.__dict__:
            return entry.__dict__[attr]
    if default is not _sentinel:
        return default
    raise AttributeError(attr)


def getmro(cls):
    """cls followed by its bases in method resolution order."""
    return cls.__mro__


def getmodule(object, _filename=None):
    """The module object was defined in, or None when that cannot be told."""
    if ismodule(object):
        return object
    if hasattr(object, '__module__'):
        return sys.modules.get(object.__module__)
    return None


def getfile(object):
    """The file object was defined in (a module, class, method, function, traceback,
    frame or code object); TypeError for a built-in one."""
    if ismodule(object):
        if getattr(object, '__file__', None):
            return object.__file__
        raise TypeError('{!r} is a built-in module'.format(object))
    if isclass(object):
        if hasattr(object, '__module__'):
            module = sys.modules.get(object.__module__)
            if getattr(module, '__file__', None):
                return module.__file__
            if object.__module__ == '__main__':
                raise OSError('source code not available')
        raise TypeError('{!r} is a built-in class'.format(object))
    if ismethod(object):
        object = object.__func__
    if isfunction(object):
        object = object.__code__
    if istraceback(object):
        object = object.tb_frame
    if isframe(object):
        object = object.f_code
    if iscode(object):
        return object.co_filename
    raise TypeError('module, class, method, function, traceback, frame, or '
                    'code object was expected, got {}'.format(type(object).__name__))


def unwrap(func, *, stop=None):
    """Get the object wrapped by *func*.

   Follows the chain of :attr:`__wrapped__` attributes returning the last
   object in the chain.
   """
    f = func
    memo = {id(f): f}
    recursion_limit = sys.getrecursionlimit()
    while not isinstance(func, type) and hasattr(func, '__wrapped__'):
        if stop is not None and stop(func):
            break
        func = func.__wrapped__
        id_func = id(func)
        if (id_func in memo) or (len(memo) >= recursion_limit):
            raise ValueError('wrapper loop when unwrapping {!r}'.format(f))
        memo[id_func] = func
    return func


# ---- documentation ----

def cleandoc(doc):
    """doc with its indentation removed: the first line's leading blanks and the
    indentation the others share, tabs expanded, blank lines at both ends dropped."""
    lines = doc.expandtabs().split('\n')
    margin = sys.maxsize
    for line in lines[1:]:
        content = len(line.lstrip())
        if content:
            margin = min(margin, len(line) - content)
    if lines:
        lines[0] = lines[0].lstrip()
    if margin < sys.maxsize:
        for i in range(1, len(lines)):
            lines[i] = lines[i][margin:]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return '\n'.join(lines)


def _finddoc(obj):
    # A method without a docstring takes the one of the method it overrides.
    if ismethod(obj):
        name = obj.__func__.__name__
        self = obj.__self__
        cls = self if isclass(self) else type(self)
    elif isfunction(obj):
        name = obj.__name__
        cls = _findclass(obj)
        if cls is None or getattr(cls, name, None) is not obj:
            return None
    elif isinstance(obj, property):
        func = obj.fget
        if func is None:
            return None
        name = func.__name__
        cls = _findclass(func)
        if cls is None or getattr(cls, name) is not obj:
            return None
    else:
        return None
    for base in cls.__mro__:
        try:
            doc = getattr(base, name).__doc__
        except AttributeError:
            continue
        if doc is not None:
            return doc
    return None


def _findclass(func):
    cls = sys.modules.get(func.__module__)
    if cls is None:
        return None
    for name in func.__qualname__.split('.')[:-1]:
        cls = getattr(cls, name, None)
        if cls is None:
            return None
    if not isclass(cls):
        return None
    return cls


def getdoc(object):
    """The docstring of object, cleaned as cleandoc does; for a class or method
    without one, the one it inherits; None when there is none."""
    try:
        doc = object.__doc__
    except AttributeError:
        return None
    if doc is None:
        try:
            doc = _finddoc(object)
        except (AttributeError, TypeError):
            return None
    if not isinstance(doc, str):
        return None
    return cleandoc(doc)


# ---- frames and source ----

def currentframe():
    """The frame of the caller."""
    getframe = getattr(sys, '_getframe', None)
    return getframe(1) if getframe is not None else None


class _Positions(namedtuple('Positions', 'lineno end_lineno col_offset end_col_offset',
                             defaults=(None, None, None, None))):
    pass


_Positions.__name__ = _Positions.__qualname__ = 'Positions'


class Traceback(namedtuple('_Traceback', 'filename lineno function code_context index')):
    """Where a frame is: filename, lineno, function, code_context, index (and positions)."""

    def __new__(cls, filename, lineno, function, code_context, index, *, positions=None):
        instance = super().__new__(cls, filename, lineno, function, code_context, index)
        instance.positions = positions
        return instance

    def __repr__(self):
        return ('Traceback(filename={!r}, lineno={!r}, function={!r}, '
                'code_context={!r}, index={!r}, positions={!r})'.format(
                    self.filename, self.lineno, self.function, self.code_context,
                    self.index, self.positions))


class FrameInfo(namedtuple('_FrameInfo',
                           'frame filename lineno function code_context index')):
    """A frame with where it is: frame, filename, lineno, function, code_context, index."""

    def __new__(cls, frame, filename, lineno, function, code_context, index, *,
                positions=None):
        instance = super().__new__(cls, frame, filename, lineno, function, code_context, index)
        instance.positions = positions
        return instance

    def __repr__(self):
        return ('FrameInfo(frame={!r}, filename={!r}, lineno={!r}, function={!r}, '
                'code_context={!r}, index={!r}, positions={!r})'.format(
                    self.frame, self.filename, self.lineno, self.function,
                    self.code_context, self.index, self.positions))


def _file_lines(filename):
    try:
        with open(filename, encoding='utf-8') as f:
            return f.readlines()
    except (OSError, UnicodeDecodeError):
        return None


def getlineno(frame):
    """Get the line number from a frame object."""
    return frame.f_lineno


def getframeinfo(frame, context=1):
    """A Traceback for a frame or traceback object: where it is, with `context` lines of
    source around its line."""
    if istraceback(frame):
        lineno = frame.tb_lineno
        frame = frame.tb_frame
    else:
        lineno = frame.f_lineno
    if not isframe(frame):
        raise TypeError('{!r} is not a frame or traceback object'.format(frame))
    filename = frame.f_code.co_filename
    lines = index = None
    if context > 0:
        source = _file_lines(filename)
        if source is not None:
            start = lineno - 1 - context // 2
            start = max(0, min(start, len(source) - context))
            lines = source[start:start + context]
            index = lineno - 1 - start
    return Traceback(filename, lineno, frame.f_code.co_name, lines, index,
                     positions=_Positions(lineno, lineno))


def getouterframes(frame, context=1):
    """FrameInfo records for a frame and each frame it was called from."""
    framelist = []
    while frame:
        info = getframeinfo(frame, context)
        framelist.append(FrameInfo(frame, *info, positions=info.positions))
        frame = frame.f_back
    return framelist


def getinnerframes(tb, context=1):
    """FrameInfo records for a traceback's frame and each entry inwards from it."""
    framelist = []
    while tb:
        info = getframeinfo(tb, context)
        framelist.append(FrameInfo(tb.tb_frame, *info, positions=info.positions))
        tb = tb.tb_next
    return framelist


def stack(context=1):
    """A FrameInfo for each frame from the caller's outwards, with context lines."""
    return getouterframes(sys._getframe(1), context)


def trace(context=1):
    """A FrameInfo for each frame from the current exception's handler inwards to
    where it was raised."""
    exc = sys.exc_info()[2]
    return getinnerframes(exc, context) if exc is not None else []


def getsourcelines(object):
    """Return a list of source lines and starting line number for an object.

    The block is the definition's first line and every following line indented
    deeper than it (blank lines included)."""
    if ismethod(object):
        object = object.__func__
    if isfunction(object):
        filename = object.__code__.co_filename
        first = object.__code__.co_firstlineno
    elif isclass(object):
        filename = getfile(object)
        first = None
    else:
        raise TypeError('module, class, method, function, traceback, frame, or '
                        'code object was expected, got {}'.format(type(object).__name__))
    try:
        with open(filename, encoding='utf-8') as f:
            lines = f.readlines()
    except OSError:
        raise OSError('could not get source code') from None
    if first is None:
        first = _find_class_line(lines, object.__name__)
    start = first - 1
    # Decorators above a def are part of it.
    while start > 0 and lines[start - 1].lstrip().startswith('@'):
        start -= 1
    end = first
    body = first - 1
    indent = len(lines[body]) - len(lines[body].lstrip())
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    while end > first and not lines[end - 1].strip():
        end -= 1
    return lines[start:end], start + 1


def _find_class_line(lines, name):
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith('class ' + name) and \
                stripped[len('class ' + name):][:1] in ('(', ':'):
            return i + 1
    raise OSError('could not find class definition')


def getsource(object):
    """Return the text of the source code for an object."""
    lines, lnum = getsourcelines(object)
    return ''.join(lines)


# The signature machinery lives in its own module; it reads the type tests above.
from _inspect_signature import (  # noqa: E402
    BoundArguments, Parameter, Signature, _ParameterKind, _empty, _void, formatannotation,
    signature, _signature_from_callable, _signature_is_functionlike, _POSITIONAL_ONLY,
    _POSITIONAL_OR_KEYWORD, _VAR_POSITIONAL, _KEYWORD_ONLY, _VAR_KEYWORD)


FullArgSpec = namedtuple('FullArgSpec',
                         'args, varargs, varkw, defaults, kwonlyargs, kwonlydefaults, annotations')
ArgInfo = namedtuple('ArgInfo', 'args varargs keywords locals')
Attribute = namedtuple('Attribute', 'name kind defining_class object')


def getfullargspec(func):
    """Get the names and default values of a callable object's parameters."""
    try:
        sig = _signature_from_callable(func, False, Signature)
    except Exception as ex:
        raise TypeError('unsupported callable') from ex
    args = []
    varargs = None
    varkw = None
    posonlyargs = []
    kwonlyargs = []
    annotations = {}
    defaults = ()
    kwdefaults = {}
    if sig.return_annotation is not sig.empty:
        annotations['return'] = sig.return_annotation
    for param in sig.parameters.values():
        kind = param.kind
        name = param.name
        if kind is _POSITIONAL_ONLY:
            posonlyargs.append(name)
            if param.default is not param.empty:
                defaults += (param.default,)
        elif kind is _POSITIONAL_OR_KEYWORD:
            args.append(name)
            if param.default is not param.empty:
                defaults += (param.default,)
        elif kind is _VAR_POSITIONAL:
            varargs = name
        elif kind is _KEYWORD_ONLY:
            kwonlyargs.append(name)
            if param.default is not param.empty:
                kwdefaults[name] = param.default
        elif kind is _VAR_KEYWORD:
            varkw = name
        if param.annotation is not param.empty:
            annotations[name] = param.annotation
    return FullArgSpec(posonlyargs + args, varargs, varkw, defaults or None,
                       kwonlyargs, kwdefaults or None, annotations)
