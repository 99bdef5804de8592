//! The text of a Python source file, decoded as CPython decodes it (PEP 263): UTF-8 (an
//! initial byte-order mark dropped), unless a comment in the first two lines declares another
//! encoding (`# -*- coding: latin-1 -*-`, `# vim: set fileencoding=cp1252 :`). The encodings
//! known here are UTF-8, ASCII, Latin-1 (ISO 8859-1), ISO 8859-15 and Windows-1252, under
//! CPython's names and aliases; another declared name is CPython's "unknown encoding".
//!
//! Undecodable files fail as in CPython, which words it differently for a program (the
//! tokenizer: "Non-UTF-8 code starting with ...") and for an imported module (the decoder
//! of the string literal or name that holds the bad byte: "(unicode error) 'utf-8' codec
//! can't decode ..."; bad bytes in comments pass).

/// Why a file's bytes are not source text.
#[derive(Debug, PartialEq)]
pub enum DecodeError {
    /// Not UTF-8 and no declaration: the offset of the first bad byte.
    NotUtf8 { at: usize },
    /// A declaration names an encoding not known here (as written).
    UnknownEncoding(String),
    /// The bytes are not in the declared encoding (only ASCII can fail): the encoding's
    /// name and the offset of the first bad byte.
    Undecodable { encoding: &'static str, at: usize },
    /// A byte-order mark (UTF-8) with a declaration of another encoding.
    BomMismatch(&'static str),
}

/// An encoding a source file may declare.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Utf8,
    Ascii,
    Latin1,
    Latin9,
    Cp1252,
}

impl Encoding {
    /// CPython's canonical name (as error messages say it).
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Ascii => "ascii",
            Encoding::Latin1 => "iso-8859-1",
            Encoding::Latin9 => "iso8859-15",
            Encoding::Cp1252 => "cp1252",
        }
    }

    /// The encoding a declared name stands for, by CPython's aliases.
    fn lookup(declared: &str) -> Option<Encoding> {
        let name = declared.to_ascii_lowercase().replace(['_', ' '], "-");
        Some(match name.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Encoding::Utf8,
            _ if name.starts_with("utf-8-") => Encoding::Utf8,
            "ascii" | "us-ascii" | "646" | "us" | "ansi-x3.4-1968" => Encoding::Ascii,
            "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859"
            | "cp819" | "iso-latin-1" | "iso-ir-100" => Encoding::Latin1,
            _ if name.starts_with("latin-1-") || name.starts_with("iso-8859-1-") => {
                Encoding::Latin1
            }
            "iso-8859-15" | "iso8859-15" | "latin-9" | "latin9" | "l9" => Encoding::Latin9,
            "cp1252" | "windows-1252" | "1252" => Encoding::Cp1252,
            _ => return None,
        })
    }
}

/// The encoding declared in the first two lines, as written (PEP 263: a comment line
/// matching `coding[:=]\s*([-\w.]+)`; the second line counts only if the first is a comment
/// or blank).
fn declaration(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|b| *b == b'\n');
    for _ in 0..2 {
        let line = lines.next()?;
        let trimmed = line.trim_ascii_start();
        if !trimmed.starts_with(b"#") {
            // Code (not a comment): no declaration; a blank line lets the next one count.
            if trimmed.trim_ascii().is_empty() {
                continue;
            }
            return None;
        }
        if let Some(name) = coding_in(trimmed) {
            return Some(name);
        }
    }
    None
}

/// The name after the first `coding:` / `coding=` in a comment line.
fn coding_in(line: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(i) = find(&line[from..], b"coding") {
        let after = &line[from + i + 6..];
        if let Some((&sep, rest)) = after.split_first() {
            if sep == b':' || sep == b'=' {
                let rest = rest.trim_ascii_start();
                let len = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                    .count();
                if len > 0 {
                    return Some(String::from_utf8_lossy(&rest[..len]).into_owned());
                }
            }
        }
        from += i + 6;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a source file's bytes.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let encoding = match declaration(body) {
        None => Encoding::Utf8,
        Some(name) => Encoding::lookup(&name).ok_or(DecodeError::UnknownEncoding(name))?,
    };
    if bom && encoding != Encoding::Utf8 {
        return Err(DecodeError::BomMismatch(encoding.name()));
    }
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_string()),
            Err(e) => Err(DecodeError::NotUtf8 {
                at: e.valid_up_to() + usize::from(bom) * 3,
            }),
        },
        Encoding::Ascii => match body.iter().position(|b| !b.is_ascii()) {
            Some(at) => Err(DecodeError::Undecodable {
                encoding: "ascii",
                at,
            }),
            None => Ok(String::from_utf8_lossy(body).into_owned()),
        },
        Encoding::Latin1 => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Encoding::Latin9 => Ok(body.iter().map(|&b| latin9(b)).collect()),
        Encoding::Cp1252 => Ok(body.iter().map(|&b| cp1252(b)).collect()),
    }
}

