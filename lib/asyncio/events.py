"""Handles of scheduled callbacks, and which event loop is running (as CPython's
asyncio.events)."""

__all__ = ('Handle', 'TimerHandle', 'get_event_loop', 'set_event_loop', 'new_event_loop',
           'get_running_loop', '_get_running_loop', 'AbstractEventLoop',
           'get_event_loop_policy', 'set_event_loop_policy')

import threading
from contextvars import Context, _copy_if_any
from _contextvars import swap as _swap_context

from . import format_helpers


class Handle:
    """A callback scheduled with call_soon: cancel() stops it from running."""

    __slots__ = ('_callback', '_args', '_cancelled', '_loop', '_repr', '_context')

    def __init__(self, callback, args, loop, context=None):
        self._loop = loop
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._repr = None
        # The callback runs in a copy of the context of whoever scheduled it (None: they
        # had none, and the callback runs with none).
        self._context = _copy_if_any() if context is None else context

    def _repr_info(self):
        info = [self.__class__.__name__]
        if self._cancelled:
            info.append('cancelled')
        if self._callback is not None:
            info.append(format_helpers.format_callback_source(self._callback, self._args))
        return info

    def __repr__(self):
        if self._repr is not None:
            return self._repr
        return '<{}>'.format(' '.join(self._repr_info()))

    def cancel(self):
        if not self._cancelled:
            self._cancelled = True
            self._callback = None
            self._args = None

    def cancelled(self):
        return self._cancelled

    def get_context(self):
        if self._context is None:
            self._context = Context()
        return self._context

    def _run(self):
        try:
            if self._context is None:
                outer_context = _swap_context(None)
                try:
                    self._callback(*self._args)
                finally:
                    _swap_context(outer_context)
            else:
                self._context.run(self._callback, *self._args)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._report(exc)

    def _report(self, exc):
        cb = format_helpers.format_callback_source(self._callback, self._args)
        msg = f'Exception in callback {cb}'
        context = {'message': msg, 'exception': exc, 'handle': self}
        self._loop.call_exception_handler(context)


class TimerHandle(Handle):
    """A callback scheduled for a time (call_later, call_at)."""

    __slots__ = ('_scheduled', '_when')

    def __init__(self, when, callback, args, loop, context=None):
        super().__init__(callback, args, loop, context)
        self._when = when
        self._scheduled = False

    def _repr_info(self):
        info = super()._repr_info()
        pos = 2 if self._cancelled else 1
        info.insert(pos, f'when={self._when}')
        return info

    def __lt__(self, other):
        return self._when < other._when

    def __le__(self, other):
        return self._when <= other._when

    def __gt__(self, other):
        return self._when > other._when

    def __ge__(self, other):
        return self._when >= other._when

    def __eq__(self, other):
        if isinstance(other, TimerHandle):
            return (self._when == other._when and self._callback == other._callback and
                    self._args == other._args and self._cancelled == other._cancelled)
        return NotImplemented

    def __hash__(self):
        return hash(self._when)

    def cancel(self):
        if not self._cancelled:
            self._loop._timer_handle_cancelled(self)
        super().cancel()

    def when(self):
        return self._when


class AbstractEventLoop:
    """The interface every event loop has."""


# A per-thread slot (no class-level default: minipy's threading.local lets a class attribute
# hide the per-thread value).
_running_loop = threading.local()
_running_loop.loop = None
_event_loop = None


def _get_running_loop():
    """The loop running in this thread, or None."""
    return getattr(_running_loop, 'loop', None)


def _set_running_loop(loop):
    _running_loop.loop = loop


def get_running_loop():
    """The loop running in this thread; RuntimeError if there is none."""
    loop = getattr(_running_loop, 'loop', None)
    if loop is None:
        raise RuntimeError('no running event loop')
    return loop


def _get_event_loop(stacklevel=4):
    loop = getattr(_running_loop, 'loop', None)
    if loop is not None:
        return loop
    return get_event_loop_policy().get_event_loop()


def get_event_loop():
    """The running loop, else this thread's loop (made on first use in the main thread)."""
    return _get_event_loop()


def set_event_loop(loop):
    get_event_loop_policy().set_event_loop(loop)


def new_event_loop():
    return get_event_loop_policy().new_event_loop()


class DefaultEventLoopPolicy:
    """One event loop per thread; the main thread gets one made on demand."""

    def __init__(self):
        self._local = threading.local()

    def get_event_loop(self):
        loop = getattr(self._local, 'loop', None)
        if loop is None and not getattr(self._local, 'set_called', False) and \
                threading.current_thread() is threading.main_thread():
            loop = self.new_event_loop()
            self.set_event_loop(loop)
        if loop is None:
            raise RuntimeError('There is no current event loop in thread %r.'
                               % threading.current_thread().name)
        return loop

    def set_event_loop(self, loop):
        self._local.set_called = True
        self._local.loop = loop

    def new_event_loop(self):
        from .selector_events import SelectorEventLoop
        return SelectorEventLoop()


_policy = None


def get_event_loop_policy():
    global _policy
    if _policy is None:
        _policy = DefaultEventLoopPolicy()
    return _policy


def set_event_loop_policy(policy):
    global _policy
    _policy = policy
