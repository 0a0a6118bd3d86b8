//! Exporters: a scenario as an [Ink](https://www.inklestudios.com/ink/) story or a
//! [Yarn Spinner](https://yarnspinner.dev) script, so authors can take content to those tools.
//! Pure like the engine: a [`Scenario`] in, a `String` out; the command line writes the file.
//!
//! Both exports share one mapping and one writer ([`write`], over a [`Dialect`]):
//! - each node is a knot (Ink) or a node (Yarn) named after its id (`-` becomes `_`), and each
//!   ending is a knot or node `Ending_<id>` that sets `ending` to the ending's id and stops;
//! - narration is a plain line, speech is `Name: text`, a beat's `when` wraps it in a condition;
//! - choices are sticky options with their `when` as the option's condition; their effects,
//!   skill points (`skill_<id>`) and a `chose_<id>` flag (only for choices a condition tests)
//!   are set in the option's body;
//! - trust is one variable per character, `trust_<id>`, clamped to 0–100 like ours;
//! - `Visited` conditions read a `seen_<node>` flag set on entering the node;
//! - a random node sums the weights of its open branches and draws with the peer's own
//!   generator (Ink's `RANDOM`, Yarn's `dice`), so outcomes do not match ours seed for seed;
//!   `force_<node>` (0 by default) is a documented test hook: set it to `k` to take the node's
//!   `k`th branch (1-based, in file order) instead of drawing;
//! - neither peer has a clock, so a timed decision's timeout choice is exported as an ordinary
//!   option marked "(Time runs out after N s)" and the timer as a comment;
//! - exhibits are not exported as documents: each one a `Read` condition tests is a variable
//!   `read_<exhibit>` (0 by default; set it to 1 to stand for having opened it).

pub mod ink;
pub mod yarn;

use crate::engine::Story;
use crate::engine::analyze::Path;
use crate::engine::model::{Branch, Choice, Cmp, Condition, Effect, Node, Scenario, Then, Variable};
use crate::engine::step::{Flow, MAX_AUTO_STEPS, Walk, follow};
use crate::engine::story::{Next, NodeId};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The peer formats Rapport exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An Ink story (`.ink`), for inklecate, Inky and the Ink runtimes.
    Ink,
    /// A Yarn Spinner script (`.yarn`).
    Yarn,
}

impl Format {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Ink => "ink",
            Format::Yarn => "yarn",
        }
    }
}

/// The scenario as a script in `format`.
pub fn export(s: &Scenario, format: Format) -> String {
    match format {
        Format::Ink => ink::export(s),
        Format::Yarn => yarn::export(s),
    }
}

/// Words neither peer accepts as a name (or that read confusingly as one).
const RESERVED: &[&str] = &[
    "and", "or", "not", "xor", "mod", "has", "hasnt", "true", "false", "null", "temp", "return", "function",
    "ref", "else", "elseif", "endif", "if", "set", "declare", "jump", "call", "stop", "to", "is", "eq",
    "neq", "gt", "lt", "gte", "lte", "once", "endonce", "enum", "local",
];

/// An id as a name both peers accept: ASCII letters, digits and `_`, not starting with a digit.
fn mangle(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    name
}

/// Hands out names that are unique across knots and variables (Ink has one namespace for both).
#[derive(Default)]
struct Alloc(HashSet<String>);

impl Alloc {
    fn take(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 2;
        while RESERVED.contains(&name.as_str()) || self.0.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.0.insert(name.clone());
        name
    }
}

/// The names given to one kind of id (nodes, endings, variables, …), each `prefix` + the
/// mangled id unless that was taken.
struct Kind {
    prefix: &'static str,
    names: HashMap<String, String>,
}

impl Kind {
    fn new<'a>(alloc: &mut Alloc, prefix: &'static str, ids: impl IntoIterator<Item = &'a str>) -> Kind {
        let mut names = HashMap::new();
        for id in ids {
            if !names.contains_key(id) {
                names.insert(id.to_string(), alloc.take(format!("{prefix}{}", mangle(id))));
            }
        }
        Kind { prefix, names }
    }
    fn get(&self, id: &str) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("{}{}", self.prefix, mangle(id)))
    }
    fn tracked(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }
}

