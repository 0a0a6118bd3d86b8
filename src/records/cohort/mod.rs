//! The cohort report: many learners' runs of the same scenarios at once. Per skill, how
//! scores spread across learners; per decision, how the cohort split and which weak option
//! was most common; how often each ending came; the turning points that recur; and each
//! learner's change over attempts. Made from attempts (`load`: a folder of run records,
//! progress files and workshop sessions, or an LRS's statements), drawn by `report::cohort`.

pub mod load;

use crate::engine::Story;
use crate::engine::score::choice_weighted;
use crate::report::RunReport;
use serde::Serialize;
use std::collections::BTreeMap;

/// One learner's run, as the report model shows it.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// Who: an email, an account, a folder name, or a team.
    pub learner: String,
    pub scenario: String,
    pub version: u32,
    /// When it ended (milliseconds since the epoch), where known: orders a learner's attempts.
    pub when: Option<u64>,
    pub run: RunReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub source: String,
    pub learners: usize,
    pub attempts: usize,
    pub scenarios: Vec<ScenarioCohort>,
    /// Files or registrations that could not be read, with why.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioCohort {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub learners: usize,
    pub attempts: usize,
    /// The overall score, then each assessed skill: each learner's latest attempt.
    pub overall: Spread,
    pub skills: Vec<Spread>,
    pub decisions: Vec<Split>,
    pub endings: Vec<EndingCount>,
    pub turning: Vec<Recurring>,
    pub progress: Vec<LearnerProgress>,
}

/// How one score spreads across learners.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub id: String,
    pub name: String,
    pub n: usize,
    pub min: u32,
    pub q1: u32,
    pub median: u32,
    pub q3: u32,
    pub max: u32,
    /// Learners scoring 0–19, 20–39, 40–59, 60–79, 80–100.
    pub buckets: [usize; 5],
}

/// How the cohort split at one decision (learners' latest attempts that reached it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    pub node: String,
    /// The question the scenario puts to the room there, if it has one.
    pub prompt: Option<String>,
    pub reached: usize,
    pub options: Vec<OptionCount>,
    /// The weak option chosen most: the option that most often lowered the best outcome or
    /// score still reachable (`engine::turning`), which is not always the one with the fewest
    /// points there and then (a costly good option can score less in the moment).
    pub common_weak: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCount {
    pub choice_id: String,
    pub text: String,
    pub count: usize,
    /// Of those, how many lowered the best still reachable.
    pub lost: usize,
    /// Weighted evidence points (the scenario's weights).
    pub weighted: i64,
}

