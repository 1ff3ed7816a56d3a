//! The Altloom account backend: accounts, workspaces, members, API tokens, device log-in, job
//! history and data rights, over SQLite (embedded default) or PostgreSQL.
//!
//! Layers, top to bottom: [`run`] reads the [`config`] and starts the runtime; [`http`] routes
//! requests through its middleware and extractors to one handler per endpoint; handlers check
//! access with [`access`], validate with [`validate`], and call [`store`], the only module that
//! speaks SQL. [`secrets`] makes and checks tokens and password hashes; [`vault`] encrypts the
//! WordPress Application Passwords of the site vault, and [`site_guard`] keeps the server's calls
//! to those sites off private addresses; [`retention`] prunes old records on a schedule.

pub mod access;
pub mod alt_text;
pub mod billing;
pub mod config;
pub mod http;
pub mod retention;
pub mod secrets;
pub mod site_guard;
pub mod store;
pub mod validate;
pub mod vault;
pub mod web;

use std::net::SocketAddr;
use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::config::{Command, Config, LogFormat, USAGE};
use crate::http::AppState;
use crate::store::Store;
use crate::vault::Vault;

/// Parses the command line, starts logging and the runtime, and runs the command.
pub fn run() -> ExitCode {
    let command = match Command::parse(std::env::args().skip(1), |name| std::env::var(name).ok()) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let config = match command {
        Command::Help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            println!("altloom-server {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Command::Serve(ref config)
        | Command::Migrate(ref config)
        | Command::RotateKey(ref config) => config.clone(),
    };
    init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        match command {
            Command::Migrate(config) => migrate(&config).await,
            Command::RotateKey(config) => rotate_key(&config).await,
            _ => serve(config).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}

/// Opens the store named by the configuration and applies pending migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url, config.database_max_connections)
        .await
        .map_err(|error| anyhow::anyhow!("cannot open the database: {error}"))?;
    store
        .migrate()
        .await
        .map_err(|error| anyhow::anyhow!("cannot migrate the database: {error}"))?;
    Ok(store)
}

async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    tracing::info!(backend = ?store.backend(), "database is up to date");
    store.close().await;
    Ok(())
}

/// Re-encrypts every stored site secret with a new key (see [`vault::rotate`]) and prints what
/// it did.
async fn rotate_key(config: &Config) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    let result = vault::rotate::rotate(&store, &config.secret_key).await;
    store.close().await;
    let report = result.map_err(|error| anyhow::anyhow!("key rotation failed: {error}"))?;
    tracing::info!(key_id = %report.key_id, resealed = report.resealed, "secret key rotated");
    println!("{report}");
    Ok(())
}

/// Opens the store, binds, and serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
/// The site vault's key is loaded (and on first start created) before anything is served, so a
/// bad key stops the start with a clear message.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let vault = Vault::load(&config.secret_key)
        .map_err(|error| anyhow::anyhow!("cannot load the secret key: {error}"))?;
    if matches!(config.secret_key, vault::KeySource::File(_))
        && store::Backend::from_url(&config.database_url).ok() == Some(store::Backend::Postgres)
    {
        tracing::warn!(
            "the site vault key comes from a file on this machine; with several instances over \
             PostgreSQL give them all the same ALTLOOM_SECRET_KEY instead"
        );
    }
    let store = open_store(&config).await?;
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", config.bind))?;
    let state = AppState::with_vault(store.clone(), config, Some(vault));
    let result = serve_on(listener, state, shutdown_signal()).await;
    store.close().await;
    result
}

/// Serves `state` on an already bound listener until `shutdown` completes, with the retention
/// task running alongside; tests bind port 0 and pass their own shutdown trigger.
pub async fn serve_on(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    tracing::info!(
        address = %listener.local_addr()?,
        backend = ?state.store.backend(),
        "altloom-server listening"
    );
    let pruning = tokio::spawn(retention::run_periodically(state.clone()));
    let application = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, application)
        .with_graceful_shutdown(shutdown)
        .await;
    pruning.abort();
    served?;
    tracing::info!("altloom-server stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
