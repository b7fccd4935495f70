//! The `[server]` settings: how long a client may take, and how many connections it may hold.

use serde::{Deserialize, Serialize};

/// Connection limits and timeouts.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Seconds a client has to send a request's headers, and the longest an idle kept-alive
    /// connection stays open.
    pub header_timeout_secs: u64,
    /// Seconds a request may take from its headers to the start of the answer (reading the
    /// body included); slower requests get 408.
    pub request_timeout_secs: u64,
    /// Largest request head (request line and headers), in KiB.
    pub max_header_kib: usize,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// Connections one address may hold at once (trusted proxies are not limited); more are
    /// closed at once.
    pub max_connections_per_ip: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_timeout_secs: 15,
            request_timeout_secs: 30,
            max_header_kib: 32,
            max_connections: 1024,
            max_connections_per_ip: 256,
        }
    }
}

impl ServerConfig {
    /// Checks the values; the error is (key, problem).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=60).contains(&self.header_timeout_secs) {
            return Err((
                "server.header_timeout_secs",
                "must be between 1 and 60".into(),
            ));
        }
        if !(1..=3600).contains(&self.request_timeout_secs) {
            return Err((
                "server.request_timeout_secs",
                "must be between 1 and 3600".into(),
            ));
        }
        // hyper's read buffer cannot be smaller than 8 KiB.
        if !(8..=1024).contains(&self.max_header_kib) {
            return Err(("server.max_header_kib", "must be between 8 and 1024".into()));
        }
        if !(1..=1_000_000).contains(&self.max_connections) {
            return Err((
                "server.max_connections",
                "must be between 1 and 1000000".into(),
            ));
        }
        if !(1..=self.max_connections).contains(&self.max_connections_per_ip) {
            return Err((
                "server.max_connections_per_ip",
                "must be between 1 and server.max_connections".into(),
            ));
        }
        Ok(())
    }
}
