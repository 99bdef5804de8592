"""The single-algorithm module CPython has for SHA1: its constructor, from `_hashlib`."""

from _hashlib import sha1
