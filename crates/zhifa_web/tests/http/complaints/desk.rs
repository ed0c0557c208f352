//! The bodies' desk: accept, answer, supervise and transfer, and who may not.

use super::*;

#[tokio::test]
async fn the_township_accepts_and_answers_and_the_bureau_supervises_and_transfers() {
    let env = Env::new().await;
    let (no, check) = report_in_chengguan(&env).await;
    let id = id_of(&env, &no).await;

    // 城关镇's officer: in the list, and the whole record with the contact.
    let officer = env.login("officer").await;
    let list = env.page("/complaints", &officer).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body
            .contains(&format!("href=\"/complaints/{id}\">{no}</a>")),
        "{}",
        list.body
    );
    let show = env.page(&format!("/complaints/{id}"), &officer).await;
    assert_eq!(show.status, StatusCode::OK, "{}", show.body);
    for shown in [
        WORDS,
        PLACE,
        NAME,
        PHONE,
        EMAIL,
        "name=\"action\" value=\"accept\"",
    ] {
        assert!(show.body.contains(shown), "{shown}: {}", show.body);
    }
    assert!(
        !show.body.contains("value=\"supervise\""),
        "a township does not supervise"
    );

    // 青山镇's officer: neither the record nor a step.
    let qs = env.login("qs_officer").await;
    let foreign = env.page(&format!("/complaints/{id}"), &qs).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.body);
    assert!(!foreign.body.contains(WORDS));
    let foreign_step = act(&env, &qs, id, &[("action", "accept"), ("text", "越权受理")]).await;
    assert_eq!(
        foreign_step.status,
        StatusCode::FORBIDDEN,
        "{}",
        foreign_step.body
    );
    let qs_list = env.page("/complaints?show=all", &qs).await;
    assert!(!qs_list.body.contains(&no), "{}", qs_list.body);

    // A county department sees the county's bodies, not the complaints others handle.
    let dept = env.login("dept").await;
    let not_theirs = env.page(&format!("/complaints/{id}"), &dept).await;
    assert_eq!(
        not_theirs.status,
        StatusCode::FORBIDDEN,
        "{}",
        not_theirs.body
    );
    let dept_list = env.page("/complaints?show=all", &dept).await;
    assert_eq!(dept_list.status, StatusCode::OK, "{}", dept_list.body);
    assert!(!dept_list.body.contains(&no), "{}", dept_list.body);

    // 城关镇's auxiliary reads the record but takes no step (执法辅助人员 do not decide).
    let aux = env.login("aux").await;
    let read = env.page(&format!("/complaints/{id}"), &aux).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(!read.body.contains("value=\"accept\""), "{}", read.body);
    let aux_step = act(&env, &aux, id, &[("action", "accept"), ("text", "")]).await;
    assert_eq!(aux_step.status, StatusCode::FORBIDDEN, "{}", aux_step.body);

    // The bureau sees every complaint of the county and supervises; it does not accept
    // what 城关镇 handles.
    let justice = env.login("justice").await;
    let all = env.page("/complaints?show=all", &justice).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let year = chrono::Datelike::year(&today());
    for listed in [
        no.clone(),
        format!("TS-{year}-00001"),
        format!("TS-{year}-00002"),
        format!("TS-{year}-00003"),
    ] {
        assert!(all.body.contains(&listed), "{listed}: {}", all.body);
    }
    let record = env.page(&format!("/complaints/{id}"), &justice).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert!(record.body.contains("value=\"supervise\"") && record.body.contains(PHONE));
    assert!(
        !record.body.contains("value=\"accept\""),
        "not the bureau's to accept"
    );
    let not_handler = act(&env, &justice, id, &[("action", "accept"), ("text", "")]).await;
    assert_eq!(not_handler.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_handler.body.contains("不由本单位办理"),
        "{}",
        not_handler.body
    );
    let supervised = act(
        &env,
        &justice,
        id,
        &[("action", "supervise"), ("text", "请于三日内核查并反馈")],
    )
    .await;
    assert_redirected_to_complaint(&supervised, id);
    let by_township = act(
        &env,
        &officer,
        id,
        &[("action", "supervise"), ("text", "自己督办自己")],
    )
    .await;
    assert_eq!(by_township.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(by_township.body.contains("督办由县级司法行政部门作出"));

    // 城关镇 accepts and answers; a two-word answer is not an answer.
    let accepted = act(
        &env,
        &officer,
        id,
        &[("action", "accept"), ("text", "安排执法人员现场核查")],
    )
    .await;
    assert_redirected_to_complaint(&accepted, id);
    let again = act(&env, &officer, id, &[("action", "accept"), ("text", "")]).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    let short = act(
        &env,
        &officer,
        id,
        &[("action", "answer"), ("text", "已处理")],
    )
    .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.body
    );
    assert!(short.body.contains("办理结果至少10个字"), "{}", short.body);
    let unknown = act(&env, &officer, id, &[("action", "forget"), ("text", "")]).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    let answer = "经现场核查属实，已责令倾倒人当日清运完毕，消防通道已恢复畅通。";
    let answered = act(
        &env,
        &officer,
        id,
        &[("action", "answer"), ("text", answer), ("case_code", "")],
    )
    .await;
    assert_redirected_to_complaint(&answered, id);
    let closed = env.page(&format!("/complaints/{id}"), &officer).await;
    assert!(closed.body.contains(answer) && closed.body.contains("已办结"));
    assert!(!closed.body.contains("value=\"answer\""), "{}", closed.body);

    // The filer reads the answer; the public, only that it is closed.
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for shown in [
        answer,
        "已办结",
        "城关镇已受理",
        "城关镇已办结并答复",
        "示范县司法局已督办",
    ] {
        assert!(mine.body.contains(shown), "{shown}: {}", mine.body);
    }
    let open311 = env
        .get(&format!(
            "/open311/v2/requests/{no}.json?check_code={check}"
        ))
        .await
        .json();
    assert_eq!(open311[0]["status"], "closed", "{open311}");
    assert!(
        open311[0]["status_notes"]
            .as_str()
            .is_some_and(|n| n.contains(answer)),
        "{open311}"
    );
    let public = env.get(&format!("/open311/v2/requests/{no}.json")).await;
    assert_eq!(public.json()[0]["status"], "closed");
    assert!(!public.body.contains(answer), "{}", public.body);
    // Nothing more on a closed complaint.
    let late = act(
        &env,
        &justice,
        id,
        &[("action", "supervise"), ("text", "再督办一次")],
    )
    .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );

    // A report naming no township: the bureau's to pass on, and 城关镇's once passed on.
    let nowhere = report_nowhere(&env).await;
    let (triage_no, triage_check, _) = filed(&nowhere);
    let triage = id_of(&env, &triage_no).await;
    let before = env.page(&format!("/complaints/{triage}"), &officer).await;
    assert_eq!(before.status, StatusCode::FORBIDDEN, "{}", before.body);
    let bureau_view = env.page(&format!("/complaints/{triage}"), &justice).await;
    assert!(
        bureau_view.body.contains("value=\"transfer\"")
            && bureau_view
                .body
                .contains(&format!("<option value=\"{}\">城关镇</option>", env.ids.cg)),
        "{}",
        bureau_view.body
    );
    let to_self = act(
        &env,
        &justice,
        triage,
        &[("action", "transfer"), ("text", "转给自己")],
    )
    .await;
    assert_eq!(
        to_self.status,
        StatusCode::BAD_REQUEST,
        "no target: {}",
        to_self.body
    );
    let cg = env.ids.cg.to_string();
    let transferred = act(
        &env,
        &justice,
        triage,
        &[
            ("action", "transfer"),
            ("to_id", &cg),
            ("text", "经核实发生地属城关镇"),
        ],
    )
    .await;
    assert_redirected_to_complaint(&transferred, triage);
    let township_list = env.page("/complaints", &officer).await;
    assert!(
        township_list
            .body
            .contains(&format!("href=\"/complaints/{triage}\">{triage_no}</a>")),
        "{}",
        township_list.body
    );
    let after = env.page(&format!("/complaints/{triage}"), &officer).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    assert!(after.body.contains("value=\"accept\""), "{}", after.body);
    assert_eq!(
        env.app.complaint_status(&triage_no).await.unwrap().handler,
        "城关镇"
    );
    // The filer is told where it went and why; the public, only where.
    let mine = env.get(&track_uri(&triage_no, Some(&triage_check))).await;
    assert!(
        mine.body.contains("转办至城关镇：经核实发生地属城关镇"),
        "{}",
        mine.body
    );
    let public = env
        .get(&format!("/open311/v2/requests/{triage_no}.json"))
        .await;
    assert!(!public.body.contains("经核实发生地"), "{}", public.body);
    assert_eq!(public.json()[0]["agency_responsible"], "城关镇");
    // Steps need the session's CSRF token.
    let forged = env
        .post_form(
            &format!("/complaints/{triage}/act"),
            &officer,
            &[("action", "accept".to_string()), ("text", String::new())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        env.app.complaint_status(&triage_no).await.unwrap().status,
        Status::Received,
        "a forged step changes nothing"
    );
}

