//! Parties to a case (当事人) and the values that identify and reach them.
//!
//! What is here: [`Party`], a natural person or a legal person or other organisation; the
//! minors rule of 《行政处罚法》第三十条 ([`MinorStatus`], [`Party::check_penalty`]), decided from
//! the party's age on the date of the violation (callers pass that date, this module never reads
//! a clock); the name as published; and the input normalisation shared by the value types of the
//! submodules, re-exported here: [`CreditCode`] (GB 32100-2015), [`ResidentId`] and [`Gender`]
//! (GB 11643-1999), [`Phone`] and [`PhoneKind`]. Every value type has a `parse` constructor that
//! normalises what people type (spaces, full-width characters, lower case) and refuses with a
//! Chinese message naming the field.
//!
//! Not here: money (see [`crate::money`]), storage, rendering, the mental-capacity rule
//! (第三十一条), the amount of a penalty (discretion), and publication policy beyond the
//! party's public name.

mod credit_code;
mod phone;
mod resident_id;

pub use credit_code::CreditCode;
pub use phone::{Phone, PhoneKind};
pub use resident_id::{Gender, ResidentId};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Refusal;
use resident_id::full_years;

/// 《行政处罚法》第三十条: under 14 no penalty; 14 to 18 lighter or mitigated.
pub const BASIS_MINORS: &str = "《行政处罚法》第三十条";

// ---------------------------------------------------------------------------------------------
// Input normalisation, shared by the value types of the submodules
// ---------------------------------------------------------------------------------------------

/// Maps full-width ASCII (as typed with a Chinese input method) to half-width and the
/// ideographic space to a plain space. `crate::money` keeps its own copy so that money does not
/// depend on parties.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Half-width, upper case, with every whitespace character removed.
fn normalise_code(text: &str) -> String {
    text.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Province-level prefixes of GB/T 2260 administrative division codes, plus 71 台湾, 81 香港,
/// 82 澳门 (and 83, used by residence permits of Taiwan residents).
fn known_province(prefix: &str) -> bool {
    PROVINCES.contains(&prefix)
}

const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

// ---------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------

/// Two-character surnames kept whole in a public name (欧阳某, not 欧某).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "万俟", "澹台", "公冶", "太史",
    "申屠", "钟离", "闻人", "赫连", "濮阳", "淳于", "单于", "拓跋", "百里", "第五", "司空", "左丘",
    "公羊", "东郭", "仲孙", "闾丘",
];

const MAX_PERSON_NAME: usize = 50;
const MAX_ORGANISATION_NAME: usize = 100;
const MAX_ADDRESS: usize = 200;

/// Where a natural person stands under 《行政处罚法》第三十条 on the date of the violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinorStatus {
    /// 不满十四周岁: no penalty; the guardian is ordered to discipline (责令监护人加以管教).
    Under14,
    /// 已满十四周岁不满十八周岁: the penalty must be lighter or mitigated (从轻或者减轻).
    Minor14To18,
    /// 已满十八周岁, or an organisation: the article does not apply.
    Adult,
    /// Neither an identity number nor a birth date is known.
    Unknown,
}

impl MinorStatus {
    /// From an age in full legal years; `None` is [`MinorStatus::Unknown`].
    pub fn of_age(age: Option<u32>) -> MinorStatus {
        match age {
            None => MinorStatus::Unknown,
            Some(a) if a < 14 => MinorStatus::Under14,
            Some(a) if a < 18 => MinorStatus::Minor14To18,
            Some(_) => MinorStatus::Adult,
        }
    }

    /// The penalty must be lighter or mitigated.
    pub fn must_mitigate(self) -> bool {
        self == MinorStatus::Minor14To18
    }

    /// Chinese label for screens and documents.
    pub fn label(self) -> &'static str {
        match self {
            MinorStatus::Under14 => "不满十四周岁",
            MinorStatus::Minor14To18 => "已满十四周岁不满十八周岁",
            MinorStatus::Adult => "已成年或非自然人",
            MinorStatus::Unknown => "年龄不明",
        }
    }
}

/// A party to a case (当事人): a natural person, or a legal person or other organisation
/// identified by its unified social credit code (个体工商户 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Party {
    Natural {
        name: String,
        id_number: Option<ResidentId>,
        /// Used when there is no identity number; when both are given they must agree.
        birth_date: Option<NaiveDate>,
        phone: Option<Phone>,
        address: Option<String>,
    },
    Organisation {
        name: String,
        credit_code: CreditCode,
        /// 法定代表人 or 负责人 (经营者 for an individual business).
        legal_representative: String,
        phone: Option<Phone>,
        address: Option<String>,
    },
}

impl Party {
    /// The full name (trimmed), for case files and officer screens.
    pub fn name(&self) -> &str {
        match self {
            Party::Natural { name, .. } | Party::Organisation { name, .. } => name.trim(),
        }
    }

