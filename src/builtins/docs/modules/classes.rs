//! The docstrings and text signatures of the native modules' classes, filed as
//! `module.Class` (the module their `__module__` names).

pub(in crate::builtins::docs) static CLASSES: super::Table = &[
    (
        "_socket.socket",
        None,
        r#"socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)

An endpoint of network communication: the operating system's socket, with
the calls that bind, connect, listen, send and receive on it."#,
    ),
    (
        "_io.BufferedRandom",
        Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
        r#"A buffered stream over a raw stream that can both read and seek, for
reading and writing."#,
    ),
    (
        "_io.BufferedReader",
        Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
        r#"A buffered stream that reads from a raw stream."#,
    ),
    (
        "_io.BufferedWriter",
        Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
        r#"A buffered stream that writes to a raw stream.

Writes are kept in the buffer and given to the raw stream by flush(), or
when the buffer fills."#,
    ),
    (
        "_io.BytesIO",
        Some("(initial_bytes=b'')"),
        r#"A binary stream kept in memory, in a bytes buffer.

initial_bytes is its content to begin with; the position starts at 0."#,
    ),
    (
        "_io.FileIO",
        Some("(file, mode='r', closefd=True, opener=None)"),
        r#"A raw binary stream over a file of the operating system.

file is a path or a file descriptor; mode is 'r', 'w', 'x' or 'a', with
'+' for both reading and writing. With closefd false, closing the stream
leaves a given descriptor open. opener, if given, is called as
opener(file, flags) and returns the descriptor to use."#,
    ),
    (
        "_io.StringIO",
        Some("(initial_value='', newline='\\n')"),
        r#"A text stream kept in memory, in a str buffer.

initial_value is its content to begin with; newline is read as by
TextIOWrapper."#,
    ),
    (
        "_io.TextIOWrapper",
        Some(
            "(buffer, encoding=None, errors=None, newline=None,\n              line_buffering=False, write_through=False)",
        ),
        r#"A text stream over a buffered binary stream.

encoding names the codec that turns the bytes into str (the locale's by
default), errors how it reacts to bad data ('strict' by default).
newline says how line endings are read and written: None turns each of
'\n', '\r' and '\r\n' into '\n' when reading and writes os.linesep for
'\n'; '' reads the endings as they are; any of the three endings reads
only that one as the end of a line and writes it for '\n'. With
line_buffering, a write holding a newline flushes; with write_through,
every write goes straight to the buffer."#,
    ),
    (
        "_io._BufferedIOBase",
        None,
        r#"The base class of buffered binary streams.

Its read() and write() take or give as much as was asked (unless the end
of the stream comes first), where a raw stream may do less."#,
    ),
    (
        "_io._IOBase",
        None,
        r#"The base class of every stream.

It gives the methods that a stream which can neither read, write nor seek
would have; the other classes override them. A stream is an iterable of
its lines and a context manager that closes it."#,
    ),
    (
        "_io._RawIOBase",
        None,
        r#"The base class of raw binary streams, which talk to the operating
system directly and may read or write fewer bytes than asked."#,
    ),
    (
        "_io._TextIOBase",
        None,
        r#"The base class of text streams, which read and write str."#,
    ),
    (
        "_queue.Empty",
        None,
        r#"Raised by a non-blocking get() (or one that timed out) of an empty
queue."#,
    ),
    (
        "_queue.SimpleQueue",
        Some("()"),
        r#"A first-in first-out queue without bounds, simpler than queue.Queue (no
task tracking); it may be used from a __del__ method or a signal handler."#,
    ),
    (
        "array.array",
        None,
        r#"array(typecode [, initializer]) -> array

A compact sequence of values of one basic type (characters, integers or
floats), given by the typecode. The initializer may be a list, a
bytes-like object, a str (for 'u') or an iterable of values."#,
    ),
    (
        "heapq.merge",
        None,
        r#"Merge sorted iterables into one sorted iterator over all their items.

Like sorted(itertools.chain(*iterables)), but lazy: it holds one item of
each input at a time. key and reverse are those of sorted()."#,
    ),
    (
        "operator.attrgetter",
        None,
        r#"attrgetter(attr, ...) --> attrgetter object

A callable that fetches the named attribute from its operand: after
f = attrgetter('name'), f(r) is r.name. With several names it gives a
tuple; a dotted name ('name.first') follows the attributes in turn."#,
    ),
    (
        "operator.itemgetter",
        None,
        r#"itemgetter(item, ...) --> itemgetter object

A callable that fetches the given item from its operand: after
f = itemgetter(2), f(r) is r[2]. With several items it gives a tuple."#,
    ),
    (
        "operator.methodcaller",
        None,
        r#"methodcaller(name, ...) --> methodcaller object

A callable that calls the named method of its operand, with the other
arguments given here: after f = methodcaller('rjust', 5, '.'),
f(s) is s.rjust(5, '.')."#,
    ),
    (
        "os.PathLike",
        None,
        r#"The abstract base of objects that stand for a file system path: their
__fspath__() returns the path as str or bytes."#,
    ),
    (
        "queue.Full",
        None,
        r#"Raised by a non-blocking put() (or one that timed out) into a full
queue."#,
    ),
    (
        "queue.LifoQueue",
        None,
        r#"A queue whose get() gives the item put last (a stack)."#,
    ),
    (
        "queue.PriorityQueue",
        None,
        r#"A queue whose get() gives the smallest item first.

Items are usually (priority, data) tuples."#,
    ),
    (
        "queue.Queue",
        None,
        r#"A first-in first-out queue, safe to share between threads.

maxsize bounds the number of items (0 or less: no bound); put() into a
full queue waits for room."#,
    ),
    (
        "random.Random",
        None,
        r#"A pseudo-random number generator (a Mersenne Twister).

The module's functions are the methods of one hidden instance; make your
own instances for generators whose states do not interfere."#,
    ),
    (
        "select.poll",
        None,
        r#"An object that waits for events on the file descriptors registered
with it; select.poll() makes one."#,
    ),
    (
        "threading.Barrier",
        None,
        r#"A barrier: a fixed number of threads wait() at it, and all of them go
on once the last one arrives.

action, if given, is called by one of the threads when they are all
there; timeout is the default of wait()."#,
    ),
    (
        "threading.BoundedSemaphore",
        None,
        r#"A semaphore that refuses to be released more times than it was
acquired: such a release raises ValueError, a sign of a bug."#,
    ),
    (
        "threading.BrokenBarrierError",
        None,
        r#"Raised by a wait() at a barrier that is broken or is reset while
threads wait."#,
    ),
    (
        "threading.Condition",
        None,
        r#"A condition variable: threads wait() on it until another one, holding
its lock, notify()s them.

lock is the lock it uses (an RLock when none is given)."#,
    ),
    (
        "threading.Event",
        None,
        r#"An event: a flag that threads can wait() for until another thread
set()s it; clear() lowers it again."#,
    ),
    (
        "threading.ExceptHookArgs",
        None,
        r#"The argument of threading.excepthook: exc_type, exc_value,
exc_traceback and thread."#,
    ),
    (
        "threading.Semaphore",
        None,
        r#"A semaphore: a counter that acquire() lowers and release() raises;
acquire() waits while the counter is zero. value is where it starts
(1 by default)."#,
    ),
    (
        "threading.Thread",
        None,
        r#"A thread of control: run() is called in a thread of its own once
start() is called.

Give the work as target (called with args and kwargs) or override run()
in a subclass. name is for messages; a daemon thread does not keep the
program alive."#,
    ),
    (
        "threading.Timer",
        None,
        r#"A thread that calls a function after a given number of seconds, unless
cancel() is called first."#,
    ),
    (
        "threading.local",
        None,
        r#"Data local to a thread: each thread sees its own attributes of the same
instance."#,
    ),
    (
        "time.struct_time",
        None,
        r#"The time as a named tuple of nine fields, the type gmtime(),
localtime() and strptime() give.

The fields are tm_year, tm_mon (1-12), tm_mday (1-31), tm_hour (0-23),
tm_min (0-59), tm_sec (0-61), tm_wday (0-6, Monday is 0), tm_yday
(1-366) and tm_isdst (1, 0 or -1); tm_zone and tm_gmtoff can be read as
attributes."#,
    ),
    (
        "weakref.CallableProxyType",
        None,
        r#"The type of proxies to callable objects."#,
    ),
    (
        "weakref.ProxyType",
        None,
        r#"The type of proxies to objects that are not callable."#,
    ),
    (
        "weakref.ReferenceType",
        None,
        r#"ref(object[, callback]) -> weak reference

A weak reference to the object: calling it gives the object, or None once
the object is gone. callback, if given, is called with the reference when
the object is about to be freed."#,
    ),
];
