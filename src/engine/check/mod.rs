//! Validation of a parsed scenario, one pass per concern. Returns every problem found.

use crate::engine::diagnostic::{Code, Diagnostic, Pos, did_you_mean};
use crate::engine::locate::{LazyLocator, Locator, Span};
use crate::engine::model::{Cmp, Condition, Effect, Scenario, SkillFramework, Then, Variable};
use foldhash::fast::FixedState;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Hash tables for the short ids validation looks up, with foldhash (SipHash's per-lookup
/// setup was a visible share of validation; ids come from a local file, so hash flooding is
/// no concern).
type IdMap<K, V> = HashMap<K, V, FixedState>;
type IdSet<K> = HashSet<K, FixedState>;

/// Where each element of the scenario sits in the source, aligned with the model's vectors.
struct Spans {
    root: Span,
    nodes: Vec<Span>,
    /// Per node: the items of its `then` list (choices or branches).
    arms: Vec<Vec<Span>>,
    characters: Vec<Span>,
    variables: Vec<Span>,
    endings: Vec<Span>,
}

impl Spans {
    fn of(loc: &Locator) -> Self {
        let root = loc.root();
        let list = |name: &str| loc.field(root, name).map(|v| loc.items(v)).unwrap_or_default();
        let nodes = list("nodes");
        let arms = nodes
            .iter()
            .map(|n| loc.field(*n, "then").map(|t| loc.items(t)).unwrap_or_default())
            .collect();
        Spans {
            root,
            nodes,
            arms,
            characters: list("characters"),
            variables: list("variables"),
            endings: list("endings"),
        }
    }
}

/// An element of the scenario that a diagnostic points into, resolved to a source position
/// only when the diagnostic is emitted (a scenario that checks clean never tokenizes).
#[derive(Debug, Clone, Copy)]
enum El {
    /// The whole file.
    Root,
    Node(usize),
    /// Choice or branch `j` of node `i` (the node itself when the item is not found).
    Arm(usize, usize),
    Character(usize),
    Variable(usize),
    Ending(usize),
    /// The `assesses` list.
    Assesses,
}

struct Ctx<'a> {
    file: &'a str,
    s: &'a Scenario,
    skills: Option<&'a SkillFramework>,
    /// Positions, worked out only when a diagnostic needs one.
    lazy: &'a LazyLocator,
    spans: std::cell::OnceCell<Spans>,
    /// Every node id and every choice id, for reference checks.
    node_ids: IdSet<&'a str>,
    choice_ids: IdSet<&'a str>,
    out: Vec<Diagnostic>,
}

/// Validates a scenario. `skills` is the framework it may score (skip skill checks when `None`).
pub fn scenario(
    file: &str,
    s: &Scenario,
    skills: Option<&SkillFramework>,
    loc: &LazyLocator,
) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        file,
        s,
        skills,
        lazy: loc,
        spans: std::cell::OnceCell::new(),
        node_ids: s.nodes.iter().map(|n| n.id.as_str()).collect(),
        choice_ids: s
            .nodes
            .iter()
            .flat_map(|n| match &n.then {
                Then::Choices(cs) => cs.as_slice(),
                _ => &[],
            })
            .map(|c| c.id.as_str())
            .collect(),
        out: Vec::new(),
    };
    cx.metadata();
    cx.ids();
    cx.references();
    cx.structure();
    cx.reachability();
    cx.conditions();
    cx.evidence();
    cx.texts();
    crate::engine::diagnostic::sort(&mut cx.out);
    cx.out
}

