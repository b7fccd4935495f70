//! Streams a NukeViet dump through both passes and reports speed and peak memory.
//!
//! `cargo run --release -p cong-import --example bench_nukeviet -- DUMP.sql`

use std::time::Instant;

use cong_import::nukeviet::{self, Options, Reader};
use cong_import::ImportItem;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .expect("usage: bench_nukeviet DUMP.sql");
    let size = std::fs::metadata(&path)?.len() as f64 / 1e6;
    let t0 = Instant::now();
    let index = match nukeviet::scan(std::fs::File::open(&path)?, &Options::default()) {
        Ok(index) => index,
        Err(e) => {
            // A refused dump is a result too: show how much memory finding out took.
            println!(
                "scan: refused in {:.1} s, peak RSS {:.0} MB: {e}",
                t0.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
            return Ok(());
        }
    };
    let scan = t0.elapsed().as_secs_f64();
    println!(
        "scan: {} articles, {size:.0} MB in {scan:.1} s, peak RSS {:.0} MB",
        index.articles,
        peak_rss_mb()
    );
    let t1 = Instant::now();
    let mut articles = 0u64;
    for item in Reader::open(std::path::Path::new(&path), index)? {
        if let ImportItem::Article(_) = item? {
            articles += 1;
        }
    }
    let read = t1.elapsed().as_secs_f64();
    println!(
        "read: {articles} articles in {read:.1} s; both passes {:.0} articles/s, peak RSS {:.0} MB",
        articles as f64 / (scan + read),
        peak_rss_mb()
    );
    Ok(())
}
