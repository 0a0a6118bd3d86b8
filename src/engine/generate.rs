//! Generated scenarios for measuring the engine at scale: `generate(nodes, seed)` builds a
//! valid branching scenario of exactly `nodes` nodes (at least [`MIN_NODES`]), the same for the
//! same arguments on every machine (ChaCha8, read through a fixed multiply-shift).
//!
//! The shape is a chain of *chapters*, each like a short hand-written scene:
//!
//! - `cK_brief` resets the `momentum` counter and asks decision A (three or four choices; every
//!   third chapter is timed, with a `timeout_only` choice). Choices move the chapter's
//!   character's trust and `momentum`, and one sets the chapter's `cK_promise` flag; one choice
//!   (and the timeout) detours through `cK_aside`.
//! - `cK_aside` (a goto with an effect), then any filler gotos (`cK_pause…`) that make the node
//!   count exact.
//! - `cK_roll`: a random branch gated on the character's trust and the chapter's flag.
//! - `cK_good` / `cK_bad`: decision B, with choices offered only on enough `momentum`, on the
//!   flag, or on the previous chapter's flag; some chapters offer walking out (an early ending).
//!
//! Characters serve two chapters each and flags are read at most one chapter later, so what
//! a state must remember stays small however long the chain is, as in real scenarios; the
//! finale routes on the last character's trust and `momentum` to five endings (success,
//! two partial, two failure). Every choice scores one or two of the assessed skills, with
//! the strongest answer at a random position.

use super::model::{
    Beat, Branch, Character, Choice, Cmp, Condition, Difficulty, Effect, Ending, Evidence, Node, Outcome,
    Paragraphs, Scenario, Then, Timer, Variable,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The smallest scenario `generate` builds: the start, one chapter, the finale, five endings.
pub const MIN_NODES: usize = 1 + NODES_PER_CHAPTER + 1 + ENDINGS.len();

/// Nodes in a chapter without filler: brief, aside, roll, good, bad.
const NODES_PER_CHAPTER: usize = 5;

/// The assessed skills (ids from `assets/skills.ron`) and their weights.
const SKILLS: [(&str, u32); 4] = [
    ("communication", 2),
    ("decisiveness", 1),
    ("relationship_building", 2),
    ("follow_through", 1),
];

/// Ending ids and outcomes; each is reached through a node `end_<id>`.
const ENDINGS: [(&str, Outcome); 5] = [
    ("triumph", Outcome::Success),
    ("steady", Outcome::Partial),
    ("strained", Outcome::Partial),
    ("collapse", Outcome::Failure),
    ("walked_out", Outcome::Failure),
];

const TOPICS: [&str; 8] = [
    "the supplier contract",
    "the release date",
    "the hiring freeze",
    "the audit finding",
    "the budget overrun",
    "the customer complaint",
    "the team reorganisation",
    "the data migration",
];

const FIRST_NAMES: [&str; 8] = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hal"];

/// A uniform number in `0..n` (multiply-shift on one 64-bit word, like `run::draw_below`).
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, xs: &[T]) -> T {
    xs[below(rng, xs.len())]
}

fn narrate(text: String) -> Beat {
    Beat::Narrate { text, when: None }
}

fn say(who: &str, text: String) -> Beat {
    Beat::Say {
        who: who.to_string(),
        text,
        when: None,
    }
}

fn node(id: String, effects: Vec<Effect>, beats: Vec<Beat>, then: Then) -> Node {
    Node {
        id,
        effects,
        beats,
        prompt: None,
        exhibits: Vec::new(),
        timer: None,
        then,
    }
}

/// Evidence for choice `j` of a decision in chapter `k`: its points on one or two skills.
fn evidence(k: usize, j: usize, points: i32, second: i32) -> Vec<Evidence> {
    let first = SKILLS[(k + j) % SKILLS.len()].0;
    let other = SKILLS[(k + j + 1) % SKILLS.len()].0;
    let mut out = vec![Evidence {
        skill: first.to_string(),
        points,
        why: format!("How the answer lands on {first} in this conversation."),
    }];
    if second != 0 {
        out.push(Evidence {
            skill: other.to_string(),
            points: second,
            why: format!("What the answer shows about {other} under pressure."),
        });
    }
    out
}

