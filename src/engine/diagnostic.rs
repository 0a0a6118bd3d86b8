//! Diagnostics: every problem found in a scenario, with where it is and how to fix it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column in a source file (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// A stable kebab-case code, e.g. `missing-target`.
    pub code: &'static str,
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pos, code, message)
    }
    pub fn warning(file: &str, pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pos, code, message)
    }
    fn new(severity: Severity, file: &str, pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.to_string(),
            line: pos.line,
            column: pos.column,
            code,
            message: message.into(),
            help: String::new(),
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Compiler style: `error[code]: message` / `  --> file:line:col` / `  = help: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}]: {}", self.severity.label(), self.code, self.message)?;
        write!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        if !self.help.is_empty() {
            write!(f, "\n  = help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code).cmp(&(&b.file, b.line, b.column, b.severity, b.code))
    });
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
    (d <= limit).then_some(c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["start", "briefing", "ceo_call"];
        assert_eq!(did_you_mean("brefing", names), Some("briefing"));
        assert_eq!(did_you_mean("ceo-call", names), Some("ceo_call"));
        assert_eq!(did_you_mean("zzzzzz", names), None);
    }

    #[test]
    fn displays_compiler_style() {
        let d = Diagnostic::error(
            "a.ron",
            Pos { line: 3, column: 7 },
            "missing-target",
            "no node `x`",
        )
        .help("add it");
        assert_eq!(
            d.to_string(),
            "error[missing-target]: no node `x`\n  --> a.ron:3:7\n  = help: add it"
        );
    }
}
