"""The names of `os` written in Python, over its native calls: `scandir` and `DirEntry`, the
result types (`stat_result`, `terminal_size`, `times_result`, `uname_result`), `fork` with
the hooks of `register_at_fork`, the `exec*` family, `popen`, the wait-status helpers,
`environb` and path helpers (`removedirs`, `renames`, `fsencode`, ...). `os.__getattr__`
imports this module the first time a program reads one of these names, and copies them all
into `os`."""

import os
import sys
from _structseq import record_type

__all__ = [
    "stat_result", "terminal_size", "times_result", "uname_result", "DirEntry",
    "scandir", "times", "get_terminal_size", "fsencode", "fsdecode", "removedirs",
    "renames", "utime", "readv", "register_at_fork", "fork", "execl", "execle", "execlp",
    "execlpe", "execvp", "execvpe", "get_exec_path", "defpath", "supports_bytes_environ",
    "environb", "getenvb", "popen", "waitstatus_to_exitcode", "WIFEXITED", "WEXITSTATUS",
    "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED", "WCOREDUMP",
]

defpath = "/bin:/usr/bin"
supports_bytes_environ = True

_S_IFMT, _S_IFDIR, _S_IFREG, _S_IFLNK = 0o170000, 0o040000, 0o100000, 0o120000


# --- result types -------------------------------------------------------------------------

_STAT_NAMES = (
    "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size",
    "st_atime", "st_mtime", "st_ctime",
)
_STAT_EXTRA = (
    "st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns",
    "st_blksize", "st_blocks", "st_rdev",
)


class stat_result(tuple):
    """The result of os.stat(), os.lstat() and os.fstat(): a tuple of the ten classic
    fields (times as whole seconds) whose attributes also give the times as floats and
    in nanoseconds, and the block size, block count and device of a special file."""

    __module__ = "os"
    n_sequence_fields = 10
    n_fields = 19
    n_unnamed_fields = 3

    def __new__(cls, sequence, dict=None):
        items = tuple(sequence)
        if len(items) < 10:
            raise TypeError(
                f"os.stat_result() takes an at least 10-sequence ({len(items)}-sequence given)"
            )
        if len(items) > 19:
            raise TypeError(
                f"os.stat_result() takes an at most 19-sequence ({len(items)}-sequence given)"
            )
        self = tuple.__new__(cls, items[:10])
        extra = list(items[10:]) + [None] * (19 - len(items))
        if dict:
            for i, name in enumerate(_STAT_EXTRA):
                if i >= len(items) - 10 and name in dict:
                    extra[i] = dict[name]
        object.__setattr__(self, "_extra", tuple(extra))
        return self

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __repr__(self):
        pairs = ", ".join(f"{n}={v!r}" for n, v in zip(_STAT_NAMES, self))
        return f"os.stat_result({pairs})"

    def __reduce__(self):
        return (stat_result, (tuple(self), dict(zip(_STAT_EXTRA, self._extra))))


def _stat_field(i):
    return property(lambda self: tuple.__getitem__(self, i))


def _stat_extra(i, fallback=None):
    def get(self):
        value = self._extra[i]
        if value is None and fallback is not None:
            return tuple.__getitem__(self, fallback)
        return value

    return property(get)


for _i, _name in enumerate(_STAT_NAMES[:7]):
    setattr(stat_result, _name, _stat_field(_i))
for _i, _name in enumerate(_STAT_EXTRA):
    setattr(stat_result, _name, _stat_extra(_i, 7 + _i if _i < 3 else None))

terminal_size = record_type("terminal_size", ["columns", "lines"], "os")
times_result = record_type(
    "times_result", ["user", "system", "children_user", "children_system", "elapsed"], "posix"
)
uname_result = record_type(
    "uname_result", ["sysname", "nodename", "release", "version", "machine"], "posix"
)
terminal_size.__doc__ = "The size of a terminal window: columns and lines."
times_result.__doc__ = ("What os.times() gives: user and system CPU time of the process and of its "
                        "waited-for children, and the elapsed real time, in seconds.")
uname_result.__doc__ = ("What os.uname() gives: sysname, nodename, release, version and machine "
                        "of the running system.")


def times():
    """Return the process's times as a times_result: user and system CPU time, those of
    its waited-for children, and the time elapsed since an arbitrary point."""
    return times_result(os._times())


def get_terminal_size(fd=1, /):
    """Return the size of the terminal on file descriptor fd (standard output by
    default) as a terminal_size of (columns, lines)."""
    return terminal_size(os._terminal_size(fd))


# --- scandir ------------------------------------------------------------------------------

