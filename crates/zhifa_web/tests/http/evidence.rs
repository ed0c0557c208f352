//! Evidence over the API: a streamed upload stored once, read back checked, and bad uploads
//! refused with a structured error that leaves no file and no record.
//!
//! Not here: the store's own checks (`zhifa_app`'s unit tests), other townships on every route
//! (`route_walk`).

use crate::support::{Env, Reply};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use zhifa_web::WebState;

fn query(env: &Env, org: i64, officer: &str) -> String {
    serde_urlencoded::to_string([
        ("org_id", org.to_string()),
        ("captured_at", "2026-11-27T10:15:00+08:00".to_string()),
        ("device", "执法记录仪 DSJ-007".to_string()),
        ("officer_id", env.ids.users[officer].to_string()),
        ("subject", "占道经营 现场检查".to_string()),
    ])
    .expect("query")
}

fn evidence_dir(env: &Env) -> PathBuf {
    env.app
        .evidence_dir
        .clone()
        .expect("the test app keeps evidence")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out = Vec::new();
    for path in entries.map(|e| e.expect("entry").path()) {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A GET with a bearer token, answering the raw body.
async fn get_bytes(router: &Router, uri: &str, token: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("answer");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, headers, bytes.to_vec())
}

fn sha256_hex(content: &[u8]) -> String {
    zhifa_app::blob_store::hash_of(content).hex()
}

fn error_code(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.body);
    reply.json()["code"].as_str().expect("code").to_string()
}

