"""multiprocessing's shared state: Value, Array, RawValue, RawArray and the locks that work
across processes (Lock, RLock, Semaphore, BoundedSemaphore, Event).

Each object is a piece of shared memory (a block name and an offset, from the native
`multiprocessing._shm_alloc`); it is pickled as that address, so a child that receives it
works on the same bytes.
"""

import multiprocessing as _mp

_alloc = _mp._shm_alloc
_get = _mp._shm_get
_set = _mp._shm_set
_acquire = _mp._sem_acquire
_release = _mp._sem_release
_value = _mp._sem_value

# typecode: (size, ctypes name shown in reprs)
_TYPES = {
    'c': (1, 'c_char'), 'u': (4, 'c_wchar'), 'b': (1, 'c_byte'), 'B': (1, 'c_ubyte'),
    'h': (2, 'c_short'), 'H': (2, 'c_ushort'), 'i': (4, 'c_int'), 'I': (4, 'c_uint'),
    'l': (8, 'c_long'), 'L': (8, 'c_ulong'), 'q': (8, 'c_long'), 'Q': (8, 'c_ulong'),
    'f': (4, 'c_float'), 'd': (8, 'c_double'),
}


def _type_of(typecode):
    try:
        return _TYPES[typecode]
    except (KeyError, TypeError):
        raise TypeError("this type has no size") from None


# ---------------------------------------------------------------- locks

class _SemLock:
    _recursive = False

    def __init__(self, value=1, maxvalue=1, _at=None):
        if _at is None:
            _at = _alloc(16)
            _mp._sem_init(_at[0], _at[1], value)
        self._at = _at
        self._maxvalue = maxvalue

    def acquire(self, block=True, timeout=None):
        return _acquire(self._at[0], self._at[1], self._recursive, block, timeout,
                        self._maxvalue == 1)

    def release(self):
        _release(self._at[0], self._at[1], self._recursive, self._maxvalue)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()

    def _count(self):
        return _value(self._at[0], self._at[1], self._recursive)

    def __reduce__(self):
        return (_rebuild_lock, (type(self), self._at, self._maxvalue))


def _rebuild_lock(cls, at, maxvalue):
    lock = cls.__new__(cls)
    lock._at = at
    lock._maxvalue = maxvalue
    return lock


class Lock(_SemLock):
    def __init__(self):
        _SemLock.__init__(self, 1, 1)

    def __repr__(self):
        owner = 'None' if self._count() else 'SomeOtherProcess'
        return '<Lock(owner=%s)>' % owner


class RLock(_SemLock):
    _recursive = True

    def __init__(self):
        _SemLock.__init__(self, 0, -1)

    def __repr__(self):
        n = self._count()
        if n == 0:
            return '<RLock(None, 0)>'
        if n > 0:
            return '<RLock(%s, %d)>' % (_mp.current_process().name, n)
        return '<RLock(SomeOtherProcess, nonzero)>'


class Semaphore(_SemLock):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        _SemLock.__init__(self, value, -1)

    def get_value(self):
        return self._count()

    def __repr__(self):
        return '<Semaphore(value=%s)>' % self._count()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        _SemLock.__init__(self, value, value)

    def __repr__(self):
        return '<BoundedSemaphore(value=%s, maxvalue=%s)>' % (self._count(), self._maxvalue)


class Event:
    """A flag in shared memory; `wait` polls it."""

    def __init__(self, _at=None):
        self._at = _at if _at is not None else _alloc(8)

    def is_set(self):
        return _get(self._at[0], self._at[1], 'i') == 1

    def set(self):
        _set(self._at[0], self._at[1], 'i', 1)

    def clear(self):
        _set(self._at[0], self._at[1], 'i', 0)

    def wait(self, timeout=None):
        import time
        deadline = None if timeout is None else time.monotonic() + timeout
        pause = 0.0005
        while not self.is_set():
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                time.sleep(min(pause, left))
            else:
                time.sleep(pause)
            pause = min(pause * 2, 0.01)
        return True

    def __reduce__(self):
        return (Event, (self._at,))

    def __repr__(self):
        return '<%s.%s object at %#x>' % (__name__, type(self).__qualname__, id(self))


# ---------------------------------------------------------------- shared values

class _CData:
    """A raw shared C value (what `RawValue` and `Value(..., lock=False)` give)."""

    def __init__(self, typecode, at):
        self._typecode = typecode
        self._at = at

    @property
    def value(self):
        return _get(self._at[0], self._at[1], self._typecode)

    @value.setter
    def value(self, v):
        _set(self._at[0], self._at[1], self._typecode, v)

    def __repr__(self):
        return '%s(%r)' % (_TYPES[self._typecode][1], self.value)

    def __reduce__(self):
        return (_CData, (self._typecode, self._at))


class _CArray:
    """A raw shared C array (what `RawArray` and `Array(..., lock=False)` give)."""

    def __init__(self, typecode, length, at):
        self._typecode = typecode
        self._length = length
        self._at = at

    def _offset(self, i):
        if not isinstance(i, int):
            raise TypeError("indices must be integers")
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("invalid index")
        return self._at[1] + i * _TYPES[self._typecode][0]

    def __len__(self):
        return self._length

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(self._length)[i]]
        return _get(self._at[0], self._offset(i), self._typecode)

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            idx = range(self._length)[i]
            v = list(v)
            if len(v) != len(idx):
                raise ValueError("Can only assign sequence of same size")
            for j, x in zip(idx, v):
                self[j] = x
            return
        _set(self._at[0], self._offset(i), self._typecode, v)

    def __iter__(self):
        for i in range(self._length):
            yield self[i]

    def __repr__(self):
        return '<multiprocessing.sharedctypes.%s_Array_%d object at %#x>' % (
            _TYPES[self._typecode][1], self._length, id(self))

    def __reduce__(self):
        return (_CArray, (self._typecode, self._length, self._at))


