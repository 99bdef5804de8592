"""`os.walk` as CPython's: a generator that lists one directory at a time, so that a
top-down caller can prune or reorder `dirnames` in place before the walk goes into them."""

import os


def walk(top, topdown=True, onerror=None, followlinks=False):
    top = os.fspath(top)
    try:
        names = os.listdir(top)
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return
    dirs, files = [], []
    for name in names:
        (dirs if os.path.isdir(os.path.join(top, name)) else files).append(name)
    if topdown:
        yield top, dirs, files
    for name in dirs:
        path = os.path.join(top, name)
        if followlinks or not os.path.islink(path):
            yield from walk(path, topdown, onerror, followlinks)
    if not topdown:
        yield top, dirs, files
