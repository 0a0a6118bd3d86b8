//! Turning a path of the coverage search into a real playthrough: a seed whose draws take
//! the path's random branches, the run played with `Run`'s own API, and what that run shows
//! read off the one replay (`play::replay`), never off the search.

use super::search::{Action, Draw, Graph};
use super::{Item, Items};
use crate::engine::replay::{ReplayError, ReplayEvent, replay};
use crate::engine::run::{Run, draw_below};
use crate::engine::story::Story;

/// Seeds tried for a path's draws, from 1 up.
pub const SEEDS: u64 = 1 << 20;

/// The first seed from 1 whose draws, in order, fall in each of `draws`' ranges.
pub(super) fn seed_for(draws: &[Draw]) -> Option<u64> {
    (1..=SEEDS).find(|&seed| {
        draws.iter().zip(0u64..).all(|(d, i)| {
            let x = draw_below(seed, i, d.total);
            d.lo <= x && x < d.hi
        })
    })
}

/// Why a path did not become a playthrough.
#[derive(Debug)]
pub(super) enum Failed {
    /// No seed up to [`SEEDS`] draws its branches.
    NoSeed,
    /// The run refused a step or did not end where the search did (a bug in the search).
    Diverged,
}

/// The playthrough that follows `path` (edges of `g` from the start): a seed for its
/// draws, then the run started and every step taken with `Run::choose`, `timeout` and `read`.
pub(super) fn play(s: &Story, g: &Graph, path: &[u32]) -> Result<Run, Failed> {
    let actions = path.iter().map(|&e| &g.actions[e as usize]);
    let draws: Vec<Draw> = actions
        .clone()
        .filter_map(|a| match a {
            Action::Draw(d) => Some(*d),
            _ => None,
        })
        .collect();
    let seed = seed_for(&draws).ok_or(Failed::NoSeed)?;
    let (mut run, _) = Run::start(s, seed).map_err(|_| Failed::Diverged)?;
    for a in actions {
        let taken = match a {
            Action::Choose(id) => run.choose(s, id, 0).map(drop),
            Action::Timeout => run.timeout(s, 0).map(drop),
            Action::Read(id) => run.read(s, id).map(drop),
            Action::Draw(_) | Action::None => Ok(()),
        };
        taken.map_err(|_| Failed::Diverged)?;
    }
    if run.is_over() {
        Ok(run)
    } else {
        Err(Failed::Diverged)
    }
}

/// Every item `run` shows, replayed from its seed with its decisions and readings: scenes
/// entered with the beats shown (and the conditional ones not), choices taken, exhibits
/// opened, random branches drawn, the ending and the debrief paragraphs it shows. Sorted.
pub fn shows(s: &Story, items: &Items, run: &Run) -> Result<Vec<u32>, ReplayError> {
    let mut out: Vec<u32> = Vec::new();
    let mut push = |i: Item| out.push(items.index(i));
    let ended = replay(s, run.seed, &run.decisions, &run.reads, |e| {
        let entered = match e {
            ReplayEvent::Started { entered, .. } => entered,
            ReplayEvent::Decided { run, entered, .. } => {
                if let Some(d) = run.decisions.last()
                    && let Some(at) = s.choice_id(&d.choice).map(|c| s.choice_at(c))
                {
                    push(Item::Choice(at.node, at.index));
                }
                entered
            }
            ReplayEvent::Read { exhibit, .. } => {
                if let Some(k) = s.exhibits.iter().position(|x| x.id == exhibit) {
                    push(Item::Exhibit(k));
                }
                return;
            }
            ReplayEvent::Offered { .. } => return,
        };
        for e in entered {
            super::items::entered(s, e.id, &e.beats, &mut push);
        }
    })?;
    for r in &ended.rolls {
        if let Some(n) = s.node_id(&r.node)
            && let crate::engine::model::Then::Random(bs) = &s.at(n).then
            && let Some(k) = bs.iter().position(|b| *b.id == *r.branch)
        {
            push(Item::Branch(n, k));
        }
    }
    if let Some(e) = ended.ending.as_deref().and_then(|e| s.ending_id(e)) {
        super::items::ended(s, e, &ended.state, &mut push);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
