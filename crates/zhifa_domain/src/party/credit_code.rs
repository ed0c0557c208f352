//! The unified social credit code (统一社会信用代码, GB 32100-2015) of legal persons and other
//! organisations, individual businesses (个体工商户) included.
//!
//! What is here: [`CreditCode`], its `parse` constructor, which normalises what people type
//! (spaces, full-width characters, lower case) and refuses with a Chinese message naming the
//! position that breaks a rule of the standard, the table of registration authorities and
//! organisation types, and both check characters (GB 32100 over 17 characters, GB 11714 over the
//! embedded organisation code).
//!
//! Not here: the party that carries the code ([`Party`](super::Party)), the resident identity
//! number of natural persons ([`super::resident_id`]), lookups in any registry (the code is
//! checked for form, not existence).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{known_province, normalise_code};
use crate::Refusal;

/// The 31 characters of GB 32100-2015, in value order: digits, then capital letters without
/// I, O, Z, S and V.
const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 for the final check character: 3^(i) mod 31.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the 8-character body of an organisation code (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A registration authority (登记管理部门, the 1st character of a credit code) with the
/// organisation types (机构类别, the 2nd character) registered by it.
struct Authority {
    code: u8,
    name: &'static str,
    /// Type code and its name in Chinese.
    kinds: &'static [(u8, &'static str)],
}

/// Registration authority codes (登记管理部门代码, 1st character) with their organisation type
/// codes (机构类别代码, 2nd character): GB 32100-2015 and the later assignments by the
/// Standardization Administration (司法行政, 宗教, 工会, 农业 and others).
const AUTHORITIES: &[Authority] = &[
    Authority {
        code: b'1',
        name: "机构编制",
        kinds: &[
            (b'1', "机关"),
            (b'2', "事业单位"),
            (b'3', "中央编办直接管理机构编制的群众团体"),
            (b'9', "其他"),
        ],
    },
    Authority {
        code: b'2',
        name: "外交",
        kinds: &[(b'1', "外国常驻新闻机构"), (b'9', "其他")],
    },
    Authority {
        code: b'3',
        name: "司法行政",
        kinds: &[
            (b'1', "律师执业机构"),
            (b'2', "公证处"),
            (b'3', "基层法律服务所"),
            (b'4', "司法鉴定机构"),
            (b'5', "仲裁委员会"),
            (b'9', "其他"),
        ],
    },
    Authority {
        code: b'4',
        name: "文化",
        kinds: &[(b'1', "外国在华文化中心"), (b'9', "其他")],
    },
    Authority {
        code: b'5',
        name: "民政",
        kinds: &[
            (b'1', "社会团体"),
            (b'2', "民办非企业单位"),
            (b'3', "基金会"),
            (b'9', "其他"),
        ],
    },
    Authority {
        code: b'6',
        name: "旅游",
        kinds: &[
            (b'1', "外国旅游部门常驻代表机构"),
            (b'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"),
            (b'9', "其他"),
        ],
    },
    Authority {
        code: b'7',
        name: "宗教",
        kinds: &[(b'1', "宗教活动场所"), (b'2', "宗教院校"), (b'9', "其他")],
    },
    Authority {
        code: b'8',
        name: "工会",
        kinds: &[(b'1', "基层工会"), (b'9', "其他")],
    },
    Authority {
        code: b'9',
        name: "市场监管（工商）",
        kinds: &[
            (b'1', "企业"),
            (b'2', "个体工商户"),
            (b'3', "农民专业合作社"),
        ],
    },
    Authority {
        code: b'A',
        name: "中央军委改革和编制办公室",
        kinds: &[(b'1', "军队事业单位"), (b'9', "其他")],
    },
    Authority {
        code: b'N',
        name: "农业农村",
        kinds: &[
            (b'1', "组级集体经济组织"),
            (b'2', "村级集体经济组织"),
            (b'3', "乡镇级集体经济组织"),
            (b'9', "其他"),
        ],
    },
    Authority {
        code: b'Y',
        name: "其他",
        kinds: &[(b'1', "其他")],
    },
];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARSET.iter().position(|x| *x == c).map(|p| p as u32)
}

/// The final check character for the first 17 characters, which must be in the charset.
fn uscc_check(body: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (c, w) in body.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(USCC_CHARSET[check as usize])
}

