//! minipy: a small Python interpreter for watching concurrency problems happen — deadlocks,
//! races, starvation and the global interpreter lock.
//!
//! The modules are floors, and each imports only from the floors below it. At the bottom,
//! source text is tokenized and parsed (`syntax`) and values are laid out (`objects`, which
//! names the floors above only as the types a runtime's `Host` fills in). Above them, code is
//! compiled to bytecode (`compiler`, `bytecode`) and run by the virtual machine (`vm`). Above
//! the VM stand the built-ins (`builtins`: the methods of the built-in types and the builtin
//! functions) and the native modules (`stdlib`), which the VM never names: `runtime_setup`
//! registers them with each new interpreter. `cli` and `repl` are the front ends.

pub mod builtins;
pub mod bytecode;
pub mod cli;
pub mod compiler;
pub mod explore;
pub mod objects;
pub mod repl;
pub mod runtime_setup;
pub mod stdlib;
pub mod syntax;
pub mod vm;
