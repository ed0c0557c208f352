//! Chinese numerals as used in statute numbering (第一百一十九条, 第（二）项) and back.
//!
//! Only the range statutes use (1 – 9999) is supported; anything else is refused rather than
//! guessed.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Parses 一 … 九千九百九十九, also 十 / 十一 (the spoken form without a leading 一) and 两.
pub fn parse(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n > 0);
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = 10_000u32;
    let mut after_zero = false;
    for c in text.chars() {
        if c == '零' {
            // A zero only stands between a unit and a digit: 一百零二.
            if digit.is_some() || total == 0 || after_zero {
                return None;
            }
            after_zero = true;
            continue;
        }
        let d = DIGITS
            .iter()
            .position(|x| *x == c)
            .or((c == '两').then_some(2));
        if let Some(d) = d {
            if digit.is_some() {
                return None;
            }
            digit = Some(d as u32);
            after_zero = false;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        let d = match digit.take() {
            Some(d) => d,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += d * unit;
        last_unit = unit;
    }
    if after_zero {
        return None;
    }
    if let Some(d) = digit {
        total += d;
    }
    (total > 0).then_some(total)
}

/// Formats 1 – 9999 the way statutes number articles: 十一, 一百一十九, 一千零二.
pub fn format(n: u32) -> String {
    assert!(
        (1..10_000).contains(&n),
        "statute numbers run from 1 to 9999"
    );
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    let mut pending_zero = false;
    for (value, unit) in units {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if pending_zero {
                out.push('零');
                pending_zero = false;
            }
            if !(value == 10 && d == 1 && out.is_empty()) {
                out.push(DIGITS[d as usize]);
            }
            out.push(unit);
        } else if !out.is_empty() {
            pending_zero = true;
        }
    }
    if rest > 0 {
        if pending_zero {
            out.push('零');
        }
        out.push(DIGITS[rest as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statute_numbers_parse() {
        assert_eq!(parse("一"), Some(1));
        assert_eq!(parse("十"), Some(10));
        assert_eq!(parse("十一"), Some(11));
        assert_eq!(parse("二十"), Some(20));
        assert_eq!(parse("三十七"), Some(37));
        assert_eq!(parse("一百"), Some(100));
        assert_eq!(parse("一百零二"), Some(102));
        assert_eq!(parse("一百一十九"), Some(119));
        assert_eq!(parse("一千零二"), Some(1002));
        assert_eq!(parse("119"), Some(119));
    }

    #[test]
    fn malformed_numerals_are_refused() {
        for bad in ["", "零", "十十", "一二", "百", "甲", "0", "二十零"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn format_and_parse_round_trip_over_the_whole_range() {
        for n in 1..10_000 {
            assert_eq!(parse(&format(n)), Some(n), "{n} -> {}", format(n));
        }
        assert_eq!(format(119), "一百一十九");
        assert_eq!(format(10), "十");
        assert_eq!(format(1010), "一千零一十");
    }
}
