//! Zhifa's use cases. Each one loads what it needs, asks `zhifa_domain` to decide, and
//! persists the change together with its audit event in one transaction — or nothing.
//!
//! This crate owns the clock, identifiers, password hashing and authorization: whether an
//! actor may do an action on a body is decided in [`authz`] and nowhere else.
//! Not here: SQL (the store crates), HTTP and templates (`zhifa_web`).

pub mod auth;
pub mod authz;
pub mod catalog;
pub mod clock;
pub mod demo;
pub mod error;
pub mod jurisdiction;
pub mod laws;
pub mod lists;
pub mod officers;
pub mod orgs;
pub mod reference;
pub mod usage;
pub mod users;

use clock::Clock;
use std::sync::Arc;
use zhifa_domain::policy::Policy;
use zhifa_store::{NewEvent, Store, Tx};

pub use authz::{Action, Actor};
pub use error::{AppError, AppResult};

/// The application: a store, a clock and the configured policy numbers.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, policy: Policy) -> App {
        App {
            store,
            clock,
            policy,
        }
    }

    pub(crate) async fn begin(&self) -> AppResult<Box<dyn Tx>> {
        Ok(self.store.begin().await?)
    }

    /// Appends the audit event of a change to the transaction that makes it.
    pub(crate) async fn record(
        &self,
        tx: &mut dyn Tx,
        actor: Option<&Actor>,
        org_id: Option<i64>,
        kind: &str,
        subject: String,
        payload: serde_json::Value,
    ) -> AppResult<()> {
        let event = NewEvent {
            at: self.clock.now(),
            actor_id: actor.map(|a| a.user.id),
            org_id,
            kind: kind.to_string(),
            subject,
            payload,
        };
        tx.append_event(&event).await?;
        Ok(())
    }
}
