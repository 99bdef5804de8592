//! Error messages, as insta snapshots: each case is a small program that minipy must reject
//! (syntax and indentation errors) or that dies with an uncaught exception. The program runs
//! as `minipy example.mp` in a directory of its own, and its stderr is the snapshot; the
//! snapshot's description holds the program, so every `.snap` file can be checked on its own
//! against `python3 -X no_debug_ranges example.mp` (CPython 3.11 without the `~~^^` position
//! markers of tracebacks: the runner sets PYTHONNODEBUGRANGES; `tests/carets.rs` checks them).
//!
//! Every snapshot was checked against CPython 3.11 before it was accepted. Where minipy's
//! text still differs from CPython's, the case is a `known_difference!`: it asserts CPython's
//! exact text and is `#[ignore]`d, with the difference named, until the interpreter is fixed
//! (`cargo test --test errors -- --ignored` lists them).

mod common;

use common::Run as Outcome;

/// Writes `source` to `example.mp` in a fresh directory named after the case and runs
/// `minipy example.mp` there.
fn run_case(name: &str, source: &str) -> Outcome {
    let dir = common::scratch("errors", name);
    std::fs::write(dir.join("example.mp"), source).expect("write example.mp");
    common::run_minipy(&dir, &["example.mp"], "")
}

/// Runs a case that must fail with exit status 1 and returns its stderr.
fn failing_stderr(name: &str, source: &str) -> String {
    let outcome = run_case(name, source);
    assert!(
        !outcome.stderr.contains("panicked"),
        "{name}: minipy panicked:\n{}",
        outcome.stderr
    );
    assert_eq!(
        outcome.code,
        Some(1),
        "{name}: exit status\nstdout:\n{}\nstderr:\n{}",
        outcome.stdout,
        outcome.stderr
    );
    outcome.stderr
}

/// Snapshots the stderr of a failing program; the program is the snapshot's description.
fn check_snapshot(name: &str, source: &str) {
    let stderr = failing_stderr(name, source);
    insta::with_settings!({
        description => source,
        omit_expression => true,
        prepend_module_to_snapshot => true,
    }, {
        insta::assert_snapshot!(name, stderr);
    });
}

/// A case whose error text is a reviewed snapshot (`tests/snapshots/errors__NAME.snap`).
macro_rules! snapshot_case {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            check_snapshot(stringify!($name), $source);
        }
    };
}

/// A case where minipy's text differs from CPython's: asserts CPython's exact text.
/// A case whose expected text is CPython's, written out (for tracebacks whose lines a snapshot
/// would not make obvious).
macro_rules! cpython_case {
    ($name:ident, $source:expr, $cpython:expr) => {
        #[test]
        fn $name() {
            let stderr = failing_stderr(stringify!($name), $source);
            assert_eq!(stderr, $cpython);
        }
    };
}

macro_rules! known_difference {
    ($name:ident, $reason:literal, $source:expr, $cpython:expr) => {
        #[test]
        #[ignore = $reason]
        fn $name() {
            let stderr = failing_stderr(stringify!($name), $source);
            assert_eq!(stderr, $cpython);
        }
    };
}

mod syntax {
    use super::*;

