//! The 6-digit PIN: parsing what people type, formatting it for reading aloud.

use std::fmt;

/// A well-formed PIN: exactly six ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Pin([u8; 6]);

/// Why a typed PIN is not well formed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PinError {
    Empty,
    /// A character other than an ASCII digit, a space or a dash.
    NotDigits,
    /// Digits only, but not six of them.
    WrongLength(usize),
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinError::Empty => f.write_str("Enter the 6-digit PIN."),
            PinError::NotDigits => f.write_str("A PIN has digits 0-9 only."),
            PinError::WrongLength(n) => write!(f, "A PIN has 6 digits; this has {n}."),
        }
    }
}

impl std::error::Error for PinError {}

impl Pin {
    /// Parses what a person typed or pasted: spaces and dashes are ignored,
    /// what remains must be exactly six ASCII digits (`"123 456"`, `"123-456"`).
    /// Other digits (full-width, Arabic-Indic) and letters are refused.
    pub fn parse(input: &str) -> Result<Pin, PinError> {
        let mut digits = [0u8; 6];
        let mut count = 0usize;
        for c in input.chars() {
            match c {
                ' ' | '-' | '\t' => continue,
                '0'..='9' => {
                    if count < 6 {
                        digits[count] = c as u8;
                    }
                    count += 1;
                }
                _ => return Err(PinError::NotDigits),
            }
        }
        match count {
            0 => Err(PinError::Empty),
            6 => Ok(Pin(digits)),
            n => Err(PinError::WrongLength(n)),
        }
    }

    /// Builds a PIN from a number below 1,000,000, zero-padded.
    pub fn from_number(n: u32) -> Option<Pin> {
        if n >= 1_000_000 {
            return None;
        }
        let mut digits = [b'0'; 6];
        let mut rest = n;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        Some(Pin(digits))
    }

    /// The six digits, e.g. `"123456"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("000000")
    }

    /// Grouped for reading aloud: `"123 456"`.
    pub fn grouped(&self) -> String {
        let (first, last) = self.as_str().split_at_checked(3).unwrap_or(("000", "000"));
        format!("{first} {last}")
    }

    /// For screen readers, digit by digit: `"1 2 3 4 5 6"` (a screen
    /// reader reads `"123 456"` as two numbers).
    pub fn spoken(&self) -> String {
        let mut out = String::with_capacity(11);
        for (i, c) in self.as_str().chars().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Pin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Pin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Pin, D::Error> {
        let s = String::deserialize(d)?;
        Pin::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_spaces_and_dashes() {
        for ok in ["123456", "123 456", "123-456", " 12 34 56 ", "1-2-3-4-5-6"] {
            assert_eq!(Pin::parse(ok).unwrap().as_str(), "123456", "{ok}");
        }
    }

    #[test]
    fn refuses_other_digits_and_letters() {
        assert_eq!(Pin::parse("１２３４５６"), Err(PinError::NotDigits));
        assert_eq!(Pin::parse("١٢٣٤٥٦"), Err(PinError::NotDigits));
        assert_eq!(Pin::parse("12345a"), Err(PinError::NotDigits));
        assert_eq!(Pin::parse("123.456"), Err(PinError::NotDigits));
        assert_eq!(Pin::parse(""), Err(PinError::Empty));
        assert_eq!(Pin::parse(" - "), Err(PinError::Empty));
        assert_eq!(Pin::parse("12345"), Err(PinError::WrongLength(5)));
        assert_eq!(Pin::parse("1234567"), Err(PinError::WrongLength(7)));
    }

    #[test]
    fn formats_grouped_and_padded() {
        assert_eq!(Pin::from_number(42).unwrap().as_str(), "000042");
        assert_eq!(Pin::from_number(123456).unwrap().grouped(), "123 456");
        assert_eq!(Pin::from_number(123456).unwrap().spoken(), "1 2 3 4 5 6");
        assert_eq!(Pin::from_number(42).unwrap().spoken(), "0 0 0 0 4 2");
        assert_eq!(Pin::from_number(1_000_000), None);
    }

    #[test]
    fn serde_round_trip_and_rejects_bad() {
        let pin = Pin::parse("987654").unwrap();
        let json = serde_json::to_string(&pin).unwrap();
        assert_eq!(json, "\"987654\"");
        assert_eq!(serde_json::from_str::<Pin>(&json).unwrap(), pin);
        assert!(serde_json::from_str::<Pin>("\"98765x\"").is_err());
    }

    proptest! {
        #[test]
        fn parse_is_six_ascii_digits_after_removing_separators(s in "\\PC{0,12}") {
            let kept: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '\t')).collect();
            let expected_ok = kept.len() == 6 && kept.chars().all(|c| c.is_ascii_digit());
            let parsed = Pin::parse(&s);
            prop_assert_eq!(parsed.is_ok(), expected_ok);
            if let Ok(pin) = parsed {
                prop_assert_eq!(pin.as_str(), kept.as_str());
            }
        }

        #[test]
        fn separators_never_change_the_pin(n in 0u32..1_000_000, seps in proptest::collection::vec(prop_oneof![Just(" "), Just("-"), Just("")], 7)) {
            let pin = Pin::from_number(n).unwrap();
            let mut typed = String::new();
            for (i, c) in pin.as_str().chars().enumerate() {
                typed.push_str(seps[i]);
                typed.push(c);
            }
            typed.push_str(seps[6]);
            prop_assert_eq!(Pin::parse(&typed), Ok(pin));
        }
    }
}
