"""ThreadPoolExecutor: runs the calls submitted to it in a pool of threads."""

from concurrent.futures import _base
import itertools
import queue
import threading

# Every pool thread with its work queue, so that the interpreter's exit can wake the idle
# ones (they wait on their queue) and let them end.
_threads_queues = {}
_shutdown = False
# Taken by submit() and the exit hook: no new work once the interpreter is exiting.
_global_shutdown_lock = threading.Lock()


def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()


# At exit, before the non-daemon threads are joined (as CPython's threading._shutdown).
threading._register_atexit(_python_exit)


def _cpu_count():
    try:
        import os
        n = os.cpu_count()
    except Exception:
        n = None
    if n is None:
        import multiprocessing
        n = multiprocessing.cpu_count()
    return n or 1


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return

        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
            # No reference cycle through the exception.
            self = None
        else:
            self.future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as exc:
            _base.LOGGER.critical('Exception in initializer:', exc=exc)
            executor._initializer_failed()
            _threads_queues.pop(threading.current_thread(), None)
            return
    try:
        while True:
            work_item = work_queue.get(block=True)
            if work_item is not None:
                work_item.run()
                del work_item
                # One more idle thread the executor can reuse.
                executor._idle_semaphore.release()
                continue

            # Woken with None: the executor or the interpreter is shutting down.
            if _shutdown or executor._shutdown:
                # Let the executor's shutdown cancel the work left, if asked to.
                if executor is not None:
                    executor._shutdown = True
                # Wake the other workers too.
                work_queue.put(None)
                return
    except BaseException as exc:
        _base.LOGGER.critical('Exception in worker', exc=exc)
    finally:
        _threads_queues.pop(threading.current_thread(), None)


class BrokenThreadPool(_base.BrokenExecutor):
    """A worker thread of a ThreadPoolExecutor failed to initialize."""


class ThreadPoolExecutor(_base.Executor):

    # Numbers the executors without a thread_name_prefix.
    _counter = itertools.count().__next__

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        """max_workers threads at most (by default min(32, cpu count + 4)), named
        thread_name_prefix + '_N'; each runs initializer(*initargs) first."""
        if max_workers is None:
            max_workers = min(32, _cpu_count() + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = (thread_name_prefix or
                                    ("ThreadPoolExecutor-%d" % self._counter()))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)

            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # An idle thread will take the new work: no new thread.
        if self._idle_semaphore.acquire(timeout=0):
            return

        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix or self,
                                     num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(self,
                                       self._work_queue,
                                       self._initializer,
                                       self._initargs))
            t.start()
            self._threads.add(t)
            _threads_queues[t] = self._work_queue

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            # Fail the work left in the queue.
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                # Cancel the work no thread has taken yet.
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()

            # Wake the workers: each passes the None on to the next.
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
