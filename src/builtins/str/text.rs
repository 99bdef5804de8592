//! The `str` methods that transform or classify text as a whole: case mapping, the `is*`
//! predicates, padding and tab expansion.
//!
//! Case mapping uses Rust's full Unicode mappings (so `"ß".upper()` is `"SS"`), plus what Rust
//! lacks: title case, the final-sigma rule of `lower`, and the common full case foldings.

use super::unicode_tables::{in_table, ALPHA, DECIMAL, DIGIT, NUMERIC, TITLE};
use super::{clinic_args, is_space, keyword_args, no_args, receiver, StrObj, R0};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{alloc, Args, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// A method `s.name()` computing a new string from the receiver.
fn map_text<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, f: fn(&StrObj) -> String) -> R0<R> {
    let s = receiver(vm, args, name)?;
    no_args(args, "str", name)?;
    Ok(vm.new_str(f(s)))
}

/// A predicate `s.name()`.
fn test_text<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, f: fn(&StrObj) -> bool) -> R0<R> {
    let s = receiver(vm, args, name)?;
    no_args(args, "str", name)?;
    Ok(Value::Bool(f(s)))
}

fn is_title_char(c: char) -> bool {
    !c.is_ascii() && in_table(TITLE, c)
}

/// Cased letters: those with an upper, lower or title case form of their own kind.
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_title_char(c)
}

