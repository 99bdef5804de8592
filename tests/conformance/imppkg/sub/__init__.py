from .. import helpers as parent_helpers
from ..helpers import double

level = "sub"