/// Points for the `n` (at least 2) choices of a decision: one strong and one weak answer at
/// random positions, the rest mixed; never zero on the first skill. Also says where the weak
/// answer is.
fn points(rng: &mut ChaCha8Rng, n: usize) -> (Vec<(i32, i32)>, usize) {
    let best = below(rng, n);
    let worst = (best + 1 + below(rng, n - 1)) % n;
    let pts = (0..n)
        .map(|j| {
            if j == best {
                (pick(rng, &[2, 3]), pick(rng, &[0, 1]))
            } else if j == worst {
                (pick(rng, &[-2, -1]), pick(rng, &[0, -1]))
            } else {
                (pick(rng, &[-2, -1, -1, 1]), pick(rng, &[0, -1, 1]))
            }
        })
        .collect();
    (pts, worst)
}

/// A trust change that follows the answer: stronger answers earn trust, weaker ones cost it.
fn trust_change(rng: &mut ChaCha8Rng, points: i32) -> i64 {
    if points > 0 {
        pick(rng, &[5, 10])
    } else {
        pick(rng, &[-5, -10])
    }
}

struct Builder {
    rng: ChaCha8Rng,
    chapters: usize,
    /// Each character's starting trust (character `pJ` serves chapters `2J` and `2J + 1`).
    trust: Vec<i64>,
    nodes: Vec<Node>,
}

impl Builder {
    fn character(k: usize) -> String {
        format!("p{}", k / 2)
    }

    fn flag(k: usize) -> String {
        format!("c{k}_promise")
    }

    fn first_node(k: usize, chapters: usize) -> String {
        if k < chapters {
            format!("c{k}_brief")
        } else {
            "finale".to_string()
        }
    }

