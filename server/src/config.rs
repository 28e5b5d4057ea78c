//! Settings: every one has a command-line flag, an `RA_*` environment
//! variable and a default (the README lists them). [`Settings`] is what
//! people set; [`Config`] is what the server runs with once the listening
//! address is known (link bases default to the server's own origin).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{ArgAction, Args};

use crate::web::InlineCode;

#[derive(Args, Clone, Debug)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "RA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the SQLite database (created if missing).
    #[arg(long, env = "RA_DATA", default_value = "data")]
    pub data: PathBuf,
    /// The built app: `customer/` and `operator/` inside.
    #[arg(long, env = "RA_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Base of the desktop link (`BASE/?code=NNNNNN`). Default: this server's origin.
    #[arg(long, env = "RA_DESKTOP_LINK_BASE")]
    pub desktop_link_base: Option<String>,
    /// Base of the mobile link (`BASE/NNNNNN`). Default: this server's origin.
    #[arg(long, env = "RA_MOBILE_LINK_BASE")]
    pub mobile_link_base: Option<String>,
    /// Manual-entry URL the agent names aloud. Default: this server's origin.
    #[arg(long, env = "RA_MANUAL_URL_BASE")]
    pub manual_url_base: Option<String>,
    /// Organisation name shown to customers.
    #[arg(long, env = "RA_ORG_NAME", default_value = "Remote Assist")]
    pub org_name: String,
    /// Lifetime of a PIN, in seconds.
    #[arg(long, env = "RA_PIN_TTL_SECS", default_value_t = 600)]
    pub pin_ttl_secs: u64,
    /// A waiting session times out after this many seconds.
    #[arg(long, env = "RA_WAITING_TIMEOUT_SECS", default_value_t = 900)]
    pub waiting_timeout_secs: u64,
    /// The console marks a session that has been waiting this many seconds (warning colour).
    #[arg(long, env = "RA_WAITING_WARN_SECS", default_value_t = 60)]
    pub waiting_warn_secs: u64,
    /// Failed PIN checks and claims a source may make before delays start.
    #[arg(long, env = "RA_GUESS_FREE", default_value_t = 5)]
    pub guess_free: u32,
    /// First delay after the free failures; it doubles with each failure.
    #[arg(long, env = "RA_GUESS_BASE_DELAY_SECS", default_value_t = 1)]
    pub guess_base_delay_secs: u64,
    /// Longest delay between two guesses of one source.
    #[arg(long, env = "RA_GUESS_MAX_DELAY_SECS", default_value_t = 86_400)]
    pub guess_max_delay_secs: u64,
    /// A source's failures are forgotten after this long without a failure.
    #[arg(long, env = "RA_GUESS_FORGET_SECS", default_value_t = 86_400)]
    pub guess_forget_secs: u64,
    /// Global breaker: failed checks and claims (all sources) per window that trip it.
    #[arg(long, env = "RA_GUESS_BREAKER_THRESHOLD", default_value_t = 100)]
    pub guess_breaker_threshold: u32,
    /// Global breaker: the window, in seconds (it also stays tripped this long).
    #[arg(long, env = "RA_GUESS_BREAKER_WINDOW_SECS", default_value_t = 600)]
    pub guess_breaker_window_secs: u64,
    /// Free failures of a source that has failed while the breaker is tripped (at least 1).
    #[arg(long, env = "RA_GUESS_BREAKER_FREE", default_value_t = 1)]
    pub guess_breaker_free: u32,
    /// Most chat messages one sender may send in one conversation per minute.
    #[arg(long, env = "RA_MESSAGES_PER_MINUTE", default_value_t = 100)]
    pub messages_per_minute: u32,
    /// Most new chats one address may start per minute.
    #[arg(long, env = "RA_CONVERSATIONS_PER_MINUTE", default_value_t = 10)]
    pub conversations_per_minute: u32,
    /// Origins allowed to open the WebSocket, comma-separated. Default: the
    /// link bases' origins, this server's origin, http://127.0.0.1:8080 and
    /// http://localhost:8080 (trunk serve).
    #[arg(long, env = "RA_ALLOWED_ORIGINS")]
    pub allowed_origins: Option<String>,
    /// Address of a reverse proxy whose `X-Forwarded-For` is trusted.
    #[arg(long, env = "RA_TRUSTED_PROXY")]
    pub trusted_proxy: Option<IpAddr>,
    /// Support app download for Windows.
    #[arg(
        long,
        env = "RA_WINDOWS_DOWNLOAD_URL",
        default_value = "https://example.com/remote-assist/RemoteAssist.exe"
    )]
    pub windows_download_url: String,
    /// Support app download for macOS.
    #[arg(
        long,
        env = "RA_MAC_DOWNLOAD_URL",
        default_value = "https://example.com/remote-assist/RemoteAssist.dmg"
    )]
    pub mac_download_url: String,
    /// The mobile support app in Apple's App Store.
    #[arg(
        long,
        env = "RA_APP_STORE_URL",
        default_value = "https://apps.apple.com/app/remote-assist/id0000000000"
    )]
    pub app_store_url: String,
    /// The mobile support app in Google Play.
    #[arg(
        long,
        env = "RA_PLAY_STORE_URL",
        default_value = "https://play.google.com/store/apps/details?id=com.example.remoteassist"
    )]
    pub play_store_url: String,
    /// Link that opens the mobile app with the PIN; `{pin}` is replaced.
    #[arg(
        long,
        env = "RA_APP_LINK_TEMPLATE",
        default_value = "remoteassist://join?pin={pin}"
    )]
    pub app_link_template: String,
    /// ICE servers for the browser view session, comma-separated (`stun:…`, `turn:…`).
    #[arg(long, env = "RA_ICE_SERVERS", default_value = "")]
    pub ice_servers: String,
    /// Create demo@example.com with a random password (printed once) when no operator exists.
    #[arg(long, env = "RA_DEMO_OPERATOR", default_value_t = false, action = ArgAction::Set)]
    pub demo_operator: bool,
    /// Mark cookies Secure. Default: true when the desktop link base is https.
    #[arg(long, env = "RA_SECURE_COOKIES", action = ArgAction::Set)]
    pub secure_cookies: Option<bool>,
    /// How long an operator stays signed in, in hours.
    #[arg(long, env = "RA_OPERATOR_SESSION_HOURS", default_value_t = 12)]
    pub operator_session_hours: u64,
    /// Argon2id memory cost for new password hashes, in KiB (OWASP: 19456).
    #[arg(long, env = "RA_PASSWORD_HASH_MEMORY_KIB", default_value_t = 19_456)]
    pub password_hash_memory_kib: u32,
}

