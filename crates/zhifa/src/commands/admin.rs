//! `zhifa user …` and `zhifa org …`: set up a county without the demo. Passwords come from an
//! environment variable, never from the command line, and are never printed.

use super::{app, open_migrated};
use crate::config::Config;
use crate::report::CliResult;
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use zhifa_app::App;
use zhifa_app::users::UserInput;
use zhifa_domain::org::{OrgKind, OrgUnit, Role};
use zhifa_store::NewOrg;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with one role at one body.
    Create {
        /// Login name: 3 to 32 letters, digits, `_`, `-` or `.`.
        #[arg(long)]
        username: String,
        /// Display name, e.g. 张执法.
        #[arg(long)]
        name: String,
        /// Role key: administrator, officer, auxiliary, legal_reviewer, township_head,
        /// department, justice, filing_reviewer, supervisor.
        #[arg(long)]
        role: String,
        /// Code of the body the account belongs to.
        #[arg(long)]
        org: String,
        /// Environment variable holding the password.
        #[arg(long, value_name = "VAR", default_value = "ZHIFA_PASSWORD")]
        password_env: String,
    },
    /// Set a new password (from the environment) and end the user's sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
        /// Environment variable holding the new password.
        #[arg(long, value_name = "VAR", default_value = "ZHIFA_PASSWORD")]
        password_env: String,
    },
    /// Deactivate an account; its sessions end at once.
    Deactivate {
        #[arg(long)]
        username: String,
    },
    /// Reactivate an account.
    Activate {
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create a body of the administrative tree.
    Create {
        /// Kind: province, city, county, township, county_department, justice_bureau,
        /// justice_office.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// Unique code, e.g. the administrative division code.
        #[arg(long)]
        code: String,
        /// Code of the parent body (none for a province).
        #[arg(long, value_name = "CODE")]
        parent: Option<String>,
    },
}

pub async fn user(config: &Config, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Create {
            username,
            name,
            role,
            org,
            password_env,
        } => {
            let role = Role::parse(role.trim()).ok_or_else(|| {
                let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
                anyhow!(
                    "invalid --role '{role}': expected one of {}",
                    keys.join(", ")
                )
            })?;
            let password = password_from(&password_env)?;
            let app = app(open_migrated(config).await?);
            let org = org_by_code(&app, &org).await?;
            let input = UserInput {
                username: username.clone(),
                display_name: name,
                role,
                org_id: org.id,
                password,
            };
            let id = app.create_user(None, input).await.cli()?;
            println!(
                "created user {username} (id {id}): {} at {}",
                role.label(),
                org.name
            );
        }
        UserCommand::ResetPassword {
            username,
            password_env,
        } => {
            let password = password_from(&password_env)?;
            let app = app(open_migrated(config).await?);
            let id = app
                .user_id_by_name(&username)
                .await
                .cli()
                .with_context(|| format!("user '{username}'"))?;
            app.reset_password(None, id, &password).await.cli()?;
            println!("password of {username} reset; their sessions have ended");
        }
        UserCommand::Deactivate { username } => set_active(config, &username, false).await?,
        UserCommand::Activate { username } => set_active(config, &username, true).await?,
    }
    Ok(())
}

async fn set_active(config: &Config, username: &str, active: bool) -> Result<()> {
    let app = app(open_migrated(config).await?);
    let id = app
        .user_id_by_name(username)
        .await
        .cli()
        .with_context(|| format!("user '{username}'"))?;
    app.set_user_active(None, id, active).await.cli()?;
    println!(
        "{username} {}",
        if active {
            "activated"
        } else {
            "deactivated; their sessions have ended"
        }
    );
    Ok(())
}

pub async fn org(config: &Config, command: OrgCommand) -> Result<()> {
    let OrgCommand::Create {
        kind,
        name,
        code,
        parent,
    } = command;
    let kind = OrgKind::parse(kind.trim()).ok_or_else(|| {
        let keys: Vec<&str> = OrgKind::ALL.iter().map(|k| k.key()).collect();
        anyhow!(
            "invalid --kind '{kind}': expected one of {}",
            keys.join(", ")
        )
    })?;
    let app = app(open_migrated(config).await?);
    let parent = match parent {
        Some(code) => Some(org_by_code(&app, &code).await.context("invalid --parent")?),
        None => None,
    };
    let new = NewOrg {
        parent_id: parent.as_ref().map(|p| p.id),
        kind,
        name,
        code,
    };
    let org = app.create_org(None, new).await.cli()?;
    let under = parent
        .map(|p| format!(" under {}", p.name))
        .unwrap_or_default();
    println!(
        "created {} {} (code {}, id {}){under}",
        kind.label(),
        org.name,
        org.code,
        org.id
    );
    Ok(())
}

/// The body with `code`, among all bodies.
async fn org_by_code(app: &App, code: &str) -> Result<OrgUnit> {
    let mut tx = app
        .store
        .begin()
        .await
        .context("cannot read the database")?;
    let orgs = tx.orgs().await.context("cannot read the database")?;
    orgs.into_iter()
        .find(|o| o.code == code.trim())
        .ok_or_else(|| anyhow!("no body with code '{}'", code.trim()))
}

/// The password held by the environment variable `var`.
fn password_from(var: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(p),
        Ok(_) => bail!("the environment variable {var} (the password) is empty"),
        Err(std::env::VarError::NotPresent) => {
            bail!(
                "set the password in the environment variable {var} (or name another with --password-env)"
            )
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            bail!("the environment variable {var} is not valid Unicode")
        }
    }
}
