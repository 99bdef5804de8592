"""Tasks (a coroutine driven by the event loop) and the functions that combine awaitables:
sleep, gather, wait, wait_for, shield, as_completed (as CPython's asyncio.tasks)."""

__all__ = ('Task', 'create_task', 'FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED',
           'wait', 'wait_for', 'as_completed', 'sleep', 'gather', 'shield', 'ensure_future',
           'run_coroutine_threadsafe', 'current_task', 'all_tasks')

import itertools
from _asyncio import step as _step
from _asyncio import task_state as _task_state
from _asyncio import trace_tasks as _trace_tasks
from _asyncio import task_finalizer as _task_finalizer
from _asyncio import task_table as _task_table

from contextvars import _copy_if_any as _copy_context
from contextvars import _enter as _enter_context
from contextvars import _exit as _exit_context
from _contextvars import swap as _swap_context

from . import coroutines
from . import events
from . import exceptions
from . import format_helpers
from . import futures

_task_name_counter = itertools.count(1).__next__
# Under --trace/--timeline each task has a track, numbered from 1 in creation order.
_TRACE = _trace_tasks()
_track_counter = itertools.count(1).__next__
_CoroutineType = coroutines._CoroutineType
_PENDING = futures._PENDING
_FINISHED = futures._FINISHED

# The tasks, held weakly (CPython keeps a WeakSet of all tasks), in a native table: a
# pending task nothing else refers to is freed, and says so (Task.__del__, native too).
_register_task = _task_table.add
_live_tasks = _task_table.tasks
_forget_task = _task_table.discard
# The task each running loop is stepping is its attribute _current_task.


def current_task(loop=None):
    """The task running now, or None."""
    if loop is None:
        loop = events.get_running_loop()
    return getattr(loop, '_current_task', None)


def all_tasks(loop=None):
    """The tasks of the loop that are not done."""
    if loop is None:
        loop = events.get_running_loop()
    return {t for t in _live_tasks() if t._loop is loop and not t.done()}


# What a task ready to run waits for, on its track.
_TURN = 'its turn in the event loop'


