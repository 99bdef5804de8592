"""`sys.asyncgen_hooks`: what `sys.get_asyncgen_hooks()` returns, a pair with named fields
(a struct sequence in CPython)."""


class asyncgen_hooks(tuple):
    """Asynchronous generator hooks: the firstiter and finalizer callables."""

    __slots__ = ()
    n_fields = 2
    n_sequence_fields = 2
    n_unnamed_fields = 0

    def __new__(cls, firstiter=None, finalizer=None):
        return tuple.__new__(cls, (firstiter, finalizer))

    @property
    def firstiter(self):
        """Hook to intercept first iteration"""
        return self[0]

    @property
    def finalizer(self):
        """Hook to intercept finalization"""
        return self[1]

    def __repr__(self):
        return "asyncgen_hooks(firstiter=%r, finalizer=%r)" % (self[0], self[1])


asyncgen_hooks.__module__ = "sys"
