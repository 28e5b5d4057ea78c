//! Rate limits, all driven by the injected [`Clock`]:
//! - [`GuessLimiter`]: failed PIN checks and claims per source (some free,
//!   then a doubling delay) plus a global breaker;
//! - [`LoginLimiter`]: failed sign-ins per address and per account;
//! - [`WindowLimiter`]: at most N events per key per window (new chats).
//!
//! A "source" is the client's address ([`Source`]): the peer, or the last
//! `X-Forwarded-For` hop when the peer is the configured trusted proxy.
//! IPv6 addresses count per /64, the block one subscriber usually holds.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::app::AppState;
use crate::clock::Clock;

/// The caller must wait this long.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Limited {
    pub retry_after_secs: u64,
}

impl Limited {
    fn until(ready_at_ms: i64, now_ms: i64) -> Limited {
        let wait_ms = (ready_at_ms - now_ms).max(1);
        Limited {
            retry_after_secs: ((wait_ms + 999) / 1000) as u64,
        }
    }
}

/// Some free failures, then a delay that doubles with every failure.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub free: u32,
    pub base_delay_ms: i64,
    pub max_delay_ms: i64,
    /// Failures are forgotten after this long without a new one.
    pub forget_after_ms: i64,
}

#[derive(Clone, Copy, Default, Debug)]
struct Entry {
    failures: u32,
    last_failure_ms: i64,
}

/// Failures per key.
struct Ledger {
    policy: Backoff,
    entries: HashMap<String, Entry>,
}

impl Ledger {
    fn new(policy: Backoff) -> Ledger {
        Ledger {
            policy,
            entries: HashMap::new(),
        }
    }

    fn current(&self, key: &str, now: i64) -> Entry {
        match self.entries.get(key) {
            Some(e) if now - e.last_failure_ms < self.policy.forget_after_ms => *e,
            _ => Entry::default(),
        }
    }

    /// When `key` may try again when it has `free` failures without delay.
    fn check(&self, key: &str, now: i64, free: u32) -> Result<(), Limited> {
        let e = self.current(key, now);
        if e.failures < free {
            return Ok(());
        }
        let doublings = (e.failures - free).min(40);
        let delay = self
            .policy
            .base_delay_ms
            .saturating_mul(1i64 << doublings)
            .min(self.policy.max_delay_ms);
        let ready_at = e.last_failure_ms.saturating_add(delay);
        if now >= ready_at {
            Ok(())
        } else {
            Err(Limited::until(ready_at, now))
        }
    }

    /// Counts a failure now; returns the entry as it was, for a refund.
    fn charge(&mut self, key: &str, now: i64) -> Entry {
        let previous = self.current(key, now);
        self.entries.insert(
            key.to_string(),
            Entry {
                failures: previous.failures + 1,
                last_failure_ms: now,
            },
        );
        previous
    }

    fn refund(&mut self, key: &str, previous: Entry) {
        if let Some(e) = self.entries.get_mut(key) {
            e.failures = e.failures.saturating_sub(1);
            e.last_failure_ms = previous.last_failure_ms;
            if e.failures == 0 {
                self.entries.remove(key);
            }
        }
    }

    fn reset(&mut self, key: &str) {
        self.entries.remove(key);
    }

    fn prune(&mut self, now: i64) {
        let forget = self.policy.forget_after_ms;
        self.entries.retain(|_, e| now - e.last_failure_ms < forget);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Clone, Copy, Debug)]
pub struct GuessPolicy {
    pub backoff: Backoff,
    /// More failed checks and claims than this in one window trip the breaker.
    pub breaker_threshold: u32,
    pub breaker_window_ms: i64,
    /// While tripped, a source that has failed gets only this many free
    /// failures (at least 1, so a source that never failed is never blocked).
    pub breaker_free: u32,
}

/// Budget for PIN guesses. Each check or claim is charged as a failure
/// before it runs ([`GuessLimiter::begin`]), so parallel requests cannot
/// slip past the budget, and refunded when the PIN turned out valid.
pub struct GuessLimiter {
    clock: Arc<dyn Clock>,
    policy: GuessPolicy,
    state: Mutex<GuessState>,
}

struct GuessState {
    ledger: Ledger,
    /// Times of the latest failures, all sources (at most threshold + 1).
    recent: VecDeque<i64>,
    tripped_until: i64,
    trips: u64,
}

/// An attempt in progress; settle it with `succeeded` or `failed`.
#[must_use]
pub struct Attempt {
    source: String,
    previous: Entry,
}

impl GuessLimiter {
    pub fn new(clock: Arc<dyn Clock>, mut policy: GuessPolicy) -> GuessLimiter {
        policy.breaker_free = policy.breaker_free.max(1);
        GuessLimiter {
            clock,
            policy,
            state: Mutex::new(GuessState {
                ledger: Ledger::new(policy.backoff),
                recent: VecDeque::new(),
                tripped_until: i64::MIN,
                trips: 0,
            }),
        }
    }

    pub fn begin(&self, source: &str) -> Result<Attempt, Limited> {
        let now = self.clock.now_ms();
        let mut st = lock(&self.state);
        let free = if now < st.tripped_until {
            self.policy.breaker_free.min(self.policy.backoff.free)
        } else {
            self.policy.backoff.free
        };
        st.ledger.check(source, now, free)?;
        let previous = st.ledger.charge(source, now);
        Ok(Attempt {
            source: source.to_string(),
            previous,
        })
    }

    pub fn succeeded(&self, attempt: Attempt) {
        lock(&self.state)
            .ledger
            .refund(&attempt.source, attempt.previous);
    }

