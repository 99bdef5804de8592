"""Codec registry and helpers, as CPython's codecs, over the encodings minipy's str and
bytes know (UTF-8, UTF-16 and UTF-32 in their byte orders, ASCII, Latin-1, cp1252) plus
the bytes-to-bytes `hex` and `base64` codecs and the str-to-str `rot13`: `encode`,
`decode`, `lookup` and its `CodecInfo`, `getencoder`/`getdecoder`, `register` for codecs of
one's own, `lookup_error` for the standard error handlers, `open`, and the BOM constants.

Error handlers of one's own (`register_error`), `EncodedFile` and the incremental and
stream codec classes are not provided: str.encode and bytes.decode are native and know only the
standard handlers.
"""

import builtins
import sys

__all__ = ["register", "lookup", "open",
           "BOM", "BOM_BE", "BOM_LE", "BOM32_BE", "BOM32_LE", "BOM64_BE", "BOM64_LE",
           "BOM_UTF8", "BOM_UTF16", "BOM_UTF16_LE", "BOM_UTF16_BE",
           "BOM_UTF32", "BOM_UTF32_LE", "BOM_UTF32_BE",
           "CodecInfo", "encode", "decode", "getencoder", "getdecoder", "lookup_error",
           "strict_errors", "ignore_errors", "replace_errors",
           "xmlcharrefreplace_errors", "backslashreplace_errors"]

BOM_UTF8 = b'\xef\xbb\xbf'
BOM_LE = BOM_UTF16_LE = b'\xff\xfe'
BOM_BE = BOM_UTF16_BE = b'\xfe\xff'
BOM_UTF32_LE = b'\xff\xfe\x00\x00'
BOM_UTF32_BE = b'\x00\x00\xfe\xff'
if sys.byteorder == 'little':
    BOM = BOM_UTF16 = BOM_UTF16_LE
    BOM_UTF32 = BOM_UTF32_LE
else:
    BOM = BOM_UTF16 = BOM_UTF16_BE
    BOM_UTF32 = BOM_UTF32_BE
BOM32_LE = BOM_UTF16_LE
BOM32_BE = BOM_UTF16_BE
BOM64_LE = BOM_UTF32_LE
BOM64_BE = BOM_UTF32_BE


class CodecInfo(tuple):
    """What codecs.lookup finds for an encoding: its name and its functions."""

    _is_text_encoding = True

    def __new__(cls, encode, decode, streamreader=None, streamwriter=None,
                incrementalencoder=None, incrementaldecoder=None, name=None,
                *, _is_text_encoding=None):
        self = tuple.__new__(cls, (encode, decode, streamreader, streamwriter))
        self.name = name
        self.encode = encode
        self.decode = decode
        self.incrementalencoder = incrementalencoder
        self.incrementaldecoder = incrementaldecoder
        self.streamwriter = streamwriter
        self.streamreader = streamreader
        if _is_text_encoding is not None:
            self._is_text_encoding = _is_text_encoding
        return self

    def __repr__(self):
        return "<%s.%s object for encoding %s at %#x>" % \
            (self.__class__.__module__, self.__class__.__qualname__, self.name, id(self))


def _text_codec(name, function_prefix):
    # A codec over str.encode and bytes.decode; the functions carry CPython's names, which
    # its errors quote.
    def encode(input, errors='strict'):
        if not isinstance(input, str):
            raise TypeError("%s_encode() argument 1 must be str, not %s"
                            % (function_prefix, type(input).__name__))
        return input.encode(name, errors), len(input)

    def decode(input, errors='strict'):
        data = bytes(_bytes_like(input))
        return data.decode(name, errors), len(data)

    encode.__name__ = function_prefix + '_encode'
    decode.__name__ = function_prefix + '_decode'
    return CodecInfo(encode, decode, name=name)


def _bytes_like(input):
    if isinstance(input, (bytes, bytearray, memoryview)):
        return input
    raise TypeError("a bytes-like object is required, not '%s'" % type(input).__name__)


def _rot13_codec():
    table = {}
    for start in (ord('a'), ord('A')):
        for i in range(26):
            table[start + i] = start + (i + 13) % 26

    def rot13(input, errors='strict'):
        return str.translate(input, table), len(input)

    return CodecInfo(rot13, rot13, name='rot-13', _is_text_encoding=False)


