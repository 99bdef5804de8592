//! `str`: immutable text. Stored as UTF-8 with a flag for pure-ASCII text (O(1) indexing) and a
//! lazily computed hash. Python indexes strings by code point; non-ASCII strings pay a scan.

use std::sync::atomic::{AtomicI64, Ordering};

pub struct StrObj {
    text: Box<str>,
    ascii: bool,
    /// `-1` until first hashed (a real hash is never -1).
    hash: AtomicI64,
}

impl StrObj {
    pub fn new(text: impl Into<Box<str>>) -> StrObj {
        let text = text.into();
        let ascii = text.is_ascii();
        StrObj {
            text,
            ascii,
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
        if self.ascii {
            self.text.len()
        } else {
            self.text.chars().count()
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

use super::exception::PyResult;
use super::{Args, NativeFn, Runtime, Value};
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

/// The methods of `str`.
pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("join", join), ("format", format)]
}

/// The methods of `bytes`.
pub fn bytes_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}

fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("join", 2, 2)?;
    let sep = args.pos[0].as_str().unwrap_or("").to_string();
    let items = vm.collect(&args.pos[1])?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match item.as_str() {
            Some(s) => out.push_str(s),
            None => {
                return Err(super::exception::PyErr::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name(item)
                )))
            }
        }
    }
    Ok(vm.new_str(out))
}

fn format<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    let this = pos.remove(0);
    let template = this.as_str().unwrap_or("").to_string();
    let s = vm.str_format(&template, pos, args.kw)?;
    Ok(vm.new_str(s))
}
