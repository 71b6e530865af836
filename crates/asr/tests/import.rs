//! The importer turns the registry wheel's CTranslate2 model into the pinned ggml bytes.

use hushnote_asr as asr;
use hushnote_testkit as common;

#[test]
fn importing_the_registry_wheel_reproduces_the_pinned_file() {
    let ct2 = common::root().join("models/.cache/ct2/tiny.en");
    assert!(ct2.join("model.bin").is_file(), "run `python3 models/fetch.py` first: {} is missing", ct2.display());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tiny.bin");
    let s = asr::import_ct2(&ct2, &out, asr::WeightType::F16).unwrap();
    let pinned = asr::manifest::manifest().unwrap().models["tiny.en"].sha256.clone();
    assert_eq!(s.sha256, pinned);
    assert_eq!(s.tensors, 167);
    assert_eq!(s.n_vocab, 51_864);
    assert!(!s.multilingual);
    assert_eq!(asr::manifest::file_digest(&out, &ring::digest::SHA256).unwrap(), pinned);
    // The imported file is recognised by checksum wherever it lives.
    let r = asr::resolve(out.to_str().unwrap()).unwrap();
    assert_eq!((r.name.as_str(), r.pin), ("tiny.en", asr::Pin::Manifest));
}

#[test]
fn importer_rejects_damaged_input_without_leaving_a_file() {
    let src = common::root().join("models/.cache/ct2/tiny.en");
    let dir = tempfile::tempdir().unwrap();
    let ct2 = dir.path().join("ct2");
    std::fs::create_dir(&ct2).unwrap();
    let model = std::fs::read(src.join("model.bin")).unwrap();
    std::fs::write(ct2.join("model.bin"), &model[..model.len() / 2]).unwrap();
    std::fs::copy(src.join("vocabulary.txt"), ct2.join("vocabulary.txt")).unwrap();
    let out = dir.path().join("out.bin");
    let err = asr::import_ct2(&ct2, &out, asr::WeightType::F16).unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(!out.exists());
    // No model at all.
    let err = asr::import_ct2(dir.path(), &out, asr::WeightType::F16).unwrap_err();
    assert!(err.to_string().contains("no CTranslate2 model"), "{err}");
}
