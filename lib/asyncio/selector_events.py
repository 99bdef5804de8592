"""The event loop with sockets: a selector watches the descriptors tasks wait on
(add_reader/add_writer), the sock_* coroutines wait on them, and a socket transport moves
bytes between a connected socket and a protocol (what streams build on). A wait on a socket
is a real wait, also under --virtual-time: only the timers run on the virtual clock."""

__all__ = ('SelectorEventLoop', 'Server')

import time
from _asyncio import virtual_time as _virtual_time

from . import base_events
from . import events
from . import exceptions
from . import futures

_VIRTUAL_TIME = _virtual_time()

# _EVENT_READ and EVENT_WRITE: the selectors and socket modules are imported on
# first use, so that a program without sockets does not pay for them.
_EVENT_READ = 1
_EVENT_WRITE = 2
_SHUT_WR = 1  # socket.SHUT_WR


class BaseSelectorEventLoop(base_events.BaseEventLoop):

    def __init__(self, selector=None):
        super().__init__()
        self._selector = selector
        self._ssock = None
        self._csock = None

    def _ensure_selector(self):
        """Makes the selector on first use, with the socket pair that wakes it when another
        thread calls call_soon_threadsafe."""
        if self._selector is None:
            import selectors
            self._selector = selectors.DefaultSelector()
        if self._ssock is None:
            import socket
            self._ssock, self._csock = socket.socketpair()
            self._ssock.setblocking(False)
            self._csock.setblocking(False)
            handle = events.Handle(self._read_from_self, (), self)
            self._selector.register(self._ssock.fileno(), _EVENT_READ, (handle, None))
        return self._selector

    def _read_from_self(self):
        try:
            while self._ssock.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _write_to_self(self):
        csock = self._csock
        if csock is not None:
            try:
                csock.send(b'\0')
            except OSError:
                pass

    def _io_waiting(self):
        """Whether some descriptor besides the wake-up socket is watched."""
        selector = self._selector
        return selector is not None and len(selector._fd_to_key) > (self._ssock is not None)

    def _process_io(self, timeout):
        """Waits for the watched descriptors (at most `timeout` seconds, None: until one is
        ready) and queues the callbacks of those ready. Under --virtual-time a wait with a
        timeout only polls, then moves the virtual clock on to the timer."""
        if self._threadsafe is not None:
            self._drain_threadsafe(False, None)
            if self._ready:
                timeout = 0
        if _VIRTUAL_TIME and timeout is not None and timeout > 0:
            ready = self._selector.select(0)
            if not ready:
                time.sleep(timeout)
        else:
            ready = self._selector.select(timeout)
        for key, mask in ready:
            reader, writer = key.data
            if mask & _EVENT_READ and reader is not None:
                if reader._cancelled:
                    self._remove_reader(key.fd)
                else:
                    self._ready.append(reader)
            if mask & _EVENT_WRITE and writer is not None:
                if writer._cancelled:
                    self._remove_writer(key.fd)
                else:
                    self._ready.append(writer)
        if self._threadsafe is not None:
            self._drain_threadsafe(False, None)

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self.is_closed():
            return
        super().close()
        if self._ssock is not None:
            self._ssock.close()
            self._csock.close()
            self._ssock = self._csock = None
        if self._selector is not None:
            self._selector.close()
            self._selector = None

    # ----- watching descriptors -----

    # A watched descriptor's key data is (reader handle, writer handle); `side` is 0 for the
    # reader and 1 for the writer.

    def _add_watch(self, fd, event, side, callback, args):
        self._check_closed()
        selector = self._ensure_selector()
        handle = events.Handle(callback, args, self, None)
        try:
            key = selector.get_key(fd)
        except KeyError:
            data = [None, None]
            data[side] = handle
            selector.register(fd, event, tuple(data))
        else:
            data = list(key.data)
            old, data[side] = data[side], handle
            selector.modify(fd, key.events | event, tuple(data))
            if old is not None:
                old.cancel()
        return handle

    def _remove_watch(self, fd, event, side):
        if self.is_closed() or self._selector is None:
            return False
        try:
            key = self._selector.get_key(fd)
        except KeyError:
            return False
        data = list(key.data)
        old, data[side] = data[side], None
        mask = key.events & ~event
        if not mask:
            self._selector.unregister(fd)
        else:
            self._selector.modify(fd, mask, tuple(data))
        if old is not None:
            old.cancel()
            return True
        return False

    def _add_reader(self, fd, callback, *args):
        return self._add_watch(fd, _EVENT_READ, 0, callback, args)

    def _remove_reader(self, fd):
        return self._remove_watch(fd, _EVENT_READ, 0)

    def _add_writer(self, fd, callback, *args):
        return self._add_watch(fd, _EVENT_WRITE, 1, callback, args)

    def _remove_writer(self, fd):
        return self._remove_watch(fd, _EVENT_WRITE, 1)

    def add_reader(self, fd, callback, *args):
        """Calls callback(*args) each time fd can be read."""
        self._add_reader(fd, callback, *args)

    def remove_reader(self, fd):
        return self._remove_reader(fd)

    def add_writer(self, fd, callback, *args):
        """Calls callback(*args) each time fd can be written."""
        self._add_writer(fd, callback, *args)

    def remove_writer(self, fd):
        return self._remove_writer(fd)

    # ----- socket operations as coroutines -----

    def _io_future(self, what, fd):
        fut = self.create_future()
        fut._waits_for = f'a socket to be {what} (fd {fd})'
        return fut

    def _read_done(self, fd, handle, fut):
        if not handle._cancelled:
            self._remove_reader(fd)

    def _write_done(self, fd, handle, fut):
        if not handle._cancelled:
            self._remove_writer(fd)

    async def sock_recv(self, sock, n):
        """Receives up to n bytes from the non-blocking socket sock."""
        try:
            return sock.recv(n)
        except (BlockingIOError, InterruptedError):
            pass
        fd = sock.fileno()
        fut = self._io_future('readable', fd)
        handle = self._add_reader(fd, self._sock_recv, fut, sock, n)
        fut.add_done_callback(lambda f: self._read_done(fd, handle, f))
        return await fut

    def _sock_recv(self, fut, sock, n):
        _settle(fut, sock.recv, n)

    async def sock_sendall(self, sock, data):
        """Sends all of data on the non-blocking socket sock."""
        data = bytes(data)
        try:
            n = sock.send(data)
        except (BlockingIOError, InterruptedError):
            n = 0
        if n == len(data):
            return
        fd = sock.fileno()
        fut = self._io_future('writable', fd)
        handle = self._add_writer(fd, self._sock_sendall, fut, sock, [data[n:]])
        fut.add_done_callback(lambda f: self._write_done(fd, handle, f))
        return await fut

    def _sock_sendall(self, fut, sock, left):
        if fut.done():
            return
        try:
            n = sock.send(left[0])
        except (BlockingIOError, InterruptedError):
            return
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            fut.set_exception(exc)
            return
        left[0] = left[0][n:]
        if not left[0]:
            fut.set_result(None)

    async def sock_connect(self, sock, address):
        """Connects the non-blocking socket sock to address."""
        fut = self.create_future()
        try:
            sock.connect(address)
        except (BlockingIOError, InterruptedError):
            fd = sock.fileno()
            fut._waits_for = f'a connection to {address!r}'
            handle = self._add_writer(fd, self._sock_connect_cb, fut, sock, address)
            fut.add_done_callback(lambda f: self._write_done(fd, handle, f))
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            fut.set_exception(exc)
        else:
            fut.set_result(None)
        try:
            return await fut
        finally:
            fut = None

    def _sock_connect_cb(self, fut, sock, address):
        _settle(fut, _connect_result, sock, address)

    async def sock_accept(self, sock):
        """Accepts a connection on the listening non-blocking socket sock: (conn, address)."""
        try:
            return _accept_nonblocking(sock)
        except (BlockingIOError, InterruptedError):
            pass
        fd = sock.fileno()
        fut = self._io_future('readable', fd)
        handle = self._add_reader(fd, self._sock_accept, fut, sock)
        fut.add_done_callback(lambda f: self._read_done(fd, handle, f))
        return await fut

    def _sock_accept(self, fut, sock):
        _settle(fut, _accept_nonblocking, sock)

    # ----- connections and servers -----

    async def create_connection(self, protocol_factory, host=None, port=None, *,
                                family=0, proto=0, flags=0, sock=None, local_addr=None,
                                server_hostname=None, ssl=None, **kwargs):
        """Connects to host:port over TCP: returns (transport, protocol)."""
        if ssl:
            raise NotImplementedError('ssl is not supported')
        import socket
        if sock is None:
            if host is None and port is None:
                raise ValueError('host and port was not specified and no sock specified')
            infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM, proto, flags)
            if not infos:
                raise OSError('getaddrinfo() returned empty list')
            errors = []
            for af, kind, pr, _, address in infos:
                sock = socket.socket(af, kind, pr)
                try:
                    sock.setblocking(False)
                    if local_addr is not None:
                        sock.bind(local_addr)
                    await self.sock_connect(sock, address)
                except OSError as exc:
                    sock.close()
                    sock = None
                    errors.append(exc)
                except BaseException:
                    sock.close()
                    raise
                else:
                    break
            if sock is None:
                if len(errors) == 1 or all(str(e) == str(errors[0]) for e in errors):
                    raise errors[0]
                raise OSError('Multiple exceptions: {}'.format(
                    ', '.join(str(exc) for exc in errors)))
        else:
            sock.setblocking(False)
        protocol = protocol_factory()
        waiter = self.create_future()
        transport = _SocketTransport(self, sock, protocol, waiter)
        try:
            await waiter
        except BaseException:
            transport.close()
            raise
        return transport, protocol

    async def create_server(self, protocol_factory, host=None, port=None, *,
                            family=0, flags=1, sock=None,
                            backlog=100, ssl=None, reuse_address=None, reuse_port=None,
                            start_serving=True, **kwargs):
        """Listens on host:port over TCP; each connection gets a protocol from
        protocol_factory. Returns the Server."""
        if ssl:
            raise NotImplementedError('ssl is not supported')
        import socket
        if sock is not None:
            sockets = [sock]
        else:
            if host == '' or host is None:
                hosts = [None]
            elif isinstance(host, str):
                hosts = [host]
            else:
                hosts = list(host)
            infos = []
            for h in hosts:
                for info in socket.getaddrinfo(h, port, family, socket.SOCK_STREAM, 0, flags):
                    if info not in infos:
                        infos.append(info)
            sockets = []
            try:
                for af, kind, pr, _, address in infos:
                    sock = socket.socket(af, kind, pr)
                    sockets.append(sock)
                    if reuse_address is not False:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, True)
                    if reuse_port:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, True)
                    try:
                        sock.bind(address)
                    except OSError as err:
                        raise OSError(err.errno, 'error while attempting to bind on address '
                                      '%r: %s' % (address, err.strerror.lower())) from None
            except BaseException:
                for sock in sockets:
                    sock.close()
                raise
        for sock in sockets:
            sock.setblocking(False)
        server = Server(self, sockets, protocol_factory, backlog)
        if start_serving:
            server._start_serving()
            await _sleep0()
        return server

    def _start_serving(self, protocol_factory, sock, server, backlog):
        self._add_reader(sock.fileno(), self._accept_connection, protocol_factory, sock,
                         server, backlog)

    def _stop_serving(self, sock):
        self._remove_reader(sock.fileno())
        sock.close()

    def _accept_connection(self, protocol_factory, sock, server, backlog):
        for _ in range(backlog):
            try:
                conn, address = sock.accept()
                conn.setblocking(False)
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return
            except OSError as exc:
                self.call_exception_handler({
                    'message': 'socket.accept() out of system resource',
                    'exception': exc,
                    'socket': sock,
                })
                return
            _SocketTransport(self, conn, protocol_factory(), None, {'peername': address},
                             server)


