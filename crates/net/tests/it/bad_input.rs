//! Malformed input: each case gives the exact message, line and column.

use statecraft_net::{Evidence, NetError, bif, xmlbif};

fn check_bif(input: &str, expected: &str) {
    match bif::read(input) {
        Ok(_) => panic!("expected an error for:\n{input}"),
        Err(error) => assert_eq!(error.to_string(), expected, "for input:\n{input}"),
    }
}

fn check_xml(input: &str, expected: &str) {
    match xmlbif::read(input) {
        Ok(_) => panic!("expected an error for:\n{input}"),
        Err(error) => assert_eq!(error.to_string(), expected, "for input:\n{input}"),
    }
}

const HEADER: &str = "network n {\n}\nvariable a {\n  type discrete [ 2 ] { x, y };\n}\n";

#[test]
fn truncated_file() {
    check_bif(
        "network n {\n}\nvariable a {\n  type discrete [ 2 ] { x, y };\n",
        "5:1: expected 'type' or 'property', found the end of the file",
    );
    check_bif(
        &format!("{HEADER}probability ( a ) {{\n  table 0.5, "),
        "7:14: expected a probability, found the end of the file",
    );
}

#[test]
fn unknown_variable() {
    check_bif(
        &format!(
            "{HEADER}probability ( a ) {{\n  table 0.5, 0.5;\n}}\nprobability ( b | a ) {{\n  (x) 1, 0;\n}}\n"
        ),
        "9:15: unknown variable 'b'",
    );
    check_bif(
        &format!("{HEADER}probability ( a | c ) {{\n  (x) 1, 0;\n}}\n"),
        "6:19: unknown variable 'c'",
    );
}

#[test]
fn unknown_parent_state() {
    check_bif(
        &format!(
            "{HEADER}variable b {{\n  type discrete [ 2 ] {{ u, v }};\n}}\nprobability ( a ) {{\n  table 0.5, 0.5;\n}}\nprobability ( b | a ) {{\n  (x) 1, 0;\n  (z) 0, 1;\n}}\n"
        ),
        "14:4: variable 'a' has no state 'z'",
    );
}

#[test]
fn wrong_table_size() {
    check_bif(
        &format!("{HEADER}probability ( a ) {{\n  table 0.2, 0.3, 0.5;\n}}\n"),
        "7:3: table of 'a' has 3 values, expected 2",
    );
}

#[test]
fn missing_row() {
    check_bif(
        &format!(
            "{HEADER}variable b {{\n  type discrete [ 2 ] {{ u, v }};\n}}\nprobability ( a ) {{\n  table 0.5, 0.5;\n}}\nprobability ( b | a ) {{\n  (x) 1, 0;\n}}\n"
        ),
        "12:1: probability block of 'b' has no row for (y)",
    );
}

#[test]
fn probabilities_not_summing_to_one() {
    check_bif(
        &format!("{HEADER}probability ( a ) {{\n  table 0.5, 0.6;\n}}\n"),
        "7:3: CPT row of 'a': probabilities sum to 1.1, not 1",
    );
}

#[test]
fn every_bad_row_is_reported() {
    check_bif(
        &format!(
            "{HEADER}variable b {{\n  type discrete [ 2 ] {{ u, v }};\n}}\nprobability ( a ) {{\n  table 0.5, 0.5;\n}}\nprobability ( b | a ) {{\n  (x) 0.9, 0.2;\n  (y) -0.5, 1.5;\n}}\n"
        ),
        "13:3: CPT row of 'b': probabilities sum to 1.1, not 1\n14:3: CPT row of 'b': probability -0.5 is not a finite non-negative number",
    );
}

#[test]
fn duplicate_names() {
    check_bif(
        &format!(
            "{HEADER}variable a {{\n  type discrete [ 2 ] {{ x, y }};\n}}\nprobability ( a ) {{\n  table 0.5, 0.5;\n}}\n"
        ),
        "6:10: variable 'a' is declared twice",
    );
    check_bif(
        "variable a {\n  type discrete [ 2 ] { x, x };\n}\nprobability ( a ) {\n  table 0.5, 0.5;\n}\n",
        "4:1: variable 'a' state 'x' listed twice",
    );
}

