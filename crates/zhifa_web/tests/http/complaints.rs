//! Complaints and reports from the public (投诉举报): the Open311 GeoReport v2 API (discovery,
//! filing form-encoded and multipart, routing, errors), what the public may read of a filing
//! and what only its check code opens, the portal's form and tracking page, the bodies' desk
//! (accept, answer, supervise, transfer, and who may not), and the sweep that escalates a
//! missed deadline to the county justice bureau.
//!
//! The demo county seeds three complaints of its own (TS-2026-00001..3, all filed about
//! 城关镇); the filings here come after them.
//! Not here: the rules themselves (`zhifa_domain::complaint`'s unit tests), storage
//! (the stores' conformance tests).

use crate::support::{Env, Reply, today};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use zhifa_app::clock::FixedClock;
use zhifa_domain::catalog::PowerKind;
use zhifa_domain::complaint::{ComplaintCommand, Status};
use zhifa_web::WebState;

/// The matter 城关镇 holds by law (乱堆垃圾), so a report of it in 城关镇 stays there.
const STATUTORY: &str = "SC-ZJ-003";
/// 城关镇's code.
const CHENGGUAN: &str = "519901001";
/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

/// What a filer writes, and who they are: none of it may be public.
const WORDS: &str = "城关镇东街口每天清晨有人把装修垃圾倒在消防通道上，已经堵了一个多月";
const PLACE: &str = "城关镇东街十字路口北侧";
const NAME: &str = "司马相如";
const PHONE: &str = "13912345678";
const EMAIL: &str = "sima.xiangru@example.com";

fn urlencoded(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

/// `POST /open311/v2/requests.json`, form-encoded.
async fn open311_post(env: &Env, fields: &[(&str, &str)]) -> Reply {
    let request = Request::post("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(urlencoded(fields)))
        .expect("request");
    env.send(request).await
}

/// A multipart request without a session: text fields, then files as (field, file name,
/// media type, content).
fn multipart(
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> Request<Body> {
    let boundary = "zhifa-complaint-boundary-41d7";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, media_type, content) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post(uri)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request")
}

/// The one request of a successful Open311 filing: (tracking number, check code, notice).
fn filed(reply: &Reply) -> (String, String, String) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 1, "{json}");
    let s = |k: &str| {
        list[0][k]
            .as_str()
            .unwrap_or_else(|| panic!("{k} in {json}"))
            .to_string()
    };
    (
        s("service_request_id"),
        s("check_code"),
        s("service_notice"),
    )
}

/// A report of rubbish on a fire lane in 城关镇 by a named filer, through Open311.
async fn report_in_chengguan(env: &Env) -> (String, String) {
    let reply = open311_post(
        env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", CHENGGUAN),
            ("description", WORDS),
            ("address_string", PLACE),
            ("first_name", NAME),
            ("phone", PHONE),
            ("email", EMAIL),
        ],
    )
    .await;
    let (no, check, _) = filed(&reply);
    (no, check)
}

/// An Open311 error answer: its status and the one error's description.
fn open311_error(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.body);
    let json = reply.json();
    let errors = json.as_array().expect("an Open311 error array");
    assert_eq!(errors.len(), 1, "{json}");
    assert_eq!(errors[0]["code"], status.as_u16(), "{json}");
    errors[0]["description"]
        .as_str()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| panic!("a description: {json}"))
        .to_string()
}

fn is_tracking_no(no: &str) -> bool {
    let prefix = format!("TS-{}-", chrono::Datelike::year(&today()));
    no.strip_prefix(&prefix)
        .is_some_and(|n| n.len() == 5 && n.chars().all(|c| c.is_ascii_digit()))
}

fn track_uri(no: &str, check: Option<&str>) -> String {
    let mut pairs = vec![("no", no)];
    if let Some(check) = check {
        pairs.push(("check", check));
    }
    format!("/portal/complaints/track?{}", urlencoded(&pairs))
}

async fn id_of(env: &Env, no: &str) -> i64 {
    env.app
        .complaint_status(no)
        .await
        .expect("the complaint")
        .id
}

/// How many complaints the public list holds.
async fn public_count(env: &Env) -> usize {
    let list = env.get("/open311/v2/requests.json").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.json().as_array().expect("an array").len()
}

