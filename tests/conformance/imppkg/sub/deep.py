# A submodule two levels down.
from ..helpers import visible
from . import level


def describe():
    return f"deep sees {visible!r} from helpers and level {level!r}"
