"""Object-oriented paths: `PurePath` (name arithmetic only) and `Path` (with file-system
calls), in their POSIX flavour, with CPython's reprs, operators and errors. Windows paths
(`PureWindowsPath`, `WindowsPath`) are not provided."""

import fnmatch
import os

__all__ = ["PurePath", "PurePosixPath", "Path", "PosixPath"]


def _parse(parts):
    """The (root, names) of the joined parts: an absolute part restarts the path; empty
    names and "." are dropped; ".." is kept (it cannot be resolved without the disk)."""
    root = ""
    names = []
    for part in parts:
        if isinstance(part, PurePath):
            text = str(part)
        else:
            text = os.fspath(part)
            if not isinstance(text, str):
                raise TypeError(
                    "argument should be a str or an os.PathLike object where __fspath__ "
                    "returns a str, not %r" % type(text).__name__
                )
        if text.startswith("/"):
            # POSIX keeps exactly two leading slashes, and folds three or more into one.
            root = "//" if text.startswith("//") and not text.startswith("///") else "/"
            names = []
        names.extend(n for n in text.split("/") if n and n != ".")
    return root, names


class PurePath:
    """A path as text and names: joining with `/`, its parts, name, suffixes, parents."""

    __slots__ = ("_root", "_names", "_str")

    def __new__(cls, *args):
        if cls is PurePath:
            cls = PurePosixPath
        return cls._from_parsed(*_parse(args))

    @classmethod
    def _from_parsed(cls, root, names):
        self = object.__new__(cls)
        self._root = root
        self._names = list(names)
        self._str = (root + "/".join(names)) or "."
        return self

    def _derive(self, root, names):
        return type(self)._from_parsed(root, names)

    def __str__(self):
        return self._str

    def __fspath__(self):
        return self._str

    def as_posix(self):
        return self._str

    def __repr__(self):
        return "{}({!r})".format(type(self).__name__, self.as_posix())

    def __bytes__(self):
        return os.fsencode(self._str) if hasattr(os, "fsencode") else self._str.encode()

    def as_uri(self):
        if not self.is_absolute():
            raise ValueError("relative path can't be expressed as a file URI")
        return "file://" + self._str

    def _key(self):
        return (self._root, self._names)

    def __eq__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._str)

    def __lt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() >= other._key()

    def __truediv__(self, key):
        try:
            return self._derive(*_parse([self, key]))
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, key):
        try:
            return self._derive(*_parse([key, self]))
        except TypeError:
            return NotImplemented

    def joinpath(self, *args):
        return self._derive(*_parse([self, *args]))

    @property
    def parts(self):
        return tuple(([self._root] if self._root else []) + self._names)

    @property
    def drive(self):
        return ""

    @property
    def root(self):
        return self._root

    @property
    def anchor(self):
        return self._root

    @property
    def name(self):
        return self._names[-1] if self._names else ""

    @property
    def suffix(self):
        name = self.name
        i = name.rfind(".")
        return name[i:] if 0 < i < len(name) - 1 else ""

    @property
    def suffixes(self):
        name = self.name
        if name.endswith("."):
            return []
        name = name.lstrip(".")
        return ["." + s for s in name.split(".")[1:]]

    @property
    def stem(self):
        name = self.name
        i = name.rfind(".")
        return name[:i] if 0 < i < len(name) - 1 else name

    @property
    def parent(self):
        if not self._names:
            return self
        return self._derive(self._root, self._names[:-1])

    @property
    def parents(self):
        return tuple(self._derive(self._root, self._names[:i])
                     for i in range(len(self._names) - 1, -1, -1))

    def is_absolute(self):
        return bool(self._root)

    def is_reserved(self):
        return False

    def with_name(self, name):
        if not self.name:
            raise ValueError("%r has an empty name" % (self,))
        root, names = _parse([name])
        if not name or root or len(names) != 1 or name.endswith("/"):
            raise ValueError("Invalid name %r" % (name,))
        return self._derive(self._root, self._names[:-1] + [name])

    def with_stem(self, stem):
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        if "/" in suffix or suffix and not suffix.startswith(".") or suffix == ".":
            raise ValueError("Invalid suffix %r" % (suffix,))
        name = self.name
        if not name:
            raise ValueError("%r has an empty name" % (self,))
        return self.with_name(self.stem + suffix)

    def relative_to(self, *other):
        if not other:
            raise TypeError("need at least one argument")
        root, names = _parse(other)
        n = len(names)
        if root != self._root or self._names[:n] != names:
            formatted = (root + "/".join(names)) or "."
            raise ValueError("{!r} is not in the subpath of {!r} OR one path is relative and "
                             "the other is absolute.".format(str(self), formatted))
        return self._derive("", self._names[n:])

    def is_relative_to(self, *other):
        try:
            self.relative_to(*other)
            return True
        except ValueError:
            return False

    def match(self, path_pattern):
        root, pattern = _parse([path_pattern])
        if not pattern:
            raise ValueError("empty pattern")
        if root:
            if root != self._root or len(pattern) != len(self._names):
                return False
        elif len(pattern) > len(self._names):
            return False
        for name, pat in zip(reversed(self._names), reversed(pattern)):
            if not fnmatch.fnmatchcase(name, pat):
                return False
        return True


