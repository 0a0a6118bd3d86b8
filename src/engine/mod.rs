//! The pure scenario engine: model, loading with diagnostics, validation, the run state
//! machine, scoring and analysis. **No bevy, no files, no clock** in here.

pub(crate) mod abstraction;
pub mod analyze;
pub(crate) mod compiled;
pub mod diagnostic;
pub mod generate;
pub mod load;
pub mod locate;
pub mod model;
pub mod record;
pub mod replay;
pub mod ronread;
pub mod run;
pub mod score;
pub mod simulate;
pub(crate) mod space;
pub mod state;
pub mod story;
pub mod validate;
pub mod workshop;

pub use diagnostic::{Diagnostic, Severity};
pub use model::{Scenario, SkillFramework};
pub use story::Story;

/// A scenario that parsed, with every diagnostic about it (parse and validation).
pub struct Checked {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
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
        diagnostics.extend(validate::scenario(file, s, skills, loc));
    }
    Checked {
        scenario: parsed.value,
        diagnostics,
    }
}

/// Parses and validates the skill framework.
pub fn check_skills(file: &str, bytes: &[u8]) -> (Option<SkillFramework>, Vec<Diagnostic>) {
    let parsed = load::skills(file, bytes);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(f), Some(loc)) = (&parsed.value, &parsed.locator) {
        diagnostics.extend(validate::skills(file, f, loc));
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
