//! Reader for CTranslate2 `model.bin` files (the format faster-whisper uses).
//!
//! Layout (little-endian): `u32 version`, string spec name, `u32 revision`, `u32 n_vars`, then per
//! variable: name, `u8 ndim`, `u32 dims[ndim]`, `u8 dtype`, `u32 nbytes`, row-major data; then
//! `u32 n_aliases` and (alias, target) string pairs. A string is `u16 len` (counting a trailing NUL)
//! followed by the bytes and the NUL.

use std::collections::BTreeMap;

use half::{bf16, f16};

use super::ImportError;

/// Element types CTranslate2 writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl DType {
    fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::Bf16,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }
}

/// One named variable of a CTranslate2 model.
#[derive(Debug, Clone)]
pub struct Variable {
    pub dims: Vec<usize>,
    pub dtype: DType,
    pub data: Vec<u8>,
}

impl Variable {
    /// Number of elements (1 for a scalar).
    pub fn len(&self) -> usize {
        self.dims.iter().product()
    }

    /// Whether the variable holds no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values widened to f32 (lossless for f16/bf16 sources).
    pub fn to_f32(&self) -> Vec<f32> {
        let d = &self.data;
        match self.dtype {
            DType::F32 => d.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
            DType::F16 => d.chunks_exact(2).map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32()).collect(),
            DType::Bf16 => d.chunks_exact(2).map(|c| bf16::from_le_bytes([c[0], c[1]]).to_f32()).collect(),
            DType::I8 => d.iter().map(|&b| f32::from(b as i8)).collect(),
            DType::I16 => d.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]]))).collect(),
            DType::I32 => d.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f32).collect(),
        }
    }

    /// A scalar integer value (e.g. `encoder/num_heads`).
    pub fn scalar_i64(&self) -> Option<i64> {
        if self.len() != 1 {
            return None;
        }
        let d = &self.data;
        Some(match self.dtype {
            DType::I8 => i64::from(d[0] as i8),
            DType::I16 => i64::from(i16::from_le_bytes([d[0], d[1]])),
            DType::I32 => i64::from(i32::from_le_bytes([d[0], d[1], d[2], d[3]])),
            _ => self.to_f32().first().map(|v| *v as i64)?,
        })
    }
}

/// A parsed CTranslate2 model: variables by name plus aliases.
#[derive(Debug, Default)]
pub struct Ct2Model {
    pub spec: String,
    pub vars: BTreeMap<String, Variable>,
    pub aliases: BTreeMap<String, String>,
}

impl Ct2Model {
    /// Parses a whole `model.bin` held in memory.
    pub fn parse(bytes: &[u8]) -> Result<Self, ImportError> {
        let mut r = Reader { b: bytes, pos: 0 };
        let version = r.u32()?;
        if version != 6 {
            return Err(ImportError::Format(format!(
                "CTranslate2 binary version {version} is not supported (expected 6)"
            )));
        }
        let spec = r.string()?;
        let _revision = r.u32()?;
        let n_vars = r.u32()? as usize;
        let mut vars = BTreeMap::new();
        for _ in 0..n_vars {
            let name = r.string()?;
            let ndim = r.u8()? as usize;
            let mut dims = Vec::with_capacity(ndim);
            for _ in 0..ndim {
                dims.push(r.u32()? as usize);
            }
            let code = r.u8()?;
            let dtype = DType::from_code(code)
                .ok_or_else(|| ImportError::Format(format!("variable {name}: unknown dtype code {code}")))?;
            let nbytes = r.u32()? as usize;
            let elems: usize = dims.iter().product();
            if elems.checked_mul(dtype.size()) != Some(nbytes) {
                return Err(ImportError::Format(format!(
                    "variable {name}: {nbytes} bytes do not match shape {dims:?} of {dtype:?}"
                )));
            }
            let data = r.take(nbytes)?.to_vec();
            vars.insert(name, Variable { dims, dtype, data });
        }
        let mut aliases = BTreeMap::new();
        let n_alias = r.u32()? as usize;
        for _ in 0..n_alias {
            let alias = r.string()?;
            let target = r.string()?;
            aliases.insert(alias, target);
        }
        Ok(Self { spec, vars, aliases })
    }

    /// Looks a variable up by name, following aliases.
    pub fn get(&self, name: &str) -> Result<&Variable, ImportError> {
        let resolved = self.aliases.get(name).map(String::as_str).unwrap_or(name);
        self.vars
            .get(resolved)
            .ok_or_else(|| ImportError::Format(format!("the model has no variable {name}")))
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ImportError> {
        if self.remaining() < n {
            return Err(ImportError::Format(format!(
                "model.bin ends early at byte {} (needed {n} more bytes): the file is truncated",
                self.b.len()
            )));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, ImportError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ImportError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }

    fn u32(&mut self) -> Result<u32, ImportError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn string(&mut self) -> Result<String, ImportError> {
        let len = self.u16()? as usize;
        let raw = self.take(len)?;
        let raw = raw.strip_suffix(&[0]).unwrap_or(raw);
        String::from_utf8(raw.to_vec()).map_err(|_| ImportError::Format("a name in model.bin is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put_str(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&((s.len() + 1) as u16).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
        out.push(0);
    }

    #[test]
    fn parses_variables_scalars_and_aliases() {
        let mut b = Vec::new();
        b.extend_from_slice(&6u32.to_le_bytes());
        put_str(&mut b, "WhisperSpec");
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&2u32.to_le_bytes());
        put_str(&mut b, "w");
        b.push(2);
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&2u32.to_le_bytes());
        b.push(4);
        b.extend_from_slice(&4u32.to_le_bytes());
        b.extend_from_slice(&f16::from_f32(1.5).to_le_bytes());
        b.extend_from_slice(&f16::from_f32(-2.0).to_le_bytes());
        put_str(&mut b, "num_heads");
        b.push(0);
        b.push(2);
        b.extend_from_slice(&2u32.to_le_bytes());
        b.extend_from_slice(&6i16.to_le_bytes());
        b.extend_from_slice(&1u32.to_le_bytes());
        put_str(&mut b, "alias");
        put_str(&mut b, "w");

        let m = Ct2Model::parse(&b).unwrap();
        assert_eq!(m.spec, "WhisperSpec");
        assert_eq!(m.get("alias").unwrap().to_f32(), vec![1.5, -2.0]);
        assert_eq!(m.get("num_heads").unwrap().scalar_i64(), Some(6));
        // Every truncation is an error, never a panic.
        for cut in 0..b.len() {
            assert!(Ct2Model::parse(&b[..cut]).is_err(), "cut at {cut} parsed");
        }
    }
}
