"""The error type of the base64 module's decoders, hexlify/unhexlify, base64 lines
(b2a_base64/a2b_base64, through the base64 module) and the CRC-32 and CRC-CCITT checksums."""

__all__ = [
    "Error",
    "Incomplete",
    "hexlify",
    "unhexlify",
    "b2a_hex",
    "a2b_hex",
    "b2a_base64",
    "a2b_base64",
    "crc32",
    "crc_hqx",
]


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


def hexlify(data, sep=None, bytes_per_sep=1):
    if sep is None:
        return bytes(data).hex().encode("ascii")
    return bytes(data).hex(sep, bytes_per_sep).encode("ascii")


b2a_hex = hexlify


def unhexlify(hexstr):
    if isinstance(hexstr, str):
        hexstr = hexstr.encode("ascii")
    if len(hexstr) % 2:
        raise Error("Odd-length string")
    try:
        return bytes.fromhex(bytes(hexstr).decode("ascii"))
    except ValueError:
        raise Error("Non-hexadecimal digit found") from None


a2b_hex = unhexlify


def _data(data):
    """The bytes of a bytes-like argument (TypeError for anything else, str included)."""
    try:
        if isinstance(data, str):
            raise TypeError
        return bytes(memoryview(data))
    except TypeError:
        raise TypeError(
            "a bytes-like object is required, not '%s'" % type(data).__name__
        ) from None


def b2a_base64(data, *, newline=True):
    import base64

    line = base64.b64encode(_data(data))
    return line + b"\n" if newline else line


def a2b_base64(data, *, strict_mode=False):
    import base64

    if isinstance(data, str):
        data = data.encode("ascii")
    return base64.b64decode(_data(data), validate=strict_mode)


def _crc32_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


def _crc_hqx_table():
    table = []
    for n in range(256):
        c = n << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021 if c & 0x8000 else c << 1) & 0xFFFF
        table.append(c)
    return table


_tables = {}


def crc32(data, value=0):
    """The CRC-32 of `data` (as zlib's), continuing from the checksum `value`."""
    table = _tables.get("crc32") or _tables.setdefault("crc32", _crc32_table())
    crc = ~value & 0xFFFFFFFF
    for byte in _data(data):
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return ~crc & 0xFFFFFFFF


def crc_hqx(data, value):
    """The CRC-CCITT (XMODEM) checksum of `data`, continuing from the 16-bit `value`."""
    table = _tables.get("hqx") or _tables.setdefault("hqx", _crc_hqx_table())
    crc = value & 0xFFFF
    for byte in _data(data):
        crc = ((crc << 8) & 0xFF00) ^ table[(crc >> 8) ^ byte]
    return crc
