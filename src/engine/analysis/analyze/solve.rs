//! The generic solver: a depth-first, post-order, iterative evaluation of every state
//! reachable from a start, within a state budget. `analyze`, the fixed strategies and the
//! bounds fallback all run on it.

use crate::engine::space::Edge;

pub(in crate::engine::analysis) struct OverBudget;

/// What expanding a state gave the solver.
pub(in crate::engine::analysis) enum Step<V> {
    /// An ending, with its value.
    Leaf(V),
    /// Options were pushed (none: stuck).
    Options,
}

/// Every explored state's value (`None`: no complete path from it) and how many there were.
pub(in crate::engine::analysis) struct Solved<V> {
    values: Vec<Option<V>>,
    pub(in crate::engine::analysis) states: usize,
}

impl<V> Solved<V> {
    pub(in crate::engine::analysis) fn value(&self, s: u32) -> Option<&V> {
        self.values.get(s as usize).and_then(Option::as_ref)
    }
}

/// Depth-first, post-order, iterative (no recursion, so any depth is safe) evaluation of
/// every state reachable from `start`, states being dense ids. `expand` pushes a state's
/// options; `fold` turns the finished options of a state (option index and value, in option
/// order) into its value (`None`: no complete path); options on the current path (cycles)
/// are left out. More than `budget` states gives up.
pub(in crate::engine::analysis) fn solve<V: Clone>(
    start: u32,
    budget: usize,
    mut expand: impl FnMut(u32, &mut Vec<Edge>) -> Step<V>,
    mut fold: impl FnMut(u32, &[(u32, V)], &[Edge]) -> Option<V>,
) -> Result<Solved<V>, OverBudget> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Status {
        New,
        OnStack,
        Done,
    }
    struct Frame {
        state: u32,
        /// This state's options are `opts[first..first + len]`; `next` is the next to look at.
        first: usize,
        len: usize,
        next: usize,
        /// This state's finished options are `done[done_from..]`.
        done_from: usize,
    }
    let mut status: Vec<Status> = Vec::new();
    let mut values: Vec<Option<V>> = Vec::new();
    let mut finished = 0usize;
    let mut stack: Vec<Frame> = Vec::new();
    let mut opts: Vec<Edge> = Vec::new();
    let mut done: Vec<(u32, V)> = Vec::new();
    let mut push = |s: u32,
                    status: &mut Vec<Status>,
                    values: &mut Vec<Option<V>>,
                    finished: &mut usize,
                    stack: &mut Vec<Frame>,
                    opts: &mut Vec<Edge>,
                    done_len: usize|
     -> Result<(), OverBudget> {
        if *finished + stack.len() >= budget {
            return Err(OverBudget);
        }
        let first = opts.len();
        match expand(s, opts) {
            Step::Leaf(v) => {
                values[s as usize] = Some(v);
                status[s as usize] = Status::Done;
                *finished += 1;
            }
            Step::Options => {
                status[s as usize] = Status::OnStack;
                stack.push(Frame {
                    state: s,
                    first,
                    len: opts.len() - first,
                    next: 0,
                    done_from: done_len,
                });
            }
        }
        Ok(())
    };
    let ensure = |s: u32, status: &mut Vec<Status>, values: &mut Vec<Option<V>>| {
        if status.len() <= s as usize {
            status.resize(s as usize + 1, Status::New);
            values.resize(s as usize + 1, None);
        }
    };
    ensure(start, &mut status, &mut values);
    push(
        start,
        &mut status,
        &mut values,
        &mut finished,
        &mut stack,
        &mut opts,
        0,
    )?;
    while let Some(top) = stack.last_mut() {
        if top.next < top.len {
            let i = top.next;
            top.next += 1;
            let child = opts[top.first + i].child;
            ensure(child, &mut status, &mut values);
            match status[child as usize] {
                Status::Done => {
                    if let Some(v) = &values[child as usize] {
                        done.push((i as u32, v.clone()));
                    }
                }
                Status::OnStack => {}
                Status::New => {
                    // Come back to this option once the child is done.
                    top.next -= 1;
                    let done_len = done.len();
                    push(
                        child,
                        &mut status,
                        &mut values,
                        &mut finished,
                        &mut stack,
                        &mut opts,
                        done_len,
                    )?;
                }
            }
        } else {
            let frame = stack.pop().expect("non-empty");
            let value = fold(
                frame.state,
                &done[frame.done_from..],
                &opts[frame.first..frame.first + frame.len],
            );
            values[frame.state as usize] = value;
            status[frame.state as usize] = Status::Done;
            finished += 1;
            opts.truncate(frame.first);
            done.truncate(frame.done_from);
        }
    }
    Ok(Solved {
        values,
        states: finished,
    })
}
