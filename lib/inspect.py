"""Get information about live objects, as CPython's inspect (its common part): the `is*`
type tests, `getmembers`, `signature` with `Signature`, `Parameter` and `BoundArguments`,
`getfullargspec`, `getdoc`/`cleandoc`, `getmodule`, `getmro`, `unwrap`, `currentframe`,
and `getsource`/`getsourcelines` for functions and classes whose file can be read.

Signatures come from a Python function's code object (`co_varnames`, `co_flags`, the
argument counts), `__defaults__`, `__kwdefaults__` and `__annotations__`; built-in functions
have none (a ValueError, as CPython for a built-in without a text signature).
"""

import enum
import functools
import sys
import types
from collections import namedtuple
from keyword import iskeyword

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
    """Return true if the object is an asynchronous generator."""
    return isinstance(object, _AsyncGeneratorType)


def isgenerator(object):
    """Return true if the object is a generator."""
    return isinstance(object, types.GeneratorType)


def iscoroutine(object):
    """Return true if the object is a coroutine."""
    return isinstance(object, _CoroutineType)


def isawaitable(object):
    """Return true if object can be passed to an ``await`` expression."""
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
    """Return true if the object is any kind of function or method."""
    return (isbuiltin(object) or isfunction(object) or ismethod(object)
            or ismethoddescriptor(object))


def isabstract(object):
    """Return true if the object is an abstract base class (ABC)."""
    if not isinstance(object, type):
        return False
    return bool(getattr(object, '__abstractmethods__', False))


# ---- members, classes, modules ----

def getmembers(object, predicate=None):
    """Return all members of an object as (name, value) pairs sorted by name.
    Optionally, only return members that satisfy a given predicate."""
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
    "Return tuple of base classes (including cls) in method resolution order."
    return cls.__mro__


def getmodule(object, _filename=None):
    """Return the module an object was defined in, or None if not found."""
    if ismodule(object):
        return object
    if hasattr(object, '__module__'):
        return sys.modules.get(object.__module__)
    return None


def getfile(object):
    """Work out which source or compiled file an object was defined in."""
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
    """Clean up indentation from docstrings.

    Any whitespace that can be uniformly removed from the second line
    onwards is removed."""
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
    """Get the documentation string for an object.

    All tabs are expanded to spaces.  To clean up docstrings that are
    indented to line up with blocks of code, any whitespace than can be
    uniformly removed from the second line onwards is removed."""
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
    """Return the frame of the caller or None if this is not possible."""
    getframe = getattr(sys, '_getframe', None)
    return getframe(1) if getframe is not None else None


def stack(context=1):
    """Return a list of records for the stack above the caller's frame."""
    frame = currentframe()
    if frame is None:
        return []
    records = []
    frame = frame.f_back
    while frame is not None:
        records.append((frame, frame.f_code.co_filename, frame.f_lineno,
                        frame.f_code.co_name, None, None))
        frame = frame.f_back
    return records


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


# ---- signatures ----

class _void:
    """A private marker - used in Parameter & Signature."""


class _empty:
    """Marker object for Signature.empty and Parameter.empty."""


class _ParameterKind(enum.IntEnum):
    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4

    def __str__(self):
        return self._name_

    @property
    def description(self):
        return _PARAM_NAME_MAPPING[self]


_POSITIONAL_ONLY = _ParameterKind.POSITIONAL_ONLY
_POSITIONAL_OR_KEYWORD = _ParameterKind.POSITIONAL_OR_KEYWORD
_VAR_POSITIONAL = _ParameterKind.VAR_POSITIONAL
_KEYWORD_ONLY = _ParameterKind.KEYWORD_ONLY
_VAR_KEYWORD = _ParameterKind.VAR_KEYWORD

_PARAM_NAME_MAPPING = {
    _POSITIONAL_ONLY: 'positional-only',
    _POSITIONAL_OR_KEYWORD: 'positional or keyword',
    _VAR_POSITIONAL: 'variadic positional',
    _KEYWORD_ONLY: 'keyword-only',
    _VAR_KEYWORD: 'variadic keyword'
}


