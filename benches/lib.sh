# What the bench scripts share; each sources it first.

# The repository, and the CPython that runs the scripts' helpers and is timed against
# minipy: its real path (sys.executable), never a wrapper script such as a pyenv shim.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$(python3 -c 'import sys; print(sys.executable)')"

# The release build's directory: cargo is asked where builds go, so CARGO_TARGET_DIR and
# .cargo/config are honoured.
release_dir() {
    local target_dir
    target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
        "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
    echo "$target_dir/release"
}

# Where benches/pgo.sh puts the profile-guided build (beside the release build's directory).
pgo_dir() {
    echo "$(dirname "$(release_dir)")/pgo"
}
