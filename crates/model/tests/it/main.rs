//! Tests of model loading, validation and as-of views.

mod as_of;
mod diagnostics;
mod fuzz;
mod round_trip;

use statecraft_model::{InputFile, Model, load};

/// The example model under tests/models/example, read from disk.
pub fn example_files() -> Vec<InputFile> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/models/example");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("example model directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| InputFile {
            name: p.file_name().expect("name").to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).expect("readable"),
        })
        .collect()
}

pub fn example() -> Model {
    load(&example_files()).expect("the example model is valid")
}
