"""Warnings: `warn`, the filters (`simplefilter`, `filterwarnings`, `resetwarnings`),
`catch_warnings`, `showwarning` and `formatwarning`, with CPython 3.11's default filters,
actions and output ("file:line: Category: message" and the source line, on stderr).

`warn` itself is native (`_warnings.warn`): it knows the line that called it. It places the
warning there whatever `stacklevel` says."""

import sys
from _warnings import _source_line, warn

__all__ = [
    "warn",
    "warn_explicit",
    "showwarning",
    "formatwarning",
    "filterwarnings",
    "simplefilter",
    "resetwarnings",
    "catch_warnings",
]

_ACTIONS = ("error", "ignore", "always", "default", "module", "once")

filters = [
    ("default", None, DeprecationWarning, "__main__", 0),
    ("ignore", None, DeprecationWarning, None, 0),
    ("ignore", None, PendingDeprecationWarning, None, 0),
    ("ignore", None, ImportWarning, None, 0),
    ("ignore", None, ResourceWarning, None, 0),
]
defaultaction = "default"
onceregistry = {}
# Per module: the (text, category, lineno) keys already shown, and the filters' version
# they were recorded under (a filter change forgets them, as in CPython).
_registries = {}
_filters_version = 1


def _filters_mutated():
    global _filters_version
    _filters_version += 1


