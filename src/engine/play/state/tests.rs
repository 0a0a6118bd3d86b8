//! Unit tests of the run state: conditions, effects, id maps and sets, the initial state.

use super::*;
use crate::engine::model::Cmp;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

fn state() -> State {
    let mut s = State {
        vars: ById::new(),
        trust: ById::new(),
        visited: SeenIds::new(),
        chosen: SeenIds::new(),
        read: SeenIds::new(),
    };
    s.vars.insert("minutes".into(), Value::Int(10));
    s.vars.insert("eta".into(), Value::Flag(false));
    s.trust.insert("cfo".into(), 45);
    s.visited.insert("open".into());
    s
}

#[test]
fn conditions_combine() {
    let s = state();
    use Condition::*;
    assert!(s.holds(&Var("minutes".into(), Cmp::Ge, 10)));
    assert!(!s.holds(&Var("minutes".into(), Cmp::Gt, 10)));
    assert!(!s.holds(&Flag("eta".into())));
    assert!(s.holds(&Trust("cfo".into(), Cmp::Lt, 50)));
    assert!(s.holds(&Visited("open".into())));
    assert!(!s.holds(&Chose("x".into())));
    assert!(s.holds(&All(vec![
        Visited("open".into()),
        Not(Box::new(Flag("eta".into())))
    ])));
    assert!(!s.holds(&Any(vec![Flag("eta".into()), Chose("x".into())])));
    assert!(s.holds(&All(vec![])));
    assert!(!s.holds(&Any(vec![])));
}

#[test]
fn trust_is_clamped_and_effects_apply() {
    let mut s = state();
    s.apply(&Effect::Trust("cfo".into(), 80));
    assert_eq!(s.trust("cfo"), 100);
    s.apply(&Effect::Trust("cfo".into(), -500));
    assert_eq!(s.trust("cfo"), 0);
    s.apply_all(&[Effect::Add("minutes".into(), 5), Effect::Flag("eta".into(), true)]);
    assert_eq!(s.int("minutes"), 15);
    assert!(s.flag("eta"));
    s.apply(&Effect::Set("minutes".into(), -2));
    assert_eq!(s.int("minutes"), -2);
    s.apply(&Effect::Add("minutes".into(), i64::MIN));
    assert_eq!(s.int("minutes"), i64::MIN);
}

/// Ids that hash and sort every which way, enough of them to need table growth.
fn ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i % 4 {
            0 => format!("n{i}"),
            1 => format!("a_rather_longer_identifier_{i}"),
            2 => format!("{i}"),
            _ => format!("z{}", "x".repeat(i % 19)),
        })
        .collect()
}

#[test]
fn id_maps_read_and_write_like_btree_maps() {
    for n in [0, 1, 5, 16, 17, 100] {
        let entries: Vec<(String, i64)> = ids(n)
            .into_iter()
            .chain(ids(n / 2)) // repeats: the last value counts
            .enumerate()
            .map(|(i, id)| (id, i as i64))
            .collect();
        let tree: BTreeMap<String, i64> = entries.iter().cloned().collect();
        let mut map: ById<i64> = entries.iter().cloned().collect();
        assert_eq!(map.len(), tree.len());
        assert_eq!(ron::to_string(&map).unwrap(), ron::to_string(&tree).unwrap());
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            serde_json::to_string(&tree).unwrap()
        );
        assert_eq!(format!("{map:?}"), format!("{tree:?}"));
        assert_eq!(map, ById::from(tree.clone()));
        let back: ById<i64> = ron::from_str(&ron::to_string(&tree).unwrap()).unwrap();
        assert_eq!(back, map);
        for (id, v) in &tree {
            assert_eq!(map.get(id), Some(v));
            assert_eq!(map[id.as_str()], *v);
        }
        assert_eq!(map.get("absent"), None);
        // Writing: an existing id in place, a new one in order; copies are independent.
        let copy = map.clone();
        let mut tree = tree;
        for (id, v) in [("n0", -1), ("absent", 7), ("", 3)] {
            assert_eq!(map.insert(id.to_string(), v), tree.insert(id.to_string(), v));
        }
        *map.get_mut("absent").unwrap() += 1;
        *tree.get_mut("absent").unwrap() += 1;
        assert_eq!(map, ById::from(tree.clone()));
        assert_eq!(ron::to_string(&map).unwrap(), ron::to_string(&tree).unwrap());
        assert_ne!(copy, map);
        assert_eq!(copy.get("absent"), None);
    }
}

#[test]
fn id_sets_read_and_write_like_btree_sets() {
    for n in [0, 1, 5, 31, 32, 33, 200] {
        let mut tree = BTreeSet::new();
        let mut set = SeenIds::new();
        let mut reversed = SeenIds::new();
        for id in ids(n).into_iter().chain(ids(n / 3)) {
            assert_eq!(set.insert_str(&id), tree.insert(id.clone()), "{id}");
            assert!(set.contains(&id));
        }
        for id in tree.iter().rev() {
            reversed.insert(id.clone());
        }
        assert_eq!(set.len(), tree.len());
        assert_eq!(set, reversed, "equal whatever the order of adding");
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            tree.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(ron::to_string(&set).unwrap(), ron::to_string(&tree).unwrap());
        assert_eq!(format!("{set:?}"), format!("{tree:?}"));
        let back: SeenIds = ron::from_str(&ron::to_string(&tree).unwrap()).unwrap();
        assert_eq!(back, set);
        assert!(!set.contains("absent") && !set.contains(""));
        let hash = |s: &SeenIds| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&set), hash(&reversed));
        let mut more = set.clone();
        more.insert("absent".into());
        assert_ne!(more, set);
    }
}

#[test]
fn the_initial_state_follows_the_scenario_as_it_is_now() {
    let mut s = crate::engine::generate::generate(60, 1);
    let first = State::initial(&s);
    assert_eq!(State::initial(&s), first, "the kept start is the same");
    // Changed in place (same vectors, same lengths): the kept start must not be used.
    s.characters[0].trust = 99;
    s.variables[0] = crate::engine::model::Variable::Int {
        id: "momentum".into(),
        initial: 5,
        label: None,
    };
    let now = State::initial(&s);
    assert_eq!(now.trust(&s.characters[0].id), 99);
    assert_eq!(now.int("momentum"), 5);
    s.characters[1].id = "renamed".into();
    let renamed = State::initial(&s);
    assert_eq!(renamed.trust("renamed"), s.characters[1].trust);
    assert!(!renamed.trust.contains_key("p1"));
    // Repeated ids: the last one counts, as it always has.
    s.variables.push(crate::engine::model::Variable::Flag {
        id: "momentum".into(),
        initial: true,
        label: None,
    });
    assert_eq!(State::initial(&s).vars.get("momentum"), Some(&Value::Flag(true)));
}
