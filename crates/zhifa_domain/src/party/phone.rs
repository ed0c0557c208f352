//! Contact phone numbers of parties: mainland mobiles and fixed lines.
//!
//! What is here: [`Phone`] and [`PhoneKind`], and the `parse` constructor that accepts what
//! people write (spaces, hyphens, parentheses, full-width digits, +86, extensions after 转) and
//! stores one normalised form, refusing with a Chinese message on the `phone` field.
//!
//! Not here: numbers outside the mainland, service numbers (400, 110 …), sending messages or
//! checking that a number is in use.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::half_width;
use crate::Refusal;

/// Mobile or fixed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// A mainland contact number, normalised: a mobile as 11 digits (`13812345678`), a fixed line
/// as area code, hyphen, local number and an optional extension (`028-85551234`,
/// `028-85551234转801`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts a mobile `1[3-9]` + 9 digits, or a fixed line with its area code (010, 02X or a
    /// 4-digit 0XXX) and a 7–8 digit local number not starting with 0 or 1, written with or
    /// without hyphens, spaces or parentheses, optionally after +86 / 0086, with an extension
    /// after 转 or a further hyphen.
    pub fn parse(text: &str) -> Result<Phone, Refusal> {
        let invalid = || {
            Refusal::new(
                "phone.invalid",
                format!(
                    "电话号码“{}”无效：请填写11位手机号码（如 13812345678）或带区号的固定电话（如 028-85551234）",
                    text.trim()
                ),
            )
            .on_field("phone")
        };
        let mut s: String = text
            .chars()
            .map(half_width)
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '—' | '–' | '－' => '-',
                c => c,
            })
            .collect();
        if s.is_empty() {
            return Err(Refusal::new("phone.empty", "请填写电话号码").on_field("phone"));
        }
        let mut international = false;
        for prefix in ["+86", "0086", "(+86)", "(86)"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start_matches('-').to_string();
                international = true;
                break;
            }
        }
        // Mobile: all the digits, whatever the separators.
        let digits: String = s.chars().filter(|c| !matches!(c, '-')).collect();
        let mobile = digits
            .strip_prefix("86")
            .filter(|d| d.len() == 11 && !international)
            .unwrap_or(&digits);
        if mobile.len() == 11
            && mobile.starts_with('1')
            && mobile.bytes().all(|c| c.is_ascii_digit())
        {
            return if matches!(mobile.as_bytes()[1], b'3'..=b'9') {
                Ok(Phone(mobile.to_string()))
            } else {
                Err(invalid())
            };
        }
        // Fixed line.
        let (main, mut ext) = match s.split_once('转') {
            Some((m, e)) => (m.to_string(), Some(e.to_string())),
            None => (s.clone(), None),
        };
        let main = main.replace('(', "").replace(')', "-");
        let parts: Vec<&str> = main.split('-').filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| !p.bytes().all(|c| c.is_ascii_digit())) {
            return Err(invalid());
        }
        let with_zero = |area: &str| {
            if international && !area.starts_with('0') {
                format!("0{area}")
            } else {
                area.to_string()
            }
        };
        let (area, local) = match parts.as_slice() {
            [all] => {
                let all = with_zero(all);
                let area_len = if all.starts_with("01") || all.starts_with("02") {
                    3
                } else {
                    4
                };
                if all.len() <= area_len {
                    return Err(invalid());
                }
                let (a, l) = all.split_at(area_len);
                (a.to_string(), l.to_string())
            }
            [a, l] => (with_zero(a), (*l).to_string()),
            [a, l, e] if ext.is_none() => {
                if (7..=8).contains(&l.len()) {
                    ext = Some((*e).to_string());
                    (with_zero(a), (*l).to_string())
                } else {
                    (with_zero(a), format!("{l}{e}"))
                }
            }
            _ => return Err(invalid()),
        };
        let area_ok = match area.len() {
            3 => area == "010" || area.starts_with("02"),
            4 => area.starts_with('0') && matches!(area.as_bytes()[1], b'3'..=b'9'),
            _ => false,
        };
        let local_ok = (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']);
        let ext_ok = ext
            .as_deref()
            .is_none_or(|e| (1..=6).contains(&e.len()) && e.bytes().all(|c| c.is_ascii_digit()));
        if !(area_ok && local_ok && ext_ok) {
            return Err(invalid());
        }
        Ok(Phone(match ext {
            Some(e) => format!("{area}-{local}转{e}"),
            None => format!("{area}-{local}"),
        }))
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Mobile or fixed line.
    pub fn kind(&self) -> PhoneKind {
        if self.0.starts_with('1') {
            PhoneKind::Mobile
        } else {
            PhoneKind::Landline
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = Refusal;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::test_support::code_of;

    #[test]
    fn phones_accepted_and_normalised() {
        for (input, want, kind) in [
            ("13812345678", "13812345678", PhoneKind::Mobile),
            ("138 1234 5678", "13812345678", PhoneKind::Mobile),
            ("138-1234-5678", "13812345678", PhoneKind::Mobile),
            ("+86 199 1234 5678", "19912345678", PhoneKind::Mobile),
            ("8613812345678", "13812345678", PhoneKind::Mobile),
            ("１３８１２３４５６７８", "13812345678", PhoneKind::Mobile),
            ("028-85551234", "028-85551234", PhoneKind::Landline),
            ("02885551234", "028-85551234", PhoneKind::Landline),
            ("(028)85551234", "028-85551234", PhoneKind::Landline),
            ("（028）8555 1234", "028-85551234", PhoneKind::Landline),
            ("010-6512345", "010-6512345", PhoneKind::Landline),
            ("0831-2345678", "0831-2345678", PhoneKind::Landline),
            ("08312345678", "0831-2345678", PhoneKind::Landline),
            ("028-8555-1234", "028-85551234", PhoneKind::Landline),
            ("028-85551234-801", "028-85551234转801", PhoneKind::Landline),
            (
                "028-85551234转801",
                "028-85551234转801",
                PhoneKind::Landline,
            ),
            ("+86 28 8555 1234", "028-85551234", PhoneKind::Landline),
        ] {
            let p = Phone::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((p.as_str(), p.kind()), (want, kind), "{input}");
        }
    }

    #[test]
    fn phones_refused() {
        assert_eq!(code_of(Phone::parse("  ")), "phone.empty");
        for bad in [
            "12812345678",    // 12x is not a mobile prefix
            "1381234567",     // 10 digits
            "138123456789",   // 12 digits
            "85551234",       // no area code
            "011-85551234",   // no such area code
            "028-0555123",    // local number starts with 0
            "028-155512",     // too short
            "028-855512345",  // too long
            "028-85551234转", // empty extension
            "400-123-4567",
            "abc",
            "110",
        ] {
            let r = Phone::parse(bad).unwrap_err();
            assert_eq!((r.code, r.field), ("phone.invalid", Some("phone")), "{bad}");
        }
    }
}
