"""The JSON parser: JSONDecoder, JSONDecodeError and the scanner behind json.loads."""

__all__ = ['JSONDecoder', 'JSONDecodeError']

NaN = float('nan')
PosInf = float('inf')
NegInf = float('-inf')


class JSONDecodeError(ValueError):
    """A JSON document could not be parsed.

    msg: the unformatted message; doc: the document; pos: the index where parsing
    failed; lineno, colno: the line and column of pos (both counted from 1).
    """

    def __init__(self, msg, doc, pos):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        errmsg = '%s: line %d column %d (char %d)' % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


_CONSTANTS = {'-Infinity': NegInf, 'Infinity': PosInf, 'NaN': NaN}

_WS = ' \t\n\r'
_DIGITS = '0123456789'
_PUNCT = '{}[]:'
_SIMPLE_ESCAPES = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f',
                   'n': '\n', 'r': '\r', 't': '\t'}
_HEX = '0123456789abcdefABCDEF'

# The scanner works in two linear passes, using only whole-document string
# methods (split, find) and indexing of short pieces: the document is split
# on '"' into text outside and inside strings, the outside text is split on ','
# and cut into tokens; a recursive parser then walks the token list.
# A token is (kind, value, start, end). Kinds: a punctuation character,
# 'v' (number or constant), 's' (string), 'end', 'e' (nothing valid starts
# here) and 'E' (a string that is malformed: value is the error to raise).


def _hex4(text, j):
    esc = text[j:j + 4]
    if len(esc) != 4:
        return -1
    for ch in esc:
        if ch not in _HEX:
            return -1
    return int(esc, 16)


def _check_controls(seg, doc, at):
    for i in range(len(seg)):
        if ord(seg[i]) < 0x20:
            raise JSONDecodeError('Invalid control character at', doc, at + i)


def _decode_string(body, doc, at, strict):
    """Decode the text between two quotes; `at` is the document index of body[0]."""
    if '\\' not in body:
        if strict and not body.isprintable():
            _check_controls(body, doc, at)
        return body
    parts = body.split('\\')
    seg = parts[0]
    if strict and not seg.isprintable():
        _check_controls(seg, doc, at)
    out = [seg]
    pos = at + len(seg)          # index of the backslash before parts[i]
    i = 1
    count = len(parts)
    while i < count:
        part = parts[i]
        if part == '':
            if i + 1 >= count:
                raise JSONDecodeError('Unterminated string starting at', doc, at - 1)
            out.append('\\')
            seg = parts[i + 1]
            if strict and not seg.isprintable():
                _check_controls(seg, doc, pos + 2)
            out.append(seg)
            pos += 2 + len(seg)
            i += 2
            continue
        esc = part[0]
        if esc != 'u':
            ch = _SIMPLE_ESCAPES.get(esc)
            if ch is None:
                raise JSONDecodeError('Invalid \\escape', doc, pos)
            out.append(ch)
            seg = part[1:]
            if strict and seg and not seg.isprintable():
                _check_controls(seg, doc, pos + 2)
            out.append(seg)
            pos += 1 + len(part)
            i += 1
            continue
        code = _hex4(part, 1)
        if code < 0:
            raise JSONDecodeError('Invalid \\uXXXX escape', doc, pos + 1)
        seg = part[5:]
        if 0xd800 <= code <= 0xdbff:
            if seg == '' and i + 1 < count and parts[i + 1][:1] == 'u':
                low = _hex4(parts[i + 1], 1)
                if 0xdc00 <= low <= 0xdfff:
                    code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00))
                    pos += 1 + len(part)
                    i += 1
                    part = parts[i]
                    seg = part[5:]
        if 0xd800 <= code <= 0xdfff:
            code = 0xfffd        # a lone surrogate cannot live in a minipy string
        out.append(chr(code))
        if strict and seg and not seg.isprintable():
            _check_controls(seg, doc, pos + 6)
        out.append(seg)
        pos += 1 + len(part)
        i += 1
    return ''.join(out)