    /// Chapter `k` with `filler` extra goto nodes.
    fn chapter(&mut self, k: usize, filler: usize, exit: bool) {
        let rng = &mut self.rng;
        let who = Self::character(k);
        let flag = Self::flag(k);
        let topic = pick(rng, &TOPICS);
        let initial = self.trust[k / 2];
        let id = |name: &str| format!("c{k}_{name}");

        // Decision A.
        let timed = k % 3 == 2;
        let n = 3 + below(rng, 2);
        // The weak answer detours (and loses momentum); the next one makes a promise.
        let (pts, detour) = points(rng, n);
        let promiser = (detour + 1) % n;
        let mut choices: Vec<Choice> = (0..n)
            .map(|j| {
                let mut effects = vec![Effect::Trust(who.clone(), trust_change(rng, pts[j].0))];
                if pts[j].0 > 0 {
                    effects.push(Effect::Add("momentum".into(), 1));
                }
                if j == promiser {
                    effects.push(Effect::Flag(flag.clone(), true));
                }
                Choice {
                    id: id(&format!("a{j}")),
                    text: format!("Option {} on {topic}: answer in your own way, number {j}.", j + 1),
                    when: None,
                    timeout_only: false,
                    skills: evidence(k, j, pts[j].0, pts[j].1),
                    effects,
                    next: if j == detour { id("aside") } else { id("roll") },
                    coach: format!("Think about what {topic} means to the person in front of you."),
                }
            })
            .collect();
        let mut timer = None;
        if timed {
            choices.push(Choice {
                id: id("a_wait"),
                text: "Say nothing and let the moment pass.".into(),
                when: None,
                timeout_only: true,
                skills: evidence(k, n, -2, 0),
                effects: vec![Effect::Trust(who.clone(), -5)],
                next: id("aside"),
                coach: "Silence under time pressure reads as not knowing.".into(),
            });
            timer = Some(Timer {
                seconds: 20 + 5 * below(rng, 5) as u32,
                timeout: id("a_wait"),
            });
        }
        let name = FIRST_NAMES[(k / 2) % FIRST_NAMES.len()];
        let mut brief = node(
            id("brief"),
            vec![Effect::Set("momentum".into(), 0)],
            vec![
                narrate(format!("Chapter {}: {topic} comes to a head.", k + 1)),
                say(&who, format!("{name} here. We need a decision on {topic}.")),
            ],
            Then::Choices(choices),
        );
        brief.timer = timer;
        brief.prompt = Some(format!("What would you say first about {topic}?"));
        self.nodes.push(brief);

        // The detour and the filler.
        let after_aside = if filler > 0 { id("pause0") } else { id("roll") };
        self.nodes.push(node(
            id("aside"),
            vec![Effect::Add("momentum".into(), -1)],
            vec![narrate(format!("You step aside to think about {topic}."))],
            Then::Goto(after_aside),
        ));
        for f in 0..filler {
            let next = if f + 1 < filler {
                id(&format!("pause{}", f + 1))
            } else {
                id("roll")
            };
            self.nodes.push(node(
                id(&format!("pause{f}")),
                Vec::new(),
                vec![narrate(format!("A moment passes while {topic} sinks in."))],
                Then::Goto(next),
            ));
        }

        // The roll.
        let threshold = initial + pick(&mut self.rng, &[-5, 0, 5]);
        self.nodes.push(node(
            id("roll"),
            Vec::new(),
            vec![narrate("Events move without you.".into())],
            Then::Random(vec![
                Branch {
                    id: id("lucky"),
                    weight: 2,
                    when: Some(Condition::Trust(who.clone(), Cmp::Ge, threshold)),
                    effects: Vec::new(),
                    next: id("good"),
                },
                Branch {
                    id: id("steady"),
                    weight: 1,
                    when: Some(Condition::Flag(flag.clone())),
                    effects: vec![Effect::Add("momentum".into(), 1)],
                    next: id("good"),
                },
                Branch {
                    id: id("unlucky"),
                    weight: 1,
                    when: None,
                    effects: vec![Effect::Trust(who.clone(), -5)],
                    next: id("bad"),
                },
            ]),
        ));

        // Decision B, in a good and a bad version.
        let next = Self::first_node(k + 1, self.chapters);
        for (part, tone) in [("good", "the wind behind you"), ("bad", "the room against you")] {
            let rng = &mut self.rng;
            let n = 2 + below(rng, 2);
            let (pts, _) = points(rng, n + 1);
            let mut choices: Vec<Choice> = (0..=n)
                .map(|j| {
                    let when = match j {
                        0 => Some(Condition::Var("momentum".into(), Cmp::Ge, 1)),
                        1 if k > 0 => Some(Condition::Not(Box::new(Condition::Flag(Self::flag(k - 1))))),
                        _ => None,
                    };
                    Choice {
                        id: id(&format!("{part}{j}")),
                        text: format!("With {tone}, option {} on {topic}.", j + 1),
                        when,
                        timeout_only: false,
                        skills: evidence(k + 1, j, pts[j].0, pts[j].1),
                        effects: vec![Effect::Trust(who.clone(), trust_change(rng, pts[j].0))],
                        next: next.clone(),
                        coach: format!("Settle {topic} in a way you can keep to."),
                    }
                })
                .collect();
            if exit && part == "bad" {
                choices.push(Choice {
                    id: id("walk"),
                    text: "Walk out of the meeting.".into(),
                    when: Some(Condition::Trust(who.clone(), Cmp::Lt, initial)),
                    timeout_only: false,
                    skills: evidence(k, 0, -3, -1),
                    effects: Vec::new(),
                    next: "end_walked_out".into(),
                    coach: "Leaving ends the conversation and your part in it.".into(),
                });
            }
            self.nodes.push(node(
                id(part),
                Vec::new(),
                vec![
                    narrate(format!("With {tone}, {topic} is yours to settle.")),
                    say(&who, format!("So, what now about {topic}?")),
                ],
                Then::Choices(choices),
            ));
        }
    }
}

