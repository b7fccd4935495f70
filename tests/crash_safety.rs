//! Reader participation survives a killed process: concurrent readers rate, comment and vote
//! against the real binary, the server is killed with SIGKILL mid-stream, restarted on the
//! same data folder, and every submission it acknowledged must be in the database, once.
//!
//! What counts as written. A submission is *acknowledged* when its answer arrived whole: a 2xx
//! with `"ok":true`. The server answers only after its transaction committed, so an
//! acknowledged write must survive the kill. A request cut off by the kill (no answer, or an
//! answer cut short) is *in doubt*: it may or may not have committed, and either is correct.
//! Each simulated browser sends one request at a time and stops at its first failed request,
//! so at most one write per browser is in doubt, and it is the browser's last. Hence, for a
//! reader and an article: the row holds the stars of the last acknowledged rating, or those of
//! an in-doubt rating sent after it; without an acknowledged rating the row may be missing;
//! without any rating it must be missing. The same for comments (each body has its own marker:
//! acknowledged exactly once, in doubt at most once, never twice) and votes.
//!
//! A SIGKILL leaves what the process wrote in the operating system's page cache, so this
//! proves that nothing is acknowledged before its commit; that a commit is on disk before a
//! power cut is the writer connection's `synchronous=FULL`, which no test here can cut.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::header::{ACCEPT, COOKIE, SET_COOKIE, USER_AGENT};
use serde_json::Value;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
/// Simulated browsers sending at the same time.
const BROWSERS: usize = 24;
/// Acknowledged submissions wanted before the kill, so the test cannot pass on nothing.
const MIN_ACKED: usize = 60;
/// Readers rate only a few articles, so that re-ratings (the replace path) happen often.
const RATED_ARTICLES: usize = 6;

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
    /// Starts `cong serve` on `data` with the per-IP limits off (every reader here comes from
    /// 127.0.0.1) and no minimum form age (the readers answer at once), and waits for /healthz.
    async fn start(data: &Path) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_cong"))
            .args(["serve", "--data"])
            .arg(data)
            .env("CONG_LISTEN", format!("127.0.0.1:{port}"))
            .env("CONG_LOG", "warn")
            .env("CONG_PARTICIPATION__MIN_FORM_SECS", "0")
            .env("CONG_PARTICIPATION__RATINGS_PER_IP_HOUR", "0")
            .env("CONG_PARTICIPATION__COMMENTS_PER_IP_HOUR", "0")
            .env("CONG_PARTICIPATION__VOTES_PER_IP_HOUR", "0")
            .env("CONG_PARTICIPATION__MODERATION", "publish")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", server.base)).send().await {
                if r.status() == 200 {
                    return server;
                }
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("cong serve exited with {status} before answering /healthz");
            }
            assert!(Instant::now() < deadline, "server did not become healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGTERM, then waits for a clean exit.
    fn stop(mut self) {
        signal(self.child.id(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status} after SIGTERM");
                return;
            }
            assert!(Instant::now() < deadline, "no clean exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process after a SIGKILL sent from elsewhere.
    fn reap(mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "cong still running after SIGKILL"
            );
            std::thread::sleep(Duration::from_millis(10));
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

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

/// Article ids (links ending in `-{id}.html`), and the sidebar poll's id and option ids.
fn parse_home(html: &str) -> (Vec<i64>, i64, Vec<i64>) {
    let mut articles = Vec::new();
    for (at, _) in html.match_indices(".html\"") {
        let head = &html[..at];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && head[..at - digits].ends_with('-') {
            let id: i64 = head[at - digits..].parse().unwrap();
            if !articles.contains(&id) {
                articles.push(id);
            }
        }
    }
    let start = html
        .find("action=\"/tham-do/")
        .expect("a poll form on the home page")
        + "action=\"/tham-do/".len();
    let rest = &html[start..];
    let poll: i64 = rest[..rest.find('"').unwrap()].parse().unwrap();
    let form = &rest[..rest.find("</form>").unwrap()];
    let options = form
        .split("<input")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter(|tag| attr(tag, "name") == Some("option"))
        .map(|tag| attr(tag, "value").unwrap().parse().unwrap())
        .collect();
    (articles, poll, options)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// What a reader sent.
#[derive(Clone, Debug)]
enum Sent {
    Rating { article: i64, stars: i64 },
    Comment { marker: String },
    Vote { option: i64 },
}

/// What became of it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fate {
    /// A whole 2xx answer with `"ok":true`; for a comment, its id.
    Acked(Option<i64>),
    /// Cut off by the kill: may or may not have committed.
    InDoubt,
    /// Refused with this status (none is expected: every form here is well-formed).
    Refused(u16),
}

/// One logged submission: who sent what, and what became of it.
#[derive(Debug)]
struct Entry {
    /// Reader id as the database stores it.
    reader: String,
    sent: Sent,
    fate: Fate,
}

/// One simulated browser, one request at a time. Every few submissions its reader leaves and
/// a new one (new cookie) takes over, so that first votes keep coming until the kill.
struct Browser {
    n: usize,
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
    tokens: HashMap<&'static str, String>,
    log: Vec<Entry>,
}

/// Why a browser stopped: the server is gone.
struct Gone;

impl Browser {
    /// Forgets the cookie and tokens: the next request makes a new reader.
    fn new_reader(&mut self) {
        self.cookie = None;
        self.tokens.clear();
    }

    fn record(&mut self, sent: Sent, fate: Fate) {
        let reader = reader_id(self.cookie.as_deref().expect("a cookie"));
        self.log.push(Entry { reader, sent, fate });
    }

    /// A form token of this kind: the one the last answer returned, or a fresh one.
    async fn token(&mut self, kind: &'static str) -> Result<String, Gone> {
        if let Some(t) = self.tokens.remove(kind) {
            return Ok(t);
        }
        let mut req = self
            .http
            .get(format!("{}/api/form-token?for={kind}", self.base))
            .header(ACCEPT, "application/json");
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, c);
        }
        let resp = req.send().await.map_err(|_| Gone)?;
        let status = resp.status();
        if let Some(set) = reader_cookie(&resp) {
            // A reader keeps the cookie it was given: a second one would make it two readers.
            if let Some(c) = &self.cookie {
                assert_eq!(c, &set, "browser {} was given a new cookie", self.n);
            }
            self.cookie = Some(set);
        }
        let body: Value = resp.json().await.map_err(|_| Gone)?;
        assert!(status.is_success(), "form token: {status} {body}");
        Ok(body["token"].as_str().expect("a token").to_string())
    }

    /// Posts a form and logs its fate; `Err` when the server is gone.
    async fn submit(
        &mut self,
        kind: &'static str,
        path: String,
        sent: Sent,
        fields: Vec<(&'static str, String)>,
    ) -> Result<(), Gone> {
        let token = self.token(kind).await?;
        let mut form = vec![("token", token)];
        form.extend(fields);
        let cookie = self.cookie.clone().expect("a cookie after the token");
        let answer = self
            .http
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .header(COOKIE, cookie)
            .form(&form)
            .send()
            .await;
        let resp = match answer {
            Ok(r) => r,
            Err(_) => {
                self.record(sent, Fate::InDoubt);
                return Err(Gone);
            }
        };
        let status = resp.status();
        let Ok(body) = resp.json::<Value>().await else {
            self.record(sent, Fate::InDoubt);
            return Err(Gone);
        };
        if status.is_success() && body["ok"] == Value::Bool(true) {
            if let Some(t) = body["token"].as_str() {
                self.tokens.insert(kind, t.to_string());
            }
            self.record(sent, Fate::Acked(body["id"].as_i64()));
        } else {
            self.record(sent, Fate::Refused(status.as_u16()));
        }
        Ok(())
    }

    async fn run(
        mut self,
        articles: Vec<i64>,
        poll: (i64, Vec<i64>),
        run_tag: String,
        acked: Arc<AtomicUsize>,
        deadline: Instant,
    ) -> Browser {
        let mut rng = StdRng::seed_from_u64(rand::rng().random());
        let mut voted = false;
        let mut left = 0;
        let mut seq = 0;
        while Instant::now() < deadline {
            if left == 0 {
                self.new_reader();
                voted = false;
                left = rng.random_range(5..40);
            }
            left -= 1;
            let before = self.log.len();
            let pick = rng.random_range(0..10);
            let done = if !voted && pick < 2 {
                voted = true;
                let option = poll.1[rng.random_range(0..poll.1.len())];
                self.submit(
                    "vote",
                    format!("/tham-do/{}", poll.0),
                    Sent::Vote { option },
                    vec![("option", option.to_string())],
                )
                .await
            } else if pick < 5 {
                seq += 1;
                let marker = format!("{run_tag}-{}-{seq}", self.n);
                let article = articles[rng.random_range(0..articles.len())];
                let n = self.n;
                self.submit(
                    "comment",
                    format!("/binh-luan/{article}"),
                    Sent::Comment {
                        marker: marker.clone(),
                    },
                    vec![
                        ("name", format!("Bạn đọc {n}")),
                        ("email", format!("ban-doc-{n}@example.vn")),
                        (
                            "body",
                            format!("Ý kiến thử nghiệm, mã {marker} — cảm ơn bài viết."),
                        ),
                        ("website", String::new()),
                    ],
                )
                .await
            } else {
                let article = articles[rng.random_range(0..RATED_ARTICLES.min(articles.len()))];
                let stars = rng.random_range(1..=5);
                self.submit(
                    "rating",
                    format!("/danh-gia/{article}"),
                    Sent::Rating { article, stars },
                    vec![("stars", stars.to_string())],
                )
                .await
            };
            if self.log.len() > before && matches!(self.log[before].fate, Fate::Acked(_)) {
                acked.fetch_add(1, Ordering::Relaxed);
            }
            if done.is_err() {
                break;
            }
        }
        self
    }
}

fn reader_cookie(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("cong_r="))
        .map(|pair| pair.trim().to_string())
}

/// The reader id the server stores for a `cong_r=…` cookie.
fn reader_id(cookie: &str) -> String {
    let value = cookie.trim_start_matches("cong_r=");
    // The signed value is `ID.SIGNATURE`; the database keeps the id.
    value.split('.').next().unwrap().to_string()
}

async fn open_db(data: &Path) -> SqliteConnection {
    let opts = SqliteConnectOptions::new()
        .filename(data.join("cong.db"))
        .read_only(true);
    SqliteConnection::connect_with(&opts).await.unwrap()
}

/// What the database holds of the participation tables.
struct Snapshot {
    /// (article, reader) → stars.
    ratings: HashMap<(i64, String), i64>,
    /// article → (rating_total, rating_count, SUM(stars), COUNT(*)).
    totals: BTreeMap<i64, (i64, i64, i64, i64)>,
    /// Comment bodies with their ids.
    comments: Vec<(i64, String)>,
    /// reader → option_ids of the poll.
    votes: HashMap<String, String>,
    /// option → votes counted in poll_options.
    option_votes: BTreeMap<i64, i64>,
}

async fn snapshot(data: &Path, poll: i64) -> Snapshot {
    let mut db = open_db(data).await;
    let ratings: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT article_id, reader, stars FROM ratings")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let totals: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.rating_total, a.rating_count, \
                COALESCE(SUM(r.stars), 0), COUNT(r.article_id) \
         FROM articles a LEFT JOIN ratings r ON r.article_id = a.id GROUP BY a.id",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let comments: Vec<(i64, String)> = sqlx::query_as("SELECT id, body FROM comments")
        .fetch_all(&mut db)
        .await
        .unwrap();
    let votes: Vec<(String, String)> =
        sqlx::query_as("SELECT reader, option_ids FROM poll_votes WHERE poll_id = $1")
            .bind(poll)
            .fetch_all(&mut db)
            .await
            .unwrap();
    let options: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, votes FROM poll_options WHERE poll_id = $1")
            .bind(poll)
            .fetch_all(&mut db)
            .await
            .unwrap();
    db.close().await.unwrap();
    Snapshot {
        ratings: ratings.into_iter().map(|(a, r, s)| ((a, r), s)).collect(),
        totals: totals
            .into_iter()
            .map(|(id, t, c, s, n)| (id, (t, c, s, n)))
            .collect(),
        comments,
        votes: votes.into_iter().collect(),
        option_votes: options.into_iter().collect(),
    }
}

/// poll_options.votes as poll_votes says they should be.
fn derived_option_votes(s: &Snapshot) -> BTreeMap<i64, i64> {
    let mut counts: BTreeMap<i64, i64> = s.option_votes.keys().map(|&o| (o, 0)).collect();
    for ids in s.votes.values() {
        for id in ids.split(',') {
            *counts.entry(id.trim().parse().unwrap()).or_default() += 1;
        }
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_participation_survives_sigkill_and_nothing_is_doubled() {
    let test_started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cong-data");
    let server = Server::start(&data).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .user_agent(FIREFOX)
        .build()
        .unwrap();
    let home = http
        .get(format!("{}/", server.base))
        .header(USER_AGENT, FIREFOX)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (articles, poll, options) = parse_home(&home);
    assert!(articles.len() >= RATED_ARTICLES, "articles: {articles:?}");
    assert!(!options.is_empty(), "poll {poll} has no options");
    // Whatever the seed put there (it may count sample votes with no poll_votes row) is the
    // baseline the votes of this run add to.
    let before = snapshot(&data, poll).await;
    let vote_offset: BTreeMap<i64, i64> = derived_option_votes(&before)
        .into_iter()
        .map(|(o, n)| (o, before.option_votes[&o] - n))
        .collect();

    // Browsers until the kill; the deadline only bounds a test gone wrong.
    let run_tag = format!("crash{:016x}", rand::rng().random::<u64>());
    let acked = Arc::new(AtomicUsize::new(0));
    let load_started = Instant::now();
    let deadline = load_started + Duration::from_secs(15);
    let browsers: Vec<_> = (0..BROWSERS)
        .map(|n| {
            let browser = Browser {
                n,
                http: http.clone(),
                base: server.base.clone(),
                cookie: None,
                tokens: HashMap::new(),
                log: Vec::new(),
            };
            tokio::spawn(browser.run(
                articles.clone(),
                (poll, options.clone()),
                run_tag.clone(),
                acked.clone(),
                deadline,
            ))
        })
        .collect();

    // The killer: a random 1–3 s into the stream, and not before enough was acknowledged.
    let pid = server.child.id();
    let kill_after = Duration::from_millis(rand::rng().random_range(1000..=3000));
    let killer = {
        let acked = acked.clone();
        tokio::spawn(async move {
            while load_started.elapsed() < kill_after || acked.load(Ordering::Relaxed) < MIN_ACKED {
                assert!(
                    load_started.elapsed() < Duration::from_secs(12),
                    "only {} submissions acknowledged in 12 s",
                    acked.load(Ordering::Relaxed)
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let acked_at_kill = acked.load(Ordering::Relaxed);
            signal(pid, "KILL");
            (load_started.elapsed(), acked_at_kill)
        })
    };
    let (killed_at, acked_at_kill) = tokio::time::timeout(Duration::from_secs(20), killer)
        .await
        .expect("killer finished")
        .unwrap();
    let mut log: Vec<Entry> = Vec::new();
    for b in browsers {
        let browser = tokio::time::timeout(Duration::from_secs(15), b)
            .await
            .expect("browser stopped after the kill")
            .unwrap();
        log.extend(browser.log);
    }
    server.reap();

    // A refusal would mean this test drives the server wrongly (every form here is valid and
    // sent once); none may happen.
    let refused: Vec<&Entry> = log
        .iter()
        .filter(|e| matches!(e.fate, Fate::Refused(_)))
        .collect();
    assert!(refused.is_empty(), "refused submissions: {refused:?}");

    // The server must come back on the same folder, serve, and stop cleanly.
    let server = Server::start(&data).await;
    let status = http
        .get(format!("{}/", server.base))
        .header(USER_AGENT, FIREFOX)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200, "home page after the restart");
    server.stop();

    let after = snapshot(&data, poll).await;
    let count = |want: fn(&Sent) -> bool, fate: fn(&Fate) -> bool| {
        log.iter()
            .filter(|e| want(&e.sent) && fate(&e.fate))
            .count()
    };
    let acked_fate = |f: &Fate| matches!(f, Fate::Acked(_));
    let doubt_fate = |f: &Fate| *f == Fate::InDoubt;
    let is_rating = |s: &Sent| matches!(s, Sent::Rating { .. });
    let is_comment = |s: &Sent| matches!(s, Sent::Comment { .. });
    let is_vote = |s: &Sent| matches!(s, Sent::Vote { .. });
    let total_acked = count(|_| true, acked_fate);
    eprintln!(
        "killed after {killed_at:?} ({acked_at_kill} acknowledged then); acknowledged: \
         {} ratings, {} comments, {} votes; in doubt: {} ratings, {} comments, {} votes",
        count(is_rating, acked_fate),
        count(is_comment, acked_fate),
        count(is_vote, acked_fate),
        count(is_rating, doubt_fate),
        count(is_comment, doubt_fate),
        count(is_vote, doubt_fate),
    );
    assert!(
        total_acked > 50,
        "only {total_acked} acknowledged submissions"
    );
    assert!(
        count(|_| true, doubt_fate) > 0,
        "no submission was in flight at the kill: the kill was not mid-stream"
    );

    // Ratings: per reader and article, the last acknowledged stars or the in-doubt ones sent
    // after them; no row for a pair nobody rated.
    let mut expected: HashMap<(i64, String), (Option<i64>, Vec<i64>)> = HashMap::new();
    for e in &log {
        if let Sent::Rating { article, stars } = e.sent {
            let slot = expected.entry((article, e.reader.clone())).or_default();
            match e.fate {
                Fate::Acked(_) => *slot = (Some(stars), Vec::new()),
                Fate::InDoubt => slot.1.push(stars),
                Fate::Refused(_) => {}
            }
        }
    }
    for (key, (last, doubt)) in &expected {
        match (after.ratings.get(key), last) {
            (None, Some(s)) => panic!("acknowledged rating {s} of {key:?} is lost"),
            (None, None) => {}
            (Some(got), _) => assert!(
                Some(*got) == *last || doubt.contains(got),
                "rating {key:?} holds {got}; acknowledged {last:?}, in doubt {doubt:?}"
            ),
        }
    }
    for key in after.ratings.keys() {
        assert!(
            before.ratings.contains_key(key) || expected.contains_key(key),
            "rating row {key:?} that no reader sent"
        );
    }
    for (article, (total, count, sum, rows)) in &after.totals {
        assert_eq!(
            (*total, *count),
            (*sum, *rows),
            "article {article}: rating_total/rating_count against SUM(stars)/COUNT(*) of ratings"
        );
    }

    // Comments: each marker once if acknowledged (with the id its answer gave), at most once
    // if in doubt, never twice, and none that nobody sent.
    let mut found: HashMap<String, Vec<i64>> = HashMap::new();
    for (id, body) in &after.comments {
        if let Some(at) = body.find(&run_tag) {
            let marker: String = body[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            found.entry(marker).or_default().push(*id);
        }
    }
    let mut sent_markers = HashMap::new();
    for e in &log {
        if let Sent::Comment { marker } = &e.sent {
            sent_markers.insert(marker.clone(), e.fate);
            let ids = found.get(marker).map(Vec::as_slice).unwrap_or_default();
            match e.fate {
                Fate::Acked(id) => {
                    assert_eq!(ids.len(), 1, "acknowledged comment {marker}: rows {ids:?}");
                    assert_eq!(Some(ids[0]), id, "comment {marker}: id in the answer");
                }
                Fate::InDoubt => assert!(ids.len() <= 1, "comment {marker} twice: {ids:?}"),
                Fate::Refused(_) => assert!(ids.is_empty(), "refused comment {marker} stored"),
            }
        }
    }
    for (marker, ids) in &found {
        assert!(
            sent_markers.contains_key(marker),
            "comment {marker} ({ids:?}) that no reader sent"
        );
    }

    // Votes: acknowledged ones are there with their option, in-doubt ones may be, none from
    // a reader who sent none, and the options' counters agree with the votes (plus whatever
    // the seed counted).
    let mut voters = HashMap::new();
    for e in &log {
        if let Sent::Vote { option } = e.sent {
            voters.insert(e.reader.clone(), option);
            let got = after.votes.get(&e.reader);
            match e.fate {
                Fate::Acked(_) => assert_eq!(
                    got,
                    Some(&option.to_string()),
                    "acknowledged vote of reader {}",
                    e.reader
                ),
                Fate::InDoubt => assert!(
                    got.is_none_or(|g| *g == option.to_string()),
                    "in-doubt vote of reader {} is {got:?}, sent {option}",
                    e.reader
                ),
                Fate::Refused(_) => {}
            }
        }
    }
    for reader in after.votes.keys() {
        assert!(
            before.votes.contains_key(reader) || voters.contains_key(reader),
            "vote by {reader}, who sent none"
        );
    }
    let derived: BTreeMap<i64, i64> = derived_option_votes(&after)
        .into_iter()
        .map(|(o, n)| (o, n + vote_offset.get(&o).copied().unwrap_or(0)))
        .collect();
    assert_eq!(
        after.option_votes, derived,
        "poll_options.votes against the poll_votes rows"
    );
    eprintln!("crash test took {:?}", test_started.elapsed());
}
