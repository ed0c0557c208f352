//! Errors and column encodings of this backend.

use zhifa_store::StoreError;

/// Maps a database error to the store's, naming the constraint the way the migrations name it.
pub fn backend(e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, Some(msg)) = &e
        && failure.code == rusqlite::ErrorCode::ConstraintViolation
    {
        if let Some(cols) = msg.strip_prefix("UNIQUE constraint failed: ") {
            return StoreError::Constraint {
                constraint: unique_constraint(cols).to_string(),
            };
        }
        if msg.starts_with("FOREIGN KEY constraint failed") {
            return StoreError::Constraint {
                constraint: "foreign_key".to_string(),
            };
        }
        if let Some(name) = msg.strip_prefix("CHECK constraint failed: ") {
            return StoreError::Constraint {
                constraint: name.trim().to_string(),
            };
        }
    }
    if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
        return StoreError::NotFound;
    }
    StoreError::Backend(e.to_string())
}

/// SQLite reports the columns, not the name, of a unique constraint.
fn unique_constraint(columns: &str) -> &str {
    match columns {
        "orgs.code" => "orgs_code_key",
        "township_classes.county_id, township_classes.name" => "township_classes_name_key",
        "users.username" => "users_username_key",
        "api_tokens.token_hash" => "api_tokens_hash_key",
        "laws.title, laws.version" => "laws_title_version_key",
        "catalogs.name, catalogs.version" => "catalogs_name_version_key",
        "catalog_items.code" => "catalog_items_code_key",
        "acceptance_list_items.list_id, acceptance_list_items.item_id" => "list_items_pkey",
        "certificates.number" => "certificates_number_key",
        "annual_assessments.user_id, annual_assessments.year" => "assessments_user_year_key",
        "cases.org_id, cases.code" => "cases_org_code_key",
        "case_events.case_id, case_events.n" => "case_events_pkey",
        "documents.code" => "documents_code_key",
        "documents.seq" => "documents_seq_key",
        "publications.case_id" => "publications_case_key",
        "publications.seq" => "publications_seq_key",
        "publications.withdrawal_seq" => "publications_withdrawal_seq_key",
        "complaints.tracking_no" => "complaints_tracking_key",
        "complaint_events.complaint_id, complaint_events.n" => "complaint_events_pkey",
        other => other,
    }
}

pub fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain values serialise")
}

pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(format!("corrupt stored JSON: {e}")))
}

pub fn parse_enum<T>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(value).ok_or_else(|| StoreError::Backend(format!("unknown stored value {value}")))
}
