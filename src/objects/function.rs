//! Functions: Python functions (code + globals + defaults + closure cells) and native ones
//! (a Rust `fn` with a name, optionally bound to the object it is a method of).

use super::exception::{ExcKind, PyErr, PyResult};
use super::runtime::Host;
use super::{ObjCell, ObjRef, Runtime, Value};
use std::sync::Arc;

/// The arguments of a native call.
pub struct Args<R: Runtime> {
    pub pos: Vec<Value<R>>,
    /// Keyword arguments: (name, value), names are `str` objects.
    pub kw: Vec<(Value<R>, Value<R>)>,
}

/// A native function: runs on the calling thread's VM (`vm::Vm`, see [`Host`]).
pub type NativeFn<R> = fn(&mut <R as Host>::Vm, Args<R>) -> PyResult<Value<R>, R>;

pub struct BuiltinFn<R: Runtime> {
    pub name: &'static str,
    pub func: NativeFn<R>,
    /// The object this is a method of, once bound (`[].append`).
    pub receiver: Option<Value<R>>,
    /// Which of the eval loop's in-place natives this may be (see [`HotName`]).
    pub hot: HotName,
}

impl<R: Runtime> BuiltinFn<R> {
    pub fn new(name: &'static str, func: NativeFn<R>, receiver: Option<Value<R>>) -> Self {
        let hot = match (HotName::of(name), &receiver) {
            (hot, None) => hot,
            (hot, Some(_)) if hot.is_method() => hot,
            (_, Some(_)) => HotName::None,
        };
        BuiltinFn {
            name,
            func,
            receiver,
            hot,
        }
    }
}

impl<R: Runtime> BuiltinFn<R> {
    /// CPython's equality of built-in functions and methods: the same native function,
    /// bound to the same object (identity), or both unbound.
    pub fn same_as(&self, other: &BuiltinFn<R>) -> bool {
        self.name == other.name
            && std::ptr::fn_addr_eq(self.func, other.func)
            && match (&self.receiver, &other.receiver) {
                (None, None) => true,
                (Some(a), Some(b)) => a.is(b),
                _ => false,
            }
    }
}

/// The names the eval loop runs in place when they name an unbound native (`len(x)`,
/// `items.append(x)`: `vm::hot_methods`), worked out from the name once when the native value
/// is made, so that the loop tests one byte where it compared strings. A bound native keeps
/// a method's name (`push = items.append`, called as `push(x)`) and is `None` otherwise
/// (`random.random`). The name alone does not say which native it is: the loop still checks
/// the receiver's kind (an exact `list`'s `append`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HotName {
    None,
    // Methods, found on the receiver's built-in class by CallMethod.
    Append,
    Extend,
    Pop,
    Count,
    Add,
    Discard,
    Remove,
    Get,
    // Functions, called by Call.
    Len,
    IsInstance,
    Iter,
    Next,
    Min,
    Max,
    Abs,
    Sum,
    All,
    Any,
    Sorted,
    HasAttr,
    GetAttr,
}

impl HotName {
    fn of(name: &str) -> HotName {
        match name {
            "append" => HotName::Append,
            "extend" => HotName::Extend,
            "pop" => HotName::Pop,
            "count" => HotName::Count,
            "add" => HotName::Add,
            "discard" => HotName::Discard,
            "remove" => HotName::Remove,
            "get" => HotName::Get,
            "len" => HotName::Len,
            "isinstance" => HotName::IsInstance,
            "iter" => HotName::Iter,
            "next" => HotName::Next,
            "min" => HotName::Min,
            "max" => HotName::Max,
            "abs" => HotName::Abs,
            "sum" => HotName::Sum,
            "all" => HotName::All,
            "any" => HotName::Any,
            "sorted" => HotName::Sorted,
            "hasattr" => HotName::HasAttr,
            "getattr" => HotName::GetAttr,
            _ => HotName::None,
        }
    }

    /// One of the methods `hot_method` runs in place.
    #[inline(always)]
    pub fn is_method(self) -> bool {
        matches!(
            self,
            HotName::Append
                | HotName::Extend
                | HotName::Pop
                | HotName::Count
                | HotName::Add
                | HotName::Discard
                | HotName::Remove
                | HotName::Get
        )
    }
}

