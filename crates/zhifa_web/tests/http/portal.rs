//! The public portal, without signing in: a decision published when made on the spot, with
//! the party's name masked; a body's powers and officers; an officer's certificate checked by
//! number; a document's verification page; a withdrawal leaving its notice; and a crawl of
//! every public page that fails on any natural person's name, identity number or phone.

use crate::support::Env;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::collections::{BTreeSet, VecDeque};

/// An on-the-spot fine on 当事人B (a natural person) with a phone number in its facts.
async fn spot_decision(env: &Env) -> i64 {
    let officer = env.actor("officer").await;
    let officer2 = env.actor("officer2").await;
    let photo = env
        .add_evidence("officer", env.ids.cg, b"on the spot")
        .await;
    let input: zhifa_app::cases::OnTheSpotInput = serde_json::from_value(serde_json::json!({
        "item_id": env.ids.statutory_item,
        "party": {"kind": "natural", "name": "欧阳娜娜", "birth_date": "1990-01-01", "phone": "13812345678", "address": "城关镇南街1号"},
        "facts": "欧阳娜娜（电话13812345678）在城关镇南街1号门前随意倾倒生活垃圾",
        "act": {"occurred_on": crate::support::today().to_string(), "ended_on": null, "continuing": false, "caused_harm": false},
        "officer_ids": [officer.user.id, officer2.user.id],
        "certificate_shown": true,
        "penalty": {"kinds": [{"kind": "fine", "amount": 5000}]},
        "correction": "立即清理",
        "collected": false,
        "evidence_ids": [photo],
        "av_exception": "执法记录仪故障，以照片替代"
    }))
    .unwrap();
    env.app
        .on_the_spot(&officer, env.ids.cg, input)
        .await
        .expect("the on-the-spot decision")
}

