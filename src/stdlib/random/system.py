# The part of `random` written in Python, run in the module when it is made.


class SystemRandom(Random):
    """Random numbers from the operating system's entropy source (os.urandom), which
    has no state: seed() is ignored, getstate() and setstate() raise."""

    def random(self):
        """The next float in [0.0, 1.0), from 53 random bits."""
        from os import urandom

        return (int.from_bytes(urandom(7), "big") >> 3) * (2.0 ** -53)

    def getrandbits(self, k):
        """An int of k random bits."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        from os import urandom

        size = (k + 7) // 8
        return int.from_bytes(urandom(size), "big") >> (size * 8 - k)

    def randbytes(self, n):
        """n random bytes."""
        from os import urandom

        return urandom(n)

    def seed(self, *args, **kwds):
        """Does nothing: the system's source cannot be seeded."""
        return None

    def _no_state(self, *args, **kwds):
        """Not available: the system's source has no state to save or restore."""
        raise NotImplementedError("System entropy source does not have state.")

    getstate = setstate = _no_state


def _from_entropy(name):
    # The other draws run on the instance's generator, seeded afresh from the system's
    # source before each one.
    draw = getattr(Random, name)

    def method(self, *args, **kwargs):
        from os import urandom

        Random.seed(self, int.from_bytes(urandom(32), "big"))
        return draw(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = "Random.%s, drawn afresh from the system's entropy source." % name
    return method


for _name in (
    "randrange", "randint", "choice", "choices", "shuffle", "sample", "uniform",
    "triangular", "gauss", "normalvariate", "lognormvariate", "expovariate",
    "vonmisesvariate", "gammavariate", "betavariate", "paretovariate", "weibullvariate",
):
    setattr(SystemRandom, _name, _from_entropy(_name))
del _name, _from_entropy
