"""The parts of `sys` made on first use: the named-tuple records (`version_info`, `flags`,
`float_info`, ...), the installation's strings and the hooks and switches minipy accepts
without acting on (tracing, profiling, auditing). `sys.__getattr__` imports this module the
first time a program reads one of these names."""

import sys


from _structseq import record_type as _record_type


def uname_result(values):
    """`os.uname()`'s result: `posix.uname_result(sysname=..., ..., machine=...)`, of the
    type `os.uname_result`."""
    from _os_more import uname_result

    return uname_result(values)


def _record(typename, /, **values):
    return _record_type(typename, list(values))(values.values())


version_info = _record(
    "version_info", major=3, minor=11, micro=0, releaselevel="final", serial=0
)
hexversion = 0x030B00F0
api_version = 1013

_quiet, _no_bytecode, _ignore_env, _isolated, _unbuffered = sys._interpreter_flags()


def _hash_randomization():
    if _ignore_env or _isolated:
        return 1
    import os

    return 0 if os.environ.get("PYTHONHASHSEED") == "0" else 1


flags = _record(
    "flags",
    debug=0,
    inspect=0,
    interactive=0,
    optimize=0,
    dont_write_bytecode=int(_no_bytecode),
    no_user_site=int(_isolated),
    no_site=0,
    ignore_environment=int(_ignore_env or _isolated),
    verbose=0,
    bytes_warning=0,
    quiet=int(_quiet),
    hash_randomization=_hash_randomization(),
    isolated=int(_isolated),
    dev_mode="dev" in sys._xoptions,
    utf8_mode=0,
    warn_default_encoding=0,
    safe_path=_isolated,
    int_max_str_digits=-1,
)

float_info = _record(
    "float_info",
    max=1.7976931348623157e308,
    max_exp=1024,
    max_10_exp=308,
    min=2.2250738585072014e-308,
    min_exp=-1021,
    min_10_exp=-307,
    dig=15,
    mant_dig=53,
    epsilon=2.220446049250313e-16,
    radix=2,
    rounds=1,
)
float_repr_style = "short"

int_info = _record(
    "int_info",
    bits_per_digit=30,
    sizeof_digit=4,
    default_max_str_digits=4300,
    str_digits_check_threshold=640,
)

hash_info = _record(
    "hash_info",
    width=64,
    modulus=(1 << 61) - 1,
    inf=314159,
    nan=0,
    imag=1000003,
    algorithm="siphash13",
    hash_bits=64,
    seed_bits=128,
    cutoff=0,
)

thread_info = _record("thread_info", name="pthread", lock="semaphore", version=None)

maxunicode = 0x10FFFF
abiflags = ""
platlibdir = "lib"
pycache_prefix = None


def _implementation():
    import types

    return types.SimpleNamespace(
        name="minipy",
        cache_tag=None,
        version=version_info,
        hexversion=hexversion,
    )


implementation = _implementation()


def _prefix():
    # The directory above the one holding the executable, as for an installed CPython.
    exe = sys.executable
    cut = exe.rfind("/", 0, max(exe.rfind("/"), 0))
    return exe[:cut] if cut > 0 else "/"


prefix = exec_prefix = base_prefix = base_exec_prefix = _prefix()
copyright = "Copyright (c) minipy's authors.\nAll Rights Reserved."

builtin_module_names = sys._builtin_module_names()
stdlib_module_names = frozenset(
    """__future__ _thread abc argparse array asyncio bisect builtins cmath collections
    concurrent contextlib copy copyreg dataclasses datetime enum functools gc heapq io
    itertools json keyword math multiprocessing operator os pickle pprint queue random re
    select selectors signal socket statistics string struct sys textwrap threading time
    timeit traceback types typing unittest weakref""".split()
)
orig_argv = list(sys.argv)
meta_path = []
path_hooks = []
path_importer_cache = {}


def getdefaultencoding():
    """The name of the encoding str uses by default for encode() and decode()."""
    return "utf-8"


def getfilesystemencoding():
    """The name of the encoding that turns str file names into the operating
    system's bytes and back.
    """
    return "utf-8"


def getfilesystemencodeerrors():
    """The name of the error handler used with the file system encoding."""
    return "surrogateescape"


_trace = None
_profile = None


def settrace(function):
    """Accepted and kept for `gettrace()`; minipy's eval loop does not call it."""
    global _trace
    _trace = function


def gettrace():
    """The trace function set with sys.settrace(), or None."""
    return _trace


def setprofile(function):
    """Accepted and kept for `getprofile()`; minipy's eval loop does not call it."""
    global _profile
    _profile = function


def getprofile():
    """The profile function set with sys.setprofile(), or None."""
    return _profile


def call_tracing(func, args):
    """Call func(*args) with tracing turned on, for a debugger to step into a
    function from inside its own tracing code.
    """
    if not isinstance(args, tuple):
        raise TypeError(f"call_tracing() argument 2 must be tuple, not {type(args).__name__}")
    return func(*args)


def is_finalizing():
    """Whether the interpreter is shutting down."""
    return False


def audit(event, *args):
    """Raise an auditing event: the hooks added with addaudithook() are called
    with the event's name and arguments.
    """
    if not isinstance(event, str):
        raise TypeError(f"expected str for argument 'event', not {type(event).__name__}")


def addaudithook(hook):
    """Add a hook called for every auditing event raised by sys.audit()."""
    pass


def getallocatedblocks():
    """How many memory blocks the interpreter's allocator has handed out now."""
    return 0


_dlopenflags = 2


def getdlopenflags():
    """The flags given to dlopen() when an extension module is loaded."""
    return _dlopenflags


def setdlopenflags(flags):
    """Set the flags given to dlopen() when an extension module is loaded (the
    os.RTLD_ constants).
    """
    global _dlopenflags
    _dlopenflags = flags


_origin_depth = 0


def get_coroutine_origin_tracking_depth():
    """How many frames of the place a coroutine was made are recorded (0: the
    tracking is off).
    """
    return _origin_depth


def set_coroutine_origin_tracking_depth(depth):
    """Record that many frames of the place each new coroutine is made, shown
    when it is never awaited; 0 turns the tracking off.
    """
    global _origin_depth
    if depth < 0:
        raise ValueError("depth must be >= 0")
    _origin_depth = depth


def breakpointhook(*args, **kwargs):
    """The default hook of `breakpoint()`: minipy has no debugger, so it does nothing."""
    return None


__breakpointhook__ = breakpointhook


def displayhook(value):
    """Prints `repr(value)` and keeps it as `builtins._`, unless it is None."""
    if value is None:
        return
    import builtins

    builtins._ = None
    sys.stdout.write(repr(value) + "\n")
    builtins._ = value


__displayhook__ = displayhook


def unraisablehook(unraisable):
    """Prints an exception that could not be raised, as CPython's default hook does."""
    import traceback

    err = sys.stderr
    if unraisable.object is not None:
        message = unraisable.err_msg or "Exception ignored in"
        err.write(f"{message}: {unraisable.object!r}\n")
    elif unraisable.err_msg:
        err.write(f"{unraisable.err_msg}:\n")
    if unraisable.exc_value is not None:
        err.write("".join(traceback.format_exception(unraisable.exc_value)))
    err.flush()


__unraisablehook__ = unraisablehook
