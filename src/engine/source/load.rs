//! RON text → scenario or skill framework, with a diagnostic for anything that does not parse.

use crate::engine::diagnostic::{Code, Diagnostic, Pos, did_you_mean};
use crate::engine::locate::{LazyLocator, is_blank};
use crate::engine::model::{Scenario, SkillFramework};
use crate::engine::ronread;
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest bracket nesting accepted (conditions nest; nothing sensible goes near this).
pub const MAX_NESTING: usize = 64;

/// A parsed file: the value (if it parsed), its locator, and what went wrong.
pub struct Parsed<T> {
    pub value: Option<T>,
    pub locator: Option<LazyLocator>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a scenario from raw file bytes. `file` is the name used in diagnostics.
pub fn scenario(file: &str, bytes: &[u8]) -> Parsed<Scenario> {
    parse(file, bytes, "Scenario")
}

/// Parses the skill framework from raw file bytes.
pub fn skills(file: &str, bytes: &[u8]) -> Parsed<SkillFramework> {
    parse(file, bytes, "SkillFramework")
}

fn parse<T: DeserializeOwned>(file: &str, bytes: &[u8], what: &str) -> Parsed<T> {
    let fail = |d: Diagnostic| Parsed {
        value: None,
        locator: None,
        diagnostics: vec![d],
    };
    let start = Pos { line: 1, column: 1 };
    if bytes.len() > MAX_FILE_BYTES {
        return fail(
            Diagnostic::error(
                file,
                start,
                Code::FileTooLarge,
                format!(
                    "the file is {} bytes; the limit is {} bytes",
                    bytes.len(),
                    MAX_FILE_BYTES
                ),
            )
            .help("split the scenario into smaller ones; a playable scenario is far below this size"),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return fail(
                Diagnostic::error(
                    file,
                    end_pos(valid),
                    Code::InvalidUtf8,
                    format!(
                        "the file is not valid UTF-8 (bad byte 0x{:02x} at byte offset {})",
                        bytes[e.valid_up_to()],
                        e.valid_up_to()
                    ),
                )
                .help("save the file as UTF-8 in your editor"),
            );
        }
    };
    if is_blank(text) {
        return fail(
            Diagnostic::error(file, start, Code::EmptyFile, "the file is empty").help(format!(
                "a scenario file holds one `{what}(...)` value; see docs/scenario-format.md"
            )),
        );
    }
    match read(text) {
        Ok(value) => Parsed {
            value: Some(value),
            locator: Some(LazyLocator::new(text)),
            diagnostics: Vec::new(),
        },
        Err(e) => fail(ron_diagnostic(file, text, &e, what)),
    }
}

/// Reads `text` with the fast reader, or with `ron` when the fast reader gives up (anything
/// it does not read, and every malformed file, so the diagnostics are always `ron`'s).
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, SpannedError> {
    ronread::from_str(text, MAX_NESTING).or_else(|_| read_with_ron(text))
}

/// Reads `text` with `ron` alone, as scenario files are specified: implicit `Some`, nesting
/// limited to [`MAX_NESTING`].
pub fn read_with_ron<T: DeserializeOwned>(text: &str) -> Result<T, SpannedError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
        .from_str::<T>(text)
}

/// The position just after the end of `text`.
fn end_pos(text: &str) -> Pos {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos { line, column }
}

