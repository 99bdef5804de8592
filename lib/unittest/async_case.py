"""IsolatedAsyncioTestCase: a TestCase whose test methods (and asyncSetUp, asyncTearDown
and the cleanups added by addAsyncCleanup) may be coroutines, each test run in a fresh
event loop."""

import inspect

from .case import TestCase


class IsolatedAsyncioTestCase(TestCase):
    """A TestCase for coroutines: setUp, asyncSetUp, the test, asyncTearDown, tearDown
    and the cleanups run in order in one new event loop per test, closed afterwards."""

    def __init__(self, methodName='runTest'):
        super().__init__(methodName)
        self._asyncio_loop = None

    async def asyncSetUp(self):
        pass

    async def asyncTearDown(self):
        pass

    def addAsyncCleanup(self, func, /, *args, **kwargs):
        """Add a coroutine function to call (and await) at cleanup time."""
        self.addCleanup(self._await_call, func, *args, **kwargs)

    def _await_call(self, func, /, *args, **kwargs):
        result = func(*args, **kwargs)
        if inspect.isawaitable(result):
            result = self._asyncio_loop.run_until_complete(result)
        return result

    def run(self, result=None):
        import asyncio

        loop = asyncio.new_event_loop()
        self._asyncio_loop = loop
        test = getattr(self, self._testMethodName)
        cls = type(self)

        def set_up():
            cls.setUp(self)
            self._await_call(self.asyncSetUp)

        def tear_down():
            self._await_call(self.asyncTearDown)
            cls.tearDown(self)

        self.setUp = set_up
        self.tearDown = tear_down
        setattr(self, self._testMethodName, lambda: self._await_call(test))
        try:
            return super().run(result)
        finally:
            del self.setUp, self.tearDown
            delattr(self, self._testMethodName)
            loop.close()
            self._asyncio_loop = None
