//! The JSON API under `/api/v1`, for bearer-token callers, and its OpenAPI description.
//!
//! Handlers are thin: they read the caller, the path id, the query and the JSON body, call
//! one use case and answer with JSON. Reads answer 200, creations 201 with `{"id": …}`, state
//! changes 204 without a body. Every error — including a body that is not JSON, a date that is
//! not `YYYY-MM-DD` or an unknown key — is the structured error of [`crate::error`].

use crate::WebState;
use crate::error::ApiError;
use crate::extract::ApiCaller;
use crate::router::{RouteKind, RouteSpec, route_specs};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use zhifa_app::AppError;
use zhifa_app::catalog::{CatalogFormat, CatalogImport};
use zhifa_app::lists::AssessmentInput;
use zhifa_app::users::UserInput;
use zhifa_domain::Id;
use zhifa_domain::officers::{CertificateApplication, Grade, RevocationGround, TrainingKind};
use zhifa_domain::org::Role;

type ApiResult = Result<Response, ApiError>;

// ---------------------------------------------------------------------------------------------
// Input: the JSON body, the path id, the query string, dates and enumerations.

/// A JSON request body. Anything that does not parse becomes the API's structured error rather
/// than axum's plain-text rejection; unknown keys are refused by the body types.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError(AppError::invalid(
                "body",
                format!("请求体无法读取：{}", e.body_text()),
            ))
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            let message = match e.classify() {
                serde_json::error::Category::Data => format!("请求体字段有误：{e}"),
                _ => format!("请求体不是有效的 JSON：{e}"),
            };
            ApiError(AppError::invalid("body", message))
        })
    }
}

/// The one integer id in the path (every API route has at most one).
pub struct PathId(pub Id);

/// Path parameter names as static field names for errors.
const PATH_PARAMS: [&str; 8] = [
    "law_id",
    "item_id",
    "township_id",
    "grant_id",
    "list_id",
    "org_id",
    "user_id",
    "certificate_id",
];

fn param_field(name: &str) -> &'static str {
    PATH_PARAMS.into_iter().find(|p| *p == name).unwrap_or("id")
}

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError(AppError::NotFound("资源")))?;
        let (name, value) = params
            .iter()
            .next()
            .ok_or(ApiError(AppError::NotFound("资源")))?;
        let id = value.parse::<Id>().map_err(|_| {
            ApiError(AppError::invalid(
                param_field(name),
                format!("{name} 应为整数"),
            ))
        })?;
        Ok(PathId(id))
    }
}

/// The query string as name–value pairs.
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|_| ApiError(AppError::invalid("query", "查询参数无法解析")))
    }
}

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    fn required(&self, name: &'static str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError(AppError::invalid(name, format!("缺少查询参数 {name}"))))
    }

    fn id(&self, name: &'static str) -> Result<Id, ApiError> {
        self.required(name)?
            .trim()
            .parse()
            .map_err(|_| ApiError(AppError::invalid(name, format!("{name} 应为整数"))))
    }

    /// A date parameter; today when absent.
    fn date_or(&self, name: &'static str, today: NaiveDate) -> Result<NaiveDate, ApiError> {
        self.get(name).map_or(Ok(today), |v| date(name, v))
    }
}

fn date(field: &'static str, value: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError(AppError::invalid(
            field,
            format!("{field} 应为 YYYY-MM-DD 格式的有效日期，例如 2026-01-31"),
        ))
    })
}

fn optional_date(field: &'static str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| date(field, v))
        .transpose()
}