    /// A natural person (自然人).
    pub fn is_natural(&self) -> bool {
        matches!(self, Party::Natural { .. })
    }

    /// The contact phone, if any.
    pub fn phone(&self) -> Option<&Phone> {
        match self {
            Party::Natural { phone, .. } | Party::Organisation { phone, .. } => phone.as_ref(),
        }
    }

    /// A natural person's birth date, from the identity number when there is one.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self {
            Party::Natural {
                id_number,
                birth_date,
                ..
            } => id_number
                .as_ref()
                .map(ResidentId::birth_date)
                .or(*birth_date),
            Party::Organisation { .. } => None,
        }
    }

    /// Full years on `date` of a natural person whose birth date is known.
    pub fn age_on(&self, date: NaiveDate) -> Option<u32> {
        self.birth_date().map(|b| full_years(b, date))
    }

    /// Status under 第三十条 on `offence_date`, the day of the violation (not of the decision).
    ///
    /// 周岁 are counted by the calendar from the day after the birthday (the rule of the
    /// Supreme People's Court's interpretation on juvenile cases, which favours the party): on
    /// the fourteenth birthday itself a person is still under fourteen.
    pub fn minor_status(&self, offence_date: NaiveDate) -> MinorStatus {
        match self {
            Party::Organisation { .. } => MinorStatus::Adult,
            Party::Natural { .. } => MinorStatus::of_age(self.birth_date().map(|b| {
                offence_date
                    .pred_opt()
                    .map_or(0, |day_before| full_years(b, day_before))
            })),
        }
    }

    /// Whether an administrative penalty may be imposed for a violation on `offence_date`.
    /// Refuses for a person under 14, and for a natural person whose age cannot be established;
    /// otherwise returns the status, and [`MinorStatus::Minor14To18`] obliges the decision to
    /// be lighter or mitigated.
    pub fn check_penalty(&self, offence_date: NaiveDate) -> Result<MinorStatus, Refusal> {
        match self.minor_status(offence_date) {
            MinorStatus::Under14 => Err(Refusal::new(
                "party.under_14",
                format!(
                    "{}违法行为时不满十四周岁，不予行政处罚，应责令监护人加以管教",
                    self.name()
                ),
            )
            .citing(BASIS_MINORS)
            .on_field("birth_date")),
            MinorStatus::Unknown => Err(Refusal::new(
                "party.age_unknown",
                "无法确定当事人违法行为时是否已满十四周岁、十八周岁，请填写身份证号码或出生日期",
            )
            .citing(BASIS_MINORS)
            .on_field("id_number")),
            status => Ok(status),
        }
    }

    /// The name as published (行政处罚决定公开): a natural person's surname followed by 某
    /// (张三 → 张某, 欧阳娜娜 → 欧阳某; other names keep their first character); an
    /// organisation's name unchanged.
    pub fn public_name(&self) -> String {
        match self {
            Party::Organisation { name, .. } => name.trim().to_string(),
            Party::Natural { name, .. } => mask_person_name(name),
        }
    }

    /// Checks the record as entered on `today`: names present and not too long, birth dates
    /// not in the future, the birth date agreeing with the identity number.
    pub fn check(&self, today: NaiveDate) -> Result<(), Refusal> {
        let (name, max_name, address) = match self {
            Party::Natural { name, address, .. } => (name, MAX_PERSON_NAME, address),
            Party::Organisation { name, address, .. } => (name, MAX_ORGANISATION_NAME, address),
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::new("party.name_empty", "请填写当事人名称或姓名").on_field("name"));
        }
        if name.chars().count() > max_name {
            return Err(Refusal::new(
                "party.name_length",
                format!("当事人名称或姓名不超过{max_name}个字"),
            )
            .on_field("name"));
        }
        if address
            .as_deref()
            .is_some_and(|a| a.trim().chars().count() > MAX_ADDRESS)
        {
            return Err(Refusal::new(
                "party.address_length",
                format!("地址不超过{MAX_ADDRESS}个字"),
            )
            .on_field("address"));
        }
        match self {
            Party::Natural {
                id_number,
                birth_date,
                ..
            } => {
                if let Some(id) = id_number
                    && id.birth_date() > today
                {
                    return Err(Refusal::new(
                        "party.birth_in_future",
                        "身份证号码中的出生日期晚于今天，请核对",
                    )
                    .on_field("id_number"));
                }
                if let Some(b) = birth_date {
                    if *b > today {
                        return Err(Refusal::new(
                            "party.birth_in_future",
                            "出生日期晚于今天，请核对",
                        )
                        .on_field("birth_date"));
                    }
                    if let Some(id) = id_number
                        && id.birth_date() != *b
                    {
                        return Err(Refusal::new(
                            "party.birth_date_mismatch",
                            format!(
                                "出生日期 {b} 与身份证号码中的出生日期 {} 不一致",
                                id.birth_date()
                            ),
                        )
                        .on_field("birth_date"));
                    }
                }
            }
            Party::Organisation {
                legal_representative,
                ..
            } => {
                let rep = legal_representative.trim();
                if rep.is_empty() {
                    return Err(Refusal::new(
                        "party.legal_representative_empty",
                        "请填写法定代表人（负责人）姓名",
                    )
                    .on_field("legal_representative"));
                }
                if rep.chars().count() > MAX_PERSON_NAME {
                    return Err(Refusal::new(
                        "party.legal_representative_length",
                        format!("法定代表人（负责人）姓名不超过{MAX_PERSON_NAME}个字"),
                    )
                    .on_field("legal_representative"));
                }
            }
        }
        Ok(())
    }
}

