"""String constants, capwords, Template and Formatter (as CPython's string module)."""

__all__ = [
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords", "digits",
    "hexdigits", "octdigits", "printable", "punctuation", "whitespace", "Formatter",
    "Template",
]

whitespace = " \t\n\r\v\f"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Splits s into words, capitalizes each and joins them with sep (a space by default)."""
    return (sep or " ").join(word.capitalize() for word in s.split(sep))


_ID_START = set(ascii_letters + "_")
_ID_REST = set(ascii_letters + digits + "_")


class Template:
    """A string with $-placeholders: $name, ${name}, and $$ for a literal $."""

    delimiter = "$"
    braceidpattern = None
    flags = None

    def __init__(self, template):
        self.template = template

    def _scan(self):
        """Yields (kind, text, start) pieces: 'text', 'escaped', 'named', 'braced', 'invalid'."""
        template = self.template
        delim = self.delimiter
        n = len(template)
        i = 0
        text_start = 0
        while True:
            j = template.find(delim, i)
            if j < 0:
                break
            if j > text_start:
                yield "text", template[text_start:j], text_start
            k = j + len(delim)
            if template.startswith(delim, k):
                yield "escaped", delim, j
                i = text_start = k + len(delim)
                continue
            if k < n and template[k] in _ID_START:
                end = k + 1
                while end < n and template[end] in _ID_REST:
                    end += 1
                yield "named", template[k:end], j
                i = text_start = end
                continue
            if k < n and template[k] == "{":
                end = k + 1
                if end < n and template[end] in _ID_START:
                    end += 1
                    while end < n and template[end] in _ID_REST:
                        end += 1
                    if end < n and template[end] == "}":
                        yield "braced", template[k + 1:end], j
                        i = text_start = end + 1
                        continue
            yield "invalid", delim, j
            i = text_start = k
        if text_start < n:
            yield "text", template[text_start:], text_start

    def _invalid(self, index):
        lines = self.template[:index].splitlines(keepends=True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = index - len("".join(lines[:-1]))
            lineno = len(lines)
        raise ValueError("Invalid placeholder in string: line %d, col %d" % (lineno, colno))

    def substitute(self, mapping=None, /, **kws):
        """Replaces every placeholder; a missing name raises KeyError."""
        if mapping is None:
            mapping = kws
        elif kws:
            mapping = _Chain(kws, mapping)
        out = []
        for kind, text, start in self._scan():
            if kind == "text" or kind == "escaped":
                out.append(text)
            elif kind == "invalid":
                self._invalid(start + len(self.delimiter))
            else:
                out.append(str(mapping[text]))
        return "".join(out)

    def safe_substitute(self, mapping=None, /, **kws):
        """Replaces the placeholders it can and leaves the others as they are."""
        if mapping is None:
            mapping = kws
        elif kws:
            mapping = _Chain(kws, mapping)
        out = []
        for kind, text, start in self._scan():
            if kind == "text" or kind == "escaped" or kind == "invalid":
                out.append(text)
            else:
                try:
                    out.append(str(mapping[text]))
                except KeyError:
                    if kind == "named":
                        out.append(self.delimiter + text)
                    else:
                        out.append(self.delimiter + "{" + text + "}")
        return "".join(out)

    def is_valid(self):
        """True if the template has no invalid placeholder."""
        return all(kind != "invalid" for kind, _, _ in self._scan())

    def get_identifiers(self):
        """The placeholder names, in order of first appearance."""
        ids = []
        for kind, text, start in self._scan():
            if kind == "invalid":
                raise ValueError("Unrecognized named group in pattern")
            if (kind == "named" or kind == "braced") and text not in ids:
                ids.append(text)
        return ids


class _Chain:
    def __init__(self, first, second):
        self.first = first
        self.second = second

    def __getitem__(self, key):
        if key in self.first:
            return self.first[key]
        return self.second[key]


class Formatter:
    """str.format as an overridable class (format, vformat, get_value, convert_field)."""

    def format(self, format_string, /, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key]
        return kwargs[key]

    def format_field(self, value, format_spec):
        return format(value, format_spec)

    def convert_field(self, value, conversion):
        if conversion is None:
            return value
        if conversion == "s":
            return str(value)
        if conversion == "r":
            return repr(value)
        if conversion == "a":
            return ascii(value)
        raise ValueError("Unknown conversion specifier {0!s}".format(conversion))
