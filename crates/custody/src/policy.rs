//! Admin policy: idle timeout, lockout, retention, audio keeping, redaction mode, upstream.
//!
//! Three layers, highest first: the managed file written by IT (like browsers' enterprise
//! policies: users cannot override it), the vault's own `policy.toml` (set by an admin with
//! `hushnote policy set`), and built-in defaults. [`EffectivePolicy`] remembers which layer each
//! value came from so `hushnote policy show` can explain it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Why a policy could not be loaded or changed. Messages name the file and key, never data.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read policy file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("policy file {path} is not valid TOML for Hushnote: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("policy value {key} = {value} is outside the allowed range {range}")]
    OutOfRange { key: &'static str, value: String, range: &'static str },
    #[error("{key} may only be set in the managed policy file written by IT")]
    ManagedOnly { key: &'static str },
    #[error("{key} is set by the managed policy ({path}); ask IT to change it there")]
    SetByManaged { key: String, path: PathBuf },
    #[error("unknown policy key {0}; `hushnote policy show` lists them")]
    UnknownKey(String),
    #[error("cannot write policy file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// How redacted text is produced for anything that leaves the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedactionMode {
    Tag,
    Mask,
    Surrogate,
    DateShift,
}

impl fmt::Display for RedactionMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Tag => "tag",
            Self::Mask => "mask",
            Self::Surrogate => "surrogate",
            Self::DateShift => "date-shift",
        })
    }
}

/// The effective values. Every field has a default a compliance officer can defend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Idle time after which a session locks (HIPAA automatic logoff).
    pub idle_timeout_secs: u64,
    /// Failed logins in a row that lock an account.
    pub lockout_threshold: u32,
    /// How long a locked-out account stays locked.
    pub lockout_minutes: u64,
    /// Days a final or sent note is kept locally after its last change (the EHR is the record).
    pub retention_final_days: u64,
    /// Days an abandoned draft is kept after its last change.
    pub retention_draft_days: u64,
    /// Days dictation audio is kept (only when `keep_audio`).
    pub retention_audio_days: u64,
    /// Whether dictation audio is stored in the vault at all.
    pub keep_audio: bool,
    /// Redaction applied to text sent upstream.
    pub redaction_mode: RedactionMode,
    /// Whether the vault may run without an OS keychain (password alone protects the key).
    /// Only the managed file can allow this.
    pub password_only_allowed: bool,
    /// FHIR endpoint for redacted notes; empty means nothing is sent.
    pub upstream_endpoint: String,
    /// The largest note text accepted, in KiB (a pasted file or a runaway dictation must not
    /// fill the vault or stall a session).
    pub note_max_kib: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            idle_timeout_secs: 300,
            lockout_threshold: 5,
            lockout_minutes: 15,
            retention_final_days: 30,
            retention_draft_days: 14,
            retention_audio_days: 7,
            keep_audio: false,
            redaction_mode: RedactionMode::Tag,
            password_only_allowed: false,
            upstream_endpoint: String::new(),
            note_max_kib: 4096,
        }
    }
}

/// One policy file as written: every key optional, unknown keys refused (a typo must not
/// silently leave a default in force).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    idle_timeout_secs: Option<u64>,
    lockout_threshold: Option<u32>,
    lockout_minutes: Option<u64>,
    retention_final_days: Option<u64>,
    retention_draft_days: Option<u64>,
    retention_audio_days: Option<u64>,
    keep_audio: Option<bool>,
    redaction_mode: Option<RedactionMode>,
    password_only_allowed: Option<bool>,
    upstream_endpoint: Option<String>,
    note_max_kib: Option<u64>,
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The vault's policy file, set by an admin.
    Local(PathBuf),
    /// The managed file written by IT.
    Managed(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::Local(p) => write!(f, "local {}", p.display()),
            Self::Managed(p) => write!(f, "managed {}", p.display()),
        }
    }
}

