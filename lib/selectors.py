"""Waiting for I/O on many file objects at once (CPython 3.11's selectors API).

A selector keeps a set of registered file objects (sockets, pipes, anything with a
fileno()), each with the events it waits for (EVENT_READ, EVENT_WRITE) and some data of the
caller's; select() waits until some are ready and returns their keys. SelectSelector waits
with select.select, PollSelector with select.poll; DefaultSelector is the poll one. A wait
releases the GIL and shows in --trace as blocked.
"""

import math
import select
from collections import namedtuple as _namedtuple
from collections.abc import Mapping

__all__ = ('EVENT_READ', 'EVENT_WRITE', 'SelectorKey', 'BaseSelector', 'SelectSelector',
           'PollSelector', 'DefaultSelector')

EVENT_READ = 1 << 0
EVENT_WRITE = 1 << 1

SelectorKey = _namedtuple('SelectorKey', ['fileobj', 'fd', 'events', 'data'])
SelectorKey.__doc__ = """SelectorKey(fileobj, fd, events, data)

    What a selector knows of one registered file object: the object, its descriptor, the
    events waited for, and the caller's data."""


def _fileobj_to_fd(fileobj):
    """The descriptor of an int or of an object with a fileno() method."""
    if isinstance(fileobj, int):
        fd = fileobj
    else:
        try:
            fd = int(fileobj.fileno())
        except (AttributeError, TypeError, ValueError):
            raise ValueError(f"Invalid file object: {fileobj!r}") from None
    if fd < 0:
        raise ValueError(f"Invalid file descriptor: {fd}")
    return fd


class _SelectorMapping(Mapping):
    """The read-only view of a selector's registrations that get_map() returns."""

    def __init__(self, selector):
        self._selector = selector

    def __len__(self):
        return len(self._selector._fd_to_key)

    def __getitem__(self, fileobj):
        fd = self._selector._fileobj_lookup(fileobj)
        try:
            return self._selector._fd_to_key[fd]
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None

    def get(self, fileobj, default=None):
        fd = self._selector._fileobj_lookup(fileobj)
        return self._selector._fd_to_key.get(fd, default)

    def __contains__(self, fileobj):
        try:
            fd = self._selector._fileobj_lookup(fileobj)
        except ValueError:
            return False
        return fd in self._selector._fd_to_key

    def __iter__(self):
        return iter(self._selector._fd_to_key)

    def keys(self):
        return self._selector._fd_to_key.keys()

    def values(self):
        return self._selector._fd_to_key.values()

    def items(self):
        return self._selector._fd_to_key.items()


class BaseSelector:
    """The bookkeeping shared by the selectors: registrations by descriptor. A subclass
    supplies select(timeout), and may follow the registrations in _added/_removed."""

    def __init__(self):
        self._fd_to_key = {}
        self._map = _SelectorMapping(self)

    def _fileobj_lookup(self, fileobj):
        try:
            return _fileobj_to_fd(fileobj)
        except ValueError:
            # A closed socket has lost its descriptor: find it by the object instead.
            for key in self._fd_to_key.values():
                if key.fileobj is fileobj:
                    return key.fd
            raise

    def register(self, fileobj, events, data=None):
        """Starts watching fileobj for events; returns its SelectorKey."""
        if not events or events & ~(EVENT_READ | EVENT_WRITE):
            raise ValueError(f"Invalid events: {events!r}")
        key = SelectorKey(fileobj, self._fileobj_lookup(fileobj), events, data)
        if key.fd in self._fd_to_key:
            raise KeyError(f"{fileobj!r} (FD {key.fd}) is already registered")
        self._fd_to_key[key.fd] = key
        self._added(key)
        return key

    def unregister(self, fileobj):
        """Stops watching fileobj; returns the key it had."""
        try:
            key = self._fd_to_key.pop(self._fileobj_lookup(fileobj))
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None
        self._removed(key)
        return key

    def modify(self, fileobj, events, data=None):
        """Changes the events or data of a registered file object; returns its new key."""
        try:
            key = self._fd_to_key[self._fileobj_lookup(fileobj)]
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None
        if events != key.events:
            self.unregister(fileobj)
            key = self.register(fileobj, events, data)
        elif data != key.data:
            key = key._replace(data=data)
            self._fd_to_key[key.fd] = key
        return key

    def _added(self, key):
        pass

    def _removed(self, key):
        pass

    def select(self, timeout=None):
        raise NotImplementedError

    def close(self):
        """Forgets every registration; the selector cannot be used afterwards."""
        self._fd_to_key.clear()
        self._map = None

    def get_key(self, fileobj):
        """The SelectorKey of a registered file object (KeyError if it is not)."""
        mapping = self.get_map()
        if mapping is None:
            raise RuntimeError('Selector is closed')
        try:
            return mapping[fileobj]
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None

    def get_map(self):
        """A read-only mapping from file objects to their keys."""
        return self._map

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


class SelectSelector(BaseSelector):
    """A selector over select.select."""

    def __init__(self):
        super().__init__()
        self._readers = set()
        self._writers = set()

    def _added(self, key):
        if key.events & EVENT_READ:
            self._readers.add(key.fd)
        if key.events & EVENT_WRITE:
            self._writers.add(key.fd)

    def _removed(self, key):
        self._readers.discard(key.fd)
        self._writers.discard(key.fd)

    def select(self, timeout=None):
        """Waits at most timeout seconds (None: until one is ready) and returns a list of
        (key, events) for the file objects ready."""
        timeout = None if timeout is None else max(timeout, 0)
        readers, writers, _ = select.select(self._readers, self._writers, [], timeout)
        readers = set(readers)
        writers = set(writers)
        ready = []
        for fd in readers | writers:
            key = self._fd_to_key.get(fd)
            if key is not None:
                events = (EVENT_READ if fd in readers else 0) | \
                    (EVENT_WRITE if fd in writers else 0)
                ready.append((key, events & key.events))
        return ready


class PollSelector(BaseSelector):
    """A selector over select.poll."""

    def __init__(self):
        super().__init__()
        self._poll = select.poll()

    def _added(self, key):
        mask = 0
        if key.events & EVENT_READ:
            mask |= select.POLLIN
        if key.events & EVENT_WRITE:
            mask |= select.POLLOUT
        self._poll.register(key.fd, mask)

    def _removed(self, key):
        try:
            self._poll.unregister(key.fd)
        except KeyError:
            pass

    def select(self, timeout=None):
        """Waits at most timeout seconds (None: until one is ready) and returns a list of
        (key, events) for the file objects ready."""
        if timeout is None:
            ms = None
        elif timeout <= 0:
            ms = 0
        else:
            ms = math.ceil(timeout * 1e3)
        ready = []
        for fd, revents in self._poll.poll(ms):
            key = self._fd_to_key.get(fd)
            if key is None:
                continue
            events = 0
            # A hang-up or an error counts as ready for both: the next call reports it.
            if revents & ~select.POLLIN:
                events |= EVENT_WRITE
            if revents & ~select.POLLOUT:
                events |= EVENT_READ
            ready.append((key, events & key.events))
        return ready

    def close(self):
        super().close()
        self._poll = None


DefaultSelector = PollSelector