def formatannotation(annotation, base_module=None):
    if getattr(annotation, '__module__', None) == 'typing':
        return repr(annotation).replace('typing.', '')
    if isinstance(annotation, types.GenericAlias):
        return str(annotation)
    if isinstance(annotation, type):
        if annotation.__module__ in ('builtins', base_module):
            return annotation.__qualname__
        return annotation.__module__ + '.' + annotation.__qualname__
    return repr(annotation)


class Parameter:
    """Represents a parameter in a function signature."""

    __slots__ = ('_name', '_kind', '_default', '_annotation')

    POSITIONAL_ONLY = _POSITIONAL_ONLY
    POSITIONAL_OR_KEYWORD = _POSITIONAL_OR_KEYWORD
    VAR_POSITIONAL = _VAR_POSITIONAL
    KEYWORD_ONLY = _KEYWORD_ONLY
    VAR_KEYWORD = _VAR_KEYWORD

    empty = _empty

    def __init__(self, name, kind, *, default=_empty, annotation=_empty):
        try:
            self._kind = _ParameterKind(kind)
        except ValueError:
            raise ValueError(f'value {kind!r} is not a valid Parameter.kind')
        if default is not _empty:
            if self._kind in (_VAR_POSITIONAL, _VAR_KEYWORD):
                msg = '{} parameters cannot have default values'
                raise ValueError(msg.format(self._kind.description))
        self._default = default
        self._annotation = annotation
        if name is _empty:
            raise ValueError('name is a required attribute for Parameter')
        if not isinstance(name, str):
            raise TypeError('name must be a str, not a {}'.format(type(name).__name__))
        is_keyword = iskeyword(name) and self._kind is not _POSITIONAL_ONLY
        if is_keyword or not name.isidentifier():
            raise ValueError('{!r} is not a valid parameter name'.format(name))
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def default(self):
        return self._default

    @property
    def annotation(self):
        return self._annotation

    @property
    def kind(self):
        return self._kind

    def replace(self, *, name=_void, kind=_void, annotation=_void, default=_void):
        """Creates a customized copy of the Parameter."""
        if name is _void:
            name = self._name
        if kind is _void:
            kind = self._kind
        if annotation is _void:
            annotation = self._annotation
        if default is _void:
            default = self._default
        return type(self)(name, kind, default=default, annotation=annotation)

    def __str__(self):
        formatted = self._name
        if self._annotation is not _empty:
            formatted = '{}: {}'.format(formatted, formatannotation(self._annotation))
        if self._default is not _empty:
            if self._annotation is not _empty:
                formatted = '{} = {}'.format(formatted, repr(self._default))
            else:
                formatted = '{}={}'.format(formatted, repr(self._default))
        if self._kind == _VAR_POSITIONAL:
            formatted = '*' + formatted
        elif self._kind == _VAR_KEYWORD:
            formatted = '**' + formatted
        return formatted

    def __repr__(self):
        return '<{} "{}">'.format(self.__class__.__name__, self)

    def __hash__(self):
        return hash((self.name, self.kind, self.annotation, self.default))

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Parameter):
            return NotImplemented
        return (self._name == other._name and self._kind == other._kind
                and self._default == other._default
                and self._annotation == other._annotation)


class BoundArguments:
    """Result of `Signature.bind` call.  Holds the mapping of arguments
    to the function's parameters."""

    __slots__ = ('arguments', '_signature', '__weakref__')

    def __init__(self, signature, arguments):
        self.arguments = arguments
        self._signature = signature

    @property
    def signature(self):
        return self._signature

    @property
    def args(self):
        args = []
        for name, param in self._signature.parameters.items():
            if param.kind in (_VAR_KEYWORD, _KEYWORD_ONLY) or name not in self.arguments:
                break
            if param.kind == _VAR_POSITIONAL:
                args.extend(self.arguments[name])
            else:
                args.append(self.arguments[name])
        return tuple(args)

    @property
    def kwargs(self):
        kwargs = {}
        started = False
        for name, param in self._signature.parameters.items():
            if not started:
                if param.kind in (_VAR_KEYWORD, _KEYWORD_ONLY):
                    started = True
                elif name not in self.arguments:
                    started = True
                    continue
            if not started or name not in self.arguments:
                continue
            if param.kind == _VAR_KEYWORD:
                kwargs.update(self.arguments[name])
            else:
                kwargs[name] = self.arguments[name]
        return kwargs

    def apply_defaults(self):
        """Set default values for missing arguments."""
        arguments = self.arguments
        complete = []
        for name, param in self._signature.parameters.items():
            if name in arguments:
                complete.append((name, arguments[name]))
                continue
            if param.default is not _empty:
                value = param.default
            elif param.kind is _VAR_POSITIONAL:
                value = ()
            elif param.kind is _VAR_KEYWORD:
                value = {}
            else:
                continue
            complete.append((name, value))
        self.arguments = dict(complete)

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, BoundArguments):
            return NotImplemented
        return self.signature == other.signature and self.arguments == other.arguments

    def __repr__(self):
        args = ['{}={!r}'.format(name, value) for name, value in self.arguments.items()]
        return '<{} ({})>'.format(self.__class__.__name__, ', '.join(args))


