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
        header_fields(&self.body)
    }
}

/// How an exhibit is laid out, by its kind (the one rule: the handouts and the game's drawer
/// both draw this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout<'a> {
    /// A `Table`: its rows, the first the header.
    Table(Vec<Vec<&'a str>>),
    /// A `Log` or `Chat`: preformatted, as written (trailing white space dropped).
    Preformatted(&'a str),
    /// Anything else: `headers` (an `Email` or `Memo` whose first lines, up to a blank line,
    /// are all `Field: value`; otherwise none), then paragraphs at blank lines, each as its
    /// lines (trimmed).
    Document {
        headers: Vec<(&'a str, &'a str)>,
        paragraphs: Vec<Vec<&'a str>>,
    },
}

impl Exhibit {
    /// The exhibit laid out by its kind.
    pub fn layout(&self) -> Layout<'_> {
        match self.kind {
            ExhibitKind::Table => Layout::Table(self.rows()),
            ExhibitKind::Log | ExhibitKind::Chat => Layout::Preformatted(self.body.trim_end()),
            ExhibitKind::Email | ExhibitKind::Memo => match header_fields(&self.body) {
                Some((headers, rest)) => Layout::Document {
                    headers,
                    paragraphs: paragraphs(rest),
                },
                None => Layout::Document {
                    headers: Vec::new(),
                    paragraphs: paragraphs(&self.body),
                },
            },
            _ => Layout::Document {
                headers: Vec::new(),
                paragraphs: paragraphs(&self.body),
            },
        }
    }
}

/// An email's header lines (`From: …`) up to the first blank line, and the text after them;
/// `None` unless every one of those lines is a field (a name of 1 to 20 bytes, a colon).
fn header_fields(body: &str) -> Option<(Vec<(&str, &str)>, &str)> {
    let (head, rest) = body.split_once("\n\n").unwrap_or(("", body));
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

/// Paragraphs at blank lines, each as its trimmed lines (empty paragraphs dropped).
pub fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.lines().map(str::trim).collect())
        .collect()
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

    fn exhibit(kind: ExhibitKind, body: &str) -> Exhibit {
        Exhibit {
            id: "x".into(),
            title: "X".into(),
            kind,
            body: body.into(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn layout_by_kind() {
        let email = exhibit(
            ExhibitKind::Email,
            "From: Mira Castell\nSubject: Toner\n\nCan you check this?\nThanks.\n\n\nMira",
        );
        assert_eq!(
            email.layout(),
            Layout::Document {
                headers: vec![("From", "Mira Castell"), ("Subject", "Toner")],
                paragraphs: vec![vec!["Can you check this?", "Thanks."], vec!["Mira"]],
            }
        );
        // A first paragraph that is not all fields is text, and so is a note's header look.
        for (kind, body) in [
            (ExhibitKind::Memo, "To: all\nPlease read this first.\n\nMore."),
            (ExhibitKind::Note, "From: Mira\n\nMore."),
            (ExhibitKind::Email, "Just a line: with a colon, and no blank line"),
        ] {
            let x = exhibit(kind, body);
            let Layout::Document { headers, paragraphs } = x.layout() else {
                panic!("{kind:?} is a document")
            };
            assert!(headers.is_empty(), "{kind:?}: {headers:?}");
            assert_eq!(
                paragraphs.concat().len(),
                body.lines().filter(|l| !l.is_empty()).count()
            );
        }
        assert_eq!(
            exhibit(
                ExhibitKind::Log,
                "07:18  ALERT  latency\n07:20  ALERT  errors\n\n"
            )
            .layout(),
            Layout::Preformatted("07:18  ALERT  latency\n07:20  ALERT  errors")
        );
        assert_eq!(
            exhibit(ExhibitKind::Table, "A | B\n1 | 2").layout(),
            Layout::Table(vec![vec!["A", "B"], vec!["1", "2"]])
        );
    }

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
