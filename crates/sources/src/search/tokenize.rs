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
    for_each_word(text, buf, |word, start, end, numeric| {
        if numeric {
            f(word, start, end);
        } else {
            let mut term = word.to_string();
            stem(&mut term);
            f(&term, start, end);
        }
    });
}

/// Calls `f(word, start, end, numeric)` for each word of `text`, case-folded but not
/// stemmed (the index stems each distinct word once).
pub fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str, usize, usize, bool)) {
    let bytes = text.as_bytes();
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
        // A term starts at i.
        let start = i;
        buf.clear();
        let numeric = b.is_ascii_digit();
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
        f(buf, start, end, numeric);
    }
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
    use super::terms;

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
