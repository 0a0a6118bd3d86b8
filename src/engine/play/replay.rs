//! Replaying a run: the same scenario, seed, decisions and exhibits opened give the same run,
//! so a saved run is checked and its transcript, offered options and report rebuilt by
//! playing it again. Each reading is replayed just before the decision it preceded
//! (`Reading::before`), in the order recorded.
//! The one replay that workshop verification, reports and transcripts use; only `Run`'s
//! public API, so it does not depend on how a run steps.

use crate::engine::model::Choice;
use crate::engine::run::{Decision, Entered, Reading, Run, RunError};
use crate::engine::story::Story;

/// What a replay passes to its visitor, in order: `Started`, then per decision any `Read`,
/// `Offered` and `Decided`, then any `Read` after the last decision.
#[derive(Debug)]
pub enum ReplayEvent<'a> {
    /// The run started: the nodes entered up to its first decision or ending.
    Started { run: &'a Run, entered: &'a [Entered] },
    /// An exhibit was opened while decision `index` (0-based) was waiting; `run` is just after.
    Read {
        index: usize,
        exhibit: &'a str,
        run: &'a Run,
    },
    /// Decision `index` (0-based) of the record is next; the run offers `offered` there, in
    /// the state `run` (where the options' texts are filled in).
    Offered {
        index: usize,
        decision: &'a Decision,
        offered: &'a [&'a Choice],
        run: &'a Run,
    },
    /// Decision `index` was taken: the run just after it and the nodes it entered.
    Decided {
        index: usize,
        run: &'a Run,
        entered: &'a [Entered],
    },
}

/// Why a run did not replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The run cannot even start.
    #[error("{0}")]
    Start(RunError),
    /// Decision `index` (0-based) of the record could not be taken.
    #[error("decision {} (`{choice}`): {error}", index + 1)]
    Decision {
        index: usize,
        choice: String,
        error: RunError,
    },
    /// Reading `index` (0-based) of the record could not be replayed.
    #[error("reading {} (`{exhibit}`): {error}", index + 1)]
    Read {
        index: usize,
        exhibit: String,
        error: RunError,
    },
    /// Every decision was taken, but the replayed run is not the recorded one.
    #[error("replaying its decisions does not lead to the same place")]
    Diverged,
}

/// Replays `decisions` (a timed-out one by letting the timer run out, each at its recorded
/// time) and `reads` (each just before the decision it preceded) on a run started from `seed`,
/// telling `visit` what happens; returns the run.
pub fn replay(
    s: &Story,
    seed: u64,
    decisions: &[Decision],
    reads: &[Reading],
    mut visit: impl FnMut(ReplayEvent<'_>),
) -> Result<Run, ReplayError> {
    let (mut run, entered) = Run::start(s, seed).map_err(ReplayError::Start)?;
    visit(ReplayEvent::Started {
        run: &run,
        entered: &entered,
    });
    let mut pending = reads.iter().enumerate().peekable();
    for index in 0..=decisions.len() {
        while let Some((k, r)) = pending.next_if(|(_, r)| r.before <= index) {
            let fail = |error| ReplayError::Read {
                index: k,
                exhibit: r.exhibit.clone(),
                error,
            };
            if r.before < index {
                // Recorded out of order: it cannot have happened where it says.
                return Err(fail(RunError::not_here(&r.exhibit, &run.node, &[])));
            }
            run.read(s, &r.exhibit).map_err(fail)?;
            visit(ReplayEvent::Read {
                index,
                exhibit: &r.exhibit,
                run: &run,
            });
        }
        let Some(d) = decisions.get(index) else { break };
        let offered = run.options(s);
        visit(ReplayEvent::Offered {
            index,
            decision: d,
            offered: &offered,
            run: &run,
        });
        let taken = if d.timed_out {
            run.timeout(s, d.at_ms)
        } else {
            run.choose(s, &d.choice, d.at_ms)
        };
        let entered = taken.map_err(|error| ReplayError::Decision {
            index,
            choice: d.choice.to_string(),
            error,
        })?;
        visit(ReplayEvent::Decided {
            index,
            run: &run,
            entered: &entered,
        });
    }
    if let Some((k, r)) = pending.next() {
        return Err(ReplayError::Read {
            index: k,
            exhibit: r.exhibit.clone(),
            error: RunError::Over,
        });
    }
    Ok(run)
}

/// Replays `target`'s decisions from `seed` and checks the replay lands on exactly `target`.
pub fn replay_exact(
    s: &Story,
    seed: u64,
    target: &Run,
    visit: impl FnMut(ReplayEvent<'_>),
) -> Result<(), ReplayError> {
    let run = replay(s, seed, &target.decisions, &target.reads, visit)?;
    if run == *target {
        Ok(())
    } else {
        Err(ReplayError::Diverged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Story {
        crate::engine::tests::example()
    }

    /// A run of the example with two decisions.
    fn played(s: &Story) -> Run {
        let (mut run, _) = Run::start(s, 7).unwrap();
        let first = run.options(s)[0].id.clone();
        run.choose(s, &first, 1_000).unwrap();
        let second = run.options(s)[0].id.clone();
        run.choose(s, &second, 2_500).unwrap();
        run
    }

    #[test]
    fn tells_what_was_offered_and_entered_and_lands_on_the_run() {
        let s = example();
        let target = played(&s);
        let mut events = Vec::new();
        replay_exact(&s, 7, &target, |e| {
            events.push(match e {
                ReplayEvent::Started { entered, .. } => format!("start {}", entered.len()),
                ReplayEvent::Offered {
                    index,
                    decision,
                    offered,
                    ..
                } => {
                    assert!(offered.iter().any(|c| c.id == decision.choice));
                    format!("offered {index} {}", offered.len())
                }
                ReplayEvent::Decided { index, run, .. } => {
                    assert_eq!(run.decisions.len(), index + 1);
                    format!("decided {index}")
                }
                ReplayEvent::Read { .. } => unreachable!("the example has no exhibits"),
            });
        })
        .unwrap();
        assert_eq!(events.len(), 5, "{events:?}");
        assert!(events[0].starts_with("start "));
        assert!(events[1].starts_with("offered 0 "));
        assert_eq!(events[2], "decided 0");
        assert!(events[3].starts_with("offered 1 "));
        assert_eq!(events[4], "decided 1");
    }

    #[test]
    fn a_record_that_does_not_replay_says_where() {
        let s = example();
        let mut target = played(&s);
        assert_eq!(
            replay_exact(&s, 8, &target, |_| {}).err(),
            Some(ReplayError::Diverged),
            "another seed is another run"
        );
        target.decisions[1].choice = "no_such_choice".into();
        let e = replay(&s, 7, &target.decisions, &[], |_| {}).unwrap_err();
        assert!(
            matches!(&e, ReplayError::Decision { index: 1, choice, .. } if choice == "no_such_choice"),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("decision 2 (`no_such_choice`): `no_such_choice` is not a choice here"),
            "{e}"
        );
    }
}