async def _sleep0():
    """Lets the tasks the server just scheduled run once (as CPython's create_server)."""
    from . import tasks
    await tasks.sleep(0)


class _SocketTransport:
    """A connected socket and its protocol: what arrives goes to protocol.data_received,
    what is written goes out (buffered while the socket is full)."""

    max_size = 256 * 1024

    def __init__(self, loop, sock, protocol, waiter=None, extra=None, server=None):
        self._loop = loop
        self._sock = sock
        self._sock_fd = sock.fileno()
        self._protocol = protocol
        self._server = server
        self._buffer = bytearray()
        self._closing = False
        self._eof = False
        self._paused = False
        self._conn_lost = 0
        self._protocol_paused = False
        self._high_water = 64 * 1024
        self._low_water = 16 * 1024
        self._extra = {'socket': sock}
        try:
            self._extra['sockname'] = sock.getsockname()
        except OSError:
            self._extra['sockname'] = None
        if extra is None or 'peername' not in extra:
            try:
                self._extra['peername'] = sock.getpeername()
            except OSError:
                self._extra['peername'] = None
        if extra:
            self._extra.update(extra)
        if server is not None:
            server._attach()
        loop.call_soon(protocol.connection_made, self)
        loop.call_soon(self._start_reading)
        if waiter is not None:
            loop.call_soon(futures._set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        state = ' closing' if self._closing else ''
        return f'<_SelectorSocketTransport fd={self._sock_fd}{state}>'

    def get_extra_info(self, name, default=None):
        return self._extra.get(name, default)

    def get_protocol(self):
        return self._protocol

    def set_protocol(self, protocol):
        self._protocol = protocol

    def is_closing(self):
        return self._closing

    def is_reading(self):
        return not self._paused and not self._closing

    def _start_reading(self):
        if not self._closing and not self._paused:
            self._loop._add_reader(self._sock_fd, self._read_ready)

    def pause_reading(self):
        if self._closing or self._paused:
            return
        self._paused = True
        self._loop._remove_reader(self._sock_fd)

    def resume_reading(self):
        if self._closing or not self._paused:
            return
        self._paused = False
        self._loop._add_reader(self._sock_fd, self._read_ready)

    def _read_ready(self):
        if self._conn_lost:
            return
        try:
            data = self._sock.recv(self.max_size)
        except (BlockingIOError, InterruptedError):
            return
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._fatal_error(exc)
            return
        if not data:
            self._loop._remove_reader(self._sock_fd)
            keep_open = self._protocol.eof_received()
            if not keep_open:
                self.close()
            return
        self._protocol.data_received(data)

    def write(self, data):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f'data argument must be a bytes-like object, '
                            f'not {type(data).__name__!r}')
        if self._eof:
            raise RuntimeError('Cannot call write() after write_eof()')
        if not data:
            return
        if self._conn_lost:
            self._conn_lost += 1
            return
        if not self._buffer:
            try:
                n = self._sock.send(data)
            except (BlockingIOError, InterruptedError):
                n = 0
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc)
                return
            data = data[n:]
            if not data:
                return
            self._loop._add_writer(self._sock_fd, self._write_ready)
        self._buffer.extend(data)
        self._maybe_pause_protocol()

    def writelines(self, list_of_data):
        self.write(b''.join(list_of_data))

    def _write_ready(self):
        if self._conn_lost:
            return
        try:
            n = self._sock.send(bytes(self._buffer))
        except (BlockingIOError, InterruptedError):
            return
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop._remove_writer(self._sock_fd)
            self._buffer.clear()
            self._fatal_error(exc)
            return
        del self._buffer[:n]
        self._maybe_resume_protocol()
        if not self._buffer:
            self._loop._remove_writer(self._sock_fd)
            if self._closing:
                self._call_connection_lost(None)
            elif self._eof:
                self._sock.shutdown(_SHUT_WR)

    def _maybe_pause_protocol(self):
        if len(self._buffer) > self._high_water and not self._protocol_paused:
            self._protocol_paused = True
            self._protocol.pause_writing()

    def _maybe_resume_protocol(self):
        if self._protocol_paused and len(self._buffer) <= self._low_water:
            self._protocol_paused = False
            self._protocol.resume_writing()

    def get_write_buffer_size(self):
        return len(self._buffer)

    def get_write_buffer_limits(self):
        return (self._low_water, self._high_water)

    def set_write_buffer_limits(self, high=None, low=None):
        if high is None:
            high = 64 * 1024 if low is None else 4 * low
        if low is None:
            low = high // 4
        if not high >= low >= 0:
            raise ValueError(f'high ({high!r}) must be >= low ({low!r}) must be >= 0')
        self._high_water = high
        self._low_water = low
        self._maybe_pause_protocol()

    def can_write_eof(self):
        return True

    def write_eof(self):
        if self._closing or self._eof:
            return
        self._eof = True
        if not self._buffer:
            self._sock.shutdown(_SHUT_WR)

    def close(self):
        if self._closing:
            return
        self._closing = True
        self._loop._remove_reader(self._sock_fd)
        if not self._buffer:
            self._conn_lost += 1
            self._loop.call_soon(self._call_connection_lost, None)

    def abort(self):
        self._force_close(None)

    def _fatal_error(self, exc):
        if not isinstance(exc, OSError):
            self._loop.call_exception_handler({
                'message': 'Fatal error on transport',
                'exception': exc,
                'transport': self,
                'protocol': self._protocol,
            })
        self._force_close(exc)

    def _force_close(self, exc):
        if self._conn_lost:
            return
        if self._buffer:
            self._buffer.clear()
            self._loop._remove_writer(self._sock_fd)
        if not self._closing:
            self._closing = True
            self._loop._remove_reader(self._sock_fd)
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, exc)

    def _call_connection_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.close()
            self._sock = None
            self._protocol = None
            server = self._server
            if server is not None:
                server._detach()
                self._server = None


