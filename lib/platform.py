"""Facts about the machine and the interpreter, as CPython's `platform` module reports them:
the operating system's `uname` fields, the Python version as strings, the implementation's
name and a one-line `platform()` summary. Everything comes from `os.uname()` and `sys`;
nothing runs a subprocess or reads the executable."""

import collections
import os
import sys

_IMPLEMENTATION_NAMES = {
    "cpython": "CPython",
    "pypy": "PyPy",
    "ironpython": "IronPython",
    "jython": "Jython",
}


class uname_result(
    collections.namedtuple("uname_result", "system node release version machine")
):
    """The five `uname` fields, plus `processor` (empty where the system does not say)."""

    __slots__ = ()
    _fields = ("system", "node", "release", "version", "machine", "processor")

    @property
    def processor(self):
        return ""

    def _fields_and_processor(self):
        return tuple.__getitem__(self, slice(None)) + (self.processor,)

    def __iter__(self):
        return iter(self._fields_and_processor())

    def __getitem__(self, key):
        return self._fields_and_processor()[key]

    def __len__(self):
        return 6

    def __reduce__(self):
        return uname_result, tuple.__getitem__(self, slice(None))


_uname_cache = None


def uname():
    """The system's identity as a `uname_result`, read once per run."""
    global _uname_cache
    if _uname_cache is None:
        if hasattr(os, "uname"):
            u = os.uname()
            fields = (u.sysname, u.nodename, u.release, u.version, u.machine)
        else:
            fields = ("Windows", os.environ.get("COMPUTERNAME", ""), "", "", "")
        _uname_cache = uname_result(*fields)
    return _uname_cache


def system():
    return uname().system


def node():
    return uname().node


def release():
    return uname().release


def version():
    return uname().version


def machine():
    return uname().machine


def processor():
    return uname().processor


def python_implementation():
    name = sys.implementation.name
    return _IMPLEMENTATION_NAMES.get(name, name)


def python_version_tuple():
    info = sys.version_info
    return (str(info[0]), str(info[1]), str(info[2]))


def python_version():
    return ".".join(python_version_tuple())


def python_compiler():
    return "rustc"


def python_build():
    return ("default", "")


def python_branch():
    return ""


def python_revision():
    return ""


def architecture(executable=sys.executable, bits="", linkage=""):
    """The pointer width as `'64bit'`/`'32bit'` and the executable format the system uses."""
    if not bits:
        bits = "%dbit" % (sys.maxsize.bit_length() + 1)
    if not linkage:
        linkage = {"linux": "ELF", "win32": "WindowsPE"}.get(sys.platform, "")
    return bits, linkage


def libc_ver(executable=None, lib="", version="", chunksize=16384):
    """The C library's name and version where `os.confstr` can tell, else the defaults."""
    confstr = getattr(os, "confstr", None)
    if confstr is not None:
        try:
            name, _, found = confstr("CS_GNU_LIBC_VERSION").partition(" ")
        except (OSError, ValueError):
            name = found = ""
        if name == "glibc" and found:
            return "glibc", found
    return lib, version


def win32_ver(release="", version="", csd="", ptype=""):
    return release, version, csd, ptype


def win32_edition():
    return None


def win32_is_iot():
    return False


def mac_ver(release="", versioninfo=("", "", ""), machine=""):
    return release, versioninfo, machine


def java_ver(release="", vendor="", vminfo=("", "", ""), osinfo=("", "", "")):
    return release, vendor, vminfo, osinfo


def system_alias(system, release, version):
    return system, release, version


def platform(aliased=False, terse=False):
    """One line naming the system, `'Linux-6.1.0-x86_64-with-glibc2.36'` (the C library's
    part only where `libc_ver()` can tell it)."""
    u = uname()
    parts = [u.system, u.release, u.machine]
    lib, found = libc_ver()
    if lib:
        parts += ["with", lib + found]
    text = "-".join(p for p in parts if p)
    text = text.replace(" ", "_")
    for bad in "/\\:;\"()":
        text = text.replace(bad, "-")
    while "--" in text:
        text = text.replace("--", "-")
    return text.rstrip("-")


def freedesktop_os_release():
    """The fields of `/etc/os-release` (or `/usr/lib/os-release`) as a dict."""
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError:
            continue
        info = {"NAME": "Linux", "ID": "linux", "PRETTY_NAME": "Linux"}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.partition("=")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            info[key] = value
        return info
    raise OSError(2, "Unable to read files /etc/os-release, /usr/lib/os-release")
