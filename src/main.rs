//! The `cong` command: serve the portal, apply migrations, generate load-test content.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use cong::Config;

// mimalloc: the hot path allocates a little per request; it is measurably cheaper than glibc's
// allocator under two busy threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cong",
    version,
    about = "Cổng: a web portal engine for public agencies"
)]
struct Cli {
    /// Configuration file (default: ./cong.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data folder (database, media, theme overrides).
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    /// Database URL (default: SQLite file in the data folder).
    #[arg(long, global = true)]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal.
    Serve {
        /// Address and port to listen on.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Rebuild this instance's search index from the database.
    Reindex,
    /// Moderate readers' comments (works while the portal is running).
    Comments {
        #[command(subcommand)]
        action: CommentsAction,
    },
    /// Manage back-office accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Add generated articles (for load tests).
    Generate {
        /// How many articles to add.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
    },
    /// Check media storage against the library, or move it to S3.
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// Import a WordPress export or a NukeViet dump (works while the portal is running;
    /// running the same import again updates what changed and duplicates nothing).
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
}

#[derive(Subcommand)]
enum ImportFrom {
    /// A WordPress export (Tools → Export → All content), WXR 1.0 to 1.2.
    Wxr {
        /// The export file.
        file: PathBuf,
        /// The old site's uploads folder (wp-content/uploads), to copy photos from.
        #[arg(long)]
        uploads: Option<PathBuf>,
        /// The old site's address, when the export's own is not the public one.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// A MySQL dump of a NukeViet 4 site (phpMyAdmin or mysqldump).
    Nukeviet {
        /// The dump file.
        file: PathBuf,
        /// The old site's uploads folder, to copy photos from.
        #[arg(long)]
        uploads: Option<PathBuf>,
        /// Table prefix.
        #[arg(long, default_value = "nv4")]
        prefix: String,
        /// Data language to import.
        #[arg(long, default_value = "vi")]
        lang: String,
        /// The old site's address: tells two sites with the same prefix apart, and makes
        /// photo addresses absolute where the file was not copied.
        #[arg(long)]
        base_url: Option<String>,
    },
}

#[derive(Subcommand)]
enum MediaAction {
    /// List files the library refers to that storage lacks, and files nobody refers to.
    Check,
    /// Copy the media folder into the S3 bucket of `[media.s3]`; run it again to resume.
    Migrate {
        /// Where to: `s3`.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum CommentsAction {
    /// List comments waiting for approval.
    Pending,
    /// Publish a comment.
    Approve {
        /// Comment id.
        id: i64,
    },
    /// Reject a comment (it is kept, never shown).
    Reject {
        /// Comment id.
        id: i64,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account (the first administrator, for one).
    Add {
        /// admin, editor or author.
        #[arg(long)]
        role: String,
        /// Name shown in the back office (default: the log-in name).
        #[arg(long, default_value = "")]
        display_name: String,
        /// Read the password from the first line of standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
        /// Log-in name.
        name: String,
    },
}

fn main() -> anyhow::Result<()> {
    // Whatever cong writes (database, index, media, backups) is for its owner only.
    // SAFETY: umask only sets the process's file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o077);
    }
    init_logging();
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(d) = cli.data {
        config.data = d;
    }
    if let Some(db) = cli.database {
        config.database = db;
    }
    if let Command::Serve { listen: Some(l) } = &cli.command {
        config.listen = l.clone();
    }
    config.apply_preset();
    config.validate()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // File reads and other blocking calls each take a thread of this pool. Tokio's default
        // of 512 let 64 readers streaming photos grow it to hundreds of threads, each with an
        // allocator heap of its own: 1.3 GB (bench/media.sh, 2026-12-08). Two cores gain
        // nothing from more than a few dozen.
        .max_blocking_threads(32)
        .build()
        .context("starting the runtime")?;
    rt.block_on(run(cli.command, config))
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve { .. } => {
            let started = std::time::Instant::now();
            let listen = config.listen.clone();
            warn_about_transport(&config);
            raise_file_limit(config.server.max_connections);
            let app = cong::build_app(config).await?;
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("listening on {listen}"))?;
            tracing::info!(
                address = %listen,
                ready_ms = started.elapsed().as_millis() as u64,
                "Cổng is serving"
            );
            cong::serve(app, listener, shutdown_signal()).await?;
            tracing::info!("stopped cleanly");
        }
        Command::Migrate => {
            let config = Config {
                sample_content: false,
                ..config
            };
            cong::build_app(config).await?;
            println!("migrations applied");
        }
        Command::Reindex => {
            let app = cong::build_app(config).await?;
            let started = std::time::Instant::now();
            let n = cong::search::rebuild(&app.store, &app.search).await?;
            cong::search::sync(&app.store, &app.search).await?;
            println!(
                "indexed {n} articles in {} ms",
                started.elapsed().as_millis()
            );
        }
        Command::Comments { action } => comments(config, action).await?,
        Command::Import { from } => import(config, from).await?,
        Command::Media { action } => media(config, action).await?,
        Command::User { action } => user(config, action).await?,
        Command::Generate { articles } => {
            let data = config.data.clone();
            let app = cong::build_app(config).await?;
            let now = app.now();
            let n = cong::seed::generate_articles(&app.store, &data, articles, now).await?;
            println!("added {n} generated articles");
        }
    }
    Ok(())
}

/// Media storage from the command line; exits with 1 when the check finds a missing file.
async fn media(config: Config, action: MediaAction) -> anyhow::Result<()> {
    use cong::media::{storage::Storage, tools};
    match action {
        MediaAction::Check => {
            let store = open_store(&config).await?;
            let storage = Storage::open(&config.media, &config.data)?;
            let found = tools::check(&store, &storage).await?;
            for (id, key) in &found.missing {
                println!("missing\t{key}\t(library entry {id})");
            }
            for key in &found.orphans {
                println!("unused\t{key}");
            }
            println!(
                "{}: {} missing, {} unused",
                storage.label,
                found.missing.len(),
                found.orphans.len()
            );
            if !found.missing.is_empty() {
                std::process::exit(1);
            }
        }
        MediaAction::Migrate { to } => {
            anyhow::ensure!(to == "s3", "--to takes s3 (the bucket in [media.s3])");
            anyhow::ensure!(
                !config.media.s3.bucket.is_empty(),
                "set media.s3.bucket (and endpoint, keys) first"
            );
            let from = Storage::folder_in(&config.data)?;
            let into = Storage::s3(&config.media)?;
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta}")
                    .expect("a valid template"),
            );
            let moved = tools::migrate(&from, &into, &bar).await?;
            println!(
                "copied {} files ({} bytes), {} already there; now set media.storage = \"s3\"",
                moved.copied, moved.bytes, moved.skipped
            );
        }
    }
    Ok(())
}

