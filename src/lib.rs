//! minipy: a small Python interpreter for watching concurrency problems happen — deadlocks,
//! races, starvation and the global interpreter lock.
//!
//! The modules follow the pipeline, one direction: source text is tokenized and parsed
//! (`syntax`), compiled to bytecode (`compiler`, `bytecode`), and run by the virtual machine
//! (`vm`) over values and objects (`objects`) with the built-in modules (`stdlib`); `cli` and
//! `repl` are the front ends.

pub mod builtins;
pub mod bytecode;
pub mod cli;
pub mod compiler;
pub mod objects;
pub mod repl;
pub mod runtime_setup;
pub mod stdlib;
pub mod syntax;
pub mod vm;
