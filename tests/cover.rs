//! The review cover (`engine::cover`): a small set of playthroughs that together show every
//! scene, beat, choice, random branch, exhibit, ending and debrief paragraph, on a small
//! hand-written scenario and on every bundled one (cross-checked with `analyze`).

use rapport::engine::analyze::{DEFAULT_STATE_BUDGET, analyze};
use rapport::engine::cover::{Because, Cover, Item, Options, Part, Status, Why, cover};
use rapport::engine::replay::replay;
use rapport::engine::{self, Story};
use std::path::Path;

/// Two endings. At `desk` the player may open the invoice, then warns Mira or stays quiet;
/// at `draw` her reply shows only if warned, and a draw (3:1) decides calm or storm. The calm
/// ending's debrief has a paragraph for reading the invoice and one for not reading it; the
/// calm scene has a beat for "quiet and warned", which no playthrough can have.
///
/// Hand-reasoned minimum: the storm ending needs a playthrough, and the calm ending two (its
/// two invoice paragraphs exclude each other): three. Three suffice: warn + read + calm,
/// quiet + calm (Mira's reply absent), anything + storm.
const SMALL: &str = r#"Scenario(
    id: "small", version: 1, title: "Small", summary: "S", role: "R", setting: "Here.",
    minutes: 1, difficulty: Introductory, objectives: ["O"], assesses: [("negotiation", 1)],
    characters: [(id: "mira", name: "Mira Castell", title: "Finance Director", profile: "P", trust: 50)],
    variables: [Flag(id: "warned", initial: false)],
    exhibits: [(id: "invoice", title: "Invoice 4471", kind: Invoice, body: "Toner: £8,200")],
    start: "desk",
    nodes: [
        (id: "desk", exhibits: ["invoice"], beats: [Narrate(text: "Mira has the invoice open.")],
         then: Choices([
            (id: "warn", text: "Warn her.", effects: [Flag("warned", true), Trust("mira", 10)],
             skills: [(skill: "negotiation", points: 1, why: "W.")], next: "draw", coach: "C"),
            (id: "quiet", text: "Say nothing.", effects: [Trust("mira", -5)],
             skills: [(skill: "negotiation", points: -1, why: "Q.")], next: "draw", coach: "C"),
         ])),
        (id: "draw", beats: [
            Say(who: "mira", text: "Thanks for the warning ({trust:mira}).", when: Flag("warned")),
            Narrate(text: "The report arrives."),
         ],
         then: Random([(id: "calm", weight: 3, next: "calm_end"), (id: "storm", weight: 1, next: "storm_end")])),
        (id: "calm_end", beats: [
            Narrate(text: "All calm."),
            Say(who: "mira", text: "Told you so.", when: All([Chose("quiet"), Flag("warned")])),
         ], then: End("calm")),
        (id: "storm_end", beats: [Narrate(text: "A storm.")], then: End("storm")),
    ],
    endings: [
        (id: "calm", title: "Calm", outcome: Success,
         debrief: [
            (text: "It went fine."),
            (text: "You read the invoice.", when: Read("invoice")),
            (text: "You never opened the invoice.", when: Not(Read("invoice"))),
         ],
         strong_leader: "Reads first."),
        (id: "storm", title: "Storm", outcome: Failure, debrief: "Bad luck.", strong_leader: "Reads first, too."),
    ],
)"#;

fn story(text: &str) -> Story {
    let c = engine::check_scenario("small.ron", text.as_bytes(), None);
    assert!(!c.has_errors(), "{:#?}", c.diagnostics);
    Story::new(c.scenario.unwrap())
}

/// Every playthrough replays from its seed to its ending, and the statuses agree with what
/// the playthroughs show.
fn consistent(s: &Story, c: &Cover) {
    for (k, p) in c.plays.iter().enumerate() {
        let run = replay(s, p.run.seed, &p.run.decisions, &p.run.reads, |_| {}).unwrap();
        assert_eq!(run, p.run, "playthrough {k} replays exactly");
        assert!(run.is_over(), "playthrough {k} ends");
        assert!(!p.first.is_empty(), "playthrough {k} shows something first");
    }
    for (i, st) in c.status.iter().enumerate() {
        let showing = c.plays.iter().position(|p| p.shows.contains(&(i as u32)));
        match st {
            Status::Shown(k) => assert_eq!(showing, Some(*k), "{:?}", c.items[i]),
            Status::Missing(_) => assert_eq!(showing, None, "{:?}", c.items[i]),
        }
    }
}

