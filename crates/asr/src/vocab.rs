//! Whisper vocabularies as CTranslate2 ships them, decoded to the raw token bytes whisper.cpp wants.
//!
//! Tokens are stored in GPT-2's byte-level form, where every byte is shown as a printable
//! character (`Ġ` for a space). whisper.cpp wants the raw bytes; 344 tokens are partial UTF-8
//! sequences, so the result is bytes, not strings.

use std::path::Path;

use super::ImportError;

/// The end-of-text marker; whisper.cpp adds every special token after it by itself.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// GPT-2's `bytes_to_unicode` inverse: character code → byte.
fn unicode_to_byte() -> std::collections::HashMap<char, u8> {
    let printable = |b: u32| (0x21..=0x7e).contains(&b) || (0xa1..=0xac).contains(&b) || (0xae..=0xff).contains(&b);
    let mut map = std::collections::HashMap::with_capacity(256);
    let mut extra = 0u32;
    for b in 0u32..256 {
        let code = if printable(b) {
            b
        } else {
            extra += 1;
            255 + extra
        };
        if let Some(c) = char::from_u32(code) {
            map.insert(c, b as u8);
        }
    }
    map
}

/// Reads `vocabulary.txt` (one token a line, line index = id) or `vocabulary.json` (a JSON list).
pub fn load_tokens(dir: &Path) -> Result<Vec<String>, ImportError> {
    let txt = dir.join("vocabulary.txt");
    let json = dir.join("vocabulary.json");
    if txt.is_file() {
        let raw = std::fs::read_to_string(&txt).map_err(|e| ImportError::io(&txt, e))?;
        // Split on '\n' only: byte-level tokens never contain a raw newline or CR.
        let mut tokens: Vec<String> = raw.split('\n').map(str::to_owned).collect();
        if tokens.last().is_some_and(String::is_empty) {
            tokens.pop();
        }
        Ok(tokens)
    } else if json.is_file() {
        let raw = std::fs::read(&json).map_err(|e| ImportError::io(&json, e))?;
        serde_json::from_slice(&raw)
            .map_err(|e| ImportError::Format(format!("{} is not a JSON list of tokens: {e}", json.display())))
    } else {
        Err(ImportError::Format(format!(
            "{} has neither vocabulary.txt nor vocabulary.json",
            dir.display()
        )))
    }
}

/// Decodes the ordinary (non-special) tokens: every id below `<|endoftext|>`.
pub fn ordinary_token_bytes(tokens: &[String]) -> Result<Vec<Vec<u8>>, ImportError> {
    let eot = tokens
        .iter()
        .position(|t| t == END_OF_TEXT)
        .ok_or_else(|| ImportError::Format(format!("the vocabulary has no {END_OF_TEXT} token")))?;
    let map = unicode_to_byte();
    tokens[..eot]
        .iter()
        .enumerate()
        .map(|(id, tok)| {
            tok.chars()
                .map(|c| map.get(&c).copied())
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| ImportError::Format(format!("token {id} is not in GPT-2 byte-level form")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_byte_level_tokens_to_raw_bytes() {
        let toks: Vec<String> = ["!", "Ġthe", "Ċ", "Ã©", "Ã", END_OF_TEXT, "<|startoftranscript|>"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let out = ordinary_token_bytes(&toks).unwrap();
        assert_eq!(out.len(), 5, "special tokens are not written");
        assert_eq!(out[0], b"!");
        assert_eq!(out[1], b" the");
        assert_eq!(out[2], b"\n");
        assert_eq!(out[3], "é".as_bytes());
        assert_eq!(out[4], vec![0xc3], "a partial UTF-8 sequence keeps its byte");
    }

    #[test]
    fn rejects_vocabularies_without_end_of_text_or_foreign_characters() {
        assert!(ordinary_token_bytes(&["a".to_string()]).is_err());
        assert!(ordinary_token_bytes(&["漢".to_string(), END_OF_TEXT.to_string()]).is_err());
    }
}
