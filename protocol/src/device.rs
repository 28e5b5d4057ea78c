//! Device classification: desktop or mobile (phones and tablets alike), and
//! the operating system, from a user agent plus client hints where present.

use serde::{Deserialize, Serialize};

use crate::text;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeviceClass {
    #[default]
    Desktop,
    Mobile,
}

impl DeviceClass {
    /// The more restrictive of two answers: mobile wins.
    pub fn stricter(self, other: DeviceClass) -> DeviceClass {
        if self == DeviceClass::Mobile || other == DeviceClass::Mobile {
            DeviceClass::Mobile
        } else {
            DeviceClass::Desktop
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceClass::Desktop => "desktop",
            DeviceClass::Mobile => "mobile",
        }
    }

    pub fn from_str_lossy(s: &str) -> DeviceClass {
        if s == "mobile" {
            DeviceClass::Mobile
        } else {
            DeviceClass::Desktop
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Os {
    Windows,
    MacOs,
    Linux,
    ChromeOs,
    Ios,
    Android,
    #[default]
    Other,
}

impl Os {
    pub fn label(self) -> &'static str {
        match self {
            Os::Windows => "Windows",
            Os::MacOs => "macOS",
            Os::Linux => "Linux",
            Os::ChromeOs => "ChromeOS",
            Os::Ios => "iOS",
            Os::Android => "Android",
            Os::Other => "Other",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Os::Windows => "windows",
            Os::MacOs => "mac_os",
            Os::Linux => "linux",
            Os::ChromeOs => "chrome_os",
            Os::Ios => "ios",
            Os::Android => "android",
            Os::Other => "other",
        }
    }

    pub fn from_str_lossy(s: &str) -> Os {
        match s {
            "windows" => Os::Windows,
            "mac_os" => Os::MacOs,
            "linux" => Os::Linux,
            "chrome_os" => Os::ChromeOs,
            "ios" => Os::Ios,
            "android" => Os::Android,
            _ => Os::Other,
        }
    }

    fn is_mobile(self) -> bool {
        matches!(self, Os::Ios | Os::Android)
    }
}

/// What we know of a visitor's device.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, Default)]
pub struct DeviceInfo {
    pub class: DeviceClass,
    pub os: Os,
}

impl DeviceInfo {
    /// "Desktop · Windows", "Mobile · iOS".
    pub fn label(&self) -> String {
        let class = match self.class {
            DeviceClass::Desktop => "Desktop",
            DeviceClass::Mobile => "Mobile",
        };
        format!("{class} · {}", self.os.label())
    }
}

/// Client hints as the browser gives them (`navigator.userAgentData` in the
/// page, `Sec-CH-UA-Mobile` / `Sec-CH-UA-Platform` on the server).
#[derive(Clone, Default, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ClientHints {
    pub mobile: Option<bool>,
    pub platform: Option<String>,
}

impl ClientHints {
    /// Reads the `Sec-CH-UA-Mobile` (`?1`/`?0`) and `Sec-CH-UA-Platform`
    /// (`"Android"`) header values.
    pub fn from_headers(mobile: Option<&str>, platform: Option<&str>) -> ClientHints {
        ClientHints {
            mobile: mobile.and_then(|m| match m.trim() {
                "?1" => Some(true),
                "?0" => Some(false),
                _ => None,
            }),
            platform: platform
                .map(|p| p.trim().trim_matches('"').to_string())
                .filter(|p| !p.is_empty()),
        }
    }
}

fn os_from_platform(platform: &str) -> Os {
    match platform.to_ascii_lowercase().as_str() {
        "windows" => Os::Windows,
        "macos" | "mac os x" | "macintel" => Os::MacOs,
        "linux" => Os::Linux,
        "chrome os" | "chromeos" | "chromium os" => Os::ChromeOs,
        "android" => Os::Android,
        "ios" | "ipados" => Os::Ios,
        _ => Os::Other,
    }
}

fn os_from_user_agent(ua: &str) -> Os {
    // Order matters: iOS and Android agents also name Mac OS X and Linux.
    if text::contains(ua, "iPhone") || text::contains(ua, "iPad") || text::contains(ua, "iPod") {
        Os::Ios
    } else if text::contains(ua, "Android") {
        Os::Android
    } else if text::contains(ua, "CrOS") {
        Os::ChromeOs
    } else if text::contains(ua, "Windows") {
        Os::Windows
    } else if text::contains(ua, "Macintosh") || text::contains(ua, "Mac OS X") {
        Os::MacOs
    } else if text::contains(ua, "Linux") || text::contains(ua, "X11") {
        Os::Linux
    } else {
        Os::Other
    }
}

/// Classifies a user agent string alone (what a server sees).
/// iPads on iPadOS 13+ claim to be Macs: only the page can tell them apart
/// (see [`classify_browser`]).
pub fn classify_user_agent(ua: &str) -> DeviceInfo {
    let os = os_from_user_agent(ua);
    let phone_token = text::contains(ua, "Mobile") || text::contains(ua, "Opera Mini");
    // A Windows or macOS agent is a desktop even if "Mobile" appears in some
    // product name; Windows Phone is the exception.
    let desktop_os = matches!(os, Os::Windows | Os::MacOs) && !text::contains(ua, "Windows Phone");
    let class =
        if os.is_mobile() || text::contains(ua, "Windows Phone") || (phone_token && !desktop_os) {
            DeviceClass::Mobile
        } else {
            DeviceClass::Desktop
        };
    DeviceInfo { class, os }
}

/// Classifies on the server: user agent plus whatever client hints the
/// browser sent. The hints win where present.
pub fn classify_request(ua: &str, hints: &ClientHints) -> DeviceInfo {
    classify_browser(ua, hints, 0)
}

/// Classifies in the browser: client hints win where present; otherwise the
/// user agent, except that a Mac with more than one touch point is an iPad.
/// Android and iOS are mobile whatever the hints say (tablets are mobile).
pub fn classify_browser(ua: &str, hints: &ClientHints, max_touch_points: u32) -> DeviceInfo {
    let from_ua = classify_user_agent(ua);
    let os = match hints.platform.as_deref().map(os_from_platform) {
        Some(Os::Other) | None => from_ua.os,
        Some(os) => os,
    };
    let ipad_as_mac = os == Os::MacOs && max_touch_points > 1;
    let os = if ipad_as_mac { Os::Ios } else { os };
    let class = if os.is_mobile() || hints.mobile == Some(true) {
        DeviceClass::Mobile
    } else if hints.mobile == Some(false) {
        DeviceClass::Desktop
    } else {
        from_ua.class
    };
    DeviceInfo { class, os }
}

/// Link-preview fetchers and scanners: they open links but are no customer.
pub fn is_link_preview_bot(ua: &str) -> bool {
    const BOTS: [&str; 12] = [
        "Slackbot",
        "Slack-ImgProxy",
        "Twitterbot",
        "WhatsApp",
        "TelegramBot",
        "Discordbot",
        "facebookexternalhit",
        "LinkedInBot",
        "SkypeUriPreview",
        "Googlebot",
        "bingbot",
        "redditbot",
    ];
    BOTS.iter().any(|b| text::contains(ua, b))
}

#[cfg(test)]
mod tests;
