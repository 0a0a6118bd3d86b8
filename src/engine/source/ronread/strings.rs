//! String literals: `"..."` (borrowed from the text when it has no escapes), escapes and
//! raw strings `r#"..."#`.

use super::{Reader, Result, reject};

/// A string's value.
pub(super) enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// The index of the first `"` or `\\` in `bytes`, looking at eight bytes at a time.
pub(super) fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    // Nonzero when a byte of `w` is zero; the lowest flagged byte is the first zero byte.
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    let (words, tail) = bytes.as_chunks::<8>();
    for (k, word) in words.iter().enumerate() {
        let w = u64::from_le_bytes(*word);
        let hits = zero(w ^ QUOTES) | zero(w ^ BACKSLASHES);
        if hits != 0 {
            return Some(k * 8 + (hits.trailing_zeros() / 8) as usize);
        }
    }
    let done = words.len() * 8;
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|p| done + p)
}

impl<'de> Reader<'de> {
    /// A string literal: borrowed from the text when it has no escapes.
    pub(super) fn string(&mut self) -> Result<Text<'de>> {
        if self.eat(b'"') {
            self.quoted()
        } else if self.eat(b'r') {
            self.raw()
        } else {
            reject(self, "a string")
        }
    }

    /// The rest of a `"..."` string after its opening quote.
    pub(super) fn quoted(&mut self) -> Result<Text<'de>> {
        let start = self.pos;
        let Some(len) = find_quote_or_backslash(&self.bytes[start..]) else {
            return reject(self, "an unclosed string");
        };
        if self.bytes[start + len] == b'"' {
            self.pos = start + len + 1;
            return Ok(Text::Borrowed(&self.text[start..start + len]));
        }
        let mut out = String::new();
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(stop) = find_quote_or_backslash(rest) else {
                return reject(self, "an unclosed string");
            };
            out.push_str(&self.text[self.pos..self.pos + stop]);
            self.pos += stop + 1;
            if rest[stop] == b'"' {
                return Ok(Text::Owned(out));
            }
            self.escape(&mut out)?;
        }
    }

    /// One escape after its backslash, appended to `out`.
    pub(super) fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(b) = self.peek() else {
            return reject(self, "an unfinished escape");
        };
        self.pos += 1;
        let c = match b {
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'x' => self.hex_byte()?,
            b'u' => self.unicode()?,
            b'\n' => return self.continuation(),
            b'\r' if self.eat(b'\n') => return self.continuation(),
            _ => return reject(self, "an unknown escape"),
        };
        out.push(c);
        Ok(())
    }

    /// After `\` and a line break: the leading whitespace of the next line is skipped.
    pub(super) fn continuation(&mut self) -> Result<()> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    pub(super) fn hex_digit(&mut self) -> Option<u32> {
        let d = char::from(self.peek()?).to_digit(16)?;
        self.pos += 1;
        Some(d)
    }

    /// `\xHH` for an ASCII character (multi-byte sequences are left to `ron`).
    pub(super) fn hex_byte(&mut self) -> Result<char> {
        let (Some(hi), Some(lo)) = (self.hex_digit(), self.hex_digit()) else {
            return reject(self, "a bad \\x escape");
        };
        match hi * 16 + lo {
            n @ 0..0x80 => Ok(char::from(n as u8)),
            _ => reject(self, "a non-ASCII \\x escape"),
        }
    }

    /// `\u{H...}` with one to six hex digits.
    pub(super) fn unicode(&mut self) -> Result<char> {
        self.expect(b'{')?;
        let mut n = 0u32;
        let mut digits = 0;
        while digits < 6 && self.peek() != Some(b'}') {
            let Some(d) = self.hex_digit() else {
                return reject(self, "a bad \\u escape");
            };
            n = n * 16 + d;
            digits += 1;
        }
        if digits == 0 || !self.eat(b'}') {
            return reject(self, "a bad \\u escape");
        }
        char::from_u32(n).map_or_else(|| reject(self, "a bad \\u escape"), Ok)
    }

    /// The rest of a raw string `r#"..."#` after its `r`.
    pub(super) fn raw(&mut self) -> Result<Text<'de>> {
        let hashes = self.bytes[self.pos..].iter().take_while(|&&b| b == b'#').count();
        self.pos += hashes;
        self.expect(b'"')?;
        let start = self.pos;
        let mut from = start;
        loop {
            let Some(q) = self.text[from..].find('"') else {
                return reject(self, "an unclosed raw string");
            };
            let end = from + q;
            let closing = &self.bytes[end + 1..];
            if closing.len() >= hashes && closing[..hashes].iter().all(|&b| b == b'#') {
                self.pos = end + 1 + hashes;
                return Ok(Text::Borrowed(&self.text[start..end]));
            }
            from = end + 1;
        }
    }
}