class Signature:
    """A Signature object represents the overall signature of a function."""

    __slots__ = ('_return_annotation', '_parameters')

    _parameter_cls = Parameter
    _bound_arguments_cls = BoundArguments

    empty = _empty

    def __init__(self, parameters=None, *, return_annotation=_empty,
                 __validate_parameters__=True):
        """Constructs Signature from the given list of Parameter
        objects and 'return_annotation'.  All arguments are optional.
        """
        if parameters is None:
            params = {}
        elif __validate_parameters__:
            params = {}
            top_kind = _POSITIONAL_ONLY
            seen_default = False
            for param in parameters:
                kind = param.kind
                name = param.name
                if kind < top_kind:
                    msg = ('wrong parameter order: {} parameter before {} parameter'
                           .format(top_kind.description, kind.description))
                    raise ValueError(msg)
                elif kind > top_kind:
                    top_kind = kind
                if kind in (_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD):
                    if param.default is _empty:
                        if seen_default:
                            raise ValueError('non-default argument follows default argument')
                    else:
                        seen_default = True
                if name in params:
                    raise ValueError('duplicate parameter name: {!r}'.format(name))
                params[name] = param
        else:
            params = {param.name: param for param in parameters}
        self._parameters = types.MappingProxyType(params)
        self._return_annotation = return_annotation

    @classmethod
    def from_callable(cls, obj, *, follow_wrapped=True, globals=None, locals=None,
                      eval_str=False):
        """Constructs Signature for the given callable object."""
        return _signature_from_callable(obj, follow_wrapped, cls)

    @property
    def parameters(self):
        return self._parameters

    @property
    def return_annotation(self):
        return self._return_annotation

    def replace(self, *, parameters=_void, return_annotation=_void):
        """Creates a customized copy of the Signature."""
        if parameters is _void:
            parameters = self.parameters.values()
        if return_annotation is _void:
            return_annotation = self._return_annotation
        return type(self)(parameters, return_annotation=return_annotation)

    def __hash__(self):
        params = tuple(param for param in self.parameters.values()
                       if param.kind != _KEYWORD_ONLY)
        kwo_params = {param.name: param for param in self.parameters.values()
                      if param.kind == _KEYWORD_ONLY}
        return hash((params, frozenset(kwo_params.values()), self.return_annotation))

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Signature):
            return NotImplemented
        return (self.return_annotation == other.return_annotation
                and list(self.parameters.values()) == list(other.parameters.values()))

    def _bind(self, args, kwargs, *, partial=False):
        arguments = {}
        params = list(self.parameters.values())
        args = list(args)
        kwargs = dict(kwargs)
        var_keyword = None
        for param in params:
            if param.kind == _VAR_KEYWORD:
                var_keyword = param
        # Positional arguments fill the positional parameters in order.
        for param in params:
            if param.kind in (_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD):
                if not args:
                    break
                arguments[param.name] = args.pop(0)
            elif param.kind == _VAR_POSITIONAL:
                arguments[param.name] = tuple(args)
                args = []
                break
            else:
                break
        if args:
            raise TypeError('too many positional arguments') from None
        # Then keywords, and defaults for whatever is left.
        for param in params:
            name = param.name
            if param.kind in (_VAR_POSITIONAL, _VAR_KEYWORD):
                continue
            if name in arguments:
                if name in kwargs and param.kind != _POSITIONAL_ONLY:
                    raise TypeError('multiple values for argument {arg!r}'.format(arg=name)) \
                        from None
                continue
            if param.kind == _POSITIONAL_ONLY:
                if name in kwargs and var_keyword is None:
                    raise TypeError('{arg!r} parameter is positional only, but was passed '
                                    'as a keyword'.format(arg=name))
                if not partial and param.default is _empty:
                    raise TypeError('missing a required argument: {arg!r}'.format(arg=name)) \
                        from None
                continue
            if name in kwargs:
                arguments[name] = kwargs.pop(name)
            elif not partial and param.default is _empty:
                raise TypeError('missing a required argument: {arg!r}'.format(arg=name)) \
                    from None
        if kwargs:
            if var_keyword is not None:
                arguments[var_keyword.name] = kwargs
            else:
                raise TypeError('got an unexpected keyword argument {arg!r}'.format(
                    arg=next(iter(kwargs))))
        return self._bound_arguments_cls(self, arguments)

    def bind(self, /, *args, **kwargs):
        """Get a BoundArguments object, that maps the passed `args`
        and `kwargs` to the function's signature.  Raises `TypeError`
        if the passed arguments can not be bound.
        """
        return self._bind(args, kwargs)

    def bind_partial(self, /, *args, **kwargs):
        """Get a BoundArguments object, that partially maps the
        passed `args` and `kwargs` to the function's signature.
        Raises `TypeError` if the passed arguments can not be bound.
        """
        return self._bind(args, kwargs, partial=True)

    def __repr__(self):
        return '<{} {}>'.format(self.__class__.__name__, self)

    def __str__(self):
        result = []
        pending_slash = False
        star_needed = True
        for param in self.parameters.values():
            kind = param.kind
            if kind == _POSITIONAL_ONLY:
                pending_slash = True
            elif pending_slash:
                result.append('/')
                pending_slash = False
            if kind == _VAR_POSITIONAL:
                star_needed = False
            elif kind == _KEYWORD_ONLY and star_needed:
                result.append('*')
                star_needed = False
            result.append(str(param))
        if pending_slash:
            result.append('/')
        rendered = '({})'.format(', '.join(result))
        if self.return_annotation is not _empty:
            rendered += ' -> {}'.format(formatannotation(self.return_annotation))
        return rendered


