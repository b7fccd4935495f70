//! Line numbers for the XML parser, which only knows byte offsets; and the cap on how much of
//! one piece of XML the parser may take in, which only this layer can enforce (the parser
//! buffers a whole piece before handing it over).

use std::io::{self, BufRead, Read};

use crate::error::Position;

/// Newline offsets kept one by one within one piece of XML; past that only their count and
/// the last one are kept, so a piece made of newlines costs no memory per line.
const MAX_RECENT: usize = 4096;

/// The error the parser gets when a piece of XML runs past the cap.
#[derive(Debug)]
pub(crate) struct PieceTooLong;

impl std::fmt::Display for PieceTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a piece of XML is longer than the limit")
    }
}

impl std::error::Error for PieceTooLong {}

/// Counts lines in what the XML parser consumes, so byte offsets can be turned into lines.
pub(crate) struct Lines<R> {
    inner: R,
    consumed: u64,
    /// Lines ended before the mark.
    base: u64,
    /// Offset of the last newline before the mark (+1), 0 when none.
    base_line_start: u64,
    /// Newlines consumed since the mark.
    nl: Newlines,
    /// Where the piece of XML being read starts.
    piece_start: u64,
    /// How many bytes that piece may take.
    cap: u64,
}

impl<R> Lines<R> {
    pub fn new(inner: R, cap: usize) -> Self {
        Lines {
            inner,
            consumed: 0,
            base: 0,
            base_line_start: 0,
            nl: Newlines::default(),
            piece_start: 0,
            cap: cap as u64,
        }
    }

    /// Starts a new piece of XML at `pos`, and forgets newline offsets before it (positions
    /// asked about later are never earlier).
    pub fn mark(&mut self, pos: u64) {
        self.piece_start = pos;
        let nl = &mut self.nl;
        if nl.extra > 0 && pos > nl.last {
            self.base += nl.recent.len() as u64 + nl.extra;
            self.base_line_start = nl.last + 1;
            nl.recent.clear();
            nl.extra = 0;
            return;
        }
        let n = nl.recent.partition_point(|&o| o < pos);
        if n > 0 {
            self.base += n as u64;
            self.base_line_start = nl.recent[n - 1] + 1;
            nl.recent.drain(..n);
        }
    }

    /// Sets how long the piece of XML being read may be.
    pub fn set_cap(&mut self, cap: usize) {
        self.cap = cap as u64;
    }

    /// The line and column of byte offset `pos`. Exact, except inside a piece of XML with
    /// more than `MAX_RECENT` lines, where a place between its first lines and its last one
    /// is given the last line known.
    pub fn position(&self, pos: u64) -> Position {
        let nl = &self.nl;
        let n = nl.recent.partition_point(|&o| o < pos);
        if n == nl.recent.len() && nl.extra > 0 && pos > nl.last {
            return Position {
                line: self.base + n as u64 + nl.extra + 1,
                column: pos - nl.last,
            };
        }
        let line_start = if n > 0 {
            nl.recent[n - 1] + 1
        } else {
            self.base_line_start
        };
        Position {
            line: self.base + n as u64 + 1,
            column: pos.saturating_sub(line_start) + 1,
        }
    }
}

/// Newline offsets since the mark: the first `MAX_RECENT` one by one, then a count.
#[derive(Default)]
struct Newlines {
    recent: Vec<u64>,
    /// Newlines beyond those in `recent`.
    extra: u64,
    /// Offset of the last of them, when `extra > 0`.
    last: u64,
}

impl Newlines {
    fn note(&mut self, at: u64, bytes: &[u8]) {
        for i in memchr::memchr_iter(b'\n', bytes) {
            let o = at + i as u64;
            if self.recent.len() < MAX_RECENT && self.extra == 0 {
                self.recent.push(o);
            } else {
                self.extra += 1;
                self.last = o;
            }
        }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.nl.note(self.consumed, &buf[..n]);
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed.saturating_sub(self.piece_start) > self.cap {
            return Err(io::Error::other(PieceTooLong));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let upto = amt.min(buf.len());
            self.nl.note(self.consumed, &buf[..upto]);
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_lines_in_one_piece_keep_exact_lines_after_it() {
        let text = "\n".repeat(MAX_RECENT * 3) + "x";
        let mut l = Lines::new(text.as_bytes(), usize::MAX);
        l.mark(0);
        let n = l.fill_buf().unwrap().len();
        l.consume(n);
        assert_eq!(l.position(0), Position { line: 1, column: 1 });
        let end = (MAX_RECENT * 3) as u64;
        assert_eq!(l.position(end).line, end + 1);
        l.mark(end);
        assert_eq!(
            l.position(end),
            Position {
                line: end + 1,
                column: 1
            }
        );
        assert!(l.nl.recent.capacity() <= MAX_RECENT);
    }
}
