//! A fast, strict reader for the part of RON that scenario and skill files use.
//!
//! [`from_str`] is a serde [`Deserializer`](serde::Deserializer) for the model's shapes: named
//! structs `Name(field: value, ...)` or `(field: value, ...)`, enums (unit, tuple, newtype and
//! struct variants), tuples, lists, `Some(x)`, `None` and implicit `Some`, strings (escapes and
//! raw strings), decimal integers and booleans, with `//` and nested `/* */` comments and
//! trailing commas. It follows `ron` 0.12 read with
//! `Options::default().with_default_extension(IMPLICIT_SOME).with_recursion_limit(limit)`
//! step for step, including where that spends nesting depth.
//!
//! It is an accelerator, not a second parser: whenever it meets anything outside that subset
//! (another extension, hex numbers, an unknown field of a lenient struct, a stray character) it
//! gives up with [`Rejected`], and the caller reads the text with `ron` again for the real
//! value or the real diagnostic. Whatever it accepts, `ron` accepts with an equal value
//! (tests/ronread.rs checks that on the bundled files, generated scenarios and thousands of
//! mutations of them). Bad input gets [`Rejected`], never a panic.

use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// Why the fast reader gave up: the byte offset it stopped at and a short reason (for tests and
/// debugging only; user-facing diagnostics come from `ron`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Byte offset in the text where reading stopped.
    pub at: usize,
    pub why: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.at, self.why)
    }
}

impl std::error::Error for Rejected {}

impl de::Error for Rejected {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Rejected {
            at: usize::MAX,
            why: msg.to_string(),
        }
    }
}

type Result<T> = std::result::Result<T, Rejected>;

/// The only document attribute accepted: it enables what is on by default anyway.
const IMPLICIT_SOME_ATTRIBUTE: &[u8] = b"#![enable(implicit_some)]";

/// Reads one `T` from `text`, allowing at most `limit` levels of nesting as `ron` counts them.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str, limit: usize) -> Result<T> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        left: limit,
    };
    r.document::<T>().map_err(|mut e| {
        if e.at == usize::MAX {
            e.at = r.pos;
        }
        e
    })
}

/// The cursor over the source text.
struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    /// Nesting levels still allowed.
    left: usize,
}

/// A rejection at the reader's position.
fn reject<T>(r: &Reader<'_>, why: &str) -> Result<T> {
    Err(Rejected {
        at: r.pos,
        why: why.to_string(),
    })
}

/// The index of the first byte at or after `i` that is not ASCII whitespace (spaces, as in
/// indentation, are skipped up to eight at a time).
fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
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
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The index of the first `"` or `\\` in `bytes`, looking at eight bytes at a time.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
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

/// Bytes that may continue an identifier, or that `ron` might read as part of one (anything
/// non-ASCII): a keyword or number directly followed by one of these is not read here.
fn continues_word(b: u8) -> bool {
    is_ident_byte(b) || b >= 0x80
}