/// Every name an export uses, decided once per scenario so both formats agree.
pub struct Names {
    knots: Kind,
    endings: Kind,
    vars: Kind,
    trust: Kind,
    skills_by_id: Kind,
    /// Skill id → variable, in the order they are declared.
    pub skills: Vec<(String, String)>,
    seen: Kind,
    chose: Kind,
    force: Kind,
    read: Kind,
    /// Holds the id of the ending reached (empty until then).
    pub ending: String,
    /// Scratch variables for random draws.
    pub roll_total: String,
    pub roll_pick: String,
}

impl Names {
    pub fn new(s: &Scenario) -> Names {
        let mut alloc = Alloc::default();
        let knots = Kind::new(&mut alloc, "", s.nodes.iter().map(|n| n.id.as_str()));
        let endings = Kind::new(&mut alloc, "Ending_", s.endings.iter().map(|e| e.id.as_str()));
        let vars = Kind::new(&mut alloc, "", s.variables.iter().map(Variable::id));
        let trust = Kind::new(&mut alloc, "trust_", s.characters.iter().map(|c| c.id.as_str()));
        let skill_ids = skill_ids(s);
        let skills_by_id = Kind::new(&mut alloc, "skill_", skill_ids.iter().map(String::as_str));
        let (visited, chosen) = tracked(s);
        let seen = Kind::new(&mut alloc, "seen_", visited.iter().map(String::as_str));
        let chose = Kind::new(&mut alloc, "chose_", chosen.iter().map(String::as_str));
        let random = s.nodes.iter().filter(|n| matches!(n.then, Then::Random(_)));
        let force = Kind::new(&mut alloc, "force_", random.map(|n| n.id.as_str()));
        let read = Kind::new(&mut alloc, "read_", read_exhibits(s).iter().map(String::as_str));
        let skills = skill_ids
            .iter()
            .map(|k| (k.clone(), skills_by_id.get(k)))
            .collect();
        Names {
            knots,
            endings,
            vars,
            trust,
            skills_by_id,
            skills,
            seen,
            chose,
            force,
            read,
            ending: alloc.take("ending".into()),
            roll_total: alloc.take("roll_total".into()),
            roll_pick: alloc.take("roll_pick".into()),
        }
    }

    /// The knot (Ink) or node title (Yarn) of a node.
    pub fn knot(&self, node: &str) -> String {
        self.knots.get(node)
    }
    /// The knot or node title of an ending.
    pub fn ending_knot(&self, ending: &str) -> String {
        self.endings.get(ending)
    }
    /// A scenario variable.
    pub fn var(&self, id: &str) -> String {
        self.vars.get(id)
    }
    /// A character's trust.
    pub fn trust(&self, character: &str) -> String {
        self.trust.get(character)
    }
    /// A skill's points.
    pub fn skill(&self, skill: &str) -> String {
        self.skills_by_id.get(skill)
    }
    /// The flag set on entering `node`, if a condition tests it.
    pub fn seen(&self, node: &str) -> Option<&str> {
        self.seen.tracked(node)
    }
    /// The flag set when `choice` is taken, if a condition tests it.
    pub fn chose(&self, choice: &str) -> Option<&str> {
        self.chose.tracked(choice)
    }
    /// The variable that stands for having opened `exhibit`, if a condition tests it.
    pub fn read(&self, exhibit: &str) -> Option<&str> {
        self.read.tracked(exhibit)
    }
    /// The test hook of a random node.
    pub fn force(&self, node: &str) -> Option<&str> {
        self.force.tracked(node)
    }
    /// The tracking flags in a stable order: `seen_*` then `chose_*`.
    fn tracking(&self, s: &Scenario) -> Vec<String> {
        let (visited, chosen) = tracked(s);
        visited
            .iter()
            .filter_map(|n| self.seen(n))
            .chain(chosen.iter().filter_map(|c| self.chose(c)))
            .map(str::to_string)
            .collect()
    }
}

/// Assessed skills first, then any other skill a choice scores, each once.
fn skill_ids(s: &Scenario) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let scored = s.choices().flat_map(|(_, c)| c.skills.iter().map(|e| &e.skill));
    for k in s.assesses.iter().map(|(k, _)| k).chain(scored) {
        if !ids.contains(k) {
            ids.push(k.clone());
        }
    }
    ids
}

