//! Bad input over the API: every refusal is a structured error, and nothing is written.
//!
//! Not here: requests that succeed (`happy_path`), other townships' data (`route_walk`).

use crate::support::{Env, Reply, day, today};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// 5. Bad input: structured errors, nothing written.

fn error_of(reply: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    let e = reply.json();
    assert_eq!(e["code"], code, "{e}");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    e
}

#[tokio::test]
async fn bad_input_gives_structured_errors_and_writes_nothing() {
    let mut env = Env::new().await;
    let ids = env.ids.clone();
    let admin = env.token("admin").await;
    let justice = env.token("justice").await;
    let items_before = env
        .api(Method::GET, "/api/v1/catalog/items", &admin, None)
        .await
        .json()
        .as_array()
        .map(Vec::len);
    let before = env.event_count().await;

    // A body that is not JSON.
    let reply = env
        .api_raw(
            Method::POST,
            "/api/v1/lists",
            &admin,
            "{\"township_id\": 1,",
        )
        .await;
    let e = error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input");
    assert_eq!(e["field"], "body");
    assert!(
        e["message"].as_str().is_some_and(|m| m.contains("JSON")),
        "{e}"
    );
    let reply = env.api_raw(Method::POST, "/api/v1/lists", &admin, "").await;
    error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input");
    // JSON of the wrong shape, an unknown key, a bad date, a bad enumeration value.
    let reply = env
        .api(
            Method::POST,
            "/api/v1/lists",
            &admin,
            Some(&json!({"township_id": "青山镇", "batch": "x"})),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "body"
    );
    let reply = env
        .api(
            Method::POST,
            "/api/v1/lists",
            &admin,
            Some(&json!({"township_id": ids.qs, "batch": "x", "status": "published"})),
        )
        .await;
    error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input");
    let reply = env
        .api(
            Method::POST,
            &format!("/api/v1/lists/{}/items", ids.hk_list),
            &admin,
            Some(&json!({"item_id": ids.qs_items[0], "effective_from": "2026-13-45"})),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "effective_from"
    );
    let reply = env
        .api(
            Method::POST,
            &format!(
                "/api/v1/certificates/{}/revocation",
                ids.officer_certificate
            ),
            &justice,
            Some(&json!({"ground": "bored", "reason": "x"})),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "ground"
    );
    let reply = env
        .api(
            Method::GET,
            &format!("/api/v1/townships/{}/powers?date=27.11.2026", ids.qs),
            &admin,
            None,
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "date"
    );
    let reply = env
        .api(Method::GET, "/api/v1/lists/abc", &admin, None)
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "list_id"
    );
    let reply = env
        .api(Method::GET, "/api/v1/lists/999999", &admin, None)
        .await;
    error_of(&reply, StatusCode::NOT_FOUND, "not_found");

    // A catalog whose third line cites an article the library does not have.
    let csv = "code,name,kind,catalog,legal_basis,domain,department\n\
               T-NEW-001,对擅自修建临时建筑物的行政处罚,行政处罚,赋权,《村庄和集镇规划建设管理条例》第十八条,住房城乡建设,县住房和城乡建设局\n\
               T-NEW-002,对不存在条文的行政处罚,行政处罚,赋权,《行政处罚法》第九百九十九条,生态环境,县生态环境局\n";
    let import = |content: &str, version: &str| json!({"name": "测试目录", "version": version, "source": "测试", "format": "csv", "content": content});
    let reply = env
        .api(
            Method::POST,
            "/api/v1/catalog/imports",
            &admin,
            Some(&import(csv, "2027")),
        )
        .await;
    let e = error_of(&reply, StatusCode::BAD_REQUEST, "import_failed");
    assert_eq!(e["errors"][0]["line"], 3, "{e}");
    assert_eq!(e["errors"][0]["field"], "legal_basis", "{e}");
    assert!(
        e["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("行政处罚法") && m.contains("第九百九十九条")),
        "{e}"
    );
    // A code that is already in the catalog.
    let duplicate = "code,name,kind,catalog,legal_basis,domain,department\n\
                     SC-ZJ-001,重复的事项,行政处罚,法定,《村庄和集镇规划建设管理条例》第十八条,住房城乡建设,县住房和城乡建设局\n";
    let reply = env
        .api(
            Method::POST,
            "/api/v1/catalog/imports",
            &admin,
            Some(&import(duplicate, "2028")),
        )
        .await;
    assert!(
        reply.status == StatusCode::BAD_REQUEST || reply.status == StatusCode::CONFLICT,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("已存在"), "{}", reply.body);
    let reply = env
        .api(
            Method::POST,
            "/api/v1/catalog/imports",
            &admin,
            Some(&json!({"name": "x", "version": "1", "format": "xml", "content": ""})),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST, "invalid_input")["field"],
        "format"
    );
    let items_after = env
        .api(Method::GET, "/api/v1/catalog/items", &admin, None)
        .await
        .json()
        .as_array()
        .map(Vec::len);
    assert_eq!(items_after, items_before, "no item was imported");

    // Adding an item to a list that is no longer a draft (青山镇's is submitted).
    let reply = env
        .api(
            Method::POST,
            &format!("/api/v1/lists/{}/items", ids.qs_list),
            &admin,
            Some(&json!({"item_id": ids.item, "effective_from": day(30).to_string()})),
        )
        .await;
    error_of(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "list.not_editable",
    );

    // A withdrawal dated yesterday.
    let reply = env
        .api(
            Method::POST,
            &format!("/api/v1/grants/{}/withdrawal", ids.cg_open_grant),
            &admin,
            Some(&json!({"effective_on": day(-1).to_string(), "reason": "事后补记"})),
        )
        .await;
    let e = error_of(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "withdrawal.retroactive",
    );
    assert!(
        e["basis"].as_str().is_some_and(|b| !b.is_empty()),
        "the refusal names its basis: {e}"
    );
    assert_eq!(e["field"], "effective_on");

    // A certificate for an auxiliary.
    let application = json!({"number": "川0001999", "issued_on": today().to_string(), "expires_on": day(1800).to_string(),
                             "domains": ["城市管理"], "in_establishment": true, "general_exam_passed": true, "domain_exam_passed": true});
    let reply = env
        .api(
            Method::POST,
            &format!("/api/v1/people/{}/certificates", ids.users["aux"]),
            &justice,
            Some(&application),
        )
        .await;
    let e = error_of(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certificate.auxiliary",
    );
    assert!(e["basis"].is_string(), "{e}");

    // Submitting 河口街道's list, which the township has not agreed to.
    let reply = env
        .api(
            Method::POST,
            &format!("/api/v1/lists/{}/submission", ids.hk_list),
            &admin,
            None,
        )
        .await;
    let e = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY, "list.no_consent");
    assert!(e["basis"].is_string(), "{e}");

    assert_eq!(
        env.event_count().await,
        before,
        "no refused request wrote anything"
    );
    let hk = env
        .api(
            Method::GET,
            &format!("/api/v1/lists/{}", ids.hk_list),
            &admin,
            None,
        )
        .await
        .json();
    assert_eq!(hk["list"]["status"], "draft");
}