impl<'de> Reader<'de> {
    /// Attributes, the value, then nothing but whitespace and comments.
    fn document<T: de::Deserialize<'de>>(&mut self) -> Result<T> {
        self.ws()?;
        while self.peek() == Some(b'#') {
            if !self.bytes[self.pos..].starts_with(IMPLICIT_SOME_ATTRIBUTE) {
                return reject(self, "an attribute other than implicit_some");
            }
            self.pos += IMPLICIT_SOME_ATTRIBUTE.len();
            self.ws()?;
        }
        let value = T::deserialize(&mut *self)?;
        self.ws()?;
        if self.pos != self.bytes.len() {
            return reject(self, "text after the value");
        }
        Ok(value)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `b` if it is next.
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) {
            Ok(())
        } else {
            reject(self, "a different character")
        }
    }

    /// Skips ASCII whitespace and comments (`//` to the end of the line, nested `/* */`).
    #[inline]
    fn ws(&mut self) -> Result<()> {
        match self.peek() {
            // Most calls find a token straight away.
            Some(b) if b > b' ' && b != b'/' => Ok(()),
            _ => self.ws_and_comments(),
        }
    }

    fn ws_and_comments(&mut self) -> Result<()> {
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

    fn line_comment(&mut self) {
        let rest = &self.bytes[self.pos..];
        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    }

    /// A `/* */` comment, nested ones included; the cursor is on its `/*`.
    fn block_comment(&mut self) -> Result<()> {
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
    fn comma(&mut self) -> Result<bool> {
        self.ws()?;
        if self.eat(b',') {
            self.ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Runs `f` one nesting level deeper, refusing when no level is left (as `ron` does).
    fn guard<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let Some(left) = self.left.checked_sub(1) else {
            return reject(self, "nested too deeply");
        };
        self.left = left;
        let out = f(self)?;
        self.left += 1;
        Ok(out)
    }

    /// A plain ASCII identifier; anything `ron` might read differently (raw identifiers,
    /// strings, non-ASCII, `-`/`+`/`.` inside) is refused.
    fn ident(&mut self) -> Result<&'de str> {
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
    fn keyword(&mut self, kw: &str) -> Result<bool> {
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

    fn bool(&mut self) -> Result<bool> {
        if self.keyword("true")? {
            Ok(true)
        } else if self.keyword("false")? {
            Ok(false)
        } else {
            reject(self, "a boolean")
        }
    }

    /// A decimal integer with an optional sign, in range for `T`.
    fn integer<T: TryFrom<i128>>(&mut self) -> Result<T> {
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

    /// A string literal: borrowed from the text when it has no escapes.
    fn string(&mut self) -> Result<Text<'de>> {
        if self.eat(b'"') {
            self.quoted()
        } else if self.eat(b'r') {
            self.raw()
        } else {
            reject(self, "a string")
        }
    }

    /// The rest of a `"..."` string after its opening quote.
    fn quoted(&mut self) -> Result<Text<'de>> {
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
    fn escape(&mut self, out: &mut String) -> Result<()> {
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
    fn continuation(&mut self) -> Result<()> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    fn hex_digit(&mut self) -> Option<u32> {
        let d = char::from(self.peek()?).to_digit(16)?;
        self.pos += 1;
        Some(d)
    }

    /// `\xHH` for an ASCII character (multi-byte sequences are left to `ron`).
    fn hex_byte(&mut self) -> Result<char> {
        let (Some(hi), Some(lo)) = (self.hex_digit(), self.hex_digit()) else {
            return reject(self, "a bad \\x escape");
        };
        match hi * 16 + lo {
            n @ 0..0x80 => Ok(char::from(n as u8)),
            _ => reject(self, "a non-ASCII \\x escape"),
        }
    }

    /// `\u{H...}` with one to six hex digits.
    fn unicode(&mut self) -> Result<char> {
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
    fn raw(&mut self) -> Result<Text<'de>> {
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

    /// `Name(` or `(` opening a struct called `name`.
    fn struct_open(&mut self, name: &str) -> Result<()> {
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            if self.ident()? != name {
                return reject(self, "a different struct name");
            }
            self.ws()?;
        }
        self.expect(b'(')
    }

    /// The fields of a struct after its `(`, then the `)`.
    fn struct_body<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = self.guard(|r| {
            visitor.visit_map(Commas {
                r,
                close: b')',
                had_comma: true,
            })
        })?;
        self.ws()?;
        self.expect(b')')?;
        Ok(value)
    }

    /// The items of a list or tuple after its opening bracket, then `close`.
    fn items<V: Visitor<'de>>(&mut self, close: u8, visitor: V) -> Result<V::Value> {
        let value = self.guard(|r| {
            visitor.visit_seq(Commas {
                r,
                close,
                had_comma: true,
            })
        })?;
        self.ws()?;
        self.expect(close)?;
        Ok(value)
    }
}

/// A string's value.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// The comma-separated inside of a struct, list or tuple.
struct Commas<'a, 'de> {
    r: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl Commas<'_, '_> {
    /// Whether another element follows; two elements need a comma between them.
    fn has_element(&mut self) -> Result<bool> {
        self.r.ws()?;
        let at_close = self.r.peek() == Some(self.close);
        if !self.had_comma && !at_close {
            return reject(self.r, "a missing comma");
        }
        Ok(!at_close)
    }
}

impl<'de> de::SeqAccess<'de> for Commas<'_, 'de> {
    type Error = Rejected;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Commas<'_, 'de> {
    type Error = Rejected;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        self.r.guard(|r| seed.deserialize(&mut *r)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b':')?;
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(value)
    }
}

/// An enum value: its variant name, then what the variant holds.
struct Variant<'a, 'de> {
    r: &'a mut Reader<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Rejected;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Rejected;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.r.comma()?;
        self.r.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.items(b')', visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.struct_body(visitor)
    }
}

/// Methods for types the model does not use: all refuse.
macro_rules! unsupported {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
                reject(self, concat!("not read here: ", stringify!($method)))
            }
        )*
    };
}