def RawValue(typecode_or_type, *args):
    size, _ = _type_of(typecode_or_type)
    obj = _CData(typecode_or_type, _alloc(size))
    if args:
        obj.value = args[0]
    return obj


def RawArray(typecode_or_type, size_or_initializer):
    size, _ = _type_of(typecode_or_type)
    if isinstance(size_or_initializer, int):
        items = None
        length = size_or_initializer
    else:
        items = list(size_or_initializer)
        length = len(items)
    obj = _CArray(typecode_or_type, length, _alloc(max(size * length, 1)))
    if items is not None:
        obj[:] = items
    return obj


class _Synchronized:
    def __init__(self, obj, lock):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __reduce__(self):
        return (type(self), (self._obj, self._lock))


class Synchronized(_Synchronized):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v

    def __repr__(self):
        return '<%s wrapper for %r>' % (type(self).__name__, self._obj)


class SynchronizedArray(_Synchronized):
    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, v):
        with self._lock:
            self._obj[i] = v

    def __iter__(self):
        return iter(self[:])

    def __repr__(self):
        return '<%s wrapper for %r>' % (type(self).__name__, self._obj)


def _with_lock(obj, lock, wrapper, name):
    if lock is False:
        return obj
    if lock in (True, None):
        lock = RLock()
    if not hasattr(lock, 'acquire'):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return wrapper(obj, lock)


def Value(typecode_or_type, *args, lock=True, ctx=None):
    obj = RawValue(typecode_or_type, *args)
    return _with_lock(obj, lock, Synchronized, 'Value')


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    obj = RawArray(typecode_or_type, size_or_initializer)
    return _with_lock(obj, lock, SynchronizedArray, 'Array')


# ---------------------------------------------------------------- conditions and barriers

class Condition:
    """A condition variable across processes: sleepers wait on a semaphore; `notify` counts
    who was woken through two more semaphores."""

    def __init__(self, lock=None, _parts=None):
        if _parts is None:
            _parts = (lock if lock is not None else RLock(), Semaphore(0), Semaphore(0),
                      Semaphore(0))
        self._lock, self._sleeping, self._woken, self._wait_sem = _parts
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __reduce__(self):
        return (Condition, (None, (self._lock, self._sleeping, self._woken, self._wait_sem)))

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def _depth(self):
        n = self._lock._count()
        if isinstance(self._lock, RLock):
            return n if n > 0 else 0
        return 1 if n == 0 else 0

    def wait(self, timeout=None):
        depth = self._depth()
        if not depth:
            raise AssertionError('must acquire() condition before using wait()')
        self._sleeping.release()
        for _ in range(depth):
            self._lock.release()
        try:
            return self._wait_sem.acquire(True, timeout)
        finally:
            self._woken.release()
            for _ in range(depth):
                self._lock.acquire()

    def notify(self, n=1):
        if not self._depth():
            raise AssertionError('lock is not owned')
        while self._woken.acquire(False):
            self._sleeping.acquire(False)
        sleepers = 0
        while sleepers < n and self._sleeping.acquire(False):
            self._wait_sem.release()
            sleepers += 1
        if sleepers:
            for _ in range(sleepers):
                self._woken.acquire()
            while self._wait_sem.acquire(False):
                pass

    def notify_all(self):
        self.notify(n=1 << 62)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        import time
        endtime = None if timeout is None else time.monotonic() + timeout
        waittime = timeout
        while not result:
            if endtime is not None:
                waittime = endtime - time.monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result

    def __repr__(self):
        return '<Condition(%r, %d)>' % (self._lock, self._sleeping._count() -
                                         self._woken._count())


class Barrier:
    """`threading.Barrier`'s rules, with its state (phase and count) in shared memory."""

    def __init__(self, parties, action=None, timeout=None, _parts=None):
        if _parts is None:
            if parties < 1:
                raise ValueError("parties must be > 0")
            _parts = (Condition(Lock()), RawArray('i', 2))
        self._cond, self._state = _parts
        self._parties = parties
        self._action = action
        self._timeout = timeout

    def __reduce__(self):
        return (Barrier, (self._parties, self._action, self._timeout,
                          (self._cond, self._state)))

    # _state[0]: 0 filling, 1 draining, -1 resetting, -2 broken; _state[1]: waiting count.
    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        st = self._state
        with self._cond:
            self._enter()
            index = st[1]
            st[1] = index + 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                st[1] -= 1
                self._exit()

    def _enter(self):
        st = self._state
        while st[0] in (-1, 1):
            self._cond.wait()
        if st[0] < 0:
            raise _broken()

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state[0] = 1
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state[0] != 0, timeout):
            self._break()
            raise _broken()
        if self._state[0] < 0:
            raise _broken()

    def _exit(self):
        if self._state[1] == 0 and self._state[0] in (-1, 1):
            self._state[0] = 0
            self._cond.notify_all()

    def reset(self):
        with self._cond:
            st = self._state
            if st[1] > 0:
                if st[0] == 0:
                    st[0] = -1
                elif st[0] == -2:
                    st[0] = -1
            else:
                st[0] = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state[0] = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._state[1] if self._state[0] == 0 else 0

    @property
    def broken(self):
        return self._state[0] == -2


def _broken():
    import threading
    return threading.BrokenBarrierError()
