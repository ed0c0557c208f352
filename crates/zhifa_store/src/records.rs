//! Records the store keeps that are not domain aggregates: accounts, sessions, tokens, the
//! audit trail, and summaries for listing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zhifa_domain::Id;
use zhifa_domain::law::ArticleShape;
use zhifa_domain::org::{OrgKind, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrg {
    pub parent_id: Option<Id>,
    pub kind: OrgKind,
    pub name: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTownshipClass {
    pub county_id: Id,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownshipClass {
    pub id: Id,
    pub county_id: Id,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Id,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Id,
    pub password_hash: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// A server-side login session. Only the hash of the cookie's token is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub user_id: Id,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub user_id: Id,
    pub name: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One entry of the audit trail, written in the same transaction as the change it records.
/// It is also a leaf of the verifiable log: `seq` is its index in the Merkle tree, and
/// `leaf_hash` commits to the public part of the entry, in which the payload appears only as
/// a salted hash so that personal data stays out of what is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The entry's index in the log, from 0; given by [`Tx::lock_log`](crate::Tx::lock_log).
    pub seq: Id,
    pub at: DateTime<Utc>,
    /// The acting user; `None` for the system itself (imports from the command line).
    pub actor_id: Option<Id>,
    /// The body whose data changed, for jurisdiction filtering.
    pub org_id: Option<Id>,
    /// e.g. `list.published`.
    pub kind: String,
    /// e.g. `list:12`.
    pub subject: String,
    pub payload: serde_json::Value,
    /// Random bytes mixed into the payload's hash; private, like the payload.
    pub salt: Vec<u8>,
    /// RFC 6962 leaf hash of the public entry.
    pub leaf_hash: Vec<u8>,
}

pub type Event = NewEvent;

/// A witness's cosignature of a checkpoint: the signature line to add to the checkpoint note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCosignature {
    pub size: i64,
    /// The witness's key name.
    pub witness: String,
    pub line: String,
    pub at: DateTime<Utc>,
}

/// A signed checkpoint of the log, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub size: i64,
    pub at: DateTime<Utc>,
    /// The signed note text (C2SP tlog-checkpoint in a signed-note).
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LawSummary {
    pub id: Id,
    pub title: String,
    pub full_title: String,
    pub version: String,
    pub source: String,
    pub article_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredArticle {
    pub law_id: Id,
    pub title: String,
    pub version: String,
    pub number: u32,
    pub label: String,
    pub chapter: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleIndexEntry {
    pub title: String,
    pub version: String,
    pub number: u32,
    pub shape: ArticleShape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCatalog {
    pub name: String,
    pub version: String,
    pub source: String,
    pub imported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    pub id: Id,
    pub name: String,
    pub version: String,
    pub source: String,
    pub imported_at: DateTime<Utc>,
    pub item_count: i64,
}
