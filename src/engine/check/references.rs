//! Pass: references — every node, ending, character, variable, choice, exhibit and skill a
//! scenario names exists, and variables are used as what they are declared (integer or flag).

use super::context::{Ctx, El};
use crate::engine::diagnostic::Code;
use crate::engine::model::{Condition, Effect, Then, Variable};

impl Ctx<'_> {
    pub(super) fn references(&mut self) {
        let s = self.s;
        let nodes: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let endings: Vec<&str> = s.endings.iter().map(|e| e.id.as_str()).collect();
        let known_skills = self.skill_ids();
        if !self.node_ids.contains(s.start.as_str()) {
            let pos = self.at_field(El::Root, "start");
            self.unknown(pos, "node", &s.start, nodes.iter().copied(), "`nodes`");
        }
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            self.effects_refs(span, &n.effects);
            for b in &n.beats {
                if let Some(who) = b.speaker()
                    && s.character(who).is_none()
                {
                    let pos = self.at_str(span, who);
                    let known: Vec<&str> = s.characters.iter().map(|c| c.id.as_str()).collect();
                    self.unknown(pos, "character", who, known.iter().copied(), "`characters`");
                }
                if let Some(c) = b.when() {
                    self.condition_refs(span, c);
                }
            }
            match &n.then {
                Then::Goto(t) => {
                    if !self.node_ids.contains(t.as_str()) {
                        let pos = self.at_str(span, t);
                        self.unknown(pos, "node", t, nodes.iter().copied(), "`nodes`");
                    }
                }
                Then::End(e) => {
                    if s.ending(e).is_none() {
                        let pos = self.at_str(span, e);
                        self.unknown(pos, "ending", e, endings.iter().copied(), "`endings`");
                    }
                }
                Then::Choices(cs) => {
                    for (j, c) in cs.iter().enumerate() {
                        let arm = El::Arm(i, j);
                        if !self.node_ids.contains(c.next.as_str()) {
                            let pos = self.at_field(arm, "next");
                            self.unknown(pos, "node", &c.next, nodes.iter().copied(), "`nodes`");
                        }
                        self.effects_refs(arm, &c.effects);
                        if let Some(w) = &c.when {
                            self.condition_refs(arm, w);
                        }
                        if let Some(known) = &known_skills {
                            for e in &c.skills {
                                if !known.contains(&e.skill.as_str()) {
                                    let pos = self.at_str(arm, &e.skill);
                                    self.unknown(
                                        pos,
                                        "skill",
                                        &e.skill,
                                        known.iter().copied(),
                                        "assets/skills.ron",
                                    );
                                }
                            }
                        }
                    }
                }
                Then::Random(bs) => {
                    for (j, b) in bs.iter().enumerate() {
                        let arm = El::Arm(i, j);
                        if !self.node_ids.contains(b.next.as_str()) {
                            let pos = self.at_field(arm, "next");
                            self.unknown(pos, "node", &b.next, nodes.iter().copied(), "`nodes`");
                        }
                        self.effects_refs(arm, &b.effects);
                        if let Some(w) = &b.when {
                            self.condition_refs(arm, w);
                        }
                    }
                }
            }
        }
        self.more_refs();
    }

    fn effects_refs(&mut self, span: El, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Trust(who, _) => self.character_ref(span, who),
                Effect::Add(v, _) | Effect::Set(v, _) => self.var_ref(span, v, false),
                Effect::Flag(v, _) => self.var_ref(span, v, true),
            }
        }
    }

    fn character_ref(&mut self, span: El, who: &str) {
        if self.s.character(who).is_none() {
            let pos = self.at_str(span, who);
            let known: Vec<&str> = self.s.characters.iter().map(|c| c.id.as_str()).collect();
            self.unknown(pos, "character", who, known.iter().copied(), "`characters`");
        }
    }

    fn var_ref(&mut self, span: El, v: &str, flag: bool) {
        match self.s.variable(v) {
            None => {
                let pos = self.at_str(span, v);
                let known: Vec<&str> = self.s.variables.iter().map(|v| v.id()).collect();
                self.unknown(pos, "variable", v, known.iter().copied(), "`variables`");
            }
            Some(Variable::Int { .. }) if flag => self.error(
                self.at_str(span, v),
                Code::WrongVariableType,
                format!("`{v}` is an integer variable, used here as a flag"),
                format!("compare it with `Var(\"{v}\", Gt, 0)`, change it with `Add`/`Set`, or declare it as `Flag`"),
            ),
            Some(Variable::Flag { .. }) if !flag => self.error(
                self.at_str(span, v),
                Code::WrongVariableType,
                format!("`{v}` is a flag, used here as an integer"),
                format!("test it with `Flag(\"{v}\")`, set it with `Flag(\"{v}\", true)`, or declare it as `Int`"),
            ),
            Some(_) => {}
        }
    }

    fn condition_refs(&mut self, span: El, c: &Condition) {
        match c {
            Condition::Var(v, _, _) => self.var_ref(span, v, false),
            Condition::Flag(v) => self.var_ref(span, v, true),
            Condition::Trust(who, _, _) => self.character_ref(span, who),
            Condition::Visited(n) => {
                if !self.node_ids.contains(n.as_str()) {
                    let pos = self.at_str(span, n);
                    let known: Vec<&str> = self.s.nodes.iter().map(|n| n.id.as_str()).collect();
                    self.unknown(pos, "node", n, known.iter().copied(), "`nodes`");
                }
            }
            Condition::Chose(ch) => {
                if !self.choice_ids.contains(ch.as_str()) {
                    let pos = self.at_str(span, ch);
                    let known: Vec<&str> = self.s.choices().map(|(_, c)| c.id.as_str()).collect();
                    self.unknown(pos, "choice", ch, known.iter().copied(), "a node's `Choices`");
                }
            }
            Condition::All(cs) | Condition::Any(cs) => {
                for c in cs {
                    self.condition_refs(span, c);
                }
            }
            Condition::Read(x) => self.exhibit_ref(span, x),
            Condition::Not(c) => self.condition_refs(span, c),
        }
    }

    fn exhibit_ref(&mut self, span: El, x: &str) {
        if self.s.exhibit(x).is_none() {
            let pos = self.at_str(span, x);
            let known: Vec<&str> = self.s.exhibits.iter().map(|x| x.id.as_str()).collect();
            self.unknown(pos, "exhibit", x, known.iter().copied(), "`exhibits`");
        }
    }

    /// The exhibits each node lists, the conditions on debrief paragraphs, and the skills
    /// exhibits score.
    fn more_refs(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            for x in &n.exhibits {
                self.exhibit_ref(El::Node(i), x);
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            for p in e.debrief.iter().chain(&e.strong_leader) {
                if let Some(c) = &p.when {
                    self.condition_refs(El::Ending(i), c);
                }
            }
        }
        if let Some(known) = self.skill_ids() {
            for (i, x) in s.exhibits.iter().enumerate() {
                for (skill, _) in &x.evidence {
                    if !known.contains(&skill.as_str()) {
                        let pos = self.at_str(El::Exhibit(i), skill);
                        self.unknown(pos, "skill", skill, known.iter().copied(), "assets/skills.ron");
                    }
                }
            }
        }
    }
}
