"""Utilities for with-statement context managers (as CPython's contextlib). The async
forms (asynccontextmanager, AsyncExitStack, aclosing) are in _contextlib_async, loaded on
first use."""

import sys as _sys
from _generic_alias import GenericAlias as _GenericAlias

__all__ = [
    "contextmanager", "closing", "nullcontext", "AbstractContextManager",
    "ContextDecorator", "ExitStack", "redirect_stdout", "redirect_stderr", "suppress",
    "chdir", "AbstractAsyncContextManager", "AsyncContextDecorator", "AsyncExitStack",
    "asynccontextmanager", "aclosing",
]

_ASYNC_NAMES = ("AbstractAsyncContextManager", "AsyncContextDecorator", "AsyncExitStack",
                "asynccontextmanager", "aclosing")


def __getattr__(name):
    if name in _ASYNC_NAMES:
        import _contextlib_async
        for later in _ASYNC_NAMES:
            globals()[later] = getattr(_contextlib_async, later)
        return globals()[name]
    raise AttributeError(f"module 'contextlib' has no attribute '{name}'")


class AbstractContextManager:
    """A base whose __enter__ returns self; subclasses provide __exit__."""

    __class_getitem__ = classmethod(_GenericAlias)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    """A base that lets a context manager also be used as a function decorator."""

    def _recreate_cm(self):
        return self

    def __call__(self, func):
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)
        return inner


class _GeneratorContextManagerBase:
    """What the managers made by @contextmanager and @asynccontextmanager share: one call of
    the generator function, kept so that a decorated function makes a fresh one per call."""

    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func, self.args, self.kwds = func, args, kwds

    def _recreate_cm(self):
        return self.__class__(self.func, self.args, self.kwds)


class _GeneratorContextManager(_GeneratorContextManagerBase, ContextDecorator,
                               AbstractContextManager):
    """The context manager made by @contextmanager from one call of the generator function."""

    def __enter__(self):
        del self.args, self.kwds, self.func
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        throw = getattr(self.gen, "throw", None)
        if throw is None:
            close = getattr(self.gen, "close", None)
            if close is not None:
                close()
            return False
        try:
            throw(value)
        except StopIteration as exc:
            return exc is not value
        except RuntimeError as exc:
            if exc is value:
                return False
            if isinstance(value, StopIteration) and exc.__cause__ is value:
                return False
            raise
        except BaseException as exc:
            if exc is not value:
                raise
            return False
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """Decorator: a generator function that yields once becomes a context manager factory."""
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    return helper


class closing(AbstractContextManager):
    """Calls thing.close() at the end of the block."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class nullcontext(AbstractContextManager):
    """A context manager that does nothing; __enter__ returns enter_result."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class _RedirectStream(AbstractContextManager):
    _stream = None

    def __init__(self, new_target):
        self._new_target = new_target
        self._old_targets = []

    def __enter__(self):
        self._old_targets.append(getattr(_sys, self._stream))
        setattr(_sys, self._stream, self._new_target)
        return self._new_target

    def __exit__(self, exctype, excinst, exctb):
        setattr(_sys, self._stream, self._old_targets.pop())


class redirect_stdout(_RedirectStream):
    """Points sys.stdout at another file-like object for the block."""
    _stream = "stdout"


class redirect_stderr(_RedirectStream):
    """Points sys.stderr at another file-like object for the block."""
    _stream = "stderr"


class suppress(AbstractContextManager):
    """Swallows the given exception types raised in the block."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class ExitStack(AbstractContextManager):
    """Runs a stack of exit callbacks (context managers, functions) in reverse order."""

    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):
        """Moves the callbacks to a new ExitStack and returns it."""
        new_stack = type(self)()
        new_stack._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new_stack

    def push(self, exit):
        """Adds a context manager's __exit__, or a callable taking (type, value, tb)."""
        exit_method = getattr(type(exit), "__exit__", None)
        if exit_method is None:
            self._exit_callbacks.append(exit)
        else:
            self._exit_callbacks.append(lambda *exc: exit_method(exit, *exc))
        return exit

    def enter_context(self, cm):
        """Enters cm and pushes its __exit__."""
        cls = type(cm)
        enter = getattr(cls, "__enter__", None)
        exit_method = getattr(cls, "__exit__", None)
        if enter is None or exit_method is None:
            raise TypeError("'%s.%s' object does not support the context manager protocol"
                            % (cls.__module__, cls.__qualname__))
        result = enter(cm)
        self._exit_callbacks.append(lambda *exc: exit_method(cm, *exc))
        return result

    def callback(self, callback, /, *args, **kwds):
        """Registers callback(*args, **kwds) to run at exit."""
        def _exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)
        self._exit_callbacks.append(_exit_wrapper)
        return callback

    def close(self):
        """Call the exit callbacks at once, last pushed first."""
        self.__exit__(None, None, None)

    def __exit__(self, *exc_details):
        received_exc = exc_details[0] is not None
        pending = exc_details[1] if received_exc else None
        # The exception being handled around the with statement: each exception a callback
        # raises has it as __context__, which is replaced by the exception before it here.
        frame_exc = _sys.exc_info()[1]
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            if pending is None:
                details = (None, None, None)
            else:
                details = (type(pending), pending, getattr(pending, "__traceback__", None))
            try:
                if cb(*details):
                    pending = None
            except BaseException as new_exc:
                _fix_exception_context(new_exc, pending, frame_exc)
                pending = new_exc
        if pending is not None and (not received_exc or pending is not exc_details[1]):
            _raise_keeping_context(pending)
        return received_exc and pending is None


def _fix_exception_context(new_exc, old_exc, frame_exc):
    """Makes old_exc the context of new_exc's chain where it reaches frame_exc."""
    while True:
        context = new_exc.__context__
        if context is None or context is old_exc:
            return
        if context is frame_exc:
            break
        new_exc = context
    new_exc.__context__ = old_exc


def _raise_keeping_context(exc):
    # Raising exc here would make the exception being handled its context again.
    context = exc.__context__
    try:
        raise exc
    except BaseException:
        exc.__context__ = context
        raise


class chdir(AbstractContextManager):
    """Changes the working directory for the block, then changes it back."""

    def __init__(self, path):
        self.path = path
        self._old_cwd = []

    def __enter__(self):
        import os
        self._old_cwd.append(os.getcwd())
        os.chdir(self.path)

    def __exit__(self, *excinfo):
        import os
        os.chdir(self._old_cwd.pop())