    snapshot_case!(missing_colon_if, "x = 1\nif x\n    print(x)\n");
    snapshot_case!(missing_colon_def, "def f()\n    return 1\n");
    snapshot_case!(missing_colon_while, "while True\n    pass\n");
    snapshot_case!(missing_colon_class, "class A\n    pass\n");
    snapshot_case!(expected_indent_def, "def f():\nreturn 1\n");
    snapshot_case!(expected_indent_if, "if True:\nx = 1\n");
    snapshot_case!(expected_indent_for, "for i in range(3):\nprint(i)\n");
    snapshot_case!(unclosed_paren, "print((1, 2)\n");
    snapshot_case!(unclosed_bracket_at_eof, "x = [1,\n2,\n");
    snapshot_case!(unmatched_close, "x = 1)\n");
    snapshot_case!(mismatched_brackets, "x = [1, 2)\n");
    snapshot_case!(unterminated_string, "s = 'abc\n");
    snapshot_case!(unterminated_triple_quote, "x = 1\ns = \"\"\"abc\n\n");
    snapshot_case!(two_operators, "x = 1 +* 2\n");
    snapshot_case!(assign_to_literal, "1 = x\n");
    snapshot_case!(assign_to_call, "f() = 3\n");
    snapshot_case!(augassign_to_literal, "1 += 2\n");
    snapshot_case!(return_outside_function, "return 5\n");
    snapshot_case!(break_outside_loop, "break\n");
    snapshot_case!(
        break_in_except_star,
        "for x in []:\n    try:\n        pass\n    except* ValueError:\n        break\n"
    );
    snapshot_case!(continue_outside_loop, "continue\n");
    snapshot_case!(yield_outside_function, "yield 1\n");
    snapshot_case!(keyword_as_name, "class = 3\n");
    snapshot_case!(missing_comma, "x = [1 2]\n");
    snapshot_case!(default_before_plain_parameter, "def f(a=1, b):\n    pass\n");
    snapshot_case!(duplicate_parameter, "def f(a, a):\n    pass\n");
    snapshot_case!(nonlocal_at_module_level, "nonlocal x\n");
    snapshot_case!(
        global_after_assignment,
        "def f():\n    x = 1\n    global x\n"
    );
    snapshot_case!(else_without_if, "else:\n    pass\n");
    snapshot_case!(delete_literal, "del 1\n");
    snapshot_case!(invalid_character, "x = 1 $ 2\n");
    snapshot_case!(starred_expression_alone, "*a\n");
    snapshot_case!(error_on_fifth_line, "a = 1\nb = 2\nc = 3\n\nd = (1 +)\n");

    known_difference!(
        unexpected_indent,
        "minipy prints a caret under the line; CPython prints none for IndentationError: unexpected indent",
        "x = 1\n    y = 2\n",
        "  File \"example.mp\", line 2\n    y = 2\nIndentationError: unexpected indent\n"
    );
    known_difference!(
        unindent_mismatch,
        "minipy puts the caret at column 0; CPython puts it after the end of the line",
        "if True:\n        x = 1\n    y = 2\n",
        "  File \"example.mp\", line 3\n    y = 2\n         ^\nIndentationError: unindent does not match any outer indentation level\n"
    );
    known_difference!(
        tab_error,
        "minipy prints a caret; CPython prints none for TabError",
        "if True:\n        x = 1\n\ty = 2\n",
        "  File \"example.mp\", line 3\n    y = 2\nTabError: inconsistent use of tabs and spaces in indentation\n"
    );
    known_difference!(
        block_missing_at_eof,
        "minipy prints a caret after `def f():`; CPython prints none",
        "def f():\n",
        "  File \"example.mp\", line 1\n    def f():\nIndentationError: expected an indented block after function definition on line 1\n"
    );
    known_difference!(
        invalid_decimal_literal,
        "minipy underlines `12a` (^^^ at column 4); CPython puts one caret at column 5",
        "x = 12abc\n",
        "  File \"example.mp\", line 1\n    x = 12abc\n         ^\nSyntaxError: invalid decimal literal\n"
    );
    known_difference!(
        positional_after_keyword,
        "minipy's caret is one column left of CPython's (start vs end of the argument)",
        "f(a=1, 2)\n",
        "  File \"example.mp\", line 1\n    f(a=1, 2)\n            ^\nSyntaxError: positional argument follows keyword argument\n"
    );
    known_difference!(
        unterminated_fstring_field,
        "minipy's caret is one column left of CPython's",
        "x = f'{1 + 2'\n",
        "  File \"example.mp\", line 1\n    x = f'{1 + 2'\n                 ^\nSyntaxError: f-string: expecting '}'\n"
    );
    known_difference!(
        walrus_to_attribute,
        "minipy says `invalid syntax` at `:=`; CPython says `cannot use assignment expressions with attribute` under `a.b`",
        "(a.b := 1)\n",
        "  File \"example.mp\", line 1\n    (a.b := 1)\n     ^^^\nSyntaxError: cannot use assignment expressions with attribute\n"
    );
    cpython_case!(
        try_without_except,
        "try:\n    pass\nx = 1\n",
        "  File \"example.mp\", line 3\n    x = 1\n    ^\nSyntaxError: expected 'except' or 'finally' block\n"
    );
    cpython_case!(
        assignment_in_if_condition,
        "x = 2\nif x = 1:\n    pass\n",
        "  File \"example.mp\", line 2\n    if x = 1:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"
    );
    cpython_case!(
        assignment_in_while_condition,
        "while n = 0:\n    pass\n",
        "  File \"example.mp\", line 1\n    while n = 0:\n          ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"
    );
    cpython_case!(
        attribute_assignment_in_elif,
        "if True:\n    pass\nelif a.b = 1:\n    pass\n",
        "  File \"example.mp\", line 3\n    elif a.b = 1:\n         ^^^\nSyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='?\n"
    );
    cpython_case!(
        subscript_assignment_in_if,
        "if a[0] = 1:\n    pass\n",
        "  File \"example.mp\", line 1\n    if a[0] = 1:\n       ^^^^\nSyntaxError: cannot assign to subscript here. Maybe you meant '==' instead of '='?\n"
    );
    cpython_case!(
        assignment_after_a_comparison_in_if,
        "if x == 1 and y = 2:\n    pass\n",
        "  File \"example.mp\", line 1\n    if x == 1 and y = 2:\n                    ^\nSyntaxError: invalid syntax\n"
    );
}

