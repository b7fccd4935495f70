//! What readers type into the search box: the query is split, folded and NFC-normalised, run
//! against a small in-memory index of Vietnamese articles, and the hits' snippets are built.
//! The search promises that nothing typed can make it fail; and snippets are HTML shown on
//! the results page, so they may hold only the highlight markup. Also the index's HTML-to-text
//! step, which only this target builds (it needs tantivy).
#![no_main]

use std::sync::OnceLock;

use cong_search::{SearchDoc, SearchIndex, SearchQuery, Sort};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let ix = SearchIndex::in_memory()
            .expect("an index in memory")
            .with_result_cache(0);
        let docs = [
            ("Lịch tiêm chủng mở rộng tháng 12", "Trạm y tế xã tiêm vắc-xin sởi, rubella cho trẻ <em>dưới</em> 5 tuổi; \"mang sổ tiêm\" & giấy tờ."),
            ("Phòng chống sốt xuất huyết", "Diệt lăng quăng, bọ gậy; đậy kín dụng cụ chứa nước. Đến cơ sở y tế khi sốt cao."),
            ("Thông báo tuyển dụng viên chức", "Sở Y tế tỉnh Hà Giang Nam thông báo tuyển 12 bác sĩ, 8 điều dưỡng năm 2024."),
            ("Tiem chung (khong dau)", "Van ban go khong dau: tiem chung, sot xuat huyet, dieu duong."),
        ];
        let docs: Vec<SearchDoc> = docs
            .iter()
            .enumerate()
            .map(|(i, (title, body))| SearchDoc {
                id: i as i64 + 1,
                title: title.to_string(),
                body_text: body.to_string(),
                category_id: (i % 2) as i64 + 1,
                published_at: 1_700_000_000 + i as i64 * 86_400,
            })
            .collect();
        ix.upsert(&docs).expect("indexed");
        ix.commit(1).expect("committed");
        ix
    })
}

fuzz_target!(|data: &[u8]| {
    // The first bytes pick the options a results page can send; the rest is the text.
    let (opts, text) = data.split_at(data.len().min(4));
    let byte = |i: usize| opts.get(i).copied().unwrap_or(0);
    let q = SearchQuery {
        text: String::from_utf8_lossy(text).into_owned(),
        category_ids: (0..byte(0) % 3).map(i64::from).collect(),
        from: (byte(1) & 1 == 1).then_some(1_700_000_000 + i64::from(byte(1)) * 10_000),
        to: (byte(1) & 2 == 2).then_some(1_700_000_000 + i64::from(byte(2)) * 10_000),
        sort: if byte(2) & 1 == 1 {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        offset: usize::from(byte(3) % 8),
        limit: usize::from(byte(3) / 8),
    };
    // The index's own HTML-to-text step sees what the sanitiser lets through.
    let _ = cong_search::html_to_text(&cong_text::sanitize_html(&q.text));
    let results = index().search(&q).expect("a search never fails");
    assert!(results.hits.len() <= q.limit.min(cong_search::MAX_LIMIT));
    for hit in &results.hits {
        for html in [&hit.title_html, &hit.snippet_html] {
            let rest = html.replace("<mark>", "").replace("</mark>", "");
            assert!(!rest.contains('<'), "markup other than <mark> in {html:?}");
        }
    }
});
