"""Formatting and printing of exceptions and their tracebacks (CPython 3.11's traceback).

The frames an exception passed through come from the native helper `_traceback`;
everything else (chains of causes and contexts, repeated frames, SyntaxError
lines) is built here, in CPython's format.

A traceback object names its frame (tb_frame), line (tb_lineno) and the next
entry inwards (tb_next); the stack functions (extract_stack, format_stack,
print_stack, walk_stack) read frame objects from sys._getframe and f_back.
"""

import sys
import _traceback

__all__ = ['extract_stack', 'extract_tb', 'format_exception',
           'format_exception_only', 'format_list', 'format_stack',
           'format_tb', 'print_exc', 'format_exc', 'print_exception',
           'print_last', 'print_stack', 'print_tb', 'clear_frames',
           'FrameSummary', 'StackSummary', 'TracebackException',
           'walk_stack', 'walk_tb']

_RECURSIVE_CUTOFF = 3
_cause_message = ('\nThe above exception was the direct cause '
                  'of the following exception:\n\n')
_context_message = ('\nDuring handling of the above exception, '
                    'another exception occurred:\n\n')

_sentinel = object()


class FrameSummary(object):
    """One frame of a traceback: filename, lineno, name and the source line."""

    def __init__(self, filename, lineno, name, *, lookup_line=True, locals=None,
                 line=None, end_lineno=None, colno=None, end_colno=None):
        self.filename = filename
        self.lineno = lineno
        self.name = name
        self._line = line
        self.locals = locals
        self.end_lineno = end_lineno
        self.colno = colno
        self.end_colno = end_colno
        self._marks = None

    @property
    def line(self):
        return self._line

    def __eq__(self, other):
        if isinstance(other, FrameSummary):
            return (self.filename == other.filename and self.lineno == other.lineno
                    and self.name == other.name and self.locals == other.locals)
        if isinstance(other, tuple):
            return (self.filename, self.lineno, self.name, self.line) == other
        return NotImplemented

    def __getitem__(self, pos):
        return (self.filename, self.lineno, self.name, self.line)[pos]

    def __iter__(self):
        return iter([self.filename, self.lineno, self.name, self.line])

    def __repr__(self):
        return '<FrameSummary file {filename}, line {lineno} in {name}>'.format(
            filename=self.filename, lineno=self.lineno, name=self.name)

    def __len__(self):
        return 4


class StackSummary(object):
    """A list of FrameSummary objects, outermost first, with format()."""

    def __init__(self, frames=()):
        self._frames = list(frames)

    @classmethod
    def from_list(klass, a_list):
        """Make a StackSummary from a list of FrameSummary objects or of old-style
        (filename, lineno, name, line) tuples.
        """
        result = StackSummary()
        for frame in a_list:
            if isinstance(frame, FrameSummary):
                result.append(frame)
            else:
                filename, lineno, name, line = frame
                result.append(FrameSummary(filename, lineno, name, line=line))
        return result

    def append(self, frame):
        """Add a FrameSummary, or a (filename, lineno, name, line) tuple, at the end."""
        self._frames.append(frame)

    def __iter__(self):
        return iter(self._frames)

    def __len__(self):
        return len(self._frames)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return StackSummary(self._frames[index])
        return self._frames[index]

    def __eq__(self, other):
        if isinstance(other, StackSummary):
            other = other._frames
        return self._frames == list(other)

    def __repr__(self):
        return repr(self._frames)

    def reverse(self):
        """Turn the summary's order of frames around, in place."""
        self._frames.reverse()

    @classmethod
    def extract(klass, frame_gen, *, limit=None, lookup_lines=True, capture_locals=False):
        """A StackSummary of the (frame, lineno) pairs of frame_gen, as it gives them."""
        if limit is None:
            limit = getattr(sys, 'tracebacklimit', None)
            if limit is not None and limit < 0:
                limit = 0
        pairs = []
        for pair in frame_gen:
            if limit is not None and limit >= 0 and len(pairs) >= limit:
                break
            pairs.append(pair)
        if limit is not None and limit < 0:
            pairs = pairs[limit:]
        result = klass()
        for f, lineno in pairs:
            co = f.f_code
            filename = co.co_filename
            f_locals = f.f_locals if capture_locals else None
            if f_locals is not None:
                f_locals = {k: repr(v) for k, v in f_locals.items()}
            result.append(FrameSummary(filename, lineno, co.co_name,
                                       line=_traceback.line(filename, lineno),
                                       locals=f_locals))
        return result

    def format_frame_summary(self, frame_summary):
        """The lines that print one frame of the stack, as one str ending with a
        newline; subclasses may override it to change how frames look.
        """
        row = ['  File "{}", line {}, in {}\n'.format(
            frame_summary.filename, frame_summary.lineno, frame_summary.name)]
        if frame_summary.line:
            row.append('    {}\n'.format(frame_summary.line.strip()))
            marks = getattr(frame_summary, '_marks', None)
            if marks:
                row.append(marks + '\n')
        return ''.join(row)

    def format(self):
        """The frames as CPython prints them, one string per frame."""
        result = []
        last = None
        count = 0
        for frame in self._frames:
            key = (frame.filename, frame.lineno, frame.name)
            if last is None or last != key:
                if count > _RECURSIVE_CUTOFF:
                    count -= _RECURSIVE_CUTOFF
                    result.append('  [Previous line repeated {} more time{}]\n'.format(
                        count, 's' if count > 1 else ''))
                last = key
                count = 0
            count += 1
            if count > _RECURSIVE_CUTOFF:
                continue
            result.append(self.format_frame_summary(frame))
        if count > _RECURSIVE_CUTOFF:
            count -= _RECURSIVE_CUTOFF
            result.append('  [Previous line repeated {} more time{}]\n'.format(
                count, 's' if count > 1 else ''))
        return result


