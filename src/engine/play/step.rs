//! The one rule for stepping through a story between decisions: enter a node, then follow
//! gotos and weighted random draws until a decision or an ending, or fail (a missing node,
//! no way on, a runaway loop). `Run`, the simulator and export playback all walk with
//! [`follow`]; each brings its own state through [`Walk`].

/// More automatic steps (gotos and random branches) than this without a decision is a runaway.
pub const MAX_AUTO_STEPS: usize = 10_000;

/// How a node continues, once entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow<T> {
    /// The player decides here.
    Decide,
    /// The story ends here.
    End,
    /// Straight on to a target.
    Goto(T),
    /// A weighted draw among the node's `n` branches.
    Random(usize),
}

/// A state walked through a story: what entering a node does, which branches are open and
/// what taking one does, where draws come from, and how failures are named.
pub trait Walk {
    /// A node that exists.
    type Node: Copy;
    /// Where an edge leads: a node, or a name that resolves to none.
    type Target: Copy;
    type Error;

    /// The node a target names, if it exists.
    fn resolve(&self, target: Self::Target) -> Option<Self::Node>;
    /// Enters `node` (recording the visit and applying its effects) and says how it goes on.
    fn enter(&mut self, node: Self::Node) -> Result<Flow<Self::Target>, Self::Error>;
    /// Whether the player can act at decision `node` (an offered choice or a timer).
    fn can_decide(&self, node: Self::Node) -> bool;
    /// Prepares random `node`'s draw and returns the total weight of its open branches.
    fn open(&mut self, node: Self::Node) -> Result<u64, Self::Error>;
    /// Branch `k`'s weight if it is open now, else 0 (after [`Walk::open`]).
    fn weight(&self, node: Self::Node, k: usize) -> u64;
    /// The next draw from the run's random stream, scaled into `0..bound`.
    fn draw(&mut self, bound: u64) -> u64;
    /// Takes branch `k` of `node` (its effects) and returns where it leads.
    fn take(&mut self, node: Self::Node, k: usize) -> Self::Target;

    fn missing(&self, target: Self::Target) -> Self::Error;
    fn stuck(&self, node: Self::Node) -> Self::Error;
    /// `last` is the target the walk was about to enter.
    fn runaway(&self, last: Self::Target) -> Self::Error;
}

/// Enters `target` and follows gotos and random branches until a decision or an ending;
/// returns the node the walk stopped at.
pub fn follow<W: Walk>(w: &mut W, mut target: W::Target) -> Result<W::Node, W::Error> {
    for _ in 0..MAX_AUTO_STEPS {
        let node = w.resolve(target).ok_or_else(|| w.missing(target))?;
        match w.enter(node)? {
            Flow::Decide if !w.can_decide(node) => return Err(w.stuck(node)),
            Flow::Decide | Flow::End => return Ok(node),
            Flow::Goto(next) => target = next,
            Flow::Random(branches) => {
                let total = w.open(node)?;
                if total == 0 {
                    return Err(w.stuck(node));
                }
                let k = pick(w.draw(total), (0..branches).map(|k| w.weight(node, k)))
                    .expect("a draw below the total weight");
                target = w.take(node, k);
            }
        }
    }
    Err(w.runaway(target))
}

/// Which of `weights` a draw of `pick` (below their sum) falls in.
#[inline]
pub fn pick(mut pick: u64, weights: impl IntoIterator<Item = u64>) -> Option<usize> {
    weights.into_iter().position(|w| {
        if pick < w {
            true
        } else {
            pick -= w;
            false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made walk over nodes 0..n: `kinds[i]` says what node `i` does.
    struct Toy {
        kinds: Vec<Flow<usize>>,
        weights: Vec<Vec<u64>>,
        targets: Vec<Vec<usize>>,
        entered: Vec<usize>,
        draws: Vec<u64>,
    }

    impl Walk for Toy {
        type Node = usize;
        type Target = usize;
        type Error = String;
        fn resolve(&self, t: usize) -> Option<usize> {
            (t < self.kinds.len()).then_some(t)
        }
        fn enter(&mut self, n: usize) -> Result<Flow<usize>, String> {
            self.entered.push(n);
            Ok(self.kinds[n])
        }
        fn can_decide(&self, n: usize) -> bool {
            n != 9
        }
        fn open(&mut self, n: usize) -> Result<u64, String> {
            Ok(self.weights[n].iter().sum())
        }
        fn weight(&self, n: usize, k: usize) -> u64 {
            self.weights[n][k]
        }
        fn draw(&mut self, bound: u64) -> u64 {
            self.draws.pop().unwrap() % bound
        }
        fn take(&mut self, n: usize, k: usize) -> usize {
            self.targets[n][k]
        }
        fn missing(&self, t: usize) -> String {
            format!("missing {t}")
        }
        fn stuck(&self, n: usize) -> String {
            format!("stuck {n}")
        }
        fn runaway(&self, t: usize) -> String {
            format!("runaway at {t}")
        }
    }

    fn toy(kinds: Vec<Flow<usize>>) -> Toy {
        let n = kinds.len();
        Toy {
            kinds,
            weights: vec![vec![1, 0, 3]; n],
            targets: vec![vec![2, 1, 3]; n],
            entered: Vec::new(),
            draws: Vec::new(),
        }
    }

    #[test]
    fn gotos_and_draws_lead_to_a_decision_or_an_ending() {
        use Flow::*;
        let mut w = toy(vec![Goto(1), Random(3), End, Decide]);
        // Draw 0 of weights [1, 0, 3] takes branch 0 (to node 2, an ending) …
        w.draws = vec![0];
        assert_eq!(follow(&mut w, 0), Ok(2));
        assert_eq!(w.entered, [0, 1, 2]);
        // … and draws 1 to 3 take branch 2 (to node 3, a decision); closed branch 1 never.
        for d in 1..4 {
            w.draws = vec![d];
            assert_eq!(follow(&mut w, 1), Ok(3));
        }
    }

    #[test]
    fn failures_are_named_by_the_walk() {
        use Flow::*;
        assert_eq!(follow(&mut toy(vec![Goto(7)]), 0), Err("missing 7".to_string()));
        assert_eq!(
            follow(&mut toy(vec![Goto(0)]), 0),
            Err("runaway at 0".to_string())
        );
        let mut closed = toy(vec![Random(3)]);
        closed.weights[0] = vec![0, 0, 0];
        assert_eq!(follow(&mut closed, 0), Err("stuck 0".to_string()));
        let mut kinds = vec![End; 10];
        kinds[9] = Decide;
        assert_eq!(follow(&mut toy(kinds), 9), Err("stuck 9".to_string()));
    }

    #[test]
    fn pick_falls_in_the_weight_it_lands_on() {
        assert_eq!(pick(0, [2, 3]), Some(0));
        assert_eq!(pick(1, [2, 3]), Some(0));
        assert_eq!(pick(2, [2, 3]), Some(1));
        assert_eq!(pick(4, [2, 0, 3]), Some(2));
        assert_eq!(pick(5, [2, 3]), None);
    }
}
