//! The media library over HTTP, on every backend: upload, variants, serving (ETag, 304,
//! Range), search and filters, alt text, caption and credit, who may change what, "in use"
//! protection on delete; and every bad upload refused with nothing stored.

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

use crate::admin::{add_user, PASSWORD};
use crate::common::*;

/// A camera's JPEG, `w`×`h` as stored, whose EXIF says "turn 90° clockwise to show" and
/// carries the camera's serial number and a place.
pub fn camera_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 250) as u8, (y % 250) as u8, 120])
    });
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
        .unwrap();
    let text = b"CAMERA-SERIAL-4417 GPS 22.8233N 104.9836E\0";
    // TIFF, little-endian, one IFD: Orientation = 6, ImageDescription = text (at offset 38).
    let mut tiff = b"II*\0\x08\0\0\0\x02\0".to_vec();
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x0E, 0x01, 2, 0]);
    tiff.extend_from_slice(&(text.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(text);
    let segment_len = (2 + 6 + tiff.len()) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&segment_len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&plain[2..]);
    out
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A browser logged in as `name`, with its CSRF token.
pub async fn signed_in<'a>(t: &'a TestApp, name: &str) -> (Browser<'a>, String) {
    let mut b = Browser::new(t);
    b.log_in(name, PASSWORD).await.assert_status(303);
    let csrf = b.csrf().await;
    (b, csrf)
}

/// Uploads `bytes` as `name` through the library's form.
pub async fn upload(b: &mut Browser<'_>, csrf: &str, name: &str, bytes: &[u8]) -> TestResponse {
    b.post_multipart(
        "/admin/tep",
        &[("csrf", None, csrf.as_bytes()), ("file", Some(name), bytes)],
        &[],
    )
    .await
}

