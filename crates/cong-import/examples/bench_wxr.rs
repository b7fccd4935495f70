//! Streams a WXR file through both passes of the reader and reports speed and peak memory.
//!
//! `cargo run --release -p cong-import --example bench_wxr -- FILE.xml`
//! (make FILE.xml with the `gen_wxr` example). Prints posts per second for the validating
//! pass, the reading pass and both, and the process's peak resident memory (VmHWM).

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use cong_import::wxr::{self, Options, Reader};
use cong_import::ImportItem;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn open(path: &str) -> BufReader<File> {
    BufReader::with_capacity(256 * 1024, File::open(path).expect("readable file"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).expect("usage: bench_wxr FILE.xml");
    let size = std::fs::metadata(&path)?.len() as f64 / 1e6;
    let opts = Options::default();
    let t0 = Instant::now();
    let index = match wxr::validate(open(&path), &opts) {
        Ok(index) => index,
        Err(e) => {
            // A refused file is a result too: show how much memory finding out took.
            println!(
                "validate: refused in {:.1} s, peak RSS {:.0} MB: {e}",
                t0.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
            return Ok(());
        }
    };
    let validate = t0.elapsed().as_secs_f64();
    let posts = index.articles + index.pages;
    println!(
        "validate: {posts} posts, {} attachments, {size:.0} MB in {validate:.1} s = {:.0} posts/s, peak RSS {:.0} MB",
        index.attachments(),
        posts as f64 / validate,
        peak_rss_mb()
    );
    let t1 = Instant::now();
    let (mut articles, mut comments, mut body_bytes) = (0u64, 0u64, 0usize);
    let mut reader = Reader::with_index(open(&path), opts, index);
    for item in &mut reader {
        match item? {
            ImportItem::Article(a) => {
                articles += 1;
                body_bytes += a.body_html.len();
            }
            ImportItem::Comment(_) => comments += 1,
            _ => {}
        }
    }
    let read = t1.elapsed().as_secs_f64();
    println!(
        "read: {articles} articles ({:.0} MB of clean HTML), {comments} comments in {read:.1} s = {:.0} posts/s, peak RSS {:.0} MB",
        body_bytes as f64 / 1e6,
        articles as f64 / read,
        peak_rss_mb()
    );
    println!(
        "both passes: {:.1} s = {:.0} posts/s; peak RSS {:.0} MB",
        validate + read,
        articles as f64 / (validate + read),
        peak_rss_mb()
    );
    Ok(())
}
