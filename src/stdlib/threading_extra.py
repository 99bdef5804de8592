# The parts of `threading` written in Python, run in the native module's namespace when it is
# made: Timer, local, excepthook and ExceptHookArgs, the exit hooks concurrent.futures uses,
# settrace/setprofile and stack_size.

_trace_hook = None
_profile_hook = None
_stack_size = 0
_threading_atexits = []
_exiting = False

# `_thread.error`: what a lock raises when released unheld.
ThreadError = RuntimeError


def settrace(func):
    """Set a trace function for the threads started from now on by threading;
    it is given to sys.settrace() in each of them before run() is called.
    """
    global _trace_hook
    _trace_hook = func


def gettrace():
    """The trace function set with threading.settrace(), or None."""
    return _trace_hook


def setprofile(func):
    """Set a profile function for the threads started from now on by threading;
    it is given to sys.setprofile() in each of them before run() is called.
    """
    global _profile_hook
    _profile_hook = func


def getprofile():
    """The profile function set with threading.setprofile(), or None."""
    return _profile_hook


def stack_size(size=0):
    """The stack size used for threads made from now on, and set it when size
    is given.

    0 means the platform's default; any other size must be at least 32768
    bytes (32 KiB), else ValueError. Returns the size in force before the call.
    """
    global _stack_size
    if not isinstance(size, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(size).__name__)
    if size != 0 and size < 32768:
        raise ValueError("size not valid: %d bytes" % size)
    old = _stack_size
    _stack_size = size
    return old


def _register_atexit(func, *arg, **kwargs):
    if _exiting:
        raise RuntimeError("can't register atexit after shutdown")
    _threading_atexits.append((func, arg, kwargs))


def _run_atexits():
    # Called by the interpreter's shutdown before it waits for the non-daemon threads.
    global _exiting
    _exiting = True
    for func, arg, kwargs in reversed(_threading_atexits):
        func(*arg, **kwargs)
    _threading_atexits.clear()


class Timer(Thread):
    """A thread that calls a function after a given number of seconds, unless
    cancel() is called first.

    reminder = Timer(5.0, remind, args=("tea",))
    reminder.start()
    reminder.cancel()  # if it has not fired yet, it never will
    """
    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        """Stop the timer if it has not called its function yet."""
        self.finished.set()

    def run(self):
        """Wait for the interval, then call the function unless the timer was
        cancelled.
        """
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class ExceptHookArgs:

    """ExceptHookArgs

    The argument threading.excepthook gets: exc_type, exc_value, exc_traceback
    and thread.
    """
    def __init__(self, args):
        if len(args) != 4:
            raise TypeError("_thread._ExceptHookArgs() takes a 4-sequence (%d-sequence given)"
                            % len(args))
        self.exc_type, self.exc_value, self.exc_traceback, self.thread = args

    def __repr__(self):
        return ("_thread._ExceptHookArgs(exc_type=%r, exc_value=%r, exc_traceback=%r, thread=%r)"
                % (self.exc_type, self.exc_value, self.exc_traceback, self.thread))

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return (self.exc_type, self.exc_value, self.exc_traceback, self.thread)[i]

    def __iter__(self):
        return iter((self.exc_type, self.exc_value, self.exc_traceback, self.thread))


excepthook = __excepthook__


def _invoke_excepthook(exc, thread):
    # An uncaught exception in `thread`: what threading.excepthook does with it.
    started_by = getattr(thread, '_started_by', None)
    if started_by is not None:
        _write_stderr("Exception ignored in thread started by: %r\n" % (started_by,))
        _print_exception(exc)
        return
    hook = excepthook
    if hook is None:
        hook = __excepthook__
    args = ExceptHookArgs((type(exc), exc, exc.__traceback__, thread))
    try:
        hook(args)
    except SystemExit:
        pass
    except BaseException as err:
        _write_stderr("Exception in threading.excepthook:\n")
        _print_exception(err)


_local_counter = 0


def _local_dict(self, create):
    # The current thread's attributes of local `self`: kept by the thread's own Thread object,
    # so they go away with the thread.
    key = object.__getattribute__(self, '_local__key')
    thread = current_thread()
    try:
        dicts = thread._local_dicts
    except AttributeError:
        dicts = thread._local_dicts = {}
    d = dicts.get(key)
    if d is None and create:
        d = dicts[key] = {}
        args, kw = object.__getattribute__(self, '_local__args')
        cls = type(self)
        if cls.__init__ is not object.__init__:
            cls.__init__(self, *args, **kw)
    return d


class local:
    """Data local to a thread: each thread sees its own attributes of the same
    instance.
    """
    def __new__(cls, *args, **kw):
        global _local_counter
        if (args or kw) and cls.__init__ is object.__init__:
            raise TypeError("Initialization arguments are not supported")
        self = object.__new__(cls)
        _local_counter += 1
        object.__setattr__(self, '_local__key', _local_counter)
        object.__setattr__(self, '_local__args', (args, kw))
        # The creating thread's attributes start empty: __init__ runs next, as for any class.
        thread = current_thread()
        try:
            dicts = thread._local_dicts
        except AttributeError:
            dicts = thread._local_dicts = {}
        dicts[_local_counter] = {}
        return self

    def __getattribute__(self, name):
        # As for any instance, a data descriptor of the class wins, then this thread's
        # value, then the class attribute (so `x = None` in a subclass is only a default).
        if name == '_local__key' or name == '_local__args':
            return object.__getattribute__(self, name)
        d = _local_dict(self, True)
        if name == '__dict__':
            return d
        if name in d:
            for k in type(self).__mro__:
                kd = k.__dict__
                if name in kd:
                    kt = type(kd[name])
                    if hasattr(kt, '__get__') and (hasattr(kt, '__set__')
                                                   or hasattr(kt, '__delete__')):
                        return object.__getattribute__(self, name)
                    break
            return d[name]
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name == '__dict__':
            raise AttributeError("'%s' object attribute '__dict__' is read-only"
                                 % type(self).__name__)
        # A data descriptor of the class (a property) takes the assignment, as for any
        # instance; anything else is this thread's value.
        for k in type(self).__mro__:
            kd = k.__dict__
            if name in kd:
                kt = type(kd[name])
                if hasattr(kt, '__set__') or hasattr(kt, '__delete__'):
                    object.__setattr__(self, name, value)
                    return
                break
        _local_dict(self, True)[name] = value

    def __delattr__(self, name):
        d = _local_dict(self, True)
        if name not in d:
            raise AttributeError(name)
        del d[name]


class _DummyThread(Thread):
    # The Thread object of a thread started by `_thread.start_new_thread`.
    pass