_MAKING = object()


class DirEntry:
    """An entry of a directory listed by os.scandir(): its name and path, and whether it
    is a directory, a file or a symbolic link (its stat() results are kept)."""

    __module__ = "posix"
    __slots__ = ("name", "path", "_stat", "_lstat")

    def __new__(cls, *args, **kwargs):
        if args[:1] != (_MAKING,):
            raise TypeError("cannot create 'posix.DirEntry' instances")
        return object.__new__(cls)

    def __init__(self, making, directory, name):
        self.name = name
        self.path = os.path.join(directory, name)
        self._stat = self._lstat = None

    def __repr__(self):
        return f"<DirEntry {self.name!r}>"

    def __fspath__(self):
        return self.path

    def __class_getitem__(cls, item):
        import types

        return types.GenericAlias(cls, item)

    def inode(self):
        """Return the inode number of the entry."""
        return self._get_lstat().st_ino

    def _get_lstat(self):
        if self._lstat is None:
            self._lstat = os.lstat(self.path)
        return self._lstat

    def stat(self, *, follow_symlinks=True):
        """Return the stat_result of the entry (of the link itself when follow_symlinks
        is false); the result is kept for the next call."""
        if not follow_symlinks:
            return self._get_lstat()
        if self._stat is None:
            if self.is_symlink():
                self._stat = os.stat(self.path)
            else:
                self._stat = self._get_lstat()
        return self._stat

    def _mode_is(self, kind, follow_symlinks):
        try:
            mode = self.stat(follow_symlinks=follow_symlinks).st_mode
        except FileNotFoundError:
            return False
        return mode & _S_IFMT == kind

    def is_dir(self, *, follow_symlinks=True):
        """Return True if the entry is a directory (or a link to one, when following)."""
        return self._mode_is(_S_IFDIR, follow_symlinks)

    def is_file(self, *, follow_symlinks=True):
        """Return True if the entry is a regular file (or a link to one, when following)."""
        return self._mode_is(_S_IFREG, follow_symlinks)

    def is_symlink(self):
        """Return True if the entry is a symbolic link."""
        try:
            return self._get_lstat().st_mode & _S_IFMT == _S_IFLNK
        except FileNotFoundError:
            return False


class ScandirIterator:
    """The iterator os.scandir() returns: the entries of one directory, and a context
    manager whose exit (or close()) ends the listing."""

    __module__ = "posix"

    def __new__(cls, *args, **kwargs):
        if args[:1] != (_MAKING,):
            raise TypeError("cannot create 'posix.ScandirIterator' instances")
        return object.__new__(cls)

    def __init__(self, making, directory, names):
        self._directory = directory
        self._names = iter(names)

    def __iter__(self):
        return self

    def __next__(self):
        for name in self._names:
            return DirEntry(_MAKING, self._directory, name)
        raise StopIteration

    def close(self):
        """End the listing: the entries not read yet are dropped."""
        self._names = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def scandir(path="."):
    """Return an iterator of DirEntry objects for the entries of the directory (its
    names, without '.' and '..', in the order the system lists them)."""
    if path is None:
        path = "."
    path = os.fspath(path)
    if isinstance(path, bytes):
        names = [os.fsencode(n) for n in os.listdir(os.fsdecode(path))]
    else:
        names = os.listdir(path)
    return ScandirIterator(_MAKING, path, names)


# --- paths --------------------------------------------------------------------------------


def fsencode(filename):
    """Encode a path (str, bytes or os.PathLike) to bytes in the file system's encoding;
    bytes are returned unchanged."""
    filename = os.fspath(filename)
    if isinstance(filename, str):
        return filename.encode("utf-8", "surrogateescape")
    return filename


def fsdecode(filename):
    """Decode a path (str, bytes or os.PathLike) from the file system's encoding to str;
    str is returned unchanged."""
    filename = os.fspath(filename)
    if isinstance(filename, bytes):
        return filename.decode("utf-8", "surrogateescape")
    return filename


def removedirs(name):
    """Remove the directory, then each parent that is left empty, stopping at the first
    that cannot be removed (only the first removal's error is raised)."""
    os.rmdir(name)
    head, tail = os.path.split(name)
    if not tail:
        head, tail = os.path.split(head)
    while head and tail:
        try:
            os.rmdir(head)
        except OSError:
            break
        head, tail = os.path.split(head)


def renames(old, new):
    """Rename old to new, making the directories new needs first and removing the
    directories of old left empty afterwards."""
    head, tail = os.path.split(new)
    if head and tail and not os.path.exists(head):
        os.makedirs(head)
    os.rename(old, new)
    head, tail = os.path.split(old)
    if head and tail:
        try:
            removedirs(head)
        except OSError:
            pass


