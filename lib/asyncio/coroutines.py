"""Telling coroutines and coroutine functions apart (asyncio.iscoroutine...)."""

__all__ = ('iscoroutinefunction', 'iscoroutine')

import _asyncio


async def _sample():
    pass


_sample_coro = _sample()
_CoroutineType = type(_sample_coro)
_sample_coro.close()
del _sample_coro


def iscoroutinefunction(func):
    """Whether func is an `async def` function (or a method or partial of one)."""
    while True:
        inner = getattr(func, '__func__', None) or getattr(func, 'func', None)
        if inner is None or inner is func:
            break
        func = inner
    return _asyncio.is_coroutine_function(func) or \
        getattr(func, '_is_coroutine', None) is _is_coroutine


_is_coroutine = object()


def iscoroutine(obj):
    """Whether obj is a coroutine object (or a generator-based one)."""
    if type(obj) is _CoroutineType:
        return True
    return hasattr(obj, 'send') and hasattr(obj, 'throw') and hasattr(obj, '__await__')
