//! Old URLs as readers and crawlers send them: `normalize_path`, and `match_path` of a
//! WordPress and a NukeViet URL scheme (each set up like a real imported site), over
//! arbitrary paths and query strings. Beyond "no panic": the normal form is stable (normalising
//! twice changes nothing) and is a path, and matching a URL or its normal form gives the same.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use cong_import::{normalize_path, nukeviet, wxr, LegacyTarget};
use libfuzzer_sys::fuzz_target;

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn wordpress() -> &'static [wxr::LegacyScheme] {
    static S: OnceLock<Vec<wxr::LegacyScheme>> = OnceLock::new();
    S.get_or_init(|| {
        let ids: BTreeMap<u64, String> = [(1, "tin-tuc"), (7, "thong-bao")]
            .into_iter()
            .map(|(id, k)| (id, k.to_string()))
            .collect();
        ["/", "/tin-tuc/", "/blog/cu/"]
            .into_iter()
            .map(|base| wxr::LegacyScheme {
                base_path: base.into(),
                categories_by_id: ids.clone(),
            })
            .collect()
    })
}

fn nukeviet() -> &'static [nukeviet::LegacyScheme] {
    static S: OnceLock<Vec<nukeviet::LegacyScheme>> = OnceLock::new();
    S.get_or_init(|| {
        let news = nukeviet::ModuleScheme {
            name: "tin-tuc".into(),
            data: "news".into(),
            kind: nukeviet::ModuleKind::News,
            categories: map(&[("thong-bao", "news:cat:2"), ("tin-tuc", "news:cat:1")]),
            tags: map(&[("tiem-chung", "news:tag:4")]),
            topics: map(&[("dich-benh", "news:topic:1")]),
            pages: BTreeMap::new(),
        };
        let pages = nukeviet::ModuleScheme {
            name: "about".into(),
            data: "about".into(),
            kind: nukeviet::ModuleKind::Page,
            categories: BTreeMap::new(),
            tags: BTreeMap::new(),
            topics: BTreeMap::new(),
            pages: map(&[("gioi-thieu", "about:1")]),
        };
        [(Some("tin-tuc"), ".html"), (None, ""), (None, "/")]
            .into_iter()
            .map(|(default, ext)| nukeviet::LegacyScheme {
                lang: "vi".into(),
                ext: ext.into(),
                default_module: default.map(str::to_string),
                modules: vec![news.clone(), pages.clone()],
            })
            .collect()
    })
}

fn check(target: &Option<LegacyTarget>) {
    if let Some(
        LegacyTarget::Category { page, .. }
        | LegacyTarget::Tag { page, .. }
        | LegacyTarget::Home { page },
    ) = target
    {
        assert!(*page >= 1, "pages count from 1: {target:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let url = String::from_utf8_lossy(data);
    let normal = normalize_path(&url);
    assert!(normal.starts_with('/'), "{url:?} → {normal:?}");
    assert!(!normal.contains('#'), "{url:?} → {normal:?}");
    assert_eq!(
        normalize_path(&normal),
        normal,
        "normal form of {url:?} moved"
    );
    for s in wordpress() {
        let m = s.match_path(&url);
        check(&m);
        assert_eq!(s.match_path(&normal), m, "{url:?} and {normal:?} differ");
    }
    for s in nukeviet() {
        let m = s.match_path(&url);
        check(&m);
        assert_eq!(s.match_path(&normal), m, "{url:?} and {normal:?} differ");
    }
});
