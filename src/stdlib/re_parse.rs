//! The parser of `re` patterns: Python's syntax (as CPython 3.11's `re._parser` reads it, with
//! its error texts and positions) into a tree, and the tree into the syntax of the
//! `fancy-regex` crate, which does the matching (`re.rs`).
//!
//! Where the two syntaxes differ the emitted text spells out Python's meaning: `$` is "end, or
//! before a final newline", `\Z` is the very end, `.` excludes only `\n`, `\s` is `str.isspace`'s
//! set, `\d`, `\w`, `\s` and `\b` are ASCII-only under `re.ASCII` and for bytes, literals are
//! written as `\x{..}` escapes (so nothing in the pattern is special to the crate by accident),
//! and named groups become plain numbered groups (the names are kept here).

pub const F_TEMPLATE: u32 = 1;
pub const F_IGNORECASE: u32 = 2;
pub const F_LOCALE: u32 = 4;
pub const F_MULTILINE: u32 = 8;
pub const F_DOTALL: u32 = 16;
pub const F_UNICODE: u32 = 32;
pub const F_VERBOSE: u32 = 64;
pub const F_DEBUG: u32 = 128;
pub const F_ASCII: u32 = 256;
const TYPE_FLAGS: u32 = F_ASCII | F_LOCALE | F_UNICODE;
const GLOBAL_FLAGS: u32 = F_DEBUG | F_TEMPLATE;
/// CPython's limit of a repeat count (`MAXREPEAT`) and of groups.
const MAXREPEAT: u64 = 4294967295;
const MAXGROUPS: usize = 1 << 30;

/// A bad pattern: CPython's message and the position it names (`None` for the few errors
/// CPython reports without one). `overflow` marks an `OverflowError` rather than `re.error`.
#[derive(Debug)]
pub struct ReError {
    pub msg: String,
    pub pos: Option<usize>,
    pub overflow: bool,
}

type PResult<T> = Result<T, ReError>;

fn err<T>(msg: impl Into<String>, pos: usize) -> PResult<T> {
    Err(ReError {
        msg: msg.into(),
        pos: Some(pos),
        overflow: false,
    })
}

/// What a parsed pattern is: the crate's syntax, the group count and names, and the flags
/// (as given plus those set inline).
pub struct Parsed {
    pub regex: String,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
    pub flags: u32,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Tok {
    Ch(u32),
    /// A backslash and the character after it.
    Esc(u32),
}

impl Tok {
    fn len(self) -> usize {
        match self {
            Tok::Ch(_) => 1,
            Tok::Esc(_) => 2,
        }
    }
    fn text(self) -> String {
        match self {
            Tok::Ch(c) => ch(c).to_string(),
            Tok::Esc(c) => format!("\\{}", ch(c)),
        }
    }
}

fn ch(c: u32) -> char {
    char::from_u32(c).unwrap_or('\u{fffd}')
}

#[derive(Clone, Copy, PartialEq)]
enum Cat {
    Digit,
    Word,
    Space,
}

#[derive(Clone, Copy, PartialEq)]
enum At {
    /// `^` under `re.M`.
    BeginLine,
    /// `\A`, and `^` without `re.M`.
    BeginText,
    /// `$` under `re.M`.
    EndLine,
    /// `$` without `re.M`: the end, or before a newline that ends the text.
    End,
    /// `\Z`.
    EndText,
    /// `\b` (`true`) or `\B`, ASCII-only or not.
    Boundary(bool, bool),
}

#[derive(Clone, Copy, PartialEq)]
enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

#[derive(Clone)]
enum Item {
    Ch(u32),
    Range(u32, u32),
    /// A category, negated or not, ASCII-only or not.
    Cat(Cat, bool, bool),
}

#[derive(Clone)]
enum Node {
    Lit(u32),
    Any,
    Class(bool, Vec<Item>),
    /// A category escape (`\d`, `\w`, `\s`), negated or not, ASCII-only or not.
    Cat(Cat, bool, bool),
    At(At),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    /// A group: its number when it captures, and the case flag it turns on or off.
    Group(Option<usize>, Option<bool>, Box<Node>),
    Look(bool, bool, Box<Node>),
    Atomic(Box<Node>),
    Repeat(u64, Option<u64>, Greed, Box<Node>),
    Backref(usize),
    Cond(usize, Box<Node>, Option<Box<Node>>),
}

struct Source<'a> {
    s: &'a [u32],
    index: usize,
    next: Option<Tok>,
}

impl<'a> Source<'a> {
    fn new(s: &'a [u32]) -> PResult<Self> {
        let mut src = Source {
            s,
            index: 0,
            next: None,
        };
        src.advance()?;
        Ok(src)
    }

