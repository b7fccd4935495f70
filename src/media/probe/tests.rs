//! Uploads of every kind, good, hostile and broken.
use super::*;

fn encoded(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A zip of empty stored files (and `mimetype` with its content), as office suites write.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let head = |sig: &[u8], central_entry: bool| {
            let mut h = sig.to_vec();
            if central_entry {
                h.extend([20, 0]); // made by
            }
            h.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date
            h.extend(0_u32.to_le_bytes()); // crc (not checked here)
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend([0, 0]); // extra
            if central_entry {
                h.extend([0; 6]); // comment, disk, internal attributes
                h.extend([0; 4]); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(head(b"PK\x03\x04", false));
        out.extend(*data);
        central.extend(head(b"PK\x01\x02", true));
    }
    let at = out.len() as u32;
    let size = central.len() as u32;
    out.extend(central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend([0, 0]);
    out
}

#[test]
fn photos_are_known_by_their_bytes_with_their_size() {
    let ok = Limits::default();
    let png = encoded(image::ImageFormat::Png, 3, 2);
    assert_eq!(
        probe(&png, ok),
        Ok(Probed {
            kind: Kind::Png,
            size: Some((3, 2))
        })
    );
    let jpeg = encoded(image::ImageFormat::Jpeg, 33, 17);
    assert_eq!(probe(&jpeg, ok).unwrap().size, Some((33, 17)));
    let gif = b"GIF89a\x05\x00\x04\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    assert_eq!(
        probe(gif, ok).unwrap(),
        Probed {
            kind: Kind::Gif,
            size: Some((5, 4))
        }
    );
    let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x3f\x01\0\xef\0\0".to_vec();
    let n = (webp.len() - 8) as u32;
    webp[4..8].copy_from_slice(&n.to_le_bytes());
    assert_eq!(
        probe(&webp, ok).unwrap(),
        Probed {
            kind: Kind::Webp,
            size: Some((320, 240))
        }
    );
}

#[test]
fn documents_are_known_by_their_bytes() {
    let ok = Limits::default();
    assert_eq!(
        probe(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", ok)
            .unwrap()
            .kind,
        Kind::Pdf
    );
    let docx = zip(&[("[Content_Types].xml", b""), ("word/document.xml", b"")]);
    assert_eq!(probe(&docx, ok).unwrap().kind, Kind::Docx);
    let xlsx = zip(&[("[Content_Types].xml", b""), ("xl/workbook.xml", b"")]);
    assert_eq!(probe(&xlsx, ok).unwrap().kind, Kind::Xlsx);
    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b""),
    ]);
    assert_eq!(probe(&odt, ok).unwrap().kind, Kind::Odt);
    // Any other zip (a JAR, an APK, a zip bomb's wrapper) is no document of ours.
    assert_eq!(
        probe(&zip(&[("a.txt", b"x")]), ok),
        Err(Refusal::UnknownType)
    );
}

#[test]
fn hostile_and_broken_files_are_refused_before_decoding() {
    let ok = Limits::default();
    assert_eq!(probe(b"", ok), Err(Refusal::Empty));
    for disguised in [
        &b"<?php system($_GET['c']); ?>"[..],
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        b"<!DOCTYPE html><script>alert(1)</script>",
        b"MZ\x90\x00",
    ] {
        assert_eq!(probe(disguised, ok), Err(Refusal::UnknownType));
    }
    // A 50,000 × 50,000 PNG header: refused from the header, nothing decoded.
    let mut bomb = encoded(image::ImageFormat::Png, 1, 1);
    bomb[16..20].copy_from_slice(&50_000_u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&50_000_u32.to_be_bytes());
    assert_eq!(probe(&bomb, ok), Err(Refusal::TooManyPixels));
    // Cut off in transfer.
    let jpeg = encoded(image::ImageFormat::Jpeg, 40, 30);
    assert_eq!(probe(&jpeg[..jpeg.len() / 2], ok), Err(Refusal::Damaged));
    let png = encoded(image::ImageFormat::Png, 4, 4);
    assert_eq!(probe(&png[..png.len() - 3], ok), Err(Refusal::Damaged));
    assert_eq!(probe(b"%PDF-1.7\n1 0 obj\n", ok), Err(Refusal::Damaged));
    assert_eq!(probe(&png[..20], ok), Err(Refusal::Damaged));
    // Over the configured size.
    let small = Limits {
        max_bytes: 100,
        ..ok
    };
    assert_eq!(
        probe(&png, small).map(|_| ()),
        if png.len() > 100 {
            Err(Refusal::TooLarge)
        } else {
            Ok(())
        }
    );
    assert_eq!(probe(&[0xFF; 101], small), Err(Refusal::TooLarge));
}

#[test]
fn every_cut_of_a_good_file_is_answered_without_a_panic() {
    let files = [
        encoded(image::ImageFormat::Jpeg, 9, 9),
        encoded(image::ImageFormat::Png, 9, 9),
        zip(&[("word/document.xml", b"<w/>")]),
    ];
    for f in &files {
        for cut in 0..f.len() {
            let _ = probe(&f[..cut], Limits::default());
            let mut flipped = f.clone();
            flipped[cut] ^= 0xFF;
            let _ = probe(&flipped, Limits::default());
        }
    }
}

#[test]
fn every_refusal_is_said_in_vietnamese() {
    let vi: toml::Table = include_str!("../../../themes/default/locales/vi.toml")
        .parse()
        .unwrap();
    for r in [
        Refusal::Empty,
        Refusal::TooLarge,
        Refusal::UnknownType,
        Refusal::TooManyPixels,
        Refusal::Damaged,
    ] {
        assert!(vi.contains_key(r.key()), "{}", r.key());
    }
}
