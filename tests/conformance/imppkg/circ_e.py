# circ_e imports circ_f, which reads an attribute circ_e does not have yet.
from . import circ_f
defined_late = 1
