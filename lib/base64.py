"""Base16, Base32 and Base64 encodings of bytes (RFC 4648), with the URL-safe alphabet, and
the Ascii85 and Base85 encodings, as CPython's base64 module. Inputs may be any bytes-like
object; decoders also take ASCII strings."""

import binascii

__all__ = [
    "b64encode", "b64decode", "standard_b64encode", "standard_b64decode",
    "urlsafe_b64encode", "urlsafe_b64decode", "b32encode", "b32decode", "b16encode",
    "b16decode", "encodebytes", "decodebytes", "b85encode", "b85decode", "a85encode",
    "a85decode",
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


# ----- Ascii85 and Base85 ---------------------------------------------------------------
# Both write each big-endian 4-byte word as 5 digits in base 85; they differ in the digit
# alphabet and in their shorthands (Ascii85's 'z' for a zero word, 'y' for four spaces).

_A85_FIRST = 33  # '!', Ascii85's digit 0; its digits are the 85 characters from there
_B85 = (b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        b"!#$%&()*+-;<=>?@^_`{|}~")
_B85_VALUES = {c: i for i, c in enumerate(_B85)}


def _words85(data, alphabet, pad, zero_word=None, space_word=None):
    """The 5-digit groups of data's words; the last group cut to the input's length
    unless pad."""
    if not isinstance(data, (bytes, bytearray)):
        data = memoryview(data).tobytes()
    data = bytes(data)
    short = -len(data) % 4
    data += bytes(short)
    groups = []
    for i in range(0, len(data), 4):
        word = int.from_bytes(data[i:i + 4], "big")
        if zero_word is not None and word == 0:
            groups.append(zero_word)
        elif space_word is not None and word == 0x20202020:
            groups.append(space_word)
        else:
            digits = bytearray(5)
            for k in range(4, -1, -1):
                word, digit = divmod(word, 85)
                digits[k] = alphabet[digit]
            groups.append(bytes(digits))
    if short and not pad:
        if groups[-1] == zero_word:
            groups[-1] = bytes([alphabet[0]]) * 5
        groups[-1] = groups[-1][:-short]
    return b"".join(groups)


def a85encode(b, *, foldspaces=False, wrapcol=0, pad=False, adobe=False):
    """Ascii85: 'z' stands for a zero word, and 'y' for four spaces when foldspaces; lines
    are wrapped at wrapcol characters; adobe frames the result in <~ ~>."""
    alphabet = bytes(range(_A85_FIRST, _A85_FIRST + 85))
    result = _words85(b, alphabet, pad, b"z", b"y" if foldspaces else None)
    if adobe:
        result = b"<~" + result
    if wrapcol:
        width = max(2 if adobe else 1, wrapcol)
        lines = [result[i:i + width] for i in range(0, len(result), width)]
        if adobe and len(lines[-1]) + 2 > width:
            lines.append(b"")
        result = b"\n".join(lines)
    if adobe:
        result += b"~>"
    return result


def a85decode(b, *, foldspaces=False, adobe=False, ignorechars=b" \t\n\r\v"):
    """The bytes of Ascii85 text; characters in ignorechars are skipped."""
    b = _bytes_from_decode_data(b)
    if adobe:
        if not b.endswith(b"~>"):
            raise ValueError("Ascii85 encoded byte sequences must end with %r" % b"~>")
        b = b[2:-2] if b.startswith(b"<~") else b[:-2]
    out = bytearray()
    group = []
    for c in b:
        if _A85_FIRST <= c < _A85_FIRST + 85:
            group.append(c - _A85_FIRST)
            if len(group) == 5:
                out += _word85(group, "Ascii85 overflow")
                group = []
        elif c == 0x7A:  # z
            if group:
                raise ValueError("z inside Ascii85 5-tuple")
            out += bytes(4)
        elif foldspaces and c == 0x79:  # y
            if group:
                raise ValueError("y inside Ascii85 5-tuple")
            out += b"    "
        elif c in ignorechars:
            continue
        else:
            raise ValueError("Non-Ascii85 digit found: %c" % c)
    if group:
        # A short last group stands for len(group) - 1 bytes: pad it with the top digit.
        kept = len(group) - 1
        out += _word85(group + [84] * (5 - len(group)), "Ascii85 overflow")[:kept]
    return bytes(out)


def _word85(digits, overflow):
    value = 0
    for digit in digits:
        value = value * 85 + digit
    if value > 0xFFFFFFFF:
        raise ValueError(overflow)
    return value.to_bytes(4, "big")


def b85encode(b, pad=False):
    """Base85 in the alphabet of git and Mercurial binary diffs (RFC 1924's)."""
    return _words85(b, _B85, pad)


def b85decode(b):
    """The bytes of Base85 text."""
    b = _bytes_from_decode_data(b)
    short = -len(b) % 5
    b += b"~" * short
    out = bytearray()
    for i in range(0, len(b), 5):
        digits = []
        for j in range(i, i + 5):
            digit = _B85_VALUES.get(b[j])
            if digit is None:
                raise ValueError("bad base85 character at position %d" % j)
            digits.append(digit)
        out += _word85(digits, "base85 overflow in hunk starting at byte %d" % i)
    return bytes(out[:len(out) - short])
