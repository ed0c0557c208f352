use super::*;
use crate::catalog::{NewCatalogItem, PowerKind};
use crate::law::LegalRef;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, n).unwrap()
}

fn item(id: Id, source: CatalogSource) -> CatalogItem {
    CatalogItem {
        id,
        catalog_id: 1,
        item: NewCatalogItem {
            code: format!("X{id}"),
            name: format!("事项{id}"),
            kind: PowerKind::Penalty,
            source,
            legal_basis: vec![LegalRef::parse("《大气污染防治法》第七十七条").unwrap()],
            domain: "生态环境".into(),
            department: "县生态环境局".into(),
        },
    }
}

fn consent(agreed: bool) -> Consent {
    Consent {
        agreed,
        by_user: 7,
        on: day(2),
        document: "某镇函〔2026〕3号".into(),
    }
}

fn assessment() -> Assessment {
    Assessment {
        staff: 12,
        certified_officers: 6,
        equipment: "执法记录仪4台".into(),
        expected_cases_per_year: 30,
        conclusion: "具备承接能力".into(),
        by_user: 1,
        on: day(3),
    }
}

fn review(approved: bool, opinion: &str) -> Review {
    Review {
        approved,
        opinion: opinion.into(),
        by_user: 9,
        on: day(4),
    }
}

fn drafted() -> AcceptanceList {
    let mut list = AcceptanceList::new(1, 10, "第二批", day(1)).unwrap();
    list.add_item(&item(1, CatalogSource::Delegable), day(10), Some(day(30)))
        .unwrap();
    list
}

#[test]
fn a_list_goes_from_draft_to_published_in_order() {
    let mut list = drafted();
    list.record_consent(consent(true)).unwrap();
    list.attach_assessment(assessment()).unwrap();
    list.submit().unwrap();
    list.review(review(true, "")).unwrap();
    list.publish(day(5)).unwrap();
    assert_eq!(list.status, ListStatus::Published);
    assert_eq!(list.published_on, Some(day(5)));
    list.mark_filed(day(6)).unwrap();
    assert_eq!(
        list.mark_filed(day(7)).unwrap_err().code,
        "list.already_filed"
    );
}

#[test]
fn no_submission_without_the_townships_consent() {
    let mut list = drafted();
    list.attach_assessment(assessment()).unwrap();
    let e = list.submit().unwrap_err();
    assert_eq!((e.code, e.basis), ("list.no_consent", Some(BASIS_LIST)));
    list.record_consent(consent(false)).unwrap();
    assert_eq!(list.submit().unwrap_err().code, "list.no_consent");
}

#[test]
fn no_submission_without_an_assessment() {
    let mut list = drafted();
    list.record_consent(consent(true)).unwrap();
    assert_eq!(list.submit().unwrap_err().code, "list.no_assessment");
}

#[test]
fn changing_the_items_voids_the_consent() {
    let mut list = drafted();
    list.record_consent(consent(true)).unwrap();
    list.add_item(&item(2, CatalogSource::Delegable), day(10), None)
        .unwrap();
    assert_eq!(list.status, ListStatus::Draft);
    assert!(list.consent.is_none());
}

#[test]
fn only_delegable_catalog_items_enter_once() {
    let mut list = drafted();
    assert_eq!(
        list.add_item(&item(1, CatalogSource::Delegable), day(10), None)
            .unwrap_err()
            .code,
        "list.duplicate_item"
    );
    assert_eq!(
        list.add_item(&item(3, CatalogSource::Statutory), day(10), None)
            .unwrap_err()
            .code,
        "list.statutory_item"
    );
    assert_eq!(
        list.add_item(&item(4, CatalogSource::Delegable), day(10), Some(day(9)))
            .unwrap_err()
            .code,
        "list.transition_before_start"
    );
    assert_eq!(list.remove_item(99).unwrap_err().code, "list.item_absent");
}

#[test]
fn publication_needs_city_approval_and_future_effective_dates() {
    let mut list = drafted();
    list.record_consent(consent(true)).unwrap();
    list.attach_assessment(assessment()).unwrap();
    assert_eq!(list.publish(day(5)).unwrap_err().code, "list.not_approved");
    list.submit().unwrap();
    assert_eq!(
        list.review(review(false, "")).unwrap_err().code,
        "list.review_reason"
    );
    list.review(review(false, "评估不充分")).unwrap();
    assert_eq!(list.status, ListStatus::Consented);
    list.submit().unwrap();
    list.review(review(true, "同意")).unwrap();
    let e = list.publish(day(11)).unwrap_err();
    assert_eq!(
        (e.code, e.basis),
        ("list.effective_in_past", Some(BASIS_DELEGATION))
    );
}

#[test]
fn a_submitted_list_cannot_be_edited() {
    let mut list = drafted();
    list.record_consent(consent(true)).unwrap();
    list.attach_assessment(assessment()).unwrap();
    list.submit().unwrap();
    assert_eq!(
        list.add_item(&item(2, CatalogSource::Delegable), day(10), None)
            .unwrap_err()
            .code,
        "list.not_editable"
    );
    assert_eq!(
        list.record_consent(consent(true)).unwrap_err().code,
        "list.not_editable"
    );
}

#[test]
fn deviations_show_items_not_all_townships_of_a_class_hold() {
    let holdings = vec![(1, vec![100, 200]), (2, vec![100]), (3, vec![100, 300])];
    let dev = class_deviations(&holdings);
    assert_eq!(dev.len(), 2);
    assert_eq!(
        dev[0],
        Deviation {
            item_id: 200,
            holders: vec![1],
            missing: vec![2, 3]
        }
    );
    assert_eq!(dev[1].item_id, 300);
    assert!(class_deviations(&[(1, vec![5]), (2, vec![5])]).is_empty());
}
