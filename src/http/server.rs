//! Accepting connections: HTTP/1.1 with a deadline for every request head, a cap on open
//! connections and on those of one address, and a graceful stop.
//!
//! `axum::serve` offers none of these limits, so a client that sends a header line every few
//! seconds, or nothing at all, could hold a connection for ever, and a few thousand such
//! clients would take every file descriptor. HTTP/2 is left to the TLS proxy in front: over
//! cleartext it would need a version sniff that waits, unbounded, for the client's first bytes.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use dashmap::DashMap;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::state::AppState;

/// How long requests under way may take to finish once the server is asked to stop.
const DRAIN: Duration = Duration::from_secs(10);

/// Open connections per address, each held by a [`Held`] until its connection closes.
#[derive(Default)]
struct PerAddress(DashMap<IpAddr, usize>);

/// One connection counted against its address.
struct Held(Arc<PerAddress>, IpAddr);

impl PerAddress {
    /// Counts one more connection of `ip`, or `None` when it holds `limit` already.
    fn take(self: &Arc<Self>, ip: IpAddr, limit: usize) -> Option<Held> {
        let mut n = self.0.entry(ip).or_insert(0);
        if *n >= limit {
            return None;
        }
        *n += 1;
        Some(Held(self.clone(), ip))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // The entry goes with its last connection, so the map holds only open addresses.
        self.0 .0.remove_if_mut(&self.1, |_, n| {
            *n -= 1;
            *n == 0
        });
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and gives the
/// requests under way [`DRAIN`] to finish.
pub async fn serve(
    app: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let cfg = app.config.server.clone();
    let trusted = app.config.trusted_proxies.clone();
    let router = super::router(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(cfg.header_timeout_secs))
        .max_buf_size(cfg.max_header_kib * 1024)
        .keep_alive(true);
    let slots = Arc::new(Semaphore::new(cfg.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // At the cap, new connections wait in the kernel's queue until one closes.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, typically: wait for some to close.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let held = if trusted.contains(&peer.ip()) {
            None
        } else {
            match per_address.take(peer.ip(), cfg.max_connections_per_ip) {
                Some(h) => Some(h),
                // Closed at once: only that address notices.
                None => continue,
            }
        };
        // Small responses should leave at once, not wait on Nagle's algorithm.
        let _ = tcp.set_nodelay(true);
        let service = router.clone().map_request(
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            },
        );
        let conn = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop((permit, held));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {
            tracing::warn!("requests still running after {} s; stopping anyway", DRAIN.as_secs());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_limit_and_frees_on_close() {
        let map = Arc::new(PerAddress::default());
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let a = map.take(ip, 2).unwrap();
        let b = map.take(ip, 2).unwrap();
        assert!(map.take(ip, 2).is_none());
        assert!(map.take("203.0.113.10".parse().unwrap(), 2).is_some());
        drop(a);
        let c = map.take(ip, 2).unwrap();
        drop((b, c));
        assert!(map.0.is_empty(), "closed addresses leave the map");
    }
}