class Task(futures.Future):
    """A coroutine wrapped in a Future: the loop steps it each time what it awaits is done."""

    __module__ = "_asyncio"

    _log_destroy_pending = True

    def __init__(self, coro, *, loop=None, name=None, context=None):
        self._init(coro, loop, name, context)

    def _init(self, coro, loop, name, context):
        """__init__ with positional arguments (what loop.create_task calls)."""
        # Future.__init__, inline: a task is made for every coroutine the loop runs.
        self._loop = events._get_event_loop() if loop is None else loop
        self._callbacks = []
        if type(coro) is not _CoroutineType and not coroutines.iscoroutine(coro):
            self._log_destroy_pending = False
            raise TypeError(f"a coroutine was expected, got {coro!r}")
        if name is None:
            # The number now, the text when first asked for (get_name): most names never are.
            self._name = _task_name_counter()
        else:
            self._name = str(name)
        self._num_cancels_requested = 0
        self._must_cancel = False
        self._fut_waiter = None
        self._coro = coro
        # Each task runs in its own copy of the creator's context (None: the creator had
        # none, and the task makes its own when it first sets a variable).
        self._context = _copy_context() if context is None else context
        loop = self._loop
        if loop._closed:
            raise RuntimeError('Event loop is closed')
        # (function, argument) pairs: no bound method is made for each step.
        loop._ready.append((_task_step, self))
        _register_task(self)
        if _TRACE:
            self._track = _track_counter()
            _task_state(self._track, self.get_name(), _TURN)

    # Freed: a native finalizer, which calls _destroyed_pending only for a pending task.
    __del__ = _task_finalizer

    def _destroyed_pending(self):
        """A pending task freed (nothing refers to it or to what it waits for): CPython's
        complaint, through the loop's exception handler."""
        # Finalized once, as CPython's objects are: if a callback its coroutine's closing
        # scheduled brings the task back and it then fails, its lost exception is not
        # reported again when it is freed for good.
        self._finalized = True
        if self._state is _PENDING and self._log_destroy_pending:
            self._loop.call_exception_handler({
                'task': self,
                'message': 'Task was destroyed but it is pending!',
            })

    def _repr_info(self):
        info = super()._repr_info()
        if self._num_cancels_requested > 0 and not self.done():
            info[0] = 'cancelling'
        info.insert(1, 'name=%r' % self.get_name())
        info.insert(2, f'coro=<{format_helpers.format_coroutine(self._coro)}>')
        if self._fut_waiter is not None:
            info.insert(3, f'wait_for={self._fut_waiter!r}')
        return info

    def get_coro(self):
        return self._coro

    def get_context(self):
        return self._context

    def get_name(self):
        name = self._name
        if type(name) is int:
            name = self._name = f'Task-{name}'
        return name

    def set_name(self, value):
        self._name = str(value)

    def set_result(self, result):
        raise RuntimeError('Task does not support set_result operation')

    def set_exception(self, exception):
        raise RuntimeError('Task does not support set_exception operation')

    def get_stack(self, *, limit=None):
        return []

    def cancel(self, msg=None):
        """Asks the task to stop: CancelledError is thrown into its coroutine at its next
        step. False if it is already done."""
        if self.done():
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def __step(self, exc=None):
        if self._state is not _PENDING:
            raise exceptions.InvalidStateError(f'_step(): already done: {self!r}, {exc!r}')
        if self._must_cancel:
            if not isinstance(exc, exceptions.CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        coro = self._coro
        self._fut_waiter = None
        loop = self._loop
        loop._current_task = self
        if _TRACE:
            _task_state(self._track, self.get_name(), None)
        context = self._context
        if context is None:
            outer_context = _swap_context(None)
        else:
            _enter_context(context)
        try:
            outcome = _step(coro, exc)
        except exceptions.CancelledError as cancelled:
            self._cancelled_exc = cancelled
            _future_cancel(self)
        except (KeyboardInterrupt, SystemExit) as fatal:
            _future_set_exception(self, fatal)
            raise
        except BaseException as error:
            _future_set_exception(self, error)
        else:
            if outcome is None:
                # A bare yield (asyncio.sleep(0)): step again on the loop's next turn (the
                # loop is running, so it is not closed).
                loop._ready.append((_task_step, self))
                return
            finished, result = outcome
            if finished:
                if self._must_cancel:
                    self._must_cancel = False
                    _future_cancel(self, msg=self._cancel_message)
                else:
                    # Future.set_result, inline: the task is pending (checked above).
                    self._result = result
                    self._state = _FINISHED
                    callbacks = self._callbacks
                    if callbacks:
                        if loop._closed:
                            raise RuntimeError('Event loop is closed')
                        ready = loop._ready
                        for callback, ctx in callbacks:
                            if ctx is None:
                                ready.append((callback, self))
                            else:
                                ready.append(events.Handle(callback, (self,), loop, ctx))
                        callbacks.clear()
            else:
                self.__wait_for(result, loop)
        finally:
            if context is None:
                self._context = _swap_context(outer_context)
            else:
                _exit_context(context)
            loop._current_task = None
            if _TRACE:
                _task_state(self._track, self.get_name(), self.__traced_wait())

    # The step as a plain function of the task (module-level _task_step).
    _step_function = __step

    def __traced_wait(self):
        """What the task's track shows between steps (False: it is done)."""
        if self.done():
            return False
        waiter = self._fut_waiter
        if waiter is None:
            return _TURN
        what = getattr(waiter, '_waits_for', None)
        if isinstance(what, str):
            return what
        if isinstance(waiter, Task):
            return f'task "{waiter.get_name()}"'
        return type(waiter).__name__

    def __wait_for(self, result, loop):
        """The coroutine yielded `result`: wait for it if it is a future of this loop."""
        blocking = getattr(result, '_asyncio_future_blocking', None)
        if blocking is not None:
            if result._loop is not loop and futures._get_loop(result) is not loop:
                new_exc = RuntimeError(
                    f'Task {self!r} got Future {result!r} attached to a different loop')
                loop.call_soon(self.__step, new_exc)
            elif blocking:
                if result is self:
                    new_exc = RuntimeError(f'Task cannot await on itself: {self!r}')
                    loop.call_soon(self.__step, new_exc)
                else:
                    result._asyncio_future_blocking = False
                    result.add_done_callback(self.__wakeup)
                    self._fut_waiter = result
                    if self._must_cancel:
                        if self._fut_waiter.cancel(msg=self._cancel_message):
                            self._must_cancel = False
            else:
                new_exc = RuntimeError(
                    f'yield was used instead of yield from in task {self!r} with {result!r}')
                loop.call_soon(self.__step, new_exc)
        elif type(result).__name__ == 'generator':
            new_exc = RuntimeError(
                'yield was used instead of yield from for generator '
                f'in task {self!r} with {result!r}')
            loop.call_soon(self.__step, new_exc)
        else:
            new_exc = RuntimeError(f'Task got bad yield: {result!r}')
            loop.call_soon(self.__step, new_exc)

    def __wakeup(self, future):
        try:
            future.result()
        except BaseException as exc:
            self.__step(exc)
        else:
            self.__step()

    __wakeup.__qualname__ = 'Task.task_wakeup'


# A task's step as a function of the task: what the ready queue holds for it.
_task_step = Task._step_function

# Future's methods, called on a task without making a super() object each time.
_future_cancel = futures.Future.cancel
_future_set_exception = futures.Future.set_exception


def create_task(coro, *, name=None, context=None):
    """Schedules the coroutine to run as a task on the running loop."""
    loop = events.get_running_loop()
    return loop.create_task(coro, name=name, context=context)


def ensure_future(coro_or_future, *, loop=None):
    """A Future for the argument: itself if it is one, else a task running it."""
    if type(coro_or_future) is _CoroutineType:
        if loop is None:
            loop = events._get_event_loop()
        return loop.create_task(coro_or_future)
    if futures.isfuture(coro_or_future):
        if loop is not None and loop is not futures._get_loop(coro_or_future):
            raise ValueError('The future belongs to a different loop than '
                             'the one specified as the loop argument')
        return coro_or_future
    called_wrap_awaitable = False
    if not coroutines.iscoroutine(coro_or_future):
        if hasattr(coro_or_future, '__await__'):
            coro_or_future = _wrap_awaitable(coro_or_future)
            called_wrap_awaitable = True
        else:
            raise TypeError('An asyncio.Future, a coroutine or an awaitable is required')
    if loop is None:
        loop = events._get_event_loop()
    try:
        return loop.create_task(coro_or_future)
    except RuntimeError:
        if not called_wrap_awaitable:
            coro_or_future.close()
        raise


async def _wrap_awaitable(awaitable):
    return await awaitable


class _Sleep0:
    """What sleep(0) awaits: yields to the loop once."""
    __slots__ = ()

    def __await__(self):
        yield


_sleep0 = _Sleep0()


async def sleep(delay, result=None):
    """Waits `delay` seconds (0: lets the other tasks run once); returns result."""
    if delay <= 0:
        await _sleep0
        return result
    loop = events.get_running_loop()
    future = loop.create_future()
    future._waits_for = 'a sleep to end'
    h = loop.call_later(delay, futures._set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        h.cancel()


FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """Waits for the futures and tasks in fs: returns the sets (done, pending)."""
    if futures.isfuture(fs) or coroutines.iscoroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f'Invalid return_when value: {return_when}')
    loop = events.get_running_loop()
    fs = set(fs)
    if any(coroutines.iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")
    return await _wait(fs, timeout, return_when, loop)


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _wait(fs, timeout, return_when, loop):
    waiter = loop.create_future()
    waiter._waits_for = fs
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    counter = len(fs)

    def _on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or return_when == FIRST_COMPLETED or
                return_when == FIRST_EXCEPTION and (not f.cancelled() and
                                                    f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    done, pending = set(), set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


async def wait_for(fut, timeout):
    """Awaits fut, cancelling it and raising TimeoutError after `timeout` seconds."""
    loop = events.get_running_loop()
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut, loop=loop)
        try:
            return fut.result()
        except exceptions.CancelledError as exc:
            raise exceptions.TimeoutError() from exc
    waiter = loop.create_future()
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)

    def cb(f):
        _release_waiter(waiter)
    fut = ensure_future(fut, loop=loop)
    waiter._waits_for = fut
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except exceptions.CancelledError:
            if fut.done():
                return fut.result()
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut, loop=loop)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(cb)
        await _cancel_and_wait(fut, loop=loop)
        try:
            return fut.result()
        except exceptions.CancelledError as exc:
            raise exceptions.TimeoutError() from exc
    finally:
        timeout_handle.cancel()


