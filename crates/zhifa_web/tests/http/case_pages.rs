//! The case pages as people use them: an officer registers a case from the form, the head
//! files it, the officer uploads a video from the phone and records the inspection with it;
//! a step the law refuses shows the article; the workbench lists the case in the right queue.
//!
//! Not here: the route walk's refusals for other townships (`route_walk`).

use crate::support::{Env, csrf_of};
use axum::http::StatusCode;

fn location(reply: &crate::support::Reply) -> String {
    reply.header("location").expect("a redirect")
}

#[tokio::test]
async fn an_officer_and_the_head_take_a_case_through_its_pages() {
    let env = Env::new().await;
    let officer = env.login("officer").await;
    let csrf = env.session_csrf(&officer).await;
    let form = env.page("/cases/new", &officer).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("SC-ZJ-003"), "the items are offered");

    let s = |v: &str| v.to_string();
    let created = env
        .post_form(
            "/cases",
            &officer,
            &[
                ("_csrf", csrf.clone()),
                ("source", s("群众举报")),
                ("party_kind", s("natural")),
                ("party_name", s("当事人A")),
                ("birth_date", s("1978-03-02")),
                ("item_id", env.ids.statutory_item.to_string()),
                ("facts", s("在村道旁倾倒装修垃圾")),
                ("occurred_on", crate::support::day(-1).to_string()),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let case_uri = location(&created);
    let page = env.page(&case_uri, &officer).await;
    assert!(page.body.contains("案源登记"), "{}", page.body);
    assert!(
        !page.body.contains("\"None\""),
        "no empty value renders as None"
    );
    assert!(page.body.contains("指派办案人员"));

    let users = &env.ids.users;
    let act = format!("{case_uri}/act");
    let assigned = env
        .post_form(
            &act,
            &officer,
            &[
                ("_csrf", csrf.clone()),
                ("action", s("assign_officers")),
                ("officer_ids", users["officer"].to_string()),
                ("officer_ids", users["officer2"].to_string()),
            ],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);

    // Filing is the head's: the officer is refused with the article.
    let refused = env
        .post_form(
            &act,
            &officer,
            &[("_csrf", csrf.clone()), ("action", s("file"))],
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert!(refused.body.contains("第五十四条"), "{}", refused.body);
    let head = env.login("head").await;
    let head_csrf = env.session_csrf(&head).await;
    let workbench = env.page("/cases", &head).await;
    assert!(workbench.body.contains("待我办理"));
    assert!(
        workbench.body.contains("立案审批"),
        "the head's queue offers filing"
    );
    let filed = env
        .post_form(&act, &head, &[("_csrf", head_csrf), ("action", s("file"))])
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);

    // A video from the phone, streamed to the evidence store, fills the step's form.
    let uploaded = env
        .post_file(
            &format!("{case_uri}/evidence"),
            &officer,
            &[("_csrf", csrf.clone()), ("device", s("手机"))],
            "video/mp4",
            b"a short clip",
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let back = location(&uploaded);
    let evidence = back
        .split("evidence=")
        .nth(1)
        .and_then(|v| v.split('#').next())
        .expect("the evidence id")
        .to_string();
    let page = env.page(&back, &officer).await;
    assert!(
        page.body.contains(&format!("value=\"{evidence}\"")),
        "the form is filled"
    );
    assert!(csrf_of(&page.body).is_some());
    let recorded = env
        .post_form(
            &act,
            &officer,
            &[
                ("_csrf", csrf.clone()),
                ("action", s("record_step")),
                ("step", s("inspection")),
                ("on", crate::support::today().to_string()),
                ("officer_ids", users["officer"].to_string()),
                ("officer_ids", users["officer2"].to_string()),
                ("certificate_shown", s("1")),
                ("evidence_ids", evidence),
                ("av_exception", s("")),
                ("note", s("现场检查")),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = env.page(&case_uri, &officer).await;
    assert!(page.body.contains("有音像记录"), "{}", page.body);
    assert!(page.body.contains("立案（经负责人批准）"));
    assert!(
        page.body.contains("作出处罚决定（立案之日起九十日内）"),
        "the decision deadline"
    );
}
