//! The docstrings and text signatures of the built-in types and exception classes.

pub(super) static CLASSES: &[(&str, Option<&str>, &str)] = &[
    (
        "ArithmeticError",
        None,
        r#"The base class of errors in arithmetic."#,
    ),
    (
        "AssertionError",
        None,
        r#"An assert statement failed."#,
    ),
    (
        "AttributeError",
        None,
        r#"An attribute was not found."#,
    ),
    (
        "BaseException",
        None,
        r#"The common base class of every exception."#,
    ),
    (
        "BaseExceptionGroup",
        None,
        r#"A group of exceptions raised together."#,
    ),
    (
        "BlockingIOError",
        None,
        r#"An operation would block on an object set to non-blocking mode."#,
    ),
    (
        "BrokenPipeError",
        None,
        r#"Writing to a pipe or socket whose other end is closed."#,
    ),
    (
        "BufferError",
        None,
        r#"A buffer operation could not be done."#,
    ),
    (
        "BytesWarning",
        None,
        r#"The base class of warnings about bytes and bytearray."#,
    ),
    (
        "ChildProcessError",
        None,
        r#"An operation on a child process failed."#,
    ),
    (
        "ConnectionAbortedError",
        None,
        r#"The peer aborted the connection."#,
    ),
    (
        "ConnectionError",
        None,
        r#"The base class of connection errors."#,
    ),
    (
        "ConnectionRefusedError",
        None,
        r#"The peer refused the connection."#,
    ),
    (
        "ConnectionResetError",
        None,
        r#"The peer reset the connection."#,
    ),
    (
        "DeprecationWarning",
        None,
        r#"The base class of warnings about deprecated features."#,
    ),
    (
        "EOFError",
        None,
        r#"Input ended before anything could be read."#,
    ),
    (
        "EncodingWarning",
        None,
        r#"The base class of warnings about text encodings."#,
    ),
    (
        "EnvironmentError",
        None,
        r#"An error from the operating system (a system call or I/O)."#,
    ),
    (
        "Exception",
        None,
        r#"The common base class of the exceptions a program is expected to handle."#,
    ),
    (
        "FileExistsError",
        None,
        r#"The file already exists."#,
    ),
    (
        "FileNotFoundError",
        None,
        r#"The file or directory does not exist."#,
    ),
    (
        "FloatingPointError",
        None,
        r#"A floating-point operation failed."#,
    ),
    (
        "FutureWarning",
        None,
        r#"The base class of warnings about constructs whose meaning will change."#,
    ),
    (
        "GeneratorExit",
        None,
        r#"Asks a generator or coroutine to finish (raised inside it by close())."#,
    ),
    (
        "IOError",
        None,
        r#"An error from the operating system (a system call or I/O)."#,
    ),
    (
        "ImportError",
        None,
        r#"An import could not find the module or a name in it."#,
    ),
    (
        "ImportWarning",
        None,
        r#"The base class of warnings about probable mistakes in imports."#,
    ),
    (
        "IndentationError",
        None,
        r#"The indentation of the source is wrong."#,
    ),
    (
        "IndexError",
        None,
        r#"The index of a sequence is out of range."#,
    ),
    (
        "InterruptedError",
        None,
        r#"A system call was interrupted by a signal."#,
    ),
    (
        "IsADirectoryError",
        None,
        r#"A file operation was attempted on a directory."#,
    ),
    (
        "KeyError",
        None,
        r#"The key is not in the mapping."#,
    ),
    (
        "KeyboardInterrupt",
        None,
        r#"The program was interrupted by the user (Ctrl-C)."#,
    ),
    (
        "LookupError",
        None,
        r#"The base class of lookup errors (index and key)."#,
    ),
    (
        "MemoryError",
        None,
        r#"The interpreter ran out of memory."#,
    ),
    (
        "ModuleNotFoundError",
        None,
        r#"The module to import was not found."#,
    ),
    (
        "NameError",
        None,
        r#"A name is not defined."#,
    ),
    (
        "NotADirectoryError",
        None,
        r#"A directory operation was attempted on something else."#,
    ),
    (
        "NotImplementedError",
        None,
        r#"The method or function is not implemented (yet)."#,
    ),
    (
        "OSError",
        None,
        r#"An error from the operating system (a system call or I/O)."#,
    ),
    (
        "OverflowError",
        None,
        r#"The result of an arithmetic operation is too large."#,
    ),
    (
        "PendingDeprecationWarning",
        None,
        r#"The base class of warnings about features that will be deprecated."#,
    ),
    (
        "PermissionError",
        None,
        r#"The operation lacks the access rights it needs."#,
    ),
    (
        "ProcessLookupError",
        None,
        r#"The process was not found."#,
    ),
    (
        "RecursionError",
        None,
        r#"The maximum recursion depth was exceeded."#,
    ),
    (
        "ReferenceError",
        None,
        r#"A weak reference was used after its object was freed."#,
    ),
    (
        "ResourceWarning",
        None,
        r#"The base class of warnings about the use of resources."#,
    ),
    (
        "RuntimeError",
        None,
        r#"An error that fits no other category."#,
    ),
    (
        "RuntimeWarning",
        None,
        r#"The base class of warnings about doubtful runtime behaviour."#,
    ),
    (
        "StopAsyncIteration",
        None,
        r#"Raised by an asynchronous iterator's __anext__() when it has no more items."#,
    ),
    (
        "StopIteration",
        None,
        r#"Raised by an iterator's __next__() when it has no more items."#,
    ),
    (
        "SyntaxError",
        None,
        r#"The source is not valid Python syntax."#,
    ),
    (
        "SyntaxWarning",
        None,
        r#"The base class of warnings about doubtful syntax."#,
    ),
    (
        "SystemError",
        None,
        r#"An internal error of the interpreter."#,
    ),
    (
        "SystemExit",
        None,
        r#"Asks the interpreter to exit."#,
    ),
    (
        "TabError",
        None,
        r#"The indentation mixes tabs and spaces inconsistently."#,
    ),
    (
        "TimeoutError",
        None,
        r#"An operation timed out."#,
    ),
    (
        "TypeError",
        None,
        r#"An argument has an unsuitable type."#,
    ),
    (
        "UnboundLocalError",
        None,
        r#"A local variable was used before being given a value."#,
    ),
    (
        "UnicodeDecodeError",
        None,
        r#"Decoding bytes to text failed."#,
    ),
    (
        "UnicodeEncodeError",
        None,
        r#"Encoding text to bytes failed."#,
    ),
    (
        "UnicodeError",
        None,
        r#"An error in encoding or decoding Unicode."#,
    ),
    (
        "UnicodeTranslateError",
        None,
        r#"Translating Unicode text failed."#,
    ),
    (
        "UnicodeWarning",
        None,
        r#"The base class of warnings about Unicode."#,
    ),
    (
        "UserWarning",
        None,
        r#"The base class of warnings issued by user code."#,
    ),
    (
        "ValueError",
        None,
        r#"An argument has the right type but an unsuitable value."#,
    ),
    (
        "Warning",
        None,
        r#"The base class of warning categories."#,
    ),
    (
        "ZeroDivisionError",
        None,
        r#"The second operand of a division or modulo is zero."#,
    ),
    (
        "bool",
        None,
        r#"bool(x) -> bool

True when the argument is true, False otherwise (and without argument).
True and False are the only two instances; bool cannot be subclassed."#,
    ),
    (
        "builtin_function_or_method",
        None,
        r#"A function or method written in the interpreter's own language, not in
Python."#,
    ),
    (
        "bytearray",
        None,
        r#"bytearray(iterable_of_ints) -> bytearray
bytearray() -> an empty bytearray
bytearray(n) -> n zero bytes
bytearray(text, encoding[, errors]) -> the encoded text
bytearray(buffer) -> a mutable copy of a bytes-like object

A mutable sequence of small integers (0 to 255), built from integers,
from a string and its encoding, from a buffer, or as a run of zero bytes."#,
    ),
    (
        "bytes",
        None,
        r#"bytes(iterable_of_ints) -> bytes
bytes() -> b''
bytes(n) -> n zero bytes
bytes(text, encoding[, errors]) -> the encoded text
bytes(buffer) -> an immutable copy of a bytes-like object

An immutable sequence of small integers (0 to 255), built from integers,
from a string and its encoding, from a buffer, or as a run of zero bytes."#,
    ),
    (
        "cell",
        Some("([contents])"),
        r#"A cell holding a variable shared with a nested function."#,
    ),
    (
        "classmethod",
        None,
        r#"classmethod(function) -> method

Turn a function into a class method: it receives the class as its first
argument, whether called through the class or an instance (a subclass
when called through one).

class C:
    @classmethod
    def f(cls, arg1, arg2): ..."#,
    ),
    (
        "code",
        Some("(argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize,\n     flags, codestring, constants, names, varnames, filename, name,\n     qualname, firstlineno, linetable, exceptiontable, freevars=(),\n     cellvars=(), /)"),
        r#"A code object: compiled bytecode with what it needs to run. Not meant to
be made by hand."#,
    ),
    (
        "complex",
        Some("(real=0, imag=0)"),
        r#"A complex number made from a real part and an optional imaginary part.

The result is real + imag*1j. The first argument may also be a string
such as '1+2j', in which case no second argument is allowed."#,
    ),
    (
        "dict",
        None,
        r#"dict() -> new empty dictionary
dict(mapping) -> a dict holding the mapping's keys and their values
dict(iterable) -> a dict of the (key, value) pairs the iterable yields
dict(**kwargs) -> a dict of the keyword arguments: dict(a=1) == {'a': 1}

A mapping from hashable keys to values, which keeps the order in which
keys were first inserted."#,
    ),
    (
        "enumerate",
        Some("(iterable, start=0)"),
        r#"An iterator of (index, item) pairs over an iterable.

The index counts from start (0 by default):
(0, seq[0]), (1, seq[1]), (2, seq[2]), ..."#,
    ),
    (
        "filter",
        None,
        r#"filter(function or None, iterable) --> filter object

An iterator over the items of the iterable for which function(item) is
true; with None, the items that are true themselves."#,
    ),
    (
        "float",
        Some("(x=0, /)"),
        r#"A floating-point number made from a number or a string."#,
    ),
    (
        "frozenset",
        None,
        r#"frozenset() -> empty frozenset object
frozenset(iterable) -> a frozenset of the iterable's distinct items

An immutable, hashable, unordered collection of distinct hashable
objects."#,
    ),
    (
        "function",
        Some("(code, globals, name=None, argdefs=None, closure=None)"),
        r#"A function defined in Python, made from a code object and a dict of
globals."#,
    ),
    (
        "int",
        None,
        r#"int([x]) -> integer
int(x, base=10) -> integer

An integer made from a number or a string; 0 without arguments.

A number is converted with x.__int__() (floats are truncated towards
zero). A string, bytes or bytearray is read as an integer literal in the
given base (10 by default; 2 to 36, or 0 to take the base from the
literal's prefix), with optional sign and surrounding whitespace."#,
    ),
    (
        "list",
        Some("(iterable=(), /)"),
        r#"A mutable sequence, built into the language.

Without an argument the list is empty; otherwise it holds the items of
the iterable."#,
    ),
    (
        "map",
        None,
        r#"map(func, *iterables) --> map object

An iterator that calls func with an item of each iterable, stopping at
the shortest iterable."#,
    ),
    (
        "memoryview",
        Some("(object)"),
        r#"A view of the memory of an object that supports the buffer protocol,
without copying it."#,
    ),
    (
        "method",
        Some("(function, instance, /)"),
        r#"A function bound to an instance."#,
    ),
    (
        "module",
        Some("(name, doc=None)"),
        r#"A module: a namespace made from code run once.

The name must be a string; the docstring is optional."#,
    ),
    (
        "object",
        Some("()"),
        r#"The base class of every class.

An instance of object itself has no attributes of its own: it is useful
as a unique marker value."#,
    ),
    (
        "property",
        Some("(fget=None, fset=None, fdel=None, doc=None)"),
        r#"A managed attribute, computed by functions.

fget gives the attribute's value, fset sets it and fdel deletes it; doc
is its docstring (fget's by default). Used as a decorator:

class Circle:
    @property
    def radius(self):
        "The circle's radius."
        return self._r
    @radius.setter
    def radius(self, r):
        self._r = r"#,
    ),
    (
        "range",
        None,
        r#"range(stop) -> range object
range(start, stop[, step]) -> the integers from start, step apart, up to stop

An immutable sequence of integers from start (0 by default) up to but
not including stop, stepping by step (1 by default, never 0).
range(4) holds 0, 1, 2, 3."#,
    ),
    (
        "reversed",
        Some("(sequence, /)"),
        r#"An iterator over the items of a sequence, from the last to the first."#,
    ),
    (
        "set",
        None,
        r#"set() -> new empty set object
set(iterable) -> a set of the iterable's distinct items

A mutable, unordered collection of distinct hashable objects."#,
    ),
    (
        "slice",
        None,
        r#"slice(stop)
slice(start, stop[, step])

The start, stop and step of an extended index such as a[1:10:2]."#,
    ),
    (
        "staticmethod",
        None,
        r#"staticmethod(function) -> method

Turn a function into a static method: called through the class or an
instance, it receives no implicit first argument.

class C:
    @staticmethod
    def f(arg1, arg2): ..."#,
    ),
    (
        "str",
        None,
        r#"str(object='') -> str
str(buffer[, encoding[, errors]]) -> the bytes decoded

A text string made from an object: its __str__() when it has one,
otherwise repr(object). With an encoding or errors, the object must be
bytes-like and is decoded (the encoding defaulting to UTF-8 and errors
to 'strict')."#,
    ),
    (
        "super",
        None,
        r#"super() -> same as super(__class__, <first argument>)
super(type) -> a super bound to nothing
super(type, obj) -> bound to obj, an instance of type
super(type, type2) -> bound to type2, a subclass of type

A proxy that looks attributes up in the classes that come after type in
the method resolution order, to call an overridden method:

class C(B):
    def meth(self, arg):
        super().meth(arg)"#,
    ),
    (
        "traceback",
        Some("(tb_next, tb_frame, tb_lasti, tb_lineno)"),
        r#"One entry of an exception's traceback: a frame and the line it was at.
tb_next is the entry of the frame it called, or None."#,
    ),
    (
        "tuple",
        Some("(iterable=(), /)"),
        r#"An immutable sequence, built into the language.

Without an argument the tuple is empty; otherwise it holds the items of
the iterable (a tuple argument is given back as it is)."#,
    ),
    (
        "type",
        None,
        r#"type(object) -> the object's type
type(name, bases, namespace, **kwds) -> a new class

With one argument, the class of the object; with three, a new class made
from its name, its bases and its namespace."#,
    ),
    (
        "zip",
        None,
        r#"zip(*iterables, strict=False)

An iterator of tuples whose i-th tuple holds the i-th item of each
iterable; it stops at the shortest iterable. With strict=True, iterables
of different lengths raise ValueError."#,
    ),
    (
        "_thread.RLock",
        None,
        r#"A reentrant lock: the thread that holds it may acquire it again, and must
release it as many times."#,
    ),
    (
        "_thread.lock",
        None,
        r#"A lock: the simplest synchronization primitive, held by at most one
thread at a time. allocate_lock() makes one."#,
    ),
    (
        "collections.deque",
        None,
        r#"deque([iterable[, maxlen]]) --> deque object

A double-ended queue: appends and pops are fast at both ends. With a
maxlen, it keeps at most that many items, dropping them from the other
end as new ones come."#,
    ),
    (
        "itertools.accumulate",
        Some("(iterable, func=None, *, initial=None)"),
        r#"An iterator of running totals of the iterable (or running results of
func, a function of two arguments), starting with initial when given."#,
    ),
    (
        "itertools.chain",
        None,
        r#"chain(*iterables) --> chain object

An iterator over the items of the first iterable, then of the second,
and so on."#,
    ),
    (
        "itertools.combinations",
        Some("(iterable, r)"),
        r#"An iterator of the r-length combinations of the iterable's items, as
tuples in the order of the input; items are picked by position, never
twice."#,
    ),
    (
        "itertools.combinations_with_replacement",
        Some("(iterable, r)"),
        r#"An iterator of the r-length combinations of the iterable's items, as
tuples in the order of the input, where one item may be picked again."#,
    ),
    (
        "itertools.compress",
        Some("(data, selectors)"),
        r#"An iterator over the items of data whose matching item in selectors is
true."#,
    ),
    (
        "itertools.count",
        Some("(start=0, step=1)"),
        r#"An endless iterator of evenly spaced numbers: start, start + step,
start + 2*step, ..."#,
    ),
    (
        "itertools.cycle",
        Some("(iterable, /)"),
        r#"An endless iterator over the iterable's items, again and again."#,
    ),
    (
        "itertools.dropwhile",
        Some("(predicate, iterable, /)"),
        r#"An iterator that skips the iterable's items while predicate(item) is
true, then gives every remaining item."#,
    ),
    (
        "itertools.filterfalse",
        Some("(function, iterable, /)"),
        r#"An iterator over the items of the iterable for which function(item) is
false (the false items themselves when function is None)."#,
    ),
    (
        "itertools.groupby",
        Some("(iterable, key=None)"),
        r#"An iterator of (key, group) pairs: each group is an iterator over a run
of consecutive items with the same key(item) (the item itself by
default)."#,
    ),
    (
        "itertools.islice",
        None,
        r#"islice(iterable, stop) --> islice object
islice(iterable, start, stop[, step]) -> the items a slice would pick

An iterator over the items of the iterable that a slice with these
bounds would select; no bound may be negative."#,
    ),
    (
        "itertools.pairwise",
        Some("(iterable, /)"),
        r#"An iterator of the overlapping pairs of consecutive items:
pairwise('ABCD') gives AB, BC, CD."#,
    ),
    (
        "itertools.permutations",
        Some("(iterable, r=None)"),
        r#"An iterator of the r-length orderings of the iterable's items (all of
them by default), as tuples; items are picked by position, never twice."#,
    ),
    (
        "itertools.product",
        None,
        r#"product(*iterables, repeat=1) --> product object

An iterator of the tuples of the Cartesian product of the iterables, as
nested for loops would make them; repeat multiplies the iterables by
themselves."#,
    ),
    (
        "itertools.repeat",
        None,
        r#"repeat(object [,times]) -> iterator of object, times times or forever

An iterator that gives the same object again and again: times times, or
endlessly."#,
    ),
    (
        "itertools.starmap",
        Some("(function, iterable, /)"),
        r#"An iterator of function(*args) for each tuple args of the iterable."#,
    ),
    (
        "itertools.takewhile",
        Some("(predicate, iterable, /)"),
        r#"An iterator over the iterable's items while predicate(item) is true; it
stops at the first false one."#,
    ),
    (
        "itertools.zip_longest",
        None,
        r#"zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object

An iterator of tuples whose i-th tuple holds the i-th item of each
iterable; it goes on until the longest is exhausted, filling the gaps of
the others with fillvalue."#,
    ),
];
