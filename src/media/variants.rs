//! Resized copies of a photo for readers: the camera's orientation applied, nothing of the
//! original's metadata carried over but its colour profile, in lossy WebP and in JPEG, at each
//! configured width the photo reaches (never enlarged).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};

/// WebP quality (0–100): small files without visible blocks at photo sizes.
const WEBP_QUALITY: f32 = 78.0;
/// JPEG quality (0–100).
const JPEG_QUALITY: u8 = 82;

/// One size of a photo, in both formats.
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Lossy WebP.
    pub webp: Vec<u8>,
    /// Baseline JPEG.
    pub jpeg: Vec<u8>,
}

/// The widths a photo `width` pixels wide gets: each configured width, capped at the photo's
/// own, without repeats, widest first.
pub fn widths_for(width: u32, configured: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = configured.iter().map(|w| (*w).min(width)).collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    out
}

/// The photo's size as shown (after the camera's orientation), read without decoding it.
pub fn shown_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let (w, h) = decoder.dimensions();
    let turned = decoder.orientation().map(turns).unwrap_or(false);
    Some(if turned { (h, w) } else { (w, h) })
}

/// Whether an orientation swaps width and height.
fn turns(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// Makes the variants of the photo in `bytes`, widest first. `max_alloc` bounds the memory
/// the decoder may take (the upload was already checked against the pixel limit).
pub fn make(bytes: &[u8], widths: &[u32], max_alloc: u64) -> Result<Vec<Variant>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_alloc);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    // Not every decoder applies `max_alloc` itself: the decoded size is checked here too.
    if decoder.total_bytes() > max_alloc {
        return Err(format!(
            "decoding needs {} bytes, more than the {max_alloc} allowed",
            decoder.total_bytes()
        ));
    }
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let alpha = img.color().has_alpha();
    let mut current = if alpha {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let (w0, h0) = (current.width(), current.height());
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    let mut out = Vec::new();
    // Each size is made from the one before it: far less work than from the original each
    // time, and no visible loss at these ratios.
    for width in widths_for(w0, widths) {
        if width != current.width() {
            let height = ((h0 as u64 * width as u64 + w0 as u64 / 2) / w0 as u64).max(1) as u32;
            let mut smaller = DynamicImage::new(width, height, current.color());
            resizer
                .resize(&current, &mut smaller, &options)
                .map_err(|e| e.to_string())?;
            current = smaller;
        }
        out.push(encode(&current, icc.as_deref())?);
    }
    Ok(out)
}

/// Both files of one size, the JPEG on a second thread while the WebP is encoded (the two
/// take about as long, and a photo's copies are then ready in about half the time).
fn encode(img: &DynamicImage, icc: Option<&[u8]>) -> Result<Variant, String> {
    let (width, height) = (img.width(), img.height());
    let (webp, jpeg) = std::thread::scope(|s| {
        let jpeg = s.spawn(|| encode_jpeg(img, icc));
        let webp = encode_webp(img, icc);
        (
            webp,
            jpeg.join()
                .unwrap_or_else(|_| Err("JPEG encoder panicked".into())),
        )
    });
    Ok(Variant {
        width,
        height,
        webp: webp?,
        jpeg: jpeg?,
    })
}

/// Lossy WebP, with the colour profile when there is one.
fn encode_webp(img: &DynamicImage, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let (width, height) = (img.width(), img.height());
    let webp = match img {
        DynamicImage::ImageRgba8(p) => webp::Encoder::from_rgba(p, width, height),
        _ => webp::Encoder::from_rgb(img.as_bytes(), width, height),
    }
    .encode(WEBP_QUALITY)
    .to_vec();
    match icc {
        Some(profile) => {
            with_icc(&webp, profile, width, height).ok_or("bad WebP from encoder".into())
        }
        None => Ok(webp),
    }
}

/// Baseline JPEG, with the colour profile when there is one.
fn encode_jpeg(img: &DynamicImage, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let (width, height) = (img.width(), img.height());
    // JPEG has no transparency: transparent parts show on white, as on the page.
    let rgb = match img {
        DynamicImage::ImageRgba8(p) => on_white(p),
        _ => img.as_bytes().to_vec(),
    };
    let mut jpeg = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
    if let Some(profile) = icc {
        enc.set_icc_profile(profile.to_vec())
            .map_err(|e| e.to_string())?;
    }
    enc.write_image(&rgb, width, height, ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(jpeg)
}

/// RGBA pixels laid on white, as RGB.
fn on_white(p: &image::RgbaImage) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.len() / 4 * 3);
    for px in p.pixels() {
        let a = px[3] as u32;
        for c in &px.0[..3] {
            out.push(((*c as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

/// The WebP file `webp` with the colour profile `icc` added (libwebp's simple encoder writes
/// none): an `ICCP` chunk after a `VP8X` header whose ICC flag is set.
pub fn with_icc(webp: &[u8], icc: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    const ICC_FLAG: u8 = 0x20;
    if webp.len() < 20 || &webp[..4] != b"RIFF" || &webp[8..12] != b"WEBP" {
        return None;
    }
    let chunks = &webp[12..];
    let mut body = Vec::with_capacity(webp.len() + icc.len() + 32);
    let rest = if &chunks[..4] == b"VP8X" {
        let mut vp8x = chunks[..18].to_vec();
        vp8x[8] |= ICC_FLAG;
        body.extend_from_slice(&vp8x);
        &chunks[18..]
    } else {
        let mut payload = [0u8; 10];
        payload[0] = ICC_FLAG;
        payload[4..7].copy_from_slice(&(width - 1).to_le_bytes()[..3]);
        payload[7..10].copy_from_slice(&(height - 1).to_le_bytes()[..3]);
        push_chunk(&mut body, b"VP8X", &payload);
        chunks
    };
    push_chunk(&mut body, b"ICCP", icc);
    body.extend_from_slice(rest);
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Some(out)
}

/// Appends one RIFF chunk, padded to an even length.
fn push_chunk(out: &mut Vec<u8>, fourcc: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

#[cfg(test)]
#[path = "variants/tests.rs"]
mod tests;
