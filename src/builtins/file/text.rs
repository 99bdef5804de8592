//! The text layer of a file object: the codec (utf-8, ascii, latin-1), decoding what was read
//! a chunk at a time (never splitting a character), newline translation in both directions
//! (`newline=None` reads `\r\n` and `\r` as `\n`; `''` splits lines on all three and keeps
//! them; `'\r'` or `'\r\n'` writes `\n` as that), and finding the end of a line.
//!
//! Errors other than `strict` (and every decoding error) go through `bytes.decode` and
//! `str.encode`, so their messages are the codecs' own.

use super::{fill, FileCore, FileState};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::vm::{Runtime, Vm};

/// The encodings file objects know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec called `name`, by the built-in codecs' spellings and aliases
    /// (`builtins::codecs`); one of those files cannot read or write yet is `unknown
    /// encoding`, as a name no codec has.
    pub fn named<R: Runtime>(name: &str) -> PyResult<Codec, R> {
        use crate::builtins::codecs::Codec as Known;
        match Known::named::<R>(name)? {
            Known::Utf8 => Ok(Codec::Utf8),
            Known::Ascii => Ok(Codec::Ascii),
            Known::Latin1 => Ok(Codec::Latin1),
            _ => Err(PyErr::new(
                ExcKind::LookupError,
                format!("unknown encoding: {name}"),
            )),
        }
    }

    fn python_name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// How many bytes `text` takes in this encoding (to know where the file position is).
    pub fn encoded_len(self, text: &str) -> usize {
        match self {
            Codec::Utf8 => text.len(),
            _ => text.chars().count(),
        }
    }

    /// The longest prefix of `data` that ends on a character boundary.
    fn complete_prefix(self, data: &[u8]) -> usize {
        if self != Codec::Utf8 {
            return data.len();
        }
        match std::str::from_utf8(data) {
            Ok(_) => data.len(),
            // An incomplete character at the end waits for the next chunk.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => data.len(),
        }
    }

    pub fn decode<R: Runtime>(
        self,
        vm: &mut Vm<R>,
        data: &[u8],
        errors: &str,
    ) -> PyResult<String, R> {
        if errors == "strict" {
            match self {
                Codec::Utf8 => {
                    if let Ok(s) = std::str::from_utf8(data) {
                        return Ok(s.to_string());
                    }
                }
                Codec::Ascii if data.is_ascii() => {
                    return Ok(data.iter().map(|b| *b as char).collect());
                }
                Codec::Latin1 => return Ok(data.iter().map(|b| *b as char).collect()),
                Codec::Ascii => {}
            }
        }
        let bytes = Value::new_obj(ObjKind::Bytes(data.to_vec().into_boxed_slice()));
        let decode = vm.get_attr_str(&bytes, "decode")?;
        let args = vec![vm.new_str(self.python_name()), vm.new_str(errors)];
        let s = vm.call(&decode, args, Vec::new())?;
        Ok(s.as_str().unwrap_or_default().to_string())
    }

    pub fn encode<R: Runtime>(
        self,
        vm: &mut Vm<R>,
        text: &str,
        errors: &str,
    ) -> PyResult<Vec<u8>, R> {
        match self {
            // A Rust string holds no lone surrogates: utf-8 always succeeds.
            Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
            Codec::Ascii if text.is_ascii() => return Ok(text.as_bytes().to_vec()),
            Codec::Latin1 if text.chars().all(|c| (c as u32) < 256) => {
                return Ok(text.chars().map(|c| c as u8).collect())
            }
            _ => {}
        }
        let s = vm.new_str(text);
        let encode = vm.get_attr_str(&s, "encode")?;
        let args = vec![vm.new_str(self.python_name()), vm.new_str(errors)];
        let b = vm.call(&encode, args, Vec::new())?;
        match b.kind() {
            Some(ObjKind::Bytes(b)) => Ok(b.to_vec()),
            _ => Ok(Vec::new()),
        }
    }
}

/// Decodes one more chunk of the file into `st.text`; false when nothing more came.
pub fn decode_more<R: Runtime>(
    vm: &mut Vm<R>,
    core: &FileCore,
    st: &mut FileState,
) -> PyResult<bool, R> {
    if st.tpos > 4096 && st.tpos * 2 > st.text.len() {
        st.text.drain(..st.tpos);
        st.tpos = 0;
    }
    let got = if st.eof {
        false
    } else {
        fill(st).map_err(|e| super::super::oserror::from_io(vm, &e, None))?
    };
    let avail = &st.rbuf[st.rpos..];
    let take = if st.eof {
        avail.len()
    } else {
        core.codec.complete_prefix(avail)
    };
    let decoded = core.codec.decode(vm, &avail[..take], &core.errors)?;
    st.rpos += take;
    st.text.push_str(&decoded);
    Ok(got || !decoded.is_empty())
}

/// Where the line starting at `st.tpos` ends (just past its terminator), if the decoded text
/// already shows it.
pub fn line_end(core: &FileCore, st: &FileState) -> Option<usize> {
    let rest = &st.text[st.tpos..];
    let at = match core.newline.as_deref() {
        Some("\n") => rest.find('\n').map(|i| i + 1),
        Some("\r") => rest.find('\r').map(|i| i + 1),
        Some("\r\n") => rest.find("\r\n").map(|i| i + 2),
        _ => match rest.find(['\r', '\n']) {
            Some(i) if rest.as_bytes()[i] == b'\n' => Some(i + 1),
            Some(i) if i + 1 < rest.len() => Some(if rest.as_bytes()[i + 1] == b'\n' {
                i + 2
            } else {
                i + 1
            }),
            // A `\r` last: a `\n` may follow in the next chunk.
            Some(i) if st.eof => Some(i + 1),
            _ => None,
        },
    };
    at.map(|n| st.tpos + n)
}

/// `\n` in written text, as `newline=` says it goes to the file.
pub fn translate_for_write<'a>(core: &FileCore, text: &'a str) -> std::borrow::Cow<'a, str> {
    match core.newline.as_deref() {
        Some(nl @ ("\r" | "\r\n")) if text.contains('\n') => text.replace('\n', nl).into(),
        _ => text.into(),
    }
}

/// Where `n` characters from `st.tpos` end, as the program sees them: with universal newlines
/// a `\r\n` is one character (and a `\r` last waits for the next chunk).
pub fn chars_end(core: &FileCore, st: &FileState, n: usize) -> Option<usize> {
    let rest = &st.text[st.tpos..];
    if core.newline.is_some() {
        return rest.char_indices().nth(n).map(|(i, _)| st.tpos + i);
    }
    let bytes = rest.as_bytes();
    let mut count = 0;
    for (i, c) in rest.char_indices() {
        if count == n {
            return Some(st.tpos + i);
        }
        if c == '\n' && i > 0 && bytes[i - 1] == b'\r' {
            continue;
        }
        if c == '\r' && i + 1 == bytes.len() && !st.eof {
            return None;
        }
        count += 1;
    }
    (count == n).then_some(st.text.len())
}

/// Text as it is returned: universal newlines turn `\r\n` and `\r` into `\n`.
pub fn translate_for_read(core: &FileCore, text: &str) -> String {
    if core.newline.is_none() && text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}
