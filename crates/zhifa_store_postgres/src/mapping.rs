//! Errors and column encodings of this backend.

use zhifa_store::StoreError;

/// SQLSTATE of a foreign key violation.
const FOREIGN_KEY_VIOLATION: &str = "23503";
/// SQLSTATE of a unique violation.
const UNIQUE_VIOLATION: &str = "23505";
/// SQLSTATE of a check violation.
const CHECK_VIOLATION: &str = "23514";

/// Maps a database error to the store's, naming the constraint the way the migrations name it.
///
/// PostgreSQL reports the name of every violated constraint, but the contract reports all
/// foreign key violations as `foreign_key` (SQLite cannot tell which reference failed).
pub fn backend(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        match db.code().as_deref() {
            Some(FOREIGN_KEY_VIOLATION) => {
                return StoreError::Constraint {
                    constraint: "foreign_key".to_string(),
                };
            }
            Some(UNIQUE_VIOLATION | CHECK_VIOLATION) => {
                if let Some(name) = db.constraint() {
                    return StoreError::Constraint {
                        constraint: name.to_string(),
                    };
                }
            }
            _ => {}
        }
    }
    if matches!(e, sqlx::Error::RowNotFound) {
        return StoreError::NotFound;
    }
    StoreError::Backend(e.to_string())
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

/// Numbers the domain keeps as `u32` are stored in `integer` columns.
pub fn to_u32(value: i32) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Backend(format!("negative stored number {value}")))
}
