//! `statecraft serve` as a process: it binds, prints its URL, answers over a real
//! socket, and its page works in a real browser (headless Chromium driven by
//! tests/browser/run.mjs), when node, Chromium and playwright-core are installed.

use std::io::{BufRead as _, BufReader, Lines, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use crate::{repo, statecraft, stderr};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    /// Its standard output after the URL line, kept open so that a late line does not
    /// meet a closed pipe.
    stdout: Lines<BufReader<ChildStdout>>,
}

impl Server {
    /// The next line the server printed (it prints the token note right after the URL).
    fn next_line(&mut self) -> String {
        self.stdout.next().and_then(Result::ok).unwrap_or_default()
    }
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
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_string();
    Server {
        child,
        url,
        stdout: lines,
    }
}

/// A minimal HTTP/1.1 client: one request, `Connection: close`, the whole answer.
fn request(url: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String, String) {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    let body = body.unwrap_or("");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("writes");
    stream.write_all(body.as_bytes()).expect("writes");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("reads");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // Bodies of known length come whole; chunked ones are joined.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

fn dechunk(mut text: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = text.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        text = rest[n..].trim_start_matches("\r\n");
    }
    out
}

#[test]
fn serve_prints_its_url_and_answers_over_a_socket() {
    let server = start(&[
        "--model",
        "tests/models/example",
        "--sources",
        "tests/texts",
    ]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let (status, head, body) = request(&server.url, "GET", "/api/info", None);
    assert_eq!(status, 200, "{head}");
    let info: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(info["model"]["id"], "example");
    assert_eq!(info["texts"], true);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-security-policy: default-src 'self'")
    );
    let (status, _, body) = request(
        &server.url,
        "POST",
        "/api/scenario",
        Some(r#"{"given": {"rocket-test": "yes"}, "targets": ["ban-tightened"]}"#),
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // P(ban-tightened = yes | rocket-test = yes): the midpoint of "likely", 0.675.
    let p = answer["marginals"][0]["states"][0]["p"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((p - 0.675).abs() < 1e-12, "{p}");
    let (status, _, body) = request(&server.url, "GET", "/static/../../etc/passwd", None);
    assert_eq!(status, 404);
    assert!(!body.contains("root:"));
    let (status, _, body) = request(&server.url, "GET", "/", None);
    assert_eq!(status, 200);
    assert!(body.contains("/static/app.js"));
}

#[test]
fn serve_with_a_ledger_prints_a_token_once_and_requires_it() {
    let dir = std::env::temp_dir().join(format!("statecraft-serve-ledger-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a directory");
    let ledger = dir.join("ledger.sqlite3");
    let ledger_arg = ledger.display().to_string();
    let mut server = start(&["--model", "tests/models/example", "--ledger", &ledger_arg]);
    let note = server.next_line();
    let token = note.split_whitespace().last().unwrap_or("").to_string();
    assert!(note.contains("write token"), "{note}");
    assert_eq!(token.len(), 64, "{note}");
    let stored = std::fs::read_to_string(dir.join("ledger.sqlite3.token")).expect("stored");
    assert_eq!(stored.trim(), token);
    let (status, _, body) = request(&server.url, "POST", "/api/ledger/questions", Some("{}"));
    assert_eq!(status, 401, "{body}");
    drop(server);
    // The second start reuses the token and does not print it.
    let again = start(&["--model", "tests/models/example", "--ledger", &ledger_arg]);
    let (status, _, _) = request(&again.url, "GET", "/api/ledger", None);
    assert_eq!(status, 200);
    drop(again);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_refuses_a_bad_address() {
    let output = statecraft(&["serve", "--addr", "localhost:port"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--addr"), "{}", stderr(&output));
}

/// Why the browser test cannot run here, if it cannot.
fn browser_missing() -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node {
        return Some("node is not installed".into());
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        return Some(format!(
            "{} is absent (apt-get install chromium)",
            chromium.display()
        ));
    }
    let playwright = repo().join("tests/browser/node_modules/playwright-core");
    if !playwright.is_dir() {
        return Some(format!(
            "{} is absent (npm ci in tests/browser)",
            playwright.display()
        ));
    }
    None
}

fn screenshots() -> PathBuf {
    repo().join("target/browser-screenshots")
}

fn run_browser(url: &str, out: &Path, token: Option<&str>) {
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser/run.mjs"))
        .arg(url)
        .arg(out)
        .current_dir(repo());
    if let Some(token) = token {
        command.env("STATECRAFT_TOKEN", token);
    }
    let output = command.output().expect("node runs");
    let text = String::from_utf8_lossy(&output.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the browser checks failed:\n{text}"
    );
}

#[test]
fn the_page_works_in_a_browser() {
    if let Some(why) = browser_missing() {
        eprintln!("skipped: {why}");
        return;
    }
    // The built-in model, with the source texts when they are beside the repository.
    let seeds = repo().join("../shared/seeds");
    let mut args: Vec<String> = Vec::new();
    if seeds.is_dir() {
        args.extend(["--sources".to_string(), seeds.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = start(&args);
    run_browser(&server.url, &screenshots(), None);
}

#[test]
fn the_page_works_in_a_browser_on_the_example_model() {
    if let Some(why) = browser_missing() {
        eprintln!("skipped: {why}");
        return;
    }
    // With a ledger, so that the page's write path (the token, the form) is exercised.
    let dir =
        std::env::temp_dir().join(format!("statecraft-browser-ledger-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a directory");
    let ledger = dir.join("ledger.sqlite3").display().to_string();
    let mut server = start(&[
        "--model",
        "tests/models/example",
        "--sources",
        "tests/texts",
        "--ledger",
        &ledger,
    ]);
    let note = server.next_line();
    let token = note.split_whitespace().last().unwrap_or("").to_string();
    run_browser(&server.url, &screenshots().join("example"), Some(&token));
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