/// Characters the final-sigma rule looks through (a common subset of Case_Ignorable).
fn is_case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`' | '\u{ad}' | '\u{b7}' | '\u{2019}' | '\u{300}'..='\u{36f}'
    )
}

/// `Σ` lowercases to `ς` at the end of a word: after a cased letter and not before one.
fn is_final_sigma(chars: &[char], at: usize) -> bool {
    fn cased_near<'a>(mut it: impl Iterator<Item = &'a char>) -> bool {
        it.find(|c| !is_case_ignorable(**c))
            .is_some_and(|c| is_cased(*c))
    }
    cased_near(chars[..at].iter().rev()) && !cased_near(chars[at + 1..].iter())
}

/// Appends the lowercase of `chars[at]`.
fn push_lower(out: &mut String, chars: &[char], at: usize) {
    let c = chars[at];
    if c == 'Σ' {
        out.push(if is_final_sigma(chars, at) {
            'ς'
        } else {
            'σ'
        });
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Appends the title case of `c`: mostly its uppercase, but digraphs have their own title form
/// and letters that uppercase to several keep only the first one capital (`ß` -> `Ss`).
fn push_title(out: &mut String, c: char) {
    match c {
        'Ǆ' | 'ǅ' | 'ǆ' => out.push('ǅ'),
        'Ǉ' | 'ǈ' | 'ǉ' => out.push('ǈ'),
        'Ǌ' | 'ǋ' | 'ǌ' => out.push('ǋ'),
        'Ǳ' | 'ǲ' | 'ǳ' => out.push('ǲ'),
        'ŉ' => out.push_str("ʼN"),
        c if is_title_char(c) => out.push(c),
        c => {
            let mut upper = c.to_uppercase();
            out.extend(upper.next());
            out.extend(upper.flat_map(char::to_lowercase));
        }
    }
}

fn lower_text(s: &StrObj) -> String {
    if s.is_ascii() {
        return s.as_str().to_ascii_lowercase();
    }
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    for at in 0..chars.len() {
        push_lower(&mut out, &chars, at);
    }
    out
}

fn upper_text(s: &StrObj) -> String {
    if s.is_ascii() {
        s.as_str().to_ascii_uppercase()
    } else {
        s.as_str().to_uppercase()
    }
}

fn swapcase_text(s: &StrObj) -> String {
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    for (at, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            push_lower(&mut out, &chars, at);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn title_text(s: &StrObj) -> String {
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    let mut previous_is_cased = false;
    for (at, &c) in chars.iter().enumerate() {
        if previous_is_cased {
            push_lower(&mut out, &chars, at);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

fn capitalize_text(s: &StrObj) -> String {
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = String::with_capacity(s.as_str().len());
    if let Some(&first) = chars.first() {
        push_title(&mut out, first);
    }
    for at in 1..chars.len() {
        push_lower(&mut out, &chars, at);
    }
    out
}

/// Full case folding: lowercase, except where folding differs from it.
fn casefold_text(s: &StrObj) -> String {
    if s.is_ascii() {
        return s.as_str().to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'µ' => out.push('μ'),
            'ŉ' => out.push_str("ʼn"),
            'ϐ' => out.push('β'),
            'ϑ' => out.push('θ'),
            'ϕ' => out.push('φ'),
            'ϖ' => out.push('π'),
            'ϰ' => out.push('κ'),
            'ϱ' => out.push('ρ'),
            'ϵ' => out.push('ε'),
            '\u{345}' | 'ι' => out.push('ι'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

pub(super) fn lower<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "lower", lower_text)
}

pub(super) fn upper<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "upper", upper_text)
}

pub(super) fn swapcase<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "swapcase", swapcase_text)
}

pub(super) fn title<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "title", title_text)
}

pub(super) fn capitalize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "capitalize", capitalize_text)
}

pub(super) fn casefold<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_text(vm, &args, "casefold", casefold_text)
}

/// True when `s` is non-empty and every character passes `test`.
fn all_chars(s: &StrObj, test: impl Fn(char) -> bool) -> bool {
    !s.as_str().is_empty() && s.as_str().chars().all(test)
}

fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(ALPHA, c)
    }
}

fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(NUMERIC, c)
    }
}

pub(super) fn isalpha<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isalpha", |s| all_chars(s, is_alpha))
}

pub(super) fn isalnum<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isalnum", |s| {
        all_chars(s, |c| is_alpha(c) || is_numeric(c))
    })
}

pub(super) fn isdecimal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isdecimal", |s| {
        all_chars(s, |c| c.is_ascii_digit() || in_table(DECIMAL, c))
    })
}

pub(super) fn isdigit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isdigit", |s| {
        all_chars(s, |c| c.is_ascii_digit() || in_table(DIGIT, c))
    })
}

pub(super) fn isnumeric<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isnumeric", |s| all_chars(s, is_numeric))
}

pub(super) fn isspace<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isspace", |s| all_chars(s, is_space))
}

pub(super) fn isascii<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isascii", StrObj::is_ascii)
}

pub(super) fn isprintable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isprintable", |s| {
        s.as_str().chars().all(crate::vm::convert::is_printable)
    })
}

/// A name as the tokenizer reads one (approximating XID_Start / XID_Continue).
fn is_identifier(s: &StrObj) -> bool {
    let mut chars = s.as_str().chars();
    let start = |c: char| {
        c == '_'
            || is_alpha(c)
            || matches!(
                c,
                '\u{2118}' | '\u{212e}' | '\u{309b}' | '\u{309c}' | '\u{1885}' | '\u{1886}'
            )
            || (c.is_alphabetic() && is_numeric(c) && !in_table(DIGIT, c))
    };
    chars.next().is_some_and(start)
        && chars.all(|c| {
            start(c)
                || c.is_ascii_digit()
                || in_table(DECIMAL, c)
                || (!c.is_ascii() && c.is_alphabetic())
                || matches!(
                    c,
                    '\u{b7}' | '\u{203f}' | '\u{2040}' | '\u{300}'..='\u{36f}'
                )
        })
}

pub(super) fn isidentifier<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isidentifier", is_identifier)
}

pub(super) fn islower<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "islower", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_uppercase() || is_title_char(c) {
                return false;
            }
            cased |= c.is_lowercase();
        }
        cased
    })
}

pub(super) fn isupper<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "isupper", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_lowercase() || is_title_char(c) {
                return false;
            }
            cased |= c.is_uppercase();
        }
        cased
    })
}

pub(super) fn istitle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_text(vm, &args, "istitle", |s| {
        let mut cased = false;
        let mut previous_is_cased = false;
        for c in s.as_str().chars() {
            if c.is_uppercase() || is_title_char(c) {
                if previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else if c.is_lowercase() {
                if !previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else {
                previous_is_cased = false;
            }
        }
        cased
    })
}

/// `width` and `fillchar` of `center`/`ljust`/`rjust`; `None` when no padding is needed.
fn padding<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
) -> PyResult<Option<(usize, char)>, R> {
    let s = receiver(vm, args, name)?;
    clinic_args(args, 1, "str", name, 1, 2)?;
    let width = vm.index_i64(&args.pos[1])?;
    let fill = match args.pos.get(2) {
        None => ' ',
        Some(v) => {
            let Some(text) = v.as_str() else {
                return Err(PyErr::type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    vm.type_name(v)
                )));
            };
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(PyErr::type_error(
                        "The fill character must be exactly one character long",
                    ))
                }
            }
        }
    };
    let len = s.char_len();
    Ok(usize::try_from(width)
        .ok()
        .filter(|&w| w > len)
        .map(|w| (w - len, fill)))
}

/// The receiver padded with `left` and `right` fill characters.
fn padded<R: Runtime>(vm: &Vm<R>, args: &Args<R>, left: usize, right: usize, fill: char) -> R0<R> {
    let s = args.pos[0].as_str().unwrap_or("");
    let size = (left + right)
        .checked_mul(fill.len_utf8())
        .and_then(|pad| pad.checked_add(s.len()))
        .ok_or_else(alloc::memory_error)?;
    let mut out = alloc::string_with_capacity(size)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(vm.new_str(out))
}

pub(super) fn center<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match padding(vm, &args, "center")? {
        None => Ok(args.pos[0].clone()),
        Some((margin, fill)) => {
            // CPython's rounding: an odd margin puts the extra fill on the left only when the
            // width is odd too.
            let width = vm.index_i64(&args.pos[1])? as usize;
            let left = margin / 2 + (margin & width & 1);
            padded(vm, &args, left, margin - left, fill)
        }
    }
}

pub(super) fn ljust<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match padding(vm, &args, "ljust")? {
        None => Ok(args.pos[0].clone()),
        Some((margin, fill)) => padded(vm, &args, 0, margin, fill),
    }
}

pub(super) fn rjust<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match padding(vm, &args, "rjust")? {
        None => Ok(args.pos[0].clone()),
        Some((margin, fill)) => padded(vm, &args, margin, 0, fill),
    }
}

pub(super) fn zfill<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "zfill")?;
    clinic_args(&args, 1, "str", "zfill", 1, 1)?;
    let width = vm.index_i64(&args.pos[1])?;
    let len = s.char_len();
    let Some(fill) = usize::try_from(width)
        .ok()
        .filter(|&w| w > len)
        .map(|w| w - len)
    else {
        return Ok(args.pos[0].clone());
    };
    let text = s.as_str();
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'+' | b'-') => text.split_at(1),
        _ => ("", text),
    };
    let size = text
        .len()
        .checked_add(fill)
        .ok_or_else(alloc::memory_error)?;
    let mut out = alloc::string_with_capacity(size)?;
    out.push_str(sign);
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(digits);
    Ok(vm.new_str(out))
}

pub(super) fn expandtabs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let s = receiver(vm, &args, "expandtabs")?.as_str();
    let params = keyword_args(&args, "expandtabs", &["tabsize"])?;
    let tabsize = match &params[0] {
        None => 8,
        Some(v) => vm.index_i64(v)?,
    };
    if tabsize > i64::from(i32::MAX) {
        return Err(PyErr::overflow("Python int too large to convert to C int"));
    }
    let tabsize = usize::try_from(tabsize).unwrap_or(0);
    let mut out = String::with_capacity(s.len());
    let mut column = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - column % tabsize;
                    out.try_reserve(n).map_err(|_| alloc::memory_error())?;
                    out.extend(std::iter::repeat_n(' ', n));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(vm.new_str(out))
}