#[tokio::test]
async fn an_upload_is_stored_once_and_read_back_checked() {
    let mut env = Env::new().await;
    let token = env.token("officer").await;
    let q = query(&env, env.ids.cg, "officer");
    // Larger than the router's 8 MiB form limit, which does not apply to evidence.
    let video: Vec<u8> = (0..9 * 1024 * 1024).map(|i| (i % 253) as u8).collect();
    let hash = sha256_hex(&video);
    let before = env.event_count().await;
    let files_before = files_under(&evidence_dir(&env)).len();

    let reply = env
        .upload_evidence(
            &token,
            &format!("{q}&sha256={hash}"),
            "video/mp4",
            video.clone(),
            Some(video.len()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let added = reply.json();
    assert_eq!(added["sha256"], hash.as_str());
    assert_eq!(added["size"], video.len());
    assert_eq!(added["already_stored"], false);
    let id = added["id"].as_i64().expect("id");

    let record = env
        .api(Method::GET, &format!("/api/v1/evidence/{id}"), &token, None)
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    let record = record.json();
    assert_eq!(record["sha256"], hash.as_str());
    assert_eq!(record["media_type"], "video/mp4");
    assert_eq!(record["form"], "video");
    assert_eq!(record["device"], "执法记录仪 DSJ-007");
    assert_eq!(record["captured_at"], "2026-11-27T02:15:00Z");
    assert_eq!(record["org_id"], env.ids.cg);

    let uri = format!("/api/v1/evidence/{id}/content");
    let (status, headers, body) = get_bytes(&env.router, &uri, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body == video, "the content reads back unchanged");
    assert_eq!(headers[header::CONTENT_TYPE], "video/mp4");
    assert_eq!(headers[header::CONTENT_LENGTH], video.len().to_string());
    assert_eq!(headers[header::ETAG], format!("\"{hash}\""));

    // The same video again: a second record, no second file.
    let again = env
        .upload_evidence(&token, &q, "video/mp4", video.clone(), None)
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.json()["already_stored"], true);
    assert_eq!(again.json()["sha256"], hash.as_str());
    assert_ne!(again.json()["id"], id);
    assert_eq!(files_under(&evidence_dir(&env)).len(), files_before + 1);
    assert_eq!(env.event_count().await, before + 2, "one log entry each");
}

#[tokio::test]
async fn bad_uploads_answer_a_structured_error_and_leave_nothing() {
    let mut env = Env::new().await;
    let token = env.token("officer").await;
    let mut app = env.app.clone();
    app.policy.evidence_max_bytes = 1024;
    let small = zhifa_web::router(WebState::new(app, false));
    let q = query(&env, env.ids.cg, "officer");
    let before = env.event_count().await;
    let files_before = files_under(&evidence_dir(&env));

    let upload = |declared: Option<usize>, body: Vec<u8>, query: String, media: &'static str| {
        let mut builder = Request::post(format!("/api/v1/evidence?{query}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, media);
        if let Some(n) = declared {
            builder = builder.header(header::CONTENT_LENGTH, n.to_string());
        }
        let request = builder.body(Body::from(body)).expect("request");
        let router = small.clone();
        async move {
            let response = router.oneshot(request).await.expect("answer");
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body");
            Reply {
                status,
                headers: HeaderMap::new(),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }
        }
    };

    // Announced too large: refused before reading.
    let reply = upload(Some(2048), vec![1; 2048], q.clone(), "image/jpeg").await;
    assert_eq!(
        error_code(&reply, StatusCode::PAYLOAD_TOO_LARGE),
        "evidence.too_large"
    );
    assert!(reply.json()["message"].as_str().unwrap().contains("1024"));
    // Too large without an announced size: refused when the limit is passed.
    let reply = upload(None, vec![1; 2048], q.clone(), "image/jpeg").await;
    assert_eq!(
        error_code(&reply, StatusCode::PAYLOAD_TOO_LARGE),
        "evidence.too_large"
    );
    // Fewer bytes than announced: a truncated upload.
    let reply = upload(Some(100), vec![1; 60], q.clone(), "image/jpeg").await;
    assert_eq!(error_code(&reply, StatusCode::BAD_REQUEST), "invalid_input");
    assert_eq!(reply.json()["field"], "content");
    // Damaged on the way: not the announced hash.
    let wrong = format!("{q}&sha256={}", sha256_hex(b"something else"));
    let reply = upload(None, vec![1; 60], wrong, "image/jpeg").await;
    assert_eq!(error_code(&reply, StatusCode::BAD_REQUEST), "invalid_input");
    assert_eq!(reply.json()["field"], "sha256");
    // Not a kind of evidence, and a capture time that is not one.
    let reply = upload(None, b"<script>".to_vec(), q.clone(), "text/html").await;
    assert_eq!(
        error_code(&reply, StatusCode::UNPROCESSABLE_ENTITY),
        "evidence.media_type"
    );
    let bad_time = q.replace("2026-11-27T10%3A15%3A00%2B08%3A00", "yesterday");
    assert_ne!(bad_time, q);
    let reply = upload(None, vec![1; 60], bad_time, "image/jpeg").await;
    assert_eq!(error_code(&reply, StatusCode::BAD_REQUEST), "invalid_input");
    assert_eq!(reply.json()["field"], "captured_at");

    assert_eq!(env.event_count().await, before, "nothing recorded");
    assert_eq!(
        files_under(&evidence_dir(&env)),
        files_before,
        "no file kept, no temp file left"
    );
}

#[tokio::test]
async fn another_township_is_refused_and_a_damaged_file_is_named() {
    let mut env = Env::new().await;
    let id = env.ids.cg_evidence;
    let outsider = env.token("qs_officer").await;
    let before = env.event_count().await;
    let q = query(&env, env.ids.cg, "qs_officer");
    let reply = env
        .upload_evidence(&outsider, &q, "image/jpeg", b"x".to_vec(), None)
        .await;
    assert_eq!(error_code(&reply, StatusCode::FORBIDDEN), "forbidden");
    for uri in [
        format!("/api/v1/evidence/{id}"),
        format!("/api/v1/evidence/{id}/content"),
    ] {
        let reply = env.api(Method::GET, &uri, &outsider, None).await;
        assert_eq!(error_code(&reply, StatusCode::FORBIDDEN), "forbidden");
    }
    assert_eq!(env.event_count().await, before);

    let officer = env.token("officer").await;
    let record = env
        .api(
            Method::GET,
            &format!("/api/v1/evidence/{id}"),
            &officer,
            None,
        )
        .await
        .json();
    let sha = record["sha256"].as_str().expect("sha256").to_string();
    let path = evidence_dir(&env).join("sha256").join(&sha[..2]).join(&sha);
    std::fs::write(&path, b"photo of another stall").expect("tamper");
    let reply = env
        .api(
            Method::GET,
            &format!("/api/v1/evidence/{id}/content"),
            &officer,
            None,
        )
        .await;
    assert_eq!(
        error_code(&reply, StatusCode::INTERNAL_SERVER_ERROR),
        "integrity"
    );
    let message = reply.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains(&format!("证据 {id}")), "{message}");
    assert!(message.contains(&sha), "{message}");
}

/// Polls `done` for up to five seconds.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what} did not happen");
}

#[tokio::test]
async fn a_connection_closed_mid_upload_leaves_no_file_and_no_record() {
    use tokio::io::AsyncWriteExt;
    let mut env = Env::new().await;
    let token = env.token("officer").await;
    let q = query(&env, env.ids.cg, "officer");
    let before = env.event_count().await;
    let files_before = files_under(&evidence_dir(&env));
    let temp = evidence_dir(&env).join("tmp");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(axum::serve(listener, env.router.clone()).into_future());
    let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /api/v1/evidence?{q} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: video/mp4\r\nContent-Length: 1000000\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.expect("head");
    socket.write_all(&[5u8; 300_000]).await.expect("part");
    eventually("the upload being written", || {
        !files_under(&temp).is_empty()
    })
    .await;
    drop(socket);
    eventually("the partial upload being discarded", || {
        files_under(&temp).is_empty()
    })
    .await;
    server.abort();

    assert_eq!(files_under(&evidence_dir(&env)), files_before);
    assert_eq!(env.event_count().await, before, "nothing recorded");
}