    fn advance(&mut self) -> PResult<()> {
        if self.index >= self.s.len() {
            self.next = None;
            return Ok(());
        }
        let c = self.s[self.index];
        if c == '\\' as u32 {
            match self.s.get(self.index + 1) {
                Some(&d) => {
                    self.next = Some(Tok::Esc(d));
                    self.index += 2;
                }
                None => return err("bad escape (end of pattern)", self.s.len() - 1),
            }
        } else {
            self.next = Some(Tok::Ch(c));
            self.index += 1;
        }
        Ok(())
    }

    fn get(&mut self) -> PResult<Option<Tok>> {
        let t = self.next;
        self.advance()?;
        Ok(t)
    }

    fn matches(&mut self, c: char) -> PResult<bool> {
        if self.next == Some(Tok::Ch(c as u32)) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn next_is(&self, c: char) -> bool {
        self.next == Some(Tok::Ch(c as u32))
    }

    fn tell(&self) -> usize {
        self.index - self.next.map_or(0, Tok::len)
    }

    fn error<T>(&self, msg: impl Into<String>, offset: usize) -> PResult<T> {
        err(msg, self.tell() - offset)
    }

    /// Up to `n` plain characters that satisfy `pred`.
    fn getwhile(&mut self, n: usize, pred: impl Fn(u32) -> bool) -> PResult<Vec<u32>> {
        let mut out = Vec::new();
        for _ in 0..n {
            match self.next {
                Some(Tok::Ch(c)) if pred(c) => {
                    out.push(c);
                    self.advance()?;
                }
                _ => break,
            }
        }
        Ok(out)
    }

    fn getuntil(&mut self, term: char, name: &str) -> PResult<String> {
        let mut result = String::new();
        let mut count = 0;
        loop {
            let c = self.next;
            self.advance()?;
            match c {
                None => {
                    if count == 0 {
                        return self.error(format!("missing {name}"), 0);
                    }
                    return self.error(format!("missing {term}, unterminated name"), count);
                }
                Some(Tok::Ch(c)) if c == term as u32 => {
                    if count == 0 {
                        return self.error(format!("missing {name}"), 1);
                    }
                    break;
                }
                Some(t) => {
                    result.push_str(&t.text());
                    count += t.len();
                }
            }
        }
        Ok(result)
    }
}

fn is_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}
fn is_oct(c: u32) -> bool {
    (b'0' as u32..=b'7' as u32).contains(&c)
}
fn is_hex(c: u32) -> bool {
    ch(c).is_ascii_hexdigit()
}
fn is_ascii_letter(c: u32) -> bool {
    ch(c).is_ascii_alphabetic()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

fn digits_value(d: &[u32], radix: u32) -> u64 {
    d.iter().fold(0u64, |acc, &c| {
        acc.saturating_mul(radix as u64)
            .saturating_add(ch(c).to_digit(radix).unwrap_or(0) as u64)
    })
}

fn flag_of(c: u32) -> Option<u32> {
    Some(match ch(c) {
        'i' => F_IGNORECASE,
        'L' => F_LOCALE,
        'm' => F_MULTILINE,
        's' => F_DOTALL,
        'x' => F_VERBOSE,
        'a' => F_ASCII,
        't' => F_TEMPLATE,
        'u' => F_UNICODE,
        _ => return None,
    })
}

struct State {
    /// Global flags (as given, plus inline ones at the start).
    flags: u32,
    is_bytes: bool,
    /// Width of each group once closed (index 0 unused); `None` while open.
    widths: Vec<Option<(u64, u64)>>,
    names: Vec<(String, usize)>,
    lookbehind_groups: Option<usize>,
    /// Conditional references to groups that may be defined later, with their positions.
    cond_refs: Vec<(usize, usize)>,
}

impl State {
    fn groups(&self) -> usize {
        self.widths.len()
    }

    fn group_of(&self, name: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, g)| *g)
    }

    fn checkgroup(&self, gid: usize) -> bool {
        gid < self.groups() && self.widths[gid].is_some()
    }

    fn check_lookbehind_group(&self, gid: usize, src: &Source) -> PResult<()> {
        if let Some(lb) = self.lookbehind_groups {
            if !self.checkgroup(gid) {
                return src.error("cannot refer to an open group", 0);
            }
            if gid >= lb {
                return src.error(
                    "cannot refer to group defined in the same lookbehind subpattern",
                    0,
                );
            }
        }
        Ok(())
    }
}

/// Per-scope flags the parser reads while it goes (verbose and the ones that change what
/// `.`, `^`, `$` and the categories mean).
#[derive(Clone, Copy)]
struct Scope {
    flags: u32,
}

impl Scope {
    fn verbose(self) -> bool {
        self.flags & F_VERBOSE != 0
    }
}

