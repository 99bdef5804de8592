//! Complex numbers: the arithmetic that needs no interpreter, done as CPython's
//! `Objects/complexobject.c` does it (Smith's division, exact integer powers by repeated
//! squaring), the repr (`(1+2j)`, `-0j`), the hash, and parsing `complex("1+2j")`.

use super::format::float_repr;
use super::hash::hash_f64;

/// A complex value: real and imaginary parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complex {
    pub re: f64,
    pub im: f64,
}

/// Why an operation has no result.
#[derive(Debug, PartialEq, Eq)]
pub enum ComplexError {
    /// `complex division by zero`
    DivisionByZero,
    /// `0.0 to a negative or complex power`
    ZeroToNegativePower,
    /// `complex exponentiation`: a power of finite numbers too large for a float
    Overflow,
}

impl std::ops::Add for Complex {
    type Output = Complex;
    fn add(self, o: Complex) -> Complex {
        Complex::new(self.re + o.re, self.im + o.im)
    }
}

impl std::ops::Sub for Complex {
    type Output = Complex;
    fn sub(self, o: Complex) -> Complex {
        Complex::new(self.re - o.re, self.im - o.im)
    }
}

impl std::ops::Mul for Complex {
    type Output = Complex;
    fn mul(self, o: Complex) -> Complex {
        Complex::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}

impl Complex {
    pub fn new(re: f64, im: f64) -> Complex {
        Complex { re, im }
    }

    /// Smith's algorithm, as `_Py_c_quot`.
    pub fn checked_div(self, o: Complex) -> Result<Complex, ComplexError> {
        let (abs_re, abs_im) = (o.re.abs(), o.im.abs());
        if abs_re >= abs_im {
            if abs_re == 0.0 {
                return Err(ComplexError::DivisionByZero);
            }
            let ratio = o.im / o.re;
            let denom = o.re + o.im * ratio;
            Ok(Complex::new(
                (self.re + self.im * ratio) / denom,
                (self.im - self.re * ratio) / denom,
            ))
        } else if abs_im >= abs_re {
            let ratio = o.re / o.im;
            let denom = o.re * ratio + o.im;
            Ok(Complex::new(
                (self.re * ratio + self.im) / denom,
                (self.im * ratio - self.re) / denom,
            ))
        } else {
            Ok(Complex::new(f64::NAN, f64::NAN))
        }
    }

    /// `self ** o`, as `complex_pow`: small integer exponents by repeated multiplication; a
    /// result out of a float's range from finite operands is an overflow.
    pub fn pow(self, o: Complex) -> Result<Complex, ComplexError> {
        let r = self.pow_unchecked(o)?;
        let finite = |c: Complex| c.re.is_finite() && c.im.is_finite();
        let infinite = r.re.is_infinite() || r.im.is_infinite();
        if infinite && finite(self) && finite(o) {
            return Err(ComplexError::Overflow);
        }
        Ok(r)
    }

    fn pow_unchecked(self, o: Complex) -> Result<Complex, ComplexError> {
        if o.im == 0.0 && o.re == o.re.trunc() && o.re.abs() <= 100.0 {
            let n = o.re as i64;
            return if n >= 0 {
                Ok(self.powu(n as u64))
            } else {
                Complex::new(1.0, 0.0).checked_div(self.powu((-n) as u64))
            };
        }
        if o.re == 0.0 && o.im == 0.0 {
            return Ok(Complex::new(1.0, 0.0));
        }
        if self.re == 0.0 && self.im == 0.0 {
            if o.im != 0.0 || o.re < 0.0 {
                return Err(ComplexError::ZeroToNegativePower);
            }
            return Ok(Complex::new(0.0, 0.0));
        }
        let vabs = self.re.hypot(self.im);
        let mut len = vabs.powf(o.re);
        let at = self.im.atan2(self.re);
        let mut phase = at * o.re;
        if o.im != 0.0 {
            len /= (at * o.im).exp();
            phase += o.im * vabs.ln();
        }
        Ok(Complex::new(len * phase.cos(), len * phase.sin()))
    }

    fn powu(self, n: u64) -> Complex {
        let mut r = Complex::new(1.0, 0.0);
        let mut p = self;
        let mut mask = 1u64;
        while mask > 0 && n >= mask {
            if n & mask != 0 {
                r = r * p;
            }
            mask <<= 1;
            p = p * p;
        }
        r
    }

