//! Which log-in attempts count against which limits.
//!
//! A lock-out must stop a guesser without locking out the account's owner. So a browser that
//! has logged in to an account before carries a signed device cookie for it and is counted on
//! its own; everyone else is counted per (name, network), and only in bulk per name and per
//! network. A guesser then locks out only himself and other strangers, never the owner's usual
//! browser, wherever it is; an office behind one NAT keeps working from its known browsers.

use cong_store::FailureRule;

pub use crate::http::client::network;

use super::config::SecurityConfig;

/// The limits of a site.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// One name from one network (or one known browser): the configured lock-out.
    pub pair: FailureRule,
    /// One name from anywhere, for browsers that never logged in to it.
    pub name: FailureRule,
    /// One network, whatever the names, for browsers that never logged in.
    pub network: FailureRule,
    /// Wrong second-step codes of one account.
    pub code: FailureRule,
    /// Wrong current passwords typed in a session (before sensitive changes).
    pub reauth: FailureRule,
}

impl Rules {
    /// The limits from the `[security]` settings.
    pub fn of(s: &SecurityConfig) -> Rules {
        let rule = |limit| FailureRule {
            limit,
            window: s.lockout_secs,
            lock: s.lockout_secs,
        };
        Rules {
            pair: rule(s.lockout_failures),
            name: rule(s.lockout_failures * 4),
            network: rule(s.lockout_failures * 6),
            code: rule(s.lockout_failures * 2),
            reauth: rule(s.lockout_failures),
        }
    }
}

/// Keys of the counts in the database.
pub mod keys {
    use std::net::IpAddr;

    /// One name from one network.
    pub fn pair(name: &str, ip: IpAddr) -> String {
        format!("pair:{name}|{}", super::network(ip))
    }
    /// One name from anywhere.
    pub fn name(name: &str) -> String {
        format!("user:{name}")
    }
    /// One network.
    pub fn network(ip: IpAddr) -> String {
        format!("ip:{}", super::network(ip))
    }
    /// One known browser.
    pub fn device(id: &str) -> String {
        format!("device:{id}")
    }
    /// Second-step codes of one account.
    pub fn code(user_id: i64) -> String {
        format!("code:{user_id}")
    }
    /// Current passwords typed in a session of one account.
    pub fn reauth(user_id: i64) -> String {
        format!("reauth:{user_id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::net::IpAddr;

    #[test]
    fn keys_name_the_network_not_the_address() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        assert_eq!(keys::network(a), "ip:2001:db8:1:2::");
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(keys::pair("mai", v4), "pair:mai|203.0.113.7");
    }
}
