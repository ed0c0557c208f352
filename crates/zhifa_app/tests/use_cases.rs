//! Use cases end to end on the embedded database: the demo county, imports, lists, grants,
//! withdrawals and the resolver, authorization, and all-or-nothing writes.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhifa_app::catalog::{CatalogFormat, CatalogImport};
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::{Actor, App, AppError};
use zhifa_domain::jurisdiction::CompetenceBasis;
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

struct World {
    app: App,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

async fn demo_world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    demo::seed(store.clone(), today(), Policy::default())
        .await
        .unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.from_utc_datetime(&today().and_hms_opt(2, 0, 0).unwrap()),
    ));
    World {
        app: App::new(store, clock.clone(), Policy::default()),
        clock,
        _dir: dir,
    }
}

async fn login(app: &App, username: &str) -> Actor {
    app.login(username, DEMO_PASSWORD).await.unwrap().actor
}

#[tokio::test]
async fn the_demo_catalog_resolves_every_citation_and_the_resolver_follows_the_dates() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let items = w.app.catalog_items(&admin).await.unwrap();
    assert!(
        items.len() >= 30,
        "the demo ships at least 30 matters, has {}",
        items.len()
    );
    let detail = w.app.catalog_item(&admin, items[0].id).await.unwrap();
    assert!(
        detail.basis.iter().all(|b| b.article.is_some()),
        "every cited article has its text"
    );

    let towns = w.app.visible_orgs(&admin).await.unwrap();
    let chengguan = towns.iter().find(|o| o.name == "城关镇").unwrap();
    let grants = w.app.township_grants(&admin, chengguan.id).await.unwrap();
    let (withdrawn, item) = grants.iter().find(|(g, _)| g.until.is_some()).unwrap();
    let until = withdrawn.until.unwrap();
    let before = w
        .app
        .resolve(&admin, chengguan.id, item.id, until - Days::new(1))
        .await
        .unwrap();
    assert_eq!(
        (before.holder.id, before.basis),
        (chengguan.id, CompetenceBasis::Granted)
    );
    let after = w
        .app
        .resolve(&admin, chengguan.id, item.id, until)
        .await
        .unwrap();
    assert_eq!(after.basis, CompetenceBasis::Retained);
    assert_eq!(after.holder.name, item.item.department);
    let long_ago = w
        .app
        .resolve(
            &admin,
            chengguan.id,
            item.id,
            withdrawn.effective_from - Days::new(1),
        )
        .await
        .unwrap();
    assert_eq!(long_ago.basis, CompetenceBasis::Retained);
}

#[tokio::test]
async fn a_township_officer_sees_nothing_of_another_township() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let qs_officer = login(&w.app, "qs_officer").await;
    let orgs = w.app.visible_orgs(&admin).await.unwrap();
    let chengguan = orgs.iter().find(|o| o.name == "城关镇").unwrap();
    assert!(matches!(
        w.app
            .township_powers(&qs_officer, chengguan.id, today())
            .await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        w.app.compliance(&qs_officer, chengguan.id).await,
        Err(AppError::Forbidden)
    ));
    let lists = w.app.lists(&qs_officer).await.unwrap();
    assert!(lists.iter().all(|l| l.township.name == "青山镇"));
    let users = w.app.users(&qs_officer).await.unwrap();
    assert!(users.iter().all(|u| u.org_name == "青山镇"));
}

#[tokio::test]
async fn a_catalog_with_an_unknown_article_writes_nothing() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let before = w.app.catalog_items(&admin).await.unwrap().len();
    let text = "code,name,kind,catalog,legal_basis,domain,department\n\
                N1,甲,处罚,赋权,《大气污染防治法》第七十七条,生态环境,县生态环境局\n\
                N2,乙,处罚,赋权,《大气污染防治法》第九百条,生态环境,县生态环境局\n";
    let import = CatalogImport {
        name: "补充目录".into(),
        version: "1".into(),
        source: "测试".into(),
        format: CatalogFormat::Csv,
        text: text.into(),
    };
    let Err(AppError::Import(errors)) = w.app.import_catalog(Some(&admin), import).await else {
        panic!("must fail")
    };
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("第九百条"));
    assert_eq!(w.app.catalog_items(&admin).await.unwrap().len(), before);
    assert!(
        w.app
            .catalogs(&admin)
            .await
            .unwrap()
            .iter()
            .all(|c| c.name != "补充目录")
    );
}