/// Parses `pattern` (code points; bytes patterns give one per byte) with `flags`.
pub fn parse(pattern: &[u32], flags: u32, is_bytes: bool) -> PResult<Parsed> {
    let mut state = State {
        flags,
        is_bytes,
        widths: vec![Some((0, 0))],
        names: Vec::new(),
        lookbehind_groups: None,
        cond_refs: Vec::new(),
    };
    let mut src = Source::new(pattern)?;
    // As CPython: when inline flags at the start turn verbose mode on, parse again with it.
    let tree = loop {
        let scope = Scope { flags: state.flags };
        match parse_sub(&mut src, &mut state, scope, 0) {
            Err(e) if e.msg == "\u{0}verbose" => {
                let f = state.flags;
                state = State {
                    flags: f,
                    is_bytes,
                    widths: vec![Some((0, 0))],
                    names: Vec::new(),
                    lookbehind_groups: None,
                    cond_refs: Vec::new(),
                };
                src = Source::new(pattern)?;
            }
            other => break other?,
        }
    };
    if src.next.is_some() {
        // Only `)` stops the top level early.
        return src.error("unbalanced parenthesis", 0);
    }
    for &(g, pos) in &state.cond_refs {
        if g >= state.groups() {
            return err(format!("invalid group reference {g}"), pos);
        }
    }
    let mut out = String::new();
    let flags = state.flags;
    if flags & F_IGNORECASE != 0 {
        out.push_str("(?i)");
    }
    emit(&tree, &mut out, is_bytes);
    Ok(Parsed {
        regex: out,
        groups: state.groups() - 1,
        names: state.names,
        flags,
    })
}

fn parse_sub(src: &mut Source, state: &mut State, scope: Scope, nested: usize) -> PResult<Node> {
    let mut items = Vec::new();
    loop {
        let first = nested == 0 && items.is_empty();
        items.push(parse_seq(src, state, scope, nested + 1, first)?);
        if !src.matches('|')? {
            break;
        }
    }
    if items.len() == 1 {
        return Ok(items.pop().unwrap());
    }
    Ok(Node::Alt(items))
}

fn width(n: &Node, state: &State) -> (u64, u64) {
    match n {
        Node::Lit(_) | Node::Any | Node::Class(..) | Node::Cat(..) => (1, 1),
        Node::At(_) | Node::Look(..) => (0, 0),
        Node::Seq(v) => v.iter().fold((0, 0), |(a, b), x| {
            let (c, d) = width(x, state);
            (a.saturating_add(c), b.saturating_add(d))
        }),
        Node::Alt(v) => {
            let ws: Vec<_> = v.iter().map(|x| width(x, state)).collect();
            (
                ws.iter().map(|w| w.0).min().unwrap_or(0),
                ws.iter().map(|w| w.1).max().unwrap_or(0),
            )
        }
        Node::Group(_, _, b) | Node::Atomic(b) => width(b, state),
        Node::Repeat(lo, hi, _, b) => {
            let (c, d) = width(b, state);
            let max = match hi {
                Some(h) => d.saturating_mul(*h),
                None if d == 0 => 0,
                None => u64::MAX,
            };
            (c.saturating_mul(*lo), max)
        }
        Node::Backref(g) => state
            .widths
            .get(*g)
            .copied()
            .flatten()
            .unwrap_or((0, u64::MAX)),
        Node::Cond(_, y, n) => {
            let (a, b) = width(y, state);
            let (c, d) = n.as_ref().map_or((0, 0), |n| width(n, state));
            (a.min(c), b.max(d))
        }
    }
}