async def _cancel_and_wait(fut, loop):
    waiter = loop.create_future()
    waiter._waits_for = fut

    def cb(f):
        _release_waiter(waiter)
    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


def as_completed(fs, *, timeout=None):
    """Yields awaitables giving the results of fs in the order they finish."""
    if futures.isfuture(fs) or coroutines.iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")
    from .queues import Queue
    done = Queue()
    loop = events._get_event_loop()
    todo = {ensure_future(f, loop=loop) for f in set(fs)}
    timeout_handle = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)
        todo.clear()

    def _on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            raise exceptions.TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


class _GatheringFuture(futures.Future):
    """gather()'s result: cancelling it cancels the children."""

    def __init__(self, children, *, loop):
        super().__init__(loop=loop)
        self._children = children
        self._cancel_requested = False
        self._waits_for = children

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    """Runs the awaitables concurrently; the result is the list of their results, in order.
    The first exception propagates unless return_exceptions, which puts it in the list."""
    if not coros_or_futures:
        loop = events._get_event_loop()
        outer = loop.create_future()
        outer.set_result([])
        return outer

    def _done_callback(fut):
        nonlocal nfinished
        nfinished += 1
        if outer is None or outer._state is not _PENDING:
            if not fut.cancelled():
                fut.exception()
            return
        # A task with a result needs neither cancelled() nor exception() asked.
        if not return_exceptions and (type(fut) is not Task or fut._state is not _FINISHED
                                      or fut._exception is not None):
            if fut.cancelled():
                outer.set_exception(fut._make_cancelled_error())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if nfinished == nfuts:
            results = []
            for child in children:
                if type(child) is Task and child._state is _FINISHED and \
                        child._exception is None:
                    results.append(child._result)
                    continue
                if child.cancelled():
                    msg = child._cancel_message
                    res = exceptions.CancelledError('' if msg is None else msg)
                else:
                    res = child.exception()
                    if res is None:
                        res = child.result()
                results.append(res)
            if outer._cancel_requested:
                outer.set_exception(fut._make_cancelled_error())
            else:
                outer.set_result(results)

    arg_to_fut = {}
    children = []
    nfuts = 0
    nfinished = 0
    loop = None
    outer = None
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            if loop is not None and type(arg) is _CoroutineType:
                fut = loop.create_task(arg)
            else:
                fut = ensure_future(arg, loop=loop)
                if loop is None:
                    loop = futures._get_loop(fut)
            nfuts += 1
            arg_to_fut[arg] = fut
            if fut is not arg:
                fut._log_destroy_pending = False
                if type(fut) is Task and fut._state is _PENDING:
                    # A task just made: nothing can have run yet.
                    fut._callbacks.append((_done_callback, None))
                    children.append(fut)
                    continue
            fut.add_done_callback(_done_callback)
        else:
            fut = arg_to_fut[arg]
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    return outer


