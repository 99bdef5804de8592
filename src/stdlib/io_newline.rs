//! The `newline` argument of `io.StringIO`: how written text is translated, where a line
//! ends for `readline`, and the kinds of line ending `StringIO.newlines` reports. Kept apart
//! from `io.rs`, which owns the memory files themselves.

/// What `newline=` asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Newline {
    /// `None`: `"\r\n"` and `"\r"` are written as `"\n"`; the endings seen are recorded.
    Universal,
    /// `""`: nothing is translated, any of the three endings ends a line; endings recorded.
    Untranslated,
    /// `"\n"`: nothing is translated.
    Lf,
    /// `"\r"` or `"\r\n"`: each written `"\n"` becomes this ending.
    Cr,
    CrLf,
}

const SEEN_CR: u8 = 1;
const SEEN_LF: u8 = 2;
const SEEN_CRLF: u8 = 4;

impl Newline {
    /// The mode of a `newline` value already checked to be `None` or one of the four strings.
    pub(super) fn from_arg(arg: Option<&str>) -> Newline {
        match arg {
            None => Newline::Universal,
            Some("") => Newline::Untranslated,
            Some("\r") => Newline::Cr,
            Some("\r\n") => Newline::CrLf,
            Some(_) => Newline::Lf,
        }
    }

    /// `text` as it is stored, with the endings it holds added to `seen` (for the two modes
    /// that record them).
    pub(super) fn translate(self, text: &str, seen: &mut u8) -> Vec<char> {
        if matches!(self, Newline::Universal | Newline::Untranslated) {
            *seen |= endings_in(text);
        }
        let mut out = Vec::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (self, c) {
                (Newline::Universal, '\r') => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                }
                (Newline::Cr, '\n') => out.push('\r'),
                (Newline::CrLf, '\n') => out.extend(['\r', '\n']),
                _ => out.push(c),
            }
        }
        out
    }

    /// The length of the line starting at `text[0]`, its ending included (all of `text`
    /// when no ending follows).
    pub(super) fn line_len(self, text: &[char]) -> usize {
        let found = match self {
            Newline::Universal | Newline::Lf => text.iter().position(|c| *c == '\n'),
            Newline::Cr => text.iter().position(|c| *c == '\r'),
            Newline::CrLf => text
                .windows(2)
                .position(|w| w == ['\r', '\n'])
                .map(|i| i + 1),
            Newline::Untranslated => text.iter().position(|c| matches!(c, '\r' | '\n')).map(|i| {
                match (text[i], text.get(i + 1)) {
                    ('\r', Some('\n')) => i + 1,
                    _ => i,
                }
            }),
        };
        found.map_or(text.len(), |i| i + 1)
    }
}

/// The endings `text` holds, as `SEEN_*` bits.
fn endings_in(text: &str) -> u8 {
    let mut seen = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                seen |= SEEN_CRLF;
            }
            '\r' => seen |= SEEN_CR,
            '\n' => seen |= SEEN_LF,
            _ => {}
        }
    }
    seen
}

/// The endings recorded in `seen`, in CPython's order (`"\r"`, `"\n"`, `"\r\n"`): none, one,
/// or several (which `StringIO.newlines` gives as a tuple).
pub(super) fn seen_endings(seen: u8) -> Vec<&'static str> {
    [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .into_iter()
        .filter(|(bit, _)| seen & bit != 0)
        .map(|(_, ending)| ending)
        .collect()
}
