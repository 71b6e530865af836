//! `hushnoted`: the custody service. It owns the data directory under its own OS account and
//! answers the `hushnote` CLI (and, next, the desktop app) on a local socket.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// The socket of the system service (the package's unit listens here).
const SYSTEM_SOCKET: &str = "/run/hushnote/hushnoted.sock";

#[derive(Parser)]
#[command(name = "hushnoted", version, about = "The Hushnote custody service: owns the vault and answers its clients on a local socket")]
struct Args {
    /// The data directory (made 0700, the service account's own).
    #[arg(long, env = "HUSHNOTE_DATA_DIR")]
    data_dir: PathBuf,
    /// Where to listen.
    #[arg(long, env = "HUSHNOTE_SOCKET", default_value = SYSTEM_SOCKET)]
    socket: PathBuf,
}

fn main() -> ExitCode {
    if let Err(e) = hushnote_proto::process::disable_core_dumps() {
        eprintln!("hushnoted: warning: {e}");
    }
    let args = Args::parse();
    let server = match hushnoted::Server::bind(&args.data_dir, &args.socket) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hushnoted: {e}");
            return ExitCode::from(hushnote_proto::ErrorCode::Failed.exit_code());
        }
    };
    // SIGTERM (a package upgrade, a shutdown) and SIGINT: every open session saves its draft
    // and locks, then the service exits.
    let stop = server.stopper();
    if let Err(e) = ctrlc::set_handler(move || {
        stop();
        std::process::exit(0);
    }) {
        eprintln!("hushnoted: warning: cannot handle SIGTERM ({e}); open drafts are saved as each utterance ends anyway");
    }
    eprintln!("hushnoted: serving {} on {}", args.data_dir.display(), args.socket.display());
    match server.serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hushnoted: the socket failed: {e}");
            ExitCode::from(hushnote_proto::ErrorCode::Failed.exit_code())
        }
    }
}
