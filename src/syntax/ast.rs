//! The abstract syntax tree that the parser builds and the compiler reads.
//!
//! Every statement and expression carries a [`Span`] (byte offsets into the source), from which
//! the compiler derives line numbers. The tree says nothing about evaluation: it is plain data.

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `a = b = value`: every target gets the value, left to right.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `target op= value`
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// `target: annotation [= value]` (the annotation is evaluated only at module/class level
    /// in CPython; minipy ignores it).
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
    },
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        /// `async for`.
        is_async: bool,
    },
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    /// Boxed, like `ClassDef` and `Try`: far larger than the other statements.
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Try(Box<Try>),
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    Delete(Vec<Expr>),
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        /// `async with`.
        is_async: bool,
    },
    /// `import a.b as c, d`
    Import(Vec<Alias>),
    /// `from module import a as b, c` (`names` empty never happens; `*` is one alias named `*`)
    ImportFrom {
        module: String,
        names: Vec<Alias>,
    },
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    /// `match subject:` and its `case` blocks, tried in order.
    Match {
        subject: Expr,
        cases: Vec<MatchCase>,
    },
}

/// `case pattern if guard: body`
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

/// The patterns of a `case` (CPython's `pattern` node kinds).
#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// A literal or a dotted name, compared with `==`.
    Value(Expr),
    /// `None`, `True`, `False`, compared with `is`.
    Singleton(Constant),
    /// `[a, *rest, b]` or `(a, b)`.
    Sequence(Vec<Pattern>),
    /// `*name` (or `*_`, `None`) inside a sequence pattern.
    Star(Option<String>),
    /// `{key: pattern, **rest}`
    Mapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<String>,
    },
    /// `Cls(p, q, attr=r)`
    Class {
        cls: Expr,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<String>,
        kwd_patterns: Vec<Pattern>,
    },
    /// `pattern as name`, a bare capture `name` (no pattern) or the wildcard `_` (neither).
    As {
        pattern: Option<Box<Pattern>>,
        name: Option<String>,
    },
    /// `p | q`
    Or(Vec<Pattern>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// Dotted name as written: `os.path`.
    pub name: String,
    pub asname: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    /// `None` for a bare `except:`.
    pub kind: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    /// `except*`: the clause takes the matching part of an exception group.
    pub star: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub params: Parameters,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
    /// `async def`: calling it makes a coroutine (an async generator if it yields).
    pub is_async: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    pub name: String,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
}

/// A function's parameter list: `def f(a, b=1, *args, c, d=2, **kwargs)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parameters {
    /// Positional-or-keyword parameters (and positional-only ones before `/`).
    pub args: Vec<Param>,
    /// How many of `args` came before a `/`.
    pub posonly_count: usize,
    pub vararg: Option<Param>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Param>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub annotation: Option<Expr>,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Name(String),
    Constant(Constant),
    /// An f-string: literal pieces and `{value!conv:spec}` pieces, in order.
    FString(Vec<FStringPart>),
    /// `a and b and c` / `a or b`: operands left to right, short-circuit.
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `a < b <= c`: `ops.len() == comparators.len()`.
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// `body if test else orelse`
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Lambda {
        params: Box<Parameters>,
        body: Box<Expr>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
        keywords: Vec<Keyword>,
    },
    Attribute {
        value: Box<Expr>,
        attr: String,
    },
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// `lower:upper:step` inside a subscript.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// Elements may be `Starred`.
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `None` key means `**mapping` unpacking.
    Dict(Vec<(Option<Expr>, Expr)>),
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `*x` in a call, display or assignment target.
    Starred(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    Await(Box<Expr>),
    /// `name := value`
    NamedExpr {
        target: String,
        value: Box<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    /// Decimal digits of an integer literal, already stripped of `_` and converted from
    /// hex/octal/binary to decimal, so the compiler can parse any size.
    Int(String),
    Float(f64),
    /// The imaginary part of an imaginary literal (`2j`).
    Complex(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FStringPart {
    Literal(String),
    Value {
        expr: Box<Expr>,
        /// `!r`, `!s`, `!a`
        conversion: Option<char>,
        /// The format spec, which may itself contain replacement fields.
        spec: Option<Vec<FStringPart>>,
        /// `f"{x=}"`: the text `x=` to print before the value.
        debug_text: Option<String>,
    },
}

/// A positional argument in a call: `f(x)` or `f(*xs)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Positional(Expr),
    Starred(Expr),
}

/// A keyword argument: `f(name=value)`, or `f(**mapping)` when `name` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    pub name: Option<String>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    /// `async for` in a comprehension.
    pub is_async: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

impl BinOp {
    /// The operator as written: `+`, `//`, ...
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}
