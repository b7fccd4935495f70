//! NukeViet 4 sites from a MySQL dump (phpMyAdmin or mysqldump).
//!
//! Drive it in two passes. [`scan`] reads the dump once from start to end, parsing every
//! statement (a cut or broken file fails here with its line), keeping the small tables and the
//! position of every article body, and returns a [`DumpIndex`]. [`Reader::open`] then reads the
//! file again, seeking to the tables it needs in the order the neutral stream wants, and joins
//! each article row with its body row through a second handle on the same file.
//!
//! Which tables: `<prefix>_<lang>_modules` tells which modules are news (`module_file` "news",
//! any `module_data`), pages and web links; per-category copies `<...>_news_<catid>` are never
//! read. Not imported (noted in the report): legal documents and other modules' data.

mod convert;
mod extras;
mod finish;
mod index;
mod reader;
mod scheme;
mod source;
mod sql;
mod table;

use std::io::Read;

pub use finish::DumpIndex;
pub use reader::Reader;
pub use scheme::{LegacyScheme, ModuleKind, ModuleScheme};

use crate::error::Result;
use index::Collector;
use sql::{Lexer, Stmt};

/// How to read a dump.
#[derive(Clone, Debug)]
pub struct Options {
    /// Table prefix (`--prefix`, NukeViet's `$db_config['prefix']`), `nv4` by default.
    pub prefix: String,
    /// Data language to import (`--lang`), `vi` by default.
    pub lang: String,
    /// The old site's address (`--base-url`), for the site record; optional.
    pub base_url: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prefix: "nv4".into(),
            lang: "vi".into(),
            base_url: None,
        }
    }
}

/// The first pass: reads and checks the whole dump, keeping what the second pass needs.
pub fn scan<R: Read>(input: R, opts: &Options) -> Result<DumpIndex> {
    let mut lx = Lexer::new(input, 256 * 1024);
    let mut c = Collector::new(opts);
    while let Some((mark, stmt)) = lx.next_statement()? {
        match stmt {
            Stmt::CreateTable { name, columns } => {
                c.tables.entry(name).or_default().create_cols = Some(columns);
            }
            Stmt::Insert { table, columns } => c.insert(&mut lx, mark, table, columns)?,
            Stmt::Other(word) => match word.as_str() {
                "START" | "BEGIN" => c.transaction = true,
                "COMMIT" => c.committed = true,
                _ => {}
            },
        }
    }
    let end = lx.src.position();
    if c.transaction && !c.committed {
        return Err(crate::ImportError::Sql {
            at: end,
            problem: "the dump ends before the COMMIT of its transaction (truncated file?)".into(),
        });
    }
    if lx.mysqldump_header && !lx.dump_completed {
        return Err(crate::ImportError::Sql {
            at: end,
            problem:
                "the dump ends without mysqldump's \"-- Dump completed\" line (truncated file?)"
                    .into(),
        });
    }
    finish::finish(c, opts.clone())
}
