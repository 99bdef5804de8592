"""The single-algorithm module CPython has for SHA-384 and SHA-512, from `_hashlib`."""

from _hashlib import sha384, sha512
