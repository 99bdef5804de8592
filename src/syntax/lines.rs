//! Line numbers of byte offsets, found by counting forward from the last offset asked about,
//! so that a pass over the source asking in increasing order (the lexer's block headers, the
//! compiler's instructions) counts each newline once instead of rescanning from the start.
//! Only `\n` ends a line here, as in [`super::lexer::line_of`].

/// A cursor over one source that remembers the line of the last offset it was asked about.
#[derive(Debug, Clone, Default)]
pub struct LineCounter {
    /// Byte offset the cursor is at.
    offset: usize,
    /// 1-based line of `offset`, minus one (the newlines before it).
    newlines: usize,
}

impl LineCounter {
    pub fn new() -> LineCounter {
        LineCounter::default()
    }

    /// 1-based line of `offset` in `source` (offsets past the end count as the end). Cheap
    /// when offsets come in increasing order or close to the previous one.
    pub fn line_at(&mut self, source: &str, offset: usize) -> usize {
        let offset = offset.min(source.len());
        let bytes = source.as_bytes();
        if offset >= self.offset {
            self.newlines += count_newlines(&bytes[self.offset..offset]);
        } else {
            self.newlines -= count_newlines(&bytes[offset..self.offset]);
        }
        self.offset = offset;
        self.newlines + 1
    }
}

/// Number of `\n` bytes in `bytes`.
pub fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_forward_and_back() {
        let src = "a\nbb\n\nccc\n";
        let mut lines = LineCounter::new();
        assert_eq!(lines.line_at(src, 0), 1);
        assert_eq!(lines.line_at(src, 3), 2);
        assert_eq!(lines.line_at(src, 6), 4);
        assert_eq!(lines.line_at(src, 2), 2);
        assert_eq!(lines.line_at(src, 1), 1);
        assert_eq!(lines.line_at(src, 100), 5);
    }
}
