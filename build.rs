//! Generates the parser from `lalrpop/grammar.lalrpop` into `OUT_DIR` (never into the source
//! tree); `src/syntax/parser.rs` includes it with `lalrpop_mod!(grammar)`. Also generates
//! `OUT_DIR/bundled_lib.rs`, the table of the Python modules under `lib/` (their dotted names
//! and sources, through `include_str!`), which `src/vm/bundled.rs` includes: every `.py` file
//! under `lib/` is bundled, a directory with an `__init__.py` is a package.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=lalrpop/grammar.lalrpop");
    if let Err(err) = lalrpop::Configuration::new()
        .set_in_dir("lalrpop")
        .process()
    {
        panic!("lalrpop/grammar.lalrpop: {err}");
    }
    bundle_lib();
}

/// Writes `bundled_lib.rs`: `BUNDLED_LIB`, sorted by module name.
fn bundle_lib() {
    println!("cargo:rerun-if-changed=lib");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lib");
    let mut modules = Vec::new();
    collect(&root, "", &mut modules);
    modules.sort();
    let mut out = String::from(
        "/// Every module of `lib/`: (dotted name, source, is a package), sorted by name.\n\
         pub static BUNDLED_LIB: &[(&str, &str, bool)] = &[\n",
    );
    for (name, path, package) in modules {
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?}), {package}),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled_lib.rs");
    std::fs::write(&dest, out).expect("write bundled_lib.rs");
}

/// Adds the modules under `dir` (whose package name is `prefix`) to `modules`.
fn collect(dir: &Path, prefix: &str, modules: &mut Vec<(String, PathBuf, bool)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let dotted = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.is_dir() {
            let init = path.join("__init__.py");
            if init.is_file() {
                modules.push((dotted(name), init, true));
                collect(&path, &dotted(name), modules);
            }
        } else if let Some(stem) = name.strip_suffix(".py") {
            if stem != "__init__" {
                modules.push((dotted(stem), path.clone(), false));
            }
        }
    }
}
