"""The asyncio deadlock report: when the loop has nothing ready, no timer pending and no
thread that could call back, its pending tasks wait for each other forever. minipy names
each task, what it awaits and where, in the thread deadlock detector's style, and exits
with status 3 (CPython would hang)."""

import sys
import _asyncio

from . import futures
from . import tasks


def _is_internal(filename):
    return filename.startswith('<frozen asyncio') or '/asyncio/' in filename


def where(coro):
    """(file, line) of the innermost frame of the program's own code the coroutine (and
    what it awaits, in turn) stands at."""
    found = None
    seen = 0
    while coro is not None and seen < 100:
        seen += 1
        loc = _asyncio.coro_location(coro)
        if loc is not None and not loc[2] and not _is_internal(loc[0]):
            found = (loc[0], loc[1])
        inner = getattr(coro, 'cr_await', None)
        if inner is None:
            inner = getattr(coro, 'gi_yieldfrom', None)
        coro = inner
    return found


def _global_name(obj):
    main = sys.modules.get('__main__')
    if main is None:
        return None
    for name in dir(main):
        if not name.startswith('__') and getattr(main, name, None) is obj:
            return name
    return None


def _named(obj, kind):
    name = _global_name(obj)
    return f"{kind} '{name}'" if name else f'an asyncio.{kind}'


def _task_name(task):
    return f'task "{task.get_name()}"'


def _describe(fut):
    """What waiting for `fut` means, and the task it waits on (for cycles), if one."""
    if isinstance(fut, tasks.Task):
        return f'{_task_name(fut)} to finish', fut
    what = getattr(fut, '_waits_for', None)
    if isinstance(what, tuple) and len(what) == 2:
        obj, method = what
        kind = type(obj).__name__
        described = getattr(obj, '_described_as', None)
        if described is not None:
            obj, method = described
            kind = type(obj).__name__
        if method == 'acquire' and hasattr(obj, '_owner'):
            owner = obj._owner
            text = _named(obj, kind)
            if owner is not None:
                text += f', which is held by {_task_name(owner)}'
            return text, owner
        if method == 'acquire':
            return f'{_named(obj, kind)} (value {obj._value})', None
        if kind == 'Event':
            return f'{_named(obj, kind)} to be set (Event.wait)', None
        if kind == 'Condition':
            return f'a notify of {_named(obj, kind)} (Condition.wait)', None
        if method == 'get':
            return f'an item in {_named(obj, kind)} ({kind}.get)', None
        if method == 'put':
            return f'room in {_named(obj, kind)} ({kind}.put)', None
        if method == 'join':
            return f'every item of {_named(obj, kind)} to be processed ({kind}.join)', None
        return f'{_named(obj, kind)} ({kind}.{method})', None
    if isinstance(what, (set, list)):
        names = ', '.join(sorted(f'"{t.get_name()}"' for t in what if isinstance(t, tasks.Task)))
        if names:
            return f'tasks {names} to finish', None
    if futures.isfuture(what):
        return _describe(what)
    return 'a Future that nothing will complete', None


def stuck(loop):
    """Called by the loop when nothing can ever happen again: reports and exits if tasks
    are left waiting (unless deadlock detection is off)."""
    if not _asyncio.deadlock_detection():
        return
    pending = [t for t in tasks._live_tasks() if t._loop is loop and not t.done()]
    if not pending:
        return
    pending.sort(key=lambda t: _order(t))
    waits = {}
    for task in pending:
        fut = task._fut_waiter
        waits[task] = _describe(fut) if fut is not None else ('its next step', None)
    cycle = _find_cycle(pending, waits)
    if cycle:
        out = ['Deadlock: these tasks wait for each other in a cycle, so none can go on.', '']
        shown = cycle
    else:
        out = ['Deadlock: every task is waiting, and nothing can wake any of them.', '']
        shown = pending
    for task in shown:
        text, _ = waits[task]
        coro = task.get_coro()
        name = getattr(coro, '__qualname__', None) or type(coro).__name__
        out.append(f'  Task "{task.get_name()}" ({name}) waits for {text}')
        loc = where(coro)
        if loc is not None:
            out.append(f'    at {loc[0]}:{loc[1]}')
            src = _asyncio.source_line(loc[0], loc[1])
            if src:
                out.append(f'        {src}')
        out.append('')
    out.append('minipy stopped the program (exit status 3). '
               'Run with --no-deadlock-detection to let it hang, as CPython would.')
    sys.stdout.flush()
    _asyncio.report_deadlock('\n'.join(out) + '\n')


def _order(task):
    name = task.get_name()
    if name.startswith('Task-') and name[5:].isdigit():
        return (0, int(name[5:]), name)
    return (1, 0, name)


def _find_cycle(pending, waits):
    for start in pending:
        path = [start]
        seen = {start}
        node = waits[start][1]
        while node is not None and node in waits:
            if node is start:
                return path
            if node in seen:
                break
            seen.add(node)
            path.append(node)
            node = waits[node][1]
    return None
