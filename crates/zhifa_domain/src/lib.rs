//! The legal core of Zhifa.
//!
//! Everything here is pure: no database, no network, no files, no clock. Callers pass *today*
//! and the facts in; functions return decisions, events or a [`Refusal`] that names the rule
//! and its article. The application layer persists what these functions decide.
//!
//! Not here: storage (see `zhifa_store`), authorization by role and jurisdiction (the
//! application layer decides it in one place), rendering.

pub mod acceptance;
pub mod calendar;
pub mod case;
pub mod catalog;
pub mod chinese_numeral;
pub mod complaint;
pub mod deadline;
pub mod discretion;
pub mod documents;
pub mod evidence;
pub mod jurisdiction;
pub mod law;
pub mod money;
pub mod officers;
pub mod org;
pub mod party;
pub mod policy;
pub mod publicity;
pub mod refusal;
pub mod usage;

pub use refusal::Refusal;

/// Database identifiers are plain integers; the newtypes that matter legally are value types
/// with `parse` constructors in their own modules.
pub type Id = i64;
