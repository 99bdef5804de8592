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
    build_id();
    link_settings();
}

/// How the `minipy` executable is linked on Linux: at a fixed address (not
/// position-independent). A PIE starts by having the dynamic loader patch the ~7,400
/// absolute addresses in its tables (vtables, the bundled library's index, method tables)
/// and so copy every page that holds one (33 pages): 0.14M of the 2.36M instructions of
/// `minipy -c pass` before. macOS and Windows keep their platforms' defaults, and
/// so do sanitizer builds (ThreadSanitizer needs a PIE).
fn link_settings() {
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let sanitized =
        std::env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|flags| flags.contains("sanitizer"));
    if target_os == "linux" && !sanitized {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        startup_first();
    }
}

/// Places the functions start-up runs (`benches/startup_order.txt`, made by
/// `benches/startup_order.sh`) together at the front of the executable's code, through a
/// linker script that adds one output section before `.text` (lld and GNU ld both take
/// `INSERT BEFORE`). The kernel maps code in as it is first run, 64 KiB around each page
/// touched, and unmaps it all at exit: where the compiler leaves them, `minipy -c pass`'s
/// functions span about 70 such windows of the 12 MB of code; together, about 20 (a generic
/// function's pattern takes in all its instances, one per runtime). Each function's code is
/// in a section of its own, `.text.` or `.text.unlikely.` and its symbol, so the patterns
/// match section names. Which functions come first changes only addresses, never code.
fn startup_first() {
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/startup_order.txt");
    println!("cargo:rerun-if-changed=benches/startup_order.txt");
    let Ok(names) = std::fs::read_to_string(&list) else {
        return;
    };
    let mut script = String::from("SECTIONS {\n  .text.startup_first : {\n");
    for name in names.lines().map(str::trim).filter(|name| !name.is_empty()) {
        script.push_str(&format!("    *(.text.{name} .text.unlikely.{name})\n"));
    }
    script.push_str("  }\n}\nINSERT BEFORE .text;\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("startup_first.ld");
    std::fs::write(&dest, script).expect("write startup_first.ld");
    // `-Xlinker` pairs, not `-Wl,`: a comma in the path would split that.
    for arg in ["-T", dest.to_str().expect("OUT_DIR is UTF-8")] {
        println!("cargo:rustc-link-arg-bins=-Xlinker");
        println!("cargo:rustc-link-arg-bins={arg}");
    }
}

/// Writes `build_id.rs`: `BUILD_ID`, a hash of everything that decides what the compiler
/// makes of a module and how code objects are serialized (the sources, the grammar, the
/// bundled library, the dependencies). The bytecode cache is keyed by it, so any rebuild
/// that could change compiled code starts a fresh cache.
fn build_id() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "lib", "lalrpop"] {
        println!("cargo:rerun-if-changed={dir}");
        list_files(&root.join(dir), &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
        files.push(root.join(file));
    }
    files.sort();
    // FNV-1a, 64 bits, over each file's path and contents.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        feed(relative.display().to_string().as_bytes());
        feed(&[0]);
        feed(&std::fs::read(file).unwrap_or_default());
        feed(&[0]);
    }
    let out = format!(
        "/// The identity of this build's compiler and bundled library (see `build.rs`).\n\
         pub const BUILD_ID: &str = \"{hash:016x}\";\n"
    );
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("build_id.rs");
    std::fs::write(&dest, out).expect("write build_id.rs");
}

/// Every file under `dir`, recursively.
fn list_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, files);
        } else {
            files.push(path);
        }
    }
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
