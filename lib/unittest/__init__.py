"""A unit-testing framework: TestCase, TestSuite, TestLoader, TextTestRunner, main
(the everyday part of CPython 3.11's unittest, with its output format)."""

__all__ = ['TestResult', 'TestCase', 'TestSuite', 'TextTestRunner', 'TestLoader',
           'FunctionTestCase', 'main', 'defaultTestLoader', 'SkipTest', 'skip', 'skipIf',
           'skipUnless', 'expectedFailure', 'TextTestResult', 'installHandler',
           'registerResult', 'removeResult', 'removeHandler', 'addModuleCleanup',
           'doModuleCleanups', 'enterModuleContext', 'IsolatedAsyncioTestCase',
           'getTestCaseNames', 'makeSuite', 'findTestCases']

from .result import TestResult
from .case import (TestCase, FunctionTestCase, SkipTest, skip, skipIf, skipUnless,
                   expectedFailure, addModuleCleanup, doModuleCleanups, enterModuleContext)
from .suite import TestSuite
from .loader import (TestLoader, defaultTestLoader, getTestCaseNames, makeSuite,
                     findTestCases)
from .runner import TextTestRunner, TextTestResult
from .main import main, TestProgram


def __getattr__(name):
    # IsolatedAsyncioTestCase (over asyncio) and the Ctrl-C handling (over signal) import
    # those modules only when a program asks for them.
    if name == 'IsolatedAsyncioTestCase':
        from .async_case import IsolatedAsyncioTestCase
        globals()[name] = IsolatedAsyncioTestCase
        return IsolatedAsyncioTestCase
    if name in ('installHandler', 'registerResult', 'removeResult', 'removeHandler'):
        from . import signals
        value = globals()[name] = getattr(signals, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