/// ISO 8859-15: Latin-1 with eight characters replaced (the euro sign, ...).
fn latin9(b: u8) -> char {
    match b {
        0xa4 => '€',
        0xa6 => 'Š',
        0xa8 => 'š',
        0xb4 => 'Ž',
        0xb8 => 'ž',
        0xbc => 'Œ',
        0xbd => 'œ',
        0xbe => 'Ÿ',
        _ => char::from(b),
    }
}

/// Windows-1252: Latin-1 with printable characters in 0x80-0x9f. Python decodes the five
/// unassigned bytes (0x81, 0x8d, 0x8f, 0x90, 0x9d) as errors; here they pass through as the
/// control characters of the same number, as Latin-1 has them.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The error an imported module's undecodable UTF-8 gets, as CPython's parser reports it:
/// the message and the offset in `bytes` it points at (for the string literal or name that
/// holds byte `at`: just past a string, at the last byte of a name), or `None` when every
/// bad byte sits in comments (which CPython skips without decoding).
pub fn import_utf8_error(bytes: &[u8], at: usize) -> Option<(String, usize)> {
    let mut at = at;
    loop {
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let line = &bytes[line_start..line_end];
        let col = at - line_start;
        match token_around(line, col) {
            Token::Comment => {
                // Skip to the next bad byte after this line.
                let rest = bytes.get(line_end..)?;
                let next = std::str::from_utf8(rest).err()?.valid_up_to();
                at = line_end + next;
            }
            Token::Text { start, end, string } => {
                let token = &line[start..end];
                let err = std::str::from_utf8(token).err()?;
                let position = err.valid_up_to();
                let bad = token[position];
                let reason = if err.error_len().is_none() {
                    "unexpected end of data"
                } else if matches!(bad, 0x80..=0xc1 | 0xf5..=0xff) {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                };
                let msg = format!(
                    "(unicode error) 'utf-8' codec can't decode byte 0x{bad:02x} in position \
                     {position}: {reason}"
                );
                let column = if string { end + 1 } else { end - 1 };
                return Some((msg, line_start + column));
            }
        }
    }
}

/// What holds byte `col` of a line.
enum Token {
    Comment,
    /// A string literal's contents (`string`) or a name: bytes `start..end` of the line
    /// (for a string, `end` is its closing quote).
    Text {
        start: usize,
        end: usize,
        string: bool,
    },
}

/// Scans a line to find the token that holds byte `col`.
fn token_around(line: &[u8], col: usize) -> Token {
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if b == b'#' {
            return Token::Comment;
        }
        if b == b'"' || b == b'\'' {
            let triple = line[i..].starts_with(&[b, b, b]);
            let quote_len = if triple { 3 } else { 1 };
            let start = i + quote_len;
            let mut j = start;
            while j < line.len() {
                if line[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if line[j..].starts_with(&[b; 3][..quote_len]) {
                    break;
                }
                j += 1;
            }
            let end = j.min(line.len());
            if (start..=end).contains(&col) {
                return Token::Text {
                    start,
                    end,
                    string: true,
                };
            }
            i = end + quote_len;
            continue;
        }
        if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
            let start = i;
            while i < line.len()
                && (line[i].is_ascii_alphanumeric() || line[i] == b'_' || line[i] >= 0x80)
            {
                i += 1;
            }
            if (start..i).contains(&col) {
                return Token::Text {
                    start,
                    end: i,
                    string: false,
                };
            }
            continue;
        }
        i += 1;
    }
    Token::Text {
        start: col,
        end: col + 1,
        string: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations() {
        assert_eq!(
            declaration(b"# -*- coding: latin-1 -*-\nx"),
            Some("latin-1".into())
        );
        assert_eq!(
            declaration(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n"),
            Some("cp1252".into())
        );
        assert_eq!(declaration(b"x = 1\n# coding: latin-1\n"), None);
        assert_eq!(declaration(b"#\n#\n# coding: latin-1\n"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode(b"# coding: latin-1\ns='\xe9'").unwrap(),
            "# coding: latin-1\ns='é'"
        );
        assert_eq!(
            decode(b"# coding=cp1252\n\x80").unwrap(),
            "# coding=cp1252\n€"
        );
        assert_eq!(decode(b"x='\xe9'"), Err(DecodeError::NotUtf8 { at: 3 }));
        assert_eq!(
            decode(b"# coding: foo\n"),
            Err(DecodeError::UnknownEncoding("foo".into()))
        );
        assert_eq!(
            decode(b"\xef\xbb\xbf# coding: latin-1\n"),
            Err(DecodeError::BomMismatch("iso-8859-1"))
        );
    }

    #[test]
    fn import_errors() {
        let src = b"x=1\ns = \"caf\xe9\"\n";
        let (msg, pos) = import_utf8_error(src, 12).unwrap();
        assert_eq!(
            msg,
            "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data"
        );
        assert_eq!(pos, 14);
        let (msg, pos) = import_utf8_error(b"caf\xe9 = 2\n", 3).unwrap();
        assert!(msg.ends_with("position 3: unexpected end of data"), "{msg}");
        assert_eq!(pos, 3);
        assert!(import_utf8_error(b"x = 1 # \xe9\n", 8).is_none());
    }
}
