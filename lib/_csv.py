"""The core of csv: dialects, the reader's state machine and the writer.

What CPython keeps in its C `_csv` module: the `Dialect` validator (read-only attributes,
the TypeErrors for bad parameters), `reader` and `writer` objects, the dialect registry and
the field size limit. The Python-level `Dialect` classes, `DictReader`, `DictWriter` and
`Sniffer` are in `csv`.
"""

__version__ = "1.0"

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)

_dialects = {}
_field_limit = 128 * 1024


class Error(Exception):
    pass


Error.__module__ = "_csv"

_PARAMETERS = ("delimiter", "doublequote", "escapechar", "lineterminator",
               "quotechar", "quoting", "skipinitialspace", "strict")


def _one_char(name, value, default, allow_none):
    if value is None and allow_none:
        return None
    if value is _unset:
        return default
    if not isinstance(value, str):
        raise TypeError('"%s" must be string, not %s' % (name, type(value).__name__))
    if len(value) != 1:
        raise TypeError('"%s" must be a 1-character string' % name)
    return value


_unset = object()


class Dialect:
    """CSV dialect

The Dialect type records CSV parsing and generation options.
"""

    __slots__ = ("_delimiter", "_doublequote", "_escapechar", "_lineterminator",
                 "_quotechar", "_quoting", "_skipinitialspace", "_strict")

    def __new__(cls, dialect=None, **kwargs):
        for name in kwargs:
            if name not in _PARAMETERS:
                raise TypeError("'%s' is an invalid keyword argument for this function" % name)
        if dialect is not None:
            if isinstance(dialect, str):
                dialect = get_dialect(dialect)
            if type(dialect) is Dialect and not kwargs:
                return dialect

        def param(name):
            if name in kwargs:
                return kwargs[name]
            if dialect is not None and hasattr(dialect, name):
                return getattr(dialect, name)
            return _unset

        self = object.__new__(cls)
        self._delimiter = _one_char("delimiter", param("delimiter"), ",", False)
        self._doublequote = _flag(param("doublequote"), True)
        self._escapechar = _one_char("escapechar", param("escapechar"), None, True)
        terminator = param("lineterminator")
        if terminator is _unset:
            terminator = "\r\n"
        elif terminator is not None and not isinstance(terminator, str):
            raise TypeError('"lineterminator" must be a string')
        self._lineterminator = terminator
        quoting = param("quoting")
        if quoting is _unset:
            quoting = QUOTE_NONE if param("quotechar") is None else QUOTE_MINIMAL
        elif not isinstance(quoting, int):
            raise TypeError('"quoting" must be an integer')
        if quoting not in (QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE):
            raise TypeError('bad "quoting" value')
        self._quoting = quoting
        self._quotechar = _one_char("quotechar", param("quotechar"), '"', True)
        self._skipinitialspace = _flag(param("skipinitialspace"), False)
        self._strict = _flag(param("strict"), False)
        if self._quotechar is None and quoting != QUOTE_NONE:
            raise TypeError("quotechar must be set if quoting enabled")
        if terminator is None:
            raise TypeError("lineterminator must be set")
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_csv.Dialect' is not an acceptable base type")

    delimiter = property(lambda self: self._delimiter)
    doublequote = property(lambda self: self._doublequote)
    escapechar = property(lambda self: self._escapechar)
    lineterminator = property(lambda self: self._lineterminator)
    quotechar = property(lambda self: self._quotechar)
    quoting = property(lambda self: self._quoting)
    skipinitialspace = property(lambda self: self._skipinitialspace)
    strict = property(lambda self: self._strict)

    def __setattr__(self, name, value):
        if name in _PARAMETERS:
            raise AttributeError("attribute '%s' of '_csv.Dialect' objects is not writable" % name)
        object.__setattr__(self, name, value)

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle '_csv.Dialect' object")


Dialect.__module__ = "_csv"


def _flag(value, default):
    if value is _unset:
        return default
    return bool(value)


def register_dialect(name, dialect=None, **fmtparams):
    """Create a mapping from a string name to a dialect class."""
    if not isinstance(name, str):
        raise TypeError("dialect name must be a string")
    _dialects[name] = Dialect(dialect, **fmtparams)