/// Surname + 某. A name starting with a listed compound surname keeps both characters when the
/// name is at least three characters long (欧阳 alone is read as 欧 + 阳).
fn mask_person_name(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() >= 3
        && let Some(s) = COMPOUND_SURNAMES.iter().find(|s| name.starts_with(**s))
    {
        return format!("{s}某");
    }
    match name.chars().next() {
        Some(first) => format!("{first}某"),
        None => "某".to_string(),
    }
}

#[cfg(test)]
mod test_support {
    //! Helpers shared by the tests of this module and its submodules.

    use super::resident_id::id_check;
    use crate::Refusal;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use std::fmt;

    pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Completes a 17-digit identity number body with its check character.
    pub(super) fn rid(body: &str) -> String {
        let check = id_check(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    }

    pub(super) fn code_of(r: Result<impl fmt::Debug, Refusal>) -> &'static str {
        r.unwrap_err().code
    }

    pub(super) fn province() -> impl Strategy<Value = &'static str> {
        prop::sample::select(super::PROVINCES.to_vec())
    }

    pub(super) fn replacement() -> impl Strategy<Value = u8> {
        prop::sample::select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{code_of, d, rid};
    use super::*;

    fn person(name: &str, id: Option<&str>, birth: Option<NaiveDate>) -> Party {
        Party::Natural {
            name: name.to_string(),
            id_number: id.map(|i| ResidentId::parse(i).unwrap()),
            birth_date: birth,
            phone: None,
            address: None,
        }
    }

    fn company() -> Party {
        Party::Organisation {
            name: "福州某某贸易有限公司".to_string(),
            credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
            legal_representative: "林某某".to_string(),
            phone: Some(Phone::parse("0591-87654321").unwrap()),
            address: Some("福州市鼓楼区".to_string()),
        }
    }

    #[test]
    fn public_names() {
        assert_eq!(person("张三", None, None).public_name(), "张某");
        assert_eq!(person(" 王小明 ", None, None).public_name(), "王某");
        for (full, public) in [
            ("欧阳娜娜", "欧阳某"),
            ("司马光明", "司马某"),
            ("诸葛亮", "诸葛某"),
            ("上官婉儿", "上官某"),
            ("东方明", "东方某"),
            ("皇甫嵩", "皇甫某"),
            ("尉迟恭", "尉迟某"),
            ("公孙策", "公孙某"),
            ("慕容复", "慕容某"),
            ("令狐冲", "令狐某"),
            ("长孙无忌", "长孙某"),
            ("宇文泰", "宇文某"),
            ("司徒雷", "司徒某"),
            ("夏侯惇", "夏侯某"),
            ("轩辕明", "轩辕某"),
            ("端木蓉", "端木某"),
            ("独孤求", "独孤某"),
            ("南宫月", "南宫某"),
            ("西门庆", "西门某"),
            ("呼延灼", "呼延某"),
        ] {
            assert_eq!(person(full, None, None).public_name(), public);
        }
        // Two characters: 欧 is the surname.
        assert_eq!(person("欧阳", None, None).public_name(), "欧某");
        assert_eq!(person("买买提·艾力", None, None).public_name(), "买某");
        assert_eq!(company().public_name(), "福州某某贸易有限公司");
    }

    #[test]
    fn ages_from_id_or_birth_date() {
        let by_id = person("张三", Some("11010519491231002X"), None);
        assert_eq!(by_id.birth_date(), Some(d(1949, 12, 31)));
        assert_eq!(by_id.age_on(d(2024, 12, 30)), Some(74));
        assert_eq!(by_id.age_on(d(2024, 12, 31)), Some(75));
        let by_date = person("李四", None, Some(d(2000, 3, 1)));
        assert_eq!(by_date.age_on(d(2024, 3, 1)), Some(24));
        assert_eq!(person("王五", None, None).age_on(d(2024, 1, 1)), None);
        assert_eq!(company().age_on(d(2024, 1, 1)), None);
    }

    #[test]
    fn minors_rule_of_article_30() {
        let kid = person("张三", None, Some(d(2010, 6, 15)));
        // The fourteenth birthday itself still counts as under fourteen.
        assert_eq!(kid.minor_status(d(2024, 6, 14)), MinorStatus::Under14);
        assert_eq!(kid.minor_status(d(2024, 6, 15)), MinorStatus::Under14);
        assert_eq!(kid.minor_status(d(2024, 6, 16)), MinorStatus::Minor14To18);
        assert_eq!(kid.minor_status(d(2028, 6, 15)), MinorStatus::Minor14To18);
        assert_eq!(kid.minor_status(d(2028, 6, 16)), MinorStatus::Adult);
        assert_eq!(kid.minor_status(d(2010, 6, 15)), MinorStatus::Under14);

        let r = kid.check_penalty(d(2024, 6, 15)).unwrap_err();
        assert_eq!(
            (r.code, r.basis, r.field),
            ("party.under_14", Some(BASIS_MINORS), Some("birth_date"))
        );
        assert!(r.message.contains("不予行政处罚"));
        let status = kid.check_penalty(d(2025, 1, 1)).unwrap();
        assert_eq!(status, MinorStatus::Minor14To18);
        assert!(status.must_mitigate());
        assert_eq!(kid.check_penalty(d(2030, 1, 1)), Ok(MinorStatus::Adult));
        assert!(!MinorStatus::Adult.must_mitigate());

        let unknown = person("王五", None, None);
        assert_eq!(unknown.minor_status(d(2024, 1, 1)), MinorStatus::Unknown);
        let r = unknown.check_penalty(d(2024, 1, 1)).unwrap_err();
        assert_eq!((r.code, r.basis), ("party.age_unknown", Some(BASIS_MINORS)));

        assert_eq!(
            company().check_penalty(d(2024, 1, 1)),
            Ok(MinorStatus::Adult)
        );
        assert_eq!(MinorStatus::of_age(Some(13)), MinorStatus::Under14);
        assert_eq!(MinorStatus::of_age(Some(17)), MinorStatus::Minor14To18);
        assert_eq!(MinorStatus::of_age(Some(18)), MinorStatus::Adult);
    }

    #[test]
    fn party_check() {
        let today = d(2024, 6, 1);
        assert!(
            person("张三", Some("11010519491231002X"), None)
                .check(today)
                .is_ok()
        );
        assert!(
            person("张三", Some("11010519491231002X"), Some(d(1949, 12, 31)))
                .check(today)
                .is_ok()
        );
        assert!(company().check(today).is_ok());

        let r = person(" ", None, None).check(today).unwrap_err();
        assert_eq!((r.code, r.field), ("party.name_empty", Some("name")));
        let long = "张".repeat(51);
        assert_eq!(
            code_of(person(&long, None, None).check(today)),
            "party.name_length"
        );
        let r = person("张三", Some("11010519491231002X"), Some(d(1950, 1, 1)))
            .check(today)
            .unwrap_err();
        assert_eq!(
            (r.code, r.field),
            ("party.birth_date_mismatch", Some("birth_date"))
        );
        let r = person("张三", None, Some(d(2024, 6, 2)))
            .check(today)
            .unwrap_err();
        assert_eq!(
            (r.code, r.field),
            ("party.birth_in_future", Some("birth_date"))
        );
        let future_id = rid("51010420240602123");
        let r = person("张三", Some(&future_id), None)
            .check(today)
            .unwrap_err();
        assert_eq!(
            (r.code, r.field),
            ("party.birth_in_future", Some("id_number"))
        );

        let mut c = company();
        if let Party::Organisation {
            legal_representative,
            ..
        } = &mut c
        {
            *legal_representative = "  ".to_string();
        }
        let r = c.check(today).unwrap_err();
        assert_eq!(
            (r.code, r.field),
            (
                "party.legal_representative_empty",
                Some("legal_representative")
            )
        );
        let mut c = company();
        if let Party::Organisation { address, .. } = &mut c {
            *address = Some("路".repeat(201));
        }
        assert_eq!(code_of(c.check(today)), "party.address_length");
    }

    #[test]
    fn party_serde() {
        let p = Party::Natural {
            name: "张三".into(),
            id_number: Some(ResidentId::parse("11010519491231002X").unwrap()),
            birth_date: None,
            phone: Some(Phone::parse("13812345678").unwrap()),
            address: Some("成都市锦江区".into()),
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["kind"], "natural");
        assert_eq!(json["id_number"], "11010519491231002X");
        assert_eq!(serde_json::from_value::<Party>(json).unwrap(), p);
        let json = serde_json::to_value(company()).unwrap();
        assert_eq!(json["kind"], "organisation");
        assert_eq!(serde_json::from_value::<Party>(json).unwrap(), company());
    }
}
