//! The behaviour every backend must show, written once and run against each backend by
//! [`conformance_tests!`](crate::conformance_tests). A check that a backend fails is a bug in
//! that backend, never a reason to special-case the check.

use crate::*;
use chrono::TimeZone;
use zhifa_domain::acceptance::{AcceptanceList, Consent, ListItem, ListStatus};
use zhifa_domain::catalog::{CatalogSource, NewCatalogItem, PowerKind};
use zhifa_domain::law::{LegalRef, parse_law};
use zhifa_domain::officers::{AnnualReview, Grade, RevocationGround, TrainingKind};
use zhifa_domain::org::{OrgKind, Role};
use zhifa_domain::usage::ProblemReport;

mod cases;
mod complaints;
mod documents;
mod evidence;
mod log;
mod publications;
pub use cases::cases_keep_their_events_in_order;
pub use complaints::complaints_are_kept_and_listed;
pub use documents::issued_documents_are_kept_unchanged;
pub use evidence::evidence_records_are_kept_unchanged;
pub use log::the_log_is_append_only;
pub use publications::publications_are_kept_and_withdrawn_once;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).unwrap()
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, n).unwrap()
}

fn constraint(e: StoreError) -> String {
    match e {
        StoreError::Constraint { constraint } => constraint,
        other => panic!("expected a constraint violation, got {other:?}"),
    }
}

/// A province → city → county → township tree, returning (county, township, department).
async fn tree(tx: &mut dyn Tx) -> (OrgUnit, OrgUnit, OrgUnit) {
    let org = |parent_id, kind, name: &str, code: &str| NewOrg {
        parent_id,
        kind,
        name: name.into(),
        code: code.into(),
    };
    let p = tx
        .insert_org(&org(None, OrgKind::Province, "四川省", "51"))
        .await
        .unwrap();
    let c = tx
        .insert_org(&org(Some(p.id), OrgKind::City, "某市", "5101"))
        .await
        .unwrap();
    let county = tx
        .insert_org(&org(Some(c.id), OrgKind::County, "某县", "510101"))
        .await
        .unwrap();
    let town = tx
        .insert_org(&org(
            Some(county.id),
            OrgKind::Township,
            "某镇",
            "510101001",
        ))
        .await
        .unwrap();
    let dept = tx
        .insert_org(&org(
            Some(county.id),
            OrgKind::CountyDepartment,
            "县生态环境局",
            "510101-hb",
        ))
        .await
        .unwrap();
    (county, town, dept)
}

async fn user(tx: &mut dyn Tx, org_id: Id, username: &str, role: Role) -> Id {
    let u = NewUser {
        username: username.into(),
        display_name: format!("{username}姓名"),
        role,
        org_id,
        password_hash: "$argon2id$fake".into(),
        created_at: at(1),
    };
    tx.insert_user(&u).await.unwrap()
}

const LAW: &str = "# 中华人民共和国大气污染防治法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条 乙：\n\n（一）丙；\n\n（二）丁。\n";

async fn catalog_item(tx: &mut dyn Tx, code: &str) -> Id {
    let catalogs = tx.catalogs().await.unwrap();
    let catalog_id = match catalogs.first() {
        Some(c) => c.id,
        None => tx
            .insert_catalog(&NewCatalog {
                name: "目录".into(),
                version: "1".into(),
                source: "测试".into(),
                imported_at: at(2),
            })
            .await
            .unwrap(),
    };
    let item = NewCatalogItem {
        code: code.into(),
        name: format!("事项{code}"),
        kind: PowerKind::Penalty,
        source: CatalogSource::Delegable,
        legal_basis: vec![LegalRef::parse("《大气污染防治法》第二条第一款第（二）项").unwrap()],
        domain: "生态环境".into(),
        department: "县生态环境局".into(),
    };
    tx.insert_catalog_item(catalog_id, &item).await.unwrap()
}

