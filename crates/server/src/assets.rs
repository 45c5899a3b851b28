//! The page's files, compiled into the binary.
//!
//! Assets are looked up by exact name in a fixed list: a request path is never joined
//! to a directory, so no `..`, encoded or not, can reach a file outside the list. Each
//! asset has a content type and an ETag (a hash of its bytes) so a browser revalidates
//! instead of downloading again.

use std::sync::OnceLock;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! asset {
    ($name:literal, $type:literal) => {
        Asset {
            name: $name,
            content_type: $type,
            bytes: include_bytes!(concat!("../web/", $name)),
        }
    };
}

/// Every asset of the page; `index.html` is served at `/`, the others under `/static/`.
pub static ASSETS: &[Asset] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("style.css", "text/css; charset=utf-8"),
    asset!("favicon.svg", "image/svg+xml"),
    asset!("app.js", "text/javascript; charset=utf-8"),
    asset!("api.js", "text/javascript; charset=utf-8"),
    asset!("dom.js", "text/javascript; charset=utf-8"),
    asset!("evidence.js", "text/javascript; charset=utf-8"),
    asset!("overview.js", "text/javascript; charset=utf-8"),
    asset!("timeline.js", "text/javascript; charset=utf-8"),
    asset!("channels.js", "text/javascript; charset=utf-8"),
    asset!("scenario.js", "text/javascript; charset=utf-8"),
    asset!("brief.js", "text/javascript; charset=utf-8"),
    asset!("ledger.js", "text/javascript; charset=utf-8"),
    asset!("rules.js", "text/javascript; charset=utf-8"),
    asset!("leverage.js", "text/javascript; charset=utf-8"),
    asset!("bargain.js", "text/javascript; charset=utf-8"),
];

/// The asset with this exact name.
pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// FNV-1a, 64 bits: enough to tell versions of a file apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The ETag of an asset (computed once per asset).
pub fn etag(asset: &Asset) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| format!("\"{:016x}\"", fnv1a(a.bytes)))
            .collect()
    });
    ASSETS
        .iter()
        .position(|a| std::ptr::eq(a, asset))
        .and_then(|i| tags.get(i))
        .map_or("\"0\"", String::as_str)
}
