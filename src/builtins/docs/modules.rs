//! The docstrings and text signatures of the native modules' functions, and the modules' own
//! docstrings.

type Table = &'static [(&'static str, Option<&'static str>, &'static str)];

pub(super) static MODULES: &[(&str, Table)] = &[];

pub(super) static MODULE_DOCS: &[(&str, &str)] = &[];
