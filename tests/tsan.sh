#!/usr/bin/env bash
# Runs the free-threaded runtime's stress tests under ThreadSanitizer.
#
#   bash tests/tsan.sh                 # tests/no_gil.rs and tests/threads.rs
#   bash tests/tsan.sh no_gil          # only these test files (names under tests/)
#   TSAN_FILTER=resize bash tests/tsan.sh no_gil   # only tests whose name contains "resize"
#
# Needs the nightly toolchain with rust-src (`rustup toolchain install nightly --component
# rust-src`): the standard library is rebuilt with the sanitizer (-Zbuild-std), so that its
# atomics and locks are seen too. The build goes to target-tsan/ and takes a while the first
# time; it is not part of .ci/run.
#
# Every minipy the tests start is the instrumented one; a data race makes ThreadSanitizer print
# a "WARNING: ThreadSanitizer: data race" report on that minipy's stderr and exit with status
# 66, so the test that ran it fails and shows the report. The script ends with status 0 only
# when no test failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

target="$(rustc -vV | sed -n 's/^host: //p')"
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    tests=(no_gil threads)
fi
args=()
for t in "${tests[@]}"; do
    args+=(--test "$t")
done

export RUSTFLAGS="-Zsanitizer=thread --cfg minipy_tsan"
export RUSTDOCFLAGS="$RUSTFLAGS"
# The sanitizer slows every access down many times: fewer reader iterations in the stress
# tests than their default million.
export MINIPY_STRESS_ITERATIONS="${MINIPY_STRESS_ITERATIONS:-100000}"
# Programs run many times slower under the sanitizer: the tests' kill timeouts are scaled up.
export MINIPY_TEST_TIME_SCALE="${MINIPY_TEST_TIME_SCALE:-10}"
# Stop at the first report (exit status 66) rather than running on; keep reports readable.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 exitcode=66 second_deadlock_stack=1}"

cargo +nightly test -Zbuild-std --target "$target" --target-dir target-tsan \
    "${args[@]}" -- --test-threads=1 ${TSAN_FILTER:+"$TSAN_FILTER"}