    pub fn abs(self) -> f64 {
        if self.re.is_infinite() || self.im.is_infinite() {
            return f64::INFINITY;
        }
        self.re.hypot(self.im)
    }

    /// CPython's hash: that of the real part plus 1000003 times that of the imaginary one.
    pub fn hash(self) -> i64 {
        let re = hash_f64(self.re).unwrap_or(0);
        let im = hash_f64(self.im).unwrap_or(0);
        let h = re.wrapping_add(im.wrapping_mul(1_000_003));
        if h == -1 {
            -2
        } else {
            h
        }
    }

    /// `repr(z)`: `1j`, `(1+2j)`, `(-0-0j)`, `(nan+infj)`.
    pub fn repr(self) -> String {
        if self.re == 0.0 && self.re.is_sign_positive() {
            return format!("{}j", part(self.im));
        }
        let sign = if self.im.is_nan() || self.im.is_sign_positive() {
            "+"
        } else {
            ""
        };
        format!("({}{sign}{}j)", part(self.re), part(self.im))
    }
}

/// A part as CPython prints it inside a complex: the float repr without a trailing `.0`.
fn part(x: f64) -> String {
    let s = float_repr(x);
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// Parses the argument of `complex(str)`: `1`, `2j`, `1+2j`, `-j`, `(1-2.5e3j)`, spaces around.
pub fn parse(text: &str) -> Option<Complex> {
    let mut s = text.trim();
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        s = inner.trim();
    }
    if s.is_empty() {
        return None;
    }
    let Some(body) = s.strip_suffix(['j', 'J']) else {
        return parse_float(s).map(|re| Complex::new(re, 0.0));
    };
    // Split the real part off at the last sign that is not part of an exponent.
    let bytes = body.as_bytes();
    let mut split = None;
    for i in (1..bytes.len()).rev() {
        if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
            split = Some(i);
            break;
        }
    }
    let (re, im_text) = match split {
        Some(i) => (parse_float(&body[..i])?, &body[i..]),
        None => (0.0, body),
    };
    let im = match im_text {
        "" | "+" => 1.0,
        "-" => -1.0,
        t => parse_float(t)?,
    };
    Some(Complex::new(re, im))
}

/// A float literal as `float()` accepts one inside a complex (no spaces inside).
fn parse_float(s: &str) -> Option<f64> {
    if s.is_empty() || s.contains(char::is_whitespace) {
        return None;
    }
    let digits = s.trim_start_matches(['+', '-']);
    let lower = digits.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return s.parse::<f64>().ok();
    }
    if s.contains("__") || s.starts_with('_') || s.ends_with('_') {
        return None;
    }
    let cleaned: String = s.chars().filter(|&c| c != '_').collect();
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        assert_eq!(Complex::new(1.0, 2.0).repr(), "(1+2j)");
        assert_eq!(Complex::new(0.0, 1.0).repr(), "1j");
        assert_eq!(Complex::new(0.0, -0.0).repr(), "-0j");
        assert_eq!(Complex::new(-0.0, -0.0).repr(), "(-0-0j)");
        assert_eq!(Complex::new(f64::NAN, f64::INFINITY).repr(), "(nan+infj)");
        assert_eq!(Complex::new(1.5, -2.25).repr(), "(1.5-2.25j)");
    }

    #[test]
    fn parses_the_forms_complex_accepts() {
        assert_eq!(parse("1+2j"), Some(Complex::new(1.0, 2.0)));
        assert_eq!(parse(" ( -j ) "), Some(Complex::new(0.0, -1.0)));
        assert_eq!(parse("1e3-2.5e-1j"), Some(Complex::new(1000.0, -0.25)));
        assert_eq!(parse("3"), Some(Complex::new(3.0, 0.0)));
        assert_eq!(parse("1 + 2j"), None);
        assert_eq!(parse("x"), None);
    }

    #[test]
    fn division_by_zero_is_an_error() {
        let one = Complex::new(1.0, 0.0);
        assert_eq!(
            one.checked_div(Complex::new(0.0, 0.0)),
            Err(ComplexError::DivisionByZero)
        );
        assert_eq!(
            Complex::new(1.0, 2.0).pow(Complex::new(2.0, 0.0)),
            Ok(Complex::new(-3.0, 4.0))
        );
    }
}
