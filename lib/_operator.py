"""The `_operator` module CPython's `operator` is built on: the same functions (minipy's
`operator` is native, so they are re-exported from it) and `_compare_digest`, the
constant-time comparison `hmac.compare_digest` is."""

from operator import *


def _compare_digest(a, b):
    """Whether `a == b`, for two ASCII strings or two bytes-like values, taking a time that
    depends only on the length of `b` (so a timing attack learns nothing of the contents)."""
    if isinstance(a, str) and isinstance(b, str):
        if not (a.isascii() and b.isascii()):
            raise TypeError("comparing strings with non-ASCII characters is not supported")
        a = a.encode("ascii")
        b = b.encode("ascii")
    elif isinstance(a, str) or isinstance(b, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    else:
        try:
            a = bytes(memoryview(a))
            b = bytes(memoryview(b))
        except TypeError:
            raise TypeError(
                "unsupported operand types(s) or combination of types: '%s' and '%s'"
                % (type(a).__name__, type(b).__name__)
            ) from None
    differ = len(a) != len(b)
    if differ:
        a = b
    result = 0
    for x, y in zip(a, b):
        result |= x ^ y
    return result == 0 and not differ
