//! Golden tests of the syntax layer: tokens, syntax trees and error messages (insta
//! snapshots), plus inputs that must come back quickly, without a panic, whatever they are.

use minipy::syntax::{self, lexer, SyntaxError};

/// `line:col` (both 1-based, col in characters) of a byte offset.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn render_error(source: &str, err: &SyntaxError) -> String {
    let (line, col) = position(source, err.span.start);
    let incomplete = if err.incomplete { " (incomplete)" } else { "" };
    format!(
        "{}: {} @ {line}:{col}{incomplete}",
        err.kind.name(),
        err.msg
    )
}

fn parse(source: &str) -> syntax::ast::Module {
    match syntax::parse_module(source) {
        Ok(module) => module,
        Err(err) => panic!("{}", render_error(source, &err)),
    }
}

#[test]
fn tokens_of_an_indented_program() {
    let source = "\
def f(a, b=2):
    # a comment line
    if a:  # trailing comment
        return [a,
                b]

    return 0x1F + 1.5 + 'x' 'y'
print(f(1))
";
    let tokens = lexer::tokenize(source).expect("tokenizes");
    let rendered: Vec<String> = tokens
        .iter()
        .map(|(start, token, _)| {
            let (line, col) = position(source, *start);
            format!("{line}:{col} {token:?}")
        })
        .collect();
    insta::assert_snapshot!("tokens", rendered.join("\n"));
}

#[test]
fn ast_of_statements() {
    let source = "\
import os.path as p, sys
from threading import Lock, Thread as T
counter = 0
lock = Lock()

@decorator
def worker(n, /, step=1, *args, name: str = 'w', **kwargs) -> None:
    global counter
    for i, _ in enumerate(range(n)):
        with lock as held, other:
            counter += step
    while False:
        break
    else:
        pass

class Account(Base, metaclass=Meta):
    balance: int = 0
    def deposit(self, amount):
        try:
            self.balance = self.balance + amount
        except (ValueError, TypeError) as e:
            raise RuntimeError('bad') from e
        except:
            raise
        else:
            return self.balance
        finally:
            del amount

if counter > 1: x = 1; y = 2
elif counter: pass
else:
    assert counter == 0, 'zero'
a, *b = c = 1, 2, 3
";
    insta::assert_debug_snapshot!("ast_statements", parse(source));
}

#[test]
fn ast_of_expressions() {
    let source = "\
-2 ** 2
not a and b or c
a < b <= c is not d not in e
x if y else lambda q, *r, s=1: q
f(a, *b, c=1, **d)(x for x in y)
m[1:2, ::3][i, j].attr
[i * i for i in range(10) if i % 2 for j in k]
{k: v for k, v in d.items()}, {1, *s}, {**d, 'k': 1}, (), (1,)
(n := 10) | 3 ^ 4 & 5 << 6 >> 7
await z
";
    insta::assert_debug_snapshot!("ast_expressions", parse(source));
}

#[test]
fn ast_of_literals() {
    let source = "\
0xff, 0o17, 0b101, 1_000, 123456789012345678901234567890, 0x123456789abcdef0123
1.5, .5, 1e3, 1_0.2_5, 2j, 1.5J
'a' \"b\" '''c''', r'\\n', b'\\x00\\n' rb'\\d', '\\t\\x41\\u00e9\\101\\\n'
f'a{b!r}c{d:>{w}}e{g = }{{h}}' 'i', f'{x=:.2f}' rf'\\{y}'
None, True, False, ...
";
    insta::assert_debug_snapshot!("ast_literals", parse(source));
}

#[test]
fn error_messages() {
    let cases = [
        "if x\n    pass\n",
        "if x:\npass\n",
        "if x:\n",
        "def f():\n",
        "class A:\n    def m(self):\n",
        "try:\n    pass\nexcept:\n",
        "x = (1,\n",
        "x = [1, 2\ny = 3\n",
        "x = )\n",
        "x = (]\n",
        "  x = 1\n",
        "if x:\n    a\n  b\n",
        "if x:\n\tpass\n        pass\n",
        "1 = x\n",
        "f() = 1\n",
        "a if b else c = 1\n",
        "None = 1\n",
        "del f()\n",
        "for 1 in x: pass\n",
        "f() += 1\n",
        "(a, b): int = 1\n",
        "*a = 1\n",
        "x = *a\n",
        "x = 'abc\n",
        "x = '''abc\n\n",
        "x = 012\n",
        "x = 1abc\n",
        "x = 0x\n",
        "x = €\n",
        "x = $\n",
        "x = 1 \\ 2\n",
        "x = 1 + \\",
        "print 'x'\n",
        "[a b]\n",
        "x = 1 if y\n",
        "f(a=1, b)\n",
        "f(**x, *y)\n",
        "f(x for x in y, 1)\n",
        "f(x=1, x=2)\n",
        "def f(a=1, b): pass\n",
        "def f(x, x): pass\n",
        "def f(*): pass\n",
        "x = 'a' b'c'\n",
        "x = '\\xZZ'\n",
        "f'{x!z}'\n",
        "f'{}'\n",
        "f'{x'\n",
        "f'}'\n",
        "f'{x:{y:{z}}}'\n",
        "f'{a b}'\n",
        "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n",
        "try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n",
        "try:\n    pass\nexcept*:\n    pass\n",
        "@d\n",
        "x = \n",
        "x = \"\\N{DASH}\"\n",
        "a\0b\n",
    ];
    let mut lines = Vec::new();
    for source in cases {
        let rendered = match syntax::parse_module(source) {
            Ok(_) => "OK".to_string(),
            Err(err) => render_error(source, &err),
        };
        lines.push(format!("{source:?}\n    {rendered}"));
    }
    insta::assert_snapshot!("errors", lines.join("\n"));
}