def _hex_codec():
    import binascii

    def encode(input, errors='strict'):
        assert errors == 'strict'
        return binascii.b2a_hex(_bytes_like(input)), len(input)

    def decode(input, errors='strict'):
        assert errors == 'strict'
        return binascii.a2b_hex(_bytes_like(input)), len(input)

    return CodecInfo(encode, decode, name='hex', _is_text_encoding=False)


def _base64_codec():
    import base64

    def encode(input, errors='strict'):
        assert errors == 'strict'
        return base64.encodebytes(_bytes_like(input)), len(input)

    def decode(input, errors='strict'):
        assert errors == 'strict'
        return base64.decodebytes(_bytes_like(input)), len(input)

    return CodecInfo(encode, decode, name='base64', _is_text_encoding=False)


# Normalized alias -> (canonical name, maker of its CodecInfo).
_BUILTIN = {}
for _aliases, _name, _prefix in (
        (('utf_8', 'utf8', 'u8', 'utf', 'cp65001', 'utf8_ucs2', 'utf8_ucs4'), 'utf-8', 'utf_8'),
        (('ascii', 'us_ascii', '646', 'ansi_x3.4_1968', 'ansi_x3_4_1968', 'ansi_x3.4_1986',
          'cp367', 'csascii', 'ibm367', 'iso646_us', 'iso_646.irv_1991', 'iso_ir_6', 'us'),
         'ascii', 'ascii'),
        (('latin_1', 'latin1', 'latin', 'l1', 'iso8859_1', 'iso_8859_1', 'iso8859', '8859',
          'cp819', 'ibm819', 'iso_ir_100', 'iso_8859_1_1987', 'csisolatin1'),
         'iso8859-1', 'latin_1'),
        (('utf_16', 'utf16'), 'utf-16', 'utf_16'),
        (('utf_16_le', 'utf_16le', 'unicodelittleunmarked'), 'utf-16-le', 'utf_16_le'),
        (('utf_16_be', 'utf_16be', 'unicodebigunmarked'), 'utf-16-be', 'utf_16_be'),
        (('utf_32', 'u32', 'utf32'), 'utf-32', 'utf_32'),
        (('utf_32_le', 'utf_32le'), 'utf-32-le', 'utf_32_le'),
        (('utf_32_be', 'utf_32be'), 'utf-32-be', 'utf_32_be'),
        (('cp1252', 'windows_1252'), 'cp1252', 'charmap')):
    for _alias in _aliases:
        _BUILTIN[_alias] = (_name, _prefix)
del _aliases, _name, _prefix, _alias

_BYTES_CODECS = {
    'rot13': _rot13_codec, 'rot_13': _rot13_codec,
    'hex': _hex_codec, 'hex_codec': _hex_codec,
    'base64': _base64_codec, 'base_64': _base64_codec, 'base64_codec': _base64_codec,
}

_search_functions = []
_cache = {}


def _normalize(encoding):
    # Runs of characters other than letters, digits and '.' become one '_'.
    out = []
    pending = False
    for c in encoding:
        if c.isalnum() or c == '.':
            if pending and out:
                out.append('_')
            out.append(c)
            pending = False
        else:
            pending = True
    return ''.join(out).lower()


def register(search_function):
    """Register a codec search function.

    Search functions are expected to take one argument, the encoding name in
    all lower case letters, and either return None, or a tuple of functions
    (encoder, decoder, stream_reader, stream_writer) (or a CodecInfo object)."""
    if not callable(search_function):
        raise TypeError("argument must be callable")
    _search_functions.append(search_function)


def unregister(search_function):
    """Unregister a codec search function and clear the registry's cache."""
    if search_function in _search_functions:
        _search_functions.remove(search_function)
    _cache.clear()


