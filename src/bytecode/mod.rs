//! Bytecode: the instruction set ([`Op`], declared once in `ops.rs` with its stack effect and a
//! doc line), code objects, and the disassembler derived from both.

pub mod cache;
mod code;
mod dis;
mod ops;
pub mod serial;

pub use cache::NameCaches;
pub use code::{max_stack_depth, Code, CodeFlags, Positions, Runtime};
pub use dis::disassemble;
pub use ops::{binary_index, Op, BINARY_OPS, COMPARE_OPS, UNARY_OPS};
