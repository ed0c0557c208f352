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
    Serve,
    /// Apply pending migrations and print how many were applied.
    Migrate,
    /// Seed the demo county into an empty database, print its logins, and serve.
    Demo,
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
        Command::Serve => commands::serve::serve(&config).await,
        Command::Migrate => commands::migrate(&config).await,
        Command::Demo => commands::serve::demo(&config).await,
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
