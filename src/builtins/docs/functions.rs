//! The docstrings and text signatures of the functions of `builtins`.

pub(super) static FUNCTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "abs",
        Some("($module, x, /)"),
        r#"Give the absolute value (the distance from zero) of the argument."#,
    ),
    (
        "aiter",
        Some("($module, async_iterable, /)"),
        r#"Give the asynchronous iterator of an asynchronous iterable."#,
    ),
    (
        "all",
        Some("($module, iterable, /)"),
        r#"True when every item of the iterable is true (and for an empty iterable)."#,
    ),
    (
        "anext",
        Some("($module, aiterator, default=<unrepresentable>, /)"),
        r#"Await and give the next item of an asynchronous iterator.

When the iterator is exhausted, the default is given if one was passed;
otherwise StopAsyncIteration is raised."#,
    ),
    (
        "any",
        Some("($module, iterable, /)"),
        r#"True when at least one item of the iterable is true; False for an empty one."#,
    ),
    (
        "ascii",
        Some("($module, obj, /)"),
        r#"Like repr(), but with every non-ASCII character escaped (\x, \u or \U)."#,
    ),
    (
        "bin",
        Some("($module, number, /)"),
        r#"The integer written in base 2, as a string starting with '0b'."#,
    ),
    (
        "breakpoint",
        None,
        r#"breakpoint(*args, **kws)

Enter the debugger at this point of the program.

It calls sys.breakpointhook() with the given arguments."#,
    ),
    (
        "callable",
        Some("($module, obj, /)"),
        r#"Whether the object can be called (functions, classes, objects with __call__).

A class instance is callable when its class defines __call__()."#,
    ),
    (
        "chr",
        Some("($module, i, /)"),
        r#"The one-character string for the Unicode code point i (0 <= i <= 0x10ffff)."#,
    ),
    (
        "compile",
        Some("($module, /, source, filename, mode, flags=0,\n        dont_inherit=False, optimize=-1, *, _feature_version=-1)"),
        r#"Turn source text into a code object that exec() or eval() can run.

The filename is used in error messages; mode is 'exec' for a module,
'eval' for a single expression and 'single' for one interactive statement."#,
    ),
    (
        "delattr",
        Some("($module, obj, name, /)"),
        r#"Remove the named attribute from the object: delattr(x, 'y') does del x.y."#,
    ),
    (
        "dir",
        None,
        r#"dir([object]) -> list of strings

Names in the current scope without an argument; otherwise the sorted
attributes of the object (its __dir__() when it has one)."#,
    ),
    (
        "divmod",
        Some("($module, x, y, /)"),
        r#"The pair (x // y, x % y), so that div * y + mod == x."#,
    ),
    (
        "eval",
        Some("($module, source, globals=None, locals=None, /)"),
        r#"Evaluate an expression (a string or code object) and give its value.

globals must be a dict and locals any mapping; both default to the
caller's scope."#,
    ),
    (
        "exec",
        Some("($module, source, globals=None, locals=None, /, *, closure=None)"),
        r#"Run statements (a string or code object) in the given namespaces.

globals must be a dict and locals any mapping; both default to the
caller's scope. The closure is a tuple of cells for a code object's
free variables."#,
    ),
    (
        "format",
        Some("($module, value, format_spec='', /)"),
        r#"Format a value with a format specification: value.__format__(format_spec).

The mini-language of the specification is in help('FORMATTING')."#,
    ),
    (
        "getattr",
        None,
        r#"getattr(object, name[, default]) -> value

The named attribute of the object: getattr(x, 'y') is x.y.

With a default, it is given instead of raising AttributeError when the
attribute is missing."#,
    ),
    (
        "globals",
        Some("($module, /)"),
        r#"The dictionary of the current module's global variables.

Changing it changes the globals themselves."#,
    ),
    (
        "hasattr",
        Some("($module, obj, name, /)"),
        r#"Whether the object has the named attribute (getattr() does not raise
AttributeError for it)."#,
    ),
    (
        "hash",
        Some("($module, obj, /)"),
        r#"The hash of the object, an integer.

Objects that compare equal have equal hashes; the converse need not hold."#,
    ),
    (
        "hex",
        Some("($module, number, /)"),
        r#"The integer written in base 16, as a string starting with '0x'."#,
    ),
    (
        "id",
        Some("($module, obj, /)"),
        r#"An integer that identifies the object while it is alive.

Two objects that exist at the same time never share one."#,
    ),
    (
        "input",
        Some("($module, prompt='', /)"),
        r#"Read one line from standard input, without its trailing newline.

The prompt, when given, is written to standard output first. EOFError
is raised at end of input."#,
    ),
    (
        "isinstance",
        Some("($module, obj, class_or_tuple, /)"),
        r#"Whether the object is an instance of the class or of one of its subclasses.

A tuple of classes (or a union type) checks against each of them."#,
    ),
    (
        "issubclass",
        Some("($module, cls, class_or_tuple, /)"),
        r#"Whether cls is the class itself or derives from it.

A tuple of classes (or a union type) checks against each of them."#,
    ),
    (
        "iter",
        None,
        r#"iter(iterable) -> iterator
iter(callable, sentinel) -> iterator

An iterator over the argument.

With one argument it must be iterable (or a sequence); with two,
callable is called with no arguments until it returns sentinel."#,
    ),
    (
        "len",
        Some("($module, obj, /)"),
        r#"How many items the container holds."#,
    ),
    (
        "locals",
        Some("($module, /)"),
        r#"A dictionary of the current scope's local variables.

Whether changes to it reach the variables depends on the scope."#,
    ),
    (
        "max",
        None,
        r#"max(iterable, *[, default=obj, key=func]) -> value
max(arg1, arg2, *args, *[, key=func]) -> value

The largest item of an iterable, or the largest of two or more arguments.

key is a function that gives what to compare; default is the result for
an empty iterable (which otherwise raises ValueError)."#,
    ),
    (
        "min",
        None,
        r#"min(iterable, *[, default=obj, key=func]) -> value
min(arg1, arg2, *args, *[, key=func]) -> value

The smallest item of an iterable, or the smallest of two or more arguments.

key is a function that gives what to compare; default is the result for
an empty iterable (which otherwise raises ValueError)."#,
    ),
    (
        "next",
        None,
        r#"next(iterator[, default])

The next item of the iterator.

When it is exhausted, the default is given if one was passed; otherwise
StopIteration is raised."#,
    ),
    (
        "oct",
        Some("($module, number, /)"),
        r#"The integer written in base 8, as a string starting with '0o'."#,
    ),
    (
        "open",
        Some("($module, /, file, mode='r', buffering=-1, encoding=None,\n     errors=None, newline=None, closefd=True, opener=None)"),
        r#"Open a file and give a stream for it; OSError when that fails.

file is a path (str or bytes) or a file descriptor. mode is made of 'r'
(read, the default), 'w' (write, truncating), 'x' (create, failing if
the file exists), 'a' (append), 'b' (binary), 't' (text, the default)
and '+' (read and write). In text mode the data is decoded with the
encoding (the locale's by default); newline controls how line endings
are translated. buffering 0 turns buffering off (binary only), 1
selects line buffering in text mode, a larger number sets the buffer's
size. closefd=False keeps a given descriptor open when the stream is
closed; opener, when given, is called as opener(file, flags) and must
give a descriptor."#,
    ),
    (
        "ord",
        Some("($module, c, /)"),
        r#"The Unicode code point of a one-character string."#,
    ),
    (
        "pow",
        Some("($module, /, base, exp, mod=None)"),
        r#"base to the power exp; with mod, the power taken modulo mod.

The three-argument form is computed more efficiently than
(base ** exp) % mod."#,
    ),
    (
        "print",
        Some("($module, /, *args, sep=' ', end='\\n', file=None, flush=False)"),
        r#"Write the values to a stream (sys.stdout unless file is given).

sep goes between the values (a space by default), end after the last
(a newline by default); flush forces the stream to be flushed."#,
    ),
    (
        "repr",
        Some("($module, obj, /)"),
        r#"The canonical string form of the object.

For many types, eval(repr(obj)) == obj."#,
    ),
    (
        "round",
        Some("($module, /, number, ndigits=None)"),
        r#"The number rounded to ndigits decimal digits (ties to even).

Without ndigits (or with None) the result is an int; otherwise it has
the number's type."#,
    ),
    (
        "setattr",
        Some("($module, obj, name, value, /)"),
        r#"Give the object's named attribute a value: setattr(x, 'y', v) does x.y = v."#,
    ),
    (
        "sorted",
        Some("($module, iterable, /, *, key=None, reverse=False)"),
        r#"A new list of the iterable's items in ascending order.

key is a function that gives what to compare; reverse=True sorts in
descending order. The sort is stable."#,
    ),
    (
        "sum",
        Some("($module, iterable, /, start=0)"),
        r#"The start value (0 by default) plus every number of the iterable.

For strings use ''.join() instead; sum() refuses them."#,
    ),
    (
        "vars",
        None,
        r#"vars([object]) -> dictionary

The object's __dict__; without an argument, the same as locals()."#,
    ),
    ("help", None, r#"Show the documentation of an object (or of a name given as a string)."#),
    ("exit", None, r#"Leave the interpreter: raise SystemExit with the given status."#),
    ("quit", None, r#"Leave the interpreter: raise SystemExit with the given status."#),
    ("copyright", None, r#"The copyright notice, printed when called."#),
    ("credits", None, r#"The credits, printed when called."#),
    ("license", None, r#"The license text, printed when called."#),
];
