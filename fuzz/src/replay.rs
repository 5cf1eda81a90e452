//! The committed inputs of a fuzz target, for the `fuzz_corpus` tests of the library crates
//! (which include this file by path, as they do the harnesses).

use std::path::{Path, PathBuf};

/// Every file in `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`; `fuzz_dir` is the
/// `fuzz/` directory. Panics (these are tests) when there is none or one cannot be read.
pub fn inputs(fuzz_dir: &Path, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut inputs = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                let data = std::fs::read(&path).unwrap();
                inputs.push((path, data));
            }
        }
    }
    assert!(!inputs.is_empty(), "no corpus for {target}");
    inputs
}
