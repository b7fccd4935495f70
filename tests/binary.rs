//! The real `cong` binary over a real socket: first start, second start, configuration errors,
//! graceful shutdown.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    /// Starts `cong serve` on `data`, with the listen address from the environment.
    async fn start(data: &Path) -> Server {
        Server::start_with(data, &[]).await
    }

    /// Starts `cong serve` on `data` with extra environment variables.
    async fn start_with(data: &Path, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_cong"))
            .args(["serve", "--data"])
            .arg(data)
            .envs(env.iter().copied())
            .env("CONG_LISTEN", format!("127.0.0.1:{port}"))
            .env("CONG_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(r) = reqwest::get(format!("{}/healthz", server.base)).await {
                if r.status() == 200 {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "server did not become healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let r = reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .header("user-agent", FIREFOX)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// SIGTERM, then waits for a clean exit.
    fn stop(self) {
        let mut this = std::mem::ManuallyDrop::new(self);
        this.terminate();
    }

    fn terminate(&mut self) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "no clean exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    // A failed assertion must not leave a server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn first_article(home: &str) -> String {
    let start = home.find("href=\"/").unwrap();
    let mut rest = &home[start..];
    loop {
        let href = rest.split('"').nth(1).unwrap();
        if href.ends_with(".html") {
            return href.to_string();
        }
        rest = &rest[rest[1..].find("href=\"/").unwrap() + 1..];
    }
}

fn views(body: &str) -> u64 {
    let at = body.find("Lượt xem").unwrap();
    body[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn first_start_seeds_second_start_reuses_and_views_survive_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cong-data");
    let server = Server::start(&data).await;
    assert!(
        data.join("cong.db").exists(),
        "SQLite file in the data folder"
    );
    let (status, home) = server.get("/").await;
    assert_eq!(status, 200);
    let article = first_article(&home);
    let (_, sitemap_before) = server.get("/sitemap.xml").await;
    for n in 1..=3 {
        assert_eq!(views(&server.get(&article).await.1), n);
    }
    // Views live in memory until the next flush: a graceful stop must write them.
    server.stop();

    let server = Server::start(&data).await;
    let (_, sitemap_after) = server.get("/sitemap.xml").await;
    let articles = |sitemap: &str| sitemap.matches(".html</loc>").count();
    assert!(articles(&sitemap_before) >= 40);
    assert_eq!(
        articles(&sitemap_before),
        articles(&sitemap_after),
        "the second start did not seed again"
    );
    assert_eq!(
        views(&server.get(&article).await.1),
        4,
        "views kept across the restart"
    );
    server.stop();
}

#[tokio::test]
async fn a_wrong_config_value_stops_the_start_and_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cong.toml");
    std::fs::write(
        &cfg,
        "listen = \"127.0.0.1:1\"\n[site]\ntimezone = \"Asia/Hanoii\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cong"))
        .arg("--config")
        .arg(&cfg)
        .args(["serve", "--data"])
        .arg(dir.path().join("d"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.timezone") && err.contains("Asia/Hanoii"),
        "{err}"
    );
    assert!(!dir.path().join("d").exists(), "nothing created");

    let out = Command::new(env!("CARGO_BIN_EXE_cong"))
        .args(["serve", "--data"])
        .arg(dir.path().join("d"))
        .env("CONG_READER__PER_PAGE", "lots")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reader.per_page"), "{err}");
}

/// `cong <args> --data <data>`: (success, stdout, stderr).
fn cli(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cong"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("CONG_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_comment_approved_from_the_command_line_appears_on_the_running_site() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cong-data");
    let server = Server::start_with(&data, &[("CONG_PARTICIPATION__MIN_FORM_SECS", "0")]).await;
    let (_, home) = server.get("/").await;
    let article = first_article(&home);
    let id = article
        .trim_end_matches(".html")
        .rsplit('-')
        .next()
        .unwrap();
    // A reader: the page gives the cookie and the form token.
    let client = reqwest::Client::new();
    let page = client
        .get(format!("{}{article}", server.base))
        .header("user-agent", FIREFOX)
        .send()
        .await
        .unwrap();
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = page.text().await.unwrap();
    let at = html.find("name=\"token\" value=\"c").unwrap() + "name=\"token\" value=\"".len();
    let token = &html[at..at + html[at..].find('"').unwrap()];
    let marker = "Ý kiến gửi qua trình duyệt thật, chờ duyệt từ dòng lệnh";
    let r = client
        .post(format!("{}/binh-luan/{id}", server.base))
        .header("user-agent", FIREFOX)
        .header("cookie", &cookie)
        .header("accept", "application/json")
        .form(&[
            ("token", token),
            ("name", "Phạm Thu"),
            ("email", "thu@vidu.vn"),
            ("body", marker),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        !server.get(&article).await.1.contains(marker),
        "held for moderation"
    );
    // The moderator works beside the running server.
    let (ok, listed, err) = cli(&data, &["comments", "pending"]);
    assert!(ok, "{err}");
    let line = listed
        .lines()
        .find(|l| l.contains("thu@vidu.vn"))
        .expect("listed");
    let comment_id = line.split('\t').next().unwrap().to_string();
    let (ok, said, err) = cli(&data, &["comments", "approve", &comment_id]);
    assert!(ok, "{err}");
    assert!(said.contains("approved"));
    let (ok, _, err) = cli(&data, &["comments", "approve", "999999"]);
    assert!(!ok && err.contains("no comment 999999"), "{err}");
    // The server notices within a second or two and shows it, without the e-mail address.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, body) = server.get(&article).await;
        if body.contains(marker) {
            assert!(!body.contains("thu@vidu.vn"));
            break;
        }
        assert!(Instant::now() < deadline, "approved comment not shown");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.stop();
}

/// Peak resident memory of a process, in MiB (`VmHWM`).
fn peak_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

#[tokio::test]
async fn a_burst_of_log_ins_keeps_memory_bounded_and_the_data_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cong-data");
    let server = Server::start(&data).await;
    // The database holds every secret: the folder and the file are the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("cong.db")), 0o600);
    }
    let before = peak_mib(server.child.id());
    // Forty browsers at once, each with its own name, so the lock-outs let most of them
    // through to a real password check (each argon2 check holds about 19 MiB).
    let client = reqwest::Client::new();
    let mut forms = Vec::new();
    for _ in 0..40 {
        let page = client
            .get(format!("{}/admin/login", server.base))
            .header("user-agent", FIREFOX)
            .send()
            .await
            .unwrap();
        let cookie = page.headers()["set-cookie"].to_str().unwrap().to_string();
        let cookie = cookie.split(';').next().unwrap().to_string();
        let html = page.text().await.unwrap();
        let at = html.find("name=\"token\" value=\"").unwrap() + "name=\"token\" value=\"".len();
        forms.push((
            cookie,
            html[at..at + html[at..].find('"').unwrap()].to_string(),
        ));
    }
    let tries = forms.iter().enumerate().map(|(i, (cookie, token))| {
        let client = client.clone();
        let url = format!("{}/admin/login", server.base);
        async move {
            client
                .post(url)
                .header("user-agent", FIREFOX)
                .header("cookie", cookie)
                .form(&[
                    ("token", token.as_str()),
                    ("name", &format!("nguoi-{i}")),
                    ("password", "mật khẩu đoán bừa 123"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    // One address may have 30 wrong passwords checked in its window; the rest wait 15 min.
    assert_eq!((checked, refused), (30, 10), "{statuses:?}");
    let after = peak_mib(server.child.id());
    eprintln!("peak RSS before the burst {before} MiB, after {after} MiB");
    assert!(
        after < 300,
        "peak RSS {after} MiB after a burst of 40 log-ins"
    );
    server.stop();
}
