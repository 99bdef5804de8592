//! Scope analysis: decides once, before any code is emitted, where every name of every scope
//! lives — a local slot, a cell shared with nested functions, a free variable from an enclosing
//! function, a global, or a namespace dict (module and class bodies).
//!
//! Scopes are numbered in the order a pre-order walk of the tree meets them; the code generator
//! walks the tree in the same order and takes them one by one. A `finally` body is the one
//! place the code generator walks more than once (a copy on each way out of the `try`), so
//! the analysis also records where each one's scopes start, for every copy to take the same.

use crate::syntax::ast::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    /// A list/set/dict comprehension or generator expression: a function of one argument.
    Comprehension,
}

/// Where a name lives, as seen from one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Local,
    /// A local of this scope that nested functions capture.
    Cell,
    /// A variable of an enclosing function.
    Free,
    /// Declared `global`, or a free name of a function resolved at module level.
    Global,
    /// Module and class bodies: the namespace dict.
    Name,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// Parameters in slot order.
    pub params: Vec<String>,
    bound: Vec<String>,
    bound_set: HashSet<String>,
    used: HashSet<String>,
    globals: HashSet<String>,
    nonlocals: HashSet<String>,
    /// Each `nonlocal` name with its statement, to report one no enclosing function binds.
    nonlocal_at: Vec<(String, Span)>,
    /// Each `global` name with its statement (where "nonlocal and global" is reported).
    global_at: Vec<(String, Span)>,
    pub cells: Vec<String>,
    pub frees: Vec<String>,
    pub is_generator: bool,
    /// `async def`, or a comprehension that awaits (an async comprehension).
    pub is_coroutine: bool,
    /// Where each name of the scope lives.
    pub places: HashMap<String, Place>,
    /// The name of the innermost class this scope is in (its own, for a class body): private
    /// names (`__x`) are mangled with it.
    pub private: Option<String>,
}

/// CPython's private-name mangling: inside a class `C`, an identifier `__x` that does not end
/// in `__` means `_C__x` (the class name without its leading underscores). `None` when the
/// name stays as written.
pub fn mangle(private: Option<&str>, name: &str) -> Option<String> {
    let class = private?.trim_start_matches('_');
    if class.is_empty() || !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return None;
    }
    Some(format!("_{class}{name}"))
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            params: Vec::new(),
            bound: Vec::new(),
            bound_set: HashSet::default(),
            used: HashSet::default(),
            globals: HashSet::default(),
            nonlocals: HashSet::default(),
            nonlocal_at: Vec::new(),
            global_at: Vec::new(),
            cells: Vec::new(),
            frees: Vec::new(),
            is_generator: false,
            is_coroutine: false,
            places: HashMap::default(),
            private: None,
        }
    }

    /// `name` as this scope stores it (mangled when private).
    fn own(&self, name: &str) -> Option<String> {
        mangle(self.private.as_deref(), name)
    }

    fn bind(&mut self, name: &str) {
        if let Some(m) = self.own(name) {
            return self.bind(&m);
        }
        if !self.bound_set.contains(name) {
            self.bound_set.insert(name.to_string());
            self.bound.push(name.to_string());
        }
    }

    /// Records a use of `name` (copying it only the first time).
    fn use_name(&mut self, name: &str) {
        if let Some(m) = self.own(name) {
            return self.use_name(&m);
        }
        if !self.used.contains(name) {
            self.used.insert(name.to_string());
        }
    }

    /// Where `name` lives for code of this scope.
    pub fn place(&self, name: &str) -> Place {
        if let Some(m) = self.own(name) {
            return self.place(&m);
        }
        if let Some(p) = self.places.get(name) {
            return *p;
        }
        match self.kind {
            ScopeKind::Module | ScopeKind::Class => Place::Name,
            _ => Place::Global,
        }
    }

    /// Local variables in slot order: parameters, then the other bound names.
    pub fn local_names(&self) -> Vec<String> {
        let mut out = self.params.clone();
        let params: HashSet<&str> = self.params.iter().map(String::as_str).collect();
        for n in &self.bound {
            if !params.contains(n.as_str()) && self.places.get(n) == Some(&Place::Local) {
                out.push(n.clone());
            }
        }
        out
    }
}

/// A name-binding problem found during analysis: `(message, span)`.
pub type ScopeError = (String, Span);

