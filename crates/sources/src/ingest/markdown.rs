//! Plain text from a Markdown or plain-text paragraph, for the extractors.
//!
//! Paragraph numbers and hashes always come from the raw line; this only removes what
//! would mislead an extractor: escapes (`\$`), emphasis marks, heading and list marks,
//! link targets, footnote markers (`[21]`, `^[1]`) and URLs, whose digits are not
//! figures. It does not render Markdown.

/// The text of one paragraph with Markdown and reference clutter removed.
pub fn clean(paragraph: &str) -> String {
    let line = paragraph.trim();
    let line = line.trim_start_matches('#').trim_start();
    let line = line.strip_prefix("> ").unwrap_or(line);
    let line = strip_list_mark(line);
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '*' => i += 1,
            '_' if boundary(&chars, i) => i += 1,
            '^' if chars.get(i + 1) == Some(&'[') => {
                i = skip_bracket(&chars, i + 1).unwrap_or(i + 1);
            }
            '[' => {
                if let Some(end) = skip_bracket(&chars, i) {
                    let inner: String = chars[i + 1..end - 1].iter().collect();
                    if chars.get(end) == Some(&'(') {
                        // A link: keep its text, drop its target.
                        out.push_str(&inner);
                        i = chars[end..]
                            .iter()
                            .position(|&c| c == ')')
                            .map_or(chars.len(), |p| end + p + 1);
                    } else if inner
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
                    {
                        // A footnote marker.
                        i = end;
                    } else {
                        out.push_str(&inner);
                        i = end;
                    }
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '<' if starts_url(&chars, i + 1) => {
                i = chars[i..]
                    .iter()
                    .position(|&c| c == '>')
                    .map_or(chars.len(), |p| i + p + 1);
            }
            'h' | 'w' if starts_url(&chars, i) && (i == 0 || !chars[i - 1].is_alphanumeric()) => {
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn strip_list_mark(line: &str) -> &str {
    for mark in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(mark) {
            return rest;
        }
    }
    line
}

fn boundary(chars: &[char], i: usize) -> bool {
    let before = i == 0 || !chars[i - 1].is_alphanumeric();
    let after = i + 1 >= chars.len() || !chars[i + 1].is_alphanumeric();
    before || after
}

/// The index just past the `]` matching the `[` at `open`, on the same line.
fn skip_bracket(chars: &[char], open: usize) -> Option<usize> {
    if chars.get(open) != Some(&'[') {
        return None;
    }
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i.min(chars.len())..].iter().take(8).collect();
    rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn removes_markdown_and_references() {
        assert_eq!(clean("## A *bold* claim"), "A bold claim");
        assert_eq!(clean(r"roughly \$300 mln.[21]"), "roughly $300 mln.");
        assert_eq!(
            clean("a test^[1] and [a link](http://x.org/2019) here"),
            "a test and a link here"
        );
        assert_eq!(clean("see <https://example.org/1999> now"), "see  now");
        assert_eq!(clean("see https://example.org/1999 now"), "see  now");
        assert_eq!(clean("- item snake_case"), "item snake_case");
    }
}
