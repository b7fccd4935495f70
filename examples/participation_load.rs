//! Load generator for `bench/participation.sh`: CLIENTS concurrent clients submit ratings, poll
//! votes or comments to a running `cong serve` for SECS seconds, each as its own reader
//! (cookie), and one summary line is printed for the script to parse.
//!
//! ```text
//! participation_load BASE_URL rating|vote|comment CLIENTS SECS [TAG]
//! ```
//!
//! - `rating`: each client is a succession of fresh readers; a reader rates every article of
//!   the home page once, in a random order, then the client takes a new cookie. So every
//!   accepted rating is a new row in `ratings`, never a re-rating: the script checks that
//!   `accepted` equals the rows added.
//! - `vote`: one reader per vote (a reader votes once per poll): fetch a token without a
//!   cookie (which mints a new reader), then vote for a random option.
//! - `comment`: one reader per client, comments chained on the token each answer returns;
//!   each body carries `TAG` and a serial number so the script can count them in the database.
//!
//! With `PACE_PER_S=N` in the environment the clients together send at most N forms per
//! second (each client waits for its next slot), for a steady write load of a known size
//! beside a read benchmark; without it they send as fast as the server answers.
//!
//! Only the form submissions (POST) count as accepted writes and for the latency figures; the
//! token fetches are counted in `requests` and, when refused, in `errors`.
//!
//! The summary line is `key=value` pairs separated by spaces, e.g.
//! `kind=rating clients=32 secs=20.01 accepted=41234 accepted_per_s=2060.6 requests=42100
//! req_per_s=2103.9 errors=0 error_statuses=none p50_ms=9.81 p99_ms=31.20 readers=878
//! stars_sum=123456 option_votes=none tag=x`. Figures of the 2xx answers only go into
//! `accepted`; `error_statuses` lists the others by status (`io` for a failed connection,
//! `not_ok` for a 2xx without `"ok":true`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::header::{ACCEPT, COOKIE, SET_COOKIE, USER_AGENT};
use serde_json::Value;

// Some sites count or refuse script user agents; the load must look like browsers.
const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const READER_COOKIE: &str = "cong_r";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Rating,
    Vote,
    Comment,
}

impl Kind {
    fn form(self) -> &'static str {
        match self {
            Kind::Rating => "rating",
            Kind::Vote => "vote",
            Kind::Comment => "comment",
        }
    }
}

struct Args {
    base: String,
    kind: Kind,
    clients: usize,
    secs: f64,
    tag: String,
}

fn usage() -> ! {
    eprintln!("usage: participation_load BASE_URL rating|vote|comment CLIENTS SECS [TAG]");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 4 || a.len() > 5 {
        usage();
    }
    let kind = match a[1].as_str() {
        "rating" => Kind::Rating,
        "vote" => Kind::Vote,
        "comment" => Kind::Comment,
        _ => usage(),
    };
    let clients: usize = a[2].parse().unwrap_or_else(|_| usage());
    let secs: f64 = a[3].parse().unwrap_or_else(|_| usage());
    if clients == 0 || secs.is_nan() || secs <= 0.0 {
        usage();
    }
    Args {
        base: a[0].trim_end_matches('/').to_string(),
        kind,
        clients,
        secs,
        tag: a
            .get(4)
            .cloned()
            .unwrap_or_else(|| format!("load{}", std::process::id())),
    }
}

/// What the home page says is there to rate and vote on.
struct Site {
    articles: Vec<i64>,
    poll: Option<(i64, Vec<i64>)>,
}

