//! Exhibits: documents the player can open during a scene (an email, an invoice, a log),
//! printed for participants by `rapport handouts`. Opening one can earn or cost evidence.

use serde::{Deserialize, Serialize};

/// A document in the scenario. Nodes list the exhibits available in their scene by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exhibit {
    pub id: String,
    pub title: String,
    pub kind: ExhibitKind,
    /// The document's text. For a `Table`: one row per line, cells separated by `|`, the
    /// first row the header.
    pub body: String,
    /// Skill points earned (or lost) by opening it, once per run.
    #[serde(default)]
    pub evidence: Vec<(String, i32)>,
}

/// What kind of document an exhibit is; decides how it is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExhibitKind {
    Email,
    Invoice,
    Contract,
    Log,
    Table,
    Note,
    Memo,
    Chat,
}

impl ExhibitKind {
    pub fn label(self) -> &'static str {
        match self {
            ExhibitKind::Email => "email",
            ExhibitKind::Invoice => "invoice",
            ExhibitKind::Contract => "contract",
            ExhibitKind::Log => "log",
            ExhibitKind::Table => "table",
            ExhibitKind::Note => "note",
            ExhibitKind::Memo => "memo",
            ExhibitKind::Chat => "chat",
        }
    }
}

impl Exhibit {
    /// A table's rows and cells (trimmed), blank lines skipped; the first row is the header.
    pub fn rows(&self) -> Vec<Vec<&str>> {
        table_rows(&self.body)
    }

    /// An `Email`'s or `Memo`'s header fields (`From: …` lines up to the first blank line,
    /// trimmed) and the text after them; `None` for other kinds or a body without them.
    pub fn headers(&self) -> Option<(Vec<(&str, &str)>, &str)> {
        if !matches!(self.kind, ExhibitKind::Email | ExhibitKind::Memo) {
            return None;
        }
        let (head, rest) = self.body.split_once("\n\n").unwrap_or(("", &self.body));
        let fields: Option<Vec<(&str, &str)>> = head
            .lines()
            .map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| !k.trim().is_empty() && k.len() <= 20)
                    .map(|(k, v)| (k.trim(), v.trim()))
            })
            .collect();
        fields.filter(|f| !f.is_empty()).map(|f| (f, rest))
    }
}

/// `body` read as a table: one row per non-blank line, cells separated by `|` (a leading and
/// a trailing `|` are optional).
pub fn table_rows(body: &str) -> Vec<Vec<&str>> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let l = l.strip_prefix('|').unwrap_or(l);
            let l = l.strip_suffix('|').unwrap_or(l);
            l.split('|').map(str::trim).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_split_on_bars_with_optional_edges() {
        let rows = table_rows("Item | Cost\n\n| Printers | £12,300 |\nToner|£800");
        assert_eq!(
            rows,
            vec![
                vec!["Item", "Cost"],
                vec!["Printers", "£12,300"],
                vec!["Toner", "£800"]
            ]
        );
    }
}
