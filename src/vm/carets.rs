//! The position markers under a traceback's source line (PEP 657), as CPython 3.11 draws them:
//!
//! ```text
//!     return x[5] + 1
//!            ~^^^
//! ```
//!
//! Every instruction records the byte span of the expression it runs (`Code::spans`). The line
//! under the source marks that span with `^`; when the span is a binary operation or a
//! subscript, the operands are drawn with `~` and the operator (or the `[...]`) with `^`, which
//! is found by parsing the span's text again, as CPython does. Nothing is drawn when the span
//! covers the whole line and has no operator to point at, or when the source is not known.
//! `-X no_debug_ranges` (or `PYTHONNODEBUGRANGES`) turns the markers off.

use crate::syntax::ast::{ExprKind, StmtKind};

/// Spaces, tabs and form feeds: what CPython strips from the front of a shown line and skips
/// around an operator.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// The marker line (without the newline) for the instruction spanning bytes `span` of
/// `source`, shown under line `line` (1-based), or `None` when no markers are drawn.
pub fn caret_line(source: &str, line: u32, span: (u32, u32)) -> Option<String> {
    let (start_byte, end_byte) = (span.0 as usize, span.1 as usize);
    if end_byte <= start_byte
        || end_byte > source.len()
        || !source.is_char_boundary(start_byte)
        || !source.is_char_boundary(end_byte)
    {
        return None;
    }
    let line_start = nth_line_start(source, line)?;
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let text = source[line_start..line_end].trim_end_matches('\r');
    let text_end = line_start + text.len();
    // The instruction's position starts on the line shown (its first line).
    if start_byte < line_start || start_byte >= text_end {
        return None;
    }
    let chars = |bytes: usize| text[..bytes].chars().count();
    let start = chars(start_byte - line_start);
    let (end, anchors) = if end_byte <= text_end {
        let segment = &text[start_byte - line_start..end_byte - line_start];
        let anchors = anchors(segment).map(|(l, r)| (start + l, start + r));
        (chars(end_byte - line_start), anchors)
    } else {
        // A span over several lines is marked to the last non-blank character of its first.
        (
            chars(text.trim_end_matches(|c| is_blank(c as u8)).len()),
            None,
        )
    };
    let indent = text.len() - text.trim_start_matches([' ', '\t', '\x0c']).len();
    let shown = text
        .trim_start_matches([' ', '\t', '\x0c'])
        .trim_end()
        .chars()
        .count();
    if end <= start || (end - start >= shown && anchors.is_none()) {
        return None;
    }
    let (primary, secondary) = if anchors.is_some() {
        ('~', '^')
    } else {
        ('^', '^')
    };
    let mut out = String::from("    ");
    // Columns are counted from 1, as CPython's loop does.
    for column in indent + 1..=end {
        out.push(if column <= start {
            ' '
        } else if anchors.is_some_and(|(l, r)| l < column && column <= r) {
            secondary
        } else {
            primary
        });
    }
    Some(out)
}

/// The byte offset where line `line` (1-based) begins.
fn nth_line_start(source: &str, line: u32) -> Option<usize> {
    let mut at = 0;
    for _ in 1..line {
        at += source[at..].find('\n')? + 1;
    }
    Some(at)
}

/// Where the operator of a binary operation, or the `[...]` of a subscript, lies in
/// `segment` (an expression's source text): the characters from `.0` to `.1` (offsets in
/// characters, end exclusive).
fn anchors(segment: &str) -> Option<(usize, usize)> {
    let module = crate::syntax::parse_module(segment).ok()?;
    let [stmt] = module.body.as_slice() else {
        return None;
    };
    let StmtKind::Expr(expr) = &stmt.kind else {
        return None;
    };
    let bytes = segment.as_bytes();
    let (left, right) = match &expr.kind {
        ExprKind::BinOp { left, right, .. } => {
            let (from, to) = (left.span.end, right.span.start.min(bytes.len()));
            let mut found = None;
            let mut i = from;
            while i < to {
                if is_blank(bytes[i]) {
                    i += 1;
                    continue;
                }
                // A two-character operator (`//`, `**`, `<<`) is marked whole.
                let two = i + 1 < to && !is_blank(bytes[i + 1]);
                found = Some((i, if two { i + 2 } else { i + 1 }));
                // The closing parenthesis of the left operand is not the operator.
                if bytes[i] == b')' && i + 1 < to {
                    i += 1;
                    continue;
                }
                break;
            }
            found?
        }
        ExprKind::Subscript { value, index } => {
            let mut left = value.span.end;
            let mut right = index.span.end + 1;
            while left < bytes.len() && bytes[left] != b'[' {
                left += 1;
            }
            while right < bytes.len() && bytes[right] != b']' {
                right += 1;
            }
            if right < bytes.len() {
                right += 1;
            }
            (left, right.min(bytes.len()))
        }
        _ => return None,
    };
    let chars = |b: usize| segment.get(..b).map(|s| s.chars().count());
    Some((chars(left)?, chars(right)?))
}

#[cfg(test)]
mod tests {
    use super::caret_line;

    fn marks(source: &str, line: u32, needle: &str) -> Option<String> {
        let start = source.find(needle).unwrap();
        caret_line(source, line, (start as u32, (start + needle.len()) as u32))
    }

    #[test]
    fn subscript_marks_the_brackets() {
        let src = "def f(x):\n    return x[5] + 1\n";
        assert_eq!(marks(src, 2, "x[5]").unwrap(), "           ~^^^");
    }

    #[test]
    fn binary_operation_marks_the_operator() {
        assert_eq!(marks("'a' + 1\n", 1, "'a' + 1").unwrap(), "    ~~~~^~~");
        assert_eq!(
            marks("y = a // b\n", 1, "a // b").unwrap(),
            "        ~~^^~~"
        );
        assert_eq!(
            marks("y = (a) * b\n", 1, "(a) * b").unwrap(),
            "        ~~~~^~~"
        );
    }

    #[test]
    fn whole_line_without_operator_has_no_marks() {
        assert_eq!(marks("f([1])\n", 1, "f([1])"), None);
        assert_eq!(marks("    go()\n", 1, "go()"), None);
    }

    #[test]
    fn part_of_a_line_is_underlined() {
        assert_eq!(marks("A().f()\n", 1, "A().f").unwrap(), "    ^^^^^");
        assert_eq!(
            marks("print(undefined)\n", 1, "undefined").unwrap(),
            "          ^^^^^^^^^"
        );
    }

    #[test]
    fn a_span_over_lines_marks_to_the_end_of_the_first() {
        let src = "x = f(1,\n      2)\n";
        let start = src.find("f(").unwrap() as u32;
        assert_eq!(
            caret_line(src, 1, (start, src.len() as u32 - 1)).unwrap(),
            "        ^^^^"
        );
    }

    #[test]
    fn bad_spans_draw_nothing() {
        assert_eq!(caret_line("x\n", 1, (5, 9)), None);
        assert_eq!(caret_line("x\ny\n", 1, (2, 3)), None);
        assert_eq!(caret_line("x\n", 3, (0, 1)), None);
    }
}
