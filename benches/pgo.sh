#!/usr/bin/env bash
# A profile-guided build of minipy (as CPython's `--enable-optimizations`): an instrumented
# build runs a training set, and a second build is optimized with the profile it wrote
# (which branches go which way, which calls are hot, what to inline, how to lay the code
# out). The training set is the conformance suite under both runtimes and the chapters'
# programs, never the benchmark programs that `compare.sh` times.
#
#   bash benches/pgo.sh                       build; the binary lands in <target>/pgo/minipy
#   PGO=1 bash benches/compare.sh             time that binary against CPython
#
# Needs `llvm-profdata` of rustc's own LLVM (the rustup component llvm-tools, added here
# when missing). Two full release builds, about twice `cargo build --release`'s time.
# Linux only for now (the build names the host's target, so that the flags reach minipy's
# code but not the build scripts and procedural macros).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [[ ! -x "$profdata" ]]; then
    rustup component add llvm-tools
fi

out="$(pgo_dir)"
# The two builds keep their target directories here between runs: the instrumented one
# rebuilds only what changed, the optimized one everything whenever the profile changes.
work="$out/work"
rm -rf "$work/profiles"
mkdir -p "$work/profiles"

echo "pgo.sh: instrumented build" >&2
(cd "$root" && RUSTFLAGS="-Cprofile-generate=$work/profiles" \
    cargo build --release --quiet --target "$host" --target-dir "$work/instrumented")
trainee="$work/instrumented/$host/release/minipy"

echo "pgo.sh: training run (conformance suite under both runtimes, chapter programs)" >&2
train() {
    local input=/dev/null
    [[ -f "${1%.mp}.in" ]] && input="${1%.mp}.in"
    # A test that fails or hangs trains as far as it got; its outcome does not matter here.
    timeout 20 "$trainee" "${@:2}" "$1" <"$input" >/dev/null 2>&1 || true
}
(
    cd "$root/tests/conformance"
    for test in *.mp; do train "$test"; done
    for test in *.mp; do train "$test" --no-gil; done
    cd "$root"
    for program in programs/*.mp; do train "$program" --virtual-time; done
)
# The profile is named by its contents: cargo rebuilds when the flags change, not when a
# file they name does.
"$profdata" merge -o "$work/merged.profdata" "$work/profiles"
profile="$work/minipy-$(sha256sum "$work/merged.profdata" | cut -c1-16).profdata"
rm -f "$work"/minipy-*.profdata
mv "$work/merged.profdata" "$profile"

echo "pgo.sh: optimized build" >&2
(cd "$root" && RUSTFLAGS="-Cprofile-use=$profile" \
    cargo build --release --quiet --target "$host" --target-dir "$work/optimized")
cp "$work/optimized/$host/release/minipy" "$out/minipy"
echo "$out/minipy"
