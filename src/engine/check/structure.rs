//! Pass: structure — trust in range, nodes that offer a way on (choices, weighted branches),
//! timers that name one of their node's choices and last a while, and endings (at least one,
//! one of them a success).

use super::context::{Ctx, El};
use crate::engine::diagnostic::{Code, did_you_mean};
use crate::engine::model::Then;

impl Ctx<'_> {
    pub(super) fn structure(&mut self) {
        let s = self.s;
        for (i, ch) in s.characters.iter().enumerate() {
            if !(0..=100).contains(&ch.trust) {
                let pos = self.at_field(El::Character(i), "trust");
                self.error(
                    pos,
                    Code::TrustOutOfRange,
                    format!(
                        "`{}` starts with trust {}; trust runs from 0 to 100",
                        ch.id, ch.trust
                    ),
                    "use a number from 0 (none) to 100 (complete)".into(),
                );
            }
        }
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            match &n.then {
                Then::Choices(cs) => {
                    if cs.is_empty() {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!("node `{}` offers no choices", n.id),
                            "add choices, or use `Goto(\"node\")` or `End(\"ending\")`".into(),
                        );
                    }
                    if cs.iter().all(|c| c.timeout_only) && n.timer.is_none() && !cs.is_empty() {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!(
                                "every choice of node `{}` is `timeout_only` and the node has no timer",
                                n.id
                            ),
                            "offer at least one choice, or add a `timer`".into(),
                        );
                    }
                    for (j, c) in cs.iter().enumerate() {
                        let is_timeout = n.timer.as_ref().is_some_and(|t| t.timeout == c.id);
                        if c.timeout_only && !is_timeout {
                            let pos = self.at_field(El::Arm(i, j), "timeout_only");
                            self.warn(
                                pos,
                                Code::NeverOffered,
                                format!(
                                    "choice `{}` is `timeout_only` but is not the node's timeout choice",
                                    c.id
                                ),
                                "name it in the node's `timer`, or remove `timeout_only`".into(),
                            );
                        }
                    }
                }
                Then::Random(bs) => {
                    let total: u64 = bs.iter().map(|b| u64::from(b.weight)).sum();
                    if total == 0 {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!("random node `{}` has no branch with a weight above 0", n.id),
                            "add branches with positive weights".into(),
                        );
                    }
                }
                _ => {}
            }
            if let Some(t) = &n.timer {
                match &n.then {
                    Then::Choices(cs) => {
                        if !cs.iter().any(|c| c.id == t.timeout) {
                            let known: Vec<&str> = cs.iter().map(|c| c.id.as_str()).collect();
                            let pos = self.at_str(span, &t.timeout);
                            let hint = match did_you_mean(&t.timeout, known.iter().copied()) {
                                Some(k) => format!("did you mean `{k}`?"),
                                None => format!("name one of this node's choices: {}", known.join(", ")),
                            };
                            self.error(
                                pos,
                                Code::MissingTimeoutChoice,
                                format!(
                                    "the timer's timeout choice `{}` is not a choice of node `{}`",
                                    t.timeout, n.id
                                ),
                                hint,
                            );
                        }
                    }
                    _ => self.error(
                        self.at_field(span, "timer"),
                        Code::TimerWithoutChoices,
                        format!("node `{}` has a timer but no choices", n.id),
                        "timers belong on `Choices` nodes; remove the timer".into(),
                    ),
                }
                if t.seconds == 0 {
                    self.error(
                        self.at_field(span, "timer"),
                        Code::ZeroTimer,
                        format!("the timer of node `{}` is 0 seconds", n.id),
                        "give the player at least a few seconds, e.g. `seconds: 20`".into(),
                    );
                }
            }
        }
        if !s
            .endings
            .iter()
            .any(|e| e.outcome == crate::engine::model::Outcome::Success)
            && !s.endings.is_empty()
        {
            self.warn(
                self.at_field(El::Root, "endings"),
                Code::NoSuccessEnding,
                "no ending has outcome `Success`".into(),
                "players need a way to see what good looks like".into(),
            );
        }
        if s.endings.is_empty() {
            self.error(
                self.at_field(El::Root, "endings"),
                Code::NoEndings,
                "the scenario has no endings".into(),
                "add at least one ending and reach it with `End(\"id\")`".into(),
            );
        }
    }
}
