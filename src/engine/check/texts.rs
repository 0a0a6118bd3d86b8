//! Pass: text the player would see empty — beats, choices and the endings' debrief fields,
//! and debriefs whose every paragraph is conditional (some path may show nothing).

use super::context::{Ctx, El};
use crate::engine::diagnostic::Code;
use crate::engine::model::Then;

impl Ctx<'_> {
    pub(super) fn texts(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            if n.beats.iter().any(|b| b.text().trim().is_empty()) {
                self.error(
                    self.at_field(span, "beats"),
                    Code::EmptyText,
                    format!("node `{}` has a beat with no text", n.id),
                    "write the line, or delete the beat".into(),
                );
            }
            if let Then::Choices(cs) = &n.then {
                for (j, c) in cs.iter().enumerate() {
                    if c.text.trim().is_empty() {
                        self.error(
                            self.at_field(El::Arm(i, j), "text"),
                            Code::EmptyText,
                            format!("choice `{}` has no text", c.id),
                            "write what the player says or does".into(),
                        );
                    }
                }
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            if e.title.trim().is_empty() {
                self.warn(
                    self.at_field(El::Ending(i), "title"),
                    Code::EmptyText,
                    format!("ending `{}` has an empty `title`", e.id),
                    "the debrief screen shows it; say what happened and what a strong leader would do".into(),
                );
            }
            for (field, list) in [("debrief", &e.debrief), ("strong_leader", &e.strong_leader)] {
                // The position only when there is something to say (finding it builds the locator).
                let problem = if list.iter().all(|p| p.text.trim().is_empty()) {
                    Some((
                        Code::EmptyText,
                        format!("ending `{}` has an empty `{field}`", e.id),
                        "the debrief screen shows it; say what happened and what a strong leader would do",
                    ))
                } else if list.iter().any(|p| p.text.trim().is_empty()) {
                    Some((
                        Code::EmptyText,
                        format!("ending `{}` has a `{field}` paragraph with no text", e.id),
                        "write the paragraph, or delete it",
                    ))
                } else if !list.has_unconditional() {
                    Some((
                        Code::ConditionalDebrief,
                        format!(
                            "every paragraph of ending `{}`'s `{field}` has a condition: a path where none holds shows nothing",
                            e.id
                        ),
                        "add a paragraph without `when` that is true of every path to this ending",
                    ))
                } else {
                    None
                };
                if let Some((code, message, help)) = problem {
                    let at = self.at_field(El::Ending(i), field);
                    self.warn(at, code, message, help.into());
                }
            }
        }
    }
}
