//! `zhifa`: runs the web application and administers its data from the command line.

mod commands;
mod config;
mod logging;
mod report;

use clap::{Parser, Subcommand};
use config::{Config, GlobalOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "zhifa",
    version,
    about = "乡镇综合行政执法：赋权清单、法规库与执法人员管理"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations and serve the web application.
    Serve {
        /// Seconds between signed checkpoints of the log (when it has grown).
        #[arg(long, env = "ZHIFA_CHECKPOINT_INTERVAL", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        checkpoint_interval: u64,
        /// A witness to send checkpoints to, e.g. http://127.0.0.1:8090 (with --witness-key).
        #[arg(long, env = "ZHIFA_WITNESS", requires = "witness_key")]
        witness: Option<String>,
        /// The witness's public key file (its witness.pub).
        #[arg(long, env = "ZHIFA_WITNESS_KEY", requires = "witness")]
        witness_key: Option<PathBuf>,
    },
    /// Apply pending migrations and print how many were applied.
    Migrate,
    /// Rebuild the portal's search index (`<data dir>/search`) from the database.
    Reindex,
    /// Seed the demo county into an empty database, print its logins, and serve.
    Demo {
        /// Seconds between signed checkpoints of the log (when it has grown).
        #[arg(long, env = "ZHIFA_CHECKPOINT_INTERVAL", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        checkpoint_interval: u64,
        /// A witness to send checkpoints to, e.g. http://127.0.0.1:8090 (with --witness-key).
        #[arg(long, env = "ZHIFA_WITNESS", requires = "witness_key")]
        witness: Option<String>,
        /// The witness's public key file (its witness.pub).
        #[arg(long, env = "ZHIFA_WITNESS_KEY", requires = "witness")]
        witness_key: Option<PathBuf>,
    },
    /// Generate the log's signing keys (Ed25519 and SM2) into <data dir>/keys.
    Keygen {
        /// The log's origin, also the keys' name, e.g. zhifa.example.gov.cn/519901.
        #[arg(long, default_value = commands::log::DEFAULT_ORIGIN)]
        origin: String,
    },
    /// Run a witness (C2SP tlog-witness) for one log; its data directory keeps its key and
    /// the latest tree head it cosigned.
    Witness {
        /// The witness's key name, e.g. witness.sfj.example.gov.cn.
        #[arg(long, default_value = "zhifa-witness")]
        name: String,
        /// The log's public keys (the log's keys/log.pub).
        #[arg(long)]
        log_key: PathBuf,
    },
    /// Verify the whole log (every entry, tree hash, checkpoint and signature), or with
    /// --bundle a case bundle, offline.
    Verify {
        /// Verifier key files: the log's (default: <data dir>/keys/log.pub) and any witness's.
        #[arg(long)]
        key: Vec<PathBuf>,
        /// A case bundle directory written by `zhifa export-case`.
        #[arg(long, conflicts_with = "url")]
        bundle: Option<PathBuf>,
        /// A served log to check through its tiles, e.g. http://host:8080/log.
        #[arg(long)]
        url: Option<String>,
        /// An issued document's PDF, checked byte for byte against the database's record of
        /// it, its log entry, and the signed checkpoint.
        #[arg(long, conflicts_with_all = ["url", "bundle"])]
        document: Option<PathBuf>,
    },
    /// Export the log entries of a case (by subject, e.g. list:3) with payloads, proofs, the
    /// signed checkpoint and evidence files into DEST, a directory that must not exist yet.
    ExportCase {
        /// Subjects whose entries to export; repeat for several.
        #[arg(long = "subject", required = true)]
        subjects: Vec<String>,
        dest: PathBuf,
    },
    /// Import statute texts: every `*.md` file of DIR, named `标题(YYYY-MM-DD).md`.
    ImportLaws {
        /// Directory holding the law files.
        dir: PathBuf,
    },
    /// Import a catalog version of township matters from a .csv or .json file.
    ImportCatalog {
        /// The catalog file; its extension decides the format.
        file: PathBuf,
        /// Catalog name.
        #[arg(long)]
        name: String,
        /// Catalog version, e.g. 2026.
        #[arg(long)]
        version: String,
        /// Where the catalog comes from (default: the file name).
        #[arg(long)]
        source: Option<String>,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(commands::admin::UserCommand),
    /// Manage the administrative tree.
    #[command(subcommand)]
    Org(commands::admin::OrgCommand),
    /// Copy the data directory (SQLite) to DEST, a directory that must not exist yet.
    Backup {
        /// Destination directory; it is created and must not exist yet.
        dest: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::from_options(&cli.global)?;
    logging::init()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(dispatch(config, cli.command))?;
    Ok(ExitCode::SUCCESS)
}

async fn dispatch(config: Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve {
            checkpoint_interval,
            witness,
            witness_key,
        } => {
            let peer = peer(witness, witness_key)?;
            commands::serve::serve(&config, checkpoint_interval, peer).await
        }
        Command::Migrate => commands::migrate(&config).await,
        Command::Reindex => commands::reindex(&config).await,
        Command::Demo {
            checkpoint_interval,
            witness,
            witness_key,
        } => {
            let peer = peer(witness, witness_key)?;
            commands::serve::demo(&config, checkpoint_interval, peer).await
        }
        Command::Witness { name, log_key } => {
            commands::witness::serve(&config, &name, &log_key).await
        }
        Command::Keygen { origin } => commands::log::keygen_command(&config, &origin),
        Command::ExportCase { subjects, dest } => {
            commands::bundle::export(&config, subjects, &dest).await
        }
        Command::Verify {
            key,
            bundle,
            url,
            document,
        } => {
            let ok = match (bundle, url) {
                _ if document.is_some() => {
                    let file = document.expect("checked");
                    commands::log::verify_document(&config, &file, &key).await?
                }
                (Some(dir), _) => commands::bundle::verify(&dir, &key)?,
                (None, Some(url)) => {
                    tokio::task::spawn_blocking(move || commands::remote::verify(&url, &key))
                        .await??
                }
                (None, None) => commands::log::verify_command(&config, &key).await?,
            };
            if ok {
                Ok(())
            } else {
                anyhow::bail!("校验未通过")
            }
        }
        Command::ImportLaws { dir } => commands::import::laws(&config, &dir).await,
        Command::ImportCatalog {
            file,
            name,
            version,
            source,
        } => commands::import::catalog(&config, &file, name, version, source).await,
        Command::User(c) => commands::admin::user(&config, c).await,
        Command::Org(c) => commands::admin::org(&config, c).await,
        Command::Backup { dest } => commands::backup::backup(&config, &dest).await,
    }
}

fn peer(
    url: Option<String>,
    key: Option<PathBuf>,
) -> anyhow::Result<Option<commands::witness::WitnessPeer>> {
    match (url, key) {
        (Some(url), Some(key)) => Ok(Some(commands::witness::WitnessPeer::load(&url, &key)?)),
        _ => Ok(None),
    }
}