/// Organisations get their ancestry path; codes are unique.
pub async fn orgs_form_a_tree(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let (county, town, _) = tree(&mut *tx).await;
    assert!(county.contains(&town));
    assert_eq!(town.ancestor_ids().len(), 3);
    let stored = tx.org(town.id).await.unwrap().unwrap();
    assert_eq!(stored, town);
    let class = tx
        .insert_class(&NewTownshipClass {
            county_id: county.id,
            name: "一类".into(),
            description: "城郊".into(),
        })
        .await
        .unwrap();
    tx.set_org_class(town.id, Some(class.to_owned()))
        .await
        .unwrap();
    assert_eq!(
        tx.org(town.id).await.unwrap().unwrap().class_id,
        Some(class)
    );
    assert_eq!(tx.classes().await.unwrap().len(), 1);
    assert_eq!(tx.orgs().await.unwrap().len(), 5);
    let dup = NewOrg {
        parent_id: Some(county.id),
        kind: OrgKind::Township,
        name: "重复".into(),
        code: "510101001".into(),
    };
    assert_eq!(
        constraint(tx.insert_org(&dup).await.unwrap_err()),
        "orgs_code_key"
    );
}

/// Dropping a transaction without commit leaves nothing behind; commit makes it durable.
pub async fn uncommitted_work_is_rolled_back(store: &dyn Store) {
    {
        let mut tx = store.begin().await.unwrap();
        tree(&mut *tx).await;
    }
    let mut tx = store.begin().await.unwrap();
    assert!(tx.orgs().await.unwrap().is_empty());
    tree(&mut *tx).await;
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.orgs().await.unwrap().len(), 5);
}

/// Users, sessions and API tokens: unique names, revocation.
pub async fn accounts_sessions_and_tokens(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let id = user(&mut *tx, town.id, "zhang", Role::Officer).await;
    let u = tx.user_by_username("zhang").await.unwrap().unwrap();
    assert_eq!(
        (u.id, u.role, u.org_id, u.active),
        (id, Role::Officer, town.id, true)
    );
    let dup = NewUser {
        username: "zhang".into(),
        display_name: "另一人".into(),
        role: Role::Officer,
        org_id: town.id,
        password_hash: "h".into(),
        created_at: at(1),
    };
    assert_eq!(
        constraint(tx.insert_user(&dup).await.unwrap_err()),
        "users_username_key"
    );
    tx.set_password(id, "$argon2id$new").await.unwrap();
    tx.set_user_active(id, false).await.unwrap();
    let u = tx.user(id).await.unwrap().unwrap();
    assert_eq!(
        (u.password_hash.as_str(), u.active),
        ("$argon2id$new", false)
    );
    assert!(matches!(
        tx.set_password(9999, "x").await,
        Err(StoreError::NotFound)
    ));

    let s = Session {
        token_hash: "h1".into(),
        user_id: id,
        csrf_token: "c1".into(),
        created_at: at(1),
        expires_at: at(9),
        revoked_at: None,
    };
    tx.insert_session(&s).await.unwrap();
    assert_eq!(tx.session("h1").await.unwrap(), Some(s.clone()));
    tx.revoke_sessions_of(id, at(2)).await.unwrap();
    assert_eq!(
        tx.session("h1").await.unwrap().unwrap().revoked_at,
        Some(at(2))
    );
    assert_eq!(tx.session("nope").await.unwrap(), None);

    let t = NewApiToken {
        user_id: id,
        name: "脚本".into(),
        token_hash: "th".into(),
        created_at: at(3),
    };
    let tid = tx.insert_api_token(&t).await.unwrap();
    assert_eq!(tx.api_token("th").await.unwrap().unwrap().id, tid);
    assert_eq!(
        constraint(tx.insert_api_token(&t).await.unwrap_err()),
        "api_tokens_hash_key"
    );
    tx.revoke_api_token(tid, at(4)).await.unwrap();
    assert_eq!(
        tx.api_tokens_of(id).await.unwrap()[0].revoked_at,
        Some(at(4))
    );
    assert!(
        matches!(
            tx.revoke_api_token(tid, at(5)).await,
            Err(StoreError::NotFound)
        ),
        "revoked once"
    );
}

