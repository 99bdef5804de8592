"""The event loop: a ready queue of callbacks, a heap of timers, a queue for callbacks from
other threads. Timers wait with the time module, so `--virtual-time` makes them instant.
When nothing is ready, no timer is due and no thread can call back, the tasks left wait for
each other forever: that is reported as a deadlock (see `deadlock.py`)."""

__all__ = ('BaseEventLoop',)

from _collections import deque as _deque
import heapq
import itertools
import sys
import threading
import time
import weakref

from . import events
from . import exceptions
from . import futures
from . import format_helpers


# tasks.Task, imported on first use (tasks imports this module's siblings).
_Task = None
_object_new = object.__new__
# Guards the making of a loop's queue of callbacks from other threads (`_wakeup_queue`).
_wakeup_queue_lock = threading.Lock()


class BaseEventLoop(events.AbstractEventLoop):

    def __init__(self):
        self._ready = _deque()
        self._scheduled = []
        self._timer_seq = itertools.count()
        self._cancelled_timers = 0
        self._stopping = False
        self._closed = False
        self._thread_id = None
        # Timers due within a microsecond run now: a wait may end that much early (a
        # virtual-time wait rounds the deadline it computes from a float).
        self._clock_resolution = 1e-06
        self._exception_handler = None
        self._debug = False
        self._default_executor = None
        self._executor_shutdown_called = False
        self._task_factory = None
        self._threadsafe = None
        self._threads_pending = 0
        # The async generators iterated while the loop ran (see the asyncgen hooks).
        self._asyncgens = weakref.WeakSet()
        self._asyncgens_shutdown_called = False
        self._unretrieved = {}
        self._current_task = None

    def __repr__(self):
        return (f'<{self.__class__.__name__} running={self.is_running()} '
                f'closed={self.is_closed()} debug={self.get_debug()}>')

    # ----- scheduling -----

    def time(self):
        return time.monotonic()

    def _check_closed(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def call_soon(self, callback, *args, context=None):
        self._check_closed()
        handle = events.Handle(callback, args, self, context)
        self._ready.append(handle)
        return handle

    def _call_soon_fast(self, callback, arg):
        """call_soon for the library's own callbacks of one argument (task steps, done
        callbacks): no Handle is made, since nobody can cancel them."""
        if self._closed:
            raise RuntimeError('Event loop is closed')
        self._ready.append((callback, arg))

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError('delay must not be None')
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        timer = events.TimerHandle(when, callback, args, self, context)
        heapq.heappush(self._scheduled, (when, next(self._timer_seq), timer))
        timer._scheduled = True
        return timer

    def _timer_handle_cancelled(self, handle):
        if handle._scheduled:
            self._cancelled_timers += 1

    def call_soon_threadsafe(self, callback, *args, context=None):
        """Schedules a callback from another thread (and wakes the loop)."""
        self._check_closed()
        handle = events.Handle(callback, args, self, context)
        self._wakeup_queue().put(handle)
        self._write_to_self()
        return handle

    def _write_to_self(self):
        """Wakes a loop waiting in its selector (see selector_events)."""

    def _io_waiting(self):
        """Whether a descriptor is watched (see selector_events)."""
        return False

    def _wakeup_queue(self):
        # Made under a lock: the loop's thread (about to wait on it) and another thread
        # (about to put a callback in it) may both find none, and each would make its own,
        # the callback then lost in the queue nobody waits on.
        q = self._threadsafe
        if q is None:
            with _wakeup_queue_lock:
                q = self._threadsafe
                if q is None:
                    import queue
                    q = self._threadsafe = queue.SimpleQueue()
        return q

    # ----- futures and tasks -----

    def create_future(self):
        return futures.Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if self._closed:
            raise RuntimeError('Event loop is closed')
        if self._task_factory is None:
            global _Task
            if _Task is None:
                from .tasks import Task as _Task
            # Task(coro, loop=self, ...) without the keyword arguments' cost.
            task = _object_new(_Task)
            _Task._init(task, coro, self, name, context)
        else:
            task = self._task_factory(self, coro)
            if name is not None:
                task.set_name(name)
        return task

    def set_task_factory(self, factory):
        if factory is not None and not callable(factory):
            raise TypeError('task factory must be a callable or None')
        self._task_factory = factory

    def get_task_factory(self):
        return self._task_factory

    # ----- running -----

    def is_running(self):
        return self._thread_id is not None

    def is_closed(self):
        return self._closed

    def _check_running(self):
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if events._get_running_loop() is not None:
            raise RuntimeError('Cannot run the event loop while another loop is running')

    def run_forever(self):
        self._check_closed()
        self._check_running()
        self._thread_id = threading.get_ident()
        old_agen_hooks = sys.get_asyncgen_hooks()
        events._set_running_loop(self)
        try:
            sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook,
                                   finalizer=self._asyncgen_finalizer_hook)
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            events._set_running_loop(None)
            sys.set_asyncgen_hooks(*old_agen_hooks)

    def _asyncgen_finalizer_hook(self, agen):
        # An async generator freed unfinished while the loop ran: closed by a task.
        self._asyncgens.discard(agen)
        if not self.is_closed():
            # CPython's call_soon_threadsafe: straight into the ready queue on the loop's
            # own thread, where finalizers run while it is running.
            if self._thread_id == threading.get_ident():
                self.call_soon(self.create_task, agen.aclose())
            else:
                self.call_soon_threadsafe(self.create_task, agen.aclose())

    def _asyncgen_firstiter_hook(self, agen):
        if self._asyncgens_shutdown_called:
            import warnings
            warnings.warn(
                f"asynchronous generator {agen!r} was scheduled after "
                f"loop.shutdown_asyncgens() call",
                ResourceWarning, source=self)
        self._asyncgens.add(agen)

    def run_until_complete(self, future):
        self._check_closed()
        self._check_running()
        from . import tasks
        new_task = not futures.isfuture(future)
        future = tasks.ensure_future(future, loop=self)
        future.add_done_callback(_run_until_complete_cb)
        self._main_future = future
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
            self._main_future = None
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')
        return future.result()

    def stop(self):
        self._stopping = True

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        from . import tasks
        for task in tasks._live_tasks():
            if task._loop is self and not task.done():
                # CPython says this when it frees the task (before its coroutine is closed),
                # which may be at the interpreter's exit: said here, once, for the tasks
                # still alive when their loop closes.
                task._log_destroy_pending = False
                self.call_exception_handler({
                    'task': task,
                    'message': 'Task was destroyed but it is pending!',
                })
                tasks._forget_task(task)
                try:
                    task._coro.close()
                except BaseException:
                    pass
        for fut in list(self._unretrieved.values()):
            kind = 'Task' if isinstance(fut, tasks.Task) else 'Future'
            self.call_exception_handler({
                'message': f'{kind} exception was never retrieved',
                'exception': fut._exception,
                'future': fut,
            })
        self._unretrieved.clear()
        self._closed = True
        self._ready.clear()
        self._scheduled.clear()
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled

    def _run_once(self):
        """One turn: wait for the first timer (or a thread), then run what is ready."""
        sched = self._scheduled
        ready = self._ready
        if self._cancelled_timers:
            sched[:] = [entry for entry in sched if not entry[2]._cancelled]
            heapq.heapify(sched)
            self._cancelled_timers = 0
        while sched and sched[0][2]._cancelled:
            heapq.heappop(sched)[2]._scheduled = False
        if self._io_waiting():
            if ready or self._stopping:
                timeout = 0
            elif sched:
                timeout = max(0, sched[0][0] - self.time())
            else:
                timeout = None
            self._process_io(timeout)
        elif not ready and not self._stopping:
            if sched:
                timeout = sched[0][0] - self.time()
                if timeout > self._clock_resolution:
                    self._wait(timeout)
            else:
                self._wait(None)
        elif self._threadsafe is not None:
            self._drain_threadsafe(False, None)
        end = self.time() + self._clock_resolution
        while sched and sched[0][0] < end:
            handle = heapq.heappop(sched)[2]
            handle._scheduled = False
            if not handle._cancelled:
                ready.append(handle)
        popleft = ready.popleft
        for _ in range(len(ready)):
            handle = popleft()
            if type(handle) is tuple:
                callback, arg = handle
                try:
                    callback(arg)
                except (SystemExit, KeyboardInterrupt):
                    raise
                except BaseException as exc:
                    events.Handle(callback, (arg,), self)._report(exc)
            elif not handle._cancelled:
                handle._run()

    def _wait(self, timeout):
        """Nothing is ready: sleep until the first timer, or until another thread calls back."""
        if self._threads_pending or self._threadsafe is not None and \
                threading.active_count() > 1:
            self._drain_threadsafe(True, timeout)
        elif timeout is not None:
            time.sleep(timeout)
        elif threading.active_count() > 1:
            self._drain_threadsafe(True, None)
        else:
            from . import deadlock
            deadlock.stuck(self)
            self._drain_threadsafe(True, None)

    def _drain_threadsafe(self, block, timeout):
        import queue
        q = self._wakeup_queue()
        if block:
            try:
                self._ready.append(q.get(timeout=timeout))
            except queue.Empty:
                return
        while True:
            try:
                self._ready.append(q.get_nowait())
            except queue.Empty:
                return

    # ----- threads -----

    def run_in_executor(self, executor, func, *args):
        """Runs func(*args) in a thread pool; returns a Future of its result."""
        self._check_closed()
        if executor is None:
            executor = self._default_executor
            if self._executor_shutdown_called:
                raise RuntimeError('Executor shutdown has been called')
            if executor is None:
                from concurrent.futures import ThreadPoolExecutor
                executor = ThreadPoolExecutor(thread_name_prefix='asyncio')
                self._default_executor = executor
        return futures.wrap_future(executor.submit(func, *args), loop=self)

    def set_default_executor(self, executor):
        self._default_executor = executor

    async def shutdown_default_executor(self):
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is None:
            return
        future = self.create_future()
        self._threads_pending += 1

        def _do_shutdown():
            try:
                executor.shutdown(wait=True)
                self.call_soon_threadsafe(_finish, None)
            except Exception as ex:
                self.call_soon_threadsafe(_finish, ex)

        def _finish(ex):
            self._threads_pending -= 1
            if future.done():
                return
            if ex is None:
                future.set_result(None)
            else:
                future.set_exception(ex)
        thread = threading.Thread(target=_do_shutdown)
        thread.start()
        try:
            await future
        finally:
            thread.join()

    async def shutdown_asyncgens(self):
        """Closes the async generators still open (asyncio.run calls it at the end)."""
        self._asyncgens_shutdown_called = True
        if not len(self._asyncgens):
            return
        closing_agens = list(self._asyncgens)
        self._asyncgens.clear()
        from . import tasks
        results = await tasks.gather(
            *[ag.aclose() for ag in closing_agens], return_exceptions=True)
        for result, agen in zip(results, closing_agens):
            if isinstance(result, Exception):
                self.call_exception_handler({
                    'message': f'an error occurred during closing of '
                               f'asynchronous generator {agen!r}',
                    'exception': result,
                    'asyncgen': agen
                })

    # ----- errors -----

    def get_exception_handler(self):
        return self._exception_handler

    def set_exception_handler(self, handler):
        if handler is not None and not callable(handler):
            raise TypeError(f'A callable object or None is expected, got {handler!r}')
        self._exception_handler = handler

    def default_exception_handler(self, context):
        """Prints the message and the exception's traceback to stderr, as CPython's logger."""
        message = context.get('message') or 'Unhandled exception in event loop'
        exception = context.get('exception')
        lines = [message]
        for key in sorted(context):
            if key in {'message', 'exception'}:
                continue
            value = context[key]
            if key == 'source_traceback':
                continue
            lines.append(f'{key}: {value!r}')
        sys.stderr.write('\n'.join(lines) + '\n')
        if exception is not None:
            import traceback
            traceback.print_exception(type(exception), exception, exception.__traceback__)

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
        else:
            try:
                self._exception_handler(self, context)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self.default_exception_handler({
                    'message': 'Unhandled error in exception handler',
                    'exception': exc,
                    'context': context,
                })


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            return
    futures._get_loop(fut).stop()
