//! Money as an integer number of fen (分), with the forms documents need.
//!
//! What is here: [`Fen`], never negative and below one trillion yuan; exact parsing of amounts
//! typed in yuan ([`Fen::parse_yuan`], refusing with a Chinese message on the `amount` field);
//! checked and saturating arithmetic; display as `1,234.50元`; and the amount in capitals
//! (中文大写) for receipts and payment notices ([`Fen::to_chinese_capital`]).
//!
//! Not here: the amount of a penalty and fine ranges (discretion), payment, rendering of whole
//! documents.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::Refusal;

/// Maps full-width ASCII (as typed with a Chinese input method) to half-width and the
/// ideographic space to a plain space. The same mapping as the party module's, kept private
/// here so that money does not depend on parties.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// An amount of money in fen (分), never negative and below one trillion yuan. Serialised as
/// the integer number of fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Fen(i64);

const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

impl Fen {
    pub const ZERO: Fen = Fen(0);
    /// 999,999,999,999.99 元: anything larger is a typing error in this domain.
    pub const MAX: Fen = Fen(99_999_999_999_999);

    /// From a number of fen.
    pub fn new(fen: i64) -> Result<Fen, Refusal> {
        if fen < 0 {
            Err(Refusal::new("money.negative", "金额不能为负数").on_field("amount"))
        } else if fen > Fen::MAX.0 {
            Err(too_large())
        } else {
            Ok(Fen(fen))
        }
    }

    /// From whole yuan.
    pub fn from_yuan(yuan: i64) -> Result<Fen, Refusal> {
        Fen::new(yuan.checked_mul(100).ok_or_else(too_large)?)
    }

    /// Exact decimal parsing of an amount in yuan: `1234.5`, `1,234.50`, `￥1,234.50`,
    /// `1234.5元`, full-width digits too. Thousands separators must group by three; at most two
    /// decimals; no sign, exponent or words.
    pub fn parse_yuan(text: &str) -> Result<Fen, Refusal> {
        let refuse = |code: &'static str, message: String| {
            Err(Refusal::new(code, message).on_field("amount"))
        };
        let shown = text.trim();
        let s: String = shown.chars().map(half_width).collect();
        let mut s = s.trim();
        for prefix in ["人民币", "¥", "￥", "RMB"] {
            s = s.strip_prefix(prefix).unwrap_or(s).trim_start();
        }
        s = s.strip_suffix('元').unwrap_or(s).trim_end();
        if s.is_empty() {
            return refuse("money.empty", "请填写金额".into());
        }
        if s.starts_with(['-', '−']) || s.starts_with('负') {
            return refuse("money.negative", "金额不能为负数".into());
        }
        let unreadable = || {
            refuse(
                "money.invalid",
                format!("金额“{shown}”无法识别，请填写如 1234.50 的数字（单位：元）"),
            )
        };
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        if int_part.is_empty() {
            return unreadable();
        }
        let groups: Vec<&str> = int_part.split(',').collect();
        if groups
            .iter()
            .any(|g| !g.bytes().all(|c| c.is_ascii_digit()))
        {
            return unreadable();
        }
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return refuse(
                "money.grouping",
                format!("金额“{shown}”的千位分隔符位置不对，应每三位一个逗号，如 1,234.50"),
            );
        }
        if groups[0].is_empty() {
            return unreadable();
        }
        let digits: String = groups.concat();
        let frac = match frac_part {
            None => 0,
            Some(f) if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) => {
                return unreadable();
            }
            Some(f) if f.len() > 2 => {
                return refuse(
                    "money.decimals",
                    format!("金额“{shown}”最多两位小数（精确到分）"),
                );
            }
            Some(f) => {
                let v: i64 = f.parse().map_err(|_| too_large())?;
                if f.len() == 1 { v * 10 } else { v }
            }
        };
        let significant = digits.trim_start_matches('0');
        if significant.len() > 12 {
            return Err(too_large());
        }
        let yuan: i64 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| too_large())?
        };
        Fen::new(yuan * 100 + frac)
    }

    /// The number of fen.
    pub fn get(self) -> i64 {
        self.0
    }

    /// Whole yuan (the amount truncated).
    pub fn yuan(self) -> i64 {
        self.0 / 100
    }

    /// The fen beyond whole yuan, 0–99.
    pub fn cents(self) -> i64 {
        self.0 % 100
    }

    /// Nothing.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `None` above [`Fen::MAX`].
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0
            .checked_add(other.0)
            .filter(|v| *v <= Fen::MAX.0)
            .map(Fen)
    }

    /// `None` below zero.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).filter(|v| *v >= 0).map(Fen)
    }

    /// `None` above [`Fen::MAX`], e.g. a daily fine times a number of days.
    pub fn checked_mul(self, times: u32) -> Option<Fen> {
        self.0
            .checked_mul(i64::from(times))
            .filter(|v| *v <= Fen::MAX.0)
            .map(Fen)
    }

    /// Stops at [`Fen::MAX`].
    pub fn saturating_add(self, other: Fen) -> Fen {
        self.checked_add(other).unwrap_or(Fen::MAX)
    }

    /// Stops at zero.
    pub fn saturating_sub(self, other: Fen) -> Fen {
        self.checked_sub(other).unwrap_or(Fen::ZERO)
    }

    /// `None` above [`Fen::MAX`].
    pub fn checked_sum(amounts: impl IntoIterator<Item = Fen>) -> Option<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    }

    /// The amount in capitals (中文大写) as written on receipts and payment notices, following
    /// the People's Bank rules for filling in instruments (《支付结算办法》附件一):
    ///
    /// - 拾 is always preceded by its digit (壹拾元整); a run of zeros inside the number is
    ///   written as one 零 (壹万零伍元整, 壹亿零伍元整), trailing zeros are not written;
    /// - when the 元 digit is zero but 角 is not, 零 follows 元 (壹仟陆佰捌拾元零叁角贰分);
    ///   when 角 is zero and 分 is not, 零 follows 元 (壹元零贰分);
    /// - 整 ends an amount without 分 (贰佰元整, 伍角整); none follows 分;
    /// - below one yuan the 元 is left out (伍分); nothing at all is 零元整.
    ///
    /// The 人民币 prefix is left to the document.
    pub fn to_chinese_capital(self) -> String {
        let yuan = self.yuan();
        let jiao = (self.cents() / 10) as usize;
        let fen = (self.cents() % 10) as usize;
        if self.0 == 0 {
            return "零元整".to_string();
        }
        let mut out = String::new();
        if yuan > 0 {
            out.push_str(&capital_integer(yuan));
            out.push('元');
            if (jiao > 0 && yuan % 10 == 0) || (jiao == 0 && fen > 0) {
                out.push('零');
            }
        }
        if jiao > 0 {
            out.push(CAPITAL_DIGITS[jiao]);
            out.push('角');
        }
        if fen > 0 {
            out.push(CAPITAL_DIGITS[fen]);
            out.push('分');
        } else {
            out.push('整');
        }
        out
    }
}