#[test]
fn cycles() {
    check_bif(
        "variable a {\n  type discrete [ 2 ] { x, y };\n}\nvariable b {\n  type discrete [ 2 ] { x, y };\n}\nprobability ( a | b ) {\n  (x) 1, 0;\n  (y) 0, 1;\n}\nprobability ( b | a ) {\n  (x) 1, 0;\n  (y) 0, 1;\n}\n",
        "7:1: variable 'a' is on a directed cycle: a -> b -> a",
    );
}

#[test]
fn state_count_disagrees_with_list() {
    check_bif(
        "variable a {\n  type discrete [ 3 ] { x, y };\n}\n",
        "2:19: variable 'a' declares 3 states but lists 2",
    );
}

#[test]
fn not_a_number() {
    check_bif(
        &format!("{HEADER}probability ( a ) {{\n  table 0.5, half;\n}}\n"),
        "7:14: expected a probability, found 'half'",
    );
}

#[test]
fn missing_probability_block() {
    check_bif(HEADER, "3:10: variable 'a' has no probability block");
}

#[test]
fn empty_file() {
    check_bif("", "1:1: the file declares no variables");
    check_bif("// only a comment\n", "1:1: the file declares no variables");
}

#[test]
fn unclosed_comment() {
    check_bif(
        "/* never closed\nvariable a {",
        "1:1: comment is not closed",
    );
}

const XML_HEAD: &str = "<BIF VERSION=\"0.3\">\n<NETWORK>\n<NAME>n</NAME>\n<VARIABLE TYPE=\"nature\">\n  <NAME>a</NAME>\n  <OUTCOME>x</OUTCOME>\n  <OUTCOME>y</OUTCOME>\n</VARIABLE>\n";

#[test]
fn xmlbif_malformed_xml() {
    check_xml(
        &format!(
            "{XML_HEAD}<DEFINITION>\n  <FOR>a</FOR>\n  <TABLE>0.5 0.5</TABL>\n</DEFINITION>\n</NETWORK>\n</BIF>\n"
        ),
        "11:17: malformed XML: expected 'TABLE' tag, not 'TABL'",
    );
}

#[test]
fn xmlbif_unknown_given_and_bad_table() {
    check_xml(
        &format!(
            "{XML_HEAD}<DEFINITION>\n  <FOR>a</FOR>\n  <GIVEN>b</GIVEN>\n  <TABLE>0.5 0.5</TABLE>\n</DEFINITION>\n</NETWORK>\n</BIF>\n"
        ),
        "11:3: unknown variable 'b'",
    );
    check_xml(
        &format!(
            "{XML_HEAD}<DEFINITION>\n  <FOR>a</FOR>\n  <TABLE>0.5 0.4 0.1</TABLE>\n</DEFINITION>\n</NETWORK>\n</BIF>\n"
        ),
        "11:3: TABLE of 'a' has 3 values, expected 2",
    );
    check_xml(
        &format!(
            "{XML_HEAD}<DEFINITION>\n  <FOR>a</FOR>\n  <TABLE>0.5 0.4</TABLE>\n</DEFINITION>\n</NETWORK>\n</BIF>\n"
        ),
        "11:3: variable 'a', row 0: probabilities sum to 0.9, not 1",
    );
}

#[test]
fn evidence_errors_name_the_variable_and_state() {
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let mut evidence = Evidence::new();
    let error = evidence
        .observe(&network, "Talk", "resume")
        .expect_err("unknown variable");
    assert_eq!(error.to_string(), "unknown variable 'Talk'");
    let error = evidence
        .observe(&network, "Talks", "resumed")
        .expect_err("unknown state");
    assert_eq!(
        error.to_string(),
        "variable 'Talks' has no state 'resumed' (states: resume, stall)"
    );
    let error = evidence
        .likelihood(&network, "Talks", &[0.5])
        .expect_err("wrong length");
    assert_eq!(
        error.to_string(),
        "invalid evidence on 'Talks': 1 likelihoods given for 2 states"
    );
}