macro_rules! integers {
    ($($method:ident => $visit:ident,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                let n = self.integer()?;
                visitor.$visit(n)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Rejected;

    unsupported! {
        deserialize_any deserialize_ignored_any deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_map
    }

    integers! {
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let b = self.bool()?;
        visitor.visit_bool(b)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.keyword("None")? {
            return visitor.visit_none();
        }
        if self.keyword("Some")? {
            self.ws()?;
            if !self.eat(b'(') {
                return reject(self, "`Some` without parentheses");
            }
            self.ws()?;
            let value = self.guard(|r| visitor.visit_some(&mut *r))?;
            self.comma()?;
            self.expect(b')')?;
            return Ok(value);
        }
        self.guard(|r| visitor.visit_some(&mut *r))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, _visitor: V) -> Result<V::Value> {
        reject(self, "not read here: a unit struct")
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        reject(self, "not read here: a newtype struct")
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.items(b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.items(b')', visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        reject(self, "not read here: a tuple struct")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` reads these standard-library structs with range syntax.
        if name.starts_with("Range") {
            return reject(self, "not read here: a range");
        }
        self.struct_open(name)?;
        self.struct_body(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.guard(|r| visitor.visit_enum(Variant { r }))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let name = self.ident()?;
        visitor.visit_borrowed_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct S {
        a: i64,
        #[serde(default)]
        b: Option<String>,
        #[serde(default)]
        c: Vec<(String, u32)>,
    }

    fn read(src: &str) -> Result<S> {
        from_str(src, 64)
    }

    #[test]
    fn reads_structs_with_names_comments_and_trailing_commas() {
        let s = read("// c\nS /* x /* y */ */ (a: -5, b: \"hi\", c: [(\"x\", 1,),],)").unwrap();
        assert_eq!(s.a, -5);
        assert_eq!(s.b.as_deref(), Some("hi"));
        assert_eq!(s.c, vec![("x".to_string(), 1)]);
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        for src in [
            "(a: 0x10)",
            "(a: 1_000)",
            "(a: 1.0)",
            "(a: 5i64)",
            "T(a: 1)",
            "(a: 1) x",
            "(a: 1 b: \"x\")",
            "(a: 1, a: 2)",
            "(b: \"x\")",
            "(a: 1, z: 2)",
            "(a: 1, b: Some \"x\")",
            "#![enable(unwrap_newtypes)] (a: 1)",
            "(a: 1, b: \"\\q\")",
            "(a: 1, b: \"\\xff\")",
            "(a: 1) /* open",
            "(a: 1) / ",
            "(a: 99999999999999999999)",
            "(a: -)",
            "(a: 1, b: \"open)",
            "(a: 1, b: r#\"open\")",
            "(r#a: 1)",
        ] {
            assert!(read(src).is_err(), "{src}");
        }
    }

    #[test]
    fn reads_escapes_and_raw_strings() {
        let s = read("(a: 0, b: \"q\\\"\\\\\\n\\t\\u{e9}\\x41\\\n   z\")").unwrap();
        assert_eq!(s.b.as_deref(), Some("q\"\\\n\té\u{41}z"));
        let s = read("(a: 0, b: r##\"a\"#b\"##)").unwrap();
        assert_eq!(s.b.as_deref(), Some("a\"#b"));
        let s = read("(a: 0, b: Some(\"x\",), c: [])").unwrap();
        assert_eq!(s.b.as_deref(), Some("x"));
        let s = read("(a: 0, b: None)").unwrap();
        assert_eq!(s.b, None);
    }

    #[test]
    fn integer_bounds_follow_the_type() {
        assert_eq!(read("(a: -9223372036854775808)").unwrap().a, i64::MIN);
        assert_eq!(read("(a: +9223372036854775807)").unwrap().a, i64::MAX);
        assert!(read("(a: 9223372036854775808)").is_err());
        assert!(read("(a: 0, c: [(\"x\", -1)])").is_err());
        assert_eq!(read("(a: 0, c: [(\"x\", -0)])").unwrap().c[0].1, 0);
    }

    #[test]
    fn word_scans_find_the_first_hit() {
        for len in 0..40 {
            for at in 0..=len {
                for hit in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; len];
                    if at < len {
                        bytes[at] = hit;
                        bytes[len - 1] = b'"';
                    }
                    let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\');
                    assert_eq!(find_quote_or_backslash(&bytes), naive, "{len} {at}");
                }
                let mut blanks = vec![b' '; len];
                blanks.extend_from_slice(b"\t\n x");
                if at < len {
                    blanks[at] = b'\n';
                }
                assert_eq!(skip_blanks(&blanks, 0), len + 3, "{len} {at}");
            }
        }
        assert_eq!(find_quote_or_backslash("é\"".as_bytes()), Some(2));
        assert_eq!(find_quote_or_backslash(&[0x22 ^ 0x80; 9]), None);
    }

    #[test]
    fn nesting_is_limited_where_ron_limits_it() {
        let src = "(a: 1, b: Some(\"y\"), c: [(\"x\", 1)])";
        for limit in 0..10 {
            let ron = ron::Options::default()
                .with_recursion_limit(limit)
                .from_str::<S>(src);
            assert_eq!(from_str::<S>(src, limit).is_ok(), ron.is_ok(), "limit {limit}");
        }
        assert!(from_str::<S>(src, 6).is_ok());
        assert!(from_str::<S>(src, 5).is_err());
    }
}
