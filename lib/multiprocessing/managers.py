"""`multiprocessing.Manager()`: dicts, lists and namespaces kept by one process and used by
others through proxies.

The objects live in the process that made the manager and are served by a thread of it. A
proxy's call is a request on one shared queue; the answer comes back on one of a few reply
queues, each taken under its own cross-process lock for the length of the call. Locks,
queues, events and values a manager makes are the process-crossing ones of `multiprocessing`
itself (no server needed).
"""

import multiprocessing as _mp
import threading as _threading
from queue import Empty as _Empty

import _mp_shared

__all__ = ['SyncManager', 'BaseProxy', 'Namespace']

_SLOTS = 8


class Namespace:
    def __init__(self, **kwds):
        self.__dict__.update(kwds)

    def __repr__(self):
        items = list(self.__dict__.items())
        temp = []
        for name, value in items:
            if not name.startswith('_'):
                temp.append('%s=%r' % (name, value))
        temp.sort()
        return '%s(%s)' % (self.__class__.__name__, ', '.join(temp))


class _Server:
    """The manager's side: the objects by id, and the thread that serves calls on them."""

    def __init__(self, parts):
        self.parts = parts
        self.objects = {}
        self.next_id = 0
        self.running = True
        self.thread = _threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def add(self, obj):
        self.next_id += 1
        self.objects[self.next_id] = obj
        return self.next_id

    def serve(self):
        requests, replies, _ = self.parts
        while self.running:
            try:
                slot, ident, method, args, kwds = requests.get(True, 0.2)
            except _Empty:
                continue
            try:
                obj = self.objects[ident]
                if method == '#getattr':
                    value = getattr(obj, args[0])
                elif method == '#setattr':
                    value = setattr(obj, args[0], args[1])
                elif method == '#delattr':
                    value = delattr(obj, args[0])
                else:
                    value = getattr(obj, method)(*args, **kwds)
                if type(value).__name__ in ('dict_keys', 'dict_values', 'dict_items'):
                    value = list(value)
                reply = (True, value)
            except BaseException as e:
                reply = (False, e)
            try:
                replies[slot].put(reply)
            except BaseException as e:
                replies[slot].put((False, e))


class BaseProxy:
    def __init__(self, parts, ident, typeid):
        self._parts = parts
        self._id = ident
        self._typeid = typeid

    def __reduce__(self):
        return (type(self), (self._parts, self._id, self._typeid))

    def _callmethod(self, method, args=(), kwds={}):
        requests, replies, locks = self._parts
        while True:
            for slot in range(_SLOTS):
                if locks[slot].acquire(False):
                    break
            else:
                locks[0].acquire()
                slot = 0
            try:
                requests.put((slot, self._id, method, tuple(args), dict(kwds)))
                ok, value = replies[slot].get()
            finally:
                locks[slot].release()
            if ok:
                return value
            raise value

    def _getvalue(self):
        return self._callmethod('copy')

    def __repr__(self):
        return '<%s object, typeid %r at %#x>' % (type(self).__name__, self._typeid, id(self))

    def __str__(self):
        return self._callmethod('__repr__')


def _forward(name):
    def method(self, *args, **kwds):
        return self._callmethod(name, args, kwds)
    method.__name__ = name
    return method


class DictProxy(BaseProxy):
    pass


for _name in ('__contains__', '__delitem__', '__getitem__', '__len__', '__setitem__',
              'clear', 'copy', 'get', 'items', 'keys', 'pop', 'popitem', 'setdefault',
              'update', 'values'):
    setattr(DictProxy, _name, _forward(_name))


def _dict_iter(self):
    return iter(self._callmethod('keys'))


DictProxy.__iter__ = _dict_iter


class ListProxy(BaseProxy):
    def _getvalue(self):
        return self._callmethod('copy')

    def __iadd__(self, value):
        self._callmethod('extend', (value,))
        return self

    def __imul__(self, value):
        self._callmethod('__imul__', (value,))
        return self


for _name in ('__add__', '__contains__', '__delitem__', '__getitem__', '__len__', '__mul__',
              '__reversed__', '__rmul__', '__setitem__', 'append', 'count', 'extend', 'index',
              'insert', 'pop', 'remove', 'reverse', 'sort', 'copy'):
    setattr(ListProxy, _name, _forward(_name))


class NamespaceProxy(BaseProxy):
    def __getattr__(self, key):
        if key[0] == '_':
            raise AttributeError(key)
        return self._callmethod('#getattr', (key,))

    def __setattr__(self, key, value):
        if key[0] == '_':
            return object.__setattr__(self, key, value)
        return self._callmethod('#setattr', (key, value))

    def __delattr__(self, key):
        if key[0] == '_':
            return object.__delattr__(self, key)
        return self._callmethod('#delattr', (key,))

    def __repr__(self):
        return self._callmethod('__repr__')


class SyncManager:
    def __init__(self):
        self._server = None
        self._state = 'INITIAL'

    def start(self, initializer=None, initargs=()):
        if self._state != 'INITIAL':
            raise _mp.ProcessError("Already started server")
        parts = (_mp.Queue(), [_mp.Queue() for _ in range(_SLOTS)],
                 [_mp_shared.Lock() for _ in range(_SLOTS)])
        self._server = _Server(parts)
        self._state = 'STARTED'
        if initializer is not None:
            initializer(*initargs)

    def _make(self, obj, proxy_type, typeid):
        if self._state != 'STARTED':
            raise _mp.ProcessError("Manager has not been started")
        return proxy_type(self._server.parts, self._server.add(obj), typeid)

    def dict(self, *args, **kwds):
        return self._make(dict(*args, **kwds), DictProxy, 'dict')

    def list(self, *args):
        return self._make(list(*args), ListProxy, 'list')

    def Namespace(self, **kwds):
        return self._make(Namespace(**kwds), NamespaceProxy, 'Namespace')

    def Lock(self):
        return _mp_shared.Lock()

    def RLock(self):
        return _mp_shared.RLock()

    def Semaphore(self, value=1):
        return _mp_shared.Semaphore(value)

    def BoundedSemaphore(self, value=1):
        return _mp_shared.BoundedSemaphore(value)

    def Event(self):
        return _mp_shared.Event()

    def Condition(self, lock=None):
        return _mp_shared.Condition(lock)

    def Barrier(self, parties, action=None, timeout=None):
        return _mp_shared.Barrier(parties, action, timeout)

    def Queue(self, maxsize=0):
        return _mp.Queue(maxsize)

    def JoinableQueue(self, maxsize=0):
        return _mp.JoinableQueue(maxsize)

    def Value(self, typecode, value, lock=True):
        return _mp_shared.Value(typecode, value, lock=lock)

    def Array(self, typecode, sequence, lock=True):
        return _mp_shared.Array(typecode, sequence, lock=lock)

    def Pool(self, processes=None, initializer=None, initargs=()):
        return _mp.Pool(processes, initializer, initargs)

    def shutdown(self):
        if self._server is not None:
            self._server.running = False
            self._server.thread.join()
        self._state = 'SHUTDOWN'

    def join(self, timeout=None):
        pass

    def __enter__(self):
        if self._state == 'INITIAL':
            self.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()

    def __repr__(self):
        return '<multiprocessing.managers.SyncManager object at %#x>' % id(self)


def Manager():
    m = SyncManager()
    m.start()
    return m
