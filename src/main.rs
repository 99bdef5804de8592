//! The `minipy` executable.

fn main() {
    std::process::exit(minipy::cli::main());
}
