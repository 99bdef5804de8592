//! Exceptions: the built-in exception classes (as a Rust enum, so native code can raise them
//! without a lookup), exception objects, and [`PyErr`], the error value every fallible
//! interpreter function returns.

use super::{DictMap, ObjCell, ObjKind, ObjRef, Runtime, Value};
use std::sync::Arc;

/// Declares the built-in exception classes once: name and parent.
macro_rules! builtin_exceptions {
    ($($kind:ident : $parent:ident),* $(,)?) => {
        /// A built-in exception class.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ExcKind { BaseException, $($kind),* }

        impl ExcKind {
            pub const ALL: &'static [ExcKind] = &[ExcKind::BaseException, $(ExcKind::$kind),*];

            pub fn name(self) -> &'static str {
                match self {
                    ExcKind::BaseException => "BaseException",
                    $(ExcKind::$kind => stringify!($kind)),*
                }
            }

            /// The class this one derives from (`None` for BaseException).
            pub fn parent(self) -> Option<ExcKind> {
                match self {
                    ExcKind::BaseException => None,
                    $(ExcKind::$kind => Some(ExcKind::$parent)),*
                }
            }
        }
    };
}

builtin_exceptions! {
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    Exception: BaseException,
    StopIteration: Exception,
    StopAsyncIteration: Exception,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    BlockingIOError: OSError,
    ChildProcessError: OSError,
    ConnectionError: OSError,
    BrokenPipeError: ConnectionError,
    ConnectionAbortedError: ConnectionError,
    ConnectionRefusedError: ConnectionError,
    ConnectionResetError: ConnectionError,
    FileExistsError: OSError,
    FileNotFoundError: OSError,
    InterruptedError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    PermissionError: OSError,
    ProcessLookupError: OSError,
    TimeoutError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    UnicodeTranslateError: UnicodeError,
    Warning: Exception,
    DeprecationWarning: Warning,
    PendingDeprecationWarning: Warning,
    RuntimeWarning: Warning,
    SyntaxWarning: Warning,
    UserWarning: Warning,
    FutureWarning: Warning,
    ImportWarning: Warning,
    UnicodeWarning: Warning,
    BytesWarning: Warning,
    ResourceWarning: Warning,
    EncodingWarning: Warning,
}

/// One line of a traceback: where a frame was when the exception passed through it.
pub struct TraceEntry<R: Runtime> {
    pub filename: Arc<str>,
    pub name: Arc<str>,
    pub line: u32,
    /// Byte span of the failing expression in the source (for CPython 3.11's carets).
    pub span: (u32, u32),
    /// The instruction that raised (its index in the code).
    pub ip: u32,
    /// The frame's code and globals, for the traceback's `tb_frame` (None for an entry
    /// made where no frame ran).
    pub frame: Option<(Arc<<R as super::runtime::Host>::Code>, ObjRef<R>)>,
}

impl<R: Runtime> Clone for TraceEntry<R> {
    fn clone(&self) -> Self {
        TraceEntry {
            filename: self.filename.clone(),
            name: self.name.clone(),
            line: self.line,
            span: self.span,
            ip: self.ip,
            frame: self.frame.clone(),
        }
    }
}

/// The mutable state of an exception object.
pub struct ExcState<R: Runtime> {
    /// Always a tuple.
    pub args: Value<R>,
    pub dict: DictMap<R>,
    /// Innermost frame last, as printed.
    pub traceback: Vec<TraceEntry<R>>,
    /// The traceback object made for `traceback` (`__traceback__`), None until asked for and
    /// again whenever the entries change.
    pub traceback_object: Value<R>,
    pub cause: Value<R>,
    pub context: Value<R>,
    pub suppress_context: bool,
}

pub struct ExceptionObj<R: Runtime> {
    pub class: ObjRef<R>,
    pub state: ObjCell<ExcState<R>>,
}

impl<R: Runtime> ExceptionObj<R> {
    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "BaseException",
        }
    }
}

/// An exception on its way up: either already a Python object, or a built-in exception
/// described by kind and message, made into an object only when Python code needs to see it.
pub enum PyErr<R: Runtime> {
    Lazy(Box<(ExcKind, String)>),
    Object(ObjRef<R>),
}

impl<R: Runtime> PyErr<R> {
    pub fn new(kind: ExcKind, msg: impl Into<String>) -> Self {
        PyErr::Lazy(Box::new((kind, msg.into())))
    }

    pub fn type_error(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::TypeError, msg)
    }

    pub fn value_error(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::ValueError, msg)
    }

    pub fn index_error(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::IndexError, msg)
    }

    pub fn overflow(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::OverflowError, msg)
    }

    pub fn zero_division(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::ZeroDivisionError, msg)
    }

    pub fn runtime_error(msg: impl Into<String>) -> Self {
        PyErr::new(ExcKind::RuntimeError, msg)
    }

    /// `StopIteration` with no value: the end of an iterator.
    pub fn stop_iteration() -> Self {
        PyErr::new(ExcKind::StopIteration, "")
    }

    /// The built-in kind, when this is a lazy error.
    pub fn lazy_kind(&self) -> Option<ExcKind> {
        match self {
            PyErr::Lazy(b) => Some(b.0),
            PyErr::Object(_) => None,
        }
    }
}

pub type PyResult<T, R> = Result<T, PyErr<R>>;

impl<R: Runtime> std::fmt::Debug for PyErr<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PyErr::Lazy(b) => write!(f, "{}: {}", b.0.name(), b.1),
            PyErr::Object(o) => write!(f, "<{} exception>", o.kind().type_name()),
        }
    }
}

impl<R: Runtime> super::CellData for ExcState<R> {}
