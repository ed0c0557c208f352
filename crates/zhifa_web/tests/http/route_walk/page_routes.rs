//! The route walk's cases for the page routes: one per route, with ids of 城关镇's objects and
//! the form fields of posts.
//!
//! Not here: running and judging the cases (the parent module).

use super::{Case, Expect, query};
use crate::support::{Ids, day};
use axum::http::Method;
use zhifa_domain::Id;

pub(super) fn page_cases(ids: &Ids, document: Id, complaint: Id) -> Vec<Case> {
    use Expect::*;
    let (g, p) = (Method::GET, Method::POST);
    let officer = ids.users["officer"];
    let s = |v: &str| v.to_string();
    let c = |method: &Method,
             route: &'static str,
             uri: String,
             expect: Expect,
             form: Vec<(&'static str, String)>| Case {
        method: method.clone(),
        route,
        uri,
        expect,
        json: None,
        form,
    };
    vec![
        c(&g, "/", "/".into(), Scoped, vec![]),
        c(&g, "/laws", "/laws".into(), Scoped, vec![]),
        c(
            &g,
            "/laws/{law_id}",
            format!("/laws/{}", ids.law),
            Scoped,
            vec![],
        ),
        c(
            &g,
            "/cite",
            format!("/cite?{}", query(&[("c", "《行政处罚法》第二十三条")])),
            Scoped,
            vec![],
        ),
        c(&g, "/catalog", "/catalog".into(), Scoped, vec![]),
        c(
            &g,
            "/catalog/items/{item_id}",
            format!("/catalog/items/{}", ids.item),
            Scoped,
            vec![],
        ),
        // The upload is sent as multipart by the walk.
        c(
            &p,
            "/catalog/import",
            "/catalog/import".into(),
            Denied,
            vec![
                ("name", s("城关镇目录")),
                ("version", s("walk")),
                ("source", s("test")),
            ],
        ),
        c(
            &g,
            "/catalog/usage",
            "/catalog/usage".into(),
            Scoped,
            vec![],
        ),
        c(
            &p,
            "/townships/{township_id}/problems",
            format!("/townships/{}/problems", ids.cg),
            Denied,
            vec![
                ("item_id", ids.item.to_string()),
                ("text", "越权反馈".into()),
            ],
        ),
        c(&g, "/orgs", "/orgs".into(), Scoped, vec![]),
        c(
            &p,
            "/orgs",
            "/orgs".into(),
            Denied,
            vec![
                ("parent_id", ids.cg.to_string()),
                ("kind", s("justice_office")),
                ("name", s("城关第二司法所")),
                ("code", s("519901001-SF2")),
            ],
        ),
        c(
            &p,
            "/classes",
            "/classes".into(),
            Denied,
            vec![
                ("county_id", ids.county.to_string()),
                ("name", s("三类")),
                ("description", s("测试")),
            ],
        ),
        c(
            &g,
            "/classes/{class_id}",
            format!("/classes/{}", ids.cg_class),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/classes/{class_id}/lists",
            format!("/classes/{}/lists", ids.cg_class),
            Denied,
            vec![
                ("batch", s("第二批")),
                ("effective_from", day(30).to_string()),
                ("items", ids.qs_items[0].to_string()),
            ],
        ),
        c(
            &p,
            "/townships/{township_id}/class",
            format!("/townships/{}/class", ids.cg),
            Denied,
            vec![("class_id", s(""))],
        ),
        c(
            &g,
            "/townships/{township_id}",
            format!("/townships/{}", ids.cg),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/resolve",
            format!("/resolve?township_id={}&item_id={}", ids.cg, ids.item),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/grants/{grant_id}/withdraw",
            format!("/grants/{}/withdraw", ids.cg_open_grant),
            Denied,
            vec![
                ("effective_on", day(40).to_string()),
                ("reason", s("跨乡镇测试")),
            ],
        ),
        c(&g, "/lists", "/lists".into(), Scoped, vec![]),
        c(
            &p,
            "/lists",
            "/lists".into(),
            Denied,
            vec![("township_id", ids.cg.to_string()), ("batch", s("第二批"))],
        ),
        c(
            &g,
            "/lists/{list_id}",
            format!("/lists/{}", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/items",
            format!("/lists/{}/items", ids.cg_list),
            Denied,
            vec![
                ("item_id", ids.qs_items[0].to_string()),
                ("effective_from", day(30).to_string()),
                ("transition_until", s("")),
            ],
        ),
        c(
            &p,
            "/lists/{list_id}/items/{item_id}/remove",
            format!("/lists/{}/items/{}/remove", ids.cg_list, ids.item),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/consent",
            format!("/lists/{}/consent", ids.cg_list),
            Denied,
            vec![("agreed", s("yes")), ("document", s("同意"))],
        ),
        c(
            &p,
            "/lists/{list_id}/assessment",
            format!("/lists/{}/assessment", ids.cg_list),
            Denied,
            vec![
                ("staff", s("5")),
                ("certified_officers", s("3")),
                ("equipment", s("记录仪")),
                ("expected_cases_per_year", s("10")),
                ("conclusion", s("同意")),
            ],
        ),
        c(
            &p,
            "/lists/{list_id}/submit",
            format!("/lists/{}/submit", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/review",
            format!("/lists/{}/review", ids.cg_list),
            Denied,
            vec![("approved", s("yes")), ("opinion", s("同意"))],
        ),
        c(
            &p,
            "/lists/{list_id}/publish",
            format!("/lists/{}/publish", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/lists/{list_id}/file",
            format!("/lists/{}/file", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/lists/{list_id}/filing.json",
            format!("/lists/{}/filing.json", ids.cg_list),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/lists/{list_id}/filing.csv",
            format!("/lists/{}/filing.csv", ids.cg_list),
            Denied,
            vec![],
        ),
        c(&g, "/officers", "/officers".into(), Scoped, vec![]),
        c(
            &g,
            "/people/{user_id}",
            format!("/people/{officer}"),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/people/{user_id}/certificates",
            format!("/people/{officer}/certificates"),
            Denied,
            vec![
                ("number", s("川0009998")),
                ("issued_on", s("2026-11-01")),
                ("expires_on", s("2031-11-01")),
                ("domains", s("城市管理")),
                ("in_establishment", s("on")),
                ("general_exam_passed", s("on")),
                ("domain_exam_passed", s("on")),
            ],
        ),
        c(
            &p,
            "/people/{user_id}/training",
            format!("/people/{officer}/training"),
            Denied,
            vec![
                ("kind", s("general")),
                ("hours", s("8")),
                ("course", s("行政处罚法")),
                ("on", s("2026-11-20")),
            ],
        ),
        c(
            &p,
            "/people/{user_id}/assessments",
            format!("/people/{officer}/assessments"),
            Denied,
            vec![
                ("year", s("2025")),
                ("grade", s("incompetent")),
                ("note", s("跨乡镇测试")),
            ],
        ),
        c(
            &p,
            "/certificates/{certificate_id}/review",
            format!("/certificates/{}/review", ids.officer_certificate),
            Denied,
            vec![
                ("year", s("2026")),
                ("passed", s("no")),
                ("user_id", officer.to_string()),
            ],
        ),
        c(
            &p,
            "/certificates/{certificate_id}/revoke",
            format!("/certificates/{}/revoke", ids.officer_certificate),
            Denied,
            vec![
                ("ground", s("other")),
                ("reason", s("跨乡镇测试")),
                ("user_id", officer.to_string()),
            ],
        ),
        c(
            &g,
            "/compliance/{org_id}",
            format!("/compliance/{}", ids.cg),
            Denied,
            vec![],
        ),
        c(&g, "/users", "/users".into(), Scoped, vec![]),
        c(
            &p,
            "/users",
            "/users".into(),
            Denied,
            vec![
                ("username", s("intruder")),
                ("display_name", s("冒名")),
                ("role", s("officer")),
                ("org_id", ids.cg.to_string()),
                ("password", s("Walk-Test-2026!")),
            ],
        ),
        c(
            &p,
            "/users/{user_id}/password",
            format!("/users/{officer}/password"),
            Denied,
            vec![("password", s("Walk-Test-2026!"))],
        ),
        c(
            &p,
            "/users/{user_id}/active",
            format!("/users/{officer}/active"),
            Denied,
            vec![("active", s("no"))],
        ),
        c(&g, "/account", "/account".into(), Scoped, vec![]),
        // The caller's own account: an empty token name writes nothing.
        c(
            &p,
            "/account/tokens",
            "/account/tokens".into(),
            Scoped,
            vec![("name", s(""))],
        ),
        c(
            &p,
            "/account/tokens/{token_id}/revoke",
            format!("/account/tokens/{}/revoke", ids.admin_token_id),
            Denied,
            vec![],
        ),
        // Last: signs the walker out (checked after the walk).
        c(&g, "/cases", "/cases".into(), Scoped, vec![]),
        c(&g, "/cases/new", "/cases/new".into(), Scoped, vec![]),
        // Incomplete: refused before anything is written, even for 青山镇's own cases.
        c(
            &p,
            "/cases",
            "/cases".into(),
            Scoped,
            vec![("party_name", s(""))],
        ),
        c(
            &g,
            "/cases/on-the-spot",
            "/cases/on-the-spot".into(),
            Scoped,
            vec![],
        ),
        c(
            &p,
            "/cases/on-the-spot",
            "/cases/on-the-spot".into(),
            Scoped,
            vec![("facts", s(""))],
        ),
        // Sent as a file that is not a listed media type: refused before it is stored.
        c(
            &p,
            "/cases/on-the-spot/evidence",
            "/cases/on-the-spot/evidence".into(),
            Scoped,
            vec![],
        ),
        c(
            &g,
            "/cases/{case_id}",
            format!("/cases/{}", ids.cg_case),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/cases/{case_id}/act",
            format!("/cases/{}/act", ids.cg_case),
            Denied,
            vec![("action", s("decline_filing")), ("reason", s("跨乡镇测试"))],
        ),
        c(
            &p,
            "/cases/{case_id}/evidence",
            format!("/cases/{}/evidence", ids.cg_case),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/cases/{case_id}/documents",
            format!("/cases/{}/documents", ids.cg_case),
            Denied,
            vec![("kind", s("filing_approval"))],
        ),
        c(
            &g,
            "/cases/{case_id}/documents/preview",
            format!(
                "/cases/{}/documents/preview?kind=filing_approval",
                ids.cg_case
            ),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/documents/{document_id}",
            format!("/documents/{document}"),
            Denied,
            vec![],
        ),
        c(
            &g,
            "/documents/{document_id}/sign",
            format!("/documents/{document}/sign"),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/documents/{document_id}/signature",
            format!("/documents/{document}/signature"),
            Denied,
            vec![
                ("signer", s("跨乡镇")),
                (
                    "image",
                    s(
                        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==",
                    ),
                ),
            ],
        ),
        // 青山镇's own complaints: none of 城关镇's.
        c(
            &g,
            "/complaints",
            "/complaints?show=all".into(),
            Scoped,
            vec![],
        ),
        c(
            &g,
            "/complaints/{complaint_id}",
            format!("/complaints/{complaint}"),
            Denied,
            vec![],
        ),
        c(
            &p,
            "/complaints/{complaint_id}/act",
            format!("/complaints/{complaint}/act"),
            Denied,
            vec![("action", s("accept")), ("text", s("跨乡镇受理"))],
        ),
        c(&p, "/logout", "/logout".into(), Scoped, vec![]),
    ]
}
