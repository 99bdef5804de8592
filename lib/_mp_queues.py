"""multiprocessing's JoinableQueue, SimpleQueue, Pipe and get_context, written on the native
`multiprocessing.Queue` (which crosses processes by reference) and the shared memory of
`_mp_shared`.

A pipe end is a pair of queues plus a table, in shared memory, of the processes that hold
each end: an end is closed at the other side once no live process holds it.
"""

import multiprocessing as _mp
import os as _os
import time as _time
from queue import Empty as _Empty

from _mp_shared import Lock, RawArray, RawValue


class JoinableQueue:
    def __init__(self, maxsize=0, _parts=None):
        if _parts is None:
            _parts = (_mp.Queue(maxsize), Lock(), RawValue('q', 0))
        self._queue, self._lock, self._unfinished = _parts

    def __reduce__(self):
        return (JoinableQueue, (0, (self._queue, self._lock, self._unfinished)))

    def put(self, obj, block=True, timeout=None):
        with self._lock:
            self._unfinished.value += 1
        try:
            self._queue.put(obj, block, timeout)
        except BaseException:
            with self._lock:
                self._unfinished.value -= 1
            raise

    def put_nowait(self, obj):
        self.put(obj, False)

    def get(self, block=True, timeout=None):
        return self._queue.get(block, timeout)

    def get_nowait(self):
        return self._queue.get(False)

    def task_done(self):
        with self._lock:
            if self._unfinished.value <= 0:
                raise ValueError('task_done() called too many times')
            self._unfinished.value -= 1

    def join(self):
        pause = 0.0005
        while self._unfinished.value > 0:
            _time.sleep(pause)
            pause = min(pause * 2, 0.01)

    def qsize(self):
        return self._queue.qsize()

    def empty(self):
        return self._queue.empty()

    def full(self):
        return self._queue.full()

    def close(self):
        self._queue.close()

    def join_thread(self):
        self._queue.join_thread()

    def cancel_join_thread(self):
        self._queue.cancel_join_thread()


class SimpleQueue:
    def __init__(self, _queue=None):
        self._queue = _queue if _queue is not None else _mp.Queue()

    def __reduce__(self):
        return (SimpleQueue, (self._queue,))

    def put(self, obj):
        self._queue.put(obj)

    def get(self):
        return self._queue.get()

    def empty(self):
        return self._queue.empty()

    def close(self):
        self._queue.close()


_SLOTS = 8


class Connection:
    """One end of a Pipe."""

    def __init__(self, end, inbox, outbox, holders, lock):
        self._end = end
        self._inbox = inbox
        self._outbox = outbox
        self._holders = holders
        self._lock = lock
        self._closed = False
        self._hold()

    @property
    def readable(self):
        return self._inbox is not None

    @property
    def writable(self):
        return self._outbox is not None

    @property
    def closed(self):
        return self._closed

    def __reduce__(self):
        if self._closed:
            raise OSError("handle is closed")
        # The receiver holds this end from now on, before it even runs: a slot "in transit"
        # (-1) that unpickling turns into the receiver's pid.
        self._claim(0, -1)
        return (_received, (self._end, self._inbox, self._outbox, self._holders, self._lock))

    def _claim(self, old, new):
        base = self._end * _SLOTS
        with self._lock:
            for i in range(base, base + _SLOTS):
                if self._holders[i] == old:
                    self._holders[i] = new
                    return True
        return False

    def _hold(self):
        self._claim(0, _os.getpid())

    def _other_open(self):
        pid = _os.getpid()
        base = (1 - self._end) * _SLOTS
        for i in range(base, base + _SLOTS):
            holder = self._holders[i]
            if holder == pid or holder == -1 or (holder > 0 and _mp._pid_alive(holder)):
                return True
        return False

    def _check_readable(self):
        if self._closed:
            raise OSError("handle is closed")
        if self._inbox is None:
            raise OSError("connection is write-only")

    def _check_writable(self):
        if self._closed:
            raise OSError("handle is closed")
        if self._outbox is None:
            raise OSError("connection is read-only")

    def send(self, obj):
        self._check_writable()
        if not self._other_open():
            raise BrokenPipeError(32, 'Broken pipe')
        self._outbox.put(obj)

    def send_bytes(self, buf, offset=0, size=None):
        data = bytes(buf)
        if size is None:
            size = len(data) - offset
        self.send(data[offset:offset + size])

    def recv(self):
        self._check_readable()
        while True:
            try:
                return self._inbox.get(True, 0.02)
            except _Empty:
                pass
            if not self._other_open() and self._inbox.empty():
                raise EOFError

    def recv_bytes(self, maxlength=None):
        data = self.recv()
        if maxlength is not None and len(data) > maxlength:
            raise OSError("bad message length")
        return data

    def poll(self, timeout=0.0):
        self._check_readable()
        deadline = None if timeout is None else _time.monotonic() + timeout
        pause = 0.0005
        while True:
            if not self._inbox.empty() or not self._other_open():
                return True
            if deadline is not None:
                left = deadline - _time.monotonic()
                if left <= 0:
                    return False
                _time.sleep(min(pause, left))
            else:
                _time.sleep(pause)
            pause = min(pause * 2, 0.01)

    def close(self):
        if self._closed:
            return
        self._closed = True
        pid = _os.getpid()
        base = self._end * _SLOTS
        with self._lock:
            for i in range(base, base + _SLOTS):
                if self._holders[i] == pid:
                    self._holders[i] = 0
                    break

    def fileno(self):
        if self._closed:
            raise OSError("handle is closed")
        return -1

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __repr__(self):
        return '<multiprocessing.connection.Connection object at %#x>' % id(self)


def _received(end, inbox, outbox, holders, lock):
    conn = Connection.__new__(Connection)
    conn._end, conn._inbox, conn._outbox = end, inbox, outbox
    conn._holders, conn._lock, conn._closed = holders, lock, False
    if not conn._claim(-1, _os.getpid()):
        conn._hold()
    return conn


def Pipe(duplex=True):
    holders = RawArray('q', 2 * _SLOTS)
    lock = Lock()
    a_to_b = _mp.Queue()
    if duplex:
        b_to_a = _mp.Queue()
        return (Connection(0, b_to_a, a_to_b, holders, lock),
                Connection(1, a_to_b, b_to_a, holders, lock))
    return (Connection(0, a_to_b, None, holders, lock),
            Connection(1, None, a_to_b, holders, lock))


class SpawnContext:
    """What `get_context('spawn')` gives: the module's functions and classes."""

    _name = 'spawn'

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return getattr(_mp, name)

    def get_start_method(self, allow_none=False):
        return 'spawn'

    def get_context(self, method=None):
        return get_context(method)

    def __repr__(self):
        return '<multiprocessing.context.SpawnContext object at %#x>' % id(self)


SpawnContext.__module__ = 'multiprocessing.context'
_CONTEXT = SpawnContext()


def get_context(method=None):
    if method is None or method == 'spawn':
        return _CONTEXT
    raise ValueError('cannot find context for %r' % (method,))
