//! The docstrings and text signatures of `random`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "betavariate",
        None,
        r#"A sample of the beta distribution (alpha > 0, beta > 0), between 0 and 1."#,
    ),
    (
        "choice",
        None,
        r#"An item picked at random from a non-empty sequence."#,
    ),
    (
        "choices",
        None,
        r#"A list of k items picked from the population with replacement,
optionally weighted (weights or cum_weights)."#,
    ),
    (
        "expovariate",
        None,
        r#"A sample of the exponential distribution of rate lambd (1 over the mean)."#,
    ),
    (
        "gammavariate",
        None,
        r#"A sample of the gamma distribution (alpha > 0, beta > 0)."#,
    ),
    (
        "gauss",
        None,
        r#"A sample of the normal distribution of mean mu and standard deviation
sigma (faster than normalvariate, not thread-safe)."#,
    ),
    (
        "getrandbits",
        Some("($self, k, /)"),
        r#"A non-negative integer of k random bits."#,
    ),
    (
        "getstate",
        None,
        r#"The generator's state, for setstate()."#,
    ),
    (
        "lognormvariate",
        None,
        r#"A sample of the log-normal distribution: its logarithm is normal with
mean mu and standard deviation sigma."#,
    ),
    (
        "normalvariate",
        None,
        r#"A sample of the normal distribution of mean mu and standard deviation
sigma."#,
    ),
    (
        "paretovariate",
        None,
        r#"A sample of the Pareto distribution of shape alpha."#,
    ),
    ("randbytes", None, r#"n random bytes."#),
    ("randint", None, r#"A random integer N with a <= N <= b."#),
    (
        "random",
        Some("($self, /)"),
        r#"A random float in the interval [0, 1)."#,
    ),
    (
        "randrange",
        None,
        r#"A random item of range(start, stop, step), without building the range."#,
    ),
    (
        "sample",
        None,
        r#"A list of k distinct items picked from the population (without
replacement)."#,
    ),
    (
        "seed",
        None,
        r#"Start the generator from a seed: an int, str, bytes or bytearray (the
current time or the system's randomness without one)."#,
    ),
    ("setstate", None, r#"Restore a state given by getstate()."#),
    ("shuffle", None, r#"Shuffle the list in place."#),
    (
        "triangular",
        None,
        r#"A sample of the triangular distribution between low and high with the
given mode (the midpoint by default)."#,
    ),
    ("uniform", None, r#"A random float between a and b."#),
    (
        "vonmisesvariate",
        None,
        r#"A sample of the von Mises distribution of mean angle mu and
concentration kappa."#,
    ),
    (
        "weibullvariate",
        None,
        r#"A sample of the Weibull distribution of scale alpha and shape beta."#,
    ),
];
