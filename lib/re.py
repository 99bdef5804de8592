"""Regular expressions, as CPython 3.11's `re`.

Patterns are parsed and matched by the native `_re` (Python's syntax, translated for the
`fancy-regex` engine); this module is the API around it: flags, `Pattern`, `Match`, the
module functions, replacement templates and the cache.
"""

import _re

__all__ = [
    "match", "fullmatch", "search", "sub", "subn", "split",
    "findall", "finditer", "compile", "purge", "template", "escape",
    "error", "Pattern", "Match", "A", "I", "L", "M", "S", "X", "U",
    "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE",
    "UNICODE", "NOFLAG", "RegexFlag",
]

__version__ = "2.2.1"

_MAXSIZE = 9223372036854775807

# Flags in the order CPython's RegexFlag defines them (its repr lists them so).
_FLAG_NAMES = (
    ("ASCII", 256), ("IGNORECASE", 2), ("LOCALE", 4), ("UNICODE", 32),
    ("MULTILINE", 8), ("DOTALL", 16), ("VERBOSE", 64), ("TEMPLATE", 1), ("DEBUG", 128),
)
_ALL_FLAGS = 511


class RegexFlag(int):
    """The flags of `re` (`re.I`, `re.M`, ...): ints that combine with `|`."""

    def __new__(cls, value=0):
        return int.__new__(cls, value)

    @property
    def value(self):
        return int(self)

    @property
    def name(self):
        v = int(self)
        for n, bit in _FLAG_NAMES:
            if bit == v:
                return n
        if v == 0:
            return "NOFLAG"
        return None

    def __repr__(self):
        v = int(self)
        if v == 0:
            return "re.NOFLAG"
        parts = []
        rest = v
        for n, bit in _FLAG_NAMES:
            if v & bit:
                parts.append("re." + n)
                rest &= ~bit
        if rest:
            parts.append(hex(rest))
        return "|".join(parts)

    __str__ = __repr__

    def __format__(self, spec):
        if spec:
            return format(int(self), spec)
        return repr(self)

    def __or__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) | int(other))
        return NotImplemented

    __ror__ = __or__

    def __and__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) & int(other))
        return NotImplemented

    __rand__ = __and__

    def __xor__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) ^ int(other))
        return NotImplemented

    __rxor__ = __xor__

    def __invert__(self):
        return RegexFlag(_ALL_FLAGS & ~int(self))

    def __reduce__(self):
        return (RegexFlag, (int(self),))


RegexFlag.__module__ = "re"
NOFLAG = RegexFlag(0)
ASCII = A = RegexFlag(256)
IGNORECASE = I = RegexFlag(2)
LOCALE = L = RegexFlag(4)
UNICODE = U = RegexFlag(32)
MULTILINE = M = RegexFlag(8)
DOTALL = S = RegexFlag(16)
VERBOSE = X = RegexFlag(64)
TEMPLATE = T = RegexFlag(1)
DEBUG = RegexFlag(128)


