"""Pathname expansion with shell wildcards (`*`, `?`, `[seq]`, and `**` across directories
when `recursive=True`). Names starting with a dot are matched only by a pattern that starts
with a dot, unless `include_hidden=True`."""

import fnmatch
import os

__all__ = ["escape", "glob", "iglob", "has_magic"]


def has_magic(s):
    return any(c in s for c in "*?[")


def escape(pathname):
    """The pathname with its wildcard characters made literal."""
    drive, rest = "", pathname
    return drive + "".join(f"[{c}]" if c in "*?[" else c for c in rest)


def glob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False):
    """The list of paths matching `pathname`, in no particular order."""
    return list(iglob(pathname, root_dir=root_dir, recursive=recursive,
                      include_hidden=include_hidden))


def iglob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False):
    """The paths matching `pathname`, one at a time."""
    pathname = os.fspath(pathname)
    if root_dir is not None:
        root_dir = os.fspath(root_dir)
    results = _iglob(pathname, root_dir, recursive, False, include_hidden)
    if recursive and _isrecursive(pathname):
        first = next(results, None)
        if first == "":
            pass
        elif first is not None:
            yield first
    yield from results


def _join(root, path):
    return os.path.join(root, path) if root and path else (path or root)


def _exists(root, path):
    return os.path.lexists(_join(root, path)) if path else True


def _isdir(root, path):
    return os.path.isdir(_join(root, path)) if path or root else True


def _iglob(pathname, root_dir, recursive, dironly, include_hidden):
    dirname, basename = os.path.split(pathname)
    if not has_magic(pathname):
        if basename:
            if _exists(root_dir, pathname):
                yield pathname
        elif _isdir(root_dir, dirname):
            yield pathname
        return
    if not dirname:
        if recursive and _isrecursive(basename):
            yield from _glob2(root_dir, basename, dironly, include_hidden)
        else:
            yield from _glob1(root_dir, basename, dironly, include_hidden)
        return
    if dirname != pathname and has_magic(dirname):
        dirs = _iglob(dirname, root_dir, recursive, True, include_hidden)
    else:
        dirs = [dirname]
    if has_magic(basename):
        if recursive and _isrecursive(basename):
            step = _glob2
        else:
            step = _glob1
    else:
        step = _glob0
    for d in dirs:
        for name in step(_join(root_dir, d) if root_dir else d, basename, dironly,
                         include_hidden, root_dir is not None):
            yield os.path.join(d, name)


def _listdir(dirname, dironly):
    try:
        names = os.listdir(dirname or os.curdir)
    except OSError:
        return []
    if dironly:
        names = [n for n in names if os.path.isdir(os.path.join(dirname or os.curdir, n))]
    return names


def _glob1(dirname, pattern, dironly, include_hidden=False, _rooted=False):
    names = _listdir(dirname or "", dironly)
    if not (include_hidden or pattern.startswith(".")):
        names = [n for n in names if not n.startswith(".")]
    return fnmatch.filter(names, pattern)


def _glob0(dirname, basename, dironly, include_hidden=False, _rooted=False):
    if basename:
        if os.path.lexists(os.path.join(dirname or os.curdir, basename)):
            return [basename]
    elif os.path.isdir(dirname or os.curdir):
        return [basename]
    return []


def _glob2(dirname, pattern, dironly, include_hidden=False, _rooted=False):
    yield pattern[:0]
    yield from _rlistdir(dirname or "", dironly, include_hidden)


def _rlistdir(dirname, dironly, include_hidden):
    for name in _listdir(dirname, False):
        if include_hidden or not name.startswith("."):
            path = os.path.join(dirname, name) if dirname else name
            isdir = os.path.isdir(path) and not os.path.islink(path)
            if not dironly or isdir:
                yield name
            if isdir:
                for sub in _rlistdir(path, dironly, include_hidden):
                    yield os.path.join(name, sub)


def _isrecursive(pattern):
    return pattern == "**"
