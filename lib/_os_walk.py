"""`os.walk` as CPython's: a generator over `os.scandir` that lists one directory at a
time, so that a top-down caller can prune or reorder `dirnames` in place before the walk
goes into them."""

import os


def walk(top, topdown=True, onerror=None, followlinks=False):
    top = os.fspath(top)
    dirs, files, below = [], [], []
    try:
        entries = os.scandir(top)
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return
    with entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
            # Bottom-up, whether to go into a directory is decided now, from its entry.
            if is_dir and not topdown and (followlinks or not entry.is_symlink()):
                below.append(entry.path)
    if topdown:
        yield top, dirs, files
        for name in dirs:
            path = os.path.join(top, name)
            if followlinks or not os.path.islink(path):
                yield from walk(path, topdown, onerror, followlinks)
    else:
        for path in below:
            yield from walk(path, topdown, onerror, followlinks)
        yield top, dirs, files
