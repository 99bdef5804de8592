//! The Rust side of the grammar's actions: building nodes that need more than a struct
//! literal, and the checks CPython makes while parsing (assignment targets, argument and
//! parameter order, `except:` placement) with CPython's messages. The grammar itself stays a
//! list of productions; it owns no logic.

use lalrpop_util::ParseError;

use super::ast::*;
use super::error::{SyntaxError, SyntaxErrorKind};
use super::lexer::error_at;
use super::parser::parse_fstring;
use super::token::{StringLit, Token};

/// What a grammar action may fail with.
pub type PResult<T> = Result<T, ParseError<usize, Token, SyntaxError>>;

/// Most `elif` branches one `if` may have: each nests the next one in the tree.
const MAX_ELIFS: usize = 1000;

/// What the grammar's single table parsed, depending on the injected start token.
pub enum Top {
    Module(Module),
    Expression(Expr),
}

/// One item between the parentheses of a call or class header (boxed where larger than an
/// `Expr`, to keep the parser's stack values small).
pub enum ArgItem {
    Positional(Expr),
    /// `f(x for x in y)`: only valid as the sole argument.
    Generator(Expr),
    Starred(Expr),
    Keyword(Box<Keyword>),
}

/// One item of a parameter list, before the order is checked.
pub enum ParamItem {
    Plain(Box<Param>),
    Slash(usize),
    Star(usize),
    VarArgs(Box<Param>),
    KwArgs(Box<Param>),
}

fn fail<T>(msg: impl Into<String>, span: Span) -> PResult<T> {
    Err(ParseError::User {
        error: error_at(SyntaxErrorKind::SyntaxError, msg, span.start, span.end),
    })
}

pub fn spanned(kind: ExprKind, l: usize, r: usize) -> Expr {
    Expr {
        kind,
        span: Span::new(l, r),
    }
}

pub fn prepend<T>(first: T, rest: Vec<T>) -> Vec<T> {
    let mut items = Vec::with_capacity(rest.len() + 1);
    items.push(first);
    items.extend(rest);
    items
}

/// The values of boxed parser results, in order.
pub fn unbox_all<T>(items: Vec<Box<T>>) -> Vec<T> {
    items.into_iter().map(|item| *item).collect()
}

/// `first` then `rest`, unboxed.
pub fn unbox_prepend<T>(first: T, rest: Vec<Box<T>>) -> Vec<T> {
    let mut items = Vec::with_capacity(rest.len() + 1);
    items.push(first);
    items.extend(rest.into_iter().map(|item| *item));
    items
}

pub fn dotted(first: String, rest: Vec<String>) -> String {
    prepend(first, rest).join(".")
}

/// `from ..a import b`: the leading dots are kept in the module name.
pub fn relative_module(dots: Vec<usize>, name: &str) -> String {
    let mut module = ".".repeat(dots.iter().sum());
    module.push_str(name);
    module
}

pub fn tuple_or_single(mut items: Vec<Expr>, comma: bool, l: usize, r: usize) -> Expr {
    if items.len() == 1 && !comma {
        if let Some(item) = items.pop() {
            return item;
        }
    }
    spanned(ExprKind::Tuple(items), l, r)
}

/// `(a)` is `a` (its span without the parentheses, as in CPython); `(a,)` and `(a, b)` are
/// tuples spanning the parentheses.
pub fn parenthesized(mut items: Vec<Expr>, comma: bool, l: usize, r: usize) -> PResult<Expr> {
    if items.len() == 1 && !comma {
        if let Some(item) = items.pop() {
            if let ExprKind::Starred(_) = item.kind {
                return fail("cannot use starred expression here", item.span);
            }
            return Ok(item);
        }
    }
    Ok(spanned(ExprKind::Tuple(items), l, r))
}