/// The policy in force plus, per key, the layer that set it.
#[derive(Clone, Debug)]
pub struct EffectivePolicy {
    pub policy: Policy,
    sources: Vec<(&'static str, Source)>,
}

/// The keys, in display order.
pub const KEYS: [&str; 11] = [
    "idle_timeout_secs",
    "lockout_threshold",
    "lockout_minutes",
    "retention_final_days",
    "retention_draft_days",
    "retention_audio_days",
    "keep_audio",
    "redaction_mode",
    "password_only_allowed",
    "upstream_endpoint",
    "note_max_kib",
];

/// Where IT puts the managed policy on this operating system.
pub fn managed_policy_path() -> PathBuf {
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into());
        PathBuf::from(base).join("Hushnote").join("policy.toml")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Hushnote/policy.toml")
    } else {
        PathBuf::from("/etc/hushnote/policy.toml")
    }
}

/// The vault-local policy file inside a data directory.
pub fn local_policy_path(data_dir: &Path) -> PathBuf {
    data_dir.join("policy.toml")
}

fn read_file(path: &Path) -> Result<Option<PolicyFile>, PolicyError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(PolicyError::Read { path: path.to_owned(), source }),
    };
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| PolicyError::Parse { path: path.to_owned(), message: e.message().to_owned() })
}

impl EffectivePolicy {
    /// Defaults only (for tests and for a machine without policy files).
    pub fn defaults() -> Self {
        Self::from_policy(Policy::default())
    }

    /// A fixed policy with every value marked as default (tests, embedding).
    pub fn from_policy(policy: Policy) -> Self {
        Self { policy, sources: KEYS.iter().map(|k| (*k, Source::Default)).collect() }
    }

    /// A fixed policy whose values all count as managed (tests of managed-only switches).
    pub fn managed(policy: Policy, path: PathBuf) -> Self {
        Self { policy, sources: KEYS.iter().map(|k| (*k, Source::Managed(path.clone()))).collect() }
    }

    /// Loads the layers: `managed` (if the file exists) over `local` over defaults.
    pub fn load(managed: &Path, local: &Path) -> Result<Self, PolicyError> {
        let mut eff = Self::defaults();
        if let Some(file) = read_file(local)? {
            if file.password_only_allowed.is_some() {
                return Err(PolicyError::ManagedOnly { key: "password_only_allowed" });
            }
            eff.apply(file, Source::Local(local.to_owned()));
        }
        if let Some(file) = read_file(managed)? {
            eff.apply(file, Source::Managed(managed.to_owned()));
        }
        eff.policy.validate()?;
        Ok(eff)
    }

    fn apply(&mut self, f: PolicyFile, source: Source) {
        let p = &mut self.policy;
        let set = |key: &'static str, sources: &mut Vec<(&'static str, Source)>| {
            if let Some(slot) = sources.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = source.clone();
            }
        };
        macro_rules! take {
            ($($field:ident),*) => {$(
                if let Some(v) = f.$field { p.$field = v; set(stringify!($field), &mut self.sources); }
            )*};
        }
        take!(
            idle_timeout_secs,
            lockout_threshold,
            lockout_minutes,
            retention_final_days,
            retention_draft_days,
            retention_audio_days,
            keep_audio,
            redaction_mode,
            password_only_allowed,
            upstream_endpoint,
            note_max_kib
        );
    }

    /// The layer that set `key`.
    pub fn source(&self, key: &str) -> Source {
        self.sources.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone()).unwrap_or(Source::Default)
    }

    /// True when the managed file explicitly allows password-only mode. A local file cannot.
    pub fn password_only_allowed(&self) -> bool {
        self.policy.password_only_allowed && matches!(self.source("password_only_allowed"), Source::Managed(_))
    }

    /// `(key, value, source)` rows for display.
    pub fn rows(&self) -> Vec<(&'static str, String, Source)> {
        let p = &self.policy;
        let value = |k: &str| -> String {
            match k {
                "idle_timeout_secs" => p.idle_timeout_secs.to_string(),
                "lockout_threshold" => p.lockout_threshold.to_string(),
                "lockout_minutes" => p.lockout_minutes.to_string(),
                "retention_final_days" => p.retention_final_days.to_string(),
                "retention_draft_days" => p.retention_draft_days.to_string(),
                "retention_audio_days" => p.retention_audio_days.to_string(),
                "keep_audio" => p.keep_audio.to_string(),
                "redaction_mode" => p.redaction_mode.to_string(),
                "password_only_allowed" => p.password_only_allowed.to_string(),
                "note_max_kib" => p.note_max_kib.to_string(),
                _ => format!("{:?}", p.upstream_endpoint),
            }
        };
        KEYS.iter().map(|k| (*k, value(k), self.source(k))).collect()
    }
}

