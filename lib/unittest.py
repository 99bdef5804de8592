"""A unit-testing framework: TestCase, TestSuite, TestLoader, TextTestRunner, main
(the everyday part of CPython 3.11's unittest, with its output format)."""

import sys
import time as _time

__all__ = ['TestResult', 'TestCase', 'TestSuite', 'TextTestRunner', 'TestLoader',
           'main', 'defaultTestLoader', 'SkipTest', 'skip', 'skipIf', 'skipUnless',
           'expectedFailure', 'TextTestResult']

_MAX_LENGTH = 80


class SkipTest(Exception):
    """Raise to skip the running test; the message is the reason."""


def _safe_repr(obj, short=False):
    try:
        result = repr(obj)
    except Exception:
        result = object.__repr__(obj)
    if not short or len(result) < _MAX_LENGTH:
        return result
    return result[:_MAX_LENGTH] + ' [truncated]...'


def _strclass(cls):
    return '%s.%s' % (cls.__module__, cls.__qualname__)


# Skipped and expected-failure tests are recorded by the id of the decorated
# function or class (functions here take no new attributes).
_skipped = {}
_expected_failures = set()


def skip(reason):
    """Decorator: always skip the test (or every test of the class)."""
    def decorator(test_item):
        _skipped[id(test_item)] = reason
        return test_item
    if callable(reason) and not isinstance(reason, str):
        test_item = reason
        reason = ''
        return decorator(test_item)
    return decorator


def _skip_reason(obj):
    return _skipped.get(id(obj))


def skipIf(condition, reason):
    if condition:
        return skip(reason)
    return lambda obj: obj


def skipUnless(condition, reason):
    if not condition:
        return skip(reason)
    return lambda obj: obj


def expectedFailure(test_item):
    _expected_failures.add(id(test_item))
    return test_item


class _Skip(Exception):
    pass


class _AssertRaisesContext(object):
    def __init__(self, expected, test_case, msg=None):
        self.expected = expected
        self.test_case = test_case
        self.msg = msg
        self.obj_name = None
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            try:
                name = self.expected.__name__
            except AttributeError:
                name = str(self.expected)
            if self.obj_name:
                text = '%s not raised by %s' % (name, self.obj_name)
            else:
                text = '%s not raised' % name
            self.test_case.fail(self.test_case._formatMessage(self.msg, text))
        if not issubclass(exc_type, self.expected):
            return False
        self.exception = exc_value
        return True


class _SubTestContext(object):
    def __init__(self, case, msg, params):
        self.case = case

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        return False