pub fn binop(left: Expr, op: BinOp, right: Expr) -> ExprKind {
    ExprKind::BinOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

pub fn unary(op: UnaryOp, operand: Expr) -> ExprKind {
    ExprKind::UnaryOp {
        op,
        operand: Box::new(operand),
    }
}

pub fn compare(left: Expr, rest: Vec<(CmpOp, Expr)>) -> ExprKind {
    let (ops, comparators) = rest.into_iter().unzip();
    ExprKind::Compare {
        left: Box::new(left),
        ops,
        comparators,
    }
}

/// Concatenates adjacent string literals: all bytes, or all text (f-strings included).
pub fn strings(source: &str, parts: Vec<(usize, StringLit)>) -> PResult<ExprKind> {
    let bytes = parts
        .iter()
        .filter(|(_, p)| matches!(p, StringLit::Bytes(_)))
        .count();
    if bytes != 0 && bytes != parts.len() {
        let at = parts.last().map_or(0, |p| p.0);
        return fail("cannot mix bytes and nonbytes literals", Span::new(at, at));
    }
    if bytes != 0 {
        let mut out = Vec::new();
        for (_, part) in parts {
            if let StringLit::Bytes(b) = part {
                out.extend(b);
            }
        }
        return Ok(ExprKind::Constant(Constant::Bytes(out)));
    }
    if !parts
        .iter()
        .any(|(_, p)| matches!(p, StringLit::Format { .. }))
    {
        let mut out = String::new();
        for (_, part) in parts {
            if let StringLit::Str(s) = part {
                out.push_str(&s);
            }
        }
        return Ok(ExprKind::Constant(Constant::Str(out)));
    }
    let mut pieces: Vec<FStringPart> = Vec::new();
    for (at, part) in parts {
        let new = match part {
            StringLit::Str(s) => vec![FStringPart::Literal(s)],
            StringLit::Format {
                body,
                raw,
                body_offset,
            } => parse_fstring(source, at + body_offset, &body, raw)
                .map_err(|error| ParseError::User { error })?,
            StringLit::Bytes(_) => vec![],
        };
        for piece in new {
            match (pieces.last_mut(), piece) {
                (_, FStringPart::Literal(s)) if s.is_empty() => {}
                (Some(FStringPart::Literal(prev)), FStringPart::Literal(s)) => prev.push_str(&s),
                (_, piece) => pieces.push(piece),
            }
        }
    }
    Ok(ExprKind::FString(pieces))
}

/// CPython's name for an expression in "cannot assign to ..." messages.
pub fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Name(_) => "name",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Bool(true)) => "True",
        ExprKind::Constant(Constant::Bool(false)) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
    }
}

/// The first part of `target` that cannot be assigned to (or deleted), if any.
fn invalid_target(target: &Expr, delete: bool) -> Option<&Expr> {
    match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().find_map(|item| match &item.kind {
                ExprKind::Starred(inner) if !delete => invalid_target(inner, delete),
                _ => invalid_target(item, delete),
            })
        }
        _ => Some(target),
    }
}

/// Checks an assignment target (`=`, `for`, `with ... as`, comprehensions).
fn check_target(target: &Expr, maybe_equality: bool) -> PResult<()> {
    if let ExprKind::Starred(_) = target.kind {
        return fail(
            "starred assignment target must be in a list or tuple",
            target.span,
        );
    }
    if let ExprKind::Tuple(items) | ExprKind::List(items) = &target.kind {
        let stars = items
            .iter()
            .filter(|i| matches!(i.kind, ExprKind::Starred(_)))
            .count();
        if stars > 1 {
            return fail("multiple starred expressions in assignment", target.span);
        }
    }
    let Some(bad) = invalid_target(target, false) else {
        return match debug_name(target) {
            Some(span) => fail("cannot assign to __debug__", span),
            None => Ok(()),
        };
    };
    if let ExprKind::Yield(_) | ExprKind::YieldFrom(_) = bad.kind {
        return fail("assignment to yield expression not possible", bad.span);
    }
    let what = describe(bad);
    if maybe_equality && std::ptr::eq(bad, target) && is_bitwise_or_level(bad) {
        return fail(
            format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"),
            bad.span,
        );
    }
    fail(format!("cannot assign to {what}"), bad.span)
}

/// Where a target names `__debug__`, which cannot be assigned.
fn debug_name(target: &Expr) -> Option<Span> {
    match &target.kind {
        ExprKind::Name(n) if n == "__debug__" => Some(target.span),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().find_map(debug_name),
        ExprKind::Starred(inner) => debug_name(inner),
        _ => None,
    }
}

