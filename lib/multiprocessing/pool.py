"""`multiprocessing.pool`: the process `Pool` (native) and `ThreadPool`, the same interface
on threads of this process. As in CPython, a task's callback runs on the pool's
result-handler thread before its result counts as ready."""

import queue as _queue
import threading as _threading

import multiprocessing as _mp
from multiprocessing import Pool, TimeoutError

__all__ = ['Pool', 'ThreadPool']

RUN, CLOSE, TERMINATE = 'RUN', 'CLOSE', 'TERMINATE'


class ApplyResult:
    def __init__(self, callback=None, error_callback=None):
        self._event = _threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._success = None
        self._value = None

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    # Called on the result-handler thread.
    def _set(self, success, value):
        self._success, self._value = success, value
        try:
            if success and self._callback is not None:
                self._callback(value)
            if not success and self._error_callback is not None:
                self._error_callback(value)
        finally:
            self._event.set()


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, length, callback=None, error_callback=None):
        ApplyResult.__init__(self, callback, error_callback)
        self._items = [None] * length
        self._left = length
        self._failed = False
        if length == 0:
            ApplyResult._set(self, True, [])

    def _set_item(self, i, success, value):
        if self._failed:
            return
        if not success:
            self._failed = True
            ApplyResult._set(self, False, value)
            return
        self._items[i] = value
        self._left -= 1
        if self._left == 0:
            ApplyResult._set(self, True, self._items)


class _Item:
    """Sends one task's outcome to its place in a MapResult."""

    def __init__(self, result, index):
        self._result, self._index = result, index

    def _set(self, success, value):
        self._result._set_item(self._index, success, value)


class ThreadPool:
    def __init__(self, processes=None, initializer=None, initargs=()):
        if processes is None:
            processes = _mp.cpu_count()
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._state = RUN
        self._tasks = _queue.Queue()
        self._outcomes = _queue.Queue()
        self._initializer, self._initargs = initializer, initargs
        self._pool = []
        for _ in range(processes):
            t = _threading.Thread(target=self._worker, daemon=True)
            t.start()
            self._pool.append(t)
        self._handler = _threading.Thread(target=self._handle_results, daemon=True)
        self._handler.start()

    def _worker(self):
        if self._initializer is not None:
            self._initializer(*self._initargs)
        while True:
            task = self._tasks.get()
            if task is None:
                break
            target, func, args, kwds = task
            try:
                outcome = (True, func(*args, **kwds))
            except Exception as e:
                outcome = (False, e)
            self._outcomes.put((target, outcome))

    def _handle_results(self):
        while True:
            item = self._outcomes.get()
            if item is None:
                break
            target, (success, value) = item
            target._set(success, value)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(callback, error_callback)
        self._tasks.put((result, func, tuple(args), dict(kwds)))
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def _map_async(self, func, iterable, star, callback=None, error_callback=None):
        self._check_running()
        items = list(iterable)
        result = MapResult(len(items), callback, error_callback)
        for i, x in enumerate(items):
            args = tuple(x) if star else (x,)
            self._tasks.put((_Item(result, i), func, args, {}))
        return result

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, False, callback, error_callback)

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, False).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, True, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, True).get()

    def imap(self, func, iterable, chunksize=1):
        self._check_running()
        results = [self.apply_async(func, (x,)) for x in iterable]
        return (r.get() for r in results)

    def imap_unordered(self, func, iterable, chunksize=1):
        self._check_running()
        results = [self.apply_async(func, (x,)) for x in iterable]

        def unordered():
            left = list(results)
            while left:
                for r in left:
                    if r.ready():
                        left.remove(r)
                        yield r.get()
                        break
                else:
                    left[0].wait(0.001)
        return unordered()

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            for _ in self._pool:
                self._tasks.put(None)

    def terminate(self):
        if self._state != TERMINATE:
            was_running = self._state == RUN
            self._state = TERMINATE
            while True:
                try:
                    self._tasks.get_nowait()
                except _queue.Empty:
                    break
            if was_running:
                for _ in self._pool:
                    self._tasks.put(None)

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        for t in self._pool:
            t.join()
        self._outcomes.put(None)
        self._handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, *exc):
        self.terminate()

    def __repr__(self):
        return '<%s.%s state=%s pool_size=%d>' % (
            type(self).__module__, type(self).__qualname__, self._state, self._processes)
