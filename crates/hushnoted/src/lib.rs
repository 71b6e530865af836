//! The custody service's side of the protocol: each [`Request`](hushnote_proto::Request) answered
//! against the vault, on one session per connection.
//!
//! Today the `hushnote` CLI runs it in its own process ([`Custody`] is a
//! [`Transport`](hushnote_proto::Transport)); the `hushnoted` service will run the same handler
//! behind its socket, under its own OS account, and the CLI will only hold a client.

mod handler;
#[cfg(unix)]
mod server;

pub use handler::{Custody, Keeper};
#[cfg(unix)]
pub use server::{Server, StartError};
