//! A demo county in a fresh SQLite file behind the real router, driven request by request.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::evidence::EvidenceUpload;
use zhifa_app::{Actor, App};
use zhifa_domain::Id;
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;
use zhifa_web::WebState;

/// The demo's "today".
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date")
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

/// Ids of the demo objects the tests aim at.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub county: Id,
    /// 城关镇.
    pub cg: Id,
    /// 河口街道.
    pub hk: Id,
    /// 青山镇.
    pub qs: Id,
    pub cg_list: Id,
    pub hk_list: Id,
    pub qs_list: Id,
    /// 城关镇's grants, the one still open first.
    pub cg_grants: Vec<Id>,
    pub cg_open_grant: Id,
    pub cg_class: Id,
    pub users: HashMap<String, Id>,
    /// The certificate of 城关镇's officer 张执法.
    pub officer_certificate: Id,
    pub item: Id,
    /// Items of 青山镇's list.
    pub qs_items: Vec<Id>,
    pub law: Id,
    pub admin_token_id: Id,
    /// A piece of evidence of 城关镇, added by its officer 张执法.
    pub cg_evidence: Id,
    /// A case of 城关镇, registered by 张执法 against 王建国.
    pub cg_case: Id,
    /// A catalog item 城关镇 holds by law (乱堆垃圾).
    pub statutory_item: Id,
}

pub struct Env {
    _dir: tempfile::TempDir,
    pub store: Arc<dyn Store>,
    pub app: App,
    pub router: Router,
    pub ids: Ids,
    tokens: HashMap<String, String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    /// The value a Set-Cookie header gives `name`, if any (an empty value clears it).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies().iter().find_map(|c| {
            let (k, v) = c.split(';').next()?.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_string())
        })
    }
}

/// The value of the first hidden `_csrf` input of a page.
pub fn csrf_of(html: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

fn noon(date: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(4, 0, 0).expect("valid time"))
}

