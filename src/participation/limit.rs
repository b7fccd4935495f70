//! Per-address limits: how many writes of one kind an IP address may send per hour.
//!
//! Kept in memory, per instance: the point is to stop one machine stuffing a score after
//! clearing its cookies, not to account exactly. Each address holds a window of one hour
//! counted in whole minutes, so memory stays small however many requests arrive. An IPv6
//! address counts as its /64 (see [`network`]): a household can pick any address in it.

use std::net::IpAddr;
use std::sync::Mutex;

use dashmap::DashMap;

use crate::http::client::network;

/// Minutes in the window.
const WINDOW: usize = 60;

/// Counts of one address: per minute slot, with the minute each slot belongs to.
#[derive(Debug)]
struct Window {
    minutes: [i64; WINDOW],
    counts: [u32; WINDOW],
}

impl Window {
    fn total(&self, minute: i64) -> u32 {
        self.minutes
            .iter()
            .zip(&self.counts)
            .filter(|(m, _)| minute - **m < WINDOW as i64)
            .map(|(_, c)| c)
            .sum()
    }
}

/// One limit (e.g. ratings per hour) over all addresses.
#[derive(Debug)]
pub struct Limit {
    per_hour: u32,
    by_ip: DashMap<IpAddr, Mutex<Window>>,
}

impl Limit {
    /// At most `per_hour` per address in any hour; 0 means no limit.
    pub fn new(per_hour: u32) -> Limit {
        Limit {
            per_hour,
            by_ip: DashMap::new(),
        }
    }

    /// Takes one from `ip`'s allowance at `now` (Unix seconds); `Err(seconds)` says how long
    /// until the address may send again.
    pub fn take(&self, ip: IpAddr, now: i64) -> Result<(), i64> {
        if self.per_hour == 0 {
            return Ok(());
        }
        let minute = now.div_euclid(60);
        let entry = self.by_ip.entry(network(ip)).or_insert_with(|| {
            Mutex::new(Window {
                minutes: [i64::MIN / 2; WINDOW],
                counts: [0; WINDOW],
            })
        });
        let mut w = entry.lock().unwrap_or_else(|e| e.into_inner());
        if w.total(minute) >= self.per_hour {
            // The oldest minute still counted leaves the window first.
            let oldest = w
                .minutes
                .iter()
                .zip(&w.counts)
                .filter(|(m, c)| minute - **m < WINDOW as i64 && **c > 0)
                .map(|(m, _)| *m)
                .min()
                .unwrap_or(minute);
            return Err(((oldest + WINDOW as i64) * 60 - now).max(1));
        }
        let slot = minute.rem_euclid(WINDOW as i64) as usize;
        if w.minutes[slot] != minute {
            w.minutes[slot] = minute;
            w.counts[slot] = 0;
        }
        w.counts[slot] += 1;
        Ok(())
    }

    /// Drops addresses with nothing in the window, so the map does not grow for ever.
    pub fn sweep(&self, now: i64) {
        let minute = now.div_euclid(60);
        self.by_ip.retain(|_, w| {
            let w = w.get_mut().unwrap_or_else(|e| e.into_inner());
            w.total(minute) > 0
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_hourly_amount_per_address_then_says_when() {
        let limit = Limit::new(3);
        let (a, b): (IpAddr, IpAddr) = ("203.0.113.1".parse().unwrap(), "::1".parse().unwrap());
        let t = 1_800_000_000;
        assert!(limit.take(a, t).is_ok());
        assert!(limit.take(a, t + 61).is_ok());
        assert!(limit.take(a, t + 122).is_ok());
        let wait = limit.take(a, t + 130).unwrap_err();
        assert!((3000..=3600).contains(&wait), "{wait}");
        assert!(
            limit.take(b, t + 130).is_ok(),
            "other addresses are separate"
        );
        // Another address of the same IPv6 /64 is the same client.
        let v6 = |s: &str| s.parse::<IpAddr>().unwrap();
        let l6 = Limit::new(1);
        assert!(l6.take(v6("2001:db8:5:6::1"), t).is_ok());
        assert!(l6.take(v6("2001:db8:5:6:ffff::2"), t).is_err());
        assert!(l6.take(v6("2001:db8:5:7::1"), t).is_ok());
        // An hour after the first, one slot is free again.
        assert!(limit.take(a, t + 3600).is_ok());
        assert!(limit.take(a, t + 3601).is_err());
        limit.sweep(t + 10_000);
        assert!(limit.by_ip.is_empty());
    }

    #[test]
    fn zero_means_no_limit() {
        let limit = Limit::new(0);
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        assert!((0..10_000).all(|i| limit.take(a, i).is_ok()));
    }
}
