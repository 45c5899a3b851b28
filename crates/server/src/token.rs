//! The bearer token that guards writes.
//!
//! On first start with a ledger, 32 random bytes from the operating system become a
//! 64-hex-digit token, written beside the ledger (`<ledger>.token`) with permissions
//! 0600 and printed once. Later starts read it back. Reads need no token; the token is
//! compared in constant time. This module does not rotate or expire tokens: delete the
//! file to get a new one.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::ServerError;

/// A token and where it lives.
#[derive(Debug, Clone)]
pub struct Token {
    pub value: String,
    pub path: PathBuf,
    /// True when this start created the file (so the token is printed).
    pub created: bool,
}

/// The token file of a ledger: `<ledger file name>.token` in the same directory.
pub fn path_beside(ledger: &Path) -> PathBuf {
    let name = ledger
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger".to_string());
    ledger.with_file_name(format!("{name}.token"))
}

fn random_hex() -> Result<String, std::io::Error> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Reads the token file, or creates it (mode 0600) with a fresh token.
pub fn load_or_create(path: &Path) -> Result<Token, ServerError> {
    let io = |source| ServerError::Token {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let value = text.trim().to_string();
            if value.len() < 32 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ServerError::BadToken {
                    path: path.to_path_buf(),
                    why: "expected at least 32 hex digits; delete the file to get a new token"
                        .into(),
                });
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = std::fs::metadata(path).map_err(io)?.permissions().mode();
                if mode & 0o077 != 0 {
                    return Err(ServerError::BadToken {
                        path: path.to_path_buf(),
                        why: format!(
                            "readable by others (mode {:o}); run chmod 600 on it",
                            mode & 0o777
                        ),
                    });
                }
            }
            Ok(Token {
                value,
                path: path.to_path_buf(),
                created: false,
            })
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let value = random_hex().map_err(io)?;
            write_private(path, &value).map_err(io)?;
            Ok(Token {
                value,
                path: path.to_path_buf(),
                created: true,
            })
        }
        Err(error) => Err(io(error)),
    }
}

fn write_private(path: &Path, value: &str) -> Result<(), std::io::Error> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(value.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// Compares a presented token with the expected one in time independent of where they
/// differ.
pub fn matches(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