def scanstring(s, end, strict=True):
    """Decode the JSON string whose body starts at s[end] (just after its quote).

    Return (the string, the index after the closing quote).
    """
    # The tokenizer starts at a quote; whatever stands before the body (or nothing, at
    # index 0) is read as one, with positions kept as they are in `s`.
    if end > 0 and s[end - 1] == '"':
        doc, shift = s, 0
    elif end > 0:
        doc, shift = s[:end - 1] + '"' + s[end:], 0
    else:
        doc, shift = '"' + s, 1
    tokens = _tokenize(doc, end - 1 + shift, strict, None)
    kind, value, start, stop = tokens[0]
    if kind == 'E':
        if doc is s:
            raise value
        raise JSONDecodeError(value.msg, s, value.pos - shift)
    return value, stop - shift


def _number(sp, j, n):
    """The end of the JSON number starting at sp[j], or -1; and whether it is a float."""
    i = j
    if sp[i] == '-':
        i += 1
        if i >= n or sp[i] not in _DIGITS:
            return -1, False
    if sp[i] == '0':
        i += 1
    else:
        while i < n and sp[i] in _DIGITS:
            i += 1
    is_float = False
    if i + 1 < n and sp[i] == '.' and sp[i + 1] in _DIGITS:
        is_float = True
        i += 2
        while i < n and sp[i] in _DIGITS:
            i += 1
    if i + 1 < n and sp[i] in 'eE':
        k = i + 1
        if sp[k] in '+-':
            k += 1
        if k < n and sp[k] in _DIGITS:
            is_float = True
            i = k + 1
            while i < n and sp[i] in _DIGITS:
                i += 1
    return i, is_float


def _outside(sp, base, tokens, dec):
    """Tokenize sp, text outside strings without commas; False once an error token is added."""
    n = len(sp)
    j = 0
    while j < n:
        ch = sp[j]
        if ch in _WS:
            j += 1
        elif ch in _PUNCT:
            tokens.append((ch, None, base + j, base + j + 1))
            j += 1
        else:
            value = None
            end = -1
            if ch in _DIGITS or ch == '-':
                end, is_float = _number(sp, j, n)
                if end >= 0:
                    text = sp[j:end]
                    value = dec.parse_float(text) if is_float else dec.parse_int(text)
            if end >= 0:
                pass
            elif ch == 'n' and sp.startswith('null', j):
                end = j + 4
            elif ch == 't' and sp.startswith('true', j):
                value = True
                end = j + 4
            elif ch == 'f' and sp.startswith('false', j):
                value = False
                end = j + 5
            elif ch == 'N' and sp.startswith('NaN', j):
                value = dec.parse_constant('NaN')
                end = j + 3
            elif ch == 'I' and sp.startswith('Infinity', j):
                value = dec.parse_constant('Infinity')
                end = j + 8
            elif ch == '-' and sp.startswith('-Infinity', j):
                value = dec.parse_constant('-Infinity')
                end = j + 9
            else:
                tokens.append(('e', None, base + j, base + j))
                return False
            tokens.append(('v', value, base + j, base + end))
            j = end
    return True


