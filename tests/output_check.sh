#!/bin/sh
# tests/output_check.sh — the runner behind tests/outputs.cmake: what the programs do when
# an output (a file, or standard output) cannot be written.
#
#   sh output_check.sh BIN_DIR NAME SCRIPT
#
# makes a fresh scratch directory of its own ($TMPDIR/gpt2-NAME.XXXXXX, removed at the end:
# two test runs at once never share one), cd's into it, and runs SCRIPT (shell code) with
# $BIN set to BIN_DIR and these helpers:
#   expect_error RC REGEX STDOUT CMD...  run CMD with stdout to the file STDOUT (e.g.
#                                        /dev/full) and stderr captured; fail unless the
#                                        exit status is RC and stderr is exactly one line
#                                        matching REGEX (grep -E), and, when STDOUT is a
#                                        regular file, nothing was printed to it.
#   expect_content FILE TEXT             FILE holds exactly TEXT (plus a newline).
#   expect_no_temps DIR...               no .NAME.tmp-XXXXXX file left in any DIR.
#   fail MESSAGE                         the test fails with MESSAGE.
# SCRIPT must not contain ';' (CMake would split it): one command per line.
set -u
BIN=$1
SCRIPT=$3
. "$(dirname "$0")/check_lib.sh"
enter_scratch "$2"

expect_error() {
    want_rc=$1 regex=$2 out=$3
    shift 3
    "$@" > "$out" 2> "$T/.stderr"
    rc=$?
    echo "command: $* > $out"
    check_error_line "$rc" "$want_rc" "$regex"
    if [ -f "$out" ] && [ -s "$out" ]; then fail "expected nothing on stdout ($out)"; fi
    rm -f "$T/.stderr"
}

expect_content() {
    got=$(cat "$1") || fail "cannot read $1"
    [ "$got" = "$2" ] || fail "$1 holds '$(printf '%s' "$got" | head -c 60)'..., expected '$2'"
}

expect_no_temps() {
    for d in "$@"; do
        left=$(ls -A "$d" | grep -E '^\..*\.tmp-......$')
        [ -z "$left" ] || fail "temporary files left in $d: $left"
    done
}

eval "$SCRIPT"
