//! A corpus of malformed model inputs, each with the exact diagnostics it must produce.
//!
//! Each case is appended to a small valid prelude (a source and an actor); reported
//! lines are made relative to the case so the expectations read naturally.

use statecraft_model::{InputFile, load};

const PRELUDE: &str = r#"[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2015"
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
paragraphs = 3

[[actor]]
id = "XAA"
kind = "state"
name = "A"
evidence = [{ source = "s", paragraph = 1, hash = "0123456789abcdef" }]
"#;

const EV: &str = r#"evidence = [{ source = "s", paragraph = 1, hash = "0123456789abcdef" }]"#;

#[track_caller]
fn check(case: &str, expect: &str) {
    let case = case.replace("$EV", EV);
    let offset = PRELUDE.lines().count() as u32;
    let text = format!("{PRELUDE}{case}");
    let diagnostics = match load(&[InputFile {
        name: "m.toml".into(),
        text,
    }]) {
        Ok(_) => panic!("the case must be rejected:\n{case}"),
        Err(d) => d,
    };
    let got: Vec<String> = diagnostics
        .0
        .iter()
        .map(|d| {
            let line = d.location.line.saturating_sub(offset);
            format!("{line}:{}: {}", d.location.column, d.message)
        })
        .collect();
    assert_eq!(got.join("\n"), expect.trim(), "case:\n{case}");
}

#[test]
fn valid_prelude_loads() {
    assert!(
        load(&[InputFile {
            name: "m.toml".into(),
            text: PRELUDE.into()
        }])
        .is_ok()
    );
}

#[test]
fn syntax_error_is_placed() {
    check(
        "[[goal]\n",
        "1:7: invalid TOML: invalid table header\nexpected `.`, `]]`",
    );
}

#[test]
fn unterminated_string() {
    check(
        "[[goal]]\nid = \"g\nactor = \"XAA\"\n",
        "2:8: invalid TOML: invalid basic string",
    );
}

#[test]
fn unknown_table() {
    check(
        "[[actress]]\nid = \"x\"\n",
        r#"1:3: unknown table "actress" (known: model, source, actor, goal, issue, position, channel, observation, event, measure, variable, forecast)"#,
    );
}

#[test]
fn unknown_field() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatment = \"x\"\n$EV\n",
        "4:12: goal record, field statment: unknown field `statment`, expected one of `id`, `actor`, `statement`, `rank`, `valid_from`, `valid_to`, `evidence`, `assumption`, `reason`, `note`",
    );
}

#[test]
fn missing_field() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\n$EV\n",
        "1:1: goal record: missing field `statement`",
    );
}

#[test]
fn wrong_type() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nrank = \"first\"\n$EV\n",
        "5:8: goal record, field rank: invalid type: string \"first\", expected u32",
    );
}

#[test]
fn bad_date() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nvalid_from = \"2014-13\"\n$EV\n",
        r#"5:14: goal record, field valid_from: invalid date "2014-13": the month must be 01 to 12 (expected YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1990s, or an interval A/B)"#,
    );
}

#[test]
fn impossible_day() {
    check(
        "[[event]]\nid = \"e\"\ndate = \"2015-02-29\"\nactors = [\"XAA\"]\ncategory = \"AGREE\"\nsummary = \"s\"\n$EV\n",
        r#"3:8: event record, field date: invalid date "2015-02-29": no such day in that month (expected YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1990s, or an interval A/B)"#,
    );
}

#[test]
fn bad_plover_category() {
    check(
        "[[event]]\nid = \"e\"\ndate = \"2015\"\nactors = [\"XAA\"]\ncategory = \"ATTACK\"\nsummary = \"s\"\n$EV\n",
        "5:12: event record, field category: unknown variant `ATTACK`, expected one of `AGREE`, `CONSULT`, `SUPPORT`, `CONCEDE`, `COOPERATE`, `AID`, `RETREAT`, `REQUEST`, `ACCUSE`, `REJECT`, `THREATEN`, `PROTEST`, `SANCTION`, `MOBILIZE`, `COERCE`, `ASSAULT`",
    );
}

