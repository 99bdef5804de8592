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

        Hand over the descriptor: the socket object is closed, the descriptor stays
        open and is returned.
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


SocketType = _socket.socket


def close(fd):
    """Close the socket file descriptor fd."""
    import os
    os.close(fd)


def dup(fd):
    """A duplicate of the socket file descriptor fd."""
    import os
    return os.dup(fd)


def fromfd(fd, family, type, proto=0):
    """A socket object over a duplicate of the file descriptor fd."""
    return socket(family, type, proto, dup(fd))


def _ipv4_bytes(text):
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 and int(p) < 256 for p in parts):
        raise OSError("illegal IP address string passed to inet_pton")
    return bytes(int(p) for p in parts)


def _ipv6_bytes(text):
    bad = OSError("illegal IP address string passed to inet_pton")
    tail = b""
    if "." in text:
        # An IPv4 address in the last 32 bits (::ffff:1.2.3.4).
        head, _, last = text.rpartition(":")
        try:
            tail = _ipv4_bytes(last)
        except OSError:
            raise bad from None
        text = head + ":" if head.endswith(":") else head
    if text.count("::") > 1:
        raise bad
    groups_wanted = 8 - len(tail) // 2
    if "::" in text:
        left, right = text.split("::")
        left = left.split(":") if left else []
        right = right.split(":") if right else []
        missing = groups_wanted - len(left) - len(right)
        if missing < 1:
            raise bad
        groups = left + ["0"] * missing + right
    else:
        groups = text.split(":")
        if text.endswith(":") and tail:
            groups = groups[:-1]
    if len(groups) != groups_wanted:
        raise bad
    out = b""
    for group in groups:
        if not 1 <= len(group) <= 4 or any(c not in "0123456789abcdefABCDEF" for c in group):
            raise bad
        out += int(group, 16).to_bytes(2, "big")
    return out + tail


def inet_pton(address_family, ip_string):
    """The packed binary form (4 or 16 bytes) of an IPv4 or IPv6 address string."""
    if address_family == AF_INET:
        return _ipv4_bytes(ip_string)
    if address_family == AF_INET6:
        return _ipv6_bytes(ip_string)
    raise OSError(97, "Address family not supported by protocol")


def inet_ntop(address_family, packed_ip):
    """The text form of a packed IPv4 (4 bytes) or IPv6 (16 bytes) address."""
    packed_ip = bytes(packed_ip)
    if address_family == AF_INET:
        if len(packed_ip) != 4:
            raise ValueError("invalid length of packed IP address string")
        return ".".join(str(b) for b in packed_ip)
    if address_family != AF_INET6:
        raise ValueError("unknown address family %d" % address_family)
    if len(packed_ip) != 16:
        raise ValueError("invalid length of packed IP address string")
    words = [int.from_bytes(packed_ip[i:i + 2], "big") for i in range(0, 16, 2)]
    # The longest run of two or more zero groups (the first of equals) becomes "::".
    best_start, best_len, start = -1, 0, None
    for i, word in enumerate(words + [1]):
        if word == 0 and start is None:
            start = i
        elif word != 0 and start is not None:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = None
    if best_len < 2:
        best_start, best_len = -1, 0
    embedded = best_start == 0 and (best_len == 6 or best_len == 5 and words[5] == 0xFFFF)
    parts = []
    i = 0
    while i < 8:
        if i == best_start:
            parts.append("" if i else ":")
            i += best_len
            if i == 8:
                parts.append("")
            continue
        if embedded and i == 6:
            parts.append(".".join(str(b) for b in packed_ip[12:]))
            break
        parts.append("%x" % words[i])
        i += 1
    return ":".join(parts)


def _database(path):
    # The rows of /etc/services or /etc/protocols, as lists of fields (name, number and
    # aliases), comments left out.
    try:
        with open(path) as rows:
            for row in rows:
                fields = row.split("#", 1)[0].split()
                if len(fields) < 2:
                    continue
                yield fields
    except OSError:
        return


def getservbyname(servicename, protocolname=None):
    """The port number of a service (from /etc/services), for the protocol if given."""
    for fields in _database("/etc/services"):
        port, _, proto = fields[1].partition("/")
        if (servicename == fields[0] or servicename in fields[2:]) \
                and protocolname in (None, proto):
            return int(port)
    raise OSError("service/proto not found")


def getservbyport(port, protocolname=None):
    """The name of the service on a port (from /etc/services), for the protocol if given."""
    if not 0 <= port <= 65535:
        raise OverflowError("getservbyport: port must be 0-65535.")
    for fields in _database("/etc/services"):
        number, _, proto = fields[1].partition("/")
        if number == str(port) and protocolname in (None, proto):
            return fields[0]
    raise OSError("port/proto not found")


def getprotobyname(protocolname):
    """The number of a protocol (from /etc/protocols): getprotobyname('tcp') is 6."""
    for fields in _database("/etc/protocols"):
        if protocolname == fields[0] or protocolname in fields[2:]:
            return int(fields[1])
    raise OSError("protocol not found")


def _interfaces():
    import os
    found = []
    try:
        names = os.listdir("/sys/class/net")
    except OSError:
        return found
    for name in names:
        try:
            with open("/sys/class/net/%s/ifindex" % name) as f:
                found.append((int(f.read()), name))
        except (OSError, ValueError):
            pass
    return sorted(found)


def if_nameindex():
    """The network interfaces as (index, name) pairs."""
    return _interfaces()


def if_nametoindex(if_name):
    """The index of the network interface named if_name."""
    if not isinstance(if_name, str):
        raise TypeError("'%s' object cannot be interpreted as a str" % type(if_name).__name__)
    for index, name in _interfaces():
        if name == if_name:
            return index
    raise OSError("no interface with this name")


def if_indextoname(if_index):
    """The name of the network interface of index if_index."""
    if not isinstance(if_index, int):
        raise TypeError("an integer is required (got type %s)" % type(if_index).__name__)
    for index, name in _interfaces():
        if index == if_index:
            return name
    raise OSError(6, "No such device or address")
