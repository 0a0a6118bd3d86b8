//! The pure scenario engine: a scenario file's bytes become a checked [`Story`] that runs,
//! replays, scores and is analysed. **No bevy, no files, no clock** in here.
//!
//! Four layers, one folder each: `source` (the model as authors write it, reading it, where
//! things are in the text, diagnostics), `check` (validation, one pass per file),
//! `play` (state, the run, replay, records, workshops) and `analysis` (exhaustive analysis,
//! simulation, scores). `story` is the value between them: the scenario resolved once.

pub mod analysis;
pub mod check;
pub mod generate;
pub mod play;
pub mod source;
pub mod story;

// Each module by its short name, whichever layer holds it.
pub(crate) use analysis::{abstraction, compiled, space};
pub use analysis::{analyze, bar, cover, routes, score, simulate, turning};
pub use play::{record, replay, run, state, step, text, whatif, workshop};
pub use source::{diagnostic, exhibit, load, locate, model, paragraphs, ronread, template};

pub use diagnostic::{Diagnostic, Severity};
pub use model::{Scenario, SkillFramework};
pub use story::Story;

/// A scenario that parsed, with every diagnostic about it (parse and validation).
pub struct Checked {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    /// Content lints (severity `lint`), when asked for ([`lint_scenario`]); never errors.
    pub lints: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and validates one scenario file's bytes. `file` names it in diagnostics.
pub fn check_scenario(file: &str, bytes: &[u8], skills: Option<&SkillFramework>) -> Checked {
    let parsed = load::scenario(file, bytes);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(s), Some(loc)) = (&parsed.value, &parsed.locator) {
        diagnostics.extend(check::scenario(file, s, skills, loc));
    }
    Checked {
        scenario: parsed.value,
        diagnostics,
        lints: Vec::new(),
    }
}

/// The content lints of a scenario parsed from `bytes` (free-answer, dominated-option,
/// decorative-trust, unread-flag; see `check::lints`), each with its position. Separate from
/// [`check_scenario`], which stays as fast as it was: the shells ask for lints where they show
/// them (`rapport check`, `rapport analyze`).
pub fn lint_scenario(file: &str, bytes: &[u8], s: &Scenario) -> Vec<Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
    let loc = locate::LazyLocator::new(&text);
    check::content_lints(file, s, &loc)
}

/// Parses and validates the skill framework.
pub fn check_skills(file: &str, bytes: &[u8]) -> (Option<SkillFramework>, Vec<Diagnostic>) {
    let parsed = load::skills(file, bytes);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(f), Some(loc)) = (&parsed.value, &parsed.locator) {
        diagnostics.extend(check::skills(file, f, loc));
    }
    (parsed.value, diagnostics)
}

#[cfg(test)]
pub(crate) mod tests {
    /// The documented example (`tests/fixtures/valid/printer-budget.ron`), checked clean.
    pub(crate) fn example() -> super::Story {
        let text = std::fs::read("tests/fixtures/valid/printer-budget.ron").unwrap();
        let checked = super::check_scenario("printer-budget.ron", &text, None);
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        super::Story::new(checked.scenario.unwrap())
    }
}
