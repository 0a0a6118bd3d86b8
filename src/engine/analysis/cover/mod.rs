//! A small set of playthroughs that together show everything a scenario can show, for a
//! reviewer to read as scripts (`rapport transcripts --cover`).
//!
//! The **items** (`items`) are every scene, every beat (and every conditional beat's scene
//! without it), every choice, random branch, exhibit, ending and debrief and strong-leader
//! paragraph. The coverage search (`search`) explores the state space `analyze` uses, on a
//! copy where the conditions of the beats and paragraphs still wanted are branch conditions
//! (`probes`: as many as the state budget allows, halved until it does), with what each step
//! shows. A greedy set cover then takes, round by round, the complete path that shows the most
//! items not yet shown (a conditional beat's absence counting only after every other item),
//! finds a seed whose draws take its random branches, plays it with `Run` and reads what it
//! *really* shows off the one replay (`realise`). When a search has nothing left to give, the
//! next probes the sites still wanted. It stops when nothing reachable is left or at the cap,
//! then drops any playthrough the others make redundant. Items left over say why: proven
//! unreachable (an exact search saw every state), past the search's budget, past the cap, or
//! no seed found. Deterministic: no clock, seeds from 1.

mod items;
mod probes;
mod realise;
mod search;

use crate::engine::run::Run;
use crate::engine::story::{EndingId, NodeId, Story};
use items::{conditional, site_of};

pub use items::{Item, Items, Part};

pub use realise::SEEDS;

/// Playthroughs at the most, unless asked otherwise.
pub const DEFAULT_MAX_PLAYS: usize = 60;
/// Positions the search explores at the most, unless asked otherwise.
pub const DEFAULT_MAX_STATES: usize = 1_000_000;

/// How far to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub max_plays: usize,
    pub max_states: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_plays: DEFAULT_MAX_PLAYS,
            max_states: DEFAULT_MAX_STATES,
        }
    }
}

/// One playthrough of the cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Play {
    /// The finished run: seed, decisions and readings replay it.
    pub run: Run,
    /// Every item it shows (indexes into `Cover::items`), sorted.
    pub shows: Vec<u32>,
    /// The items no earlier playthrough of the cover shows, sorted.
    pub first: Vec<u32>,
}

/// Why no playthrough of the cover shows an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// No playthrough can show it: the search saw every reachable position.
    Unreachable(Because),
    /// The search stopped at its budget of positions before it found the item.
    Budget,
    /// Some playthrough shows it, but the cap on playthroughs came first.
    Cap,
    /// Its playthrough needs random draws no seed up to [`SEEDS`] makes.
    NoSeed,
    /// The run did not play the playthrough the search found (a bug in the search).
    Diverged,
}

/// Why an item is unreachable, as far as the cover can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// No complete playthrough enters this node.
    SceneNeverReached(NodeId),
    /// No complete playthrough reaches this ending.
    EndingNeverReached(EndingId),
    /// Its node (or ending) is reached, but its condition never holds there.
    NeverHolds,
    /// A conditional beat whose condition holds every time its node is entered.
    AlwaysHolds,
    /// An exhibit no node lists.
    NoScene,
    /// A branch of weight 0.
    NoWeight,
    /// Nothing more specific: no complete playthrough shows it.
    NeverShown,
}

/// Each item: the first playthrough that shows it, or why none does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Shown(usize),
    Missing(Why),
}

/// The cover of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub items: Vec<Item>,
    pub plays: Vec<Play>,
    /// Per item (in `items` order).
    pub status: Vec<Status>,
    /// The search saw every reachable position, so `Because` reasons are proofs.
    pub exact: bool,
    /// Positions the search explored.
    pub states: usize,
    /// The cap stopped the cover with reachable items left.
    pub capped: bool,
}

