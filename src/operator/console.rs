//! `/console`: the Technician Console. Sessions arrive live over the
//! WebSocket (`client=console`, so agents see technicians online); a new
//! waiting session chimes, highlights, counts in the tab title and shows a
//! desktop notification when permitted.

pub mod board;
pub mod live;
pub mod mode_choice;
pub mod session_detail;
pub mod session_list;
pub mod session_row;
pub mod video_panel;
pub mod window;
pub mod workspace;

use crate::i18n::I18n;
use crate::operator::Texts;
use leptos::prelude::*;
use protocol::{DeviceClass, DeviceInfo, Mode, Os, SessionStatus};

use super::auth::RequireOperator;
use super::i18n::{td_string, Locale};
use crate::api::ApiError;
use workspace::ConsoleWorkspace;

/// `/console`, behind sign-in.
#[component]
pub fn Console() -> impl IntoView {
    view! {
        <RequireOperator>
            <ConsoleWorkspace/>
        </RequireOperator>
    }
}

/// Words for a refused start or end, in the operator's language (English
/// where no language has been set up).
pub fn refusal(e: &ApiError) -> String {
    let locale = use_context::<I18n>()
        .map(|i18n| super::locale(i18n.lang.get_untracked()))
        .unwrap_or(Locale::en);
    match (e.status(), e.code()) {
        (Some(409), "session_not_waiting") => td_string!(locale, console.refused_taken).to_string(),
        (Some(409), "session_over") => td_string!(locale, console.refused_ended).to_string(),
        (Some(409), _) => {
            let error = error_text(locale, e);
            td_string!(locale, console.refused_other, error = error).to_string()
        }
        _ => error_text(locale, e),
    }
}

/// An error from the service: in English its own words, in Japanese the
/// catalogue's text for its code.
pub fn error_text(locale: Locale, e: &ApiError) -> String {
    match locale {
        Locale::en => e.to_string(),
        Locale::ja => crate::i18n::text(crate::i18n::Lang::Ja, e.key()).to_string(),
    }
}

/// A session's status, in the current language.
pub fn status_label(i18n: Texts, status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Waiting => td_string!(i18n.get_locale(), console.status_waiting),
        SessionStatus::Active => td_string!(i18n.get_locale(), console.status_active),
        SessionStatus::Ended => td_string!(i18n.get_locale(), console.status_ended),
        SessionStatus::TimedOut => td_string!(i18n.get_locale(), console.status_timed_out),
    }
}

/// A session's mode, in the current language.
pub fn mode_label(i18n: Texts, mode: Mode) -> &'static str {
    match mode {
        Mode::Control => td_string!(i18n.get_locale(), console.mode_control),
        Mode::View => td_string!(i18n.get_locale(), console.mode_view),
    }
}

/// `Desktop · Windows`, `パソコン · Windows` (systems keep their names).
pub fn device_label(i18n: Texts, device: &DeviceInfo) -> String {
    let class = match device.class {
        DeviceClass::Desktop => td_string!(i18n.get_locale(), console.device_desktop),
        DeviceClass::Mobile => td_string!(i18n.get_locale(), console.device_mobile),
    };
    let os = match device.os {
        Os::Other => td_string!(i18n.get_locale(), console.os_other),
        os => os.label(),
    };
    format!("{class} · {os}")
}

/// Who runs a session, from [`board::technician_label`]: "You" said in the
/// current language, a name as it is.
pub fn technician_text(i18n: Texts, label: &str) -> String {
    match label {
        board::YOU => td_string!(i18n.get_locale(), console.you).to_string(),
        board::ANOTHER_TECHNICIAN => {
            td_string!(i18n.get_locale(), console.another_technician).to_string()
        }
        name => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::api::ErrorBody;

    fn refused(code: &str) -> ApiError {
        ApiError::Status {
            status: 409,
            body: ErrorBody {
                code: code.into(),
                message: "The service's words.".into(),
                retry_after_secs: None,
            },
        }
    }

    #[test]
    fn refusals_and_errors_in_each_language() {
        assert_eq!(
            refusal(&refused("session_over")),
            "This session has already ended."
        );
        assert_eq!(
            refusal(&refused("other")),
            "This session cannot be changed now: The service's words."
        );
        assert_eq!(
            error_text(Locale::en, &ApiError::Network),
            ApiError::Network.to_string()
        );
        assert_eq!(
            error_text(Locale::ja, &ApiError::Network),
            "サービスに接続できません。接続を確認して、もう一度お試しください。"
        );
    }
}
