//! Bad input: every error names its line and field, and nothing is imported.

use super::*;
use crate::catalog::ImportError;
use serde_json::{Value, json};

fn good_row() -> Value {
    json!({
        "source_doc": "某县裁量基准",
        "issuer": "某县人民政府",
        "date": "2024-01-01",
        "violation": "违法行为甲",
        "legal_basis": "《某某条例》第十条",
        "statutory_range": "100-1000元",
        "tier": "一般",
        "condition": "首次",
        "penalty": "罚款100-500元",
        "fine_min_cny": 100,
        "fine_max_cny": 500,
        "party_type": null,
        "note": null,
        "source_url": "https://example.gov.cn/a"
    })
}

fn with(field: &str, value: Value) -> String {
    let mut row = good_row();
    row[field] = value;
    row.to_string()
}

/// A good first line, then `second`.
fn import_second(second: &str) -> Vec<ImportError> {
    let mut first = good_row();
    first["tier"] = json!("轻微");
    BenchmarkTable::import_jsonl(&format!("{first}\n{second}\n")).unwrap_err()
}

fn one_error(errors: &[ImportError]) -> &ImportError {
    assert_eq!(errors.len(), 1, "{errors:?}");
    &errors[0]
}

#[test]
fn a_good_row_imports() {
    let table = BenchmarkTable::import_jsonl(&good_row().to_string()).unwrap();
    assert_eq!(table.len(), 1);
    assert_eq!(table.tiers()[0].fine, Some(range(100, 500)));
    assert_eq!(table.tiers()[0].party, PartyType::Any);
}

#[test]
fn a_fine_of_the_wrong_type_names_line_and_field() {
    let errors = import_second(&with("fine_min_cny", json!("100")));
    let e = one_error(&errors);
    assert_eq!(e.line, 2);
    assert_eq!(e.field.as_deref(), Some("fine_min_cny"));
    assert!(e.message.contains("罚款下限"), "{}", e.message);
    assert!(e.message.contains("数字"), "{}", e.message);
}

#[test]
fn a_text_of_the_wrong_type_names_line_and_field() {
    let e = import_second(&with("violation", json!(42)));
    let e = one_error(&e);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("violation")));
    assert_eq!(e.message, "违法行为应为文本");
}

#[test]
fn a_negative_fine_names_line_and_field() {
    let errors = import_second(&with("fine_min_cny", json!(-100)));
    let e = one_error(&errors);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("fine_min_cny")));
    assert!(e.message.contains("负数"), "{}", e.message);
}

#[test]
fn a_minimum_above_the_maximum_names_line_and_both_amounts() {
    let errors = import_second(&with("fine_min_cny", json!(600)));
    let e = one_error(&errors);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("fine_min_cny")));
    assert_eq!(e.message, "罚款下限（600.00元）高于罚款上限（500.00元）");
}

#[test]
fn half_a_range_is_an_error_of_the_missing_end() {
    let errors = import_second(&with("fine_max_cny", Value::Null));
    let e = one_error(&errors);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("fine_max_cny")));
    assert!(e.message.contains("同时"), "{}", e.message);
}

#[test]
fn two_decimals_are_kept_and_a_third_is_refused() {
    let table = BenchmarkTable::import_jsonl(&with("fine_min_cny", json!(99.5))).unwrap();
    assert_eq!(table.tiers()[0].fine.unwrap().min(), fen(9950));
    let errors = import_second(&with("fine_min_cny", json!(99.555)));
    let e = one_error(&errors);
    assert_eq!(e.field.as_deref(), Some("fine_min_cny"));
    assert!(e.message.contains("两位小数"), "{}", e.message);
}