/// The exhibits a `Read` condition tests, in sorted order.
fn read_exhibits(s: &Scenario) -> BTreeSet<String> {
    fn walk(c: &Condition, out: &mut BTreeSet<String>) {
        match c {
            Condition::Read(x) => {
                out.insert(x.clone());
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, out)),
            Condition::Not(c) => walk(c, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for c in s.conditions() {
        walk(c, &mut out);
    }
    out
}

/// The nodes a `Visited` and the choices a `Chose` condition test, in sorted order.
fn tracked(s: &Scenario) -> (BTreeSet<String>, BTreeSet<String>) {
    fn walk(c: &Condition, v: &mut BTreeSet<String>, ch: &mut BTreeSet<String>) {
        match c {
            Condition::Visited(n) => {
                v.insert(n.clone());
            }
            Condition::Chose(c) => {
                ch.insert(c.clone());
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, v, ch)),
            Condition::Not(c) => walk(c, v, ch),
            Condition::Var(..) | Condition::Flag(_) | Condition::Trust(..) | Condition::Read(_) => {}
        }
    }
    let (mut v, mut ch) = (BTreeSet::new(), BTreeSet::new());
    for c in s.conditions() {
        walk(c, &mut v, &mut ch);
    }
    (v, ch)
}

/// One line of text: line breaks and runs of whitespace become single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line with `\\` before every character for which `special(i, prev, c, next)`
/// holds (`i` counts characters).
pub(crate) fn escape_with(
    text: &str,
    special: impl Fn(usize, Option<char>, char, Option<char>) -> bool,
) -> String {
    let text = one_line(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if special(i, prev, c, chars.get(i + 1).copied()) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What the peer shows for a choice: its text, or for a timer's timeout choice that is never
/// offered as a button, the text marked as what happens when time runs out.
pub fn option_text(node: &Node, c: &Choice) -> String {
    let text = one_line(&c.text);
    match &node.timer {
        Some(t) if c.timeout_only && t.timeout == c.id => {
            format!("(Time runs out after {} s) {text}", t.seconds)
        }
        _ if c.timeout_only => format!("(Never offered) {text}"),
        _ => text,
    }
}

/// The condition under which an exported option is offered: none for a timer's timeout choice
/// (the game takes it whatever its `when`), `false` for a timeout-only choice with no timer.
pub(crate) fn option_condition<'c>(node: &Node, c: &'c Choice) -> Option<Guard<'c>> {
    let is_timeout = node.timer.as_ref().is_some_and(|t| t.timeout == c.id);
    if c.timeout_only && is_timeout {
        None
    } else if c.timeout_only {
        Some(Guard::Never)
    } else {
        c.when.as_ref().map(Guard::When)
    }
}

pub(crate) enum Guard<'c> {
    When(&'c Condition),
    Never,
}

/// Writes conditions in the expression syntax both peers share (`and`, `or`, `not`, comparisons);
/// `sigil` is what precedes a variable name (`$` in Yarn, nothing in Ink).
pub(crate) struct Expr<'a> {
    pub names: &'a Names,
    pub sigil: &'static str,
    flags: HashSet<&'a str>,
}

impl<'a> Expr<'a> {
    pub fn new(s: &'a Scenario, names: &'a Names, sigil: &'static str) -> Self {
        let flags = s
            .variables
            .iter()
            .filter(|v| matches!(v, Variable::Flag { .. }))
            .map(Variable::id)
            .collect();
        Expr { names, sigil, flags }
    }

    pub fn v(&self, name: &str) -> String {
        format!("{}{name}", self.sigil)
    }

    pub fn is_flag(&self, var: &str) -> bool {
        self.flags.contains(var)
    }

    pub fn guard(&self, g: &Guard) -> String {
        match g {
            Guard::When(c) => self.cond(c),
            Guard::Never => "false".into(),
        }
    }

