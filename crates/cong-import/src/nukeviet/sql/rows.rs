//! The parts of the lexer that read INSERT rows and CREATE TABLE column lists.

use std::io::Read;

use super::{sql_error, Lexer, Row, RowsState, Stmt, TooBig};
use crate::error::{Position, Result};
use crate::limits::{human, MAX_SQL_COLUMNS, MAX_SQL_ROW_BYTES, MAX_SQL_VALUE_BYTES};
use crate::nukeviet::source::Mark;

/// A bare token (number, NULL, keyword) is kept whole only when its row is kept; otherwise
/// its first bytes are enough to tell what it is.
const TOKEN_HEAD: usize = 16;

/// Words that start a CREATE TABLE entry that is not a column.
const NOT_COLUMNS: &[&str] = &[
    "PRIMARY",
    "UNIQUE",
    "KEY",
    "INDEX",
    "CONSTRAINT",
    "FULLTEXT",
    "SPATIAL",
    "CHECK",
    "FOREIGN",
];

impl<R: Read> Lexer<R> {
    /// After `INSERT`/`REPLACE`: modifiers, table, optional column list, `VALUES`.
    pub(super) fn insert(&mut self) -> Result<Stmt> {
        for m in ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"] {
            self.eat_word(m)?;
        }
        self.eat_word("INTO")?;
        self.skip_blank(false)?;
        let table = self.ident()?;
        self.stmt_what = format!("INSERT INTO `{table}`");
        self.skip_blank(false)?;
        let mut columns = None;
        if self.peek()? == Some(b'(') {
            self.src.advance(1);
            let mut cols = Vec::new();
            loop {
                self.skip_blank(false)?;
                if cols.len() == MAX_SQL_COLUMNS {
                    return Err(self.too_many_columns());
                }
                cols.push(self.ident()?);
                self.skip_blank(false)?;
                match self.src.bump()? {
                    Some(b',') => {}
                    Some(b')') => break,
                    Some(b) => return Err(self.unexpected(b, "',' or ')' in the column list")),
                    None => return Err(self.cut_off()),
                }
            }
            columns = Some(cols);
        }
        if self.eat_word("VALUES")? || self.eat_word("VALUE")? {
            self.rows_state = RowsState::First;
        } else {
            // INSERT ... SET or INSERT ... SELECT: no rows a dump tool writes; skip it.
            self.skip_statement()?;
        }
        Ok(Stmt::Insert { table, columns })
    }

    fn too_many_columns(&self) -> crate::ImportError {
        sql_error(
            self.src.position(),
            format!(
                "{} has more than {MAX_SQL_COLUMNS} columns or values here; MySQL allows at \
                 most {MAX_SQL_COLUMNS} columns in a table",
                self.stmt_what
            ),
        )
    }

    fn value_too_long(&self, at: Position) -> crate::ImportError {
        sql_error(
            at,
            format!(
                "a value longer than {} in {} starts here, over the limit for one value (an \
                 article body); shorten or remove that row on the old site and dump again",
                human(MAX_SQL_VALUE_BYTES),
                self.stmt_what
            ),
        )
    }

    fn row_too_long(&self, at: Position) -> crate::ImportError {
        sql_error(
            at,
            format!(
                "a row of {} starting here holds more than {} of values, the limit for one \
                 row; shorten or remove it on the old site and dump again",
                self.stmt_what,
                human(MAX_SQL_ROW_BYTES)
            ),
        )
    }

    fn unexpected(&mut self, b: u8, wanted: &str) -> crate::ImportError {
        let mut at = self.src.position();
        at.column = at.column.saturating_sub(1).max(1);
        sql_error(
            at,
            format!(
                "expected {wanted} in {}, found {:?}",
                self.stmt_what, b as char
            ),
        )
    }

    /// After `CREATE`: a table's column names; any other CREATE is skipped.
    pub(super) fn create(&mut self) -> Result<Stmt> {
        self.eat_word("TEMPORARY")?;
        if !self.eat_word("TABLE")? {
            self.skip_statement()?;
            return Ok(Stmt::Other("CREATE".into()));
        }
        if self.eat_word("IF")? {
            self.eat_word("NOT")?;
            self.eat_word("EXISTS")?;
        }
        self.skip_blank(false)?;
        let name = self.ident()?;
        self.stmt_what = format!("CREATE TABLE `{name}`");
        self.skip_blank(false)?;
        let mut columns = Vec::new();
        if self.peek()? == Some(b'(') {
            self.src.advance(1);
            loop {
                self.skip_blank(false)?;
                let quoted = matches!(self.peek()?, Some(b'`' | b'"'));
                let first = self.ident()?;
                if quoted || !NOT_COLUMNS.iter().any(|w| first.eq_ignore_ascii_case(w)) {
                    if columns.len() == MAX_SQL_COLUMNS {
                        return Err(self.too_many_columns());
                    }
                    columns.push(first);
                }
                if self.skip_entry()? {
                    break;
                }
            }
        }
        self.skip_statement()?;
        Ok(Stmt::CreateTable { name, columns })
    }

    /// Skips the rest of a CREATE TABLE entry; true when the closing `)` ended the list.
    fn skip_entry(&mut self) -> Result<bool> {
        let mut depth = 0usize;
        loop {
            self.skip_blank(false)?;
            match self.peek()? {
                Some(q @ (b'\'' | b'"' | b'`')) => self.skip_string(q, q != b'`')?,
                Some(b'(') => {
                    depth += 1;
                    self.src.advance(1);
                }
                Some(b')') if depth == 0 => {
                    self.src.advance(1);
                    return Ok(true);
                }
                Some(b')') => {
                    depth -= 1;
                    self.src.advance(1);
                }
                Some(b',') if depth == 0 => {
                    self.src.advance(1);
                    return Ok(false);
                }
                Some(_) => self.src.advance(1),
                None => return Err(self.cut_off()),
            }
        }
    }

    /// The next row of the current INSERT into `row` (values kept only when `keep`), with the
    /// mark of its `(`; `None` once the statement has ended.
    pub fn next_row(&mut self, keep: bool, row: &mut Row) -> Result<Option<Mark>> {
        if self.rows_state == RowsState::None {
            return Ok(None);
        }
        self.skip_blank(false)?;
        if self.rows_state == RowsState::More {
            if self.at_delimiter()? {
                self.src.advance(self.delimiter.len());
                self.rows_state = RowsState::None;
                return Ok(None);
            }
            match self.peek()? {
                Some(b',') => {
                    self.src.advance(1);
                    self.skip_blank(false)?;
                }
                Some(b'O' | b'o') if self.eat_word("ON")? => {
                    // ON DUPLICATE KEY UPDATE ...: nothing more to read here.
                    self.skip_statement()?;
                    self.rows_state = RowsState::None;
                    return Ok(None);
                }
                Some(b) => return Err(self.unexpected(b, "',' or ';' after a row of values")),
                None => return Err(self.cut_off()),
            }
        }
        self.rows_state = RowsState::More;
        let mark = self.src.mark();
        self.tuple(keep, row)?;
        Ok(Some(mark))
    }

    /// Reads one `( value, ... )` at the current place (also used to read a row at a mark).
    pub fn tuple(&mut self, keep: bool, row: &mut Row) -> Result<()> {
        row.clear();
        self.row_bytes = 0;
        self.row_too_big = None;
        let row_at = self.src.position();
        match self.src.bump()? {
            Some(b'(') => {}
            Some(b) => return Err(self.unexpected(b, "'(' starting a row of values")),
            None => return Err(self.cut_off()),
        }
        loop {
            self.skip_blank(false)?;
            if row.is_empty() && self.peek()? == Some(b')') {
                self.src.advance(1);
                return Ok(());
            }
            if row.len() == MAX_SQL_COLUMNS {
                return Err(self.too_many_columns());
            }
            let v = self.value(keep)?;
            row.push(v);
            if self.row_bytes > MAX_SQL_ROW_BYTES {
                if keep {
                    return Err(self.row_too_long(row_at));
                }
                self.too_big(row_at, |lx| lx.row_too_long(row_at));
            }
            self.skip_blank(false)?;
            match self.src.bump()? {
                Some(b',') => {}
                Some(b')') => return Ok(()),
                Some(b) => return Err(self.unexpected(b, "',' or ')' between values")),
                None => return Err(self.cut_off()),
            }
        }
    }

    /// Notes the first value or row over its limit in a row whose values are not kept.
    fn too_big(&mut self, at: Position, error: impl FnOnce(&Self) -> crate::ImportError) {
        if self.row_too_big.is_none() {
            let problem = match error(self) {
                crate::ImportError::Sql { problem, .. } => problem,
                other => other.to_string(),
            };
            self.row_too_big = Some(TooBig { at, problem });
        }
    }

    /// Counts a value of `len` bytes starting at `at` against the limits.
    fn count_value(&mut self, at: Position, len: usize) {
        self.row_bytes = self.row_bytes.saturating_add(len);
        if len > MAX_SQL_VALUE_BYTES {
            self.too_big(at, |lx| lx.value_too_long(at));
        }
    }

    /// A quoted string as a value: kept (up to the limit) when `keep`, else only measured.
    fn quoted(&mut self, q: u8, keep: bool, out: &mut Vec<u8>) -> Result<()> {
        let at = self.src.position();
        let len = self
            .string(q, keep.then_some(out), true, MAX_SQL_VALUE_BYTES)
            .map_err(|e| e.or_else(|| self.value_too_long(at)))?;
        self.count_value(at, len);
        Ok(())
    }

    /// One value: a string, a number, NULL, a hex literal or a bare word.
    fn value(&mut self, keep: bool) -> Result<Option<String>> {
        let mut bytes = Vec::new();
        match self.peek()? {
            Some(q @ (b'\'' | b'"')) => {
                self.quoted(q, keep, &mut bytes)?;
                return Ok(Some(text(bytes)));
            }
            None => return Err(self.cut_off()),
            _ => {}
        }
        let at = self.src.position();
        let mut len = 0usize;
        while let Some(b) = self.peek()? {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_') {
                if keep && len == MAX_SQL_VALUE_BYTES {
                    return Err(self.value_too_long(at));
                }
                if keep || bytes.len() < TOKEN_HEAD {
                    bytes.push(b);
                }
                len += 1;
                self.src.advance(1);
            } else {
                break;
            }
        }
        self.count_value(at, len);
        let token = String::from_utf8_lossy(&bytes).into_owned();
        match self.peek()? {
            // _binary'..', _utf8mb4 '..', X'..', B'..': an introducer or literal prefix.
            Some(q @ b'\'') | Some(q @ b'"')
                if token.starts_with('_')
                    || token.eq_ignore_ascii_case("x")
                    || token.eq_ignore_ascii_case("b") =>
            {
                let mut s = Vec::new();
                self.quoted(q, keep, &mut s)?;
                if token.eq_ignore_ascii_case("x") {
                    return Ok(Some(text(unhex(&s))));
                }
                return Ok(Some(text(s)));
            }
            _ => {}
        }
        if token.starts_with('_') {
            self.skip_blank(false)?;
            if let Some(q @ (b'\'' | b'"')) = self.peek()? {
                let mut s = Vec::new();
                self.quoted(q, keep, &mut s)?;
                return Ok(Some(text(s)));
            }
        }
        if token.is_empty() || self.peek()? == Some(b'(') {
            let found = self
                .peek()?
                .map_or("the end".to_string(), |b| format!("{:?}", b as char));
            return Err(sql_error(
                at,
                format!("expected a value in {}, found {found}", self.stmt_what),
            ));
        }
        if token.eq_ignore_ascii_case("NULL") {
            return Ok(None);
        }
        if let Some(hex) = token
            .strip_prefix("0x")
            .or_else(|| token.strip_prefix("0X"))
        {
            return Ok(Some(text(unhex(hex.as_bytes()))));
        }
        Ok(Some(match token.to_ascii_uppercase().as_str() {
            "TRUE" => "1".into(),
            "FALSE" => "0".into(),
            _ => token,
        }))
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn unhex(h: &[u8]) -> Vec<u8> {
    let v = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    h.chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| v(c[0]) * 16 + v(c[1]))
        .collect()
}
