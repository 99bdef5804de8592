# The `multiprocessing` module itself is native (src/stdlib/multiprocessing/): it is found
# before this file, which is never run. This directory holds the package's submodules written
# in Python (`multiprocessing.pool`), which the native module reaches through its `__path__`.
from multiprocessing import *  # noqa: F401,F403
