from .circ_c import later
