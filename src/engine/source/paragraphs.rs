//! Debrief text as paragraphs, each shown only when its condition holds at the end of the run.
//! Written either as one string (one paragraph, always shown: every file from before
//! paragraphs existed) or as a list of `(text: "…", when: <condition>)`.

use super::model::Condition;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One paragraph of a debrief: its text (placeholders allowed) and when it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub text: String,
    /// Shown only when this holds in the run's final state; always shown without one.
    #[serde(default)]
    pub when: Option<Condition>,
}

/// A list of paragraphs. Reads from a plain string (one unconditional paragraph) or a list;
/// writes one unconditional paragraph back as a plain string, so old files round-trip.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraphs(pub Vec<Paragraph>);

impl Paragraphs {
    /// One paragraph, always shown.
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraphs(vec![Paragraph {
            text: text.into(),
            when: None,
        }])
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Paragraph> {
        self.0.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// True when at least one paragraph is shown whatever the path (no condition).
    pub fn has_unconditional(&self) -> bool {
        self.0.iter().any(|p| p.when.is_none())
    }
    /// The texts as written, joined by blank lines (for tools that cannot evaluate
    /// conditions, such as exports).
    pub fn raw(&self) -> String {
        self.0
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

impl<'a> IntoIterator for &'a Paragraphs {
    type Item = &'a Paragraph;
    type IntoIter = std::slice::Iter<'a, Paragraph>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<&str> for Paragraphs {
    fn from(s: &str) -> Self {
        Paragraphs::plain(s)
    }
}

impl Serialize for Paragraphs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [Paragraph { text, when: None }] => s.serialize_str(text),
            list => list.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Paragraphs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Paragraphs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a list of paragraphs `(text: \"…\", when: …)`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Paragraphs, E> {
                Ok(Paragraphs::plain(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Paragraphs, E> {
                Ok(Paragraphs::plain(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Paragraphs, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<Paragraph>()? {
                    out.push(p);
                }
                Ok(Paragraphs(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Paragraphs {
        crate::engine::load::read::<Paragraphs>(text).unwrap()
    }

    #[test]
    fn a_string_is_one_unconditional_paragraph_and_writes_back_as_a_string() {
        let p = read("\"It went well.\"");
        assert_eq!(p, Paragraphs::plain("It went well."));
        assert!(p.has_unconditional());
        assert_eq!(ron::to_string(&p).unwrap(), "\"It went well.\"");
    }

    #[test]
    fn a_list_keeps_order_and_conditions_and_both_readers_agree() {
        let text = r#"[(text: "First."), (text: "Only if.", when: Chose("x")), (text: r"Raw {{}}", when: Not(Flag("f")))]"#;
        let fast = crate::engine::ronread::from_str::<Paragraphs>(text, 64).unwrap();
        let slow = crate::engine::load::read_with_ron::<Paragraphs>(text).unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast.0.len(), 3);
        assert_eq!(fast.0[1].when, Some(Condition::Chose("x".into())));
        assert_eq!(fast.0[2].text, "Raw {{}}");
        assert!(fast.has_unconditional());
        let back: Paragraphs = ron::from_str(&ron::to_string(&fast).unwrap()).unwrap();
        assert_eq!(back, fast);
        let conditional = read(r#"[(text: "a", when: Flag("f"))]"#);
        assert!(!conditional.has_unconditional());
    }

    #[test]
    fn other_shapes_are_refused_with_what_is_expected() {
        let e = crate::engine::load::read::<Paragraphs>("5").unwrap_err();
        assert!(
            e.code.to_string().contains("a string, or a list of paragraphs"),
            "{e}"
        );
        assert!(crate::engine::load::read::<Paragraphs>("[(text: \"a\", colour: 1)]").is_err());
    }
}
