//! The web layer over HTTP: health and metrics, the API description, authentication, the
//! route walk that proves one township cannot reach another's data, a happy path through the
//! API, structured errors that write nothing, CSRF and sessions.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::{Env, Ids, Reply, day, today};
use zhifa_web::{RouteKind, route_specs};

// ---------------------------------------------------------------------------------------------
// 1. Health, metrics, the OpenAPI document.

#[tokio::test]
async fn health_metrics_and_the_openapi_document() {
    let env = Env::new().await;
    let health = env.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK, "{}", health.body);

    let metrics = env.get("/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.body.contains("zhifa_http_requests_total"),
        "{}",
        metrics.body
    );
    assert!(
        metrics.body.contains("route=\"/healthz\""),
        "the earlier request is counted by its route: {}",
        metrics.body
    );

    let reply = env.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Zhifa 执法 API");
    assert!(
        doc["info"]["version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"]["Error"]["properties"]["code"].is_object());
    assert!(
        doc["paths"]["/healthz"]["get"].is_object(),
        "the health check is described"
    );

    let api: Vec<_> = route_specs()
        .into_iter()
        .filter(|s| s.kind == RouteKind::Api)
        .collect();
    assert!(api.len() >= 30, "the API has its routes");
    let mut operations = 0;
    for spec in &api {
        let method = spec.method.as_str().to_ascii_lowercase();
        let op = &doc["paths"][spec.path][&method];
        assert!(
            op.is_object(),
            "{} {} is missing from the OpenAPI document",
            spec.method,
            spec.path
        );
        operations += 1;
        assert_eq!(op["summary"], spec.summary);
        let path_params: Vec<&str> = spec
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for p in &path_params {
            let declared = op["parameters"].as_array().is_some_and(|ps| {
                ps.iter().any(|x| {
                    x["name"] == *p
                        && x["in"] == "path"
                        && x["required"] == true
                        && x["schema"]["type"] == "integer"
                })
            });
            assert!(
                declared,
                "{} {}: path parameter {p} not declared",
                spec.method, spec.path
            );
        }
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses
                .keys()
                .any(|k| ["200", "201", "204"].contains(&k.as_str())),
            "{}: a success response",
            spec.path
        );
        assert_eq!(
            responses["403"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        if spec.method == Method::POST && !spec.body.is_empty() {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "POST {} has a request body", spec.path);
            for field in &spec.body {
                let prop = &schema["properties"][field.name];
                assert!(
                    prop.is_object(),
                    "POST {}: field {} described",
                    spec.path,
                    field.name
                );
                let required = schema["required"]
                    .as_array()
                    .expect("required")
                    .iter()
                    .any(|r| r == field.name);
                assert_eq!(
                    required, field.required,
                    "POST {}: {} required",
                    spec.path, field.name
                );
                match field.kind {
                    "date" => assert_eq!(prop["format"], "date"),
                    "array" => assert_eq!(prop["items"]["type"], "string"),
                    kind => assert_eq!(prop["type"], kind),
                }
            }
        }
    }
    let described: usize = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|p| p.as_object().map_or(0, |m| m.len()))
        .sum();
    assert_eq!(
        described,
        operations + 1,
        "every API route plus /healthz, nothing else"
    );
    // Creations answer 201 and state changes 204, as the document says.
    assert!(doc["paths"]["/api/v1/lists"]["post"]["responses"]["201"].is_object());
    assert!(
        doc["paths"]["/api/v1/lists/{list_id}/submission"]["post"]["responses"]["204"].is_object()
    );
}

// ---------------------------------------------------------------------------------------------
// 2. The API wants a valid token.

#[tokio::test]
async fn the_api_refuses_callers_without_a_valid_token() {
    let mut env = Env::new().await;
    let none = env.get("/api/v1/me").await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(
        none.body.contains("\"code\":\"unauthenticated\""),
        "{}",
        none.body
    );

    let bad = env
        .api(Method::GET, "/api/v1/lists", "zf_not-a-real-token", None)
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.json()["code"], "unauthenticated");

    let token = env.token("officer").await;
    let basic = env
        .send(
            axum::http::Request::get("/api/v1/me")
                .header("authorization", format!("Basic {token}"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED, "only bearer tokens");

    let me = env.api(Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["username"], "officer");
    assert_eq!(me["org"]["name"], "城关镇");
    assert!(!me.to_string().contains("argon2"), "no password hash");
}

// ---------------------------------------------------------------------------------------------
// 3. The route walk: 青山镇's officer against 城关镇's data, on every route.

/// What a route may answer a caller from another township.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Reference data or the caller's own, filtered to scope: 200 allowed, but without
    /// 城关镇's data.
    Scoped,
    /// Anything of 城关镇's: 403 or 404.
    Denied,
}