fn too_large() -> Refusal {
    Refusal::new("money.too_large", "金额过大，请核对（上限为9999亿元）").on_field("amount")
}

/// Capitals for 1 ..= 9999_9999_9999 without the unit 元.
fn capital_integer(n: i64) -> String {
    const UNITS: [char; 4] = ['\0', '拾', '佰', '仟'];
    const SECTIONS: [&str; 3] = ["亿", "万", ""];
    let sections = [n / 1_0000_0000, n / 1_0000 % 1_0000, n % 1_0000];
    let mut out = String::new();
    let mut pending_zero = false;
    for (section, name) in sections.into_iter().zip(SECTIONS) {
        if section == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        for pos in (0..4).rev() {
            let d = (section / 10_i64.pow(pos as u32) % 10) as usize;
            if d == 0 {
                pending_zero = !out.is_empty();
                continue;
            }
            if pending_zero {
                out.push('零');
                pending_zero = false;
            }
            out.push(CAPITAL_DIGITS[d]);
            if pos > 0 {
                out.push(UNITS[pos]);
            }
        }
        out.push_str(name);
        // Zeros closing a section are not read: 壹拾万柒仟, not 壹拾万零柒仟.
        pending_zero = false;
    }
    out
}

impl fmt::Display for Fen {
    /// `1,234.50元`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.yuan().to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{grouped}.{:02}元", self.cents())
    }
}

impl TryFrom<i64> for Fen {
    type Error = Refusal;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Fen::new(value)
    }
}

impl From<Fen> for i64 {
    fn from(f: Fen) -> i64 {
        f.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code_of(r: Result<impl fmt::Debug, Refusal>) -> &'static str {
        r.unwrap_err().code
    }

    #[test]
    fn parse_yuan_accepts() {
        for (input, fen) in [
            ("1,234.50", 123_450),
            ("1234.5元", 123_450),
            ("1234.5 元", 123_450),
            ("￥1,234.50", 123_450),
            ("¥ 200", 20_000),
            ("人民币200元", 20_000),
            ("0", 0),
            ("0.05", 5),
            ("007.10", 710),
            ("１２３４．５", 123_450),
            ("1,000,000", 100_000_000),
            ("999999999999.99", 99_999_999_999_999),
        ] {
            assert_eq!(Fen::parse_yuan(input).map(Fen::get), Ok(fen), "{input}");
        }
    }

