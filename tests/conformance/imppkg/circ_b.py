from . import circ_a
seen_first = getattr(circ_a, "first", None)
seen_second = getattr(circ_a, "second", None)
