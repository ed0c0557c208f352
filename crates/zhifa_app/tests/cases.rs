//! Penalty cases through the use cases, on the demo county in SQLite: a real township case
//! (塔城市二工镇 C01, 乱倒装修垃圾) from registration to archive, the audio/video gate resting
//! on uploaded evidence, handling refused to other bodies, refused decisions recorded for
//! supervision, and gap-free on-the-spot serial numbers.
//!
//! C01's published excerpt gives the matter, facts, mitigating grounds and dates but not the
//! penalty or the hearing notice; the test completes it plausibly with a 500 元 fine (below the
//! hearing and review thresholds) and a waived statement. (`tests/real_cases` replays C01 as
//! its grounds and its commitment letter suggest, as 首违不罚; the demo's own cases take
//! numbers from the same sequences as these.)

use chrono::{Duration, TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;
use zhifa_app::cases::{OnTheSpotInput, RegisterCase};
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::evidence::EvidenceUpload;
use zhifa_app::{Actor, App, AppError};
use zhifa_domain::Id;
use zhifa_domain::case::{Command, Stage};
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

struct World {
    app: App,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

fn start() -> chrono::DateTime<Utc> {
    // 10:00 in Chengdu, a Friday.
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    demo::seed(store.clone(), start().date_naive(), Policy::default())
        .await
        .unwrap();
    let clock = Arc::new(FixedClock::new(start()));
    let app = App::new(store, clock.clone(), Policy::default())
        .with_evidence_dir(dir.path().join("evidence"));
    World {
        app,
        clock,
        _dir: dir,
    }
}

async fn login(app: &App, username: &str) -> Actor {
    app.login(username, DEMO_PASSWORD).await.unwrap().actor
}

async fn org(app: &App, actor: &Actor, name: &str) -> Id {
    app.visible_orgs(actor)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .unwrap()
        .id
}

async fn item(app: &App, actor: &Actor, code: &str) -> Id {
    app.catalog_items(actor)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.item.code == code)
        .unwrap()
        .id
}

async fn evidence(app: &App, actor: &Actor, town: Id, media: &str, content: &[u8]) -> Id {
    let upload = EvidenceUpload {
        capture: Capture {
            media_type: MediaType::parse(media).unwrap(),
            captured_at: start() - Duration::hours(1),
            device: "执法记录仪 DSJ-001".into(),
            officer_id: actor.user.id,
            subject: Some("现场检查".into()),
        },
        declared_size: None,
        expected_sha256: None,
    };
    app.add_evidence(actor, town, upload, content)
        .await
        .unwrap()
        .id
}

fn c01(item_id: Id) -> RegisterCase {
    serde_json::from_value(json!({
        "item_id": item_id,
        "source": "群众举报（举报人信息已脱敏）",
        "party": {"kind": "natural", "name": "当事人A", "birth_date": "1978-03-02"},
        "facts": "当事人驾驶车辆将饭馆拆除产生的装修垃圾（木材、石膏板等）倾倒在村内国道旁田间小路上，未经村委会及有关部门同意",
        "act": {"occurred_on": "2026-11-26", "ended_on": null, "continuing": false, "caused_harm": false}
    }))
    .unwrap()
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).unwrap()
}

