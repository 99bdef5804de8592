"""Importing modules by name at run time (the everyday part of CPython's importlib)."""

__all__ = ["import_module", "invalidate_caches", "reload"]


def import_module(name, package=None):
    """Import the module `name` and return it (not its top-level package, as `import a.b`
    binds). A relative name (starting with dots) is resolved against `package`."""
    level = 0
    if name.startswith("."):
        if not package:
            raise TypeError(
                "the 'package' argument is required to perform a relative import for "
                + repr(name)
            )
        level = len(name) - len(name.lstrip("."))
    globals = {"__package__": package, "__name__": package}
    return __import__(name[level:], globals, None, ["__name__"], level)


def invalidate_caches():
    """Nothing to do: minipy keeps no finder caches, so new files are always seen."""


def reload(module):
    """Run the module's code again, found anew on sys.path (or its package's __path__), in
    the module's own namespace, and return the module (as sys.modules then holds it)."""
    import _imp
    return _imp.reload(module)