def lookup(encoding):
    """Looks up a codec tuple in the Python codec registry and returns
    a CodecInfo object."""
    if not isinstance(encoding, str):
        raise TypeError("lookup() argument must be str, not %s" % type(encoding).__name__)
    if encoding in _cache:
        return _cache[encoding]
    key = _normalize(encoding)
    info = None
    for search in _search_functions:
        info = search(encoding.lower().replace(' ', '_'))
        if info is not None:
            if not isinstance(info, tuple) or len(info) != 4:
                raise TypeError("codec search functions must return 4-tuples")
            break
    if info is None:
        if key in _BUILTIN:
            info = _text_codec(*_BUILTIN[key])
        elif key in _BYTES_CODECS:
            info = _BYTES_CODECS[key]()
        else:
            raise LookupError("unknown encoding: %s" % encoding)
    _cache[encoding] = info
    return info


def _wrapped(action, encoding, error):
    # Simple errors from a codec name the codec, as CPython's do; others pass unchanged.
    if type(error) in (TypeError, ValueError) or type(error).__name__ == 'Error':
        wrapped = type(error)("%s with %r codec failed (%s: %s)"
                              % (action, encoding, type(error).__name__, error))
        wrapped.__cause__ = error
        return wrapped
    return error


def encode(obj, encoding='utf-8', errors='strict'):
    """Encodes obj using the codec registered for encoding."""
    codec = lookup(encoding)
    try:
        return codec.encode(obj, errors)[0]
    except Exception as e:
        raise _wrapped("encoding", encoding, e) from None


def decode(obj, encoding='utf-8', errors='strict'):
    """Decodes obj using the codec registered for encoding."""
    codec = lookup(encoding)
    try:
        return codec.decode(obj, errors)[0]
    except Exception as e:
        raise _wrapped("decoding", encoding, e) from None


def getencoder(encoding):
    """Lookup up the codec for the given encoding and return
    its encoder function."""
    return lookup(encoding).encode


def getdecoder(encoding):
    """Lookup up the codec for the given encoding and return
    its decoder function."""
    return lookup(encoding).decode


def strict_errors(exception):
    """Implements the 'strict' error handling, which raises a UnicodeError on coding errors."""
    raise exception


def ignore_errors(exception):
    """Implements the 'ignore' error handling, which ignores malformed data and continues."""
    return ('', exception.end)


def replace_errors(exception):
    """Implements the 'replace' error handling, which replaces malformed data with a
    replacement marker."""
    if isinstance(exception, UnicodeEncodeError):
        return ('?' * (exception.end - exception.start), exception.end)
    return ('\ufffd', exception.end)


def xmlcharrefreplace_errors(exception):
    """Implements the 'xmlcharrefreplace' error handling, which replaces an unencodable
    character with the appropriate XML character reference."""
    text = exception.object[exception.start:exception.end]
    return (''.join('&#%d;' % ord(c) for c in text), exception.end)


def backslashreplace_errors(exception):
    """Implements the 'backslashreplace' error handling, which replaces malformed data
    with a backslashed escape sequence."""
    if isinstance(exception, UnicodeDecodeError):
        data = exception.object[exception.start:exception.end]
        return (''.join('\\x%02x' % b for b in data), exception.end)
    out = []
    for c in exception.object[exception.start:exception.end]:
        n = ord(c)
        if n < 0x100:
            out.append('\\x%02x' % n)
        elif n < 0x10000:
            out.append('\\u%04x' % n)
        else:
            out.append('\\U%08x' % n)
    return (''.join(out), exception.end)


_ERROR_HANDLERS = {
    'strict': strict_errors, 'ignore': ignore_errors, 'replace': replace_errors,
    'xmlcharrefreplace': xmlcharrefreplace_errors,
    'backslashreplace': backslashreplace_errors,
}


def lookup_error(name):
    """Return the error handler for the specified error handling name or raise a
    LookupError, if no handler exists under this name."""
    try:
        return _ERROR_HANDLERS[name]
    except KeyError:
        raise LookupError("unknown error handler name '%s'" % name) from None


def open(filename, mode='r', encoding=None, errors='strict', buffering=-1):
    """Open an encoded file using the given mode and return a file object that
    encodes on write and decodes on read, with no newline translation.

    Without an encoding, this is the built-in open()."""
    if encoding is None:
        return builtins.open(filename, mode, buffering)
    lookup(encoding)
    return builtins.open(filename, mode.replace('b', ''), buffering,
                         encoding=encoding, errors=errors, newline='')