#[test]
fn valid_programs_parse() {
    let cases = [
        "",
        "# only a comment",
        "x = 1",
        "if x:\n    pass",
        "\n\n  \n",
        "x = [\n  1,\n  2,\n]\nif x:\n    # comment\n\n    y = 1 \\\n        + 2\n",
        "def f(*, a): pass\nlambda: 0\nlambda a,: a\n",
        "with a as x, b as (y, z), c:\n    pass\n",
        "from . import m\nfrom ..p import q\nfrom x import (a as b, c,)\nfrom z import *\n",
        "x: int\nx.y: int = 1\nx[0]: int = 2\n",
        "for x in *a, *b: pass\n[*a, b] = c\n",
        "x = f'''{\n  a\n}'''\n",
        "é = 1\nπ = 3.14\n",
        "x = 3 .real\n",
        "b = 1; c = 2\nif b: c = 3; d = 4\n",
        "if x:\n\tpass\n",
        "def g():\n    x = yield\n    y = yield from z\n    yield 1, 2\n",
    ];
    for source in cases {
        parse(source);
    }
}

#[test]
fn incomplete_input_is_flagged() {
    let incomplete = [
        "if x:\n",
        "x = (1,\n",
        "s = '''abc\n",
        "def f():\n",
        "x = 1 + \\",
        "@d\n",
    ];
    for source in incomplete {
        let err = syntax::parse_module(source).expect_err(source);
        assert!(err.incomplete, "{source:?} should be incomplete: {err:?}");
    }
    let complete = ["x = )\n", "x = \n", "if x\n", "  x\n"];
    for source in complete {
        let err = syntax::parse_module(source).expect_err(source);
        assert!(!err.incomplete, "{source:?} should be complete: {err:?}");
    }
}

#[test]
fn expression_spans_point_into_the_source() {
    let source = "x = f(\n  a,\n  f'{b + c}',\n)\n";
    let module = parse(source);
    let syntax::ast::StmtKind::Assign { value, .. } = &module.body[0].kind else {
        panic!()
    };
    assert_eq!(position(source, value.span.start), (1, 5));
    let syntax::ast::ExprKind::Call { args, .. } = &value.kind else {
        panic!()
    };
    let syntax::ast::Arg::Positional(fstring) = &args[1] else {
        panic!()
    };
    let syntax::ast::ExprKind::FString(parts) = &fstring.kind else {
        panic!()
    };
    let syntax::ast::FStringPart::Value { expr, .. } = &parts[0] else {
        panic!()
    };
    assert_eq!(&source[expr.span.start..expr.span.end], "b + c");
}

/// Every input here must return (Ok or Err) without a panic, a stack overflow or a hang.
fn survives(source: &str) {
    let _ = syntax::parse_module(source);
    let _ = lexer::tokenize(source);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for source in [
        "(".repeat(100_000),
        "[".repeat(100_000),
        "{".repeat(100_000),
    ] {
        let err = syntax::parse_module(&source).expect_err("too deep");
        assert_eq!(err.msg, "too many nested parentheses");
    }
    let unary = format!("x = {}1", "-".repeat(100_000));
    assert!(syntax::parse_module(&unary).is_err());
    for chain in ["not ", "lambda: ", "await ", "~", "a if b else "] {
        survives(&format!("x = {}1\n", chain.repeat(100_000)));
    }
    survives(&format!("x = f{}\n", "()".repeat(100_000)));
    survives(&format!("x = a{}\n", ".b".repeat(100_000)));
    survives(&format!("x = {}1\n", "2 ** ".repeat(100_000)));
    survives(&format!("if x: pass\n{}", "elif y: pass\n".repeat(5_000)));
    let indents: String = (0..150)
        .map(|i| format!("{}if x:\n", "  ".repeat(i)))
        .collect();
    survives(&indents);
    // Bounded but deep trees must also be dropped safely.
    survives(&format!("x = {}1{}\n", "(".repeat(199), ")".repeat(199)));
    survives(&format!("x = {}1\n", "-".repeat(990)));
}

#[test]
fn huge_inputs_return() {
    let long_sum = format!("x = {}1\n", "1 + ".repeat(2_500_000));
    assert!(syntax::parse_module(&long_sum).is_err());
    let long_list = format!("x = [{}]\n", "-1, ".repeat(100_000));
    assert!(syntax::parse_module(&long_list).is_ok());
    let long_string = format!("x = '{}'\n", "a".repeat(10_000_000));
    assert!(syntax::parse_module(&long_string).is_ok());
}

#[test]
fn garbage_returns() {
    // A small linear congruential generator: no dependency, same bytes every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..2_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 56) as u8
            })
            .collect();
        survives(&String::from_utf8_lossy(&bytes));
        let printable: String = bytes.iter().map(|b| (b % 95 + 32) as char).collect();
        survives(&printable);
        let pythonish: String = bytes
            .iter()
            .map(|b| {
                [
                    "(", ")", "[", "]", "{", "}", ":", "\n", "    ", "x", "'", "\"", "f'{", "}",
                    "=", ",", "if ", "\\", "#", "1",
                ][(*b % 20) as usize]
            })
            .collect();
        survives(&pythonish);
    }
    survives("\0\0\0");
    assert!(syntax::parse_module("\u{feff}x = 1\n").is_ok());
    survives("x = 1\r\ny = 2\r");
}
