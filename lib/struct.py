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
        """S.pack(v1, v2, ...) -> bytes

        The values packed as the compiled format describes.
        """
        return pack(self.format, *values)

    def pack_into(self, buffer, offset, *values):
        """S.pack_into(buffer, offset, v1, v2, ...)

        Pack the values as the compiled format describes and write them into the
        writable buffer, starting at offset.
        """
        return pack_into(self.format, buffer, offset, *values)

    def unpack(self, buffer):
        """The tuple of values the buffer holds, read with the compiled format.

        The buffer's size must be exactly self.size.
        """
        return unpack(self.format, buffer)

    def unpack_from(self, buffer, offset=0):
        """The tuple of values read from the buffer at offset, with the compiled
        format.

        The buffer must hold at least self.size bytes from offset.
        """
        return unpack_from(self.format, buffer, offset)

    def iter_unpack(self, buffer):
        """An iterator that unpacks the buffer one self.size-byte piece at a time,
        giving a tuple for each.

        The buffer's size must be a multiple of self.size.
        """
        return iter_unpack(self.format, buffer)


Struct.__module__ = "_struct"