/// Validates the skill framework.
pub fn skills(file: &str, f: &SkillFramework, lazy: &LazyLocator) -> Vec<Diagnostic> {
    let items: std::cell::OnceCell<Vec<Span>> = std::cell::OnceCell::new();
    // Where skill `i`'s id is, worked out only for a diagnostic.
    let at = |i: usize| {
        let loc = lazy.get();
        let items = items.get_or_init(|| {
            loc.field(loc.root(), "skills")
                .map(|v| loc.items(v))
                .unwrap_or_default()
        });
        let span = items.get(i).copied().unwrap_or(loc.root());
        loc.field(span, "id").map_or(loc.pos(span), |v| loc.pos(v))
    };
    let mut out = Vec::new();
    let mut seen = IdSet::default();
    for (i, sk) in f.skills.iter().enumerate() {
        if !valid_id(&sk.id) {
            out.push(bad_id(file, at(i), "skill", &sk.id));
        }
        if !seen.insert(sk.id.as_str()) {
            out.push(
                Diagnostic::error(
                    file,
                    at(i),
                    Code::DuplicateId,
                    format!("skill id `{}` is used twice", sk.id),
                )
                .help("give every skill its own id"),
            );
        }
        for (field, text) in [
            ("name", &sk.name),
            ("description", &sk.description),
            ("weak", &sk.anchors.weak),
            ("competent", &sk.anchors.competent),
            ("strong", &sk.anchors.strong),
        ] {
            if text.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        file,
                        at(i),
                        Code::EmptyText,
                        format!("skill `{}` has an empty `{field}`", sk.id),
                    )
                    .help("write it: trainers and players read it on the debrief"),
                );
            }
        }
    }
    if f.skills.is_empty() {
        out.push(
            Diagnostic::error(
                file,
                lazy.get().pos(lazy.get().root()),
                Code::NoSkills,
                "the framework defines no skills",
            )
            .help("add at least one skill"),
        );
    }
    out
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn bad_id(file: &str, pos: Pos, what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        pos,
        Code::BadId,
        format!("{what} id `{id}` is not a valid id"),
    )
    .help("use 1–64 lowercase letters, digits, `_` or `-`, e.g. `ceo_call`")
}

