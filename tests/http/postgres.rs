//! The portal on PostgreSQL (when CONG_TEST_PG_URL is set, as `.ci/run` does).

use crate::common::TestApp;

#[tokio::test]
async fn the_portal_runs_on_postgres() {
    let Ok(url) = std::env::var("CONG_TEST_PG_URL") else {
        eprintln!("CONG_TEST_PG_URL not set: PostgreSQL portal test not run");
        return;
    };
    let schema = format!(
        "portal_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let t = TestApp::with(|c| c.database = db.clone()).await;
    assert_eq!(t.app.store.backend(), cong_store::Backend::Postgres);
    t.get("/").await.assert_status(200);
    let article = t.some_article_url().await;
    t.get(&article).await.assert_status(200);
    t.get("/tin-tuc-su-kien/").await.assert_status(200);
    t.get("/tin-tuc-su-kien/trang-2/").await.assert_status(404);
    t.get("/sitemap.xml").await.assert_status(200);
    cong::jobs::flush(&t.app, 20261123).await;
    let id = crate::common::article_id(&article);
    assert_eq!(t.app.store.article_views(id).await.unwrap(), 1);
    // The rows went into the test's own schema.
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {schema}.articles"))
        .fetch_one(&admin)
        .await
        .unwrap();
    assert!(n >= 40);
    t.app.store.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
}