    pub fn cond(&self, c: &Condition) -> String {
        match c {
            Condition::Var(v, cmp, n) if self.is_flag(v) => {
                // A flag compared as a number reads 0 or 1: decide which of the two pass.
                let var = self.v(&self.names.var(v));
                match (cmp.holds(0, *n), cmp.holds(1, *n)) {
                    (true, true) => "true".into(),
                    (false, false) => "false".into(),
                    (false, true) => var,
                    (true, false) => format!("not {var}"),
                }
            }
            Condition::Var(v, cmp, n) => self.compare(&self.names.var(v), *cmp, *n),
            Condition::Flag(v) if !self.is_flag(v) => {
                format!("{} != 0", self.v(&self.names.var(v)))
            }
            Condition::Flag(v) => self.v(&self.names.var(v)),
            Condition::Trust(who, cmp, n) => self.compare(&self.names.trust(who), *cmp, *n),
            Condition::Visited(n) => self.names.seen(n).map_or("false".into(), |v| self.v(v)),
            Condition::Chose(c) => self.names.chose(c).map_or("false".into(), |v| self.v(v)),
            // Exhibits are not exported as documents (see the header): a 0/1 variable.
            Condition::Read(x) => self
                .names
                .read(x)
                .map_or("false".into(), |v| format!("{} != 0", self.v(v))),
            Condition::All(cs) => self.join(cs, " and ", "true"),
            Condition::Any(cs) => self.join(cs, " or ", "false"),
            // Never `(x)` around a lone name: Ink reads that as a list literal.
            Condition::Not(c) => match self.cond(c) {
                inner if inner.contains(' ') => format!("not ({inner})"),
                inner => format!("not {inner}"),
            },
        }
    }

    fn compare(&self, var: &str, cmp: Cmp, n: i64) -> String {
        format!("{} {} {n}", self.v(var), cmp.symbol())
    }

    fn join(&self, cs: &[Condition], op: &str, empty: &str) -> String {
        match cs {
            [] => empty.into(),
            [c] => self.cond(c),
            _ => format!(
                "({})",
                cs.iter().map(|c| self.cond(c)).collect::<Vec<_>>().join(op)
            ),
        }
    }
}

/// How to play one of our paths in an exported script, forcing its random branches through
/// the `force_<node>` test hook. Variable names are given without Yarn's `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playback {
    /// Hooks to set before the story starts (the draws before the first decision).
    pub start: Vec<(String, i64)>,
    /// Each decision: the option's text, and the hooks to set just before picking it (the
    /// draws on the way to the next decision or the ending).
    pub decisions: Vec<(String, Vec<(String, i64)>)>,
    /// The ending the path reaches.
    pub ending: String,
}

/// Turns a path (as `analyze` reports it: choice ids, random branch ids in order, ending)
/// into the options and hooks that replay it in an exported script.
pub fn playback(s: &Story, path: &Path) -> Result<Playback, String> {
    let names = Names::new(s);
    let mut walk = Forcing {
        s,
        names: &names,
        branches: path.branches.iter(),
        forced: Vec::new(),
        from: &s.start,
        chosen: 0,
    };
    let start = walk.between(s.start(), &s.start)?;
    let mut start = start;
    let mut decisions: Vec<(String, Vec<(String, i64)>)> = Vec::new();
    for id in &path.choices {
        // An exhibit opened at the coming decision: set its variable on the way there.
        if let Some(x) = crate::engine::analysis::exhibits::exhibit_step(id) {
            if let Some(var) = names.read(x) {
                let hooks = decisions.last_mut().map_or(&mut start, |d| &mut d.1);
                hooks.push((var.to_string(), 1));
            }
            continue;
        }
        let (node, c) = s.choice(id).ok_or_else(|| format!("no choice `{id}`"))?;
        decisions.push((option_text(node, c), walk.between(s.node_id(&c.next), &c.next)?));
    }
    if let Some(extra) = walk.branches.next() {
        return Err(format!("branch `{extra}` is never drawn on this path"));
    }
    Ok(Playback {
        start,
        decisions,
        ending: path.ending.clone(),
    })
}

/// A walk between two decisions of a path that takes the path's next branch at every random
/// node (the only one open), writing down the `force_<node>` hooks that make an export do so.
struct Forcing<'a> {
    s: &'a Story,
    names: &'a Names,
    branches: std::slice::Iter<'a, String>,
    forced: Vec<(String, i64)>,
    /// Where this stretch of the walk began (for the runaway message).
    from: &'a str,
    /// The branch the path takes at the random node in hand.
    chosen: usize,
}