/// "did you mean `x`? " when `found` is close to one of `expected`, else nothing.
fn suggestion(found: &str, expected: &[&str]) -> String {
    did_you_mean(found, expected.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "))
}

/// Turns a RON error into a diagnostic that says what to do about it.
fn ron_diagnostic(file: &str, text: &str, e: &SpannedError, what: &str) -> Diagnostic {
    let mut pos = Pos {
        line: e.span.start.line.max(1),
        column: e.span.start.col.max(1),
    };
    let end = end_pos(text.trim_end());
    let at_end = pos.line > end.line || (pos.line == end.line && pos.column + 1 >= end.column);
    let (code, message, help): (Code, String, String) = match &e.code {
        _ if at_end
            && !matches!(
                e.code,
                RonError::MissingStructField { .. } | RonError::TrailingCharacters
            ) =>
        {
            pos = end_pos(text);
            (
                Code::UnexpectedEnd,
                "the file ends in the middle of a value".into(),
                "a `(`, `[` or `\"` is not closed; check the end of the last thing you edited".into(),
            )
        }
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = suggestion(found, expected);
            (
                Code::UnknownField,
                format!(
                    "`{}` has no field `{found}`",
                    outer.as_deref().unwrap_or("this value")
                ),
                format!("{hint}the fields are: {}", expected.join(", ")),
            )
        }
        RonError::MissingStructField { field, outer } => (
            Code::MissingField,
            format!(
                "`{}` is missing the field `{field}`",
                outer.as_deref().unwrap_or("this value")
            ),
            format!("add `{field}: ...`; see docs/scenario-format.md for what it holds"),
        ),
        RonError::DuplicateStructField { field, outer } => (
            Code::DuplicateField,
            format!(
                "`{}` has the field `{field}` twice",
                outer.as_deref().unwrap_or("this value")
            ),
            "delete one of them".into(),
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let hint = suggestion(found, expected);
            (
                Code::UnknownVariant,
                format!(
                    "`{found}` is not a valid {}",
                    outer.as_deref().unwrap_or("value here")
                ),
                format!("{hint}expected one of: {}", expected.join(", ")),
            )
        }
        RonError::ExceededRecursionLimit => (
            Code::TooDeep,
            format!("values are nested more than {MAX_NESTING} levels deep"),
            "split deeply nested conditions into `All([...])`/`Any([...])` lists".into(),
        ),
        RonError::ExpectedComma => (
            Code::Syntax,
            "expected a comma".into(),
            "separate fields and list items with `,`; a string may be missing its closing `\"`".into(),
        ),
        RonError::ExpectedString | RonError::ExpectedStringEnd => (
            Code::WrongType,
            "expected a string".into(),
            "write text in double quotes: \"like this\"".into(),
        ),
        RonError::ExpectedInteger | RonError::IntegerOutOfBounds | RonError::InvalidIntegerDigit { .. } => (
            Code::WrongType,
            format!("expected a whole number ({})", e.code),
            "write a whole number without quotes, such as 5 or -3".into(),
        ),
        RonError::ExpectedBoolean => (
            Code::WrongType,
            "expected `true` or `false`".into(),
            "write true or false without quotes".into(),
        ),
        RonError::ExpectedArray | RonError::ExpectedArrayEnd => (
            Code::Syntax,
            e.code.to_string(),
            "lists are written `[a, b, c]`".into(),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            Code::WrongType,
            format!("expected `{expected}(...)`, found `{found}(...)`"),
            format!("this file must hold one `{what}(...)`"),
        ),
        RonError::InvalidValueForType { expected, found } => (
            Code::WrongType,
            format!("expected {expected}, found {found}"),
            "see docs/scenario-format.md for the type of each field".into(),
        ),
        RonError::TrailingCharacters => (
            Code::Syntax,
            "there is more text after the end of the value".into(),
            format!("the file holds exactly one `{what}(...)`; a bracket may be closed too early"),
        ),
        RonError::UnclosedBlockComment => (
            Code::Syntax,
            "a `/*` comment is never closed".into(),
            "add `*/` where the comment ends".into(),
        ),
        RonError::UnexpectedChar(c) => (
            Code::Syntax,
            format!("unexpected character `{c}`"),
            "check the brackets, commas and quotes around here".into(),
        ),
        RonError::Message(m) => (
            Code::InvalidValue,
            m.clone(),
            "see docs/scenario-format.md".into(),
        ),
        other => (
            Code::Syntax,
            other.to_string(),
            "check the brackets, commas and quotes around here".into(),
        ),
    };
    Diagnostic::error(file, pos, code, message).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(src: &[u8]) -> Diagnostic {
        let p = scenario("t.ron", src);
        assert!(p.value.is_none());
        p.diagnostics.into_iter().next().expect("a diagnostic")
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let d = first(b"Scenario(\n  id: \"a\xff\"");
        assert_eq!((d.code.as_str(), d.line, d.column), ("invalid-utf8", 2, 9));
    }

    #[test]
    fn truncated_file_points_at_the_end() {
        let d = first(b"Scenario(\n  id: \"a\",\n  nodes: [");
        assert_eq!(d.code, "unexpected-end");
        assert_eq!(d.line, 3);
    }

    #[test]
    fn typo_in_field_name_suggests_the_right_one() {
        let d = first(b"Scenario(id: \"a\", verison: 1)");
        assert_eq!(d.code, "unknown-field");
        assert!(d.help.contains("did you mean `version`"), "{}", d.help);
        assert_eq!((d.line, d.column), (1, 19));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut src = String::from(
            "Scenario(id: \"a\", version: 1, title: \"t\", summary: \"s\", role: \"r\", setting: \"x\", \
             minutes: 1, difficulty: Introductory, objectives: [], assesses: [], characters: [], start: \"n\", \
             nodes: [(id: \"n\", beats: [Narrate(text: \"t\", when: ",
        );
        src.push_str(&"Not(".repeat(10_000));
        let d = first(src.as_bytes());
        assert_eq!(d.code, "too-deep");
    }

    #[test]
    fn huge_and_empty_files_are_refused() {
        assert_eq!(first(&vec![b' '; MAX_FILE_BYTES + 1]).code, "file-too-large");
        assert_eq!(first(b"  \n ").code, "empty-file");
    }
}
