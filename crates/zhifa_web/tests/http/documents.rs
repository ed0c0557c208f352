//! Documents on the case page: the kinds the case can issue, a preview, issuing one, its PDF,
//! and its public verification by the code printed on it.

use crate::support::Env;
use axum::http::StatusCode;

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
