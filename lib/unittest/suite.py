"""TestSuite: a collection of tests run in order, with each class's setUpClass and
tearDownClass around its tests."""

import sys

from .util import strclass as _strclass, _add_own_file
from .case import SkipTest, _skip_reason


class TestSuite(object):
    """A collection of tests (cases or suites) run in order."""

    def __init__(self, tests=()):
        self._tests = []
        self.addTests(tests)

    def __iter__(self):
        return iter(self._tests)

    def __repr__(self):
        return '<%s tests=%s>' % (_strclass(self.__class__), list(self))

    def countTestCases(self):
        """How many test cases the suite holds, counting those of nested suites."""
        return sum(test.countTestCases() for test in self._tests)

    def addTest(self, test):
        """Add a test case or suite to the suite."""
        if not callable(test):
            raise TypeError('{} is not callable'.format(repr(test)))
        self._tests.append(test)

    def addTests(self, tests):
        """Add each test of an iterable of test cases and suites (a string is
        refused).
        """
        if isinstance(tests, str):
            raise TypeError('tests must be an iterable of tests, not a string')
        for test in tests:
            self.addTest(test)

    def __call__(self, result):
        return self.run(result)

    def run(self, result):
        # Suites nest (one per class inside one per module): the class and module whose
        # fixtures are up are kept on the result, so the outermost run tears down the last.
        top_level = not getattr(result, '_testRunEntered', False)
        if top_level:
            result._testRunEntered = True
        for test in self._tests:
            if result.shouldStop:
                break
            if not isinstance(test, TestSuite):
                self._tearDownPreviousClass(test, result)
                self._handleModuleFixture(test, result)
                self._handleClassSetUp(test, result)
                result._previousTestClass = test.__class__
                if getattr(test.__class__, '_classSetupFailed', False) or \
                        getattr(result, '_moduleSetUpFailed', False):
                    continue
            test(result)
        if top_level:
            self._tearDownPreviousClass(None, result)
            self._handleModuleTearDown(result)
            result._testRunEntered = False
        return result

    def _fixture_error(self, result, exc, method_name, parent):
        error = _ErrorHolder('%s (%s)' % (method_name, parent))
        if isinstance(exc, SkipTest):
            result.addSkip(error, str(exc))
        else:
            result.addError(error, (type(exc), exc, exc.__traceback__))

    def _handleClassSetUp(self, test, result):
        previous = getattr(result, '_previousTestClass', None)
        current = test.__class__
        if current == previous or getattr(result, '_moduleSetUpFailed', False):
            return
        if _skip_reason(current) is not None:
            return
        current._classSetupFailed = False
        setup = getattr(current, 'setUpClass', None)
        if setup is not None:
            try:
                setup()
            except Exception as e:
                current._classSetupFailed = True
                self._fixture_error(result, e, 'setUpClass', _strclass(current))

    def _tearDownPreviousClass(self, test, result):
        previous = getattr(result, '_previousTestClass', None)
        current = test.__class__ if test is not None else None
        if current == previous or previous is None:
            return
        if getattr(previous, '_classSetupFailed', False) or \
                getattr(result, '_moduleSetUpFailed', False):
            return
        if _skip_reason(previous) is not None:
            return
        teardown = getattr(previous, 'tearDownClass', None)
        if teardown is not None:
            try:
                teardown()
            except Exception as e:
                self._fixture_error(result, e, 'tearDownClass', _strclass(previous))

    def _previous_module(self, result):
        previous = getattr(result, '_previousTestClass', None)
        return previous.__module__ if previous is not None else None

    def _handleModuleFixture(self, test, result):
        current = test.__class__.__module__
        if current == self._previous_module(result):
            return
        self._handleModuleTearDown(result)
        result._moduleSetUpFailed = False
        module = sys.modules.get(current)
        setup = getattr(module, 'setUpModule', None)
        if setup is not None:
            try:
                setup()
            except Exception as e:
                result._moduleSetUpFailed = True
                self._fixture_error(result, e, 'setUpModule', current)
                from .case import doModuleCleanups
                try:
                    doModuleCleanups()
                except Exception as e:
                    self._fixture_error(result, e, 'setUpModule', current)

    def _handleModuleTearDown(self, result):
        previous = self._previous_module(result)
        if previous is None or getattr(result, '_moduleSetUpFailed', False):
            return
        module = sys.modules.get(previous)
        teardown = getattr(module, 'tearDownModule', None)
        if teardown is not None:
            try:
                teardown()
            except Exception as e:
                self._fixture_error(result, e, 'tearDownModule', previous)
        from .case import doModuleCleanups
        try:
            doModuleCleanups()
        except Exception as e:
            self._fixture_error(result, e, 'tearDownModule', previous)


class _ErrorHolder(object):
    def __init__(self, description):
        self.description = description

    def __str__(self):
        return self.description

    def shortDescription(self):
        return None

    def countTestCases(self):
        return 0


_add_own_file(TestSuite.run)
