"""Rational numbers: Fraction, an exact numerator/denominator pair kept in lowest terms.

Arithmetic between fractions and integers stays exact; mixing in a float or a complex
gives a float or a complex, as CPython's fractions module does. Hashes agree with those of
equal ints and floats (hash(Fraction(1, 2)) == hash(0.5)), so a fraction and an equal float
find each other in a dict.
"""

import math as _math
import numbers as _numbers
import operator as _operator
import sys as _sys

__all__ = ['Fraction']

_HASH_MODULUS = _sys.hash_info.modulus
_HASH_INF = _sys.hash_info.inf


def _digit_run(text):
    """Whether text is decimal digits, with single underscores allowed between them."""
    return bool(text) and all(group.isdecimal() and group.isascii() for group in text.split('_'))


def _parse(text):
    """The (numerator, denominator) a string spells: '3/4', '-1.25', ' 2e-3 ', '7'.
    None when it is not a fraction literal."""
    body = text.strip()
    negative = body[:1] == '-'
    if body[:1] in '+-':
        body = body[1:]
    if '/' in body:
        top, bottom = body.split('/', 1)
        if not _digit_run(top) or not _digit_run(bottom):
            return None
        numerator, denominator = int(top), int(bottom)
    else:
        mantissa, exponent = body, 0
        for mark in 'eE':
            if mark in body:
                mantissa, power = body.split(mark, 1)
                digits = power[1:] if power[:1] in '+-' else power
                if not _digit_run(digits):
                    return None
                exponent = int(power)
                break
        whole, dot, fraction = mantissa.partition('.')
        if not (_digit_run(whole) or (not whole and dot)):
            return None
        if dot and not (_digit_run(fraction) or (not fraction and whole)):
            return None
        numerator = int(whole or '0')
        denominator = 1
        if fraction:
            scale = 10 ** len(fraction.replace('_', ''))
            numerator = numerator * scale + int(fraction)
            denominator = scale
        if exponent >= 0:
            numerator *= 10 ** exponent
        else:
            denominator *= 10 ** -exponent
    return (-numerator if negative else numerator), denominator


def _parts(value):
    """The numerator and denominator of an int or a Rational."""
    if type(value) is int:
        return value, 1
    return value.numerator, value.denominator


