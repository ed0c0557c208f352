//! User administration: accounts with one role at one body.

use crate::App;
use crate::auth::{check_password_strength, hash_password};
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::org::Role;
use zhifa_store::NewUser;

#[derive(Debug, Clone)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Id,
    pub password: String,
}

/// A user as others see it: never the password hash.
#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub org_id: Id,
    pub org_name: String,
    pub active: bool,
}

fn check_username(name: &str) -> AppResult<()> {
    let ok = (3..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "username",
            "用户名为 3 至 32 位字母、数字或 _ - .",
        ))
    }
}

impl App {
    /// Creates a user. `actor` is `None` for the system (set-up from the command line).
    pub async fn create_user(&self, actor: Option<&Actor>, input: UserInput) -> AppResult<Id> {
        check_username(input.username.trim())?;
        if input.display_name.trim().is_empty() {
            return Err(AppError::invalid("display_name", "请填写姓名"));
        }
        check_password_strength(&input.password)?;
        let mut tx = self.begin().await?;
        let org = load_org(&mut *tx, input.org_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageUsers, &org)?;
        }
        if !input.role.fits_org(org.kind) {
            return Err(AppError::invalid(
                "role",
                format!("{}不能设在{}", input.role.label(), org.kind.label()),
            ));
        }
        let hash = hash_password(&input.password)?;
        let id = tx
            .insert_user(&NewUser {
                username: input.username.trim().to_string(),
                display_name: input.display_name.trim().to_string(),
                role: input.role,
                org_id: org.id,
                password_hash: hash,
                created_at: self.clock.now(),
            })
            .await?;
        // The audit payload names the role and body, never the password or its hash.
        let payload = serde_json::json!({"username": input.username.trim(), "role": input.role.key(), "org_id": org.id});
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            "user.created",
            format!("user:{id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn users(&self, actor: &Actor) -> AppResult<Vec<UserView>> {
        let mut tx = self.begin().await?;
        let orgs = tx.orgs().await?;
        let users = tx.users().await?;
        Ok(users
            .into_iter()
            .filter_map(|u| {
                let org = orgs.iter().find(|o| o.id == u.org_id)?;
                actor.sees(org).then(|| UserView {
                    id: u.id,
                    username: u.username,
                    display_name: u.display_name,
                    role: u.role,
                    role_label: u.role.label(),
                    org_id: org.id,
                    org_name: org.name.clone(),
                    active: u.active,
                })
            })
            .collect())
    }

    /// Sets a new password for a user of the actor's subtree (or any user from the command
    /// line) and signs them out everywhere.
    pub async fn reset_password(
        &self,
        actor: Option<&Actor>,
        user_id: Id,
        password: &str,
    ) -> AppResult<()> {
        check_password_strength(password)?;
        let mut tx = self.begin().await?;
        let user = tx.user(user_id).await?.ok_or(AppError::NotFound("用户"))?;
        let org = load_org(&mut *tx, user.org_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageUsers, &org)?;
        }
        tx.set_password(user_id, &hash_password(password)?).await?;
        tx.revoke_sessions_of(user_id, self.clock.now()).await?;
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            "user.password_reset",
            format!("user:{user_id}"),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deactivating a user ends their sessions at once.
    pub async fn set_user_active(
        &self,
        actor: Option<&Actor>,
        user_id: Id,
        active: bool,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let user = tx.user(user_id).await?.ok_or(AppError::NotFound("用户"))?;
        let org = load_org(&mut *tx, user.org_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageUsers, &org)?;
            if a.user.id == user_id && !active {
                return Err(AppError::invalid("user_id", "不能停用自己的账号"));
            }
        }
        tx.set_user_active(user_id, active).await?;
        if !active {
            tx.revoke_sessions_of(user_id, self.clock.now()).await?;
        }
        let kind = if active {
            "user.activated"
        } else {
            "user.deactivated"
        };
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            kind,
            format!("user:{user_id}"),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Finds a user by name, for the command line.
    pub async fn user_id_by_name(&self, username: &str) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        Ok(tx
            .user_by_username(username)
            .await?
            .ok_or(AppError::NotFound("用户"))?
            .id)
    }
}
