"""A unit-testing framework: TestCase, TestSuite, TestLoader, TextTestRunner, main
(the everyday part of CPython 3.11's unittest, with its output format)."""

__all__ = ['TestResult', 'TestCase', 'TestSuite', 'TextTestRunner', 'TestLoader',
           'FunctionTestCase', 'main', 'defaultTestLoader', 'SkipTest', 'skip', 'skipIf',
           'skipUnless', 'expectedFailure', 'TextTestResult']

from .result import TestResult
from .case import (TestCase, FunctionTestCase, SkipTest, skip, skipIf, skipUnless,
                   expectedFailure)
from .suite import TestSuite
from .loader import TestLoader, defaultTestLoader
from .runner import TextTestRunner, TextTestResult
from .main import main, TestProgram
