//! The sweep that escalates a missed deadline to the county justice bureau.

use super::*;

/// The application and the router again, with the clock at noon of `on` (China time).
fn at(env: &mut Env, on: NaiveDate) {
    let mut app = env.app.clone();
    app.clock = Arc::new(FixedClock::new(
        Utc.from_utc_datetime(&on.and_hms_opt(4, 0, 0).expect("valid time")),
    ));
    env.router = zhifa_web::router(WebState::new(app.clone(), false));
    env.app = app;
}

#[tokio::test]
async fn a_missed_deadline_is_escalated_once_to_the_justice_bureau() {
    let mut env = Env::new().await;
    // The demo's complaint at the bureau is accepted, so that it has a later deadline.
    let justice_actor = env.actor("justice").await;
    let year = chrono::Datelike::year(&today());
    let conduct = id_of(&env, &format!("TS-{year}-00003")).await;
    env.app
        .act_on_complaint(
            &justice_actor,
            conduct,
            ComplaintCommand::Accept {
                note: "调取执法记录仪视频核查".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        env.app.escalate_overdue().await.unwrap(),
        0,
        "nothing is late yet"
    );

    let (no, check) = report_in_chengguan(&env).await;
    let due = env
        .app
        .complaint_status(&no)
        .await
        .unwrap()
        .due_on
        .expect("a deadline");
    assert!(
        due > today() + chrono::Days::new(7),
        "7 working days: {due}"
    );

    // On the last day it is not late.
    at(&mut env, due);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    let status = env.app.complaint_status(&no).await.unwrap();
    assert!(!status.overdue && !status.escalated);

    // The day after: escalated once, however often the sweep runs.
    at(&mut env, due + chrono::Days::new(1));
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 1);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    let status = env.app.complaint_status(&no).await.unwrap();
    assert!(status.overdue && status.escalated, "{status:?}");
    assert_eq!(status.handler, "城关镇", "城关镇 still has to act");
    assert_eq!(status.status, Status::Received);

    // The public reads 已督办; Open311 gives a notice.
    let track = env.get(&track_uri(&no, None)).await;
    assert!(
        track.body.contains("已督办") && track.body.contains("已超期"),
        "{}",
        track.body
    );
    let open311 = env
        .get(&format!("/open311/v2/requests/{no}.json"))
        .await
        .json();
    assert!(
        open311[0]["service_notice"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "{open311}"
    );
    assert!(
        open311[0]["status_notes"]
            .as_str()
            .is_some_and(|n| n.contains("示范县司法局督办")),
        "{open311}"
    );
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert!(
        mine.body
            .contains(&format!("受理期限（{due}）已过，已报示范县司法局督办")),
        "{}",
        mine.body
    );

    // The bureau's list of late complaints has it; the accepted one is not late.
    let justice = env.login("justice").await;
    let overdue = env.page("/complaints?show=overdue", &justice).await;
    assert_eq!(overdue.status, StatusCode::OK, "{}", overdue.body);
    assert!(overdue.body.contains(&no), "{}", overdue.body);
    assert!(
        !overdue.body.contains(&format!("TS-{year}-00003")),
        "{}",
        overdue.body
    );
    let officer = env.login("officer").await;
    let township = env.page("/complaints?show=overdue", &officer).await;
    assert!(township.body.contains(&no), "{}", township.body);

    // Accepting late starts the answer deadline; that one, missed, is escalated on its own.
    let id = id_of(&env, &no).await;
    let officer_actor = env.actor("officer").await;
    env.app
        .act_on_complaint(
            &officer_actor,
            id,
            ComplaintCommand::Accept {
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let answer_by = env.app.complaint_status(&no).await.unwrap().due_on.unwrap();
    at(&mut env, answer_by + chrono::Days::new(1));
    // By then the demo's conduct complaint, accepted by the bureau on the first day, is late
    // too; the bureau handles it itself, so it is not escalated to itself.
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 1);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    assert!(
        env.app
            .complaint_status(&format!("TS-{year}-00003"))
            .await
            .unwrap()
            .overdue
    );
    assert!(
        !env.app
            .complaint_status(&format!("TS-{year}-00003"))
            .await
            .unwrap()
            .escalated
    );
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert!(
        mine.body.contains(&format!("办结期限（{answer_by}）已过")),
        "{}",
        mine.body
    );
}
