"""ProcessPoolExecutor: runs the calls submitted to it in child processes, over a
`multiprocessing.Pool` (spawned minipy children; functions are sent by name, so they must be
defined at a module's top level).

A helper thread of the parent collects the results in submission order and completes the
futures. A submitted future is handed to the pool at once: it is running from then on, so
cancel() no longer stops it."""

from concurrent.futures import _base
import queue
import threading

_executors = []
_shutdown = False


def _python_exit():
    global _shutdown
    _shutdown = True
    for ex in list(_executors):
        ex.shutdown(wait=True)


threading._register_atexit(_python_exit)


class BrokenProcessPool(_base.BrokenExecutor):
    """A process of a ProcessPoolExecutor ended abruptly: the pool cannot run anything."""


def _collect(results):
    # The helper thread: waits for each task's outcome, in submission order.
    while True:
        item = results.get()
        if item is None:
            return
        future, async_result = item
        try:
            value = async_result.get()
        except BaseException as exc:
            future.set_exception(exc)
        else:
            future.set_result(value)
        del future, async_result, item


class ProcessPoolExecutor(_base.Executor):

    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                 *, max_tasks_per_child=None):
        """max_workers processes at most (by default the number of CPUs); each runs
        initializer(*initargs) first."""
        import multiprocessing
        if max_workers is None:
            max_workers = multiprocessing.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            elif max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._pool = None
        self._results = queue.SimpleQueue()
        self._collector = None
        self._shutdown_thread = False
        self._shutdown_lock = threading.Lock()
        self._broken = False

    def _start(self):
        import multiprocessing
        if self._initializer is not None:
            self._pool = multiprocessing.Pool(self._max_workers, self._initializer,
                                              self._initargs)
        else:
            self._pool = multiprocessing.Pool(self._max_workers)
        self._collector = threading.Thread(target=_collect, args=(self._results,),
                                           name="ProcessPoolExecutor-collector")
        self._collector.start()
        _executors.append(self)

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')
            if self._pool is None:
                self._start()
            f = _base.Future()
            f.set_running_or_notify_cancel()
            self._results.put((f, self._pool.apply_async(fn, args, kwargs)))
            return f

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        return super().map(fn, *iterables, timeout=timeout)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            already = self._shutdown_thread
            self._shutdown_thread = True
        if already or self._pool is None:
            return
        # The collector ends after the last result; then the children can go.
        self._results.put(None)
        if wait:
            self._collector.join()
            self._pool.close()
            self._pool.join()
            if self in _executors:
                _executors.remove(self)
        else:
            # Finished by the exit hook.
            self._shutdown_thread = True