#[test]
fn unknown_actor_reference() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XZZ\"\nstatement = \"s\"\n$EV\n",
        r#"3:9: goal "g": unknown actor "XZZ""#,
    );
}

#[test]
fn duplicate_actor_id() {
    check(
        "[[actor]]\nid = \"XAA\"\nkind = \"state\"\nname = \"again\"\n$EV\n",
        r#"2:6: duplicate actor id "XAA" (first defined as actor #1)"#,
    );
}

#[test]
fn state_id_must_be_iso_alpha3() {
    check(
        "[[actor]]\nid = \"russia\"\nkind = \"state\"\nname = \"R\"\n$EV\n",
        r#"2:6: actor "russia": a state's id is its ISO 3166-1 alpha-3 code (three capital letters)"#,
    );
}

#[test]
fn bad_datum_id() {
    check(
        "[[goal]]\nid = \"Goal One\"\nactor = \"XAA\"\nstatement = \"s\"\n$EV\n",
        r#"2:6: goal id "Goal One" must be lower-case letters, digits, '-', '_' or '.'"#,
    );
}

#[test]
fn evidence_unknown_source() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nevidence = [{ source = \"nope\", paragraph = 1, hash = \"0123456789abcdef\" }]\n",
        r#"5:24: goal "g": evidence names unknown source "nope""#,
    );
}

#[test]
fn evidence_missing_paragraph() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nevidence = [{ source = \"s\", paragraph = 9, hash = \"0123456789abcdef\" }]\n",
        r#"5:41: goal "g": source "s" has paragraphs 1 to 3, not 9"#,
    );
}

#[test]
fn evidence_bad_hash_shape() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nevidence = [{ source = \"s\", paragraph = 1, hash = \"XYZ\" }]\n",
        r#"5:51: goal "g": hash "XYZ" must be 16 lower-case hex digits"#,
    );
}

#[test]
fn no_evidence_and_no_assumption() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\n",
        r#"1:1: goal "g": no evidence; cite a source paragraph or mark it assumption = true with a reason"#,
    );
}

#[test]
fn assumption_without_reason() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nassumption = true\n",
        r#"5:14: goal "g": an assumption needs a reason"#,
    );
}

#[test]
fn validity_ends_before_start() {
    check(
        "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"s\"\nvalid_from = \"2016\"\nvalid_to = \"2014\"\n$EV\n",
        r#"6:12: goal "g": ends (2014) before it starts (2016)"#,
    );
}

#[test]
fn unknown_unit() {
    check(
        "[[channel]]\nid = \"c\"\nfrom = \"XAA\"\nto = \"XAA\"\nkind = \"trade\"\ndescription = \"d\"\n$EV\n\n[[observation]]\nid = \"o\"\nchannel = \"c\"\nperiod = \"2014\"\nmetric = \"turnover\"\nvalue = 5\nunit = \"furlongs\"\n$EV\n",
        r#"15:8: observation "o": unknown unit "furlongs" (a currency code USD/RUB/EUR/CNY/KRW/KPW/JPY/CHF/GBP with an optional scale word, or people, count, km, percent, ratio, tonnes, barrels, years, days, flights per week, vessels)"#,
    );
}

#[test]
fn unknown_channel_kind() {
    check(
        "[[channel]]\nid = \"c\"\nfrom = \"XAA\"\nto = \"XAA\"\nkind = \"tourism\"\ndescription = \"d\"\n$EV\n",
        "5:8: channel record, field kind: unknown variant `tourism`, expected one of `trade`, `labour`, `investment`, `debt`, `finance`, `fishing`, `aviation`, `transport`, `education`, `energy`, `military`, `diplomatic`, `geography`",
    );
}

