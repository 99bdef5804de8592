"""TestCase: a group of test methods with setUp/tearDown, its assertions (with CPython's
failure messages and diffs), skipping, expected failures and subtests."""

import sys

from .util import (safe_repr as _safe_repr, strclass as _strclass, _common_shorten_repr,
                   _add_own_file)

DIFF_OMITTED = '\nDiff is %s characters long. Set self.maxDiff to None to see it.'


class SkipTest(Exception):
    """Raise to skip the running test; the message is the reason."""


_module_cleanups = []


def addModuleCleanup(function, /, *args, **kwargs):
    """Add a function to call after the last test of the module (tearDownModule)."""
    _module_cleanups.append((function, args, kwargs))


def enterModuleContext(cm):
    """Enter the context manager for the module's tests; it is exited with the module
    cleanups. Returns what its __enter__ returned."""
    cls = type(cm)
    try:
        enter = cls.__enter__
        exit = cls.__exit__
    except AttributeError:
        raise TypeError(f"'{cls.__module__}.{cls.__qualname__}' object does "
                        f"not support the context manager protocol") from None
    result = enter(cm)
    addModuleCleanup(exit, cm, None, None, None)
    return result


def doModuleCleanups():
    """Call the module cleanups, last added first; the first exception they raised is
    raised after all have run."""
    exceptions = []
    while _module_cleanups:
        function, args, kwargs = _module_cleanups.pop()
        try:
            function(*args, **kwargs)
        except Exception as exc:
            exceptions.append(exc)
    if exceptions:
        raise exceptions[0]


def _skip_reason(obj):
    if getattr(obj, '__unittest_skip__', False):
        return getattr(obj, '__unittest_skip_why__', '')
    return None


def skip(reason):
    """Decorator: always skip the test (or every test of the class)."""
    def decorator(test_item):
        test_item.__unittest_skip__ = True
        test_item.__unittest_skip_why__ = reason
        return test_item
    if callable(reason) and not isinstance(reason, str):
        test_item = reason
        reason = ''
        return decorator(test_item)
    return decorator


def _id(obj):
    return obj


def skipIf(condition, reason):
    """Skip the test if condition is true."""
    if condition:
        return skip(reason)
    return _id


def skipUnless(condition, reason):
    """Skip the test unless condition is true."""
    if not condition:
        return skip(reason)
    return _id


def expectedFailure(test_item):
    """The test is expected to fail: a failure is not counted as one."""
    test_item.__unittest_expecting_failure__ = True
    return test_item


class _AssertRaisesBaseContext(object):
    def __init__(self, expected, test_case, expected_regex=None):
        self.expected = expected
        self.test_case = test_case
        if expected_regex is not None:
            import re
            expected_regex = re.compile(expected_regex)
        self.expected_regex = expected_regex
        self.obj_name = None
        self.msg = None

    def handle(self, name, args, kwargs):
        try:
            expected = self.expected
            classes = expected if isinstance(expected, tuple) else (expected,)
            if not classes or not all(isinstance(e, type) and issubclass(e, BaseException)
                                      for e in classes):
                raise TypeError('%s() arg 1 must be %s' % (name, self._base_type_str))
            if not args:
                self.msg = kwargs.pop('msg', None)
                if kwargs:
                    raise TypeError('%r is an invalid keyword argument for this function'
                                    % (next(iter(kwargs)),))
                return self
            callable_obj, *args = args
            try:
                self.obj_name = callable_obj.__name__
            except AttributeError:
                self.obj_name = str(callable_obj)
            with self:
                callable_obj(*args, **kwargs)
        finally:
            self = None


class _AssertRaisesContext(_AssertRaisesBaseContext):
    _base_type_str = 'an exception type or tuple of exception types'

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            try:
                exc_name = self.expected.__name__
            except AttributeError:
                exc_name = str(self.expected)
            if self.obj_name:
                text = '{} not raised by {}'.format(exc_name, self.obj_name)
            else:
                text = '{} not raised'.format(exc_name)
            self.test_case.fail(self.test_case._formatMessage(self.msg, text))
        if not issubclass(exc_type, self.expected):
            return False
        self.exception = exc_value
        if self.expected_regex is None:
            return True
        if not self.expected_regex.search(str(exc_value)):
            self.test_case.fail(self.test_case._formatMessage(
                self.msg, '"{}" does not match "{}"'.format(self.expected_regex.pattern,
                                                           str(exc_value))))
        return True


