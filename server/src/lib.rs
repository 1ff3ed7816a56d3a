//! The Altloom account backend. This first version serves health checks; accounts, billing,
//! alt text and the site vault build on the same router.

pub mod config;
pub mod routes;

use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::config::Config;

/// Parses the command line (`serve [--bind ADDR]`), starts the runtime and serves until a
/// shutdown signal.
pub fn run() -> ExitCode {
    let config = match Config::from_arguments_and_environment(std::env::args().skip(1), |name| {
        std::env::var(name).ok()
    }) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ALTLOOM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
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
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Binds and serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", config.bind))?;
    serve_on(listener, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` completes; tests bind port 0 and pass
/// their own shutdown trigger.
pub async fn serve_on(
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    tracing::info!(address = %listener.local_addr()?, "altloom-server listening");
    axum::serve(listener, routes::router())
        .with_graceful_shutdown(shutdown)
        .await?;
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