fn parse_seq(
    src: &mut Source,
    state: &mut State,
    scope: Scope,
    nested: usize,
    first: bool,
) -> PResult<Node> {
    let mut scope = scope;
    let mut seq: Vec<Node> = Vec::new();
    let verbose = scope.verbose();
    loop {
        let this = match src.next {
            None => break,
            Some(Tok::Ch(c)) if c == '|' as u32 || c == ')' as u32 => break,
            Some(t) => t,
        };
        src.advance()?;
        if verbose {
            if let Tok::Ch(c) = this {
                if matches!(ch(c), ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
                    continue;
                }
                if c == '#' as u32 {
                    loop {
                        match src.get()? {
                            None => break,
                            Some(Tok::Ch(c)) if c == '\n' as u32 => break,
                            _ => {}
                        }
                    }
                    continue;
                }
            }
        }
        let c = match this {
            Tok::Esc(c) => {
                seq.push(escape(src, state, scope, c)?);
                continue;
            }
            Tok::Ch(c) => c,
        };
        match ch(c) {
            '[' => seq.push(parse_class(src, state, scope)?),
            '*' | '+' | '?' | '{' => {
                let here = src.tell();
                let (min, max) = match ch(c) {
                    '*' => (0, None),
                    '+' => (1, None),
                    '?' => (0, Some(1)),
                    _ => {
                        if src.next_is('}') {
                            seq.push(Node::Lit(c));
                            continue;
                        }
                        let lo = src.getwhile(usize::MAX, is_digit)?;
                        let hi = if src.matches(',')? {
                            src.getwhile(usize::MAX, is_digit)?
                        } else {
                            lo.clone()
                        };
                        if !src.matches('}')? {
                            seq.push(Node::Lit(c));
                            src.index = here;
                            src.advance()?;
                            continue;
                        }
                        let mut min = 0;
                        let mut max = None;
                        if !lo.is_empty() {
                            min = digits_value(&lo, 10);
                            if min >= MAXREPEAT {
                                return Err(overflow());
                            }
                        }
                        if !hi.is_empty() {
                            let h = digits_value(&hi, 10);
                            if h >= MAXREPEAT {
                                return Err(overflow());
                            }
                            if h < min {
                                return src.error(
                                    "min repeat greater than max repeat",
                                    src.tell() - here,
                                );
                            }
                            max = Some(h);
                        }
                        (min, max)
                    }
                };
                let Some(last) = seq.pop() else {
                    return src.error("nothing to repeat", src.tell() - here + 1);
                };
                if matches!(last, Node::At(_)) {
                    return src.error("nothing to repeat", src.tell() - here + 1);
                }
                if matches!(last, Node::Repeat(..)) {
                    return src.error("multiple repeat", src.tell() - here + 1);
                }
                let greed = if src.matches('?')? {
                    Greed::Lazy
                } else if src.matches('+')? {
                    Greed::Possessive
                } else {
                    Greed::Greedy
                };
                seq.push(Node::Repeat(min, max, greed, Box::new(last)));
            }
            '.' => seq.push(if scope.flags & F_DOTALL != 0 {
                Node::Class(true, vec![])
            } else {
                Node::Any
            }),
            '(' => {
                match parse_group(src, state, scope, nested, first, &seq)? {
                    Some(node) => seq.push(node),
                    // Global flags (only allowed here) hold for the whole pattern.
                    None if first && seq.is_empty() => scope.flags = state.flags,
                    None => {}
                }
            }
            '^' => seq.push(Node::At(if scope.flags & F_MULTILINE != 0 {
                At::BeginLine
            } else {
                At::BeginText
            })),
            '$' => seq.push(Node::At(if scope.flags & F_MULTILINE != 0 {
                At::EndLine
            } else {
                At::End
            })),
            _ => seq.push(Node::Lit(c)),
        }
    }
    Ok(Node::Seq(seq))
}

fn overflow() -> ReError {
    ReError {
        msg: "the repetition number is too large".into(),
        pos: None,
        overflow: true,
    }
}