#[test]
fn json_numbers_in_any_form_convert_to_fen_exactly() {
    let min = |text: &str| {
        let row = good_row().to_string().replace(
            r#""fine_min_cny":100"#,
            &format!(r#""fine_min_cny":{text}"#),
        );
        BenchmarkTable::import_jsonl(&row).map(|t| t.tiers()[0].fine.unwrap().min())
    };
    for (text, want) in [
        ("100", 10_000),
        ("100.0", 10_000),
        ("1e2", 10_000),
        ("1.5E2", 15_000),
        ("2500e-2", 2500),
        ("0.05", 5),
        ("0", 0),
        ("-0", 0),
        ("-0.0", 0),
    ] {
        assert_eq!(min(text), Ok(fen(want)), "{text}");
    }
    for (text, message) in [
        ("-0.5", "负数"),
        ("1e-3", "两位小数"),
        ("1000000000000", "过大"),
        ("1e20", "罚款下限"),
        ("18446744073709551615", "罚款下限"),
    ] {
        let errors = min(text).unwrap_err();
        let e = one_error(&errors);
        assert_eq!(e.field.as_deref(), Some("fine_min_cny"), "{text}");
        assert!(e.message.contains(message), "{text}: {}", e.message);
    }
}

#[test]
fn blank_required_text_unknown_party_and_unknown_field_are_errors() {
    let mut row = good_row();
    row["tier"] = json!("  ");
    row["party_type"] = json!("company");
    row["fine_maximum"] = json!(5);
    let errors = BenchmarkTable::import_jsonl(&row.to_string()).unwrap_err();
    let fields: Vec<Option<&str>> = errors.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        vec![Some("fine_maximum"), Some("tier"), Some("party_type")]
    );
    assert!(errors.iter().all(|e| e.line == 1));
    assert_eq!(errors[1].message, "裁量档次不能为空");
    assert!(errors[2].message.contains("company"));
}

#[test]
fn line_numbers_count_blank_lines_and_every_bad_line_is_reported() {
    let good = good_row().to_string();
    let text = format!(
        "{good}\n\n{}\n{{not json\n[1,2]\n",
        with("fine_min_cny", json!(true))
    );
    let errors = BenchmarkTable::import_jsonl(&text).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert_eq!(errors[1].field, None);
    assert!(errors[1].message.contains("JSON"));
    assert_eq!(errors[2].message, "每行应为一个 JSON 对象");
}

#[test]
fn a_repeated_tier_names_the_first_line() {
    let good = good_row().to_string();
    let errors = BenchmarkTable::import_jsonl(&format!("{good}\n{good}\n")).unwrap_err();
    let e = one_error(&errors);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("tier")));
    assert!(e.message.contains("第 1 行重复"), "{}", e.message);
}

#[test]
fn an_empty_file_is_an_error() {
    for text in ["", "\n  \n", "\u{feff}"] {
        let errors = BenchmarkTable::import_jsonl(text).unwrap_err();
        assert_eq!(one_error(&errors).line, 1);
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{}", good_row());
    assert_eq!(BenchmarkTable::import_jsonl(&text).unwrap().len(), 1);
}

fn lenient_row() -> Value {
    json!({
        "list": "某县包容免罚清单",
        "issuer": "某县综合行政执法局",
        "date": null,
        "item": "违法行为甲",
        "legal_basis": "《某某条例》第十条",
        "kind": "首违免罚",
        "conditions": "首次被发现，及时改正",
        "note": null,
        "source_url": null
    })
}

#[test]
fn a_lenient_row_with_an_unknown_kind_names_line_and_field() {
    let mut bad = lenient_row();
    bad["item"] = json!("违法行为乙");
    bad["kind"] = json!("酌情免罚");
    let text = format!("{}\n{bad}\n", lenient_row());
    let errors = LenientList::import_jsonl(&text).unwrap_err();
    let e = one_error(&errors);
    assert_eq!((e.line, e.field.as_deref()), (2, Some("kind")));
    assert!(e.message.contains("酌情免罚"), "{}", e.message);
}

#[test]
fn lenient_rows_of_the_wrong_type_or_repeated_are_errors() {
    let mut bad = lenient_row();
    bad["conditions"] = json!(["首次"]);
    let text = format!("{}\n{bad}\n{}\n", lenient_row(), lenient_row());
    let errors = LenientList::import_jsonl(&text).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        (errors[0].line, errors[0].field.as_deref()),
        (2, Some("conditions"))
    );
    assert_eq!(errors[0].message, "适用条件应为文本");
    assert_eq!(
        (errors[1].line, errors[1].field.as_deref()),
        (3, Some("item"))
    );
}

#[test]
fn lenient_kinds_accept_either_width_of_marks() {
    assert_eq!(
        ExemptionKind::parse("不予处罚（法定情形）"),
        Some(ExemptionKind::Statutory)
    );
    assert_eq!(
        ExemptionKind::parse("轻微／首违免罚"),
        Some(ExemptionKind::MinorOrFirstOffence)
    );
    assert_eq!(
        ExemptionKind::parse("首违不罚"),
        Some(ExemptionKind::FirstOffence)
    );
    assert_eq!(ExemptionKind::parse("免罚"), None);
}
