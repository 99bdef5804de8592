"""Subprocesses with accessible I/O streams, as CPython's subprocess: `Popen` (pipes,
`communicate`, `wait`, `poll`, signals), `run` and its `CompletedProcess`, `call`,
`check_call`, `check_output`, `getoutput`, `getstatusoutput`, and the errors
`CalledProcessError` and `TimeoutExpired`.

Processes are started by the native `_subprocess` (Rust's std::process), which keeps each
child and the parent's ends of its pipes; the pipe objects here read and write through it,
giving up the GIL while they wait. `preexec_fn`, `pass_fds`, `user`/`group` and the other
POSIX-only knobs are not supported (a ValueError names the one given).
"""

import os
import signal
import threading
import time
import _subprocess

__all__ = ["Popen", "PIPE", "STDOUT", "call", "check_call", "getstatusoutput",
           "getoutput", "check_output", "run", "CalledProcessError", "DEVNULL",
           "SubprocessError", "TimeoutExpired", "CompletedProcess"]

PIPE = -1
STDOUT = -2
DEVNULL = -3
_INHERIT = -4


class SubprocessError(Exception):
    """The base class of this module's errors."""


class CalledProcessError(SubprocessError):
    """A checked process (run(check=True), check_call, check_output) ended with a
    non-zero status. It keeps cmd, returncode, and the output and stderr captured
    (stdout is output)."""

    def __init__(self, returncode, cmd, output=None, stderr=None):
        self.returncode = returncode
        self.cmd = cmd
        self.output = output
        self.stderr = stderr

    def __str__(self):
        if self.returncode and self.returncode < 0:
            try:
                return "Command '%s' died with %r." % (self.cmd, signal.Signals(-self.returncode))
            except ValueError:
                return "Command '%s' died with unknown signal %d." % (self.cmd, -self.returncode)
        return "Command '%s' returned non-zero exit status %d." % (self.cmd, self.returncode)

    stdout = property(lambda self: self.output,
                      lambda self, value: setattr(self, "output", value),
                      doc="The captured output: another name for output.")


class TimeoutExpired(SubprocessError):
    """A wait for a child process ran past its timeout. It keeps cmd, timeout, and
    whatever output and stderr were captured by then (stdout is output)."""

    def __init__(self, cmd, timeout, output=None, stderr=None):
        self.cmd = cmd
        self.timeout = timeout
        self.output = output
        self.stderr = stderr

    def __str__(self):
        return "Command '%s' timed out after %s seconds" % (self.cmd, self.timeout)

    stdout = CalledProcessError.stdout


# CPython's reprs show the arguments the exception was made with.
def _error_repr(self):
    args = [repr(getattr(self, name)) for name in self._repr_fields]
    while len(args) > 2 and args[-1] == 'None':
        args.pop()
    return '%s(%s)' % (type(self).__name__, ', '.join(args))


CalledProcessError._repr_fields = ('returncode', 'cmd', 'output', 'stderr')
TimeoutExpired._repr_fields = ('cmd', 'timeout', 'output', 'stderr')
CalledProcessError.__repr__ = TimeoutExpired.__repr__ = _error_repr


class CompletedProcess(object):
    """What run() gives back about a process it waited for: its args, returncode,
    and the stdout and stderr captured (None when not captured)."""

    def __init__(self, args, returncode, stdout=None, stderr=None):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        args = ['args={!r}'.format(self.args), 'returncode={!r}'.format(self.returncode)]
        if self.stdout is not None:
            args.append('stdout={!r}'.format(self.stdout))
        if self.stderr is not None:
            args.append('stderr={!r}'.format(self.stderr))
        return "{}({})".format(type(self).__name__, ', '.join(args))

    def check_returncode(self):
        """Raise CalledProcessError when returncode is not 0."""
        if self.returncode:
            raise CalledProcessError(self.returncode, self.args, self.stdout, self.stderr)


def _translate_newlines(text):
    return text.replace('\r\n', '\n').replace('\r', '\n')