#[tokio::test]
async fn the_public_reads_a_published_decision_and_checks_officers_and_documents() {
    let env = Env::new().await;
    let case = spot_decision(&env).await;

    // Searched by its words, each required; by body and kind; by date.
    let found = env.get("/portal/decisions?q=%E5%9E%83%E5%9C%BE").await; // 垃圾
    assert!(
        found.body.contains("欧阳某") && found.body.contains("共 1 条"),
        "{}",
        found.body
    );
    let both = env
        .get("/portal/decisions?q=%E5%9E%83%E5%9C%BE+%E7%A7%B8%E7%A7%86")
        .await; // 垃圾 秸秆
    assert!(both.body.contains("共 0 条"), "{}", both.body);
    let kind = env
        .get("/portal/decisions?kind=on_the_spot&org=519901001")
        .await;
    assert!(kind.body.contains("欧阳某"), "{}", kind.body);
    let later = env.get("/portal/decisions?from=2099-01-01").await;
    assert!(later.body.contains("共 0 条"));
    let bad = env.get("/portal/decisions?from=soon").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let home = env.get("/portal").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("示范县城关镇人民政府"), "{}", home.body);
    let list = env.get("/portal/decisions").await;
    assert!(list.body.contains("欧阳某"), "{}", list.body);
    let id = list
        .body
        .split("href=\"/portal/decisions/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a decision is listed")
        .to_string();
    let page = env.get(&format!("/portal/decisions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in ["当场行政处罚决定", "欧阳某", "罚款", "执法全过程记录第"] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    for hidden in ["欧阳娜娜", "13812345678", "南街1号"] {
        assert!(!page.body.contains(hidden), "{hidden} is published");
    }

    // A body's page: its powers as of today and as of a day before any grant, its officers.
    let code = env.app.public_bodies().await.unwrap()[0].code.clone();
    let body = env.get(&format!("/portal/bodies/{code}")).await;
    assert_eq!(body.status, StatusCode::OK);
    assert!(body.body.contains("权责清单") && body.body.contains("执法证号"));
    // The random-inspection list: the township's statutory inspections, drawn at
    // random unless in a key sector (安全生产 is).
    let inspections = &body.body[body.body.find("随机抽查事项清单").unwrap()..];
    let inspections = &inspections[..inspections.find("</section>").unwrap()];
    assert!(inspections.contains("SC-ZJ-014") && inspections.contains("双随机、一公开"));
    assert!(inspections.contains("SC-ZJ-013") && inspections.contains("重点监管领域"));
    assert!(
        !inspections.contains("SC-ZJ-003"),
        "a penalty item is no inspection"
    );
    let past = env
        .get(&format!("/portal/bodies/{code}?on=2000-01-01"))
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(past.body.contains("2000-01-01"));
    let bad_date = env
        .get(&format!("/portal/bodies/{code}?on=yesterday"))
        .await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);

    // The discretion benchmarks and the lenient lists, as published.
    let discretion = env.get("/portal/discretion").await;
    assert!(
        discretion.body.contains("裁量基准") && discretion.body.contains("包容免罚清单"),
        "{}",
        discretion.body
    );

    // 亮证: an officer's certificate by its number.
    let disclosure = env.app.body_disclosure("519901001", None).await.unwrap();
    let certificate = disclosure.officers[0].certificate_number.clone();
    let checked = env
        .get(&format!("/portal/officers?number={certificate}"))
        .await;
    assert!(checked.body.contains("证件有效"), "{}", checked.body);
    let unknown = env.get("/portal/officers?number=NO-SUCH").await;
    assert!(unknown.body.contains("未找到该执法证"));
    // The officer shows a QR code of that check on the phone.
    let session = env.login("officer").await;
    let workbench = env.page("/", &session).await;
    assert!(
        workbench.body.contains("亮证码")
            && workbench.body.contains("officers?number=%E5%B7%9D0001001")
            && workbench.body.contains("<svg"),
        "{}",
        workbench.body
    );

    // The page behind a document's QR code, for a browser; JSON for a program.
    let head = env.actor("head").await;
    let issued = env
        .app
        .issue_document(
            &head,
            case,
            zhifa_domain::documents::DocRef::of(
                zhifa_domain::documents::DocKind::OnTheSpotDecision,
            ),
        )
        .await
        .unwrap();
    let browser = env
        .send(
            Request::get(format!("/verify/{}", issued.code))
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(browser.status, StatusCode::OK);
    assert!(
        browser.body.contains("文书真实") && browser.body.contains(&issued.sha256),
        "{}",
        browser.body
    );
    assert!(!browser.body.contains("欧阳娜娜"));
    let program = env.get(&format!("/verify/{}", issued.code)).await;
    assert_eq!(program.json()["sha256"], issued.sha256.as_str());

    // The party follows its case with the case code and the code printed on its document.
    let case_code = env.app.case_view(&head, case).await.unwrap().code;
    let enc = |s: &str| serde_urlencoded::to_string([("case", s)]).unwrap();
    let mine = env
        .get(&format!(
            "/portal/case?{}&check={}",
            enc(&case_code),
            issued.code
        ))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for shown in [
        "当场行政处罚决定书",
        "申请行政复议期限",
        "提起行政诉讼期限",
        "办理步骤",
    ] {
        assert!(mine.body.contains(shown), "{shown}: {}", mine.body);
    }
    let pdf = env
        .get(&format!(
            "/portal/case/documents/{}?{}&check={}",
            issued.id,
            enc(&case_code),
            issued.code
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"));
    // Wrong codes are limited: after five misses even the right code waits.
    for _ in 0..5 {
        let wrong = env
            .get(&format!(
                "/portal/case?{}&check=ZZZZ-ZZZZ-ZZZZ",
                enc(&case_code)
            ))
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    }
    let limited = env
        .get(&format!(
            "/portal/case?{}&check={}",
            enc(&case_code),
            issued.code
        ))
        .await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );

    // A withdrawal leaves a notice with its reason in place of the record.
    let publication: i64 = id.parse().unwrap();
    env.app
        .withdraw_publication(&head, publication, "复议机关撤销原决定")
        .await
        .unwrap();
    let withdrawn = env.get(&format!("/portal/decisions/{id}")).await;
    assert!(
        withdrawn.body.contains("已撤回") && withdrawn.body.contains("复议机关撤销原决定"),
        "{}",
        withdrawn.body
    );
    assert!(!withdrawn.body.contains("罚款5"));
    let listed = env.get("/portal/decisions").await;
    assert!(listed.body.contains("已撤回"), "{}", listed.body);
    let by_words = env.get("/portal/decisions?q=%E5%9E%83%E5%9C%BE").await; // 垃圾
    assert!(
        by_words.body.contains("共 0 条"),
        "a withdrawn decision is not found by what it said: {}",
        by_words.body
    );
}

/// Every `href` of `html` that stays on the public site.
fn public_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|l| l.replace("&amp;", "&"))
        .filter(|l| l.starts_with("/portal") || l.starts_with("/verify"))
        .collect()
}

/// A run of 11 digits starting with 1 (a mobile number) or 17 digits and a digit or X (an
/// identity number).
fn personal_number(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == 'X') {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if (run.len() == 11 && run.starts_with('1')) || run.len() == 18 {
                return Some(run);
            }
        } else {
            i += 1;
        }
    }
    None
}