/// Account management from the command line; only the database is opened.
async fn user(config: Config, action: UserAction) -> anyhow::Result<()> {
    let UserAction::Add {
        role,
        display_name,
        password_stdin,
        name,
    } = action;
    let password = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let first = rpassword::prompt_password(format!("Password for {name}: "))?;
        let again = rpassword::prompt_password("Again: ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        first
    };
    let store = open_store(&config).await?;
    let now = chrono::Utc::now().timestamp();
    let new = cong::auth::accounts::NewAccount {
        name: &name,
        display_name: &display_name,
        role: &role,
        password: &password,
    };
    let hasher = cong::auth::hashing::Hasher::new(1);
    let id = cong::auth::accounts::create(&store, &hasher, &config.security, new, now).await?;
    store.close().await;
    println!("user {name} created (id {id}, role {role})");
    Ok(())
}

/// The database alone (not the search index a running server holds), migrated; a new data
/// folder is created private first, so `cong user add` can be the very first command.
async fn open_store(config: &Config) -> anyhow::Result<cong_store::Store> {
    if config.database.is_empty() {
        cong::private::data_folder(&config.data)?;
    }
    let url = config.database_url();
    let store = cong_store::Store::open(&url)
        .await
        .with_context(|| format!("opening database {}", cong::config::redact_url(&url)))?;
    cong::private::database_files(&config.data);
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

/// Moderation from the command line: only the database is opened (not the search index a
/// running server holds), and running servers notice the change within a second.
async fn comments(config: Config, action: CommentsAction) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    match action {
        CommentsAction::Pending => {
            let pending = store.pending_comments(1000).await?;
            if pending.is_empty() {
                println!("no comments waiting");
            }
            for c in pending {
                let text: String = c.body.chars().take(80).collect();
                println!(
                    "{}\tarticle {}\t{} <{}>\t{}",
                    c.id,
                    c.article_id,
                    c.name,
                    c.email,
                    text.replace('\n', " ")
                );
            }
        }
        CommentsAction::Approve { id } | CommentsAction::Reject { id } => {
            let approve = matches!(action, CommentsAction::Approve { .. });
            let article = store.moderate_comment(id, approve).await?;
            store.touch_content().await?;
            let done = if approve { "approved" } else { "rejected" };
            println!("comment {id} {done} (article {article})");
        }
    }
    store.close().await;
    Ok(())
}

