"""asyncio.to_thread: runs a blocking function in the loop's thread pool."""

__all__ = ('to_thread',)

from . import events


async def to_thread(func, /, *args, **kwargs):
    """Runs func(*args, **kwargs) in another thread and awaits its result."""
    loop = events.get_running_loop()
    if kwargs:
        def call():
            return func(*args, **kwargs)
        return await loop.run_in_executor(None, call)
    return await loop.run_in_executor(None, func, *args)
