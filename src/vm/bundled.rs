//! The bundled library: the Python modules of the top-level `lib/` folder, compiled into the
//! executable so a fresh machine needs nothing else. `build.rs` lists every `.py` file under
//! `lib/` into [`BUNDLED_LIB`]; nothing is parsed until a program imports the module. Adding a
//! module is adding a file: `lib/NAME.py`, or `lib/PKG/__init__.py` (and `lib/PKG/SUB.py`) for
//! a package.

include!(concat!(env!("OUT_DIR"), "/bundled_lib.rs"));

/// The `sys.path` entry that stands for the bundled library (searched where it appears).
pub const BUNDLED_PATH_ENTRY: &str = "<minipy-lib>";

/// A bundled module: its source, and whether it is a package.
pub fn bundled_module(name: &str) -> Option<(&'static str, bool)> {
    BUNDLED_LIB
        .binary_search_by(|(n, _, _)| (*n).cmp(name))
        .ok()
        .map(|i| (BUNDLED_LIB[i].1, BUNDLED_LIB[i].2))
}

/// The file name a bundled module's code reports in tracebacks, as CPython names its frozen
/// modules: `<frozen keyword>`.
pub fn bundled_filename(name: &str) -> String {
    format!("<frozen {name}>")
}
