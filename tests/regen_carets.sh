#!/bin/bash
# Records the expected stderr of tests/carets/NAME.mp from CPython 3.11 with its default
# traceback position markers (`~~~^^^`), the directory stripped from file names, as
# tests/carets.rs compares them.
set -euo pipefail
cd "$(dirname "$0")/carets"
python="${PYTHON:-python3}"
for program in ${1:-*.mp}; do
    name="${program%.mp}"
    "$python" "$name.mp" >/dev/null 2>"$name.err" || true
    sed -i "s#File \"$PWD/#File \"#" "$name.err"
done
