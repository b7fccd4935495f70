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
    /// The PostgreSQL schema this app runs in, dropped by [`TestApp::cleanup`].
    pub pg_schema: Option<String>,
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
        TestApp {
            app,
            _dir: dir,
            pg_schema: None,
        }
    }

    /// The same portal on every backend under test: SQLite, and PostgreSQL (a schema of its
    /// own) when `CONG_TEST_PG_URL` is set.
    pub async fn each_backend(tweak: impl Fn(&mut Config)) -> Vec<TestApp> {
        let mut apps = vec![TestApp::with(&tweak).await];
        if let Ok(url) = std::env::var("CONG_TEST_PG_URL") {
            let schema = format!(
                "http_{}_{}",
                std::process::id(),
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
            );
            let admin = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let sep = if url.contains('?') { '&' } else { '?' };
            let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
            let mut t = TestApp::with(|c| {
                tweak(c);
                c.database = db.clone();
            })
            .await;
            t.pg_schema = Some(schema);
            apps.push(t);
        }
        apps
    }

    /// Closes the database and drops a PostgreSQL test schema.
    pub async fn cleanup(self) {
        self.app.store.close().await;
        if let (Some(schema), Ok(url)) = (self.pg_schema, std::env::var("CONG_TEST_PG_URL")) {
            let admin = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
        }
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

/// A browser: its cookies (reader, session, device) and the address it comes from.
pub struct Browser<'a> {
    pub t: &'a TestApp,
    pub cookies: Vec<(String, String)>,
    pub ip: std::net::IpAddr,
}

impl<'a> Browser<'a> {
    pub fn new(t: &'a TestApp) -> Self {
        Browser::from(t, "127.0.0.1")
    }

    /// A browser at another address.
    pub fn from(t: &'a TestApp, ip: &str) -> Self {
        Browser {
            t,
            cookies: Vec::new(),
            ip: ip.parse().unwrap(),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, r: &TestResponse) {
        for v in r.headers.get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !val.is_empty() {
                self.cookies.push((k.to_string(), val.to_string()));
            }
        }
    }

    async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        let peer = std::net::SocketAddr::new(self.ip, 40000);
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        let r = self.t.send(req).await;
        self.keep(&r);
        r
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = Request::get(path)
            .header("user-agent", FIREFOX)
            .header("cookie", self.cookie_header());
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        extra: Option<(&str, &str)>,
    ) -> TestResponse {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut req = Request::post(path)
            .header("user-agent", FIREFOX)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", self.cookie_header());
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form: each part is (field name, file name if a file, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        parts: &[(&str, Option<&str>, &[u8])],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        const BOUNDARY: &str = "----cong-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            let disposition = match file {
                Some(f) => format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                ),
                None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
            };
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let mut req = Request::post(path)
            .header("user-agent", FIREFOX)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("cookie", self.cookie_header());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// The password step, through the log-in page's form.
    pub async fn log_in(&mut self, name: &str, password: &str) -> TestResponse {
        let page = self.get("/admin/login").await;
        let token = page.attr_all("input[name='token']", "value")[0].clone();
        self.post(
            "/admin/login",
            &[("token", &token), ("name", name), ("password", password)],
            None,
        )
        .await
    }

    /// The CSRF token of this browser's session, from a back-office page.
    pub async fn csrf(&mut self) -> String {
        self.get("/admin/tai-khoan")
            .await
            .attr_all("input[name='csrf']", "value")[0]
            .clone()
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