/// The scopes of a module (scope 0 is the module itself), and where the scopes of each
/// `finally` body start.
pub struct Analysis {
    pub scopes: Vec<Scope>,
    /// Keyed by the source offset of a `finally` body's first statement: the number of the
    /// first scope met in that body.
    pub finally_scopes: HashMap<usize, usize>,
}

/// Analyses a module.
pub fn analyze(module: &Module) -> Result<Analysis, ScopeError> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, None)],
        current: 0,
        finally_scopes: HashMap::default(),
    };
    b.stmts(&module.body)?;
    check_nonlocals(&b.scopes)?;
    resolve(&mut b.scopes);
    Ok(Analysis {
        scopes: b.scopes,
        finally_scopes: b.finally_scopes,
    })
}

struct Builder {
    scopes: Vec<Scope>,
    current: usize,
    finally_scopes: HashMap<usize, usize>,
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn enter(&mut self, kind: ScopeKind) -> usize {
        let idx = self.scopes.len();
        let mut scope = Scope::new(kind, Some(self.current));
        scope.private = self.scopes[self.current].private.clone();
        self.scopes.push(scope);
        let prev = self.current;
        self.current = idx;
        prev
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), ScopeError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), ScopeError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                targets.iter().try_for_each(|t| self.target(t))
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.scope().use_name(n);
                }
                self.target(target)
            }
            StmtKind::AnnAssign {
                target,
                value,
                annotation,
            } => {
                // Module and class annotations are evaluated; those in functions are not.
                if self.scope().kind != ScopeKind::Function {
                    self.expr(annotation)?;
                }
                if let Some(v) = value {
                    self.expr(v)?;
                    self.target(target)?;
                } else if let ExprKind::Name(n) = &target.kind {
                    self.scope().bind(n);
                }
                Ok(())
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter)?;
                self.target(target)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => Ok(()),
            StmtKind::Return(v) => v.iter().try_for_each(|e| self.expr(e)),
            StmtKind::FunctionDef(f) => {
                f.decorators.iter().try_for_each(|d| self.expr(d))?;
                self.param_defaults(&f.params)?;
                self.param_annotations(&f.params, f.returns.as_ref())?;
                self.scope().bind(&f.name);
                let prev = self.enter(ScopeKind::Function);
                self.scope().is_coroutine = f.is_async;
                self.params(&f.params);
                self.stmts(&f.body)?;
                self.current = prev;
                Ok(())
            }
            StmtKind::ClassDef(c) => {
                c.decorators.iter().try_for_each(|d| self.expr(d))?;
                c.bases.iter().try_for_each(|e| self.expr(e))?;
                c.keywords.iter().try_for_each(|k| self.expr(&k.value))?;
                self.scope().bind(&c.name);
                let prev = self.enter(ScopeKind::Class);
                self.scope().private = Some(c.name.clone());
                self.stmts(&c.body)?;
                self.current = prev;
                Ok(())
            }
            StmtKind::Try(t) => {
                self.stmts(&t.body)?;
                for h in &t.handlers {
                    if let Some(k) = &h.kind {
                        self.expr(k)?;
                    }
                    if let Some(n) = &h.name {
                        self.scope().bind(n);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.orelse)?;
                if let Some(first) = t.finalbody.first() {
                    self.finally_scopes
                        .insert(first.span.start, self.scopes.len());
                }
                self.stmts(&t.finalbody)
            }
            StmtKind::Raise { exc, cause } => exc
                .iter()
                .chain(cause.iter())
                .try_for_each(|e| self.expr(e)),
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                msg.iter().try_for_each(|e| self.expr(e))
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.target(t)),
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(&item.context)?;
                    if let Some(t) = &item.target {
                        self.target(t)?;
                    }
                }
                self.stmts(body)
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let bound = a
                        .asname
                        .clone()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or(&a.name).to_string());
                    self.scope().bind(&bound);
                }
                Ok(())
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" && self.scope().kind != ScopeKind::Module {
                        return Err(("import * only allowed at module level".into(), a.span));
                    }
                    if a.name != "*" {
                        let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                        self.scope().bind(&bound);
                    }
                }
                Ok(())
            }
            StmtKind::Global(names) => {
                for written in names {
                    let n = self.scope().own(written).unwrap_or_else(|| written.clone());
                    self.check_declaration(&n, written, "global", s.span)?;
                    self.scope().global_at.push((n.clone(), s.span));
                    self.scope().globals.insert(n);
                }
                Ok(())
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for case in cases {
                    self.pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&case.body)?;
                }
                Ok(())
            }
            StmtKind::Nonlocal(names) => {
                if self.scope().kind == ScopeKind::Module {
                    return Err((
                        "nonlocal declaration not allowed at module level".into(),
                        s.span,
                    ));
                }
                for written in names {
                    let n = self.scope().own(written).unwrap_or_else(|| written.clone());
                    self.check_declaration(&n, written, "nonlocal", s.span)?;
                    self.scope().nonlocal_at.push((n.clone(), s.span));
                    self.scope().nonlocals.insert(n);
                }
                Ok(())
            }
        }
    }

    /// CPython's checks of a `global` or `nonlocal` name (`what`) against what the scope did
    /// with it before the declaration.
    fn check_declaration(
        &mut self,
        n: &str,
        written: &str,
        what: &str,
        span: Span,
    ) -> Result<(), ScopeError> {
        let scope = self.scope();
        let msg = if scope.params.iter().any(|p| p == n) {
            format!("name '{written}' is parameter and {what}")
        } else if scope.used.contains(n) {
            format!("name '{written}' is used prior to {what} declaration")
        } else if scope.bound_set.contains(n) {
            format!("name '{written}' is assigned to before {what} declaration")
        } else if (what == "global" && scope.nonlocals.contains(n))
            || (what == "nonlocal" && scope.globals.contains(n))
        {
            // Reported at the first of the two declarations.
            let first = if what == "global" {
                &scope.nonlocal_at
            } else {
                &scope.global_at
            };
            let at = first.iter().find(|(m, _)| m == n).map_or(span, |(_, s)| *s);
            return Err((format!("name '{written}' is nonlocal and global"), at));
        } else {
            return Ok(());
        };
        Err((msg, span))
    }

    fn pattern(&mut self, p: &Pattern) -> Result<(), ScopeError> {
        match &p.kind {
            PatternKind::Value(e) => self.expr(e),
            PatternKind::Singleton(_) => Ok(()),
            PatternKind::Sequence(items) | PatternKind::Or(items) => {
                items.iter().try_for_each(|p| self.pattern(p))
            }
            PatternKind::Star(name) => {
                if let Some(n) = name {
                    self.scope().bind(n);
                }
                Ok(())
            }
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => {
                keys.iter().try_for_each(|k| self.expr(k))?;
                patterns.iter().try_for_each(|p| self.pattern(p))?;
                if let Some(n) = rest {
                    self.scope().bind(n);
                }
                Ok(())
            }
            PatternKind::Class {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                patterns
                    .iter()
                    .chain(kwd_patterns.iter())
                    .try_for_each(|p| self.pattern(p))
            }
            PatternKind::As { pattern, name } => {
                if let Some(p) = pattern {
                    self.pattern(p)?;
                }
                if let Some(n) = name {
                    self.scope().bind(n);
                }
                Ok(())
            }
        }
    }

    fn param_defaults(&mut self, p: &Parameters) -> Result<(), ScopeError> {
        for param in p.args.iter().chain(p.kwonly.iter()) {
            if let Some(d) = &param.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    /// A `def`'s annotations are evaluated in the enclosing scope, like its defaults.
    fn param_annotations(
        &mut self,
        p: &Parameters,
        returns: Option<&Expr>,
    ) -> Result<(), ScopeError> {
        let all = p.args.iter().chain(p.vararg.iter()).chain(p.kwonly.iter());
        for param in all.chain(p.kwarg.iter()) {
            if let Some(a) = &param.annotation {
                self.expr(a)?;
            }
        }
        returns.map_or(Ok(()), |r| self.expr(r))
    }

    fn params(&mut self, p: &Parameters) {
        let names = p
            .args
            .iter()
            .chain(p.kwonly.iter())
            .chain(p.vararg.iter())
            .chain(p.kwarg.iter());
        // Slot order: positional, keyword-only, *args, **kwargs.
        let own = |a: &Param| {
            self.scopes[self.current]
                .own(&a.name)
                .unwrap_or_else(|| a.name.clone())
        };
        let mut ordered: Vec<String> = p.args.iter().map(own).collect();
        ordered.extend(p.kwonly.iter().map(own));
        ordered.extend(p.vararg.iter().map(own));
        ordered.extend(p.kwarg.iter().map(own));
        for param in names {
            self.scope().bind(&param.name);
        }
        self.scope().params = ordered;
    }

    fn target(&mut self, t: &Expr) -> Result<(), ScopeError> {
        match &t.kind {
            ExprKind::Name(n) => {
                self.scope().bind(n);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|i| self.target(i))
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expr(t),
        }
    }

    /// An async list, set or dict comprehension is awaited where it is evaluated, which makes
    /// an enclosing comprehension async too.
    fn awaits_comprehension(&mut self, idx: usize) {
        if self.scopes[idx].is_coroutine && self.scope().kind == ScopeKind::Comprehension {
            self.scope().is_coroutine = true;
        }
    }

    fn comprehension(
        &mut self,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> Result<(), ScopeError> {
        // The comprehension's own scope comes first in the walk; its first iterable is
        // evaluated afterwards, in the enclosing scope (the code generator uses this order).
        let prev = self.enter(ScopeKind::Comprehension);
        self.scope().params = vec![".0".to_string()];
        self.scope().bind(".0");
        // Inside an async function a comprehension may await; `async for` always makes it async.
        if generators.iter().any(|g| g.is_async) {
            self.scope().is_coroutine = true;
        }
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            g.ifs.iter().try_for_each(|e| self.expr(e))?;
        }
        elts.iter().try_for_each(|e| self.expr(e))?;
        self.current = prev;
        if let Some(first) = generators.first() {
            self.expr(&first.iter)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), ScopeError> {
        match &e.kind {
            ExprKind::Name(n) => {
                self.scope().use_name(n);
                if n == "super" && self.scope().kind == ScopeKind::Function {
                    self.scope().use_name("__class__");
                }
                Ok(())
            }
            ExprKind::Constant(_) => Ok(()),
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::BoolOp { values, .. } => values.iter().try_for_each(|v| self.expr(v)),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                comparators.iter().try_for_each(|c| self.expr(c))
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)
            }
            ExprKind::Lambda { params, body } => {
                self.param_defaults(params)?;
                let prev = self.enter(ScopeKind::Function);
                self.params(params);
                self.expr(body)?;
                self.current = prev;
                Ok(())
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                for a in args {
                    match a {
                        Arg::Positional(x) | Arg::Starred(x) => self.expr(x)?,
                    }
                }
                keywords.iter().try_for_each(|k| self.expr(&k.value))
            }
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)
            }
            ExprKind::Slice { lower, upper, step } => lower
                .iter()
                .chain(upper.iter())
                .chain(step.iter())
                .try_for_each(|x| self.expr(x)),
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                items.iter().try_for_each(|i| self.expr(i))
            }
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
                Ok(())
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                let idx = self.scopes.len();
                self.comprehension(generators, &[elt])?;
                if matches!(e.kind, ExprKind::GeneratorExp { .. }) {
                    self.scopes[idx].is_generator = true;
                } else {
                    self.awaits_comprehension(idx);
                }
                Ok(())
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                let idx = self.scopes.len();
                self.comprehension(generators, &[key, value])?;
                self.awaits_comprehension(idx);
                Ok(())
            }
            ExprKind::Starred(inner) => self.expr(inner),
            ExprKind::Yield(v) => {
                self.scope().is_generator = true;
                v.iter().try_for_each(|x| self.expr(x))
            }
            ExprKind::YieldFrom(v) => {
                self.scope().is_generator = true;
                self.expr(v)
            }
            ExprKind::Await(v) => {
                if self.scope().kind == ScopeKind::Comprehension {
                    self.scope().is_coroutine = true;
                }
                self.expr(v)
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                // Binds in the nearest enclosing non-comprehension scope.
                // Errors point at the target name, as CPython's.
                let at = Span {
                    start: e.span.start,
                    end: e.span.start + target.len(),
                };
                let mut idx = self.current;
                while self.scopes[idx].kind == ScopeKind::Comprehension {
                    if self.scopes[idx].bound_set.contains(target.as_str()) {
                        let msg = format!(
                            "assignment expression cannot rebind comprehension iteration variable '{target}'"
                        );
                        return Err((msg, at));
                    }
                    match self.scopes[idx].parent {
                        Some(p) => idx = p,
                        None => break,
                    }
                }
                if idx != self.current && self.scopes[idx].kind == ScopeKind::Class {
                    let msg =
                        "assignment expression within a comprehension cannot be used in a class body";
                    return Err((msg.into(), at));
                }
                self.scopes[idx].bind(target);
                if idx != self.current {
                    self.scope().use_name(target);
                }
                Ok(())
            }
        }
    }

    fn fstring(&mut self, parts: &[FStringPart]) -> Result<(), ScopeError> {
        for p in parts {
            if let FStringPart::Value { expr, spec, .. } = p {
                self.expr(expr)?;
                if let Some(spec) = spec {
                    self.fstring(spec)?;
                }
            }
        }
        Ok(())
    }
}

