//! Diagnostics: every problem found in a scenario, with where it is and how to fix it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A content lint: the scenario works but may teach less than it could (a free answer, a
    /// dominated option, trust nothing reads, a variable nothing reads). Reported like a
    /// warning, but `check --strict` does not fail on lints (`--deny-lints` does).
    Lint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Lint => "lint",
        }
    }
}

/// Declares [`Code`]: one variant per diagnostic code with the kebab-case text that `check`
/// prints and `--format json` writes (ripgrep's `Category` pattern: an enum with `as_str`).
macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// What kind of problem a diagnostic is: a stable code, printed as kebab-case text
        /// (`missing-target`). Ordered by that text, as diagnostics are sorted.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of their text.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as written in diagnostics, e.g. `missing-target`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    BadId = "bad-id",
    BadPlaceholder = "bad-placeholder",
    ConditionalDebrief = "conditional-debrief",
    DeadEnd = "dead-end",
    DecorativeTrust = "decorative-trust",
    DominatedOption = "dominated-option",
    DuplicateEvidence = "duplicate-evidence",
    DuplicateField = "duplicate-field",
    DuplicateId = "duplicate-id",
    EmptyFile = "empty-file",
    EmptyText = "empty-text",
    ExhibitOutsideDecision = "exhibit-outside-decision",
    FileTooLarge = "file-too-large",
    FreeAnswer = "free-answer",
    IdMismatch = "id-mismatch",
    InvalidUtf8 = "invalid-utf8",
    InvalidValue = "invalid-value",
    MissingField = "missing-field",
    MissingTarget = "missing-target",
    MissingTimeoutChoice = "missing-timeout-choice",
    NeverHolds = "never-holds",
    NeverOffered = "never-offered",
    NoAssessedSkills = "no-assessed-skills",
    NoCoachNote = "no-coach-note",
    NoDebriefQuestions = "no-debrief-questions",
    NoDuration = "no-duration",
    NoEndings = "no-endings",
    NoEvidence = "no-evidence",
    NoObjectives = "no-objectives",
    NoRationale = "no-rationale",
    NoSkills = "no-skills",
    NoSuccessEnding = "no-success-ending",
    NoWayOut = "no-way-out",
    NotAssessed = "not-assessed",
    OneSidedContest = "one-sided-contest",
    RaggedTable = "ragged-table",
    Syntax = "syntax",
    TimerWithoutChoices = "timer-without-choices",
    TooDeep = "too-deep",
    TooManyExhibits = "too-many-exhibits",
    TrustOutOfRange = "trust-out-of-range",
    UnexpectedEnd = "unexpected-end",
    UnknownField = "unknown-field",
    UnknownPlaceholder = "unknown-placeholder",
    UnknownVariant = "unknown-variant",
    Unreachable = "unreachable",
    UnreadFlag = "unread-flag",
    Unreadable = "unreadable",
    UnscoredSkill = "unscored-skill",
    UnusedEnding = "unused-ending",
    UnusedExhibit = "unused-exhibit",
    WrongType = "wrong-type",
    WrongVariableType = "wrong-variable-type",
    ZeroPoints = "zero-points",
    ZeroTimer = "zero-timer",
    ZeroWeight = "zero-weight",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    /// By text, so diagnostics sort as they did when codes were strings.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Comparing with the text (`d.code == "missing-target"`), for tests and fixtures that name
/// codes as text.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
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
    /// A stable code, printed as kebab-case text, e.g. `missing-target`.
    pub code: Code,
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pos, code, message)
    }
    pub fn warning(file: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pos, code, message)
    }
    pub fn lint(file: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Lint, file, pos, code, message)
    }
    fn new(severity: Severity, file: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
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
    pub fn is_lint(&self) -> bool {
        self.severity == Severity::Lint
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
    fn codes_are_kebab_case_unique_and_in_order() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(texts, sorted, "listed once each, by their text");
        for t in texts {
            assert!(
                !t.is_empty()
                    && t.split('-')
                        .all(|w| !w.is_empty()
                            && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{t}"
            );
        }
        assert_eq!(
            serde_json::to_string(&Code::MissingTarget).unwrap(),
            "\"missing-target\""
        );
        assert!(Code::BadId < Code::DeadEnd && Code::NoWayOut < Code::NotAssessed);
    }

    #[test]
    fn displays_compiler_style() {
        let d = Diagnostic::error(
            "a.ron",
            Pos { line: 3, column: 7 },
            Code::MissingTarget,
            "no node `x`",
        )
        .help("add it");
        assert_eq!(
            d.to_string(),
            "error[missing-target]: no node `x`\n  --> a.ron:3:7\n  = help: add it"
        );
    }
}
