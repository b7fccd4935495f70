//! Writes test photos for the media benchmark (`bench/media.sh`): JPEGs with the detail of a
//! real photo (smooth light, fine texture), each different, so none compresses to nothing and
//! no two are the same upload.
//!
//!   cargo run --release --example photo -- WIDTH HEIGHT COUNT OUT_PREFIX
//!
//! writes OUT_PREFIX-1.jpg … OUT_PREFIX-COUNT.jpg.

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, w, h, n, prefix] = &args[..] else {
        eprintln!("usage: photo WIDTH HEIGHT COUNT OUT_PREFIX");
        std::process::exit(2);
    };
    let (w, h, n): (u32, u32, u32) = (w.parse().unwrap(), h.parse().unwrap(), n.parse().unwrap());
    for i in 1..=n {
        // A small xorshift generator: texture that differs from photo to photo.
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let img = RgbImage::from_fn(w, h, |x, y| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let grain = (state % 24) as i32 - 12;
            let sky = (x * 180 / w) as i32;
            let ground = (y * 200 / h) as i32;
            let c = |v: i32| (v + grain).clamp(0, 255) as u8;
            image::Rgb([
                c(40 + sky / 2 + (i % 50) as i32),
                c(60 + ground / 2),
                c(200 - ground / 2),
            ])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 88)
            .write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
            .unwrap();
        std::fs::write(format!("{prefix}-{i}.jpg"), out).unwrap();
    }
}