/// The cover of `s` (see the module documentation).
pub fn cover(s: &Story, opts: Options) -> Cover {
    let items = Items::of(s);
    let list = &items.list;
    let n = items.len();
    let mut c = Covering {
        shown: vec![false; n],
        given_up: vec![None; n],
        known: vec![false; n],
        reachable: vec![false; n],
        plays: Vec::new(),
    };
    let (mut inexact, mut capped, mut states) = (false, false, 0);
    // How many probe sites one search may take (halved while the search is over budget).
    let mut chunk = usize::MAX;
    'rounds: loop {
        let sites = c.sites(s, list);
        let mut k = sites.len().min(chunk);
        let g = loop {
            let probed: hashbrown::HashSet<Item> = sites[..k].iter().copied().collect();
            let g = search::explore(s, &items, &|i| probed.contains(&i), opts.max_states.max(2));
            if g.exact || k == 0 {
                break g;
            }
            k /= 2;
            chunk = k;
        };
        states = states.max(g.states);
        inexact |= !g.exact;
        if g.exact {
            let probed = &sites[..k];
            for (i, &item) in list.iter().enumerate() {
                if !conditional(s, item) || probed.contains(&site_of(item)) {
                    c.known[i] = true;
                    c.reachable[i] |= g.reachable[i];
                }
            }
        }
        while let Some(path) = g.best(|i| c.weight(list, i)) {
            if c.plays.len() >= opts.max_plays {
                capped = true;
                break 'rounds;
            }
            c.take(s, &items, &g, &path);
        }
        // What this search could show and is still wanted, it could not make a playthrough of.
        for (i, &item) in list.iter().enumerate() {
            if g.reachable[i] && c.wanted(i) && (!conditional(s, item) || sites[..k].contains(&site_of(item)))
            {
                c.given_up[i] = Some(Why::Diverged);
            }
        }
        if k >= sites.len() || k == 0 {
            break;
        }
    }
    prune(&mut c.plays, n);
    let status = (0..n)
        .map(|i| {
            match c
                .plays
                .iter()
                .position(|p| p.shows.binary_search(&(i as u32)).is_ok())
            {
                Some(k) => Status::Shown(k),
                None => Status::Missing(match c.given_up[i] {
                    Some(why) => why,
                    None if c.known[i] && !c.reachable[i] => {
                        Why::Unreachable(because(s, &items, &c.reachable, list[i]))
                    }
                    None if capped || c.known[i] => Why::Cap,
                    None => Why::Budget,
                }),
            }
        })
        .collect();
    Cover {
        items: items.list,
        plays: c.plays,
        status,
        exact: !inexact,
        states,
        capped,
    }
}

/// The cover being built: what is shown, given up, known reachable or not, and the plays.
struct Covering {
    shown: Vec<bool>,
    given_up: Vec<Option<Why>>,
    /// Some exact search could tell whether the item is reachable…
    known: Vec<bool>,
    /// … and found it was.
    reachable: Vec<bool>,
    plays: Vec<Play>,
}

impl Covering {
    fn wanted(&self, i: usize) -> bool {
        !self.shown[i] && self.given_up[i].is_none() && (!self.known[i] || self.reachable[i])
    }

