"""Python's keywords and soft keywords, and tests for them (as CPython's keyword module)."""

__all__ = ["iskeyword", "issoftkeyword", "kwlist", "softkwlist"]

# Reserved words: they can never be used as names.
kwlist = [
    'False', 'None', 'True',
    'and', 'as', 'assert', 'async', 'await',
    'break', 'class', 'continue',
    'def', 'del',
    'elif', 'else', 'except',
    'finally', 'for', 'from',
    'global',
    'if', 'import', 'in', 'is',
    'lambda',
    'nonlocal', 'not',
    'or',
    'pass',
    'raise', 'return',
    'try',
    'while', 'with',
    'yield',
]

# Words that are keywords only where the grammar expects them (in a match statement).
softkwlist = ['_', 'case', 'match']

_keywords = frozenset(kwlist)
_soft_keywords = frozenset(softkwlist)


def iskeyword(s):
    """Whether s is a reserved word."""
    return s in _keywords


def issoftkeyword(s):
    """Whether s is a soft keyword."""
    return s in _soft_keywords
