//! The skill framework's own check (`assets/skills.ron`): ids well formed and unique, every
//! name, description and anchor written, at least one skill.

use super::context::IdSet;
use super::ids::{bad_id, valid_id};
use crate::engine::diagnostic::{Code, Diagnostic};
use crate::engine::locate::{LazyLocator, Span};
use crate::engine::model::SkillFramework;

/// Validates the skill framework.
pub fn skills(file: &str, f: &SkillFramework, lazy: &LazyLocator) -> Vec<Diagnostic> {
    let items: std::cell::OnceCell<Vec<Span>> = std::cell::OnceCell::new();
    // Where skill `i`'s id is, worked out only for a diagnostic.
    let at = |i: usize| {
        let loc = lazy.get();
        let items = items.get_or_init(|| {
            loc.field(loc.root(), "skills")
                .map(|v| loc.items(v))
                .unwrap_or_default()
        });
        let span = items.get(i).copied().unwrap_or(loc.root());
        loc.field(span, "id").map_or(loc.pos(span), |v| loc.pos(v))
    };
    let mut out = Vec::new();
    let mut seen = IdSet::default();
    for (i, sk) in f.skills.iter().enumerate() {
        if !valid_id(&sk.id) {
            out.push(bad_id(file, at(i), "skill", &sk.id));
        }
        if !seen.insert(sk.id.as_str()) {
            out.push(
                Diagnostic::error(
                    file,
                    at(i),
                    Code::DuplicateId,
                    format!("skill id `{}` is used twice", sk.id),
                )
                .help("give every skill its own id"),
            );
        }
        for (field, text) in [
            ("name", &sk.name),
            ("description", &sk.description),
            ("weak", &sk.anchors.weak),
            ("competent", &sk.anchors.competent),
            ("strong", &sk.anchors.strong),
        ] {
            if text.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        file,
                        at(i),
                        Code::EmptyText,
                        format!("skill `{}` has an empty `{field}`", sk.id),
                    )
                    .help("write it: trainers and players read it on the debrief"),
                );
            }
        }
    }
    if f.skills.is_empty() {
        out.push(
            Diagnostic::error(
                file,
                lazy.get().pos(lazy.get().root()),
                Code::NoSkills,
                "the framework defines no skills",
            )
            .help("add at least one skill"),
        );
    }
    out
}
