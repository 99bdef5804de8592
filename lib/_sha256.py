"""The single-algorithm module CPython has for SHA-224 and SHA-256, from `_hashlib`."""

from _hashlib import sha224, sha256
