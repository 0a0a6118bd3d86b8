//! Pass: reachability and loops — every node is reached from the start, an ending can be
//! reached from every reached node (no run loops forever), and every ending is reached.

use super::context::{Ctx, El, IdMap, IdSet};
use crate::engine::diagnostic::Code;
use crate::engine::model::Then;
use std::collections::VecDeque;

impl Ctx<'_> {
    pub(super) fn reachability(&mut self) {
        let s = self.s;
        let mut index: IdMap<&str, usize> =
            IdMap::with_capacity_and_hasher(s.nodes.len(), Default::default());
        for (i, n) in s.nodes.iter().enumerate() {
            index.entry(n.id.as_str()).or_insert(i);
        }
        let succ: Vec<Vec<usize>> = s
            .nodes
            .iter()
            .map(|n| n.targets().iter().filter_map(|t| index.get(t).copied()).collect())
            .collect();
        let Some(&start) = index.get(s.start.as_str()) else {
            return;
        };
        let mut reached = vec![false; s.nodes.len()];
        let mut queue = VecDeque::from([start]);
        reached[start] = true;
        while let Some(i) = queue.pop_front() {
            for &j in &succ[i] {
                if !reached[j] {
                    reached[j] = true;
                    queue.push_back(j);
                }
            }
        }
        for (i, n) in s.nodes.iter().enumerate() {
            if !reached[i] {
                self.error(
                    self.at_field(El::Node(i), "id"),
                    Code::Unreachable,
                    format!(
                        "node `{}` cannot be reached from the start node `{}`",
                        n.id, s.start
                    ),
                    "point a choice, goto or branch at it, or delete it".into(),
                );
            }
        }
        // Nodes from which an ending can be reached: backwards from every `End` node.
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        for (i, ss) in succ.iter().enumerate() {
            for &j in ss {
                pred[j].push(i);
            }
        }
        let mut finishes = vec![false; s.nodes.len()];
        let mut queue: VecDeque<usize> = s
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.then, Then::End(_)))
            .map(|(i, _)| i)
            .collect();
        for &i in &queue {
            finishes[i] = true;
        }
        while let Some(i) = queue.pop_front() {
            for &j in &pred[i] {
                if !finishes[j] {
                    finishes[j] = true;
                    queue.push_back(j);
                }
            }
        }
        let trapped: Vec<usize> = (0..s.nodes.len())
            .filter(|&i| reached[i] && !finishes[i])
            .collect();
        if let Some(&first) = trapped.first() {
            let names: Vec<String> = trapped
                .iter()
                .take(8)
                .map(|&i| format!("`{}`", s.nodes[i].id))
                .collect();
            let more = if trapped.len() > 8 {
                format!(" and {} more", trapped.len() - 8)
            } else {
                String::new()
            };
            self.error(
                self.at_field(El::Node(first), "id"),
                Code::NoWayOut,
                format!(
                    "no ending can be reached from {}{more}: the run would loop forever",
                    names.join(", ")
                ),
                "give one of these nodes a choice or branch that leads towards an ending".into(),
            );
        }
        let referenced: IdSet<&str> = s
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| reached[*i])
            .filter_map(|(_, n)| match &n.then {
                Then::End(e) => Some(e.as_str()),
                _ => None,
            })
            .collect();
        for (i, e) in s.endings.iter().enumerate() {
            if !referenced.contains(e.id.as_str()) {
                self.warn(
                    self.at_field(El::Ending(i), "id"),
                    Code::UnusedEnding,
                    format!("ending `{}` is never reached", e.id),
                    "end a reachable node with `End(\"{id}\")`, or delete the ending".replace("{id}", &e.id),
                );
            }
        }
    }
}
