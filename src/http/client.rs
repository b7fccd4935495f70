//! Who is asking: the client address (through trusted proxies only) and whether it is a bot.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, Method};

use crate::live::visits::{is_bot, reader_key};
use crate::state::AppState;

/// The reader behind a request, as far as counting goes.
#[derive(Clone, Debug)]
pub struct Reader {
    /// Client address.
    pub ip: IpAddr,
    /// Counting key; none for bots and scripts.
    pub key: Option<u64>,
    /// Whether this request counts as a view (a GET by a non-bot).
    pub counts_view: bool,
    /// The reader cookie as sent (not yet verified).
    pub cookie: Option<String>,
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Reader::of(
            &parts.method,
            &parts.headers,
            &parts.extensions,
            app,
        ))
    }
}

impl Reader {
    /// The reader behind a request, from its method, headers and connection info.
    pub fn of(
        method: &Method,
        headers: &HeaderMap,
        extensions: &Extensions,
        app: &AppState,
    ) -> Reader {
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
        let trusted = &app.config.trusted_proxies;
        // Only a trusted proxy's X-Forwarded-For is read (and only then is it joined).
        let ip = if trusted.contains(&peer) {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            client_ip(peer, &forwarded, trusted)
        } else {
            peer
        };
        let ua = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let bot = is_bot(ua);
        Reader {
            ip,
            key: (!bot).then(|| reader_key(ip, ua)),
            counts_view: !bot && method == Method::GET,
            cookie: reader_cookie(headers),
        }
    }
}

/// The value of the reader cookie, if the request carries one.
fn reader_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == crate::participation::READER_COOKIE).then(|| value.to_string())
        })
}

/// The client's address: the peer, unless the peer is a trusted proxy, in which case
/// X-Forwarded-For is walked from the right past trusted proxies (the leftmost is forgeable).
pub fn client_ip(peer: IpAddr, forwarded_for: &str, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut ip = peer;
    for hop in forwarded_for.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(addr) => {
                ip = addr;
                if !trusted.contains(&addr) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    ip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_through_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        let forged = "1.2.3.4, 203.0.113.9";
        assert_eq!(
            client_ip(client, forged, &[proxy]),
            client,
            "untrusted peer: ignore header"
        );
        assert_eq!(
            client_ip(proxy, forged, &[proxy]),
            client,
            "rightmost untrusted hop wins"
        );
        assert_eq!(client_ip(proxy, "garbage", &[proxy]), proxy);
    }
}
