"""The signature part of inspect: `Signature`, `Parameter` (with its `_ParameterKind`),
`BoundArguments`, `signature` and how a signature is worked out from a function's code
object, a method, a class, a `functools.partial` or a callable instance. `inspect`
re-exports all of it; its type tests are what this module asks about callables.
"""

import enum
import functools
import types
from keyword import iskeyword

import inspect as _inspect


class _void:
    """The marker of an argument not given."""

    __module__ = 'inspect'


class _empty:
    """The marker of a missing default or annotation: Parameter.empty and Signature.empty."""

    __module__ = 'inspect'


class _ParameterKind(enum.IntEnum):
    __module__ = 'inspect'

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

    __module__ = 'inspect'

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
        """A copy of the parameter with the fields given changed."""
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

    __module__ = 'inspect'

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

    __module__ = 'inspect'

    __slots__ = ('_return_annotation', '_parameters')

    _parameter_cls = Parameter
    _bound_arguments_cls = BoundArguments

    empty = _empty

    def __init__(self, parameters=None, *, return_annotation=_empty,
                 __validate_parameters__=True):
        """A signature of the parameters given, in order, with return_annotation; unless
        __validate_parameters__ is false, their kinds and defaults are checked."""
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
        """The Signature of obj, a function, class or other callable."""
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
        """The BoundArguments that call with these args and kwargs would make; TypeError
        when the call would not fit the signature."""
        return self._bind(args, kwargs)

    def bind_partial(self, /, *args, **kwargs):
        """Like bind, but arguments may be left out: the BoundArguments of those given."""
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
    """The Signature of obj, a function, class or other callable."""
    return Signature.from_callable(obj, follow_wrapped=follow_wrapped)


def _signature_is_functionlike(obj):
    # A duck-typed function: a code object and the attributes a function has.
    if not callable(obj) or _inspect.isclass(obj):
        return False
    code = getattr(obj, '__code__', None)
    return (_inspect.iscode(code) and isinstance(getattr(obj, '__name__', None), str)
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
    if code.co_flags & _inspect.CO_VARARGS:
        name = names[index]
        index += 1
        parameters.append(cls._parameter_cls(name, _VAR_POSITIONAL,
                                             annotation=annotations.get(name, _empty)))
    for name in keyword_only:
        default = _empty if kwdefaults is None else kwdefaults.get(name, _empty)
        parameters.append(cls._parameter_cls(name, _KEYWORD_ONLY, default=default,
                                             annotation=annotations.get(name, _empty)))
    if code.co_flags & _inspect.CO_VARKEYWORDS:
        name = names[index]
        parameters.append(cls._parameter_cls(name, _VAR_KEYWORD,
                                             annotation=annotations.get(name, _empty)))
    return cls(parameters, return_annotation=annotations.get('return', _empty),
               __validate_parameters__=not _inspect.isfunction(func))


def _split_text_params(text):
    # The parameters of a text signature, split at the commas outside quotes and brackets.
    parts, depth, quote, start = [], 0, None, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == '\\':
                i += 1
            elif ch == quote:
                quote = None
        elif ch in '\'"':
            quote = ch
        elif ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
        elif ch == ',' and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    last = text[start:].strip()
    if last:
        parts.append(last)
    return parts


def _signature_from_text(cls, obj, text):
    # A built-in's __text_signature__, as "($self, a, /, b=None, *, c=0, **kw)": a first
    # parameter marked with $ is the module, class or instance the built-in belongs to,
    # left out when it is bound, else a positional-only `self`.
    text = text.strip()
    if not (text.startswith('(') and text.endswith(')')):
        raise ValueError("no signature found for builtin {!r}".format(obj))
    import sys
    params = []
    kind = _POSITIONAL_OR_KEYWORD
    for part in _split_text_params(text[1:-1]):
        if part == '/':
            params = [p.replace(kind=_POSITIONAL_ONLY) for p in params]
            continue
        if part == '*':
            kind = _KEYWORD_ONLY
            continue
        if part.startswith('$'):
            name = part[1:]
            bound = getattr(obj, '__self__', None) is not None
            if name == 'module' or bound:
                continue
            params.append(Parameter(name, _POSITIONAL_ONLY))
            continue
        if part.startswith('**'):
            params.append(Parameter(part[2:], _VAR_KEYWORD))
            continue
        if part.startswith('*'):
            params.append(Parameter(part[1:], _VAR_POSITIONAL))
            kind = _KEYWORD_ONLY
            continue
        name, eq, default = part.partition('=')
        if eq:
            try:
                value = eval(default, {'sys': sys, '__builtins__': {}})
            except Exception:
                raise ValueError("no signature found for builtin {!r}".format(obj)) from None
            params.append(Parameter(name.strip(), kind, default=value))
        else:
            params.append(Parameter(name.strip(), kind))
    return cls(params, __validate_parameters__=False)


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
        obj = _inspect.unwrap(obj, stop=(lambda f: hasattr(f, "__signature__")))
        if isinstance(obj, types.MethodType):
            return _signature_from_callable(obj, follow_wrapped, cls)
    sig = getattr(obj, '__signature__', None)
    if sig is not None:
        if not isinstance(sig, Signature):
            raise TypeError('unexpected object {!r} in __signature__ attribute'.format(sig))
        return sig
    if _inspect.isfunction(obj) or _signature_is_functionlike(obj):
        return _signature_from_function(cls, obj)
    if _inspect.isbuiltin(obj) or _inspect.ismethoddescriptor(obj):
        text = getattr(obj, '__text_signature__', None)
        if not text:
            raise ValueError("no signature found for builtin {!r}".format(obj))
        return _signature_from_text(cls, obj, text)
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


# Everything here is inspect's to its users (the classes say so in their bodies).
formatannotation.__module__ = signature.__module__ = 'inspect'