/// Article ids (links ending in `-{id}.html`), and the sidebar poll's id and option ids.
fn parse_home(html: &str) -> Site {
    let mut articles = Vec::new();
    for (at, _) in html.match_indices(".html\"") {
        let digits: String = html[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !digits.is_empty() && html[..at - digits.len()].ends_with('-') {
            let id: i64 = digits.parse().expect("digits");
            if !articles.contains(&id) {
                articles.push(id);
            }
        }
    }
    let poll = html.find("action=\"/tham-do/").map(|start| {
        let rest = &html[start + "action=\"/tham-do/".len()..];
        let id = rest[..rest.find('"').unwrap_or(0)].parse().unwrap_or(0);
        let form = &rest[..rest.find("</form>").unwrap_or(rest.len())];
        let options = form
            .split("<input")
            .skip(1)
            .filter_map(|tag| {
                let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                (attr(tag, "name") == Some("option"))
                    .then(|| attr(tag, "value")?.parse().ok())
                    .flatten()
            })
            .collect();
        (id, options)
    });
    Site { articles, poll }
}

/// The value of a double-quoted attribute in the inside of one HTML tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The reader cookie a response sets, as `cong_r=VALUE`.
fn reader_cookie(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with(&format!("{READER_COOKIE}=")))
        .map(|pair| pair.trim().to_string())
}

/// One client's tallies, merged at the end.
#[derive(Default)]
struct Tally {
    accepted: u64,
    requests: u64,
    errors: BTreeMap<String, u64>,
    latencies_us: Vec<u32>,
    readers: u64,
    stars_sum: i64,
    option_votes: BTreeMap<i64, u64>,
}

impl Tally {
    fn error(&mut self, what: impl Into<String>) {
        *self.errors.entry(what.into()).or_default() += 1;
    }

    fn merge(&mut self, o: Tally) {
        self.accepted += o.accepted;
        self.requests += o.requests;
        for (k, v) in o.errors {
            *self.errors.entry(k).or_default() += v;
        }
        self.latencies_us.extend(o.latencies_us);
        self.readers += o.readers;
        self.stars_sum += o.stars_sum;
        for (k, v) in o.option_votes {
            *self.option_votes.entry(k).or_default() += v;
        }
    }
}

/// A reader as a browser holds it: its cookie and the next form token of the kind in use.
struct Reader {
    cookie: String,
    token: Option<String>,
}

struct Client {
    http: reqwest::Client,
    base: String,
    kind: Kind,
    tag: String,
    n: usize,
    site: std::sync::Arc<Site>,
    end: Instant,
    rng: StdRng,
    tally: Tally,
    /// Time between this client's forms when paced, and when the next may go.
    pace: Option<(Duration, Instant)>,
}

impl Client {
    /// A form token; without a cookie the server mints a new reader and sets its cookie.
    async fn token(&mut self, cookie: Option<&str>) -> Option<Reader> {
        let url = format!("{}/api/form-token?for={}", self.base, self.kind.form());
        let mut req = self.http.get(url).header(ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        self.tally.requests += 1;
        let resp = match req.send().await {
            Ok(r) => r,
            Err(_) => {
                self.tally.error("io");
                return None;
            }
        };
        let status = resp.status();
        let set = reader_cookie(&resp);
        let body: Option<Value> = resp.json().await.ok();
        if !status.is_success() {
            self.tally.error(status.as_u16().to_string());
            return None;
        }
        let token = body.as_ref().and_then(|b| b["token"].as_str());
        let cookie = set.or_else(|| cookie.map(str::to_string));
        match (token, cookie) {
            (Some(t), Some(c)) => Some(Reader {
                cookie: c,
                token: Some(t.to_string()),
            }),
            _ => {
                self.tally.error("no_token_or_cookie");
                None
            }
        }
    }

    /// Posts one form; returns whether it was accepted, and takes the next token from the
    /// answer (or forgets the reader's token, so the caller fetches a new one).
    async fn submit(&mut self, reader: &mut Reader, path: &str, form: &[(&str, String)]) -> bool {
        let Some(token) = reader.token.take() else {
            return false;
        };
        if let Some((every, next)) = &mut self.pace {
            tokio::time::sleep_until((*next).into()).await;
            // A client that fell behind does not catch up in a burst.
            *next = (*next + *every).max(Instant::now());
        }
        let mut fields = vec![("token", token)];
        fields.extend(form.iter().cloned());
        self.tally.requests += 1;
        let t0 = Instant::now();
        let sent = self
            .http
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .header(COOKIE, &reader.cookie)
            .form(&fields)
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(_) => {
                self.tally.error("io");
                return false;
            }
        };
        let status = resp.status();
        let body: Option<Value> = resp.json().await.ok();
        let us = t0.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        self.tally.latencies_us.push(us);
        if !status.is_success() {
            self.tally.error(status.as_u16().to_string());
            return false;
        }
        match body {
            Some(b) if b["ok"] == Value::Bool(true) => {
                reader.token = b["token"].as_str().map(str::to_string);
                self.tally.accepted += 1;
                true
            }
            _ => {
                self.tally.error("not_ok");
                false
            }
        }
    }

