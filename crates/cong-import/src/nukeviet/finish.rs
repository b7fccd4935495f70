//! The end of the first pass: which modules hold what, whether this is NukeViet at all,
//! whether every article has its body, and the URL scheme.

use std::collections::{BTreeMap, HashMap};

use super::index::Collector;
use super::scheme::{
    category_key, fold_case, item_key, tag_key, LegacyScheme, ModuleKind, ModuleScheme,
};
use super::table::Table;
use super::Options;
use crate::error::{ImportError, Position, Result};

/// A module the import reads, with the names its tables and files go by.
#[derive(Clone, Debug)]
pub(crate) struct Module {
    /// Its name in URLs (`title` in the modules table).
    pub name: String,
    /// Its table-name part (`module_data`).
    pub data: String,
    /// Its folder under `uploads/` (`module_upload`).
    pub upload: String,
    /// `module_file`: news, page or weblinks.
    pub file: String,
}

/// What the first pass learnt about a dump; hand it to [`super::Reader`].
#[derive(Debug)]
pub struct DumpIndex {
    pub(crate) opts: Options,
    pub(crate) c: Collector,
    pub(crate) modules: Vec<Module>,
    pub(crate) scheme: LegacyScheme,
    pub(crate) site_title: String,
    pub(crate) domains: Vec<String>,
    /// Modules with data that no part of the import reads, one line each for the report.
    pub(crate) not_imported: Vec<String>,
    /// News articles in the dump (all statuses).
    pub articles: u64,
    /// Static pages in the dump.
    pub pages: u64,
    /// Comments in the dump (all modules).
    pub comments: u64,
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Collector({} tables)", self.tables.len())
    }
}

impl DumpIndex {
    /// How old URLs of this site are understood; keep it with the site for the redirects.
    pub fn legacy_scheme(&self) -> &LegacyScheme {
        &self.scheme
    }

    /// Full table name for a name relative to `<prefix>_<lang>_`.
    pub(crate) fn table(&self, rest: &str) -> String {
        format!("{}_{}_{rest}", self.opts.prefix, self.opts.lang)
    }

    /// A small table kept in memory, if the dump has it.
    pub(crate) fn memory(&self, rest: &str) -> Option<&Table> {
        self.c.memory.get(&self.table(rest))
    }

    /// Modules of one kind (`module_file`).
    pub(crate) fn modules_of<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Module> {
        self.modules.iter().filter(move |m| m.file == file)
    }
}

fn config(c: &Collector, prefix: &str) -> HashMap<(String, String, String), String> {
    let Some(t) = c.memory.get(&format!("{prefix}_config")) else {
        return HashMap::new();
    };
    t.iter()
        .map(|r| {
            let k = |n| t.cols.str(r, n).to_string();
            (
                (k("lang"), k("module"), k("config_name")),
                k("config_value"),
            )
        })
        .collect()
}

/// The modules to import, from the modules table or, without one, from the tables present.
fn modules(c: &Collector, opts: &Options) -> Vec<Module> {
    let lp = format!("{}_{}_", opts.prefix, opts.lang);
    let has = |rest: &str| c.tables.contains_key(&format!("{lp}{rest}"));
    let mut out = Vec::new();
    if let Some(t) = c.memory.get(&format!("{lp}modules")) {
        for r in t.iter() {
            let s = |n| t.cols.str(r, n).to_string();
            let m = Module {
                name: s("title"),
                data: s("module_data"),
                upload: s("module_upload"),
                file: s("module_file"),
            };
            let present = match m.file.as_str() {
                "news" => has(&format!("{}_rows", m.data)),
                "page" => has(&m.data),
                "weblinks" => has(&format!("{}_rows", m.data)),
                _ => false,
            };
            if present {
                out.push(m);
            }
        }
        return out;
    }
    for name in c.tables.keys() {
        let Some(data) = name.strip_prefix(&lp).and_then(|r| r.strip_suffix("_rows")) else {
            continue;
        };
        if has(&format!("{data}_detail")) && has(&format!("{data}_cat")) {
            out.push(Module {
                name: data.into(),
                data: data.into(),
                upload: data.into(),
                file: "news".into(),
            });
        }
    }
    out
}

fn not_nukeviet(c: &Collector, opts: &Options) -> ImportError {
    let names: Vec<&str> = c.tables.keys().map(String::as_str).collect();
    let mut listed = names
        .iter()
        .take(12)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 12 {
        listed.push_str(&format!(" and {} more", names.len() - 12));
    }
    if names.is_empty() {
        listed = "none".into();
    }
    let mut msg = format!(
        "no table {}_{}_news_rows (tables found: {listed})",
        opts.prefix, opts.lang
    );
    if let Some(other) = names.iter().find(|n| n.ends_with("_news_rows")) {
        let parts: Vec<&str> = other
            .trim_end_matches("_news_rows")
            .rsplitn(2, '_')
            .collect();
        if let [lang, prefix] = parts.as_slice() {
            msg.push_str(&format!("; try --prefix {prefix} --lang {lang}"));
        }
    }
    ImportError::NotNukeViet(msg)
}