/// A step on the desk, posted with the session's CSRF token.
async fn act(env: &Env, session: &str, id: i64, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("_csrf", env.session_csrf(session).await)];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    env.post_form(&format!("/complaints/{id}/act"), session, &form)
        .await
}

fn assert_redirected_to_complaint(reply: &Reply, id: i64) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.header("location").as_deref(),
        Some(format!("/complaints/{id}").as_str())
    );
}

#[tokio::test]
async fn open311_lists_the_catalogs_matters_and_describes_the_township_attribute() {
    let env = Env::new().await;
    let services = env.get("/open311/v2/services.json").await;
    assert_eq!(services.status, StatusCode::OK, "{}", services.body);
    let services = services.json();
    let services = services.as_array().expect("an array");
    for s in services {
        for key in ["service_code", "service_name", "group"] {
            assert!(s[key].as_str().is_some_and(|v| !v.is_empty()), "{key}: {s}");
        }
        assert_eq!(s["metadata"], true, "{s}");
    }
    let codes: BTreeSet<&str> = services
        .iter()
        .filter_map(|s| s["service_code"].as_str())
        .collect();
    assert_eq!(codes.len(), services.len(), "each service once: {codes:?}");
    // Every penalty matter of the catalog, and nothing else but the two of the county.
    let admin = env.actor("admin").await;
    let penalties: BTreeSet<String> = env
        .app
        .catalog_items(&admin)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.item.kind == PowerKind::Penalty)
        .map(|i| i.item.code)
        .collect();
    assert!(penalties.contains(STATUTORY));
    let mut expected: BTreeSet<&str> = penalties.iter().map(String::as_str).collect();
    expected.extend(["other", "conduct"]);
    assert_eq!(codes, expected);
    let conduct = services
        .iter()
        .find(|s| s["service_code"] == "conduct")
        .unwrap();
    assert_eq!(conduct["group"], "执法监督", "{conduct}");

    // A matter's definition: the township, one of the demo's, required to find who is
    // competent; a complaint about conduct goes to the bureau whatever the township.
    let one = env
        .get(&format!("/open311/v2/services/{STATUTORY}.json"))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let one = one.json();
    assert_eq!(one["service_code"], STATUTORY);
    let attribute = &one["attributes"][0];
    assert_eq!(attribute["code"], "township", "{one}");
    assert_eq!(attribute["datatype"], "singlevaluelist");
    assert_eq!(attribute["required"], true);
    let values = attribute["values"].as_array().expect("values");
    let names: BTreeSet<&str> = values.iter().filter_map(|v| v["name"].as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["城关镇", "河口街道", "青山镇", "白云乡"]),
        "{one}"
    );
    assert!(
        values
            .iter()
            .any(|v| v["key"] == CHENGGUAN && v["name"] == "城关镇"),
        "{one}"
    );
    let conduct = env.get("/open311/v2/services/conduct.json").await.json();
    assert_eq!(conduct["attributes"][0]["required"], false, "{conduct}");

    // Unknown services and paths without the format are Open311 errors.
    let unknown = env.get("/open311/v2/services/NO-SUCH-1.json").await;
    open311_error(&unknown, StatusCode::NOT_FOUND);
    let bare = env.get(&format!("/open311/v2/services/{STATUTORY}")).await;
    open311_error(&bare, StatusCode::NOT_FOUND);
    let request_bare = env.get("/open311/v2/requests/TS-2026-00001").await;
    open311_error(&request_bare, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn open311_files_a_report_routes_it_and_refuses_what_is_wrong() {
    let env = Env::new().await;
    let before = public_count(&env).await;

    // A report of a matter 城关镇 holds by law goes to 城关镇.
    let reply = open311_post(
        &env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", CHENGGUAN),
            ("description", WORDS),
            ("address_string", PLACE),
            ("first_name", NAME),
            ("phone", PHONE),
        ],
    )
    .await;
    let (no, check, notice) = filed(&reply);
    assert!(is_tracking_no(&no), "{no}");
    assert_eq!(check.chars().count(), 8, "{check}");
    assert!(
        check
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{check}"
    );
    assert!(notice.contains("城关镇"), "{notice}");
    assert_eq!(reply.json()[0]["account_id"], Value::Null);
    let status = env.app.complaint_status(&no).await.unwrap();
    assert_eq!(status.handler, "城关镇");
    assert_eq!(status.status, Status::Received);
    assert_eq!(public_count(&env).await, before + 1);

    // Refused filings: an Open311 400 with the reason, and nothing filed.
    let short = open311_post(
        &env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", CHENGGUAN),
            ("description", "有垃圾"),
            ("address_string", PLACE),
        ],
    )
    .await;
    let why = open311_error(&short, StatusCode::BAD_REQUEST);
    assert!(why.contains("10"), "{why}");
    let unreachable = open311_post(
        &env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", CHENGGUAN),
            ("description", WORDS),
            ("address_string", PLACE),
            ("first_name", NAME),
        ],
    )
    .await;
    let why = open311_error(&unreachable, StatusCode::BAD_REQUEST);
    assert!(why.contains("电话或电子邮箱"), "{why}");
    let unknown = open311_post(
        &env,
        &[("service_code", "NO-SUCH-1"), ("description", WORDS)],
    )
    .await;
    open311_error(&unknown, StatusCode::BAD_REQUEST);
    let bad_township = open311_post(
        &env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", "999999999"),
            ("description", WORDS),
            ("address_string", PLACE),
        ],
    )
    .await;
    open311_error(&bad_township, StatusCode::BAD_REQUEST);
    let not_a_form = env
        .send(
            Request::post("/open311/v2/requests.json")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"service_code":"other"}"#))
                .unwrap(),
        )
        .await;
    open311_error(&not_a_form, StatusCode::BAD_REQUEST);
    assert_eq!(
        public_count(&env).await,
        before + 1,
        "refusals file nothing"
    );

    // Multipart, with a photo as `media`: kept, and listed to the filer by its name.
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    let reply = env
        .send(multipart(
            "/open311/v2/requests.json",
            &[
                ("service_code", STATUTORY),
                ("attribute[township]", CHENGGUAN),
                ("description", WORDS),
                ("address_string", PLACE),
            ],
            &[("media", "fire-lane.png", "image/png", &png)],
        ))
        .await;
    let (with_photo, photo_check, _) = filed(&reply);
    assert_ne!(with_photo, no);
    let mine = env.get(&track_uri(&with_photo, Some(&photo_check))).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(mine.body.contains("fire-lane.png"), "{}", mine.body);
    let officer = env.actor("officer").await;
    let staff = env
        .app
        .complaint_for_staff(&officer, id_of(&env, &with_photo).await)
        .await
        .unwrap();
    assert_eq!(staff.filer.attachments.len(), 1);
    assert_eq!(staff.filer.attachments[0].media_type, "image/png");
    assert_eq!(staff.filer.attachments[0].size, png.len() as u64);
    assert!(staff.contact.is_none(), "no contact given: anonymous");
    // A file that is not a listed media type is refused.
    let script = env
        .send(multipart(
            "/open311/v2/requests.json",
            &[
                ("service_code", STATUTORY),
                ("attribute[township]", CHENGGUAN),
                ("description", WORDS),
                ("address_string", PLACE),
            ],
            &[("media", "x.sh", "application/x-sh", b"rm -rf /")],
        ))
        .await;
    open311_error(&script, StatusCode::BAD_REQUEST);

    // No attribute, but a place that names 青山镇: 青山镇's, not the bureau's to pass on.
    let qingshan = open311_post(
        &env,
        &[
            ("service_code", "other"),
            (
                "description",
                "青山镇大桥下有人夜里用电瓶电鱼，已经好几次了",
            ),
            ("address_string", "青山镇大桥下"),
        ],
    )
    .await;
    let (qs_no, _, notice) = filed(&qingshan);
    assert!(
        notice.contains("青山镇") && !notice.contains("司法局"),
        "{notice}"
    );
    assert_eq!(
        env.app.complaint_status(&qs_no).await.unwrap().handler,
        "青山镇"
    );
    // A place that names no township: the bureau passes it on.
    let nowhere = open311_post(
        &env,
        &[
            ("service_code", "other"),
            ("description", "县道旁边有人长期非法收购废旧电池，气味刺鼻"),
            ("address_string", "县道旁的废品站"),
        ],
    )
    .await;
    let (_, _, notice) = filed(&nowhere);
    assert!(notice.contains("示范县司法局"), "{notice}");
    // A complaint about officers' conduct goes to the county justice bureau.
    let conduct = open311_post(
        &env,
        &[
            ("service_code", "conduct"),
            ("attribute[township]", CHENGGUAN),
            ("description", "执法人员在检查时态度恶劣，没有出示执法证件"),
            ("email", "shop@example.com"),
        ],
    )
    .await;
    let (conduct_no, _, notice) = filed(&conduct);
    assert!(notice.contains("示范县司法局"), "{notice}");
    assert_eq!(
        env.app.complaint_status(&conduct_no).await.unwrap().handler,
        "示范县司法局"
    );
}

