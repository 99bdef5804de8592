//! Generates the parser from `lalrpop/grammar.lalrpop` into `OUT_DIR` (never into the source
//! tree); `src/syntax/parser.rs` includes it with `lalrpop_mod!(grammar)`.

fn main() {
    println!("cargo:rerun-if-changed=lalrpop/grammar.lalrpop");
    if let Err(err) = lalrpop::Configuration::new()
        .set_in_dir("lalrpop")
        .process()
    {
        panic!("lalrpop/grammar.lalrpop: {err}");
    }
}
