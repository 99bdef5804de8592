# A package for the import tests: its body runs once, however often it is imported.
print("imppkg body runs")
counter = 0
from . import helpers
from .helpers import double as twice