/// Every `nonlocal` name must be bound by an enclosing function (CPython's "no binding for
/// nonlocal 'x' found").
fn check_nonlocals(scopes: &[Scope]) -> Result<(), ScopeError> {
    for scope in scopes {
        for (name, span) in &scope.nonlocal_at {
            let mut cur = scope.parent;
            let mut found = false;
            while let Some(p) = cur {
                let s = &scopes[p];
                match s.kind {
                    ScopeKind::Module => break,
                    ScopeKind::Class => {}
                    ScopeKind::Function | ScopeKind::Comprehension => {
                        if s.globals.contains(name) {
                            break;
                        }
                        if s.bound_set.contains(name) || s.nonlocals.contains(name) {
                            found = true;
                            break;
                        }
                    }
                }
                cur = s.parent;
            }
            if !found {
                return Err((format!("no binding for nonlocal '{name}' found"), *span));
            }
        }
    }
    Ok(())
}

/// Fills `places`, `cells` and `frees` of every scope.
fn resolve(scopes: &mut [Scope]) {
    // First, each scope's own bindings.
    for s in scopes.iter_mut() {
        s.places.reserve(s.bound.len() + s.globals.len());
        for n in &s.bound {
            let place = if s.globals.contains(n) {
                Place::Global
            } else if s.nonlocals.contains(n) {
                Place::Free
            } else {
                match s.kind {
                    ScopeKind::Module | ScopeKind::Class => Place::Name,
                    _ => Place::Local,
                }
            };
            s.places.insert(n.clone(), place);
        }
        for n in &s.globals {
            s.places.insert(n.clone(), Place::Global);
        }
    }
    // Then free names, innermost scopes last so that pass-through frees are recorded.
    for idx in 0..scopes.len() {
        if scopes[idx].kind == ScopeKind::Module {
            continue;
        }
        let mut wanted: Vec<String> = scopes[idx]
            .used
            .iter()
            .filter(|n| !scopes[idx].places.contains_key(*n))
            .cloned()
            .collect();
        wanted.extend(scopes[idx].nonlocals.iter().cloned());
        wanted.sort();
        wanted.dedup();
        for name in wanted {
            resolve_free(scopes, idx, &name);
        }
    }
}

