//! A streaming lexer for MySQL dumps (phpMyAdmin and mysqldump): statements one at a time,
//! INSERT rows one at a time, every string and comment honoured so a `;` inside a value never
//! ends a statement, and every error with its line.

use std::io::Read;

use super::source::{Mark, Source};
use crate::error::{ImportError, Position, Result};
use crate::limits::{human, MAX_SQL_NAME_BYTES};

/// A statement, as much of it as the importer needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stmt {
    /// `CREATE TABLE name (...)`: the column names in order.
    CreateTable { name: String, columns: Vec<String> },
    /// `INSERT|REPLACE [IGNORE] INTO name [(cols)] VALUES`: rows follow, read with `next_row`.
    Insert {
        table: String,
        columns: Option<Vec<String>>,
    },
    /// Anything else (already skipped), by its first word in upper case.
    Other(String),
}

/// One row's values; `None` is SQL `NULL`, numbers come as their text.
pub(crate) type Row = Vec<Option<String>>;

pub(crate) struct Lexer<R> {
    pub src: Source<R>,
    delimiter: Vec<u8>,
    stmt_start: Position,
    stmt_what: String,
    rows_state: RowsState,
    /// A `-- MySQL dump` header was seen (mysqldump ends such files with `-- Dump completed`).
    pub mysqldump_header: bool,
    /// The `-- Dump completed` trailer was seen.
    pub dump_completed: bool,
    /// Bytes of values in the row being read.
    row_bytes: usize,
    /// The first value or row over its limit in the row just read, when its values were not
    /// kept (kept ones are refused at once): whether that matters depends on the table.
    row_too_big: Option<TooBig>,
}

/// A row, or a value in it, over its limit, found where nothing was kept.
#[derive(Clone, Debug)]
pub(crate) struct TooBig {
    /// Where the value or row starts.
    pub at: Position,
    /// What is wrong, in words.
    pub problem: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowsState {
    None,
    First,
    More,
}

fn sql_error(at: Position, problem: impl Into<String>) -> ImportError {
    ImportError::Sql {
        at,
        problem: problem.into(),
    }
}

impl<R: Read> Lexer<R> {
    pub fn new(inner: R, capacity: usize) -> Self {
        Lexer {
            src: Source::new(inner, capacity),
            delimiter: b";".to_vec(),
            stmt_start: Position::default(),
            stmt_what: String::new(),
            rows_state: RowsState::None,
            mysqldump_header: false,
            dump_completed: false,
            row_bytes: 0,
            row_too_big: None,
        }
    }

    /// The statement delimiter in force (`;` unless a `DELIMITER` line changed it).
    pub fn delimiter(&self) -> &[u8] {
        &self.delimiter
    }

    /// Sets the statement delimiter, for reading a statement reached by seeking to it.
    pub fn set_delimiter(&mut self, delimiter: &[u8]) {
        self.delimiter = delimiter.to_vec();
    }

    /// The first value or row over its limit in the row just read, if any (only reported
    /// for rows whose values were not kept; kept ones fail at once).
    pub fn row_too_big(&self) -> Option<&TooBig> {
        self.row_too_big.as_ref()
    }

    fn cut_off(&self) -> ImportError {
        sql_error(
            self.stmt_start,
            format!(
                "the dump ends inside the {} statement that starts here (truncated file?)",
                self.stmt_what
            ),
        )
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        Ok(self.src.peek()?)
    }

    /// The next statement, or `None` at the end of the file.
    pub fn next_statement(&mut self) -> Result<Option<(Mark, Stmt)>> {
        if self.rows_state != RowsState::None {
            while self.next_row(false, &mut Vec::new())?.is_some() {}
        }
        loop {
            self.skip_blank(true)?;
            let Some(b) = self.peek()? else {
                return Ok(None);
            };
            if self.at_delimiter()? {
                self.src.advance(self.delimiter.len());
                continue;
            }
            let mark = self.src.mark();
            self.stmt_start = self.src.position();
            if !b.is_ascii_alphabetic() {
                return Err(sql_error(
                    self.stmt_start,
                    format!(
                        "expected an SQL statement, found {:?}; is this a MySQL dump?",
                        b as char
                    ),
                ));
            }
            let word = self.word()?.to_ascii_uppercase();
            self.stmt_what = word.clone();
            let stmt = match word.as_str() {
                "INSERT" | "REPLACE" => self.insert()?,
                "CREATE" => self.create()?,
                "DELIMITER" => {
                    self.delimiter_line()?;
                    Stmt::Other(word)
                }
                _ => {
                    self.skip_statement()?;
                    Stmt::Other(word)
                }
            };
            return Ok(Some((mark, stmt)));
        }
    }