    async fn run(mut self) -> Tally {
        match self.kind {
            Kind::Rating => self.ratings().await,
            Kind::Vote => self.votes().await,
            Kind::Comment => self.comments().await,
        }
        self.tally
    }

    async fn ratings(&mut self) {
        let mut reader: Option<Reader> = None;
        let mut todo: Vec<i64> = Vec::new();
        while Instant::now() < self.end {
            if todo.is_empty() {
                // A new reader: every rating of this run is a new row.
                reader = self.token(None).await;
                if reader.is_none() {
                    pause_after_error().await;
                    continue;
                }
                self.tally.readers += 1;
                todo = self.site.articles.clone();
                todo.shuffle(&mut self.rng);
            }
            let mut r = reader.take().expect("a reader");
            if r.token.is_none() {
                match self.token(Some(&r.cookie)).await {
                    Some(fresh) => r = fresh,
                    None => {
                        reader = Some(r);
                        pause_after_error().await;
                        continue;
                    }
                }
            }
            let article = *todo.last().expect("an article");
            let stars: i64 = self.rng.random_range(1..=5);
            if self
                .submit(
                    &mut r,
                    &format!("/danh-gia/{article}"),
                    &[("stars", stars.to_string())],
                )
                .await
            {
                self.tally.stars_sum += stars;
            }
            // A refused rating is not retried: the article is done for this reader either way.
            todo.pop();
            reader = Some(r);
        }
    }

    async fn votes(&mut self) {
        let Some((poll, options)) = self.site.poll.clone() else {
            return;
        };
        while Instant::now() < self.end {
            let Some(mut r) = self.token(None).await else {
                pause_after_error().await;
                continue;
            };
            self.tally.readers += 1;
            let option = options[self.rng.random_range(0..options.len())];
            if self
                .submit(
                    &mut r,
                    &format!("/tham-do/{poll}"),
                    &[("option", option.to_string())],
                )
                .await
            {
                *self.tally.option_votes.entry(option).or_default() += 1;
            }
        }
    }

    async fn comments(&mut self) {
        let mut reader: Option<Reader> = None;
        let mut seq = 0_u64;
        while Instant::now() < self.end {
            let mut r = match reader.take() {
                Some(r) if r.token.is_some() => r,
                known => match self.token(known.as_ref().map(|r| r.cookie.as_str())).await {
                    Some(fresh) => {
                        if known.is_none() {
                            self.tally.readers += 1;
                        }
                        fresh
                    }
                    None => {
                        reader = known;
                        pause_after_error().await;
                        continue;
                    }
                },
            };
            seq += 1;
            let article = self.site.articles[self.rng.random_range(0..self.site.articles.len())];
            let n = self.n;
            let form = [
                ("name", format!("Bạn đọc {n}")),
                ("email", format!("ban-doc-{n}@example.vn")),
                (
                    "body",
                    format!(
                        "Cảm ơn bài viết, thông tin rất hữu ích cho người dân. Mã {}-{n}-{seq}.",
                        self.tag
                    ),
                ),
                // The honeypot: a person leaves it empty.
                ("website", String::new()),
            ];
            self.submit(&mut r, &format!("/binh-luan/{article}"), &form)
                .await;
            reader = Some(r);
        }
    }
}

