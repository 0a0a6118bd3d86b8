//! Pass: exhibits — each is listed by some scene, only decision scenes list them (the player
//! never stops anywhere else), a scene lists a few at most, tables are rectangular, and
//! their evidence scores assessed skills with points.

use super::context::{Ctx, El, IdSet};
use crate::engine::diagnostic::Code;
use crate::engine::model::{ExhibitKind, Then};

/// The most exhibits one scene may list (the analyses play every order of opening them).
pub const MAX_EXHIBITS_PER_NODE: usize = 8;

impl Ctx<'_> {
    pub(super) fn exhibits(&mut self) {
        let s = self.s;
        let mut listed: IdSet<&str> = IdSet::default();
        for (i, n) in s.nodes.iter().enumerate() {
            if n.exhibits.is_empty() {
                continue;
            }
            listed.extend(n.exhibits.iter().map(String::as_str));
            // Positions only for a diagnostic (finding one builds the locator).
            if !matches!(n.then, Then::Choices(_)) {
                self.error(
                    self.at_field(El::Node(i), "exhibits"),
                    Code::ExhibitOutsideDecision,
                    format!("node `{}` lists exhibits, but play never stops there", n.id),
                    "attach exhibits to a node with `Choices`, where the player decides".into(),
                );
            }
            if n.exhibits.len() > MAX_EXHIBITS_PER_NODE {
                self.error(
                    self.at_field(El::Node(i), "exhibits"),
                    Code::TooManyExhibits,
                    format!(
                        "node `{}` lists {} exhibits; at most {MAX_EXHIBITS_PER_NODE} are allowed",
                        n.id,
                        n.exhibits.len()
                    ),
                    "spread the documents over several scenes, or merge some".into(),
                );
            }
            for (k, x) in n.exhibits.iter().enumerate() {
                if n.exhibits[..k].contains(x) {
                    self.warn(
                        self.at_str(El::Node(i), x),
                        Code::DuplicateId,
                        format!("node `{}` lists exhibit `{x}` twice", n.id),
                        "list each exhibit once".into(),
                    );
                }
            }
        }
        let assessed: IdSet<&str> = s.assesses.iter().map(|(k, _)| k.as_str()).collect();
        let known = self.skill_ids();
        for (i, x) in s.exhibits.iter().enumerate() {
            let el = El::Exhibit(i);
            if !listed.contains(x.id.as_str()) {
                self.warn(
                    self.at_field(el, "id"),
                    Code::UnusedExhibit,
                    format!("exhibit `{}` is not available in any scene", x.id),
                    format!("add `exhibits: [\"{}\"]` to the decision node where the player can open it, or delete it", x.id),
                );
            }
            for (field, text) in [("title", &x.title), ("body", &x.body)] {
                if text.trim().is_empty() {
                    self.warn(
                        self.at_field(el, field),
                        Code::EmptyText,
                        format!("exhibit `{}` has an empty `{field}`", x.id),
                        "participants read it on screen and in the handouts; write it".into(),
                    );
                }
            }
            if x.kind == ExhibitKind::Table && !x.body.trim().is_empty() {
                let rows = x.rows();
                let width = rows[0].len();
                if rows.len() < 2 {
                    self.warn(
                        self.at_field(el, "body"),
                        Code::RaggedTable,
                        format!("table `{}` has a header but no rows", x.id),
                        "write one row per line under the header, cells separated by `|`".into(),
                    );
                } else if let Some(k) = rows.iter().position(|r| r.len() != width) {
                    self.warn(
                        self.at_field(el, "body"),
                        Code::RaggedTable,
                        format!(
                            "row {} of table `{}` has {} cells; the header has {width}",
                            k + 1,
                            x.id,
                            rows[k].len()
                        ),
                        "give every row as many `|`-separated cells as the header".into(),
                    );
                }
            }
            for (k, (skill, points)) in x.evidence.iter().enumerate() {
                if x.evidence[..k].iter().any(|(earlier, _)| earlier == skill) {
                    self.warn(
                        self.at_str(el, skill),
                        Code::DuplicateEvidence,
                        format!("exhibit `{}` scores `{skill}` twice", x.id),
                        "merge them into one entry".into(),
                    );
                }
                if *points == 0 {
                    self.warn(
                        self.at_str(el, skill),
                        Code::ZeroPoints,
                        format!("exhibit `{}` gives 0 points for `{skill}`", x.id),
                        "give signed points, or remove the entry".into(),
                    );
                }
                if !assessed.contains(skill.as_str())
                    && known.as_ref().is_none_or(|k| k.contains(&skill.as_str()))
                {
                    self.warn(
                        self.at_str(el, skill),
                        Code::NotAssessed,
                        format!(
                            "exhibit `{}` scores `{skill}`, which the scenario does not assess",
                            x.id
                        ),
                        format!("add `(\"{skill}\", 1)` to `assesses`, or score an assessed skill"),
                    );
                }
            }
        }
    }
}
