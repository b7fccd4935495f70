//! Rows by column name: NukeViet versions add and drop columns, so nothing is read by position.

use std::collections::HashMap;

use super::sql::Row;

/// Column positions of one INSERT statement (or CREATE TABLE), by lower-case name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cols {
    names: Vec<String>,
    at: HashMap<String, usize>,
}

impl Cols {
    pub fn new(names: &[String]) -> Self {
        let names: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        let at = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Cols { names, at }
    }

    /// Whether the table has this column.
    pub fn has(&self, name: &str) -> bool {
        self.at.contains_key(name)
    }

    /// The value of a column in a row; `None` for NULL or a column this table lacks.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> Option<&'r str> {
        row.get(*self.at.get(name)?)?.as_deref()
    }

    /// A text column, empty when missing.
    pub fn str<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.get(row, name).unwrap_or("")
    }

    /// A number column, 0 when missing or not a number.
    pub fn num(&self, row: &Row, name: &str) -> i64 {
        self.get(row, name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map_or(0, |v| v as i64)
    }

    /// How many columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The column names, lower case, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A small table kept whole in memory (categories, tags, config, modules, polls).
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub cols: Cols,
    pub rows: Vec<Row>,
}

impl Table {
    /// The rows, to read with `self.cols`.
    pub fn iter(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter()
    }
}
