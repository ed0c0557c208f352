//! Every route of Zhifa in one table. The OpenAPI document and the route-walking
//! authorization test read the same table, so neither can drift from what is served.

use crate::{WebState, api, assets, metrics, pages};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::middleware;
use axum::routing::{MethodRouter, get, post};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// Open to anyone: login, health, metrics, assets, the API description.
    Public,
    /// A page for signed-in people.
    Page,
    /// The JSON API, for bearer-token callers.
    Api,
}

/// A request-body field of an API route, for the OpenAPI document.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// JSON type: string, integer, boolean, date, array.
    pub kind: &'static str,
    pub required: bool,
}

const fn f(name: &'static str, kind: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub kind: RouteKind,
    pub summary: &'static str,
    pub body: Vec<Field>,
}

fn spec(
    method: Method,
    path: &'static str,
    kind: RouteKind,
    summary: &'static str,
    body: Vec<Field>,
) -> RouteSpec {
    RouteSpec {
        method,
        path,
        kind,
        summary,
        body,
    }
}

/// The most a complaint's filing may send: its text and the default policy's five files of
/// 20 MiB (each file is held to the policy's own limit as it is stored).
const FILING_LIMIT: usize = 101 * 1024 * 1024;

/// The table: every route with its handler, one line each.
#[rustfmt::skip]
pub fn table() -> Vec<(RouteSpec, MethodRouter<WebState>)> {
    use RouteKind::*;
    let (g, p) = (Method::GET, Method::POST);
    vec![
        (spec(g.clone(), "/healthz", Public, "健康检查", vec![]), get(pages::system::healthz)),
        (spec(g.clone(), "/metrics", Public, "Prometheus 指标", vec![]), get(pages::system::metrics)),
        (spec(g.clone(), "/static/app.css", Public, "样式表", vec![]), get(assets::css)),
        (spec(g.clone(), "/static/sign.js", Public, "签名板脚本", vec![]), get(assets::sign_js)),
        (spec(g.clone(), "/api/v1/openapi.json", Public, "OpenAPI 文档", vec![]), get(api::openapi)),
        (spec(g.clone(), "/log/checkpoint", Public, "日志最新检查点（C2SP tlog-checkpoint，已签名）", vec![]), get(pages::log::checkpoint)),
        (spec(g.clone(), "/log/tile/{*path}", Public, "日志瓦片与记录包（C2SP tlog-tiles）", vec![]), get(pages::log::tile)),
        (spec(g.clone(), "/log/entries/{seq}", Public, "日志记录及其包含证明", vec![]), get(pages::log::entry)),
        (spec(g.clone(), "/verify/{code}", Public, "按验证码核验文书：浏览器得到核验页，程序得到 JSON（文书信息、日志记录、包含证明与检查点）", vec![]), get(pages::portal::verify_code)),
        (spec(g.clone(), "/portal", Public, "公示平台首页", vec![]), get(pages::portal::home)),
        (spec(g.clone(), "/portal/bodies/{code}", Public, "执法主体公示：权责清单（?on= 某日）、执法人员、投诉渠道", vec![]), get(pages::portal::body)),
        (spec(g.clone(), "/portal/powers", Public, "权责清单检索（?q= 关键词，各词均须出现）：事项与今日的行使主体", vec![]), get(pages::portal::powers)),
        (spec(g.clone(), "/portal/discretion", Public, "裁量基准与包容免罚清单", vec![]), get(pages::portal::discretion)),
        (spec(g.clone(), "/portal/decisions", Public, "处罚决定公开（?org=&before=）", vec![]), get(pages::portal::decisions)),
        (spec(g.clone(), "/portal/decisions/{publication_id}", Public, "公开的处罚决定", vec![]), get(pages::portal::decision)),
        (spec(g.clone(), "/portal/officers", Public, "执法人员核验（?number= 执法证号）", vec![]), get(pages::portal::officer)),
        (spec(g.clone(), "/portal/verify", Public, "文书核验页（?code= 验证码）", vec![]), get(pages::portal::verify)),
        (spec(g.clone(), "/portal/case", Public, "当事人凭案件编号和验证码查询案件（错误次数受限）", vec![]), get(pages::portal::party_case)),
        (spec(g.clone(), "/portal/case/documents/{document_id}", Public, "当事人下载本案文书（?case=&check=）", vec![]), get(pages::portal::party_document)),
        (spec(g.clone(), "/portal/complaints", Public, "投诉举报表单（可匿名，可附证据材料）", vec![]), get(pages::complaints::form)),
        (spec(p.clone(), "/portal/complaints", Public, "提交投诉举报，得到受理编号和查询码", vec![]), post(pages::complaints::file).layer(DefaultBodyLimit::max(FILING_LIMIT))),
        (spec(g.clone(), "/portal/complaints/track", Public, "投诉举报查询（?no= 编号，&check= 查询码看详情；错误次数受限）", vec![]), get(pages::complaints::track)),
        (spec(g.clone(), "/open311/v2/services.json", Public, "Open311 GeoReport v2：可投诉举报的事项", vec![]), get(api::open311::services)),
        (spec(g.clone(), "/open311/v2/services/{service_file}", Public, "Open311：事项定义（{code}.json，属性 township）", vec![]), get(api::open311::service)),
        (spec(g.clone(), "/open311/v2/requests.json", Public, "Open311：投诉举报件列表（不含诉求内容与联系方式）", vec![]), get(api::open311::list)),
        (spec(p.clone(), "/open311/v2/requests.json", Public, "Open311：提交投诉举报（表单或 multipart，media 为附件），返回编号与查询码", vec![f("service_code", "string"), f("description", "string"), opt("address_string", "string"), opt("lat", "string"), opt("long", "string"), opt("attribute[township]", "string"), opt("first_name", "string"), opt("last_name", "string"), opt("phone", "string"), opt("email", "string"), opt("media_url", "string")]), post(api::open311::create).layer(DefaultBodyLimit::max(FILING_LIMIT))),
        (spec(g.clone(), "/open311/v2/requests/{request_file}", Public, "Open311：一件投诉举报（{id}.json；?check_code= 看详情）", vec![]), get(api::open311::one)),
        (spec(g.clone(), "/login", Public, "登录页", vec![]), get(pages::session::login_form)),
        (spec(p.clone(), "/login", Public, "登录", vec![]), post(pages::session::login)),
        (spec(p.clone(), "/logout", Page, "退出", vec![]), post(pages::session::logout)),
        (spec(g.clone(), "/", Page, "工作台", vec![]), get(pages::home::home)),
        (spec(g.clone(), "/laws", Page, "法规库", vec![]), get(pages::laws::index)),
        (spec(g.clone(), "/laws/{law_id}", Page, "法规全文", vec![]), get(pages::laws::show)),
        (spec(g.clone(), "/cite", Page, "条文查看", vec![]), get(pages::laws::cite)),
        (spec(g.clone(), "/catalog", Page, "权力事项目录", vec![]), get(pages::catalog::index)),
        (spec(g.clone(), "/catalog/items/{item_id}", Page, "事项详情", vec![]), get(pages::catalog::show)),
        (spec(p.clone(), "/catalog/import", Page, "导入目录", vec![]), post(pages::catalog::import)),
        (spec(g.clone(), "/catalog/usage", Page, "事项运行情况", vec![]), get(pages::catalog::usage)),
        (spec(g.clone(), "/orgs", Page, "机构与乡镇类别", vec![]), get(pages::orgs::index)),
        (spec(p.clone(), "/orgs", Page, "新建机构", vec![]), post(pages::orgs::create)),
        (spec(p.clone(), "/classes", Page, "新建乡镇类别", vec![]), post(pages::orgs::create_class)),
        (spec(g.clone(), "/classes/{class_id}", Page, "类别清单差异", vec![]), get(pages::orgs::class)),
        (spec(p.clone(), "/classes/{class_id}/lists", Page, "按类别拟定清单", vec![]), post(pages::orgs::class_lists)),
        (spec(p.clone(), "/townships/{township_id}/class", Page, "设置乡镇类别", vec![]), post(pages::orgs::assign_class)),
        (spec(g.clone(), "/townships/{township_id}", Page, "乡镇权责与赋权", vec![]), get(pages::townships::show)),
        (spec(p.clone(), "/townships/{township_id}/problems", Page, "反馈承接问题", vec![]), post(pages::townships::report_problem)),
        (spec(g.clone(), "/resolve", Page, "管辖查询", vec![]), get(pages::townships::resolve)),
        (spec(p.clone(), "/grants/{grant_id}/withdraw", Page, "撤回赋权", vec![]), post(pages::townships::withdraw)),
        (spec(g.clone(), "/lists", Page, "承接清单", vec![]), get(pages::lists::index)),
        (spec(p.clone(), "/lists", Page, "新建承接清单", vec![]), post(pages::lists::create)),
        (spec(g.clone(), "/lists/{list_id}", Page, "清单详情", vec![]), get(pages::lists::show)),
        (spec(p.clone(), "/lists/{list_id}/items", Page, "添加事项", vec![]), post(pages::lists::add_item)),
        (spec(p.clone(), "/lists/{list_id}/items/{item_id}/remove", Page, "移除事项", vec![]), post(pages::lists::remove_item)),
        (spec(p.clone(), "/lists/{list_id}/consent", Page, "乡镇意见", vec![]), post(pages::lists::consent)),
        (spec(p.clone(), "/lists/{list_id}/assessment", Page, "承接能力评估", vec![]), post(pages::lists::assessment)),
        (spec(p.clone(), "/lists/{list_id}/submit", Page, "报市审核", vec![]), post(pages::lists::submit)),
        (spec(p.clone(), "/lists/{list_id}/review", Page, "市级审核", vec![]), post(pages::lists::review)),
        (spec(p.clone(), "/lists/{list_id}/publish", Page, "公布", vec![]), post(pages::lists::publish)),
        (spec(p.clone(), "/lists/{list_id}/file", Page, "报省备案", vec![]), post(pages::lists::file)),
        (spec(g.clone(), "/lists/{list_id}/filing.json", Page, "备案材料 JSON", vec![]), get(pages::lists::filing_json)),
        (spec(g.clone(), "/lists/{list_id}/filing.csv", Page, "备案材料 CSV", vec![]), get(pages::lists::filing_csv)),
        (spec(g.clone(), "/complaints", Page, "投诉举报办理：本单位承办或督办的件（?show=overdue|all）", vec![]), get(pages::complaint_desk::list)),
        (spec(g.clone(), "/complaints/{complaint_id}", Page, "一件投诉举报的全部记录", vec![]), get(pages::complaint_desk::show)),
        (spec(g.clone(), "/complaints/{complaint_id}/attachments/{sha256}", Page, "投诉举报的附件（证据材料）", vec![]), get(pages::complaint_desk::attachment)),
        (spec(p.clone(), "/complaints/{complaint_id}/act", Page, "受理、不予受理、转办、办结或督办", vec![]), post(pages::complaint_desk::act)),
        (spec(g.clone(), "/cases", Page, "案件办理：我的待办、逾期与临期", vec![]), get(pages::cases::index)),
        (spec(g.clone(), "/cases/new", Page, "案源登记", vec![]), get(pages::cases::new_form)),
        (spec(p.clone(), "/cases", Page, "登记案件", vec![]), post(pages::cases::create)),
        (spec(g.clone(), "/cases/on-the-spot", Page, "当场处罚", vec![]), get(pages::cases::spot_form)),
        (spec(p.clone(), "/cases/on-the-spot", Page, "作出当场处罚决定", vec![]), post(pages::cases::spot)),
        (spec(p.clone(), "/cases/on-the-spot/evidence", Page, "上传当场处罚的现场录像", vec![]), post(pages::cases::spot_upload).layer(DefaultBodyLimit::disable())),
        (spec(g.clone(), "/cases/{case_id}", Page, "案件", vec![]), get(pages::cases::show)),
        (spec(p.clone(), "/cases/{case_id}/act", Page, "办理案件步骤", vec![]), post(pages::cases::act)),
        (spec(p.clone(), "/cases/{case_id}/evidence", Page, "上传证据", vec![]), post(pages::cases::upload).layer(DefaultBodyLimit::disable())),
        (spec(p.clone(), "/cases/{case_id}/documents", Page, "签发文书", vec![]), post(pages::cases::issue_document)),
        (spec(g.clone(), "/cases/{case_id}/documents/preview", Page, "文书预览（?kind=）", vec![]), get(pages::cases::preview_document)),
        (spec(g.clone(), "/documents/{document_id}", Page, "已签发文书（PDF）", vec![]), get(pages::cases::document)),
        (spec(g.clone(), "/documents/{document_id}/sign", Page, "当事人屏幕签收", vec![]), get(pages::cases::sign_form)),
        (spec(p.clone(), "/documents/{document_id}/signature", Page, "保存当事人签名", vec![]), post(pages::cases::sign)),
        (spec(g.clone(), "/officers", Page, "执法人员与证件", vec![]), get(pages::officers::index)),
        (spec(g.clone(), "/people/{user_id}", Page, "人员档案", vec![]), get(pages::officers::person)),
        (spec(p.clone(), "/people/{user_id}/certificates", Page, "核发执法证", vec![]), post(pages::officers::issue)),
        (spec(p.clone(), "/people/{user_id}/training", Page, "登记培训", vec![]), post(pages::officers::training)),
        (spec(p.clone(), "/people/{user_id}/assessments", Page, "登记年度考核", vec![]), post(pages::officers::assessment)),
        (spec(p.clone(), "/certificates/{certificate_id}/review", Page, "年审", vec![]), post(pages::officers::review)),
        (spec(p.clone(), "/certificates/{certificate_id}/revoke", Page, "注销证件", vec![]), post(pages::officers::revoke)),
        (spec(g.clone(), "/compliance/{org_id}", Page, "人员合规情况", vec![]), get(pages::officers::compliance)),
        (spec(g.clone(), "/users", Page, "用户管理", vec![]), get(pages::users::index)),
        (spec(p.clone(), "/users", Page, "新建用户", vec![]), post(pages::users::create)),
        (spec(p.clone(), "/users/{user_id}/password", Page, "重置密码", vec![]), post(pages::users::reset_password)),
        (spec(p.clone(), "/users/{user_id}/active", Page, "启用/停用", vec![]), post(pages::users::set_active)),
        (spec(g.clone(), "/account", Page, "我的账号与 API 令牌", vec![]), get(pages::users::account)),
        (spec(p.clone(), "/account/tokens", Page, "创建 API 令牌", vec![]), post(pages::users::create_token)),
        (spec(p.clone(), "/account/tokens/{token_id}/revoke", Page, "吊销 API 令牌", vec![]), post(pages::users::revoke_token)),
        // The JSON API.
        (spec(g.clone(), "/api/v1/me", Api, "当前调用者", vec![]), get(api::me)),
        (spec(g.clone(), "/api/v1/laws", Api, "法规列表", vec![]), get(api::laws)),
        (spec(g.clone(), "/api/v1/laws/{law_id}", Api, "法规条文", vec![]), get(api::law)),
        (spec(g.clone(), "/api/v1/articles", Api, "按引用查条文（?citation=）", vec![]), get(api::article)),
        (spec(g.clone(), "/api/v1/catalog/items", Api, "目录事项", vec![]), get(api::catalog_items)),
        (spec(g.clone(), "/api/v1/catalog/items/{item_id}", Api, "事项及其依据条文", vec![]), get(api::catalog_item)),
        (spec(g.clone(), "/api/v1/catalog/usage", Api, "事项运行情况：承接乡镇、赋权与撤回次数、问题反馈（?date=）", vec![]), get(api::usage)),
        (spec(p.clone(), "/api/v1/catalog/imports", Api, "导入目录（CSV 或 JSON，全部成功或全部不写入）", vec![f("name", "string"), f("version", "string"), opt("source", "string"), f("format", "string"), f("content", "string")]), post(api::import_catalog)),
        (spec(g.clone(), "/api/v1/orgs", Api, "可见机构", vec![]), get(api::orgs)),
        (spec(g.clone(), "/api/v1/townships/{township_id}/powers", Api, "乡镇某日权责清单（?date=）", vec![]), get(api::powers)),
        (spec(g.clone(), "/api/v1/townships/{township_id}/grants", Api, "乡镇赋权记录", vec![]), get(api::grants)),
        (spec(p.clone(), "/api/v1/townships/{township_id}/problems", Api, "反馈承接问题", vec![f("item_id", "integer"), f("text", "string")]), post(api::report_problem)),
        (spec(g.clone(), "/api/v1/resolve", Api, "管辖查询（?township_id=&item_id=&date=）", vec![]), get(api::resolve)),
        (spec(p.clone(), "/api/v1/grants/{grant_id}/withdrawal", Api, "撤回赋权", vec![f("effective_on", "date"), f("reason", "string")]), post(api::withdraw)),
        (spec(g.clone(), "/api/v1/lists", Api, "承接清单", vec![]), get(api::lists)),
        (spec(p.clone(), "/api/v1/lists", Api, "新建承接清单", vec![f("township_id", "integer"), f("batch", "string")]), post(api::create_list)),
        (spec(g.clone(), "/api/v1/lists/{list_id}", Api, "清单详情", vec![]), get(api::list)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/items", Api, "添加事项", vec![f("item_id", "integer"), f("effective_from", "date"), opt("transition_until", "date")]), post(api::add_item)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/consent", Api, "乡镇意见", vec![f("agreed", "boolean"), f("document", "string")]), post(api::consent)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/assessment", Api, "承接能力评估", vec![f("staff", "integer"), f("certified_officers", "integer"), f("equipment", "string"), f("expected_cases_per_year", "integer"), f("conclusion", "string")]), post(api::assessment)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/submission", Api, "报市审核", vec![]), post(api::submit)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/review", Api, "市级审核", vec![f("approved", "boolean"), opt("opinion", "string")]), post(api::review)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/publication", Api, "公布（同时生成赋权）", vec![]), post(api::publish)),
        (spec(p.clone(), "/api/v1/lists/{list_id}/filing", Api, "报省备案", vec![]), post(api::file)),
        (spec(g.clone(), "/api/v1/lists/{list_id}/filing", Api, "备案材料（?format=csv 为 CSV）", vec![]), get(api::filing)),
        (spec(g.clone(), "/api/v1/discretion", Api, "裁量基准与从轻、减轻、从重情节清单", vec![]), get(api::discretion)),
        (spec(g.clone(), "/api/v1/cases", Api, "案件列表（?org_id=），含最近期限", vec![]), get(api::cases)),
        (spec(p.clone(), "/api/v1/orgs/{org_id}/cases", Api, "案源登记", vec![f("item_id", "integer"), f("source", "string"), f("party", "object"), f("facts", "string"), f("act", "object"), opt("safety_related", "boolean")]), post(api::register_case)),
        (spec(p.clone(), "/api/v1/orgs/{org_id}/on-the-spot", Api, "当场处罚（简易程序）", vec![f("item_id", "integer"), f("party", "object"), f("facts", "string"), f("act", "object"), f("officer_ids", "integers"), f("certificate_shown", "boolean"), f("penalty", "object"), f("correction", "string"), f("collected", "boolean"), opt("evidence_ids", "integers")]), post(api::on_the_spot)),
        (spec(g.clone(), "/api/v1/cases/{case_id}", Api, "案件详情：时间线、期限、当前可办理的操作", vec![]), get(api::case)),
        (spec(p.clone(), "/api/v1/cases/{case_id}/commands", Api, "办理一个步骤（action 为步骤名，其余为该步骤的字段）", vec![f("action", "string")]), post(api::case_command)),
        (spec(g.clone(), "/api/v1/cases/{case_id}/documents", Api, "案件文书：已签发的与现在可签发的种类", vec![]), get(api::case_documents)),
        (spec(p.clone(), "/api/v1/cases/{case_id}/documents", Api, "签发文书：编号、生成 PDF、记入日志", vec![f("kind", "string")]), post(api::issue_document)),
        (spec(g.clone(), "/api/v1/cases/{case_id}/documents/preview", Api, "文书预览 PDF（?kind=），不编号、不签发", vec![]), get(api::preview_document)),
        (spec(g.clone(), "/api/v1/documents/{document_id}/content", Api, "已签发文书 PDF（按登记的 SHA-256 校验后发送）", vec![]), get(api::document_content)),
        (spec(p.clone(), "/api/v1/documents/{document_id}/signature", Api, "当事人屏幕签收：签名图像（PNG，Base64）存为证据并记入案件", vec![f("signer", "string"), f("image_base64", "string")]), post(api::sign_document)),
        (spec(g.clone(), "/api/v1/compliance/{org_id}", Api, "人员合规情况", vec![]), get(api::compliance)),
        (spec(g.clone(), "/api/v1/people/{user_id}", Api, "人员档案", vec![]), get(api::person)),
        (spec(p.clone(), "/api/v1/people/{user_id}/certificates", Api, "核发执法证", vec![f("number", "string"), f("issued_on", "date"), f("expires_on", "date"), f("domains", "array"), f("in_establishment", "boolean"), f("general_exam_passed", "boolean"), f("domain_exam_passed", "boolean")]), post(api::issue_certificate)),
        (spec(p.clone(), "/api/v1/certificates/{certificate_id}/revocation", Api, "注销证件", vec![f("ground", "string"), f("reason", "string")]), post(api::revoke_certificate)),
        (spec(p.clone(), "/api/v1/certificates/{certificate_id}/reviews", Api, "年审", vec![f("year", "integer"), f("passed", "boolean")]), post(api::review_certificate)),
        (spec(p.clone(), "/api/v1/people/{user_id}/training", Api, "登记培训", vec![f("kind", "string"), f("hours", "integer"), f("course", "string"), f("on", "date")]), post(api::training)),
        (spec(p.clone(), "/api/v1/people/{user_id}/assessments", Api, "登记年度考核", vec![f("year", "integer"), f("grade", "string"), opt("note", "string")]), post(api::assessment_record)),
        (spec(g.clone(), "/api/v1/users", Api, "用户", vec![]), get(api::users)),
        (spec(p.clone(), "/api/v1/evidence", Api, "上传证据（请求体为文件本身，Content-Type 为其媒体类型；?org_id=&captured_at=&device=&officer_id=&subject=&sha256=）", vec![]), post(api::add_evidence).layer(DefaultBodyLimit::disable())),
        (spec(g.clone(), "/api/v1/evidence/{evidence_id}", Api, "证据登记信息", vec![]), get(api::evidence)),
        (spec(g.clone(), "/api/v1/evidence/{evidence_id}/content", Api, "证据文件（按登记的 SHA-256 校验后发送）", vec![]), get(api::evidence_content)),
        (spec(p.clone(), "/api/v1/users", Api, "新建用户", vec![f("username", "string"), f("display_name", "string"), f("role", "string"), f("org_id", "integer"), f("password", "string")]), post(api::create_user)),
    ]
}

/// The route specifications alone.
pub fn route_specs() -> Vec<RouteSpec> {
    table().into_iter().map(|(s, _)| s).collect()
}

async fn security_headers(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

pub fn router(state: WebState) -> Router {
    let mut router = Router::new();
    for (spec, handler) in table() {
        router = router.route(spec.path, handler);
    }
    router
        .fallback(pages::system::not_found)
        .layer(DefaultBodyLimit::max(crate::extract::MAX_BODY))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(pages::with_layout))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}
