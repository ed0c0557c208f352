//! The JSON API under `/api/v1`, for bearer-token callers, and its OpenAPI description.
//!
//! Handlers are thin: they read the caller, the path id, the query and the JSON body, call
//! one use case and answer with JSON. Reads answer 200, creations 201 with `{"id": …}`, state
//! changes 204 without a body. Every error — including a body that is not JSON, a date that is
//! not `YYYY-MM-DD` or an unknown key — is the structured error of [`crate::error`].
//!
//! The handlers live in one module per area and are re-exported here for [`crate::router`].
//! Not here: routes (the router), authentication ([`crate::extract`]), rules or SQL.

mod cases;
mod documents;
mod evidence;
mod input;
mod jurisdiction;
mod lists;
mod officers;
pub mod open311;
mod openapi;
mod reference;
mod users;

pub use cases::{case, case_command, cases, discretion, on_the_spot, register_case};
pub use documents::{
    case_documents, document_content, issue_document, preview_document, sign_document,
};
pub(crate) use documents::{kind_of, pdf, signature_png};
pub use evidence::{add_evidence, evidence, evidence_content};
pub use jurisdiction::{grants, orgs, powers, report_problem, resolve, withdraw};
pub use lists::{
    add_item, assessment, consent, create_list, file, filing, list, lists, publish, review, submit,
};
pub use officers::{
    assessment_record, compliance, issue_certificate, person, review_certificate,
    revoke_certificate, training,
};
pub use openapi::openapi;
pub use reference::{article, catalog_item, catalog_items, import_catalog, law, laws, usage};
pub use users::{create_user, me, users};