/// Finds the function that binds `name` for a use in scope `idx`; marks the cell there and the
/// free variable in every function between.
fn resolve_free(scopes: &mut [Scope], idx: usize, name: &str) {
    let mut chain = vec![idx];
    let mut cur = scopes[idx].parent;
    while let Some(p) = cur {
        let s = &scopes[p];
        let binds = match s.kind {
            ScopeKind::Function | ScopeKind::Comprehension => {
                matches!(
                    s.places.get(name),
                    Some(Place::Local | Place::Cell | Place::Free)
                )
            }
            // Methods see the class only through the implicit `__class__` cell.
            ScopeKind::Class => name == "__class__",
            ScopeKind::Module => false,
        };
        if binds {
            let owner = &mut scopes[p];
            let was_free = owner.places.get(name) == Some(&Place::Free);
            if !was_free && !owner.cells.iter().any(|c| c == name) {
                owner.cells.push(name.to_string());
                owner.places.insert(name.to_string(), Place::Cell);
            }
            for &c in &chain {
                let s = &mut scopes[c];
                if !s.frees.iter().any(|f| f == name) {
                    s.frees.push(name.to_string());
                }
                s.places.insert(name.to_string(), Place::Free);
            }
            return;
        }
        // Class bodies between pass the variable through, so their methods can close over it.
        chain.push(p);
        cur = s.parent;
    }
    // Not found in any enclosing function: a global (or a builtin).
    let s = &mut scopes[idx];
    if !s.places.contains_key(name) {
        s.places.insert(name.to_string(), Place::Global);
    }
}
