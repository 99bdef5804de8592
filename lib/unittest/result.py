"""TestResult: what a test run collects (failures, errors, skips, ...)."""

from .util import strclass as _strclass, _OWN_FILES, _add_own_file


def _format_error(err):
    """The traceback text of a test failure, without unittest's own frames."""
    import traceback
    etype, value, tb = err
    frames = [f for f in traceback._frames_of(value)
              if f.filename not in _OWN_FILES]
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
        """Called when a test is about to run."""
        self.testsRun += 1

    def stopTest(self, test):
        """Called when a test has run, whatever its outcome."""
        pass

    def startTestRun(self):
        """Called once, before any test runs."""
        pass

    def stopTestRun(self):
        """Called once, after every test has run."""
        pass

    def addSuccess(self, test):
        """Called when a test has passed."""
        pass

    def addError(self, test, err):
        """Called when a test raised an unexpected exception; err is the tuple
        sys.exc_info() gives.
        """
        self.errors.append((test, _format_error(err)))

    def addFailure(self, test, err):
        """Called when a test failed an assertion; err is the tuple sys.exc_info()
        gives.
        """
        self.failures.append((test, _format_error(err)))

    def addSubTest(self, test, subtest, err):
        """A subTest() block finished; err is None if it passed."""
        if err is not None:
            if getattr(self, 'failfast', False):
                self.stop()
            if issubclass(err[0], test.failureException):
                self.failures.append((subtest, _format_error(err)))
            else:
                self.errors.append((subtest, _format_error(err)))

    def addSkip(self, test, reason):
        """Called when a test is skipped, with the reason."""
        self.skipped.append((test, reason))

    def addExpectedFailure(self, test, err):
        """Called when a test marked as an expected failure failed, as expected."""
        self.expectedFailures.append((test, _format_error(err)))

    def addUnexpectedSuccess(self, test):
        """Called when a test marked as an expected failure passed."""
        self.unexpectedSuccesses.append(test)

    def wasSuccessful(self):
        """Whether every test run so far has passed (an unexpected success counts
        as a failure).
        """
        return (len(self.failures) == len(self.errors) == 0
                and not self.unexpectedSuccesses)

    def stop(self):
        """Ask for the test run to stop (shouldStop becomes true)."""
        self.shouldStop = True

    def __repr__(self):
        return '<%s run=%i errors=%i failures=%i>' % (
            _strclass(self.__class__), self.testsRun, len(self.errors), len(self.failures))


_add_own_file(TestResult.addError)
