//! What the public reads of a filing and what only its check code opens, on the API and
//! on the portal's form and tracking page.

use super::*;

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
    // Typed in lower case, as a phone's keyboard gives it: the same complaint.
    let lower = env.get(&track_uri(&no.to_lowercase(), None)).await;
    assert_eq!(lower.status, StatusCode::OK, "{}", lower.body);
    assert!(lower.body.contains(&no), "{}", lower.body);
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
