# The concurrent package: concurrent.futures lives in it.
