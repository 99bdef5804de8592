//! The `minipy` executable.

// On Linux the C `main` is ours, not Rust's runtime start-up, which would spend 0.12M
// instructions (and five system calls) of the start-up reading /proc/self/maps to find the main thread's stack guard (for its stack
// overflow message; the interpreter runs on a thread of its own anyway). What else that
// start-up does and minipy needs is done in `main`; the arguments still come through std
// (glibc hands them over before `main`).
// (Not in the test harness's build of this file, which brings a `main` of its own.)
#![cfg_attr(all(target_os = "linux", not(test)), no_main)]

// mimalloc: the interpreter allocates and frees many small objects (argument vectors, ints
// beyond 64 bits, strings, tuples); its thread-local free lists make each about half the
// instructions of the system allocator's. Linux only: it is a C library, and building it for
// macOS or Windows needs that platform's C compiler, so those keep the system allocator and
// `cargo check --target ...` works from Linux. The ThreadSanitizer build (`tests/tsan.sh`)
// keeps the system allocator too, which the sanitizer intercepts: memory mimalloc reuses
// behind its back would show as races between unrelated objects.
#[cfg(all(target_os = "linux", not(minipy_tsan)))]
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

#[cfg(all(target_os = "linux", not(minipy_tsan)))]
mod allocator {
    use libmimalloc_sys as mi;
    use std::alloc::{GlobalAlloc, Layout};
    use std::ffi::c_void;

    extern "C" {
        #[cfg(not(test))]
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
        #[cfg(test)]
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// `mi_option_arena_reserve`'s place in mimalloc's `mi_option_t` (checked by a test).
    const MI_OPTION_ARENA_RESERVE: std::ffi::c_int = 23;

    /// The first arena mimalloc reserves, in KiB: 64 MiB instead of 1 GiB (it reserves
    /// larger ones as a program needs them). Setting up an arena writes its bitmaps, which
    /// grow with its size: for 1 GiB that touched 36 more pages of memory at start-up (page
    /// faults), a tenth of `minipy -c pass`'s.
    #[cfg(not(test))]
    const FIRST_ARENA_KIB: std::ffi::c_long = 64 * 1024;

    /// Settings made before the first allocation (the first arena is reserved then), unless
    /// the environment makes them (`MIMALLOC_ARENA_RESERVE`).
    #[cfg(not(test))]
    pub fn configure() {
        if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
            // SAFETY: sets an option; mimalloc reads it when it reserves an arena.
            unsafe { mi_option_set(MI_OPTION_ARENA_RESERVE, FIRST_ARENA_KIB) }
        }
    }

    /// mimalloc reads its options at load time (a constructor run before `main`), each by a
    /// case-insensitive scan of the whole environment: 54 scans, 0.15M instructions of
    /// `minipy -c pass` in an environment of 35 variables, and more in a bigger one. So a
    /// constructor run before mimalloc's shows it an environment of only the `MIMALLOC_`
    /// variables (the only ones it reads), and `main` puts the real one back before anything
    /// else runs. (Rust's own start-up code registers at the same priority and reads no
    /// environment variables.)
    #[cfg(not(test))]
    pub mod load_env {
        use std::ffi::c_char;
        use std::ptr::null_mut;

        /// Room for this many `MIMALLOC_` variables (and the terminating null).
        const ROOM: usize = 32;

        static mut SAVED: *mut *mut c_char = null_mut();
        static mut ONLY_MIMALLOC: [*mut c_char; ROOM] = [null_mut(); ROOM];

        /// Runs before constructors without a priority (gcc's mimalloc) and before those of
        /// priority 101 (clang's).
        #[used]
        #[link_section = ".init_array.00099"]
        static HIDE: extern "C" fn() = hide;

        extern "C" fn hide() {
            // SAFETY: runs alone, before `main` and any thread; `environ` is a null-terminated
            // array of C strings (or null), and so is the array put in its place.
            unsafe {
                let env = libc::environ;
                if env.is_null() {
                    return;
                }
                let only = &mut *std::ptr::addr_of_mut!(ONLY_MIMALLOC);
                let mut kept = 0;
                let mut i = 0;
                loop {
                    let var = *env.add(i);
                    if var.is_null() {
                        break;
                    }
                    if kept + 1 < ROOM && is_mimalloc(var) {
                        only[kept] = var;
                        kept += 1;
                    }
                    i += 1;
                }
                SAVED = env;
                libc::environ = only.as_mut_ptr();
            }
        }

        /// Whether the C string `var` starts with `MIMALLOC_`, in any case (as mimalloc
        /// compares).
        unsafe fn is_mimalloc(var: *const c_char) -> bool {
            let prefix = b"MIMALLOC_";
            for (i, &p) in prefix.iter().enumerate() {
                // SAFETY: stops at the string's terminating null, which matches no byte of
                // the prefix.
                let b = unsafe { *var.add(i) } as u8;
                if b.to_ascii_uppercase() != p {
                    return false;
                }
            }
            true
        }

        /// Puts the real environment back (first thing in `main`).
        pub fn restore() {
            // SAFETY: single-threaded still; `SAVED` is the original array or null.
            unsafe {
                let saved = SAVED;
                if !saved.is_null() {
                    libc::environ = saved;
                }
            }
        }
    }

    /// The alignment `mi_malloc` gives every block (8 for 8-byte blocks, which need no more).
    const MALLOC_ALIGN: usize = 16;

    /// mimalloc, asked for an aligned block only when the alignment is more than its own.
    /// (`mi_malloc_aligned` for every block, as the `mimalloc` crate does, takes a slow path
    /// that over-allocates whenever a size that is not a power of two has no free block
    /// ready, so such sizes, most objects, never reach the fast path.)
    pub struct MiMalloc;

    // SAFETY: forwards to mimalloc, whose blocks satisfy each layout: the plain calls only
    // for alignments mimalloc gives anyway (a Rust size is a multiple of its alignment).
    unsafe impl GlobalAlloc for MiMalloc {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if layout.align() <= MALLOC_ALIGN {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if layout.align() <= MALLOC_ALIGN {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
            mi::mi_free(ptr as *mut c_void)
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if layout.align() <= MALLOC_ALIGN {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }

    #[cfg(test)]
    mod tests {
        /// The option number is the arena reservation's: its default is 1 GiB (in KiB).
        #[test]
        fn arena_reserve_option_number() {
            if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
                // SAFETY: reads an option.
                let kib = unsafe { super::mi_option_get(super::MI_OPTION_ARENA_RESERVE) };
                assert_eq!(kib, 1024 * 1024);
            }
        }
    }
}

/// The process's entry point.
#[cfg(all(target_os = "linux", not(test)))]
#[no_mangle]
pub extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> i32 {
    #[cfg(not(minipy_tsan))]
    allocator::load_env::restore();
    // As Rust's start-up and CPython do: writing to a closed pipe is an EPIPE error
    // (BrokenPipeError), not death by SIGPIPE.
    // SAFETY: sets a signal's disposition to "ignore" before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    #[cfg(not(minipy_tsan))]
    allocator::configure();
    // The C library's own allocator serves only a few calls of its own (a thread's exit
    // handlers): without this, the interpreter's thread gets an arena of its own for them,
    // four system calls (reserving 128 MiB, trimming it, committing the first pages).
    #[cfg(target_env = "gnu")]
    // SAFETY: an allocator setting, made before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    std::process::exit(minipy::cli::main());
}

#[cfg(any(not(target_os = "linux"), test))]
fn main() {
    std::process::exit(minipy::cli::main());
}
