//! `POST /api/bargain` over a real socket answers exactly what
//! `statecraft bargain --issue ID --json` prints for the same question.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::{repo, statecraft, stderr};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    authority: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    let _ = BufReader::new(stdout).read_line(&mut first);
    let authority = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, authority }
}

/// One POST with `Connection: close`; the status and the body (whole or de-chunked).
fn post(server: &Server, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.authority).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("a timeout");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.authority,
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("writes");
    stream.write_all(body.as_bytes()).expect("writes");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("reads");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, mut rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return (status, rest.to_string());
    }
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    (status, out)
}

fn cli_json(args: &[&str]) -> serde_json::Value {
    let out = statecraft(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("the CLI prints JSON")
}

fn api_json(server: &Server, body: &str) -> serde_json::Value {
    let (status, text) = post(server, "/api/bargain", body);
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).expect("the server answers JSON")
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let server = start(&[]);
    for (flags, body) in [
        (
            vec!["--issue", "full-oil-embargo", "--as-of", "2017-09"],
            r#"{ "issue": "full-oil-embargo", "as_of": "2017-09" }"#,
        ),
        (
            vec![
                "--issue",
                "full-oil-embargo",
                "--as-of",
                "2017-09",
                "--method",
                "eum",
            ],
            r#"{ "issue": "full-oil-embargo", "as_of": "2017-09", "method": "eum" }"#,
        ),
        (
            vec![
                "--issue",
                "full-oil-embargo",
                "--as-of",
                "2017-09",
                "--samples",
                "500",
                "--seed",
                "3",
            ],
            r#"{ "issue": "full-oil-embargo", "as_of": "2017-09", "samples": 500, "seed": 3 }"#,
        ),
        // Without a date both use the latest source's publication.
        (
            vec!["--issue", "full-oil-embargo"],
            r#"{ "issue": "full-oil-embargo" }"#,
        ),
        // A what-if decision rule and status quo in place of the issue's.
        (
            vec![
                "--issue",
                "full-oil-embargo",
                "--as-of",
                "2017-09",
                "--procedure",
                "majority",
                "--status-quo",
                "40",
            ],
            r#"{ "issue": "full-oil-embargo", "as_of": "2017-09", "procedure": "majority", "status_quo": [40] }"#,
        ),
        (
            vec![
                "--issue",
                "full-oil-embargo",
                "--as-of",
                "2017-09",
                "--procedure",
                "qualified:4+veto:PRK",
                "--status-quo",
                "10",
            ],
            r#"{ "issue": "full-oil-embargo", "as_of": "2017-09", "procedure": "qualified:4+veto:PRK", "status_quo": [10] }"#,
        ),
    ] {
        let mut args = vec!["bargain", "--json"];
        args.extend(flags);
        assert_eq!(api_json(&server, body), cli_json(&args), "{body}");
    }
    // The what-if rule is the one applied, not the issue's.
    let answer = api_json(
        &server,
        r#"{ "issue": "full-oil-embargo", "as_of": "2017-09", "procedure": "majority", "status_quo": [40] }"#,
    );
    assert_eq!(
        answer["decision"]["procedure"]["rule"], "majority",
        "{answer}"
    );
    assert_eq!(answer["decision"]["status_quo"][0], 40.0, "{answer}");
}

#[test]
fn the_api_and_the_cli_agree_on_the_example_model() {
    let server = start(&["--model", "tests/models/example"]);
    let cli = cli_json(&[
        "bargain",
        "--model",
        "tests/models/example",
        "--issue",
        "arms-ban",
        "--as-of",
        "2016-06",
        "--method",
        "smp",
        "--json",
    ]);
    let api = api_json(
        &server,
        r#"{ "issue": "arms-ban", "as_of": "2016-06", "method": "smp" }"#,
    );
    assert_eq!(api, cli);
    // (60·0.6·80 + 40·0.8·20) / 68 is the compromise; the spatial model's own outcome
    // is whatever it converged to, the same through both views.
    assert_eq!(api["model"], "smp");
    let (status, text) = post(&server, "/api/bargain", r#"{ "issue": "nope" }"#);
    assert_eq!(status, 400);
    assert!(text.contains("\"field\":\"issue\""), "{text}");
}