class _AssertWarnsContext(_AssertRaisesBaseContext):
    _base_type_str = 'a warning type or tuple of warning types'

    def __enter__(self):
        import warnings
        self._catcher = warnings.catch_warnings(record=True)
        self.warnings = self._catcher.__enter__()
        warnings.simplefilter("always", self.expected)
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self._catcher.__exit__(exc_type, exc_value, tb)
        if exc_type is not None:
            return
        try:
            exc_name = self.expected.__name__
        except AttributeError:
            exc_name = str(self.expected)
        first_matching = None
        for m in self.warnings:
            w = m.message
            if not isinstance(w, self.expected):
                continue
            if first_matching is None:
                first_matching = w
            if self.expected_regex is not None and not self.expected_regex.search(str(w)):
                continue
            self.warning = w
            self.filename = m.filename
            self.lineno = m.lineno
            return
        if first_matching is not None:
            self.test_case.fail(self.test_case._formatMessage(
                self.msg, '"{}" does not match "{}"'.format(self.expected_regex.pattern,
                                                           str(first_matching))))
        if self.obj_name:
            text = '{} not triggered by {}'.format(exc_name, self.obj_name)
        else:
            text = '{} not triggered'.format(exc_name)
        self.test_case.fail(self.test_case._formatMessage(self.msg, text))


_subtest_msg_sentinel = object()


class _SubTestContext(object):
    """One subTest() block: an exception in it is reported for the subtest and the test
    goes on after the block."""

    def __init__(self, case, msg, params):
        self.case = case
        self.msg = msg
        self.params = params

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc_value, tb):
        result = self.case._current_result
        if exc_type is None or result is None:
            return False
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            return False
        subtest = _SubTest(self.case, self.msg, self.params)
        if issubclass(exc_type, SkipTest):
            result.addSkip(subtest, str(exc_value))
            return True
        self.case._subtest_failed = True
        result.addSubTest(self.case, subtest, (exc_type, exc_value, tb))
        return True


