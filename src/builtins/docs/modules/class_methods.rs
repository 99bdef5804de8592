//! The docstrings and text signatures of the methods of the native modules' classes other
//! than the streams (`io.rs`), filed as `module.Class.name`.

pub(in crate::builtins::docs) static METHODS: super::Table = &[
    (
        "_socket.socket.bind",
        None,
        r#"bind(address)

Give the socket a local address: (host, port) for AF_INET."#,
    ),
    (
        "_socket.socket.connect",
        None,
        r#"connect(address)

Connect to a remote socket at address, waiting (up to the timeout) until it is done."#,
    ),
    (
        "_socket.socket.connect_ex",
        None,
        r#"connect_ex(address) -> errno

Like connect, but an error comes back as its errno (0 on success) instead of an exception."#,
    ),
    (
        "_socket.socket.detach",
        None,
        r#"detach()

Hand over the file descriptor: the socket object is closed, the descriptor stays open and is returned."#,
    ),
    (
        "_socket.socket.fileno",
        None,
        r#"fileno() -> integer

The socket's file descriptor (-1 once closed)."#,
    ),
    (
        "_socket.socket.getblocking",
        None,
        r#"getblocking()

True when the socket blocks, False when it is non-blocking or has a timeout of 0."#,
    ),
    (
        "_socket.socket.getpeername",
        None,
        r#"getpeername() -> address info

The address of the remote end of a connected socket."#,
    ),
    (
        "_socket.socket.getsockname",
        None,
        r#"getsockname() -> address info

The socket's own local address."#,
    ),
    (
        "_socket.socket.getsockopt",
        None,
        r#"getsockopt(level, option[, buffersize]) -> value

Read a socket option: an int, or bytes when buffersize is given."#,
    ),
    (
        "_socket.socket.gettimeout",
        None,
        r#"gettimeout() -> timeout

The timeout of the socket's operations in seconds, or None when they block without limit."#,
    ),
    (
        "_socket.socket.listen",
        None,
        r#"listen([backlog])

Accept connections from now on; backlog bounds how many wait unaccepted."#,
    ),
    (
        "_socket.socket.recv",
        None,
        r#"recv(buffersize[, flags]) -> data

Read at most buffersize bytes; b'' means the other end has closed."#,
    ),
    (
        "_socket.socket.recvfrom",
        None,
        r#"recvfrom(buffersize[, flags]) -> (data, address info)

Read a datagram of at most buffersize bytes, with the address it came from."#,
    ),
    (
        "_socket.socket.sendall",
        None,
        r#"sendall(data[, flags])

Send all of data, as many sends as it takes; an error leaves unknown how much was sent."#,
    ),
    (
        "_socket.socket.sendto",
        None,
        r#"sendto(data[, flags], address) -> count

Send a datagram to address; the number of bytes sent."#,
    ),
    (
        "_socket.socket.setblocking",
        None,
        r#"setblocking(flag)

Make the socket blocking (flag true) or non-blocking (flag false)."#,
    ),
    (
        "_socket.socket.setsockopt",
        None,
        r#"setsockopt(level, option, value: int)

Set a socket option to an int, or to bytes for options that take a buffer."#,
    ),
    (
        "_socket.socket.settimeout",
        None,
        r#"settimeout(timeout)

Limit each blocking operation to timeout seconds (None: no limit, 0: non-blocking)."#,
    ),
    (
        "_socket.socket.shutdown",
        None,
        r#"shutdown(flag)

Shut down reading (SHUT_RD), writing (SHUT_WR) or both (SHUT_RDWR)."#,
    ),
    (
        "_queue.SimpleQueue.empty",
        Some("($self, /)"),
        r#"Whether the queue is empty (the answer may be stale at once)."#,
    ),
    (
        "_queue.SimpleQueue.get",
        Some("($self, /, block=True, timeout=None)"),
        r#"Remove the oldest item and return it.

With block true (the default) it waits for an item, at most timeout
seconds when timeout is a number, and raises Empty if none came. With
block false it takes an item only if one is there at once, else raises
Empty (timeout is then ignored)."#,
    ),
    (
        "_queue.SimpleQueue.get_nowait",
        Some("($self, /)"),
        r#"Remove an item and return it if one is there at once, else raise Empty;
the same as get(False)."#,
    ),
    (
        "_queue.SimpleQueue.put",
        Some("($self, /, item, block=True, timeout=None)"),
        r#"Add the item to the queue.

The queue has no bound, so this never waits; block and timeout are there
to match Queue.put()."#,
    ),
    (
        "_queue.SimpleQueue.put_nowait",
        Some("($self, /, item)"),
        r#"Add the item to the queue; the same as put(item), kept to match
Queue.put_nowait()."#,
    ),
    (
        "_queue.SimpleQueue.qsize",
        Some("($self, /)"),
        r#"How many items the queue holds (the answer may be stale at once)."#,
    ),
    (
        "array.array.append",
        Some("($self, v, /)"),
        r#"Put a new item with value v at the end of the array."#,
    ),
    (
        "array.array.buffer_info",
        Some("($self, /)"),
        r#"The address of the array's memory and its length in items, as a tuple
(address, length); their product times itemsize is the size in bytes."#,
    ),
    (
        "array.array.byteswap",
        Some("($self, /)"),
        r#"Reverse the byte order of every item, for data written on a machine of
the other byte order. Only for items of 1, 2, 4 or 8 bytes."#,
    ),
    (
        "array.array.count",
        Some("($self, v, /)"),
        r#"How many items are equal to v."#,
    ),
    (
        "array.array.extend",
        Some("($self, bb, /)"),
        r#"Add the items of the iterable (or of an array of the same typecode) at
the end."#,
    ),
    (
        "array.array.frombytes",
        Some("($self, buffer, /)"),
        r#"Add items read from the bytes-like object, as machine values of the
array's type, at the end."#,
    ),
    (
        "array.array.fromfile",
        Some("($self, f, n, /)"),
        r#"Read n items (as machine values) from the binary file f and add them at
the end; EOFError when fewer are there (those read are still added)."#,
    ),
    (
        "array.array.fromlist",
        Some("($self, list, /)"),
        r#"Add the items of the list at the end (all or none of them)."#,
    ),
    (
        "array.array.fromunicode",
        Some("($self, ustr, /)"),
        r#"Add the characters of the str at the end; only for arrays of type 'u'
(use frombytes() for others)."#,
    ),
    (
        "array.array.index",
        Some("($self, v, start=0, stop=sys.maxsize, /)"),
        r#"The index of the first item equal to v, searched in [start:stop];
ValueError when there is none."#,
    ),
    (
        "array.array.insert",
        Some("($self, i, v, /)"),
        r#"Put a new item with value v before position i."#,
    ),
    (
        "array.array.pop",
        Some("($self, i=-1, /)"),
        r#"Remove the item at position i (the last by default) and return it."#,
    ),
    (
        "array.array.remove",
        Some("($self, v, /)"),
        r#"Remove the first item equal to v."#,
    ),
    (
        "array.array.reverse",
        Some("($self, /)"),
        r#"Reverse the order of the items, in place."#,
    ),
    (
        "array.array.tobytes",
        Some("($self, /)"),
        r#"The items as machine values, in a bytes object."#,
    ),
    (
        "array.array.tofile",
        Some("($self, f, /)"),
        r#"Write the items, as machine values, to the binary file f."#,
    ),
    (
        "array.array.tolist",
        Some("($self, /)"),
        r#"The items, in an ordinary list."#,
    ),
    (
        "array.array.tounicode",
        Some("($self, /)"),
        r#"The items of an array of type 'u', as a str (use tobytes() for other
types)."#,
    ),
    (
        "queue.Queue.empty",
        None,
        r#"Whether the queue is empty (the answer may be stale at once)."#,
    ),
    (
        "queue.Queue.full",
        None,
        r#"Whether the queue is full (the answer may be stale at once)."#,
    ),
    (
        "queue.Queue.get",
        None,
        r#"Remove an item and return it.

With block true (the default) it waits for an item, at most timeout
seconds when timeout is a non-negative number, and raises Empty if none
came. With block false it takes an item only if one is there at once,
else raises Empty (timeout is then ignored)."#,
    ),
    (
        "queue.Queue.get_nowait",
        None,
        r#"Remove an item and return it if one is there at once, else raise Empty;
the same as get(False)."#,
    ),
    (
        "queue.Queue.join",
        None,
        r#"Wait until every item put into the queue has been got and processed.

Each put() adds one to the count of unfinished tasks and each
task_done() takes one away; join() returns when the count is zero."#,
    ),
    (
        "queue.Queue.put",
        None,
        r#"Add an item to the queue.

With block true (the default) it waits for room, at most timeout seconds
when timeout is a non-negative number, and raises Full if none came.
With block false it adds the item only if there is room at once, else
raises Full (timeout is then ignored)."#,
    ),
    (
        "queue.Queue.put_nowait",
        None,
        r#"Add an item if there is room at once, else raise Full; the same as
put(item, False)."#,
    ),
    (
        "queue.Queue.qsize",
        None,
        r#"How many items the queue holds (the answer may be stale at once)."#,
    ),
    (
        "queue.Queue.task_done",
        None,
        r#"Say that an item got from the queue has been processed.

Consumer threads call it once for each get(), so that join() knows when
all the work is done; more calls than items put raise ValueError."#,
    ),
    (
        "select.poll.modify",
        Some("($self, fd, eventmask, /)"),
        r#"Change the events waited for on a registered file descriptor (or object
with a fileno() method); OSError when it is not registered."#,
    ),
    (
        "select.poll.poll",
        Some("($self, timeout=None, /)"),
        r#"Wait for events on the registered file descriptors and return a list of
(fd, event) pairs, one for each descriptor with something to report.

timeout is in milliseconds; None or a negative number waits without
limit. The list is empty when the timeout passed first."#,
    ),
    (
        "select.poll.register",
        Some("($self, fd,\n         eventmask=select.POLLIN | select.POLLPRI | select.POLLOUT, /)"),
        r#"Wait for events on the file descriptor (or object with a fileno()
method) from now on.

