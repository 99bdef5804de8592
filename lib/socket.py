"""Network sockets: TCP, UDP and Unix-domain connections.

socket() makes a socket object; create_connection() and create_server() make connected and
listening TCP sockets; makefile() gives a file object over a connected socket.
"""

import sys as _sys

if _sys.platform == "win32":
    raise ImportError(
        "minipy has no socket module on Windows: its sockets are built on POSIX poll(); "
        "run socket programs on Linux or macOS"
    )

import _socket
from _socket import *
from enum import IntEnum as _IntEnum

AddressFamily = _IntEnum(
    "AddressFamily", [(n, getattr(_socket, n)) for n in ("AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_INET6")]
)
SocketKind = _IntEnum(
    "SocketKind", [(n, getattr(_socket, n)) for n in ("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW")]
)
AddressFamily.__doc__ = "The address families (AF_*) as an IntEnum."
SocketKind.__doc__ = "The socket types (SOCK_*) as an IntEnum."
for _member in list(AddressFamily) + list(SocketKind):
    globals()[_member.name] = _member
del _member

error = OSError
timeout = TimeoutError

_GLOBAL_DEFAULT_TIMEOUT = object()


def _as_enum(value, enum_class):
    try:
        return enum_class(value)
    except ValueError:
        return value


class socket(_socket.socket):
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None) -> socket object"""

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        _socket.socket.__init__(self, family, type, proto, fileno)
        self._io_refs = 0
        self._closed = False

    @property
    def family(self):
        return _as_enum(self._family, AddressFamily)

    @property
    def type(self):
        return _as_enum(self._type, SocketKind)

    @property
    def proto(self):
        return self._proto

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if not self._closed:
            self.close()

    def __repr__(self):
        closed = getattr(self, "_closed", False)
        text = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__, self.__class__.__qualname__,
            " [closed]" if closed else "", self.fileno(),
            self.family, self.type, self.proto)
        if not closed:
            try:
                text += ", laddr=%s" % (self.getsockname(),)
            except OSError:
                pass
            try:
                text += ", raddr=%s" % (self.getpeername(),)
            except OSError:
                pass
        return text + ">"

    def __getstate__(self):
        raise TypeError("cannot pickle %r object" % self.__class__.__name__)

    def accept(self):
        """accept() -> (socket object, address info): a new connection."""
        fd, addr = self._accept()
        sock = socket(self._family, self._type, self._proto, fileno=fd)
        if getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, addr

    def dup(self):
        """dup() -> socket object

        A new socket object over a duplicate of this socket's file descriptor.
        """
        raise OSError("dup() is not supported")

    def makefile(self, mode="r", buffering=None, *, encoding=None, errors=None, newline=None):
        """A file object reading from and/or writing to the socket."""
        if not set(mode) <= {"r", "w", "b"}:
            raise ValueError("invalid mode %r (only r, w, b allowed)" % (mode,))
        self._io_refs += 1
        raw = SocketIO(self, mode.replace("b", ""))
        if "b" in mode:
            return raw
        return _TextSocketFile(raw, encoding or "utf-8", errors or "strict")

    def sendfile(self, file, offset=0, count=None):
        """Sends the bytes of the binary file `file` from `offset` (`count` of them, or to
        the end) with `sendall`, and returns how many were sent; the file is left positioned
        just after them."""
        if "b" not in getattr(file, "mode", "b"):
            raise ValueError("file should be opened in binary mode")
        if not self.type & SOCK_STREAM:
            raise ValueError("only SOCK_STREAM type sockets are supported")
        if count is not None:
            if not isinstance(count, int):
                raise TypeError("count must be a positive integer (got {!r})".format(count))
            if count <= 0:
                raise ValueError("count must be a positive integer (got {!r})".format(count))
        if offset:
            file.seek(offset)
        total = 0
        try:
            while count is None or total < count:
                size = 8192 if count is None else min(8192, count - total)
                data = file.read(size)
                if not data:
                    break
                self.sendall(data)
                total += len(data)
            return total
        finally:
            if total > 0 and hasattr(file, "seek"):
                file.seek(offset + total)

    def _decref_socketios(self):
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def close(self):
        """Close the socket (the connection is closed once the file objects made by
        makefile() are closed too).
        """
        self._closed = True
        if self._io_refs <= 0:
            _socket.socket.close(self)

    def detach(self):
        """detach() -> file descriptor

        Close the socket object without closing its file descriptor, and give
        the descriptor.
        """
        self._closed = True
        return _socket.socket.detach(self)


class SocketIO:
    """A binary file object over a socket (what makefile('rb') gives)."""

    def __init__(self, sock, mode):
        self._sock = sock
        self._reading = "r" in mode
        self._writing = "w" in mode
        self._buffer = b""
        self.closed = False

    def readable(self):
        """Whether the file object can be read from."""
        return self._reading

    def writable(self):
        """Whether the file object can be written to."""
        return self._writing

    def _fill(self):
        data = self._sock.recv(8192)
        self._buffer += data
        return bool(data)

    def read(self, size=-1):
        """Read at most size bytes from the socket (all of them until the peer
        closes when size is negative).
        """
        if size is None or size < 0:
            while self._fill():
                pass
            data, self._buffer = self._buffer, b""
            return data
        while len(self._buffer) < size and self._fill():
            pass
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def readline(self, size=-1):
        """Read one line, up to and with its b'\\n', from the socket."""
        while b"\n" not in self._buffer and self._fill():
            pass
        end = self._buffer.find(b"\n") + 1 or len(self._buffer)
        if size is not None and size >= 0:
            end = min(end, size)
        data, self._buffer = self._buffer[:end], self._buffer[end:]
        return data

    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def write(self, data):
        """Send the bytes over the socket and give how many were sent."""
        self._sock.sendall(data)
        return len(data)

    def flush(self):
        """Nothing to do: the file object keeps no buffer of its own."""
        pass

    def close(self):
        """Close the file object; the socket is closed once it and its other file
        objects are closed.
        """
        if not self.closed:
            self.closed = True
            self._sock._decref_socketios()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class _TextSocketFile:
    """A text file object over a SocketIO."""

    def __init__(self, raw, encoding, errors):
        self._raw = raw
        self._encoding = encoding
        self._errors = errors

    def read(self, size=-1):
        return self._raw.read(size).decode(self._encoding, self._errors)

    def readline(self, size=-1):
        return self._raw.readline(size).decode(self._encoding, self._errors)

    def __iter__(self):
        for line in self._raw:
            yield line.decode(self._encoding, self._errors)

    def write(self, text):
        self._raw.write(text.encode(self._encoding, self._errors))
        return len(text)

    def flush(self):
        pass

    def close(self):
        self._raw.close()

    @property
    def closed(self):
        return self._raw.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0):
    """Two connected sockets."""
    a, b = _socket._socketpair(family, type)
    return socket(family, type, proto, a), socket(family, type, proto, b)


def create_connection(address, timeout=_GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """Connect to a TCP service at (host, port) and return the socket."""
    host, port = address
    family = AF_INET6 if ":" in host else AF_INET
    sock = socket(family, SOCK_STREAM)
    try:
        if timeout is not _GLOBAL_DEFAULT_TIMEOUT:
            sock.settimeout(timeout)
        if source_address:
            sock.bind(source_address)
        sock.connect((host, port))
        return sock
    except BaseException:
        sock.close()
        raise


def create_server(address, *, family=AF_INET, backlog=None, reuse_port=False,
                  dualstack_ipv6=False):
    """A TCP socket bound to address and listening."""
    sock = socket(family, SOCK_STREAM)
    try:
        sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)
        sock.bind(address)
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except BaseException:
        sock.close()
        raise


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """A list of (family, type, proto, canonname, sockaddr) for connecting to host:port."""
    return [(_as_enum(af, AddressFamily), _as_enum(kind, SocketKind), pr, canonname, sa)
            for af, kind, pr, canonname, sa in
            _socket.getaddrinfo(host, port, family, type, proto, flags)]


def getfqdn(name=""):
    """The fully qualified domain name of name (of this host when name is empty
    or '0.0.0.0'), or name itself when none is found.
    """
    return name or gethostname()