    #[test]
    fn parse_yuan_refuses() {
        for (input, code) in [
            ("", "money.empty"),
            ("元", "money.empty"),
            ("-5", "money.negative"),
            ("负5元", "money.negative"),
            ("1.234", "money.decimals"),
            ("0.001", "money.decimals"),
            ("NaN", "money.invalid"),
            ("inf", "money.invalid"),
            ("1e5", "money.invalid"),
            ("+5", "money.invalid"),
            (".5", "money.invalid"),
            ("5.", "money.invalid"),
            ("1.2.3", "money.invalid"),
            ("1 234", "money.invalid"),
            ("一千元", "money.invalid"),
            ("1,5", "money.grouping"),
            ("12,34.00", "money.grouping"),
            ("1234,567", "money.grouping"),
            (",123", "money.grouping"),
            ("1000000000000", "money.too_large"),
            ("99999999999999999999999", "money.too_large"),
        ] {
            let r = Fen::parse_yuan(input).unwrap_err();
            assert_eq!((r.code, r.field), (code, Some("amount")), "{input}: {r}");
        }
    }

    #[test]
    fn fen_display() {
        assert_eq!(Fen::parse_yuan("1234.5").unwrap().to_string(), "1,234.50元");
        assert_eq!(Fen::ZERO.to_string(), "0.00元");
        assert_eq!(Fen::new(5).unwrap().to_string(), "0.05元");
        assert_eq!(Fen::new(100_000).unwrap().to_string(), "1,000.00元");
        assert_eq!(Fen::new(12_345_678).unwrap().to_string(), "123,456.78元");
        assert_eq!(Fen::MAX.to_string(), "999,999,999,999.99元");
    }

    fn capital(yuan: &str) -> String {
        Fen::parse_yuan(yuan).unwrap().to_chinese_capital()
    }

    #[test]
    fn chinese_capital_amounts() {
        for (yuan, want) in [
            ("0", "零元整"),
            ("0.05", "伍分"),
            ("0.50", "伍角整"),
            ("0.55", "伍角伍分"),
            ("1.20", "壹元贰角整"),
            ("1.02", "壹元零贰分"),
            ("10", "壹拾元整"),
            ("15", "壹拾伍元整"),
            ("100", "壹佰元整"),
            ("110", "壹佰壹拾元整"),
            ("200", "贰佰元整"),
            ("1005", "壹仟零伍元整"),
            ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
            ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
            ("10000", "壹万元整"),
            ("10005", "壹万零伍元整"),
            ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
            ("107000.53", "壹拾万柒仟元零伍角叁分"),
            ("100010", "壹拾万零壹拾元整"),
            ("325.04", "叁佰贰拾伍元零肆分"),
            ("100000005", "壹亿零伍元整"),
            ("100000000", "壹亿元整"),
            ("100010000", "壹亿零壹万元整"),
            ("110000000", "壹亿壹仟万元整"),
            ("1000000000.10", "壹拾亿元零壹角整"),
            (
                "999999999999.99",
                "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ] {
            assert_eq!(capital(yuan), want, "{yuan}");
        }
    }

    #[test]
    fn fen_arithmetic() {
        let a = Fen::new(150).unwrap();
        let b = Fen::new(100).unwrap();
        assert_eq!(a.checked_add(b), Some(Fen(250)));
        assert_eq!(a.checked_sub(b), Some(Fen(50)));
        assert_eq!(b.checked_sub(a), None);
        assert_eq!(b.saturating_sub(a), Fen::ZERO);
        assert_eq!(Fen::MAX.checked_add(Fen(1)), None);
        assert_eq!(Fen::MAX.saturating_add(a), Fen::MAX);
        assert_eq!(a.checked_mul(3), Some(Fen(450)));
        assert_eq!(Fen::MAX.checked_mul(2), None);
        assert_eq!(Fen::checked_sum([a, b, a]), Some(Fen(400)));
        assert_eq!(Fen::checked_sum([Fen::MAX, a]), None);
        assert_eq!((a.yuan(), a.cents()), (1, 50));
        assert_eq!(Fen::from_yuan(200), Ok(Fen(20_000)));
        assert_eq!(code_of(Fen::from_yuan(i64::MAX)), "money.too_large");
        assert_eq!(code_of(Fen::new(-1)), "money.negative");
        assert!(Fen::ZERO.is_zero());
    }

    #[test]
    fn fen_serde_as_integer() {
        let f = Fen::parse_yuan("1234.50").unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), "123450");
        assert_eq!(serde_json::from_str::<Fen>("123450").unwrap(), f);
        assert!(serde_json::from_str::<Fen>("-1").is_err());
        assert!(serde_json::from_str::<Fen>("100000000000000").is_err());
    }

    proptest! {
        #[test]
        fn yuan_display_round_trips(fen in 0i64..=Fen::MAX.get()) {
            let f = Fen::new(fen).unwrap();
            let shown = f.to_string();
            prop_assert_eq!(Fen::parse_yuan(&shown), Ok(f));
        }

        #[test]
        fn capitals_never_contain_doubled_zero(fen in 0i64..=Fen::MAX.get()) {
            let s = Fen::new(fen).unwrap().to_chinese_capital();
            prop_assert!(!s.contains("零零"), "{}", s);
            prop_assert!(s.ends_with('整') || s.ends_with('分'), "{}", s);
            prop_assert!(!s.contains("零元") || fen == 0, "{}", s);
        }
    }
}
