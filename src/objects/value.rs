//! [`Value`]: what a variable, a stack slot or a container element holds.
//!
//! Immediates (`None`, `bool`, small `int`, `float`) live inline; everything else is an
//! [`ObjRef`], a counted pointer to a heap object. Cloning a value is an incref, dropping it a
//! decref, so the count of an object is exactly the number of `Value`s that point at it — which
//! is what `sys.getrefcount` reports.

use super::{ObjKind, ObjRef, Runtime};

/// The tag is a full word so that every payload sits at offset 8 and a value copies as two
/// plain words (a byte tag puts `bool` at offset 1, and copies then split into overlapping
/// partial moves that stall the eval loop).
#[repr(u64)]
pub enum Value<R: Runtime> {
    None,
    Bool(bool),
    /// An `int` that fits in 64 bits; larger ones are `ObjKind::BigInt`.
    Int(i64),
    Float(f64),
    Obj(ObjRef<R>),
}

impl<R: Runtime> Clone for Value<R> {
    #[inline(always)]
    fn clone(&self) -> Self {
        if let Value::Obj(o) = self {
            o.incref();
        }
        // SAFETY: the reference the copy holds was counted just above (immediates hold none),
        // so the bitwise copy owns exactly what a clone would. Copying all 16 bytes at once
        // avoids the per-variant partial moves a derived clone compiles to in the eval loop.
        unsafe { std::ptr::read(self) }
    }
}

impl<R: Runtime> Value<R> {
    #[inline(always)]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The heap object, if this is not an immediate.
    #[inline(always)]
    pub fn as_obj(&self) -> Option<&ObjRef<R>> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The object's kind, if this is a heap value.
    #[inline(always)]
    pub fn kind(&self) -> Option<&ObjKind<R>> {
        match self {
            Value::Obj(o) => Some(o.kind()),
            _ => None,
        }
    }

    /// `a is b`.
    pub fn is(&self, other: &Value<R>) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // Small ints behave as cached objects, as in CPython for the common range.
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => a.ptr_eq(b),
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.kind() {
            Some(ObjKind::Str(s)) => Some(s.as_str()),
            _ => None,
        }
    }
}

impl<R: Runtime> std::fmt::Debug for Value<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Obj(o) => write!(f, "<{} object>", o.kind().type_name()),
        }
    }
}

/// The one `Ellipsis` object of runtime `R`: made on first use, immortal, shared by every
/// interpreter of the process (the compiler's constants, `Ellipsis` in the builtins, and code
/// read back from a cache all hold this object, so `x is ...` is a pointer comparison).
pub fn ellipsis<R: Runtime>() -> Value<R> {
    use std::any::Any;
    static MADE: std::sync::Mutex<Vec<&'static (dyn Any + Send + Sync)>> =
        std::sync::Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let known = made.iter().find_map(|o| o.downcast_ref::<ObjRef<R>>());
    let one = match known {
        Some(one) => one,
        None => {
            let obj = ObjRef::<R>::new(ObjKind::Singleton("Ellipsis"));
            obj.make_immortal();
            let one: &'static ObjRef<R> = Box::leak(Box::new(obj));
            made.push(one);
            one
        }
    };
    Value::Obj(one.clone())
}