struct Case {
    method: Method,
    /// The route's path template, as in the table.
    route: &'static str,
    /// The request URI with ids of 城关镇's objects.
    uri: String,
    expect: Expect,
    /// JSON body for API posts.
    json: Option<Value>,
    /// Form fields for page posts (the session's `_csrf` is added).
    form: Vec<(&'static str, String)>,
}

/// Names and marks of 城关镇 (and of other bodies 青山镇 must not see).
const FOREIGN: [&str; 12] = [
    "城关",
    "张执法",
    "李镇长",
    "陈执法",
    "杨执法",
    "周辅助",
    "吴法审",
    "川0001001",
    "河口街道",
    "王建国",
    "一类（城镇型）",
    "城府函",
];

fn query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("query")
}

fn api_cases(ids: &Ids) -> Vec<Case> {
    use Expect::*;
    let (g, p) = (Method::GET, Method::POST);
    let officer = ids.users["officer"];
    let c =
        |method: &Method, route: &'static str, uri: String, expect: Expect, json: Option<Value>| {
            Case {
                method: method.clone(),
                route,
                uri,
                expect,
                json,
                form: vec![],
            }
        };
    vec![
        c(&g, "/api/v1/me", "/api/v1/me".into(), Scoped, None),
        c(&g, "/api/v1/laws", "/api/v1/laws".into(), Scoped, None),
        c(
            &g,
            "/api/v1/laws/{law_id}",
            format!("/api/v1/laws/{}", ids.law),
            Scoped,
            None,
        ),
        c(
            &g,
            "/api/v1/articles",
            format!(
                "/api/v1/articles?{}",
                query(&[("citation", "《行政处罚法》第二十三条")])
            ),
            Scoped,
            None,
        ),
        c(
            &g,
            "/api/v1/catalog/items",
            "/api/v1/catalog/items".into(),
            Scoped,
            None,
        ),
        c(
            &g,
            "/api/v1/catalog/items/{item_id}",
            format!("/api/v1/catalog/items/{}", ids.item),
            Scoped,
            None,
        ),
        c(
            &p,
            "/api/v1/catalog/imports",
            "/api/v1/catalog/imports".into(),
            Denied,
            Some(
                json!({"name": "城关镇目录", "version": "walk", "source": "test", "format": "csv",
                        "content": "code,name,kind,catalog,legal_basis,domain,department\nWALK-001,事项,行政处罚,赋权,《村庄和集镇规划建设管理条例》第十八条,住房城乡建设,县住房和城乡建设局\n"}),
            ),
        ),
        c(
            &g,
            "/api/v1/catalog/usage",
            "/api/v1/catalog/usage".into(),
            Scoped,
            None,
        ),
        c(
            &p,
            "/api/v1/townships/{township_id}/problems",
            format!("/api/v1/townships/{}/problems", ids.cg),
            Denied,
            Some(json!({"item_id": ids.item, "text": "越权反馈"})),
        ),
        c(&g, "/api/v1/orgs", "/api/v1/orgs".into(), Scoped, None),
        c(
            &g,
            "/api/v1/townships/{township_id}/powers",
            format!("/api/v1/townships/{}/powers?date=2026-11-27", ids.cg),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/townships/{township_id}/grants",
            format!("/api/v1/townships/{}/grants", ids.cg),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/resolve",
            format!(
                "/api/v1/resolve?township_id={}&item_id={}&date=2026-11-27",
                ids.cg, ids.item
            ),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/grants/{grant_id}/withdrawal",
            format!("/api/v1/grants/{}/withdrawal", ids.cg_open_grant),
            Denied,
            Some(json!({"effective_on": day(40).to_string(), "reason": "跨乡镇测试"})),
        ),
        c(&g, "/api/v1/lists", "/api/v1/lists".into(), Scoped, None),
        c(
            &p,
            "/api/v1/lists",
            "/api/v1/lists".into(),
            Denied,
            Some(json!({"township_id": ids.cg, "batch": "第二批"})),
        ),
        c(
            &g,
            "/api/v1/lists/{list_id}",
            format!("/api/v1/lists/{}", ids.cg_list),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/items",
            format!("/api/v1/lists/{}/items", ids.cg_list),
            Denied,
            Some(
                json!({"item_id": ids.qs_items[0], "effective_from": day(30).to_string(), "transition_until": day(60).to_string()}),
            ),
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/consent",
            format!("/api/v1/lists/{}/consent", ids.cg_list),
            Denied,
            Some(json!({"agreed": true, "document": "同意"})),
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/assessment",
            format!("/api/v1/lists/{}/assessment", ids.cg_list),
            Denied,
            Some(
                json!({"staff": 5, "certified_officers": 3, "equipment": "记录仪", "expected_cases_per_year": 10, "conclusion": "同意"}),
            ),
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/submission",
            format!("/api/v1/lists/{}/submission", ids.cg_list),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/review",
            format!("/api/v1/lists/{}/review", ids.cg_list),
            Denied,
            Some(json!({"approved": true, "opinion": "同意"})),
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/publication",
            format!("/api/v1/lists/{}/publication", ids.cg_list),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/lists/{list_id}/filing",
            format!("/api/v1/lists/{}/filing", ids.cg_list),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/lists/{list_id}/filing",
            format!("/api/v1/lists/{}/filing?format=csv", ids.cg_list),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/compliance/{org_id}",
            format!("/api/v1/compliance/{}", ids.cg),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/people/{user_id}",
            format!("/api/v1/people/{officer}"),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/people/{user_id}/certificates",
            format!("/api/v1/people/{officer}/certificates"),
            Denied,
            Some(
                json!({"number": "川0009999", "issued_on": "2026-11-01", "expires_on": "2031-11-01", "domains": ["城市管理"],
                        "in_establishment": true, "general_exam_passed": true, "domain_exam_passed": true}),
            ),
        ),
        c(
            &p,
            "/api/v1/certificates/{certificate_id}/revocation",
            format!(
                "/api/v1/certificates/{}/revocation",
                ids.officer_certificate
            ),
            Denied,
            Some(json!({"ground": "other", "reason": "跨乡镇测试"})),
        ),
        c(
            &p,
            "/api/v1/certificates/{certificate_id}/reviews",
            format!("/api/v1/certificates/{}/reviews", ids.officer_certificate),
            Denied,
            Some(json!({"year": 2026, "passed": false})),
        ),
        c(
            &p,
            "/api/v1/people/{user_id}/training",
            format!("/api/v1/people/{officer}/training"),
            Denied,
            Some(
                json!({"kind": "general", "hours": 8, "course": "行政处罚法", "on": "2026-11-20"}),
            ),
        ),
        c(
            &p,
            "/api/v1/people/{user_id}/assessments",
            format!("/api/v1/people/{officer}/assessments"),
            Denied,
            Some(json!({"year": 2025, "grade": "incompetent", "note": "跨乡镇测试"})),
        ),
        c(&g, "/api/v1/users", "/api/v1/users".into(), Scoped, None),
        c(
            &p,
            "/api/v1/users",
            "/api/v1/users".into(),
            Denied,
            Some(
                json!({"username": "intruder", "display_name": "冒名", "role": "officer", "org_id": ids.cg, "password": "Walk-Test-2026!"}),
            ),
        ),
    ]
}