/// Expressions CPython's `bitwise_or` rule can produce (what `a = b` hints `==` for).
fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not,
                ..
            }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Constant(Constant::None | Constant::Bool(_))
    )
}

/// A bare `*x` where only a value may stand.
fn no_bare_star(e: &Expr) -> PResult<()> {
    match e.kind {
        ExprKind::Starred(_) => fail("can't use starred expression here", e.span),
        _ => Ok(()),
    }
}

/// `a`, or `a = b = c`: the last item is the value, the others are targets.
pub fn assign_or_expr(first: Expr, rest: Vec<Expr>) -> PResult<StmtKind> {
    if rest.is_empty() {
        no_bare_star(&first)?;
        return Ok(StmtKind::Expr(first));
    }
    let mut targets = prepend(first, rest);
    let value = targets.pop().ok_or_else(|| ParseError::User {
        error: error_at(SyntaxErrorKind::SyntaxError, "invalid syntax", 0, 0),
    })?;
    no_bare_star(&value)?;
    let single = targets.len() == 1;
    for target in &targets {
        check_target(target, single && is_bitwise_or_level(&value))?;
    }
    Ok(StmtKind::Assign { targets, value })
}

pub fn aug_assign(target: Expr, op: BinOp, value: Expr) -> PResult<StmtKind> {
    match target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
            no_bare_star(&value)?;
            Ok(StmtKind::AugAssign { target, op, value })
        }
        _ => fail(
            format!(
                "'{}' is an illegal expression for augmented assignment",
                describe(&target)
            ),
            target.span,
        ),
    }
}

pub fn ann_assign(target: Expr, annotation: Expr, value: Option<Expr>) -> PResult<StmtKind> {
    match target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
            Ok(StmtKind::AnnAssign {
                target,
                annotation,
                value,
            })
        }
        ExprKind::Tuple(_) | ExprKind::List(_) => fail(
            format!(
                "only single target (not {}) can be annotated",
                describe(&target)
            ),
            target.span,
        ),
        _ => fail("illegal target for annotation", target.span),
    }
}

pub fn delete(targets: Vec<Expr>) -> PResult<StmtKind> {
    if targets.is_empty() {
        return fail("invalid syntax", Span::default());
    }
    for target in &targets {
        let bad = match target.kind {
            ExprKind::Starred(_) => Some(target),
            _ => invalid_target(target, true),
        };
        if let Some(bad) = bad {
            return fail(format!("cannot delete {}", describe(bad)), bad.span);
        }
    }
    Ok(StmtKind::Delete(targets))
}

pub fn return_stmt(value: Option<Expr>) -> PResult<StmtKind> {
    if let Some(value) = &value {
        no_bare_star(value)?;
    }
    Ok(StmtKind::Return(value))
}

pub fn for_stmt(target: Expr, iter: Expr, body: Vec<Stmt>, orelse: Vec<Stmt>) -> PResult<StmtKind> {
    check_target(&target, false)?;
    no_bare_star(&iter)?;
    Ok(StmtKind::For {
        target,
        iter,
        body,
        orelse,
        is_async: false,
    })
}

/// `async for` / `async with`: the statement made by the plain form, marked async.
pub fn async_stmt(kind: PResult<StmtKind>) -> PResult<StmtKind> {
    let mut kind = kind?;
    match &mut kind {
        StmtKind::For { is_async, .. } | StmtKind::With { is_async, .. } => *is_async = true,
        _ => {}
    }
    Ok(kind)
}

/// `async def`: the function made by the plain form, marked async.
pub fn async_def(def: PResult<Stmt>) -> PResult<Stmt> {
    let mut def = def?;
    if let StmtKind::FunctionDef(f) = &mut def.kind {
        f.is_async = true;
    }
    Ok(def)
}

/// Decorators above a function definition: they extend its span upwards.
pub fn decorated(mut def: Stmt, decorators: Vec<Expr>) -> Stmt {
    if let StmtKind::FunctionDef(f) = &mut def.kind {
        f.decorators = decorators;
    }
    def
}

