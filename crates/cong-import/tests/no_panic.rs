//! Damaged input (cut anywhere, a byte changed anywhere, or noise) is refused or read, never a
//! panic: the readers face files from unknown sites.

mod common;

use std::io::Cursor;

use cong_import::{nukeviet, wxr};
use proptest::prelude::*;

fn damage(base: &[u8], cut: usize, at: usize, byte: u8) -> Vec<u8> {
    let mut b = base[..cut % (base.len() + 1)].to_vec();
    if !b.is_empty() {
        let i = at % b.len();
        b[i] = byte;
    }
    b
}

fn read_wxr(bytes: &[u8]) {
    let opts = wxr::Options::default();
    let index = wxr::validate(bytes, &opts);
    let reader = match index {
        Ok(ix) => wxr::Reader::with_index(bytes, opts, ix),
        Err(_) => wxr::Reader::new(bytes, opts),
    };
    for item in reader {
        if item.is_err() {
            break;
        }
    }
}

fn read_sql(bytes: &[u8]) {
    if let Ok(ix) = nukeviet::scan(bytes, &nukeviet::Options::default()) {
        for item in nukeviet::Reader::new(Cursor::new(bytes), Cursor::new(bytes), ix) {
            if item.is_err() {
                break;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn damaged_wxr(cut in any::<usize>(), at in any::<usize>(), byte in any::<u8>()) {
        let base = std::fs::read(common::path("importer-small-export.xml")).unwrap();
        read_wxr(&damage(&base, cut, at, byte));
    }

    #[test]
    fn noise(bytes in proptest::collection::vec(any::<u8>(), 0..512), text in "(?s)[<>'\"`;()/*#\\\\a-z!\\[\\] \n-]{0,300}") {
        read_wxr(&bytes);
        read_sql(&bytes);
        read_wxr(text.as_bytes());
        read_sql(text.as_bytes());
    }
}

proptest! {
    // A whole dump per case: fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn damaged_sql(cut in any::<usize>(), at in any::<usize>(), byte in any::<u8>()) {
        let base = std::fs::read(common::data("nukeviet", "nukeviet-egov-sample-data.sql")).unwrap();
        read_sql(&damage(&base, cut, at, byte));
    }
}