impl Default for Settings {
    /// The documented defaults (environment variables still apply).
    fn default() -> Self {
        use clap::Parser;
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            settings: Settings,
        }
        Only::try_parse_from(["remote-assist-server"])
            .unwrap_or_else(|e| panic!("an RA_* environment variable is not valid: {e}"))
            .settings
    }
}

/// The settings resolved for a server bound to an address.
#[derive(Clone, Debug)]
pub struct Config {
    pub settings: Settings,
    /// `http://ADDR` of the bound socket.
    pub own_origin: String,
    pub desktop_link_base: String,
    pub mobile_link_base: String,
    pub manual_url_base: String,
    /// Normalised origins (`scheme://host[:port]`) allowed to open the WebSocket.
    pub allowed_origins: Vec<String>,
    pub secure_cookies: bool,
    pub ice_servers: Vec<String>,
}

impl Config {
    pub fn resolve(settings: Settings, bound: SocketAddr) -> Config {
        let own_origin = format!("http://{bound}");
        let base = |v: &Option<String>| {
            v.as_deref()
                .map(|s| s.trim().trim_end_matches('/').to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| own_origin.clone())
        };
        let desktop_link_base = base(&settings.desktop_link_base);
        let mobile_link_base = base(&settings.mobile_link_base);
        let manual_url_base = base(&settings.manual_url_base);
        let allowed_origins = match settings.allowed_origins.as_deref() {
            Some(list) if !list.trim().is_empty() => {
                list.split(',').filter_map(origin_of).collect()
            }
            _ => {
                let mut list: Vec<String> = [
                    &desktop_link_base,
                    &mobile_link_base,
                    &manual_url_base,
                    &own_origin,
                ]
                .into_iter()
                .filter_map(|s| origin_of(s))
                .collect();
                list.push("http://127.0.0.1:8080".into());
                list.push("http://localhost:8080".into());
                list.sort();
                list.dedup();
                list
            }
        };
        let secure_cookies = settings
            .secure_cookies
            .unwrap_or_else(|| desktop_link_base.starts_with("https://"));
        let ice_servers = split_list(&settings.ice_servers);
        Config {
            settings,
            own_origin,
            desktop_link_base,
            mobile_link_base,
            manual_url_base,
            allowed_origins,
            secure_cookies,
            ice_servers,
        }
    }