mod runtime {
    use super::*;

    snapshot_case!(
        zero_division,
        "def f(a, b):\n    return a / b\n\nprint('start')\nf(1, 0)\n"
    );
    snapshot_case!(zero_division_floor_float, "x = 1.5 // 0.0\n");
    snapshot_case!(name_error, "def g():\n    return undefined_name + 1\ng()\n");
    snapshot_case!(unsupported_operands_int_str, "x = 1 + 'a'\n");
    snapshot_case!(concatenate_str_int, "x = 'a' + 1\n");
    snapshot_case!(bad_unary_operand, "x = -'a'\n");
    snapshot_case!(none_plus_int, "None + 1\n");
    snapshot_case!(not_callable, "x = 5\nx()\n");
    snapshot_case!(not_subscriptable, "x = None\nx[0]\n");
    snapshot_case!(unorderable_types, "x = [] < 3\n");
    snapshot_case!(index_error_list, "xs = [1, 2, 3]\nprint(xs[10])\n");
    snapshot_case!(index_error_tuple, "t = (1,)\nt[5]\n");
    snapshot_case!(index_error_str, "s = 'abc'\ns[3]\n");
    snapshot_case!(key_error_str, "d = {'a': 1}\nd['b']\n");
    snapshot_case!(key_error_tuple, "d = {}\nd[(1, 2)]\n");
    snapshot_case!(
        attribute_error_instance,
        "class A:\n    pass\nA().missing\n"
    );
    snapshot_case!(attribute_error_int, "x = 5\nx.foo\n");
    snapshot_case!(attribute_error_none, "x = None\nx.append(1)\n");
    snapshot_case!(
        unbound_local,
        "x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n"
    );
    snapshot_case!(
        free_variable_unbound,
        "def outer():\n    def inner():\n        return v\n    r = inner()\n    v = 1\n    return r\nouter()\n"
    );
    snapshot_case!(recursion_error, "def r(n):\n    return r(n + 1)\nr(0)\n");
    snapshot_case!(
        raise_from,
        "try:\n    {}['k']\nexcept KeyError as e:\n    raise ValueError('bad key') from e\n"
    );
    snapshot_case!(
        implicit_context,
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    undefined\n"
    );
    snapshot_case!(
        context_across_functions,
        "def f():\n    try:\n        return {}['a']\n    except KeyError:\n        return g()\ndef g():\n    return 1 / 0\nf()\n"
    );
    snapshot_case!(
        context_in_finally,
        "def f():\n    try:\n        raise TypeError('first')\n    finally:\n        raise ValueError('second')\nf()\n"
    );
    snapshot_case!(
        three_exception_chain,
        "try:\n    try:\n        1/0\n    except Exception as e:\n        raise KeyError('k') from e\nexcept Exception as e:\n    raise RuntimeError('r')\n"
    );
    snapshot_case!(
        raise_from_none,
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise RuntimeError('hidden') from None\n"
    );
    snapshot_case!(
        custom_exception,
        "class AppError(Exception):\n    pass\n\ndef run():\n    raise AppError('something went wrong', 42)\n\nrun()\n"
    );
    snapshot_case!(
        custom_exception_str,
        "class MyErr(ValueError):\n    def __str__(self):\n        return 'custom text'\nraise MyErr()\n"
    );
    snapshot_case!(
        custom_exception_class_raised,
        "class Boom(Exception):\n    pass\nraise Boom\n"
    );
    snapshot_case!(raise_non_exception, "raise 5\n");
    snapshot_case!(assert_with_message, "x = 3\nassert x == 4, f'x is {x}'\n");
    snapshot_case!(assert_without_message, "assert 1 > 2\n");
    snapshot_case!(
        too_many_arguments,
        "def f(a, b):\n    return a\nf(1, 2, 3)\n"
    );
    snapshot_case!(missing_one_argument, "def f(a, b):\n    return a\nf(1)\n");
    snapshot_case!(
        missing_two_arguments,
        "def f(a, b, c):\n    return a\nf(1)\n"
    );
    snapshot_case!(
        missing_keyword_only_argument,
        "def f(a, *, b):\n    pass\nf(1)\n"
    );
    snapshot_case!(unexpected_keyword, "def f(a):\n    return a\nf(a=1, b=2)\n");
    snapshot_case!(
        multiple_values_for_argument,
        "def f(a):\n    return a\nf(1, a=2)\n"
    );
    snapshot_case!(
        method_missing_argument,
        "class A:\n    def m(self, x):\n        return x\nA().m()\n"
    );
    snapshot_case!(
        init_missing_argument,
        "class P:\n    def __init__(self, x, y):\n        self.x = x\nP(1)\n"
    );
    snapshot_case!(builtin_wrong_argument_count, "len([], [])\n");
    snapshot_case!(invalid_int_literal, "int('abc')\n");
    snapshot_case!(too_many_values_to_unpack, "a, b = [1, 2, 3]\n");
    snapshot_case!(not_enough_values_to_unpack, "a, b, c = [1, 2]\n");
    snapshot_case!(
        traceback_through_three_functions,
        "def a(x):\n    return b(x) + 1\n\ndef b(x):\n    return c(x) * 2\n\ndef c(x):\n    return x[5]\n\nprint('before')\na([1, 2])\n"
    );
    snapshot_case!(
        traceback_through_generator,
        "def gen():\n    yield 1\n    raise ValueError('in gen')\nfor v in gen():\n    print(v)\n"
    );
    snapshot_case!(traceback_through_class_body, "class A:\n    x = 1 / 0\n");
    snapshot_case!(traceback_through_lambda, "f = lambda x: x / 0\nf(1)\n");
    snapshot_case!(next_on_exhausted_iterator, "it = iter([])\nnext(it)\n");
    snapshot_case!(unhashable_dict_key, "d = {[1]: 2}\n");
    snapshot_case!(str_item_assignment, "s = 'abc'\ns[0] = 'x'\n");
    snapshot_case!(
        sys_exit_with_message,
        "import sys\ndef f():\n    sys.exit('fatal: bad')\nf()\n"
    );