#[test]
fn observation_unknown_channel() {
    check(
        "[[observation]]\nid = \"o\"\nchannel = \"nowhere\"\nperiod = \"2014\"\nmetric = \"m\"\nvalue = 1\nunit = \"km\"\n$EV\n",
        r#"3:11: observation "o": unknown channel "nowhere""#,
    );
}

#[test]
fn observation_value_and_level() {
    check(
        "[[channel]]\nid = \"c\"\nfrom = \"XAA\"\nto = \"XAA\"\nkind = \"trade\"\ndescription = \"d\"\n$EV\n\n[[observation]]\nid = \"o\"\nchannel = \"c\"\nperiod = \"2014\"\nmetric = \"m\"\nvalue = 1\nlevel = \"all\"\nunit = \"km\"\n$EV\n",
        r#"15:9: observation "o": give either `value` or `level`, not both"#,
    );
}

#[test]
fn percentage_out_of_range() {
    check(
        "[[channel]]\nid = \"c\"\nfrom = \"XAA\"\nto = \"XAA\"\nkind = \"trade\"\ndescription = \"d\"\n$EV\n\n[[observation]]\nid = \"o\"\nchannel = \"c\"\nperiod = \"2014\"\nmetric = \"share\"\nvalue = 140\nunit = \"percent\"\n$EV\n",
        r#"14:9: observation "o": a percentage must lie in 0–100"#,
    );
}

#[test]
fn salience_out_of_range() {
    check(
        "[[issue]]\nid = \"i\"\nquestion = \"q\"\nanchors = [{ at = 0, label = \"a\" }, { at = 100, label = \"b\" }]\n$EV\n\n[[position]]\nid = \"p\"\nactor = \"XAA\"\nissue = \"i\"\nposition = 50\nsalience = 1.5\n$EV\n",
        r#"12:12: position "p": salience 1.5 is outside [0, 1]"#,
    );
}

#[test]
fn position_unknown_issue() {
    check(
        "[[position]]\nid = \"p\"\nactor = \"XAA\"\nissue = \"nope\"\nposition = 50\nsalience = 0.5\n$EV\n",
        r#"4:9: position "p": unknown issue "nope""#,
    );
}

#[test]
fn status_quo_outside_scale() {
    check(
        "[[issue]]\nid = \"i\"\nquestion = \"q\"\nanchors = [{ at = 0, label = \"a\" }, { at = 100, label = \"b\" }]\nstatus_quo = 120\n$EV\n",
        r#"5:14: issue "i": status quo 120 is outside the 0–100 scale"#,
    );
}

#[test]
fn one_anchor_is_not_a_scale() {
    check(
        "[[issue]]\nid = \"i\"\nquestion = \"q\"\nanchors = [{ at = 0, label = \"a\" }]\n$EV\n",
        r#"4:11: issue "i": the scale needs at least two labelled anchors"#,
    );
}

const ROOT: &str = "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\n\n[[variable.row]]\np = { x = 0.5, y = 0.5 }\nassumption = true\nreason = \"r\"\n\n";

#[test]
fn probability_out_of_range() {
    check(
        "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\n\n[[variable.row]]\np = { x = 1.2, y = 0.0 }\nassumption = true\nreason = \"r\"\n",
        r#"7:5: variable "a", row 1: "x": probability 1.2 is outside [0, 1]"#,
    );
}

#[test]
fn cpt_row_does_not_sum_to_one() {
    check(
        "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\n\n[[variable.row]]\np = { x = 0.5, y = 0.4 }\nassumption = true\nreason = \"r\"\n",
        r#"7:5: variable "a", row 1: probabilities sum to 0.9, not 1"#,
    );
}

#[test]
fn cpt_intervals_unsatisfiable() {
    check(
        "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\n\n[[variable.row]]\np = { x = \"almost certain\", y = \"likely\" }\nassumption = true\nreason = \"r\"\n",
        r#"7:5: variable "a", row 1: the lower bounds sum to 1.5000, above 1"#,
    );
}

