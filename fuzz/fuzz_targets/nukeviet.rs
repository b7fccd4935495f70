//! The NukeViet importer over arbitrary bytes: the scan, then (when it accepts) the reader on
//! a file, as `cong import nukeviet` opens it, every item pulled. A dump the scan accepts must
//! be read to the end without an error, so an import never stops half-written.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cong_import::nukeviet::{self, Options, Reader};
use libfuzzer_sys::fuzz_target;

/// One scratch file per fuzzing process, rewritten for each input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("cong-fuzz-nukeviet-{}.sql", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let opts = Options::default();
    let index = match nukeviet::scan(data, &opts) {
        Ok(index) => index,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let path = scratch();
    std::fs::write(path, data).expect("the scratch file is writable");
    let mut reader = Reader::open(path, index).expect("the scratch file opens");
    for item in &mut reader {
        if let Err(e) = item {
            panic!("scanned, then refused while reading: {e}");
        }
    }
    let _ = reader.into_report().to_string();
});
