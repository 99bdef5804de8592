"""namedtuple: tuple-like classes whose items are also named attributes.

minipy cannot yet subclass tuple, so a namedtuple class derives from a plain base class
that keeps the values in a real tuple and forwards the tuple protocol to it (indexing,
slicing, unpacking, len, iteration, comparisons and hashing like the tuple's, equality with
plain tuples). isinstance(p, tuple) is False until tuple can be subclassed.
"""

import operator as _operator
import sys as _sys

_KEYWORDS = frozenset([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
    'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
    'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return',
    'try', 'while', 'with', 'yield',
])


def _as_tuple(obj):
    if isinstance(obj, tuple):
        return obj
    if isinstance(obj, _TupleBase):
        return obj._tuple_
    return None


class _TupleBase:
    """The tuple protocol over self._tuple_."""

    def __getitem__(self, index):
        return self._tuple_[index]

    def __len__(self):
        return len(self._tuple_)

    def __iter__(self):
        return iter(self._tuple_)

    def __reversed__(self):
        return reversed(self._tuple_)

    def __contains__(self, value):
        return value in self._tuple_

    def __hash__(self):
        return hash(self._tuple_)

    def __eq__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ == other

    def __ne__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ != other

    def __lt__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ < other

    def __le__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ <= other

    def __gt__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ > other

    def __ge__(self, other):
        other = _as_tuple(other)
        if other is None:
            return NotImplemented
        return self._tuple_ >= other

    def __add__(self, other):
        other_t = _as_tuple(other)
        if other_t is None:
            return NotImplemented
        return self._tuple_ + other_t

    def __radd__(self, other):
        other_t = _as_tuple(other)
        if other_t is None:
            return NotImplemented
        return other_t + self._tuple_

    def __mul__(self, n):
        return self._tuple_ * n

    __rmul__ = __mul__

    def __bool__(self):
        return len(self._tuple_) != 0

    def count(self, value):
        return self._tuple_.count(value)

    def index(self, value, *args):
        return self._tuple_.index(value, *args)

    def __repr__(self):
        fields = type(self)._fields
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (name, value) for name, value in zip(fields, self._tuple_)))

    def __setattr__(self, name, value):
        if name in type(self)._fields:
            raise AttributeError("can't set attribute")
        if type(self)._namedtuple_class_ is type(self):
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if name in type(self)._fields:
            raise AttributeError("can't delete attribute")
        object.__delattr__(self, name)

    def _asdict(self):
        return dict(zip(self._fields, self._tuple_))

    def _replace(self, **kwargs):
        values = [kwargs.pop(name, value) for name, value in zip(self._fields, self._tuple_)]
        if kwargs:
            raise ValueError("Got unexpected field names: %r" % list(kwargs))
        new = object.__new__(type(self))
        object.__setattr__(new, "_tuple_", tuple(values))
        return new

    def __getnewargs__(self):
        return self._tuple_

    def __deepcopy__(self, memo):
        import copy
        new = object.__new__(type(self))
        object.__setattr__(new, "_tuple_", copy.deepcopy(self._tuple_, memo))
        return new


def _list_names(names):
    if len(names) == 1:
        return repr(names[0])
    if len(names) == 2:
        return "%r and %r" % (names[0], names[1])
    return ", ".join(map(repr, names[:-1])) + ", and %r" % names[-1]


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """Returns a new tuple-like class named typename with named fields."""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = list(map(str, field_names))
    typename = _sys.intern(str(typename)) if hasattr(_sys, "intern") else str(typename)

    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not name.isidentifier() or name in _KEYWORDS or name.startswith("_")
                    or name in seen):
                field_names[index] = "_%d" % index
            seen.add(name)

    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError("Type names and field names must be strings")
        if not name.isidentifier():
            raise ValueError("Type names and field names must be valid identifiers: %r" % name)
        if name in _KEYWORDS:
            raise ValueError("Type names and field names cannot be a keyword: %r" % name)

    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError("Field names cannot start with an underscore: %r" % name)
        if name in seen:
            raise ValueError("Encountered duplicate field name: %r" % name)
        seen.add(name)

    fields = tuple(field_names)
    nfields = len(fields)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > nfields:
            raise TypeError("Got more default values than field names")
        field_defaults = dict(zip(fields[nfields - len(defaults):], defaults))
    where = "%s.__new__()" % typename

    def __new__(cls, *args, **kwargs):
        if len(args) > nfields:
            raise TypeError("%s takes %d positional arguments but %d were given"
                            % (where, nfields + 1, len(args) + 1))
        values = list(args)
        if kwargs or len(args) < nfields:
            for name in kwargs:
                if name not in fields:
                    raise TypeError("%s got an unexpected keyword argument %r" % (where, name))
                if fields.index(name) < len(args):
                    raise TypeError("%s got multiple values for argument %r" % (where, name))
            missing = []
            for name in fields[len(args):]:
                if name in kwargs:
                    values.append(kwargs[name])
                elif name in field_defaults:
                    values.append(field_defaults[name])
                else:
                    missing.append(name)
            if missing:
                raise TypeError("%s missing %d required positional argument%s: %s"
                                % (where, len(missing), "" if len(missing) == 1 else "s",
                                   _list_names(missing)))
        self = object.__new__(cls)
        object.__setattr__(self, "_tuple_", tuple(values))
        return self

    def __init__(self, *args, **kwargs):
        pass

    def _make(cls, iterable):
        values = tuple(iterable)
        if len(values) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(values)))
        self = object.__new__(cls)
        object.__setattr__(self, "_tuple_", values)
        return self

    namespace = {
        "__doc__": "%s(%s)" % (typename, ", ".join(fields)),
        "__new__": __new__,
        "__init__": __init__,
        "_make": classmethod(_make),
        "_fields": fields,
        "_field_defaults": field_defaults,
        "__match_args__": fields,
        "__module__": module if module is not None else "__main__",
    }
    for index, name in enumerate(fields):
        namespace[name] = property(_operator.itemgetter(index),
                                   doc="Alias for field number %d" % index)
    result = type(typename, (_TupleBase,), namespace)
    result._namedtuple_class_ = result
    return result
