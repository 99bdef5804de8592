"""Set handlers for asynchronous events (signals).

A Python handler runs in the main thread, between two instructions, soon after the signal
arrives; it is called with the signal number and the current frame (None in minipy).
"""

import _signal
from _signal import *
from enum import IntEnum as _IntEnum

Signals = _IntEnum(
    "Signals",
    [(name, value) for name, value in vars(_signal).items()
     if name.startswith("SIG") and not name.startswith("SIG_")],
)
Handlers = _IntEnum("Handlers", [("SIG_DFL", _signal.SIG_DFL), ("SIG_IGN", _signal.SIG_IGN)])
if hasattr(_signal, "pthread_sigmask"):
    Sigmasks = _IntEnum("Sigmasks", [("SIG_BLOCK", _signal.SIG_BLOCK),
                                     ("SIG_UNBLOCK", _signal.SIG_UNBLOCK),
                                     ("SIG_SETMASK", _signal.SIG_SETMASK)])
    Sigmasks.__doc__ = "How pthread_sigmask changes the mask (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK)."
    for _member in Sigmasks:
        globals()[_member.name] = _member
Signals.__doc__ = "The signal numbers (SIG*) as an IntEnum."
Handlers.__doc__ = "The two standard handlers, SIG_DFL and SIG_IGN, as an IntEnum."

for _member in Signals:
    globals()[_member.name] = _member
for _member in Handlers:
    globals()[_member.name] = _member
del _member


def _as_enum(value, enum_class):
    try:
        return enum_class(value)
    except ValueError:
        return value


def signal(signalnum, handler):
    """Set the action for the given signal; return the previous one."""
    return _as_enum(_signal.signal(signalnum, handler), Handlers)


def getsignal(signalnum):
    """Return the current action for the given signal."""
    return _as_enum(_signal.getsignal(signalnum), Handlers)


def valid_signals():
    """The set of signal numbers valid on this platform."""
    return {_as_enum(n, Signals) for n in _signal.valid_signals()}


if hasattr(_signal, "pthread_sigmask"):
    def pthread_sigmask(how, mask):
        """Block (SIG_BLOCK), unblock (SIG_UNBLOCK) or set (SIG_SETMASK) the signals the
        thread masks; return the set it masked before."""
        return {_as_enum(n, Signals) for n in _signal.pthread_sigmask(how, mask)}

    def sigpending():
        """The set of signals that arrived while blocked and wait to be delivered."""
        return {_as_enum(n, Signals) for n in _signal.sigpending()}

    def sigwait(sigset):
        """Wait for one of the (blocked) signals of sigset and return it."""
        return _as_enum(_signal.sigwait(sigset), Signals)


if hasattr(_signal, "setitimer"):
    class ItimerError(OSError):
        """An invalid interval timer (setitimer, getitimer)."""

    ItimerError.__name__ = ItimerError.__qualname__ = "itimer_error"

    def setitimer(which, seconds, interval=0.0):
        """Arm interval timer `which` to fire in `seconds` (0 disarms), then every
        `interval` seconds; return its old (value, interval)."""
        try:
            return _signal.setitimer(which, seconds, interval)
        except OSError as e:
            raise ItimerError(e.errno, e.strerror) from None

    def getitimer(which):
        """Return the (value, interval) of interval timer `which`."""
        try:
            return _signal.getitimer(which)
        except OSError as e:
            raise ItimerError(e.errno, e.strerror) from None
