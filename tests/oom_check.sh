#!/usr/bin/env bash
# tests/oom_check.sh — a program under address-space limits (`ulimit -v`), issue 14 §2.
#
#   bash oom_check.sh SANITIZE PROGRAM ARGS...
#
# runs PROGRAM ARGS once under each limit of OOM_LIMITS_KB (KB, as `ulimit -v` takes them),
# each run under a watchdog, and fails unless every run ends within the watchdog with:
#   * exit 0 (the limit was enough) with nothing on stderr, or only lines matching the
#     extended regex OOM_OK_STDERR when it is set (ch09_generate's timing line), or
#   * exit 1, nothing on stdout, and exactly one line on stderr that speaks of memory,
#     and nothing left behind in the scratch folder (an @TMP@ in ARGS is that folder).
# Before the fix, OpenBLAS's threads retried a failed 128 MB allocation forever: the runs
# at 150–300 MB hung (sometimes after all the output, at exit) and the watchdog fired.
# SANITIZE=ON skips (exit 77): AddressSanitizer reserves terabytes of address space at
# start-up, so it cannot run under `ulimit -v` at all.
set -u
sanitize=$1
shift
if [[ $sanitize == ON ]]; then
    echo "skipped: a sanitizer build cannot run under ulimit -v (ASan reserves terabytes of address space)"
    exit 77
fi
if ! command -v timeout >/dev/null || ! (ulimit -v 4000000) 2>/dev/null; then
    echo "skipped: needs timeout(1) and ulimit -v"
    exit 77
fi
limits=${OOM_LIMITS_KB:-100000 150000 180000 200000 220000 250000 300000 400000 600000}
watchdog=${OOM_WATCHDOG_S:-20}
ok_stderr=${OOM_OK_STDERR:-}

scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
args=()
for a in "$@"; do args+=("${a//@TMP@/$scratch/run}"); done

failed=0
for kb in $limits; do
    rm -rf "$scratch/run" && mkdir "$scratch/run"
    start=$SECONDS
    (ulimit -v "$kb" && exec timeout -k 5 "$watchdog" "${args[@]}") >"$scratch/out" 2>"$scratch/err"
    rc=$?
    took=$((SECONDS - start))
    lines=$(wc -l <"$scratch/err")
    first=$(head -c 300 "$scratch/err" | head -n 1)
    verdict=ok
    if [[ $rc == 124 || $rc == 137 ]]; then
        verdict="HUNG: still running after ${watchdog} s"
    elif [[ $rc == 0 ]]; then
        if [[ -s $scratch/err ]] && { [[ -z $ok_stderr ]] || grep -qvE "$ok_stderr" "$scratch/err"; }; then
            verdict="exit 0 but something on stderr"
        fi
    elif [[ $rc != 1 ]]; then
        verdict="exit status $rc (want 0, or 1 with one line)"
    elif [[ -s $scratch/out ]]; then
        verdict="exit 1 but something on stdout"
    elif [[ $lines != 1 ]]; then
        verdict="exit 1 with $lines lines on stderr (want 1)"
    elif ! grep -qiE 'memory' "$scratch/err"; then
        verdict="exit 1 but the line does not speak of memory"
    elif ! grep -qE "under ulimit -v $kb[;( ].*raise the limit" "$scratch/err"; then
        verdict="exit 1 but the line does not name the limit and what to do"
    elif [[ -n $(ls -A "$scratch/run") ]]; then
        verdict="exit 1 but it left files behind: $(ls -A "$scratch/run" | head -3 | tr '\n' ' ')"
    fi
    printf 'ulimit -v %-7s exit %3s  %2ss  %s\n' "$kb" "$rc" "$took" "${first:-(nothing on stderr)}"
    if [[ $verdict != ok ]]; then
        echo "  FAILED: $verdict"
        failed=1
    fi
done
exit $failed