impl OptionCount {
    /// Taken, it mostly lowered the best still reachable.
    pub fn is_weak(&self) -> bool {
        self.lost > 0 && self.lost * 2 >= self.count
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingCount {
    pub id: String,
    pub title: String,
    pub outcome: String,
    pub count: usize,
}

/// A turning point many attempts share: the decision, and the option that would have kept
/// the best still reachable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    pub node: String,
    pub keep_id: String,
    pub keep: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerProgress {
    pub learner: String,
    pub attempts: usize,
    pub first: u32,
    pub latest: u32,
    pub best: u32,
    /// Latest minus first.
    pub change: i64,
}

impl Spread {
    pub fn of(id: &str, name: &str, scores: &mut [u32]) -> Spread {
        scores.sort_unstable();
        let at = |q: f64| -> u32 {
            if scores.is_empty() {
                return 0;
            }
            scores[((scores.len() - 1) as f64 * q).round() as usize]
        };
        let mut buckets = [0; 5];
        for &s in scores.iter() {
            buckets[(s / 20).min(4) as usize] += 1;
        }
        Spread {
            id: id.into(),
            name: name.into(),
            n: scores.len(),
            min: at(0.0),
            q1: at(0.25),
            median: at(0.5),
            q3: at(0.75),
            max: at(1.0),
            buckets,
        }
    }
}

/// Builds the cohort from attempts; `story` finds each scenario (at the version played).
pub fn build<'a>(
    source: &str,
    mut attempts: Vec<Attempt>,
    story: impl Fn(&str, u32) -> Option<&'a Story>,
    skipped: Vec<String>,
) -> Cohort {
    // A learner's attempts in the order made: by time where known, else as found.
    attempts.sort_by_key(|a| (a.scenario.clone(), a.version, a.learner.clone(), a.when));
    let learners: std::collections::BTreeSet<&str> = attempts.iter().map(|a| a.learner.as_str()).collect();
    let learners = learners.len();
    let total = attempts.len();
    let mut by_scenario: BTreeMap<(String, u32), Vec<Attempt>> = BTreeMap::new();
    for a in attempts {
        by_scenario
            .entry((a.scenario.clone(), a.version))
            .or_default()
            .push(a);
    }
    let mut scenarios = Vec::new();
    for ((id, version), list) in by_scenario {
        let Some(s) = story(&id, version) else { continue };
        scenarios.push(scenario_cohort(s, &list));
    }
    Cohort {
        source: source.into(),
        learners,
        attempts: total,
        scenarios,
        skipped,
    }
}

fn scenario_cohort(s: &Story, list: &[Attempt]) -> ScenarioCohort {
    let mut per_learner: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in list {
        per_learner.entry(&a.learner).or_default().push(a);
    }
    let latest: Vec<&RunReport> = per_learner.values().map(|v| &v.last().unwrap().run).collect();
    let mut overall: Vec<u32> = latest.iter().map(|r| r.overall).collect();
    let skills = s
        .assesses
        .iter()
        .map(|(skill, _)| {
            let name = latest
                .iter()
                .flat_map(|r| &r.skills)
                .find(|k| &k.id == skill)
                .map_or(skill.clone(), |k| k.name.clone());
            let mut scores: Vec<u32> = latest
                .iter()
                .filter_map(|r| r.skills.iter().find(|k| &k.id == skill).and_then(|k| k.score))
                .collect();
            Spread::of(skill, &name, &mut scores)
        })
        .collect();
    ScenarioCohort {
        id: s.id.clone(),
        version: s.version,
        title: s.title.clone(),
        learners: per_learner.len(),
        attempts: list.len(),
        overall: Spread::of("overall", "Overall", &mut overall),
        skills,
        decisions: splits(s, &latest),
        endings: endings(s, list),
        turning: recurring(list),
        progress: per_learner
            .iter()
            .map(|(learner, v)| {
                let scores: Vec<u32> = v.iter().map(|a| a.run.overall).collect();
                let (first, last) = (scores[0], *scores.last().unwrap());
                LearnerProgress {
                    learner: learner.to_string(),
                    attempts: scores.len(),
                    first,
                    latest: last,
                    best: scores.iter().copied().max().unwrap_or(0),
                    change: i64::from(last) - i64::from(first),
                }
            })
            .collect(),
    }
}

fn splits(s: &Story, latest: &[&RunReport]) -> Vec<Split> {
    // Decisions in the order the scenario's nodes are written; options as first offered.
    let mut at: BTreeMap<&str, (usize, Vec<OptionCount>)> = BTreeMap::new();
    for r in latest {
        for d in &r.decisions {
            let fell = r
                .turning
                .decisions
                .iter()
                .find(|j| j.number == d.number)
                .and_then(|j| Some((j.before?, j.after?)))
                .is_some_and(|(b, a)| a.score < b.score || worse(a.outcome, b.outcome));
            let (reached, options) = at.entry(&d.node).or_default();
            *reached += 1;
            for o in &d.options {
                if !options.iter().any(|c| c.choice_id == o.choice_id) {
                    let weighted = s.choice(&o.choice_id).map_or(0, |(_, c)| choice_weighted(s, c));
                    options.push(OptionCount {
                        choice_id: o.choice_id.clone(),
                        text: o.text.clone(),
                        count: 0,
                        lost: 0,
                        weighted,
                    });
                }
            }
            match options.iter_mut().find(|c| c.choice_id == d.choice_id) {
                Some(c) => {
                    c.count += 1;
                    c.lost += usize::from(fell);
                }
                None => options.push(OptionCount {
                    choice_id: d.choice_id.clone(),
                    text: d.choice_text.clone(),
                    count: 1,
                    lost: usize::from(fell),
                    weighted: s.choice(&d.choice_id).map_or(0, |(_, c)| choice_weighted(s, c)),
                }),
            }
        }
    }
    let order: BTreeMap<&str, usize> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut out: Vec<Split> = at
        .into_iter()
        .map(|(node, (reached, options))| {
            let common_weak = options
                .iter()
                .filter(|o| o.is_weak())
                .max_by_key(|o| (o.lost, o.count))
                .map(|o| o.choice_id.clone());
            Split {
                prompt: s.node(node).and_then(|n| n.prompt.clone()),
                node: node.to_string(),
                reached,
                options,
                common_weak,
            }
        })
        .collect();
    out.sort_by_key(|d| order.get(d.node.as_str()).copied().unwrap_or(usize::MAX));
    out
}

/// `a` is a worse outcome than `b`.
fn worse(a: crate::engine::model::Outcome, b: crate::engine::model::Outcome) -> bool {
    use crate::engine::model::Outcome::*;
    let rank = |o| match o {
        Success => 2,
        Partial => 1,
        Failure => 0,
    };
    rank(a) < rank(b)
}

fn endings(s: &Story, list: &[Attempt]) -> Vec<EndingCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in list {
        if let Some(e) = &a.run.ending {
            *counts.entry(&e.id).or_default() += 1;
        }
    }
    s.endings
        .iter()
        .map(|e| EndingCount {
            id: e.id.clone(),
            title: e.title.clone(),
            outcome: e.outcome.label().to_string(),
            count: counts.get(e.id.as_str()).copied().unwrap_or(0),
        })
        .collect()
}

fn recurring(list: &[Attempt]) -> Vec<Recurring> {
    let mut counts: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    for a in list {
        for t in &a.run.turning.points {
            let e = counts
                .entry((t.node.clone(), t.keep_id.clone()))
                .or_insert((t.keep_text.clone(), 0));
            e.1 += 1;
        }
    }
    let mut out: Vec<Recurring> = counts
        .into_iter()
        .map(|((node, keep_id), (keep, count))| Recurring {
            node,
            keep_id,
            keep,
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.node.cmp(&b.node)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_have_quartiles_and_buckets() {
        let mut s = vec![90, 10, 50, 70, 30];
        let sp = Spread::of("x", "X", &mut s);
        assert_eq!((sp.min, sp.q1, sp.median, sp.q3, sp.max), (10, 30, 50, 70, 90));
        assert_eq!(sp.buckets, [1, 1, 1, 1, 1]);
        let sp = Spread::of("x", "X", &mut []);
        assert_eq!((sp.n, sp.median), (0, 0));
    }
}
