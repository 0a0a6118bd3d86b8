//! Pass: placeholders — every `{variable}`, `{trust:character}` and `{name:character}` in a
//! beat, a choice or a debrief paragraph is well formed and names something that exists.

use super::context::{Ctx, El};
use crate::engine::diagnostic::{Code, did_you_mean};
use crate::engine::template::{Piece, has_braces, parse};

impl Ctx<'_> {
    pub(super) fn placeholders(&mut self) {
        let s = self.s;
        for (i, n) in s.nodes.iter().enumerate() {
            for b in &n.beats {
                self.placeholders_in(El::Node(i), b.text());
            }
            if let crate::engine::model::Then::Choices(cs) = &n.then {
                for (j, c) in cs.iter().enumerate() {
                    self.placeholders_in(El::Arm(i, j), &c.text);
                }
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            for p in e.debrief.iter().chain(&e.strong_leader) {
                self.placeholders_in(El::Ending(i), &p.text);
            }
        }
    }

    fn placeholders_in(&mut self, el: El, text: &str) {
        if !has_braces(text) {
            return;
        }
        let pieces = match parse(text) {
            Ok(p) => p,
            Err(e) => {
                let pos = self.at_in_str(el, text, e.offset);
                self.error(pos, Code::BadPlaceholder, e.message, e.help);
                return;
            }
        };
        let s = self.s;
        let characters: Vec<&str> = s.characters.iter().map(|c| c.id.as_str()).collect();
        let variables: Vec<&str> = s.variables.iter().map(|v| v.id()).collect();
        for p in pieces {
            let (what, name, known, whereto) = match p.piece {
                Piece::Text(_) => continue,
                Piece::Var(v) if s.variable(v).is_some() => continue,
                Piece::Trust(c) | Piece::Name(c) if s.character(c).is_some() => continue,
                Piece::Var(v) => ("variable", v, &variables, "`variables`"),
                Piece::Trust(c) | Piece::Name(c) => ("character", c, &characters, "`characters`"),
            };
            let kind = match p.piece {
                Piece::Trust(_) => "trust:",
                Piece::Name(_) => "name:",
                _ => "",
            };
            let help = match did_you_mean(name, known.iter().copied()) {
                Some(m) => format!("did you mean `{{{kind}{m}}}`?"),
                None if what == "variable" && s.character(name).is_some() => format!(
                    "`{name}` is a character: write `{{name:{name}}}` for their name or `{{trust:{name}}}` for their trust"
                ),
                None if known.is_empty() => format!("declare it in {whereto}"),
                None => format!("declare it in {whereto}, or use one of: {}", known.join(", ")),
            };
            self.error(
                self.at_in_str(el, text, p.offset),
                Code::UnknownPlaceholder,
                format!("the placeholder `{}` names no {what} `{name}`", p.written),
                help,
            );
        }
    }
}
