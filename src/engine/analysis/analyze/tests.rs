//! Unit tests of the analysis: merging states changes no result.

use super::*;
use crate::engine::generate::generate;

/// Everything but the number of states.
fn results(mut a: Analysis) -> Analysis {
    a.states = 0;
    a
}

#[test]
fn merging_states_by_cuts_changes_no_result() {
    let bundled = [
        include_str!("../../../../scenarios/honest-feedback.ron"),
        include_str!("../../../../scenarios/outage-briefing.ron"),
        include_str!("../../../../scenarios/mentoring-lead.ron"),
        include_str!("../../../../tests/fixtures/valid/printer-budget.ron"),
    ];
    let mut all: Vec<Scenario> = bundled
        .iter()
        .map(|text| {
            crate::engine::load::scenario("x.ron", text.as_bytes())
                .value
                .unwrap()
        })
        .collect();
    all.extend((0..30).map(|seed| generate(40 + 7 * seed as usize, seed)));
    let (mut merged, mut kept) = (0, 0);
    for s in &all {
        let cuts = analyze_with(s, DEFAULT_STATE_BUDGET, Abstraction::Cuts);
        let live = analyze_with(s, DEFAULT_STATE_BUDGET, Abstraction::Liveness);
        assert!(cuts.exact && live.exact, "{}", s.id);
        assert!(cuts.states <= live.states, "{}", s.id);
        merged += cuts.states;
        kept += live.states;
        assert_eq!(results(cuts), results(live), "{}", s.id);
    }
    assert!(merged * 2 < kept, "cuts merge many states: {merged} of {kept}");
}