class Fraction(_numbers.Rational):
    """Fraction(numerator=0, denominator=1): a rational number in lowest terms.

    Also Fraction(other_fraction), Fraction(float), Fraction('3/7'), Fraction('-1.5e3').
    """

    __slots__ = ('_numerator', '_denominator')

    def __new__(cls, numerator=0, denominator=None, *, _normalize=True):
        self = object.__new__(cls)
        if denominator is None:
            if type(numerator) is int:
                self._numerator = numerator
                self._denominator = 1
                return self
            if isinstance(numerator, _numbers.Rational):
                self._numerator = numerator.numerator
                self._denominator = numerator.denominator
                return self
            if isinstance(numerator, float):
                self._numerator, self._denominator = numerator.as_integer_ratio()
                return self
            if isinstance(numerator, str):
                parsed = _parse(numerator)
                if parsed is None:
                    raise ValueError('Invalid literal for Fraction: %r' % numerator)
                numerator, denominator = parsed
            else:
                raise TypeError('argument should be a string or a Rational instance')
        elif type(numerator) is int is type(denominator):
            pass
        elif isinstance(numerator, _numbers.Rational) and isinstance(denominator, _numbers.Rational):
            top_n, top_d = _parts(numerator)
            bottom_n, bottom_d = _parts(denominator)
            numerator, denominator = top_n * bottom_d, bottom_n * top_d
        else:
            raise TypeError('both arguments should be Rational instances')
        if denominator == 0:
            raise ZeroDivisionError('Fraction(%s, 0)' % numerator)
        if _normalize:
            divisor = _math.gcd(numerator, denominator)
            if denominator < 0:
                divisor = -divisor
            numerator //= divisor
            denominator //= divisor
        self._numerator = numerator
        self._denominator = denominator
        return self

    @classmethod
    def from_float(cls, f):
        """The exact value of a float (or an int) as a Fraction."""
        if isinstance(f, _numbers.Integral):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError('%s.from_float() only takes floats, not %r (%s)'
                            % (cls.__name__, f, type(f).__name__))
        return cls(*f.as_integer_ratio())

    @classmethod
    def from_decimal(cls, dec):
        """The exact value of a Decimal (or an int) as a Fraction."""
        if isinstance(dec, _numbers.Integral):
            return cls(int(dec))
        if type(dec).__name__ != 'Decimal':
            raise TypeError('%s.from_decimal() only takes Decimals, not %r (%s)'
                            % (cls.__name__, dec, type(dec).__name__))
        return cls(*dec.as_integer_ratio())

    def as_integer_ratio(self):
        return (self._numerator, self._denominator)

    def limit_denominator(self, max_denominator=1000000):
        """The closest Fraction to self whose denominator is at most max_denominator."""
        if max_denominator < 1:
            raise ValueError('max_denominator should be at least 1')
        if self._denominator <= max_denominator:
            return Fraction(self)
        # Walk the continued fraction of self: (p1/q1) are its convergents; stop before
        # a denominator passes the limit, then pick the better of the last convergent and
        # the best semiconvergent below the limit.
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._numerator, self._denominator
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        semiconvergent = Fraction(p0 + k * p1, q0 + k * q1)
        convergent = Fraction(p1, q1)
        if abs(convergent - self) <= abs(semiconvergent - self):
            return convergent
        return semiconvergent

    @property
    def numerator(a):
        return a._numerator

    @property
    def denominator(a):
        return a._denominator

    def __repr__(self):
        return '%s(%s, %s)' % (self.__class__.__name__, self._numerator, self._denominator)

    def __str__(self):
        if self._denominator == 1:
            return str(self._numerator)
        return '%s/%s' % (self._numerator, self._denominator)

    # Arithmetic. Each operator is built from an exact rule for two rationals and the
    # operator module's function for floats and complexes.

    def _operators(exact, inexact):
        def forward(a, b):
            if isinstance(b, (int, Fraction)):
                return exact(a, b)
            if isinstance(b, float):
                return inexact(float(a), b)
            if isinstance(b, complex):
                return inexact(complex(a), b)
            return NotImplemented

        def reverse(b, a):
            if isinstance(a, _numbers.Rational):
                return exact(a, b)
            if isinstance(a, _numbers.Real):
                return inexact(float(a), float(b))
            if isinstance(a, _numbers.Complex):
                return inexact(complex(a), complex(b))
            return NotImplemented

        forward.__name__ = '__' + inexact.__name__ + '__'
        reverse.__name__ = '__r' + inexact.__name__ + '__'
        return forward, reverse

    def _add(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return Fraction(an * bd + bn * ad, ad * bd)

    def _sub(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return Fraction(an * bd - bn * ad, ad * bd)

    def _mul(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return Fraction(an * bn, ad * bd)

    def _div(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return Fraction(an * bd, ad * bn)

    def _floordiv(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return (an * bd) // (ad * bn)

    def _mod(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        return Fraction((an * bd) % (bn * ad), ad * bd)

    def _divmod(a, b):
        an, ad = _parts(a)
        bn, bd = _parts(b)
        quotient, remainder = divmod(an * bd, ad * bn)
        return quotient, Fraction(remainder, ad * bd)

    __add__, __radd__ = _operators(_add, _operator.add)
    __sub__, __rsub__ = _operators(_sub, _operator.sub)
    __mul__, __rmul__ = _operators(_mul, _operator.mul)
    __truediv__, __rtruediv__ = _operators(_div, _operator.truediv)
    __floordiv__, __rfloordiv__ = _operators(_floordiv, _operator.floordiv)
    __mod__, __rmod__ = _operators(_mod, _operator.mod)
    __divmod__, __rdivmod__ = _operators(_divmod, divmod)
    del _operators, _add, _sub, _mul, _div, _floordiv, _mod, _divmod

    def __pow__(a, b):
        """a ** b: exact when b is an integer, else a float or complex power."""
        if isinstance(b, _numbers.Rational):
            if b.denominator != 1:
                return float(a) ** float(b)
            power = b.numerator
            if power >= 0:
                return Fraction(a._numerator ** power, a._denominator ** power,
                                _normalize=False)
            if a._numerator > 0:
                return Fraction(a._denominator ** -power, a._numerator ** -power,
                                _normalize=False)
            if a._numerator == 0:
                raise ZeroDivisionError('Fraction(%s, 0)' % a._denominator ** -power)
            return Fraction((-a._denominator) ** -power, (-a._numerator) ** -power,
                            _normalize=False)
        if isinstance(b, (float, complex)):
            return float(a) ** b
        return NotImplemented

    def __rpow__(b, a):
        """a ** b with a fraction exponent."""
        if b._denominator == 1 and b._numerator >= 0:
            return a ** b._numerator
        if isinstance(a, _numbers.Rational):
            return Fraction(a.numerator, a.denominator) ** b
        if b._denominator == 1:
            return a ** b._numerator
        return a ** float(b)

    def __pos__(a):
        return Fraction(a._numerator, a._denominator, _normalize=False)

    def __neg__(a):
        return Fraction(-a._numerator, a._denominator, _normalize=False)

    def __abs__(a):
        return Fraction(abs(a._numerator), a._denominator, _normalize=False)

    def __int__(a, _index=_operator.index):
        if a._numerator < 0:
            return _index(-(-a._numerator // a._denominator))
        return _index(a._numerator // a._denominator)

    def __trunc__(a):
        if a._numerator < 0:
            return -(-a._numerator // a._denominator)
        return a._numerator // a._denominator

    def __floor__(a):
        return a._numerator // a._denominator

    def __ceil__(a):
        return -(-a._numerator // a._denominator)

    def __round__(self, ndigits=None):
        """round(self) is the nearest int, halves to even; round(self, n) a Fraction."""
        if ndigits is None:
            floor, remainder = divmod(self._numerator, self._denominator)
            twice = remainder * 2
            if twice < self._denominator or (twice == self._denominator and floor % 2 == 0):
                return floor
            return floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction(round(self * shift), shift)
        return Fraction(round(self / shift) * shift)

    def __float__(a):
        return a._numerator / a._denominator

    def __hash__(self):
        # The hash of the value modulo the hash modulus, as CPython computes it for every
        # number, so equal ints, floats and fractions hash alike.
        try:
            inverse = pow(self._denominator, -1, _HASH_MODULUS)
        except ValueError:
            value = _HASH_INF
        else:
            value = hash(hash(abs(self._numerator)) * inverse)
        result = value if self._numerator >= 0 else -value
        return -2 if result == -1 else result

    def __eq__(a, b):
        if type(b) is int:
            return a._numerator == b and a._denominator == 1
        if isinstance(b, _numbers.Rational):
            return a._numerator == b.numerator and a._denominator == b.denominator
        if isinstance(b, _numbers.Complex) and b.imag == 0:
            b = b.real
        if isinstance(b, float):
            if _math.isnan(b) or _math.isinf(b):
                return 0.0 == b
            return a == a.from_float(b)
        return NotImplemented

    def _compare(a, b, op):
        if isinstance(b, _numbers.Rational):
            return op(a._numerator * b.denominator, a._denominator * b.numerator)
        if isinstance(b, float):
            if _math.isnan(b) or _math.isinf(b):
                return op(0.0, b)
            return op(a, a.from_float(b))
        return NotImplemented

    def __lt__(a, b):
        return a._compare(b, _operator.lt)

    def __gt__(a, b):
        return a._compare(b, _operator.gt)

    def __le__(a, b):
        return a._compare(b, _operator.le)

    def __ge__(a, b):
        return a._compare(b, _operator.ge)

    def __bool__(a):
        return bool(a._numerator)

    def __reduce__(self):
        return (self.__class__, (self._numerator, self._denominator))

    def __copy__(self):
        if type(self) == Fraction:
            return self
        return self.__class__(self._numerator, self._denominator)

    def __deepcopy__(self, memo):
        if type(self) == Fraction:
            return self
        return self.__class__(self._numerator, self._denominator)
