//! The context every validation pass shares: the scenario, the skill framework, the id
//! sets, positions worked out only when a diagnostic needs one, and the diagnostics so far.

use crate::engine::diagnostic::{Code, Diagnostic, Pos, did_you_mean};
use crate::engine::locate::{LazyLocator, Locator, Span};
use crate::engine::model::{Scenario, SkillFramework, Then};
use foldhash::fast::FixedState;
use std::collections::{HashMap, HashSet};

/// Hash tables for the short ids validation looks up, with foldhash (SipHash's per-lookup
/// setup was a visible share of validation; ids come from a local file, so hash flooding is
/// no concern).
pub(super) type IdMap<K, V> = HashMap<K, V, FixedState>;
pub(super) type IdSet<K> = HashSet<K, FixedState>;

/// Where each element of the scenario sits in the source, aligned with the model's vectors.
struct Spans {
    root: Span,
    nodes: Vec<Span>,
    /// Per node: the items of its `then` list (choices or branches).
    arms: Vec<Vec<Span>>,
    characters: Vec<Span>,
    variables: Vec<Span>,
    endings: Vec<Span>,
    exhibits: Vec<Span>,
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
            exhibits: list("exhibits"),
        }
    }
}

/// An element of the scenario that a diagnostic points into, resolved to a source position
/// only when the diagnostic is emitted (a scenario that checks clean never tokenizes).
#[derive(Debug, Clone, Copy)]
pub(super) enum El {
    /// The whole file.
    Root,
    Node(usize),
    /// Choice or branch `j` of node `i` (the node itself when the item is not found).
    Arm(usize, usize),
    Character(usize),
    Variable(usize),
    Ending(usize),
    Exhibit(usize),
    /// The `assesses` list.
    Assesses,
    /// The `facilitation` section.
    Facilitation,
}

/// What every pass reads (the scenario, the framework, where things are) and the
/// diagnostics they add to.
pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) s: &'a Scenario,
    skills: Option<&'a SkillFramework>,
    /// Positions, worked out only when a diagnostic needs one.
    lazy: &'a LazyLocator,
    spans: std::cell::OnceCell<Spans>,
    /// Every node id and every choice id, for reference checks.
    pub(super) node_ids: IdSet<&'a str>,
    pub(super) choice_ids: IdSet<&'a str>,
    pub(super) out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// The context for checking `s`, with the id sets the reference checks look up.
    pub(super) fn new(
        file: &'a str,
        s: &'a Scenario,
        skills: Option<&'a SkillFramework>,
        lazy: &'a LazyLocator,
    ) -> Self {
        Ctx {
            file,
            s,
            skills,
            lazy,
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
        }
    }
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
            El::Exhibit(i) => sp.exhibits.get(i).copied(),
            El::Assesses => self.loc().field(sp.root, "assesses"),
            El::Facilitation => self.loc().field(sp.root, "facilitation"),
        };
        found.unwrap_or(sp.root)
    }
    /// The position of field `name` in `el`, or of the element itself.
    pub(super) fn at_field(&self, el: El, name: &str) -> Pos {
        let span = self.span(el);
        self.loc()
            .field(span, name)
            .map_or(self.loc().pos(span), |v| self.loc().pos(v))
    }
    /// The position of the string `value` in `el`, or of the element itself.
    pub(super) fn at_str(&self, el: El, value: &str) -> Pos {
        let span = self.span(el);
        self.loc()
            .string(span, value)
            .map_or(self.loc().pos(span), |v| self.loc().pos(v))
    }
    /// The position of byte `offset` inside the string `value` in `el` (escapes counted as
    /// written), or of the string, or of the element.
    pub(super) fn at_in_str(&self, el: El, value: &str, offset: usize) -> Pos {
        let at = self.at_str(el, value);
        let chars = value.get(..offset).map_or(0, |v| v.chars().count());
        self.lazy.inside_string(at, chars)
    }
    pub(super) fn error(&mut self, pos: Pos, code: Code, msg: String, help: String) {
        self.out
            .push(Diagnostic::error(self.file, pos, code, msg).help(help));
    }
    pub(super) fn warn(&mut self, pos: Pos, code: Code, msg: String, help: String) {
        self.out
            .push(Diagnostic::warning(self.file, pos, code, msg).help(help));
    }
    pub(super) fn lint(&mut self, pos: Pos, code: Code, msg: String, help: String) {
        self.out
            .push(Diagnostic::lint(self.file, pos, code, msg).help(help));
    }

    pub(super) fn skill_ids(&self) -> Option<Vec<&'a str>> {
        self.skills
            .map(|f| f.skills.iter().map(|s| s.id.as_str()).collect())
    }

    pub(super) fn unknown<'k>(
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
}
