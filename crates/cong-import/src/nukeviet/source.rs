//! Buffered bytes with line tracking and cheap repositioning, under the SQL lexer.

use std::io::{self, Read, Seek, SeekFrom};

use crate::error::Position;

/// A place in the dump that can be returned to: byte offset plus the line facts there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub offset: u64,
    pub line: u64,
    pub line_start: u64,
}

/// Bytes from a reader with a lookahead window; counts lines as it goes.
pub(crate) struct Source<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Offset in the file of `buf[0]`.
    base: u64,
    line: u64,
    line_start: u64,
    eof: bool,
}

impl<R: Read> Source<R> {
    pub fn new(inner: R, capacity: usize) -> Self {
        Source {
            inner,
            buf: vec![0; capacity.max(64)],
            pos: 0,
            len: 0,
            base: 0,
            line: 1,
            line_start: 0,
            eof: false,
        }
    }

    /// Makes at least `n` bytes available from `pos`, unless the file ends first.
    pub fn ensure(&mut self, n: usize) -> io::Result<bool> {
        if self.len - self.pos >= n {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.base += self.pos as u64;
            self.len -= self.pos;
            self.pos = 0;
        }
        if self.buf.len() < n {
            self.buf.resize(n.next_power_of_two(), 0);
        }
        while self.len < n {
            let got = self.inner.read(&mut self.buf[self.len..])?;
            if got == 0 {
                self.eof = true;
                return Ok(false);
            }
            self.len += got;
        }
        Ok(true)
    }

    /// The byte `k` places ahead, if the file has it.
    pub fn peek_at(&mut self, k: usize) -> io::Result<Option<u8>> {
        Ok(if self.ensure(k + 1)? {
            Some(self.buf[self.pos + k])
        } else {
            None
        })
    }

    /// The next byte, if any.
    pub fn peek(&mut self) -> io::Result<Option<u8>> {
        self.peek_at(0)
    }

    /// The bytes available now (at least one unless the file has ended).
    pub fn window(&mut self) -> io::Result<&[u8]> {
        self.ensure(1)?;
        Ok(&self.buf[self.pos..self.len])
    }

    /// Moves past `n` bytes of the current window, counting the lines they end.
    pub fn advance(&mut self, n: usize) {
        let chunk = &self.buf[self.pos..self.pos + n];
        if let Some(last) = memchr::memrchr(b'\n', chunk) {
            self.line += memchr::memchr_iter(b'\n', chunk).count() as u64;
            self.line_start = self.base + (self.pos + last + 1) as u64;
        }
        self.pos += n;
    }

    /// Takes the next byte.
    pub fn bump(&mut self) -> io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.advance(1);
        }
        Ok(b)
    }

    /// Where the next byte is.
    pub fn position(&self) -> Position {
        let offset = self.base + self.pos as u64;
        Position {
            line: self.line,
            column: offset - self.line_start + 1,
        }
    }

    /// A mark for the next byte, to come back to with [`Source::seek`].
    pub fn mark(&self) -> Mark {
        Mark {
            offset: self.base + self.pos as u64,
            line: self.line,
            line_start: self.line_start,
        }
    }
}

impl<R: Read + Seek> Source<R> {
    /// Goes to a mark made on the same file; inside the current window this costs nothing.
    pub fn seek(&mut self, m: Mark) -> io::Result<()> {
        if m.offset >= self.base && m.offset <= self.base + self.len as u64 {
            self.pos = (m.offset - self.base) as usize;
        } else {
            self.inner.seek(SeekFrom::Start(m.offset))?;
            self.base = m.offset;
            self.pos = 0;
            self.len = 0;
            self.eof = false;
        }
        self.line = m.line;
        self.line_start = m.line_start;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_across_refills_and_seeks_back() {
        let text = b"ab\ncd\n\nef";
        let mut s = Source::new(std::io::Cursor::new(&text[..]), 2);
        assert_eq!(s.bump().unwrap(), Some(b'a'));
        let m = s.mark();
        while s.bump().unwrap() != Some(b'e') {}
        assert_eq!(s.position(), Position { line: 4, column: 2 });
        s.seek(m).unwrap();
        assert_eq!(s.position(), Position { line: 1, column: 2 });
        assert_eq!(s.peek_at(2).unwrap(), Some(b'c'));
        assert_eq!(s.bump().unwrap(), Some(b'b'));
    }
}