    pub fn failed(&self, attempt: Attempt) {
        let now = self.clock.now_ms();
        let window = self.policy.breaker_window_ms;
        let threshold = self.policy.breaker_threshold as usize;
        let mut st = lock(&self.state);
        st.recent.push_back(now);
        while st.recent.len() > threshold + 1 {
            st.recent.pop_front();
        }
        let over = st.recent.len() > threshold
            && st.recent.front().is_some_and(|first| now - first < window);
        if over {
            if now >= st.tripped_until {
                st.trips += 1;
                tracing::warn!(
                    alert = "pin_guessing",
                    failures = st.recent.len(),
                    window_secs = window / 1000,
                    last_source = %attempt.source,
                    "ALERT: many failed PIN checks and claims; every failing source's budget is lowered"
                );
            }
            st.tripped_until = now + window;
        }
    }

    pub fn is_tripped(&self) -> bool {
        self.clock.now_ms() < lock(&self.state).tripped_until
    }

    /// How many times the breaker has tripped since start.
    pub fn trips(&self) -> u64 {
        lock(&self.state).trips
    }

    pub fn prune(&self) {
        let now = self.clock.now_ms();
        lock(&self.state).ledger.prune(now);
    }
}

/// Sign-in failures per address and per account (lower-cased email).
pub struct LoginLimiter {
    clock: Arc<dyn Clock>,
    state: Mutex<(Ledger, Ledger)>,
}

pub const LOGIN_PER_ADDRESS: Backoff = Backoff {
    free: 20,
    base_delay_ms: 1_000,
    max_delay_ms: 15 * 60_000,
    forget_after_ms: 60 * 60_000,
};

pub const LOGIN_PER_ACCOUNT: Backoff = Backoff {
    free: 5,
    base_delay_ms: 1_000,
    max_delay_ms: 15 * 60_000,
    forget_after_ms: 60 * 60_000,
};

impl LoginLimiter {
    pub fn new(clock: Arc<dyn Clock>) -> LoginLimiter {
        LoginLimiter {
            clock,
            state: Mutex::new((
                Ledger::new(LOGIN_PER_ADDRESS),
                Ledger::new(LOGIN_PER_ACCOUNT),
            )),
        }
    }

    /// Charges a failure to both before the password is checked.
    pub fn begin(&self, address: &str, account: &str) -> Result<(), Limited> {
        let now = self.clock.now_ms();
        let mut st = lock(&self.state);
        let (by_addr, by_account) = &mut *st;
        by_addr.check(address, now, by_addr.policy.free)?;
        by_account.check(account, now, by_account.policy.free)?;
        by_addr.charge(address, now);
        by_account.charge(account, now);
        Ok(())
    }

    pub fn succeeded(&self, address: &str, account: &str) {
        let mut st = lock(&self.state);
        st.0.reset(address);
        st.1.reset(account);
    }

    pub fn prune(&self) {
        let now = self.clock.now_ms();
        let mut st = lock(&self.state);
        st.0.prune(now);
        st.1.prune(now);
    }
}

/// At most `max` hits per key per window.
pub struct WindowLimiter {
    clock: Arc<dyn Clock>,
    max: usize,
    window_ms: i64,
    hits: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl WindowLimiter {
    pub fn new(clock: Arc<dyn Clock>, max: u32, window_ms: i64) -> WindowLimiter {
        WindowLimiter {
            clock,
            max: max as usize,
            window_ms,
            hits: Mutex::new(HashMap::new()),
        }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    pub fn hit(&self, key: &str) -> Result<(), Limited> {
        let now = self.clock.now_ms();
        let mut hits = lock(&self.hits);
        let times = hits.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| now - t >= self.window_ms) {
            times.pop_front();
        }
        if times.len() >= self.max {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(Limited::until(oldest + self.window_ms, now));
        }
        times.push_back(now);
        Ok(())
    }

    pub fn prune(&self) {
        let now = self.clock.now_ms();
        let window = self.window_ms;
        lock(&self.hits).retain(|_, times| times.back().is_some_and(|t| now - t < window));
    }
}

/// The client's address as a limiter key.
#[derive(Clone, Debug)]
pub struct Source(pub String);

/// IPv4 as is; IPv6 by its /64 prefix.
pub fn source_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's IP: the peer, or the last `X-Forwarded-For` hop when the
/// peer is the trusted proxy.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: Option<IpAddr>,
) -> Option<IpAddr> {
    if peer.is_some() && peer == trusted {
        let last_hop = forwarded_for
            .and_then(|v| v.rsplit(',').next())
            .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
        if last_hop.is_some() {
            return last_hop;
        }
    }
    peer
}

impl FromRequestParts<AppState> for Source {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        // Several header lines count as one comma-separated list.
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let forwarded = forwarded.join(",");
        let ip = client_ip(
            peer,
            (!forwarded.is_empty()).then_some(forwarded.as_str()),
            app.config.settings.trusted_proxy,
        );
        Ok(Source(
            ip.map(source_key).unwrap_or_else(|| "unknown".into()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_from_the_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let xff = Some("1.1.1.1, 2.2.2.2");
        assert_eq!(
            client_ip(Some(proxy), xff, Some(proxy)),
            Some("2.2.2.2".parse().unwrap())
        );
        assert_eq!(client_ip(Some(other), xff, Some(proxy)), Some(other));
        assert_eq!(client_ip(Some(proxy), xff, None), Some(proxy));
        assert_eq!(
            client_ip(Some(proxy), Some("junk"), Some(proxy)),
            Some(proxy)
        );
    }

    #[test]
    fn ipv6_counts_per_64() {
        let a = source_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = source_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(source_key("::ffff:1.2.3.4".parse().unwrap()), "1.2.3.4");
    }
}
