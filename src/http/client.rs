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
    /// Whether the request reached the site over https: the site's address says so, or a
    /// trusted proxy does (`X-Forwarded-Proto`).
    pub secure: bool,
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
        let mut secure = app.https;
        // Only a trusted proxy's X-Forwarded-For is read (and only then is it joined).
        let ip = if trusted.contains(&peer) {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            if !secure && proxied_https(headers) {
                secure = true;
                warn_http_base_url(&app.base_url);
            }
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
            cookie: cookie_value(headers, crate::participation::READER_COOKIE).map(String::from),
            secure,
        }
    }
}

/// The value of the cookie `name`, if the request carries it.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// Whether a (trusted) proxy says the client used https.
fn proxied_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// Says once that the site is reached over https while `site.base_url` says http: cookies
/// get `Secure` anyway, but links in feeds, sitemaps and canonical tags still say http.
fn warn_http_base_url(base_url: &str) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            base_url,
            "a trusted proxy forwards https requests but site.base_url is not https://: \
             set site.base_url to the public https:// address"
        );
    });
}

/// The network an address stands for when counting what one client may do: itself for
/// IPv4, its /64 for IPv6 (one household or office is given a whole /64 and can pick any
/// address in it), an IPv4-mapped IPv6 address as the IPv4 one.
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
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
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb:cccc:dddd:eeee".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network(a), network(b));
        assert_ne!(network(a), network(other));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(network(mapped), "203.0.113.7".parse::<IpAddr>().unwrap());
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(network(v4), v4);
    }

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