pub fn comprehension(
    target: Expr,
    iter: Expr,
    ifs: Vec<Expr>,
    is_async: bool,
) -> PResult<Comprehension> {
    check_target(&target, false)?;
    Ok(Comprehension {
        target,
        iter,
        ifs,
        is_async,
    })
}

pub fn with_item(context: Expr, target: Expr) -> PResult<WithItem> {
    check_target(&target, false)?;
    Ok(WithItem {
        context,
        target: Some(target),
    })
}

/// An `elif` branch: where it starts, its test and its body.
pub type Branch = (usize, Expr, Vec<Stmt>);

/// Folds `if`/`elif`/`else` into nested `If` statements (each `elif` spans to the end).
pub fn if_chain(
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<Branch>,
    orelse: Option<Vec<Stmt>>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    if elifs.len() > MAX_ELIFS {
        return fail("too many 'elif' branches", Span::new(l, l));
    }
    let mut orelse = orelse.unwrap_or_default();
    for (start, test, body) in elifs.into_iter().rev() {
        let kind = StmtKind::If { test, body, orelse };
        orelse = vec![Stmt {
            kind,
            span: Span::new(start, r),
        }];
    }
    Ok(Stmt {
        kind: StmtKind::If { test, body, orelse },
        span: Span::new(l, r),
    })
}

pub fn try_stmt(
    body: Vec<Stmt>,
    handlers: Vec<ExceptHandler>,
    orelse: Vec<Stmt>,
    finalbody: Vec<Stmt>,
) -> PResult<StmtKind> {
    let last = handlers.len().saturating_sub(1);
    for (i, handler) in handlers.iter().enumerate() {
        if handler.kind.is_none() && i != last {
            return fail("default 'except:' must be last", handler.span);
        }
        if handler.star != handlers[0].star {
            let keyword = if handler.star { "except*" } else { "except" };
            let at = Span::new(handler.span.start, handler.span.start + keyword.len());
            return fail(
                "cannot have both 'except' and 'except*' on the same 'try'",
                at,
            );
        }
    }
    Ok(StmtKind::Try(Box::new(Try {
        body,
        handlers,
        orelse,
        finalbody,
    })))
}

/// `except*:` with no exception type.
pub fn except_star_without_type<T>(at: usize) -> PResult<T> {
    fail(
        "expected one or more exception types",
        Span::new(at, at + 1),
    )
}

/// Sorts the items between a call's parentheses, checking CPython's ordering rules.
fn arguments(items: Vec<ArgItem>) -> PResult<(Vec<Arg>, Vec<Keyword>)> {
    let count = items.len();
    let (mut args, mut keywords) = (Vec::new(), Vec::<Keyword>::new());
    for item in items {
        let after_kwargs = keywords.iter().any(|k| k.name.is_none());
        match item {
            ArgItem::Generator(e) if count > 1 => {
                return fail("Generator expression must be parenthesized", e.span);
            }
            ArgItem::Positional(e) | ArgItem::Generator(e) => {
                if after_kwargs {
                    return fail(
                        "positional argument follows keyword argument unpacking",
                        e.span,
                    );
                }
                if !keywords.is_empty() {
                    return fail("positional argument follows keyword argument", e.span);
                }
                args.push(Arg::Positional(e));
            }
            ArgItem::Starred(e) => {
                if after_kwargs {
                    return fail(
                        "iterable argument unpacking follows keyword argument unpacking",
                        e.span,
                    );
                }
                args.push(Arg::Starred(e));
            }
            ArgItem::Keyword(k) => {
                if let Some(name) = &k.name {
                    if keywords
                        .iter()
                        .any(|other| other.name.as_ref() == Some(name))
                    {
                        return fail(format!("keyword argument repeated: {name}"), k.span);
                    }
                }
                keywords.push(*k);
            }
        }
    }
    Ok((args, keywords))
}

pub fn call(func: Expr, items: Vec<ArgItem>) -> PResult<ExprKind> {
    let (args, keywords) = arguments(items)?;
    Ok(ExprKind::Call {
        func: Box::new(func),
        args,
        keywords,
    })
}