class TestCase(object):
    """A group of test methods (named test*), with setUp/tearDown around each."""

    failureException = AssertionError
    longMessage = True
    maxDiff = 80 * 8

    _diffThreshold = 2 ** 16

    def __init__(self, methodName='runTest'):
        self._testMethodName = methodName
        self._cleanups = []
        self._current_result = None
        self._subtest_failed = False
        self._type_equality_funcs = {
            dict: 'assertDictEqual', list: 'assertListEqual', tuple: 'assertTupleEqual',
            set: 'assertSetEqual', frozenset: 'assertSetEqual', str: 'assertMultiLineEqual'}
        if methodName != 'runTest' and not hasattr(self, methodName):
            raise ValueError('no such test method in %s: %s' % (self.__class__, methodName))
        doc = getattr(getattr(self, methodName, None), '__doc__', None)
        self._testMethodDoc = doc

    def setUp(self):
        """Prepare the test fixture; called before each test method."""
        pass

    def tearDown(self):
        """Clean up after a test method; called after it, whether it passed or not
        (but not when setUp() failed).
        """
        pass

    @classmethod
    def setUpClass(cls):
        """Prepare what the class's tests share; called once, before they run."""
        pass

    @classmethod
    def tearDownClass(cls):
        """Clean up what the class's tests shared; called once, after they ran."""
        pass

    def addCleanup(self, function, *args, **kwargs):
        """Add a function to call, with the given arguments, after tearDown() (even
        when setUp() failed); cleanups run last added first.
        """
        self._cleanups.append((function, args, kwargs))

    def doCleanups(self):
        """Call the functions added with addCleanup(), last added first."""
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            function(*args, **kwargs)

    def countTestCases(self):
        return 1

    def id(self):
        return '%s.%s' % (_strclass(self.__class__), self._testMethodName)

    def shortDescription(self):
        """The first line of the test method's docstring, or None when it has no
        docstring.
        """
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
        """Skip the test that is running, giving the reason."""
        raise SkipTest(reason)

    def subTest(self, msg=_subtest_msg_sentinel, **params):
        """A block whose failure is reported with msg and params, after which the test
        goes on."""
        return _SubTestContext(self, msg, params)

    def run(self, result=None):
        if result is None:
            from .result import TestResult
            result = TestResult()
        self._current_result = result
        self._subtest_failed = False
        method = getattr(self, self._testMethodName)
        result.startTest(self)
        try:
            skip_why = _skip_reason(self.__class__)
            if skip_why is None:
                skip_why = _skip_reason(getattr(self.__class__, self._testMethodName, None))
            if skip_why is not None:
                result.addSkip(self, skip_why)
                return result
            expecting_failure = getattr(self, '__unittest_expecting_failure__', False) or \
                getattr(method, '__unittest_expecting_failure__', False)
            outcome = self._run_part(result, self.setUp, False)
            if outcome == 'ok':
                outcome = self._run_part(result, method, expecting_failure)
                if outcome == 'ok' and self._subtest_failed:
                    outcome = 'reported'
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
            self._current_result = None
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
        """Run the test without collecting its result, so that an exception
        reaches the caller (for a debugger).
        """
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
        """Fail the test at once, with the given message."""
        raise self.failureException(msg)

    def assertTrue(self, expr, msg=None):
        """Fail unless expr is true."""
        if not expr:
            self.fail(self._formatMessage(msg, '%s is not true' % _safe_repr(expr)))

    def assertFalse(self, expr, msg=None):
        """Fail unless expr is false."""
        if expr:
            self.fail(self._formatMessage(msg, '%s is not false' % _safe_repr(expr)))

    def _baseAssertEqual(self, first, second, msg=None):
        if not first == second:
            standard = '%s != %s' % _common_shorten_repr(first, second)
            self.fail(self._formatMessage(msg, standard))

    def _getAssertEqualityFunc(self, first, second):
        if type(first) == type(second):
            asserter = self._type_equality_funcs.get(type(first))
            if asserter is not None:
                if isinstance(asserter, str):
                    asserter = getattr(self, asserter)
                return asserter
        return self._baseAssertEqual

    def addTypeEqualityFunc(self, typeobj, function):
        """Have assertEqual() compare two objects of exactly the type typeobj with
        function, which raises self.failureException with a helpful message
        when they differ.
        """
        self._type_equality_funcs[typeobj] = function

    def assertEqual(self, first, second, msg=None):
        """Fail when the two objects differ, as the == operator says."""
        self._getAssertEqualityFunc(first, second)(first, second, msg=msg)

    def assertNotEqual(self, first, second, msg=None):
        """Fail when the two objects are equal, as the == operator says."""
        if not first != second:
            standard = '%s == %s' % (_safe_repr(first), _safe_repr(second))
            self.fail(self._formatMessage(msg, standard))


    def assertAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        """Fail unless the two objects are equal once their difference is rounded
        to places decimal places (7 by default), or unless they differ by at
        most delta when delta is given. Objects that compare equal pass.
        """
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
        """Fail when the two objects are equal once their difference is rounded to
        places decimal places (7 by default), or when they differ by at most
        delta when delta is given.
        """
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
        """Check that expr1 is expr2 (the very same object)."""
        if expr1 is not expr2:
            self.fail(self._formatMessage(msg, '%s is not %s' % (_safe_repr(expr1),
                                                                 _safe_repr(expr2))))

    def assertIsNot(self, expr1, expr2, msg=None):
        """Check that expr1 is not expr2."""
        if expr1 is expr2:
            self.fail(self._formatMessage(msg, 'unexpectedly identical: %s'
                                          % _safe_repr(expr1)))

    def assertIsNone(self, obj, msg=None):
        """Check that the object is None."""
        if obj is not None:
            self.fail(self._formatMessage(msg, '%s is not None' % _safe_repr(obj)))

    def assertIsNotNone(self, obj, msg=None):
        """Check that the object is not None."""
        if obj is None:
            self.fail(self._formatMessage(msg, 'unexpectedly None'))

    def assertIn(self, member, container, msg=None):
        """Check that member is in container."""
        if member not in container:
            self.fail(self._formatMessage(msg, '%s not found in %s' % (
                _safe_repr(member), _safe_repr(container))))

    def assertNotIn(self, member, container, msg=None):
        """Check that member is not in container."""
        if member in container:
            self.fail(self._formatMessage(msg, '%s unexpectedly found in %s' % (
                _safe_repr(member), _safe_repr(container))))

    def assertIsInstance(self, obj, cls, msg=None):
        """Check that the object is an instance of cls (as isinstance() says)."""
        if not isinstance(obj, cls):
            self.fail(self._formatMessage(msg, '%s is not an instance of %r'
                                          % (_safe_repr(obj), cls)))

    def assertNotIsInstance(self, obj, cls, msg=None):
        """Check that the object is not an instance of cls."""
        if isinstance(obj, cls):
            self.fail(self._formatMessage(msg, '%s is an instance of %r'
                                          % (_safe_repr(obj), cls)))

    def assertGreater(self, a, b, msg=None):
        """Check that a > b."""
        if not a > b:
            self.fail(self._formatMessage(msg, '%s not greater than %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertGreaterEqual(self, a, b, msg=None):
        """Check that a >= b."""
        if not a >= b:
            self.fail(self._formatMessage(msg, '%s not greater than or equal to %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertLess(self, a, b, msg=None):
        """Check that a < b."""
        if not a < b:
            self.fail(self._formatMessage(msg, '%s not less than %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertLessEqual(self, a, b, msg=None):
        """Check that a <= b."""
        if not a <= b:
            self.fail(self._formatMessage(msg, '%s not less than or equal to %s'
                                          % (_safe_repr(a), _safe_repr(b))))

    def assertCountEqual(self, first, second, msg=None):
        """Check that the two iterables hold the same elements, each as many
        times, in any order.
        """
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
        """Fails unless the block (or callable) raises expected_exception."""
        context = _AssertRaisesContext(expected_exception, self)
        try:
            return context.handle('assertRaises', args, kwargs)
        finally:
            context = None

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """assertRaises, and the exception's message must match expected_regex."""
        context = _AssertRaisesContext(expected_exception, self, expected_regex)
        return context.handle('assertRaisesRegex', args, kwargs)

    def assertWarns(self, expected_warning, *args, **kwargs):
        """Fail unless the callable, called with the arguments, warns with
        expected_warning; with no callable, give a context manager that checks
        the code of its block.
        """
        context = _AssertWarnsContext(expected_warning, self)
        return context.handle('assertWarns', args, kwargs)

    def assertWarnsRegex(self, expected_warning, expected_regex, *args, **kwargs):
        """Like assertWarns(), and check that the warning's message matches
        expected_regex.
        """
        context = _AssertWarnsContext(expected_warning, self, expected_regex)
        return context.handle('assertWarnsRegex', args, kwargs)

    def assertRegex(self, text, expected_regex, msg=None):
        """Check that the text matches the regular expression (re.search)."""
        import re
        if isinstance(expected_regex, (str, bytes)):
            assert expected_regex, "expected_regex must not be empty."
            expected_regex = re.compile(expected_regex)
        if not expected_regex.search(text):
            standardMsg = "Regex didn't match: %r not found in %r" % (
                expected_regex.pattern, text)
            self.fail(self._formatMessage(msg, standardMsg))

    def assertNotRegex(self, text, unexpected_regex, msg=None):
        """Check that the text does not match the regular expression."""
        import re
        if isinstance(unexpected_regex, (str, bytes)):
            unexpected_regex = re.compile(unexpected_regex)
        match = unexpected_regex.search(text)
        if match:
            standardMsg = 'Regex matched: %r matches %r in %r' % (
                text[match.start():match.end()], unexpected_regex.pattern, text)
            self.fail(self._formatMessage(msg, standardMsg))

    def _truncateMessage(self, message, diff):
        max_diff = self.maxDiff
        if max_diff is None or len(diff) <= max_diff:
            return message + diff
        return message + (DIFF_OMITTED % len(diff))

    def assertSequenceEqual(self, seq1, seq2, msg=None, seq_type=None):
        """Fails with the first differing element and a diff of the two sequences."""
        if seq_type is not None:
            seq_type_name = seq_type.__name__
            if not isinstance(seq1, seq_type):
                raise self.failureException('First sequence is not a %s: %s'
                                            % (seq_type_name, _safe_repr(seq1)))
            if not isinstance(seq2, seq_type):
                raise self.failureException('Second sequence is not a %s: %s'
                                            % (seq_type_name, _safe_repr(seq2)))
        else:
            seq_type_name = "sequence"
        differing = None
        try:
            len1 = len(seq1)
        except (TypeError, NotImplementedError):
            differing = 'First %s has no length.    Non-sequence?' % seq_type_name
        if differing is None:
            try:
                len2 = len(seq2)
            except (TypeError, NotImplementedError):
                differing = 'Second %s has no length.    Non-sequence?' % seq_type_name
        if differing is None:
            if seq1 == seq2:
                return
            differing = '%ss differ: %s != %s\n' % (
                (seq_type_name.capitalize(),) + _common_shorten_repr(seq1, seq2))
            for i in range(min(len1, len2)):
                try:
                    item1 = seq1[i]
                except (TypeError, IndexError, NotImplementedError):
                    differing += '\nUnable to index element %d of first %s\n' % (
                        i, seq_type_name)
                    break
                try:
                    item2 = seq2[i]
                except (TypeError, IndexError, NotImplementedError):
                    differing += '\nUnable to index element %d of second %s\n' % (
                        i, seq_type_name)
                    break
                if item1 != item2:
                    differing += '\nFirst differing element %d:\n%s\n%s\n' % (
                        (i,) + _common_shorten_repr(item1, item2))
                    break
            else:
                if len1 == len2 and seq_type is None and type(seq1) != type(seq2):
                    return
            if len1 > len2:
                differing += '\nFirst %s contains %d additional elements.\n' % (
                    seq_type_name, len1 - len2)
                try:
                    differing += 'First extra element %d:\n%s\n' % (
                        len2, _safe_repr(seq1[len2]))
                except (TypeError, IndexError, NotImplementedError):
                    differing += 'Unable to index element %d of first %s\n' % (
                        len2, seq_type_name)
            elif len1 < len2:
                differing += '\nSecond %s contains %d additional elements.\n' % (
                    seq_type_name, len2 - len1)
                try:
                    differing += 'First extra element %d:\n%s\n' % (
                        len1, _safe_repr(seq2[len1]))
                except (TypeError, IndexError, NotImplementedError):
                    differing += 'Unable to index element %d of second %s\n' % (
                        len1, seq_type_name)
        standardMsg = differing
        import difflib
        import pprint
        diffMsg = '\n' + '\n'.join(difflib.ndiff(pprint.pformat(seq1).splitlines(),
                                                 pprint.pformat(seq2).splitlines()))
        standardMsg = self._truncateMessage(standardMsg, diffMsg)
        self.fail(self._formatMessage(msg, standardMsg))

    def assertListEqual(self, list1, list2, msg=None):
        """Check that two lists are equal, saying where they first differ when not."""
        self.assertSequenceEqual(list1, list2, msg, seq_type=list)

    def assertTupleEqual(self, tuple1, tuple2, msg=None):
        """Check that two tuples are equal, saying where they first differ when
        not.
        """
        self.assertSequenceEqual(tuple1, tuple2, msg, seq_type=tuple)

    def assertSetEqual(self, set1, set2, msg=None):
        """Check that two sets are equal, listing the items only one of them has
        when not.
        """
        try:
            difference1 = set1.difference(set2)
        except TypeError as e:
            self.fail('invalid type when attempting set difference: %s' % e)
        except AttributeError as e:
            self.fail('first argument does not support set difference: %s' % e)
        try:
            difference2 = set2.difference(set1)
        except TypeError as e:
            self.fail('invalid type when attempting set difference: %s' % e)
        except AttributeError as e:
            self.fail('second argument does not support set difference: %s' % e)
        if not (difference1 or difference2):
            return
        lines = []
        if difference1:
            lines.append('Items in the first set but not the second:')
            for item in difference1:
                lines.append(repr(item))
        if difference2:
            lines.append('Items in the second set but not the first:')
            for item in difference2:
                lines.append(repr(item))
        self.fail(self._formatMessage(msg, '\n'.join(lines)))

    def assertDictEqual(self, d1, d2, msg=None):
        """Check that two dicts are equal, showing how they differ when not."""
        self.assertIsInstance(d1, dict, 'First argument is not a dictionary')
        self.assertIsInstance(d2, dict, 'Second argument is not a dictionary')
        if d1 != d2:
            import difflib
            import pprint
            standardMsg = '%s != %s' % _common_shorten_repr(d1, d2)
            diff = '\n' + '\n'.join(difflib.ndiff(pprint.pformat(d1).splitlines(),
                                                  pprint.pformat(d2).splitlines()))
            standardMsg = self._truncateMessage(standardMsg, diff)
            self.fail(self._formatMessage(msg, standardMsg))

    def assertMultiLineEqual(self, first, second, msg=None):
        """Fails with an ndiff of the two strings' lines."""
        self.assertIsInstance(first, str, 'First argument is not a string')
        self.assertIsInstance(second, str, 'Second argument is not a string')
        if first != second:
            if len(first) > self._diffThreshold or len(second) > self._diffThreshold:
                self._baseAssertEqual(first, second, msg)
            import difflib
            firstlines = first.splitlines(keepends=True)
            secondlines = second.splitlines(keepends=True)
            if len(firstlines) == 1 and first.strip('\r\n') == first:
                firstlines = [first + '\n']
                secondlines = [second + '\n']
            standardMsg = '%s != %s' % _common_shorten_repr(first, second)
            diff = '\n' + ''.join(difflib.ndiff(firstlines, secondlines))
            standardMsg = self._truncateMessage(standardMsg, diff)
            self.fail(self._formatMessage(msg, standardMsg))

    def assertDictContainsSubset(self, subset, dictionary, msg=None):
        """Check that every key of subset is in dictionary, with the same value
        (deprecated).
        """
        missing = []
        mismatched = []
        for key, value in subset.items():
            if key not in dictionary:
                missing.append(key)
            elif value != dictionary[key]:
                mismatched.append('%s, expected: %s, actual: %s' % (
                    _safe_repr(key), _safe_repr(value), _safe_repr(dictionary[key])))
        if not (missing or mismatched):
            return
        standardMsg = ''
        if missing:
            standardMsg = 'Missing: %s' % ','.join(_safe_repr(m) for m in missing)
        if mismatched:
            if standardMsg:
                standardMsg += '; '
            standardMsg += 'Mismatched values: %s' % ','.join(mismatched)
        self.fail(self._formatMessage(msg, standardMsg))


class _SubTest(TestCase):
    """How a failing subTest() block is reported: the test, then [msg] and (params)."""

    def __init__(self, test_case, message, params):
        super().__init__()
        self._message = message
        self.test_case = test_case
        self.params = params
        self.failureException = test_case.failureException

    def runTest(self):
        raise NotImplementedError("subtests cannot be run directly")

    def _subDescription(self):
        parts = []
        if self._message is not _subtest_msg_sentinel:
            parts.append("[{}]".format(self._message))
        if self.params:
            parts.append("({})".format(
                ', '.join("{}={!r}".format(k, v) for (k, v) in self.params.items())))
        return " ".join(parts) or '(<subtest>)'

    def id(self):
        return "{} {}".format(self.test_case.id(), self._subDescription())

    def shortDescription(self):
        return self.test_case.shortDescription()

    def __str__(self):
        return "{} {}".format(self.test_case, self._subDescription())


class FunctionTestCase(TestCase):
    """A test case that runs a plain function, with optional set-up and
    tear-down functions, for test code that does not use TestCase classes.
    """
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


_add_own_file(TestCase.run)
