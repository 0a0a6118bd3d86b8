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

mod deserializer;
mod strings;
#[cfg(test)]
mod tests;
mod tokens;

use serde::de;
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
