"""Context variables, as CPython's contextvars: `ContextVar` (get, set, reset with a
`Token`), `Context` (a read-only mapping of variables to values, entered with `run`) and
`copy_context`.

Each thread has its own current context (kept by the native `_contextvars`) and starts
with an empty one, made when first needed. A context's values
live in a dict that `ContextVar.set` replaces rather than changes, so a copy taken earlier
(by `copy_context`, or by asyncio for each task) keeps seeing the values it was taken with.
"""

from types import GenericAlias
from _contextvars import current as _current_or_none, swap as _swap

__all__ = ('Context', 'ContextVar', 'Token', 'copy_context')

_MISSING = object()


def _current():
    ctx = _current_or_none()
    if ctx is None:
        ctx = Context()
        _swap(ctx)
    return ctx


class Context:
    """A mapping of context variables to their values in this context."""

    __module__ = '_contextvars'

    __slots__ = ('_data', '_entered', '_previous')

    def __new__(cls):
        self = object.__new__(cls)
        self._data = {}
        self._entered = False
        self._previous = None
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.Context' is not an acceptable base type")

    def run(self, callable, /, *args, **kwargs):
        """Run callable(*args, **kwargs) with this context as the current one."""
        _enter(self)
        try:
            return callable(*args, **kwargs)
        finally:
            _exit(self)

    def copy(self):
        """Return a shallow copy of the context object."""
        new = Context()
        new._data = self._data
        return new

    def __getitem__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return self._data[var]

    def get(self, var, default=None):
        """Return the value for `key` if `key` has the value in the context object."""
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return self._data.get(var, default)

    def __contains__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return var in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def keys(self):
        """Return a list of all variables in the context object."""
        return self._data.keys()

    def values(self):
        """Return a list of all variables' values in the context object."""
        return self._data.values()

    def items(self):
        """Return all variables and their values in the context object."""
        return self._data.items()

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._data == other._data

    __hash__ = None



def _enter(ctx):
    if ctx._entered:
        raise RuntimeError("cannot enter context: %r is already entered" % (ctx,))
    ctx._entered = True
    ctx._previous = _swap(ctx)


def _exit(ctx):
    _swap(ctx._previous)
    ctx._previous = None
    ctx._entered = False


def copy_context():
    """Return a copy of the current context."""
    return _current().copy()


def _copy_if_any():
    # For asyncio, which takes a copy for every task and callback: None while the thread
    # has no context yet, so that a program that never sets a variable makes none. The
    # task or callback then runs with no current context (see _run_without_context) and
    # gets one of its own only if it sets a variable.
    ctx = _current_or_none()
    return None if ctx is None else ctx.copy()


class ContextVar:
    __module__ = '_contextvars'
    __slots__ = ('_name', '_default')

    def __new__(cls, name, *, default=_MISSING):
        if not isinstance(name, str):
            raise TypeError("context variable name must be a str")
        self = object.__new__(cls)
        object.__setattr__(self, '_name', name)
        object.__setattr__(self, '_default', default)
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.ContextVar' is not an acceptable base type")

    @property
    def name(self):
        return self._name

    def get(self, *args):
        """Return a value for the context variable for the current context.

        If there is no value for the variable in the current context, the method will:
         * return the value of the default argument of the method, if provided; or
         * return the default value for the context variable, if it was created
           with one; or
         * raise a LookupError.
        """
        if len(args) > 1:
            raise TypeError("get expected at most 1 argument, got %d" % len(args))
        value = _current()._data.get(self, _MISSING)
        if value is not _MISSING:
            return value
        if args:
            return args[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        """Call to set a new value for the context variable in the current context.

        The required value argument is the new value for the context variable.

        Returns a Token object that can be used to restore the variable to its previous
        value via the `ContextVar.reset()` method.
        """
        ctx = _current()
        old = ctx._data.get(self, Token.MISSING)
        data = dict(ctx._data)
        data[self] = value
        ctx._data = data
        return Token(ctx, self, old)

    def reset(self, token):
        """Reset the context variable.

        The variable is reset to the value it had before the `ContextVar.set()` that
        created the token was used.
        """
        if not isinstance(token, Token):
            raise TypeError("expected an instance of Token, got %r" % (token,))
        if token._used:
            raise RuntimeError("%r has already been used once" % (token,))
        if token._var is not self:
            raise ValueError("%r was created by a different ContextVar" % (token,))
        ctx = _current()
        if token._context is not ctx:
            raise ValueError("%r was created in a different Context" % (token,))
        data = dict(ctx._data)
        if token._old_value is Token.MISSING:
            data.pop(self, None)
        else:
            data[self] = token._old_value
        ctx._data = data
        object.__setattr__(token, '_used', True)

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __repr__(self):
        default = ''
        if self._default is not _MISSING:
            default = ' default=%r' % (self._default,)
        return '<ContextVar name=%r%s at 0x%x>' % (self._name, default, id(self))

    def __hash__(self):
        return object.__hash__(self)

    __class_getitem__ = classmethod(GenericAlias)



class _TokenMissing:
    __slots__ = ()

    def __repr__(self):
        return '<Token.MISSING>'


class Token:
    __module__ = '_contextvars'
    __slots__ = ('_context', '_var', '_old_value', '_used')

    MISSING = _TokenMissing()

    def __new__(cls, *args):
        if len(args) != 3 or not isinstance(args[0], Context):
            raise RuntimeError("Tokens can only be created by ContextVars")
        self = object.__new__(cls)
        object.__setattr__(self, '_context', args[0])
        object.__setattr__(self, '_var', args[1])
        object.__setattr__(self, '_old_value', args[2])
        object.__setattr__(self, '_used', False)
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.Token' is not an acceptable base type")

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old_value

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __repr__(self):
        used = ' used' if self._used else ''
        return '<Token%s var=%r at 0x%x>' % (used, self._var, id(self))

    __class_getitem__ = classmethod(GenericAlias)

