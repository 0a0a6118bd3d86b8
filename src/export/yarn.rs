//! A scenario as a Yarn Spinner script (`.yarn`): one node per scenario node and per ending,
//! `<<declare>>`d variables for the scenario's variables, trust, skill points and tracking
//! flags (declared in the start node), options with `<<if>>` conditions, `dice` for random nodes.

use super::{Dialect, Format, Scenario, write};

/// The scenario as Yarn Spinner source.
pub fn export(s: &Scenario) -> String {
    write(s, &Yarn)
}

struct Yarn;

/// Escapes text so Yarn reads it as plain words: `\` before markup, expressions, hashtags and
/// both characters of `<<`, `>>`, `//` and a line-opening `->` or `=>`. Yarn has no escape
/// for `=`, so a line opening with one (`===` would end the node) starts with `{"="}` instead.
fn escape(text: &str) -> String {
    let text = super::one_line(text);
    let escaped = super::escape_with(&text, |i, prev, c, next| {
        let pair = |a: char, b: char| (c == a && next == Some(b)) || (c == b && prev == Some(a));
        match c {
            '\\' | '{' | '}' | '[' | ']' | '#' => true,
            _ if pair('<', '<') || pair('>', '>') || pair('/', '/') => true,
            '>' => i == 1 && matches!(prev, Some('-' | '=')),
            _ => false,
        }
    });
    match escaped.strip_prefix('=') {
        Some(rest) => format!("{{\"=\"}}{rest}"),
        None => escaped,
    }
}

impl Dialect for Yarn {
    const FORMAT: Format = Format::Yarn;
    const SIGIL: &'static str = "$";
    const PREAMBLE_AT_TOP: bool = false;

    fn text(&self, text: &str) -> String {
        escape(text)
    }
    fn declare(&self, var: &str, value: &str) -> String {
        format!("<<declare {var} = {value}>>")
    }
    fn set(&self, var: &str, value: &str) -> String {
        format!("<<set {var} to {value}>>")
    }
    fn temp(&self, var: &str, value: &str) -> String {
        self.set(var, value)
    }
    fn trust(&self, var: &str, delta: i64) -> Vec<String> {
        let (test, bound) = if delta > 0 { ("> 100", "100") } else { ("< 0", "0") };
        vec![
            self.set(var, &super::plus(var, delta)),
            self.if_open(&format!("{var} {test}")),
            format!("    {}", self.set(var, bound)),
            self.if_close().into(),
        ]
    }
    fn if_open(&self, cond: &str) -> String {
        format!("<<if {cond}>>")
    }
    fn if_close(&self) -> &'static str {
        "<<endif>>"
    }
    fn divert(&self, knot: &str) -> String {
        format!("<<jump {knot}>>")
    }
    fn stop(&self) -> &'static str {
        "<<stop>>"
    }
    fn option(&self, text: &str, cond: Option<&str>) -> String {
        match cond {
            Some(c) => format!("-> {} <<if {c}>>", escape(text)),
            None => format!("-> {}", escape(text)),
        }
    }
    fn draw(&self, total: &str) -> String {
        format!("dice({total})")
    }
    fn tagged(&self, line: String, tag: &str) -> String {
        format!("{line} #{tag}")
    }
    fn knot_open(&self, name: &str) -> Vec<String> {
        vec![format!("title: {name}"), "---".into()]
    }
    fn knot_close(&self) -> Vec<String> {
        vec!["===".into()]
    }
}