/// Parses what follows `(`; `None` for what adds nothing (comments, global flags).
fn parse_group(
    src: &mut Source,
    state: &mut State,
    scope: Scope,
    nested: usize,
    first: bool,
    seq: &[Node],
) -> PResult<Option<Node>> {
    let start = src.tell() - 1;
    let mut capture = true;
    let mut atomic = false;
    let mut name: Option<String> = None;
    let mut add_flags = 0;
    let mut del_flags = 0;
    if src.matches('?')? {
        let Some(c) = src.get()? else {
            return src.error("unexpected end of pattern", 0);
        };
        match c {
            Tok::Ch(p) if p == 'P' as u32 => {
                if src.matches('<')? {
                    let n = src.getuntil('>', "group name")?;
                    if !is_identifier(&n) {
                        return src.error(
                            format!("bad character in group name {}", py_repr(&n)),
                            n.chars().count() + 1,
                        );
                    }
                    name = Some(n);
                } else if src.matches('=')? {
                    let n = src.getuntil(')', "group name")?;
                    let off = n.chars().count() + 1;
                    if !is_identifier(&n) {
                        return src
                            .error(format!("bad character in group name {}", py_repr(&n)), off);
                    }
                    let Some(gid) = state.group_of(&n) else {
                        return src.error(format!("unknown group name {}", py_repr(&n)), off);
                    };
                    if !state.checkgroup(gid) {
                        return src.error("cannot refer to an open group", off);
                    }
                    state.check_lookbehind_group(gid, src)?;
                    return Ok(Some(Node::Backref(gid)));
                } else {
                    let Some(c) = src.get()? else {
                        return src.error("unexpected end of pattern", 0);
                    };
                    return src.error(format!("unknown extension ?P{}", c.text()), c.len() + 2);
                }
            }
            Tok::Ch(p) if p == ':' as u32 => capture = false,
            Tok::Ch(p) if p == '#' as u32 => {
                loop {
                    if src.next.is_none() {
                        return src.error("missing ), unterminated comment", src.tell() - start);
                    }
                    if src.get()? == Some(Tok::Ch(')' as u32)) {
                        break;
                    }
                }
                return Ok(None);
            }
            Tok::Ch(p) if p == '=' as u32 || p == '!' as u32 || p == '<' as u32 => {
                let mut kind = p;
                let mut behind = false;
                let saved = state.lookbehind_groups;
                if p == '<' as u32 {
                    let Some(c) = src.get()? else {
                        return src.error("unexpected end of pattern", 0);
                    };
                    if c != Tok::Ch('=' as u32) && c != Tok::Ch('!' as u32) {
                        return src.error(format!("unknown extension ?<{}", c.text()), c.len() + 2);
                    }
                    if let Tok::Ch(k) = c {
                        kind = k;
                    }
                    behind = true;
                    if saved.is_none() {
                        state.lookbehind_groups = Some(state.groups());
                    }
                }
                let body = parse_sub(src, state, scope, nested + 1)?;
                if behind {
                    if saved.is_none() {
                        state.lookbehind_groups = None;
                    }
                    let (lo, hi) = width(&body, state);
                    if lo != hi {
                        return Err(ReError {
                            msg: "look-behind requires fixed-width pattern".into(),
                            pos: None,
                            overflow: false,
                        });
                    }
                }
                if !src.matches(')')? {
                    return src.error("missing ), unterminated subpattern", src.tell() - start);
                }
                return Ok(Some(Node::Look(behind, kind == '!' as u32, Box::new(body))));
            }
            Tok::Ch(p) if p == '(' as u32 => {
                let cond = src.getuntil(')', "group name")?;
                let off = cond.chars().count() + 1;
                let gid = if is_identifier(&cond) {
                    match state.group_of(&cond) {
                        Some(g) => g,
                        None => {
                            return src.error(format!("unknown group name {}", py_repr(&cond)), off)
                        }
                    }
                } else {
                    let Some(g) = cond
                        .chars()
                        .all(|c| c.is_ascii_digit())
                        .then(|| cond.parse::<usize>().ok())
                        .flatten()
                    else {
                        return src.error(
                            format!("bad character in group name {}", py_repr(&cond)),
                            off,
                        );
                    };
                    if g == 0 {
                        return src.error("bad group number", off);
                    }
                    if g >= MAXGROUPS {
                        return src.error(format!("invalid group reference {g}"), off);
                    }
                    state.cond_refs.push((g, src.tell() - off));
                    g
                };
                state.check_lookbehind_group(gid, src)?;
                let yes = parse_seq(src, state, scope, nested + 1, false)?;
                let no = if src.matches('|')? {
                    let no = parse_seq(src, state, scope, nested + 1, false)?;
                    if src.next_is('|') {
                        return src.error("conditional backref with more than two branches", 0);
                    }
                    Some(Box::new(no))
                } else {
                    None
                };
                if !src.matches(')')? {
                    return src.error("missing ), unterminated subpattern", src.tell() - start);
                }
                return Ok(Some(Node::Cond(gid, Box::new(yes), no)));
            }
            Tok::Ch(p) if p == '>' as u32 => {
                capture = false;
                atomic = true;
            }
            Tok::Ch(p) if flag_of(p).is_some() || p == '-' as u32 => {
                match parse_flags(src, state, p)? {
                    None => {
                        if !first || !seq.is_empty() {
                            return src.error(
                                "global flags not at the start of the expression",
                                src.tell() - start,
                            );
                        }
                        if state.flags & F_VERBOSE != 0 && !scope.verbose() {
                            // Parse again from the start, verbose (see `parse`).
                            return Err(ReError {
                                msg: "\u{0}verbose".into(),
                                pos: None,
                                overflow: false,
                            });
                        }
                        return Ok(None);
                    }
                    Some((a, d)) => {
                        add_flags = a;
                        del_flags = d;
                        capture = false;
                    }
                }
            }
            other => {
                return src.error(
                    format!("unknown extension ?{}", other.text()),
                    other.len() + 1,
                )
            }
        }
    }
    let group = if capture {
        let gid = state.groups();
        if gid > MAXGROUPS {
            return src.error("too many groups", 0);
        }
        if let Some(n) = &name {
            if let Some(old) = state.group_of(n) {
                return src.error(
                    format!(
                        "redefinition of group name {} as group {gid}; was group {old}",
                        py_repr(n)
                    ),
                    n.chars().count() + 1,
                );
            }
            state.names.push((n.clone(), gid));
        }
        state.widths.push(None);
        Some(gid)
    } else {
        None
    };
    let inner = Scope {
        flags: (scope.flags | add_flags) & !del_flags,
    };
    let body = parse_sub(src, state, inner, nested + 1)?;
    if !src.matches(')')? {
        return src.error("missing ), unterminated subpattern", src.tell() - start);
    }
    if let Some(g) = group {
        state.widths[g] = Some(width(&body, state));
    }
    if atomic {
        return Ok(Some(Node::Atomic(Box::new(body))));
    }
    let case = if add_flags & F_IGNORECASE != 0 {
        Some(true)
    } else if del_flags & F_IGNORECASE != 0 {
        Some(false)
    } else {
        None
    };
    Ok(Some(Node::Group(group, case, Box::new(body))))
}

