"""TestLoader: finding the tests of classes, modules and names."""

import sys

from .case import TestCase, FunctionTestCase
from .suite import TestSuite
from .util import _add_own_file


class TestLoader(object):
    """Finds the test methods of TestCase classes and builds suites of them."""

    testMethodPrefix = 'test'
    suiteClass = TestSuite

    def getTestCaseNames(self, testCaseClass):
        """The sorted names of the test methods of a TestCase class (those whose
        names start with testMethodPrefix).
        """
        names = []
        for name in dir(testCaseClass):
            if name.startswith(self.testMethodPrefix) and \
                    callable(getattr(testCaseClass, name)):
                names.append(name)
        names.sort()
        return names

    def loadTestsFromTestCase(self, testCaseClass):
        """A suite of the test methods of a TestCase class, one instance each."""
        if issubclass(testCaseClass, TestSuite):
            raise TypeError('Test cases should not be derived from TestSuite.'
                            ' Maybe you meant to derive from TestCase?')
        names = self.getTestCaseNames(testCaseClass)
        if not names and hasattr(testCaseClass, 'runTest'):
            names = ['runTest']
        return self.suiteClass([testCaseClass(name) for name in names])

    def loadTestsFromModule(self, module, *, pattern=None):
        """A suite of every test of the TestCase classes of a module."""
        tests = []
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase \
                    and obj is not FunctionTestCase:
                tests.append(self.loadTestsFromTestCase(obj))
        return self.suiteClass(tests)

    def loadTestsFromName(self, name, module=None):
        """A suite of the tests a dotted name names: a module, a TestCase class, a
        test method, a suite, or a callable giving one; module is where the
        name is looked up when given.
        """
        parts = name.split('.')
        obj = module if module is not None else sys.modules[parts.pop(0)]
        for part in parts:
            parent, obj = obj, getattr(obj, part)
        if isinstance(obj, type) and issubclass(obj, TestCase):
            return self.loadTestsFromTestCase(obj)
        if callable(obj) and isinstance(parent, type) and issubclass(parent, TestCase):
            return self.suiteClass([parent(parts[-1])])
        if hasattr(obj, '__dict__') and not callable(obj):
            return self.loadTestsFromModule(obj)
        raise TypeError("don't know how to make test from: %s" % obj)

    def loadTestsFromNames(self, names, module=None):
        """A suite of the tests of each of the names, as loadTestsFromName() finds
        them.
        """
        return self.suiteClass([self.loadTestsFromName(name, module) for name in names])


defaultTestLoader = TestLoader()


_add_own_file(TestLoader.loadTestsFromName)


def _loader(prefix, sortUsing=None, suiteClass=None, testNamePatterns=None):
    loader = TestLoader()
    loader.testMethodPrefix = prefix
    if suiteClass is not None:
        loader.suiteClass = suiteClass
    return loader


def _deprecated(name, instead):
    import warnings
    warnings.warn("unittest.%s() is deprecated and will be removed in Python 3.13. "
                  "Please use unittest.TestLoader.%s() instead." % (name, instead),
                  DeprecationWarning, stacklevel=3)


def getTestCaseNames(testCaseClass, prefix, sortUsing=None, testNamePatterns=None):
    """The names of testCaseClass's test methods (those starting with prefix), sorted."""
    _deprecated("getTestCaseNames", "getTestCaseNames")
    return _loader(prefix).getTestCaseNames(testCaseClass)


def makeSuite(testCaseClass, prefix='test', sortUsing=None, suiteClass=None):
    """A suite of testCaseClass's tests (those whose names start with prefix)."""
    _deprecated("makeSuite", "loadTestsFromTestCase")
    return _loader(prefix, suiteClass=suiteClass).loadTestsFromTestCase(testCaseClass)


def findTestCases(module, prefix='test', sortUsing=None, suiteClass=None):
    """A suite of the tests of every TestCase class in the module."""
    _deprecated("findTestCases", "loadTestsFromModule")
    return _loader(prefix, suiteClass=suiteClass).loadTestsFromModule(module)
