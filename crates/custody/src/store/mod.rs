//! The SQLCipher database: opening and keying it, its schema, notes and users as rows, and
//! retention purges. Plain functions over a connection; sessions call them after checking role
//! and ownership, inside the transaction that also writes the audit row.

pub(crate) mod db;
pub(crate) mod notes;
pub(crate) mod purge;
mod schema;
