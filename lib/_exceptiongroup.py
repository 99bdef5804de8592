"""The built-in exception groups (PEP 654): BaseExceptionGroup and ExceptionGroup, and the
steps the compiler's `except*` calls. Imported on the first use of either name or of
`except*`; puts both classes into the builtins."""

import builtins as _builtins


def _condition(cond):
    """A predicate on exceptions from a type, a tuple of types or a function."""
    if isinstance(cond, type) and issubclass(cond, BaseException):
        return lambda e: isinstance(e, cond)
    if isinstance(cond, tuple) and all(
        isinstance(c, type) and issubclass(c, BaseException) for c in cond
    ):
        return lambda e: isinstance(e, cond)
    if callable(cond) and not isinstance(cond, type):
        return cond
    raise TypeError("expected a function, exception type or tuple of exception types")


def _copy_metadata(src, dst):
    for name in ("__traceback__", "__cause__", "__context__"):
        try:
            setattr(dst, name, getattr(src, name))
        except (AttributeError, TypeError):
            pass
    notes = getattr(src, "__notes__", None)
    if notes is not None:
        dst.__notes__ = list(notes)
    return dst


class BaseExceptionGroup(BaseException):
    __module__ = "builtins"

    def __new__(cls, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{cls.__name__} does not take keyword arguments")
        if len(args) != 2:
            raise TypeError(
                f"BaseExceptionGroup.__new__() takes exactly 2 arguments ({len(args)} given)"
            )
        message, excs = args
        if not isinstance(message, str):
            raise TypeError(
                f"BaseExceptionGroup.__new__() argument 1 must be str, not {type(message).__name__}"
            )
        if isinstance(excs, (set, frozenset, dict)) or not hasattr(excs, "__getitem__"):
            raise TypeError("second argument (exceptions) must be a sequence")
        excs = tuple(excs)
        if not excs:
            raise ValueError("second argument (exceptions) must be a non-empty sequence")
        all_exceptions = True
        for i, e in enumerate(excs):
            if not isinstance(e, BaseException):
                raise ValueError(f"Item {i} of second argument (exceptions) is not an exception")
            if not isinstance(e, Exception):
                all_exceptions = False
        if cls is BaseExceptionGroup:
            if all_exceptions:
                cls = ExceptionGroup
        elif issubclass(cls, Exception) and not all_exceptions:
            if cls is ExceptionGroup:
                raise TypeError("Cannot nest BaseExceptions in an ExceptionGroup")
            raise TypeError(f"Cannot nest BaseExceptions in '{cls.__name__}'")
        self = super().__new__(cls, *args)
        self._message = message
        self._exceptions = excs
        return self

    def __init__(self, *args, **kwargs):
        super().__init__(*args)

    @property
    def message(self):
        return self._message

    @property
    def exceptions(self):
        return self._exceptions

    def __str__(self):
        n = len(self._exceptions)
        return f"{self._message} ({n} sub-exception{'s' if n > 1 else ''})"

    def derive(self, excs):
        return BaseExceptionGroup(self._message, excs)

    def split(self, condition):
        cond = _condition(condition)
        if cond(self):
            return self, None
        matched, rest = [], []
        for e in self._exceptions:
            if isinstance(e, BaseExceptionGroup):
                m, r = e.split(cond)
                if m is not None:
                    matched.append(m)
                if r is not None:
                    rest.append(r)
            elif cond(e):
                matched.append(e)
            else:
                rest.append(e)
        m = _copy_metadata(self, self.derive(matched)) if matched else None
        r = _copy_metadata(self, self.derive(rest)) if rest else None
        return m, r

    def subgroup(self, condition):
        return self.split(condition)[0]

    def __class_getitem__(cls, item):
        return cls


class ExceptionGroup(BaseExceptionGroup, Exception):
    __module__ = "builtins"


_builtins.BaseExceptionGroup = BaseExceptionGroup
_builtins.ExceptionGroup = ExceptionGroup


# --- except* -------------------------------------------------------------------------------

_STAR_REFUSED = "catching ExceptionGroup with except* is not allowed. Use except instead."


class _StarState:
    """One run of the handlers of a `try` with `except*` clauses."""

    def __init__(self, exc):
        self.orig = exc
        self.naked = not isinstance(exc, BaseExceptionGroup)
        self.rest = exc
        self.match = None
        self.matched_any = False
        self.raised = []
        self.reraised = []


def _star_begin(exc):
    return _StarState(exc)


def _check_star_type(kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if not (isinstance(k, type) and issubclass(k, BaseException)):
            raise TypeError(
                "catching classes that do not inherit from BaseException is not allowed"
            )
        if issubclass(k, BaseExceptionGroup):
            raise TypeError(_STAR_REFUSED)


def _star_match(state, kind):
    _check_star_type(kind)
    if state.rest is None:
        return None
    if state.naked:
        if not isinstance(state.rest, kind):
            return None
        m = BaseExceptionGroup("", (state.rest,))
        _copy_metadata(state.rest, m)
        state.rest = None
    else:
        m, state.rest = state.rest.split(kind)
        if m is None:
            return None
    state.matched_any = True
    state.match = m
    return m


def _star_raised(state, e):
    if e is state.orig or e is state.match:
        state.reraised.append(state.match)
    else:
        state.raised.append(e)
    return state


def _leaves(e, out):
    if isinstance(e, BaseExceptionGroup):
        for x in e.exceptions:
            _leaves(x, out)
    else:
        out.add(id(e))


def _star_end(state):
    if state.naked:
        if not state.matched_any:
            return state.orig
        if state.raised:
            return state.raised[0]
        if state.reraised:
            return state.reraised[0]
        return None
    keep = list(state.reraised)
    if state.rest is not None:
        keep.append(state.rest)
    kept = None
    if keep:
        ids = set()
        for k in keep:
            _leaves(k, ids)
        kept = state.orig.split(lambda leaf: id(leaf) in ids)[0]
    if not state.raised:
        return kept
    excs = list(state.raised)
    if kept is not None:
        excs.append(kept)
    return BaseExceptionGroup("", excs)
