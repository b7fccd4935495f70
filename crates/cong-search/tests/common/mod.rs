//! A small corpus of made-up municipal news, written for these tests.

#![allow(dead_code)] // each test binary uses a different part of this module

use cong_search::{SearchDoc, SearchIndex, SearchQuery};

pub const PARTY: i64 = 1;
pub const HEALTH: i64 = 2;
pub const ADMIN: i64 = 3;

/// Base time: 2024-01-01T00:00:00Z; each document is a day later than the one before.
pub const T0: i64 = 1_704_067_200;
pub const DAY: i64 = 86_400;

/// (id, category, title, body); document n is published at T0 + n days.
pub const CORPUS: &[(i64, i64, &str, &str)] = &[
    (
        1,
        PARTY,
        "Đảng ủy phường Tân Hòa sơ kết công tác quý ba",
        "Sáng thứ Năm, Đảng ủy phường đã họp để đánh giá việc thực hiện nghị quyết \
         và bàn nhiệm vụ những tháng cuối năm.",
    ),
    (
        2,
        HEALTH,
        "Tổ chức tiêm chủng mở rộng cho trẻ dưới năm tuổi",
        "Trạm y tế phường thông báo lịch tiêm chủng định kỳ vào ngày mười lăm hằng tháng. \
         Phụ huynh mang theo sổ theo dõi sức khỏe của trẻ.",
    ),
    (
        3,
        ADMIN,
        "Thông báo của trạm thú y về vật nuôi",
        "Các hộ gia đình cần tiêm thuốc phòng bệnh cho vật nuôi theo lịch của thú y. \
         Khu phố cũng có nhiều chủng loại cây giống được hỗ trợ miễn phí.",
    ),
    (
        4,
        HEALTH,
        "Kế hoạch y tế học đường năm học mới",
        "Nhà trường phối hợp với trạm y tế rà soát tình hình tiêm chủng của học sinh \
         và nhắc phụ huynh bổ sung các mũi còn thiếu.",
    ),
    (
        5,
        HEALTH,
        "Chủ động phòng chống dịch bệnh mùa mưa",
        "Số ca mắc dịch bệnh sốt xuất huyết trên địa bàn tăng so với cùng kỳ. Người dân \
         cần loại bỏ vật dụng chứa nước đọng quanh nhà. Đoàn kiểm tra cũng ghé các điểm \
         y tế học đường.",
    ),
    (
        6,
        PARTY,
        "Kế hoạch sinh hoạt đảng viên mới",
        "Chi bộ khu phố hướng dẫn thủ tục chuyển sinh hoạt cho người vừa chuyển đến.",
    ),
    (
        7,
        ADMIN,
        "Kế hoạch đăng tải văn bản mới",
        "Văn phòng cập nhật các văn bản hành chính lên trang thông tin điện tử mỗi tuần.",
    ),
    (
        8,
        ADMIN,
        "Cảnh báo mã độc <script> trong tệp đính kèm",
        "Không mở tệp lạ. Đoạn mã <script>alert(1)</script> có thể lấy cắp mật khẩu \
         tài khoản công vụ & dữ liệu cá nhân.",
    ),
];

pub fn doc(id: i64) -> SearchDoc {
    let (id, category_id, title, body) = *CORPUS.iter().find(|d| d.0 == id).expect("id");
    SearchDoc {
        id,
        title: title.to_string(),
        body_text: body.to_string(),
        category_id,
        published_at: T0 + id * DAY,
    }
}

pub fn all_docs() -> Vec<SearchDoc> {
    CORPUS.iter().map(|d| doc(d.0)).collect()
}

/// An in-memory index holding the whole corpus, committed at outbox position 1.
pub fn corpus_index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    index.upsert(&all_docs()).expect("upsert");
    index.commit(1).expect("commit");
    index
}

pub fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        ..SearchQuery::default()
    }
}

/// Ids of the hits, best first.
pub fn ids(index: &SearchIndex, query: &SearchQuery) -> Vec<i64> {
    let results = index.search(query).expect("search");
    results.hits.iter().map(|h| h.id).collect()
}

pub fn search_ids(index: &SearchIndex, text: &str) -> Vec<i64> {
    ids(index, &q(text))
}

/// Position of `id` in the hits; panics with the whole list when absent.
pub fn rank(hits: &[i64], id: i64) -> usize {
    hits.iter()
        .position(|h| *h == id)
        .unwrap_or_else(|| panic!("{id} not in {hits:?}"))
}
