//! Global options, checked once at start: a wrong value fails naming the option and its
//! environment variable, before anything is opened.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use zhifa_domain::policy::Policy;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "zhifa.db";

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalOptions {
    /// Directory holding the SQLite database and other local data.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "DIR",
        env = "ZHIFA_DATA_DIR",
        default_value = "./zhifa-data"
    )]
    pub data_dir: PathBuf,

    /// Address the web server listens on.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "ADDR",
        env = "ZHIFA_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: String,

    /// Database URL: `sqlite:…` or `postgres://…` (default: zhifa.db in the data directory).
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL",
        env = "ZHIFA_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Mark session cookies `Secure` (when served behind HTTPS).
    #[arg(long, global = true, help_heading = "Global options", env = "ZHIFA_SECURE_COOKIES", value_parser = clap::builder::BoolishValueParser::new())]
    pub secure_cookies: bool,

    /// Largest evidence file accepted, in bytes (default 4 GiB).
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "BYTES",
        env = "ZHIFA_EVIDENCE_MAX_BYTES",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub evidence_max_bytes: Option<u64>,

    /// A JSON file of the numbers local rules set (hearing and legal-review thresholds, the
    /// audio/video list, the statement period …); fields left out keep their defaults.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE",
        env = "ZHIFA_POLICY"
    )]
    pub policy: Option<PathBuf>,

    /// A directory of document templates (`*.typ`) replacing or adding to the built-in ones;
    /// every template is compiled at start, and one with an error stops it.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "DIR",
        env = "ZHIFA_DOC_TEMPLATES"
    )]
    pub doc_templates: Option<PathBuf>,

    /// A directory of the agencies' electronic seals, one SVG file each named by the body's
    /// code or name (e.g. `CGZ.svg` or `城关镇.svg`); each is drawn once at start, and one that
    /// cannot be drawn stops it. A seal goes only on an issued document of a sealed kind.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "DIR",
        env = "ZHIFA_DOC_SEALS"
    )]
    pub doc_seals: Option<PathBuf>,

    /// The address the public reaches this server at, printed with the QR code on documents
    /// (default: http:// and the listen address).
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL",
        env = "ZHIFA_PUBLIC_URL"
    )]
    pub public_url: Option<String>,
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The default: `zhifa.db` in the data directory.
    SqliteFile(PathBuf),
    /// An explicit `sqlite:` URL; `file` is the database file when the URL names one.
    SqliteUrl {
        url: String,
        file: Option<PathBuf>,
    },
    Postgres {
        url: String,
    },
}

impl Database {
    pub fn is_sqlite(&self) -> bool {
        !matches!(self, Database::Postgres { .. })
    }

    /// The database file, when it is a file.
    pub fn sqlite_file(&self) -> Option<&Path> {
        match self {
            Database::SqliteFile(p) => Some(p),
            Database::SqliteUrl { file, .. } => file.as_deref(),
            Database::Postgres { .. } => None,
        }
    }

    /// A description safe to log or print: never a password.
    pub fn describe(&self) -> String {
        match self {
            Database::SqliteFile(p) => format!("sqlite {}", p.display()),
            Database::SqliteUrl { url, .. } => format!("sqlite {url}"),
            Database::Postgres { url } => format!("postgres {}", redact_url(url)),
        }
    }
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: String,
    pub database: Database,
    pub secure_cookies: bool,
    /// The evidence size limit, when the default is not wanted.
    pub evidence_max_bytes: Option<u64>,
    /// The policy read from `--policy`, when given.
    pub policy: Option<Policy>,
    /// Document templates from `--doc-templates`, when given.
    pub doc_templates: Option<PathBuf>,
    /// The agencies' seals from `--doc-seals`, when given.
    pub doc_seals: Option<PathBuf>,
    /// Where the public reaches the server (documents' QR codes point there).
    pub public_url: String,
}

impl Config {
    pub fn from_options(o: &GlobalOptions) -> Result<Config> {
        let data_dir = check_data_dir(&o.data_dir)?;
        let listen = check_listen(&o.listen)?;
        let database = match &o.database_url {
            None => Database::SqliteFile(data_dir.join(DB_FILE)),
            Some(url) => parse_database_url(url)?,
        };
        Ok(Config {
            data_dir,
            listen: listen.clone(),
            database,
            secure_cookies: o.secure_cookies,
            evidence_max_bytes: o.evidence_max_bytes,
            policy: o.policy.as_deref().map(read_policy).transpose()?,
            doc_templates: o.doc_templates.clone(),
            doc_seals: o.doc_seals.clone(),
            public_url: match &o.public_url {
                Some(url) => check_public_url(url)?,
                None => format!("http://{listen}"),
            },
        })
    }

    /// Creates the data directory if the database lives there (SQLite) and it is missing.
    pub fn ensure_data_dir(&self) -> Result<()> {
        if self.database.is_sqlite() && !self.data_dir.exists() {
            std::fs::create_dir_all(&self.data_dir).with_context(|| {
                format!(
                    "cannot create --data-dir (ZHIFA_DATA_DIR) '{}'",
                    self.data_dir.display()
                )
            })?;
        }
        Ok(())
    }
}