#[tokio::test]
async fn only_the_check_code_opens_what_the_filer_wrote() {
    let env = Env::new().await;
    let (no, check) = report_in_chengguan(&env).await;
    let private = [WORDS, NAME, PHONE, EMAIL, "十字路口"];

    // What anyone reads: where it stands and who handles it.
    let list = env.get("/open311/v2/requests.json").await;
    let by_id = env
        .get(&format!(
            "/open311/v2/requests.json?service_request_id={no}"
        ))
        .await;
    let one = env.get(&format!("/open311/v2/requests/{no}.json")).await;
    let track = env.get(&track_uri(&no, None)).await;
    for (what, reply) in [
        ("list", &list),
        ("by id", &by_id),
        ("one", &one),
        ("tracking page", &track),
    ] {
        assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.body);
        assert!(reply.body.contains(&no), "{what}: {}", reply.body);
        for hidden in private {
            assert!(!reply.body.contains(hidden), "{what} shows {hidden}");
        }
    }
    let listed = list.json();
    let listed = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service_request_id"] == no.as_str())
        .expect("listed")
        .clone();
    assert_eq!(listed["status"], "open");
    assert_eq!(listed["agency_responsible"], "城关镇");
    assert_eq!(listed["service_code"], STATUTORY);
    assert!(listed.get("description").is_none(), "{listed}");
    assert_eq!(one.json()[0]["service_request_id"], no.as_str());
    assert!(one.json()[0].get("description").is_none());
    assert!(track.body.contains("待受理") && track.body.contains("城关镇"));

    // The filer's view, with the check code (read back in lower case, as typed from paper).
    let mine = env
        .get(&format!(
            "/open311/v2/requests/{no}.json?check_code={}",
            check.to_lowercase()
        ))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(mine.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(mine.json()[0]["description"], WORDS);
    assert_eq!(mine.json()[0]["address"], PLACE);
    // Still not the contact: the filer knows it, a leaked code should not tell it.
    for hidden in [NAME, PHONE, EMAIL] {
        assert!(
            !mine.body.contains(hidden),
            "the filer's view shows {hidden}"
        );
    }

    // Five wrong codes, and then the right one waits too.
    for _ in 0..5 {
        let wrong = env
            .get(&format!(
                "/open311/v2/requests/{no}.json?check_code=ZZZZZZZZ"
            ))
            .await;
        let why = open311_error(&wrong, StatusCode::NOT_FOUND);
        assert!(!why.contains(WORDS));
    }
    let limited = env
        .get(&format!(
            "/open311/v2/requests/{no}.json?check_code={check}"
        ))
        .await;
    open311_error(&limited, StatusCode::TOO_MANY_REQUESTS);
    let page = env.get(&track_uri(&no, Some(&check))).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    assert!(!page.body.contains(WORDS));
    // The status by number alone stays open to anyone.
    let public = env.get(&format!("/open311/v2/requests/{no}.json")).await;
    assert_eq!(public.status, StatusCode::OK);
    // Another complaint's code is not limited by this one's misses.
    let (other, other_check) = report_in_chengguan(&env).await;
    let theirs = env
        .get(&format!(
            "/open311/v2/requests/{other}.json?check_code={other_check}"
        ))
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
}