impl<'a> Forcing<'a> {
    /// Walks from `target` (named `name`) to the next decision or the ending; the hooks set
    /// on the way.
    fn between(&mut self, target: Option<NodeId>, name: &'a str) -> Result<Vec<(String, i64)>, String> {
        self.from = name;
        follow(self, (target, name))?;
        Ok(std::mem::take(&mut self.forced))
    }

    fn branches(&self, node: NodeId) -> &'a [Branch] {
        match &self.s.at(node).then {
            Then::Random(bs) => bs,
            _ => &[],
        }
    }
}

impl<'a> Walk for Forcing<'a> {
    type Node = NodeId;
    type Target = (Option<NodeId>, &'a str);
    type Error = String;

    fn resolve(&self, target: Self::Target) -> Option<NodeId> {
        target.0
    }
    fn enter(&mut self, n: NodeId) -> Result<Flow<Self::Target>, String> {
        let s = self.s;
        Ok(match (&s.at(n).then, s.next(n)) {
            (Then::Choices(_), _) => Flow::Decide,
            (Then::End(_), _) => Flow::End,
            (Then::Goto(name), Next::Goto(t)) => Flow::Goto((*t, name)),
            (Then::Random(bs), _) => Flow::Random(bs.len()),
            _ => unreachable!("a story's edges follow its nodes"),
        })
    }
    fn can_decide(&self, _: NodeId) -> bool {
        true
    }
    fn open(&mut self, n: NodeId) -> Result<u64, String> {
        let node = &self.s.at(n).id;
        let id = self
            .branches
            .next()
            .ok_or_else(|| format!("the path has no branch for `{node}`"))?;
        let k = self
            .branches(n)
            .iter()
            .position(|b| &b.id == id)
            .ok_or_else(|| format!("`{id}` is not a branch of `{node}`"))?;
        let hook = self.names.force(node).expect("random nodes have a hook");
        let value = k as i64 + 1;
        if self.forced.iter().any(|(h, v)| h == hook && *v != value) {
            return Err(format!(
                "`{node}` draws twice between two decisions with different outcomes"
            ));
        }
        self.forced.push((hook.to_string(), value));
        self.chosen = k;
        Ok(1)
    }
    fn weight(&self, _: NodeId, k: usize) -> u64 {
        u64::from(k == self.chosen)
    }
    fn draw(&mut self, _: u64) -> u64 {
        0
    }
    fn take(&mut self, n: NodeId, k: usize) -> Self::Target {
        let Next::Random(targets) = self.s.next(n) else {
            unreachable!("only random nodes have branches")
        };
        (targets[k], &self.branches(n)[k].next)
    }
    fn missing(&self, (_, name): Self::Target) -> String {
        format!("no node `{name}`")
    }
    fn stuck(&self, n: NodeId) -> String {
        format!("no branch of `{}` is open", self.s.at(n).id)
    }
    fn runaway(&self, _: Self::Target) -> String {
        format!("no decision within {MAX_AUTO_STEPS} steps of `{}`", self.from)
    }
}

/// The syntax of one peer format; [`write`] does the rest. Variable names passed in already
/// carry the sigil (see [`Expr::v`]).
pub(crate) trait Dialect {
    const FORMAT: Format;
    /// What precedes a variable name.
    const SIGIL: &'static str;
    /// Ink has the header comment and declarations before the first knot; Yarn, which allows
    /// nothing outside a node but hashtags, at the top of the start node.
    const PREAMBLE_AT_TOP: bool;
    /// One line of text, escaped.
    fn text(&self, text: &str) -> String;
    fn declare(&self, var: &str, value: &str) -> String;
    fn set(&self, var: &str, value: &str) -> String;
    /// A variable that lives only while the node runs (Yarn has none: a global then).
    fn temp(&self, var: &str, value: &str) -> String;
    /// Changes trust by `delta` (non-zero), clamped to 0–100.
    fn trust(&self, var: &str, delta: i64) -> Vec<String>;
    fn if_open(&self, cond: &str) -> String;
    fn if_close(&self) -> &'static str;
    fn divert(&self, knot: &str) -> String;
    fn stop(&self) -> &'static str;
    /// An option with its text and the condition under which it is offered.
    fn option(&self, text: &str, cond: Option<&str>) -> String;
    /// An expression drawing uniformly from 1 to `total` inclusive.
    fn draw(&self, total: &str) -> String;
    /// A tag on a line (the ending's id on its title line).
    fn tagged(&self, line: String, tag: &str) -> String;
    fn knot_open(&self, name: &str) -> Vec<String>;
    fn knot_close(&self) -> Vec<String>;
}

/// Lines with indentation.
struct Out {
    lines: Vec<String>,
    depth: usize,
}

impl Out {
    fn push(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        if line.is_empty() {
            self.lines.push(String::new());
        } else {
            self.lines.push(format!("{}{line}", "    ".repeat(self.depth)));
        }
    }
    fn comment(&mut self, text: &str) {
        // A `/*` inside a line comment would open a block comment for some parsers.
        self.push(format!("// {}", one_line(text).replace("/*", "/ *")));
    }
}

/// Writes a scenario in `d`'s syntax.
pub(crate) fn write<D: Dialect>(s: &Scenario, d: &D) -> String {
    let names = Names::new(s);
    let x = Expr::new(s, &names, D::SIGIL);
    let mut out = Out {
        lines: Vec::new(),
        depth: 0,
    };
    let start = names.knot(&s.start);
    let preamble = |out: &mut Out| {
        for line in header(s, D::FORMAT, &start) {
            out.comment(&line);
        }
        for l in declarations(s, &names, &x, d) {
            out.push(l);
        }
    };
    if D::PREAMBLE_AT_TOP {
        preamble(&mut out);
        out.push("");
        out.push(d.divert(&start));
        out.push("");
    }
    for node in &s.nodes {
        let name = names.knot(&node.id);
        for l in d.knot_open(&name) {
            out.push(l);
        }
        if !D::PREAMBLE_AT_TOP && node.id == s.start {
            preamble(&mut out);
        }
        write_node(&mut out, s, &x, d, node);
        for l in d.knot_close() {
            out.push(l);
        }
        out.push("");
    }
    for e in &s.endings {
        for l in d.knot_open(&names.ending_knot(&e.id)) {
            out.push(l);
        }
        out.push(d.set(&x.v(&names.ending), &format!("\"{}\"", e.id)));
        let title = format!("Ending: {} ({})", one_line(&e.title), e.outcome.label());
        out.push(d.tagged(d.text(&title), &format!("ending:{}", e.id)));
        for p in &e.debrief {
            match &p.when {
                Some(c) => {
                    out.push(d.if_open(&x.cond(c)));
                    out.depth += 1;
                    out.push(d.text(&p.text));
                    out.depth -= 1;
                    out.push(d.if_close());
                }
                None => out.push(d.text(&p.text)),
            }
        }
        out.comment(&format!("A strong leader: {}", e.strong_leader.raw()));
        out.push(d.stop());
        for l in d.knot_close() {
            out.push(l);
        }
        out.push("");
    }
    let mut text = out.lines.join("\n");
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

fn header(s: &Scenario, format: Format, start: &str) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{} — exported from the Rapport scenario `{}` (version {}) by `rapport export {} --format {}`.",
            s.title,
            s.id,
            s.version,
            s.id,
            format.extension()
        ),
        s.summary.clone(),
        format!("Role: {}", s.role),
        format!("Setting: {}", s.setting),
        format!("Start at `{start}`."),
        "Variables: trust_<character> is trust (0-100), skill_<skill> the points scored so far, \
         seen_<node> and chose_<choice> track what conditions test, ending is the id of the ending reached."
            .into(),
        "Random nodes draw with this runtime's own generator, so outcomes do not match Rapport's seed for seed."
            .into(),
        "Test hook: set force_<node> to k to take that random node's k-th branch (1-based, in file order) \
         instead of drawing; 0, the default, draws."
            .into(),
        "Timed decisions: there is no clock here, so a timeout choice is an option marked \
         \"(Time runs out after N s)\"."
            .into(),
    ];
    // Said only where it applies, so scenarios without these export exactly as before.
    if !s.exhibits.is_empty() {
        lines.push(
            "Exhibits are not exported as documents. Each one a Read(...) condition tests is a variable \
             read_<exhibit>, 0 until set: set it to 1 to stand for having opened it."
                .into(),
        );
    }
    if has_placeholders(s) {
        lines.push(
            "Placeholders ({variable}, {trust:character}, {name:character}) are kept as written, not filled in."
                .into(),
        );
    }
    lines
}

