"""Secure hashes: the constructors and hash objects of the native `_hashlib` (MD5, SHA-1,
SHA-2), `new(name)`, `pbkdf2_hmac` (key derivation over HMAC) and `file_digest`."""

from _hashlib import (
    new,
    md5,
    sha1,
    sha224,
    sha256,
    sha384,
    sha512,
    algorithms_guaranteed,
    algorithms_available,
)
from binascii import _data as _bytes_like

__all__ = (
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "new",
    "algorithms_guaranteed",
    "algorithms_available",
    "pbkdf2_hmac",
    "file_digest",
)

_C_INT_MAX = 2**31 - 1




def pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None):
    """PBKDF2 (RFC 8018) with HMAC over the hash `hash_name`: a key of `dklen` bytes (the
    hash's digest size by default) from `password` and `salt`, after `iterations` rounds."""
    password = _bytes_like(password)
    salt = _bytes_like(salt)
    if iterations < 1:
        raise ValueError("iteration value must be greater than 0.")
    if iterations > _C_INT_MAX:
        raise OverflowError("iteration value is too great.")
    inner = new(hash_name)
    outer = new(hash_name)
    if dklen is None:
        dklen = outer.digest_size
    if dklen < 1:
        raise ValueError("key length must be greater than 0.")
    if dklen > _C_INT_MAX:
        raise OverflowError("key length is too great.")
    block = inner.block_size
    if len(password) > block:
        password = new(hash_name, password).digest()
    password = password.ljust(block, b"\0")
    inner.update(bytes(b ^ 0x36 for b in password))
    outer.update(bytes(b ^ 0x5C for b in password))

    def prf(message):
        first = inner.copy()
        first.update(message)
        second = outer.copy()
        second.update(first.digest())
        return second.digest()

    key = bytearray()
    index = 1
    while len(key) < dklen:
        u = prf(salt + index.to_bytes(4, "big"))
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = prf(u)
            acc ^= int.from_bytes(u, "big")
        key += acc.to_bytes(len(u), "big")
        index += 1
    return bytes(key[:dklen])


def file_digest(fileobj, digest, /, *, _bufsize=2**18):
    """The hash object `digest` (a name or a constructor) fed with all of a binary file."""
    if isinstance(digest, str):
        digestobj = new(digest)
    else:
        digestobj = digest()
    if hasattr(fileobj, "getbuffer"):
        digestobj.update(fileobj.getbuffer())
        return digestobj
    if not (hasattr(fileobj, "read") and hasattr(fileobj, "readable") and fileobj.readable()):
        raise ValueError(
            f"'{fileobj!r}' is not a file-like object in binary reading mode."
        )
    while True:
        data = fileobj.read(_bufsize)
        if not data:
            break
        digestobj.update(data)
    return digestobj
