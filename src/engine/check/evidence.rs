//! Pass: skill evidence and coaching — every choice scores some skill with a rationale and
//! has a coach note, scores only assessed skills, and every assessed skill is scored somewhere.

use super::context::{Ctx, El, IdSet};
use crate::engine::diagnostic::Code;
use crate::engine::model::Then;
use std::collections::BTreeSet;

impl Ctx<'_> {
    pub(super) fn evidence(&mut self) {
        let s = self.s;
        let assessed: IdSet<&str> = s.assesses.iter().map(|(k, _)| k.as_str()).collect();
        let known = self.skill_ids();
        let mut scored: BTreeSet<&str> = BTreeSet::new();
        for (i, n) in s.nodes.iter().enumerate() {
            let Then::Choices(cs) = &n.then else { continue };
            for (j, c) in cs.iter().enumerate() {
                let arm = El::Arm(i, j);
                if c.skills.is_empty() {
                    self.warn(
                        self.at_field(arm, "id"),
                        Code::NoEvidence,
                        format!("choice `{}` shows nothing about any skill", c.id),
                        "add `skills: [(skill: \"…\", points: n, why: \"…\")]`; every decision should teach"
                            .into(),
                    );
                }
                if c.coach.trim().is_empty() {
                    self.warn(
                        self.at_field(arm, "id"),
                        Code::NoCoachNote,
                        format!("choice `{}` has no coach note", c.id),
                        "add `coach: \"…\"`, one or two sentences shown in coach mode".into(),
                    );
                }
                for (k, e) in c.skills.iter().enumerate() {
                    scored.insert(e.skill.as_str());
                    if c.skills[..k].iter().any(|earlier| earlier.skill == e.skill) {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::DuplicateEvidence,
                            format!("choice `{}` scores `{}` twice", c.id, e.skill),
                            "merge them into one entry with one rationale".into(),
                        );
                    }
                    if e.why.trim().is_empty() {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::NoRationale,
                            format!("choice `{}` scores `{}` without saying why", c.id, e.skill),
                            "add one sentence the learner can reuse, not a verdict like \"good communication\"".into(),
                        );
                    }
                    if e.points == 0 {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::ZeroPoints,
                            format!("choice `{}` gives 0 points for `{}`", c.id, e.skill),
                            "give signed points, or remove the entry".into(),
                        );
                    }
                    if !assessed.contains(e.skill.as_str())
                        && known.as_ref().is_none_or(|k| k.contains(&e.skill.as_str()))
                    {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::NotAssessed,
                            format!(
                                "choice `{}` scores `{}`, which the scenario does not assess",
                                c.id, e.skill
                            ),
                            format!(
                                "add `(\"{}\", 1)` to `assesses`, or score an assessed skill",
                                e.skill
                            ),
                        );
                    }
                }
            }
        }
        scored.extend(
            s.exhibits
                .iter()
                .flat_map(|x| x.evidence.iter().map(|(k, _)| k.as_str())),
        );
        let assesses = El::Assesses;
        for (skill, _) in &s.assesses {
            if !scored.contains(skill.as_str()) {
                let pos = self.at_str(assesses, skill);
                self.warn(
                    pos,
                    Code::UnscoredSkill,
                    format!("the scenario assesses `{skill}` but no choice or exhibit scores it"),
                    "score it on the choices that show it, or stop assessing it".into(),
                );
            }
        }
    }
}
