//! The route walk: 青山镇's officer against 城关镇's data, on every API and page route of the
//! table, with what each route may answer; every route has exactly one case.
//!
//! The cases themselves are in `api_routes` and `page_routes`.
//! Not here: what the routes do for callers entitled to them (`happy_path`).

mod api_routes;
mod page_routes;

use crate::support::{Env, Reply};
use axum::http::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;
use zhifa_web::{RouteKind, route_specs};

use api_routes::api_cases;
use page_routes::page_cases;

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
    // A document of 城关镇's case, issued by its officer.
    let cg_officer = env.actor("officer").await;
    let document = env
        .app
        .issue_document(
            &cg_officer,
            ids.cg_case,
            zhifa_domain::documents::DocRef::of(zhifa_domain::documents::DocKind::FilingApproval),
        )
        .await
        .expect("城关镇's officer issues the filing form")
        .id;
    // A complaint 城关镇 handles, still open, with a photo.
    let photo = env
        .app
        .put_complaint_attachment(
            zhifa_app::complaints::AttachmentUpload {
                name: "walk.png".into(),
                media_type: "image/png".into(),
                declared_size: None,
            },
            &b"walk photo"[..],
        )
        .await
        .expect("a complaint's photo");
    let complaint = env
        .app
        .file_complaint(zhifa_app::complaints::FilingInput {
            service_code: "other".into(),
            township_code: Some("519901001".into()),
            description: "城关镇南街有人占道经营，附照片".into(),
            location: "城关镇南街".into(),
            attachments: vec![photo.clone()],
            ..Default::default()
        })
        .await
        .expect("a complaint filed in 城关镇");
    assert_eq!(complaint.handler, "城关镇");

    // The filter is real: 青山镇's own data is there, so its absence for 城关镇 means something.
    let own = env.api(Method::GET, "/api/v1/orgs", &token, None).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("青山镇"), "{}", own.body);
    let own_lists = env.api(Method::GET, "/api/v1/lists", &token, None).await;
    assert!(own_lists.body.contains("青山镇"), "{}", own_lists.body);

    let before = env.event_count().await;
    let mut failures = Vec::new();
    let mut walked: BTreeSet<(String, String)> = BTreeSet::new();

    for case in api_cases(&ids, document) {
        let reply = if case.route == "/api/v1/evidence" {
            let query = case.uri.split_once('?').map_or("", |(_, q)| q);
            let photo = b"walk photo".to_vec();
            env.upload_evidence(&token, query, "image/jpeg", photo, None)
                .await
        } else {
            env.api(case.method.clone(), &case.uri, &token, case.json.as_ref())
                .await
        };
        check(&case, &reply, &mut failures);
        assert!(
            walked.insert((case.method.to_string(), case.route.to_string())),
            "two cases for {} {}",
            case.method,
            case.route
        );
    }
    for case in page_cases(&ids, document, complaint.id, &photo.sha256) {
        let reply = if case.method == Method::GET {
            env.page(&case.uri, &session).await
        } else {
            let mut form = vec![("_csrf", csrf.clone())];
            form.extend(case.form.iter().cloned());
            if case.route.ends_with("/evidence") {
                env.post_multipart(&case.uri, &session, &form, ("walk.csv", "not a photo"))
                    .await
            } else if case.route == "/catalog/import" {
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