def shield(arg):
    """Awaits arg without letting a cancellation of the awaiting task cancel it."""
    inner = ensure_future(arg)
    if inner.done():
        return inner
    loop = futures._get_loop(inner)
    outer = loop.create_future()
    outer._waits_for = inner

    def _inner_done_callback(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()
            return
        if inner.cancelled():
            outer.cancel()
        else:
            exc = inner.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(inner.result())

    def _outer_done_callback(outer):
        if not inner.done():
            inner.remove_done_callback(_inner_done_callback)

    inner.add_done_callback(_inner_done_callback)
    outer.add_done_callback(_outer_done_callback)
    return outer


def run_coroutine_threadsafe(coro, loop):
    """Submits a coroutine to a loop running in another thread; returns a
    concurrent.futures.Future of its result."""
    if not coroutines.iscoroutine(coro):
        raise TypeError('A coroutine object is required')
    import concurrent.futures
    future = concurrent.futures.Future()

    def callback():
        try:
            task = ensure_future(coro, loop=loop)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            if future.set_running_or_notify_cancel():
                future.set_exception(exc)
            raise

        def _copy(src):
            if src.cancelled():
                future.cancel()
                future.set_running_or_notify_cancel()
                return
            if not future.set_running_or_notify_cancel():
                return
            exc = src.exception()
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(src.result())
        task.add_done_callback(_copy)

    loop.call_soon_threadsafe(callback)
    return future
