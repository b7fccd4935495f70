//! Sample photos drawn in code, so the sample portal ships no downloaded pictures.
//!
//! Each scene is a few dozen flat shapes painted on a canvas twice the output
//! size and then filtered down, which smooths the edges without needing an
//! anti-aliasing rasteriser. Nothing is random, so the bytes are reproducible.

mod canvas;
mod indoor;
mod outdoor;

use canvas::*;
use image::codecs::jpeg::JpegEncoder;
use indoor::*;
use outdoor::*;

/// Keys of the pictures this module can draw.
pub const PHOTO_KEYS: &[&str] = &[
    "hoi-nghi",
    "benh-vien",
    "tiem-chung",
    "phong-kham",
    "xe-cuu-thuong",
    "lang-que",
    "tap-huan",
    "an-toan-thuc-pham",
    "hien-mau",
    "kiem-tra",
];

/// Width and height of every drawn photo, in pixels.
pub const PHOTO_SIZE: (u32, u32) = (960, 540);

/// Draws the picture named `key` and encodes it as JPEG (quality ~82); None for an unknown key.
pub fn draw_jpeg(key: &str) -> Option<Vec<u8>> {
    let scene: fn(&mut Canvas) = match key {
        "hoi-nghi" => hoi_nghi,
        "benh-vien" => benh_vien,
        "tiem-chung" => tiem_chung,
        "phong-kham" => phong_kham,
        "xe-cuu-thuong" => xe_cuu_thuong,
        "lang-que" => lang_que,
        "tap-huan" => tap_huan,
        "an-toan-thuc-pham" => an_toan_thuc_pham,
        "hien-mau" => hien_mau,
        "kiem-tra" => kiem_tra,
        _ => return None,
    };
    let mut canvas = Canvas::new();
    scene(&mut canvas);
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 82);
    encoder.encode_image(&canvas.finish()).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_decodes_to_a_full_size_picture() {
        for key in PHOTO_KEYS {
            let jpeg = draw_jpeg(key).unwrap_or_else(|| panic!("{key} is not drawn"));
            let img = image::load_from_memory(&jpeg)
                .expect("valid JPEG")
                .to_rgb8();
            assert_eq!(img.dimensions(), PHOTO_SIZE, "{key}");
            // Coarse colour buckets, so JPEG noise on a flat picture cannot pass.
            let sample = img.pixels().step_by(7);
            let buckets: HashSet<[u8; 3]> = sample.map(|p| p.0.map(|v| v / 32)).collect();
            assert!(buckets.len() > 12, "{key} looks flat: {}", buckets.len());
        }
    }

    #[test]
    fn unknown_key_gives_none() {
        assert!(draw_jpeg("khong-co").is_none());
        assert!(draw_jpeg("").is_none());
    }

    #[test]
    fn different_keys_give_different_pictures() {
        let a = draw_jpeg("hoi-nghi").unwrap();
        assert_ne!(a, draw_jpeg("benh-vien").unwrap());
        assert_eq!(a, draw_jpeg("hoi-nghi").unwrap(), "deterministic");
    }
}