class PurePosixPath(PurePath):
    __slots__ = ()


class Path(PurePath):
    """A path with the file-system operations: stat, exists, reading and writing, listing,
    globbing, making and removing."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        if cls is Path:
            cls = PosixPath
        return cls._from_parsed(*_parse(args))

    @classmethod
    def cwd(cls):
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        return cls(os.path.expanduser("~"))

    def absolute(self):
        if self.is_absolute():
            return self
        return self._derive(*_parse([os.getcwd(), self]))

    def resolve(self, strict=False):
        if strict:
            self.stat()
        return type(self)(os.path.realpath(self._str))

    def stat(self, *, follow_symlinks=True):
        return os.stat(self._str)

    def exists(self):
        return os.path.exists(self._str)

    def is_file(self):
        return os.path.isfile(self._str)

    def is_dir(self):
        return os.path.isdir(self._str)

    def is_symlink(self):
        return os.path.islink(self._str)

    def open(self, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        return open(self._str, mode, buffering, encoding, errors, newline)

    def read_text(self, encoding=None, errors=None):
        with self.open("r", encoding=encoding, errors=errors) as f:
            return f.read()

    def read_bytes(self):
        with self.open("rb") as f:
            return f.read()

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if not isinstance(data, str):
            raise TypeError("data must be str, not %s" % type(data).__name__)
        with self.open("w", encoding=encoding, errors=errors, newline=newline) as f:
            return f.write(data)

    def write_bytes(self, data):
        view = memoryview(data)
        with self.open("wb") as f:
            return f.write(view)

    def iterdir(self):
        for name in os.listdir(self._str):
            yield self / name

    def glob(self, pattern):
        if not pattern:
            raise ValueError("Unacceptable pattern: {!r}".format(pattern))
        import glob as _glob

        recursive = "**" in pattern.split("/")
        for found in _glob.glob(pattern, root_dir=self._str, recursive=recursive,
                                include_hidden=True):
            if found:
                yield self / found

    def rglob(self, pattern):
        yield from self.glob("**/" + pattern)

    def touch(self, mode=0o666, exist_ok=True):
        if self.exists():
            if not exist_ok:
                raise FileExistsError(17, "File exists", self._str)
            return
        open(self._str, "a").close()

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        try:
            os.mkdir(self._str)
        except FileNotFoundError:
            if not parents or self.parent == self:
                raise
            self.parent.mkdir(parents=True, exist_ok=True)
            self.mkdir(mode, parents=False, exist_ok=exist_ok)
        except OSError:
            if not exist_ok or not self.is_dir():
                raise

    def unlink(self, missing_ok=False):
        try:
            os.unlink(self._str)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def rmdir(self):
        os.rmdir(self._str)

    def rename(self, target):
        os.rename(self._str, os.fspath(target))
        return type(self)(target)

    def replace(self, target):
        os.replace(self._str, os.fspath(target))
        return type(self)(target)

    def samefile(self, other_path):
        a = self.stat()
        b = os.stat(os.fspath(other_path))
        return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)

    def expanduser(self):
        return type(self)(os.path.expanduser(self._str))


class PosixPath(Path, PurePosixPath):
    __slots__ = ()
