//! `str`: immutable text. Stored as UTF-8 with a flag for pure-ASCII text (O(1) indexing) and a
//! lazily computed hash. Python indexes strings by code point; non-ASCII strings pay a scan.
//! The methods of `str` and `bytes` are in `builtins::str`.

use std::sync::atomic::{AtomicI64, Ordering};

pub struct StrObj {
    text: Box<str>,
    ascii: bool,
    /// Length in code points, counted once so `len()` of any text is O(1) (`u32::MAX`: too
    /// long to keep here, counted each time). A `u32` keeps the object the size it was.
    chars: u32,
    /// `-1` until first hashed (a real hash is never -1).
    hash: AtomicI64,
}

impl StrObj {
    pub fn new(text: impl Into<Box<str>>) -> StrObj {
        let text = text.into();
        let ascii = text.is_ascii();
        let count = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        let chars = u32::try_from(count).unwrap_or(u32::MAX);
        StrObj {
            text,
            ascii,
            chars,
            hash: AtomicI64::new(-1),
        }
    }

    #[inline(always)]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// Length in code points, as `len()` counts.
    pub fn char_len(&self) -> usize {
        match self.chars {
            u32::MAX if self.ascii => self.text.len(),
            u32::MAX => self.text.chars().count(),
            n => n as usize,
        }
    }

    /// The code point at `index` (already normalized to `0..char_len`).
    pub fn char_at(&self, index: usize) -> Option<char> {
        if self.ascii {
            self.text.as_bytes().get(index).map(|&b| b as char)
        } else {
            self.text.chars().nth(index)
        }
    }

    /// The text between code point indexes `start..end` (normalized, `start <= end`).
    pub fn char_slice(&self, start: usize, end: usize) -> &str {
        if self.ascii {
            &self.text[start..end]
        } else {
            let mut indices = self
                .text
                .char_indices()
                .map(|(i, _)| i)
                .chain([self.text.len()]);
            let from = indices.nth(start).unwrap_or(self.text.len());
            let to = if end > start {
                indices.nth(end - start - 1).unwrap_or(self.text.len())
            } else {
                from
            };
            &self.text[from..to]
        }
    }

    /// The byte offset of code point `index` (at most `char_len`).
    pub fn byte_offset(&self, index: usize) -> usize {
        if self.ascii {
            index.min(self.text.len())
        } else {
            self.text
                .char_indices()
                .nth(index)
                .map_or(self.text.len(), |(i, _)| i)
        }
    }

    /// The number of code points in the first `offset` bytes.
    pub fn chars_before(&self, offset: usize) -> usize {
        if self.ascii {
            offset
        } else {
            self.text[..offset].chars().count()
        }
    }

    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.load(Ordering::Relaxed);
        if h != -1 {
            return h;
        }
        let h = super::hash::hash_str(&self.text);
        self.hash.store(h, Ordering::Relaxed);
        h
    }
}