/// Imports into the portal; only the database is opened, so it works while a server runs.
async fn import(config: Config, from: ImportFrom) -> anyhow::Result<()> {
    use cong::import::{Format, Request};
    use cong_import::{nukeviet, wxr};
    let request = match from {
        ImportFrom::Wxr {
            file,
            uploads,
            base_url,
        } => Request {
            file,
            uploads,
            // The old site's zone is learnt from posts that carry both local and GMT dates.
            format: Format::Wxr(wxr::Options {
                base_url,
                time_zone: None,
            }),
        },
        ImportFrom::Nukeviet {
            file,
            uploads,
            prefix,
            lang,
            base_url,
        } => Request {
            file,
            uploads,
            format: Format::NukeViet(nukeviet::Options {
                prefix,
                lang,
                base_url,
            }),
        },
    };
    let file = request.file.display().to_string();
    let done = cong::import::run(&config, request).await?;
    println!(
        "imported {file} ({}) as \"{}\" in {:.1} s, {:.0} items/s, {} photos added to the library",
        done.summary,
        done.source,
        done.seconds,
        done.items as f64 / done.seconds.max(0.001),
        done.photos_copied
    );
    print!("{}", done.report);
    Ok(())
}

/// Says at start when cookies will not be marked Secure and no HSTS will be sent: the site's
/// address is http while the server is reachable from other machines or sits behind a proxy.
fn warn_about_transport(config: &Config) {
    let loopback = config
        .listen
        .parse::<std::net::SocketAddr>()
        .is_ok_and(|a| a.ip().is_loopback());
    if !config.base_url().starts_with("https://")
        && (!loopback || !config.trusted_proxies.is_empty())
    {
        tracing::warn!(
            base_url = %config.base_url(),
            "site.base_url is not https://: log-in cookies are not marked Secure and no HSTS is \
             sent unless a trusted proxy says X-Forwarded-Proto: https; set site.base_url to \
             the public https:// address"
        );
    }
}

/// Lifts the soft limit on open files to the hard one, so `server.max_connections` can be
/// reached; says so when even the hard limit is lower.
fn raise_file_limit(connections: usize) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the struct passed, nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
    if !ok {
        return;
    }
    if lim.rlim_cur < lim.rlim_max {
        lim.rlim_cur = lim.rlim_max;
        // SAFETY: as above.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
    }
    // Connections, plus the database, the index and the media files open at once.
    let needed = connections as u64 + 256;
    if lim.rlim_cur < needed {
        tracing::warn!(
            open_files = lim.rlim_cur,
            needed,
            "the open-file limit is below server.max_connections; connections past it are refused"
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("CONG_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("CONG_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
