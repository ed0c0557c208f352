//! The one error type of the use cases. The web layer maps it to responses once.

use serde::Serialize;
use zhifa_domain::Refusal;
use zhifa_domain::catalog::ImportError;
use zhifa_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A legal or business rule said no.
    #[error("{0}")]
    Refused(Refusal),
    /// Input that does not parse: each error names its field.
    #[error("输入有误")]
    Invalid(Vec<FieldError>),
    /// An import file with errors; nothing was written.
    #[error("导入失败，未写入任何数据")]
    Import(Vec<ImportError>),
    #[error("请先登录")]
    Unauthenticated,
    #[error("无权进行此操作")]
    Forbidden,
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// A uniqueness conflict, mapped to the field it concerns.
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// Stored data that does not match its record (an evidence file and its hash): said
    /// plainly, since it is a matter for the people responsible, not a detail of the code.
    #[error("{0}")]
    Integrity(String),
    #[error("内部错误")]
    Internal(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl AppError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field,
            message: message.into(),
        }])
    }

    /// Stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Refused(r) => r.code,
            AppError::Invalid(_) => "invalid_input",
            AppError::Import(_) => "import_failed",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::Integrity(_) => "integrity",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        AppError::Refused(r)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Constraint { constraint } => conflict(&constraint),
            StoreError::NotFound => AppError::NotFound("记录"),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Constraint names, as the migrations name them, to the field and the words for people.
fn conflict(constraint: &str) -> AppError {
    let (field, message) = match constraint {
        "orgs_code_key" => ("code", "机构编码已被使用"),
        "township_classes_name_key" => ("name", "本县已有同名乡镇类别"),
        "users_username_key" => ("username", "用户名已被使用"),
        "laws_title_version_key" => ("law", "法规库中已有该法规的这一版本"),
        "catalogs_name_version_key" => ("version", "已导入过同名同版本的目录"),
        "catalog_items_code_key" => ("code", "事项编码已存在"),
        "list_items_pkey" => ("item_id", "事项已在清单中"),
        "certificates_number_key" => ("number", "证件号已被使用"),
        "assessments_user_year_key" => ("year", "该人员该年度已有考核记录"),
        "foreign_key" => ("id", "引用的记录不存在"),
        "case_events_pkey" => ("case", "案件已被他人同时更新，请刷新后重试"),
        "cases_org_code_key" => ("code", "案件编号已被使用"),
        _ => return AppError::Internal(format!("constraint {constraint}")),
    };
    AppError::Conflict {
        field,
        message: message.to_string(),
    }
}

pub type AppResult<T> = Result<T, AppError>;
