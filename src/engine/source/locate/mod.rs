//! Finds where things are in RON source text, so diagnostics about a parsed scenario can
//! point at a line and column. A small tokenizer plus a tree of brackets; it never fails.

use crate::engine::diagnostic::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Str,
    Open(u8),
    Close,
    Comma,
    Colon,
    Other,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    /// Identifier name or the (unescaped) string value.
    text: String,
    pos: Pos,
    /// Number of enclosing bracket groups.
    depth: usize,
    /// For an `Open`, the index of the matching close (or the end).
    close: usize,
}

/// A range of tokens `[start, end)` forming one element (a struct, a list item, a value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone)]
pub struct Locator {
    toks: Vec<Tok>,
}

/// A locator built the first time something asks where an element is, so a file that checks
/// clean never pays for tokenizing it (positions are only needed for diagnostics).
#[derive(Debug)]
pub struct LazyLocator {
    src: String,
    cell: std::cell::OnceCell<Locator>,
}

impl LazyLocator {
    pub fn new(src: &str) -> Self {
        LazyLocator {
            src: src.to_string(),
            cell: std::cell::OnceCell::new(),
        }
    }

    pub fn get(&self) -> &Locator {
        self.cell.get_or_init(|| Locator::new(&self.src))
    }

    /// Where character `chars` of the value of the string literal starting at `at` is in the
    /// source (escapes and raw strings walked as written); `at` itself when it is not a string.
    pub fn inside_string(&self, at: Pos, chars: usize) -> Pos {
        inside_string(&self.src, at, chars)
    }
}

/// See [`LazyLocator::inside_string`].
fn inside_string(src: &str, at: Pos, chars: usize) -> Pos {
    let Some(line) = src.split('\n').nth(at.line.saturating_sub(1)) else {
        return at;
    };
    let line_start = line.as_ptr() as usize - src.as_ptr() as usize;
    let Some(start) = line
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map(|(i, _)| line_start + i)
    else {
        return at;
    };
    let mut it = src[start..].chars().peekable();
    let mut pos = at;
    let step = |c: char, pos: &mut Pos| {
        if c == '\n' {
            pos.line += 1;
            pos.column = 1;
        } else {
            pos.column += 1;
        }
    };
    let raw = match it.next() {
        Some('"') => false,
        Some('r') => {
            step('r', &mut pos);
            while it.next_if_eq(&'#').is_some() {
                step('#', &mut pos);
            }
            if it.next() != Some('"') {
                return at;
            }
            true
        }
        _ => return at,
    };
    step('"', &mut pos);
    for _ in 0..chars {
        let Some(c) = it.next() else { return pos };
        step(c, &mut pos);
        if !raw && c == '\\' {
            match it.next() {
                Some('u') => {
                    step('u', &mut pos);
                    for c in it.by_ref() {
                        step(c, &mut pos);
                        if c == '}' {
                            break;
                        }
                    }
                }
                Some(c) => step(c, &mut pos),
                None => return pos,
            }
        }
    }
    pos
}

/// True when `src` holds nothing but whitespace and comments (`//` to the end of the line,
/// `/* */` nested), without building a locator.
pub fn is_blank(src: &str) -> bool {
    let mut rest = src;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |i| &after[i..]);
        } else if rest.starts_with("/*") {
            let mut level = 0usize;
            let mut i = 0;
            let b = rest.as_bytes();
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    level += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    level -= 1;
                    i += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            rest = &rest[i.min(rest.len())..];
        } else {
            return rest.is_empty();
        }
    }
}

