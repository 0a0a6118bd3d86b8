//! Unit tests of the locator: fields, items, strings, attributes, blank files, positions
//! inside string literals.

use super::*;

const SRC: &str = r#"// comment with "quotes" and (brackets
Scenario(
    id: "demo",
    nodes: [
        (
            id: "a", /* block ( */
            then: Choices([
                (id: "x", next: "b", effects: [Trust("amy", 5)]),
                (id: "y", next: "a"),
            ]),
        ),
        (id: "b", then: End("done")),
    ],
)"#;

fn at(l: &Locator, s: Span) -> (usize, usize) {
    let p = l.pos(s);
    (p.line, p.column)
}

#[test]
fn finds_fields_items_and_strings() {
    let l = Locator::new(SRC);
    let root = l.root();
    assert_eq!(at(&l, l.field(root, "id").unwrap()), (3, 9));
    let nodes = l.items(l.field(root, "nodes").unwrap());
    assert_eq!(nodes.len(), 2);
    assert_eq!(at(&l, l.field(nodes[1], "id").unwrap()), (12, 14));
    let choices = l.items(l.field(nodes[0], "then").unwrap());
    assert_eq!(choices.len(), 2);
    assert_eq!(at(&l, l.field(choices[1], "next").unwrap()), (9, 33));
    let effects = l.items(l.field(choices[0], "effects").unwrap());
    assert_eq!(at(&l, l.arg(effects[0], 1).unwrap()), (8, 61));
    assert_eq!(at(&l, l.string(nodes[1], "done").unwrap()), (12, 29));
}

#[test]
fn never_fails_on_garbage() {
    for src in [
        "",
        "(((",
        ")))",
        "\"unterminated",
        "r#\"raw",
        "/* open",
        "[a: (b, ]",
    ] {
        let l = Locator::new(src);
        let root = l.root();
        assert_eq!(l.field(root, "id"), None, "{src:?}");
        assert!(l.items(root).len() <= 1, "{src:?}");
    }
}

#[test]
fn blank_means_only_whitespace_and_comments() {
    for src in [
        "",
        "  \n\t",
        "// a\n// b",
        "/* a /* nested */ still */\n",
        "/* open",
        "// x\n  /* y */  ",
    ] {
        assert!(is_blank(src), "{src:?}");
        assert_eq!(Locator::new(src).is_empty(), is_blank(src), "{src:?}");
    }
    for src in ["(", "// a\nx", "/* a */ (", "/* a /* b */ */ id", "r\"x\""] {
        assert!(!is_blank(src), "{src:?}");
        assert_eq!(Locator::new(src).is_empty(), is_blank(src), "{src:?}");
    }
}

#[test]
fn the_root_is_found_after_an_attribute() {
    let l = Locator::new("#![enable(implicit_some)]\nScenario(\n  id: \"x\",\n)");
    let id = l.field(l.root(), "id").unwrap();
    assert_eq!(l.pos(id), Pos { line: 3, column: 7 });
}

#[test]
fn positions_inside_strings_follow_escapes_raw_strings_and_line_breaks() {
    let src = "(a: \"x\\\"y {v}\",\n b: r#\"ab {w}\"#,\n c: \"one\ntwo {z}\")";
    let lazy = LazyLocator::new(src);
    // `"x\"y {v}"` starts at 1:5; `{` is value char 4, written after the 2-char escape.
    assert_eq!(
        lazy.inside_string(Pos { line: 1, column: 5 }, 4),
        Pos { line: 1, column: 11 }
    );
    assert_eq!(
        lazy.inside_string(Pos { line: 2, column: 5 }, 3),
        Pos { line: 2, column: 11 }
    );
    assert_eq!(
        lazy.inside_string(Pos { line: 3, column: 5 }, 8),
        Pos { line: 4, column: 5 }
    );
    assert_eq!(
        lazy.inside_string(Pos { line: 1, column: 1 }, 3),
        Pos { line: 1, column: 1 },
        "not a string"
    );
}