#[test]
fn a_small_scenario_is_covered_by_its_minimum_of_three_playthroughs() {
    let s = story(SMALL);
    let c = cover(&s, Options::default());
    consistent(&s, &c);
    assert!(c.exact && !c.capped);
    assert_eq!(
        c.plays.len(),
        3,
        "{:#?}",
        c.plays.iter().map(|p| &p.run).collect::<Vec<_>>()
    );
    let status = |item: Item| c.status[c.items.iter().position(|&i| i == item).unwrap()];
    let node = |id: &str| s.node_id(id).unwrap();
    let ending = |id: &str| s.ending_id(id).unwrap();
    let shown = |item: Item| {
        assert!(
            matches!(status(item), Status::Shown(_)),
            "{item:?}: {:?}",
            status(item)
        )
    };
    shown(Item::Exhibit(0));
    shown(Item::Choice(node("desk"), 0));
    shown(Item::Choice(node("desk"), 1));
    shown(Item::Beat(node("draw"), 0));
    shown(Item::Without(node("draw"), 0));
    shown(Item::Branch(node("draw"), 0));
    shown(Item::Branch(node("draw"), 1));
    shown(Item::Ending(ending("calm")));
    shown(Item::Ending(ending("storm")));
    for i in 0..3 {
        shown(Item::Paragraph(ending("calm"), Part::Debrief, i));
    }
    shown(Item::Paragraph(ending("storm"), Part::StrongLeader, 0));
    // "Quiet and warned" is never true: proven, with the reason.
    assert_eq!(
        status(Item::Beat(node("calm_end"), 1)),
        Status::Missing(Why::Unreachable(Because::NeverHolds))
    );
    shown(Item::Without(node("calm_end"), 1));
    let missing = c
        .status
        .iter()
        .filter(|s| matches!(s, Status::Missing(_)))
        .count();
    assert_eq!(missing, 1, "only the impossible beat is missing");
    // The storm needs its draw: the seed found makes it.
    let storm = c
        .plays
        .iter()
        .find(|p| p.run.ending.as_deref() == Some("storm"))
        .unwrap();
    assert_eq!(storm.run.rolls[0].branch, "storm");
}

#[test]
fn the_cover_is_deterministic_and_honours_its_cap() {
    let s = story(SMALL);
    assert_eq!(cover(&s, Options::default()), cover(&s, Options::default()));
    let one = cover(
        &s,
        Options {
            max_plays: 1,
            ..Options::default()
        },
    );
    consistent(&s, &one);
    assert_eq!(one.plays.len(), 1);
    assert!(one.capped);
    assert!(
        one.status.contains(&Status::Missing(Why::Cap)),
        "{:?}",
        one.status
    );
    // Past a tiny budget nothing is claimed unreachable.
    let tiny = cover(
        &s,
        Options {
            max_states: 3,
            ..Options::default()
        },
    );
    assert!(!tiny.exact);
    assert!(
        !tiny
            .status
            .iter()
            .any(|s| matches!(s, Status::Missing(Why::Unreachable(_)))),
        "{:?}",
        tiny.status
    );
}

#[test]
fn every_bundled_scenario_is_covered_but_for_what_is_proven_unreachable() {
    let lib = rapport::library::load(Some(Path::new("scenarios"))).unwrap();
    assert!(lib.entries.len() >= 2);
    // One scenario per worker at a time, as many workers as cores: each search is
    // single-threaded and the library's are the slowest test.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(e) = lib.entries.get(i) else { break };
                    check_cover(Story::new(e.playable().unwrap().clone()));
                }
            });
        }
    });
}

/// One bundled scenario's cover, against its analysis.
fn check_cover(s: Story) {
    {
        let c = cover(&s, Options::default());
        consistent(&s, &c);
        assert!(c.exact, "{}: the search is exact", s.id);
        assert!(
            !c.capped,
            "{}: under the cap ({} playthroughs)",
            s.id,
            c.plays.len()
        );
        let endings = s.endings.len();
        // Scenarios whose debriefs name each route need more playthroughs than they have
        // endings; the cap keeps the set one reviewer can read.
        assert!(
            (endings..=rapport::engine::cover::DEFAULT_MAX_PLAYS).contains(&c.plays.len()),
            "{}: {} playthroughs for {endings} endings",
            s.id,
            c.plays.len()
        );
        for (item, st) in c.items.iter().zip(&c.status) {
            if let Status::Missing(why) = st {
                assert!(
                    matches!(why, Why::Unreachable(_)),
                    "{}: {item:?} missing: {why:?}",
                    s.id
                );
            }
        }
        // Endings: exactly those analyze can reach are shown.
        let a = analyze(&s, DEFAULT_STATE_BUDGET);
        assert!(a.exact);
        for reach in &a.endings {
            let id = s.ending_id(&reach.id).unwrap();
            let k = c.items.iter().position(|&i| i == Item::Ending(id)).unwrap();
            assert_eq!(
                matches!(c.status[k], Status::Shown(_)),
                reach.reachable,
                "{}: ending `{}`",
                s.id,
                reach.id
            );
        }
        // Every choice and branch on analyze's best and worst paths is shown.
        for path in [&a.best, &a.worst] {
            for id in path.choices.iter().filter(|id| !id.starts_with("read:")) {
                let at = s.choice_at(s.choice_id(id).unwrap());
                let k = c
                    .items
                    .iter()
                    .position(|&i| i == Item::Choice(at.node, at.index))
                    .unwrap();
                assert!(matches!(c.status[k], Status::Shown(_)), "{}: `{id}`", s.id);
            }
        }
    }
}