/// Sorts a flat parameter list into [`Parameters`], with CPython's checks.
fn parameters(items: Vec<ParamItem>, lambda: bool) -> PResult<Parameters> {
    let mut params = Parameters::default();
    let mut seen_star: Option<usize> = None;
    let mut seen_slash = false;
    let mut seen_default = false;
    let mut names: Vec<String> = Vec::new();
    let mut check_name = |p: &Param| -> PResult<()> {
        if names.contains(&p.name) {
            let what = if lambda {
                "lambda"
            } else {
                "function definition"
            };
            return fail(format!("duplicate argument '{}' in {what}", p.name), p.span);
        }
        names.push(p.name.clone());
        Ok(())
    };
    let count = items.len();
    for (i, item) in items.into_iter().enumerate() {
        if params.kwarg.is_some() {
            let at = match &item {
                ParamItem::Plain(p) | ParamItem::VarArgs(p) | ParamItem::KwArgs(p) => p.span,
                ParamItem::Slash(at) | ParamItem::Star(at) => Span::new(*at, *at + 1),
            };
            return fail("arguments cannot follow var-keyword argument", at);
        }
        match item {
            ParamItem::Plain(p) => {
                check_name(&p)?;
                if seen_star.is_some() {
                    params.kwonly.push(*p);
                } else {
                    if p.default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return fail("non-default argument follows default argument", p.span);
                    }
                    params.args.push(*p);
                }
            }
            ParamItem::Slash(at) => {
                let span = Span::new(at, at + 1);
                if seen_slash {
                    return fail("/ may appear only once", span);
                }
                if seen_star.is_some() {
                    return fail("/ must be ahead of *", span);
                }
                if params.args.is_empty() {
                    return fail("at least one argument must precede /", span);
                }
                seen_slash = true;
                params.posonly_count = params.args.len();
            }
            ParamItem::Star(at) => {
                if seen_star.is_some() {
                    return fail("* argument may appear only once", Span::new(at, at + 1));
                }
                let next_is_kwarg = i + 1 == count;
                if next_is_kwarg {
                    return fail("named arguments must follow bare *", Span::new(at, at + 1));
                }
                seen_star = Some(at);
            }
            ParamItem::VarArgs(p) => {
                if seen_star.is_some() {
                    return fail("* argument may appear only once", p.span);
                }
                check_name(&p)?;
                seen_star = Some(p.span.start);
                params.vararg = Some(*p);
            }
            ParamItem::KwArgs(p) => {
                check_name(&p)?;
                params.kwarg = Some(*p);
            }
        }
    }
    if let Some(at) = seen_star {
        if params.vararg.is_none() && params.kwonly.is_empty() {
            return fail("named arguments must follow bare *", Span::new(at, at + 1));
        }
    }
    Ok(params)
}

pub fn lambda(items: Vec<ParamItem>, body: Expr) -> PResult<ExprKind> {
    let params = parameters(items, true)?;
    Ok(ExprKind::Lambda {
        params: Box::new(params),
        body: Box::new(body),
    })
}

pub fn function_def(
    name: String,
    items: Vec<ParamItem>,
    returns: Option<Expr>,
    body: Vec<Stmt>,
    decorators: Vec<Expr>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    let params = parameters(items, false)?;
    let def = FunctionDef {
        name,
        params,
        body,
        decorators,
        returns,
        is_async: false,
    };
    Ok(Stmt {
        kind: StmtKind::FunctionDef(Box::new(def)),
        span: Span::new(l, r),
    })
}

pub fn class_def(
    name: String,
    items: Vec<ArgItem>,
    body: Vec<Stmt>,
    decorators: Vec<Expr>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    let (args, keywords) = arguments(items)?;
    let mut bases = Vec::with_capacity(args.len());
    for arg in args {
        match arg {
            Arg::Positional(e) => bases.push(e),
            Arg::Starred(e) => bases.push(Expr {
                span: e.span,
                kind: ExprKind::Starred(Box::new(e)),
            }),
        }
    }
    let def = ClassDef {
        name,
        bases,
        keywords,
        body,
        decorators,
    };
    Ok(Stmt {
        kind: StmtKind::ClassDef(Box::new(def)),
        span: Span::new(l, r),
    })
}