/// Inline flags after `(?` (`c` is the first): `None` for global flags `(?i)`, else the
/// flags a scoped group `(?i-s:...)` turns on and off.
fn parse_flags(src: &mut Source, state: &mut State, first: u32) -> PResult<Option<(u32, u32)>> {
    let mut c = Tok::Ch(first);
    let mut add = 0;
    let mut del = 0;
    let letter = |t: Tok| matches!(t, Tok::Ch(x) if ch(x).is_alphabetic());
    let flag = |t: Tok| match t {
        Tok::Ch(x) => flag_of(x),
        Tok::Esc(_) => None,
    };
    if first != '-' as u32 {
        loop {
            let f = flag(c).unwrap_or(0);
            if !state.is_bytes && f == F_LOCALE {
                return src.error(
                    "bad inline flags: cannot use 'L' flag with a str pattern",
                    0,
                );
            }
            if state.is_bytes && f == F_UNICODE {
                return src.error(
                    "bad inline flags: cannot use 'u' flag with a bytes pattern",
                    0,
                );
            }
            add |= f;
            if f & TYPE_FLAGS != 0 && add & TYPE_FLAGS != f {
                return src.error(
                    "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                    0,
                );
            }
            let Some(n) = src.get()? else {
                return src.error("missing -, : or )", 0);
            };
            c = n;
            if matches!(c, Tok::Ch(x) if x == ')' as u32 || x == '-' as u32 || x == ':' as u32) {
                break;
            }
            if flag(c).is_none() {
                let msg = if letter(c) {
                    "unknown flag"
                } else {
                    "missing -, : or )"
                };
                return src.error(msg, c.len());
            }
        }
    }
    if c == Tok::Ch(')' as u32) {
        state.flags |= add;
        return Ok(None);
    }
    if add & GLOBAL_FLAGS != 0 {
        return src.error("bad inline flags: cannot turn on global flag", 1);
    }
    if c == Tok::Ch('-' as u32) {
        let Some(n) = src.get()? else {
            return src.error("missing flag", 0);
        };
        c = n;
        if flag(c).is_none() {
            let msg = if letter(c) {
                "unknown flag"
            } else {
                "missing flag"
            };
            return src.error(msg, c.len());
        }
        loop {
            let f = flag(c).unwrap_or(0);
            if f & TYPE_FLAGS != 0 {
                return src.error(
                    "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                    0,
                );
            }
            del |= f;
            let Some(n) = src.get()? else {
                return src.error("missing :", 0);
            };
            c = n;
            if c == Tok::Ch(':' as u32) {
                break;
            }
            if flag(c).is_none() {
                let msg = if letter(c) {
                    "unknown flag"
                } else {
                    "missing :"
                };
                return src.error(msg, c.len());
            }
        }
    }
    if del & GLOBAL_FLAGS != 0 {
        return src.error("bad inline flags: cannot turn off global flag", 1);
    }
    if add & del != 0 {
        return src.error("bad inline flags: flag turned on and off", 1);
    }
    Ok(Some((add, del)))
}

/// Python's `repr` of a group name in messages (names are identifiers: plain quotes do).
fn py_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn is_ascii_scope(state: &State, scope: Scope) -> bool {
    state.is_bytes || scope.flags & (F_ASCII | F_LOCALE) != 0
}

/// A literal given by a `\x`, `\u`, `\U` or octal escape, shared by both contexts; `None`
/// when `c` starts none of these.
fn number_escape(src: &mut Source, state: &State, c: u32) -> PResult<Option<u32>> {
    let (n, len) = match ch(c) {
        'x' => (2, 4),
        'u' if !state.is_bytes => (4, 6),
        'U' if !state.is_bytes => (8, 10),
        _ => return Ok(None),
    };
    let digits = src.getwhile(n, is_hex)?;
    let text: String = digits.iter().map(|&d| ch(d)).collect();
    let esc = format!("\\{}{text}", ch(c));
    if digits.len() + 2 != len {
        return src.error(format!("incomplete escape {esc}"), esc.len());
    }
    let v = digits_value(&digits, 16);
    if v > 0x10FFFF {
        return src.error(format!("bad escape {esc}"), esc.len());
    }
    Ok(Some(v as u32))
}