/// The library id in a redirect to `/admin/tep/<id>?…`.
fn entry_id(r: &TestResponse) -> i64 {
    r.header("location")
        .trim_start_matches("/admin/tep/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// How many entries the library has, and how many files storage holds.
pub async fn counts(t: &TestApp) -> (i64, usize) {
    let (_, total) = t
        .app
        .store
        .media_list(&Default::default(), 1, 0)
        .await
        .unwrap();
    let s = &t.app.media.storage;
    let files = s.list("up").await.unwrap().len() + s.list("goc").await.unwrap().len();
    (total, files)
}

#[tokio::test]
async fn a_photo_is_uploaded_resized_served_described_and_deleted_when_unused() {
    for t in TestApp::each_backend(|_| {}).await {
        photo_flow(&t).await;
        t.cleanup().await;
    }
}

/// The whole life of a photo in the library, on whatever storage `t` has.
pub async fn photo_flow(t: &TestApp) {
    add_user(t, "tacgia", "Nguyễn Thu Hà", "author").await;
    add_user(t, "tacgia2", "Trần Văn Bình", "author").await;
    add_user(t, "bientap", "Lê Thị Mai", "editor").await;
    let (mut author, csrf) = signed_in(t, "tacgia").await;
    let photo = camera_jpeg(1200, 700);
    let r = upload(
        &mut author,
        &csrf,
        "Hội nghị tổng kết ngành y tế.jpg",
        &photo,
    )
    .await;
    r.assert_status(303);
    assert!(r.header("location").ends_with("?da-tai=1"));
    let id = entry_id(&r);
    let item = t.app.store.media_item(id).await.unwrap().unwrap();
    assert_eq!(item.original_name, "Hội nghị tổng kết ngành y tế.jpg");
    assert!(
        item.key.ends_with("-hoi-nghi-tong-ket-nganh-y-te.jpg"),
        "{}",
        item.key
    );
    assert!(item.key.is_ascii());
    // Shown upright: the camera said to turn it.
    assert_eq!((item.width, item.height), (700, 1200));
    assert_eq!(item.variants, "pending");

    // The job makes the sizes (700 caps the 1024 and 1600).
    cong::media::job::process_pending(&t.app).await.unwrap();
    let item = t.app.store.media_item(id).await.unwrap().unwrap();
    assert_eq!(item.variant_error, "");
    assert_eq!(
        (item.variants.as_str(), item.variant_widths.as_str()),
        ("ready", "320,640,700")
    );
    let stem = item.key.trim_end_matches(".jpg");
    let jpg = format!("/media/up/{stem}-700.jpg");
    let served = t.get(&jpg).await;
    served.assert_status(200);
    assert_eq!(served.header("content-type"), "image/jpeg");
    assert_eq!(
        served.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(served.header("x-content-type-options"), "nosniff");
    let etag = served.header("etag").to_string();
    assert!(!etag.is_empty());
    let bytes = t
        .app
        .media
        .storage
        .read(&format!("up/{stem}-700.jpg"))
        .await
        .unwrap();
    assert!(
        !has(&bytes, b"CAMERA-SERIAL"),
        "the serial number reached readers"
    );
    assert!(!has(&bytes, b"Exif"), "EXIF reached readers");
    let shown = image::load_from_memory(&bytes).unwrap();
    assert_eq!((shown.width(), shown.height()), (700, 1200));
    let webp = t
        .app
        .media
        .storage
        .read(&format!("up/{stem}-320.webp"))
        .await
        .unwrap();
    assert_eq!(&webp[8..12], b"WEBP");
    // 304 for the same ETag; a range is a range.
    let again = t
        .send(
            axum::http::Request::get(&jpg)
                .header("if-none-match", &etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    again.assert_status(304);
    let part = t
        .send(
            axum::http::Request::get(&jpg)
                .header("range", "bytes=0-9")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    part.assert_status(206);
    assert_eq!(
        part.header("content-range"),
        format!("bytes 0-9/{}", bytes.len())
    );
    // The original, with its EXIF, is for staff only.
    t.get(&format!("/media/goc/{}", item.key))
        .await
        .assert_status(404);
    let original = author.get(&format!("/admin/tep/{id}/goc")).await;
    original.assert_status(200);
    assert_eq!(original.header("cache-control"), "no-store");
    Browser::new(t)
        .get(&format!("/admin/tep/{id}/goc"))
        .await
        .assert_status(303);

    // The same bytes again: the same entry, nothing new stored.
    let (_, files_before) = counts(t).await;
    let r = upload(&mut author, &csrf, "ban-sao.jpg", &photo).await;
    assert_eq!(r.header("location"), format!("/admin/tep/{id}?da-co=1"));
    assert_eq!(counts(t).await, (1, files_before));

    // Alt text, caption, credit: the uploader may, another author may not.
    let edit = format!("/admin/tep/{id}");
    let text = [
        ("csrf", csrf.as_str()),
        ("alt", "Lãnh đạo Sở phát biểu tại hội nghị"),
        ("caption", "Hội nghị tổng kết năm"),
        ("credit", "Ảnh: Phòng Truyền thông"),
    ];
    author.post(&edit, &text, None).await.assert_status(303);
    let (mut other, ocsrf) = signed_in(t, "tacgia2").await;
    let mut theirs = text;
    theirs[0].1 = &ocsrf;
    theirs[1].1 = "đổi";
    other.post(&edit, &theirs, None).await.assert_status(403);
    let long = "ả".repeat(301);
    let r = author
        .post(&edit, &[("csrf", &csrf), ("alt", &long)], None)
        .await;
    r.assert_status(422);
    assert!(r.body.contains("tối đa 300 ký tự"));
    let item = t.app.store.media_item(id).await.unwrap().unwrap();
    assert_eq!(item.alt, "Lãnh đạo Sở phát biểu tại hội nghị");
    assert_eq!(item.credit, "Ảnh: Phòng Truyền thông");

    // Found by a word of its caption without marks; not by another word or type.
    let list = author.get("/admin/tep?tu-khoa=tong+ket").await;
    assert_eq!(list.count(".media-grid__item"), 1);
    assert_eq!(
        author
            .get("/admin/tep?tu-khoa=vac-xin")
            .await
            .count(".media-grid__item"),
        0
    );
    assert_eq!(
        author
            .get("/admin/tep?loai=tai-lieu")
            .await
            .count(".media-grid__item"),
        0
    );
    assert_eq!(
        author
            .get("/admin/tep?loai=anh")
            .await
            .count(".media-grid__item"),
        1
    );
    let picked: serde_json::Value =
        serde_json::from_str(&author.get("/admin/tep/chon?tu-khoa=hoi+nghi").await.body).unwrap();
    let html = picked["items"][0]["html"].as_str().unwrap().to_string();
    assert!(
        html.contains("srcset=") && html.contains("-320.webp 320w"),
        "{html}"
    );
    assert!(html.contains("alt=\"Lãnh đạo Sở phát biểu tại hội nghị\""));
    assert!(html.contains("<span class=\"credit\">Ảnh: Phòng Truyền thông</span>"));
    // A lead photo is shown from a copy no wider than 1024 pixels (here the photo's 700).
    let lead = picked["items"][0]["lead"].as_str().unwrap();
    assert_eq!(lead, format!("/media/up/{stem}-700.jpg"));

    // An article shows it: it cannot be deleted, and the page says where it is used.
    let (mut editor, ecsrf) = signed_in(t, "bientap").await;
    let cat = t.app.store.all_categories().await.unwrap()[0]
        .id
        .to_string();
    let body = format!("<p>Toàn cảnh hội nghị.</p>{html}");
    let r = editor
        .post(
            "/admin/bai-viet",
            &[
                ("csrf", &ecsrf),
                ("title", "Ngành y tế tổng kết năm"),
                ("body", &body),
                ("category", &cat),
            ],
            None,
        )
        .await;
    r.assert_status(303);
    let article = r.header("location").to_string();
    let kept = t
        .app
        .store
        .newsroom_article(
            article
                .trim_start_matches("/admin/bai-viet/")
                .split('?')
                .next()
                .unwrap()
                .parse()
                .unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(
        kept.fields.body_html.contains("srcset="),
        "{}",
        kept.fields.body_html
    );
    let page = editor.get(&edit).await;
    assert!(page
        .texts(".media-uses a")
        .contains(&"Ngành y tế tổng kết năm".to_string()));
    let r = editor
        .post(&format!("{edit}/xoa"), &[("csrf", &ecsrf)], None)
        .await;
    r.assert_status(409);
    assert!(r.body.contains("đang được bài viết dùng"));
    assert_eq!(counts(t).await.0, 1);

    // Once the article no longer shows it, it goes, files and all.
    let rev = kept.revision.to_string();
    editor
        .post(
            &article,
            &[
                ("csrf", &ecsrf),
                ("revision", &rev),
                ("title", "Ngành y tế tổng kết năm"),
                ("body", "<p>Toàn cảnh hội nghị.</p>"),
                ("category", &cat),
            ],
            None,
        )
        .await
        .assert_status(303);
    other
        .post(&format!("{edit}/xoa"), &[("csrf", &ocsrf)], None)
        .await
        .assert_status(403);
    let r = editor
        .post(&format!("{edit}/xoa"), &[("csrf", &ecsrf)], None)
        .await;
    assert_eq!(r.header("location"), "/admin/tep?da-xoa=1");
    assert_eq!(counts(t).await, (0, 0));
    t.get(&jpg).await.assert_status(404);
}

#[tokio::test]
async fn documents_are_downloads_under_their_vietnamese_names() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
        let (mut author, csrf) = signed_in(&t, "tacgia").await;
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let r = upload(
            &mut author,
            &csrf,
            "Kế hoạch phòng chống sốt xuất huyết.pdf",
            pdf,
        )
        .await;
        r.assert_status(303);
        let item = t.app.store.media_item(entry_id(&r)).await.unwrap().unwrap();
        assert_eq!(
            (item.kind.as_str(), item.variants.as_str()),
            ("pdf", "ready")
        );
        let served = t.get(&format!("/media/up/{}", item.key)).await;
        served.assert_status(200);
        assert_eq!(served.header("content-type"), "application/pdf");
        assert_eq!(served.body.as_bytes(), pdf);
        assert_eq!(
            served.header("content-disposition"),
            format!(
                "inline; filename=\"{}\"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20\
                 ph%C3%B2ng%20ch%E1%BB%91ng%20s%E1%BB%91t%20xu%E1%BA%A5t%20huy%E1%BA%BFt.pdf",
                item.key
            )
        );
        assert_eq!(counts(&t).await, (1, 1));
        t.cleanup().await;
    }
}

/// A PNG header claiming `w`×`h` pixels, with a little compressed data after it.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[0u8; 3 * 4 * 4], 4, 4, ExtendedColorType::Rgb8)
        .unwrap();
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    png
}

#[tokio::test]
async fn bad_uploads_get_a_clear_message_and_nothing_is_stored() {
    for t in TestApp::each_backend(|c| c.media.max_mb = 1).await {
        add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
        let (mut author, csrf) = signed_in(&t, "tacgia").await;
        let jpeg = camera_jpeg(40, 30);
        let mut truncated = camera_jpeg(400, 300);
        truncated.truncate(truncated.len() / 2);
        let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
            (
                "anh.jpg",
                b"<?php system($_GET['c']); ?>".to_vec(),
                422,
                "theo nội dung",
            ),
            (
                "anh.jpg",
                b"<!doctype html><script>alert(1)</script>".to_vec(),
                422,
                "theo nội dung",
            ),
            (
                "logo.svg",
                br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec(),
                422,
                "theo nội dung",
            ),
            ("bom.png", png_claiming(50_000, 50_000), 422, "megapixel"),
            ("bom2.png", png_claiming(8_000, 7_000), 422, "megapixel"),
            ("hong.jpg", truncated, 422, "bị hỏng"),
            ("trong.jpg", Vec::new(), 422, "0 byte"),
            (
                "lon.jpg",
                vec![0xFF; 1024 * 1024 + 10],
                413,
                "lớn hơn mức cho phép",
            ),
            ("../../etc/passwd", jpeg.clone(), 422, "đường dẫn thư mục"),
            (
                &*Box::leak("ả".repeat(300).into_boxed_str()),
                jpeg.clone(),
                422,
                "dài quá 200",
            ),
        ];
        for (name, bytes, status, says) in cases {
            let r = upload(&mut author, &csrf, name, &bytes).await;
            assert_eq!(r.status.as_u16(), status, "{name}: {}", r.body);
            let message = r.texts(".form-message--error").join(" ");
            assert!(message.contains(says), "{name}: {message}");
            // The editor gets the same message as JSON.
            let r = author
                .post_multipart(
                    "/admin/tep",
                    &[
                        ("csrf", None, csrf.as_bytes()),
                        ("file", Some(name), &bytes),
                    ],
                    &[("accept", "application/json")],
                )
                .await;
            assert_eq!(r.status.as_u16(), status);
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert!(v["error"].as_str().unwrap().contains(says));
        }
        assert_eq!(counts(&t).await, (0, 0));

        // 2 GB announced: refused before a byte of it is read.
        let r = author
            .post_multipart(
                "/admin/tep",
                &[
                    ("csrf", None, csrf.as_bytes()),
                    ("file", Some("a.jpg"), &jpeg),
                ],
                &[("content-length", "2147483648")],
            )
            .await;
        r.assert_status(413);
        // Without the token, or without a session: refused, nothing kept.
        let r = author
            .post_multipart("/admin/tep", &[("file", Some("a.jpg"), &jpeg)], &[])
            .await;
        r.assert_status(403);
        let r = author
            .post_multipart(
                "/admin/tep",
                &[("csrf", None, b"sai"), ("file", Some("a.jpg"), &jpeg)],
                &[],
            )
            .await;
        r.assert_status(403);
        let mut stranger = Browser::new(&t);
        let r = stranger
            .post_multipart(
                "/admin/tep",
                &[
                    ("csrf", None, csrf.as_bytes()),
                    ("file", Some("a.jpg"), &jpeg),
                ],
                &[],
            )
            .await;
        r.assert_status(303);
        assert_eq!(counts(&t).await, (0, 0));
        // The token in a header serves too (the editor's uploads).
        let r = author
            .post_multipart(
                "/admin/tep",
                &[("file", Some("a.jpg"), &jpeg)],
                &[("x-csrf-token", &csrf), ("accept", "application/json")],
            )
            .await;
        r.assert_status(201);
        assert_eq!(counts(&t).await, (1, 1));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn storage_that_does_not_answer_fails_the_upload_cleanly() {
    let t = TestApp::with(|c| {
        c.media.storage = "s3".into();
        c.media.s3.endpoint = "http://127.0.0.1:9".into();
        c.media.s3.bucket = "media".into();
        c.media.s3.access_key = "a".into();
        c.media.s3.secret_key = "b".into();
    })
    .await;
    add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
    let (mut author, csrf) = signed_in(&t, "tacgia").await;
    let r = upload(&mut author, &csrf, "anh.jpg", &camera_jpeg(40, 30)).await;
    r.assert_status(503);
    assert!(r
        .texts(".form-message--error")
        .join(" ")
        .contains("Kho lưu tệp đang không trả lời"));
    // Storage cannot be listed here; the library itself holds nothing.
    assert!(t.app.store.all_media().await.unwrap().is_empty());
    t.cleanup().await;
}

#[tokio::test]
async fn every_library_route_checks_the_session_and_the_token() {
    let t = TestApp::new().await;
    add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
    let (mut author, csrf) = signed_in(&t, "tacgia").await;
    let r = upload(&mut author, &csrf, "anh.jpg", &camera_jpeg(40, 30)).await;
    let id = entry_id(&r);
    let mut stranger = Browser::new(&t);
    for path in [
        "/admin/tep".to_string(),
        "/admin/tep/chon".to_string(),
        format!("/admin/tep/{id}"),
        format!("/admin/tep/{id}/goc"),
    ] {
        let r = stranger.get(&path).await;
        r.assert_status(303);
        assert_eq!(r.header("location"), "/admin/login", "{path}");
    }
    for path in [format!("/admin/tep/{id}"), format!("/admin/tep/{id}/xoa")] {
        stranger.post(&path, &[], None).await.assert_status(303);
        author
            .post(&path, &[("csrf", "sai"), ("alt", "x")], None)
            .await
            .assert_status(403);
    }
    let item = t.app.store.media_item(id).await.unwrap().unwrap();
    assert_eq!(item.alt, "");
    assert_eq!(counts(&t).await.0, 1);
    author.get("/admin/tep/999999").await.assert_status(404);
    t.cleanup().await;
}

#[tokio::test]
async fn the_same_file_sent_twice_at_once_is_kept_once() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
        let (first, csrf) = signed_in(&t, "tacgia").await;
        let (mut a, mut b) = (Browser::new(&t), Browser::new(&t));
        (a.cookies, b.cookies) = (first.cookies.clone(), first.cookies.clone());
        let photo = camera_jpeg(300, 200);
        let (ra, rb) = tokio::join!(
            upload(&mut a, &csrf, "anh-a.jpg", &photo),
            upload(&mut b, &csrf, "anh-b.jpg", &photo)
        );
        ra.assert_status(303);
        rb.assert_status(303);
        assert_eq!(entry_id(&ra), entry_id(&rb));
        assert_eq!(counts(&t).await, (1, 1));
        t.cleanup().await;
    }
}