/// Bounds an admin may set values within.
pub const IDLE_TIMEOUT_RANGE: (u64, u64) = (60, 3600);

impl Policy {
    /// Refuses values outside the ranges a deployment may choose.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let (lo, hi) = IDLE_TIMEOUT_RANGE;
        if !(lo..=hi).contains(&self.idle_timeout_secs) {
            return Err(PolicyError::OutOfRange {
                key: "idle_timeout_secs",
                value: self.idle_timeout_secs.to_string(),
                range: "60..=3600",
            });
        }
        if !(3..=20).contains(&self.lockout_threshold) {
            return Err(PolicyError::OutOfRange {
                key: "lockout_threshold",
                value: self.lockout_threshold.to_string(),
                range: "3..=20",
            });
        }
        if !(1..=1440).contains(&self.lockout_minutes) {
            return Err(PolicyError::OutOfRange {
                key: "lockout_minutes",
                value: self.lockout_minutes.to_string(),
                range: "1..=1440",
            });
        }
        for (key, v) in [
            ("retention_final_days", self.retention_final_days),
            ("retention_draft_days", self.retention_draft_days),
            ("retention_audio_days", self.retention_audio_days),
        ] {
            if v > 3650 {
                return Err(PolicyError::OutOfRange { key: static_key(key), value: v.to_string(), range: "0..=3650" });
            }
        }
        if !(16..=65536).contains(&self.note_max_kib) {
            return Err(PolicyError::OutOfRange { key: "note_max_kib", value: self.note_max_kib.to_string(), range: "16..=65536" });
        }
        Ok(())
    }
}

fn static_key(k: &str) -> &'static str {
    KEYS.iter().copied().find(|x| *x == k).unwrap_or("?")
}