class error(Exception):
    """A bad regular expression: `msg`, the `pattern`, the `pos`ition (and its `lineno`
    and `colno`)."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            newline = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(newline, 0, pos) + 1
            self.colno = pos - pattern.rfind(newline, 0, pos)
            if newline in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        else:
            self.lineno = self.colno = None
        super().__init__(msg)


error.__module__ = "re"


def _check_flags(pattern, flags):
    if isinstance(pattern, str):
        if flags & LOCALE:
            raise ValueError("cannot use LOCALE flag with a str pattern")
        if not flags & ASCII:
            flags |= UNICODE
        elif flags & UNICODE:
            raise ValueError("ASCII and UNICODE flags are incompatible")
    else:
        if flags & UNICODE:
            raise ValueError("cannot use UNICODE flag with a bytes pattern")
        if flags & LOCALE and flags & ASCII:
            raise ValueError("ASCII and LOCALE flags are incompatible")
    return int(flags)


def _index(v):
    if isinstance(v, int):
        return int(v)
    if hasattr(type(v), "__index__"):
        return type(v).__index__(v)
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)


def _plain(string):
    """`string` as str or bytes (what slices of the matches are taken from)."""
    if isinstance(string, (bytearray, memoryview)):
        return bytes(string)
    return string


class Pattern:
    """A compiled regular expression (what `re.compile` returns)."""

    def __init__(self, pattern, flags, engine, groups, names):
        self.pattern = pattern
        self.flags = flags
        self._engine = engine
        self.groups = groups
        self.groupindex = dict(names)
        self._names = {i: n for n, i in names}

    def __repr__(self):
        text = repr(self.pattern)[:200]
        shown = self.flags
        if isinstance(self.pattern, str):
            shown &= ~32
        if shown:
            return "re.compile(%s, %r)" % (text, RegexFlag(shown))
        return "re.compile(%s)" % text

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.pattern == other.pattern and self.flags == other.flags
                and type(self.pattern) is type(other.pattern))

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (_compile, (self.pattern, self.flags))

    def _run(self, string, pos, endpos, mode):
        if type(string) is memoryview:
            string = bytes(string)
        spans = _re.match(self._engine, string, _index(pos), _index(endpos), mode)
        if spans is None:
            return None
        return Match(self, string, _index(pos), _index(endpos), spans)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        """The match at `pos`, or None."""
        return self._run(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        """The match of all of `string[pos:endpos]`, or None."""
        return self._run(string, pos, endpos, 2)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        """The first match anywhere in `string[pos:endpos]`, or None."""
        return self._run(string, pos, endpos, 0)

    def _scan(self, string, pos=0, endpos=_MAXSIZE, limit=0):
        if type(string) is memoryview:
            string = bytes(string)
        return _re.scan(self._engine, string, _index(pos), _index(endpos), limit)

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        """An iterator of the successive non-overlapping matches."""
        p, e = _index(pos), _index(endpos)
        return iter([Match(self, string, p, e, s) for s in self._scan(string, p, e)])

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        """The successive matches: the text of each, of its group, or a tuple of its
        groups (`''` for a group that took no part)."""
        string = _plain(string)
        empty = string[:0]
        out = []
        n = self.groups
        for s in self._scan(string, pos, endpos):
            if n == 0:
                out.append(string[s[0]:s[1]])
            elif n == 1:
                out.append(string[s[2]:s[3]] if s[2] >= 0 else empty)
            else:
                out.append(tuple(string[s[2 * i]:s[2 * i + 1]] if s[2 * i] >= 0 else empty
                                 for i in range(1, n + 1)))
        return out

    def split(self, string, maxsplit=0):
        """`string` cut where the pattern matches (with the groups' texts between the
        pieces), at most `maxsplit` times."""
        string = _plain(string)
        if maxsplit < 0:
            return [string]
        out = []
        last = 0
        n = self.groups
        for s in self._scan(string, 0, _MAXSIZE, maxsplit):
            out.append(string[last:s[0]])
            for i in range(1, n + 1):
                out.append(string[s[2 * i]:s[2 * i + 1]] if s[2 * i] >= 0 else None)
            last = s[1]
        out.append(string[last:])
        return out

    def sub(self, repl, string, count=0):
        """`string` with the matches replaced by `repl` (a template or a function of the
        match), at most `count` of them."""
        return self._subx(repl, string, count)[0]

    def subn(self, repl, string, count=0):
        """As `sub`, with the number of replacements made: `(new_string, number)`."""
        return self._subx(repl, string, count)

    def _subx(self, repl, string, count):
        string = _plain(string)
        if count < 0:
            return string, 0
        spans = self._scan(string, 0, _MAXSIZE, count)
        if callable(repl):
            fn = repl
            literal = None
        else:
            if not isinstance(repl, (str, bytes)):
                raise TypeError("decoding to str: need a bytes-like object, %s found"
                                % type(repl).__name__)
            literal = _template(self, repl)
            fn = None
        pieces = []
        last = 0
        empty = string[:0]
        for s in spans:
            if last < s[0]:
                pieces.append(string[last:s[0]])
            if fn is not None:
                r = fn(Match(self, string, 0, _MAXSIZE, s))
                if r is not None:
                    pieces.append(r)
            elif type(literal) is not list:
                pieces.append(literal)
            else:
                for part in literal:
                    if type(part) is int:
                        a = s[2 * part]
                        if a >= 0:
                            pieces.append(string[a:s[2 * part + 1]])
                    else:
                        pieces.append(part)
            last = s[1]
        if last < len(string):
            pieces.append(string[last:])
        return empty.join(pieces), len(spans)

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        raise NotImplementedError("Pattern.scanner is not supported")

    def __class_getitem__(cls, item):
        return cls


class Match:
    """The result of a successful match: its groups, their spans, and what was searched."""

    def __init__(self, pattern, string, pos, endpos, spans):
        self.re = pattern
        self.string = string
        n = len(string)
        self.pos = min(max(pos, 0), n)
        self.endpos = min(max(endpos, 0), n)
        self._spans = spans
        self._s = _plain(string)

    def _gid(self, g):
        if isinstance(g, int) and not isinstance(g, bool) or type(g) is bool:
            i = int(g)
            if 0 <= i <= self.re.groups:
                return i
        elif isinstance(g, str):
            i = self.re.groupindex.get(g)
            if i is not None:
                return i
        elif hasattr(type(g), "__index__"):
            return self._gid(type(g).__index__(g))
        raise IndexError("no such group")

    def _text(self, i, default=None):
        a = self._spans[2 * i]
        if a < 0:
            return default
        return self._s[a:self._spans[2 * i + 1]]

    def group(self, *groups):
        """One group's text (the whole match for 0 or none given), or a tuple of several."""
        if not groups:
            return self._text(0)
        if len(groups) == 1:
            return self._text(self._gid(groups[0]))
        return tuple(self._text(self._gid(g)) for g in groups)

    def __getitem__(self, g):
        return self._text(self._gid(g))

    def groups(self, default=None):
        """The texts of all the groups (`default` for those that took no part)."""
        return tuple(self._text(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        """The texts of the named groups, by name."""
        return {n: self._text(i, default) for n, i in self.re.groupindex.items()}

    def start(self, group=0):
        """The index where the group's match starts, or -1 when the group took no
        part in the match.
        """
        return self._spans[2 * self._gid(group)]

    def end(self, group=0):
        """The index where the group's match ends, or -1 when the group took no
        part in the match.
        """
        return self._spans[2 * self._gid(group) + 1]

    def span(self, group=0):
        """The pair (start(group), end(group))."""
        i = self._gid(group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    @property
    def regs(self):
        return tuple((self._spans[2 * i], self._spans[2 * i + 1])
                     for i in range(self.re.groups + 1))

    @property
    def lastindex(self):
        # The group that closed last: the one ending last, the innermost start among those
        # (a group after an empty one), and the outermost of nested groups with one span.
        best = None
        for i in range(1, self.re.groups + 1):
            a = self._spans[2 * i]
            if a < 0:
                continue
            key = (self._spans[2 * i + 1], a)
            if best is None or key > best[0]:
                best = (key, i)
        return None if best is None else best[1]

    @property
    def lastgroup(self):
        i = self.lastindex
        if i is None:
            return None
        return self.re._names.get(i)

    def expand(self, template):
        """`template` with its group references (`\\1`, `\\g<name>`) filled in."""
        parts = _template(self.re, template)
        if type(parts) is not list:
            return parts
        empty = "" if isinstance(template, str) else b""
        out = []
        for part in parts:
            if type(part) is int:
                t = self._text(part)
                if t is not None:
                    out.append(t)
            else:
                out.append(part)
        return empty.join(out)

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%s>" % (
            self._spans[0], self._spans[1], repr(self._text(0))[:50])

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __bool__(self):
        return True

    def __class_getitem__(cls, item):
        return cls


Pattern.__module__ = "re"
Match.__module__ = "re"

# ---- the module functions -----------------------------------------------------------------

_cache = {}
_MAXCACHE = 512


def _compile(pattern, flags):
    if isinstance(flags, RegexFlag):
        flags = int(flags)
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    try:
        return _cache[key]
    except (KeyError, TypeError):
        pass
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    got = _re.compile(pattern, flags)
    if len(got) == 2:
        raise error(got[0], pattern if got[1] is not None else None, got[1])
    engine, groups, names, all_flags = got
    all_flags = _check_flags(pattern, all_flags)
    p = Pattern(pattern, all_flags, engine, groups, names)
    if len(_cache) >= _MAXCACHE:
        try:
            del _cache[next(iter(_cache))]
        except (StopIteration, RuntimeError, KeyError):
            pass
    _cache[key] = p
    return p


def compile(pattern, flags=0):
    """The Pattern object of a regular expression, for matching it many times."""
    return _compile(pattern, flags)


def match(pattern, string, flags=0):
    """Match the pattern at the start of the string: a Match object, or None."""
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    """Match the pattern against all of the string: a Match object, or None."""
    return _compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    """The first match of the pattern anywhere in the string: a Match object, or None."""
    return _compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    """The string with the leftmost non-overlapping matches replaced by repl."""
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    """As sub, returning (new_string, number_of_subs_made)."""
    return _compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    """The string split by the occurrences of the pattern."""
    return _compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    """A list of all non-overlapping matches in the string."""
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    """An iterator of Match objects over all non-overlapping matches in the string."""
    return _compile(pattern, flags).finditer(string)


def purge():
    """Clear the regular expression caches."""
    _cache.clear()
    _templates.clear()


def template(pattern, flags=0):
    """A Pattern compiled with the TEMPLATE flag (deprecated)."""
    return _compile(pattern, flags | T)


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")


def escape(pattern):
    """The string with the characters special to regular expressions escaped."""
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    text = str(pattern, "latin-1")
    return "".join("\\" + c if c in _SPECIAL else c for c in text).encode("latin-1")


# ---- replacement templates ----------------------------------------------------------------

_templates = {}
_TEMPLATE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                     "v": "\v", "\\": "\\"}
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _template(pattern, repl):
    """`repl` read as a template for `pattern`: the text itself when it refers to no
    group, else a list of texts and group numbers."""
    key = (type(repl), repl, pattern)
    try:
        return _templates[key]
    except KeyError:
        pass
    is_bytes = not isinstance(repl, str)
    text = str(repl, "latin-1") if is_bytes else repl
    if "\\" not in text:
        parts = repl
    else:
        parts = _parse_template(text, pattern, repl)
        if is_bytes:
            parts = [p if type(p) is int else p.encode("latin-1") for p in parts]
    if len(_templates) >= _MAXCACHE:
        _templates.clear()
    _templates[key] = parts
    return parts


def _parse_template(text, pattern, source):
    parts = []
    literal = []
    n = len(text)
    i = 0

    def fail(msg, pos):
        raise error(msg, source, pos)

    def add_group(index, pos):
        if index > pattern.groups:
            fail("invalid group reference %d" % index, pos)
        if literal:
            parts.append("".join(literal))
            del literal[:]
        parts.append(index)

    while i < n:
        c = text[i]
        if c != "\\":
            literal.append(c)
            i += 1
            continue
        if i + 1 >= n:
            fail("bad escape (end of pattern)", n - 1)
        start = i
        c = text[i + 1]
        i += 2
        if c == "g":
            if i >= n or text[i] != "<":
                fail("missing <", i)
            j = text.find(">", i + 1)
            if j < 0:
                name = text[i + 1:]
                if not name:
                    fail("missing group name", n)
                fail("missing >, unterminated name", i + 1)
            name = text[i + 1:j]
            if not name:
                fail("missing group name", j)
            i = j + 1
            if name.isidentifier():
                index = pattern.groupindex.get(name)
                if index is None:
                    raise IndexError("unknown group name %r" % name)
            else:
                if not (name.isdigit() and name.isascii()):
                    fail("bad character in group name %r" % name, j - len(name))
                index = int(name)
                if index >= 1 << 30:
                    fail("invalid group reference %d" % index, j - len(name))
            add_group(index, j - len(name))
        elif c == "0":
            digits = c
            while len(digits) < 3 and i < n and text[i] in "01234567":
                digits += text[i]
                i += 1
            literal.append(chr(int(digits, 8) & 0xFF))
        elif c in "0123456789":
            digits = c
            if i < n and text[i] in "0123456789":
                digits += text[i]
                i += 1
                if (c in "01234567" and digits[1] in "01234567" and i < n
                        and text[i] in "01234567"):
                    digits += text[i]
                    i += 1
                    value = int(digits, 8)
                    if value > 0o377:
                        fail("octal escape value \\%s outside of range 0-0o377" % digits, start)
                    literal.append(chr(value))
                    continue
            add_group(int(digits), start + 1)
        elif c in _TEMPLATE_ESCAPES:
            literal.append(_TEMPLATE_ESCAPES[c])
        elif c in _ASCII_LETTERS:
            fail("bad escape \\%s" % c, start)
        else:
            literal.append("\\" + c)
    if literal:
        parts.append("".join(literal))
    return parts