/// Laws are addressable by (title, version, number), latest version by default.
pub async fn laws_and_articles(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let old = parse_law("2015-08-29", LAW).unwrap();
    let new = parse_law("2018-10-26", &LAW.replace("甲", "甲（修正）")).unwrap();
    let old_id = tx.insert_law(&old, "测试").await.unwrap();
    tx.insert_law(&new, "测试").await.unwrap();
    assert_eq!(
        constraint(tx.insert_law(&new, "测试").await.unwrap_err()),
        "laws_title_version_key"
    );
    let laws = tx.laws().await.unwrap();
    assert_eq!(laws.len(), 2);
    assert_eq!(laws[0].article_count, 2);
    let latest = tx
        .article("大气污染防治法", None, 1)
        .await
        .unwrap()
        .unwrap();
    assert!(latest.text.contains("修正"));
    assert_eq!(latest.label, "第一条");
    let pinned = tx
        .article("大气污染防治法", Some("2015-08-29"), 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pinned.law_id, old_id);
    assert!(
        tx.article("大气污染防治法", None, 3)
            .await
            .unwrap()
            .is_none()
    );
    let a2 = &tx.law_articles(old_id).await.unwrap()[1];
    assert!(a2.text.contains("（二）丁。"));
    let index = tx.article_index().await.unwrap();
    assert_eq!(index.len(), 4);
    assert!(
        index
            .iter()
            .any(|e| e.number == 2 && e.shape.items_per_paragraph == vec![2])
    );
}

/// Catalog items keep their legal basis; codes are unique across catalogs.
pub async fn catalog_items_round_trip(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let id = catalog_item(&mut *tx, "A1").await;
    let item = tx.catalog_item(id).await.unwrap().unwrap();
    assert_eq!(item.item.legal_basis[0].item, Some(2));
    assert_eq!(item.item.kind, PowerKind::Penalty);
    assert_eq!(tx.catalogs().await.unwrap()[0].item_count, 1);
    let again = NewCatalogItem {
        ..item.item.clone()
    };
    assert_eq!(
        constraint(
            tx.insert_catalog_item(item.catalog_id, &again)
                .await
                .unwrap_err()
        ),
        "catalog_items_code_key"
    );
    assert_eq!(tx.catalog_items().await.unwrap().len(), 1);
}

/// Lists keep their items in order with consent and other steps; items must be in the catalog.
pub async fn lists_and_grants(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let head = user(&mut *tx, town.id, "head", Role::TownshipHead).await;
    let a = catalog_item(&mut *tx, "A1").await;
    let b = catalog_item(&mut *tx, "B1").await;
    let mut list = AcceptanceList::new(0, town.id, "第一批", day(1)).unwrap();
    list.items = vec![
        ListItem {
            item_id: b,
            effective_from: day(10),
            transition_until: None,
        },
        ListItem {
            item_id: a,
            effective_from: day(11),
            transition_until: Some(day(30)),
        },
    ];
    list.id = tx.insert_list(&list).await.unwrap();
    assert_eq!(tx.list(list.id).await.unwrap().unwrap(), list);
    list.consent = Some(Consent {
        agreed: true,
        by_user: head,
        on: day(2),
        document: "函".into(),
    });
    list.status = ListStatus::Consented;
    list.items.pop();
    tx.update_list(&list).await.unwrap();
    assert_eq!(tx.list(list.id).await.unwrap().unwrap(), list);
    assert_eq!(tx.lists().await.unwrap().len(), 1);
    let mut bad = list.clone();
    bad.items.push(ListItem {
        item_id: 9999,
        effective_from: day(10),
        transition_until: None,
    });
    assert_eq!(
        constraint(tx.update_list(&bad).await.unwrap_err()),
        "foreign_key"
    );
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let a = catalog_item(&mut *tx, "A1").await;
    let list = AcceptanceList::new(0, town.id, "第一批", day(1)).unwrap();
    let list_id = tx.insert_list(&list).await.unwrap();
    let g = Grant {
        id: 0,
        township_id: town.id,
        item_id: a,
        list_id,
        effective_from: day(10),
        transition_until: Some(day(20)),
        until: None,
        withdrawal_reason: None,
    };
    let gid = tx.insert_grant(&g).await.unwrap();
    assert_eq!(
        tx.grant(gid).await.unwrap().unwrap(),
        Grant {
            id: gid,
            ..g.clone()
        }
    );
    tx.end_grant(gid, day(25), "能力不足").await.unwrap();
    assert!(
        matches!(
            tx.end_grant(gid, day(26), "again").await,
            Err(StoreError::NotFound)
        ),
        "a grant ends once"
    );
    let grants = tx.grants_of(town.id, Some(a)).await.unwrap();
    assert_eq!(
        (grants[0].until, grants[0].withdrawal_reason.as_deref()),
        (Some(day(25)), Some("能力不足"))
    );
    assert_eq!(tx.grants_of(town.id, None).await.unwrap().len(), 1);
    assert!(tx.grants_of(town.id, Some(a + 1)).await.unwrap().is_empty());
    let backwards = Grant {
        until: Some(day(5)),
        ..g
    };
    assert_eq!(
        constraint(tx.insert_grant(&backwards).await.unwrap_err()),
        "grants_until_after_start"
    );
    assert_eq!(tx.grants().await.unwrap().len(), 1);

    let reporter = user(&mut *tx, town.id, "reporter", Role::Officer).await;
    let report = ProblemReport {
        id: 0,
        township_id: town.id,
        item_id: a,
        reported_by: reporter,
        on: day(12),
        text: "缺少检测设备".into(),
    };
    let pid = tx.insert_problem(&report).await.unwrap();
    assert_eq!(
        tx.problems().await.unwrap(),
        vec![ProblemReport {
            id: pid,
            ..report.clone()
        }]
    );
    let dangling = ProblemReport {
        item_id: a + 999,
        ..report
    };
    assert_eq!(
        constraint(tx.insert_problem(&dangling).await.unwrap_err()),
        "foreign_key"
    );
}