def _limited(frames, limit):
    if limit is None:
        limit = getattr(sys, 'tracebacklimit', None)
        if limit is not None and limit < 0:
            limit = 0
    if limit is None:
        return frames
    if limit >= 0:
        return frames[:limit]
    return frames[limit:]


def _frames_of(exc, limit=None):
    """The frames of an exception's traceback (or of a traceback object's)."""
    if not isinstance(exc, BaseException) and type(exc).__name__ != 'traceback':
        return StackSummary()
    frames = []
    for f, n, name, line, marks in _traceback.frames(exc):
        frame = FrameSummary(f, n, name, line=line)
        frame._marks = marks
        frames.append(frame)
    return StackSummary(_limited(frames, limit))


def _type_name(etype):
    qualname = getattr(etype, '__qualname__', None) or getattr(etype, '__name__', str(etype))
    module = getattr(etype, '__module__', None)
    if module not in ('__main__', 'builtins', None):
        return module + '.' + qualname
    return qualname


def _safe_str(value):
    try:
        return str(value)
    except BaseException:
        return '<exception str() failed>'


def _exception_only(etype, value):
    if etype is None:
        return ['NoneType: None\n']
    stype = _type_name(etype)
    if value is None:
        return [stype + '\n']
    if isinstance(value, SyntaxError):
        lines = []
        filename = value.filename or '<string>'
        lineno = value.lineno
        if lineno is not None:
            lines.append('  File "{}", line {}\n'.format(filename, lineno))
        text = value.text
        if text is not None:
            rtext = text.rstrip('\n')
            ltext = rtext.lstrip(' \n\f')
            spaces = len(rtext) - len(ltext)
            lines.append('    {}\n'.format(ltext))
            offset = value.offset
            if offset is not None:
                end_offset = getattr(value, 'end_offset', None) or offset
                if end_offset == offset or end_offset <= 0:
                    end_offset = offset + 1
                col = offset - 1 - spaces
                if col >= 0:
                    caret = ' ' * col + '^' * (end_offset - offset)
                    lines.append('    {}\n'.format(caret))
        msg = value.msg or '<no detail available>'
        lines.append('{}: {}\n'.format(stype, msg))
        return lines
    text = _safe_str(value)
    if text:
        lines = ['{}: {}\n'.format(stype, text)]
    else:
        lines = ['{}\n'.format(stype)]
    notes = getattr(value, '__notes__', None)
    if notes is not None:
        for note in notes:
            lines.append(_safe_str(note) + '\n')
    return lines


def _args(exc, value, tb):
    """Accept both format_exception(exc) and format_exception(type, value, tb)."""
    if value is _sentinel and tb is _sentinel:
        if exc is None:
            return None, None, None
        if not isinstance(exc, BaseException):
            raise TypeError('Exception expected for value, %s found' % type(exc).__name__)
        return type(exc), exc, exc.__traceback__
    if value is _sentinel or tb is _sentinel:
        raise ValueError('Both or neither of value and tb must be given')
    if value is None:
        return exc, None, None
    return type(value), value, tb


def format_exception_only(exc, /, value=_sentinel):
    """The last lines of a report: 'Type: message' (and the caret lines of a SyntaxError)."""
    if value is _sentinel:
        value = exc
        exc = type(value) if value is not None else None
    elif value is not None:
        exc = type(value)
    return _exception_only(exc, value)