def unregister_dialect(name):
    """Delete the name/dialect mapping associated with a string name."""
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    """Return the dialect instance associated with name."""
    try:
        return _dialects[name]
    except (KeyError, TypeError):
        raise Error("unknown dialect") from None


def list_dialects():
    """Return a list of all know dialect names."""
    return list(_dialects)


def field_size_limit(*args):
    """Sets an upper limit on parsed fields; returns the old limit."""
    global _field_limit
    if len(args) > 1:
        raise TypeError("field_size_limit expected at most 1 argument, got %d" % len(args))
    old = _field_limit
    if args:
        if not isinstance(args[0], int):
            raise TypeError("limit must be an integer")
        _field_limit = args[0]
    return old


# The reader's states, as CPython's parser names them.
(START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD,
 ESCAPE_IN_QUOTED_FIELD, QUOTE_IN_QUOTED_FIELD, EAT_CRNL, AFTER_ESCAPED_CRNL) = range(9)

# Stands for the end of a line handed over by the iterator; it equals no character.
_EOL = None


class reader:
    """CSV reader

Reader objects are responsible for reading and parsing tabular data
in CSV format.
"""

    def __init__(self, lines, dialect):
        self._lines = lines
        self.dialect = dialect
        self.line_num = 0
        self._state = START_RECORD
        self._fields = []
        self._field = []
        self._numeric = False

    def __iter__(self):
        return self

    def __next__(self):
        self._fields = []
        self._field = []
        self._state = START_RECORD
        self._numeric = False
        while True:
            try:
                line = next(self._lines)
            except StopIteration:
                if self._field or self._state == IN_QUOTED_FIELD:
                    if self.dialect.strict:
                        raise Error("unexpected end of data") from None
                    self._save_field()
                    break
                raise
            if not isinstance(line, str):
                raise Error("iterator should return strings, not %.200s "
                            "(the file should be opened in text mode)" % type(line).__name__)
            self.line_num += 1
            for c in line:
                self._process(c)
            self._process(_EOL)
            if self._state == START_RECORD:
                break
        fields = self._fields
        self._fields = []
        return fields

    def _add_char(self, c):
        if len(self._field) >= _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        self._field.append(c)

    def _save_field(self):
        field = "".join(self._field)
        self._field = []
        if self._numeric:
            self._numeric = False
            field = float(field)
        self._fields.append(field)

    def _end_of_field_line(self, c):
        self._save_field()
        self._state = START_RECORD if c is _EOL else EAT_CRNL

    def _process(self, c):
        d = self.dialect
        state = self._state
        if state == START_RECORD:
            if c is _EOL:
                return
            if c == "\n" or c == "\r":
                self._state = EAT_CRNL
                return
            state = self._state = START_FIELD
        if state == START_FIELD:
            if c is _EOL or c == "\n" or c == "\r":
                self._end_of_field_line(c)
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = IN_QUOTED_FIELD
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == " " and d.skipinitialspace:
                pass
            elif c == d.delimiter:
                self._save_field()
            else:
                if d.quoting == QUOTE_NONNUMERIC:
                    self._numeric = True
                self._add_char(c)
                self._state = IN_FIELD
        elif state == ESCAPED_CHAR:
            if c == "\n" or c == "\r":
                self._add_char(c)
                self._state = AFTER_ESCAPED_CRNL
                return
            self._add_char("\n" if c is _EOL else c)
            self._state = IN_FIELD
        elif state == IN_FIELD or state == AFTER_ESCAPED_CRNL:
            if state == AFTER_ESCAPED_CRNL and c is _EOL:
                return
            if c is _EOL or c == "\n" or c == "\r":
                self._end_of_field_line(c)
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            else:
                self._add_char(c)
                self._state = IN_FIELD
        elif state == IN_QUOTED_FIELD:
            if c is _EOL:
                pass
            elif c == d.escapechar:
                self._state = ESCAPE_IN_QUOTED_FIELD
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = QUOTE_IN_QUOTED_FIELD if d.doublequote else IN_FIELD
            else:
                self._add_char(c)
        elif state == ESCAPE_IN_QUOTED_FIELD:
            self._add_char("\n" if c is _EOL else c)
            self._state = IN_QUOTED_FIELD
        elif state == QUOTE_IN_QUOTED_FIELD:
            if d.quoting != QUOTE_NONE and c == d.quotechar:
                self._add_char(c)
                self._state = IN_QUOTED_FIELD
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            elif c is _EOL or c == "\n" or c == "\r":
                self._end_of_field_line(c)
            elif not d.strict:
                self._add_char(c)
                self._state = IN_FIELD
            else:
                raise Error("'%s' expected after '%s'" % (d.delimiter, d.quotechar))
        elif state == EAT_CRNL:
            if c == "\n" or c == "\r":
                pass
            elif c is _EOL:
                self._state = START_RECORD
            else:
                raise Error("new-line character seen in unquoted field - "
                            "do you need to open the file in universal-newline mode?")


