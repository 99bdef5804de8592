"""HMAC (RFC 2104): a keyed hash over any of hashlib's algorithms, with CPython's `HMAC`
objects, `new`, the one-shot `digest` and `compare_digest`."""

import hashlib as _hashlib
from _operator import _compare_digest as compare_digest

__all__ = ("HMAC", "new", "compare_digest", "digest")

trans_5C = bytes(x ^ 0x5C for x in range(256))
trans_36 = bytes(x ^ 0x36 for x in range(256))

digest_size = None


def _constructor(digestmod):
    """A function making a fresh hash object (optionally fed with data) for `digestmod`: a
    name, a constructor such as `hashlib.sha256`, or a module with a `new`."""
    if callable(digestmod):
        return digestmod
    if isinstance(digestmod, str):
        return lambda data=b"": _hashlib.new(digestmod, data)
    return lambda data=b"": digestmod.new(data)


class HMAC:
    """A running HMAC: `update()` it with data, read `digest()` or `hexdigest()`."""

    blocksize = 64

    def __init__(self, key, msg=None, digestmod=""):
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError(
                "key: expected bytes or bytearray, but got %r" % type(key).__name__
            )
        if not digestmod:
            raise TypeError("Missing required parameter 'digestmod'.")
        make = _constructor(digestmod)
        self._outer = make()
        self._inner = make()
        self.digest_size = self._inner.digest_size
        block = getattr(self._inner, "block_size", 64)
        if block < 16:
            block = self.blocksize
        if len(key) > block:
            key = make(key).digest()
        self.block_size = block
        key = bytes(key).ljust(block, b"\0")
        self._outer.update(key.translate(trans_5C))
        self._inner.update(key.translate(trans_36))
        if msg is not None:
            self.update(msg)

    @property
    def name(self):
        return "hmac-" + self._inner.name

    def update(self, msg):
        self._inner.update(msg)

    def copy(self):
        other = self.__class__.__new__(self.__class__)
        other.digest_size = self.digest_size
        other.block_size = self.block_size
        other._inner = self._inner.copy()
        other._outer = self._outer.copy()
        return other

    def _current(self):
        outer = self._outer.copy()
        outer.update(self._inner.digest())
        return outer

    def digest(self):
        return self._current().digest()

    def hexdigest(self):
        return self._current().hexdigest()


def new(key, msg=None, digestmod=""):
    return HMAC(key, msg, digestmod)


def digest(key, msg, digest):
    """The HMAC of `msg` under `key` with the hash `digest`, in one call."""
    return HMAC(key, msg, digest).digest()
