"""Record types as CPython's structseq types (`sys.version_info`, `os.terminal_size`,
`os.times_result`, ...): tuples whose fields are also attributes."""


def record_type(name, fields, module="sys"):
    """A tuple subclass with a property per field and `MODULE.NAME(field=value, ...)` as
    its repr; made from a sequence of exactly len(fields) values."""

    size = len(fields)

    def field(i):
        return property(lambda self: tuple.__getitem__(self, i))

    def __new__(cls, sequence, dict=None):
        values = tuple(sequence)
        if len(values) != size:
            raise TypeError(
                f"{module}.{name}() takes a {size}-sequence ({len(values)}-sequence given)"
            )
        return tuple.__new__(cls, values)

    def __repr__(self):
        pairs = ", ".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"{module}.{name}({pairs})"

    def __reduce__(self):
        return (type(self), (tuple(self),))

    namespace = {f: field(i) for i, f in enumerate(fields)}
    namespace.update(
        __module__=module,
        __new__=__new__,
        __repr__=__repr__,
        __reduce__=__reduce__,
        __slots__=(),
        __match_args__=tuple(fields),
        n_fields=size,
        n_sequence_fields=size,
        n_unnamed_fields=0,
    )
    return type(name, (tuple,), namespace)
