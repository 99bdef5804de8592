"""The single-algorithm module CPython has for MD5: its constructor, from `_hashlib`."""

from _hashlib import md5
