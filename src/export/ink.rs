//! A scenario as an Ink story (`.ink`): one knot per node and per ending, `VAR`s for the
//! scenario's variables, trust, skill points and tracking flags, sticky choices (`+`) with
//! their conditions, `RANDOM` for random nodes.

use super::{Dialect, Format, Scenario, write};

/// The scenario as Ink source.
pub fn export(s: &Scenario) -> String {
    write(s, &Ink)
}

struct Ink;

/// Escapes text so Ink reads it as plain words: `\` before the characters Ink gives a meaning
/// anywhere in a line, before both characters of `->`, `<-`, `<>`, `//`, `/*` and `*/`, and
/// before a first character (or keyword) that would make the line a statement.
fn escape(text: &str) -> String {
    let text = super::one_line(text);
    let keyword = ["VAR ", "CONST ", "LIST ", "INCLUDE ", "EXTERNAL ", "TODO"]
        .iter()
        .any(|k| text.starts_with(k));
    super::escape_with(&text, |i, prev, c, next| {
        let pair = |a: char, b: char| (c == a && next == Some(b)) || (c == b && prev == Some(a));
        match c {
            '\\' | '{' | '}' | '[' | ']' | '|' | '#' => true,
            _ if pair('-', '>') || pair('<', '-') || pair('<', '>') => true,
            _ if pair('/', '/') || pair('/', '*') || pair('*', '/') => true,
            '-' | '*' | '+' | '=' | '~' | '<' => i == 0,
            _ => i == 0 && keyword,
        }
    })
}

impl Dialect for Ink {
    const FORMAT: Format = Format::Ink;
    const SIGIL: &'static str = "";
    const PREAMBLE_AT_TOP: bool = true;

    fn text(&self, text: &str) -> String {
        escape(text)
    }
    fn declare(&self, var: &str, value: &str) -> String {
        format!("VAR {var} = {value}")
    }
    fn set(&self, var: &str, value: &str) -> String {
        format!("~ {var} = {value}")
    }
    fn temp(&self, var: &str, value: &str) -> String {
        format!("~ temp {var} = {value}")
    }
    fn trust(&self, var: &str, delta: i64) -> Vec<String> {
        let value = if delta > 0 {
            format!("MIN({}, 100)", super::plus(var, delta))
        } else {
            format!("MAX({}, 0)", super::plus(var, delta))
        };
        vec![self.set(var, &value)]
    }
    fn if_open(&self, cond: &str) -> String {
        format!("{{ {cond}:")
    }
    fn if_close(&self) -> &'static str {
        "}"
    }
    fn divert(&self, knot: &str) -> String {
        format!("-> {knot}")
    }
    fn stop(&self) -> &'static str {
        "-> END"
    }
    fn option(&self, text: &str, cond: Option<&str>) -> String {
        match cond {
            Some(c) => format!("+ {{{c}}} [{}]", escape(text)),
            None => format!("+ [{}]", escape(text)),
        }
    }
    fn draw(&self, total: &str) -> String {
        format!("RANDOM(1, {total})")
    }
    fn tagged(&self, line: String, tag: &str) -> String {
        format!("{line} # {tag}")
    }
    fn knot_open(&self, name: &str) -> Vec<String> {
        vec![format!("=== {name} ===")]
    }
    fn knot_close(&self) -> Vec<String> {
        Vec::new()
    }
}
