//! The guess limiter with an injected clock: one source's daily ceiling,
//! the global breaker under a spread attack, and the HTTP 429 answer.

use std::sync::Arc;

use protocol::api::paths;
use remote_assist_server::limiter::{Backoff, GuessLimiter, GuessPolicy};
use remote_assist_server::{ManualClock, Settings};
use reqwest::StatusCode;

use crate::common::*;

/// The limiter exactly as the default settings configure it.
fn default_policy() -> GuessPolicy {
    let s = Settings::default();
    GuessPolicy {
        backoff: Backoff {
            free: s.guess_free,
            base_delay_ms: s.guess_base_delay_secs as i64 * 1000,
            max_delay_ms: s.guess_max_delay_secs as i64 * 1000,
            forget_after_ms: s.guess_forget_secs as i64 * 1000,
        },
        breaker_threshold: s.guess_breaker_threshold,
        breaker_window_ms: s.guess_breaker_window_secs as i64 * 1000,
        breaker_free: s.guess_breaker_free,
    }
}

/// A patient attacker from one source: tries again the moment it may.
fn failures_in(limiter: &GuessLimiter, clock: &ManualClock, days: i64) -> u32 {
    let end = now(clock) + days * 86_400_000;
    let mut failures = 0;
    while now(clock) < end {
        match limiter.begin("203.0.113.7") {
            Ok(attempt) => {
                limiter.failed(attempt);
                failures += 1;
                clock.advance_ms(100);
            }
            Err(limited) => clock.advance_secs(limited.retry_after_secs as i64),
        }
    }
    failures
}

fn now(clock: &ManualClock) -> i64 {
    use remote_assist_server::Clock;
    clock.now_ms()
}

#[test]
fn one_source_gets_about_twenty_failed_tries_a_day() {
    let clock = Arc::new(ManualClock::new(0));
    let limiter = GuessLimiter::new(clock.clone(), default_policy());
    let day = failures_in(&limiter, &clock, 1);
    let week = day + failures_in(&limiter, &clock, 6);
    println!(
        "guess limiter, one source, default settings (5 free, then 1 s doubling): \
         {day} failed tries in the first 24 h, {week} in 7 days (of 1,000,000 PINs)"
    );
    assert!(day <= 25, "{day}");
    assert!(week <= 7 * 25, "{week}");
    assert!(day >= 5, "the free budget is usable");
}

#[test]
fn the_breaker_trips_under_a_spread_attack() {
    let clock = Arc::new(ManualClock::new(0));
    let attack = |limiter: &GuessLimiter| {
        // 2,000 sources, 5 quick tries each, 10 ms apart.
        let mut failures = 0;
        let mut refused = 0;
        for source in 0..2000 {
            let ip = format!("198.51.{}.{}", source / 250, source % 250);
            for _ in 0..5 {
                clock.advance_ms(10);
                match limiter.begin(&ip) {
                    Ok(a) => {
                        limiter.failed(a);
                        failures += 1;
                    }
                    Err(_) => refused += 1,
                }
            }
        }
        (failures, refused)
    };
    let mut no_breaker = default_policy();
    no_breaker.breaker_threshold = u32::MAX - 1;
    let (unchecked, _) = attack(&GuessLimiter::new(clock.clone(), no_breaker));
    let limiter = GuessLimiter::new(clock.clone(), default_policy());
    let (failures, refused) = attack(&limiter);
    println!(
        "guess breaker, spread attack of 2,000 sources x 5 tries: {failures} failed tries allowed \
         ({refused} refused, breaker trips {}); without the breaker {unchecked}",
        limiter.trips()
    );
    assert!(limiter.is_tripped());
    assert_eq!(limiter.trips(), 1, "one alert per trip");
    assert_eq!(unchecked, 10_000);
    assert!(failures < 2_500, "{failures}");
    // A source that never failed is not blocked while the breaker is tripped.
    let fresh = limiter
        .begin("192.0.2.1")
        .expect("never-failed source allowed");
    limiter.succeeded(fresh);
    assert!(limiter.begin("192.0.2.1").is_ok());
}

#[tokio::test]
async fn limited_guessers_get_429_with_the_wait() {
    let t = TestServer::start_with(|s| {
        s.guess_free = 2;
        s.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    })
    .await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let live = t.issue_pin(&op, &customer.id).await;
    let wrong = if live.pin.as_str() == "000000" {
        "000001"
    } else {
        "000000"
    };
    let guess = |from: &'static str, path: &'static str, pin: &str| {
        let body = serde_json::json!({"pin": pin, "device_class": "desktop"});
        t.http
            .post(t.url(path))
            .header("x-forwarded-for", format!("10.9.9.9, {from}"))
            .json(&body)
            .send()
    };
    expect_error(
        guess("192.0.2.10", paths::PIN_CHECK, wrong).await.unwrap(),
        StatusCode::NOT_FOUND,
        "pin_not_valid",
    )
    .await;
    expect_error(
        guess("192.0.2.10", paths::PIN_CLAIM, wrong).await.unwrap(),
        StatusCode::NOT_FOUND,
        "pin_not_valid",
    )
    .await;
    let res = guess("192.0.2.10", paths::PIN_CHECK, wrong).await.unwrap();
    assert_eq!(res.headers()["retry-after"], "1");
    let body = expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(body.retry_after_secs, Some(1));
    println!(
        "HTTP guess limit: 3rd failure from one source -> 429, Retry-After: 1 ({})",
        body.message
    );
    // Even the right PIN waits: the answer does not depend on validity.
    let res = guess("192.0.2.10", paths::PIN_CLAIM, live.pin.as_str())
        .await
        .unwrap();
    expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another client behind the trusted proxy has its own budget.
    let res = guess("192.0.2.20", paths::PIN_CHECK, live.pin.as_str())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // After the wait, one more try; then the delay doubles.
    t.clock.advance_secs(1);
    expect_error(
        guess("192.0.2.10", paths::PIN_CHECK, wrong).await.unwrap(),
        StatusCode::NOT_FOUND,
        "pin_not_valid",
    )
    .await;
    let body = expect_error(
        guess("192.0.2.10", paths::PIN_CHECK, wrong).await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    assert_eq!(body.retry_after_secs, Some(2));
    t.clock.advance_secs(2);
    let claimed = guess("192.0.2.10", paths::PIN_CLAIM, live.pin.as_str())
        .await
        .unwrap();
    assert_eq!(
        claimed.status(),
        StatusCode::OK,
        "the right PIN after the wait"
    );
}

#[tokio::test]
async fn forwarded_for_is_ignored_without_a_trusted_proxy() {
    let t = TestServer::start_with(|s| s.guess_free = 1).await;
    let check = |from: &'static str| {
        t.http
            .post(t.url(paths::PIN_CHECK))
            .header("x-forwarded-for", from)
            .json(&serde_json::json!({"pin": "000000"}))
            .send()
    };
    expect_error(
        check("192.0.2.1").await.unwrap(),
        StatusCode::NOT_FOUND,
        "pin_not_valid",
    )
    .await;
    let res = check("192.0.2.2").await.unwrap();
    expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
