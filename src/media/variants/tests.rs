use super::*;
use image::{ImageDecoder, RgbImage};

/// A JPEG `w`×`h` with a colour profile. (Orientation and EXIF stripping are tested end to
/// end, through an upload, in `tests/http/media.rs`.)
fn profiled_jpeg(w: u32, h: u32, icc: &[u8]) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_icc_profile(icc.to_vec()).unwrap();
    enc.write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn widths_are_capped_at_the_photo_and_never_repeat() {
    assert_eq!(
        widths_for(4000, &[320, 640, 1024, 1600]),
        [1600, 1024, 640, 320]
    );
    assert_eq!(widths_for(800, &[320, 640, 1024, 1600]), [800, 640, 320]);
    assert_eq!(widths_for(200, &[320, 640]), [200]);
}

#[test]
fn variants_keep_the_colour_profile_and_the_proportions() {
    let icc = b"not a real profile, but carried byte for byte".repeat(5);
    let photo = profiled_jpeg(120, 80, &icc);
    assert_eq!(shown_size(&photo), Some((120, 80)));
    let made = make(&photo, &[40, 64, 1000], 1 << 30).unwrap();
    let sizes: Vec<(u32, u32)> = made.iter().map(|v| (v.width, v.height)).collect();
    // 1000 is capped at the photo's own 120.
    assert_eq!(sizes, [(120, 80), (64, 43), (40, 27)]);
    for v in &made {
        let mut jpeg = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&v.jpeg)).unwrap();
        assert_eq!(jpeg.dimensions(), (v.width, v.height));
        assert_eq!(jpeg.icc_profile().unwrap().as_deref(), Some(&icc[..]));
        let mut webp = image::codecs::webp::WebPDecoder::new(Cursor::new(&v.webp)).unwrap();
        assert_eq!(webp.dimensions(), (v.width, v.height));
        assert_eq!(webp.icc_profile().unwrap().as_deref(), Some(&icc[..]));
        // Lossy, not lossless: a photo's WebP is no larger than its JPEG here.
        assert!(contains(&v.webp, b"VP8 "), "WebP is not lossy");
    }
}

#[test]
fn transparency_is_kept_in_webp_and_laid_on_white_in_jpeg() {
    let img = image::RgbaImage::from_fn(50, 30, |x, _| image::Rgba([0, 0, 0, (x * 5) as u8]));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(img.as_raw(), 50, 30, ExtendedColorType::Rgba8)
        .unwrap();
    let made = make(&png, &[50], 1 << 30).unwrap();
    let webp = image::load_from_memory(&made[0].webp).unwrap();
    assert!(webp.color().has_alpha());
    let jpeg = image::load_from_memory(&made[0].jpeg).unwrap().into_rgb8();
    // The fully transparent left edge is white in the JPEG.
    assert!(jpeg.get_pixel(0, 15).0.iter().all(|c| *c > 240));
}

#[test]
fn a_decoder_over_its_memory_bound_stops() {
    let photo = profiled_jpeg(400, 300, b"p");
    assert!(make(&photo, &[100], 10_000).is_err());
}

#[test]
fn a_profile_goes_into_a_webp_with_or_without_an_extended_header() {
    let simple = webp::Encoder::from_rgb(&[200u8; 4 * 4 * 3], 4, 4)
        .encode(80.0)
        .to_vec();
    let with = with_icc(&simple, b"abc", 4, 4).unwrap();
    let mut d = image::codecs::webp::WebPDecoder::new(Cursor::new(&with)).unwrap();
    assert_eq!(d.icc_profile().unwrap().as_deref(), Some(&b"abc"[..]));
    assert_eq!(
        u32::from_le_bytes(with[4..8].try_into().unwrap()) as usize,
        with.len() - 8
    );
    assert!(with_icc(b"RIFF\0\0\0\0WEBX....", b"abc", 4, 4).is_none());
}