class _PipeReader:
    """The parent's end of the child's stdout or stderr, as a file object."""

    def __init__(self, popen, which, text, encoding, errors):
        self._popen = popen
        self._which = which
        self._text = text
        self._encoding = encoding
        self._errors = errors
        self._buffer = b''
        self.closed = False

    def _chunk(self, size):
        return _subprocess.read(self._popen._handle, self._which, size)

    def _decode(self, data):
        if not self._text:
            return data
        return _translate_newlines(data.decode(self._encoding, self._errors))

    def read(self, size=-1):
        if size is None or size < 0:
            data = self._buffer + self._chunk(-1)
            self._buffer = b''
            return self._decode(data)
        while len(self._buffer) < size:
            more = self._chunk(max(size - len(self._buffer), 4096))
            if not more:
                break
            self._buffer += more
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return self._decode(data)

    def readline(self):
        while True:
            end = self._line_end()
            if end >= 0:
                line, self._buffer = self._buffer[:end], self._buffer[end:]
                return self._decode(line)
            more = self._chunk(4096)
            if not more:
                line, self._buffer = self._buffer, b''
                return self._decode(line)
            self._buffer += more

    def _line_end(self):
        i = self._buffer.find(b'\n')
        if self._text:
            j = self._buffer.find(b'\r')
            if j >= 0 and (i < 0 or j < i) and j + 1 < len(self._buffer):
                # A lone '\r' ends a line in text mode; '\r\n' ends at the '\n'.
                return j + 2 if self._buffer[j + 1:j + 2] == b'\n' else j + 1
        return i + 1 if i >= 0 else -1

    def readlines(self):
        return list(self)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self):
        if not self.closed:
            self.closed = True
            _subprocess.close(self._popen._handle, self._which)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _PipeWriter:
    """The parent's end of the child's stdin, as a file object."""

    def __init__(self, popen, text, encoding, errors):
        self._popen = popen
        self._text = text
        self._encoding = encoding
        self._errors = errors
        self.closed = False

    def write(self, data):
        if self._text:
            if not isinstance(data, str):
                raise TypeError("write() argument must be str, not %s" % type(data).__name__)
            _subprocess.write(self._popen._handle, data.encode(self._encoding, self._errors))
            return len(data)
        return _subprocess.write(self._popen._handle, data)

    def flush(self):
        pass

    def close(self):
        if not self.closed:
            self.closed = True
            _subprocess.close(self._popen._handle, 0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _fsdecode(value):
    value = os.fspath(value)
    return value.decode() if isinstance(value, bytes) else value


def _stream_spec(value, name):
    if value is None:
        return _INHERIT
    if value in (PIPE, DEVNULL) or (value == STDOUT and name == 'stderr'):
        return value
    if isinstance(value, int):
        if value < 0:
            raise ValueError("invalid %s argument: %r" % (name, value))
        return value
    fileno = getattr(value, 'fileno', None)
    if fileno is None:
        raise TypeError("%s must be None, PIPE, DEVNULL, a file descriptor or a file "
                        "object, not %s" % (name, type(value).__name__))
    flush = getattr(value, 'flush', None)
    if flush is not None:
        flush()
    return fileno()


class Popen:
    """A child process running args, with its standard streams inherited,
    redirected to files or DEVNULL, or connected to this process by PIPEs."""

    def __init__(self, args, bufsize=-1, executable=None,
                 stdin=None, stdout=None, stderr=None,
                 preexec_fn=None, close_fds=True,
                 shell=False, cwd=None, env=None, universal_newlines=None,
                 startupinfo=None, creationflags=0,
                 restore_signals=True, start_new_session=False,
                 pass_fds=(), *, user=None, group=None, extra_groups=None,
                 encoding=None, errors=None, text=None, umask=-1, pipesize=-1,
                 process_group=None):
        self._handle = None
        self.args = args
        self.returncode = None
        self.stdin = self.stdout = self.stderr = None
        for name, value, default in (('preexec_fn', preexec_fn, None),
                                     ('pass_fds', pass_fds, ()), ('user', user, None),
                                     ('group', group, None),
                                     ('extra_groups', extra_groups, None),
                                     ('process_group', process_group, None),
                                     ('start_new_session', start_new_session, False)):
            if value != default:
                raise ValueError("%s is not supported by minipy's subprocess" % name)
        if (text is not None and universal_newlines is not None
                and bool(universal_newlines) != bool(text)):
            raise SubprocessError('Cannot disambiguate when both text '
                                  'and universal_newlines are supplied but '
                                  'different. Pass one or the other.')
        self.text_mode = bool(encoding or errors or text or universal_newlines)
        self.encoding = encoding
        self.errors = errors
        self.universal_newlines = universal_newlines
        if self.text_mode and encoding is None:
            encoding = 'utf-8'
        errors = errors or 'strict'

        if isinstance(args, (str, bytes)) or hasattr(args, '__fspath__'):
            argv = [args]
        else:
            argv = list(args)
        argv = [_fsdecode(a) for a in argv]
        if shell:
            argv = ['/bin/sh', '-c'] + argv
            if executable is None:
                executable = '/bin/sh'
        if executable is not None:
            executable = _fsdecode(executable)
        if cwd is not None:
            cwd = _fsdecode(cwd)
        env_list = None
        if env is not None:
            env_list = ['%s=%s' % (_fsdecode(k), _fsdecode(v)) for k, v in env.items()]

        self._handle = _subprocess.spawn(argv, executable, cwd, env_list,
                                         _stream_spec(stdin, 'stdin'),
                                         _stream_spec(stdout, 'stdout'),
                                         _stream_spec(stderr, 'stderr'))
        self.pid = _subprocess.pid(self._handle)
        if stdin == PIPE:
            self.stdin = _PipeWriter(self, self.text_mode, encoding, errors)
        if stdout == PIPE:
            self.stdout = _PipeReader(self, 1, self.text_mode, encoding, errors)
        if stderr == PIPE:
            self.stderr = _PipeReader(self, 2, self.text_mode, encoding, errors)

    def __repr__(self):
        obj_repr = (f"<{self.__class__.__name__}: "
                    f"returncode: {self.returncode} args: {self.args!r}>")
        if len(obj_repr) > 80:
            obj_repr = obj_repr[:76] + "...>"
        return obj_repr

    def __enter__(self):
        return self

    def __exit__(self, exc_type, value, traceback):
        for stream in (self.stdout, self.stderr):
            if stream is not None:
                stream.close()
        try:
            if self.stdin is not None:
                self.stdin.close()
        finally:
            if exc_type == KeyboardInterrupt:
                return
            self.wait()

    def __del__(self):
        handle = getattr(self, '_handle', None)
        if handle is not None and self.returncode is not None:
            _subprocess.release(handle)
            self._handle = None

    def poll(self):
        """The child's returncode if it has ended (and record it), else None."""
        if self.returncode is None:
            self.returncode = _subprocess.poll(self._handle)
        return self.returncode

    def wait(self, timeout=None):
        """Wait until the child ends (at most timeout seconds) and give its returncode."""
        if self.returncode is None:
            code = _subprocess.wait(self._handle, timeout)
            if code is None:
                raise TimeoutExpired(self.args, timeout)
            self.returncode = code
        return self.returncode

    def communicate(self, input=None, timeout=None):
        """Write input to the child's stdin and close it, read its stdout and stderr
        to their ends, wait for it, and give (stdout, stderr); None for a stream
        that is not a pipe."""
        if self._communication_started(input):
            raise ValueError("Cannot send input after starting communication")
        deadline = None if timeout is None else time.monotonic() + timeout
        results = getattr(self, '_results', None)
        if results is None:
            results = self._results = {}
            # Each pipe is served by its own thread, so that a child filling one pipe
            # while the parent waits on another cannot block both.
            workers = []
            if self.stdin is not None:
                workers.append(threading.Thread(target=self._feed, args=(input,), daemon=True))
            for key, stream in (('stdout', self.stdout), ('stderr', self.stderr)):
                if stream is not None:
                    workers.append(threading.Thread(target=self._drain, args=(key, stream),
                                                    daemon=True))
            self._workers = workers
            for worker in workers:
                worker.start()
        for worker in self._workers:
            worker.join(None if deadline is None else max(0, deadline - time.monotonic()))
            if worker.is_alive():
                raise TimeoutExpired(self.args, timeout)
        error = results.get('error')
        if error is not None:
            raise error
        stdout = results.get('stdout')
        stderr = results.get('stderr')
        self.wait(None if deadline is None else max(0, deadline - time.monotonic()))
        return (stdout, stderr)

    def _communication_started(self, input):
        started = getattr(self, '_results', None) is not None
        return started and input is not None

    def _feed(self, input):
        try:
            if input:
                self.stdin.write(input)
        except BrokenPipeError:
            pass
        except BaseException as e:
            self._results['error'] = e
        finally:
            try:
                self.stdin.close()
            except BrokenPipeError:
                pass

    def _drain(self, key, stream):
        try:
            self._results[key] = stream.read()
        except BaseException as e:
            self._results['error'] = e
        finally:
            stream.close()

    def send_signal(self, sig):
        """Send the signal sig to the child, unless it has already ended."""
        self.poll()
        if self.returncode is not None:
            return
        _subprocess.send_signal(self._handle, sig)

    def terminate(self):
        """Ask the child to end: SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self):
        """End the child at once: SIGKILL."""
        self.send_signal(signal.SIGKILL)


def call(*popenargs, timeout=None, **kwargs):
    """Start the command, wait for it (at most timeout seconds) and give its
    returncode."""
    with Popen(*popenargs, **kwargs) as p:
        try:
            return p.wait(timeout=timeout)
        except:
            p.kill()
            raise


def check_call(*popenargs, **kwargs):
    """Start the command and wait for it; raise CalledProcessError when it ends
    with a non-zero status, else give 0."""
    retcode = call(*popenargs, **kwargs)
    if retcode:
        cmd = kwargs.get("args")
        if cmd is None:
            cmd = popenargs[0]
        raise CalledProcessError(retcode, cmd)
    return 0


def check_output(*popenargs, timeout=None, **kwargs):
    """Start the command, wait for it and give what it wrote to stdout; raise
    CalledProcessError when it ends with a non-zero status."""
    if 'stdout' in kwargs:
        raise ValueError('stdout argument not allowed, it will be overridden.')
    if 'input' in kwargs and kwargs['input'] is None:
        if kwargs.get('universal_newlines') or kwargs.get('text') or kwargs.get('encoding') \
                or kwargs.get('errors'):
            empty = ''
        else:
            empty = b''
        kwargs['input'] = empty
    return run(*popenargs, stdout=PIPE, timeout=timeout, check=True, **kwargs).stdout


def run(*popenargs, input=None, capture_output=False, timeout=None, check=False, **kwargs):
    """Start the command, wait for it, and describe the outcome as a
    CompletedProcess (check=True raises CalledProcessError for a non-zero status)."""
    if input is not None:
        if kwargs.get('stdin') is not None:
            raise ValueError('stdin and input arguments may not both be used.')
        kwargs['stdin'] = PIPE
    if capture_output:
        if kwargs.get('stdout') is not None or kwargs.get('stderr') is not None:
            raise ValueError('stdout and stderr arguments may not be used '
                             'with capture_output.')
        kwargs['stdout'] = PIPE
        kwargs['stderr'] = PIPE
    with Popen(*popenargs, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except TimeoutExpired as exc:
            process.kill()
            exc.stdout, exc.stderr = process.communicate()
            raise
        except:
            process.kill()
            raise
        retcode = process.poll()
        if check and retcode:
            raise CalledProcessError(retcode, process.args, output=stdout, stderr=stderr)
    return CompletedProcess(process.args, retcode, stdout, stderr)


def getstatusoutput(cmd, *, encoding=None, errors=None):
    """Run cmd in a shell and give (status, output), stderr merged into output."""
    try:
        data = check_output(cmd, shell=True, text=True, stderr=STDOUT,
                            encoding=encoding, errors=errors)
        exitcode = 0
    except CalledProcessError as ex:
        data = ex.output
        exitcode = ex.returncode
    if data[-1:] == '\n':
        data = data[:-1]
    return exitcode, data


def getoutput(cmd, *, encoding=None, errors=None):
    """Run cmd in a shell and give its output, stderr merged in."""
    return getstatusoutput(cmd, encoding=encoding, errors=errors)[1]
