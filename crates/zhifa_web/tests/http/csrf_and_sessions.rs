//! Page posts and the session: CSRF tokens are checked, the session cookie is guarded and
//! logging out ends the session.
//!
//! Not here: bearer tokens of the API (`health_and_openapi`).

use crate::support::{self, Env};
use axum::http::StatusCode;

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

#[tokio::test]
async fn an_error_page_keeps_the_signed_in_visitors_menu_and_a_stranger_gets_none() {
    let env = Env::new().await;
    let session = env.login("qs_officer").await;
    let refused = env
        .page(&format!("/townships/{}", env.ids.cg), &session)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("无权进行此操作"), "{}", refused.body);
    assert!(
        refused.body.contains("冯执法"),
        "the header names the visitor"
    );
    assert!(
        refused.body.contains("lists\">承接清单</a>"),
        "the menu is there: {}",
        refused.body
    );
    assert!(
        refused.body.contains("name=\"_csrf\""),
        "and the logout form with its token"
    );

    let missing = env.page("/no/such/page", &session).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let anonymous = env.get("/no/such/page").await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
    assert!(!anonymous.body.contains("冯执法") && !anonymous.body.contains("name=\"_csrf\""));
}
