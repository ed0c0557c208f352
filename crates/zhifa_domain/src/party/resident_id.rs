//! The resident identity number (公民身份号码, GB 11643-1999) of natural persons, also the
//! number on residence permits of Hong Kong, Macao and Taiwan residents.
//!
//! What is here: [`ResidentId`], its `parse` constructor, which normalises what people type
//! (spaces, full-width digits, a lower-case x) and refuses with a Chinese message naming the
//! field, the birth date, [`Gender`] and age read from the number, the masked form for officer
//! screens, and the count of completed years (周岁) that the minors rule builds on.
//!
//! Not here: the minors rule itself and the public name of a person ([`Party`](super::Party)),
//! the credit code of organisations ([`super::credit_code`]), verification against the public
//! security registry (the number is checked for form, not existence).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::{known_province, normalise_code};
use crate::Refusal;

/// Weights 2^(17-i) mod 11 of ISO 7064 MOD 11-2 for the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character by the weighted sum mod 11.
const ID_CHECKS: &[u8; 11] = b"10X98765432";

/// Check character for the first 17 digits.
pub(super) fn id_check(body: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (c, w) in body.iter().zip(ID_WEIGHTS) {
        if !c.is_ascii_digit() {
            return None;
        }
        sum += u32::from(c - b'0') * w;
    }
    Some(ID_CHECKS[(sum % 11) as usize])
}

/// Gender as encoded in the 17th digit of a resident identity number (odd: male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// 男 / 女.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// An 18-digit resident identity number (居民身份证号码, GB 11643-1999), also the number on
/// residence permits of Hong Kong, Macao and Taiwan residents (81/82/83…). The check character
/// is stored as a capital X.
///
/// `Debug` shows the [masked](ResidentId::masked) form so that numbers stay out of logs;
/// `Display` and serialisation give the full number for storage and documents served to the
/// party.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

impl ResidentId {
    /// Accepts spaces, full-width digits and a lower-case x; refuses the 15-digit numbers of
    /// first-generation cards, a wrong check character, an impossible birth date or an unknown
    /// province.
    pub fn parse(text: &str) -> Result<ResidentId, Refusal> {
        let refuse = |code: &'static str, message: String| {
            Err(Refusal::new(code, message).on_field("id_number"))
        };
        let s = normalise_code(text);
        if s.is_empty() {
            return refuse("resident_id.empty", "请填写居民身份证号码".into());
        }
        let len = s.chars().count();
        if len == 15 && s.bytes().all(|c| c.is_ascii_digit()) {
            return refuse(
                "resident_id.old_15",
                "这是15位的第一代身份证号码，第一代居民身份证已于2013年1月1日停止使用，请填写18位号码"
                    .into(),
            );
        }
        if len != 18 {
            return refuse(
                "resident_id.length",
                format!("居民身份证号码应为18位，填写的是{len}位"),
            );
        }
        let b = s.as_bytes();
        if !s.is_ascii()
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return refuse(
                "resident_id.charset",
                "居民身份证号码前17位应为数字，最后一位为数字或X".into(),
            );
        }
        if !known_province(&s[..2]) {
            return refuse(
                "resident_id.region",
                format!(
                    "居民身份证号码前两位“{}”不是有效的省级行政区划代码",
                    &s[..2]
                ),
            );
        }
        let Some(birth) = id_birth_date(&s) else {
            return refuse(
                "resident_id.birth_date",
                format!("居民身份证号码第7–14位“{}”不是有效的出生日期", &s[6..14]),
            );
        };
        if birth.year() < 1900 {
            return refuse(
                "resident_id.birth_date",
                format!("居民身份证号码中的出生日期 {birth} 早于1900年，请核对"),
            );
        }
        if id_check(&b[..17]) != Some(b[17]) {
            return refuse(
                "resident_id.check",
                "居民身份证号码校验位（最后一位）不符，请逐位核对".into(),
            );
        }
        Ok(ResidentId(s))
    }

    /// The full 18 characters, with a capital X. Not for public pages.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        id_birth_date(&self.0).expect("checked by parse")
    }

    /// From the 17th digit: odd male, even female.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Full years on `date` (the year is completed on the birthday); 0 before birth.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        full_years(self.birth_date(), date)
    }

    /// For officer screens and internal lists: the first 6 digits (the issuing area) and the
    /// last 4 kept, the birth date masked, e.g. `510104********1234`.
    ///
    /// Public pages (行政处罚决定公开) carry no identity number at all, not even masked; they
    /// use [`Party::public_name`](super::Party::public_name) and nothing else about a natural
    /// person.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

