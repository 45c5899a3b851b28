//! Terms of a text for search: case-folded words and numbers with their byte spans.
//!
//! A term is a run of letters and digits; a possessive `'s` is dropped, other inner
//! apostrophes are removed ("don't" → "dont"), and digits keep their decimal point and
//! lose thousands separators ("10,000" → "10000"). Words are stemmed with
//! [`super::stem`]. Hyphens and all other punctuation separate terms.

use super::stem::stem;

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Calls `f(term, start, end)` for each term of `text`, in order. `buf` is scratch
/// space, reused to avoid allocating per term.
pub fn for_each_term(text: &str, buf: &mut String, mut f: impl FnMut(&str, usize, usize)) {
    let mut term = String::new();
    for_each_word(text, buf, |word, start, end, numeric| {
        if numeric {
            f(word, start, end);
        } else {
            term.clear();
            term.push_str(word);
            stem(&mut term);
            f(&term, start, end);
        }
    });
}

/// Whether an ASCII word ending before `next` may end there without the general
/// scanner: not before an apostrophe, a non-ASCII character, or (for a number) a comma
/// or point that could join it to more digits.
fn plain_end(next: Option<&u8>, numeric: bool) -> bool {
    match next {
        None => true,
        Some(&c) => c < 0x80 && c != b'\'' && !(numeric && (c == b',' || c == b'.')),
    }
}

/// Calls `f(word, start, end, numeric)` for each word of `text`, case-folded but not
/// stemmed (the index stems each distinct word once).
///
/// A run of ASCII letters and digits followed by ASCII punctuation or white space (the
/// common case) is handed over as a slice of `text` when already lower case, so most
/// words cost no copy; anything else goes through [`scan_word`].
pub fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str, usize, usize, bool)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let numeric = b.is_ascii_digit();
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            let mut upper = false;
            while let Some(&c) = bytes.get(end) {
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    end += 1;
                } else if c.is_ascii_uppercase() {
                    upper = true;
                    end += 1;
                } else {
                    break;
                }
            }
            upper |= b.is_ascii_uppercase();
            if plain_end(bytes.get(end), numeric) {
                i = end;
                if upper {
                    buf.clear();
                    buf.push_str(&text[start..end]);
                    buf.make_ascii_lowercase();
                    f(buf, start, end, numeric);
                } else {
                    f(&text[start..end], start, end, numeric);
                }
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let end;
        (i, end) = scan_word(text, start, buf);
        f(buf, start, end, numeric);
    }
}

/// Reads the word that starts at `start` into `buf`, case-folded, character by
/// character; returns where scanning stopped and where the word ends.
fn scan_word(text: &str, start: usize, buf: &mut String) -> (usize, usize) {
    let bytes = text.as_bytes();
    let numeric = bytes[start].is_ascii_digit();
    let mut i = start;
    buf.clear();
    let mut end = i;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                buf.push(char::from(b.to_ascii_lowercase()));
                i += 1;
                end = i;
            } else if numeric
                && (b == b',' || b == b'.')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                if b == b'.' {
                    buf.push('.');
                }
                i += 1;
            } else if b == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            } else {
                break;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                buf.extend(c.to_lowercase());
                i += c.len_utf8();
                end = i;
            } else if is_apostrophe(c)
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                i += c.len_utf8();
            } else {
                break;
            }
        }
    }
    // The apostrophe was skipped, so a possessive reads "russias": drop the "s" when
    // the text had "'s" / "’s" just before the end.
    let original = &text[start..end];
    if original.ends_with("'s") || original.ends_with("’s") {
        buf.pop();
    }
    (i, end)
}

/// The terms of a text, allocated (for queries and tests).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for_each_term(text, &mut buf, |t, _, _| out.push(t.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::{for_each_word, scan_word, terms};
    use proptest::prelude::*;

    /// The scanner without the ASCII fast path: every word read character by character
    /// by [`scan_word`].
    fn reference(text: &str) -> Vec<(String, usize, usize, bool)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut buf = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
            }
            let start = i;
            let end;
            (i, end) = scan_word(text, start, &mut buf);
            out.push((buf.clone(), start, end, b.is_ascii_digit()));
        }
        out
    }

    fn words(text: &str) -> Vec<(String, usize, usize, bool)> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for_each_word(text, &mut buf, |w, s, e, n| {
            out.push((w.to_string(), s, e, n))
        });
        out
    }

    proptest! {
        #[test]
        fn fast_path_reads_as_the_general_scanner(
            text in "[a-cA-C0-9 ,.'’\\-ÉéßİK\u{2014}\u{00A0}]{0,40}"
        ) {
            prop_assert_eq!(words(&text), reference(&text));
        }
    }

    #[test]
    fn fast_path_edges() {
        for text in [
            "10,000 10.5 1,2, 3. x's X'S don't O’Neill Russia’s ab’ 2nd 2ND AbC ÉTATS aÉ",
            "end'",
            "3,",
            "a",
            "",
        ] {
            assert_eq!(words(text), reference(text), "{text}");
        }
    }

    #[test]
    fn folds_case_and_strips_inflections() {
        assert_eq!(
            terms("Russia's trade-rus-prk"),
            ["russia", "trade", "rus", "prk"]
        );
        assert_eq!(
            terms("10,000 Workers, $2.43 billion."),
            ["10000", "worker", "2.43", "billion"]
        );
        assert_eq!(
            terms("Sanctioned ÉTATS don't"),
            ["sanction", "états", "dont"]
        );
    }
}
