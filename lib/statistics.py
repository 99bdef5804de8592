"""Basic statistics of int and float data (as CPython's statistics module).

Sums are exact: every value is taken as its exact integer ratio, so results match CPython's
to the last bit. (Fraction and Decimal data are not supported: minipy has neither type yet.)
"""

import math as _math
from math import gcd as _gcd

__all__ = [
    "StatisticsError", "fmean", "geometric_mean", "harmonic_mean", "mean", "median",
    "median_grouped", "median_high", "median_low", "mode", "multimode", "pstdev",
    "pvariance", "stdev", "variance", "quantiles", "covariance", "correlation",
    "linear_regression", "LinearRegression", "NormalDist",
]

_LATER = ("quantiles", "covariance", "correlation", "linear_regression", "LinearRegression",
          "NormalDist")


def __getattr__(name):
    # The rarer functions live in _statistics_more, imported on first use.
    if name in _LATER:
        import _statistics_more
        for later in _LATER:
            globals()[later] = getattr(_statistics_more, later)
        return globals()[name]
    raise AttributeError(f"module 'statistics' has no attribute '{name}'")


class StatisticsError(ValueError):
    pass


# Exact rationals are (numerator, denominator) pairs with denominator > 0, in lowest terms.

def _frac(n, d):
    if d < 0:
        n, d = -n, -d
    g = _gcd(n, d)
    if g > 1:
        n //= g
        d //= g
    return n, d


def _fadd(a, b):
    return _frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1])


def _exact_ratio(x):
    """(n, d) with x == n / d, or (x, None) for an infinity or NaN."""
    try:
        return x.as_integer_ratio()
    except (OverflowError, ValueError):
        return (x, None)
    except AttributeError:
        raise TypeError("can't convert type '%s' to numerator/denominator"
                        % type(x).__name__) from None


def _coerce(T, S):
    if T is S:
        return T
    if S is int or S is bool:
        return T
    if T is int:
        return S
    if issubclass(S, T):
        return S
    if issubclass(T, S):
        return T
    if issubclass(T, int):
        return S
    if issubclass(S, int):
        return T
    raise TypeError("don't know how to coerce %s and %s" % (T.__name__, S.__name__))


def _sum(data):
    """(type, exact total as (n, d) or a non-finite float, count) of data."""
    count = 0
    T = int
    partials = {}
    for x in data:
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        count += 1
        partials[d] = partials.get(d, 0) + n
    if None in partials:
        return T, partials[None], count
    total = (0, 1)
    for d, n in partials.items():
        total = _fadd(total, _frac(n, d))
    return T, total, count


def _convert(value, T):
    """The exact value (n, d) (or a non-finite float) as T (float if T is int but value is not)."""
    if not isinstance(value, tuple):
        return value
    n, d = value
    if T is bool:
        T = int
    if issubclass(T, int):
        if d == 1:
            return T(n)
        T = float
    return T(_div(n, d))


def _ss(data, c=None):
    """(type, exact sum of squared deviations, mean, count) of data."""
    if c is not None:
        T, ssd, count = _sum((x - c) * (x - c) for x in data)
        return T, ssd, c, count
    count = 0
    T = int
    sx_partials = {}
    sxx_partials = {}
    for x in data:
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        count += 1
        sx_partials[d] = sx_partials.get(d, 0) + n
        sxx_partials[d] = sxx_partials.get(d, 0) + (n * n if d is not None else n)
    if not count:
        return T, (0, 1), (0, 1), 0
    if None in sx_partials:
        return T, sx_partials[None], sx_partials[None], count
    sx = (0, 1)
    for d, n in sx_partials.items():
        sx = _fadd(sx, _frac(n, d))
    sxx = (0, 1)
    for d, n in sxx_partials.items():
        sxx = _fadd(sxx, _frac(n, d * d))
    # (count * sxx - sx * sx) / count, exactly.
    ssd = _frac(count * sxx[0] * sx[1] * sx[1] - sx[0] * sx[0] * sxx[1],
                sxx[1] * sx[1] * sx[1] * count)
    return T, ssd, _frac(sx[0], sx[1] * count), count


def _div(n, d):
    """n / d correctly rounded to a float (int / int in minipy rounds twice for big ints)."""
    if -(1 << 53) < n < (1 << 53) and d < (1 << 53):
        return n / d
    negative = n < 0
    n = -n if negative else n
    shift = n.bit_length() - d.bit_length() - 55
    if shift >= 0:
        q, r = divmod(n, d << shift)
    else:
        q, r = divmod(n << -shift, d)
    if r:
        q |= 1
    result = _math.ldexp(float(q), shift)
    return -result if negative else result


