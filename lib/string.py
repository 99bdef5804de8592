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
    """str.format as an overridable class: vformat parses the string with parse(), finds each
    field with get_field/get_value, then convert_field and format_field, so a subclass can
    change any step."""

    def format(self, format_string, /, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        used_args = set()
        result, _ = self._vformat(format_string, args, kwargs, used_args, 2)
        self.check_unused_args(used_args, args, kwargs)
        return result

    def _vformat(self, format_string, args, kwargs, used_args, recursion_depth,
                 auto_arg_index=0):
        if recursion_depth < 0:
            raise ValueError("Max string recursion exceeded")
        result = []
        for literal_text, field_name, format_spec, conversion in self.parse(format_string):
            if literal_text:
                result.append(literal_text)
            if field_name is None:
                continue
            # '{}' takes the next positional argument; mixing it with '{0}' is an error
            if field_name == "":
                if auto_arg_index is False:
                    raise ValueError("cannot switch from manual field specification to "
                                     "automatic field numbering")
                field_name = str(auto_arg_index)
                auto_arg_index += 1
            elif field_name.isdigit():
                if auto_arg_index:
                    # (CPython's message names the switch the other way round here too)
                    raise ValueError("cannot switch from manual field specification to "
                                     "automatic field numbering")
                auto_arg_index = False
            obj, arg_used = self.get_field(field_name, args, kwargs)
            used_args.add(arg_used)
            obj = self.convert_field(obj, conversion)
            format_spec, auto_arg_index = self._vformat(
                format_spec, args, kwargs, used_args, recursion_depth - 1,
                auto_arg_index=auto_arg_index)
            result.append(self.format_field(obj, format_spec))
        return "".join(result), auto_arg_index

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key]
        return kwargs[key]

    def check_unused_args(self, used_args, args, kwargs):
        pass

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

    def parse(self, format_string):
        """(literal_text, field_name, format_spec, conversion) for each piece of the string;
        the last three are None after literal text with no field."""
        return _parse_format(format_string)

    def get_field(self, field_name, args, kwargs):
        first, rest = _split_field_name(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = getattr(obj, key) if is_attr else obj[key]
        return obj, first


def _parse_format(s):
    n = len(s)
    i = 0
    while i < n:
        start = i
        brace = None
        while i < n:
            if s[i] in "{}":
                brace = s[i]
                i += 1
                break
            i += 1
        if brace is None:
            yield s[start:], None, None, None
            return
        if brace == "}" and (i >= n or s[i] != "}"):
            raise ValueError("Single '}' encountered in format string")
        if brace == "{" and i >= n:
            raise ValueError("Single '{' encountered in format string")
        if s[i] == brace:
            # a doubled brace is literal text: one brace, and no field follows
            i += 1
            yield s[start:i - 1], None, None, None
            continue
        literal = s[start:i - 1]
        field_name, format_spec, conversion, i = _parse_field(s, i)
        yield literal, field_name, format_spec, conversion


def _parse_field(s, i):
    """The field starting at s[i] (after its '{'): name, spec, conversion, and where the
    text after its '}' starts."""
    n = len(s)
    start = i
    c = None
    while i < n:
        c = s[i]
        i += 1
        if c == "{":
            raise ValueError("unexpected '{' in field name")
        if c == "[":
            while i < n and s[i] != "]":
                i += 1
            continue
        if c in "}:!":
            break
    else:
        c = None
    field_name = s[start:i - 1] if c is not None else s[start:i]
    conversion = None
    if c == "!" or c == ":":
        if c == "!":
            if i >= n:
                raise ValueError("end of string while looking for conversion specifier")
            conversion = s[i]
            i += 1
            if i < n:
                c = s[i]
                i += 1
                if c == "}":
                    return field_name, "", conversion, i
                if c != ":":
                    raise ValueError("expected ':' after conversion specifier")
        spec_start = i
        depth = 1
        while i < n:
            c = s[i]
            i += 1
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return field_name, s[spec_start:i - 1], conversion, i
        raise ValueError("unmatched '{' in format spec")
    if c != "}":
        raise ValueError("expected '}' before end of string")
    return field_name, "", conversion, i


def _split_field_name(name):
    """'a.b[0]' -> ('a', iterator of (True, 'b'), (False, 0)); a name of digits is an int.
    The rest is parsed as it is consumed, so an error in it comes after the lookups before."""
    i = 0
    while i < len(name) and name[i] not in ".[":
        i += 1
    first = name[:i]
    if first.isdigit():
        first = int(first)
    return first, _field_rest(name, i)


def _field_rest(name, i):
    n = len(name)
    while i < n:
        c = name[i]
        i += 1
        if c == ".":
            start = i
            while i < n and name[i] not in ".[":
                i += 1
            if i == start:
                raise ValueError("Empty attribute in format string")
            yield True, name[start:i]
        elif c == "[":
            start = i
            while i < n and name[i] != "]":
                i += 1
            if i >= n:
                raise ValueError("Missing ']' in format string")
            key = name[start:i]
            if not key:
                raise ValueError("Empty attribute in format string")
            i += 1
            yield False, int(key) if key.isdigit() else key
        else:
            raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
