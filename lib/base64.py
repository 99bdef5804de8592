"""Base16, Base32 and Base64 encodings of bytes (RFC 4648), with the URL-safe alphabet,
as CPython's base64 module. Inputs may be any bytes-like object; decoders also take ASCII
strings."""

import binascii

__all__ = [
    "b64encode", "b64decode", "standard_b64encode", "standard_b64decode",
    "urlsafe_b64encode", "urlsafe_b64decode", "b32encode", "b32decode", "b16encode",
    "b16decode", "encodebytes", "decodebytes",
]

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _bytes_from_decode_data(s):
    if isinstance(s, str):
        try:
            return s.encode("ascii")
        except UnicodeEncodeError:
            raise ValueError("string argument should contain only ASCII characters")
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    try:
        return memoryview(s).tobytes()
    except TypeError:
        raise TypeError("argument should be a bytes-like object or ASCII string, not %r"
                        % s.__class__.__name__) from None


def _bytes_like(s):
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    try:
        return memoryview(s).tobytes()
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % type(s).__name__) from None


def b64encode(s, altchars=None):
    """Base64 of a bytes-like object; `altchars` replaces '+' and '/'."""
    data = _bytes_like(s)
    out = bytearray()
    for i in range(0, len(data) - len(data) % 3, 3):
        n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63], _B64[(n >> 6) & 63], _B64[n & 63]))
    rest = len(data) % 3
    if rest == 1:
        n = data[-1] << 16
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63])) + b"=="
    elif rest == 2:
        n = (data[-2] << 16) | (data[-1] << 8)
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63], _B64[(n >> 6) & 63])) + b"="
    encoded = bytes(out)
    if altchars is not None:
        altchars = _bytes_like(altchars)
        assert len(altchars) == 2, repr(altchars)
        encoded = encoded.translate(bytes.maketrans(b"+/", altchars))
    return encoded


_B64_VALUES = {c: i for i, c in enumerate(_B64)}


def b64decode(s, altchars=None, validate=False):
    """The bytes a Base64 text stands for. Without `validate`, characters outside the
    alphabet are dropped; with it they raise binascii.Error."""
    s = _bytes_from_decode_data(s)
    if altchars is not None:
        altchars = _bytes_from_decode_data(altchars)
        assert len(altchars) == 2, repr(altchars)
        s = s.translate(bytes.maketrans(altchars, b"+/"))
    values = []
    pad = 0
    complete = False
    for c in s:
        if c == 61:  # "="
            if len(values) % 4 in (0, 1):
                if validate and not values:
                    raise binascii.Error("Leading padding not allowed")
                continue
            pad += 1
            if len(values) % 4 + pad >= 4:
                complete = True
            continue
        v = _B64_VALUES.get(c)
        if v is None:
            if validate:
                raise binascii.Error("Only base64 data is allowed")
            continue
        if complete:
            if validate:
                raise binascii.Error("Excess data after padding")
            break
        if pad:
            if validate:
                raise binascii.Error("Discontinuous padding not allowed")
            pad = 0
        values.append(v)
    if len(values) % 4 == 1:
        raise binascii.Error(
            "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more "
            "than a multiple of 4" % len(values))
    if len(values) % 4 and len(values) % 4 + pad < 4:
        raise binascii.Error("Incorrect padding")
    out = bytearray()
    for i in range(0, len(values), 4):
        chunk = values[i:i + 4]
        n = 0
        for v in chunk:
            n = (n << 6) | v
        n <<= 6 * (4 - len(chunk))
        out += bytes(((n >> 16) & 255, (n >> 8) & 255, n & 255))[:len(chunk) - 1]
    return bytes(out)


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    """Base64 with '-' and '_' in place of '+' and '/'."""
    return b64encode(s).translate(bytes.maketrans(b"+/", b"-_"))


def urlsafe_b64decode(s):
    s = _bytes_from_decode_data(s)
    return b64decode(s.translate(bytes.maketrans(b"-_", b"+/")))


def encodebytes(s):
    """Base64 in lines of at most 76 characters, each ending with a newline."""
    data = _bytes_like(s)
    pieces = [b64encode(data[i:i + 57]) + b"\n" for i in range(0, len(data), 57)]
    return b"".join(pieces)


def decodebytes(s):
    return b64decode(_bytes_like(s))


def b16encode(s):
    return _bytes_like(s).hex().upper().encode("ascii")


def b16decode(s, casefold=False):
    s = _bytes_from_decode_data(s)
    if casefold:
        s = s.upper()
    if any(c not in b"0123456789ABCDEF" for c in s):
        raise binascii.Error("Non-base16 digit found")
    if len(s) % 2:
        raise binascii.Error("Odd-length string")
    return bytes.fromhex(s.decode("ascii"))


def b32encode(s):
    data = _bytes_like(s)
    out = bytearray()
    for i in range(0, len(data), 5):
        chunk = data[i:i + 5]
        n = int.from_bytes(chunk + bytes(5 - len(chunk)), "big")
        digits = bytes(_B32[(n >> (35 - 5 * k)) & 31] for k in range(8))
        used = {0: 0, 1: 2, 2: 4, 3: 5, 4: 7, 5: 8}[len(chunk)]
        out += digits[:used] + b"=" * (8 - used)
    return bytes(out)


_B32_VALUES = {c: i for i, c in enumerate(_B32)}


def b32decode(s, casefold=False, map01=None):
    s = _bytes_from_decode_data(s)
    if len(s) % 8:
        raise binascii.Error("Incorrect padding")
    if map01 is not None:
        map01 = _bytes_from_decode_data(map01)
        s = s.translate(bytes.maketrans(b"01", b"O" + map01))
    if casefold:
        s = s.upper()
    stripped = s.rstrip(b"=")
    pad = len(s) - len(stripped)
    if pad not in (0, 1, 3, 4, 6):
        raise binascii.Error("Incorrect padding")
    out = bytearray()
    for i in range(0, len(stripped), 8):
        chunk = stripped[i:i + 8]
        n = 0
        for c in chunk:
            v = _B32_VALUES.get(c)
            if v is None:
                raise binascii.Error("Non-base32 digit found")
            n = (n << 5) | v
        n <<= 5 * (8 - len(chunk))
        full = n.to_bytes(5, "big")
        keep = {8: 5, 7: 4, 5: 3, 4: 2, 2: 1}.get(len(chunk))
        if keep is None:
            raise binascii.Error("Incorrect padding")
        out += full[:keep]
    return bytes(out)
