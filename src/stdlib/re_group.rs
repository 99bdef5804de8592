//! The parts of a pattern after `(`, `\\` and `[`: groups and their extensions, inline
//! flags, escapes and character classes (`re_parse.rs` has the rest of the parser).

use super::re_parse::*;

/// Parses what follows `(`; `None` for what adds nothing (comments, global flags).
pub(super) fn parse_group(
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
pub(super) fn parse_flags(
    src: &mut Source,
    state: &mut State,
    first: u32,
) -> PResult<Option<(u32, u32)>> {
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
pub(super) fn py_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

pub(super) fn is_ascii_scope(state: &State, scope: Scope) -> bool {
    state.is_bytes || scope.flags & (F_ASCII | F_LOCALE) != 0
}

/// A literal given by a `\x`, `\u`, `\U` or octal escape, shared by both contexts; `None`
/// when `c` starts none of these.
pub(super) fn number_escape(src: &mut Source, state: &State, c: u32) -> PResult<Option<u32>> {
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
pub(super) fn escape(src: &mut Source, state: &mut State, scope: Scope, c: u32) -> PResult<Node> {
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
pub(super) fn simple_escape(c: u32) -> Option<u32> {
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
pub(super) fn class_escape(src: &mut Source, state: &State, scope: Scope, c: u32) -> PResult<Item> {
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

pub(super) fn parse_class(src: &mut Source, state: &State, scope: Scope) -> PResult<Node> {
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
