//! The docstrings of the built-in types' methods, by name (`"owner.name"` where one
//! type's method means something else than the others').

pub(super) static METHODS: &[(&str, &str)] = &[
    (
        "BaseExceptionGroup.split",
        r#"Two groups: the exceptions that match the condition, and the rest
(either may be None)."#,
    ),
    (
        "aclose",
        r#"Raise GeneratorExit inside the asynchronous generator, awaitably."#,
    ),
    (
        "add",
        r#"Put an element into the set (nothing happens when it is already there)."#,
    ),
    (
        "add_note",
        r#"Append a string to the exception's __notes__, shown after its traceback."#,
    ),
    ("append", r#"Put the item at the end."#),
    (
        "as_integer_ratio",
        r#"The pair of integers (numerator, denominator) whose ratio is exactly the
number, with a positive denominator."#,
    ),
    (
        "asend",
        r#"Send a value into the asynchronous generator, awaitably."#,
    ),
    (
        "athrow",
        r#"Raise an exception inside the asynchronous generator, awaitably."#,
    ),
    (
        "bit_count",
        r#"How many ones the binary form of the absolute value has."#,
    ),
    (
        "bit_length",
        r#"How many bits the binary form of the absolute value needs, without sign
and leading zeros."#,
    ),
    (
        "bytearray.append",
        r#"Put a single byte (an int from 0 to 255) at the end."#,
    ),
    (
        "bytearray.count",
        r#"How many non-overlapping times sub occurs in B[start:end].

sub may be bytes-like or an int from 0 to 255; start and end are read
as in slice notation."#,
    ),
    (
        "bytearray.fromhex",
        r#"The bytearray that the hexadecimal string spells, two digits a byte;
spaces between them are ignored."#,
    ),
    (
        "bytearray.hex",
        r#"The bytes as a string of two hexadecimal digits each.

sep, when given, is put between groups of bytes_per_sep bytes (counting
from the right; from the left when bytes_per_sep is negative)."#,
    ),
    (
        "bytearray.index",
        r#"Like find(), but ValueError when sub does not occur."#,
    ),
    (
        "bytearray.maketrans",
        r#"A 256-byte translation table for translate() that maps each byte of
frm to the byte at the same place in to."#,
    ),
    (
        "bytearray.translate",
        r#"A copy in which each byte is replaced through the 256-byte table (None
keeps every byte), after removing the bytes listed in delete."#,
    ),
    (
        "bytes.count",
        r#"How many non-overlapping times sub occurs in B[start:end].

sub may be bytes-like or an int from 0 to 255; start and end are read
as in slice notation."#,
    ),
    (
        "bytes.fromhex",
        r#"The bytes that the hexadecimal string spells, two digits a byte; spaces
between them are ignored."#,
    ),
    (
        "bytes.hex",
        r#"The bytes as a string of two hexadecimal digits each.

sep, when given, is put between groups of bytes_per_sep bytes (counting
from the right; from the left when bytes_per_sep is negative)."#,
    ),
    (
        "bytes.index",
        r#"Like find(), but ValueError when sub does not occur."#,
    ),
    (
        "bytes.maketrans",
        r#"A 256-byte translation table for translate() that maps each byte of
frm to the byte at the same place in to."#,
    ),
    (
        "bytes.translate",
        r#"A copy in which each byte is replaced through the 256-byte table (None
keeps every byte), after removing the bytes listed in delete."#,
    ),
    (
        "capitalize",
        r#"A copy with the first character upper case and the rest lower case."#,
    ),
    (
        "casefold",
        r#"A version of the string for caseless comparisons."#,
    ),
    (
        "cast",
        r#"A view of the same memory with another format or shape."#,
    ),
    (
        "center",
        r#"The string centred in a field of the given width, padded with fillchar
(a space by default)."#,
    ),
    ("clear", r#"Remove every item."#),
    (
        "close",
        r#"Raise GeneratorExit inside the generator, so that it finishes."#,
    ),
    (
        "co_lines",
        r#"An iterator of (start, end, line) triples mapping bytecode ranges to
source lines."#,
    ),
    (
        "co_positions",
        r#"An iterator of the source positions of each instruction."#,
    ),
    (
        "code.replace",
        r#"A copy of the code object with the given fields changed."#,
    ),
    (
        "conjugate",
        r#"The complex conjugate (a real number is its own)."#,
    ),
    ("copy", r#"A shallow copy."#),
    ("count", r#"How many times the value occurs."#),
    (
        "decode",
        r#"The bytes decoded to a str with the codec of the encoding.

errors says what to do with bytes the codec cannot decode: 'strict'
(the default) raises UnicodeDecodeError; 'ignore', 'replace' and
'backslashreplace' are among the other choices."#,
    ),
    (
        "deleter",
        r#"A copy of the property with the given function as its deleter."#,
    ),
    (
        "derive",
        r#"A new group of the same type holding the given exceptions."#,
    ),
    (
        "dict.pop",
        r#"Remove the key and give back its value.

When the key is missing, the default is given back if one was passed;
otherwise KeyError is raised."#,
    ),
    (
        "dict.update",
        r#"Add the pairs of a mapping or of an iterable of pairs, then the keyword
arguments, replacing the values of keys already present."#,
    ),
    (
        "difference",
        r#"A new set of the elements that are in this set but in none of the others."#,
    ),
    (
        "difference_update",
        r#"Remove from this set every element of the others."#,
    ),
    (
        "discard",
        r#"Remove the element if it is in the set; nothing happens otherwise."#,
    ),
    (
        "encode",
        r#"The string encoded to bytes with the codec of the encoding (UTF-8 by
default).

errors says what to do with characters the codec cannot encode:
'strict' (the default) raises UnicodeEncodeError; 'ignore', 'replace'
and 'xmlcharrefreplace' are among the other choices."#,
    ),
    (
        "endswith",
        r#"Whether the sequence ends with suffix (with S[start:end] when they are
given); suffix may be a tuple of suffixes to try."#,
    ),
    (
        "expandtabs",
        r#"A copy with each tab replaced by spaces up to the next multiple of
tabsize (8 by default)."#,
    ),
    ("extend", r#"Put every item of the iterable at the end."#),
    (
        "find",
        r#"The lowest index where sub occurs within [start:end], or -1 when it does
not occur."#,
    ),
    (
        "float.fromhex",
        r#"The float that the hexadecimal string spells, such as '0x1.8p3'."#,
    ),
    (
        "float.hex",
        r#"The float in hexadecimal notation, such as '0x1.8000000000000p+3'."#,
    ),
    (
        "format",
        r#"The string formatted with the arguments, which fill its replacement
fields ('{' and '}')."#,
    ),
    (
        "format_map",
        r#"The string formatted with values taken from the mapping, which fill its
replacement fields ('{' and '}')."#,
    ),
    ("frame.clear", r#"Clear the frame's local variables."#),
    (
        "from_bytes",
        r#"The integer that the array of bytes represents.

byteorder is 'big' (most significant byte first, the default) or
'little'; sys.byteorder gives the machine's. signed says whether the
bytes hold a two's complement (negative numbers possible)."#,
    ),
    ("fromhex", r#"The value written in the hexadecimal string."#),
    (
        "fromkeys",
        r#"A new dictionary with the keys of the iterable, each mapped to value."#,
    ),
    (
        "get",
        r#"The value for key when the key is in the dictionary, else default."#,
    ),
    (
        "getter",
        r#"A copy of the property with the given function as its getter."#,
    ),
    ("hex", r#"The hexadecimal form of the value."#),
    (
        "index",
        r#"The first index of the value; ValueError when it is not there.

start and stop limit the search."#,
    ),
    (
        "indices",
        r#"The (start, stop, step) that the slice selects from a sequence of the
given length, each adjusted to fit it."#,
    ),
    ("insert", r#"Put the item before the index."#),
    (
        "intersection",
        r#"A new set of the elements that are in this set and in every other one."#,
    ),
    (
        "intersection_update",
        r#"Keep in this set only the elements that are in every other one."#,
    ),
    ("is_integer", r#"Whether the float has an integral value."#),
    (
        "isalnum",
        r#"Whether the sequence is not empty and each of its characters is a letter
or a digit."#,
    ),
    (
        "isalpha",
        r#"Whether the sequence is not empty and each of its characters is a letter."#,
    ),
    (
        "isascii",
        r#"Whether every character is ASCII (an empty one counts)."#,
    ),
    (
        "isdecimal",
        r#"Whether the string is not empty and each character is a decimal digit."#,
    ),
    (
        "isdigit",
        r#"Whether the sequence is not empty and each character is a digit."#,
    ),
    (
        "isdisjoint",
        r#"Whether the two have no element in common."#,
    ),
    (
        "isidentifier",
        r#"Whether the string is a valid identifier (keywords included; see
keyword.iskeyword())."#,
    ),
    (
        "islower",
        r#"Whether the sequence has cased characters and all of them are lower
case."#,
    ),
    (
        "isnumeric",
        r#"Whether the string is not empty and each character is numeric."#,
    ),
    (
        "isprintable",
        r#"Whether every character is printable (an empty string counts)."#,
    ),
    (
        "isspace",
        r#"Whether the sequence is not empty and each character is whitespace."#,
    ),
    (
        "issubset",
        r#"Whether every element of this set is in the other."#,
    ),
    (
        "issuperset",
        r#"Whether every element of the other is in this set."#,
    ),
    (
        "istitle",
        r#"Whether the sequence is title-cased: upper case only at the start of
words and lower case elsewhere, with at least one cased character."#,
    ),
    (
        "isupper",
        r#"Whether the sequence has cased characters and all of them are upper
case."#,
    ),
    ("items", r#"A set-like view of the (key, value) pairs."#),
    (
        "join",
        r#"The items of the iterable put together, with this sequence between each
two of them.

Example: '-'.join(['a', 'b', 'c']) -> 'a-b-c'"#,
    ),
    ("keys", r#"A set-like view of the keys."#),
    (
        "ljust",
        r#"The sequence left-justified in a field of the given width, padded with
fillchar (a space by default)."#,
    ),
    (
        "lower",
        r#"A copy with every cased character in lower case."#,
    ),
    (
        "lstrip",
        r#"A copy without the leading characters that are in chars (whitespace by
default)."#,
    ),
    (
        "maketrans",
        r#"A translation table for translate().

With one argument, a dict from characters (or their ordinals) to
strings, ordinals or None. With two strings of equal length, each
character of the first maps to the one at the same place in the second;
a third string lists characters that map to None."#,
    ),
    (
        "memoryview.hex",
        r#"The viewed bytes as a string of two hexadecimal digits each.

sep, when given, is put between groups of bytes_per_sep bytes."#,
    ),
    (
        "mro",
        r#"The method resolution order of the type, as a list."#,
    ),
    (
        "partition",
        r#"Split at the first occurrence of sep, into the 3-tuple (before, sep,
after); when sep does not occur, (the whole, empty, empty)."#,
    ),
    (
        "pop",
        r#"Remove the item at the index (the last by default) and give it back.

IndexError when the sequence is empty or the index out of range."#,
    ),
    (
        "popitem",
        r#"Remove the last (key, value) pair inserted and give it back.

KeyError when the dictionary is empty."#,
    ),
    (
        "range.index",
        r#"The index of the value; ValueError when it is not in the range."#,
    ),
    (
        "release",
        r#"Release the buffer the view holds; the view is unusable afterwards."#,
    ),
    (
        "remove",
        r#"Remove the first occurrence of the value; ValueError when it is not
there."#,
    ),
    (
        "removeprefix",
        r#"A copy without the prefix when the sequence starts with it; otherwise
an unchanged copy."#,
    ),
    (
        "removesuffix",
        r#"A copy without the suffix when the sequence ends with it; otherwise an
unchanged copy."#,
    ),
    (
        "replace",
        r#"A copy with the occurrences of old replaced by new.

count, when not -1, is the most occurrences to replace, from the left."#,
    ),
    ("reverse", r#"Reverse the items in place."#),
    (
        "rfind",
        r#"The highest index where sub occurs within [start:end], or -1 when it
does not occur."#,
    ),
    (
        "rindex",
        r#"Like rfind(), but ValueError when sub does not occur."#,
    ),
    (
        "rjust",
        r#"The sequence right-justified in a field of the given width, padded with
fillchar (a space by default)."#,
    ),
    (
        "rpartition",
        r#"Split at the last occurrence of sep, into the 3-tuple (before, sep,
after); when sep does not occur, (empty, empty, the whole)."#,
    ),
    (
        "rsplit",
        r#"A list of the words of the sequence, split at sep from the right.

Without sep (or with None), runs of whitespace separate words and
empty words are dropped. maxsplit, when not -1, is the most splits to
do, counting from the right."#,
    ),
    (
        "rstrip",
        r#"A copy without the trailing characters that are in chars (whitespace by
default)."#,
    ),
    (
        "send",
        r#"Resume the generator, making the paused yield expression give value;
gives the next yielded value or raises StopIteration."#,
    ),
    (
        "set.pop",
        r#"Remove an arbitrary element and give it back; KeyError when the set is
empty."#,
    ),
    (
        "set.remove",
        r#"Remove the element; KeyError when it is not in the set."#,
    ),
    (
        "setdefault",
        r#"The value for key, inserting key with default first when it is missing."#,
    ),
    (
        "setter",
        r#"A copy of the property with the given function as its setter."#,
    ),
    (
        "sort",
        r#"Sort the list in place, in ascending order; the sort is stable.

key, when given, is called on each item to give what is compared;
reverse=True sorts in descending order."#,
    ),
    (
        "split",
        r#"A list of the words of the sequence, split at sep.

Without sep (or with None), runs of whitespace separate words and
empty words are dropped. maxsplit, when not -1, is the most splits to
do, counting from the left."#,
    ),
    (
        "splitlines",
        r#"A list of the lines of the sequence, split at line boundaries; the line
breaks are kept only when keepends is true."#,
    ),
    (
        "startswith",
        r#"Whether the sequence starts with prefix (with S[start:end] when they
are given); prefix may be a tuple of prefixes to try."#,
    ),
    (
        "str.count",
        r#"How many non-overlapping times sub occurs in S[start:end].

start and end are read as in slice notation."#,
    ),
    (
        "str.index",
        r#"Like find(), but ValueError when sub does not occur."#,
    ),
    (
        "strip",
        r#"A copy without the leading and trailing characters that are in chars
(whitespace by default)."#,
    ),
    (
        "subgroup",
        r#"A group of the exceptions that match the condition, or None."#,
    ),
    (
        "swapcase",
        r#"A copy with upper-case characters made lower case and the other way
round."#,
    ),
    (
        "symmetric_difference",
        r#"A new set of the elements that are in exactly one of the two sets."#,
    ),
    (
        "symmetric_difference_update",
        r#"Keep in this set the elements that are in exactly one of the two sets."#,
    ),
    (
        "throw",
        r#"Raise an exception inside the generator at its paused yield; gives the
next yielded value or propagates the exception."#,
    ),
    (
        "title",
        r#"A copy in which each word starts upper case and goes on lower case."#,
    ),
    (
        "to_bytes",
        r#"An array of bytes that represents the integer.

length is the number of bytes (OverflowError when the integer does not
fit). byteorder is 'big' (the default) or 'little'; signed says
whether a negative integer may be written as two's complement."#,
    ),
    ("tobytes", r#"The viewed data as bytes."#),
    (
        "tolist",
        r#"The viewed data as a (nested) list of elements."#,
    ),
    ("toreadonly", r#"A read-only view of the same memory."#),
    (
        "translate",
        r#"A copy in which each character is replaced through the table.

The table maps ordinals to strings, ordinals or None (to delete the
character), as made by str.maketrans(); characters it does not map are
kept."#,
    ),
    (
        "union",
        r#"A new set of the elements that are in this set or in any other one."#,
    ),
    (
        "update",
        r#"Add the elements of every iterable to the set."#,
    ),
    (
        "upper",
        r#"A copy with every cased character in upper case."#,
    ),
    ("values", r#"A view of the values."#),
    (
        "with_traceback",
        r#"Set the exception's __traceback__ to tb and give back the exception."#,
    ),
    (
        "zfill",
        r#"The numeric string padded on the left with zeros to the given width;
a leading sign stays in front."#,
    ),
    (
        "_thread.RLock.acquire",
        r#"acquire(blocking=True) -> bool

Take the lock, or take it once more when the calling thread holds it;
without blocking, only if that can be done now."#,
    ),
    ("_thread.RLock.locked", r#"Whether the lock is held."#),
    (
        "_thread.RLock.release",
        r#"release()

Release one level of the lock; it is free when every acquire() was
matched."#,
    ),
    (
        "_thread.lock.acquire",
        r#"acquire(blocking=True, timeout=-1) -> bool

Take the lock, waiting until it is free (at most timeout seconds when
timeout is not -1); without blocking, take it only if it is free now.
Gives whether the lock was taken."#,
    ),
    (
        "_thread.lock.acquire_lock",
        r#"acquire(blocking=True, timeout=-1) -> bool

An older name of acquire()."#,
    ),
    (
        "_thread.lock.locked",
        r#"locked() -> bool

Whether the lock is held."#,
    ),
    (
        "_thread.lock.locked_lock",
        r#"locked() -> bool

An older name of locked()."#,
    ),
    (
        "_thread.lock.release",
        r#"release()

Free the lock, which must be held; a waiting thread may then take it."#,
    ),
    (
        "_thread.lock.release_lock",
        r#"release()

An older name of release()."#,
    ),
    (
        "collections.deque.append",
        r#"Put the item at the right end."#,
    ),
    (
        "collections.deque.appendleft",
        r#"Put the item at the left end."#,
    ),
    ("collections.deque.clear", r#"Remove every item."#),
    ("collections.deque.copy", r#"A shallow copy of the deque."#),
    (
        "collections.deque.count",
        r#"How many items are equal to value."#,
    ),
    (
        "collections.deque.extend",
        r#"Put the iterable's items at the right end."#,
    ),
    (
        "collections.deque.extendleft",
        r#"Put the iterable's items at the left end, one by one (so in reverse
order)."#,
    ),
    (
        "collections.deque.index",
        r#"The first index of value (between start and stop); ValueError when it
is not there."#,
    ),
    (
        "collections.deque.insert",
        r#"Put the item before the index."#,
    ),
    (
        "collections.deque.pop",
        r#"Remove the rightmost item and give it back; IndexError when empty."#,
    ),
    (
        "collections.deque.popleft",
        r#"Remove the leftmost item and give it back; IndexError when empty."#,
    ),
    (
        "collections.deque.remove",
        r#"Remove the first item equal to value; ValueError when none is."#,
    ),
    (
        "collections.deque.reverse",
        r#"Reverse the items in place."#,
    ),
    (
        "collections.deque.rotate",
        r#"Rotate the deque n steps to the right (to the left when n is negative)."#,
    ),
    (
        "itertools.chain.from_iterable",
        r#"A chain over the iterables that one iterable gives, taken lazily."#,
    ),
    (
        "random.Random.betavariate",
        r#"A sample of the beta distribution (alpha > 0, beta > 0), between 0 and 1."#,
    ),
    (
        "random.Random.choice",
        r#"An item picked at random from a non-empty sequence."#,
    ),
    (
        "random.Random.choices",
        r#"A list of k items picked from the population with replacement,
optionally weighted (weights or cum_weights)."#,
    ),
    (
        "random.Random.expovariate",
        r#"A sample of the exponential distribution of rate lambd (1 over the mean)."#,
    ),
    (
        "random.Random.gammavariate",
        r#"A sample of the gamma distribution (alpha > 0, beta > 0)."#,
    ),
    (
        "random.Random.gauss",
        r#"A sample of the normal distribution of mean mu and standard deviation
sigma (faster than normalvariate, not thread-safe)."#,
    ),
    (
        "random.Random.getrandbits",
        r#"A non-negative integer of k random bits."#,
    ),
    (
        "random.Random.getstate",
        r#"The generator's state, for setstate()."#,
    ),
    (
        "random.Random.lognormvariate",
        r#"A sample of the log-normal distribution: its logarithm is normal with
mean mu and standard deviation sigma."#,
    ),
    (
        "random.Random.normalvariate",
        r#"A sample of the normal distribution of mean mu and standard deviation
sigma."#,
    ),
    (
        "random.Random.paretovariate",
        r#"A sample of the Pareto distribution of shape alpha."#,
    ),
    ("random.Random.randbytes", r#"n random bytes."#),
    (
        "random.Random.randint",
        r#"A random integer N with a <= N <= b."#,
    ),
    (
        "random.Random.random",
        r#"A random float in the interval [0, 1)."#,
    ),
    (
        "random.Random.randrange",
        r#"A random item of range(start, stop, step), without building the range."#,
    ),
    (
        "random.Random.sample",
        r#"A list of k distinct items picked from the population (without
replacement)."#,
    ),
    (
        "random.Random.seed",
        r#"Start the generator from a seed: an int, str, bytes or bytearray (the
current time or the system's randomness without one)."#,
    ),
    (
        "random.Random.setstate",
        r#"Restore a state given by getstate()."#,
    ),
    ("random.Random.shuffle", r#"Shuffle the list in place."#),
    (
        "random.Random.triangular",
        r#"A sample of the triangular distribution between low and high with the
given mode (the midpoint by default)."#,
    ),
    (
        "random.Random.uniform",
        r#"A random float between a and b."#,
    ),
    (
        "random.Random.vonmisesvariate",
        r#"A sample of the von Mises distribution of mean angle mu and
concentration kappa."#,
    ),
    (
        "random.Random.weibullvariate",
        r#"A sample of the Weibull distribution of scale alpha and shape beta."#,
    ),
];