/// GB 11714 value of a body character: digits as themselves, letters A = 10 … Z = 35.
fn org_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The GB 11714 check character for an 8-character organisation code body: 0-9 or X.
fn org_check(body: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (c, w) in body.iter().zip(ORG_WEIGHTS) {
        sum += org_value(*c)? * w;
    }
    match 11 - sum % 11 {
        10 => Some(b'X'),
        11 => Some(b'0'),
        n => Some(b'0' + n as u8),
    }
}

/// A unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters, upper case.
///
/// Layout: 1 registration authority, 2 organisation type, 3–8 administrative division of the
/// registering office, 9–17 the organisation code (主体标识码, GB 11714, its own check last),
/// 18 the check character over the first 17.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Accepts lower case, full-width characters and spaces; refuses anything that breaks a rule
    /// of GB 32100-2015, naming the position concerned.
    pub fn parse(text: &str) -> Result<CreditCode, Refusal> {
        let refuse = |code: &'static str, message: String| {
            Err(Refusal::new(code, message).on_field("credit_code"))
        };
        let s = normalise_code(text);
        if s.is_empty() {
            return refuse("credit_code.empty", "请填写统一社会信用代码".into());
        }
        let len = s.chars().count();
        if len == 15 {
            return refuse(
                "credit_code.length",
                "这是15位的旧工商注册号，请填写营业执照上18位的统一社会信用代码".into(),
            );
        }
        if len != 18 {
            return refuse(
                "credit_code.length",
                format!("统一社会信用代码应为18位，填写的是{len}位"),
            );
        }
        if let Some((i, c)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii() || uscc_value(*c as u8).is_none())
        {
            return refuse(
                "credit_code.charset",
                format!(
                    "统一社会信用代码第{}位“{c}”不是有效字符：只用数字和大写字母，不用 I、O、Z、S、V",
                    i + 1
                ),
            );
        }
        let b = s.as_bytes();
        let Some(authority) = AUTHORITIES.iter().find(|a| a.code == b[0]) else {
            return refuse(
                "credit_code.authority",
                format!(
                    "统一社会信用代码第1位（登记管理部门代码）“{}”无效",
                    b[0] as char
                ),
            );
        };
        if !authority.kinds.iter().any(|(k, _)| *k == b[1]) {
            return refuse(
                "credit_code.kind",
                format!(
                    "统一社会信用代码第2位（机构类别代码）“{}”对{}登记的机构无效",
                    b[1] as char, authority.name
                ),
            );
        }
        let division = &s[2..8];
        if !division.bytes().all(|c| c.is_ascii_digit()) {
            return refuse(
                "credit_code.division",
                "统一社会信用代码第3–8位应为6位数字的行政区划代码".into(),
            );
        }
        if division != "100000" && !known_province(&division[..2]) {
            return refuse(
                "credit_code.division",
                format!("统一社会信用代码第3–8位“{division}”不是有效的行政区划代码"),
            );
        }
        let org = &b[8..17];
        if org_check(&org[..8]) != Some(org[8]) {
            return refuse(
                "credit_code.org_check",
                "统一社会信用代码第9–17位（组织机构代码）校验不符，请核对".into(),
            );
        }
        if uscc_check(&b[..17]) != Some(b[17]) {
            return refuse(
                "credit_code.check",
                "统一社会信用代码校验位（第18位）不符，请逐位核对".into(),
            );
        }
        Ok(CreditCode(s))
    }

    /// The 18 characters, upper case.
    /// The code with both check characters computed (GB 11714 for the organisation code,
    /// GB 32100 for the whole) from its other parts: `prefix` the authority, type and division
    /// (8 characters), `org_body` the organisation code's 8 characters. For building codes,
    /// e.g. test and demo data; the result is checked as [`CreditCode::parse`] checks any.
    pub fn complete(prefix: &str, org_body: &str) -> Result<CreditCode, Refusal> {
        let invalid = || {
            Refusal::new("credit_code.parts", "统一社会信用代码的组成部分不符合规则")
                .on_field("credit_code")
        };
        let org = org_check(org_body.as_bytes())
            .filter(|_| prefix.len() == 8 && org_body.len() == 8)
            .ok_or_else(invalid)?;
        let first17 = format!("{prefix}{org_body}{}", char::from(org));
        let check = uscc_check(first17.as_bytes()).ok_or_else(invalid)?;
        CreditCode::parse(&format!("{first17}{}", char::from(check)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 登记管理部门代码, the 1st character.
    pub fn authority_code(&self) -> char {
        self.0.as_bytes()[0] as char
    }

    /// The registration authority in Chinese, e.g. 市场监管（工商）.
    pub fn authority_name(&self) -> &'static str {
        self.authority().map_or("其他", |a| a.name)
    }

    /// The organisation type in Chinese, e.g. 企业, 个体工商户, 村级集体经济组织.
    pub fn kind_name(&self) -> &'static str {
        let kind = self.0.as_bytes()[1];
        self.authority()
            .and_then(|a| a.kinds.iter().find(|(k, _)| *k == kind))
            .map_or("其他", |(_, name)| name)
    }

    /// 个体工商户 (codes beginning 92).
    pub fn is_individual_business(&self) -> bool {
        self.0.starts_with("92")
    }

    /// The administrative division of the registering office, characters 3–8.
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// The organisation code (主体标识码), characters 9–17, including its check character.
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }

    fn authority(&self) -> Option<&'static Authority> {
        let a = self.0.as_bytes()[0];
        AUTHORITIES.iter().find(|x| x.code == a)
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = Refusal;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CreditCode::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::test_support::{code_of, province, replacement};
    use proptest::prelude::*;

    /// Completes a 17-character credit code body with its check character.
    fn uscc(body: &str) -> String {
        let check = uscc_check(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    }

    /// Completes an 8-character organisation code body with its GB 11714 check character.
    fn org(body: &str) -> String {
        let check = org_check(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    }

    #[test]
    fn a_completed_code_passes_and_bad_parts_are_refused() {
        let code = CreditCode::complete("92519901", "MA017001").unwrap();
        assert!(code.is_individual_business());
        assert_eq!(CreditCode::parse(code.as_str()).unwrap(), code);
        assert_eq!(
            CreditCode::complete("9251990", "MA017001")
                .unwrap_err()
                .code,
            "credit_code.parts"
        );
        assert!(CreditCode::complete("92519901", "ma01700!").is_err());
    }

    #[test]
    fn published_credit_code_passes() {
        let c = CreditCode::parse("91350100M000100Y43").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert_eq!(c.authority_code(), '9');
        assert_eq!(c.authority_name(), "市场监管（工商）");
        assert_eq!(c.kind_name(), "企业");
        assert_eq!(c.division_code(), "350100");
        assert_eq!(c.organisation_code(), "M000100Y4");
        assert!(!c.is_individual_business());
        // The parts are computed as the standard says.
        assert_eq!(org("M000100Y"), "M000100Y4");
        assert_eq!(uscc("91350100M000100Y4"), "91350100M000100Y43");
    }

    #[test]
    fn codes_built_from_the_published_one_pass() {
        // Same organisation code under other authorities, types and divisions.
        for body in [
            "92510104M000100Y4", // 个体工商户, 成都市锦江区
            "N2510104M000100Y4", // 村级集体经济组织
            "12510100M000100Y4", // 事业单位
            "51100000M000100Y4", // 社会团体, registered nationally
            "Y1440300M000100Y4",
        ] {
            let code = uscc(body);
            let c = CreditCode::parse(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(c.as_str(), code);
        }
        assert!(
            CreditCode::parse(&uscc("92510104M000100Y4"))
                .unwrap()
                .is_individual_business()
        );
        assert_eq!(
            CreditCode::parse(&uscc("N2510104M000100Y4"))
                .unwrap()
                .kind_name(),
            "村级集体经济组织"
        );
        // A fresh organisation code with an X check character.
        let x = (0..1000)
            .map(|n| format!("MA{n:06}"))
            .find(|b| org_check(b.as_bytes()) == Some(b'X'))
            .unwrap();
        let code = uscc(&format!("91510104{x}X"));
        assert!(CreditCode::parse(&code).is_ok(), "{code}");
    }

    #[test]
    fn codes_printed_on_real_licences_pass() {
        for code in [
            "914403001922038216", // 华为技术有限公司
            "91440300708461136T", // 深圳市腾讯计算机系统有限公司
            "91110000710925462X", // 国家电网有限公司
            "91330100716105852F", // 阿里巴巴（中国）有限公司
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
            // And a one-character slip in the organisation code is caught.
            let slipped = format!("{}{}", &code[..9], &code[9..].replacen('0', "8", 1));
            assert!(CreditCode::parse(&slipped).is_err(), "{slipped}");
        }
    }

    #[test]
    fn credit_code_normalises_case_spaces_and_width() {
        let c = CreditCode::parse("  91350100m000100y43 ").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert!(CreditCode::parse("9135 0100 M000 100Y 43").is_ok());
        assert!(CreditCode::parse("９１３５０１００Ｍ０００１００Ｙ４３").is_ok());
    }

    #[test]
    fn credit_code_refusals() {
        let r = CreditCode::parse("").unwrap_err();
        assert_eq!(
            (r.code, r.field),
            ("credit_code.empty", Some("credit_code"))
        );
        let r = CreditCode::parse("350100000012345").unwrap_err();
        assert_eq!(r.code, "credit_code.length");
        assert!(r.message.contains("15位"));
        assert_eq!(
            code_of(CreditCode::parse("91350100M000100Y4")),
            "credit_code.length"
        );
        // I, O, Z, S, V are not used.
        for bad in ['I', 'O', 'Z', 'S', 'V', '-', '中'] {
            let code = format!("91350100M000100{bad}43");
            let r = CreditCode::parse(&code).unwrap_err();
            assert_eq!(r.code, "credit_code.charset", "{code}");
            assert!(r.message.contains("第16位"), "{}", r.message);
        }
        // Authority and type, with every check otherwise right.
        assert_eq!(
            code_of(CreditCode::parse(&uscc("B1350100M000100Y4"))),
            "credit_code.authority"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("94350100M000100Y4"))),
            "credit_code.kind"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("99350100M000100Y4"))),
            "credit_code.kind"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("Y2350100M000100Y4"))),
            "credit_code.kind"
        );
        // Division.
        assert_eq!(
            code_of(CreditCode::parse(&uscc("913501A0M000100Y4"))),
            "credit_code.division"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("91990100M000100Y4"))),
            "credit_code.division"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("91100100M000100Y4"))),
            "credit_code.division"
        );
        // Organisation code check, final check right.
        assert_eq!(
            code_of(CreditCode::parse(&uscc("91350100M000100Y5"))),
            "credit_code.org_check"
        );
        assert_eq!(
            code_of(CreditCode::parse(&uscc("91350100M000100YA"))),
            "credit_code.org_check"
        );
        // Final check.
        assert_eq!(
            code_of(CreditCode::parse("91350100M000100Y44")),
            "credit_code.check"
        );
    }

    #[test]
    fn every_single_change_of_the_published_code_fails() {
        let good = "91350100M000100Y43";
        for i in 0..18 {
            for c in USCC_CHARSET.iter().chain(b"IOZSV") {
                if good.as_bytes()[i] == *c {
                    continue;
                }
                let mut b = good.as_bytes().to_vec();
                b[i] = *c;
                let s = String::from_utf8(b).unwrap();
                assert!(CreditCode::parse(&s).is_err(), "{s} passed");
            }
        }
    }

    #[test]
    fn credit_code_serde_round_trip_and_refusal() {
        let c = CreditCode::parse("91350100M000100Y43").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"91350100M000100Y43\"");
        assert_eq!(serde_json::from_str::<CreditCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CreditCode>("\"91350100M000100Y44\"").is_err());
    }

    // --- properties ----------------------------------------------------------------------------

    fn authority_and_kind() -> impl Strategy<Value = (u8, u8)> {
        let pairs: Vec<(u8, u8)> = AUTHORITIES
            .iter()
            .flat_map(|a| a.kinds.iter().map(move |(k, _)| (a.code, *k)))
            .collect();
        prop::sample::select(pairs)
    }

    fn valid_credit_code() -> impl Strategy<Value = String> {
        (
            authority_and_kind(),
            province(),
            0u32..10_000,
            prop::collection::vec(prop::sample::select(USCC_CHARSET.to_vec()), 8),
        )
            .prop_map(|((a, k), p, rest, body)| {
                let org_code = org(&String::from_utf8(body).unwrap());
                uscc(&format!("{}{}{p}{rest:04}{org_code}", a as char, k as char))
            })
    }

    proptest! {
        #[test]
        fn generated_credit_codes_pass(code in valid_credit_code()) {
            let parsed = CreditCode::parse(&code);
            prop_assert!(parsed.is_ok(), "{}: {:?}", code, parsed);
            let lower = CreditCode::parse(&code.to_lowercase());
            prop_assert_eq!(lower.unwrap().as_str().to_string(), code);
        }

        #[test]
        fn any_single_change_of_a_credit_code_fails(
            code in valid_credit_code(),
            pos in 0usize..18,
            c in replacement(),
        ) {
            prop_assume!(code.as_bytes()[pos] != c);
            let mut b = code.into_bytes();
            b[pos] = c;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(CreditCode::parse(&changed).is_err(), "{} passed", changed);
        }
    }
}