/// An escape outside a class (`\` and `c` already read).
fn escape(src: &mut Source, state: &mut State, scope: Scope, c: u32) -> PResult<Node> {
    let ascii = is_ascii_scope(state, scope);
    let node = match ch(c) {
        'A' => Node::At(At::BeginText),
        'Z' => Node::At(At::EndText),
        'b' => Node::At(At::Boundary(true, ascii)),
        'B' => Node::At(At::Boundary(false, ascii)),
        'd' => Node::Cat(Cat::Digit, false, ascii),
        'D' => Node::Cat(Cat::Digit, true, ascii),
        's' => Node::Cat(Cat::Space, false, ascii),
        'S' => Node::Cat(Cat::Space, true, ascii),
        'w' => Node::Cat(Cat::Word, false, ascii),
        'W' => Node::Cat(Cat::Word, true, ascii),
        _ => {
            if let Some(v) = simple_escape(c) {
                return Ok(Node::Lit(v));
            }
            if let Some(v) = number_escape(src, state, c)? {
                return Ok(Node::Lit(v));
            }
            if c == '0' as u32 {
                let mut d = vec![c];
                d.extend(src.getwhile(2, is_oct)?);
                return Ok(Node::Lit(digits_value(&d, 8) as u32));
            }
            if is_digit(c) {
                let mut d = vec![c];
                if let Some(Tok::Ch(n)) = src.next {
                    if is_digit(n) {
                        src.advance()?;
                        d.push(n);
                        if let Some(Tok::Ch(t)) = src.next {
                            if is_oct(c) && is_oct(n) && is_oct(t) {
                                src.advance()?;
                                d.push(t);
                                let v = digits_value(&d, 8);
                                if v > 0o377 {
                                    let text: String = d.iter().map(|&x| ch(x)).collect();
                                    return src.error(
                                        format!(
                                            "octal escape value \\{text} outside of range 0-0o377"
                                        ),
                                        d.len() + 1,
                                    );
                                }
                                return Ok(Node::Lit(v as u32));
                            }
                        }
                    }
                }
                let group = digits_value(&d, 10) as usize;
                if group < state.groups() {
                    if !state.checkgroup(group) {
                        return src.error("cannot refer to an open group", d.len() + 1);
                    }
                    state.check_lookbehind_group(group, src)?;
                    return Ok(Node::Backref(group));
                }
                return src.error(format!("invalid group reference {group}"), d.len());
            }
            if is_ascii_letter(c) {
                return src.error(format!("bad escape \\{}", ch(c)), 2);
            }
            Node::Lit(c)
        }
    };
    Ok(node)
}

/// `\a \f \n \r \t \v \\` (and, inside classes, `\b`).
fn simple_escape(c: u32) -> Option<u32> {
    Some(match ch(c) {
        'a' => 7,
        'f' => 12,
        'n' => 10,
        'r' => 13,
        't' => 9,
        'v' => 11,
        '\\' => 92,
        _ => return None,
    })
}

/// An escape inside a class: a character, or a category item.
fn class_escape(src: &mut Source, state: &State, scope: Scope, c: u32) -> PResult<Item> {
    if c == 'b' as u32 {
        return Ok(Item::Ch(8));
    }
    if let Some(v) = simple_escape(c) {
        return Ok(Item::Ch(v));
    }
    let ascii = is_ascii_scope(state, scope);
    let cat = match ch(c) {
        'd' => Some((Cat::Digit, false)),
        'D' => Some((Cat::Digit, true)),
        's' => Some((Cat::Space, false)),
        'S' => Some((Cat::Space, true)),
        'w' => Some((Cat::Word, false)),
        'W' => Some((Cat::Word, true)),
        _ => None,
    };
    if let Some((k, neg)) = cat {
        return Ok(Item::Cat(k, neg, ascii));
    }
    if let Some(v) = number_escape(src, state, c)? {
        return Ok(Item::Ch(v));
    }
    if is_oct(c) {
        let mut d = vec![c];
        d.extend(src.getwhile(2, is_oct)?);
        let v = digits_value(&d, 8);
        if v > 0o377 {
            let text: String = d.iter().map(|&x| ch(x)).collect();
            return src.error(
                format!("octal escape value \\{text} outside of range 0-0o377"),
                d.len() + 1,
            );
        }
        return Ok(Item::Ch(v as u32));
    }
    if is_digit(c) || is_ascii_letter(c) {
        return src.error(format!("bad escape \\{}", ch(c)), 2);
    }
    Ok(Item::Ch(c))
}

fn parse_class(src: &mut Source, state: &State, scope: Scope) -> PResult<Node> {
    let here = src.tell() - 1;
    let negate = src.matches('^')?;
    let mut items: Vec<Item> = Vec::new();
    loop {
        let Some(this) = src.get()? else {
            return src.error("unterminated character set", src.tell() - here);
        };
        if this == Tok::Ch(']' as u32) && !items.is_empty() {
            break;
        }
        let code1 = match this {
            Tok::Esc(c) => class_escape(src, state, scope, c)?,
            Tok::Ch(c) => Item::Ch(c),
        };
        if src.matches('-')? {
            let Some(that) = src.get()? else {
                return src.error("unterminated character set", src.tell() - here);
            };
            if that == Tok::Ch(']' as u32) {
                items.push(code1);
                items.push(Item::Ch('-' as u32));
                break;
            }
            let code2 = match that {
                Tok::Esc(c) => class_escape(src, state, scope, c)?,
                Tok::Ch(c) => Item::Ch(c),
            };
            let off = this.len() + 1 + that.len();
            let msg = format!("bad character range {}-{}", this.text(), that.text());
            match (code1, code2) {
                (Item::Ch(lo), Item::Ch(hi)) => {
                    if hi < lo {
                        return src.error(msg, off);
                    }
                    items.push(Item::Range(lo, hi));
                }
                _ => return src.error(msg, off),
            }
        } else {
            items.push(code1);
        }
    }
    Ok(Node::Class(negate, items))
}

// ---- The crate's syntax ---------------------------------------------------------------------

use std::fmt::Write as _;

fn emit_char(c: u32, out: &mut String) {
    let x = ch(c);
    if x.is_ascii_alphanumeric() {
        out.push(x);
    } else {
        let _ = write!(out, "\\x{{{c:x}}}");
    }
}

