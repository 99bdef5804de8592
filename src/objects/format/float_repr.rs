//! Floats to decimal text, as CPython's `PyOS_double_to_string` and `format_float_short` in
//! `Python/pystrtod.c`: `repr()`, and the `e`, `f`, `g` and `r` (repr-style) renderings that
//! the format-spec and `%` code build on. Padding, signs requested by a spec, grouping and `%`
//! are not here.
//!
//! The decimal digits come from Rust's float formatting, which is correctly rounded on the
//! exact binary value (round-half-even) and gives the shortest round-tripping digits for
//! `{:e}`, the same digits David Gay's `dtoa` gives CPython. This file only lays them out.

/// How many digits to ask for, as `dtoa`'s modes.
#[derive(Clone, Copy)]
enum Rounding {
    /// Mode 0: the shortest digits that read back as the same float.
    Shortest,
    /// Mode 2: this many significant digits (at least 1).
    Significant(usize),
    /// Mode 3: this many digits after the decimal point.
    Fixed(usize),
}

/// The digits of a finite, non-negative `x` as `dtoa` returns them: no trailing zeros, and
/// `x ≈ 0.DIGITS × 10^decpt`. Zero is `("0", 1)`; a value that rounds to nothing in fixed
/// mode is `("", -precision)`.
fn decimal_digits(x: f64, rounding: Rounding) -> (Vec<u8>, i64) {
    if x == 0.0 {
        return (b"0".to_vec(), 1);
    }
    let (mut digits, decpt) = match rounding {
        Rounding::Shortest => scientific_digits(&format!("{x:e}")),
        Rounding::Significant(n) => scientific_digits(&format!("{:.*e}", n.max(1) - 1, x)),
        Rounding::Fixed(precision) => {
            let text = format!("{x:.precision$}");
            let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
            let mut digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
            let leading_zeros = digits.iter().take_while(|d| **d == b'0').count();
            digits.drain(..leading_zeros);
            let decpt = int_part.len() as i64 - leading_zeros as i64;
            if digits.is_empty() {
                return (Vec::new(), -(precision as i64));
            }
            (digits, decpt)
        }
    };
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, decpt)
}

/// Splits Rust's `{:e}` output (`"1.2345e-7"`) into digits and decimal-point position.
fn scientific_digits(text: &str) -> (Vec<u8>, i64) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exponent.parse::<i64>().unwrap_or(0) + 1)
}

/// The `Py_DTSF_*` flags of `PyOS_double_to_string`, plus the upper-case choice it derives
/// from `E`/`F`/`G`.
#[derive(Clone, Copy, Default)]
pub(super) struct DtoaFlags {
    /// `Py_DTSF_SIGN`: always write a sign.
    pub always_sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: an integral result in fixed notation gets `.0`.
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: keep the decimal point and (for `g`) trailing zeros.
    pub alternate: bool,
    /// `Py_DTSF_NO_NEG_0`: a result that rounds to zero loses its minus sign.
    pub no_neg_zero: bool,
}

/// `PyOS_double_to_string(x, code, precision, flags)` for `code` in `eEfFgGr`; `precision`
/// is ignored for `r`. Infinities and NaNs come out as `inf`, `-inf`, `nan` (upper case for
/// `E`, `F`, `G`).
pub(super) fn double_to_string(x: f64, code: char, precision: usize, flags: DtoaFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    if !x.is_finite() {
        let mut out = String::new();
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.always_sign {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return out;
    }
    // The precision format_float_short works with, and the dtoa mode that goes with it.
    let (precision, rounding) = match code {
        'e' => (precision + 1, Rounding::Significant(precision + 1)),
        'f' => (precision, Rounding::Fixed(precision)),
        'g' => (precision.max(1), Rounding::Significant(precision.max(1))),
        _ => (0, Rounding::Shortest),
    };
    let (digits, decpt) = decimal_digits(x.abs(), rounding);
    let is_zero = digits.iter().all(|d| *d == b'0');
    let negative = x.is_sign_negative() && !(flags.no_neg_zero && is_zero);
    format_float_short(
        &digits,
        decpt,
        negative,
        code,
        precision as i64,
        flags,
        upper,
    )
}

/// Lays out `dtoa` digits as CPython's `format_float_short`: think of `digits` padded with
/// zeros on both sides forever, and output the slice `vdigits_start..vdigits_end` of it with
/// the decimal point and exponent placed.
fn format_float_short(
    digits: &[u8],
    mut decpt: i64,
    negative: bool,
    code: char,
    precision: i64,
    flags: DtoaFlags,
    upper: bool,
) -> String {
    let digits_len = digits.len() as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alternate {
                vdigits_end = precision;
            }
        }
        // 'r': switch to exponent notation at 1e16, as repr() does.
        _ => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    // Keep vdigits_start < decpt <= vdigits_end (strictly below when ".0" must be added).
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };

    let zeros = |out: &mut String, n: i64| out.extend(std::iter::repeat_n('0', n.max(0) as usize));
    let push_digits = |out: &mut String, slice: &[u8]| out.extend(slice.iter().map(|d| *d as char));
    let mut out = String::with_capacity((vdigits_end - vdigits_start + 8).max(8) as usize);
    if negative {
        out.push('-');
    } else if flags.always_sign {
        out.push('+');
    }
    // Zeros left of the digits, with the point among them when decpt <= 0.
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    // The digits, with the point among them when it falls inside.
    if 0 < decpt && decpt <= digits_len {
        push_digits(&mut out, &digits[..decpt as usize]);
        out.push('.');
        push_digits(&mut out, &digits[decpt as usize..]);
    } else {
        push_digits(&mut out, digits);
    }
    // Zeros right of the digits, with the point among them when decpt is past the digits.
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alternate {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// `repr(x)` and `str(x)` for a float: the shortest digits that read back as `x`, in fixed
/// notation with at least one digit after the point (`1.0`, `0.1`, `123456789012345.0`) when
/// `1e-4 <= |x| < 1e16`, else in exponent notation (`1e+16`, `1.5e-07`); `inf`, `-inf`, `nan`.
pub fn float_repr(x: f64) -> String {
    let flags = DtoaFlags {
        add_dot_0: true,
        ..DtoaFlags::default()
    };
    double_to_string(x, 'r', 0, flags)
}
