//! The parser of `re` patterns: Python's syntax (as CPython 3.11's `re._parser` reads it, with
//! its error texts and positions) into a tree, and the tree into the syntax of the
//! `fancy-regex` crate, which does the matching (`re.rs`).
//!
//! Where the two syntaxes differ the emitted text spells out Python's meaning: `$` is "end, or
//! before a final newline", `\Z` is the very end, `.` excludes only `\n`, `\s` is `str.isspace`'s
//! set, `\d`, `\w`, `\s` and `\b` are ASCII-only under `re.ASCII` and for bytes, literals are
//! written as `\x{..}` escapes (so nothing in the pattern is special to the crate by accident),
//! and named groups become plain numbered groups (the names are kept here).

use super::re_emit::emit;
use super::re_group::{escape, parse_class, parse_group};

pub const F_TEMPLATE: u32 = 1;
pub const F_IGNORECASE: u32 = 2;
pub const F_LOCALE: u32 = 4;
pub const F_MULTILINE: u32 = 8;
pub const F_DOTALL: u32 = 16;
pub const F_UNICODE: u32 = 32;
pub const F_VERBOSE: u32 = 64;
pub const F_DEBUG: u32 = 128;
pub const F_ASCII: u32 = 256;
pub(super) const TYPE_FLAGS: u32 = F_ASCII | F_LOCALE | F_UNICODE;
pub(super) const GLOBAL_FLAGS: u32 = F_DEBUG | F_TEMPLATE;
/// CPython's limit of a repeat count (`MAXREPEAT`) and of groups.
pub(super) const MAXREPEAT: u64 = 4294967295;
pub(super) const MAXGROUPS: usize = 1 << 30;

/// A bad pattern: CPython's message and the position it names (`None` for the few errors
/// CPython reports without one). `overflow` marks an `OverflowError` rather than `re.error`.
#[derive(Debug)]
pub struct ReError {
    pub msg: String,
    pub pos: Option<usize>,
    pub overflow: bool,
}

pub(super) type PResult<T> = Result<T, ReError>;

pub(super) fn err<T>(msg: impl Into<String>, pos: usize) -> PResult<T> {
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
pub(super) enum Tok {
    Ch(u32),
    /// A backslash and the character after it.
    Esc(u32),
}

impl Tok {
    pub(super) fn len(self) -> usize {
        match self {
            Tok::Ch(_) => 1,
            Tok::Esc(_) => 2,
        }
    }
    pub(super) fn text(self) -> String {
        match self {
            Tok::Ch(c) => ch(c).to_string(),
            Tok::Esc(c) => format!("\\{}", ch(c)),
        }
    }
}

pub(super) fn ch(c: u32) -> char {
    char::from_u32(c).unwrap_or('\u{fffd}')
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Cat {
    Digit,
    Word,
    Space,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum At {
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
pub(super) enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

#[derive(Clone)]
pub(super) enum Item {
    Ch(u32),
    Range(u32, u32),
    /// A category, negated or not, ASCII-only or not.
    Cat(Cat, bool, bool),
}

#[derive(Clone)]
pub(super) enum Node {
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

pub(super) struct Source<'a> {
    pub(super) s: &'a [u32],
    pub(super) index: usize,
    pub(super) next: Option<Tok>,
}

impl<'a> Source<'a> {
    pub(super) fn new(s: &'a [u32]) -> PResult<Self> {
        let mut src = Source {
            s,
            index: 0,
            next: None,
        };
        src.advance()?;
        Ok(src)
    }

    pub(super) fn advance(&mut self) -> PResult<()> {
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

    pub(super) fn get(&mut self) -> PResult<Option<Tok>> {
        let t = self.next;
        self.advance()?;
        Ok(t)
    }

    pub(super) fn matches(&mut self, c: char) -> PResult<bool> {
        if self.next == Some(Tok::Ch(c as u32)) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    pub(super) fn next_is(&self, c: char) -> bool {
        self.next == Some(Tok::Ch(c as u32))
    }

    pub(super) fn tell(&self) -> usize {
        self.index - self.next.map_or(0, Tok::len)
    }

    pub(super) fn error<T>(&self, msg: impl Into<String>, offset: usize) -> PResult<T> {
        err(msg, self.tell() - offset)
    }

    /// Up to `n` plain characters that satisfy `pred`.
    pub(super) fn getwhile(&mut self, n: usize, pred: impl Fn(u32) -> bool) -> PResult<Vec<u32>> {
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

    pub(super) fn getuntil(&mut self, term: char, name: &str) -> PResult<String> {
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

pub(super) fn is_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}
pub(super) fn is_oct(c: u32) -> bool {
    (b'0' as u32..=b'7' as u32).contains(&c)
}
pub(super) fn is_hex(c: u32) -> bool {
    ch(c).is_ascii_hexdigit()
}
pub(super) fn is_ascii_letter(c: u32) -> bool {
    ch(c).is_ascii_alphabetic()
}

pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

pub(super) fn digits_value(d: &[u32], radix: u32) -> u64 {
    d.iter().fold(0u64, |acc, &c| {
        acc.saturating_mul(radix as u64)
            .saturating_add(ch(c).to_digit(radix).unwrap_or(0) as u64)
    })
}

pub(super) fn flag_of(c: u32) -> Option<u32> {
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

pub(super) struct State {
    /// Global flags (as given, plus inline ones at the start).
    pub(super) flags: u32,
    pub(super) is_bytes: bool,
    /// Width of each group once closed (index 0 unused); `None` while open.
    pub(super) widths: Vec<Option<(u64, u64)>>,
    pub(super) names: Vec<(String, usize)>,
    pub(super) lookbehind_groups: Option<usize>,
    /// Conditional references to groups that may be defined later, with their positions.
    pub(super) cond_refs: Vec<(usize, usize)>,
}

impl State {
    pub(super) fn groups(&self) -> usize {
        self.widths.len()
    }

    pub(super) fn group_of(&self, name: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, g)| *g)
    }

    pub(super) fn checkgroup(&self, gid: usize) -> bool {
        gid < self.groups() && self.widths[gid].is_some()
    }

    pub(super) fn check_lookbehind_group(&self, gid: usize, src: &Source) -> PResult<()> {
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
pub(super) struct Scope {
    pub(super) flags: u32,
}

impl Scope {
    pub(super) fn verbose(self) -> bool {
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

pub(super) fn parse_sub(
    src: &mut Source,
    state: &mut State,
    scope: Scope,
    nested: usize,
) -> PResult<Node> {
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

pub(super) fn width(n: &Node, state: &State) -> (u64, u64) {
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

pub(super) fn parse_seq(
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

pub(super) fn overflow() -> ReError {
    ReError {
        msg: "the repetition number is too large".into(),
        pos: None,
        overflow: true,
    }
}
