//! The first pass over a dump: every statement parsed (so a broken or cut file fails here,
//! before anything is written), small tables kept, big ones remembered by position.
//!
//! Memory stays bounded by what a site has few of: categories, tags, config, modules and polls
//! are kept whole; for articles only an (id → position) entry per body row, the article ids
//! and their tag pairs; bodies, comments and users are read again in the second pass.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use super::source::Mark;
use super::sql::{Lexer, Row, TooBig};
use super::table::{Cols, Table};
use super::Options;
use crate::error::{ImportError, Position, Result};

/// What the first pass knows about one table.
#[derive(Clone, Debug, Default)]
pub(crate) struct TableInfo {
    /// Column names from its CREATE TABLE, if the dump has one.
    pub create_cols: Option<Vec<String>>,
    /// Where each of its INSERT statements starts.
    pub inserts: Vec<InsertAt>,
    /// How many rows it has.
    pub rows: u64,
    /// Its first row (or value) over the limits, if any; refused in `finish` when the import
    /// reads this table.
    pub too_big: Option<TooBig>,
}

/// Where an INSERT statement starts, and the statement delimiter in force there (a dump may
/// change it with `DELIMITER`; the second pass jumps straight to the statement and must end
/// it where the first pass did).
#[derive(Clone, Debug)]
pub(crate) struct InsertAt {
    pub mark: Mark,
    /// `None` for the usual `;`.
    pub delimiter: Option<Box<[u8]>>,
}

/// Where each body row of a `_detail` table is, by article id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Details {
    /// Column layouts of its INSERT statements.
    pub layouts: Vec<Cols>,
    /// id → (position of the row, index into `layouts`).
    pub rows: HashMap<u64, (Mark, u32)>,
}

/// Everything the first pass collects; turned into a [`super::DumpIndex`] by `finish`.
#[derive(Default)]
pub(crate) struct Collector {
    pub tables: BTreeMap<String, TableInfo>,
    pub memory: HashMap<String, Table>,
    pub tag_pairs: HashMap<String, Vec<(u64, u64)>>,
    pub details: HashMap<String, Details>,
    pub article_ids: HashMap<String, Vec<(u64, u64)>>,
    pub page_aliases: HashMap<String, Vec<(u64, String)>>,
    pub admin_ids: HashSet<u64>,
    pub transaction: bool,
    pub committed: bool,
    lang_prefix: String,
    config_table: String,
}

/// Kinds of tables the first pass reads values from.
enum Keep {
    Memory,
    TagPairs,
    Details,
    Articles,
    Nothing,
}

impl Collector {
    pub fn new(opts: &Options) -> Self {
        Collector {
            lang_prefix: format!("{}_{}_", opts.prefix, opts.lang),
            config_table: format!("{}_config", opts.prefix),
            ..Collector::default()
        }
    }

    fn keep(&self, table: &str, cols: &Cols) -> Keep {
        if table == self.config_table {
            return Keep::Memory;
        }
        let Some(rest) = table.strip_prefix(&self.lang_prefix) else {
            return Keep::Nothing;
        };
        let small = ["modules", "voting", "voting_rows"].contains(&rest)
            || ["_cat", "_tags", "_topics", "_sources"]
                .iter()
                .any(|s| rest.ends_with(s));
        if small {
            Keep::Memory
        } else if rest.ends_with("_tags_id") {
            Keep::TagPairs
        } else if rest.ends_with("_detail") && cols.has("id") {
            Keep::Details
        } else if (rest.ends_with("_rows") && cols.has("listcatid"))
            || (cols.has("bodytext") && cols.has("alias") && cols.has("id"))
        {
            Keep::Articles
        } else {
            Keep::Nothing
        }
    }

    /// Reads the rows of one INSERT statement.
    pub fn insert<R: Read>(
        &mut self,
        lx: &mut Lexer<R>,
        at: Mark,
        table: String,
        columns: Option<Vec<String>>,
    ) -> Result<()> {
        let info = self.tables.entry(table.clone()).or_default();
        let delimiter = lx.delimiter();
        info.inserts.push(InsertAt {
            mark: at,
            delimiter: (delimiter != b";").then(|| delimiter.into()),
        });
        let names = columns.or_else(|| info.create_cols.clone());
        let cols = names.as_deref().map(Cols::new);
        let keep = cols
            .as_ref()
            .map_or(Keep::Nothing, |c| self.keep(&table, c));
        let stmt_at = Position {
            line: at.line,
            column: at.offset - at.line_start + 1,
        };
        if cols.is_none() && !matches!(self.keep(&table, &Cols::default()), Keep::Nothing) {
            return Err(ImportError::Sql {
                at: stmt_at,
                problem: format!("INSERT INTO `{table}` has no column list and the dump has no CREATE TABLE for it"),
            });
        }
        let values = !matches!(keep, Keep::Nothing);
        let mut row = Row::new();
        let mut count = 0u64;
        while let Some(m) = lx.next_row(values, &mut row)? {
            count += 1;
            if let Some(big) = lx.row_too_big() {
                let info = self.tables.entry(table.clone()).or_default();
                if info.too_big.is_none() {
                    info.too_big = Some(big.clone());
                }
            }
            if let Some(c) = &cols {
                if row.len() != c.len() {
                    return Err(ImportError::Sql {
                        at: Position {
                            line: m.line,
                            column: m.offset - m.line_start + 1,
                        },
                        problem: format!(
                            "a row of `{table}` has {} values for {} columns",
                            row.len(),
                            c.len()
                        ),
                    });
                }
            }
            let Some(c) = &cols else { continue };
            match keep {
                Keep::Memory => self.remember(&table, c, &row),
                Keep::TagPairs => {
                    let (id, tid) = (c.num(&row, "id"), c.num(&row, "tid"));
                    self.tag_pairs
                        .entry(table.clone())
                        .or_default()
                        .push((id as u64, tid as u64));
                }
                Keep::Details => {
                    let d = self.details.entry(table.clone()).or_default();
                    if d.layouts.last() != Some(c) {
                        d.layouts.push(c.clone());
                    }
                    let layout = (d.layouts.len() - 1) as u32;
                    d.rows.insert(c.num(&row, "id") as u64, (m, layout));
                }
                Keep::Articles => {
                    let id = c.num(&row, "id") as u64;
                    if c.has("listcatid") {
                        self.article_ids
                            .entry(table.clone())
                            .or_default()
                            .push((id, m.line));
                        let admin = c.num(&row, "admin_id");
                        if admin > 0 {
                            self.admin_ids.insert(admin as u64);
                        }
                    } else {
                        let alias = c.str(&row, "alias").to_string();
                        self.page_aliases
                            .entry(table.clone())
                            .or_default()
                            .push((id, alias));
                    }
                }
                Keep::Nothing => {}
            }
        }
        self.tables.entry(table).or_default().rows += count;
        Ok(())
    }

    /// Keeps a row of a small table, in the layout of the table's first statement.
    fn remember(&mut self, table: &str, cols: &Cols, row: &Row) {
        let t = self
            .memory
            .entry(table.to_string())
            .or_insert_with(|| Table {
                cols: cols.clone(),
                rows: Vec::new(),
            });
        if &t.cols == cols {
            t.rows.push(row.clone());
        } else {
            let names: Vec<String> = t.cols.names().to_vec();
            t.rows.push(
                names
                    .iter()
                    .map(|n| cols.get(row, n).map(str::to_string))
                    .collect(),
            );
        }
    }
}
