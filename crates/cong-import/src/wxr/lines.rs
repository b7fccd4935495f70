//! Line numbers for the XML parser, which only knows byte offsets.

use std::io::{self, BufRead, Read};

use crate::error::Position;

/// Counts lines in what the XML parser consumes, so byte offsets can be turned into lines.
pub(crate) struct Lines<R> {
    inner: R,
    consumed: u64,
    /// Lines ended before `mark_at`.
    base: u64,
    /// Offset of the last newline before `mark_at` (+1), 0 when none.
    base_line_start: u64,
    /// Offsets of newlines consumed since the mark.
    recent: Vec<u64>,
}

impl<R> Lines<R> {
    pub fn new(inner: R) -> Self {
        Lines {
            inner,
            consumed: 0,
            base: 0,
            base_line_start: 0,
            recent: Vec::new(),
        }
    }

    /// Forgets newline offsets before `pos` (positions asked about later are never earlier).
    pub fn mark(&mut self, pos: u64) {
        let n = self.recent.partition_point(|&o| o < pos);
        if n > 0 {
            self.base += n as u64;
            self.base_line_start = self.recent[n - 1] + 1;
            self.recent.drain(..n);
        }
    }

    pub fn position(&self, pos: u64) -> Position {
        let n = self.recent.partition_point(|&o| o < pos);
        let line_start = if n > 0 {
            self.recent[n - 1] + 1
        } else {
            self.base_line_start
        };
        Position {
            line: self.base + n as u64 + 1,
            column: pos.saturating_sub(line_start) + 1,
        }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            self.recent.push(self.consumed + i as u64);
        }
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let consumed = self.consumed;
            let upto = amt.min(buf.len());
            self.recent
                .extend(memchr::memchr_iter(b'\n', &buf[..upto]).map(|i| consumed + i as u64));
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}
