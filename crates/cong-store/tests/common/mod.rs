//! Shared by the store's test files: one store per backend, and small builders.
#![allow(dead_code)]

use cong_store::{NewArticle, NewCategory, Store};

pub const NOW: i64 = 1_790_000_000;

/// One store per backend under test; dropping the PostgreSQL schema at the end.
pub struct Backends {
    pub stores: Vec<Store>,
    _dir: tempfile::TempDir,
    pg_schema: Option<String>,
}

pub async fn backends() -> Backends {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    let mut stores = vec![sqlite];
    let mut pg_schema = None;
    if let Ok(url) = std::env::var("CONG_TEST_PG_URL") {
        let schema = format!("t_{}_{:x}", std::process::id(), rand_suffix());
        stores.push(Store::open_postgres_schema(&url, &schema).await.unwrap());
        pg_schema = Some(schema);
    }
    for s in &stores {
        s.migrate().await.unwrap();
        s.migrate().await.unwrap(); // applying twice is a no-op
    }
    Backends {
        stores,
        _dir: dir,
        pg_schema,
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    h.finish()
}

impl Backends {
    pub async fn cleanup(self) {
        for s in &self.stores {
            s.close().await;
        }
        if let (Some(schema), Ok(url)) = (self.pg_schema, std::env::var("CONG_TEST_PG_URL")) {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&pool)
                .await
                .unwrap();
        }
    }
}

pub async fn category(s: &Store, slug: &str, parent: Option<i64>) -> i64 {
    s.insert_category(&NewCategory {
        parent_id: parent,
        slug: slug.into(),
        name: format!("Chuyên mục {slug}"),
        description: String::new(),
        position: 0,
    })
    .await
    .unwrap()
}

pub fn article(category_id: i64, title: &str, published_at: i64) -> NewArticle {
    NewArticle {
        category_id,
        slug: cong_text::slugify(title),
        title: title.into(),
        lead: "Tóm tắt".into(),
        body_html: "<p>Nội dung</p>".into(),
        status: "published".into(),
        published_at,
        tags: vec!["tiêm chủng".into(), "Tiêm Chủng ".into(), "trẻ em".into()],
        ..NewArticle::default()
    }
}
