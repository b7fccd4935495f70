//! What an uploaded file is, decided by its bytes alone (never by its name or the client's
//! `Content-Type`), and whether it may be kept: allowed type, size, pixel count read from the
//! header before anything is decoded (a decompression bomb is refused here), and an ending
//! that shows the file arrived whole.

/// The kinds of file the portal keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG photo.
    Jpeg,
    /// PNG image.
    Png,
    /// GIF image.
    Gif,
    /// WebP image.
    Webp,
    /// PDF document.
    Pdf,
    /// Word document (Office Open XML).
    Docx,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// OpenDocument text.
    Odt,
}

impl Kind {
    /// The type sent to browsers.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    /// Its name in the library (`jpeg`, `pdf`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpeg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Odt => "odt",
        }
    }

    /// The kind named `name` in the library.
    pub fn from_name(name: &str) -> Option<Kind> {
        [
            Kind::Jpeg,
            Kind::Png,
            Kind::Gif,
            Kind::Webp,
            Kind::Pdf,
            Kind::Docx,
            Kind::Xlsx,
            Kind::Odt,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }

    /// The file name extension stored keys end with.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            other => other.name(),
        }
    }

    /// Photos get variants and alt text; documents are downloads.
    pub fn is_photo(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png | Kind::Gif | Kind::Webp)
    }
}

/// Upper bounds from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_bytes: u64,
    /// Most pixels (width × height) of a photo.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 50_000_000,
        }
    }
}

/// What was found in an acceptable file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probed {
    /// Its kind.
    pub kind: Kind,
    /// Width and height in pixels, for photos.
    pub size: Option<(u32, u32)>,
}

/// Why a file was refused; each has a UI string `media_refused_<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Zero bytes.
    Empty,
    /// More bytes than allowed.
    TooLarge,
    /// Not one of the kinds kept (an SVG, an HTML or PHP file whatever its name, ...).
    UnknownType,
    /// More pixels than allowed (read from the header, before decoding).
    TooManyPixels,
    /// The header cannot be read or the file ends before its end marker.
    Damaged,
}

impl Refusal {
    /// The UI string key that says why.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Empty => "media_refused_empty",
            Refusal::TooLarge => "media_refused_too_large",
            Refusal::UnknownType => "media_refused_type",
            Refusal::TooManyPixels => "media_refused_pixels",
            Refusal::Damaged => "media_refused_damaged",
        }
    }
}

/// Decides what `bytes` is and whether it may be kept under `limits`.
pub fn probe(bytes: &[u8], limits: Limits) -> Result<Probed, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Refusal::TooLarge);
    }
    let kind = kind_of(bytes).ok_or(Refusal::UnknownType)?;
    let size = if kind.is_photo() {
        let (w, h) = dimensions(kind, bytes).ok_or(Refusal::Damaged)?;
        if w == 0 || h == 0 {
            return Err(Refusal::Damaged);
        }
        if u64::from(w) * u64::from(h) > limits.max_pixels {
            return Err(Refusal::TooManyPixels);
        }
        Some((w, h))
    } else {
        None
    };
    if !ends_whole(kind, bytes) {
        return Err(Refusal::Damaged);
    }
    Ok(Probed { kind, size })
}

/// The kind, from the first bytes (and for zip-based documents, the names inside).
fn kind_of(b: &[u8]) -> Option<Kind> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some(Kind::Gif)
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some(Kind::Webp)
    } else if b.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if b.starts_with(b"PK\x03\x04") {
        zip_kind(b)
    } else {
        None
    }
}

fn u16_le(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_le(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn u16_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?).into())
}

fn u32_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A Word, Excel or OpenDocument file, told apart by the entries its central directory lists
/// (the directory always carries the names; local headers may not carry sizes).
fn zip_kind(b: &[u8]) -> Option<Kind> {
    // The end record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
    let from = b.len().saturating_sub(65_557);
    let end = b[from..].windows(4).rposition(|w| w == b"PK\x05\x06")? + from;
    let entries = u16_le(b, end + 10)?;
    let mut at = u32_le(b, end + 16)?;
    let mut names = Vec::new();
    for _ in 0..entries.min(10_000) {
        if b.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let (name_len, extra, comment) = (
            u16_le(b, at + 28)?,
            u16_le(b, at + 30)?,
            u16_le(b, at + 32)?,
        );
        names.push(b.get(at + 46..at + 46 + name_len)?);
        at += 46 + name_len + extra + comment;
    }
    let has = |n: &[u8]| names.contains(&n);
    if has(b"word/document.xml") {
        Some(Kind::Docx)
    } else if has(b"xl/workbook.xml") {
        Some(Kind::Xlsx)
    } else if has(b"mimetype")
        && b.get(30..38) == Some(b"mimetype")
        && b[38..].starts_with(b"application/vnd.oasis.opendocument.text")
    {
        Some(Kind::Odt)
    } else {
        None
    }
}

/// Width and height from the header, without decoding any pixel.
fn dimensions(kind: Kind, b: &[u8]) -> Option<(u32, u32)> {
    match kind {
        Kind::Png => (b.get(12..16)? == b"IHDR")
            .then_some(())
            .and_then(|()| Some((u32_be(b, 16)?, u32_be(b, 20)?))),
        Kind::Gif => Some((u16_le(b, 6)? as u32, u16_le(b, 8)? as u32)),
        Kind::Jpeg => jpeg_dimensions(b),
        Kind::Webp => webp_dimensions(b),
        _ => None,
    }
}

/// The frame header (SOF) of a JPEG, found by walking its markers.
fn jpeg_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = u16_be(b, at + 2)? as usize;
        let is_frame = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return Some((u16_be(b, at + 7)?, u16_be(b, at + 5)?));
        }
        if marker == 0xDA || len < 2 {
            return None; // image data before any frame header
        }
        at += 2 + len;
    }
}

/// The canvas of a WebP file: extended (VP8X), lossy (VP8) or lossless (VP8L).
fn webp_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let three = |at: usize| -> Option<u32> {
        let x = b.get(at..at + 3)?;
        Some(u32::from(x[0]) | u32::from(x[1]) << 8 | u32::from(x[2]) << 16)
    };
    match b.get(12..16)? {
        b"VP8X" => Some((three(24)? + 1, three(27)? + 1)),
        b"VP8 " => {
            (b.get(23..26)? == [0x9D, 0x01, 0x2A]).then_some(())?;
            Some((
                u16_le(b, 26)? as u32 & 0x3FFF,
                u16_le(b, 28)? as u32 & 0x3FFF,
            ))
        }
        b"VP8L" => {
            (*b.get(20)? == 0x2F).then_some(())?;
            let bits = u32_le(b, 21)? as u32;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

/// Whether the file reaches its end marker: a cut-off upload is refused, not half-shown.
fn ends_whole(kind: Kind, b: &[u8]) -> bool {
    let tail = &b[b.len().saturating_sub(1024)..];
    match kind {
        // Some cameras write a few bytes after the end-of-image marker.
        Kind::Jpeg => tail.windows(2).any(|w| w == [0xFF, 0xD9]),
        Kind::Png => b.ends_with(&[0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]),
        Kind::Gif => b.ends_with(b";"),
        Kind::Webp => u32_le(b, 4).is_some_and(|n| n + 8 <= b.len()),
        Kind::Pdf => tail.windows(5).any(|w| w == b"%%EOF"),
        // The central directory was read to its end already.
        Kind::Docx | Kind::Xlsx | Kind::Odt => true,
    }
}

#[cfg(test)]
mod tests;
