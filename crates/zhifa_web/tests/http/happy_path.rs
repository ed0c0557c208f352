//! A happy path through the API: the city reviews, the county publishes and files, and the
//! resolver follows the dates of the grants.
//!
//! Not here: refused or malformed requests (`bad_input`, `route_walk`).

use crate::support::{Env, Reply, day};
use axum::http::{Method, StatusCode};
use serde_json::json;

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
