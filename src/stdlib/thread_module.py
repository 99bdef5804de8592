# The Python part of `_thread`: everything goes through `threading`, so its threads are
# registered threads and its locks registered locks.
import threading as _threading

error = RuntimeError
LockType = type(_threading.Lock())
RLock = _threading.RLock
allocate_lock = _threading.Lock
allocate = _threading.Lock
get_ident = _threading.get_ident
get_native_id = _threading.get_native_id
stack_size = _threading.stack_size
TIMEOUT_MAX = _threading.TIMEOUT_MAX
_local = _threading.local
_excepthook = _threading.excepthook
_ExceptHookArgs = _threading.ExceptHookArgs
_dummy_counter = 0


def start_new_thread(function, args, kwargs=None):
    global _dummy_counter
    if not isinstance(args, tuple):
        raise TypeError("2nd arg must be a tuple")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError("optional 3rd arg must be a dictionary")
    if not callable(function):
        raise TypeError("first arg must be callable")
    _dummy_counter += 1
    t = _threading._DummyThread(target=function, args=args, kwargs=kwargs or {},
                          name="Dummy-%d" % _dummy_counter, daemon=True)
    t._started_by = function
    t.start()
    return t.ident


start_new = start_new_thread


def exit():
    raise SystemExit


exit_thread = exit


def _count():
    return _threading.active_count() - 1