class TestCase(object):
    """A group of test methods (named test*), with setUp/tearDown around each."""

    failureException = AssertionError
    longMessage = True
    maxDiff = 80 * 8

    def __init__(self, methodName='runTest'):
        self._testMethodName = methodName
        self._cleanups = []
        if methodName != 'runTest' and not hasattr(self, methodName):
            raise ValueError('no such test method in %s: %s' % (self.__class__, methodName))
        doc = getattr(getattr(self, methodName, None), '__doc__', None)
        self._testMethodDoc = doc

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def addCleanup(self, function, *args, **kwargs):
        self._cleanups.append((function, args, kwargs))

    def doCleanups(self):
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            function(*args, **kwargs)

    def countTestCases(self):
        return 1

    def id(self):
        return '%s.%s' % (_strclass(self.__class__), self._testMethodName)

    def shortDescription(self):
        doc = self._testMethodDoc
        return doc.strip().split('\n')[0].strip() if doc else None

    def __str__(self):
        return '%s (%s.%s)' % (self._testMethodName, _strclass(self.__class__),
                               self._testMethodName)

    def __repr__(self):
        return '<%s testMethod=%s>' % (_strclass(self.__class__), self._testMethodName)

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return self._testMethodName == other._testMethodName

    def __hash__(self):
        return hash((type(self), self._testMethodName))

    def __call__(self, result=None):
        return self.run(result)

    def skipTest(self, reason):
        raise SkipTest(reason)

    def subTest(self, msg=None, **params):
        return _SubTestContext(self, msg, params)

    def run(self, result=None):
        if result is None:
            result = TestResult()
        method = getattr(self, self._testMethodName)
        result.startTest(self)
        try:
            skip_why = _skip_reason(self.__class__)
            if skip_why is None:
                skip_why = _skip_reason(getattr(self.__class__, self._testMethodName, None))
            if skip_why is not None:
                result.addSkip(self, skip_why)
                return result
            expecting_failure = id(getattr(self.__class__, self._testMethodName, None)) \
                in _expected_failures
            outcome = self._run_part(result, self.setUp, False)
            if outcome == 'ok':
                outcome = self._run_part(result, method, expecting_failure)
                if outcome == 'ok' and expecting_failure:
                    result.addUnexpectedSuccess(self)
                    outcome = 'reported'
                tear = self._run_part(result, self.tearDown, False)
                if outcome == 'ok' and tear != 'ok':
                    outcome = tear
            cleanup = 'ok'
            while self._cleanups:
                function, args, kwargs = self._cleanups.pop()
                part = self._run_part(result, lambda: function(*args, **kwargs), False)
                if part != 'ok':
                    cleanup = part
            if outcome == 'ok' and cleanup == 'ok':
                result.addSuccess(self)
        finally:
            result.stopTest(self)
        return result

    def _run_part(self, result, function, expecting_failure):
        try:
            function()
        except KeyboardInterrupt:
            raise
        except SkipTest as e:
            result.addSkip(self, str(e))
            return 'skip'
        except self.failureException as e:
            if expecting_failure:
                result.addExpectedFailure(self, (type(e), e, e.__traceback__))
                return 'reported'
            result.addFailure(self, (type(e), e, e.__traceback__))
            return 'fail'
        except BaseException as e:
            if expecting_failure:
                result.addExpectedFailure(self, (type(e), e, e.__traceback__))
                return 'reported'
            result.addError(self, (type(e), e, e.__traceback__))
            return 'error'
        return 'ok'

    def debug(self):
        self.setUp()
        getattr(self, self._testMethodName)()
        self.tearDown()
        self.doCleanups()

    # Assertions.

    def _formatMessage(self, msg, standardMsg):
        if not self.longMessage:
            return msg or standardMsg
        if msg is None:
            return standardMsg
        return '%s : %s' % (standardMsg, msg)

    def fail(self, msg=None):
        raise self.failureException(msg)

    def assertTrue(self, expr, msg=None):
        if not expr:
            self.fail(self._formatMessage(msg, '%s is not true' % _safe_repr(expr)))

    def assertFalse(self, expr, msg=None):
        if expr:
            self.fail(self._formatMessage(msg, '%s is not false' % _safe_repr(expr)))

    def assertEqual(self, first, second, msg=None):
        if not first == second:
            standard = '%s != %s' % (_safe_repr(first, True), _safe_repr(second, True))
            self.fail(self._formatMessage(msg, standard))

    def assertNotEqual(self, first, second, msg=None):
        if not first != second:
            standard = '%s == %s' % (_safe_repr(first), _safe_repr(second))
            self.fail(self._formatMessage(msg, standard))

    assertListEqual = assertTupleEqual = assertDictEqual = assertSetEqual = assertEqual
    assertSequenceEqual = assertMultiLineEqual = assertEqual

    def assertAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        if first == second:
            return
        if delta is not None and places is not None:
            raise TypeError('specify delta or places not both')
        diff = abs(first - second)
        if delta is not None:
            if diff <= delta:
                return
            standard = '%s != %s within %s delta (%s difference)' % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if round(diff, places) == 0:
                return
            standard = '%s != %s within %r places (%s difference)' % (
                _safe_repr(first), _safe_repr(second), places, _safe_repr(diff))
        self.fail(self._formatMessage(msg, standard))

    def assertNotAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        diff = abs(first - second)
        if delta is not None:
            if not (first == second) and diff > delta:
                return
            standard = '%s == %s within %s delta (%s difference)' % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if not (first == second) and round(diff, places) != 0:
                return
            standard = '%s == %s within %r places' % (_safe_repr(first), _safe_repr(second),
                                                      places)
        self.fail(self._formatMessage(msg, standard))

    def assertIs(self, expr1, expr2, msg=None):
        if expr1 is not expr2:
            self.fail(self._formatMessage(msg, '%s is not %s' % (_safe_repr(expr1),
                                                                 _safe_repr(expr2))))

    def assertIsNot(self, expr1, expr2, msg=None):
        if expr1 is expr2:
            self.fail(self._formatMessage(msg, 'unexpectedly identical: %s'
                                          % _safe_repr(expr1)))

    def assertIsNone(self, obj, msg=None):
        if obj is not None:
            self.fail(self._formatMessage(msg, '%s is not None' % _safe_repr(obj)))

    def assertIsNotNone(self, obj, msg=None):
        if obj is None:
            self.fail(self._formatMessage(msg, 'unexpectedly None'))

    def assertIn(self, member, container, msg=None):
        if member not in container:
            self.fail(self._formatMessage(msg, '%s not found in %s' % (
                _safe_repr(member), _safe_repr(container))))

    def assertNotIn(self, member, container, msg=None):
        if member in container:
            self.fail(self._formatMessage(msg, '%s unexpectedly found in %s' % (
                _safe_repr(member), _safe_repr(container))))

    def assertIsInstance(self, obj, cls, msg=None):
        if not isinstance(obj, cls):
            self.fail(self._formatMessage(msg, '%s is not an instance of %r'
                                          % (_safe_repr(obj), cls)))

    def assertNotIsInstance(self, obj, cls, msg=None):
        if isinstance(obj, cls):
            self.fail(self._formatMessage(msg, '%s is an instance of %r'
                                          % (_safe_repr(obj), cls)))

    def assertGreater(self, a, b, msg=None):
        if not a > b:
            self.fail(self._formatMessage(msg, '%s not greater than %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertGreaterEqual(self, a, b, msg=None):
        if not a >= b:
            self.fail(self._formatMessage(msg, '%s not greater than or equal to %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertLess(self, a, b, msg=None):
        if not a < b:
            self.fail(self._formatMessage(msg, '%s not less than %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertLessEqual(self, a, b, msg=None):
        if not a <= b:
            self.fail(self._formatMessage(msg, '%s not less than or equal to %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertCountEqual(self, first, second, msg=None):
        first, second = list(first), list(second)
        missing = list(second)
        extra = []
        for item in first:
            if item in missing:
                missing.remove(item)
            else:
                extra.append(item)
        if missing or extra:
            lines = ['Element counts were not equal:']
            for item in extra:
                lines.append('First has %d, Second has %d:  %s'
                             % (first.count(item), second.count(item), _safe_repr(item)))
            for item in missing:
                lines.append('First has %d, Second has %d:  %s'
                             % (first.count(item), second.count(item), _safe_repr(item)))
            self.fail(self._formatMessage(msg, '\n'.join(lines)))

    def assertRaises(self, expected_exception, *args, **kwargs):
        context = _AssertRaisesContext(expected_exception, self, kwargs.pop('msg', None))
        if not args:
            return context
        callable_obj = args[0]
        context.obj_name = getattr(callable_obj, '__name__', None) or str(callable_obj)
        with context:
            callable_obj(*args[1:], **kwargs)
        return None


class FunctionTestCase(TestCase):
    def __init__(self, testFunc, setUp=None, tearDown=None, description=None):
        self._testFunc = testFunc
        self._setUpFunc = setUp
        self._tearDownFunc = tearDown
        self._description = description
        TestCase.__init__(self, 'runTest')

    def runTest(self):
        self._testFunc()

    def setUp(self):
        if self._setUpFunc is not None:
            self._setUpFunc()

    def tearDown(self):
        if self._tearDownFunc is not None:
            self._tearDownFunc()

    def __str__(self):
        return '%s (%s)' % (_strclass(self.__class__), self._testFunc.__name__)


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


def _own_filename():
    import _traceback
    try:
        raise RuntimeError
    except RuntimeError as e:
        return _traceback.frames(e)[0][0]


_FILENAME = _own_filename()


def _format_error(err):
    """The traceback text of a test failure, without unittest's own frames."""
    import traceback
    etype, value, tb = err
    frames = [f for f in traceback._frames_of(value)
              if f.filename != _FILENAME]
    lines = []
    if frames:
        lines.append('Traceback (most recent call last):\n')
        lines.extend(traceback.StackSummary(frames).format())
    lines.extend(traceback.format_exception_only(etype, value))
    return ''.join(lines)


class TestResult(object):
    """Collects the outcomes of tests: failures, errors, skipped, ..."""

    def __init__(self, stream=None, descriptions=None, verbosity=None):
        self.failures = []
        self.errors = []
        self.testsRun = 0
        self.skipped = []
        self.expectedFailures = []
        self.unexpectedSuccesses = []
        self.shouldStop = False

    def startTest(self, test):
        self.testsRun += 1

    def stopTest(self, test):
        pass

    def startTestRun(self):
        pass

    def stopTestRun(self):
        pass

    def addSuccess(self, test):
        pass

    def addError(self, test, err):
        self.errors.append((test, _format_error(err)))

    def addFailure(self, test, err):
        self.failures.append((test, _format_error(err)))

    def addSkip(self, test, reason):
        self.skipped.append((test, reason))

    def addExpectedFailure(self, test, err):
        self.expectedFailures.append((test, _format_error(err)))

    def addUnexpectedSuccess(self, test):
        self.unexpectedSuccesses.append(test)

    def wasSuccessful(self):
        return (len(self.failures) == len(self.errors) == 0
                and not self.unexpectedSuccesses)

    def stop(self):
        self.shouldStop = True

    def __repr__(self):
        return '<%s run=%i errors=%i failures=%i>' % (
            _strclass(self.__class__), self.testsRun, len(self.errors), len(self.failures))


class _WritelnDecorator(object):
    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text)

    def writeln(self, arg=None):
        if arg:
            self.write(arg)
        self.write('\n')

    def flush(self):
        flush = getattr(self.stream, 'flush', None)
        if flush is not None:
            flush()


class TextTestResult(TestResult):
    """A TestResult that reports progress to a stream (dots, or one line per test)."""

    separator1 = '=' * 70
    separator2 = '-' * 70

    def __init__(self, stream, descriptions, verbosity):
        TestResult.__init__(self, stream, descriptions, verbosity)
        self.stream = stream
        self.showAll = verbosity > 1
        self.dots = verbosity == 1
        self.descriptions = descriptions

    def getDescription(self, test):
        doc_first_line = test.shortDescription()
        if self.descriptions and doc_first_line:
            return '\n'.join((str(test), doc_first_line))
        return str(test)

    def startTest(self, test):
        TestResult.startTest(self, test)
        if self.showAll:
            self.stream.write(self.getDescription(test))
            self.stream.write(' ... ')
            self.stream.flush()

    def _report(self, long_text, short_text):
        if self.showAll:
            self.stream.writeln(long_text)
        elif self.dots:
            self.stream.write(short_text)
        self.stream.flush()

    def addSuccess(self, test):
        TestResult.addSuccess(self, test)
        self._report('ok', '.')

    def addError(self, test, err):
        TestResult.addError(self, test, err)
        self._report('ERROR', 'E')

    def addFailure(self, test, err):
        TestResult.addFailure(self, test, err)
        self._report('FAIL', 'F')

    def addSkip(self, test, reason):
        TestResult.addSkip(self, test, reason)
        self._report('skipped {0!r}'.format(reason), 's')

    def addExpectedFailure(self, test, err):
        TestResult.addExpectedFailure(self, test, err)
        self._report('expected failure', 'x')

    def addUnexpectedSuccess(self, test):
        TestResult.addUnexpectedSuccess(self, test)
        self._report('unexpected success', 'u')

    def printErrors(self):
        if self.dots or self.showAll:
            self.stream.writeln()
            self.stream.flush()
        self.printErrorList('ERROR', self.errors)
        self.printErrorList('FAIL', self.failures)
        for test in self.unexpectedSuccesses:
            self.stream.writeln(self.separator1)
            self.stream.writeln('UNEXPECTED SUCCESS: %s' % self.getDescription(test))
        self.stream.flush()

    def printErrorList(self, flavour, errors):
        for test, err in errors:
            self.stream.writeln(self.separator1)
            self.stream.writeln('%s: %s' % (flavour, self.getDescription(test)))
            self.stream.writeln(self.separator2)
            self.stream.writeln('%s' % err)
            self.stream.flush()


class TextTestRunner(object):
    """Runs a test and reports the results to a stream (sys.stderr by default)."""

    resultclass = TextTestResult

    def __init__(self, stream=None, descriptions=True, verbosity=1, failfast=False,
                 buffer=False, resultclass=None, warnings=None, *, tb_locals=False):
        if stream is None:
            stream = sys.stderr
        self.stream = _WritelnDecorator(stream)
        self.descriptions = descriptions
        self.verbosity = verbosity
        self.failfast = failfast
        if resultclass is not None:
            self.resultclass = resultclass

    def _makeResult(self):
        return self.resultclass(self.stream, self.descriptions, self.verbosity)

    def run(self, test):
        result = self._makeResult()
        start = _time.perf_counter()
        result.startTestRun()
        try:
            test(result)
        finally:
            result.stopTestRun()
        taken = _time.perf_counter() - start
        result.printErrors()
        self.stream.writeln(result.separator2)
        run = result.testsRun
        self.stream.writeln('Ran %d test%s in %.3fs' % (run, 's' if run != 1 else '', taken))
        self.stream.writeln()
        infos = []
        if not result.wasSuccessful():
            self.stream.write('FAILED')
            if result.failures:
                infos.append('failures=%d' % len(result.failures))
            if result.errors:
                infos.append('errors=%d' % len(result.errors))
        else:
            self.stream.write('OK')
        if result.skipped:
            infos.append('skipped=%d' % len(result.skipped))
        if result.expectedFailures:
            infos.append('expected failures=%d' % len(result.expectedFailures))
        if result.unexpectedSuccesses:
            infos.append('unexpected successes=%d' % len(result.unexpectedSuccesses))
        if infos:
            self.stream.writeln(' (%s)' % ', '.join(infos))
        else:
            self.stream.write('\n')
        self.stream.flush()
        return result


class TestLoader(object):
    """Finds the test methods of TestCase classes and builds suites of them."""

    testMethodPrefix = 'test'
    suiteClass = TestSuite

    def getTestCaseNames(self, testCaseClass):
        names = []
        for name in dir(testCaseClass):
            if name.startswith(self.testMethodPrefix) and \
                    callable(getattr(testCaseClass, name)):
                names.append(name)
        names.sort()
        return names

    def loadTestsFromTestCase(self, testCaseClass):
        if issubclass(testCaseClass, TestSuite):
            raise TypeError('Test cases should not be derived from TestSuite.'
                            ' Maybe you meant to derive from TestCase?')
        names = self.getTestCaseNames(testCaseClass)
        if not names and hasattr(testCaseClass, 'runTest'):
            names = ['runTest']
        return self.suiteClass([testCaseClass(name) for name in names])

    def loadTestsFromModule(self, module, *, pattern=None):
        tests = []
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase \
                    and obj is not FunctionTestCase:
                tests.append(self.loadTestsFromTestCase(obj))
        return self.suiteClass(tests)

    def loadTestsFromName(self, name, module=None):
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
        return self.suiteClass([self.loadTestsFromName(name, module) for name in names])


defaultTestLoader = TestLoader()


class TestProgram(object):
    """Runs the tests of a module (by default __main__) and exits with their status."""

    def __init__(self, module='__main__', defaultTest=None, argv=None, testRunner=None,
                 testLoader=defaultTestLoader, exit=True, verbosity=1, failfast=None,
                 catchbreak=None, buffer=None, warnings=None, *, tb_locals=False):
        if isinstance(module, str):
            module = sys.modules[module]
        self.module = module
        if argv is None:
            argv = sys.argv
        self.verbosity = verbosity
        names = []
        for arg in argv[1:]:
            if arg in ('-v', '--verbose'):
                self.verbosity = 2
            elif arg in ('-q', '--quiet'):
                self.verbosity = 0
            elif not arg.startswith('-'):
                names.append(arg)
        if defaultTest is not None and not names:
            names = [defaultTest] if isinstance(defaultTest, str) else list(defaultTest)
        if names:
            self.test = testLoader.loadTestsFromNames(names, module)
        else:
            self.test = testLoader.loadTestsFromModule(module)
        if testRunner is None:
            testRunner = TextTestRunner(verbosity=self.verbosity)
        elif isinstance(testRunner, type):
            testRunner = testRunner(verbosity=self.verbosity)
        self.result = testRunner.run(self.test)
        if exit:
            sys.exit(not self.result.wasSuccessful())


main = TestProgram
