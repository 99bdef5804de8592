//! The docstrings and text signatures of `math`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "acos",
        Some("($module, x, /)"),
        r#"The arc cosine of x, in radians."#,
    ),
    (
        "acosh",
        Some("($module, x, /)"),
        r#"The inverse hyperbolic cosine of x."#,
    ),
    (
        "asin",
        Some("($module, x, /)"),
        r#"The arc sine of x, in radians."#,
    ),
    (
        "asinh",
        Some("($module, x, /)"),
        r#"The inverse hyperbolic sine of x."#,
    ),
    (
        "atan",
        Some("($module, x, /)"),
        r#"The arc tangent of x, in radians."#,
    ),
    (
        "atan2",
        Some("($module, y, x, /)"),
        r#"The arc tangent of y/x, in radians, in the quadrant of the point (x, y)."#,
    ),
    (
        "atanh",
        Some("($module, x, /)"),
        r#"The inverse hyperbolic tangent of x."#,
    ),
    ("cbrt", Some("($module, x, /)"), r#"The cube root of x."#),
    (
        "ceil",
        Some("($module, x, /)"),
        r#"The smallest integer not below x."#,
    ),
    (
        "comb",
        Some("($module, n, k, /)"),
        r#"How many ways there are to pick k items out of n, order not counting and
no item twice: n! / (k! * (n - k)!), 0 when k > n."#,
    ),
    (
        "copysign",
        Some("($module, x, y, /)"),
        r#"x's magnitude with y's sign (signed zeros count)."#,
    ),
    (
        "cos",
        Some("($module, x, /)"),
        r#"The cosine of x, an angle in radians."#,
    ),
    (
        "cosh",
        Some("($module, x, /)"),
        r#"The hyperbolic cosine of x."#,
    ),
    (
        "degrees",
        Some("($module, x, /)"),
        r#"The angle x, in radians, converted to degrees."#,
    ),
    (
        "dist",
        Some("($module, p, q, /)"),
        r#"The Euclidean distance between the points p and q, sequences of
coordinates of the same length."#,
    ),
    (
        "erf",
        Some("($module, x, /)"),
        r#"The error function at x."#,
    ),
    (
        "erfc",
        Some("($module, x, /)"),
        r#"The complementary error function at x: 1 - erf(x)."#,
    ),
    ("exp", Some("($module, x, /)"), r#"e to the power x."#),
    ("exp2", Some("($module, x, /)"), r#"2 to the power x."#),
    (
        "expm1",
        Some("($module, x, /)"),
        r#"exp(x) - 1, accurate for small x."#,
    ),
    (
        "fabs",
        Some("($module, x, /)"),
        r#"The absolute value of x, as a float."#,
    ),
    (
        "factorial",
        Some("($module, n, /)"),
        r#"n!, for an integer n >= 0."#,
    ),
    (
        "floor",
        Some("($module, x, /)"),
        r#"The largest integer not above x."#,
    ),
    (
        "fmod",
        Some("($module, x, y, /)"),
        r#"The remainder of x / y as the C library computes it (the sign of x)."#,
    ),
    (
        "frexp",
        Some("($module, x, /)"),
        r#"The mantissa m and exponent e of x as a pair, so that x == m * 2**e with
0.5 <= abs(m) < 1 (or m == 0)."#,
    ),
    (
        "fsum",
        Some("($module, seq, /)"),
        r#"The sum of the iterable's numbers, without the rounding errors of
repeated addition."#,
    ),
    (
        "gamma",
        Some("($module, x, /)"),
        r#"The gamma function at x."#,
    ),
    (
        "gcd",
        Some("($module, *integers)"),
        r#"The greatest common divisor of the integers (0 without any)."#,
    ),
    (
        "hypot",
        None,
        r#"hypot(*coordinates) -> value

The Euclidean norm of the coordinates: the distance of the point from
the origin, sqrt(sum(x**2 for x in coordinates))."#,
    ),
    (
        "isclose",
        Some("($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)"),
        r#"Whether a and b are close to each other.

They are when their difference is at most rel_tol times the larger of
them in magnitude, or at most abs_tol. Infinities are close only to
themselves and NaN to nothing."#,
    ),
    (
        "isfinite",
        Some("($module, x, /)"),
        r#"Whether x is neither infinite nor a NaN."#,
    ),
    (
        "isinf",
        Some("($module, x, /)"),
        r#"Whether x is an infinity of either sign."#,
    ),
    (
        "isnan",
        Some("($module, x, /)"),
        r#"Whether x is a NaN (not a number)."#,
    ),
    (
        "isqrt",
        Some("($module, n, /)"),
        r#"The integer square root of n: the largest a with a*a <= n."#,
    ),
    (
        "lcm",
        Some("($module, *integers)"),
        r#"The least common multiple of the integers (1 without any)."#,
    ),
    ("ldexp", Some("($module, x, i, /)"), r#"x * (2**i)."#),
    (
        "lgamma",
        Some("($module, x, /)"),
        r#"The natural logarithm of the absolute value of the gamma function at x."#,
    ),
    (
        "log",
        None,
        r#"log(x, [base=math.e])
Return the logarithm of x to the given base.

The logarithm of x to the given base, e (natural logarithm) by default."#,
    ),
    (
        "log10",
        Some("($module, x, /)"),
        r#"The logarithm of x to base 10."#,
    ),
    (
        "log1p",
        Some("($module, x, /)"),
        r#"The natural logarithm of 1 + x, accurate for small x."#,
    ),
    (
        "log2",
        Some("($module, x, /)"),
        r#"The logarithm of x to base 2."#,
    ),
    (
        "modf",
        Some("($module, x, /)"),
        r#"The fractional and integer parts of x, both floats with x's sign."#,
    ),
    (
        "nextafter",
        Some("($module, x, y, /)"),
        r#"The next float after x in the direction of y."#,
    ),
    (
        "perm",
        Some("($module, n, k=None, /)"),
        r#"How many ways there are to pick k items out of n in order, no item
twice: n! / (n - k)!, 0 when k > n. Without k, n!."#,
    ),
    (
        "pow",
        Some("($module, x, y, /)"),
        r#"x to the power y, as a float."#,
    ),
    (
        "prod",
        Some("($module, iterable, /, *, start=1)"),
        r#"The product of start (1 by default) and the iterable's items."#,
    ),
    (
        "radians",
        Some("($module, x, /)"),
        r#"The angle x, in degrees, converted to radians."#,
    ),
    (
        "remainder",
        Some("($module, x, y, /)"),
        r#"x minus the multiple of y nearest to x (the even one on a tie), as IEEE
754 defines the remainder."#,
    ),
    (
        "sin",
        Some("($module, x, /)"),
        r#"The sine of x, an angle in radians."#,
    ),
    (
        "sinh",
        Some("($module, x, /)"),
        r#"The hyperbolic sine of x."#,
    ),
    ("sqrt", Some("($module, x, /)"), r#"The square root of x."#),
    (
        "tan",
        Some("($module, x, /)"),
        r#"The tangent of x, an angle in radians."#,
    ),
    (
        "tanh",
        Some("($module, x, /)"),
        r#"The hyperbolic tangent of x."#,
    ),
    (
        "trunc",
        Some("($module, x, /)"),
        r#"x with its fraction dropped (towards zero), as an integer: x.__trunc__()."#,
    ),
    (
        "ulp",
        Some("($module, x, /)"),
        r#"The value of the least significant bit of the float x: the gap to the
next float away from zero."#,
    ),
];
