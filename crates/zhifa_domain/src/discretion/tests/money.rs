//! Fine ranges over the crate's [`Fen`]; parsing and display of amounts are tested with
//! [`crate::money`].

use super::*;

#[test]
fn ranges_print_both_ends_or_one_amount() {
    assert_eq!(range(500, 2000).to_string(), "500.00元至2,000.00元");
    assert_eq!(range(200, 200).to_string(), "200.00元");
    assert_eq!(
        FineRange::new(fen(5), fen(1250)).unwrap().to_string(),
        "0.05元至12.50元"
    );
}

#[test]
fn a_range_needs_min_at_most_max() {
    assert!(FineRange::new(fen(6), fen(5)).is_none());
    assert!(FineRange::new(Fen::ZERO, Fen::ZERO).is_some());
    let r = range(500, 2000);
    assert!(r.contains(yuan(500)) && r.contains(yuan(2000)));
    assert!(!r.contains(fen(49_999)) && !r.contains(fen(200_001)));
    assert!(r.covers(range(500, 600)));
    assert!(!r.covers(range(400, 600)));
}

#[test]
fn a_range_in_yuan_refuses_negative_overflowing_or_inverted_ends() {
    assert_eq!(
        FineRange::from_yuan(5, 10).map(FineRange::min),
        Some(fen(500))
    );
    assert_eq!(FineRange::from_yuan(-1, 5), None);
    assert_eq!(FineRange::from_yuan(0, i64::MAX / 100 + 1), None);
    assert_eq!(FineRange::from_yuan(0, 1_000_000_000_000), None);
    assert_eq!(FineRange::from_yuan(6, 5), None);
}

#[test]
fn a_point_of_the_range_is_rounded_both_ways() {
    assert_eq!(range(500, 2000).point(50), (yuan(1250), yuan(1250)));
    let odd = FineRange::new(fen(1), fen(2)).unwrap();
    assert_eq!(odd.point(50), (fen(1), fen(2)));
    assert_eq!(range(0, 100).point(40), (yuan(40), yuan(40)));
    assert_eq!(
        range(0, 100).point(250),
        (yuan(100), yuan(100)),
        "clamped to 100%"
    );
    let widest = FineRange::new(Fen::ZERO, Fen::MAX).unwrap();
    assert_eq!(widest.point(100), (Fen::MAX, Fen::MAX));
    assert_eq!(widest.point(0), (Fen::ZERO, Fen::ZERO));
}

#[test]
fn a_range_round_trips_through_json_and_refuses_an_inverted_or_negative_one() {
    let r = range(500, 2000);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#"{"min":50000,"max":200000}"#);
    assert_eq!(serde_json::from_str::<FineRange>(&json).unwrap(), r);
    assert!(serde_json::from_str::<FineRange>(r#"{"min":5,"max":1}"#).is_err());
    assert!(serde_json::from_str::<FineRange>(r#"{"min":-5,"max":1}"#).is_err());
}