fn refused(result: Result<(), AppError>) -> &'static str {
    match result {
        Err(AppError::Refused(r)) => r.code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn log_kinds(app: &App) -> Vec<String> {
    let mut tx = app.store.begin().await.unwrap();
    tx.events(200)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[tokio::test]
async fn a_real_township_case_runs_from_registration_to_archive() {
    let w = world().await;
    let (officer, head) = (login(&w.app, "officer").await, login(&w.app, "head").await);
    let town = org(&w.app, &officer, "城关镇").await;
    let item_id = item(&w.app, &officer, "SC-ZJ-003").await;
    let id = w
        .app
        .register_case(&officer, town, c01(item_id))
        .await
        .unwrap();
    let officer2 = login(&w.app, "officer2").await;
    let aux = login(&w.app, "aux").await;

    // Two certified officers; an auxiliary is refused as a case officer.
    let assign = |ids: Vec<Id>| command(json!({"action": "assign_officers", "officer_ids": ids}));
    let err = w
        .app
        .case_command(&officer, id, assign(vec![officer.user.id, aux.user.id]))
        .await;
    assert_eq!(refused(err), "case.auxiliary_officer");
    w.app
        .case_command(
            &officer,
            id,
            assign(vec![officer.user.id, officer2.user.id]),
        )
        .await
        .unwrap();
    assert_eq!(
        refused(
            w.app
                .case_command(&officer, id, command(json!({"action": "file"})))
                .await
        ),
        "case.wrong_role",
        "filing is the head's"
    );
    w.app
        .case_command(&head, id, command(json!({"action": "file"})))
        .await
        .unwrap();

    // The audio/video gate rests on the uploaded evidence: a photo with a claimed video flag
    // is not a recording.
    let photo = evidence(&w.app, &officer, town, "image/jpeg", b"photo").await;
    let step = |evidence_id: Id, claimed_av: bool| {
        command(json!({
            "action": "record_step", "step": "inspection", "on": "2026-11-27",
            "officer_ids": [officer.user.id, officer2.user.id], "certificate_shown": true,
            "evidence_ids": [evidence_id], "audio_video": claimed_av, "av_exception": null, "note": "现场检查"
        }))
    };
    assert_eq!(
        refused(w.app.case_command(&officer, id, step(photo, true)).await),
        "case.audio_video_required"
    );
    let video = evidence(&w.app, &officer, town, "video/mp4", b"body camera video").await;
    w.app
        .case_command(&officer, id, step(video, false))
        .await
        .unwrap();
    w.app
        .case_command(
            &officer,
            id,
            command(json!({"action": "order_correction", "order": "清理倾倒的装修垃圾", "deadline": "2026-12-02"})),
        )
        .await
        .unwrap();
    let fine =
        json!({"outcome": "punish", "penalty": {"kinds": [{"kind": "fine", "amount": 50000}]}});
    w.app
        .case_command(
            &officer,
            id,
            command(json!({
                "action": "conclude", "findings": "事实清楚，证据确凿；当事人主动改正，配合调查，初次违法",
                "proposed": fine, "public_interest": false, "complex": false,
                "review_by_other_law": false, "benchmark_departure": null, "mitigated_below_minimum": false
            })),
        )
        .await
        .unwrap();
    w.app
        .case_command(
            &officer,
            id,
            command(json!({"action": "notify", "served_on": "2026-11-27"})),
        )
        .await
        .unwrap();

    // Deciding within the statement window is refused, and the attempt is on the log.
    let decide = command(json!({"action": "decide", "outcome": fine, "number": ""}));
    assert_eq!(
        refused(w.app.case_command(&head, id, decide.clone()).await),
        "case.statement_window_open"
    );
    assert_eq!(log_kinds(&w.app).await[0], "case.attempt_refused");

    // Three working days (《行政处罚法》第八十五条): 11-30, 12-01, 12-02; decide on 12-03.
    w.clock.advance_days(6);
    let view = w.app.case_view(&officer, id).await.unwrap();
    assert!(view.actions.iter().any(|(a, _)| a.label() == "作出决定"));
    w.app.case_command(&head, id, decide).await.unwrap();
    let view = w.app.case_view(&head, id).await.unwrap();
    assert_eq!(view.case.stage, Stage::Decided);
    let decision = view.case.decision.clone().unwrap();
    // From the township's sequence, after the demo's own real cases decided this year.
    assert!(
        decision.number.starts_with("城关镇罚决〔2026〕") && serial(&decision.number) > 0,
        "{}",
        decision.number
    );
    assert_eq!(decision.decider_id, head.user.id);
    assert!(view.deadlines.iter().any(|d| d.label == "送达决定书"));

    w.app
        .case_command(
            &officer,
            id,
            command(json!({"action": "serve", "on": "2026-12-03", "method": "direct", "consent_to_electronic": false})),
        )
        .await
        .unwrap();
    w.app
        .case_command(
            &officer,
            id,
            command(json!({"action": "record_payment", "on": "2026-12-03", "amount": 50000})),
        )
        .await
        .unwrap();
    w.app
        .case_command(&head, id, command(json!({"action": "close"})))
        .await
        .unwrap();
    w.app
        .case_command(&head, id, command(json!({"action": "archive"})))
        .await
        .unwrap();
    let view = w.app.case_view(&officer, id).await.unwrap();
    assert_eq!(view.case.stage, Stage::Archived);
    assert!(view.actions.is_empty());
    assert!(view.timeline.len() >= 12, "every step is in the timeline");

    // Every step is a log entry of the case, and the log verifies.
    let kinds = log_kinds(&w.app).await;
    for kind in [
        "case.registered",
        "case.file",
        "case.record_step",
        "case.decide",
        "case.archive",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    let list = w.app.cases(&officer, Some(town)).await.unwrap();
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].stage, "archived");
}

#[tokio::test]
async fn only_the_case_s_own_body_handles_it() {
    let w = world().await;
    let officer = login(&w.app, "officer").await;
    let town = org(&w.app, &officer, "城关镇").await;
    let item_id = item(&w.app, &officer, "SC-ZJ-003").await;
    let id = w
        .app
        .register_case(&officer, town, c01(item_id))
        .await
        .unwrap();
    for who in ["qs_officer", "dept", "aux"] {
        let other = login(&w.app, who).await;
        let result = w
            .app
            .case_command(
                &other,
                id,
                command(json!({"action": "decline_filing", "reason": "x"})),
            )
            .await;
        assert!(
            matches!(result, Err(AppError::Forbidden | AppError::NotFound(_))),
            "{who}: {result:?}"
        );
    }
    let stranger = login(&w.app, "qs_officer").await;
    assert!(w.app.case_view(&stranger, id).await.is_err());
    let theirs = w.app.cases(&stranger, None).await.unwrap();
    assert!(theirs.iter().all(|c| c.id != id && c.org_id != town));
    assert!(matches!(
        w.app.register_case(&stranger, town, c01(item_id)).await,
        Err(AppError::Forbidden)
    ));
}

#[tokio::test]
async fn on_the_spot_decisions_take_gap_free_serial_numbers() {
    let w = world().await;
    let (officer, officer2) = (
        login(&w.app, "officer").await,
        login(&w.app, "officer2").await,
    );
    let town = org(&w.app, &officer, "城关镇").await;
    let item_id = item(&w.app, &officer, "SC-ZJ-003").await;
    let video = evidence(&w.app, &officer, town, "video/mp4", b"on the spot").await;
    let spot = |fine: i64| -> OnTheSpotInput {
        serde_json::from_value(json!({
            "item_id": item_id,
            "party": {"kind": "natural", "name": "当事人B", "birth_date": "1990-01-01"},
            "facts": "随意倾倒生活垃圾",
            "act": {"occurred_on": "2026-11-27", "ended_on": null, "continuing": false, "caused_harm": false},
            "officer_ids": [officer.user.id, officer2.user.id],
            "certificate_shown": true,
            "penalty": {"kinds": [{"kind": "fine", "amount": fine}]},
            "correction": "立即清理",
            "collected": false,
            "evidence_ids": [video]
        }))
        .unwrap()
    };
    let first = w
        .app
        .on_the_spot(&officer, town, spot(5_000))
        .await
        .unwrap();
    assert!(matches!(
        w.app.on_the_spot(&officer, town, spot(20_100)).await,
        Err(AppError::Refused(r)) if r.code == "case.on_the_spot_limit"
    ));
    let second = w
        .app
        .on_the_spot(&officer, town, spot(10_000))
        .await
        .unwrap();
    let number = |id| {
        let app = w.app.clone();
        let officer = officer.clone();
        async move {
            app.case_view(&officer, id)
                .await
                .unwrap()
                .case
                .decision
                .unwrap()
                .number
        }
    };
    let (a, b) = (number(first).await, number(second).await);
    // The demo's own on-the-spot cases of this year came first.
    assert!(a.starts_with("城关镇当罚〔2026〕"), "{a}");
    assert_eq!(
        serial(&b),
        serial(&a) + 1,
        "the refused one took no number: {a}, {b}"
    );
}

/// The serial number of a document number such as 城关镇当罚〔2026〕3号.
fn serial(number: &str) -> i64 {
    number
        .rsplit_once('〕')
        .and_then(|(_, n)| n.strip_suffix('号'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no serial number in {number}"))
}

/// C01 registered by 张执法 in 城关镇, with 张执法 and 陈执法 assigned and filed by the head: the
/// officer, the second officer, the head, the township and the case.
async fn filed_case(w: &World) -> (Actor, Actor, Actor, Id, Id) {
    let (officer, head) = (login(&w.app, "officer").await, login(&w.app, "head").await);
    let officer2 = login(&w.app, "officer2").await;
    let town = org(&w.app, &officer, "城关镇").await;
    let item_id = item(&w.app, &officer, "SC-ZJ-003").await;
    let id = w
        .app
        .register_case(&officer, town, c01(item_id))
        .await
        .unwrap();
    let assign = command(
        json!({"action": "assign_officers", "officer_ids": [officer.user.id, officer2.user.id]}),
    );
    w.app.case_command(&officer, id, assign).await.unwrap();
    w.app
        .case_command(&head, id, command(json!({"action": "file"})))
        .await
        .unwrap();
    (officer, officer2, head, town, id)
}

/// Steps decided at once on the same case: each is either written with the next event number
/// or refused as a conflict, never merged or numbered twice.
#[tokio::test]
async fn steps_taken_at_once_on_one_case_never_interleave() {
    let w = world().await;
    let (officer, _, _, _, id) = filed_case(&w).await;
    let orders: Vec<_> = (0..8)
        .map(|i| {
            let (app, officer) = (w.app.clone(), officer.clone());
            tokio::spawn(async move {
                let order = command(json!({"action": "order_correction", "order": format!("改正{i}"), "deadline": null}));
                app.case_command(&officer, id, order).await
            })
        })
        .collect();
    let mut written = 0;
    for order in orders {
        match order.await.unwrap() {
            Ok(()) => written += 1,
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "case"),
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(written >= 1);
    let view = w.app.case_view(&officer, id).await.unwrap();
    let numbers: Vec<i64> = view.timeline.iter().map(|t| t.n).collect();
    assert_eq!(
        numbers,
        (0..numbers.len() as i64).collect::<Vec<_>>(),
        "no gap, no repeat"
    );
    assert_eq!(
        numbers.len(),
        3 + written,
        "registration, officers, filing and the orders written"
    );
}

/// Naming another township's officer on a case is refused without telling their name.
#[tokio::test]
async fn another_bodys_officer_is_refused_without_their_name() {
    let w = world().await;
    let (officer, stranger) = (
        login(&w.app, "officer").await,
        login(&w.app, "qs_officer").await,
    );
    let qs = org(&w.app, &stranger, "青山镇").await;
    let item_id = item(&w.app, &stranger, "SC-ZJ-003").await;
    let id = w
        .app
        .register_case(&stranger, qs, c01(item_id))
        .await
        .unwrap();
    let assign = command(
        json!({"action": "assign_officers", "officer_ids": [stranger.user.id, officer.user.id]}),
    );
    match w.app.case_command(&stranger, id, assign).await {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "officer_ids");
            assert!(
                !errors[0].message.contains(&officer.user.display_name),
                "{}",
                errors[0].message
            );
        }
        other => panic!("{other:?}"),
    }
}

/// An emergency seizure shows the 24 hours in which the head's approval must follow
/// (《行政强制法》第十九条), and shows them overdue once they have passed.
#[tokio::test]
async fn an_emergency_seizure_shows_its_twenty_four_hours() {
    let w = world().await;
    let (officer, officer2, _, town, id) = filed_case(&w).await;
    let ids = [officer.user.id, officer2.user.id];
    let video = evidence(
        &w.app,
        &officer,
        town,
        "video/mp4",
        b"seizure, whole process",
    )
    .await;
    let seize = command(json!({"action": "measure", "command": {
        "measure": "apply", "kind": "seize",
        "items": [{"name": "三轮车", "quantity": "1辆", "note": ""}],
        "list_delivered": true, "party_heard": true, "record_id": video,
        "officer_ids": ids, "certificate_shown": true, "audio_video": false,
        "av_exception": null, "emergency": "当事人欲驾车离开"
    }}));
    w.app.case_command(&officer, id, seize).await.unwrap();
    let label = "当场实施强制措施后补办批准（二十四小时内）";
    let view = w.app.case_view(&officer, id).await.unwrap();
    let due = view
        .deadlines
        .iter()
        .find(|d| d.label == label)
        .expect("the 24 hours");
    assert!(
        !due.overdue && due.explanation.contains("第十九条"),
        "{}",
        due.explanation
    );
    w.clock.advance_days(2);
    let view = w.app.case_view(&officer, id).await.unwrap();
    assert!(view.deadlines.iter().any(|d| d.label == label && d.overdue));
}