#[tokio::test]
async fn a_list_is_published_only_after_consent_review_and_grants_from_its_date() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let city = login(&w.app, "city").await;
    let qs_head = login(&w.app, "qs_head").await;
    let head = login(&w.app, "head").await;
    let lists = w.app.lists(&admin).await.unwrap();
    let qs = lists
        .iter()
        .find(|l| l.township.name == "青山镇")
        .unwrap()
        .list
        .clone();
    let hk = lists
        .iter()
        .find(|l| l.township.name == "河口街道")
        .unwrap()
        .list
        .clone();

    // No grant without consent: 河口街道 has not consented.
    let err = w.app.submit_list(&admin, hk.id).await.unwrap_err();
    assert!(
        matches!(err, AppError::Refused(ref r) if r.code == "list.no_consent"),
        "{err:?}"
    );
    // Another township's head cannot consent for it.
    assert!(matches!(
        w.app.consent_list(&head, hk.id, true, "函").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        w.app.consent_list(&qs_head, hk.id, true, "函").await,
        Err(AppError::Forbidden)
    ));

    // 青山镇 is waiting for the city: the county cannot publish, the city approves.
    assert!(matches!(
        w.app.publish_list(&admin, qs.id).await,
        Err(AppError::Refused(_))
    ));
    assert!(matches!(
        w.app.review_list(&admin, qs.id, true, "").await,
        Err(AppError::Forbidden)
    ));
    w.app.review_list(&city, qs.id, true, "同意").await.unwrap();
    w.app.publish_list(&admin, qs.id).await.unwrap();
    let first = &qs.items[0];
    let town = qs.township_id;
    let before = w
        .app
        .resolve(
            &admin,
            town,
            first.item_id,
            first.effective_from - Days::new(1),
        )
        .await
        .unwrap();
    assert_eq!(before.basis, CompetenceBasis::Retained);
    let on = w
        .app
        .resolve(&admin, town, first.item_id, first.effective_from)
        .await
        .unwrap();
    assert_eq!((on.holder.id, on.basis), (town, CompetenceBasis::Granted));
    let package = w.app.filing_package(&admin, qs.id).await.unwrap();
    assert_eq!(package.items.len(), qs.items.len());
    assert!(
        package
            .to_csv()
            .starts_with("序号,省序号,权力类型,权力名称,主要设立依据")
    );

    // Publishing the same items again for the same township would overlap: refused, nothing written.
    let again = w.app.create_list(&admin, town, "重复").await.unwrap();
    w.app
        .add_list_item(
            &admin,
            again,
            first.item_id,
            first.effective_from + Days::new(5),
            None,
        )
        .await
        .unwrap();
    w.app
        .consent_list(&qs_head, again, true, "函")
        .await
        .unwrap();
    let (staff, certified) = w.app.suggested_assessment(&admin, again).await.unwrap();
    let input = zhifa_app::lists::AssessmentInput {
        staff,
        certified_officers: certified,
        equipment: "无".into(),
        expected_cases_per_year: 1,
        conclusion: "可".into(),
    };
    w.app.attach_assessment(&admin, again, input).await.unwrap();
    w.app.submit_list(&admin, again).await.unwrap();
    w.app.review_list(&city, again, true, "").await.unwrap();
    let err = w.app.publish_list(&admin, again).await.unwrap_err();
    assert!(
        matches!(err, AppError::Refused(ref r) if r.code == "grant.overlap"),
        "{err:?}"
    );
    assert_eq!(
        w.app.list(&admin, again).await.unwrap().list.status,
        zhifa_domain::acceptance::ListStatus::Approved
    );
}

#[tokio::test]
async fn withdrawals_cannot_rewrite_the_past() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let orgs = w.app.visible_orgs(&admin).await.unwrap();
    let chengguan = orgs.iter().find(|o| o.name == "城关镇").unwrap();
    let grants = w.app.township_grants(&admin, chengguan.id).await.unwrap();
    let (open, _) = grants.iter().find(|(g, _)| g.until.is_none()).unwrap();
    let err = w
        .app
        .withdraw_grant(&admin, open.id, today() - Days::new(1), "调整")
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Refused(ref r) if r.code == "withdrawal.retroactive"),
        "{err:?}"
    );
    w.app
        .withdraw_grant(&admin, open.id, today() + Days::new(3), "调整")
        .await
        .unwrap();
    w.clock.advance_days(3);
    let r = w
        .app
        .resolve(&admin, chengguan.id, open.item_id, today() + Days::new(3))
        .await
        .unwrap();
    assert_eq!(r.basis, CompetenceBasis::Retained);
}