    fn weight(&self, list: &[Item], i: u32) -> u64 {
        match (self.wanted(i as usize), list[i as usize].secondary()) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => 1 << 32,
        }
    }

    /// The probe sites still wanted: those with a beat or paragraph to show first, then those
    /// wanted only for a scene without their beat, each in the scenario's order.
    fn sites(&self, s: &Story, list: &[Item]) -> Vec<Item> {
        let mut primary = Vec::new();
        let mut secondary = Vec::new();
        for (i, &item) in list.iter().enumerate() {
            if conditional(s, item) && self.wanted(i) {
                let to = if item.secondary() {
                    &mut secondary
                } else {
                    &mut primary
                };
                to.push(site_of(item));
            }
        }
        secondary.retain(|x| !primary.contains(x));
        primary.extend(secondary);
        primary
    }

    /// Plays `path` and keeps it if it shows anything new; else gives up what it was for.
    fn take(&mut self, s: &Story, items: &Items, g: &search::Graph, path: &[u32]) {
        let wanted: Vec<u32> = g
            .start_items
            .iter()
            .chain(path.iter().flat_map(|&e| g.items(e)))
            .copied()
            .filter(|&i| self.wanted(i as usize))
            .collect();
        let why = match realise::play(s, g, path) {
            Err(realise::Failed::NoSeed) => Why::NoSeed,
            Err(realise::Failed::Diverged) => Why::Diverged,
            Ok(run) => match realise::shows(s, items, &run) {
                Err(_) => Why::Diverged,
                Ok(all) => {
                    let first: Vec<u32> = all.iter().copied().filter(|&i| !self.shown[i as usize]).collect();
                    if !first.is_empty() {
                        first.iter().for_each(|&i| self.shown[i as usize] = true);
                        self.plays.push(Play {
                            run,
                            shows: all,
                            first,
                        });
                        // What the search promised and the replay did not show is not asked again.
                        for i in wanted.into_iter().filter(|&i| !self.shown[i as usize]) {
                            self.given_up[i as usize] = Some(Why::Diverged);
                        }
                        return;
                    }
                    Why::Diverged
                }
            },
        };
        for i in wanted {
            self.given_up[i as usize].get_or_insert(why);
        }
    }
}

/// Drops playthroughs that show nothing the others do not (fewest new items first), then
/// says again which items each shows first.
fn prune(plays: &mut Vec<Play>, n: usize) {
    let mut count = vec![0u32; n];
    for p in plays.iter() {
        p.shows.iter().for_each(|&i| count[i as usize] += 1);
    }
    let mut order: Vec<usize> = (0..plays.len()).collect();
    order.sort_by_key(|&k| (plays[k].first.len(), std::cmp::Reverse(k)));
    let mut keep = vec![true; plays.len()];
    for k in order {
        if plays[k].shows.iter().all(|&i| count[i as usize] > 1) {
            keep[k] = false;
            plays[k].shows.iter().for_each(|&i| count[i as usize] -= 1);
        }
    }
    let mut k = 0;
    plays.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    let mut seen = vec![false; n];
    for p in plays.iter_mut() {
        p.first = p.shows.iter().copied().filter(|&i| !seen[i as usize]).collect();
        p.first.iter().for_each(|&i| seen[i as usize] = true);
    }
}

/// Why an item no step of an exact search shows is unreachable.
fn because(s: &Story, items: &Items, reachable: &[bool], item: Item) -> Because {
    let reached = |i: Item| reachable[items.index(i) as usize];
    let scene = |n: NodeId, then: Because| {
        if reached(Item::Scene(n)) {
            then
        } else {
            Because::SceneNeverReached(n)
        }
    };
    match item {
        Item::Scene(n) => Because::SceneNeverReached(n),
        Item::Beat(n, _) | Item::Choice(n, _) => scene(n, Because::NeverHolds),
        Item::Without(n, _) => scene(n, Because::AlwaysHolds),
        Item::Branch(n, k) => {
            let zero = matches!(&s.at(n).then, crate::engine::model::Then::Random(bs) if bs[k].weight == 0);
            scene(
                n,
                if zero {
                    Because::NoWeight
                } else {
                    Because::NeverHolds
                },
            )
        }
        Item::Exhibit(x) => {
            let id = &s.exhibits[x].id;
            let listing: Vec<NodeId> = s
                .nodes
                .iter()
                .filter(|n| n.exhibits.contains(id))
                .filter_map(|n| s.node_id(&n.id))
                .collect();
            match listing.iter().find(|&&n| reached(Item::Scene(n))) {
                _ if listing.is_empty() => Because::NoScene,
                Some(_) => Because::NeverShown,
                None => Because::SceneNeverReached(listing[0]),
            }
        }
        Item::Ending(e) => Because::EndingNeverReached(e),
        Item::Paragraph(e, ..) => {
            if reached(Item::Ending(e)) {
                Because::NeverHolds
            } else {
                Because::EndingNeverReached(e)
            }
        }
    }
}