#[test]
fn unknown_likelihood_phrase() {
    check(
        "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\n\n[[variable.row]]\np = { x = \"perhaps\", y = 0.5 }\nassumption = true\nreason = \"r\"\n",
        r#"7:5: variable "a", row 1: "x": unknown likelihood phrase "perhaps" (use a number, [low, high], or an ICD 203 phrase such as "likely")"#,
    );
}

#[test]
fn cpt_misses_a_parent_combination() {
    let case = format!(
        "{ROOT}[[variable]]\nid = \"b\"\nname = \"B\"\nstates = [\"u\", \"v\"]\nparents = [\"a\"]\n\n[[variable.row]]\ngiven = {{ a = \"x\" }}\np = {{ u = 1.0, v = 0.0 }}\nassumption = true\nreason = \"r\"\n"
    );
    check(&case, r#"12:6: variable "b": no row for given { a = "y" }"#);
}

#[test]
fn cpt_row_names_unknown_parent_state() {
    let case = format!(
        "{ROOT}[[variable]]\nid = \"b\"\nname = \"B\"\nstates = [\"u\", \"v\"]\nparents = [\"a\"]\n\n[[variable.row]]\ngiven = {{ a = \"z\" }}\np = {{ u = 1.0, v = 0.0 }}\nassumption = true\nreason = \"r\"\n"
    );
    check(
        &case,
        "12:6: variable \"b\": no row for given { a = \"x\" }\n12:6: variable \"b\": no row for given { a = \"y\" }\n18:9: variable \"b\", row 1: parent \"a\" has no state \"z\"",
    );
}

#[test]
fn cyclic_parents() {
    let case = "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\nparents = [\"b\"]\n\n[[variable.row]]\ngiven = { b = \"u\" }\np = { x = 1.0, y = 0.0 }\nassumption = true\nreason = \"r\"\n\n[[variable.row]]\ngiven = { b = \"v\" }\np = { x = 1.0, y = 0.0 }\nassumption = true\nreason = \"r\"\n\n[[variable]]\nid = \"b\"\nname = \"B\"\nstates = [\"u\", \"v\"]\nparents = [\"a\"]\n\n[[variable.row]]\ngiven = { a = \"x\" }\np = { u = 1.0, v = 0.0 }\nassumption = true\nreason = \"r\"\n\n[[variable.row]]\ngiven = { a = \"y\" }\np = { u = 1.0, v = 0.0 }\nassumption = true\nreason = \"r\"\n";
    check(
        case,
        r#"5:11: variable "a": parents form a cycle: a <- b <- a"#,
    );
}

#[test]
fn unknown_parent() {
    check(
        "[[variable]]\nid = \"a\"\nname = \"A\"\nstates = [\"x\", \"y\"]\nparents = [\"ghost\"]\n",
        r#"5:12: variable "a": unknown parent "ghost""#,
    );
}

#[test]
fn forecast_unknown_option() {
    check(
        "[[forecast]]\nid = \"f\"\nquestion = \"q\"\noptions = [\"yes\", \"no\"]\np = { maybe = 0.5 }\nmade_by = \"A. Writer\"\nmade_at = \"2015\"\nresolution = \"r\"\nresolves_by = \"2016\"\n$EV\n",
        r#"5:5: forecast "f": unknown state "maybe" (states: yes, no)"#,
    );
}

#[test]
fn forecast_resolves_before_made() {
    check(
        "[[forecast]]\nid = \"f\"\nquestion = \"q\"\noptions = [\"yes\", \"no\"]\np = { yes = 0.5 }\nmade_by = \"A. Writer\"\nmade_at = \"2015\"\nresolution = \"r\"\nresolves_by = \"2014\"\n$EV\n",
        r#"9:15: forecast "f": resolves before it was made"#,
    );
}

#[test]
fn measure_rule_unknown_deadline() {
    check(
        "[[measure]]\nid = \"m\"\ntitle = \"t\"\nbody = \"XAA\"\nkind = \"resolution\"\nadopted = \"2015\"\n$EV\n\n[[measure.restricts]]\nid = \"r\"\ndescription = \"d\"\nuntil_deadline = \"later\"\n$EV\n",
        r#"12:18: measure "m", rule "r": unknown deadline "later""#,
    );
}

#[test]
fn json_errors_name_the_record_path() {
    let text = r#"{"sources": [], "actors": [{"id": "XAA", "kind": "state", "name": "A", "assumption": true, "reason": "r"}], "goals": [{"id": "g", "actor": "XQQ", "statement": "s", "assumption": true, "reason": "r"}]}"#;
    let err = load(&[InputFile {
        name: "m.json".into(),
        text: text.into(),
    }])
    .expect_err("invalid");
    assert_eq!(
        err.to_string(),
        r#"m.json: goals[0].actor: goal "g": unknown actor "XQQ""#
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let case = "[[goal]]\nid = \"g1\"\nactor = \"XZZ\"\nstatement = \"s\"\n$EV\n\n[[goal]]\nid = \"g2\"\nactor = \"XAA\"\nstatement = \"s\"\nrank = -1\n$EV\n\n[[goal]]\nid = \"g1\"\nactor = \"XAA\"\nstatement = \"s\"\n$EV\n";
    check(
        case,
        "3:9: goal \"g1\": unknown actor \"XZZ\"\n11:8: goal record, field rank: invalid value: integer `-1`, expected u32\n15:6: duplicate goal id \"g1\" (first defined as goal #1)",
    );
}

#[test]
fn an_unread_file_does_not_list_the_references_into_it() {
    // The file of the source and the actor breaks; the two goals that name the actor
    // and cite the source are not each reported (4 problems), but counted in one note
    // on the unread file.
    let broken = PRELUDE.replace("[[actor]]", "[[actor]");
    let goals = "[[goal]]\nid = \"g\"\nactor = \"XAA\"\nstatement = \"x\"\n$EV\n\n\
                 [[goal]]\nid = \"h\"\nactor = \"XAA\"\nstatement = \"y\"\n$EV\n"
        .replace("$EV", EV);
    let diagnostics = load(&[
        InputFile {
            name: "actors.toml".into(),
            text: broken,
        },
        InputFile {
            name: "goals.toml".into(),
            text: goals.clone(),
        },
    ])
    .expect_err("rejected");
    let got: Vec<String> = diagnostics.0.iter().map(ToString::to_string).collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with("actors.toml:9:8: invalid TOML"),
        "{got:#?}"
    );
    assert!(
        got[1].starts_with("actors.toml: 4 problem(s) between records are not listed"),
        "{got:#?}"
    );
    // Two unread files are both named.
    let two = load(&[
        InputFile {
            name: "actors.toml".into(),
            text: PRELUDE.replace("[[actor]]", "[[actor]"),
        },
        InputFile {
            name: "goals.toml".into(),
            text: goals.clone(),
        },
        InputFile {
            name: "more.toml".into(),
            text: "[[goal]\n".into(),
        },
    ])
    .expect_err("rejected");
    let last = two.0.last().expect("a note").to_string();
    assert!(
        last.contains("2 files could not be read (actors.toml, more.toml)"),
        "{last}"
    );
    // Read, the same goals give their own problems in full.
    let fixed = load(&[
        InputFile {
            name: "actors.toml".into(),
            text: PRELUDE.replace("id = \"XAA\"", "id = \"XAB\""),
        },
        InputFile {
            name: "goals.toml".into(),
            text: goals,
        },
    ])
    .expect_err("rejected");
    assert!(
        fixed
            .0
            .iter()
            .all(|d| d.message.contains("unknown actor \"XAA\"")),
        "{fixed:?}"
    );
}
