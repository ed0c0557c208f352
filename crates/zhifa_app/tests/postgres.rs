//! The same demo county and use cases on PostgreSQL, when `ZHIFA_TEST_PG_URL` names a server
//! (CI starts one). Without it the test says so and passes: the SQLite run covers the logic.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::{App, AppError};
use zhifa_domain::jurisdiction::CompetenceBasis;
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_postgres::PgStore;

#[tokio::test]
async fn the_demo_county_works_on_postgresql() {
    let Ok(url) = std::env::var("ZHIFA_TEST_PG_URL") else {
        eprintln!("skipped: ZHIFA_TEST_PG_URL is not set");
        return;
    };
    let schema = format!("zt_app_{}", &zhifa_app::auth::random_token()[..12]);
    let store = PgStore::open_in_schema(&url, &schema).await.unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    demo::seed(store.clone(), today, Policy::default())
        .await
        .unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.from_utc_datetime(&today.and_hms_opt(2, 0, 0).unwrap()),
    ));
    let app = App::new(store, clock, Policy::default());

    let admin = app.login("admin", DEMO_PASSWORD).await.unwrap().actor;
    let city = app.login("city", DEMO_PASSWORD).await.unwrap().actor;
    let qs_officer = app.login("qs_officer", DEMO_PASSWORD).await.unwrap().actor;
    assert!(app.catalog_items(&admin).await.unwrap().len() >= 30);

    let lists = app.lists(&admin).await.unwrap();
    let qs = lists
        .iter()
        .find(|l| l.township.name == "青山镇")
        .unwrap()
        .list
        .clone();
    app.review_list(&city, qs.id, true, "同意").await.unwrap();
    app.publish_list(&admin, qs.id).await.unwrap();
    let first = &qs.items[0];
    let before = app
        .resolve(
            &admin,
            qs.township_id,
            first.item_id,
            first.effective_from - Days::new(1),
        )
        .await
        .unwrap();
    assert_eq!(before.basis, CompetenceBasis::Retained);
    let on = app
        .resolve(&admin, qs.township_id, first.item_id, first.effective_from)
        .await
        .unwrap();
    assert_eq!(
        (on.holder.id, on.basis),
        (qs.township_id, CompetenceBasis::Granted)
    );

    let chengguan = lists
        .iter()
        .find(|l| l.township.name == "城关镇")
        .unwrap()
        .township
        .id;
    assert!(matches!(
        app.township_powers(&qs_officer, chengguan, today).await,
        Err(AppError::Forbidden)
    ));

    if let Ok(marker) = std::env::var("ZHIFA_PG_SUITE_MARKER") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(marker)
            .unwrap();
        writeln!(f, "the_demo_county_works_on_postgresql").unwrap();
    }
}
