//! Validation of a parsed scenario, one pass per file over a shared [`context`]. Returns
//! every problem found, sorted; the skill framework has its own check ([`skills`]).

mod conditions;
mod context;
mod evidence;
mod exhibits;
mod facilitation;
mod framework;
mod ids;
pub mod lints;
mod metadata;
mod placeholders;
mod reachability;
mod references;
mod structure;
mod texts;

use crate::engine::diagnostic::Diagnostic;
use crate::engine::locate::LazyLocator;
use crate::engine::model::{Scenario, SkillFramework};
use context::Ctx;

pub use exhibits::MAX_EXHIBITS_PER_NODE;
pub use framework::skills;
pub use ids::valid_id;

/// Validates a scenario. `skills` is the framework it may score (skip skill checks when `None`).
pub fn scenario(
    file: &str,
    s: &Scenario,
    skills: Option<&SkillFramework>,
    loc: &LazyLocator,
) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(file, s, skills, loc);
    cx.metadata();
    cx.ids();
    cx.references();
    cx.structure();
    cx.reachability();
    cx.conditions();
    cx.evidence();
    cx.texts();
    cx.exhibits();
    cx.placeholders();
    cx.facilitation();
    crate::engine::diagnostic::sort(&mut cx.out);
    cx.out
}

/// The content lints of a scenario (severity `lint`; see [`lints`](self::lints)), sorted. Kept
/// apart from [`scenario`]'s diagnostics: they say how well a working scenario teaches.
pub fn content_lints(file: &str, s: &Scenario, loc: &LazyLocator) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(file, s, None, loc);
    cx.lints();
    crate::engine::diagnostic::sort(&mut cx.out);
    cx.out
}