def _fdiv_int(value, k):
    if not isinstance(value, tuple):
        return value / k
    return _frac(value[0], value[1] * k)


def _isqrt_frac_rto(n, m):
    a = _math.isqrt(n // m)
    return a | (a * a * m != n)


def _float_sqrt_of_frac(n, m):
    """The correctly rounded square root of n / m."""
    q = (n.bit_length() - m.bit_length() - 109) // 2
    if q >= 0:
        numerator = _isqrt_frac_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _isqrt_frac_rto(n << -2 * q, m)
        denominator = 1 << -q
    return _div(numerator, denominator)


def _sqrt_exact(value):
    if not isinstance(value, tuple):
        return _math.sqrt(value)
    return _float_sqrt_of_frac(value[0], value[1])


def mean(data):
    """The arithmetic mean of data, computed exactly."""
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    return _convert(_fdiv_int(total, n), T)


def fmean(data, weights=None):
    """The mean of data as a float (fast, floating-point arithmetic)."""
    if weights is None:
        data = list(data)
        n = len(data)
        if n == 0:
            raise StatisticsError("fmean requires at least one data point")
        return _math.fsum(data) / n
    data = list(data)
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError("data and weights must be the same length")
    num = _math.fsum(x * w for x, w in zip(data, weights))
    den = _math.fsum(weights)
    if not den:
        raise StatisticsError("sum of weights must be non-zero")
    return num / den


def geometric_mean(data):
    """The geometric mean of positive data, as a float."""
    data = list(data)
    if not data:
        raise StatisticsError("fmean requires at least one data point")
    for x in data:
        if x <= 0:
            raise StatisticsError("geometric mean requires a non-empty dataset "
                                  "containing positive numbers")
    return _math.exp(fmean([_math.log(x) for x in data]))


def harmonic_mean(data, weights=None):
    """The harmonic mean of non-negative data."""
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("harmonic_mean requires at least one data point")
    if weights is None:
        weights = [1] * n
    else:
        weights = list(weights)
        if len(weights) != n:
            raise StatisticsError("Number of weights does not match data size")
    if n == 1 and weights[0] == 1:
        x = data[0]
        if isinstance(x, (int, float)):
            if x < 0:
                raise StatisticsError("harmonic mean does not support negative values")
            return x
        raise TypeError("unsupported type")
    for x in data:
        if x < 0:
            raise StatisticsError("harmonic mean does not support negative values")
    if any(x == 0 for x in data):
        return 0
    T, total_w, _ = _sum(weights)
    T2, total, _ = _sum(w / x for w, x in zip(weights, data))
    if not isinstance(total, tuple) or total[0] <= 0:
        raise StatisticsError("Weighted sum must be positive")
    result = _frac(total_w[0] * total[1], total_w[1] * total[0])
    return _convert(result, _coerce(T, T2))


def median(data):
    """The middle value of data (the mean of the two middle values for an even count)."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    """The low median: the smaller of the two middle values for an even count."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    """The high median: the larger of the two middle values for an even count."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def median_grouped(data, interval=1.0):
    """The 50th percentile of grouped continuous data."""
    data = sorted(data)
    n = len(data)
    if not n:
        raise StatisticsError("no median for empty data")
    x = data[n // 2]
    L = float(x) - float(interval) / 2
    l1 = data.index(x)
    l2 = n - 1 - data[::-1].index(x)
    cf = l1
    f = l2 - l1 + 1
    return L + interval * (n / 2 - cf) / f


def mode(data):
    """The most common value of data (the first one met, if several tie)."""
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    if not counts:
        raise StatisticsError("no mode for empty data")
    best = None
    best_count = 0
    for x, c in counts.items():
        if c > best_count:
            best, best_count = x, c
    return best


def multimode(data):
    """The most common values of data, in the order first met."""
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    if not counts:
        return []
    top = max(counts.values())
    return [x for x, c in counts.items() if c == top]


def variance(data, xbar=None):
    """The sample variance of data (n - 1 in the denominator)."""
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    return _convert(_fdiv_int(ss, n - 1), T)


def pvariance(data, mu=None):
    """The population variance of data."""
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    return _convert(_fdiv_int(ss, n), T)


def stdev(data, xbar=None):
    """The sample standard deviation of data, correctly rounded."""
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("stdev requires at least two data points")
    return _sqrt_exact(_fdiv_int(ss, n - 1))


def pstdev(data, mu=None):
    """The population standard deviation of data, correctly rounded."""
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pstdev requires at least one data point")
    return _sqrt_exact(_fdiv_int(ss, n))
