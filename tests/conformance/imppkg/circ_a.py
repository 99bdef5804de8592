# circ_a imports circ_b, which imports circ_a back while it is half initialized.
first = "a-first"
from . import circ_b
second = "a-second"
