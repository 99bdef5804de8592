"""Convert between Python values and C structs represented as bytes objects.

The format string describes the layout: an optional byte-order character (@ = < > !)
followed by format codes, each with an optional repeat count.
"""

from _struct import (
    calcsize,
    error,
    iter_unpack,
    pack,
    pack_into,
    unpack,
    unpack_from,
    _clearcache,
)

__all__ = [
    "calcsize", "pack", "pack_into", "unpack", "unpack_from", "iter_unpack",
    "Struct", "error",
]


class Struct:
    """A compiled format: pack and unpack with it without naming the format each time."""

    __slots__ = ("format", "size")

    def __init__(self, format):
        if isinstance(format, bytes):
            format = format.decode("ascii")
        elif not isinstance(format, str):
            raise TypeError(
                "Struct() argument 1 must be a str or bytes object, not "
                + type(format).__name__
            )
        self.size = calcsize(format)
        self.format = format

    def pack(self, *values):
        return pack(self.format, *values)

    def pack_into(self, buffer, offset, *values):
        return pack_into(self.format, buffer, offset, *values)

    def unpack(self, buffer):
        return unpack(self.format, buffer)

    def unpack_from(self, buffer, offset=0):
        return unpack_from(self.format, buffer, offset)

    def iter_unpack(self, buffer):
        return iter_unpack(self.format, buffer)


Struct.__module__ = "_struct"