#[test]
fn contradictory_evidence_is_refused_where_it_is_entered() {
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let mut evidence = Evidence::new();
    evidence
        .observe(&network, "Talks", "resume")
        .expect("evidence");
    // The same state again is only redundant.
    evidence
        .observe(&network, "Talks", "resume")
        .expect("evidence");
    let refused = |result: Result<&mut Evidence, NetError>| match result {
        Err(error) => error.to_string(),
        Ok(_) => panic!("a contradiction was accepted"),
    };
    assert_eq!(
        refused(evidence.clone().observe(&network, "Talks", "stall")),
        "invalid evidence on 'Talks': observed as 'stall', but already observed as 'resume'"
    );
    assert_eq!(
        refused(evidence.clone().intervene(&network, "Talks", "stall")),
        "invalid evidence on 'Talks': set by do to 'stall', but already observed as 'resume'"
    );
    let mut set = Evidence::new();
    set.intervene_id(&network, 0, 2).expect("do");
    assert_eq!(
        refused(set.clone().observe_id(&network, 0, 1)),
        "invalid evidence on 'Pressure': observed as 'medium', but already set by do to 'high/rising'"
    );
    assert!(set.observe_id(&network, 0, 2).is_ok());
}

#[test]
fn impossible_evidence_is_an_error_not_nan() {
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let mut evidence = Evidence::new();
    // A report no one could give (zero likelihood for stalled talks) of talks that
    // stalled.
    evidence
        .likelihood(&network, "Talks", &[1.0, 0.0])
        .expect("evidence");
    evidence
        .observe(&network, "Talks", "stall")
        .expect("evidence");
    let mut engine = statecraft_net::Engine::new(&network).expect("compiles");
    assert!(matches!(
        engine.posterior(&evidence),
        Err(NetError::ZeroProbabilityEvidence)
    ));
    assert!(matches!(
        statecraft_net::ve::marginal(&network, &evidence, 0),
        Err(NetError::ZeroProbabilityEvidence)
    ));
}

#[test]
fn too_many_samples_are_refused_before_sampling() {
    use statecraft_net::uncertainty::{MAX_SAMPLED_VALUES, max_samples, sample_posteriors};
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let all: Vec<usize> = (0..network.len()).collect();
    let states: usize = all.iter().map(|&v| network.cardinality(v)).sum();
    let limit = max_samples(states);
    assert!(limit * states <= MAX_SAMPLED_VALUES && limit > 1_000_000);
    // One target allows more samples than all of them.
    assert!(max_samples(network.cardinality(0)) > limit);
    for samples in [limit + 1, usize::MAX] {
        match sample_posteriors(&network, &Evidence::new(), &all, samples, 1) {
            Err(NetError::InvalidArgument(message)) => {
                assert!(
                    message.starts_with(&format!("{samples} samples is too many"))
                        && message.contains(&format!("at most {limit} samples")),
                    "{message}"
                );
            }
            other => panic!("{samples} samples: expected a refusal, got {other:?}"),
        }
    }
    assert!(sample_posteriors(&network, &Evidence::new(), &all, 10, 1).is_ok());
}

#[test]
fn a_stop_skips_the_samples_not_yet_begun() {
    use statecraft_net::uncertainty::{sample_posteriors, sample_posteriors_until};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let all: Vec<usize> = (0..network.len()).collect();
    let none = Evidence::new();
    let never = sample_posteriors_until(&network, &none, &all, 300, 9, &|| false).expect("runs");
    assert_eq!(
        never,
        sample_posteriors(&network, &none, &all, 300, 9).expect("runs")
    );
    let asked = AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 40;
    assert!(matches!(
        sample_posteriors_until(&network, &none, &all, 300, 9, &stop),
        Err(NetError::Stopped)
    ));
    assert_eq!(asked.load(Ordering::Relaxed), 300, "asked once per sample");
}

#[test]
fn a_cpt_too_large_to_read_gives_its_size() {
    // 26 binary parents and a binary child: 2^27 entries, past the 2^26 read.
    let mut text = String::from("network n {\n}\n");
    for i in 0..27 {
        text.push_str(&format!(
            "variable v{i} {{\n  type discrete [ 2 ] {{ a, b }};\n}}\n"
        ));
    }
    let parents: Vec<String> = (0..26).map(|i| format!("v{i}")).collect();
    text.push_str(&format!(
        "probability ( v26 | {} ) {{\n  default 0.5, 0.5;\n}}\n",
        parents.join(", ")
    ));
    for i in 0..26 {
        text.push_str(&format!("probability ( v{i} ) {{\n  table 0.5, 0.5;\n}}\n"));
    }
    check_bif(
        &text,
        "84:1: the CPT of 'v26' would have 1.342e8 entries (2 states × 67108864 parent \
         configurations); at most 67108864 (2^26) are read",
    );
}