fn check_data_dir(dir: &Path) -> Result<PathBuf> {
    if dir.as_os_str().is_empty() {
        bail!("invalid --data-dir (ZHIFA_DATA_DIR): the value is empty");
    }
    if dir.exists() && !dir.is_dir() {
        bail!(
            "invalid --data-dir (ZHIFA_DATA_DIR) value '{}': it exists but is not a directory",
            dir.display()
        );
    }
    Ok(dir.to_path_buf())
}

/// HOST:PORT, where HOST is an IP address (`[::1]` for IPv6) or a host name.
fn check_listen(value: &str) -> Result<String> {
    let invalid = || {
        anyhow::anyhow!(
            "invalid --listen (ZHIFA_LISTEN) value '{value}': expected HOST:PORT such as 127.0.0.1:8080"
        )
    };
    if value.parse::<SocketAddr>().is_ok() {
        return Ok(value.to_string());
    }
    let (host, port) = value.rsplit_once(':').ok_or_else(invalid)?;
    port.parse::<u16>().map_err(|_| invalid())?;
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
        });
    if !host_ok {
        return Err(invalid());
    }
    Ok(value.to_string())
}

/// An `http://` or `https://` address without a trailing slash.
fn check_public_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        bail!(
            "invalid --public-url (ZHIFA_PUBLIC_URL) value '{url}': expected http://… or https://…"
        );
    }
    Ok(url.to_string())
}

fn parse_database_url(url: &str) -> Result<Database> {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        let file = (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path));
        return Ok(Database::SqliteUrl {
            url: url.to_string(),
            file,
        });
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Database::Postgres {
            url: url.to_string(),
        });
    }
    let shown = redact_url(url);
    bail!(
        "invalid --database-url (ZHIFA_DATABASE_URL) value '{shown}': expected sqlite:… or postgres://…"
    )
}

/// Replaces the password of `scheme://user:password@host/…` by `***`. Errs on the side of
/// hiding: everything up to the last `@` before any query string counts as user information.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let before_query = rest.find(['?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..before_query].rfind('@') else {
        return url.to_string();
    };
    let (userinfo, host_and_tail) = rest.split_at(at);
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{host_and_tail}"),
        None => url.to_string(),
    }
}

/// Reads a policy file: JSON, every field optional, unknown fields refused (a misspelt
/// threshold must not silently keep its default).
pub fn read_policy(path: &Path) -> Result<Policy> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the policy file {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("the policy file {} is not valid", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        options: GlobalOptions,
    }

    #[test]
    fn the_evidence_size_limit_is_a_positive_number_of_bytes() {
        use clap::Parser;
        let config = |args: &[&str]| {
            let cli = Cli::try_parse_from([&["zhifa"], args].concat())?;
            Ok::<_, anyhow::Error>(Config::from_options(&cli.options)?.evidence_max_bytes)
        };
        assert_eq!(config(&[]).unwrap(), None, "the policy's default applies");
        assert_eq!(
            config(&["--evidence-max-bytes", "1048576"]).unwrap(),
            Some(1_048_576)
        );
        assert!(config(&["--evidence-max-bytes", "0"]).is_err());
        assert!(config(&["--evidence-max-bytes", "4G"]).is_err());
    }

    #[test]
    fn listen_addresses() {
        assert!(check_listen("127.0.0.1:8080").is_ok());
        assert!(check_listen("[::1]:0").is_ok());
        assert!(check_listen("localhost:3000").is_ok());
        assert!(check_listen("0.0.0.0:65535").is_ok());
        for bad in [
            "abc",
            "127.0.0.1",
            ":80",
            "host:http",
            "host:70000",
            "a b:80",
            "-x:80",
        ] {
            let e = check_listen(bad).unwrap_err().to_string();
            assert!(e.contains("--listen") && e.contains(bad), "{e}");
        }
    }

    #[test]
    fn database_urls() {
        assert_eq!(
            parse_database_url("sqlite://data/x.db?mode=rwc").unwrap(),
            Database::SqliteUrl {
                url: "sqlite://data/x.db?mode=rwc".into(),
                file: Some("data/x.db".into())
            }
        );
        assert_eq!(
            parse_database_url("sqlite::memory:").unwrap().sqlite_file(),
            None
        );
        assert!(
            !parse_database_url("postgresql://u@h/db")
                .unwrap()
                .is_sqlite()
        );
        let e = parse_database_url("mysql://root:hunter2@h/db")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--database-url") && !e.contains("hunter2"),
            "{e}"
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://zhifa:s3cr@t@db:5432/zhifa"),
            "postgres://zhifa:***@db:5432/zhifa"
        );
        assert_eq!(
            redact_url("postgres://zhifa@db/zhifa"),
            "postgres://zhifa@db/zhifa"
        );
        assert_eq!(
            redact_url("postgres://db/zhifa?user=a"),
            "postgres://db/zhifa?user=a"
        );
        assert_eq!(
            redact_url("postgres://u:pa/ss@db/zhifa"),
            "postgres://u:***@db/zhifa"
        );
        let d = Database::Postgres {
            url: "postgresql://a:b@h/d".into(),
        };
        assert_eq!(d.describe(), "postgres postgresql://a:***@h/d");
    }
}
