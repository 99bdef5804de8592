//! The docstrings and text signatures of `operator`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    ("abs", Some("($module, a, /)"), r#"The value of abs(a)."#),
    ("add", Some("($module, a, b, /)"), r#"The value of a + b."#),
    ("and_", Some("($module, a, b, /)"), r#"The value of a & b."#),
    (
        "call",
        Some("($module, obj, /, *args, **kwargs)"),
        r#"The value of obj(*args, **kwargs)."#,
    ),
    (
        "concat",
        Some("($module, a, b, /)"),
        r#"The value of a + b, for sequences."#,
    ),
    (
        "contains",
        Some("($module, a, b, /)"),
        r#"The value of b in a (the operands are reversed)."#,
    ),
    (
        "countOf",
        Some("($module, a, b, /)"),
        r#"How many items of a are b or equal to b."#,
    ),
    (
        "delitem",
        Some("($module, a, b, /)"),
        r#"Delete a[b]: del a[b]."#,
    ),
    ("eq", Some("($module, a, b, /)"), r#"The value of a == b."#),
    (
        "floordiv",
        Some("($module, a, b, /)"),
        r#"The value of a // b."#,
    ),
    ("ge", Some("($module, a, b, /)"), r#"The value of a >= b."#),
    (
        "getitem",
        Some("($module, a, b, /)"),
        r#"The value of a[b]."#,
    ),
    ("gt", Some("($module, a, b, /)"), r#"The value of a > b."#),
    (
        "iadd",
        Some("($module, a, b, /)"),
        r#"The value of a += b."#,
    ),
    (
        "iand",
        Some("($module, a, b, /)"),
        r#"The value of a &= b."#,
    ),
    (
        "iconcat",
        Some("($module, a, b, /)"),
        r#"The value of a += b, for sequences."#,
    ),
    (
        "ifloordiv",
        Some("($module, a, b, /)"),
        r#"The value of a //= b."#,
    ),
    (
        "ilshift",
        Some("($module, a, b, /)"),
        r#"The value of a <<= b."#,
    ),
    (
        "imatmul",
        Some("($module, a, b, /)"),
        r#"The value of a @= b."#,
    ),
    (
        "imod",
        Some("($module, a, b, /)"),
        r#"The value of a %= b."#,
    ),
    (
        "imul",
        Some("($module, a, b, /)"),
        r#"The value of a *= b."#,
    ),
    (
        "index",
        Some("($module, a, /)"),
        r#"The value of a.__index__()."#,
    ),
    (
        "indexOf",
        Some("($module, a, b, /)"),
        r#"The index of the first item of a that is b or equal to b."#,
    ),
    ("inv", Some("($module, a, /)"), r#"The value of ~a."#),
    ("invert", Some("($module, a, /)"), r#"The value of ~a."#),
    ("ior", Some("($module, a, b, /)"), r#"The value of a |= b."#),
    (
        "ipow",
        Some("($module, a, b, /)"),
        r#"The value of a **= b."#,
    ),
    (
        "irshift",
        Some("($module, a, b, /)"),
        r#"The value of a >>= b."#,
    ),
    ("is_", Some("($module, a, b, /)"), r#"The value of a is b."#),
    (
        "is_not",
        Some("($module, a, b, /)"),
        r#"The value of a is not b."#,
    ),
    (
        "isub",
        Some("($module, a, b, /)"),
        r#"The value of a -= b."#,
    ),
    (
        "itruediv",
        Some("($module, a, b, /)"),
        r#"The value of a /= b."#,
    ),
    (
        "ixor",
        Some("($module, a, b, /)"),
        r#"The value of a ^= b."#,
    ),
    ("le", Some("($module, a, b, /)"), r#"The value of a <= b."#),
    (
        "length_hint",
        Some("($module, obj, default=0, /)"),
        r#"An estimate of len(obj): its length, else its __length_hint__(), else
default."#,
    ),
    (
        "lshift",
        Some("($module, a, b, /)"),
        r#"The value of a << b."#,
    ),
    ("lt", Some("($module, a, b, /)"), r#"The value of a < b."#),
    (
        "matmul",
        Some("($module, a, b, /)"),
        r#"The value of a @ b."#,
    ),
    ("mod", Some("($module, a, b, /)"), r#"The value of a % b."#),
    ("mul", Some("($module, a, b, /)"), r#"The value of a * b."#),
    ("ne", Some("($module, a, b, /)"), r#"The value of a != b."#),
    ("neg", Some("($module, a, /)"), r#"The value of -a."#),
    ("not_", Some("($module, a, /)"), r#"The value of not a."#),
    ("or_", Some("($module, a, b, /)"), r#"The value of a | b."#),
    ("pos", Some("($module, a, /)"), r#"The value of +a."#),
    ("pow", Some("($module, a, b, /)"), r#"The value of a ** b."#),
    (
        "rshift",
        Some("($module, a, b, /)"),
        r#"The value of a >> b."#,
    ),
    (
        "setitem",
        Some("($module, a, b, c, /)"),
        r#"Set a[b] to c: a[b] = c."#,
    ),
    ("sub", Some("($module, a, b, /)"), r#"The value of a - b."#),
    (
        "truediv",
        Some("($module, a, b, /)"),
        r#"The value of a / b."#,
    ),
    (
        "truth",
        Some("($module, a, /)"),
        r#"Whether a is true: bool(a)."#,
    ),
    ("xor", Some("($module, a, b, /)"), r#"The value of a ^ b."#),
];
