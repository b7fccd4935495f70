//! The WordPress importer over arbitrary bytes: the validating pass, then (when it accepts)
//! the reading pass with its index, every item pulled. Besides "no panic, no hang, bounded
//! memory", it checks the promise the two passes make together: a file the validating pass
//! accepts is read to the end without an error, so an import never stops half-written.
#![no_main]

use cong_import::wxr::{self, Options, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options::default();
    let index = match wxr::validate(data, &opts) {
        Ok(index) => index,
        Err(e) => {
            // A refusal names a place; and the reading pass on its own refuses it as well
            // (or at least never panics on it).
            let _ = e.to_string();
            for item in Reader::new(data, opts) {
                if item.is_err() {
                    break;
                }
            }
            return;
        }
    };
    let scheme = index.legacy_scheme().clone();
    let mut reader = Reader::with_index(data, opts, index);
    for item in &mut reader {
        if let Err(e) = item {
            panic!("validated, then refused while reading: {e}");
        }
    }
    assert_eq!(
        reader.legacy_scheme(),
        &scheme,
        "both passes see one URL scheme"
    );
    let _ = reader.into_report().to_string();
});