/// A valid scenario of exactly `nodes.max(MIN_NODES)` nodes, the same for the same arguments.
pub fn generate(nodes: usize, seed: u64) -> Scenario {
    let total = nodes.max(MIN_NODES);
    let fixed = 1 + 1 + ENDINGS.len();
    let chapters = (total - fixed) / NODES_PER_CHAPTER;
    let mut filler = (total - fixed) % NODES_PER_CHAPTER;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let trust: Vec<i64> = (0..chapters.div_ceil(2))
        .map(|_| 40 + 5 * below(&mut rng, 5) as i64)
        .collect();
    let mut b = Builder {
        rng,
        chapters,
        trust,
        nodes: Vec::with_capacity(total),
    };
    b.nodes.push(node(
        "start".into(),
        Vec::new(),
        vec![narrate(format!(
            "A generated scenario: {chapters} conversations, one after another."
        ))],
        Then::Goto(Builder::first_node(0, chapters)),
    ));
    // Walking out is possible in about one chapter in six, and always in the middle one.
    for k in 0..chapters {
        let exit = k == chapters / 2 || below(&mut b.rng, 6) == 0;
        let extra = filler.min(1);
        filler -= extra;
        b.chapter(k, extra, exit);
    }
    // The finale reads the last character's trust against where it started.
    let last = Builder::character(chapters - 1);
    let initial = b.trust[(chapters - 1) / 2];
    let trust = |cmp, n| Condition::Trust(last.clone(), cmp, n);
    let momentum = Condition::Var("momentum".into(), Cmp::Ge, 1);
    let high = Condition::All(vec![trust(Cmp::Ge, initial + 5), momentum]);
    let middle = Condition::All(vec![
        Condition::Not(Box::new(high.clone())),
        trust(Cmp::Ge, initial - 5),
    ]);
    let branch = |id: &str, weight, when| Branch {
        id: format!("to_{id}"),
        weight,
        when: Some(when),
        effects: Vec::new(),
        next: format!("end_{id}"),
    };
    b.nodes.push(node(
        "finale".into(),
        Vec::new(),
        vec![narrate("The quarter closes and people take stock.".into())],
        Then::Random(vec![
            branch("triumph", 1, high),
            branch("steady", 3, middle.clone()),
            branch("strained", 1, middle),
            branch("collapse", 1, trust(Cmp::Lt, initial - 5)),
        ]),
    ));
    for (id, _) in ENDINGS {
        b.nodes.push(node(
            format!("end_{id}"),
            Vec::new(),
            vec![narrate(format!("It ends: {}.", id.replace('_', " ")))],
            Then::End(id.to_string()),
        ));
    }
    let characters = b
        .trust
        .iter()
        .enumerate()
        .map(|(j, &trust)| Character {
            id: format!("p{j}"),
            name: format!("{} Number{j}", FIRST_NAMES[j % FIRST_NAMES.len()]),
            title: "Colleague".into(),
            profile: "Wants a straight answer and remembers how the last one went.".into(),
            trust,
            private: None,
        })
        .collect();
    let mut variables = vec![Variable::Int {
        id: "momentum".into(),
        initial: 0,
        label: Some("Momentum in this conversation".into()),
    }];
    variables.extend((0..chapters).map(|k| Variable::Flag {
        id: Builder::flag(k),
        initial: false,
        label: None,
    }));
    Scenario {
        id: format!("generated-{total}-{seed}"),
        version: 1,
        title: format!("Generated scenario ({total} nodes)"),
        summary: "A long chain of generated conversations, for measuring the engine.".into(),
        role: "A team lead with a long week ahead".into(),
        setting: "An office, one conversation after another.".into(),
        accountable: None,
        minutes: (chapters as u32).saturating_mul(2).max(1),
        difficulty: Difficulty::Intermediate,
        objectives: vec!["Keep people's trust through a long run of decisions.".into()],
        assesses: SKILLS.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
        characters,
        variables,
        exhibits: Vec::new(),
        start: "start".into(),
        nodes: b.nodes,
        endings: ENDINGS
            .iter()
            .map(|(id, outcome)| Ending {
                id: id.to_string(),
                title: id.replace('_', " "),
                outcome: *outcome,
                debrief: Paragraphs::plain(format!("The week ended in `{id}`.")),
                strong_leader: "A strong leader keeps promises small and keeps them.".into(),
            })
            .collect(),
        debrief_questions: vec!["Which conversation turned the week?".into()],
        region: Default::default(),
        facilitation: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_counts_are_exact_and_output_is_deterministic() {
        for n in [0, MIN_NODES, MIN_NODES + 1, 100, 1_003] {
            let s = generate(n, 7);
            assert_eq!(s.nodes.len(), n.max(MIN_NODES), "asked for {n}");
        }
        assert_eq!(generate(300, 1), generate(300, 1));
        assert_ne!(generate(300, 1), generate(300, 2));
    }
}