/// After a failed token fetch: a server that is down must not turn the client into a busy loop.
async fn pause_after_error() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}

fn percentile_ms(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let i = ((sorted_us.len() as f64 * p).ceil() as usize).clamp(1, sorted_us.len()) - 1;
    f64::from(sorted_us[i]) / 1000.0
}

fn main() {
    let args = parse_args();
    // One thread by default: on the 2-core benchmark machine the generator should take as
    // little CPU from the server as it can; LOAD_THREADS raises it.
    let threads: usize = std::env::var("LOAD_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let rt = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    }
    .enable_all()
    .build()
    .expect("tokio runtime");
    std::process::exit(rt.block_on(run(args)));
}

async fn run(args: Args) -> i32 {
    let http = reqwest::Client::builder()
        .user_agent(UA)
        .pool_max_idle_per_host(args.clients * 2)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client");
    let home = match http
        .get(format!("{}/", args.base))
        .header(USER_AGENT, UA)
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => r.text().await.unwrap_or_default(),
        Ok(r) => {
            eprintln!("GET / answered {}", r.status());
            return 1;
        }
        Err(e) => {
            eprintln!("GET / failed: {e}");
            return 1;
        }
    };
    let site = parse_home(&home);
    if site.articles.is_empty() {
        eprintln!("no article links (…-ID.html) on the home page");
        return 1;
    }
    if args.kind == Kind::Vote && site.poll.as_ref().is_none_or(|(_, o)| o.is_empty()) {
        eprintln!("no poll form (action=\"/tham-do/ID\" with option inputs) on the home page");
        return 1;
    }
    let site = std::sync::Arc::new(site);
    let pace_per_s: f64 = match std::env::var("PACE_PER_S") {
        Ok(v) => match v.parse() {
            Ok(n) if n > 0.0 => n,
            _ => {
                eprintln!("PACE_PER_S must be a positive number (got {v:?})");
                return 2;
            }
        },
        Err(_) => 0.0,
    };
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(args.secs);
    let mut seeder = StdRng::from_os_rng();
    let tasks: Vec<_> = (0..args.clients)
        .map(|n| {
            let client = Client {
                http: http.clone(),
                base: args.base.clone(),
                kind: args.kind,
                tag: args.tag.clone(),
                n,
                site: site.clone(),
                end,
                rng: StdRng::seed_from_u64(seeder.random()),
                tally: Tally::default(),
                // Clients start spread over one interval, so the paced load is even.
                pace: (pace_per_s > 0.0).then(|| {
                    let every = Duration::from_secs_f64(args.clients as f64 / pace_per_s);
                    (every, start + every.mul_f64(n as f64 / args.clients as f64))
                }),
            };
            tokio::spawn(client.run())
        })
        .collect();
    let mut total = Tally::default();
    for t in tasks {
        total.merge(t.await.expect("client task"));
    }
    // Until the last answer: the writes in flight at the deadline count, so does their time.
    let secs = start.elapsed().as_secs_f64();
    total.latencies_us.sort_unstable();
    let errors: u64 = total.errors.values().sum();
    let list = |m: &BTreeMap<String, u64>| {
        if m.is_empty() {
            "none".to_string()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect::<Vec<_>>()
                .join(",")
        }
    };
    let options: BTreeMap<String, u64> = total
        .option_votes
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    println!(
        "kind={} clients={} secs={secs:.2} accepted={} accepted_per_s={:.1} requests={} \
         req_per_s={:.1} errors={errors} error_statuses={} p50_ms={:.2} p99_ms={:.2} \
         readers={} stars_sum={} option_votes={} tag={}",
        args.kind.form(),
        args.clients,
        total.accepted,
        total.accepted as f64 / secs,
        total.requests,
        total.requests as f64 / secs,
        list(&total.errors),
        percentile_ms(&total.latencies_us, 0.50),
        percentile_ms(&total.latencies_us, 0.99),
        total.readers,
        total.stars_sum,
        list(&options),
        args.tag,
    );
    0
}