/// Whether any text the player sees has a placeholder (or an escaped brace).
fn has_placeholders(s: &Scenario) -> bool {
    use crate::engine::template::has_braces;
    s.nodes
        .iter()
        .any(|n| n.beats.iter().any(|b| has_braces(b.text())))
        || s.choices().any(|(_, c)| has_braces(&c.text))
        || s.endings.iter().any(|e| {
            e.debrief
                .iter()
                .chain(&e.strong_leader)
                .any(|p| has_braces(&p.text))
        })
}

fn declarations<D: Dialect>(s: &Scenario, names: &Names, x: &Expr, d: &D) -> Vec<String> {
    let mut decls = Vec::new();
    for v in &s.variables {
        let value = match v {
            Variable::Int { initial, .. } => initial.to_string(),
            Variable::Flag { initial, .. } => initial.to_string(),
        };
        decls.push(d.declare(&x.v(&names.var(v.id())), &value));
    }
    for c in &s.characters {
        let t = c
            .trust
            .clamp(crate::engine::state::TRUST_MIN, crate::engine::state::TRUST_MAX);
        decls.push(d.declare(&x.v(&names.trust(&c.id)), &t.to_string()));
    }
    for (_, v) in &names.skills {
        decls.push(d.declare(&x.v(v), "0"));
    }
    for t in names.tracking(s) {
        decls.push(d.declare(&x.v(&t), "false"));
    }
    let random: Vec<&str> = s.nodes.iter().filter_map(|n| names.force(&n.id)).collect();
    for f in &random {
        decls.push(d.declare(&x.v(f), "0"));
    }
    for r in read_exhibits(s).iter().filter_map(|e| names.read(e)) {
        decls.push(d.declare(&x.v(r), "0"));
    }
    decls.push(d.declare(&x.v(&names.ending), "\"\""));
    if !D::PREAMBLE_AT_TOP && !random.is_empty() {
        decls.push(d.declare(&x.v(&names.roll_total), "0"));
        decls.push(d.declare(&x.v(&names.roll_pick), "0"));
    }
    decls
}

