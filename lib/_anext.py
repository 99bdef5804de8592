"""The awaitable `anext(iterator, default)` returns."""


async def with_default(awaitable, default):
    try:
        return await awaitable
    except StopAsyncIteration:
        return default
