//! What if: a run played again with its own seed up to one of its decisions, where another
//! option is taken; play goes on from there. The decisions before it are replayed by the one
//! replay (`replay`), so they are the original's byte for byte, and so are the random draws
//! up to that point.

use crate::engine::replay::{ReplayError, ReplayEvent, replay};
use crate::engine::run::{Entered, Run, RunError};
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};

/// What makes a run a what-if of another: carried in its record (`RunRecord::what_if`), so
/// it is shown and counted as a what-if, not as a new attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// The run it branches from, whole (same scenario, version and seed).
    pub of: Box<Run>,
    /// The decision (1-based) where another option was taken.
    pub at: usize,
    /// The option taken there instead.
    pub choice: String,
}

/// Why a what-if cannot be played; each says what is wrong, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    #[error("the run has no decision {at}: choose a decision from 1 to {decisions}")]
    NoDecision { at: usize, decisions: usize },
    #[error("the run was played on `{played}`, not on `{scenario}`")]
    WrongScenario { played: String, scenario: String },
    #[error("the run was played on version {played} of `{scenario}`, which is now version {version}")]
    WrongVersion {
        played: u32,
        scenario: String,
        version: u32,
    },
    #[error("the run does not replay: {0}")]
    Replay(ReplayError),
    #[error("decision {at} already chose `{choice}`; a what-if takes another option")]
    Same { at: usize, choice: String },
    #[error("`{given}` is not offered at decision {at}; choose one of: {}", valid.join(", "))]
    NotOffered {
        at: usize,
        given: String,
        valid: Vec<String>,
    },
    /// Taking the option failed for another reason (a broken scenario).
    #[error("{0}")]
    Run(RunError),
}

/// `of` replayed from its seed to just before its decision `at` (1-based): the run waiting
/// there, with the decisions before it exactly as recorded, and the nodes it entered last
/// (the scene of decision `at`).
pub fn replay_to(s: &Story, of: &Run, at: usize) -> Result<(Run, Vec<Entered>), WhatIfError> {
    played_on(s, of)?;
    let decisions = of.decisions.len();
    if at == 0 || at > decisions {
        return Err(WhatIfError::NoDecision { at, decisions });
    }
    let mut last = Vec::new();
    // The exhibits opened up to decision `at` too: the what-if decides knowing what the run knew.
    let reads: Vec<_> = of.reads.iter().filter(|r| r.before < at).cloned().collect();
    let run = replay(s, of.seed, &of.decisions[..at - 1], &reads, |e| match e {
        ReplayEvent::Started { entered, .. } | ReplayEvent::Decided { entered, .. } => {
            last = entered.to_vec();
        }
        ReplayEvent::Offered { .. } | ReplayEvent::Read { .. } => {}
    })
    .map_err(WhatIfError::Replay)?;
    Ok((run, last))
}

/// Whether `run` was played on `s` as it is now: the same scenario and version.
pub fn played_on(s: &Story, run: &Run) -> Result<(), WhatIfError> {
    if run.scenario != s.id {
        return Err(WhatIfError::WrongScenario {
            played: run.scenario.clone(),
            scenario: s.id.clone(),
        });
    }
    if run.version != s.version {
        return Err(WhatIfError::WrongVersion {
            played: run.version,
            scenario: s.id.clone(),
            version: s.version,
        });
    }
    Ok(())
}

/// Takes `choice` (an offered choice's id, or the timer's timeout choice to let it run out)
/// at `run`, which `replay_to(s, of, at)` returned, at game time `at_ms`. It must differ from
/// what `of` chose there. Returns the nodes entered and what makes the run a what-if.
pub fn branch(
    s: &Story,
    of: &Run,
    run: &mut Run,
    at: usize,
    choice: &str,
    at_ms: u64,
) -> Result<(Vec<Entered>, WhatIf), WhatIfError> {
    if of.decisions.get(at - 1).is_some_and(|d| d.choice == choice) {
        return Err(WhatIfError::Same {
            at,
            choice: choice.to_string(),
        });
    }
    let entered = run.choose(s, choice, at_ms).map_err(|e| match e {
        RunError::UnknownChoice { given, mut valid } => {
            valid.retain(|v| of.decisions.get(at - 1).is_none_or(|d| d.choice != *v));
            WhatIfError::NotOffered { at, given, valid }
        }
        e => WhatIfError::Run(e),
    })?;
    let what_if = WhatIf {
        of: Box::new(of.clone()),
        at,
        choice: choice.to_string(),
    };
    Ok((entered, what_if))
}

