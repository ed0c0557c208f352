//! The route walk's cases for the API routes: one per route, with ids of 城关镇's objects.
//!
//! Not here: running and judging the cases (the parent module).

use super::{Case, Expect, query};
use crate::support::{Ids, day};
use axum::http::Method;
use serde_json::{Value, json};
use zhifa_domain::Id;

pub(super) fn api_cases(ids: &Ids, document: Id) -> Vec<Case> {
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
        // Sent as a file by the walk, with this query.
        c(
            &p,
            "/api/v1/evidence",
            format!(
                "/api/v1/evidence?{}",
                query(&[
                    ("org_id", &ids.cg.to_string()),
                    ("captured_at", "2026-11-27T09:00:00+08:00"),
                    ("device", "执法记录仪"),
                    ("officer_id", &officer.to_string()),
                ])
            ),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/evidence/{evidence_id}",
            format!("/api/v1/evidence/{}", ids.cg_evidence),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/evidence/{evidence_id}/content",
            format!("/api/v1/evidence/{}/content", ids.cg_evidence),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/discretion",
            "/api/v1/discretion".into(),
            Scoped,
            None,
        ),
        c(&g, "/api/v1/cases", "/api/v1/cases".into(), Scoped, None),
        c(
            &p,
            "/api/v1/orgs/{org_id}/cases",
            format!("/api/v1/orgs/{}/cases", ids.cg),
            Denied,
            Some(json!({
                "item_id": ids.statutory_item, "source": "跨乡镇测试", "facts": "跨乡镇",
                "party": {"kind": "natural", "name": "某人", "birth_date": "1980-01-01"},
                "act": {"occurred_on": day(-3), "ended_on": null, "continuing": false, "caused_harm": false}
            })),
        ),
        c(
            &p,
            "/api/v1/orgs/{org_id}/on-the-spot",
            format!("/api/v1/orgs/{}/on-the-spot", ids.cg),
            Denied,
            Some(json!({
                "item_id": ids.statutory_item, "facts": "跨乡镇", "correction": "改正",
                "party": {"kind": "natural", "name": "某人", "birth_date": "1980-01-01"},
                "act": {"occurred_on": day(-1), "ended_on": null, "continuing": false, "caused_harm": false},
                "officer_ids": [officer], "certificate_shown": true,
                "penalty": {"kinds": [{"kind": "warning"}]}, "collected": false
            })),
        ),
        c(
            &g,
            "/api/v1/cases/{case_id}",
            format!("/api/v1/cases/{}", ids.cg_case),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/cases/{case_id}/commands",
            format!("/api/v1/cases/{}/commands", ids.cg_case),
            Denied,
            Some(json!({"action": "decline_filing", "reason": "跨乡镇测试"})),
        ),
        c(
            &g,
            "/api/v1/cases/{case_id}/documents",
            format!("/api/v1/cases/{}/documents", ids.cg_case),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/cases/{case_id}/documents",
            format!("/api/v1/cases/{}/documents", ids.cg_case),
            Denied,
            Some(json!({"kind": "filing_approval"})),
        ),
        c(
            &g,
            "/api/v1/cases/{case_id}/documents/preview",
            format!(
                "/api/v1/cases/{}/documents/preview?kind=filing_approval",
                ids.cg_case
            ),
            Denied,
            None,
        ),
        c(
            &g,
            "/api/v1/documents/{document_id}/content",
            format!("/api/v1/documents/{document}/content"),
            Denied,
            None,
        ),
        c(
            &p,
            "/api/v1/documents/{document_id}/signature",
            format!("/api/v1/documents/{document}/signature"),
            Denied,
            // A valid PNG header, so that only authorization can refuse it.
            Some(
                json!({"signer": "跨乡镇", "image_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="}),
            ),
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