#[tokio::test]
async fn compliance_flags_expiry_training_and_reviewers_and_never_fines() {
    let w = demo_world().await;
    let justice = login(&w.app, "justice").await;
    let orgs = w.app.visible_orgs(&justice).await.unwrap();
    let chengguan = orgs.iter().find(|o| o.name == "城关镇").unwrap();
    let (_, c) = w.app.compliance(&justice, chengguan.id).await.unwrap();
    use zhifa_domain::officers::Indicator;
    assert_eq!(c.total(Indicator::Officers), 3);
    assert_eq!(c.total(Indicator::ExpiringCertificates), 1);
    assert_eq!(c.total(Indicator::TrainingShortfalls), 2);
    assert!(c.reviewers_sufficient);
}

#[tokio::test]
async fn sessions_end_on_logout_and_deactivation() {
    let w = demo_world().await;
    let ticket = w.app.login("officer", DEMO_PASSWORD).await.unwrap();
    assert!(w.app.session_actor(&ticket.session_token).await.is_ok());
    w.app.logout(&ticket.session_token).await.unwrap();
    assert!(matches!(
        w.app.session_actor(&ticket.session_token).await,
        Err(AppError::Unauthenticated)
    ));
    assert!(w.app.login("officer", "wrong password").await.is_err());
    assert!(w.app.login("nobody", DEMO_PASSWORD).await.is_err());

    let ticket = w.app.login("officer", DEMO_PASSWORD).await.unwrap();
    let admin = login(&w.app, "admin").await;
    w.app
        .set_user_active(Some(&admin), ticket.actor.user.id, false)
        .await
        .unwrap();
    assert!(w.app.session_actor(&ticket.session_token).await.is_err());
    assert!(w.app.login("officer", DEMO_PASSWORD).await.is_err());

    let token = w.app.create_api_token(&admin, "脚本").await.unwrap();
    assert_eq!(
        w.app.token_actor(&token).await.unwrap().user.username,
        "admin"
    );
    let id = w.app.api_tokens(&admin).await.unwrap()[0].id;
    w.app.revoke_api_token(&admin, id).await.unwrap();
    assert!(w.app.token_actor(&token).await.is_err());
}

#[tokio::test]
async fn usage_shows_holders_withdrawals_and_reported_problems() {
    let w = demo_world().await;
    let admin = login(&w.app, "admin").await;
    let rows = w.app.item_usage(&admin, today()).await.unwrap();
    let held: Vec<_> = rows
        .iter()
        .filter(|r| r.holding.iter().any(|t| t.name == "城关镇"))
        .collect();
    assert_eq!(
        held.len(),
        12,
        "城关镇 holds its 12 granted items until the withdrawal takes effect"
    );
    assert_eq!(rows.iter().map(|r| r.withdrawals).sum::<u32>(), 1);
    assert_eq!(rows.iter().map(|r| r.problems.len()).sum::<usize>(), 1);

    let qs_officer = login(&w.app, "qs_officer").await;
    let mine = w.app.item_usage(&qs_officer, today()).await.unwrap();
    assert!(
        mine.iter()
            .all(|r| r.holding.is_empty() && r.problems.is_empty()),
        "nothing of 城关镇 is visible"
    );
    let orgs = w.app.visible_orgs(&admin).await.unwrap();
    let qingshan = orgs.iter().find(|o| o.name == "青山镇").unwrap();
    let item = rows[0].item.id;
    let err = w
        .app
        .report_problem(&qs_officer, qingshan.id, item, "没有承接过")
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Refused(ref r) if r.code == "problem.not_held"),
        "{err:?}"
    );
    let chengguan = orgs.iter().find(|o| o.name == "城关镇").unwrap();
    assert!(matches!(
        w.app
            .report_problem(&qs_officer, chengguan.id, item, "越权")
            .await,
        Err(AppError::Forbidden)
    ));
}
