//! Health, metrics and the OpenAPI document over HTTP, and the API's refusal of callers
//! without a valid bearer token.
//!
//! Not here: what an authenticated caller may reach (`route_walk`), page sessions and CSRF
//! (`csrf_and_sessions`).

use crate::support::Env;
use axum::http::{Method, StatusCode};
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
                    "integers" => assert_eq!(prop["items"]["type"], "integer"),
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