/// Certificates, training and assessments round-trip with their details.
pub async fn officers_records(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let officer = user(&mut *tx, town.id, "li", Role::Officer).await;
    let head = user(&mut *tx, town.id, "head", Role::TownshipHead).await;
    let mut c = Certificate {
        id: 0,
        holder_id: officer,
        number: "川A0001".into(),
        issued_on: day(1),
        expires_on: NaiveDate::from_ymd_opt(2031, 3, 1).unwrap(),
        domains: vec!["生态环境".into(), "城市管理".into()],
        revocation: None,
        reviews: vec![],
    };
    c.id = tx.insert_certificate(&c).await.unwrap();
    assert_eq!(
        constraint(tx.insert_certificate(&c).await.unwrap_err()),
        "certificates_number_key"
    );
    c.record_review(AnnualReview {
        year: 2025,
        passed: true,
        on: day(5),
    })
    .unwrap();
    c.revoke(day(6), RevocationGround::NotInPost, "调离执法岗位")
        .unwrap();
    tx.update_certificate(&c).await.unwrap();
    assert_eq!(tx.certificate(c.id).await.unwrap().unwrap(), c);
    assert_eq!(
        tx.certificate_by_number("川A0001")
            .await
            .unwrap()
            .unwrap()
            .id,
        c.id
    );
    assert_eq!(tx.certificates().await.unwrap().len(), 1);

    let t = TrainingRecord {
        id: 0,
        user_id: officer,
        kind: TrainingKind::Domain,
        hours: 8,
        course: "大气法".into(),
        on: day(3),
    };
    let tid = tx.insert_training(&t).await.unwrap();
    assert_eq!(
        tx.training().await.unwrap(),
        vec![TrainingRecord { id: tid, ..t }]
    );

    let a = AnnualAssessment {
        id: 0,
        user_id: officer,
        year: 2025,
        grade: Grade::Competent,
        note: "".into(),
        by_user: head,
        on: day(4),
    };
    tx.insert_assessment(&a).await.unwrap();
    assert_eq!(
        constraint(tx.insert_assessment(&a).await.unwrap_err()),
        "assessments_user_year_key"
    );
}

/// Lets the suite try what the application never does: rewrite the log with raw SQL.
#[async_trait]
pub trait TamperProbe {
    /// Runs an UPDATE and a DELETE on `table` (`events`, `log_hashes` or `checkpoints`);
    /// returns the first error.
    async fn tamper_with(&self, table: &'static str) -> StoreResult<()>;
}

/// Generates one `#[tokio::test]` per conformance check for a backend. `$make` is an async
/// expression giving a fresh, migrated, empty store (or `None` to skip, e.g. no PostgreSQL).
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@each $make;
            orgs_form_a_tree, uncommitted_work_is_rolled_back, accounts_sessions_and_tokens,
            laws_and_articles, catalog_items_round_trip, lists_and_grants, officers_records,
            the_log_is_append_only, evidence_records_are_kept_unchanged,
            cases_keep_their_events_in_order, issued_documents_are_kept_unchanged,
            publications_are_kept_and_withdrawn_once, complaints_are_kept_and_listed);
    };
    (@each $make:expr; $($name:ident),*) => {
        $(
            #[tokio::test]
            async fn $name() {
                if let Some(store) = $make.await {
                    $crate::conformance::$name(&store).await;
                }
            }
        )*
    };
}