/// Refuses a dump with a row over the limits in a table the second pass reads with its
/// values (rows over the limits elsewhere were only skipped over, and cost nothing).
fn refuse_too_big(c: &Collector, modules: &[Module], opts: &Options) -> Result<()> {
    let lp = format!("{}_{}_", opts.prefix, opts.lang);
    let mut read = vec![format!("{}_users", opts.prefix), format!("{lp}comment")];
    for m in modules {
        match m.file.as_str() {
            "news" => {
                read.push(format!("{lp}{}_rows", m.data));
                read.push(format!("{lp}{}_detail", m.data));
            }
            "weblinks" => read.push(format!("{lp}{}_rows", m.data)),
            _ => read.push(format!("{lp}{}", m.data)),
        }
    }
    let first = read
        .iter()
        .filter_map(|t| c.tables.get(t)?.too_big.as_ref())
        .min_by_key(|b| b.at.line);
    match first {
        Some(b) => Err(ImportError::Sql {
            at: b.at,
            problem: b.problem.clone(),
        }),
        None => Ok(()),
    }
}

pub(crate) fn finish(mut c: Collector, opts: Options) -> Result<DumpIndex> {
    let modules = modules(&c, &opts);
    if !modules.iter().any(|m| m.file == "news") {
        return Err(not_nukeviet(&c, &opts));
    }
    refuse_too_big(&c, &modules, &opts)?;
    let lp = format!("{}_{}_", opts.prefix, opts.lang);
    let mut articles = 0;
    for m in modules.iter().filter(|m| m.file == "news") {
        let (rows, detail) = (
            format!("{lp}{}_rows", m.data),
            format!("{lp}{}_detail", m.data),
        );
        let ids = c
            .article_ids
            .get(&rows)
            .map(Vec::as_slice)
            .unwrap_or_default();
        articles += ids.len() as u64;
        let bodies = c.details.get(&detail);
        for (id, line) in ids {
            if !bodies.is_some_and(|d| d.rows.contains_key(id)) {
                return Err(ImportError::Data {
                    at: Position::line(*line),
                    problem: format!(
                        "article {id} of `{rows}` has no row in `{detail}` (is the dump complete?)"
                    ),
                });
            }
        }
    }
    for pairs in c.tag_pairs.values_mut() {
        pairs.sort_unstable();
    }
    let cfg = config(&c, &opts.prefix);
    let get = |l: &str, m: &str, n: &str| cfg.get(&(l.into(), m.into(), n.into())).cloned();
    let mut scheme = LegacyScheme {
        lang: opts.lang.clone(),
        ext: get("sys", "global", "rewrite_exturl").unwrap_or_else(|| ".html".into()),
        default_module: get("sys", "global", "rewrite_op_mod")
            .filter(|d| modules.iter().any(|m| m.file == "news" && &m.name == d)),
        modules: Vec::new(),
    };
    let mut pages = 0;
    for m in &modules {
        let kind = match m.file.as_str() {
            "news" => ModuleKind::News,
            "page" => ModuleKind::Page,
            _ => continue,
        };
        let map =
            |rest: &str, id_col: &str, key: &dyn Fn(i64) -> String| -> BTreeMap<String, String> {
                c.memory
                    .get(&format!("{lp}{}_{rest}", m.data))
                    .map_or_else(BTreeMap::new, |t| {
                        t.iter()
                            .map(|r| {
                                (
                                    fold_case(t.cols.str(r, "alias")),
                                    key(t.cols.num(r, id_col)),
                                )
                            })
                            .collect()
                    })
            };
        let page_list = c.page_aliases.get(&format!("{lp}{}", m.data));
        pages += page_list.map_or(0, |p| p.len() as u64) * u64::from(kind == ModuleKind::Page);
        scheme.modules.push(ModuleScheme {
            name: m.name.clone(),
            data: m.data.clone(),
            kind,
            categories: map("cat", "catid", &|id| category_key(&m.data, id)),
            tags: map("tags", "tid", &|id| tag_key(&m.data, "tag", id)),
            topics: map("topics", "topicid", &|id| tag_key(&m.data, "topic", id)),
            pages: match kind {
                ModuleKind::Page => page_list
                    .into_iter()
                    .flatten()
                    .map(|(id, alias)| (fold_case(alias), item_key(&m.data, *id as i64)))
                    .collect(),
                ModuleKind::News => BTreeMap::new(),
            },
        });
    }
    let mut domains: Vec<String> = get("sys", "global", "my_domains")
        .unwrap_or_default()
        .split(',')
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .collect();
    if let Some(host) = opts.base_url.as_deref().and_then(crate::legacy::url_host) {
        domains.push(host);
    }
    let comments = c.tables.get(&format!("{lp}comment")).map_or(0, |t| t.rows);
    let not_imported = unread_modules(&c, &lp);
    Ok(DumpIndex {
        site_title: get(&opts.lang, "global", "site_name").unwrap_or_default(),
        opts,
        c,
        modules,
        scheme,
        domains,
        not_imported,
        articles,
        pages,
        comments,
    })
}

/// Modules whose tables hold rows the import does not read (legal documents, FAQs, menus...),
/// so the operator knows what did not come over.
fn unread_modules(c: &Collector, lp: &str) -> Vec<String> {
    const READ: &[&str] = &["news", "page", "weblinks", "voting", "comment", "users"];
    let Some(t) = c.memory.get(&format!("{lp}modules")) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for r in t.iter() {
        let (title, file, data) = (
            t.cols.str(r, "title"),
            t.cols.str(r, "module_file"),
            t.cols.str(r, "module_data"),
        );
        if READ.contains(&file) || data.is_empty() {
            continue;
        }
        let own = format!("{lp}{data}");
        let rows: u64 = c
            .tables
            .iter()
            .filter(|(n, _)| {
                (**n == own || n.starts_with(&format!("{own}_"))) && !n.ends_with("_config")
            })
            .map(|(_, t)| t.rows)
            .sum();
        if rows > 0 {
            notes.push(format!(
                "module \"{title}\" ({file}) was not imported: {rows} rows in its tables"
            ));
        }
    }
    notes
}