reader.__module__ = "_csv"
_Reader = reader


class writer:
    """CSV writer

Writer objects are responsible for generating tabular data
in CSV format from sequence input.
"""

    def __init__(self, write, dialect):
        self._write = write
        self.dialect = dialect

    def writerow(self, row):
        """writerow(iterable)

Construct and write a CSV record from an iterable of fields.  Non-string
elements will be converted to string."""
        d = self.dialect
        try:
            fields = list(row)
        except TypeError:
            if hasattr(row, "__iter__"):
                raise
            raise Error("iterable expected, not %s" % type(row).__name__) from None
        parts = []
        for i, field in enumerate(fields):
            if d.quoting == QUOTE_NONNUMERIC:
                quoted = not _is_number(field)
            else:
                quoted = d.quoting == QUOTE_ALL
            if field is None:
                text = ""
            elif isinstance(field, str):
                text = field
            else:
                text = str(field)
            if len(fields) == 1 and text == "":
                if d.quoting == QUOTE_NONE:
                    raise Error("single empty field record must be quoted")
                quoted = True
            parts.append(self._render(text, quoted))
        return self._write(d.delimiter.join(parts) + d.lineterminator)

    def _render(self, text, quoted):
        d = self.dialect
        out = []
        for c in text:
            if (c == d.delimiter or c == d.escapechar or c == d.quotechar
                    or c in d.lineterminator):
                escape = False
                if d.quoting == QUOTE_NONE:
                    escape = True
                else:
                    if c == d.quotechar:
                        if d.doublequote:
                            out.append(c)
                        else:
                            escape = True
                    elif c == d.escapechar:
                        escape = True
                    if not escape:
                        quoted = True
                if escape:
                    if d.escapechar is None:
                        raise Error("need to escape, but no escapechar set")
                    out.append(d.escapechar)
            out.append(c)
        text = "".join(out)
        if quoted:
            return d.quotechar + text + d.quotechar
        return text

    def writerows(self, rows):
        """writerows(iterable of iterables)

Construct and write a series of iterables to a csv file.  Non-string
elements will be converted to string."""
        for row in rows:
            self.writerow(row)


writer.__module__ = "_csv"
_Writer = writer


def _is_number(value):
    return hasattr(type(value), "__float__") or hasattr(type(value), "__index__")


def reader(*args, **kwargs):
    """csv_reader = reader(iterable [, dialect='excel']
                        [optional keyword args])
    for row in csv_reader:
        process(row)
"""
    if not args:
        raise TypeError(" expected at least 1 argument, got 0")
    if len(args) > 2:
        raise TypeError(" expected at most 2 arguments, got %d" % len(args))
    lines = iter(args[0])
    dialect = Dialect(args[1] if len(args) > 1 else kwargs.pop("dialect", None), **kwargs)
    return _Reader(lines, dialect)


def writer(*args, **kwargs):
    """csv_writer = csv.writer(fileobj [, dialect='excel']
                            [optional keyword args])
    for row in sequence:
        csv_writer.writerow(row)
"""
    if not args:
        raise TypeError(" expected at least 1 argument, got 0")
    if len(args) > 2:
        raise TypeError(" expected at most 2 arguments, got %d" % len(args))
    write = getattr(args[0], "write", None)
    if write is None or not callable(write):
        raise TypeError('argument 1 must have a "write" method')
    dialect = Dialect(args[1] if len(args) > 1 else kwargs.pop("dialect", None), **kwargs)
    return _Writer(write, dialect)