    fn at_delimiter(&mut self) -> Result<bool> {
        for k in 0..self.delimiter.len() {
            let d = self.delimiter[k];
            if self.src.peek_at(k)? != Some(d) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Skips blanks and comments; at the top level, notes mysqldump's header and trailer.
    fn skip_blank(&mut self, top: bool) -> Result<()> {
        loop {
            let w = self.src.window()?;
            let n = w.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let all = n == w.len() && n > 0;
            self.src.advance(n);
            if all {
                continue;
            }
            match (
                self.src.peek_at(0)?,
                self.src.peek_at(1)?,
                self.src.peek_at(2)?,
            ) {
                (Some(b'-'), Some(b'-'), c)
                    if c.is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control()) =>
                {
                    let text = self.rest_of_line()?;
                    if top && text.starts_with("-- MySQL dump") {
                        self.mysqldump_header = true;
                    }
                    if top && text.starts_with("-- Dump completed") {
                        self.dump_completed = true;
                    }
                }
                (Some(b'#'), _, _) => {
                    self.rest_of_line()?;
                }
                (Some(b'/'), Some(b'*'), _) => {
                    let at = self.src.position();
                    self.src.advance(2);
                    loop {
                        match self.src.bump()? {
                            Some(b'*') if self.peek()? == Some(b'/') => {
                                self.src.advance(1);
                                break;
                            }
                            Some(_) => {}
                            None => return Err(sql_error(at, "the dump ends inside a /* comment */ that starts here (truncated file?)")),
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Consumes up to and including the next newline; returns the start of the line (for
    /// recognising dump headers).
    fn rest_of_line(&mut self) -> Result<String> {
        let mut head = Vec::new();
        loop {
            let w = self.src.window()?;
            if w.is_empty() {
                break;
            }
            let (n, done) = match memchr::memchr(b'\n', w) {
                Some(i) => (i + 1, true),
                None => (w.len(), false),
            };
            if head.len() < 64 {
                head.extend_from_slice(&w[..n.min(64)]);
            }
            self.src.advance(n);
            if done {
                break;
            }
        }
        Ok(String::from_utf8_lossy(&head).into_owned())
    }

    fn name_too_long(&self, at: Position) -> ImportError {
        sql_error(
            at,
            format!(
                "a name or keyword longer than {} starts here; MySQL names have at most 64 \
                 characters",
                human(MAX_SQL_NAME_BYTES)
            ),
        )
    }

    /// A bare word: letters, digits, `_`, `$`.
    fn word(&mut self) -> Result<String> {
        let at = self.src.position();
        let mut out = String::new();
        while let Some(b) = self.peek()? {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' {
                if out.len() == MAX_SQL_NAME_BYTES {
                    return Err(self.name_too_long(at));
                }
                out.push(b as char);
                self.src.advance(1);
            } else {
                break;
            }
        }
        Ok(out)
    }

    /// An identifier: `quoted`, "quoted" or bare; `db`.`table` gives the table.
    fn ident(&mut self) -> Result<String> {
        let mut name = self.ident_part()?;
        while self.peek()? == Some(b'.') {
            self.src.advance(1);
            name = self.ident_part()?;
        }
        Ok(name)
    }

    fn ident_part(&mut self) -> Result<String> {
        match self.peek()? {
            Some(q @ (b'`' | b'"')) => {
                let at = self.src.position();
                let mut out = Vec::new();
                self.string(q, Some(&mut out), false, MAX_SQL_NAME_BYTES)
                    .map_err(|e| e.or_else(|| self.name_too_long(at)))?;
                Ok(String::from_utf8_lossy(&out).into_owned())
            }
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 => {
                let at = self.src.position();
                let mut out = Vec::new();
                while let Some(b) = self.peek()? {
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 {
                        if out.len() == MAX_SQL_NAME_BYTES {
                            return Err(self.name_too_long(at));
                        }
                        out.push(b);
                        self.src.advance(1);
                    } else {
                        break;
                    }
                }
                Ok(String::from_utf8_lossy(&out).into_owned())
            }
            Some(b) => Err(sql_error(
                self.src.position(),
                format!("expected a name, found {:?}", b as char),
            )),
            None => Err(self.cut_off()),
        }
    }

    /// Reads a quoted string (the opening quote is next); `escapes` is MySQL's backslash rule,
    /// off for identifiers. The text goes to `out` when given, and then may not grow past
    /// `max` bytes (the error is `StringError::TooLong`, for the caller to word). Returns the
    /// length of the string as written, kept or not.
    fn string(
        &mut self,
        q: u8,
        mut out: Option<&mut Vec<u8>>,
        escapes: bool,
        max: usize,
    ) -> Result<usize, StringError> {
        let at = self.src.position();
        let cut = || {
            StringError::Other(sql_error(
                at,
                "the dump ends inside a string that starts here (truncated file?)",
            ))
        };
        self.src.advance(1);
        let esc = if escapes { b'\\' } else { q };
        let mut len = 0usize;
        loop {
            if out.as_deref().is_some_and(|o| o.len() > max) {
                return Err(StringError::TooLong);
            }
            let w = self.src.window()?;
            if w.is_empty() {
                return Err(cut());
            }
            let Some(i) = memchr::memchr2(q, esc, w) else {
                if let Some(o) = out.as_deref_mut() {
                    o.extend_from_slice(w);
                }
                let n = w.len();
                len += n;
                self.src.advance(n);
                continue;
            };
            let hit = w[i];
            if let Some(o) = out.as_deref_mut() {
                o.extend_from_slice(&w[..i]);
            }
            len += i;
            self.src.advance(i + 1);
            if hit == b'\\' && escapes {
                let Some(c) = self.src.bump()? else {
                    return Err(cut());
                };
                len += 1;
                if let Some(o) = out.as_deref_mut() {
                    match c {
                        b'0' => o.push(0),
                        b'n' => o.push(b'\n'),
                        b'r' => o.push(b'\r'),
                        b't' => o.push(b'\t'),
                        b'b' => o.push(8),
                        b'Z' => o.push(26),
                        // MySQL keeps the backslash of \% and \_ (they matter only in LIKE).
                        b'%' | b'_' => o.extend_from_slice(&[b'\\', c]),
                        other => o.push(other),
                    }
                }
                continue;
            }
            // A doubled quote is a quote inside the string.
            if self.peek()? == Some(q) {
                self.src.advance(1);
                len += 1;
                if let Some(o) = out.as_deref_mut() {
                    o.push(q);
                }
                continue;
            }
            if out.as_deref().is_some_and(|o| o.len() > max) {
                return Err(StringError::TooLong);
            }
            return Ok(len);
        }
    }

    /// A string whose text is not kept (no limit applies).
    fn skip_string(&mut self, q: u8, escapes: bool) -> Result<()> {
        self.string(q, None, escapes, usize::MAX)
            .map(drop)
            .map_err(|e| e.or_else(unreachable_too_long))
    }

    /// Skips to just past the statement's delimiter, honouring strings and comments.
    fn skip_statement(&mut self) -> Result<()> {
        loop {
            let w = self.src.window()?;
            if w.is_empty() {
                return Err(self.cut_off());
            }
            let first = self.delimiter[0];
            let n = w
                .iter()
                .take_while(|&&b| {
                    !matches!(b, b'\'' | b'"' | b'`' | b'-' | b'#' | b'/') && b != first
                })
                .count();
            self.src.advance(n);
            match self.peek()? {
                Some(q @ (b'\'' | b'"' | b'`')) => self.skip_string(q, q != b'`')?,
                Some(b'-' | b'#' | b'/') => {
                    let before = self.src.mark().offset;
                    self.skip_blank(false)?;
                    if self.src.mark().offset == before {
                        self.src.advance(1);
                    }
                }
                Some(_) if self.at_delimiter()? => {
                    self.src.advance(self.delimiter.len());
                    return Ok(());
                }
                Some(_) => self.src.advance(1),
                None => return Err(self.cut_off()),
            }
        }
    }

    fn delimiter_line(&mut self) -> Result<()> {
        let line = self.rest_of_line()?;
        let d = line.trim();
        if d.is_empty() {
            return Err(sql_error(self.stmt_start, "DELIMITER without a delimiter"));
        }
        self.delimiter = d.as_bytes().to_vec();
        Ok(())
    }

    /// Consumes the keyword `w` (any case) if it comes next, after blanks.
    fn eat_word(&mut self, w: &str) -> Result<bool> {
        self.skip_blank(false)?;
        for (k, c) in w.bytes().enumerate() {
            if !self
                .src
                .peek_at(k)?
                .is_some_and(|b| b.eq_ignore_ascii_case(&c))
            {
                return Ok(false);
            }
        }
        if self
            .src
            .peek_at(w.len())?
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Ok(false);
        }
        self.src.advance(w.len());
        Ok(true)
    }
}

/// Why a string could not be read: its length (worded by the caller, who knows what the
/// string is), or anything else.
#[derive(Debug)]
pub(crate) enum StringError {
    /// Longer than the caller's limit.
    TooLong,
    /// Cut off, or the file could not be read.
    Other(ImportError),
}

impl StringError {
    /// The error, with `too_long` making the message for an over-long string.
    fn or_else(self, too_long: impl FnOnce() -> ImportError) -> ImportError {
        match self {
            StringError::TooLong => too_long(),
            StringError::Other(e) => e,
        }
    }
}

impl From<std::io::Error> for StringError {
    fn from(e: std::io::Error) -> Self {
        StringError::Other(e.into())
    }
}

impl From<ImportError> for StringError {
    fn from(e: ImportError) -> Self {
        StringError::Other(e)
    }
}

/// A string read without a limit cannot be too long.
fn unreachable_too_long() -> ImportError {
    ImportError::Data {
        at: Position::default(),
        problem: "internal: a string without a limit was too long".into(),
    }
}

impl<R: Read + std::io::Seek> Lexer<R> {
    /// Goes to a statement or row start found in an earlier pass.
    pub fn seek(&mut self, m: Mark) -> Result<()> {
        self.src.seek(m)?;
        self.rows_state = RowsState::None;
        Ok(())
    }
}

mod rows;

#[cfg(test)]
mod tests;
