"""asyncio: an event loop for coroutines, tasks and futures, with timers, cancellation,
queues, locks and thread offloading (CPython 3.11's API, in a few small modules).
`--virtual-time` makes sleeps and timeouts instant and deterministic; tasks that wait on
each other forever are reported as a deadlock (exit status 3)."""

from .exceptions import *
from .events import *
from .futures import *
from .tasks import *
from .timeouts import *
from .taskgroups import *
from .locks import *
from .queues import *
from .runners import *
from .threads import *
from .coroutines import *
from .base_events import BaseEventLoop
from .selector_events import *
from .streams import *

__all__ = (exceptions.__all__ + events.__all__ + futures.__all__ + tasks.__all__ +
           timeouts.__all__ + taskgroups.__all__ + locks.__all__ + queues.__all__ +
           runners.__all__ + threads.__all__ + coroutines.__all__ + selector_events.__all__ +
           streams.__all__)
