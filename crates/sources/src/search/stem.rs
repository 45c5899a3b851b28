//! A small English suffix stripper: steps 1a–1c of Porter's algorithm (plurals, `-ed`,
//! `-ing`, final `-y`), enough to make "sanctions", "sanctioned" and "sanctioning" one
//! term. It does not strip derivational suffixes (`-ation`, `-ness`), so "negotiation"
//! and "negotiate" stay apart; that keeps it predictable. ASCII words only; others are
//! left as they are.

fn is_consonant(word: &[u8], i: usize) -> bool {
    match word[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(word, i - 1),
        _ => true,
    }
}

/// Porter's measure m: the number of vowel–consonant sequences in `word`.
fn measure(word: &[u8]) -> usize {
    let mut m = 0;
    let mut i = 0;
    let n = word.len();
    while i < n && is_consonant(word, i) {
        i += 1;
    }
    while i < n {
        while i < n && !is_consonant(word, i) {
            i += 1;
        }
        if i >= n {
            break;
        }
        while i < n && is_consonant(word, i) {
            i += 1;
        }
        m += 1;
    }
    m
}

fn has_vowel(word: &[u8]) -> bool {
    (0..word.len()).any(|i| !is_consonant(word, i))
}

/// Ends consonant–vowel–consonant, the last not w, x or y.
fn ends_cvc(word: &[u8]) -> bool {
    let n = word.len();
    n >= 3
        && is_consonant(word, n - 3)
        && !is_consonant(word, n - 2)
        && is_consonant(word, n - 1)
        && !matches!(word[n - 1], b'w' | b'x' | b'y')
}

fn ends_double_consonant(word: &[u8]) -> bool {
    let n = word.len();
    n >= 2 && word[n - 1] == word[n - 2] && is_consonant(word, n - 1)
}

/// Stems a lower-case word in place.
pub fn stem(word: &mut String) {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let mut w: Vec<u8> = std::mem::take(word).into_bytes();
    // Step 1a.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"ss") {
    } else if w.ends_with(b"s") && w.len() > 3 {
        w.pop();
    }
    // Step 1b.
    let mut again = false;
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else if w.ends_with(b"ed") && has_vowel(&w[..w.len() - 2]) {
        w.truncate(w.len() - 2);
        again = true;
    } else if w.ends_with(b"ing") && has_vowel(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
        again = true;
    }
    if again {
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if ends_double_consonant(&w) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.pop();
        } else if measure(&w) == 1 && ends_cvc(&w) {
            w.push(b'e');
        }
    }
    // Step 1c.
    if w.ends_with(b"y") && w.len() > 2 && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    *word = String::from_utf8(w).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    fn s(word: &str) -> String {
        let mut w = word.to_string();
        super::stem(&mut w);
        w
    }

    #[test]
    fn strips_inflections() {
        for (a, b) in [
            ("sanctions", "sanction"),
            ("sanctioned", "sanction"),
            ("sanctioning", "sanction"),
            ("traded", "trade"),
            ("trading", "trade"),
            ("trades", "trade"),
            ("ponies", "poni"),
            ("economy", "economi"),
            ("economies", "economi"),
            ("stopping", "stop"),
            ("agreed", "agree"),
            ("workers", "worker"),
            ("gas", "gas"),
            ("us", "us"),
            ("negotiated", "negotiate"),
            ("negotiating", "negotiate"),
        ] {
            assert_eq!(s(a), b, "{a}");
        }
    }
}
