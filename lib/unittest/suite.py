"""TestSuite: a collection of tests run in order, with each class's setUpClass and
tearDownClass around its tests."""

from .util import strclass as _strclass, _add_own_file
from .case import TestCase, _skip_reason


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
        return sum(test.countTestCases() for test in self._tests)

    def addTest(self, test):
        if not callable(test):
            raise TypeError('{} is not callable'.format(repr(test)))
        self._tests.append(test)

    def addTests(self, tests):
        if isinstance(tests, str):
            raise TypeError('tests must be an iterable of tests, not a string')
        for test in tests:
            self.addTest(test)

    def __call__(self, result):
        return self.run(result)

    def run(self, result):
        classes_done = []
        for test in self._tests:
            if result.shouldStop:
                break
            cls = test.__class__
            if isinstance(test, TestCase) and cls not in classes_done:
                classes_done.append(cls)
                if not _skip_reason(cls) is not None:
                    try:
                        cls.setUpClass()
                    except Exception as e:
                        result.addError(_ErrorHolder('setUpClass (%s)' % _strclass(cls)),
                                        (type(e), e, e.__traceback__))
                        continue
            test(result)
        for cls in classes_done:
            if not _skip_reason(cls) is not None:
                try:
                    cls.tearDownClass()
                except Exception as e:
                    result.addError(_ErrorHolder('tearDownClass (%s)' % _strclass(cls)),
                                    (type(e), e, e.__traceback__))
        return result


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