class Server:
    """A listening TCP server (what start_server and create_server return)."""

    def __init__(self, loop, sockets, protocol_factory, backlog):
        self._loop = loop
        self._sockets = sockets
        self._active_count = 0
        self._waiters = []
        self._protocol_factory = protocol_factory
        self._backlog = backlog
        self._serving = False
        self._serving_forever_fut = None

    def __repr__(self):
        return f'<{self.__class__.__name__} sockets={self.sockets!r}>'

    def _attach(self):
        self._active_count += 1

    def _detach(self):
        self._active_count -= 1
        if self._active_count == 0 and self._sockets is None:
            self._wakeup()

    def _wakeup(self):
        waiters = self._waiters
        self._waiters = None
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(waiter)

    def _start_serving(self):
        if self._serving:
            return
        self._serving = True
        for sock in self._sockets:
            sock.listen(self._backlog)
            self._loop._start_serving(self._protocol_factory, sock, self, self._backlog)

    def get_loop(self):
        return self._loop

    def is_serving(self):
        return self._serving

    @property
    def sockets(self):
        if self._sockets is None:
            return ()
        return tuple(self._sockets)

    def close(self):
        """Stops listening (connections already made go on)."""
        sockets = self._sockets
        if sockets is None:
            return
        self._sockets = None
        for sock in sockets:
            self._loop._stop_serving(sock)
        self._serving = False
        if self._serving_forever_fut is not None and not self._serving_forever_fut.done():
            self._serving_forever_fut.cancel()
            self._serving_forever_fut = None
        if self._active_count == 0:
            self._wakeup()

    async def start_serving(self):
        self._start_serving()
        await _sleep0()

    async def serve_forever(self):
        """Accepts connections until cancelled (then closes the server)."""
        if self._serving_forever_fut is not None:
            raise RuntimeError(
                f'server {self!r} is already being awaited on serve_forever()')
        if self._sockets is None:
            raise RuntimeError(f'server {self!r} is closed')
        self._start_serving()
        self._serving_forever_fut = self._loop.create_future()
        self._serving_forever_fut._waits_for = 'the server to be closed'
        try:
            await self._serving_forever_fut
        except exceptions.CancelledError:
            try:
                self.close()
                await self.wait_closed()
            finally:
                raise
        finally:
            self._serving_forever_fut = None

    async def wait_closed(self):
        """Waits until the server is closed and its connections are done."""
        if self._sockets is None or self._waiters is None:
            return
        waiter = self._loop.create_future()
        waiter._waits_for = 'the server to be closed'
        self._waiters.append(waiter)
        await waiter

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()
        await self.wait_closed()


class _UnixSelectorEventLoop(BaseSelectorEventLoop):
    """The event loop asyncio.run and new_event_loop make."""


SelectorEventLoop = _UnixSelectorEventLoop


def _settle(fut, op, *args):
    """A socket became ready for what `fut` waits on: settles it with op(*args), or with
    what op raised; leaves it pending when the socket would block after all."""
    if fut.done():
        return
    try:
        result = op(*args)
    except (BlockingIOError, InterruptedError):
        return
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        fut.set_exception(exc)
    else:
        fut.set_result(result)


def _accept_nonblocking(sock):
    """sock.accept(), with the new connection made non-blocking."""
    conn, address = sock.accept()
    conn.setblocking(False)
    return conn, address


def _connect_result(sock, address):
    """None once a non-blocking connect has succeeded; its error as an OSError if it failed."""
    import socket
    err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err != 0:
        raise OSError(err, f'Connect call failed {address}')
