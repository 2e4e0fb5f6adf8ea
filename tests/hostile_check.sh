#!/bin/sh
# tests/hostile_check.sh — the runner behind tests/hostile_messages.cmake: one bad input,
# one line on stderr.
#
#   sh hostile_check.sh BIN_DIR DATA_DIR SCRIPT
#
# runs SCRIPT (shell code) in a fresh directory of its own (mktemp -d, removed at the end,
# so two runs never share it), with $BIN and $DATA set and these helpers:
#   expect_error RC REGEX CMD...   fail unless CMD exits with RC, prints nothing on stdout
#                                  and exactly one line on stderr matching REGEX (grep -E)
#   tiny_copy DIR                  DIR: a model directory, a copy of the bundled tiny model
#   as_nobody CMD...               CMD as the user nobody (permissions are not checked for
#                                  root); the test is skipped (exit 77) where that is impossible
#   skip WHY                       the test is skipped (exit 77), saying why
#   fail MESSAGE                   the test fails with MESSAGE
# SCRIPT must not contain ';' (CMake would split it there): one command per line.
set -u
BIN=$1
DATA=$2
SCRIPT=$3
. "$(dirname "$0")/check_lib.sh"
enter_scratch hostile

expect_error() {
    want_rc=$1 regex=$2
    shift 2
    "$@" > "$T/.stdout" 2> "$T/.stderr"
    rc=$?
    echo "command: $*"
    check_error_line "$rc" "$want_rc" "$regex"
    [ ! -s "$T/.stdout" ] || fail "expected nothing on stdout"
    rm -f "$T/.stdout" "$T/.stderr"
}

tiny_copy() {
    mkdir -p "$1" || fail "cannot make $1"
    for f in config.json vocab.json merges.txt model.safetensors; do
        cp -L "$DATA/models/tiny-gpt2-f32/$f" "$1/$f" || fail "cannot copy $f"
    done
}

as_nobody() {
    if [ "$(id -u)" != 0 ]; then
        "$@"  # not root already: permissions apply as they are
    elif setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
    elif runuser -u nobody -- true 2>/dev/null; then
        runuser -u nobody -- "$@"
    else
        skip "running as root, and neither setpriv nor runuser can switch to nobody"
    fi
}

chmod 755 "$T"  # for as_nobody
eval "$SCRIPT"
