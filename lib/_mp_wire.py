"""How multiprocessing sends what its own encoding does not carry: as a pickle, in which
multiprocessing's queues travel by reference (persistent ids) rather than by value."""

import pickle
from multiprocessing import _handle, _from_handle


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return _handle(obj)


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _from_handle(pid)


class _Out:
    def __init__(self):
        self.chunks = []
        self.write = self.chunks.append


def dumps(obj):
    out = _Out()
    _Pickler(out).dump(obj)
    return b''.join(out.chunks)


def loads(data):
    return _Unpickler(pickle._BytesIn(data)).load()