pub struct FunctionObj<R: Runtime> {
    /// The function's `bytecode::Code`.
    pub code: Arc<<R as Host>::Code>,
    /// The module's globals dict.
    pub globals: ObjRef<R>,
    /// Defaults of the last positional parameters.
    pub defaults: Box<[Value<R>]>,
    /// Defaults of keyword-only parameters, by name.
    pub kwdefaults: Vec<(Arc<str>, Value<R>)>,
    /// Cells of the variables this function uses from enclosing functions.
    pub closure: Box<[Value<R>]>,
    /// `__module__`: the globals' `__name__` when the function was made.
    pub module: Value<R>,
    /// Attributes assigned after creation (`__dict__`, `__wrapped__`, a new `__name__`...),
    /// made on the first assignment (see `vm::function_attrs`).
    pub attrs: ObjCell<Option<Box<FuncAttrs<R>>>>,
    /// The eval loop's call check, worked out once when the function is made (its code and
    /// defaults never change): a call with `n` positional arguments binds them in place when
    /// `n - pos_min` (wrapping) is at most `pos_spread` (see `takes_positional`). A function
    /// that never binds that way (keyword-only parameters, `*args`, `**kwargs`, a
    /// generator) has `pos_min` `u32::MAX` and `pos_spread` 0.
    pub pos_min: u32,
    pub pos_spread: u32,
    /// The code's local slots (`frame_size()`), and whether it has cells or free variables
    /// to set up on entry: read by the eval loop's call without reaching into the code.
    pub slots: u32,
    pub has_cells: bool,
    /// A call in the eval loop with fewer positional arguments than this has more to do on
    /// entry than moving them (defaults to fill, cells to make): `pos_min + pos_spread`, or
    /// `u32::MAX` with cells. One comparison on the call's path instead of two.
    pub complete_from: u32,
}

impl<R: Runtime> FunctionObj<R> {
    /// The name the function was defined with (its `__name__` unless reassigned: see
    /// `vm::function_attrs`). Read from the code rather than copied into each function
    /// object, where the copy was a counted `Arc` (an atomic increment, and a decrement when
    /// the function goes) for every `def`, lambda and comprehension run.
    #[inline]
    pub fn name(&self) -> &Arc<str> {
        R::code_names(&self.code).0
    }

    /// The qualified name the function was defined with, as [`FunctionObj::name`].
    #[inline]
    pub fn qualname(&self) -> &Arc<str> {
        R::code_names(&self.code).1
    }
}

/// What was assigned to a function object's attributes.
pub struct FuncAttrs<R: Runtime> {
    /// The function's `__dict__` (a dict object), for arbitrary attributes.
    pub dict: Option<Value<R>>,
    /// Replaced special attributes (`__name__`, `__doc__`, `__annotations__`...), by name.
    pub special: Vec<(&'static str, Value<R>)>,
}

impl<R: Runtime> Default for FuncAttrs<R> {
    fn default() -> Self {
        FuncAttrs {
            dict: None,
            special: Vec::new(),
        }
    }
}

impl<R: Runtime> Args<R> {
    pub fn positional(pos: Vec<Value<R>>) -> Self {
        Args {
            pos,
            kw: Vec::new(),
        }
    }

    /// Fails unless there are no keyword arguments: `f() takes no keyword arguments`.
    pub fn no_kwargs(&self, fname: &str) -> PyResult<(), R> {
        if self.kw.is_empty() {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "{fname}() takes no keyword arguments"
            )))
        }
    }

    /// Checks the positional count is within `min..=max`, with CPython's messages.
    pub fn check_count(&self, fname: &str, min: usize, max: usize) -> PyResult<(), R> {
        let n = self.pos.len();
        if n >= min && n <= max {
            return Ok(());
        }
        let msg = if min == max {
            match min {
                0 => format!("{fname}() takes no arguments ({n} given)"),
                1 => format!("{fname}() takes exactly one argument ({n} given)"),
                _ => format!("{fname} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        };
        Err(PyErr::new(ExcKind::TypeError, msg))
    }

    /// Binds the arguments to parameters `names`, by position or by name, as a function
    /// written in C with a fixed parameter list does: CPython's errors for too many
    /// arguments, one given both ways, and an unknown keyword. A missing one is `None`.
    pub fn bind_named<const N: usize>(
        &mut self,
        fname: &str,
        names: [&str; N],
    ) -> PyResult<[Option<Value<R>>; N], R> {
        if self.pos.len() > N {
            return Err(PyErr::type_error(format!(
                "{fname}() takes at most {N} arguments ({} given)",
                self.pos.len()
            )));
        }
        let mut given: [Option<Value<R>>; N] = std::array::from_fn(|_| None);
        for (i, v) in self.pos.drain(..).enumerate() {
            given[i] = Some(v);
        }
        for (i, name) in names.iter().enumerate() {
            if let Some(v) = self.take_kw(name) {
                if given[i].is_some() {
                    return Err(PyErr::type_error(format!(
                        "argument for {fname}() given by name ('{name}') and position ({})",
                        i + 1
                    )));
                }
                given[i] = Some(v);
            }
        }
        if let Some((k, _)) = self.kw.first() {
            return Err(PyErr::type_error(format!(
                "'{}' is an invalid keyword argument for {fname}()",
                k.as_str().unwrap_or("?")
            )));
        }
        Ok(given)
    }

    /// Removes and returns the keyword argument `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value<R>> {
        let at = self.kw.iter().position(|(k, _)| k.as_str() == Some(name))?;
        Some(self.kw.remove(at).1)
    }

    /// After the keywords a function knows were taken: fails on any left over.
    pub fn no_more_kwargs(&self, fname: &str) -> PyResult<(), R> {
        match self.kw.first() {
            None => Ok(()),
            Some((k, _)) => Err(PyErr::type_error(format!(
                "{fname}() got an unexpected keyword argument '{}'",
                k.as_str().unwrap_or("?")
            ))),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