def _emit(ctx, texts, out, margin='|'):
    """Appends texts, behind the '| ' margin of the exception group being printed."""
    if ctx[0] == 0:
        out.extend(texts)
        return
    prefix = ' ' * (2 * ctx[0]) + margin + ' '
    for text in texts:
        out.append(''.join(prefix + line for line in text.splitlines(True)))


def _format(etype, value, tb, limit, chain, seen, ctx=None):
    # ctx: [exception group depth, whether the last box still needs closing]
    if ctx is None:
        ctx = [0, False]
    out = []
    if value is None:
        return _exception_only(etype, value)
    seen.add(id(value))
    if chain:
        cause = value.__cause__
        context = value.__context__
        if cause is not None and id(cause) not in seen:
            out.extend(_format(type(cause), cause, cause.__traceback__, limit, chain, seen, ctx))
            _emit(ctx, [_cause_message], out)
        elif (context is not None and not value.__suppress_context__
              and id(context) not in seen):
            out.extend(_format(type(context), context, context.__traceback__,
                               limit, chain, seen, ctx))
            _emit(ctx, [_context_message], out)
    frames = _frames_of(tb, limit) if tb is not None else []
    if not isinstance(value, BaseExceptionGroup):
        lines = []
        if len(frames):
            lines.append('Traceback (most recent call last):\n')
            lines.extend(frames.format())
        lines.extend(_exception_only(etype, value))
        _emit(ctx, lines, out)
        return out
    if ctx[0] > _MAX_GROUP_DEPTH:
        _emit(ctx, ['... (max_group_depth is %d)\n' % _MAX_GROUP_DEPTH], out)
        return out
    toplevel = ctx[0] == 0
    if toplevel:
        ctx[0] += 1
    if len(frames):
        _emit(ctx, ['Exception Group Traceback (most recent call last):\n'], out,
              '+' if toplevel else '|')
        _emit(ctx, frames.format(), out)
    _emit(ctx, _exception_only(etype, value), out)
    excs = value.exceptions
    n = min(len(excs), _MAX_GROUP_WIDTH + 1)
    ctx[1] = False
    for i in range(n):
        last = i == n - 1
        if last:
            ctx[1] = True
        truncated = i >= _MAX_GROUP_WIDTH
        title = '...' if truncated else str(i + 1)
        out.append(' ' * (2 * ctx[0]) + ('+-' if i == 0 else '  ')
                   + '+---------------- %s ----------------\n' % title)
        ctx[0] += 1
        if truncated:
            more = len(excs) - _MAX_GROUP_WIDTH
            _emit(ctx, ['and %d more exception%s\n' % (more, 's' if more > 1 else '')], out)
        else:
            e = excs[i]
            out.extend(_format(type(e), e, e.__traceback__, limit, chain, seen, ctx))
        if last and ctx[1]:
            out.append(' ' * (2 * ctx[0]) + '+------------------------------------\n')
            ctx[1] = False
        ctx[0] -= 1
    if toplevel:
        ctx[0] = 0
    return out


_MAX_GROUP_WIDTH = 15
_MAX_GROUP_DEPTH = 10


def format_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, chain=True):
    """The report of an exception as a list of strings, each ending in a newline."""
    etype, value, tb = _args(exc, value, tb)
    return _format(etype, value, tb, limit, chain, set())


def print_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, file=None,
                    chain=True):
    """Print the report of an exception to file (sys.stderr by default)."""
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(line, file=file, end='')


def format_exc(limit=None, chain=True):
    """The report of the exception being handled, as one string."""
    etype, value, tb = sys.exc_info()
    if value is None:
        return 'NoneType: None\n'
    return ''.join(_format(etype, value, tb, limit, chain, set()))


def print_exc(limit=None, file=None, chain=True):
    """Print the report of the exception being handled (to sys.stderr by default)."""
    if file is None:
        file = sys.stderr
    print(format_exc(limit, chain), file=file, end='')


def print_last(limit=None, file=None, chain=True):
    """Print the last exception that reached the interactive prompt (sys.last_type,
    sys.last_value and sys.last_traceback), as print_exception() would.
    """
    if not hasattr(sys, 'last_type'):
        raise ValueError('no last exception')
    print_exception(sys.last_type, sys.last_value, sys.last_traceback, limit, file, chain)


def extract_tb(tb, limit=None):
    """The frames of traceback tb as a StackSummary, outermost first."""
    if tb is None:
        return StackSummary()
    return _frames_of(tb, limit)


def format_tb(tb, limit=None):
    """The formatted lines of a traceback, as format_list(extract_tb(tb, limit))
    gives them.
    """
    return extract_tb(tb, limit).format()


