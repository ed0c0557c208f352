//! Documents on the case page: the kinds the case can issue, a preview, issuing one, its PDF,
//! and its public verification by the code printed on it.

use crate::support::Env;
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn an_officer_issues_a_document_from_the_case_page_and_anyone_verifies_it() {
    let env = Env::new().await;
    let case = env.ids.cg_case;
    let session = env.login("officer").await;
    let csrf = env.session_csrf(&session).await;

    let page = env.page(&format!("/cases/{case}"), &session).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("立案审批表") && page.body.contains("尚未签发文书"),
        "{}",
        page.body
    );

    let preview = env
        .page(
            &format!("/cases/{case}/documents/preview?kind=filing_approval"),
            &session,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(
        preview.header("content-type").as_deref(),
        Some("application/pdf")
    );
    assert!(preview.body.starts_with("%PDF-"));
    let unknown = env
        .page(
            &format!("/cases/{case}/documents/preview?kind=nonsense"),
            &session,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("没有 nonsense 这种文书"));

    let issued = env
        .post_form(
            &format!("/cases/{case}/documents"),
            &session,
            &[("_csrf", csrf.clone()), ("kind", "filing_approval".into())],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let page = env.page(&format!("/cases/{case}"), &session).await;
    let link = page
        .body
        .split("href=\"/documents/")
        .nth(1)
        .expect("the issued document is listed");
    let id: i64 = link[..link.find('"').unwrap()].parse().unwrap();
    let code = page
        .body
        .split("验证码 ")
        .nth(1)
        .map(|rest| rest[..14].to_string())
        .expect("its verification code is shown");

    let pdf = env.page(&format!("/documents/{id}"), &session).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"));

    // Public: no session.
    let verified = env.get(&format!("/verify/{code}")).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    let v = verified.json();
    assert_eq!(v["title"], "立案审批表");
    assert_eq!(v["agency"], "示范县城关镇人民政府");
    assert!(
        v["proof"]["entry"]
            .as_str()
            .unwrap()
            .contains("document.issued")
    );
    assert!(
        !verified.body.contains("王建国"),
        "no personal data in the public verification"
    );
    let wrong = env.get("/verify/ZZZZ-ZZZZ-ZZZZ").await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

/// A signature pad's drawing: a 1×1 PNG, in Base64.
const PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

#[tokio::test]
async fn the_party_signs_an_on_the_spot_decision_on_the_officers_screen() {
    let mut env = Env::new().await;
    let officer = env.actor("officer").await;
    let officer2 = env.actor("officer2").await;
    let photo = env
        .add_evidence("officer", env.ids.cg, b"on the spot")
        .await;
    let input: zhifa_app::cases::OnTheSpotInput = serde_json::from_value(serde_json::json!({
        "item_id": env.ids.statutory_item,
        "party": {"kind": "natural", "name": "当事人B", "birth_date": "1990-01-01", "address": "城关镇南街1号"},
        "facts": "随意倾倒生活垃圾",
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
    let case = env
        .app
        .on_the_spot(&officer, env.ids.cg, input)
        .await
        .expect("the on-the-spot decision");
    let token = env.token("officer").await;
    let issued = env
        .api(
            Method::POST,
            &format!("/api/v1/cases/{case}/documents"),
            &token,
            Some(&serde_json::json!({"kind": "on_the_spot_decision"})),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let document = issued.json()["id"].as_i64().unwrap();
    assert_eq!(issued.json()["signable"], true);

    // The signing page, on the officer's phone.
    let session = env.login("officer").await;
    let page = env
        .page(&format!("/documents/{document}/sign"), &session)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("sign-pad") && page.body.contains("/static/sign.js"));

    let sign = |body: serde_json::Value| {
        let (env, token) = (&env, token.clone());
        async move {
            env.api(
                Method::POST,
                &format!("/api/v1/documents/{document}/signature"),
                &token,
                Some(&body),
            )
            .await
        }
    };
    let not_png = sign(serde_json::json!({"signer": "当事人B", "image_base64": "aGVsbG8="})).await;
    assert_eq!(not_png.status, StatusCode::BAD_REQUEST, "{}", not_png.body);
    let signed = sign(serde_json::json!({"signer": "当事人B", "image_base64": PNG_BASE64})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
    let evidence = signed.json()["signature_evidence_id"].as_i64().unwrap();
    assert_eq!(signed.json()["signed_by"], "当事人B");
    let again = sign(serde_json::json!({"signer": "当事人B", "image_base64": PNG_BASE64})).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);

    // The image is evidence of the township, and the case's record says who signed.
    let record = env
        .api(
            Method::GET,
            &format!("/api/v1/evidence/{evidence}"),
            &token,
            None,
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert_eq!(record.json()["media_type"], "image/png");
    let page = env.page(&format!("/cases/{case}"), &session).await;
    assert!(
        page.body.contains("当事人B已签收") && page.body.contains("在屏幕上签收"),
        "{}",
        page.body
    );
}
