"""contextlib's async context managers: asynccontextmanager, AsyncExitStack, aclosing."""

import sys as _sys
from contextlib import (ExitStack, _GeneratorContextManagerBase, _GenericAlias,
                        _fix_exception_context, _raise_keeping_context)


class AbstractAsyncContextManager:
    """An async context manager whose __aenter__ returns itself."""

    __class_getitem__ = classmethod(_GenericAlias)

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc_value, traceback):
        return None


class AsyncContextDecorator:
    """Lets an async context manager decorate a coroutine function."""

    def _recreate_cm(self):
        return self

    def __call__(self, func):
        async def inner(*args, **kwds):
            async with self._recreate_cm():
                return await func(*args, **kwds)
        inner.__name__ = getattr(func, "__name__", "inner")
        inner.__wrapped__ = func
        return inner


class _AsyncGeneratorContextManager(_GeneratorContextManagerBase, AbstractAsyncContextManager,
                                    AsyncContextDecorator):
    async def __aenter__(self):
        del self.args, self.kwds, self.func
        try:
            return await self.gen.__anext__()
        except StopAsyncIteration:
            raise RuntimeError("generator didn't yield") from None

    async def __aexit__(self, typ, value, traceback):
        if typ is None:
            try:
                await self.gen.__anext__()
            except StopAsyncIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            await self.gen.athrow(value)
        except StopAsyncIteration as exc:
            return exc is not value
        except RuntimeError as exc:
            if exc is value:
                return False
            if isinstance(value, (StopIteration, StopAsyncIteration)) and exc.__cause__ is value:
                return False
            raise
        except BaseException as exc:
            if exc is not value:
                raise
            return False
        raise RuntimeError("generator didn't stop after athrow()")


def asynccontextmanager(func):
    """Decorator: an async generator function that yields once becomes an async context
    manager factory."""
    def helper(*args, **kwds):
        return _AsyncGeneratorContextManager(func, args, kwds)
    helper.__name__ = getattr(func, "__name__", "helper")
    helper.__doc__ = getattr(func, "__doc__", None)
    helper.__wrapped__ = func
    return helper


class aclosing(AbstractAsyncContextManager):
    """Awaits thing.aclose() at the end of the block."""

    def __init__(self, thing):
        self.thing = thing

    async def __aenter__(self):
        return self.thing

    async def __aexit__(self, *exc_info):
        await self.thing.aclose()


class AsyncExitStack(ExitStack):
    """An ExitStack whose callbacks may also be coroutine functions and async context
    managers; closed by `async with` or `await stack.aclose()`."""

    async def enter_async_context(self, cm):
        """Enter an asynchronous context manager and push its __aexit__; gives what
        its __aenter__ gave.
        """
        cls = type(cm)
        enter = getattr(cls, "__aenter__", None)
        exit_method = getattr(cls, "__aexit__", None)
        if enter is None or exit_method is None:
            raise TypeError("'%s.%s' object does not support the asynchronous context "
                            "manager protocol" % (cls.__module__, cls.__qualname__))
        result = await enter(cm)
        self._push_async(lambda *exc: exit_method(cm, *exc))
        return result

    def push_async_exit(self, exit):
        """Push an asynchronous exit callback (a coroutine function with the
        arguments of __aexit__, or an object with an __aexit__ method); gives it
        back, so it may be used as a decorator.
        """
        exit_method = getattr(type(exit), "__aexit__", None)
        if exit_method is None:
            self._push_async(exit)
        else:
            self._push_async(lambda *exc: exit_method(exit, *exc))
        return exit

    def push_async_callback(self, callback, /, *args, **kwds):
        """Push a coroutine function to be called with the given arguments on exit
        (it is told nothing about an exception); gives it back, so it may be used
        as a decorator.
        """
        async def _exit_wrapper(exc_type, exc, tb):
            await callback(*args, **kwds)
        self._push_async(_exit_wrapper)
        return callback

    def _push_async(self, cb):
        cb._is_async_exit = True
        self._exit_callbacks.append(cb)

    async def aclose(self):
        """Call the exit callbacks at once, last pushed first, awaiting those that
        are asynchronous.
        """
        await self.__aexit__(None, None, None)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_details):
        received_exc = exc_details[0] is not None
        pending = exc_details[1] if received_exc else None
        frame_exc = _sys.exc_info()[1]
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            if pending is None:
                details = (None, None, None)
            else:
                details = (type(pending), pending, getattr(pending, "__traceback__", None))
            try:
                result = cb(*details)
                if getattr(cb, "_is_async_exit", False):
                    result = await result
                if result:
                    pending = None
            except BaseException as new_exc:
                _fix_exception_context(new_exc, pending, frame_exc)
                pending = new_exc
        if pending is not None and (not received_exc or pending is not exc_details[1]):
            _raise_keeping_context(pending)
        return received_exc and pending is None