def _to_ns(seconds):
    if isinstance(seconds, int):
        return seconds * 1_000_000_000
    if isinstance(seconds, float):
        whole = int(seconds // 1)
        return whole * 1_000_000_000 + int((seconds - whole) * 1e9)
    raise TypeError(f"unsupported type for timestamp: '{type(seconds).__name__}'")


def utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
    """Set the access and modification times of the path: to now, to times (a pair of
    seconds) or to ns (a pair of nanoseconds)."""
    if times is not None and ns is not None:
        raise ValueError("utime: you may specify either 'times' or 'ns' but not both")
    if times is not None:
        if not isinstance(times, tuple) or len(times) != 2:
            raise TypeError("utime: 'times' must be either a tuple of two ints or None")
        ns = (_to_ns(times[0]), _to_ns(times[1]))
    elif ns is not None:
        if not isinstance(ns, tuple) or len(ns) != 2:
            raise TypeError("utime: 'ns' must be a tuple of two ints")
        ns = (_status(ns[0]), _status(ns[1]))
    os._utime(path, ns, follow_symlinks)


def readv(fd, buffers):
    """Read from the file descriptor into each writable buffer in turn; return the
    number of bytes read."""
    buffers = list(buffers)
    sizes = [len(memoryview(b)) for b in buffers]
    data = os.read(fd, sum(sizes))
    at = 0
    for buffer, size in zip(buffers, sizes):
        chunk = data[at : at + size]
        if not chunk:
            break
        buffer[: len(chunk)] = chunk
        at += len(chunk)
    return len(data)


# --- processes ----------------------------------------------------------------------------

_before_fork, _after_in_parent, _after_in_child = [], [], []


def register_at_fork(*, before=None, after_in_child=None, after_in_parent=None):
    """Register callables to run around os.fork(): before it (last registered first),
    and after it in the parent or in the child (first registered first)."""
    hooks = {
        "before": (before, _before_fork),
        "after_in_child": (after_in_child, _after_in_child),
        "after_in_parent": (after_in_parent, _after_in_parent),
    }
    if all(hook is None for hook, _ in hooks.values()):
        raise TypeError("At least one argument is required.")
    for name, (hook, _) in hooks.items():
        if hook is not None and not callable(hook):
            raise TypeError(f"'{name}' must be callable, not {type(hook).__name__}")
    for hook, where in hooks.values():
        if hook is not None:
            where.append(hook)


def _run_fork_hooks(hooks):
    for hook in hooks:
        try:
            hook()
        except BaseException as error:
            sys.stderr.write(f"Exception ignored in: {hook!r}\n")
            import traceback

            traceback.print_exception(error)


def fork():
    """Fork a child process: return 0 in the child and the child's pid in the parent.
    minipy copies only a process with one thread, so it raises RuntimeError while other
    threads run."""
    _run_fork_hooks(reversed(_before_fork))
    pid = os._fork()
    if pid == 0:
        random = sys.modules.get("random")
        if random is not None:
            random.seed()
        _run_fork_hooks(_after_in_child)
    else:
        _run_fork_hooks(_after_in_parent)
    return pid


def execl(file, *args):
    """Replace the process with the program file, given args as its argument list."""
    os.execv(file, args)


def execle(file, *args):
    """As execl(), with the environment as the last argument."""
    os.execve(file, args[:-1], args[-1])


def execlp(file, *args):
    """As execl(), looking file up along PATH."""
    _exec_on_path(file, args)


def execlpe(file, *args):
    """As execlp(), with the environment as the last argument."""
    _exec_on_path(file, args[:-1], args[-1])


def execvp(file, args):
    """As execv(), looking file up along PATH."""
    _exec_on_path(file, args)


def execvpe(file, args, env):
    """As execve(), looking file up along PATH (the PATH of env)."""
    _exec_on_path(file, args, env)


def _exec_on_path(file, args, env=None):
    def run(program):
        if env is None:
            os.execv(program, args)
        else:
            os.execve(program, args, env)

    if os.path.dirname(file):
        run(file)
        return
    first_error = last_error = None
    for directory in get_exec_path(env):
        try:
            run(os.path.join(directory, file))
        except (FileNotFoundError, NotADirectoryError) as error:
            last_error = error
        except OSError as error:
            last_error = error
            if first_error is None:
                first_error = error
    raise first_error or last_error


def get_exec_path(env=None):
    """The directories a program's name is looked up in (env's PATH, by default
    os.environ's, else os.defpath)."""
    if env is None:
        env = os.environ
    path = env.get("PATH")
    if path is None:
        path = defpath
    return path.split(os.pathsep)


class _Environb:
    """os.environb: the environment as bytes, a view of os.environ."""

    def __getitem__(self, key):
        try:
            return fsencode(os.environ[fsdecode(_env_bytes(key))])
        except KeyError:
            raise KeyError(key) from None

    def __setitem__(self, key, value):
        os.environ[fsdecode(_env_bytes(key))] = fsdecode(_env_bytes(value))

    def __delitem__(self, key):
        try:
            del os.environ[fsdecode(_env_bytes(key))]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self):
        return iter([fsencode(k) for k in os.environ])

    def __len__(self):
        return len(os.environ)

    def __contains__(self, key):
        return isinstance(key, bytes) and fsdecode(key) in os.environ

    def keys(self):
        return [fsencode(k) for k in os.environ]

    def items(self):
        return [(fsencode(k), fsencode(v)) for k, v in os.environ.items()]

    def values(self):
        return [fsencode(v) for v in os.environ.values()]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def copy(self):
        return dict(self.items())

    def __repr__(self):
        pairs = ", ".join(f"{k!r}: {v!r}" for k, v in self.items())
        return f"environ({{{pairs}}})"