fn effects<D: Dialect>(out: &mut Out, x: &Expr, d: &D, es: &[Effect]) {
    let n = x.names;
    for e in es {
        match e {
            Effect::Trust(who, delta) if *delta != 0 => {
                for l in d.trust(&x.v(&n.trust(who)), *delta) {
                    out.push(l);
                }
            }
            Effect::Trust(..) => {}
            Effect::Add(v, delta) => {
                let v = x.v(&n.var(v));
                out.push(d.set(&v, &plus(&v, *delta)));
            }
            Effect::Set(v, value) => out.push(d.set(&x.v(&n.var(v)), &value.to_string())),
            Effect::Flag(v, b) => out.push(d.set(&x.v(&n.var(v)), &b.to_string())),
        }
    }
}

/// `var + delta` or `var - |delta|`.
pub(crate) fn plus(var: &str, delta: i64) -> String {
    if delta < 0 {
        format!("{var} - {}", delta.unsigned_abs())
    } else {
        format!("{var} + {delta}")
    }
}

fn write_node<D: Dialect>(out: &mut Out, s: &Scenario, x: &Expr, d: &D, node: &Node) {
    let n = x.names;
    if let Some(p) = &node.prompt {
        out.comment(&format!("Workshop prompt: {p}"));
    }
    if let Some(seen) = n.seen(&node.id) {
        out.push(d.set(&x.v(seen), "true"));
    }
    effects(out, x, d, &node.effects);
    for b in &node.beats {
        let text = match b.speaker() {
            Some(who) => {
                let name = s.character(who).map_or(who, |c| c.name.as_str());
                format!("{}: {}", one_line(name), b.text())
            }
            None => b.text().to_string(),
        };
        if one_line(&text).is_empty() {
            continue;
        }
        match b.when() {
            Some(c) => {
                out.push(d.if_open(&x.cond(c)));
                out.depth += 1;
                out.push(d.text(&text));
                out.depth -= 1;
                out.push(d.if_close());
            }
            None => out.push(d.text(&text)),
        }
    }
    match &node.then {
        Then::Goto(t) => out.push(d.divert(&n.knot(t))),
        Then::End(e) => out.push(d.divert(&n.ending_knot(e))),
        Then::Choices(cs) => {
            if let Some(t) = &node.timer {
                out.comment(&format!(
                    "Timed decision: after {} s without a decision the game takes `{}`.",
                    t.seconds, t.timeout
                ));
            }
            for c in cs {
                let cond = option_condition(node, c).map(|g| x.guard(&g));
                out.push(d.option(&option_text(node, c), cond.as_deref()));
                out.depth += 1;
                if !c.coach.trim().is_empty() {
                    out.comment(&format!("Coach: {}", c.coach));
                }
                effects(out, x, d, &c.effects);
                for e in &c.skills {
                    out.comment(&format!("{:+} {}: {}", e.points, e.skill, e.why));
                    let v = x.v(&n.skill(&e.skill));
                    out.push(d.set(&v, &plus(&v, i64::from(e.points))));
                }
                if let Some(chose) = n.chose(&c.id) {
                    out.push(d.set(&x.v(chose), "true"));
                }
                out.push(d.divert(&n.knot(&c.next)));
                out.depth -= 1;
            }
        }
        Then::Random(bs) => write_random(out, x, d, node, bs),
    }
}