def _add_filter(item, append):
    if not append:
        try:
            filters.remove(item)
        except ValueError:
            pass
        filters.insert(0, item)
    elif item not in filters:
        filters.append(item)
    _filters_mutated()


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    """Adds a filter: `message` and `module` are regular expressions matched at the start of
    the warning's text and module name."""
    assert action in _ACTIONS, f"invalid action: {action!r}"
    assert isinstance(message, str), "message must be a string"
    assert isinstance(category, type), "category must be a class"
    assert issubclass(category, Warning), "category must be a Warning subclass"
    assert isinstance(module, str), "module must be a string"
    assert isinstance(lineno, int) and lineno >= 0, "lineno must be an int >= 0"
    if message or module:
        import re

        message = re.compile(message, re.I) if message else None
        module = re.compile(module) if module else None
    else:
        message = module = None
    _add_filter((action, message, category, module, lineno), append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    """Adds a filter that matches every message and module."""
    assert action in _ACTIONS, f"invalid action: {action!r}"
    assert isinstance(lineno, int) and lineno >= 0, "lineno must be an int >= 0"
    _add_filter((action, None, category, None, lineno), append)


def resetwarnings():
    """Removes every filter, the default ones included."""
    filters[:] = []
    _filters_mutated()


class WarningMessage:
    _WARNING_DETAILS = ("message", "category", "filename", "lineno", "file", "line", "source")

    def __init__(self, message, category, filename, lineno, file=None, line=None, source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return (
            f"{{message : {self.message!r}, category : {self._category_name!r}, "
            f"filename : {self.filename!r}, lineno : {self.lineno}, line : {self.line!r}}}"
        )


def formatwarning(message, category, filename, lineno, line=None):
    """The text `showwarning` prints: "file:line: Category: message", then the source line."""
    text = f"{filename}:{lineno}: {category.__name__}: {message}\n"
    if line is None:
        line = _source_line(filename, lineno)
    if line:
        text += f"  {line.strip()}\n"
    return text


def _formatwarnmsg(msg):
    return formatwarning(msg.message, msg.category, msg.filename, msg.lineno, msg.line)


def showwarning(message, category, filename, lineno, file=None, line=None):
    """Writes a warning to `file` (sys.stderr by default)."""
    msg = WarningMessage(message, category, filename, lineno, file, line)
    _showwarnmsg(msg)


_showwarning_orig = showwarning


def _showwarnmsg(msg):
    if showwarning is not _showwarning_orig:
        if not callable(showwarning):
            raise TypeError("warnings.showwarning() must be set to a function or method")
        showwarning(msg.message, msg.category, msg.filename, msg.lineno, msg.file, msg.line)
        return
    file = msg.file if msg.file is not None else sys.stderr
    if file is None:
        return
    try:
        file.write(_formatwarnmsg(msg))
    except OSError:
        pass


def _module_of(filename):
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) == filename:
            return name
    if filename.startswith("<"):
        return "__main__"
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    for ending in (".py", ".mp"):
        if base.endswith(ending):
            return base[: -len(ending)]
    return base or "<unknown>"


def _warn_at(message, category, filename, lineno, source=None):
    """What `warn` does once it knows where it was called from."""
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError(
            f"category must be a Warning subclass, not '{type(category).__name__}'"
        )
    module = _module_of(filename)
    registry = _registries.setdefault(module, {})
    warn_explicit(message, category, filename, lineno, module, registry, None, source)


def _matches(pattern, text):
    # A filter's message or module: None matches anything, a str only itself (the default
    # filters' "__main__"), a compiled pattern what it matches at the start.
    if pattern is None:
        return True
    if isinstance(pattern, str):
        return pattern == text
    return pattern.match(text) is not None


def warn_explicit(
    message,
    category,
    filename,
    lineno,
    module=None,
    registry=None,
    module_globals=None,
    source=None,
):
    """Applies the filters to a warning whose place is given, and shows or raises it."""
    lineno = int(lineno)
    if module is None:
        module = filename or "<unknown>"
        if module.lower().endswith(".py"):
            module = module[:-3]
    if registry is None:
        registry = {}
    if registry.get("version", 0) != _filters_version:
        registry.clear()
        registry["version"] = _filters_version
    if isinstance(message, Warning):
        text = str(message)
        category = message.__class__
    else:
        text = message
        message = category(message)
    key = (text, category, lineno)
    if registry.get(key):
        return
    for item in filters:
        action, msg, cat, mod, ln = item
        if (
            _matches(msg, text)
            and issubclass(category, cat)
            and _matches(mod, module)
            and (ln == 0 or lineno == ln)
        ):
            break
    else:
        action = defaultaction
    if action == "ignore":
        return
    if action == "error":
        raise message
    if action == "once":
        registry[key] = 1
        once_key = (text, category)
        if onceregistry.get(once_key):
            return
        onceregistry[once_key] = 1
    elif action == "module":
        registry[key] = 1
        module_key = (text, category, 0)
        if registry.get(module_key):
            return
        registry[module_key] = 1
    elif action == "default":
        registry[key] = 1
    elif action != "always":
        raise RuntimeError(f"Unrecognized action ({action!r}) in warnings.filters:\n {item}")
    _showwarnmsg(WarningMessage(message, category, filename, lineno, source=source))


class catch_warnings:
    """Saves the filters and `showwarning` on entry and puts them back on exit. With
    `record=True` the `with` target is a list that collects each warning as a
    WarningMessage instead of printing it."""

    def __init__(self, *, record=False, module=None, action=None, category=Warning, lineno=0, append=False):
        self._record = record
        self._module = sys.modules["warnings"] if module is None else module
        self._entered = False
        if action is None:
            self._filter = None
        else:
            self._filter = (action, category, lineno, append)

    def __repr__(self):
        args = []
        if self._record:
            args.append("record=True")
        if self._module is not sys.modules["warnings"]:
            args.append(f"module={self._module!r}")
        return f"{type(self).__name__}({', '.join(args)})"

    def __enter__(self):
        if self._entered:
            raise RuntimeError(f"Cannot enter {self!r} twice")
        self._entered = True
        m = self._module
        self._filters = m.filters
        m.filters = self._filters[:]
        m._filters_mutated()
        self._showwarning = m.showwarning
        self._showwarnmsg_impl = m._showwarnmsg
        if self._filter is not None:
            simplefilter(*self._filter)
        if self._record:
            log = []

            def record(msg):
                log.append(msg)

            m._showwarnmsg = record
            m.showwarning = m._showwarning_orig
            return log
        return None

    def __exit__(self, *exc_info):
        if not self._entered:
            raise RuntimeError(f"Cannot exit {self!r} without entering first")
        m = self._module
        m.filters = self._filters
        m._filters_mutated()
        m.showwarning = self._showwarning
        m._showwarnmsg = self._showwarnmsg_impl


def _option_category(name):
    import builtins

    category = getattr(builtins, name, None) if name else Warning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise _OptionError(f"invalid warning category: {name!r}")
    return category


class _OptionError(Exception):
    pass


def _process_option(option):
    """One `-W action:message:category:module:lineno` option."""
    parts = [p.strip() for p in option.split(":")]
    if len(parts) > 5:
        raise _OptionError(f"too many fields (max 5): {option!r}")
    parts += [""] * (5 - len(parts))
    action, message, category, module, lineno = parts
    matches = [a for a in _ACTIONS if a.startswith(action)] if action else ["default"]
    if len(matches) != 1:
        raise _OptionError(f"invalid action: {action!r}")
    try:
        line = int(lineno) if lineno else 0
    except ValueError:
        raise _OptionError(f"invalid lineno {lineno!r}") from None
    if line < 0:
        raise _OptionError(f"invalid lineno {lineno!r}")
    import re

    module = (re.escape(module) + r"\Z") if module else ""
    filterwarnings(matches[0], re.escape(message), _option_category(category), module, line)


for _option in sys.warnoptions:
    try:
        _process_option(_option)
    except _OptionError as _error:
        sys.stderr.write(f"Invalid -W option ignored: {_error}\n")
