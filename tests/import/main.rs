//! `cong import` end to end: the real binary imports the shared test files, then the portal
//! (built in process on the same data folder, or running as a server) must answer every old
//! URL with a 301 to a page that answers 200. A re-run updates, a broken file changes nothing.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use cong_import::{ArticleKind, ImportItem};
use cong_store::ImportKind;

#[tokio::test]
async fn wordpress_export_every_old_url_moves_and_a_rerun_updates() {
    let dir = tempfile::tempdir().unwrap();
    let uploads = tempfile::tempdir().unwrap();
    // One photo of the old site is at hand: it is copied, the others keep their old address.
    let photo = uploads.path().join("2008/06/dsc20050727_091048_222.jpg");
    std::fs::create_dir_all(photo.parent().unwrap()).unwrap();
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    img.save_with_format(&photo, image::ImageFormat::Jpeg)
        .unwrap();
    // Planted in an old site's uploads: a link to a system file under a photo's name, and a
    // page under a photo's name. Neither reaches the public media folder.
    let planted = uploads.path().join("2010/08/manhattansummer.jpg");
    std::fs::create_dir_all(planted.parent().unwrap()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", &planted).unwrap();
    let fake = uploads.path().join("2012/12/unicorn-wallpaper.jpg");
    std::fs::create_dir_all(fake.parent().unwrap()).unwrap();
    std::fs::write(&fake, b"<?php system($_GET['c']); ?>").unwrap();
    let file = testdata(THEME_TEST);
    let args = [
        "import",
        "wxr",
        file.to_str().unwrap(),
        "--uploads",
        uploads.path().to_str().unwrap(),
    ];
    let out = cong(dir.path(), &args);
    let first = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{first}");
    assert!(
        first.contains("Article: 58 imported, 0 updated, 0 skipped"),
        "{first}"
    );
    assert!(first.contains("Page: 21 imported"), "{first}");
    assert!(first.contains("skipped Comment 921: a pingback"), "{first}");
    assert!(first.contains("photo not found locally, original URL kept: https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"), "{first}");
    assert!(
        first.contains("manhattansummer.jpg: not copied: it links outside the uploads folder"),
        "{first}"
    );
    assert!(
        first.contains("unicorn-wallpaper.jpg: not copied: its content is not a JPEG"),
        "{first}"
    );
    let media = dir.path().join("media");
    let copied: Vec<_> = walk(&media);
    assert!(
        copied.iter().all(|p| {
            let text = std::fs::read(p).unwrap();
            !text.starts_with(b"root:") && !text.starts_with(b"<?php")
        }),
        "{copied:?}"
    );
    let before = counts(dir.path()).await;
    let items = items("wxr", THEME_TEST);
    {
        let portal = Portal::open(dir.path()).await;
        let expected = portal.expected(&source_of(&items), &items).await;
        assert!(expected.len() > 300, "{}", expected.len());
        let misrouted = portal.check_old_urls(&expected).await;
        assert!(misrouted.is_empty(), "{misrouted:#?}");
        // The photo went into the library; the body points at its widest reader copy, made
        // by the import.
        let (_, location, _) = portal.get("/?p=21").await;
        let (_, _, body) = portal.get(&location).await;
        let at = body
            .find("src=\"/media/up/")
            .expect("a library photo in the body")
            + 5;
        let copy = &body[at..at + body[at..].find('"').unwrap()];
        assert!(copy.ends_with("-dsc20050727-091048-222-900.jpg"), "{copy}");
        let stem = copy.trim_end_matches("-900.jpg");
        let srcset =
            format!("srcset=\"{stem}-320.webp 320w, {stem}-640.webp 640w, {stem}-900.webp 900w\"");
        assert!(body.contains(&srcset), "{body}");
        assert!(body.contains("width=\"900\" height=\"600\""), "{body}");
        assert_eq!(portal.get(copy).await.0, 200);
        let library = portal.0.store.all_media().await.unwrap();
        assert_eq!(library.len(), 1);
        assert_eq!(
            (
                library[0].variants.as_str(),
                library[0].variant_widths.as_str()
            ),
            ("ready", "320,640,900")
        );
        assert_eq!(library[0].original_name, "dsc20050727_091048_222.jpg");
        assert!(!portal
            .0
            .store
            .media_uses(&library[0].hash16)
            .await
            .unwrap()
            .is_empty());
        // Threads and moderation came over: 19 shown, the held one waiting, and the nine-deep
        // thread folded into the one level the page shows.
        let store = &portal.0.store;
        let id = store
            .imported_id(&source_of(&items), ImportKind::Article, "1148")
            .await
            .unwrap()
            .unwrap();
        let shown = store.published_comments(id).await.unwrap();
        assert_eq!(shown.len(), 19);
        let tops: Vec<i64> = shown
            .iter()
            .filter(|c| c.parent_id.is_none())
            .map(|c| c.id)
            .collect();
        assert!(shown
            .iter()
            .all(|c| c.parent_id.is_none_or(|p| tops.contains(&p))));
        assert_eq!(shown.iter().filter(|c| c.parent_id.is_some()).count(), 9);
        assert!(store
            .pending_comments(100)
            .await
            .unwrap()
            .iter()
            .any(|c| c.article_id == id));
    }
    // Again with the uploads: the photo is in the library already, nothing is stored or made.
    let written = |files: Vec<std::path::PathBuf>| -> Vec<_> {
        let mut v: Vec<_> = files
            .into_iter()
            .map(|p| (std::fs::metadata(&p).unwrap().modified().unwrap(), p))
            .collect();
        v.sort();
        v
    };
    let copies = written(walk(&media));
    let out = cong(dir.path(), &args);
    let rerun = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(rerun.contains(" 0 photos added to the library"), "{rerun}");
    assert_eq!(written(walk(&media)), copies, "nothing was written again");
    let again = import(dir.path(), "wxr", THEME_TEST);
    assert!(
        again.contains("Article: 0 imported, 58 updated, 0 skipped"),
        "{again}"
    );
    assert!(again.contains("Comment: 0 imported, 24 updated"), "{again}");
    assert_eq!(
        counts(dir.path()).await,
        before,
        "a re-run duplicates nothing"
    );

    // Broken exports are refused with their line, and change nothing.
    for (name, says) in [
        (
            "importer-malformed.xml",
            "line 27, column 1: expected <channel>",
        ),
        (
            "importer-missing-version-tag.xml",
            "<wp:wxr_version> element is missing",
        ),
        (
            "importer-invalid-version-tag.xml",
            "line 33, column 2: the WXR version \"abc\"",
        ),
    ] {
        let bad = testdata(&format!("wordpress/{name}"));
        let out = cong(dir.path(), &["import", "wxr", bad.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} was accepted");
        assert!(err.contains("line ") && err.contains(says), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert_eq!(
            counts(dir.path()).await,
            before,
            "{name} changed the database"
        );
    }
}

#[tokio::test]
async fn nukeviet_dumps_every_old_url_moves_with_paging() {
    let mut misrouted = Vec::new();
    for dump in [EGOV, PR3494] {
        let dir = tempfile::tempdir().unwrap();
        let out = import(dir.path(), "nukeviet", dump);
        assert!(out.contains("Poll: 2 imported"), "{out}");
        let items = items("nukeviet", dump);
        let portal = Portal::open(dir.path()).await;
        let expected = portal.expected(&source_of(&items), &items).await;
        assert!(expected.len() > 100, "{dump}: {}", expected.len());
        misrouted.extend(portal.check_old_urls(&expected).await);
        // Paging, other letter cases and stale slugs: the scheme, not the table.
        for item in &items {
            if let ImportItem::Category(c) = item {
                let new = &expected[&c.legacy_paths[0]];
                let (status, location, _) =
                    portal.get(&format!("{}page-2/", c.legacy_paths[0])).await;
                assert_eq!(
                    (status, location),
                    (301, format!("{new}trang-2/")),
                    "{}",
                    c.key
                );
            }
        }
        let first = items.iter().find_map(|i| match i {
            ImportItem::Article(a) if a.kind == ArticleKind::Article => Some(a),
            _ => None,
        });
        let first = first.unwrap();
        let stale = format!(
            "/vi/news/old-category/Old-Slug-{}.html",
            first.key.rsplit(':').next().unwrap()
        );
        assert_eq!(portal.get(&stale).await.1, expected[&first.legacy_paths[0]]);
        let views = portal
            .0
            .store
            .published_article(
                article_id(&expected[&first.legacy_paths[0]]),
                portal.0.now(),
            )
            .await
            .unwrap()
            .unwrap()
            .views;
        assert_eq!(views, first.views as i64);
        drop(portal);
        let before = counts(dir.path()).await;
        let again = import(dir.path(), "nukeviet", dump);
        let n = items
            .iter()
            .filter(|i| matches!(i, ImportItem::Article(a) if a.kind == ArticleKind::Article))
            .count();
        assert!(
            again.contains(&format!("Article: 0 imported, {n} updated")),
            "{again}"
        );
        assert_eq!(counts(dir.path()).await, before);
    }
    // A dump cut short is refused with its line and changes nothing.
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), "nukeviet", EGOV);
    let before = counts(dir.path()).await;
    let full = std::fs::read(testdata(PR3494)).unwrap();
    let cut = dir.path().join("cut.sql");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let out = cong(dir.path(), &["import", "nukeviet", cut.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("line "), "{err}");
    assert_eq!(counts(dir.path()).await, before);
    assert!(
        misrouted.is_empty(),
        "old addresses the article route sends to another article: {misrouted:#?}"
    );
}

#[tokio::test]
async fn a_running_portal_shows_an_import_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_cong"))
        .args(["serve", "--data", dir.path().to_str().unwrap()])
        .env("CONG_LISTEN", format!("127.0.0.1:{port}"))
        .env("CONG_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{base}{path}");
        async move {
            match client.get(url).header("user-agent", FIREFOX).send().await {
                Ok(r) => {
                    let location = r
                        .headers()
                        .get("location")
                        .map_or("", |v| v.to_str().unwrap())
                        .to_string();
                    (
                        r.status().as_u16(),
                        location,
                        r.text().await.unwrap_or_default(),
                    )
                }
                Err(_) => (0, String::new(), String::new()),
            }
        }
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while get("/healthz".into()).await.0 != 200 {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let old = "/vi/news/tin-hoat-dong/nghien-cuu-phat-trien-san-pham-cntt-phuc-vu-chinh-phu-dien-tu-1.html";
    assert_eq!(get(old.into()).await.0, 404);
    assert_eq!(
        get("/tin-hoat-dong/".into()).await.0,
        404,
        "cached as missing"
    );
    import(dir.path(), "nukeviet", EGOV);
    let title = "Nghiên cứu, phát triển sản phẩm CNTT phục vụ Chính phủ điện tử";
    let deadline = Instant::now() + Duration::from_secs(20);
    let (mut shown, mut found) = (false, false);
    while !(shown && found) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (status, location, _) = get(old.into()).await;
        if status == 301 {
            let (status, _, body) = get(location).await;
            let (cat, _, list) = get("/tin-hoat-dong/".into()).await;
            shown = status == 200 && body.contains(title) && cat == 200 && list.contains(title);
        }
        let (_, _, json) =
            get("/api/search?q=nghi%C3%AAn+c%E1%BB%A9u+s%E1%BA%A3n+ph%E1%BA%A9m+CNTT".into()).await;
        found = json.contains(title);
    }
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    assert!(shown, "the imported article did not show without a restart");
    assert!(found, "search did not find the imported article");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
