//! The OpenAPI 3.1 description of the API, generated from the route table in
//! [`crate::router`], and the handler that serves it.
//!
//! Not here: the routes themselves, or the handlers they describe.

use crate::router::{RouteKind, RouteSpec, route_specs};
use axum::Json;
use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};

/// POST routes that create something and answer 201 with its id; other POSTs answer 204.
const CREATING: [&str; 7] = [
    "/api/v1/catalog/imports",
    "/api/v1/evidence",
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
        (Method::POST, "/api/v1/evidence") => vec![
            ("org_id", true, id.clone()),
            (
                "captured_at",
                true,
                json!({ "type": "string", "format": "date-time" }),
            ),
            ("device", true, json!({ "type": "string" })),
            ("officer_id", true, id),
            ("subject", false, json!({ "type": "string" })),
            (
                "sha256",
                false,
                json!({ "type": "string", "pattern": "^[0-9a-fA-F]{64}$" }),
            ),
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
        "integers" => json!({ "type": "array", "items": { "type": "integer", "format": "int64" } }),
        "object" => json!({ "type": "object" }),
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

    // Evidence travels as the file itself, not as JSON.
    let binary = json!({ "schema": { "type": "string", "format": "binary" } });
    let files = json!({ "image/*": binary, "audio/*": binary, "video/*": binary, "application/pdf": binary, "application/ofd": binary });
    if spec.method == Method::POST && spec.path == "/api/v1/evidence" {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "description": "文件本身", "content": files }),
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
        _ if spec.path == "/api/v1/evidence/{evidence_id}/content" => {
            json!({ "description": "证据文件", "content": files })
        }
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
        if spec.method == Method::POST && spec.path == "/api/v1/evidence" {
            responses.insert("413".into(), error("文件超过允许的大小，未保存"));
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
