//! Pass: ids — each well formed, and unique within its kind (choice and branch ids share one
//! namespace across the scenario, since saves refer to them).

use super::context::{Ctx, El, IdMap};
use crate::engine::diagnostic::{Code, Diagnostic, Pos};
use crate::engine::model::Then;

impl Ctx<'_> {
    pub(super) fn ids(&mut self) {
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
        for (i, x) in s.exhibits.iter().enumerate() {
            checks.push(("exhibit", &x.id, El::Exhibit(i)));
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
        for kind in ["node", "character", "variable", "ending", "exhibit"] {
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
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(super) fn bad_id(file: &str, pos: Pos, what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        pos,
        Code::BadId,
        format!("{what} id `{id}` is not a valid id"),
    )
    .help("use 1–64 lowercase letters, digits, `_` or `-`, e.g. `ceo_call`")
}