/// Sets one key in the vault-local policy file (admins only; the caller audits it). Refuses
/// keys the managed file sets and managed-only keys; validates the result before writing.
pub fn set_local(data_dir: &Path, managed: &Path, key: &str, value: &str) -> Result<EffectivePolicy, PolicyError> {
    let key = KEYS.iter().copied().find(|k| *k == key).ok_or_else(|| PolicyError::UnknownKey(key.to_owned()))?;
    if key == "password_only_allowed" {
        return Err(PolicyError::ManagedOnly { key });
    }
    let local = local_policy_path(data_dir);
    let current = EffectivePolicy::load(managed, &local)?;
    if let Source::Managed(path) = current.source(key) {
        return Err(PolicyError::SetByManaged { key: key.to_owned(), path });
    }
    let parse_err = |e: toml::de::Error| PolicyError::Parse { path: local.clone(), message: e.message().to_owned() };
    // Edit the file as a TOML table, so keys already set there stay as they are.
    let mut table: toml::Table = match std::fs::read_to_string(&local) {
        Ok(text) => toml::from_str(&text).map_err(parse_err)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => toml::Table::new(),
        Err(source) => return Err(PolicyError::Read { path: local.clone(), source }),
    };
    // Parse the value with TOML's own rules so `policy set` accepts what the file would.
    let parsed = if key == "upstream_endpoint" || key == "redaction_mode" {
        toml::Value::String(value.to_owned())
    } else {
        let mut one: toml::Table = toml::from_str(&format!("v = {value}")).map_err(parse_err)?;
        one.remove("v").ok_or_else(|| PolicyError::Parse { path: local.clone(), message: "no value".into() })?
    };
    table.insert(key.to_owned(), parsed);
    let text = toml::to_string(&table).map_err(|e| PolicyError::Parse { path: local.clone(), message: e.to_string() })?;
    // Type-check and validate the would-be result before it replaces the file.
    let mut check = EffectivePolicy::defaults();
    check.apply(toml::from_str(&text).map_err(parse_err)?, Source::Local(local.clone()));
    check.policy.validate()?;
    crate::fsutil::write_atomic(&local, text.as_bytes()).map_err(|source| PolicyError::Write { path: local.clone(), source })?;
    EffectivePolicy::load(managed, &local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_overrides_local_and_sources_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let managed = dir.path().join("managed.toml");
        let local = dir.path().join("policy.toml");
        std::fs::write(&local, "idle_timeout_secs = 600\nkeep_audio = true\n").unwrap();
        std::fs::write(&managed, "idle_timeout_secs = 120\npassword_only_allowed = true\n").unwrap();
        let eff = EffectivePolicy::load(&managed, &local).unwrap();
        assert_eq!(eff.policy.idle_timeout_secs, 120);
        assert!(eff.policy.keep_audio);
        assert_eq!(eff.source("idle_timeout_secs"), Source::Managed(managed.clone()));
        assert_eq!(eff.source("keep_audio"), Source::Local(local.clone()));
        assert_eq!(eff.source("lockout_threshold"), Source::Default);
        assert!(eff.password_only_allowed());
    }

    #[test]
    fn local_file_cannot_allow_password_only_mode() {
        let dir = tempfile::tempdir().unwrap();
        let local = dir.path().join("policy.toml");
        std::fs::write(&local, "password_only_allowed = true\n").unwrap();
        let err = EffectivePolicy::load(&dir.path().join("none.toml"), &local).unwrap_err();
        assert!(matches!(err, PolicyError::ManagedOnly { .. }), "{err}");
    }

    #[test]
    fn typos_and_out_of_range_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let local = dir.path().join("policy.toml");
        std::fs::write(&local, "idle_timeout = 600\n").unwrap();
        assert!(matches!(EffectivePolicy::load(&dir.path().join("x"), &local), Err(PolicyError::Parse { .. })));
        std::fs::write(&local, "idle_timeout_secs = 5\n").unwrap();
        assert!(matches!(EffectivePolicy::load(&dir.path().join("x"), &local), Err(PolicyError::OutOfRange { .. })));
    }

    #[test]
    fn set_local_writes_validates_and_respects_managed_keys() {
        let dir = tempfile::tempdir().unwrap();
        let managed = dir.path().join("managed.toml");
        std::fs::write(&managed, "keep_audio = false\n").unwrap();
        let eff = set_local(dir.path(), &managed, "idle_timeout_secs", "900").unwrap();
        assert_eq!(eff.policy.idle_timeout_secs, 900);
        let eff = set_local(dir.path(), &managed, "redaction_mode", "surrogate").unwrap();
        assert_eq!(eff.policy.redaction_mode, RedactionMode::Surrogate);
        assert_eq!(eff.policy.idle_timeout_secs, 900, "earlier local values are kept");
        assert!(matches!(set_local(dir.path(), &managed, "keep_audio", "true"), Err(PolicyError::SetByManaged { .. })));
        assert!(matches!(set_local(dir.path(), &managed, "idle_timeout_secs", "9"), Err(PolicyError::OutOfRange { .. })));
        assert!(matches!(set_local(dir.path(), &managed, "nope", "1"), Err(PolicyError::UnknownKey(_))));
        assert_eq!(EffectivePolicy::load(&managed, &local_policy_path(dir.path())).unwrap().policy.idle_timeout_secs, 900);
    }
}
