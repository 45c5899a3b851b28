//! Random byte edits of a valid model never panic the loader.

use proptest::prelude::*;
use statecraft_model::{InputFile, load};

fn example_text() -> String {
    crate::example_files()
        .into_iter()
        .map(|f| f.text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop::sample::select(b"[]{}=\",.-0123456789aZ\n #'".to_vec()),
                1..8
            )
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn byte_edits_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        let mut bytes = example_text().into_bytes();
        for e in edits {
            let n = bytes.len().max(1);
            match e {
                Edit::Replace(i, b) => { let i = i % n; if i < bytes.len() { bytes[i] = b; } }
                Edit::Delete(i, k) => { let i = i % n; let j = (i + k).min(bytes.len()); if i < j { bytes.drain(i..j); } }
                Edit::Insert(i, b) => { let i = i % (bytes.len() + 1); bytes.splice(i..i, b); }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for name in ["m.toml", "m.json"] {
            if let Err(d) = load(&[InputFile { name: name.into(), text: text.clone() }]) {
                prop_assert!(!d.0.is_empty());
                for diagnostic in &d.0 {
                    prop_assert!(!diagnostic.message.is_empty());
                }
            }
        }
    }
}