def _env_bytes(value):
    if not isinstance(value, bytes):
        raise TypeError(f"bytes expected, not {type(value).__name__}")
    return value


environb = _Environb()


def getenvb(key, default=None):
    """The value of the environment variable key (bytes), or default."""
    return environb.get(key, default)


def popen(cmd, mode="r", buffering=-1):
    """Run the command in a shell and return a file object reading its output (mode
    'r') or writing its input ('w'); its close() returns the exit status, None for 0."""
    if not isinstance(cmd, str):
        raise TypeError(f"invalid cmd type ({type(cmd)}, expected string)")
    if mode not in ("r", "w"):
        raise ValueError(f"invalid mode {mode!r}")
    if buffering == 0 or buffering is None:
        raise ValueError("popen() does not support unbuffered streams")
    import subprocess

    if mode == "r":
        proc = subprocess.Popen(cmd, shell=True, text=True, stdout=subprocess.PIPE)
        return _wrap_close(proc.stdout, proc)
    proc = subprocess.Popen(cmd, shell=True, text=True, stdin=subprocess.PIPE)
    return _wrap_close(proc.stdin, proc)


class _wrap_close:
    """The file object of os.popen(): the pipe's stream, whose close() waits for the
    command and returns its exit status (None when it is 0)."""

    __module__ = "os"

    def __init__(self, stream, proc):
        self._stream = stream
        self._proc = proc

    def close(self):
        self._stream.close()
        returncode = self._proc.wait()
        if returncode == 0:
            return None
        return returncode << 8

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __iter__(self):
        return iter(self._stream)


# --- wait statuses ------------------------------------------------------------------------


def _status(status):
    """An int argument (a wait status, nanoseconds), through __index__."""
    import operator

    return operator.index(status)


def WIFEXITED(status):
    """Return True if the process exited normally (by exit() or returning from main)."""
    return _status(status) & 0x7F == 0


def WEXITSTATUS(status):
    """Return the exit code of a process that exited normally."""
    return (_status(status) >> 8) & 0xFF


def WIFSIGNALED(status):
    """Return True if the process was ended by a signal."""
    signal = _status(status) & 0x7F
    return signal != 0 and signal != 0x7F


def WTERMSIG(status):
    """Return the signal that ended the process."""
    return _status(status) & 0x7F


def WIFSTOPPED(status):
    """Return True if the process is stopped (by a signal, while traced or WUNTRACED)."""
    return _status(status) & 0xFF == 0x7F


def WSTOPSIG(status):
    """Return the signal that stopped the process."""
    return (_status(status) >> 8) & 0xFF


def WIFCONTINUED(status):
    """Return True if a stopped process was resumed by SIGCONT."""
    return _status(status) == 0xFFFF


def WCOREDUMP(status):
    """Return True if the process dumped core when a signal ended it."""
    return bool(_status(status) & 0x80)


def waitstatus_to_exitcode(status):
    """Turn a wait status into an exit code: the exit status of a process that exited,
    minus the signal's number for one a signal ended."""
    status = _status(status)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    if WIFSTOPPED(status):
        raise ValueError(f"process stopped by delivery of signal {WSTOPSIG(status)}")
    raise ValueError(f"invalid wait status: {status}")
