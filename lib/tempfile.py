"""Temporary files and directories: `gettempdir`, `mkdtemp`, `TemporaryDirectory`,
`NamedTemporaryFile` and `TemporaryFile`, with CPython's names, defaults and clean-up rules.
Names are made as CPython makes them: a prefix, eight random characters, a suffix; a name
that already exists is skipped."""

import os as _os

__all__ = [
    "NamedTemporaryFile",
    "TemporaryFile",
    "TemporaryDirectory",
    "mkdtemp",
    "mkstemp",
    "mktemp",
    "gettempdir",
    "gettempprefix",
    "template",
    "tempdir",
]

template = "tmp"
tempdir = None
TMP_MAX = 10000
_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_rng = None


def _random_name():
    global _rng
    if _rng is None:
        import random

        _rng = random.Random()
    return "".join(_rng.choice(_CHARACTERS) for _ in range(8))


def gettempprefix():
    return template


def gettempdir():
    """The directory for temporary files: `tempfile.tempdir` if set, else the first of
    $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp and the current directory that exists."""
    global tempdir
    if tempdir is None:
        candidates = [_os.environ.get(v) for v in ("TMPDIR", "TEMP", "TMP")]
        candidates += ["/tmp", "/var/tmp", "/usr/tmp", _os.getcwd()]
        for where in candidates:
            if where and _os.path.isdir(where):
                tempdir = _os.path.abspath(where)
                break
        else:
            raise FileNotFoundError(2, "No usable temporary directory found in %s" % candidates)
    return tempdir


def _parts(suffix, prefix, dir):
    suffix = "" if suffix is None else suffix
    prefix = template if prefix is None else prefix
    dir = gettempdir() if dir is None else _os.fspath(dir)
    return suffix, prefix, dir


def _names(suffix, prefix, dir):
    for _ in range(TMP_MAX):
        yield _os.path.join(dir, prefix + _random_name() + suffix)
    raise FileExistsError(17, "No usable temporary file name found")


def mkdtemp(suffix=None, prefix=None, dir=None):
    """Makes a new directory readable only by its owner and returns its absolute path; the
    caller removes it."""
    suffix, prefix, dir = _parts(suffix, prefix, dir)
    for path in _names(suffix, prefix, dir):
        try:
            _os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        return _os.path.abspath(path)


def mkstemp(suffix=None, prefix=None, dir=None, text=False):
    """Makes and opens a new file readable and writable only by its owner; returns the
    descriptor and the absolute path (the caller closes and removes it)."""
    suffix, prefix, dir = _parts(suffix, prefix, dir)
    flags = _os.O_RDWR | _os.O_CREAT | _os.O_EXCL
    for path in _names(suffix, prefix, dir):
        try:
            fd = _os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        return fd, _os.path.abspath(path)


def mktemp(suffix="", prefix=template, dir=None):
    """A name no file has yet (unsafe: another process may take it first)."""
    if dir is None:
        dir = gettempdir()
    for path in _names(suffix, prefix, dir):
        if not _os.path.lexists(path):
            return path


def _remove_tree(path):
    for root, dirs, files in _os.walk(path, topdown=False):
        for name in files:
            _os.unlink(_os.path.join(root, name))
        for name in dirs:
            _os.rmdir(_os.path.join(root, name))
    _os.rmdir(path)


class TemporaryDirectory:
    """A directory made by `mkdtemp` and removed, with everything in it, by `cleanup()` or at
    the end of a `with` block (whose target is the directory's name)."""

    def __init__(self, suffix=None, prefix=None, dir=None, ignore_cleanup_errors=False):
        self.name = mkdtemp(suffix, prefix, dir)
        self._ignore_cleanup_errors = ignore_cleanup_errors
        self._removed = False

    def __repr__(self):
        return f"<{self.__class__.__name__} {self.name!r}>"

    def __enter__(self):
        return self.name

    def __exit__(self, exc, value, tb):
        self.cleanup()

    def cleanup(self):
        if self._removed:
            return
        self._removed = True
        try:
            _remove_tree(self.name)
        except FileNotFoundError:
            pass
        except OSError:
            if not self._ignore_cleanup_errors:
                raise


class _TemporaryFileWrapper:
    """A file object that knows its path and removes the file when closed (if `delete`)."""

    def __init__(self, file, name, delete=True):
        self.file = file
        self.name = name
        self.delete = delete
        self._closed = False

    def __getattr__(self, name):
        return getattr(self.__dict__["file"], name)

    def __repr__(self):
        return f"<tempfile._TemporaryFileWrapper file={self.file!r}>"

    def __enter__(self):
        self.file.__enter__()
        return self

    def __exit__(self, exc, value, tb):
        self.close()

    def __iter__(self):
        return iter(self.file)

    def close(self):
        if self._closed:
            return
        self._closed = True
        try:
            self.file.close()
        finally:
            if self.delete:
                try:
                    _os.unlink(self.name)
                except FileNotFoundError:
                    pass

    @property
    def closed(self):
        return self.file.closed


def NamedTemporaryFile(
    mode="w+b",
    buffering=-1,
    encoding=None,
    newline=None,
    suffix=None,
    prefix=None,
    dir=None,
    delete=True,
    *,
    errors=None,
):
    """A new file with a visible name (`.name`), opened in `mode` ("w+b" by default) and
    removed when closed unless `delete` is false."""
    suffix, prefix, dir = _parts(suffix, prefix, dir)
    for path in _names(suffix, prefix, dir):
        try:
            open(path, "xb").close()
        except FileExistsError:
            continue
        break
    path = _os.path.abspath(path)
    try:
        file = open(path, mode, buffering, encoding=encoding, newline=newline, errors=errors)
    except BaseException:
        _os.unlink(path)
        raise
    return _TemporaryFileWrapper(file, path, delete)


def TemporaryFile(
    mode="w+b",
    buffering=-1,
    encoding=None,
    newline=None,
    suffix=None,
    prefix=None,
    dir=None,
    *,
    errors=None,
):
    """A new file that is removed when closed."""
    return NamedTemporaryFile(
        mode, buffering, encoding, newline, suffix, prefix, dir, True, errors=errors
    )
