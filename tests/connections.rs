//! The connection loop over a real socket: a client that sends its headers slowly, or
//! nothing, is cut off; an oversized head is refused; a slow body gets 408; one address cannot
//! take every connection, and at the global cap new clients wait instead of being dropped.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Running {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A portal serving on a loopback port, with `tweak` applied to its configuration.
async fn start(tweak: impl FnOnce(&mut cong::Config)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let mut config = cong::Config {
        data: dir.path().to_path_buf(),
        sample_content: false,
        ..cong::Config::default()
    };
    tweak(&mut config);
    let app = cong::build_app(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(cong::serve(app, listener, async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        _dir: dir,
    }
}

/// Reads until the server closes the connection or `limit` passes: (bytes read, closed).
async fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (out, true),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (out, false),
        }
    }
}

#[tokio::test]
async fn a_slow_or_silent_client_is_cut_off_at_the_header_deadline() {
    let srv = start(|c| c.server.header_timeout_secs = 2).await;
    // One header line a second, for ever.
    let mut slow = TcpStream::connect(srv.addr).await.unwrap();
    let started = Instant::now();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut cut = None;
    for i in 0..20 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if slow
            .write_all(format!("X-Cham-{i}: a\r\n").as_bytes())
            .await
            .is_err()
        {
            cut = Some(started.elapsed());
            break;
        }
        let mut probe = [0u8; 1];
        if let Ok(Ok(0)) =
            tokio::time::timeout(Duration::from_millis(1), slow.read(&mut probe)).await
        {
            cut = Some(started.elapsed());
            break;
        }
    }
    let cut = cut.expect("a slow-header client was still connected after 10 s");
    assert!(cut < Duration::from_secs(5), "cut after {cut:?}");
    // A connection that sends nothing at all.
    let mut silent = TcpStream::connect(srv.addr).await.unwrap();
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(closed, "a silent connection stayed open");
    // A kept-alive connection gets the same deadline between requests.
    let mut idle = TcpStream::connect(srv.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(closed, "an idle kept-alive connection stayed open");
}

#[tokio::test]
async fn an_oversized_head_and_a_slow_body_are_refused() {
    let srv = start(|c| c.server.request_timeout_secs = 2).await;
    let mut big = TcpStream::connect(srv.addr).await.unwrap();
    let filler = "a".repeat(500 * 1024);
    let head = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Lon: {filler}\r\n\r\n");
    // The server may stop reading (and close) before all of it is written.
    let _ = big.write_all(head.as_bytes()).await;
    let (answer, closed) = read_until_closed(&mut big, Duration::from_secs(5)).await;
    assert!(closed);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 431"),
        "a 500 KB head was answered: {}",
        &text[..text.len().min(80)]
    );
    // A body that never arrives: the request ends with 408, the connection is freed.
    let mut slow = TcpStream::connect(srv.addr).await.unwrap();
    slow.write_all(
        b"POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=a",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let (answer, _) = read_until_closed(&mut slow, Duration::from_secs(6)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 408"),
        "{}",
        &text[..text.len().min(80)]
    );
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn one_address_cannot_take_every_connection_and_the_cap_queues() {
    let srv = start(|c| {
        c.server.max_connections = 6;
        c.server.max_connections_per_ip = 4;
        c.server.header_timeout_secs = 30;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(srv.addr).await.unwrap());
    }
    // Let the server accept them.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut fifth = TcpStream::connect(srv.addr).await.unwrap();
    let (_, closed) = read_until_closed(&mut fifth, Duration::from_secs(2)).await;
    assert!(closed, "a fifth connection from one address was kept");
    // The four still work.
    held[0]
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut held[0], Duration::from_secs(5)).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    held.remove(0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    // From another address (loopback has a whole /8), up to the global cap of six.
    let other = std::net::SocketAddr::new("127.0.0.2".parse().unwrap(), 0);
    let connect_from = |from: std::net::SocketAddr| async move {
        let s = tokio::net::TcpSocket::new_v4().unwrap();
        s.bind(from).unwrap();
        s.connect(srv.addr).await.unwrap()
    };
    let mut more = Vec::new();
    for _ in 0..3 {
        more.push(connect_from(other).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Six open: a seventh waits, unanswered, instead of being dropped...
    let mut waiting = connect_from(other).await;
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (early, closed) = read_until_closed(&mut waiting, Duration::from_millis(700)).await;
    assert!(early.is_empty() && !closed, "served past the cap");
    // ...and is served as soon as one closes.
    drop(held.pop());
    let (answer, _) = read_until_closed(&mut waiting, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}
