"""asyncio.Future: a result that will be set later, awaited by tasks (as CPython's)."""

__all__ = ('Future', 'wrap_future', 'isfuture')

from _generic_alias import GenericAlias as _GenericAlias
from contextvars import _copy_if_any

from . import events
from . import exceptions
from . import format_helpers

# The states; compared by identity (a future only ever holds these three objects).
_PENDING = 'PENDING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'


def isfuture(obj):
    """Whether obj is a Future (or quacks like one)."""
    return getattr(obj, '_asyncio_future_blocking', None) is not None and \
        hasattr(obj.__class__, '_asyncio_future_blocking')


def _format_callbacks(cb):
    size = len(cb)
    fmt = lambda c: format_helpers.format_callback_source(c[0], ())
    if size == 1:
        text = fmt(cb[0])
    elif size == 2:
        text = '{}, {}'.format(fmt(cb[0]), fmt(cb[1]))
    else:
        text = '{}, <{} more>, {}'.format(fmt(cb[0]), size - 2, fmt(cb[-1]))
    return f'cb=[{text}]'


class Future:
    """A result not there yet. Callbacks added with add_done_callback run (scheduled on the
    loop) once it is set, cancelled or fails."""

    __module__ = "_asyncio"  # where CPython's (C) Future lives: its repr and generic alias say so
    __class_getitem__ = classmethod(_GenericAlias)

    _state = _PENDING
    _result = None
    _exception = None
    _loop = None
    _source_traceback = None
    _cancel_message = None
    _cancelled_exc = None
    _asyncio_future_blocking = False
    _waits_for = None
    _finalized = False  # set when a freed task was finalized (reported) once

    def __init__(self, *, loop=None):
        if loop is None:
            self._loop = events._get_event_loop()
        else:
            self._loop = loop
        self._callbacks = []

    def _repr_info(self):
        info = [self._state.lower()]
        if self._state is _FINISHED:
            if self._exception is not None:
                info.append(f'exception={self._exception!r}')
            else:
                info.append(f'result={format_helpers.short_repr(self._result)}')
        if self._callbacks:
            info.append(_format_callbacks(self._callbacks))
        return info

    def __repr__(self):
        return '<{} {}>'.format(self.__class__.__name__, ' '.join(self._repr_info()))

    def get_loop(self):
        loop = self._loop
        if loop is None:
            raise RuntimeError("Future object is not initialized.")
        return loop

    def _make_cancelled_error(self):
        if self._cancelled_exc is not None:
            exc = self._cancelled_exc
            self._cancelled_exc = None
            return exc
        if self._cancel_message is None:
            exc = exceptions.CancelledError()
        else:
            exc = exceptions.CancelledError(self._cancel_message)
        return exc

    def cancel(self, msg=None):
        """Cancels the future: False if it is already done."""
        if self._state is not _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self.__schedule_callbacks()
        return True

    def __schedule_callbacks(self):
        callbacks = self._callbacks
        if not callbacks:
            return
        # The loop's own callbacks of one argument: queued as (callback, argument) pairs, as
        # loop._call_soon_fast does, without a call per callback. The list is emptied for
        # reuse rather than replaced.
        loop = self._loop
        if loop._closed:
            raise RuntimeError('Event loop is closed')
        ready = loop._ready
        for callback, ctx in callbacks:
            if ctx is None:
                ready.append((callback, self))
            else:
                ready.append(events.Handle(callback, (self,), loop, ctx))
        callbacks.clear()

    def cancelled(self):
        return self._state is _CANCELLED

    def done(self):
        return self._state is not _PENDING

    def result(self):
        if self._state is _CANCELLED:
            raise self._make_cancelled_error()
        if self._state is not _FINISHED:
            raise exceptions.InvalidStateError('Result is not set.')
        exc = self._exception
        if exc is not None:
            self._loop._unretrieved.pop(id(self), None)
            raise exc
        return self._result

    def exception(self):
        if self._state is _CANCELLED:
            raise self._make_cancelled_error()
        if self._state is not _FINISHED:
            raise exceptions.InvalidStateError('Exception is not set.')
        exc = self._exception
        if exc is not None:
            self._loop._unretrieved.pop(id(self), None)
        return exc

    def add_done_callback(self, fn, *, context=None):
        if self._state is not _PENDING:
            self._loop.call_soon(fn, self, context=context)
        else:
            # The callback runs in a copy of the adder's context (None: it has none).
            if context is None:
                context = _copy_if_any()
            self._callbacks.append((fn, context))

    def remove_done_callback(self, fn):
        filtered = [(f, ctx) for (f, ctx) in self._callbacks if f != fn]
        removed = len(self._callbacks) - len(filtered)
        if removed:
            self._callbacks[:] = filtered
        return removed

    def set_result(self, result):
        if self._state is not _PENDING:
            raise exceptions.InvalidStateError('invalid state')
        self._result = result
        self._state = _FINISHED
        self.__schedule_callbacks()

    def set_exception(self, exception):
        if self._state is not _PENDING:
            raise exceptions.InvalidStateError('invalid state')
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self.__schedule_callbacks()
        if not self._finalized:
            self._loop._unretrieved[id(self)] = self

    def __await__(self):
        if self._state is _PENDING:
            self._asyncio_future_blocking = True
            yield self
            if self._state is _PENDING:
                raise RuntimeError("await wasn't used with future")
        if self._state is _FINISHED and self._exception is None:
            return self._result  # result(), without the call
        return self.result()

    __iter__ = __await__


def _get_loop(fut):
    try:
        get_loop = fut.get_loop
    except AttributeError:
        return fut._loop
    return get_loop()


def _set_result_unless_cancelled(fut, result):
    if fut.cancelled():
        return
    fut.set_result(result)


def _copy_state(source, dest):
    """Copies the outcome of one future into another."""
    if dest.cancelled():
        return
    if source.cancelled():
        dest.cancel()
        return
    exception = source.exception()
    if exception is not None:
        dest.set_exception(exception)
    else:
        dest.set_result(source.result())


def wrap_future(future, *, loop=None):
    """An asyncio Future following a concurrent.futures.Future."""
    if isfuture(future):
        return future
    if loop is None:
        loop = events.get_event_loop()
    new_future = loop.create_future()

    def _call_check_cancel(destination):
        if destination.cancelled():
            future.cancel()

    def _from_concurrent(source):
        if new_future.done():
            return
        if source.cancelled():
            loop.call_soon_threadsafe(_cancel_unless_done, new_future)
            return
        exc = source.exception()
        if exc is not None:
            loop.call_soon_threadsafe(_set_exception_unless_done, new_future, exc)
        else:
            loop.call_soon_threadsafe(_set_result_unless_done, new_future, source.result())

    new_future.add_done_callback(_call_check_cancel)
    loop._threads_pending += 1
    future.add_done_callback(_from_concurrent)
    return new_future


def _set_result_unless_done(fut, result):
    fut._loop._threads_pending -= 1
    if not fut.done():
        fut.set_result(result)


def _set_exception_unless_done(fut, exc):
    fut._loop._threads_pending -= 1
    if not fut.done():
        fut.set_exception(exc)


def _cancel_unless_done(fut):
    fut._loop._threads_pending -= 1
    if not fut.done():
        fut.cancel()