fn choice<T>(
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    keys: &[&str],
) -> Result<T, ApiError> {
    parse(value.trim()).ok_or_else(|| {
        ApiError(AppError::invalid(
            field,
            format!("{field} 无效，应为：{}", keys.join("、")),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Output.

fn ok<T: Serialize>(value: T) -> ApiResult {
    Ok(Json(value).into_response())
}

fn created(id: Id) -> ApiResult {
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

fn done() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Who is calling.

pub async fn me(ApiCaller(a): ApiCaller) -> ApiResult {
    ok(json!({
        "id": a.user.id,
        "username": a.user.username,
        "display_name": a.user.display_name,
        "role": a.user.role,
        "role_label": a.user.role.label(),
        "org": a.org,
        "scope": a.scope,
    }))
}

// ---------------------------------------------------------------------------------------------
// Laws and the catalog: reference data.

pub async fn laws(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.laws(&a).await?)
}

pub async fn law(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (law, articles) = s.app.law(&a, id).await?;
    ok(json!({ "law": law, "articles": articles }))
}

pub async fn article(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    ok(s.app.cited_article(&a, q.required("citation")?).await?)
}

pub async fn catalog_items(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.catalog_items(&a).await?)
}

pub async fn catalog_item(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.catalog_item(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    name: String,
    version: String,
    #[serde(default)]
    source: String,
    format: String,
    content: String,
}

pub async fn import_catalog(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<ImportBody>,
) -> ApiResult {
    let format = match b.format.trim().to_ascii_lowercase().as_str() {
        "csv" => CatalogFormat::Csv,
        "json" => CatalogFormat::Json,
        _ => return Err(AppError::invalid("format", "format 应为 csv 或 json").into()),
    };
    let import = CatalogImport {
        name: b.name,
        version: b.version,
        source: b.source,
        format,
        text: b.content,
    };
    let report = s.app.import_catalog(Some(&a), import).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": report.catalog_id, "items": report.items })),
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Bodies and jurisdiction.

pub async fn orgs(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.visible_orgs(&a).await?)
}

pub async fn powers(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    q: Params,
) -> ApiResult {
    let on = q.date_or("date", s.app.clock.today())?;
    ok(json!({ "township_id": id, "date": on, "powers": s.app.township_powers(&a, id, on).await? }))
}

pub async fn grants(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let grants: Vec<Value> = s
        .app
        .township_grants(&a, id)
        .await?
        .into_iter()
        .map(|(grant, item)| json!({ "grant": grant, "item": item }))
        .collect();
    ok(grants)
}

pub async fn resolve(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    let (township_id, item_id) = (q.id("township_id")?, q.id("item_id")?);
    let on = q.date_or("date", s.app.clock.today())?;
    ok(s.app.resolve(&a, township_id, item_id, on).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    effective_on: String,
    reason: String,
}

pub async fn withdraw(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<WithdrawBody>,
) -> ApiResult {
    let on = date("effective_on", &b.effective_on)?;
    s.app.withdraw_grant(&a, id, on, &b.reason).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemBody {
    item_id: Id,
    text: String,
}

pub async fn report_problem(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ProblemBody>,
) -> ApiResult {
    created(s.app.report_problem(&a, id, b.item_id, &b.text).await?)
}

pub async fn usage(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    let on = q.date_or("date", s.app.clock.today())?;
    ok(json!({ "date": on, "items": s.app.item_usage(&a, on).await? }))
}

// ---------------------------------------------------------------------------------------------
// Acceptance lists.

pub async fn lists(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.lists(&a).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewListBody {
    township_id: Id,
    batch: String,
}

pub async fn create_list(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<NewListBody>,
) -> ApiResult {
    created(s.app.create_list(&a, b.township_id, &b.batch).await?)
}

pub async fn list(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.list(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    item_id: Id,
    effective_from: String,
    #[serde(default)]
    transition_until: Option<String>,
}

pub async fn add_item(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ItemBody>,
) -> ApiResult {
    let from = date("effective_from", &b.effective_from)?;
    let until = optional_date("transition_until", b.transition_until.as_deref())?;
    s.app.add_list_item(&a, id, b.item_id, from, until).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    agreed: bool,
    document: String,
}

pub async fn consent(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ConsentBody>,
) -> ApiResult {
    s.app.consent_list(&a, id, b.agreed, &b.document).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    staff: u32,
    certified_officers: u32,
    equipment: String,
    expected_cases_per_year: u32,
    conclusion: String,
}

pub async fn assessment(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<AssessmentBody>,
) -> ApiResult {
    let input = AssessmentInput {
        staff: b.staff,
        certified_officers: b.certified_officers,
        equipment: b.equipment,
        expected_cases_per_year: b.expected_cases_per_year,
        conclusion: b.conclusion,
    };
    s.app.attach_assessment(&a, id, input).await?;
    done()
}

pub async fn submit(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.submit_list(&a, id).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    approved: bool,
    #[serde(default)]
    opinion: String,
}

pub async fn review(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ReviewBody>,
) -> ApiResult {
    s.app.review_list(&a, id, b.approved, &b.opinion).await?;
    done()
}

pub async fn publish(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.publish_list(&a, id).await?;
    done()
}

pub async fn file(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.file_list(&a, id).await?;
    done()
}

/// The filing package: JSON, or with `?format=csv` the CSV the province receives.
pub async fn filing(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    q: Params,
) -> ApiResult {
    let csv = match q.get("format").map(|f| f.trim().to_ascii_lowercase()) {
        None => false,
        Some(f) if f == "json" => false,
        Some(f) if f == "csv" => true,
        Some(_) => return Err(AppError::invalid("format", "format 应为 json 或 csv").into()),
    };
    let package = s.app.filing_package(&a, id).await?;
    if !csv {
        return ok(package);
    }
    let disposition = format!("attachment; filename=\"filing-{id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        package.to_csv(),
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Officers.

pub async fn compliance(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (org, compliance) = s.app.compliance(&a, id).await?;
    ok(json!({ "org": org, "compliance": compliance }))
}

pub async fn person(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.person(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateBody {
    number: String,
    issued_on: String,
    expires_on: String,
    domains: Vec<String>,
    in_establishment: bool,
    general_exam_passed: bool,
    domain_exam_passed: bool,
}

pub async fn issue_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<CertificateBody>,
) -> ApiResult {
    let application = CertificateApplication {
        number: b.number,
        issued_on: date("issued_on", &b.issued_on)?,
        expires_on: date("expires_on", &b.expires_on)?,
        domains: b.domains,
        in_establishment: b.in_establishment,
        general_exam_passed: b.general_exam_passed,
        domain_exam_passed: b.domain_exam_passed,
    };
    created(s.app.issue_certificate(Some(&a), id, application).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationBody {
    ground: String,
    reason: String,
}

pub async fn revoke_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<RevocationBody>,
) -> ApiResult {
    let keys: Vec<&str> = RevocationGround::ALL.iter().map(|g| g.key()).collect();
    let ground = choice("ground", &b.ground, RevocationGround::parse, &keys)?;
    s.app.revoke_certificate(&a, id, ground, &b.reason).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateReviewBody {
    year: i32,
    passed: bool,
}

pub async fn review_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<CertificateReviewBody>,
) -> ApiResult {
    s.app.review_certificate(&a, id, b.year, b.passed).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingBody {
    kind: String,
    hours: u32,
    course: String,
    on: String,
}

pub async fn training(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<TrainingBody>,
) -> ApiResult {
    let kind = choice("kind", &b.kind, TrainingKind::parse, &["general", "domain"])?;
    let on = date("on", &b.on)?;
    created(
        s.app
            .record_training(Some(&a), id, kind, b.hours, &b.course, on)
            .await?,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecordBody {
    year: i32,
    grade: String,
    #[serde(default)]
    note: String,
}

pub async fn assessment_record(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<AssessmentRecordBody>,
) -> ApiResult {
    let keys: Vec<&str> = Grade::ALL.iter().map(|g| g.key()).collect();
    let grade = choice("grade", &b.grade, Grade::parse, &keys)?;
    created(
        s.app
            .record_assessment(&a, id, b.year, grade, &b.note)
            .await?,
    )
}

// ---------------------------------------------------------------------------------------------
// Users.

pub async fn users(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.users(&a).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserBody {
    username: String,
    display_name: String,
    role: String,
    org_id: Id,
    password: String,
}

pub async fn create_user(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<UserBody>,
) -> ApiResult {
    let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
    let role = choice("role", &b.role, Role::parse, &keys)?;
    let input = UserInput {
        username: b.username,
        display_name: b.display_name,
        role,
        org_id: b.org_id,
        password: b.password,
    };
    created(s.app.create_user(Some(&a), input).await?)
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, built from the route table.

/// POST routes that create something and answer 201 with its id; other POSTs answer 204.
const CREATING: [&str; 6] = [
    "/api/v1/catalog/imports",
    "/api/v1/lists",
    "/api/v1/people/{user_id}/certificates",
    "/api/v1/people/{user_id}/training",
    "/api/v1/people/{user_id}/assessments",
    "/api/v1/users",
];

/// The query parameters the handlers read: (path, name, required, schema).
fn query_parameters(spec: &RouteSpec) -> Vec<(&'static str, bool, Value)> {
    let date = json!({ "type": "string", "format": "date" });
    let id = json!({ "type": "integer", "format": "int64" });
    match (spec.method.clone(), spec.path) {
        (Method::GET, "/api/v1/articles") => vec![("citation", true, json!({ "type": "string" }))],
        (Method::GET, "/api/v1/townships/{township_id}/powers") => vec![("date", false, date)],
        (Method::GET, "/api/v1/resolve") => vec![
            ("township_id", true, id.clone()),
            ("item_id", true, id),
            ("date", false, date),
        ],
        (Method::GET, "/api/v1/lists/{list_id}/filing") => vec![(
            "format",
            false,
            json!({ "type": "string", "enum": ["json", "csv"] }),
        )],
        _ => vec![],
    }
}

/// The status a successful call of the route answers with.
pub fn success_status(spec: &RouteSpec) -> StatusCode {
    if spec.method != Method::POST {
        StatusCode::OK
    } else if CREATING.contains(&spec.path) {
        StatusCode::CREATED
    } else {
        StatusCode::NO_CONTENT
    }
}

fn field_schema(kind: &str) -> Value {
    match kind {
        "integer" => json!({ "type": "integer", "format": "int64" }),
        "boolean" => json!({ "type": "boolean" }),
        "date" => json!({ "type": "string", "format": "date" }),
        "array" => json!({ "type": "array", "items": { "type": "string" } }),
        _ => json!({ "type": "string" }),
    }
}

fn operation_id(spec: &RouteSpec) -> String {
    let path: String = spec
        .path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("{}_{}", spec.method.as_str().to_ascii_lowercase(), path)
}

fn operation(spec: &RouteSpec) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id(spec)));
    op.insert("summary".into(), json!(spec.summary));
    let tag = spec
        .path
        .trim_start_matches("/api/v1/")
        .split('/')
        .next()
        .unwrap_or_default();
    op.insert(
        "tags".into(),
        json!([if tag.is_empty() || tag.starts_with("healthz") {
            "system"
        } else {
            tag
        }]),
    );

    let mut parameters: Vec<Value> = spec
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }))
        .collect();
    parameters.extend(
        query_parameters(spec).into_iter().map(|(name, required, schema)| json!({ "name": name, "in": "query", "required": required, "schema": schema })),
    );
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }

    if !spec.body.is_empty() {
        let properties: Map<String, Value> = spec
            .body
            .iter()
            .map(|f| (f.name.to_string(), field_schema(f.kind)))
            .collect();
        let required: Vec<&str> = spec
            .body
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let schema = json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false });
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
        );
    }

    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let mut responses = Map::new();
    let status = success_status(spec);
    let success = match status {
        StatusCode::CREATED => json!({
            "description": "已创建",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Created" } } },
        }),
        StatusCode::NO_CONTENT => json!({ "description": "已完成" }),
        _ if spec.path == "/healthz" => json!({ "description": "服务正常" }),
        _ if spec.path == "/api/v1/lists/{list_id}/filing" => json!({
            "description": "成功",
            "content": { "application/json": { "schema": {} }, "text/csv": { "schema": { "type": "string" } } },
        }),
        _ => json!({ "description": "成功", "content": { "application/json": { "schema": {} } } }),
    };
    responses.insert(status.as_u16().to_string(), success);
    if spec.kind == RouteKind::Api {
        responses.insert("400".into(), error("输入有误"));
        responses.insert("401".into(), error("未提供或无效的 API 令牌"));
        responses.insert("403".into(), error("无权进行此操作"));
        responses.insert("404".into(), error("资源不存在"));
        if spec.method == Method::POST {
            responses.insert("409".into(), error("与已有数据冲突"));
            responses.insert(
                "422".into(),
                error("业务规则不允许（basis 为所适用的规定）"),
            );
        }
    }
    op.insert("responses".into(), Value::Object(responses));
    if spec.kind != RouteKind::Api {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

/// The OpenAPI 3.1 description of the API, generated from the route table.
pub fn openapi_document() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for spec in route_specs()
        .iter()
        .filter(|s| s.kind == RouteKind::Api || s.path == "/healthz")
    {
        let item = paths
            .entry(spec.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(spec.method.as_str().to_ascii_lowercase(), operation(spec));
        }
    }
    let nullable = |t: &str| json!({ "type": [t, "null"] });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Zhifa 执法 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "乡镇综合行政执法：法规库、权力事项目录、承接清单、管辖查询与执法人员管理。调用需在 Authorization 头中携带 Bearer API 令牌；日期均为 YYYY-MM-DD。",
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "在“我的账号”页面创建的 API 令牌" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["code", "message", "errors"],
                    "properties": {
                        "code": { "type": "string", "description": "稳定的错误代码，例如 list.no_consent" },
                        "message": { "type": "string" },
                        "field": nullable("string"),
                        "basis": { "type": ["string", "null"], "description": "所适用的法律依据或规定" },
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["message"],
                                "properties": { "line": nullable("integer"), "field": nullable("string"), "message": { "type": "string" } },
                            },
                        },
                    },
                },
                "Created": {
                    "type": "object",
                    "required": ["id"],
                    "properties": { "id": { "type": "integer", "format": "int64" } },
                },
            },
        },
        "security": [{ "bearer": [] }],
    })
}

pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}