eventmask combines the POLLIN, POLLPRI and POLLOUT constants; registering
a descriptor again changes its mask."#,
    ),
    (
        "select.poll.unregister",
        Some("($self, fd, /)"),
        r#"Stop waiting for events on the file descriptor (or object with a
fileno() method); KeyError when it is not registered."#,
    ),
    (
        "threading.Barrier.abort",
        None,
        r#"Put the barrier into the broken state: threads waiting at it, and those
that wait later, get BrokenBarrierError."#,
    ),
    (
        "threading.Barrier.reset",
        None,
        r#"Put the barrier back into its empty, unbroken state; threads waiting at
it get BrokenBarrierError."#,
    ),
    (
        "threading.Barrier.wait",
        None,
        r#"Wait at the barrier until all the parties have arrived, and return an
integer from 0 to parties - 1 that differs for each thread.

Raises BrokenBarrierError when the barrier is broken, reset or aborted
while waiting, or when timeout seconds pass first (which breaks it)."#,
    ),
    (
        "threading.BoundedSemaphore.acquire",
        None,
        r#"Lower the counter by one, waiting while it is zero.

With blocking false it does not wait, and returns False when it could not
lower the counter; with a timeout it waits at most that many seconds.
Returns True once the counter was lowered."#,
    ),
    (
        "threading.BoundedSemaphore.release",
        None,
        r#"Release the semaphore n times, raising its counter and waking waiting
threads; ValueError if that would take the counter past its starting
value."#,
    ),
    (
        "threading.Condition.acquire",
        None,
        r#"Acquire the condition's lock; the arguments and result are those of the
lock's acquire()."#,
    ),
    (
        "threading.Condition.notify",
        None,
        r#"Wake up at most n of the threads waiting on the condition (one by
default). The calling thread must hold the lock."#,
    ),
    (
        "threading.Condition.notifyAll",
        None,
        r#"Wake up every thread waiting on the condition.

An older name of notify_all()."#,
    ),
    (
        "threading.Condition.notify_all",
        None,
        r#"Wake up every thread waiting on the condition. The calling thread must
hold the lock."#,
    ),
    (
        "threading.Condition.release",
        None,
        r#"Release the condition's lock."#,
    ),
    (
        "threading.Condition.wait",
        None,
        r#"Release the lock and wait until notified, or until timeout seconds pass
when timeout is given; then take the lock again.

The calling thread must hold the lock. Returns False when the timeout
passed first, True otherwise."#,
    ),
    (
        "threading.Condition.wait_for",
        None,
        r#"Wait until predicate() is true, calling it first and after each wake-up,
for at most timeout seconds when timeout is given.

Returns the last value the predicate gave (false when the time ran out).
The calling thread must hold the lock."#,
    ),
    (
        "threading.Event.clear",
        None,
        r#"Lower the flag: wait() blocks again until set() is called."#,
    ),
    (
        "threading.Event.isSet",
        None,
        r#"Whether the flag is set.

An older name of is_set()."#,
    ),
    (
        "threading.Event.is_set",
        None,
        r#"Whether the flag is set."#,
    ),
    (
        "threading.Event.set",
        None,
        r#"Raise the flag and wake every thread waiting for it."#,
    ),
    (
        "threading.Event.wait",
        None,
        r#"Wait until the flag is set, for at most timeout seconds when timeout is
given, and return the flag (False only when the time ran out)."#,
    ),
    (
        "threading.Semaphore.acquire",
        None,
        r#"Lower the counter by one, waiting while it is zero.

With blocking false it does not wait, and returns False when it could not
lower the counter; with a timeout it waits at most that many seconds.
Returns True once the counter was lowered."#,
    ),
    (
        "threading.Semaphore.release",
        None,
        r#"Raise the counter by n (one by default) and wake as many waiting
threads."#,
    ),
    (
        "threading.Thread.getName",
        None,
        r#"The thread's name.

An older way of reading the name attribute."#,
    ),
    (
        "threading.Thread.isDaemon",
        None,
        r#"Whether the thread is a daemon thread.

An older way of reading the daemon attribute."#,
    ),
    (
        "threading.Thread.is_alive",
        None,
        r#"Whether the thread is running: true from just before run() begins until
just after it ends."#,
    ),
    (
        "threading.Thread.join",
        None,
        r#"Wait until the thread ends, for at most timeout seconds when timeout is
given (check is_alive() afterwards to know which came first).

Joining the current thread, or a thread not yet started, raises
RuntimeError."#,
    ),
    (
        "threading.Thread.run",
        None,
        r#"What the thread does: call the target given to the constructor with its
args and kwargs. Subclasses may override it."#,
    ),
    (
        "threading.Thread.setDaemon",
        None,
        r#"Make the thread a daemon thread or not.

An older way of setting the daemon attribute."#,
    ),
    (
        "threading.Thread.setName",
        None,
        r#"Set the thread's name.

An older way of setting the name attribute."#,
    ),
    (
        "threading.Thread.start",
        None,
        r#"Start the thread: its run() is called in a thread of its own.

It may be called once per thread object; a second call raises
RuntimeError."#,
    ),
];
