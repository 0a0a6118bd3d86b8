//! Unit tests of the fast reader: what it reads, what it refuses, limits and word scans.

use super::strings::find_quote_or_backslash;
use super::tokens::skip_blanks;
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