impl Env {
    pub async fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let sqlite = SqliteStore::open(&dir.path().join("zhifa.db"))
            .await
            .expect("open SQLite");
        sqlite.migrate().await.expect("migrate");
        let store: Arc<dyn Store> = Arc::new(sqlite);
        demo::seed(store.clone(), today(), Policy::default())
            .await
            .expect("seed the demo county");
        let app = App::new(
            store.clone(),
            Arc::new(FixedClock::new(noon(today()))),
            Policy::default(),
        )
        .with_evidence_dir(dir.path().join("evidence"))
        .with_log_keys(zhifa_app::log::LogKeys::generate("zhifa.test/http").expect("keys"))
        .with_search(Arc::new(
            zhifa_search::SearchIndex::in_memory().expect("a search index"),
        ));
        let router = zhifa_web::router(WebState::new(app.clone(), false));
        let mut env = Env {
            _dir: dir,
            store,
            app,
            router,
            ids: Ids::default(),
            tokens: HashMap::new(),
        };
        env.ids = env.find_ids().await;
        env
    }

    pub async fn actor(&self, username: &str) -> Actor {
        self.app
            .login(username, DEMO_PASSWORD)
            .await
            .expect("demo login")
            .actor
    }

    async fn find_ids(&mut self) -> Ids {
        let admin = self.actor("admin").await;
        let app = &self.app;
        let orgs = app.visible_orgs(&admin).await.expect("orgs");
        let org = |name: &str| {
            orgs.iter()
                .find(|o| o.name == name)
                .unwrap_or_else(|| panic!("no org {name}"))
                .clone()
        };
        let (cg, hk, qs) = (org("城关镇"), org("河口街道"), org("青山镇"));
        let lists = app.lists(&admin).await.expect("lists");
        let list_of = |t: Id| {
            lists
                .iter()
                .find(|l| l.list.township_id == t)
                .expect("a list")
                .list
                .clone()
        };
        let qs_list = list_of(qs.id);
        let grants = app.township_grants(&admin, cg.id).await.expect("grants");
        let mut cg_grants: Vec<Id> = grants.iter().map(|(g, _)| g.id).collect();
        let cg_open_grant = grants
            .iter()
            .find(|(g, _)| g.until.is_none())
            .expect("an open grant")
            .0
            .id;
        cg_grants.sort_by_key(|id| *id != cg_open_grant);
        let users: HashMap<String, Id> = app
            .users(&admin)
            .await
            .expect("users")
            .into_iter()
            .map(|u| (u.username, u.id))
            .collect();
        let person = app.person(&admin, users["officer"]).await.expect("officer");
        let items = app.catalog_items(&admin).await.expect("items");
        let laws = app.laws(&admin).await.expect("laws");
        let token = app.create_api_token(&admin, "test").await.expect("token");
        self.tokens.insert("admin".into(), token);
        let admin_token_id = app.api_tokens(&admin).await.expect("tokens")[0].id;
        let cg_evidence = self
            .add_evidence("officer", cg.id, b"photo of a stall")
            .await;
        let statutory_item = app
            .catalog_items(&admin)
            .await
            .expect("items")
            .into_iter()
            .find(|i| i.item.code == "SC-ZJ-003")
            .expect("the demo catalog has SC-ZJ-003")
            .id;
        let cg_case = self.register_case("officer", cg.id, statutory_item).await;
        Ids {
            county: admin.org.id,
            cg: cg.id,
            hk: hk.id,
            qs: qs.id,
            cg_list: list_of(cg.id).id,
            hk_list: list_of(hk.id).id,
            qs_list: qs_list.id,
            cg_grants,
            cg_open_grant,
            cg_class: cg.class_id.expect("城关镇 has a class"),
            officer_certificate: person.certificates[0].certificate.id,
            item: items[0].id,
            qs_items: qs_list.items.iter().map(|i| i.item_id).collect(),
            law: laws[0].id,
            admin_token_id,
            users,
            cg_evidence,
            cg_case,
            statutory_item,
        }
    }

    /// Registers a case of `org_id` as `username`: 王建国 dumped building waste three days ago.
    pub async fn register_case(&self, username: &str, org_id: Id, item_id: Id) -> Id {
        let actor = self.actor(username).await;
        let input: zhifa_app::cases::RegisterCase = serde_json::from_value(serde_json::json!({
            "item_id": item_id,
            "source": "群众举报",
            "party": {"kind": "natural", "name": "王建国", "birth_date": "1975-04-02"},
            "facts": "在村道旁倾倒装修垃圾",
            "act": {
                "occurred_on": (today() - chrono::Days::new(3)).to_string(),
                "ended_on": null,
                "continuing": false,
                "caused_harm": false
            }
        }))
        .expect("a registration");
        self.app
            .register_case(&actor, org_id, input)
            .await
            .expect("registered")
    }

    /// Adds a photo to `org_id`'s evidence as `username`, who also captured it.
    pub async fn add_evidence(&self, username: &str, org_id: Id, content: &[u8]) -> Id {
        let actor = self.actor(username).await;
        let upload = EvidenceUpload {
            capture: Capture {
                media_type: MediaType::parse("image/jpeg").expect("a listed type"),
                captured_at: noon(today()) - chrono::Duration::hours(1),
                device: "手机".into(),
                officer_id: actor.user.id,
                subject: None,
            },
            declared_size: None,
            expected_sha256: None,
        };
        self.app
            .add_evidence(&actor, org_id, upload, content)
            .await
            .expect("evidence added")
            .id
    }

    /// `POST /api/v1/evidence?{query}` with `body` as the file, of `media_type`; with a
    /// `Content-Length` when `declared` is given (which may differ from the body's length).
    pub async fn upload_evidence(
        &self,
        token: &str,
        query: &str,
        media_type: &str,
        body: Vec<u8>,
        declared: Option<usize>,
    ) -> Reply {
        let mut builder = Request::post(format!("/api/v1/evidence?{query}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, media_type);
        if let Some(n) = declared {
            builder = builder.header(header::CONTENT_LENGTH, n.to_string());
        }
        self.send(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// An API token of a demo account (one per account).
    pub async fn token(&mut self, username: &str) -> String {
        if let Some(t) = self.tokens.get(username) {
            return t.clone();
        }
        let actor = self.actor(username).await;
        let t = self
            .app
            .create_api_token(&actor, "test")
            .await
            .expect("token");
        self.tokens.insert(username.to_string(), t.clone());
        t
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// An API call with a bearer token and an optional JSON body.
    pub async fn api(&self, method: Method, uri: &str, token: &str, body: Option<&Value>) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(v) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request")).await
    }

    /// An API call with a raw body.
    pub async fn api_raw(&self, method: Method, uri: &str, token: &str, body: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    /// How many audit events the store holds.
    pub async fn event_count(&self) -> usize {
        let mut tx = self.store.begin().await.expect("begin");
        tx.events(1_000_000).await.expect("events").len()
    }

    /// Signs in through the login form; returns the session cookie's value.
    pub async fn login(&self, username: &str) -> String {
        let form = self.get("/login").await;
        assert_eq!(form.status, StatusCode::OK);
        let cookie = form.cookie("zhifa_login_csrf").expect("login CSRF cookie");
        let csrf = csrf_of(&form.body).expect("login form CSRF field");
        assert_eq!(cookie, csrf, "the login form echoes its cookie");
        let body = serde_urlencoded::to_string([
            ("username", username),
            ("password", DEMO_PASSWORD),
            ("_csrf", &csrf),
        ])
        .expect("form");
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("zhifa_login_csrf={cookie}"))
            .body(Body::from(body))
            .expect("request");
        let reply = self.send(request).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "login of {username}: {}",
            reply.body
        );
        reply
            .cookie("zhifa_session")
            .filter(|s| !s.is_empty())
            .expect("session cookie")
    }

    pub async fn page(&self, uri: &str, session: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::COOKIE, format!("zhifa_session={session}"))
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// The session's CSRF token, read from the hidden field every page carries.
    pub async fn session_csrf(&self, session: &str) -> String {
        let home = self.page("/", session).await;
        assert_eq!(home.status, StatusCode::OK, "home page: {}", home.body);
        csrf_of(&home.body).expect("the page carries the session's CSRF token")
    }

    /// A form post with the session cookie; `fields` are sent as given (add `_csrf` yourself).
    pub async fn post_form(&self, uri: &str, session: &str, fields: &[(&str, String)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).expect("form");
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("zhifa_session={session}"))
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// A multipart upload of one file of `content_type` with the session cookie.
    pub async fn post_file(
        &self,
        uri: &str,
        session: &str,
        fields: &[(&str, String)],
        content_type: &str,
        content: &[u8],
    ) -> Reply {
        let boundary = "zhifa-test-boundary-9c1e";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip\"\r\nContent-Type: {content_type}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, format!("zhifa_session={session}"))
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// A multipart upload with the session cookie: text fields and one file.
    pub async fn post_multipart(
        &self,
        uri: &str,
        session: &str,
        fields: &[(&str, String)],
        file: (&str, &str),
    ) -> Reply {
        let boundary = "zhifa-test-boundary-7f3a";
        let mut body = String::new();
        for (name, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: text/csv\r\n\r\n{}\r\n",
            file.0, file.1
        ));
        body.push_str(&format!("--{boundary}--\r\n"));
        let request = Request::post(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, format!("zhifa_session={session}"))
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }
}