const ASCII_WORD: &str = "0-9A-Za-z_";

fn emit_cat(cat: Cat, neg: bool, ascii: bool, out: &mut String) {
    let n = if neg { "^" } else { "" };
    match (cat, ascii) {
        (Cat::Digit, false) => out.push_str(if neg { "\\D" } else { "\\d" }),
        (Cat::Word, false) => out.push_str(if neg { "\\W" } else { "\\w" }),
        // `str.isspace` counts the separators U+001C..U+001F too.
        (Cat::Space, false) => {
            let _ = write!(out, "[{n}\\s\\x{{1c}}-\\x{{1f}}]");
        }
        (Cat::Digit, true) => {
            let _ = write!(out, "[{n}0-9]");
        }
        (Cat::Word, true) => {
            let _ = write!(out, "[{n}{ASCII_WORD}]");
        }
        (Cat::Space, true) => {
            let _ = write!(out, "[{n}\\x{{9}}-\\x{{d}}\\x{{20}}]");
        }
    }
}

fn emit_at(at: At, out: &mut String, bytes: bool) {
    let w = format!("[{ASCII_WORD}]");
    match at {
        At::BeginLine => out.push_str("(?m:^)"),
        At::BeginText => out.push_str("\\A"),
        At::EndLine => out.push_str("(?m:$)"),
        At::End => out.push_str("(?:\\z|(?=\\x{a}\\z))"),
        At::EndText => out.push_str("\\z"),
        At::Boundary(yes, ascii) if !ascii || bytes => {
            out.push_str(if yes { "\\b" } else { "\\B" })
        }
        At::Boundary(true, _) => {
            let _ = write!(out, "(?:(?<={w})(?!{w})|(?<!{w})(?={w}))");
        }
        At::Boundary(false, _) => {
            let _ = write!(out, "(?:(?<={w})(?={w})|(?<!{w})(?!{w}))");
        }
    }
}

/// Whether `node` is empty: no text, no group, no assertion.
fn is_nothing(node: &Node) -> bool {
    match node {
        Node::Seq(v) => v.iter().all(is_nothing),
        Node::Group(None, _, b) => is_nothing(b),
        _ => false,
    }
}

fn emit(node: &Node, out: &mut String, bytes: bool) {
    match node {
        Node::Lit(c) => emit_char(*c, out),
        Node::Any => out.push_str("[^\\x{a}]"),
        Node::Class(true, items) if items.is_empty() => out.push_str("(?s:.)"),
        Node::Class(neg, items) => {
            out.push('[');
            if *neg {
                out.push('^');
            }
            for item in items {
                match *item {
                    Item::Ch(c) => emit_char(c, out),
                    Item::Range(a, b) => {
                        emit_char(a, out);
                        out.push('-');
                        emit_char(b, out);
                    }
                    Item::Cat(k, n, a) => emit_cat(k, n, a, out),
                }
            }
            out.push(']');
        }
        Node::Cat(k, n, a) => emit_cat(*k, *n, *a, out),
        Node::At(at) => emit_at(*at, out, bytes),
        Node::Seq(v) => v.iter().for_each(|n| emit(n, out, bytes)),
        Node::Alt(v) => {
            out.push_str("(?:");
            for (i, n) in v.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(n, out, bytes);
            }
            out.push(')');
        }
        Node::Group(index, case, body) => {
            out.push_str(match (index, case) {
                (Some(_), _) => "(",
                (None, Some(true)) => "(?i:",
                (None, Some(false)) => "(?-i:",
                (None, None) => "(?:",
            });
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Look(behind, neg, body) => {
            out.push_str(match (behind, neg) {
                (false, false) => "(?=",
                (false, true) => "(?!",
                (true, false) => "(?<=",
                (true, true) => "(?<!",
            });
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Atomic(body) => {
            out.push_str("(?>");
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Repeat(min, max, greed, body) => {
            let mut inner = String::new();
            emit(body, &mut inner, bytes);
            if is_nothing(body) {
                // A repeat of nothing matches nothing (the crate rejects `(?:)*`).
                return;
            }
            out.push_str("(?:");
            out.push_str(&inner);
            out.push(')');
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (lo, None) => {
                    let _ = write!(out, "{{{lo},}}");
                }
                (lo, Some(hi)) => {
                    let _ = write!(out, "{{{lo},{hi}}}");
                }
            }
            match greed {
                Greed::Greedy => {}
                Greed::Lazy => out.push('?'),
                Greed::Possessive => out.push('+'),
            }
        }
        Node::Backref(g) => {
            let _ = write!(out, "\\k<{g}>");
        }
        Node::Cond(g, yes, no) => {
            let _ = write!(out, "(?({g})");
            emit(yes, out, bytes);
            if let Some(no) = no {
                out.push('|');
                emit(no, out, bytes);
            }
            out.push(')');
        }
    }
}
