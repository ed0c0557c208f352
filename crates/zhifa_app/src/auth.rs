//! Authentication: passwords (argon2id), server-side sessions, CSRF tokens and API tokens.
//!
//! Only hashes of session and API tokens are stored, so a copy of the database does not let
//! anyone sign in. A session's CSRF token is a second random value that forms must echo back.
//! Not here: cookies and headers (the web layer carries the tokens).

use crate::App;
use crate::authz::Actor;
use crate::error::{AppError, AppResult};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::Duration;
use sha2::{Digest, Sha256};
use zhifa_domain::Id;
use zhifa_store::{NewApiToken, Session, Tx};

/// How long a login lasts.
pub const SESSION_HOURS: i64 = 12;
/// Minimum password length for people.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

pub fn check_password_strength(password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"),
        ));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|x| **x).count() < 3 {
        return Err(AppError::invalid(
            "password",
            "密码须包含大写字母、小写字母、数字、符号中的至少三类",
        ));
    }
    Ok(())
}

/// `N` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    hex::encode(random_bytes::<32>())
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares secrets without leaking where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// What a successful login gives the browser: the session token (for the cookie) and the
/// CSRF token (for forms).
#[derive(Debug, Clone)]
pub struct LoginTicket {
    pub session_token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// A hash to verify against when the user does not exist, so that a wrong user name takes as
/// long as a wrong password.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5Vb3cH0W3tCjXGfkbYq7OC1Sk2g1ObYlE7sRIrb6GlM";

impl App {
    pub(crate) async fn actor_for(&self, tx: &mut dyn Tx, user_id: Id) -> AppResult<Actor> {
        let user = tx.user(user_id).await?.ok_or(AppError::Unauthenticated)?;
        if !user.active {
            return Err(AppError::Unauthenticated);
        }
        let org = tx
            .org(user.org_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let parent = match org.parent_id {
            Some(p) => tx.org(p).await?,
            None => None,
        };
        Ok(Actor::new(user, org, parent))
    }

    pub async fn login(&self, username: &str, password: &str) -> AppResult<LoginTicket> {
        let mut tx = self.begin().await?;
        let user = tx.user_by_username(username.trim()).await?;
        let hash = user
            .as_ref()
            .map_or(DECOY_HASH, |u| u.password_hash.as_str());
        let ok = verify_password(password, hash);
        let user = match user {
            Some(u) if ok && u.active => u,
            _ => {
                return Err(AppError::Refused(zhifa_domain::Refusal::new(
                    "auth.failed",
                    "用户名或密码错误",
                )));
            }
        };
        let actor = self.actor_for(&mut *tx, user.id).await?;
        let now = self.clock.now();
        let ticket = LoginTicket {
            session_token: random_token(),
            csrf_token: random_token(),
            actor,
        };
        tx.insert_session(&Session {
            token_hash: token_hash(&ticket.session_token),
            user_id: user.id,
            csrf_token: ticket.csrf_token.clone(),
            created_at: now,
            expires_at: now + Duration::hours(SESSION_HOURS),
            revoked_at: None,
        })
        .await?;
        self.record(
            &mut *tx,
            Some(&ticket.actor),
            Some(user.org_id),
            "session.created",
            format!("user:{}", user.id),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// The actor behind a session cookie, with the session's CSRF token.
    pub async fn session_actor(&self, session_token: &str) -> AppResult<(Actor, String)> {
        let mut tx = self.begin().await?;
        let session = tx
            .session(&token_hash(session_token))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if session.revoked_at.is_some() || session.expires_at <= self.clock.now() {
            return Err(AppError::Unauthenticated);
        }
        let actor = self.actor_for(&mut *tx, session.user_id).await?;
        Ok((actor, session.csrf_token))
    }

    pub async fn logout(&self, session_token: &str) -> AppResult<()> {
        let mut tx = self.begin().await?;
        tx.revoke_session(&token_hash(session_token), self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind an API bearer token.
    pub async fn token_actor(&self, token: &str) -> AppResult<Actor> {
        let mut tx = self.begin().await?;
        let t = tx
            .api_token(&token_hash(token))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if t.revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        self.actor_for(&mut *tx, t.user_id).await
    }

    /// Creates an API token for the actor; the token is shown once and only its hash is kept.
    pub async fn create_api_token(&self, actor: &Actor, name: &str) -> AppResult<String> {
        if name.trim().is_empty() {
            return Err(AppError::invalid("name", "请填写令牌用途"));
        }
        let token = format!("zf_{}", random_token());
        let mut tx = self.begin().await?;
        let id = tx
            .insert_api_token(&NewApiToken {
                user_id: actor.user.id,
                name: name.trim().to_string(),
                token_hash: token_hash(&token),
                created_at: self.clock.now(),
            })
            .await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(actor.org.id),
            "api_token.created",
            format!("api_token:{id}"),
            serde_json::json!({"name": name.trim()}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn api_tokens(&self, actor: &Actor) -> AppResult<Vec<zhifa_store::ApiToken>> {
        let mut tx = self.begin().await?;
        Ok(tx.api_tokens_of(actor.user.id).await?)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: Id) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let mine = tx
            .api_tokens_of(actor.user.id)
            .await?
            .into_iter()
            .any(|t| t.id == id);
        if !mine {
            return Err(AppError::NotFound("令牌"));
        }
        tx.revoke_api_token(id, self.clock.now()).await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(actor.org.id),
            "api_token.revoked",
            format!("api_token:{id}"),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("Correct-horse-9").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Correct-horse-9", &h));
        assert!(!verify_password("correct-horse-9", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_decoy_hash_is_well_formed_so_unknown_users_cost_the_same() {
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_password_strength("short1A").is_err());
        assert!(check_password_strength("alllowercaseletters").is_err());
        assert!(check_password_strength("Mixed-Case-123").is_ok());
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
    }
}
