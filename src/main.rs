//! The `minipy` executable.

// mimalloc: the interpreter allocates and frees many small objects (argument vectors, ints
// beyond 64 bits, strings, tuples); its thread-local free lists make each about half the
// instructions of the system allocator's. Linux only: it is a C library, and building it for
// macOS or Windows needs that platform's C compiler, so those keep the system allocator and
// `cargo check --target ...` works from Linux. The ThreadSanitizer build (`tests/tsan.sh`)
// keeps the system allocator too, which the sanitizer intercepts: memory mimalloc reuses
// behind its back would show as races between unrelated objects.
#[cfg(all(target_os = "linux", not(minipy_tsan)))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(minipy::cli::main());
}
