//! The Open311 API: discovery, filing form-encoded and multipart, routing and refusals.

use super::*;

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

    // A text field far beyond any description is refused before it is read whole.
    let huge = "字".repeat(10_000);
    let reply = env
        .send(multipart(
            "/open311/v2/requests.json",
            &[("service_code", STATUTORY), ("description", &huge)],
            &[],
        ))
        .await;
    assert!(open311_error(&reply, StatusCode::BAD_REQUEST).contains("过长"));

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
    // The handler and the bureau open the photo from the record; another township does not.
    let photo_id = id_of(&env, &with_photo).await;
    let link = format!(
        "/complaints/{photo_id}/attachments/{}",
        staff.filer.attachments[0].sha256
    );
    let session = env.login("officer").await;
    let record = env.page(&format!("/complaints/{photo_id}"), &session).await;
    assert!(
        record
            .body
            .contains(&format!("href=\"{link}\">fire-lane.png</a>")),
        "{}",
        record.body
    );
    for reader in ["officer", "justice"] {
        let file = env.page(&link, &env.login(reader).await).await;
        assert_eq!(file.status, StatusCode::OK, "{reader}: {}", file.body);
        assert_eq!(file.header("content-type").as_deref(), Some("image/png"));
        assert_eq!(file.body, String::from_utf8_lossy(&png), "{reader}");
    }
    let foreign = env.page(&link, &env.login("qs_officer").await).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let not_attached = env
        .page(
            &format!("/complaints/{photo_id}/attachments/{}", "0".repeat(64)),
            &session,
        )
        .await;
    assert_eq!(not_attached.status, StatusCode::NOT_FOUND);
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
    let nowhere = report_nowhere(&env).await;
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
async fn one_address_files_at_most_its_hours_share() {
    let env = Env::new().await;
    let from =
        |ip: [u8; 4]| {
            let mut request = Request::post("/open311/v2/requests.json")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(urlencoded(&[
                    ("service_code", "conduct"),
                    ("description", WORDS),
                ])))
                .expect("request");
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((ip, 40000)),
            ));
            request
        };
    let share = env.app.policy.complaints.max_filings_per_hour;
    for _ in 0..share {
        assert_eq!(env.send(from([10, 0, 0, 7])).await.status, StatusCode::OK);
    }
    let before = public_count(&env).await;
    let refused = env.send(from([10, 0, 0, 7])).await;
    assert!(open311_error(&refused, StatusCode::TOO_MANY_REQUESTS).contains("次数过多"));
    assert_eq!(public_count(&env).await, before, "nothing filed");
    // The portal's form counts against the same share.
    let form = env
        .send({
            let mut r = multipart(
                "/portal/complaints",
                &[("service_code", "conduct"), ("description", WORDS)],
                &[],
            );
            r.extensions_mut()
                .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                    [10, 0, 0, 7],
                    1,
                ))));
            r
        })
        .await;
    assert_eq!(form.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        env.send(from([10, 0, 0, 8])).await.status,
        StatusCode::OK,
        "another address"
    );
}
