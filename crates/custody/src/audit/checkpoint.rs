//! Signed heads of the audit chain. An admin exports one now and then (to paper, e-mail, the
//! SIEM); comparing it later with the log proves nothing was cut off the end, which the chain
//! alone cannot show.

use hushnote_proto::{Checkpoint, Verification};
use ring::signature::{self, Ed25519KeyPair, KeyPair};

/// A checkpoint that does not match the log.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("the checkpoint's signature is invalid (forged or altered checkpoint)")]
    BadSignature,
    #[error("the checkpoint belongs to another vault or another key")]
    OtherVault,
    #[error("the audit log was truncated: the checkpoint covers up to sequence {checkpoint}, the log ends at {log_end}")]
    Truncated { checkpoint: i64, log_end: i64 },
    #[error("the audit log was rewritten: sequence {0} differs from the checkpoint")]
    Rewritten(i64),
}

fn message(vault_id: &str, seq: i64, mac: &[u8], ts_ms: i64) -> Vec<u8> {
    let mut m = b"hushnote-audit-checkpoint-v1".to_vec();
    m.extend_from_slice(&(vault_id.len() as u32).to_be_bytes());
    m.extend_from_slice(vault_id.as_bytes());
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(mac);
    m.extend_from_slice(&ts_ms.to_be_bytes());
    m
}

/// Signs the head of a verified chain.
pub fn sign(key: &Ed25519KeyPair, vault_id: &str, head: &Verification, ts_ms: i64) -> Checkpoint {
    let sig = key.sign(&message(vault_id, head.head_seq, &head.head_mac, ts_ms));
    Checkpoint {
        vault_id: vault_id.to_owned(),
        seq: head.head_seq,
        mac: head.head_mac.clone(),
        ts_ms,
        public_key: key.public_key().as_ref().to_vec(),
        signature: sig.as_ref().to_vec(),
    }
}

/// Checks the signature and that `key` (this vault's checkpoint key) made it.
pub fn check_signature(cp: &Checkpoint, key: &Ed25519KeyPair, vault_id: &str) -> Result<(), CheckpointError> {
    if cp.vault_id != vault_id || cp.public_key != key.public_key().as_ref() {
        return Err(CheckpointError::OtherVault);
    }
    signature::UnparsedPublicKey::new(&signature::ED25519, &cp.public_key)
        .verify(&message(&cp.vault_id, cp.seq, &cp.mac, cp.ts_ms), &cp.signature)
        .map_err(|_| CheckpointError::BadSignature)
}

/// Compares with the log: the checkpoint's row must still exist with the same MAC.
/// `mac_at(seq)` returns the MAC the verified chain holds at `seq`, if the chain reaches it.
pub fn compare(cp: &Checkpoint, log_end: i64, mac_at: impl Fn(i64) -> Option<Vec<u8>>) -> Result<(), CheckpointError> {
    if log_end < cp.seq {
        return Err(CheckpointError::Truncated { checkpoint: cp.seq, log_end });
    }
    match mac_at(cp.seq) {
        Some(m) if m == cp.mac => Ok(()),
        _ => Err(CheckpointError::Rewritten(cp.seq)),
    }
}