fn page_cases(ids: &Ids) -> Vec<Case> {
    use Expect::*;
    let (g, p) = (Method::GET, Method::POST);
    let officer = ids.users["officer"];
    let s = |v: &str| v.to_string();
    let c = |method: &Method,
             route: &'static str,
             uri: String,
             expect: Expect,
             form: Vec<(&'static str, String)>| Case {
        method: method.clone(),
        route,
        uri,
        expect,
        json: None,
        form,
    };
    vec![
        c(&g, "/", "/".into(), Scoped, vec![]),
        c(&g, "/laws", "/laws".into(), Scoped, vec![]),
        c(
            &g,
            "/laws/{law_id}",
            format!("/laws/{}", ids.law),
            Scoped,
            vec![],
        ),
        c(
            &g,
            "/cite",
            format!("/cite?{}", query(&[("c", "《行政处罚法》第二十三条")])),
            Scoped,
            vec![],
        ),
        c(&g, "/catalog", "/catalog".into(), Scoped, vec![]),
        c(
            &g,
            "/catalog/items/{item_id}",
            format!("/catalog/items/{}", ids.item),
            Scoped,
            vec![],
        ),
        // The upload is sent as multipart by the walk.
        c(
            &p,
            "/catalog/import",
            "/catalog/import".into(),
            Denied,
            vec![
                ("name", s("城关镇目录")),
                ("version", s("walk")),
                ("source", s("test")),
            ],
        ),
        c(
            &g,
            "/catalog/usage",
            "/catalog/usage".into(),
            Scoped,
            vec![],
        ),
        c(
            &p,
            "/townships/{township_id}/problems",
            format!("/townships/{}/problems", ids.cg),
            Denied,
            vec![
                ("item_id", ids.item.to_string()),
                ("text", "越权反馈".into()),
            ],
        ),
        c(&g, "/orgs", "/orgs".into(), Scoped, vec![]),
        c(
            &p,
            "/orgs",
            "/orgs".into(),
            Denied,
            vec![
                ("parent_id", ids.cg.to_string()),
                ("kind", s("justice_office")),
                ("name", s("城关第二司法所")),
                ("code", s("519901001-SF2")),
            ],
        ),
        c(
            &p,
            "/classes",
            "/classes".into(),
            Denied,
            vec![
                ("county_id", ids.county.to_string()),
                ("name", s("三类")),
                ("description", s("测试")),
            ],
        ),
        c(
            &g,
            "/classes/{class_id}",
            format!("/classes/{}", ids.cg_class),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/classes/{class_id}/lists",
            format!("/classes/{}/lists", ids.cg_class),
            Denied,
            vec![
                ("batch", s("第二批")),
                ("effective_from", day(30).to_string()),
                ("items", ids.qs_items[0].to_string()),
            ],
        ),
        c(
            &p,
            "/townships/{township_id}/class",
            format!("/townships/{}/class", ids.cg),
            Denied,
            vec![("class_id", s(""))],
        ),
        c(
            &g,
            "/townships/{township_id}",
            format!("/townships/{}", ids.cg),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/resolve",
            format!("/resolve?township_id={}&item_id={}", ids.cg, ids.item),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/grants/{grant_id}/withdraw",
            format!("/grants/{}/withdraw", ids.cg_open_grant),
            Denied,
            vec![
                ("effective_on", day(40).to_string()),
                ("reason", s("跨乡镇测试")),
            ],
        ),
        c(&g, "/lists", "/lists".into(), Scoped, vec![]),
        c(
            &p,
            "/lists",
            "/lists".into(),
            Denied,
            vec![("township_id", ids.cg.to_string()), ("batch", s("第二批"))],
        ),
        c(
            &g,
            "/lists/{list_id}",
            format!("/lists/{}", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/items",
            format!("/lists/{}/items", ids.cg_list),
            Denied,
            vec![
                ("item_id", ids.qs_items[0].to_string()),
                ("effective_from", day(30).to_string()),
                ("transition_until", s("")),
            ],
        ),
        c(
            &p,
            "/lists/{list_id}/items/{item_id}/remove",
            format!("/lists/{}/items/{}/remove", ids.cg_list, ids.item),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/consent",
            format!("/lists/{}/consent", ids.cg_list),
            Denied,
            vec![("agreed", s("yes")), ("document", s("同意"))],
        ),
        c(
            &p,
            "/lists/{list_id}/assessment",
            format!("/lists/{}/assessment", ids.cg_list),
            Denied,
            vec![
                ("staff", s("5")),
                ("certified_officers", s("3")),
                ("equipment", s("记录仪")),
                ("expected_cases_per_year", s("10")),
                ("conclusion", s("同意")),
            ],
        ),
        c(
            &p,
            "/lists/{list_id}/submit",
            format!("/lists/{}/submit", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/review",
            format!("/lists/{}/review", ids.cg_list),
            Denied,
            vec![("approved", s("yes")), ("opinion", s("同意"))],
        ),
        c(
            &p,
            "/lists/{list_id}/publish",
            format!("/lists/{}/publish", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/file",
            format!("/lists/{}/file", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/lists/{list_id}/filing.json",
            format!("/lists/{}/filing.json", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/lists/{list_id}/filing.csv",
            format!("/lists/{}/filing.csv", ids.cg_list),
            Denied,
            vec![],
        ),
        c(&g, "/officers", "/officers".into(), Scoped, vec![]),
        c(
            &g,
            "/people/{user_id}",
            format!("/people/{officer}"),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/people/{user_id}/certificates",
            format!("/people/{officer}/certificates"),
            Denied,
            vec![
                ("number", s("川0009998")),
                ("issued_on", s("2026-11-01")),
                ("expires_on", s("2031-11-01")),
                ("domains", s("城市管理")),
                ("in_establishment", s("on")),
                ("general_exam_passed", s("on")),
                ("domain_exam_passed", s("on")),
            ],
        ),
        c(
            &p,
            "/people/{user_id}/training",
            format!("/people/{officer}/training"),
            Denied,
            vec![
                ("kind", s("general")),
                ("hours", s("8")),
                ("course", s("行政处罚法")),
                ("on", s("2026-11-20")),
            ],
        ),
        c(
            &p,
            "/people/{user_id}/assessments",
            format!("/people/{officer}/assessments"),
            Denied,
            vec![
                ("year", s("2025")),
                ("grade", s("incompetent")),
                ("note", s("跨乡镇测试")),
            ],
        ),
        c(
            &p,
            "/certificates/{certificate_id}/review",
            format!("/certificates/{}/review", ids.officer_certificate),
            Denied,
            vec![
                ("year", s("2026")),
                ("passed", s("no")),
                ("user_id", officer.to_string()),
            ],
        ),
        c(
            &p,
            "/certificates/{certificate_id}/revoke",
            format!("/certificates/{}/revoke", ids.officer_certificate),
            Denied,
            vec![
                ("ground", s("other")),
                ("reason", s("跨乡镇测试")),
                ("user_id", officer.to_string()),
            ],
        ),
        c(
            &g,
            "/compliance/{org_id}",
            format!("/compliance/{}", ids.cg),
            Denied,
            vec![],
        ),
        c(&g, "/users", "/users".into(), Scoped, vec![]),
        c(
            &p,
            "/users",
            "/users".into(),
            Denied,
            vec![
                ("username", s("intruder")),
                ("display_name", s("冒名")),
                ("role", s("officer")),
                ("org_id", ids.cg.to_string()),
                ("password", s("Walk-Test-2026!")),
            ],
        ),
        c(
            &p,
            "/users/{user_id}/password",
            format!("/users/{officer}/password"),
            Denied,
            vec![("password", s("Walk-Test-2026!"))],
        ),
        c(
            &p,
            "/users/{user_id}/active",
            format!("/users/{officer}/active"),
            Denied,
            vec![("active", s("no"))],
        ),
        c(&g, "/account", "/account".into(), Scoped, vec![]),
        // The caller's own account: an empty token name writes nothing.
        c(
            &p,
            "/account/tokens",
            "/account/tokens".into(),
            Scoped,
            vec![("name", s(""))],
        ),
        c(
            &p,
            "/account/tokens/{token_id}/revoke",
            format!("/account/tokens/{}/revoke", ids.admin_token_id),
            Denied,
            vec![],
        ),
        // Last: signs the walker out (checked after the walk).
        c(&p, "/logout", "/logout".into(), Scoped, vec![]),
    ]
}

fn check(case: &Case, reply: &Reply, failures: &mut Vec<String>) {
    let what = format!("{} {}", case.method, case.uri);
    let status = reply.status;
    match case.expect {
        Expect::Denied => {
            if status != StatusCode::FORBIDDEN && status != StatusCode::NOT_FOUND {
                failures.push(format!(
                    "{what}: expected 403 or 404, got {status}: {}",
                    excerpt(&reply.body)
                ));
            }
        }
        Expect::Scoped => {
            if status.is_server_error() {
                failures.push(format!("{what}: {status}: {}", excerpt(&reply.body)));
            }
            if let Some(mark) = FOREIGN.iter().find(|m| reply.body.contains(*m)) {
                failures.push(format!(
                    "{what}: {status} shows another township's data ({mark})"
                ));
            }
        }
    }
}

fn excerpt(body: &str) -> String {
    body.chars().take(300).collect()
}

#[tokio::test]
async fn a_township_cannot_read_or_change_another_townships_data_on_any_route() {
    let mut env = Env::new().await;
    let token = env.token("qs_officer").await;
    let session = env.login("qs_officer").await;
    let csrf = env.session_csrf(&session).await;
    let ids = env.ids.clone();

    // The filter is real: 青山镇's own data is there, so its absence for 城关镇 means something.
    let own = env.api(Method::GET, "/api/v1/orgs", &token, None).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("青山镇"), "{}", own.body);
    let own_lists = env.api(Method::GET, "/api/v1/lists", &token, None).await;
    assert!(own_lists.body.contains("青山镇"), "{}", own_lists.body);

    let before = env.event_count().await;
    let mut failures = Vec::new();
    let mut walked: BTreeSet<(String, String)> = BTreeSet::new();

    for case in api_cases(&ids) {
        let reply = env
            .api(case.method.clone(), &case.uri, &token, case.json.as_ref())
            .await;
        check(&case, &reply, &mut failures);
        assert!(
            walked.insert((case.method.to_string(), case.route.to_string())),
            "two cases for {} {}",
            case.method,
            case.route
        );
    }
    for case in page_cases(&ids) {
        let reply = if case.method == Method::GET {
            env.page(&case.uri, &session).await
        } else {
            let mut form = vec![("_csrf", csrf.clone())];
            form.extend(case.form.iter().cloned());
            if case.route == "/catalog/import" {
                let csv = "code,name,kind,catalog,legal_basis,domain,department\nWALK-002,事项,行政处罚,赋权,《村庄和集镇规划建设管理条例》第十八条,住房城乡建设,县住房和城乡建设局\n";
                env.post_multipart(&case.uri, &session, &form, ("walk.csv", csv))
                    .await
            } else {
                env.post_form(&case.uri, &session, &form).await
            }
        };
        if case.route == "/logout" {
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "logout: {}",
                reply.body
            );
        }
        check(&case, &reply, &mut failures);
        assert!(
            walked.insert((case.method.to_string(), case.route.to_string())),
            "two cases for {} {}",
            case.method,
            case.route
        );
    }
    assert!(
        failures.is_empty(),
        "{} route(s) let 青山镇 reach other data:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Every API and page route of the table was walked, and nothing else.
    let table: BTreeSet<(String, String)> = route_specs()
        .into_iter()
        .filter(|s| matches!(s.kind, RouteKind::Api | RouteKind::Page))
        .map(|s| (s.method.to_string(), s.path.to_string()))
        .collect();
    let missing: Vec<_> = table.difference(&walked).collect();
    let extra: Vec<_> = walked.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "routes without a case in the walk: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "cases for routes not in the table: {extra:?}"
    );
    assert_eq!(walked.len(), table.len());

    assert_eq!(env.event_count().await, before, "the walk changed nothing");
    let after_logout = env.page("/", &session).await;
    assert!(
        !after_logout.status.is_success(),
        "the walk ended by signing out"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. A happy path through the API.

fn holder(reply: &Reply) -> (String, String) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let r = reply.json();
    (
        r["holder"]["name"].as_str().expect("holder").to_string(),
        r["basis"].as_str().expect("basis").to_string(),
    )
}

#[tokio::test]
async fn the_city_reviews_the_county_publishes_and_the_resolver_follows_the_dates() {
    let mut env = Env::new().await;
    let ids = env.ids.clone();
    let city = env.token("city").await;
    let admin = env.token("admin").await;
    let list = format!("/api/v1/lists/{}", ids.qs_list);

    let shown = env.api(Method::GET, &list, &admin, None).await;
    assert_eq!(shown.json()["list"]["status"], "submitted");
    let refused = env
        .api(
            Method::POST,
            &format!("{list}/review"),
            &admin,
            Some(&json!({"approved": true})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "only the city reviews: {}",
        refused.body
    );

    let reviewed = env
        .api(
            Method::POST,
            &format!("{list}/review"),
            &city,
            Some(&json!({"approved": true, "opinion": "同意"})),
        )
        .await;
    assert_eq!(reviewed.status, StatusCode::NO_CONTENT, "{}", reviewed.body);
    let published = env
        .api(Method::POST, &format!("{list}/publication"), &admin, None)
        .await;
    assert_eq!(
        published.status,
        StatusCode::NO_CONTENT,
        "{}",
        published.body
    );
    assert_eq!(
        env.api(Method::GET, &list, &admin, None).await.json()["list"]["status"],
        "published"
    );

    // The items take effect 30 days from today: the department holds them the day before.
    let item = ids.qs_items[0];
    let resolve = |date: String| {
        format!(
            "/api/v1/resolve?township_id={}&item_id={item}&date={date}",
            ids.qs
        )
    };
    let (before, basis) = holder(
        &env.api(Method::GET, &resolve(day(29).to_string()), &admin, None)
            .await,
    );
    assert!(
        before.starts_with('县'),
        "the county department holds it before: {before}"
    );
    assert_eq!(basis, "retained");
    let (on, basis) = holder(
        &env.api(Method::GET, &resolve(day(30).to_string()), &admin, None)
            .await,
    );
    assert_eq!((on.as_str(), basis.as_str()), ("青山镇", "granted"));
    let (later, _) = holder(
        &env.api(Method::GET, &resolve(day(300).to_string()), &admin, None)
            .await,
    );
    assert_eq!(later, "青山镇");
    let today_default = env
        .api(
            Method::GET,
            &format!("/api/v1/resolve?township_id={}&item_id={item}", ids.qs),
            &admin,
            None,
        )
        .await;
    assert_eq!(
        holder(&today_default).0,
        before,
        "without a date the resolver answers for today"
    );

    // Withdrawn from day 45: the township holds it until the day before.
    let grants = env
        .api(
            Method::GET,
            &format!("/api/v1/townships/{}/grants", ids.qs),
            &admin,
            None,
        )
        .await;
    assert_eq!(grants.status, StatusCode::OK);
    let grants = grants.json();
    assert_eq!(
        grants.as_array().map(Vec::len),
        Some(ids.qs_items.len()),
        "one grant per item"
    );
    let grant = grants
        .as_array()
        .expect("grants")
        .iter()
        .find(|g| g["item"]["id"] == item)
        .expect("the item's grant");
    let grant_id = grant["grant"]["id"].as_i64().expect("grant id");
    let withdrawn = env
        .api(
            Method::POST,
            &format!("/api/v1/grants/{grant_id}/withdrawal"),
            &admin,
            Some(
                &json!({"effective_on": day(45).to_string(), "reason": "县级部门统一开展专项整治"}),
            ),
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.body
    );
    assert_eq!(
        holder(
            &env.api(Method::GET, &resolve(day(44).to_string()), &admin, None)
                .await
        )
        .0,
        "青山镇"
    );
    let (after, basis) = holder(
        &env.api(Method::GET, &resolve(day(45).to_string()), &admin, None)
            .await,
    );
    assert_eq!(
        (after.as_str(), basis.as_str()),
        (before.as_str(), "retained")
    );

    let powers = env
        .api(
            Method::GET,
            &format!("/api/v1/townships/{}/powers?date={}", ids.qs, day(30)),
            &admin,
            None,
        )
        .await;
    assert_eq!(powers.status, StatusCode::OK);
    assert!(
        powers.json()["powers"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x["item"]["id"] == item))
    );

    // The filing package, as JSON and as the CSV the province receives.
    let package = env
        .api(Method::GET, &format!("{list}/filing"), &admin, None)
        .await;
    assert_eq!(package.status, StatusCode::OK, "{}", package.body);
    assert_eq!(
        package.json()["items"].as_array().map(Vec::len),
        Some(ids.qs_items.len())
    );
    let csv = env
        .api(
            Method::GET,
            &format!("{list}/filing?format=csv"),
            &admin,
            None,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        csv.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "{:?}",
        csv.header("content-disposition")
    );
    assert!(
        csv.body
            .starts_with("序号,省序号,权力类型,权力名称,主要设立依据"),
        "{}",
        csv.body
    );
    assert_eq!(csv.body.lines().count(), 1 + ids.qs_items.len());
    assert!(csv.body.contains("青山镇"));

    let filed = env
        .api(Method::POST, &format!("{list}/filing"), &admin, None)
        .await;
    assert_eq!(filed.status, StatusCode::NO_CONTENT, "{}", filed.body);
    let again = env
        .api(Method::POST, &format!("{list}/filing"), &admin, None)
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["code"], "list.already_filed");

    // A creation answers 201 with the new id.
    let created = env
        .api(
            Method::POST,
            "/api/v1/lists",
            &admin,
            Some(&json!({"township_id": ids.qs, "batch": "第二批"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().expect("id");
    assert_eq!(
        env.api(Method::GET, &format!("/api/v1/lists/{id}"), &admin, None)
            .await
            .json()["list"]["batch"],
        "第二批"
    );
}

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

// ---------------------------------------------------------------------------------------------
// 6. CSRF.

#[tokio::test]
async fn page_posts_without_the_sessions_csrf_token_are_refused() {
    let env = Env::new().await;
    let ids = env.ids.clone();
    let session = env.login("city").await;
    let csrf = env.session_csrf(&session).await;
    let uri = format!("/lists/{}/review", ids.qs_list);
    let form = |token: Option<&str>| {
        let mut f = vec![
            ("approved", "yes".to_string()),
            ("opinion", "同意".to_string()),
        ];
        if let Some(t) = token {
            f.push(("_csrf", t.to_string()));
        }
        f
    };
    let before = env.event_count().await;

    for (label, token) in [
        ("no token", None),
        ("a wrong token", Some("0".repeat(64))),
        ("an empty token", Some(String::new())),
    ] {
        let reply = env.post_form(&uri, &session, &form(token.as_deref())).await;
        assert!(
            !reply.status.is_success() && !reply.status.is_redirection(),
            "a post with {label} was accepted: {} {}",
            reply.status,
            reply.body
        );
    }
    // Another session's token does not do either.
    let other = env.login("admin").await;
    let other_csrf = env.session_csrf(&other).await;
    let before_other = env.event_count().await;
    let reply = env
        .post_form(&uri, &session, &form(Some(&other_csrf)))
        .await;
    assert!(
        !reply.status.is_success() && !reply.status.is_redirection(),
        "{}",
        reply.status
    );
    assert_eq!(env.event_count().await, before_other);
    assert_eq!(before_other, before + 1, "only the second login wrote");
    let qs_list = ids.qs_list;
    let status = |env: &Env| {
        let app = env.app.clone();
        async move {
            let city = app
                .login("city", zhifa_app::demo::DEMO_PASSWORD)
                .await
                .expect("login")
                .actor;
            app.list(&city, qs_list).await.expect("list").list.status
        }
    };
    assert_eq!(
        status(&env).await,
        zhifa_domain::acceptance::ListStatus::Submitted
    );

    // With the right token the same post goes through.
    let reply = env.post_form(&uri, &session, &form(Some(&csrf))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        status(&env).await,
        zhifa_domain::acceptance::ListStatus::Approved
    );

    // The login form wants its CSRF cookie.
    let login_form = env.get("/login").await;
    let token = support::csrf_of(&login_form.body).expect("login CSRF");
    let body = serde_urlencoded::to_string([
        ("username", "city"),
        ("password", zhifa_app::demo::DEMO_PASSWORD),
        ("_csrf", &token),
    ])
    .expect("form");
    let before = env.event_count().await;
    for cookie in [None, Some(format!("zhifa_login_csrf={}", "f".repeat(64)))] {
        let mut request = axum::http::Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = &cookie {
            request = request.header("cookie", c);
        }
        let reply = env
            .send(
                request
                    .body(axum::body::Body::from(body.clone()))
                    .expect("request"),
            )
            .await;
        assert!(
            !reply.status.is_success() && !reply.status.is_redirection(),
            "login with cookie {cookie:?}: {}",
            reply.status
        );
        assert!(
            reply.cookie("zhifa_session").is_none_or(|s| s.is_empty()),
            "no session without the login cookie"
        );
    }
    assert_eq!(env.event_count().await, before, "no session was created");
}

// ---------------------------------------------------------------------------------------------
// 7. Sessions.

#[tokio::test]
async fn the_session_cookie_is_guarded_and_logout_ends_the_session() {
    let env = Env::new().await;
    let form = env.get("/login").await;
    let cookie = form.cookie("zhifa_login_csrf").expect("cookie");
    let csrf = support::csrf_of(&form.body).expect("csrf");
    let body = serde_urlencoded::to_string([
        ("username", "officer"),
        ("password", zhifa_app::demo::DEMO_PASSWORD),
        ("_csrf", &csrf),
    ])
    .expect("form");
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("zhifa_login_csrf={cookie}"))
        .body(axum::body::Body::from(body))
        .expect("request");
    let reply = env.send(request).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let set = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("zhifa_session="))
        .expect("session cookie");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(
        set.contains("SameSite=Strict") || set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(
        !set.contains("Secure"),
        "no Secure flag without HTTPS configured: {set}"
    );
    let session = reply.cookie("zhifa_session").expect("session");

    let home = env.page("/", &session).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("张执法"), "the officer's own page");
    let token = support::csrf_of(&home.body).expect("csrf");

    // Logging out needs the CSRF token too.
    let refused = env.post_form("/logout", &session, &[]).await;
    assert!(!refused.status.is_redirection() && !refused.status.is_success());
    assert_eq!(
        env.page("/", &session).await.status,
        StatusCode::OK,
        "still signed in"
    );

    let out = env
        .post_form("/logout", &session, &[("_csrf", token)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        out.cookie("zhifa_session").as_deref(),
        Some(""),
        "the cookie is cleared"
    );
    let after = env.page("/", &session).await;
    assert!(
        after.status.is_redirection(),
        "the old cookie no longer works: {}",
        after.status
    );
    assert_eq!(after.header("location").as_deref(), Some("/login"));
    assert!(!after.body.contains("张执法"));

    let anonymous = env.get("/lists").await;
    assert!(anonymous.status.is_redirection());
}
