//! Pass: the scenario's metadata — file name and id agree, title, summary, role and setting
//! written, duration, objectives, debrief questions, and the `assesses` list (present, each
//! skill once, weights above 0, skills the framework defines).

use super::context::{Ctx, El, IdSet};
use crate::engine::diagnostic::Code;

impl Ctx<'_> {
    pub(super) fn metadata(&mut self) {
        let s = self.s;
        let root = El::Root;
        let stem = self.file.rsplit(['/', '\\']).next().unwrap_or(self.file);
        if let Some(stem) = stem.strip_suffix(".ron")
            && stem != s.id
        {
            self.error(
                self.at_field(root, "id"),
                Code::IdMismatch,
                format!(
                    "the scenario id `{}` does not match the file name `{stem}.ron`",
                    s.id
                ),
                format!("rename the file to `{}.ron` or set `id: \"{stem}\"`", s.id),
            );
        }
        for (field, text) in [
            ("title", &s.title),
            ("summary", &s.summary),
            ("role", &s.role),
            ("setting", &s.setting),
        ] {
            if text.trim().is_empty() {
                self.error(
                    self.at_field(root, field),
                    Code::EmptyText,
                    format!("the scenario's `{field}` is empty"),
                    "it is shown on the library card and the briefing".into(),
                );
            }
        }
        if s.minutes == 0 {
            self.warn(
                self.at_field(root, "minutes"),
                Code::NoDuration,
                "`minutes` is 0".into(),
                "give the estimated minutes one play takes".into(),
            );
        }
        if s.objectives.is_empty() {
            self.warn(
                self.at_field(root, "objectives"),
                Code::NoObjectives,
                "the scenario lists no learning objectives".into(),
                "say in one line each what a player should take away".into(),
            );
        }
        if s.debrief_questions.is_empty() {
            self.warn(
                self.at_field(root, "debrief_questions"),
                Code::NoDebriefQuestions,
                "the scenario has no debrief questions".into(),
                "add two or three questions a facilitator can ask the room afterwards".into(),
            );
        }
        let assesses = El::Assesses;
        if s.assesses.is_empty() {
            self.error(
                self.at_field(root, "assesses"),
                Code::NoAssessedSkills,
                "the scenario assesses no skills".into(),
                "list the dimensions it assesses with weights, e.g. `assesses: [(\"negotiation\", 2)]`"
                    .into(),
            );
        }
        let known = self.skill_ids();
        let mut seen = IdSet::default();
        for (skill, weight) in &s.assesses {
            if !seen.insert(skill.as_str()) {
                self.error(
                    self.at_str(assesses, skill),
                    Code::DuplicateId,
                    format!("skill `{skill}` is assessed twice"),
                    "list it once".into(),
                );
            }
            if *weight == 0 {
                self.warn(
                    self.at_str(assesses, skill),
                    Code::ZeroWeight,
                    format!("skill `{skill}` has weight 0 and does not count in the overall score"),
                    "give it a weight of 1 or more, or remove it".into(),
                );
            }
            if let Some(known) = &known
                && !known.contains(&skill.as_str())
            {
                let pos = self.at_str(assesses, skill);
                self.unknown(pos, "skill", skill, known.iter().copied(), "assets/skills.ron");
            }
        }
    }
}