def _tokenize(doc, idx, strict, dec):
    """The tokens of doc[idx:]; with dec None, only the string starting at idx."""
    text = doc[idx:] if idx else doc
    pieces = text.split('"')
    tokens = []
    count = len(pieces)
    pos = idx
    k = 0 if dec is not None else 1
    while k < count:
        if dec is not None:
            piece = pieces[k]
            subs = piece.split(',')
            base = pos
            first = True
            for sp in subs:
                if first:
                    first = False
                else:
                    tokens.append((',', None, base, base + 1))
                    base += 1
                if sp and not _outside(sp, base, tokens, dec):
                    return tokens
                base += len(sp)
            pos = base
            k += 1
            if k >= count:
                break
        # A string: its quote is at pos; escaped quotes glue pieces together.
        quote = pos
        body = pieces[k]
        odd = False
        if body.endswith('\\'):
            glued = [body]
            odd = (len(body) - len(body.rstrip('\\'))) % 2 == 1
            while odd and k + 1 < count:
                k += 1
                body = pieces[k]
                glued.append(body)
                odd = (len(body) - len(body.rstrip('\\'))) % 2 == 1
            body = '"'.join(glued)
        try:
            value = _decode_string(body, doc, quote + 1, strict)
            if odd or k == count - 1:
                raise JSONDecodeError('Unterminated string starting at', doc, quote)
        except JSONDecodeError as err:
            tokens.append(('E', err, quote, quote))
            return tokens
        pos = quote + len(body) + 2
        tokens.append(('s', value, quote, pos))
        if dec is None:
            return tokens
        k += 1
    tokens.append(('end', None, pos, pos))
    return tokens


class _Parser(object):
    """Builds Python values from a token list, raising CPython's errors."""

    def __init__(self, dec, doc, tokens):
        self.doc = doc
        self.tokens = tokens
        self.object_hook = dec.object_hook
        self.object_pairs_hook = dec.object_pairs_hook

    def value(self, k):
        """Parse the value at token k; return (value, next token index)."""
        kind, value, start, end = self.tokens[k]
        if kind == 'v' or kind == 's':
            return value, k + 1
        if kind == '[':
            return self.array(k + 1)
        if kind == '{':
            return self.object(k + 1)
        if kind == 'E':
            raise value
        raise JSONDecodeError('Expecting value', self.doc, start)

    def object(self, k):
        tokens = self.tokens
        doc = self.doc
        pairs = []
        kind, key, start, end = tokens[k]
        if kind == '}':
            return self.make_object(pairs), k + 1
        while True:
            if kind == 'E':
                raise key
            if kind != 's':
                raise JSONDecodeError('Expecting property name enclosed in double quotes',
                                      doc, start)
            kind, value, start, end = tokens[k + 1]
            if kind != ':':
                raise JSONDecodeError("Expecting ':' delimiter", doc, start)
            value, k = self.value(k + 2)
            pairs.append((key, value))
            kind, value, start, end = tokens[k]
            if kind == '}':
                return self.make_object(pairs), k + 1
            if kind != ',':
                raise JSONDecodeError("Expecting ',' delimiter", doc, start)
            k += 1
            kind, key, start, end = tokens[k]

    def make_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        obj = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(obj)
        return obj

    def array(self, k):
        tokens = self.tokens
        values = []
        if tokens[k][0] == ']':
            return values, k + 1
        while True:
            value, k = self.value(k)
            values.append(value)
            kind, value, start, end = tokens[k]
            if kind == ']':
                return values, k + 1
            if kind != ',':
                raise JSONDecodeError("Expecting ',' delimiter", self.doc, start)
            k += 1


class JSONDecoder(object):
    """Parses JSON text into Python objects (object -> dict, array -> list, ...)."""

    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None,
                 parse_constant=None, strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _CONSTANTS.__getitem__
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def decode(self, s):
        """Return the Python value of the JSON document s (a str)."""
        tokens = _tokenize(s, 0, self.strict, self)
        obj, k = _Parser(self, s, tokens).value(0)
        kind, value, start, end = tokens[k]
        if kind != 'end':
            raise JSONDecodeError('Extra data', s, start)
        return obj

    def raw_decode(self, s, idx=0):
        """Parse the JSON value that starts at s[idx]; return (value, index after it)."""
        tokens = _tokenize(s, idx, self.strict, self)
        kind, value, start, end = tokens[0]
        if start != idx and kind != 'E':
            raise JSONDecodeError('Expecting value', s, idx)
        obj, k = _Parser(self, s, tokens).value(0)
        return obj, tokens[k - 1][3]