    snapshot_case!(modulo_by_zero, "x = 5\ny = x % 0\n");
    snapshot_case!(multiply_str_by_str, "'a' * 'b'\n");
    snapshot_case!(pop_from_empty_list, "[].pop()\n");
    snapshot_case!(list_index_not_found, "[1, 2].index(5)\n");
    snapshot_case!(dict_pop_missing_key, "{}.pop('a')\n");
    snapshot_case!(set_remove_missing_element, "s = {1}\ns.remove(2)\n");

    cpython_case!(
        bare_reraise,
        "try:\n    int('x')\nexcept ValueError:\n    print('caught')\n    raise\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    int('x')\nValueError: invalid literal for int() with base 10: 'x'\n"
    );
    cpython_case!(
        raise_inside_with,
        "class CM:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        return False\nwith CM():\n    raise KeyError('inside')\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 7, in <module>\n    raise KeyError('inside')\nKeyError: 'inside'\n"
    );
    known_difference!(
        double_star_non_mapping,
        "minipy says `'int' object is not iterable`; CPython says `__main__.f() argument after ** must be a mapping, not list`",
        "def f(**k):\n    pass\nf(**[1])\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 3, in <module>\n    f(**[1])\nTypeError: __main__.f() argument after ** must be a mapping, not list\n"
    );
}

