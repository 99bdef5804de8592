from . import circ_e
value = circ_e.defined_late
