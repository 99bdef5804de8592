"""How asyncio names callbacks and coroutines in reprs and messages, as CPython does."""

import _asyncio


def short_repr(obj):
    """reprlib.repr's shortened repr (long strings and containers cut in the middle)."""
    if isinstance(obj, str):
        s = repr(obj[:30])
        if len(s) > 30:
            i = max(0, (30 - 3) // 2)
            j = max(0, 30 - 3 - i)
            s = repr(obj[:i] + obj[len(obj) - j:])
            s = s[:i] + '...' + s[len(s) - j:]
        return s
    if type(obj) in (list, tuple, set, frozenset):
        items = list(obj) if not isinstance(obj, (set, frozenset)) else sorted(obj, key=repr)
        parts = [short_repr(x) for x in items[:6]]
        if len(items) > 6:
            parts.append('...')
        inner = ', '.join(parts)
        if type(obj) is list:
            return '[' + inner + ']'
        if type(obj) is tuple:
            return '(' + inner + (',)' if len(items) == 1 else ')')
        if not items:
            return type(obj).__name__ + '()'
        return '{' + inner + '}' if type(obj) is set else 'frozenset({' + inner + '})'
    if type(obj) is dict:
        parts = [short_repr(k) + ': ' + short_repr(v) for k, v in list(obj.items())[:4]]
        if len(obj) > 4:
            parts.append('...')
        return '{' + ', '.join(parts) + '}'
    s = repr(obj)
    limit = 40 if type(obj) is int else 30
    if len(s) > limit:
        i = max(0, (limit - 3) // 2)
        j = max(0, limit - 3 - i)
        s = s[:i] + '...' + s[len(s) - j:]
    return s


def _function_source(func):
    code = getattr(func, '__code__', None) if type(func).__name__ == 'function' else None
    if code is not None:
        return code.co_filename, code.co_firstlineno
    partial_func = getattr(func, 'func', None)
    if partial_func is not None and hasattr(func, 'args'):
        return _function_source(partial_func)
    return None


def _format_args_and_kwargs(args, kwargs):
    items = []
    if args:
        items.extend(short_repr(arg) for arg in args)
    if kwargs:
        items.extend(f'{k}={short_repr(v)}' for k, v in kwargs.items())
    return '(' + ', '.join(items) + ')'


def _format_callback(func, args, kwargs, suffix=''):
    inner = getattr(func, 'func', None)
    if inner is not None and hasattr(func, 'args') and hasattr(func, 'keywords'):
        suffix = _format_args_and_kwargs(args, kwargs) + suffix
        return _format_callback(inner, func.args, func.keywords, suffix)
    if hasattr(func, '__qualname__') and func.__qualname__:
        func_repr = func.__qualname__
    elif hasattr(func, '__name__') and func.__name__:
        func_repr = func.__name__
    else:
        func_repr = repr(func)
    func_repr += _format_args_and_kwargs(args, kwargs)
    if suffix:
        func_repr += suffix
    return func_repr


def format_callback_source(func, args):
    func_repr = _format_callback(func, args, None)
    source = _function_source(func)
    if source:
        func_repr += f' at {source[0]}:{source[1]}'
    return func_repr


def format_coroutine(coro):
    """`main() running at file:line` / `main() done, defined at file:line`."""
    name = getattr(coro, '__qualname__', None) or getattr(coro, '__name__', None)
    if not name:
        name = f'<{type(coro).__name__} without __name__>'
    name += '()'
    where = _asyncio.coro_location(coro)
    if where is None:
        running = getattr(coro, 'cr_running', False) or getattr(coro, 'gi_running', False)
        return f'{name} running' if running else name
    filename, lineno, finished = where
    if finished:
        return f'{name} done, defined at {filename}:{lineno}'
    return f'{name} running at {filename}:{lineno}'
