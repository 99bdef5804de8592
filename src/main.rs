//! The `minipy` executable.

// mimalloc: the interpreter allocates and frees many small objects (argument vectors, ints
// beyond 64 bits, strings, tuples); its thread-local free lists make each about half the
// instructions of the system allocator's. The ThreadSanitizer build (`tests/tsan.sh`) keeps
// the system allocator, which the sanitizer intercepts: memory mimalloc reuses behind its back
// would show as races between unrelated objects.
#[cfg(not(minipy_tsan))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(minipy::cli::main());
}
