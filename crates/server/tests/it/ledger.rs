//! The ledger over HTTP: reads are open, writes need the bearer token; a question is
//! asked, forecast and resolved, then scored (the Brier score by hand).

use crate::{Setup, TOKEN, app_with, close, get, post, post_with_token};

fn ledger_app(name: &str) -> (axum::Router, std::path::PathBuf) {
    let dir = crate::temp_dir(name);
    let app = app_with(Setup {
        ledger: Some(dir.join("ledger.sqlite3")),
        ..Setup::default()
    });
    (app, dir)
}

const QUESTION: &str = r#"{
    "id": "ban-by-2016",
    "text": "Will the Council tighten the arms ban by mid-2016?",
    "options": ["yes", "no"],
    "resolution": "Yes if the Council adopts a stricter decision by 2016-06-30.",
    "opens": "2015-06",
    "resolves_by": "2016-06-30",
    "evidence": [{ "source": "harbour-2015", "paragraph": 7 }]
}"#;

#[test]
fn writes_need_the_token() {
    let (app, dir) = ledger_app("token");
    post(&app, "/api/ledger/questions", QUESTION).problem(401, Some("Authorization"));
    let reply = post_with_token(&app, "/api/ledger/questions", QUESTION, "not-the-token");
    reply.problem(401, Some("Authorization"));
    let reply = post(&app, "/api/ledger/forecasts", "{}");
    assert_eq!(
        reply.headers["www-authenticate"],
        "Bearer realm=\"statecraft\""
    );
    reply.problem(401, Some("Authorization"));
    post(&app, "/api/ledger/resolutions", "{}").problem(401, Some("Authorization"));
    // Nothing was written.
    assert_eq!(get(&app, "/api/ledger").json(), serde_json::json!([]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ask_forecast_resolve_and_score() {
    let (app, dir) = ledger_app("cycle");
    let written = post_with_token(&app, "/api/ledger/questions", QUESTION, TOKEN);
    assert_eq!(
        written.status,
        201,
        "{}",
        String::from_utf8_lossy(&written.body)
    );
    assert_eq!(written.json()["question"], "ban-by-2016");
    // Asking twice conflicts.
    post_with_token(&app, "/api/ledger/questions", QUESTION, TOKEN).problem(409, Some("id"));

    let forecast = r#"{"question": "ban-by-2016", "forecaster": "A. Writer", "made_at": "2015-06-15", "p": {"yes": 0.7}}"#;
    let reply = post_with_token(&app, "/api/ledger/forecasts", forecast, TOKEN);
    assert_eq!(
        reply.status,
        201,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(reply.json()["forecast"].is_i64());

    let resolution = r#"{"question": "ban-by-2016", "outcome": "no", "resolved_at": "2016-07-01", "source": "Council records"}"#;
    assert_eq!(
        post_with_token(&app, "/api/ledger/resolutions", resolution, TOKEN).status,
        201
    );
    post_with_token(&app, "/api/ledger/resolutions", resolution, TOKEN)
        .problem(409, Some("question"));

    let records = get(&app, "/api/ledger").json();
    assert_eq!(records[0]["id"], "ban-by-2016");
    assert_eq!(records[0]["forecasts"][0]["forecaster"], "A. Writer");
    // "no" was given the remainder, 0.3.
    close(
        &records[0]["forecasts"][0]["probabilities"][1]["probability"],
        0.3,
    );
    assert_eq!(records[0]["resolution"]["outcome"], "no");

    // The Brier score of (0.7, 0.3) when "no" happened: 0.7² + 0.7² = 0.98.
    let card = get(&app, "/api/ledger/scores").json();
    close(&card["forecasters"][0]["brier"], 0.98);
    let only = get(&app, "/api/ledger/scores?forecaster=Nobody").json();
    assert_eq!(only["forecasters"], serde_json::json!([]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_writes_name_the_field() {
    let (app, dir) = ledger_app("bad");
    post_with_token(&app, "/api/ledger/questions", "{", TOKEN).problem(400, Some("body"));
    post_with_token(
        &app,
        "/api/ledger/questions",
        &QUESTION.replace("\"2015-06\"", "\"2015-13\""),
        TOKEN,
    )
    .problem(400, Some("opens"));
    post_with_token(
        &app,
        "/api/ledger/questions",
        &QUESTION.replace("ban-by-2016", "Ban By 2016"),
        TOKEN,
    )
    .problem(400, Some("id"));
    post_with_token(
        &app,
        "/api/ledger/questions",
        &QUESTION.replace("\"options\"", "\"kind\": \"ranked\", \"options\""),
        TOKEN,
    )
    .problem(400, Some("kind"));
    assert_eq!(
        post_with_token(&app, "/api/ledger/questions", QUESTION, TOKEN).status,
        201
    );
    let forecast = |p: &str| {
        format!(
            r#"{{"question": "ban-by-2016", "forecaster": "B", "made_at": "2015-07", "p": {p}}}"#
        )
    };
    post_with_token(
        &app,
        "/api/ledger/forecasts",
        &forecast(r#"{"maybe": 0.5}"#),
        TOKEN,
    )
    .problem(400, Some("p"));
    post_with_token(
        &app,
        "/api/ledger/forecasts",
        &forecast(r#"{"yes": "high"}"#),
        TOKEN,
    )
    .problem(400, Some("p.yes"));
    post_with_token(
        &app,
        "/api/ledger/forecasts",
        &forecast(r#"{"yes": 0.8, "no": 0.8}"#),
        TOKEN,
    )
    .problem(400, Some("p"));
    post_with_token(
        &app,
        "/api/ledger/forecasts",
        &forecast(r#"{"yes": 0.5}"#).replace("ban-by-2016", "unknown-question"),
        TOKEN,
    )
    .problem(400, Some("question"));
    get(&app, "/api/ledger/scores?since=soon").problem(400, Some("since"));
    get(&app, "/api/ledger/scores?bins=many").problem(400, Some("bins"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_token_file_is_private_and_reused() {
    let dir = crate::temp_dir("tokenfile");
    let path = statecraft_server::token::path_beside(&dir.join("ledger.sqlite3"));
    assert_eq!(path, dir.join("ledger.sqlite3.token"));
    let first = statecraft_server::token::load_or_create(&path).expect("created");
    assert!(first.created);
    assert_eq!(first.value.len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let second = statecraft_server::token::load_or_create(&path).expect("read");
    assert!(!second.created);
    assert_eq!(second.value, first.value);
    // A token file others can read is refused.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(statecraft_server::token::load_or_create(&path).is_err());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