#[tokio::test]
async fn no_public_page_shows_a_natural_persons_name_identity_number_or_phone() {
    let env = Env::new().await;
    spot_decision(&env).await;
    env.app.publish_due().await.unwrap();
    // Every natural person the county's cases name, in full.
    let mut names: BTreeSet<String> = BTreeSet::from(["欧阳娜娜".to_string()]);
    for township in ["head", "qs_head"] {
        let actor = env.actor(township).await;
        for c in env.app.cases(&actor, Some(actor.org.id)).await.unwrap() {
            let view = env.app.case_view(&actor, c.id).await.unwrap();
            if view.case.party.is_natural() {
                names.insert(view.case.party.name().to_string());
            }
        }
    }
    assert!(names.len() > 1, "the demo has natural persons: {names:?}");

    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/portal".to_string()]);
    let mut pages = 0;
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let reply = env.get(&url).await;
        assert!(
            reply.status == StatusCode::OK || reply.status == StatusCode::NOT_FOUND,
            "{url}: {}",
            reply.status
        );
        pages += 1;
        for name in &names {
            assert!(!reply.body.contains(name.as_str()), "{url} shows {name}");
        }
        if let Some(n) = personal_number(&reply.body) {
            panic!("{url} shows {n}");
        }
        queue.extend(public_links(&reply.body));
    }
    assert!(
        seen.iter().any(|u| u.starts_with("/portal/decisions/")),
        "decisions were crawled: {seen:?}"
    );
    assert!(pages >= 8, "{pages} pages: {seen:?}");
}

#[tokio::test]
async fn a_decision_past_its_take_down_day_leaves_the_index_when_it_is_rebuilt() {
    let env = Env::new().await;
    spot_decision(&env).await;
    let published = env.app.published_decisions(None, None).await.unwrap();
    let ours = published
        .iter()
        .find(|d| d.decision.party.contains("欧阳某"))
        .expect("published");
    let (id, remove_on) = (ours.id, ours.remove_on);
    let words = zhifa_app::search::DecisionSearch {
        text: "欧阳某 垃圾".into(),
        body: None,
        matter: None,
        kind: None,
        from: None,
        to: None,
        page: 0,
    };
    let on = |day: chrono::NaiveDate| {
        let mut app = env.app.clone();
        app.clock = std::sync::Arc::new(zhifa_app::clock::FixedClock::new(
            chrono::TimeZone::from_utc_datetime(&chrono::Utc, &day.and_hms_opt(4, 0, 0).unwrap()),
        ));
        app
    };
    let before = on(remove_on.pred_opt().unwrap());
    before.reindex().await.unwrap();
    let found = before.search_decisions(&words).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.decisions[0].id, id);
    let after = on(remove_on);
    after.reindex().await.unwrap();
    let found = after.search_decisions(&words).await.unwrap();
    assert_eq!(found.total, 0, "taken down (R-58): counted no more");
    assert!(found.decisions.is_empty());
}

#[tokio::test]
async fn the_powers_lists_are_searched_and_a_department_shows_its_own() {
    let env = Env::new().await;
    // Every word is required; each item names who exercises it today.
    let oil = env.get("/portal/powers?q=%E6%B2%B9%E7%83%9F").await; // 油烟
    assert_eq!(oil.status, StatusCode::OK);
    assert!(oil.body.contains("SC-ZJ-018"), "{}", oil.body);
    assert!(
        oil.body.contains("href=\"/portal/bodies/"),
        "holders are linked"
    );
    let both = env
        .get("/portal/powers?q=%E6%B2%B9%E7%83%9F+%E5%A4%9C%E9%97%B4")
        .await; // 油烟 夜间
    assert!(both.body.contains("共 0 项"), "{}", both.body);
    let statutory = env.get("/portal/powers?q=SC-ZJ-003").await;
    for town in ["城关镇", "河口街道", "青山镇", "白云乡"] {
        assert!(
            statutory.body.contains(town),
            "{town} holds a statutory item"
        );
    }
    let empty = env.get("/portal/powers").await;
    assert!(!empty.body.contains("id=\"hits\""));

    // 县生态环境局 (519901-D03): its delegable items, with the townships granted each, and
    // its inspection item in the random-inspection list.
    let dept = env.get("/portal/bodies/519901-D03").await;
    assert_eq!(dept.status, StatusCode::OK);
    assert!(dept.body.contains("SC-ZJ-021"), "{}", dept.body);
    assert!(dept.body.contains("本部门行使"), "{}", dept.body);
    let inspections = &dept.body[dept.body.find("随机抽查事项清单").unwrap()..];
    assert!(inspections[..inspections.find("</section>").unwrap()].contains("SC-ZJ-021"));
}