def signature(obj, *, follow_wrapped=True, globals=None, locals=None, eval_str=False):
    """Get a signature object for the passed callable."""
    return Signature.from_callable(obj, follow_wrapped=follow_wrapped)


def _signature_is_functionlike(obj):
    # A duck-typed function: a code object and the attributes a function has.
    if not callable(obj) or isclass(obj):
        return False
    code = getattr(obj, '__code__', None)
    return (iscode(code) and isinstance(getattr(obj, '__name__', None), str)
            and isinstance(getattr(obj, '__defaults__', None), (type(None), tuple))
            and isinstance(getattr(obj, '__kwdefaults__', None), (type(None), dict)))


def _signature_from_function(cls, func):
    code = func.__code__
    pos_count = code.co_argcount
    names = code.co_varnames
    posonly_left = code.co_posonlyargcount
    positional = names[:pos_count]
    kwonly_count = code.co_kwonlyargcount
    keyword_only = names[pos_count:pos_count + kwonly_count]
    annotations = getattr(func, '__annotations__', None) or {}
    defaults = func.__defaults__ or ()
    kwdefaults = func.__kwdefaults__
    first_default = pos_count - len(defaults)
    parameters = []
    for i, name in enumerate(positional):
        kind = _POSITIONAL_ONLY if posonly_left else _POSITIONAL_OR_KEYWORD
        default = defaults[i - first_default] if i >= first_default else _empty
        parameters.append(cls._parameter_cls(name, kind, default=default,
                                             annotation=annotations.get(name, _empty)))
        if posonly_left:
            posonly_left -= 1
    index = pos_count + kwonly_count
    if code.co_flags & CO_VARARGS:
        name = names[index]
        index += 1
        parameters.append(cls._parameter_cls(name, _VAR_POSITIONAL,
                                             annotation=annotations.get(name, _empty)))
    for name in keyword_only:
        default = _empty if kwdefaults is None else kwdefaults.get(name, _empty)
        parameters.append(cls._parameter_cls(name, _KEYWORD_ONLY, default=default,
                                             annotation=annotations.get(name, _empty)))
    if code.co_flags & CO_VARKEYWORDS:
        name = names[index]
        parameters.append(cls._parameter_cls(name, _VAR_KEYWORD,
                                             annotation=annotations.get(name, _empty)))
    return cls(parameters, return_annotation=annotations.get('return', _empty),
               __validate_parameters__=not isfunction(func))