    /// Whether a browser page from `origin` may open the WebSocket.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        origin_of(origin).is_some_and(|o| self.allowed_origins.contains(&o))
    }

    /// The Content-Security-Policy header value.
    pub fn content_security_policy(&self) -> String {
        self.content_security_policy_with(&InlineCode::default())
    }

    /// The policy for a page that holds inline `<script>` and `<style>`
    /// blocks: each is allowed by its SHA-256 and no other inline code is.
    pub fn content_security_policy_with(&self, inline: &InlineCode) -> String {
        let mut connect = vec!["'self'".to_string()];
        for origin in &self.allowed_origins {
            if let Some(rest) = origin.strip_prefix("https://") {
                connect.push(format!("wss://{rest}"));
            } else if let Some(rest) = origin.strip_prefix("http://") {
                connect.push(format!("ws://{rest}"));
            }
        }
        let hashes =
            |list: &[String]| -> String { list.iter().map(|h| format!(" 'sha256-{h}'")).collect() };
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'{}; \
             img-src 'self' data:; connect-src {}; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'; form-action 'self'",
            hashes(&inline.scripts),
            hashes(&inline.styles),
            connect.join(" ")
        )
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// `scheme://host[:port]` of a URL, lower-cased, default ports dropped;
/// `None` unless the scheme is http or https.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    let host = match scheme.as_str() {
        "http" => host.strip_suffix(":80").unwrap_or(&host).to_string(),
        _ => host.strip_suffix(":443").unwrap_or(&host).to_string(),
    };
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(f: impl FnOnce(&mut Settings)) -> Config {
        let mut s = Settings::default();
        f(&mut s);
        Config::resolve(s, "127.0.0.1:3000".parse().unwrap())
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = config(|_| {});
        assert_eq!(c.settings.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.settings.pin_ttl_secs, 600);
        assert_eq!(c.settings.waiting_timeout_secs, 900);
        assert_eq!(c.settings.guess_free, 5);
        assert_eq!(c.settings.messages_per_minute, 100);
        assert_eq!(c.desktop_link_base, "http://127.0.0.1:3000");
        assert_eq!(c.manual_url_base, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies);
        assert!(c.origin_allowed("http://127.0.0.1:3000"));
        assert!(c.origin_allowed("http://localhost:8080"));
        assert!(!c.origin_allowed("http://evil.example"));
    }

    #[test]
    fn link_bases_drive_origins_and_cookies() {
        let c = config(|s| {
            s.desktop_link_base = Some("https://oty.example/".into());
            s.mobile_link_base = Some("https://m.example".into());
        });
        assert_eq!(c.desktop_link_base, "https://oty.example");
        assert!(c.secure_cookies);
        assert!(c.origin_allowed("https://oty.example"));
        assert!(c.origin_allowed("https://OTY.example:443"));
        assert!(c.origin_allowed("https://m.example"));
        assert!(!c.origin_allowed("http://oty.example"));
        let csp = c.content_security_policy();
        assert!(csp.contains("wss://oty.example"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn explicit_origins_replace_the_defaults() {
        let c =
            config(|s| s.allowed_origins = Some("https://a.example, https://b.example/x".into()));
        assert_eq!(
            c.allowed_origins,
            vec!["https://a.example", "https://b.example"]
        );
        assert!(!c.origin_allowed("http://localhost:8080"));
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            origin_of("HTTP://Example.com:80/path"),
            Some("http://example.com".into())
        );
        assert_eq!(origin_of("ws://x"), None);
        assert_eq!(origin_of("null"), None);
    }

    #[test]
    fn settings_md_lists_every_variable() {
        use clap::CommandFactory;
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            settings: Settings,
        }
        let doc = include_str!("../../README.md");
        for arg in Only::command().get_arguments() {
            if let Some(env) = arg.get_env() {
                let env = env.to_string_lossy();
                assert!(doc.contains(&format!("`{env}`")), "README.md misses {env}");
            }
        }
    }
}
