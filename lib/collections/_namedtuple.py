"""namedtuple: tuple-like classes whose items are also named attributes.

A namedtuple class is a subclass of tuple with no instance dict (`__slots__ = ()`): the
tuple protocol (indexing, slicing, unpacking, len, ==, hash, `%` formatting) is tuple's own,
and each field is a property reading one item.
"""

import sys as _sys

_KEYWORDS = frozenset([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
    'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
    'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return',
    'try', 'while', 'with', 'yield',
])


_tuple_new = tuple.__new__


class _tuplegetter:
    # The descriptor of one field: reads item `index` of the tuple; read-only. (No
    # docstring: `__doc__` is a slot, holding the field's own doc.)

    __slots__ = ("_index", "__doc__")

    def __init__(self, index, doc):
        self._index = index
        self.__doc__ = doc

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return obj[self._index]

    def __set__(self, obj, value):
        raise AttributeError("can't set attribute")

    def __delete__(self, obj):
        raise AttributeError("can't delete attribute")

    def __repr__(self):
        return "%s(%d, %r)" % (type(self).__name__, self._index, self.__doc__)

    def __reduce__(self):
        return type(self), (self._index, self.__doc__)


# Named as CPython names it, so pickle finds it as _collections._tuplegetter.
_tuplegetter.__module__ = "_collections"


def _repr(self):
    return "%s(%s)" % (type(self).__name__, ", ".join(
        "%s=%r" % (name, value) for name, value in zip(self._fields, self)))


def _asdict(self):
    """The fields and their values as a new dict, in field order."""
    return dict(zip(self._fields, self))


def _replace(self, /, **kwargs):
    """Return a new namedtuple object replacing specified fields with new values"""
    result = self._make(map(kwargs.pop, self._fields, self))
    if kwargs:
        raise ValueError("Got unexpected field names: %r" % list(kwargs))
    return result


def _getnewargs(self):
    """The values as a plain tuple, for copy and pickle to rebuild the instance."""
    return tuple(self)


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

    def __new__(_cls, *args, **kwargs):
        if len(args) > nfields:
            if field_defaults:
                raise TypeError("%s takes from %d to %d positional arguments but %d were given"
                                % (where, nfields - len(field_defaults) + 1, nfields + 1,
                                   len(args) + 1))
            raise TypeError("%s takes %d positional arguments but %d were given"
                            % (where, nfields + 1, len(args) + 1))
        values = args
        if kwargs or len(args) < nfields:
            values = list(args)
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
        return _tuple_new(_cls, values)

    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(result)))
        return result

    namespace = {
        "__doc__": "%s(%s)" % (typename, ", ".join(fields)),
        "__slots__": (),
        "__new__": __new__,
        "_make": classmethod(_make),
        "_replace": _replace,
        "__repr__": _repr,
        "_asdict": _asdict,
        "__getnewargs__": _getnewargs,
        "_fields": fields,
        "_field_defaults": field_defaults,
        "__match_args__": fields,
        "__module__": module if module is not None else "__main__",
    }
    for index, name in enumerate(fields):
        namespace[name] = _tuplegetter(index, "Alias for field number %d" % index)
    return type(typename, (tuple,), namespace)
