use super::*;

use DeviceClass::{Desktop as D, Mobile as M};

/// Real user-agent strings and what they must give.
const TABLE: &[(&str, DeviceClass, Os)] = &[
    // Windows
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", D, Os::Windows),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", D, Os::Windows),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70", D, Os::Windows),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", D, Os::Windows),
    ("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", D, Os::Windows),
    // macOS
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", D, Os::MacOs),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", D, Os::MacOs),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", D, Os::MacOs),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70", D, Os::MacOs),
    // Linux, ChromeOS
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", D, Os::Linux),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", D, Os::Linux),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", D, Os::ChromeOs),
    ("Mozilla/5.0 (X11; CrOS aarch64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36", D, Os::ChromeOs),
    // iPhone
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", M, Os::Ios),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", M, Os::Ios),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", M, Os::Ios),
    ("Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1", M, Os::Ios),
    // iPad: old agents say iPad; iPadOS 13+ says Macintosh (server sees desktop).
    ("Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1", M, Os::Ios),
    ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", M, Os::Ios),
    // Android phones
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", M, Os::Android),
    ("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 OPR/85.0.0.0", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87", M, Os::Android),
    ("Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16", M, Os::Android),
    // Android tablets (no "Mobile" token: still mobile)
    ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 12; Lenovo TB-J616F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", M, Os::Android),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36", M, Os::Android),
    // In-app browsers
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.108;FBBV/612345678;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]", M, Os::Ios),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/128.0.6613.127 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/480.0.0.50.110;]", M, Os::Android),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 346.0.7.21.109 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 634108168)", M, Os::Ios),
    ("Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36 Instagram 343.0.0.33.101 Android", M, Os::Android),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003129) NetType/WIFI Language/zh_CN", M, Os::Ios),
    ("Mozilla/5.0 (Linux; Android 12; V2111A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230504 MMWEBID/1234 MicroMessenger/8.0.37.2380(0x2800253D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64", M, Os::Android),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.10.0", M, Os::Ios),
    ("Mozilla/5.0 (Linux; Android 13; SO-51C Build/61.2.C.0.178; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile Safari/537.36 Line/14.9.1/IAB", M, Os::Android),
    // Link-preview bots: desktop unless they name a mobile system.
    ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", D, Os::Other),
    ("Mozilla/5.0 (compatible; Twitterbot/1.0)", D, Os::Other),
    ("WhatsApp/2.23.20.0 A", D, Os::Other),
    ("TelegramBot (like TwitterBot)", D, Os::Other),
    ("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", D, Os::Other),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", D, Os::Other),
    // Nothing at all
    ("", D, Os::Other),
    ("curl/8.5.0", D, Os::Other),
];

#[test]
fn table_of_real_user_agents() {
    assert!(TABLE.len() >= 40);
    for (ua, class, os) in TABLE {
        let got = classify_user_agent(ua);
        assert_eq!((got.class, got.os), (*class, *os), "{ua}");
    }
}

#[test]
fn bots_are_recognised() {
    for ua in [
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Twitterbot/1.0)",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    ] {
        assert!(is_link_preview_bot(ua), "{ua}");
    }
    assert!(!is_link_preview_bot(TABLE[0].0));
}

const IPAD_AS_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

#[test]
fn ipad_claiming_to_be_a_mac_is_told_by_touch_points() {
    let none = ClientHints::default();
    assert_eq!(
        classify_browser(IPAD_AS_MAC, &none, 5),
        DeviceInfo {
            class: M,
            os: Os::Ios
        }
    );
    assert_eq!(
        classify_browser(IPAD_AS_MAC, &none, 0),
        DeviceInfo {
            class: D,
            os: Os::MacOs
        }
    );
    // The server alone cannot tell.
    assert_eq!(classify_user_agent(IPAD_AS_MAC).class, D);
}

#[test]
fn client_hints_win_where_present() {
    let desktop_ua = TABLE[0].0;
    let hints = ClientHints {
        mobile: Some(true),
        platform: Some("Android".into()),
    };
    assert_eq!(
        classify_browser(desktop_ua, &hints, 0),
        DeviceInfo {
            class: M,
            os: Os::Android
        }
    );
    // Android tablets report mobile=false, but tablets are mobile.
    let tablet = ClientHints {
        mobile: Some(false),
        platform: Some("Android".into()),
    };
    assert_eq!(classify_browser(desktop_ua, &tablet, 0).class, M);
    let linux = ClientHints {
        mobile: Some(false),
        platform: Some("Linux".into()),
    };
    assert_eq!(
        classify_browser(desktop_ua, &linux, 0),
        DeviceInfo {
            class: D,
            os: Os::Linux
        }
    );
}

#[test]
fn headers_parse_and_mobile_wins() {
    let h = ClientHints::from_headers(Some("?1"), Some("\"Android\""));
    assert_eq!(
        h,
        ClientHints {
            mobile: Some(true),
            platform: Some("Android".into())
        }
    );
    assert_eq!(
        ClientHints::from_headers(Some("garbage"), Some("\"\"")),
        ClientHints::default()
    );
    assert_eq!(D.stricter(M), M);
    assert_eq!(M.stricter(D), M);
    assert_eq!(D.stricter(D), D);
    assert_eq!(
        DeviceInfo {
            class: M,
            os: Os::Ios
        }
        .label(),
        "Mobile · iOS"
    );
}
