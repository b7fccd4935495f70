//! `TestApp`: a portal on a temporary data folder, driven through the router.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use cong::{AppState, Config};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use tower::ServiceExt;

pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

pub struct TestApp {
    pub app: AppState,
    /// Keeps the data folder alive as long as the app.
    pub _dir: tempfile::TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with(|_| {}).await
    }

    /// A portal whose configuration `tweak` may change before it starts.
    pub async fn with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data: dir.path().to_path_buf(),
            ..Config::default()
        };
        config.site.base_url = "https://cong.example.vn".into();
        tweak(&mut config);
        let app = cong::build_app(config).await.unwrap();
        // The server does this in the background; tests want the index complete at once.
        cong::search::catch_up(&app).await.unwrap();
        TestApp { app, _dir: dir }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(path, Some(FIREFOX)).await
    }

    pub async fn request(&self, path: &str, user_agent: Option<&str>) -> TestResponse {
        let mut req = Request::get(path);
        if let Some(ua) = user_agent {
            req = req.header("user-agent", ua);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let resp = cong::http::router(self.app.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec())
                .unwrap_or_else(|_| format!("<{} bytes>", bytes.len())),
        }
    }

    /// The URL of the newest article, as the home page links it.
    pub async fn some_article_url(&self) -> String {
        self.get("/")
            .await
            .attr_all("main a[href$='.html']", "href")[0]
            .clone()
    }
}

impl TestResponse {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn attr_all(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        let sel = Selector::parse(selector).unwrap();
        self.html().select(&sel).count()
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            &self.body[..self.body.len().min(600)]
        );
        self
    }
}

/// The id at the end of an article URL (`…-<id>.html`).
pub fn article_id(url: &str) -> i64 {
    url.trim_end_matches(".html")
        .rsplit('-')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