/// A weighted draw among the open branches, after the `force_<node>` test hook.
fn write_random<D: Dialect>(out: &mut Out, x: &Expr, d: &D, node: &Node, bs: &[Branch]) {
    let n = x.names;
    let total = x.v(&n.roll_total);
    let pick = x.v(&n.roll_pick);
    let force = x.v(n.force(&node.id).expect("random nodes have a hook"));
    let open: Vec<(usize, &Branch)> = bs.iter().enumerate().filter(|(_, b)| b.weight > 0).collect();
    let summary: Vec<String> = open
        .iter()
        .map(|(_, b)| format!("{} (weight {})", b.id, b.weight))
        .collect();
    out.comment(&format!("Random: {}.", summary.join(", ")));
    let take = |out: &mut Out, b: &Branch| {
        effects(out, x, d, &b.effects);
        out.push(d.divert(&n.knot(&b.next)));
    };
    // Each step runs only while the branch's `when` holds.
    let guarded = |out: &mut Out, b: &Branch, body: &dyn Fn(&mut Out)| match &b.when {
        Some(c) => {
            out.push(d.if_open(&x.cond(c)));
            out.depth += 1;
            body(out);
            out.depth -= 1;
            out.push(d.if_close());
        }
        None => body(out),
    };
    for (k, b) in &open {
        let cond = match &b.when {
            Some(c) => format!("{force} == {} and {}", k + 1, x.cond(c)),
            None => format!("{force} == {}", k + 1),
        };
        out.push(d.if_open(&cond));
        out.depth += 1;
        take(out, b);
        out.depth -= 1;
        out.push(d.if_close());
    }
    out.push(d.temp(&total, "0"));
    for (_, b) in &open {
        guarded(out, b, &|out: &mut Out| {
            out.push(d.set(&total, &plus(&total, i64::from(b.weight))))
        });
    }
    out.push(d.temp(&pick, &d.draw(&total)));
    for (i, (_, b)) in open.iter().enumerate() {
        let last = i + 1 == open.len();
        guarded(out, b, &|out: &mut Out| {
            out.push(d.if_open(&format!("{pick} <= {}", b.weight)));
            out.depth += 1;
            take(out, b);
            out.depth -= 1;
            out.push(d.if_close());
            if !last {
                out.push(d.set(&pick, &plus(&pick, -i64::from(b.weight))));
            }
        });
    }
    out.comment("Only reached when no branch is open.");
    out.push(d.stop());
}
