# tests/check_lib.sh — what the shell test runners (output_check.sh, hostile_check.sh) share;
# sourced, not run.
#   enter_scratch NAME               make $T, a fresh directory of this run's own
#                                    ($TMPDIR/gpt2-NAME.XXXXXX: two runs at once never share
#                                    one), removed at exit even if a test made parts of it
#                                    unreadable, and cd into it
#   check_error_line RC WANT REGEX   print what ran (exit status, $T/.stderr), then fail unless
#                                    RC is WANT and $T/.stderr is exactly one line matching
#                                    REGEX (grep -E)
#   fail MESSAGE                     the test fails with MESSAGE
#   skip WHY                         the test is skipped (exit 77: ctest's SKIP_RETURN_CODE)

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

skip() {
    echo "SKIPPED: $*"
    exit 77
}

enter_scratch() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/gpt2-$1.XXXXXX") || exit 1
    trap 'cd / && chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
    cd "$T" || exit 1
}

check_error_line() {
    echo "exit status: $1"
    echo "--- stderr:"
    cat "$T/.stderr"
    echo "---"
    [ "$1" = "$2" ] || fail "expected exit status $2, got $1"
    lines=$(wc -l < "$T/.stderr")
    [ "$lines" -eq 1 ] || fail "expected exactly one line on stderr, got $lines"
    grep -Eq -- "$3" "$T/.stderr" || fail "expected stderr to match: $3"
}