#[tokio::test]
async fn the_portal_form_files_a_complaint_and_the_filer_tracks_it() {
    let env = Env::new().await;
    let form = env.get("/portal/complaints").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.header("cache-control").as_deref(), Some("no-store"));
    for shown in [
        "value=\"SC-ZJ-003\"",
        "value=\"other\"",
        "value=\"conduct\"",
        "投诉执法人员的执法行为",
        &format!("value=\"{CHENGGUAN}\""),
        "城关镇",
        "青山镇",
        "enctype=\"multipart/form-data\"",
    ] {
        assert!(form.body.contains(shown), "{shown}: {}", form.body);
    }

    // A filing with a photo: the number and the code, shown once and not cached.
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    let reply = env
        .send(multipart(
            "/portal/complaints",
            &[
                ("service_code", STATUTORY),
                ("attribute[township]", CHENGGUAN),
                ("address_string", PLACE),
                ("description", WORDS),
                ("first_name", NAME),
                ("phone", PHONE),
                ("email", ""),
            ],
            &[("attachments", "现场.png", "image/png", &png)],
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
    let strong = |id: &str| {
        let marker = format!("id=\"{id}\">");
        let start = reply
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("#{id}: {}", reply.body))
            + marker.len();
        reply.body[start..]
            .split('<')
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    let (no, check) = (strong("tracking-no"), strong("check-code"));
    assert!(is_tracking_no(&no), "{no}");
    assert_eq!(check.len(), 8, "{check}");
    assert!(reply.body.contains("城关镇"), "{}", reply.body);
    let officer = env.actor("officer").await;
    let staff = env
        .app
        .complaint_for_staff(&officer, id_of(&env, &no).await)
        .await
        .unwrap();
    assert_eq!(staff.channel_label, "门户网站");
    let contact = staff.contact.expect("a named filing");
    assert_eq!(
        (contact.name.as_str(), contact.phone.as_str()),
        (NAME, PHONE)
    );
    assert_eq!(staff.filer.attachments[0].name, "现场.png");

    // A report without a place: the form again, with what was typed and what is wrong.
    let kept = "河口街道菜市场门口的摊贩每天把污水直接倒进雨水井";
    let refused = env
        .send(multipart(
            "/portal/complaints",
            &[
                ("service_code", STATUTORY),
                ("attribute[township]", ""),
                ("address_string", ""),
                ("description", kept),
                ("anonymous", "on"),
            ],
            &[],
        ))
        .await;
    assert!(
        refused.status.is_client_error(),
        "{}: {}",
        refused.status,
        refused.body
    );
    assert_eq!(refused.header("cache-control").as_deref(), Some("no-store"));
    assert!(
        refused.body.contains("id=\"problem\"") && refused.body.contains("请写明发生地点"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(kept), "the description is kept");
    assert!(
        refused.body.contains("name=\"anonymous\" checked"),
        "anonymous stays ticked"
    );
    assert!(!refused.body.contains("id=\"tracking-no\""));
    // Ticking 匿名 drops what was typed in the contact fields.
    let anonymous = env
        .send(multipart(
            "/portal/complaints",
            &[
                ("service_code", "other"),
                ("attribute[township]", CHENGGUAN),
                ("address_string", PLACE),
                ("description", kept),
                ("anonymous", "on"),
                ("first_name", NAME),
                ("phone", PHONE),
            ],
            &[],
        ))
        .await;
    assert_eq!(anonymous.status, StatusCode::OK, "{}", anonymous.body);
    let anonymous_no = anonymous
        .body
        .split("id=\"tracking-no\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    let staff = env
        .app
        .complaint_for_staff(&officer, id_of(&env, &anonymous_no).await)
        .await
        .unwrap();
    assert!(staff.contact.is_none(), "filed anonymously");

    // The number alone: where it stands, not what was written.
    let public = env.get(&track_uri(&no, None)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("cache-control").as_deref(), Some("no-store"));
    assert!(
        public.body.contains("待受理") && public.body.contains("城关镇"),
        "{}",
        public.body
    );
    for hidden in [WORDS, NAME, PHONE, "现场.png", "办理过程"] {
        assert!(!public.body.contains(hidden), "{hidden}: {}", public.body);
    }
    // With the code: what was written, the file, every step.
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for shown in [
        WORDS,
        PLACE,
        "现场.png",
        "办理过程",
        "收到举报违法行为",
        "分办至城关镇",
    ] {
        assert!(mine.body.contains(shown), "{shown}: {}", mine.body);
    }
    // A wrong code: not found, and nothing of it.
    let wrong = env.get(&track_uri(&no, Some("ZZZZZZZZ"))).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(!wrong.body.contains(WORDS));
    let unknown = env.get(&track_uri("TS-1999-99999", None)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // The empty tracking page is a form.
    let empty = env.get("/portal/complaints/track").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("name=\"no\""));
}

#[tokio::test]
async fn the_township_accepts_and_answers_and_the_bureau_supervises_and_transfers() {
    let env = Env::new().await;
    let (no, check) = report_in_chengguan(&env).await;
    let id = id_of(&env, &no).await;

    // 城关镇's officer: in the list, and the whole record with the contact.
    let officer = env.login("officer").await;
    let list = env.page("/complaints", &officer).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body
            .contains(&format!("href=\"/complaints/{id}\">{no}</a>")),
        "{}",
        list.body
    );
    let show = env.page(&format!("/complaints/{id}"), &officer).await;
    assert_eq!(show.status, StatusCode::OK, "{}", show.body);
    for shown in [
        WORDS,
        PLACE,
        NAME,
        PHONE,
        EMAIL,
        "name=\"action\" value=\"accept\"",
    ] {
        assert!(show.body.contains(shown), "{shown}: {}", show.body);
    }
    assert!(
        !show.body.contains("value=\"supervise\""),
        "a township does not supervise"
    );

    // 青山镇's officer: neither the record nor a step.
    let qs = env.login("qs_officer").await;
    let foreign = env.page(&format!("/complaints/{id}"), &qs).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.body);
    assert!(!foreign.body.contains(WORDS));
    let foreign_step = act(&env, &qs, id, &[("action", "accept"), ("text", "越权受理")]).await;
    assert_eq!(
        foreign_step.status,
        StatusCode::FORBIDDEN,
        "{}",
        foreign_step.body
    );
    let qs_list = env.page("/complaints?show=all", &qs).await;
    assert!(!qs_list.body.contains(&no), "{}", qs_list.body);

    // The bureau sees every complaint of the county and supervises; it does not accept
    // what 城关镇 handles.
    let justice = env.login("justice").await;
    let all = env.page("/complaints?show=all", &justice).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let year = chrono::Datelike::year(&today());
    for listed in [
        no.clone(),
        format!("TS-{year}-00001"),
        format!("TS-{year}-00002"),
        format!("TS-{year}-00003"),
    ] {
        assert!(all.body.contains(&listed), "{listed}: {}", all.body);
    }
    let record = env.page(&format!("/complaints/{id}"), &justice).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert!(record.body.contains("value=\"supervise\"") && record.body.contains(PHONE));
    assert!(
        !record.body.contains("value=\"accept\""),
        "not the bureau's to accept"
    );
    let not_handler = act(&env, &justice, id, &[("action", "accept"), ("text", "")]).await;
    assert_eq!(not_handler.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_handler.body.contains("不由本单位办理"),
        "{}",
        not_handler.body
    );
    let supervised = act(
        &env,
        &justice,
        id,
        &[("action", "supervise"), ("text", "请于三日内核查并反馈")],
    )
    .await;
    assert_redirected_to_complaint(&supervised, id);
    let by_township = act(
        &env,
        &officer,
        id,
        &[("action", "supervise"), ("text", "自己督办自己")],
    )
    .await;
    assert_eq!(by_township.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(by_township.body.contains("督办由县级司法行政部门作出"));

    // 城关镇 accepts and answers; a two-word answer is not an answer.
    let accepted = act(
        &env,
        &officer,
        id,
        &[("action", "accept"), ("text", "安排执法人员现场核查")],
    )
    .await;
    assert_redirected_to_complaint(&accepted, id);
    let again = act(&env, &officer, id, &[("action", "accept"), ("text", "")]).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    let short = act(
        &env,
        &officer,
        id,
        &[("action", "answer"), ("text", "已处理")],
    )
    .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.body
    );
    assert!(short.body.contains("办理结果至少10个字"), "{}", short.body);
    let unknown = act(&env, &officer, id, &[("action", "forget"), ("text", "")]).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    let answer = "经现场核查属实，已责令倾倒人当日清运完毕，消防通道已恢复畅通。";
    let answered = act(
        &env,
        &officer,
        id,
        &[("action", "answer"), ("text", answer), ("case_code", "")],
    )
    .await;
    assert_redirected_to_complaint(&answered, id);
    let closed = env.page(&format!("/complaints/{id}"), &officer).await;
    assert!(closed.body.contains(answer) && closed.body.contains("已办结"));
    assert!(!closed.body.contains("value=\"answer\""), "{}", closed.body);

    // The filer reads the answer; the public, only that it is closed.
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for shown in [
        answer,
        "已办结",
        "城关镇已受理",
        "城关镇已办结并答复",
        "示范县司法局已督办",
    ] {
        assert!(mine.body.contains(shown), "{shown}: {}", mine.body);
    }
    let open311 = env
        .get(&format!(
            "/open311/v2/requests/{no}.json?check_code={check}"
        ))
        .await
        .json();
    assert_eq!(open311[0]["status"], "closed", "{open311}");
    assert!(
        open311[0]["status_notes"]
            .as_str()
            .is_some_and(|n| n.contains(answer)),
        "{open311}"
    );
    let public = env.get(&format!("/open311/v2/requests/{no}.json")).await;
    assert_eq!(public.json()[0]["status"], "closed");
    assert!(!public.body.contains(answer), "{}", public.body);
    // Nothing more on a closed complaint.
    let late = act(
        &env,
        &justice,
        id,
        &[("action", "supervise"), ("text", "再督办一次")],
    )
    .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );

    // A report naming no township: the bureau's to pass on, and 城关镇's once passed on.
    let nowhere = open311_post(
        &env,
        &[
            ("service_code", "other"),
            ("description", "县道旁边有人长期非法收购废旧电池，气味刺鼻"),
            ("address_string", "县道旁的废品站"),
        ],
    )
    .await;
    let (triage_no, triage_check, _) = filed(&nowhere);
    let triage = id_of(&env, &triage_no).await;
    let before = env.page(&format!("/complaints/{triage}"), &officer).await;
    assert_eq!(before.status, StatusCode::FORBIDDEN, "{}", before.body);
    let bureau_view = env.page(&format!("/complaints/{triage}"), &justice).await;
    assert!(
        bureau_view.body.contains("value=\"transfer\"")
            && bureau_view
                .body
                .contains(&format!("<option value=\"{}\">城关镇</option>", env.ids.cg)),
        "{}",
        bureau_view.body
    );
    let to_self = act(
        &env,
        &justice,
        triage,
        &[("action", "transfer"), ("text", "转给自己")],
    )
    .await;
    assert_eq!(
        to_self.status,
        StatusCode::BAD_REQUEST,
        "no target: {}",
        to_self.body
    );
    let cg = env.ids.cg.to_string();
    let transferred = act(
        &env,
        &justice,
        triage,
        &[
            ("action", "transfer"),
            ("to_id", &cg),
            ("text", "经核实发生地属城关镇"),
        ],
    )
    .await;
    assert_redirected_to_complaint(&transferred, triage);
    let township_list = env.page("/complaints", &officer).await;
    assert!(
        township_list
            .body
            .contains(&format!("href=\"/complaints/{triage}\">{triage_no}</a>")),
        "{}",
        township_list.body
    );
    let after = env.page(&format!("/complaints/{triage}"), &officer).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    assert!(after.body.contains("value=\"accept\""), "{}", after.body);
    assert_eq!(
        env.app.complaint_status(&triage_no).await.unwrap().handler,
        "城关镇"
    );
    // The filer is told where it went and why; the public, only where.
    let mine = env.get(&track_uri(&triage_no, Some(&triage_check))).await;
    assert!(
        mine.body.contains("转办至城关镇：经核实发生地属城关镇"),
        "{}",
        mine.body
    );
    let public = env
        .get(&format!("/open311/v2/requests/{triage_no}.json"))
        .await;
    assert!(!public.body.contains("经核实发生地"), "{}", public.body);
    assert_eq!(public.json()[0]["agency_responsible"], "城关镇");
    // Steps need the session's CSRF token.
    let forged = env
        .post_form(
            &format!("/complaints/{triage}/act"),
            &officer,
            &[("action", "accept".to_string()), ("text", String::new())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        env.app.complaint_status(&triage_no).await.unwrap().status,
        Status::Received,
        "a forged step changes nothing"
    );
}

/// The application and the router again, with the clock at noon of `on` (China time).
fn at(env: &mut Env, on: NaiveDate) {
    let mut app = env.app.clone();
    app.clock = Arc::new(FixedClock::new(
        Utc.from_utc_datetime(&on.and_hms_opt(4, 0, 0).expect("valid time")),
    ));
    env.router = zhifa_web::router(WebState::new(app.clone(), false));
    env.app = app;
}

#[tokio::test]
async fn a_missed_deadline_is_escalated_once_to_the_justice_bureau() {
    let mut env = Env::new().await;
    // The demo's complaint at the bureau is accepted, so that it has a later deadline.
    let justice_actor = env.actor("justice").await;
    let year = chrono::Datelike::year(&today());
    let conduct = id_of(&env, &format!("TS-{year}-00003")).await;
    env.app
        .act_on_complaint(
            &justice_actor,
            conduct,
            ComplaintCommand::Accept {
                note: "调取执法记录仪视频核查".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        env.app.escalate_overdue().await.unwrap(),
        0,
        "nothing is late yet"
    );

    let (no, check) = report_in_chengguan(&env).await;
    let due = env
        .app
        .complaint_status(&no)
        .await
        .unwrap()
        .due_on
        .expect("a deadline");
    assert!(
        due > today() + chrono::Days::new(7),
        "7 working days: {due}"
    );

    // On the last day it is not late.
    at(&mut env, due);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    let status = env.app.complaint_status(&no).await.unwrap();
    assert!(!status.overdue && !status.escalated);

    // The day after: escalated once, however often the sweep runs.
    at(&mut env, due + chrono::Days::new(1));
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 1);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    let status = env.app.complaint_status(&no).await.unwrap();
    assert!(status.overdue && status.escalated, "{status:?}");
    assert_eq!(status.handler, "城关镇", "城关镇 still has to act");
    assert_eq!(status.status, Status::Received);

    // The public reads 已督办; Open311 gives a notice.
    let track = env.get(&track_uri(&no, None)).await;
    assert!(
        track.body.contains("已督办") && track.body.contains("已超期"),
        "{}",
        track.body
    );
    let open311 = env
        .get(&format!("/open311/v2/requests/{no}.json"))
        .await
        .json();
    assert!(
        open311[0]["service_notice"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "{open311}"
    );
    assert!(
        open311[0]["status_notes"]
            .as_str()
            .is_some_and(|n| n.contains("示范县司法局督办")),
        "{open311}"
    );
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert!(
        mine.body
            .contains(&format!("受理期限（{due}）已过，已报示范县司法局督办")),
        "{}",
        mine.body
    );

    // The bureau's list of late complaints has it; the accepted one is not late.
    let justice = env.login("justice").await;
    let overdue = env.page("/complaints?show=overdue", &justice).await;
    assert_eq!(overdue.status, StatusCode::OK, "{}", overdue.body);
    assert!(overdue.body.contains(&no), "{}", overdue.body);
    assert!(
        !overdue.body.contains(&format!("TS-{year}-00003")),
        "{}",
        overdue.body
    );
    let officer = env.login("officer").await;
    let township = env.page("/complaints?show=overdue", &officer).await;
    assert!(township.body.contains(&no), "{}", township.body);

    // Accepting late starts the answer deadline; that one, missed, is escalated on its own.
    let id = id_of(&env, &no).await;
    let officer_actor = env.actor("officer").await;
    env.app
        .act_on_complaint(
            &officer_actor,
            id,
            ComplaintCommand::Accept {
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let answer_by = env.app.complaint_status(&no).await.unwrap().due_on.unwrap();
    at(&mut env, answer_by + chrono::Days::new(1));
    // By then the demo's conduct complaint, accepted on the first day, is late too.
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 2);
    assert_eq!(env.app.escalate_overdue().await.unwrap(), 0);
    let mine = env.get(&track_uri(&no, Some(&check))).await;
    assert!(
        mine.body.contains(&format!("办结期限（{answer_by}）已过")),
        "{}",
        mine.body
    );
}