def _signature_bound_method(sig):
    # The first parameter is taken by the instance (or class) the method is bound to.
    params = tuple(sig.parameters.values())
    if not params or params[0].kind in (_VAR_KEYWORD, _KEYWORD_ONLY):
        raise ValueError('invalid method signature')
    kind = params[0].kind
    if kind in (_POSITIONAL_OR_KEYWORD, _POSITIONAL_ONLY):
        params = params[1:]
    elif kind is not _VAR_POSITIONAL:
        raise ValueError('invalid argument type')
    return sig.replace(parameters=params)


def _user_defined_method(cls, name):
    try:
        meth = getattr(cls, name)
    except AttributeError:
        return None
    if isinstance(meth, (types.BuiltinFunctionType,)) or type(meth).__name__ in (
            'wrapper_descriptor', 'method-wrapper', 'method_descriptor',
            'builtin_function_or_method'):
        return None
    return meth


def _signature_from_partial(sig, partial):
    bound = sig.bind_partial(*partial.args, **partial.keywords)
    params = []
    transform_to_kwonly = False
    for name, param in sig.parameters.items():
        if name in bound.arguments and param.kind in (_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD):
            if name not in partial.keywords:
                continue
        if transform_to_kwonly:
            param = param.replace(kind=_KEYWORD_ONLY) if param.kind != _VAR_KEYWORD else param
        if name in partial.keywords:
            param = param.replace(default=partial.keywords[name])
            if param.kind == _POSITIONAL_OR_KEYWORD:
                transform_to_kwonly = True
                param = param.replace(kind=_KEYWORD_ONLY)
            elif param.kind == _POSITIONAL_ONLY:
                continue
        if param.kind == _VAR_POSITIONAL and transform_to_kwonly:
            continue
        params.append(param)
    return sig.replace(parameters=params)


def _signature_from_callable(obj, follow_wrapped, cls):
    if not callable(obj):
        raise TypeError('{!r} is not a callable object'.format(obj))
    if isinstance(obj, types.MethodType):
        return _signature_bound_method(_signature_from_callable(obj.__func__,
                                                                follow_wrapped, cls))
    if follow_wrapped:
        obj = unwrap(obj, stop=(lambda f: hasattr(f, "__signature__")))
        if isinstance(obj, types.MethodType):
            return _signature_from_callable(obj, follow_wrapped, cls)
    sig = getattr(obj, '__signature__', None)
    if sig is not None:
        if not isinstance(sig, Signature):
            raise TypeError('unexpected object {!r} in __signature__ attribute'.format(sig))
        return sig
    if isfunction(obj) or _signature_is_functionlike(obj):
        return _signature_from_function(cls, obj)
    if isbuiltin(obj):
        raise ValueError("no signature found for builtin {!r}".format(obj))
    if isinstance(obj, functools.partial):
        wrapped = _signature_from_callable(obj.func, follow_wrapped, cls)
        return _signature_from_partial(wrapped, obj)
    if isinstance(obj, type):
        call = _user_defined_method(type(obj), '__call__')
        if call is not None:
            return _signature_from_callable(call, follow_wrapped, cls)
        new = _user_defined_method(obj, '__new__')
        init = _user_defined_method(obj, '__init__')
        for base in obj.__mro__:
            if new is not None and '__new__' in base.__dict__:
                sig = _signature_from_callable(new, follow_wrapped, cls)
                return _signature_bound_method(sig)
            if init is not None and '__init__' in base.__dict__:
                sig = _signature_from_callable(init, follow_wrapped, cls)
                return _signature_bound_method(sig)
        if type not in obj.__mro__:
            if obj.__init__ is object.__init__ and obj.__new__ is object.__new__:
                return cls()
            raise ValueError('no signature found for builtin type {!r}'.format(obj))
        raise ValueError('no signature found for builtin type {!r}'.format(obj))
    call = _user_defined_method(type(obj), '__call__')
    if call is not None:
        sig = _signature_from_callable(call, follow_wrapped, cls)
        return _signature_bound_method(sig)
    raise ValueError('callable {!r} is not supported by signature'.format(obj))


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