/// `replay_to` then `branch`: the what-if run just after taking `choice` at decision `at`.
pub fn what_if(
    s: &Story,
    of: &Run,
    at: usize,
    choice: &str,
    at_ms: u64,
) -> Result<(Run, WhatIf), WhatIfError> {
    let (mut run, _) = replay_to(s, of, at)?;
    let (_, w) = branch(s, of, &mut run, at, choice, at_ms)?;
    Ok((run, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Story {
        crate::engine::tests::example()
    }

    /// The example played ask_usage then deal_hold, at recorded times.
    fn played(s: &Story, seed: u64) -> Run {
        let (mut run, _) = Run::start(s, seed).unwrap();
        run.choose(s, "ask_usage", 1_500).unwrap();
        run.choose(s, "deal_hold", 4_000).unwrap();
        run
    }

    #[test]
    fn the_same_seed_reproduces_the_decisions_before_and_another_option_diverges() {
        let s = example();
        let of = played(&s, 11);
        let (run, w) = what_if(&s, &of, 2, "deal_share", 9_000).unwrap();
        assert_eq!((w.at, w.choice.as_str()), (2, "deal_share"));
        assert_eq!(*w.of, of);
        // Decision 1, its time, the draw at `data` and the trust after it: byte for byte.
        assert_eq!(run.decisions[0], of.decisions[0]);
        assert_eq!(
            ron::to_string(&run.decisions[0]).unwrap(),
            ron::to_string(&of.decisions[0]).unwrap()
        );
        assert_eq!(run.rolls, of.rolls);
        assert_eq!(run.path[..3], of.path[..3]);
        assert_eq!(run.seed, of.seed);
        // Then it diverges: pooling reaches the agreement, holding did not.
        assert_eq!(run.decisions[1].choice, "deal_share");
        assert_eq!(run.ending.as_deref(), Some("agreed"));
        assert_eq!(of.ending.as_deref(), Some("overruled"));
        assert_ne!(run.path.last(), of.path.last());
        // Replaying to decision 1 gives the run's very start.
        let (start, entered) = replay_to(&s, &of, 1).unwrap();
        assert_eq!((start, entered), Run::start(&s, 11).unwrap());
    }

    #[test]
    fn bad_what_ifs_say_what_is_wrong() {
        let s = example();
        let of = played(&s, 2);
        let e = |at, choice| what_if(&s, &of, at, choice, 0).unwrap_err().to_string();
        assert_eq!(
            e(0, "x"),
            "the run has no decision 0: choose a decision from 1 to 2"
        );
        assert_eq!(
            e(3, "x"),
            "the run has no decision 3: choose a decision from 1 to 2"
        );
        assert_eq!(
            e(2, "deal_hold"),
            "decision 2 already chose `deal_hold`; a what-if takes another option"
        );
        assert_eq!(
            e(1, "nope"),
            "`nope` is not offered at decision 1; choose one of: ask_refuse"
        );
        let mut other = of.clone();
        other.version = 7;
        assert!(matches!(
            what_if(&s, &other, 1, "ask_refuse", 0),
            Err(WhatIfError::WrongVersion { played: 7, .. })
        ));
        other = of.clone();
        other.decisions[0].choice = "gone".into();
        assert!(matches!(
            what_if(&s, &other, 2, "deal_share", 0),
            Err(WhatIfError::Replay(_))
        ));
    }

    #[test]
    fn naming_the_timeout_choice_lets_the_timer_run_out() {
        let s = example();
        let of = played(&s, 5);
        let (run, _) = what_if(&s, &of, 1, "ask_silence", 30_000).unwrap();
        assert!(run.decisions[0].timed_out);
        assert_eq!(run.decisions[0].choice, "ask_silence");
        assert_eq!(run.state.trust("mira"), 45, "silence costs 5 of her 50");
    }
}
