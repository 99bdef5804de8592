"""The JSON encoder: JSONEncoder and the string escaping used by json.dumps."""

__all__ = ['JSONEncoder']

INFINITY = float('inf')

# Escapes shared by both modes: the quote, the backslash and the control characters.
_ESCAPES = {0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t',
            0x08: '\\b', 0x0c: '\\f'}
for _code in range(0x20):
    if _code not in _ESCAPES:
        _ESCAPES[_code] = '\\u%04x' % _code
# ensure_ascii also escapes DEL, like every character outside ' '..'~'.
_ESCAPES_ASCII = dict(_ESCAPES)
_ESCAPES_ASCII[0x7f] = '\\u007f'
del _code


def py_encode_basestring(s):
    """Return s as a JSON string literal, keeping non-ASCII characters."""
    return '"' + s.translate(_ESCAPES) + '"'


encode_basestring = py_encode_basestring


def py_encode_basestring_ascii(s):
    """Return s as a JSON string literal with only ASCII characters in it."""
    if s.isascii():
        return '"' + s.translate(_ESCAPES_ASCII) + '"'
    parts = []
    table = _ESCAPES_ASCII
    for ch in s:
        code = ord(ch)
        if code < 0x80:
            parts.append(table.get(code, ch))
        elif code < 0x10000:
            parts.append('\\u%04x' % code)
        else:
            code -= 0x10000
            parts.append('\\u%04x\\u%04x' % (0xd800 | (code >> 10), 0xdc00 | (code & 0x3ff)))
    return '"' + ''.join(parts) + '"'


encode_basestring_ascii = py_encode_basestring_ascii


class JSONEncoder(object):
    """Turns Python data (dict, list, tuple, str, int, float, bool, None) into JSON."""

    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None,
                 default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        """Called for objects the encoder does not know; override to support more types."""
        raise TypeError('Object of type %s is not JSON serializable' % o.__class__.__name__)

    def encode(self, o):
        """Return the JSON text for o."""
        if isinstance(o, str):
            if self.ensure_ascii:
                return encode_basestring_ascii(o)
            return encode_basestring(o)
        return ''.join(self.iterencode(o))

    def iterencode(self, o, _one_shot=False):
        """Return the JSON text for o as a sequence of string pieces."""
        return _Writer(self).run(o)


def _floatstr(o, allow_nan):
    if o != o:
        text = 'NaN'
    elif o == INFINITY:
        text = 'Infinity'
    elif o == -INFINITY:
        text = '-Infinity'
    else:
        return repr(float(o))
    if not allow_nan:
        raise ValueError('Out of range float values are not JSON compliant')
    return text


class _Writer(object):
    """One encoding run: appends the pieces of the JSON text to a list."""

    def __init__(self, enc):
        self.enc = enc
        self.out = []
        self.markers = {} if enc.check_circular else None
        indent = enc.indent
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self.indent = indent
        self.quote = encode_basestring_ascii if enc.ensure_ascii else encode_basestring
        self.default = enc.default

    def run(self, o):
        self.value(o, 0)
        return self.out

    def mark(self, o):
        markers = self.markers
        if markers is not None:
            key = id(o)
            if key in markers:
                raise ValueError('Circular reference detected')
            markers[key] = o

    def unmark(self, o):
        if self.markers is not None:
            del self.markers[id(o)]

    def value(self, o, level):
        out = self.out
        if isinstance(o, str):
            out.append(self.quote(o))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(repr(int(o)))
        elif isinstance(o, float):
            out.append(_floatstr(o, self.enc.allow_nan))
        elif isinstance(o, (list, tuple)):
            self.array(o, level)
        elif isinstance(o, dict):
            self.object(o, level)
        else:
            self.mark(o)
            self.value(self.default(o), level)
            self.unmark(o)

    def array(self, seq, level):
        out = self.out
        if not seq:
            out.append('[]')
            return
        self.mark(seq)
        indent = self.indent
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            sep = self.enc.item_separator + newline
            out.append('[' + newline)
        else:
            sep = self.enc.item_separator
            out.append('[')
        first = True
        for item in seq:
            if first:
                first = False
            else:
                out.append(sep)
            self.value(item, level)
        if indent is not None:
            out.append('\n' + indent * (level - 1) + ']')
        else:
            out.append(']')
        self.unmark(seq)

    def object(self, dct, level):
        out = self.out
        if not dct:
            out.append('{}')
            return
        self.mark(dct)
        enc = self.enc
        indent = self.indent
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            sep = enc.item_separator + newline
            out.append('{' + newline)
        else:
            sep = enc.item_separator
            out.append('{')
        key_sep = enc.key_separator
        items = sorted(dct.items()) if enc.sort_keys else dct.items()
        first = True
        for key, val in items:
            if isinstance(key, str):
                pass
            elif isinstance(key, float):
                key = _floatstr(key, enc.allow_nan)
            elif key is True:
                key = 'true'
            elif key is False:
                key = 'false'
            elif key is None:
                key = 'null'
            elif isinstance(key, int):
                key = repr(int(key))
            elif enc.skipkeys:
                continue
            else:
                raise TypeError('keys must be str, int, float, bool or None, not '
                                + key.__class__.__name__)
            if first:
                first = False
            else:
                out.append(sep)
            out.append(self.quote(key))
            out.append(key_sep)
            self.value(val, level)
        if indent is not None:
            out.append('\n' + indent * (level - 1) + '}')
        else:
            out.append('}')
        self.unmark(dct)
