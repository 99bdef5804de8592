# circ_c imports a name that circ_d has not defined yet: an ImportError naming a circular import.
from . import circ_d