/// Operators' error texts: the in-place form, the built-in functions behind operators.
mod operators {
    use super::*;

    cpython_case!(
        inplace_add_int_str,
        "x = 1\nx += \"a\"\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    x += \"a\"\nTypeError: unsupported operand type(s) for +=: 'int' and 'str'\n"
    );
    cpython_case!(
        inplace_after_declined_add,
        "class A:\n    def __add__(self, o):\n        return NotImplemented\na = A()\na += 1\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 5, in <module>\n    a += 1\nTypeError: unsupported operand type(s) for +=: 'A' and 'int'\n"
    );
    cpython_case!(
        inplace_after_declined_iadd,
        "class A:\n    def __iadd__(self, o):\n        return NotImplemented\na = A()\na += 1\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 5, in <module>\n    a += 1\nTypeError: unsupported operand type(s) for +=: 'A' and 'int'\n"
    );
    cpython_case!(
        inplace_pow_none,
        "x = 2\nx **= None\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    x **= None\nTypeError: unsupported operand type(s) for **=: 'int' and 'NoneType'\n"
    );
    cpython_case!(
        inplace_shift_float,
        "x = 1.5\nx <<= 1\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    x <<= 1\nTypeError: unsupported operand type(s) for <<=: 'float' and 'int'\n"
    );
    cpython_case!(
        pow_none,
        "x = 2\ny = x ** None\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    y = x ** None\nTypeError: unsupported operand type(s) for ** or pow(): 'int' and 'NoneType'\n"
    );
    cpython_case!(
        error_in_add_of_inplace,
        "class A:\n    def __add__(self, o):\n        return 1 + \"x\"\na = A()\na += 1\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 5, in <module>\n    a += 1\n  File \"example.mp\", line 3, in __add__\n    return 1 + \"x\"\nTypeError: unsupported operand type(s) for +: 'int' and 'str'\n"
    );
    cpython_case!(
        divmod_int_str,
        "divmod(1, \"a\")\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 1, in <module>\n    divmod(1, \"a\")\nTypeError: unsupported operand type(s) for divmod(): 'int' and 'str'\n"
    );
    cpython_case!(
        pow_three_args_str,
        "pow(1, 2, \"a\")\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 1, in <module>\n    pow(1, 2, \"a\")\nTypeError: unsupported operand type(s) for ** or pow(): 'int', 'int', 'str'\n"
    );
    cpython_case!(
        bytes_concat_str,
        "b\"a\" + \"a\"\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 1, in <module>\n    b\"a\" + \"a\"\nTypeError: can't concat str to bytes\n"
    );
    cpython_case!(
        dict_ior_int,
        "d = {}\nd |= 1\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 2, in <module>\n    d |= 1\nTypeError: 'int' object is not iterable\n"
    );
}

/// Name-binding errors of the symbol table, and raise ... from a non-exception.
mod scoping {
    use super::*;

    cpython_case!(
        nonlocal_without_binding,
        "def f():\n    def g():\n        nonlocal y\n    return g\n",
        "  File \"example.mp\", line 3\n    nonlocal y\n    ^^^^^^^^^^\nSyntaxError: no binding for nonlocal 'y' found\n"
    );
    cpython_case!(
        global_parameter,
        "def f(a):\n    global a\n",
        "  File \"example.mp\", line 2\n    global a\n    ^^^^^^^^\nSyntaxError: name 'a' is parameter and global\n"
    );
    cpython_case!(
        used_before_global,
        "def f():\n    print(x)\n    global x\n",
        "  File \"example.mp\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is used prior to global declaration\n"
    );
    cpython_case!(
        walrus_rebinds_iteration_variable,
        "print([(z := 1) for z in range(3)])\n",
        "  File \"example.mp\", line 1\n    print([(z := 1) for z in range(3)])\n            ^\nSyntaxError: assignment expression cannot rebind comprehension iteration variable 'z'\n"
    );
    cpython_case!(
        raise_from_non_exception,
        "raise ValueError(\"x\") from 5\n",
        "Traceback (most recent call last):\n  File \"example.mp\", line 1, in <module>\n    raise ValueError(\"x\") from 5\nTypeError: exception causes must derive from BaseException\n"
    );
}