impl<'a> Ctx<'a> {
    fn loc(&self) -> &Locator {
        self.lazy.get()
    }
    fn sp(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::of(self.lazy.get()))
    }
    /// Where element `el` is in the source (the whole file when it cannot be found).
    fn span(&self, el: El) -> Span {
        let sp = self.sp();
        let found = match el {
            El::Root => None,
            El::Node(i) => sp.nodes.get(i).copied(),
            El::Arm(i, j) => sp.arms.get(i).and_then(|a| a.get(j)).or(sp.nodes.get(i)).copied(),
            El::Character(i) => sp.characters.get(i).copied(),
            El::Variable(i) => sp.variables.get(i).copied(),
            El::Ending(i) => sp.endings.get(i).copied(),
            El::Assesses => self.loc().field(sp.root, "assesses"),
        };
        found.unwrap_or(sp.root)
    }
    /// The position of field `name` in `el`, or of the element itself.
    fn at_field(&self, el: El, name: &str) -> Pos {
        let span = self.span(el);
        self.loc()
            .field(span, name)
            .map_or(self.loc().pos(span), |v| self.loc().pos(v))
    }
    /// The position of the string `value` in `el`, or of the element itself.
    fn at_str(&self, el: El, value: &str) -> Pos {
        let span = self.span(el);
        self.loc()
            .string(span, value)
            .map_or(self.loc().pos(span), |v| self.loc().pos(v))
    }
    fn error(&mut self, pos: Pos, code: Code, msg: String, help: String) {
        self.out
            .push(Diagnostic::error(self.file, pos, code, msg).help(help));
    }
    fn warn(&mut self, pos: Pos, code: Code, msg: String, help: String) {
        self.out
            .push(Diagnostic::warning(self.file, pos, code, msg).help(help));
    }

    fn skill_ids(&self) -> Option<Vec<&'a str>> {
        self.skills
            .map(|f| f.skills.iter().map(|s| s.id.as_str()).collect())
    }

    // ---- pass: metadata -------------------------------------------------------------
    fn metadata(&mut self) {
        let s = self.s;
        let root = El::Root;
        let stem = self.file.rsplit(['/', '\\']).next().unwrap_or(self.file);
        if let Some(stem) = stem.strip_suffix(".ron")
            && stem != s.id
        {
            self.error(
                self.at_field(root, "id"),
                Code::IdMismatch,
                format!(
                    "the scenario id `{}` does not match the file name `{stem}.ron`",
                    s.id
                ),
                format!("rename the file to `{}.ron` or set `id: \"{stem}\"`", s.id),
            );
        }
        for (field, text) in [
            ("title", &s.title),
            ("summary", &s.summary),
            ("role", &s.role),
            ("setting", &s.setting),
        ] {
            if text.trim().is_empty() {
                self.error(
                    self.at_field(root, field),
                    Code::EmptyText,
                    format!("the scenario's `{field}` is empty"),
                    "it is shown on the library card and the briefing".into(),
                );
            }
        }
        if s.minutes == 0 {
            self.warn(
                self.at_field(root, "minutes"),
                Code::NoDuration,
                "`minutes` is 0".into(),
                "give the estimated minutes one play takes".into(),
            );
        }
        if s.objectives.is_empty() {
            self.warn(
                self.at_field(root, "objectives"),
                Code::NoObjectives,
                "the scenario lists no learning objectives".into(),
                "say in one line each what a player should take away".into(),
            );
        }
        if s.debrief_questions.is_empty() {
            self.warn(
                self.at_field(root, "debrief_questions"),
                Code::NoDebriefQuestions,
                "the scenario has no debrief questions".into(),
                "add two or three questions a facilitator can ask the room afterwards".into(),
            );
        }
        let assesses = El::Assesses;
        if s.assesses.is_empty() {
            self.error(
                self.at_field(root, "assesses"),
                Code::NoAssessedSkills,
                "the scenario assesses no skills".into(),
                "list the dimensions it assesses with weights, e.g. `assesses: [(\"negotiation\", 2)]`"
                    .into(),
            );
        }
        let known = self.skill_ids();
        let mut seen = IdSet::default();
        for (skill, weight) in &s.assesses {
            if !seen.insert(skill.as_str()) {
                self.error(
                    self.at_str(assesses, skill),
                    Code::DuplicateId,
                    format!("skill `{skill}` is assessed twice"),
                    "list it once".into(),
                );
            }
            if *weight == 0 {
                self.warn(
                    self.at_str(assesses, skill),
                    Code::ZeroWeight,
                    format!("skill `{skill}` has weight 0 and does not count in the overall score"),
                    "give it a weight of 1 or more, or remove it".into(),
                );
            }
            if let Some(known) = &known
                && !known.contains(&skill.as_str())
            {
                let pos = self.at_str(assesses, skill);
                self.unknown(pos, "skill", skill, known.iter().copied(), "assets/skills.ron");
            }
        }
    }

    fn unknown<'k>(
        &mut self,
        pos: Pos,
        what: &str,
        id: &str,
        known: impl IntoIterator<Item = &'k str> + Clone,
        whereto: &str,
    ) {
        let hint = match did_you_mean(id, known.clone()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                let list: Vec<_> = known.into_iter().take(12).collect();
                if list.is_empty() {
                    format!("define it in {whereto}")
                } else {
                    format!("define it in {whereto}, or use one of: {}", list.join(", "))
                }
            }
        };
        self.error(
            pos,
            Code::MissingTarget,
            format!("there is no {what} `{id}`"),
            hint,
        );
    }

    // ---- pass: ids ------------------------------------------------------------------
    fn ids(&mut self) {
        let s = self.s;
        let mut checks: Vec<(&str, &str, El)> = Vec::new();
        for (i, n) in s.nodes.iter().enumerate() {
            checks.push(("node", &n.id, El::Node(i)));
        }
        for (i, c) in s.characters.iter().enumerate() {
            checks.push(("character", &c.id, El::Character(i)));
        }
        for (i, v) in s.variables.iter().enumerate() {
            checks.push(("variable", v.id(), El::Variable(i)));
        }
        for (i, e) in s.endings.iter().enumerate() {
            checks.push(("ending", &e.id, El::Ending(i)));
        }
        let mut arms: Vec<(&str, &str, El)> = Vec::new();
        for (i, n) in s.nodes.iter().enumerate() {
            match &n.then {
                Then::Choices(cs) => {
                    for (j, c) in cs.iter().enumerate() {
                        arms.push(("choice", &c.id, El::Arm(i, j)));
                    }
                }
                Then::Random(bs) => {
                    for (j, b) in bs.iter().enumerate() {
                        arms.push(("branch", &b.id, El::Arm(i, j)));
                    }
                }
                _ => {}
            }
        }
        if !valid_id(&s.id) {
            let d = bad_id(self.file, self.at_field(El::Root, "id"), "scenario", &s.id);
            self.out.push(d);
        }
        // Node, character, variable and ending ids are unique within their kind;
        // choice and branch ids share one namespace across the scenario (saves refer to them).
        let mut groups: Vec<Vec<(&str, &str, El)>> = Vec::new();
        for kind in ["node", "character", "variable", "ending"] {
            groups.push(checks.iter().filter(|c| c.0 == kind).cloned().collect());
        }
        groups.push(arms);
        for group in groups {
            let mut first: IdMap<&str, El> = IdMap::with_capacity_and_hasher(group.len(), Default::default());
            for (kind, id, el) in group {
                if !valid_id(id) {
                    let d = bad_id(self.file, self.at_field(el, "id"), kind, id);
                    self.out.push(d);
                }
                if let Some(&p) = first.get(id) {
                    let line = self.at_field(p, "id").line;
                    self.error(
                        self.at_field(el, "id"),
                        Code::DuplicateId,
                        format!("{kind} id `{id}` is already used at line {line}"),
                        "ids must be unique; rename one of them".into(),
                    );
                } else {
                    first.insert(id, el);
                }
            }
        }
    }

    // ---- pass: references -----------------------------------------------------------
    fn references(&mut self) {
        let s = self.s;
        let nodes: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let endings: Vec<&str> = s.endings.iter().map(|e| e.id.as_str()).collect();
        let known_skills = self.skill_ids();
        if !self.node_ids.contains(s.start.as_str()) {
            let pos = self.at_field(El::Root, "start");
            self.unknown(pos, "node", &s.start, nodes.iter().copied(), "`nodes`");
        }
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            self.effects_refs(span, &n.effects);
            for b in &n.beats {
                if let Some(who) = b.speaker()
                    && s.character(who).is_none()
                {
                    let pos = self.at_str(span, who);
                    let known: Vec<&str> = s.characters.iter().map(|c| c.id.as_str()).collect();
                    self.unknown(pos, "character", who, known.iter().copied(), "`characters`");
                }
                if let Some(c) = b.when() {
                    self.condition_refs(span, c);
                }
            }
            match &n.then {
                Then::Goto(t) => {
                    if !self.node_ids.contains(t.as_str()) {
                        let pos = self.at_str(span, t);
                        self.unknown(pos, "node", t, nodes.iter().copied(), "`nodes`");
                    }
                }
                Then::End(e) => {
                    if s.ending(e).is_none() {
                        let pos = self.at_str(span, e);
                        self.unknown(pos, "ending", e, endings.iter().copied(), "`endings`");
                    }
                }
                Then::Choices(cs) => {
                    for (j, c) in cs.iter().enumerate() {
                        let arm = El::Arm(i, j);
                        if !self.node_ids.contains(c.next.as_str()) {
                            let pos = self.at_field(arm, "next");
                            self.unknown(pos, "node", &c.next, nodes.iter().copied(), "`nodes`");
                        }
                        self.effects_refs(arm, &c.effects);
                        if let Some(w) = &c.when {
                            self.condition_refs(arm, w);
                        }
                        if let Some(known) = &known_skills {
                            for e in &c.skills {
                                if !known.contains(&e.skill.as_str()) {
                                    let pos = self.at_str(arm, &e.skill);
                                    self.unknown(
                                        pos,
                                        "skill",
                                        &e.skill,
                                        known.iter().copied(),
                                        "assets/skills.ron",
                                    );
                                }
                            }
                        }
                    }
                }
                Then::Random(bs) => {
                    for (j, b) in bs.iter().enumerate() {
                        let arm = El::Arm(i, j);
                        if !self.node_ids.contains(b.next.as_str()) {
                            let pos = self.at_field(arm, "next");
                            self.unknown(pos, "node", &b.next, nodes.iter().copied(), "`nodes`");
                        }
                        self.effects_refs(arm, &b.effects);
                        if let Some(w) = &b.when {
                            self.condition_refs(arm, w);
                        }
                    }
                }
            }
        }
    }

    fn effects_refs(&mut self, span: El, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Trust(who, _) => self.character_ref(span, who),
                Effect::Add(v, _) | Effect::Set(v, _) => self.var_ref(span, v, false),
                Effect::Flag(v, _) => self.var_ref(span, v, true),
            }
        }
    }

    fn character_ref(&mut self, span: El, who: &str) {
        if self.s.character(who).is_none() {
            let pos = self.at_str(span, who);
            let known: Vec<&str> = self.s.characters.iter().map(|c| c.id.as_str()).collect();
            self.unknown(pos, "character", who, known.iter().copied(), "`characters`");
        }
    }

    fn var_ref(&mut self, span: El, v: &str, flag: bool) {
        match self.s.variable(v) {
            None => {
                let pos = self.at_str(span, v);
                let known: Vec<&str> = self.s.variables.iter().map(|v| v.id()).collect();
                self.unknown(pos, "variable", v, known.iter().copied(), "`variables`");
            }
            Some(Variable::Int { .. }) if flag => self.error(
                self.at_str(span, v),
                Code::WrongVariableType,
                format!("`{v}` is an integer variable, used here as a flag"),
                format!("compare it with `Var(\"{v}\", Gt, 0)`, change it with `Add`/`Set`, or declare it as `Flag`"),
            ),
            Some(Variable::Flag { .. }) if !flag => self.error(
                self.at_str(span, v),
                Code::WrongVariableType,
                format!("`{v}` is a flag, used here as an integer"),
                format!("test it with `Flag(\"{v}\")`, set it with `Flag(\"{v}\", true)`, or declare it as `Int`"),
            ),
            Some(_) => {}
        }
    }

    fn condition_refs(&mut self, span: El, c: &Condition) {
        match c {
            Condition::Var(v, _, _) => self.var_ref(span, v, false),
            Condition::Flag(v) => self.var_ref(span, v, true),
            Condition::Trust(who, _, _) => self.character_ref(span, who),
            Condition::Visited(n) => {
                if !self.node_ids.contains(n.as_str()) {
                    let pos = self.at_str(span, n);
                    let known: Vec<&str> = self.s.nodes.iter().map(|n| n.id.as_str()).collect();
                    self.unknown(pos, "node", n, known.iter().copied(), "`nodes`");
                }
            }
            Condition::Chose(ch) => {
                if !self.choice_ids.contains(ch.as_str()) {
                    let pos = self.at_str(span, ch);
                    let known: Vec<&str> = self.s.choices().map(|(_, c)| c.id.as_str()).collect();
                    self.unknown(pos, "choice", ch, known.iter().copied(), "a node's `Choices`");
                }
            }
            Condition::All(cs) | Condition::Any(cs) => {
                for c in cs {
                    self.condition_refs(span, c);
                }
            }
            Condition::Not(c) => self.condition_refs(span, c),
        }
    }

    // ---- pass: structure ------------------------------------------------------------
    fn structure(&mut self) {
        let s = self.s;
        for (i, ch) in s.characters.iter().enumerate() {
            if !(0..=100).contains(&ch.trust) {
                let pos = self.at_field(El::Character(i), "trust");
                self.error(
                    pos,
                    Code::TrustOutOfRange,
                    format!(
                        "`{}` starts with trust {}; trust runs from 0 to 100",
                        ch.id, ch.trust
                    ),
                    "use a number from 0 (none) to 100 (complete)".into(),
                );
            }
        }
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            match &n.then {
                Then::Choices(cs) => {
                    if cs.is_empty() {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!("node `{}` offers no choices", n.id),
                            "add choices, or use `Goto(\"node\")` or `End(\"ending\")`".into(),
                        );
                    }
                    if cs.iter().all(|c| c.timeout_only) && n.timer.is_none() && !cs.is_empty() {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!(
                                "every choice of node `{}` is `timeout_only` and the node has no timer",
                                n.id
                            ),
                            "offer at least one choice, or add a `timer`".into(),
                        );
                    }
                    for (j, c) in cs.iter().enumerate() {
                        let is_timeout = n.timer.as_ref().is_some_and(|t| t.timeout == c.id);
                        if c.timeout_only && !is_timeout {
                            let pos = self.at_field(El::Arm(i, j), "timeout_only");
                            self.warn(
                                pos,
                                Code::NeverOffered,
                                format!(
                                    "choice `{}` is `timeout_only` but is not the node's timeout choice",
                                    c.id
                                ),
                                "name it in the node's `timer`, or remove `timeout_only`".into(),
                            );
                        }
                    }
                }
                Then::Random(bs) => {
                    let total: u64 = bs.iter().map(|b| u64::from(b.weight)).sum();
                    if total == 0 {
                        self.error(
                            self.at_field(span, "then"),
                            Code::DeadEnd,
                            format!("random node `{}` has no branch with a weight above 0", n.id),
                            "add branches with positive weights".into(),
                        );
                    }
                }
                _ => {}
            }
            if let Some(t) = &n.timer {
                match &n.then {
                    Then::Choices(cs) => {
                        if !cs.iter().any(|c| c.id == t.timeout) {
                            let known: Vec<&str> = cs.iter().map(|c| c.id.as_str()).collect();
                            let pos = self.at_str(span, &t.timeout);
                            let hint = match did_you_mean(&t.timeout, known.iter().copied()) {
                                Some(k) => format!("did you mean `{k}`?"),
                                None => format!("name one of this node's choices: {}", known.join(", ")),
                            };
                            self.error(
                                pos,
                                Code::MissingTimeoutChoice,
                                format!(
                                    "the timer's timeout choice `{}` is not a choice of node `{}`",
                                    t.timeout, n.id
                                ),
                                hint,
                            );
                        }
                    }
                    _ => self.error(
                        self.at_field(span, "timer"),
                        Code::TimerWithoutChoices,
                        format!("node `{}` has a timer but no choices", n.id),
                        "timers belong on `Choices` nodes; remove the timer".into(),
                    ),
                }
                if t.seconds == 0 {
                    self.error(
                        self.at_field(span, "timer"),
                        Code::ZeroTimer,
                        format!("the timer of node `{}` is 0 seconds", n.id),
                        "give the player at least a few seconds, e.g. `seconds: 20`".into(),
                    );
                }
            }
        }
        if !s
            .endings
            .iter()
            .any(|e| e.outcome == crate::engine::model::Outcome::Success)
            && !s.endings.is_empty()
        {
            self.warn(
                self.at_field(El::Root, "endings"),
                Code::NoSuccessEnding,
                "no ending has outcome `Success`".into(),
                "players need a way to see what good looks like".into(),
            );
        }
        if s.endings.is_empty() {
            self.error(
                self.at_field(El::Root, "endings"),
                Code::NoEndings,
                "the scenario has no endings".into(),
                "add at least one ending and reach it with `End(\"id\")`".into(),
            );
        }
    }

    // ---- pass: reachability and loops -----------------------------------------------
    fn reachability(&mut self) {
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

    // ---- pass: conditions that can never hold ---------------------------------------
    fn conditions(&mut self) {
        let facts = Facts::of(self.s);
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            for (k, b) in n.beats.iter().enumerate() {
                if let Some(c) = b.when()
                    && facts.eval(c) == Some(false)
                {
                    self.warn(
                        self.at_str(span, b.text()),
                        Code::NeverHolds,
                        format!(
                            "beat {} of node `{}` is never shown: its condition can never hold",
                            k + 1,
                            n.id
                        ),
                        facts.why_never(c),
                    );
                }
            }
            match &n.then {
                Then::Choices(cs) => {
                    for (j, c) in cs.iter().enumerate() {
                        if let Some(w) = &c.when
                            && facts.eval(w) == Some(false)
                        {
                            self.warn(
                                self.at_field(El::Arm(i, j), "when"),
                                Code::NeverHolds,
                                format!("choice `{}` is never offered: its condition can never hold", c.id),
                                facts.why_never(w),
                            );
                        }
                    }
                }
                Then::Random(bs) => {
                    for (j, b) in bs.iter().enumerate() {
                        if let Some(w) = &b.when
                            && facts.eval(w) == Some(false)
                        {
                            self.warn(
                                self.at_field(El::Arm(i, j), "when"),
                                Code::NeverHolds,
                                format!("branch `{}` is never taken: its condition can never hold", b.id),
                                facts.why_never(w),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    // ---- pass: skill evidence and coaching ------------------------------------------
    fn evidence(&mut self) {
        let s = self.s;
        let assessed: IdSet<&str> = s.assesses.iter().map(|(k, _)| k.as_str()).collect();
        let known = self.skill_ids();
        let mut scored: BTreeSet<&str> = BTreeSet::new();
        for (i, n) in s.nodes.iter().enumerate() {
            let Then::Choices(cs) = &n.then else { continue };
            for (j, c) in cs.iter().enumerate() {
                let arm = El::Arm(i, j);
                if c.skills.is_empty() {
                    self.warn(
                        self.at_field(arm, "id"),
                        Code::NoEvidence,
                        format!("choice `{}` shows nothing about any skill", c.id),
                        "add `skills: [(skill: \"…\", points: n, why: \"…\")]`; every decision should teach"
                            .into(),
                    );
                }
                if c.coach.trim().is_empty() {
                    self.warn(
                        self.at_field(arm, "id"),
                        Code::NoCoachNote,
                        format!("choice `{}` has no coach note", c.id),
                        "add `coach: \"…\"`, one or two sentences shown in coach mode".into(),
                    );
                }
                for (k, e) in c.skills.iter().enumerate() {
                    scored.insert(e.skill.as_str());
                    if c.skills[..k].iter().any(|earlier| earlier.skill == e.skill) {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::DuplicateEvidence,
                            format!("choice `{}` scores `{}` twice", c.id, e.skill),
                            "merge them into one entry with one rationale".into(),
                        );
                    }
                    if e.why.trim().is_empty() {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::NoRationale,
                            format!("choice `{}` scores `{}` without saying why", c.id, e.skill),
                            "add one sentence the learner can reuse, not a verdict like \"good communication\"".into(),
                        );
                    }
                    if e.points == 0 {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::ZeroPoints,
                            format!("choice `{}` gives 0 points for `{}`", c.id, e.skill),
                            "give signed points, or remove the entry".into(),
                        );
                    }
                    if !assessed.contains(e.skill.as_str())
                        && known.as_ref().is_none_or(|k| k.contains(&e.skill.as_str()))
                    {
                        self.warn(
                            self.at_str(arm, &e.skill),
                            Code::NotAssessed,
                            format!(
                                "choice `{}` scores `{}`, which the scenario does not assess",
                                c.id, e.skill
                            ),
                            format!(
                                "add `(\"{}\", 1)` to `assesses`, or score an assessed skill",
                                e.skill
                            ),
                        );
                    }
                }
            }
        }
        let assesses = El::Assesses;
        for (skill, _) in &s.assesses {
            if !scored.contains(skill.as_str()) {
                let pos = self.at_str(assesses, skill);
                self.warn(
                    pos,
                    Code::UnscoredSkill,
                    format!("the scenario assesses `{skill}` but no choice scores it"),
                    "score it on the choices that show it, or stop assessing it".into(),
                );
            }
        }
    }

    // ---- pass: text that the player would see empty ----------------------------------
    fn texts(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            let span = El::Node(i);
            if n.beats.iter().any(|b| b.text().trim().is_empty()) {
                self.error(
                    self.at_field(span, "beats"),
                    Code::EmptyText,
                    format!("node `{}` has a beat with no text", n.id),
                    "write the line, or delete the beat".into(),
                );
            }
            if let Then::Choices(cs) = &n.then {
                for (j, c) in cs.iter().enumerate() {
                    if c.text.trim().is_empty() {
                        self.error(
                            self.at_field(El::Arm(i, j), "text"),
                            Code::EmptyText,
                            format!("choice `{}` has no text", c.id),
                            "write what the player says or does".into(),
                        );
                    }
                }
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            for (field, text) in [
                ("title", &e.title),
                ("debrief", &e.debrief),
                ("strong_leader", &e.strong_leader),
            ] {
                if text.trim().is_empty() {
                    self.warn(
                        self.at_field(El::Ending(i), field),
                        Code::EmptyText,
                        format!("ending `{}` has an empty `{field}`", e.id),
                        "the debrief screen shows it; say what happened and what a strong leader would do"
                            .into(),
                    );
                }
            }
        }
    }
}

/// What can be known statically about values: which variables never change, which flag
/// values can occur, which characters' trust never moves.
struct Facts<'a> {
    s: &'a Scenario,
    changed_ints: IdSet<&'a str>,
    flag_values: IdMap<&'a str, IdSet<bool>>,
    trust_moves: IdSet<&'a str>,
}

impl<'a> Facts<'a> {
    fn of(s: &'a Scenario) -> Self {
        let mut f = Facts {
            s,
            changed_ints: IdSet::default(),
            flag_values: IdMap::default(),
            trust_moves: IdSet::default(),
        };
        for v in &s.variables {
            if let Variable::Flag { id, initial, .. } = v {
                f.flag_values.entry(id.as_str()).or_default().insert(*initial);
            }
        }
        let mut all: Vec<&Effect> = Vec::new();
        for n in &s.nodes {
            all.extend(n.effects.iter());
            match &n.then {
                Then::Choices(cs) => cs.iter().for_each(|c| all.extend(c.effects.iter())),
                Then::Random(bs) => bs.iter().for_each(|b| all.extend(b.effects.iter())),
                _ => {}
            }
        }
        for e in all {
            match e {
                Effect::Trust(who, d) if *d != 0 => {
                    f.trust_moves.insert(who.as_str());
                }
                Effect::Add(v, _) | Effect::Set(v, _) => {
                    f.changed_ints.insert(v.as_str());
                }
                Effect::Flag(v, b) => {
                    f.flag_values.entry(v.as_str()).or_default().insert(*b);
                }
                _ => {}
            }
        }
        f
    }

    /// `Some(b)` when the condition is known to always be `b`; `None` when it depends on play.
    fn eval(&self, c: &Condition) -> Option<bool> {
        match c {
            Condition::Var(v, cmp, n) => {
                if self.changed_ints.contains(v.as_str()) {
                    return None;
                }
                match self.s.variable(v) {
                    Some(Variable::Int { initial, .. }) => Some(cmp.holds(*initial, *n)),
                    _ => None,
                }
            }
            Condition::Flag(v) => {
                let vals = self.flag_values.get(v.as_str())?;
                if vals.len() == 1 {
                    vals.iter().next().copied()
                } else {
                    None
                }
            }
            Condition::Trust(who, cmp, n) => {
                if !self.trust_moves.contains(who.as_str()) {
                    let t = self.s.character(who)?.trust.clamp(0, 100);
                    return Some(cmp.holds(t, *n));
                }
                let any = (0..=100).any(|t| cmp.holds(t, *n));
                let every = (0..=100).all(|t| cmp.holds(t, *n));
                if !any {
                    Some(false)
                } else if every {
                    Some(true)
                } else {
                    None
                }
            }
            Condition::Visited(_) | Condition::Chose(_) => None,
            Condition::All(cs) => {
                let vals: Vec<_> = cs.iter().map(|c| self.eval(c)).collect();
                if vals.contains(&Some(false)) {
                    Some(false)
                } else if vals.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            Condition::Any(cs) => {
                let vals: Vec<_> = cs.iter().map(|c| self.eval(c)).collect();
                if vals.contains(&Some(true)) {
                    Some(true)
                } else if vals.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            Condition::Not(c) => self.eval(c).map(|b| !b),
        }
    }

    fn why_never(&self, c: &Condition) -> String {
        match c {
            Condition::Var(v, cmp, n) => format!(
                "`{v}` is never changed by any effect, so it is always {}; `{v} {} {n}` is false",
                self.s.variable(v).map(|v| v.initial()).map_or(0, |v| match v {
                    crate::engine::model::Value::Int(i) => i,
                    crate::engine::model::Value::Flag(b) => i64::from(b),
                }),
                cmp.symbol()
            ),
            Condition::Flag(v) => format!("no effect ever sets `{v}` to true and it starts false"),
            Condition::Trust(who, cmp, n)
                if matches!(cmp, Cmp::Gt | Cmp::Ge | Cmp::Lt | Cmp::Le | Cmp::Eq) && (*n < 0 || *n > 100) =>
            {
                format!(
                    "trust runs from 0 to 100, so `{who} {} {n}` is never true",
                    cmp.symbol()
                )
            }
            Condition::Trust(who, _, _) => {
                format!("no effect ever changes `{who}`'s trust, so this is decided at the start")
            }
            Condition::All(cs) => cs
                .iter()
                .find(|c| self.eval(c) == Some(false))
                .map_or_else(|| "one of its parts is never true".into(), |c| self.why_never(c)),
            _ => {
                "check the condition against the variables' starting values and the effects that change them"
                    .into()
            }
        }
    }
}
