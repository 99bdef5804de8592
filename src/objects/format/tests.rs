//! Checks every entry of tables generated with CPython 3.11 (`tests/tables.rs`, written by
//! `tests/gen_tables.py`; run it with `FULL=1` for the exhaustive version), plus a few cases
//! that do not fit a table.

mod tables;

use super::*;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

type Expected = Result<&'static str, &'static str>;

/// A `%` argument in the tables: an int (decimal text), a float (bits) or a str.
pub(super) enum Arg {
    I(&'static str),
    F(u64),
    S(&'static str),
}

fn big(text: &str) -> BigInt {
    text.parse().expect("table ints are valid")
}

fn show(result: Result<String, FormatError>) -> Result<String, String> {
    result.map_err(|error| error.to_string())
}

/// Compares `actual` with every expected entry, reporting all mismatches at once.
fn check_all(what: &str, cases: impl Iterator<Item = (String, Result<String, String>, Expected)>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (input, actual, expected) in cases {
        count += 1;
        let expected = expected.map(str::to_string).map_err(str::to_string);
        if actual != expected {
            failures.push(format!("{input}: got {actual:?}, want {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{what}: {} of {count} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn float_repr_matches_cpython() {
    check_all(
        "float_repr",
        tables::FLOAT_REPR.iter().map(|(bits, want)| {
            let x = f64::from_bits(*bits);
            (format!("{x:e}"), Ok(float_repr(x)), Ok(*want))
        }),
    );
}

#[test]
fn format_float_matches_cpython() {
    check_all(
        "format_float",
        tables::FORMAT_FLOAT.iter().map(|(bits, spec, want)| {
            let x = f64::from_bits(*bits);
            (
                format!("format({x:e}, {spec:?})"),
                show(format_float(x, spec)),
                *want,
            )
        }),
    );
}

#[test]
fn format_int_matches_cpython() {
    check_all(
        "format_int",
        tables::FORMAT_INT.iter().map(|(value, spec, want)| {
            let actual = show(format_int(&big(value), spec));
            (format!("format({value}, {spec:?})"), actual, *want)
        }),
    );
}

#[test]
fn format_str_matches_cpython() {
    check_all(
        "format_str",
        tables::FORMAT_STR.iter().map(|(value, spec, want)| {
            let actual = show(format_str(value, spec));
            (format!("format({value:?}, {spec:?})"), actual, *want)
        }),
    );
}

/// A minimal `%` driver, as the VM would do it, over the table's arguments.
fn run_percent(fmt: &str, args: &[Arg]) -> Result<String, String> {
    let pieces = parse_percent(fmt).map_err(|e| e.to_string())?;
    let mut args = args.iter();
    let next_int = |args: &mut std::slice::Iter<Arg>| match args.next() {
        Some(Arg::I(text)) => Ok(big(text).to_i64().unwrap_or(0)),
        _ => Err("TypeError: * wants int".to_string()),
    };
    let mut out = String::new();
    for piece in pieces {
        let spec = match piece {
            PercentPiece::Literal(text) => {
                out.push_str(&text);
                continue;
            }
            PercentPiece::Spec(spec) => spec,
        };
        let star_width = match spec.width {
            Some(Count::Star) => Some(next_int(&mut args)?),
            _ => None,
        };
        let star_precision = match spec.precision {
            Some(Count::Star) => Some(next_int(&mut args)?),
            _ => None,
        };
        let arg = spec
            .resolve(star_width, star_precision)
            .map_err(|e| e.to_string())?;
        let value = if let Some(key) = &spec.key {
            match key.as_str() {
                "name" => &Arg::S("Bob"),
                "age" => &Arg::I("42"),
                "a(b)" => &Arg::S("nested"),
                "(a)" => &Arg::S("parens"),
                "a" => &Arg::S("A"),
                _ => return Err(format!("KeyError: {key:?}")),
            }
        } else {
            args.next()
                .ok_or("TypeError: not enough arguments for format string")?
        };
        spec.check_conversion().map_err(|e| e.to_string())?;
        let text = match (spec.conversion, value) {
            ('d' | 'i' | 'u' | 'o' | 'x' | 'X', Arg::I(text)) => {
                percent_int(&big(text), &arg).map_err(|e| format!("ValueError: {e}"))?
            }
            ('d' | 'i' | 'u', Arg::F(bits)) => {
                let truncated = f64::from_bits(*bits).trunc() as i64;
                percent_int(&BigInt::from(truncated), &arg)
                    .map_err(|e| format!("ValueError: {e}"))?
            }
            ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Arg::F(bits)) => {
                percent_float(f64::from_bits(*bits), &arg)
            }
            ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Arg::I(text)) => {
                percent_float(big(text).to_f64().unwrap_or(f64::NAN), &arg)
            }
            ('s' | 'c', Arg::S(text)) => percent_str(text, &arg),
            ('s', Arg::I(text)) => percent_str(text, &arg),
            _ => return Err("TypeError: unsupported argument in test driver".to_string()),
        };
        out.push_str(&text);
    }
    if args.next().is_some() {
        return Err("TypeError: not all arguments converted during string formatting".into());
    }
    Ok(out)
}

#[test]
fn percent_matches_cpython() {
    check_all(
        "percent",
        tables::PERCENT
            .iter()
            .map(|(fmt, args, want)| (format!("{fmt:?}"), run_percent(fmt, args), *want)),
    );
}

/// Values of the template table's arguments: `(12345, 7, [1, 2, 3], Pt(), 2.5)`,
/// `name='Al', w=6`, where `Pt()` has `x = 3` and `y = 'why'`.
#[derive(Clone)]
enum Value {
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Point,
}

struct TestHost;

/// The host's errors: rendered exceptions, as the tables store them.
#[derive(Debug, PartialEq)]
struct Raised(String);

impl From<FormatError> for Raised {
    fn from(error: FormatError) -> Self {
        Raised(error.to_string())
    }
}

impl From<String> for Raised {
    fn from(message: String) -> Self {
        Raised(message)
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Point => "Pt",
    }
}

fn to_str(value: &Value, repr: bool) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Float(x) => float_repr(*x),
        Value::Str(s) if repr => format!("'{s}'"),
        Value::Str(s) => s.clone(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|item| to_str(item, true)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Point => "<Pt object>".to_string(),
    }
}

impl TemplateHost for TestHost {
    type Value = Value;
    type Error = Raised;

    fn positional(&mut self, index: usize) -> Result<Value, Raised> {
        let args = [
            Value::Int(12345),
            Value::Int(7),
            Value::List(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
            Value::Point,
            Value::Float(2.5),
        ];
        args.get(index).cloned().ok_or_else(|| {
            Raised(format!(
                "IndexError: Replacement index {index} out of range for positional args tuple"
            ))
        })
    }

    fn keyword(&mut self, name: &str) -> Result<Value, Raised> {
        match name {
            "name" => Ok(Value::Str("Al".into())),
            "w" => Ok(Value::Int(6)),
            _ => Err(Raised(format!("KeyError: '{name}'"))),
        }
    }

    fn attr(&mut self, value: Value, name: &str) -> Result<Value, Raised> {
        match (&value, name) {
            (Value::Point, "x") => Ok(Value::Int(3)),
            (Value::Point, "y") => Ok(Value::Str("why".into())),
            (Value::Int(_), "real") => Ok(value),
            _ => Err(Raised(format!(
                "AttributeError: '{}' object has no attribute '{name}'",
                type_name(&value)
            ))),
        }
    }

    fn item_index(&mut self, value: Value, index: usize) -> Result<Value, Raised> {
        match value {
            Value::List(items) => items
                .get(index)
                .cloned()
                .ok_or_else(|| Raised("IndexError: list index out of range".into())),
            other => Err(Raised(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(&other)
            ))),
        }
    }

    fn item_key(&mut self, value: Value, _key: &str) -> Result<Value, Raised> {
        match value {
            Value::List(_) => Err(Raised(
                "TypeError: list indices must be integers or slices, not str".into(),
            )),
            other => Err(Raised(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(&other)
            ))),
        }
    }

    fn convert(&mut self, value: Value, conversion: char) -> Result<Value, Raised> {
        Ok(Value::Str(to_str(&value, conversion != 's')))
    }

    fn format(&mut self, value: Value, spec: &str) -> Result<String, Raised> {
        match value {
            Value::Int(n) => Ok(format_int(&BigInt::from(n), spec)?),
            Value::Float(x) => Ok(format_float(x, spec)?),
            Value::Str(s) => Ok(format_str(&s, spec)?),
            other if spec.is_empty() => Ok(to_str(&other, false)),
            other => Err(Raised(format!(
                "TypeError: unsupported format string passed to {}.__format__",
                type_name(&other)
            ))),
        }
    }
}

#[test]
fn templates_match_cpython() {
    check_all(
        "template",
        tables::TEMPLATE.iter().map(|(template, want)| {
            let actual = render_template(template, &mut TestHost).map_err(|Raised(e)| e);
            (format!("{template:?}"), actual, *want)
        }),
    );
}

#[test]
fn template_pieces() {
    let pieces = parse_template("a{{b{0.x[1]!r:>{w}}c}}").expect("valid template");
    assert_eq!(
        pieces,
        vec![
            TemplatePiece::Literal("a{".into()),
            TemplatePiece::Literal("b".into()),
            TemplatePiece::Field(ReplacementField {
                name: "0.x[1]".into(),
                conversion: Some('r'),
                spec: ">{w}".into(),
                spec_has_fields: true,
            }),
            TemplatePiece::Literal("c}".into()),
        ]
    );
    let field = parse_field_name("0.x[1][k]", &mut AutoNumber::default()).expect("valid name");
    assert_eq!(field.first, FieldKey::Index(0));
    let accesses: Result<Vec<_>, _> = field.accesses().collect();
    assert_eq!(
        accesses,
        Ok(vec![
            FieldAccess::Attr("x".into()),
            FieldAccess::Index(1),
            FieldAccess::Key("k".into()),
        ])
    );
}

#[test]
fn huge_counts_are_refused_not_allocated() {
    let too_many = Err("ValueError: Too many decimal digits in format string".to_string());
    assert_eq!(show(format_int(&BigInt::from(1), "99999999999")), too_many);
    assert_eq!(show(format_float(1.0, ".99999999999f")), too_many);
    assert_eq!(show(format_str("x", "1000000000")), too_many);
    assert_eq!(
        show(format_int(&BigInt::from(1), "1000")).map(|s| s.len()),
        Ok(1000)
    );
    let width_too_big = parse_percent("%99999999999d").map_err(|e| e.to_string());
    assert_eq!(width_too_big, Err("ValueError: width too big".to_string()));
}

#[test]
fn spec_fields() {
    let spec = parse_spec("*^+z#012_.3f", "float", None).expect("valid spec");
    assert_eq!(
        spec,
        FormatSpec {
            fill: '*',
            align: Some('^'),
            sign: Some('+'),
            no_neg_zero: true,
            alternate: true,
            zero_pad: false,
            width: Some(12),
            grouping: Some('_'),
            precision: Some(3),
            ty: Some('f'),
        }
    );
    let zero = parse_spec("05", "int", Some('d')).expect("valid spec");
    assert_eq!(
        (zero.fill, zero.align_or('>'), zero.align_or('<')),
        ('0', '=', '<')
    );
}
