//! Export JSON → load → export JSON is byte-identical.

use statecraft_model::{InputFile, load};

fn export(model: &statecraft_model::Model) -> String {
    serde_json::to_string_pretty(model).expect("serializes")
}

#[test]
fn json_round_trip_is_byte_identical() {
    let first = export(&crate::example());
    let reloaded = load(&[InputFile {
        name: "export.json".into(),
        text: first.clone(),
    }])
    .expect("export loads");
    assert_eq!(export(&reloaded), first);
}

#[test]
fn builtin_model_round_trips() {
    let Ok(model) = statecraft_model::store::open(None) else {
        panic!("the built-in model must load");
    };
    let first = export(&model);
    let reloaded = load(&[InputFile {
        name: "export.json".into(),
        text: first.clone(),
    }])
    .expect("export loads");
    assert_eq!(export(&reloaded), first);
}
