//! Placeholders in the texts players see (beats, choices, debrief paragraphs): `{var}` (a
//! variable's value), `{trust:character}` (their trust), `{name:character}` (their name), and
//! `{{` / `}}` for literal braces. This is the syntax only; `play::text` fills them in and
//! `check` reports the ones that name nothing.

/// One piece of a text with placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (a `{{` or `}}` is one piece holding a single brace).
    Text(&'a str),
    /// `{var}`: the value of a variable.
    Var(&'a str),
    /// `{trust:character}`: the character's trust.
    Trust(&'a str),
    /// `{name:character}`: the character's name.
    Name(&'a str),
}

/// A malformed placeholder: where it starts (a byte offset into the text), what is wrong and
/// how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// Whether `text` has anything for [`parse`] to do (most texts have no braces at all).
#[inline]
pub fn has_braces(text: &str) -> bool {
    text.bytes().any(|b| b == b'{' || b == b'}')
}

/// A placeholder with where it starts in the text, for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed<'a> {
    pub piece: Piece<'a>,
    /// Byte offset of the placeholder's `{` in the text.
    pub offset: usize,
    /// The placeholder as written, braces included (`{trust:mira}`).
    pub written: &'a str,
}

/// The pieces of `text`, each with its offset, or the first malformed placeholder.
pub fn parse<'a>(text: &'a str) -> Result<Vec<Placed<'a>>, TemplateError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut i, mut lit) = (0, 0);
    let flush = |out: &mut Vec<Placed<'a>>, from: usize, to: usize| {
        if to > from {
            out.push(Placed {
                piece: Piece::Text(&text[from..to]),
                offset: from,
                written: &text[from..to],
            });
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                flush(&mut out, lit, i);
                flush(&mut out, i, i + 1);
                i += 2;
                lit = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                flush(&mut out, lit, i);
                flush(&mut out, i, i + 1);
                i += 2;
                lit = i;
            }
            b'}' => {
                return Err(TemplateError {
                    offset: i,
                    message: "a `}` with no `{` before it".into(),
                    help: "write `}}` for a literal brace".into(),
                });
            }
            b'{' => {
                flush(&mut out, lit, i);
                let Some(len) = text[i + 1..]
                    .find(['}', '{'])
                    .filter(|&k| bytes[i + 1 + k] == b'}')
                else {
                    return Err(TemplateError {
                        offset: i,
                        message: "a `{` that is never closed".into(),
                        help: "close the placeholder with `}`, or write `{{` for a literal brace".into(),
                    });
                };
                let inner = &text[i + 1..i + 1 + len];
                let written = &text[i..i + 2 + len];
                let piece = placeholder(inner).map_err(|(message, help)| TemplateError {
                    offset: i,
                    message,
                    help,
                })?;
                out.push(Placed {
                    piece,
                    offset: i,
                    written,
                });
                i += len + 2;
                lit = i;
            }
            _ => i += 1,
        }
    }
    flush(&mut out, lit, bytes.len());
    Ok(out)
}

const FORMS: &str =
    "write `{variable}`, `{trust:character}` or `{name:character}` (or `{{` for a literal brace)";

fn placeholder(inner: &str) -> Result<Piece<'_>, (String, String)> {
    let id = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let (kind, name) = match inner.split_once(':') {
        Some((k, n)) => (Some(k), n),
        None => (None, inner),
    };
    if !id(name) {
        return Err((format!("`{{{inner}}}` is not a placeholder"), FORMS.into()));
    }
    match kind {
        None => Ok(Piece::Var(name)),
        Some("trust") => Ok(Piece::Trust(name)),
        Some("name") => Ok(Piece::Name(name)),
        Some(other) => Err((
            format!("`{other}:` is not a kind of placeholder (in `{{{inner}}}`)"),
            FORMS.into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece<'_>> {
        parse(text).unwrap().into_iter().map(|p| p.piece).collect()
    }

    #[test]
    fn placeholders_and_escapes() {
        assert_eq!(
            pieces("{name:mira} has {saving_k}k, trust {trust:mira}; {{literal}}"),
            vec![
                Piece::Name("mira"),
                Piece::Text(" has "),
                Piece::Var("saving_k"),
                Piece::Text("k, trust "),
                Piece::Trust("mira"),
                Piece::Text("; "),
                Piece::Text("{"),
                Piece::Text("literal"),
                Piece::Text("}"),
            ]
        );
        assert_eq!(pieces("plain"), vec![Piece::Text("plain")]);
        let placed = parse("ab {x}").unwrap();
        assert_eq!((placed[1].offset, placed[1].written), (3, "{x}"));
    }

    #[test]
    fn malformed_placeholders_say_where_and_how_to_fix() {
        for (text, offset, says) in [
            ("a { b", 2, "never closed"),
            ("a {b {c}", 2, "never closed"),
            ("a } b", 2, "no `{`"),
            ("{}", 0, "not a placeholder"),
            ("x {te st}", 2, "not a placeholder"),
            ("{mood:mira}", 0, "`mood:` is not a kind"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.offset, offset, "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
            assert!(e.help.contains("{{") || e.help.contains("}}"), "{}", e.help);
        }
    }
}