impl Locator {
    pub fn new(src: &str) -> Self {
        let mut cur = Cursor {
            chars: src.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
        };
        let mut toks = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        while let Some(c) = cur.peek(0) {
            let pos = Pos {
                line: cur.line,
                column: cur.col,
            };
            let next = cur.peek(1);
            if c.is_whitespace() {
                cur.bump();
            } else if c == '/' && next == Some('/') {
                while cur.peek(0).is_some_and(|c| c != '\n') {
                    cur.bump();
                }
            } else if c == '/' && next == Some('*') {
                let mut level = 0usize;
                while let Some(c) = cur.peek(0) {
                    if c == '/' && cur.peek(1) == Some('*') {
                        level += 1;
                        cur.bump();
                        cur.bump();
                    } else if c == '*' && cur.peek(1) == Some('/') {
                        level -= 1;
                        cur.bump();
                        cur.bump();
                        if level == 0 {
                            break;
                        }
                    } else {
                        cur.bump();
                    }
                }
            } else if c == '"' || (c == 'r' && matches!(next, Some('"') | Some('#'))) {
                let mut text = String::new();
                if c == 'r' {
                    cur.bump();
                    let mut hashes = 0;
                    while cur.peek(0) == Some('#') {
                        hashes += 1;
                        cur.bump();
                    }
                    cur.bump(); // opening quote
                    while let Some(c) = cur.peek(0) {
                        if c == '"' && (1..=hashes).all(|k| cur.peek(k) == Some('#')) {
                            for _ in 0..=hashes {
                                cur.bump();
                            }
                            break;
                        }
                        text.push(c);
                        cur.bump();
                    }
                } else {
                    cur.bump();
                    while let Some(c) = cur.peek(0) {
                        if c == '"' {
                            cur.bump();
                            break;
                        }
                        if c == '\\' && cur.peek(1).is_some() {
                            cur.bump();
                            let e = cur.bump().unwrap_or('\\');
                            text.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        } else {
                            text.push(c);
                            cur.bump();
                        }
                    }
                }
                toks.push(tok(Kind::Str, text, pos, stack.len()));
            } else if c.is_alphabetic() || c == '_' {
                let mut text = String::new();
                while let Some(c) = cur.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                    text.push(c);
                    cur.bump();
                }
                toks.push(tok(Kind::Ident, text, pos, stack.len()));
            } else {
                let kind = match c {
                    '(' | '[' | '{' => Kind::Open(c as u8),
                    ')' | ']' | '}' => Kind::Close,
                    ',' => Kind::Comma,
                    ':' => Kind::Colon,
                    _ => Kind::Other,
                };
                match kind {
                    Kind::Open(_) => {
                        stack.push(toks.len());
                        toks.push(tok(kind, String::new(), pos, stack.len() - 1));
                    }
                    Kind::Close => {
                        let open = stack.pop();
                        let idx = toks.len();
                        toks.push(tok(kind, String::new(), pos, stack.len()));
                        if let Some(o) = open {
                            toks[o].close = idx;
                        }
                    }
                    _ => toks.push(tok(kind, String::new(), pos, stack.len())),
                }
                cur.bump();
            }
        }
        let n = toks.len();
        for o in stack {
            toks[o].close = n;
        }
        Locator { toks }
    }

    /// True when the text holds nothing but whitespace and comments.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The outermost value of the file, after any `#![…]` attributes.
    pub fn root(&self) -> Span {
        let t = &self.toks;
        let mut start = 0;
        while start + 2 < t.len()
            && t[start].kind == Kind::Other
            && t[start + 1].kind == Kind::Other
            && t[start + 2].kind == Kind::Open(b'[')
        {
            start = t[start + 2].close + 1;
        }
        Span {
            start: start.min(t.len()),
            end: t.len(),
        }
    }

    /// Where a span begins.
    pub fn pos(&self, span: Span) -> Pos {
        self.toks
            .get(span.start)
            .map(|t| t.pos)
            .unwrap_or(Pos { line: 1, column: 1 })
    }

    /// The value of field `name` of the struct-like element `span` (`name: <value>`).
    pub fn field(&self, span: Span, name: &str) -> Option<Span> {
        let open = self.first_open(span)?;
        let depth = self.toks[open].depth + 1;
        let end = self.toks[open].close.min(span.end);
        let mut i = open + 1;
        while i + 1 < end {
            let t = &self.toks[i];
            if t.depth == depth
                && t.kind == Kind::Ident
                && t.text == name
                && self.toks[i + 1].kind == Kind::Colon
            {
                return Some(self.value_at(i + 2, depth, end));
            }
            i += 1;
        }
        None
    }

    /// The elements of the first list (`[...]`) inside `span`, in order.
    pub fn items(&self, span: Span) -> Vec<Span> {
        let Some(open) =
            (span.start..span.end.min(self.toks.len())).find(|&i| self.toks[i].kind == Kind::Open(b'['))
        else {
            return Vec::new();
        };
        self.elements(open)
    }

    /// The comma-separated elements directly inside the bracket group opened at `open`.
    fn elements(&self, open: usize) -> Vec<Span> {
        let depth = self.toks[open].depth + 1;
        let end = self.toks[open].close.min(self.toks.len());
        let mut out = Vec::new();
        let mut i = open + 1;
        while i < end {
            let v = self.value_at(i, depth, end);
            if v.end > v.start {
                out.push(v);
            }
            i = v.end + 1;
        }
        out
    }

    /// The `n`th positional argument of a tuple-like element such as `Trust("a", 5)`.
    pub fn arg(&self, span: Span, n: usize) -> Option<Span> {
        let open = self.first_open(span)?;
        self.elements(open).get(n).copied()
    }

    /// The first string literal equal to `value` inside `span`.
    pub fn string(&self, span: Span, value: &str) -> Option<Span> {
        (span.start..span.end.min(self.toks.len()))
            .find(|&i| self.toks[i].kind == Kind::Str && self.toks[i].text == value)
            .map(|i| Span { start: i, end: i + 1 })
    }

    fn first_open(&self, span: Span) -> Option<usize> {
        (span.start..span.end.min(self.toks.len())).find(|&i| matches!(self.toks[i].kind, Kind::Open(_)))
    }

    /// A value starting at token `i` at `depth`: up to the next comma or close at that depth.
    fn value_at(&self, i: usize, depth: usize, end: usize) -> Span {
        let mut j = i;
        while j < end {
            let t = &self.toks[j];
            if t.depth == depth && matches!(t.kind, Kind::Comma | Kind::Close) {
                break;
            }
            j = match t.kind {
                Kind::Open(_) => t.close.max(j) + 1,
                _ => j + 1,
            };
        }
        Span {
            start: i,
            end: j.min(end),
        }
    }
}

struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
}

fn tok(kind: Kind, text: String, pos: Pos, depth: usize) -> Tok {
    Tok {
        kind,
        text,
        pos,
        depth,
        close: 0,
    }
}

#[cfg(test)]
mod tests;
