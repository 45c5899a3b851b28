//! Random byte edits of valid BIF and XMLBIF files never make a reader
//! panic: each edit either reads as a network or fails with diagnostics.

use proptest::prelude::*;
use statecraft_net::{NetError, bif, xmlbif};

const TALKS: &str = include_str!("fixtures/talks.bif");
const TALKS_XML: &str = include_str!("fixtures/talks.xml");

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, u8),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop_oneof![
        any::<u8>(),
        proptest::sample::select(b"{}()[],;|\"/*<>&=-.0123456789e \n".to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 1usize..60).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] = b;
                }
            }
            Edit::Delete(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Truncate(i) => bytes.truncate(i % len),
            Edit::Duplicate(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check(result: Result<statecraft_net::Network, NetError>) -> Result<(), TestCaseError> {
    match result {
        Ok(network) => prop_assert!(!network.is_empty()),
        Err(NetError::Format { diagnostics, .. }) => {
            prop_assert!(!diagnostics.is_empty());
            for d in diagnostics {
                prop_assert!(d.position.line >= 1 && d.position.column >= 1);
                prop_assert!(!d.message.is_empty());
            }
        }
        Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_bif_never_panics(edits in proptest::collection::vec(edit(), 1..6)) {
        check(bif::read(&apply(TALKS, &edits)))?;
    }

    #[test]
    fn mutated_xmlbif_never_panics(edits in proptest::collection::vec(edit(), 1..6)) {
        check(xmlbif::read(&apply(TALKS_XML, &edits)))?;
    }
}