def print_tb(tb, limit=None, file=None):
    """Print at most limit entries of the traceback, from its start, to file
    (sys.stderr by default).
    """
    if file is None:
        file = sys.stderr
    for item in format_tb(tb, limit):
        print(item, file=file, end='')


def format_list(extracted_list):
    """The lines that print a list of frames (a StackSummary, or tuples as
    extract_tb() and extract_stack() give), each a str ending with a newline.
    """
    return StackSummary.from_list(extracted_list).format()


def print_list(extracted_list, file=None):
    if file is None:
        file = sys.stderr
    for item in format_list(extracted_list):
        print(item, file=file, end='')


def walk_tb(tb):
    """Yield (frame, lineno) for each entry of traceback tb, following tb_next."""
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def walk_stack(f):
    """Yield (frame, lineno) for f and each frame it was called from.

    With f None, the walk starts four frames out from the generator itself, as CPython's."""
    if f is None:
        f = sys._getframe().f_back.f_back.f_back.f_back
    while f is not None:
        yield f, f.f_lineno
        f = f.f_back


def extract_stack(f=None, limit=None):
    """The frames from f (the caller by default) outwards, as a StackSummary, outermost first."""
    if f is None:
        f = sys._getframe().f_back
    stack = StackSummary.extract(walk_stack(f), limit=limit)
    stack.reverse()
    return stack


def format_stack(f=None, limit=None):
    """The lines format_list makes of extract_stack(f, limit)."""
    if f is None:
        f = sys._getframe().f_back
    return format_list(extract_stack(f, limit=limit))


def print_stack(f=None, limit=None, file=None):
    """Print the stack from f (the caller by default) outwards, outermost first."""
    if f is None:
        f = sys._getframe().f_back
    print_list(extract_stack(f, limit=limit), file=file)


def clear_frames(tb):
    """Let go of the variables of each frame of traceback tb."""
    while tb is not None:
        tb.tb_frame.clear()
        tb = tb.tb_next


class TracebackException(object):
    """An exception captured for later formatting: stack, exc_type, cause and context."""

    def __init__(self, exc_type, exc_value, exc_traceback, *, limit=None,
                 lookup_lines=True, capture_locals=False, compact=False,
                 max_group_width=15, max_group_depth=10, _seen=None):
        if _seen is None:
            _seen = set()
        if exc_value is not None:
            _seen.add(id(exc_value))
        self.exc_type = exc_type
        self._value = exc_value
        self._has_tb = exc_traceback is not None
        self.stack = _frames_of(exc_traceback, limit) if self._has_tb else StackSummary()
        self._str = _safe_str(exc_value)
        self.__notes__ = getattr(exc_value, '__notes__', None)
        self.__cause__ = None
        self.__context__ = None
        self.__suppress_context__ = bool(exc_value is not None
                                         and exc_value.__suppress_context__)
        if exc_value is not None:
            cause = exc_value.__cause__
            if cause is not None and id(cause) not in _seen:
                self.__cause__ = TracebackException(type(cause), cause, cause.__traceback__,
                                                    limit=limit, _seen=_seen)
            context = exc_value.__context__
            if context is not None and id(context) not in _seen:
                self.__context__ = TracebackException(type(context), context,
                                                      context.__traceback__,
                                                      limit=limit, _seen=_seen)
        if isinstance(exc_value, SyntaxError):
            self.filename = exc_value.filename
            self.lineno = exc_value.lineno
            self.text = exc_value.text
            self.offset = exc_value.offset
            self.msg = exc_value.msg

    @classmethod
    def from_exception(cls, exc, *args, **kwargs):
        """Make a TracebackException from an exception object."""
        return cls(type(exc), exc, exc.__traceback__, *args, **kwargs)

    def __eq__(self, other):
        if isinstance(other, TracebackException):
            return self.__dict__ == other.__dict__
        return NotImplemented

    def __str__(self):
        return self._str

    def format_exception_only(self):
        """The lines that print the exception itself (its type and message, the
        syntax error's line and caret), without its traceback; each ends with a
        newline.
        """
        for line in _exception_only(self.exc_type, self._value):
            yield line

    def format(self, *, chain=True):
        """The lines that print the exception and its traceback, with the chained
        exceptions before it when chain is true; each ends with a newline.
        """
        out = []
        if chain:
            if self.__cause__ is not None:
                out.extend(self.__cause__.format(chain=chain))
                out.append(_cause_message)
            elif self.__context__ is not None and not self.__suppress_context__:
                out.extend(self.__context__.format(chain=chain))
                out.append(_context_message)
        if self._has_tb and len(self.stack):
            out.append('Traceback (most recent call last):\n')
            out.extend(self.stack.format())
        out.extend(_exception_only(self.exc_type, self._value))
        for line in out:
            yield line