#[tokio::test]
async fn an_answer_names_only_a_case_of_the_handling_body() {
    let env = Env::new().await;
    let (no, _) = report_in_chengguan(&env).await;
    let id = id_of(&env, &no).await;
    let officer = env.actor("officer").await;
    env.app
        .act_on_complaint(
            &officer,
            id,
            ComplaintCommand::Accept {
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let answer = |case_code: &str| ComplaintCommand::Answer {
        text: "经核查属实，已立案调查，处理结果将另行告知。".into(),
        case_code: Some(case_code.into()),
    };
    let refused = env
        .app
        .act_on_complaint(&officer, id, answer("城关镇-1999-0001"))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, zhifa_app::AppError::Invalid(f) if f[0].field == "case_code"),
        "{refused:?}"
    );
    assert_eq!(
        env.app.complaint_status(&no).await.unwrap().status,
        Status::Accepted,
        "nothing was answered"
    );
    let town = officer.org.id;
    let mut tx = env.store.begin_read().await.unwrap();
    let code = tx.cases_of(&[town]).await.unwrap()[0].code.clone();
    drop(tx);
    env.app
        .act_on_complaint(&officer, id, answer(&code))
        .await
        .unwrap();
    let shown = env.app.complaint_status(&no).await.unwrap();
    assert_eq!(shown.status, Status::Answered);
}