fn id_birth_date(s: &str) -> Option<NaiveDate> {
    let year = s.get(6..10)?.parse().ok()?;
    let month = s.get(10..12)?.parse().ok()?;
    let day = s.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Completed years from `birth` to `on`: the count goes up on the birthday (in a common year a
/// 29 February birthday is completed on 1 March).
pub(super) fn full_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on <= birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl TryFrom<String> for ResidentId {
    type Error = Refusal;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ResidentId::parse(&value)
    }
}

impl From<ResidentId> for String {
    fn from(id: ResidentId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::test_support::{code_of, d, province, replacement, rid};
    use proptest::prelude::*;

    fn valid_resident_id() -> impl Strategy<Value = String> {
        (province(), 0u32..10_000, 0i64..45_000, 0u32..1000).prop_map(|(p, rest, days, seq)| {
            let birth = d(1900, 1, 1) + chrono::Duration::days(days);
            rid(&format!("{p}{rest:04}{}{seq:03}", birth.format("%Y%m%d")))
        })
    }

    #[test]
    fn standard_example_id_passes() {
        // The example of GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), d(1949, 12, 31));
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.gender().label(), "女");
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(ResidentId::parse(" 11010519491231002x ").unwrap(), id);
        assert_eq!(format!("{id:?}"), "ResidentId(110105********002X)");
        assert_eq!(id.to_string(), "11010519491231002X");
    }

    #[test]
    fn id_gender_and_age() {
        let id = ResidentId::parse(&rid("51010420100615123")).unwrap();
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.birth_date(), d(2010, 6, 15));
        assert_eq!(id.age_on(d(2024, 6, 14)), 13);
        assert_eq!(id.age_on(d(2024, 6, 15)), 14);
        assert_eq!(id.age_on(d(2010, 6, 15)), 0);
        assert_eq!(id.age_on(d(2000, 1, 1)), 0);
        assert!(id.masked().starts_with("510104********123"));
        // 29 February: completed on 1 March in a common year.
        let leap = ResidentId::parse(&rid("51010420080229122")).unwrap();
        assert_eq!(leap.age_on(d(2022, 2, 28)), 13);
        assert_eq!(leap.age_on(d(2022, 3, 1)), 14);
        assert_eq!(leap.age_on(d(2024, 2, 29)), 16);
    }

    #[test]
    fn resident_id_refusals() {
        let r = ResidentId::parse("").unwrap_err();
        assert_eq!((r.code, r.field), ("resident_id.empty", Some("id_number")));
        let r = ResidentId::parse("110105491231002").unwrap_err();
        assert_eq!(r.code, "resident_id.old_15");
        assert!(r.message.contains("15位"));
        assert_eq!(
            code_of(ResidentId::parse("11010519491231002")),
            "resident_id.length"
        );
        assert_eq!(
            code_of(ResidentId::parse("1101051949123100XX")),
            "resident_id.charset"
        );
        assert_eq!(
            code_of(ResidentId::parse("11010519491231002Y")),
            "resident_id.charset"
        );
        assert_eq!(
            code_of(ResidentId::parse(&rid("99010519491231002"))),
            "resident_id.region"
        );
        assert_eq!(
            code_of(ResidentId::parse(&rid("11010519490230002"))),
            "resident_id.birth_date"
        );
        assert_eq!(
            code_of(ResidentId::parse(&rid("11010519491301002"))),
            "resident_id.birth_date"
        );
        assert_eq!(
            code_of(ResidentId::parse(&rid("11010518991231002"))),
            "resident_id.birth_date"
        );
        assert_eq!(
            code_of(ResidentId::parse("110105194912310021")),
            "resident_id.check"
        );
    }

    #[test]
    fn resident_id_serde() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"11010519491231002X\"");
        assert_eq!(serde_json::from_str::<ResidentId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<ResidentId>("\"110105194912310021\"").is_err());
    }

    proptest! {
        #[test]
        fn generated_resident_ids_pass(id in valid_resident_id()) {
            let parsed = ResidentId::parse(&id);
            prop_assert!(parsed.is_ok(), "{}: {:?}", id, parsed);
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
            prop_assert_eq!(parsed.birth_date().format("%Y%m%d").to_string(), &id[6..14]);
        }

        #[test]
        fn any_single_change_of_a_resident_id_fails(
            id in valid_resident_id(),
            pos in 0usize..18,
            c in replacement(),
        ) {
            prop_assume!(id.as_bytes()[pos] != c);
            let mut b = id.into_bytes();
            b[pos] = c;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(ResidentId::parse(&changed).is_err(), "{} passed", changed);
        }
    }
}
