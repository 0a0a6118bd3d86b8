//! The reader's tokens: whitespace and comments, commas, identifiers, keywords, booleans
//! and integers.

use super::{Reader, Result, reject};

/// The index of the first byte at or after `i` that is not ASCII whitespace (spaces, as in
/// indentation, are skipped up to eight at a time).
pub(super) fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    loop {
        if let Some(word) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            // The lowest nonzero byte of `others` is the first byte that is not a space.
            let others = u64::from_le_bytes(*word) ^ SPACES;
            if others == 0 {
                i += 8;
                continue;
            }
            i += (others.trailing_zeros() / 8) as usize;
        }
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => i += 1,
            _ => return i,
        }
    }
}

/// Bytes of a plain identifier after its first.
pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes that may continue an identifier, or that `ron` might read as part of one (anything
/// non-ASCII): a keyword or number directly followed by one of these is not read here.
pub(super) fn continues_word(b: u8) -> bool {
    is_ident_byte(b) || b >= 0x80
}

impl<'de> Reader<'de> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `b` if it is next.
    pub(super) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) {
            Ok(())
        } else {
            reject(self, "a different character")
        }
    }

    /// Skips ASCII whitespace and comments (`//` to the end of the line, nested `/* */`).
    #[inline]
    pub(super) fn ws(&mut self) -> Result<()> {
        match self.peek() {
            // Most calls find a token straight away.
            Some(b) if b > b' ' && b != b'/' => Ok(()),
            _ => self.ws_and_comments(),
        }
    }

    pub(super) fn ws_and_comments(&mut self) -> Result<()> {
        loop {
            self.pos = skip_blanks(self.bytes, self.pos);
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            match self.bytes.get(self.pos + 1) {
                Some(b'/') => self.line_comment(),
                Some(b'*') => self.block_comment()?,
                _ => return reject(self, "a lone `/`"),
            }
        }
    }

    pub(super) fn line_comment(&mut self) {
        let rest = &self.bytes[self.pos..];
        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    }

    /// A `/* */` comment, nested ones included; the cursor is on its `/*`.
    pub(super) fn block_comment(&mut self) -> Result<()> {
        let mut level = 0usize;
        let mut i = self.pos;
        while let Some(&b) = self.bytes.get(i) {
            let next = self.bytes.get(i + 1).copied();
            if b == b'/' && next == Some(b'*') {
                level += 1;
                i += 2;
            } else if b == b'*' && next == Some(b'/') {
                level -= 1;
                i += 2;
                if level == 0 {
                    self.pos = i;
                    return Ok(());
                }
            } else {
                i += 1;
            }
        }
        reject(self, "an unclosed block comment")
    }

    /// `,` with the whitespace around it, if there is one.
    pub(super) fn comma(&mut self) -> Result<bool> {
        self.ws()?;
        if self.eat(b',') {
            self.ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// A plain ASCII identifier; anything `ron` might read differently (raw identifiers,
    /// strings, non-ASCII, `-`/`+`/`.` inside) is refused.
    pub(super) fn ident(&mut self) -> Result<&'de str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return reject(self, "an identifier"),
        }
        self.pos += self.bytes[start..]
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        if let Some(b'"' | b'#' | b'\'' | b'.' | b'+' | b'-' | 0x80..) = self.peek() {
            return reject(self, "an identifier ron reads differently");
        }
        Ok(&self.text[start..self.pos])
    }

    /// Consumes the keyword `kw` if it is next as a whole word.
    pub(super) fn keyword(&mut self, kw: &str) -> Result<bool> {
        let rest = &self.bytes[self.pos..];
        if !rest.starts_with(kw.as_bytes()) {
            return Ok(false);
        }
        match rest.get(kw.len()) {
            Some(&b) if b >= 0x80 => reject(self, "a keyword followed by non-ASCII"),
            Some(&b) if continues_word(b) => Ok(false),
            _ => {
                self.pos += kw.len();
                Ok(true)
            }
        }
    }

    pub(super) fn bool(&mut self) -> Result<bool> {
        if self.keyword("true")? {
            Ok(true)
        } else if self.keyword("false")? {
            Ok(false)
        } else {
            reject(self, "a boolean")
        }
    }

    /// A decimal integer with an optional sign, in range for `T`.
    pub(super) fn integer<T: TryFrom<i128>>(&mut self) -> Result<T> {
        let negative = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let start = self.pos;
        let mut magnitude: i128 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            magnitude = magnitude * 10 + i128::from(b - b'0');
            if magnitude > i128::from(u64::MAX) {
                return reject(self, "an integer out of range");
            }
            self.pos += 1;
        }
        if self.pos == start {
            return reject(self, "an integer");
        }
        if self.peek().is_some_and(|b| continues_word(b) || b == b'.') {
            return reject(self, "a number in a form not read here");
        }
        let value = if negative { -magnitude } else { magnitude };
        T::try_from(value).or_else(|_| reject(self, "an integer out of range"))
    }
}
