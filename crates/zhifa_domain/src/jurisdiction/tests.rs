use super::*;
use proptest::prelude::*;

fn d(days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(days as u64)
}

const TOWNSHIP: Id = 10;
const DEPT: Id = 20;
const COUNTY: Id = 3;

fn delegable(department_id: Option<Id>) -> ItemSetting {
    ItemSetting {
        source: CatalogSource::Delegable,
        department_id,
        county_id: COUNTY,
    }
}

fn grant(id: Id, from: i64, until: Option<i64>) -> Grant {
    Grant {
        id,
        township_id: TOWNSHIP,
        item_id: 1,
        list_id: 1,
        effective_from: d(from),
        transition_until: Some(d(from + 29)),
        until: until.map(d),
        withdrawal_reason: None,
    }
}

#[test]
fn a_granted_item_moves_to_the_township_on_its_effective_date_and_back_on_withdrawal() {
    let s = delegable(Some(DEPT));
    let g = [grant(1, 10, Some(100))];
    assert_eq!(resolve(&s, TOWNSHIP, &g, d(9)).unwrap().holder_id, DEPT);
    let on_start = resolve(&s, TOWNSHIP, &g, d(10)).unwrap();
    assert_eq!(
        (on_start.holder_id, on_start.basis, on_start.assisting_id),
        (TOWNSHIP, CompetenceBasis::Granted, Some(DEPT))
    );
    let after_transition = resolve(&s, TOWNSHIP, &g, d(40)).unwrap();
    assert_eq!(
        (after_transition.holder_id, after_transition.assisting_id),
        (TOWNSHIP, None)
    );
    assert_eq!(
        resolve(&s, TOWNSHIP, &g, d(99)).unwrap().holder_id,
        TOWNSHIP
    );
    let back = resolve(&s, TOWNSHIP, &g, d(100)).unwrap();
    assert_eq!(
        (back.holder_id, back.basis),
        (DEPT, CompetenceBasis::Retained)
    );
}

#[test]
fn statutory_items_are_always_the_townships() {
    let s = ItemSetting {
        source: CatalogSource::Statutory,
        department_id: Some(DEPT),
        county_id: COUNTY,
    };
    assert_eq!(
        resolve(&s, TOWNSHIP, &[], d(0)).unwrap().basis,
        CompetenceBasis::Statutory
    );
    assert_eq!(
        check_grant(&s, &[], d(0), None, d(0)).unwrap_err().code,
        "grant.statutory"
    );
}

#[test]
fn without_a_department_the_county_is_competent_and_nothing_can_be_granted() {
    let s = delegable(None);
    let c = resolve(&s, TOWNSHIP, &[], d(0)).unwrap();
    assert_eq!(
        (c.holder_id, c.basis),
        (COUNTY, CompetenceBasis::CountyDefault)
    );
    assert_eq!(
        check_grant(&s, &[], d(5), None, d(0)).unwrap_err().code,
        "grant.no_department"
    );
}

#[test]
fn overlapping_grants_are_refused_and_reported_if_stored() {
    let s = delegable(Some(DEPT));
    let open = [grant(1, 10, None)];
    assert_eq!(
        check_grant(&s, &open, d(50), None, d(0)).unwrap_err().code,
        "grant.overlap"
    );
    let closed = [grant(1, 10, Some(50))];
    assert!(check_grant(&s, &closed, d(50), None, d(0)).is_ok());
    assert_eq!(
        check_grant(&s, &closed, d(49), None, d(0))
            .unwrap_err()
            .code,
        "grant.overlap"
    );
    let both = [grant(1, 10, None), grant(2, 20, None)];
    assert_eq!(
        resolve(&s, TOWNSHIP, &both, d(30)),
        Err(JurisdictionError::Overlap(2))
    );
}

#[test]
fn grants_cannot_start_in_the_past_or_end_their_transition_before_starting() {
    let s = delegable(Some(DEPT));
    let e = check_grant(&s, &[], d(4), None, d(5)).unwrap_err();
    assert_eq!(
        (e.code, e.basis),
        ("grant.retroactive", Some(BASIS_DELEGATION))
    );
    assert_eq!(
        check_grant(&s, &[], d(5), Some(d(4)), d(5))
            .unwrap_err()
            .code,
        "grant.transition_before_start"
    );
}

#[test]
fn withdrawals_that_would_leave_a_gap_or_rewrite_the_past_are_refused() {
    let g = grant(1, 10, None);
    assert_eq!(
        check_withdrawal(&delegable(None), &g, d(50), d(20))
            .unwrap_err()
            .code,
        "withdrawal.gap"
    );
    assert_eq!(
        check_withdrawal(&delegable(Some(DEPT)), &g, d(19), d(20))
            .unwrap_err()
            .code,
        "withdrawal.retroactive"
    );
    assert_eq!(
        check_withdrawal(&delegable(Some(DEPT)), &g, d(10), d(5))
            .unwrap_err()
            .code,
        "withdrawal.before_start"
    );
    assert!(check_withdrawal(&delegable(Some(DEPT)), &g, d(20), d(20)).is_ok());
    let withdrawn = grant(1, 10, Some(30));
    assert_eq!(
        check_withdrawal(&delegable(Some(DEPT)), &withdrawn, d(40), d(20))
            .unwrap_err()
            .code,
        "withdrawal.already"
    );
}

#[derive(Debug, Clone)]
enum Command {
    Grant { from: i64, transition: Option<i64> },
    Withdraw { on: i64 },
    Wait { days: i64 },
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (0i64..400, proptest::option::of(0i64..60))
            .prop_map(|(from, transition)| Command::Grant { from, transition }),
        (0i64..400).prop_map(|on| Command::Withdraw { on }),
        (0i64..60).prop_map(|days| Command::Wait { days }),
    ]
}

proptest! {
    /// Whatever sequence of grants and withdrawals the county attempts, the accepted ones
    /// leave exactly one competent body on every date, and it is the township exactly on the
    /// dates of an accepted grant.
    #[test]
    fn exactly_one_body_is_competent_on_every_date(commands in proptest::collection::vec(command(), 1..40)) {
        let s = delegable(Some(DEPT));
        let mut today = 0i64;
        let mut grants: Vec<Grant> = Vec::new();
        for c in commands {
            match c {
                Command::Grant { from, transition } => {
                    let from = today + from;
                    let t = transition.map(|t| d(from + t));
                    if check_grant(&s, &grants, d(from), t, d(today)).is_ok() {
                        let mut g = grant(grants.len() as Id + 1, from, None);
                        g.transition_until = t;
                        grants.push(g);
                    }
                }
                Command::Withdraw { on } => {
                    let on = today + on;
                    if let Some(open) = grants.iter_mut().find(|g| g.until.is_none())
                        && check_withdrawal(&s, open, d(on), d(today)).is_ok()
                    {
                        open.until = Some(d(on));
                    }
                }
                Command::Wait { days } => today += days,
            }
        }
        for day in 0..1000 {
            let held_by_township = grants.iter().filter(|g| g.covers(d(day))).count();
            prop_assert!(held_by_township <= 1, "two grants on day {day}");
            let c = resolve(&s, TOWNSHIP, &grants, d(day)).expect("never two");
            let expected = if held_by_township == 1 { TOWNSHIP } else { DEPT };
            prop_assert_eq!(c.holder_id, expected);
        }
    }
}
