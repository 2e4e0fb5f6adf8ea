#!/usr/bin/env bash
# tests/download_model_test.sh CASE — scripts/download-model against tools/mock_hub on
# 127.0.0.1 (registered by tests/download_model.cmake, one ctest entry per CASE).
#
# Environment: MOCK_HUB (the mock_hub executable), SRC (the repository), WORK (where this
# run makes its own scratch folder, WORK/CASE.XXXXXX, removed at the end), DM_SCRIPT (the script under test; default SRC/scripts/download-model — point it
# at an older version to see these cases fail).
#
# The script under test is copied to WORK/CASE/root/scripts/, so that even a version that
# ignores GPT2_MODELS_DIR writes under WORK, never into the repository's data/models. The
# hub serves "mock-gpt2": the repository's tiny config and weights (sha256 from the mock's
# LFS pointer) and its GPT-2 vocab.json/merges.txt (which have the pinned hashes).
# Every run is bounded (timeout), and so is the hub (--max-seconds), so nothing outlives
# the test.
set -euo pipefail

case_name=${1:?usage: download_model_test.sh CASE}
: "${MOCK_HUB:?}" "${SRC:?}" "${WORK:?}"
DM_SCRIPT=${DM_SCRIPT:-$SRC/scripts/download-model}

mkdir -p "$WORK"
W=$(mktemp -d "$WORK/$case_name.XXXXXX")  # this run's own: two test runs at once must not share one
mkdir -p "$W/hub/mock-gpt2" "$W/root/scripts" "$W/root/data/models"
cp "$DM_SCRIPT" "$W/root/scripts/download-model"
hub="$W/hub/mock-gpt2"
models="$W/root/data/models"
cp "$SRC/data/models/tiny-gpt2-f32/config.json" "$SRC/data/models/tiny-gpt2-f32/model.safetensors" "$hub/"
cp "$SRC/data/gpt2/vocab.json" "$SRC/data/gpt2/merges.txt" "$hub/"
model_sha=$(sha256sum "$hub/model.safetensors" | cut -d' ' -f1)
model_size=$(stat -c %s "$hub/model.safetensors")
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %s\n' "$model_sha" "$model_size" \
    >"$hub/model.safetensors.pointer"
: >"$W/hub/faults"

"$MOCK_HUB" --root "$W/hub" --port-file "$W/port" --max-seconds 55 --max-requests 400 >/dev/null &
hub_pid=$!
bg_pid=
cleanup() {
    if [[ -n "$bg_pid" ]]; then kill "$bg_pid" 2>/dev/null || true; fi
    kill "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT
for _ in $(seq 50); do [[ -s "$W/port" ]] && break; sleep 0.1; done
[[ -s "$W/port" ]] || { echo "FAIL: mock_hub did not start"; exit 1; }
port=$(cat "$W/port")

export HF_ENDPOINT="http://127.0.0.1:$port"
export GPT2_MODELS_DIR="$models"
export GPT2_DL_RETRIES=3 GPT2_DL_RETRY_DELAY=0 GPT2_DL_RETRY_MAX=2 GPT2_DL_SPEED_TIME=5 GPT2_DL_PROGRESS_EVERY=1

failures=0
check() {  # description command... : one assertion
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
out="$W/out" err="$W/err"
dm() {  # runs the script under test (output piped into files: not a terminal); sets rc
    rc=0
    timeout 40 "$W/root/scripts/download-model" "$@" >"$out" 2>"$err" || rc=$?
    echo "--- download-model $* -> exit $rc"; sed 's/^/  out: /' "$out"; sed 's/^/  err: /' "$err"
}
has() { grep -qE -- "$2" "$1"; }
lacks() { ! grep -qE -- "$2" "$1"; }
done_ok() { [ "$rc" -eq 0 ] && complete; }
silent_ok() { [ "$rc" -eq 0 ] && [ ! -s "$out" ] && [ ! -s "$err" ]; }
lines() { grep -cE -- "$2" "$1" || true; }
model_ok() { [[ "$(sha256sum "$models/mock-gpt2/model.safetensors" 2>/dev/null | cut -d' ' -f1)" == "$model_sha" ]]; }
complete() {
    [[ -f "$models/mock-gpt2/COMPLETE" ]] && model_ok &&
    cmp -s "$models/mock-gpt2/vocab.json" "$hub/vocab.json" &&
    cmp -s "$models/mock-gpt2/merges.txt" "$hub/merges.txt" &&
    cmp -s "$models/mock-gpt2/config.json" "$hub/config.json"
}
part="$models/mock-gpt2.part/model.safetensors.part"
faults() { printf '%s\n' "$@" >"$W/hub/faults"; }

case "$case_name" in
resume_503)
    # (a) The connection drops at 3 MB: the partial stays. The rerun resumes, gets a 503:
    # the partial still stays (the old script took it for "416, complete" and deleted it as
    # a sha256 mismatch). A third run completes it from where it was, hash verified.
    faults "/cdn/mock-gpt2/model.safetensors 1 cut:3000000" \
           "/cdn/mock-gpt2/model.safetensors 1 status:503:1"
    GPT2_DL_RETRIES=0 dm mock-gpt2
    check "a cut connection fails the run" [ "$rc" -eq 1 ]
    check "the cut is explained (curl 18, rerun resumes)" has "$err" "partial transfer.*rerun to resume"
    check "the partial is kept (3000000 bytes)" [ "$(stat -c %s "$part" 2>/dev/null)" = 3000000 ]
    GPT2_DL_RETRIES=0 dm mock-gpt2
    check "a 503 on resume fails the run" [ "$rc" -eq 1 ]
    check "the 503 is named, not called a sha256 mismatch" has "$err" "HTTP 503 \(service unavailable"
    check "no sha256 mismatch reported" lacks "$err" "mismatch"
    check "the partial survives the 503" [ "$(stat -c %s "$part" 2>/dev/null)" = 3000000 ]
    dm mock-gpt2
    check "the rerun succeeds" [ "$rc" -eq 0 ]
    check "the rerun resumed at 3000000" has "$W/hub/requests.log" "GET /cdn/mock-gpt2/model.safetensors bytes=3000000- -> 206"
    check "the model is complete, sha256 right, COMPLETE written" complete
    ;;
retry_429)
    # (b) 429 on the probe and on a file, 503 (Retry-After: 1) on the LFS pointer, 502 on
    # another file: all retried, and the download succeeds.
    faults "/mock-gpt2/resolve/main/config.json 1 status:429:1" \
           "/cdn/mock-gpt2/vocab.json 2 status:429" \
           "/mock-gpt2/raw/main/model.safetensors 1 status:503:1" \
           "/cdn/mock-gpt2/merges.txt 1 status:502"
    start=$SECONDS
    dm mock-gpt2
    check "the download succeeds" [ "$rc" -eq 0 ]
    check "429 is reported as rate limiting and retried" has "$out" "HTTP 429 \(too many requests.*retrying in"
    check "503 is reported and retried" has "$out" "HTTP 503 \(service unavailable.*retrying in 1 s"
    check "502 is reported and retried" has "$out" "merges.txt: HTTP 502 \(bad gateway.*retrying"
    check "not called a wrong name" lacks "$out" "wrong model name"
    check "the hub saw the 429s and then a 200/206" has "$W/hub/requests.log" "GET /cdn/mock-gpt2/vocab.json - -> 200"
    check "Retry-After was honoured (at least 2 s in total)" [ $((SECONDS - start)) -ge 2 ]
    check "the model is complete" complete
    # and a 404 is not retried, and says what it means
    faults "/mock-gpt2/ * status:404"
    rm -rf "$models/mock-gpt2"
    dm mock-gpt2
    check "404: exit 1" [ "$rc" -eq 1 ]
    check "404: one line naming HTTP 404" has "$err" "HTTP 404 \(not found\): wrong model name"
    check "404 is not retried" lacks "$out" "retrying"
    ;;
progress_piped)
    # (c) Output piped, a slow link (about 3 s for 9.9 MB): progress lines appear.
    faults "/cdn/mock-gpt2/model.safetensors 1 slow:3000000"
    dm mock-gpt2
    check "the download succeeds" [ "$rc" -eq 0 ]
    n=$(lines "$out" "model.safetensors: [0-9]+\.[0-9] MB of 9\.9 MB, [0-9]+\.[0-9] MB/s")
    check "at least 2 progress lines with done, total, speed (got $n)" [ "$n" -ge 2 ]
    check "a final line with the time taken" has "$out" "model.safetensors: 9\.9 MB in [0-9.]+ s"
    check "the model is complete" complete
    ;;
mismatch)
    # (d) A partial that is a true prefix is resumed, not deleted (and a whole one of
    # unknown size, answered 416, is checked and kept); a partial with wrong
    # bytes is deleted once the whole file's hash proves it wrong, then fetched afresh; a
    # file the hub serves wrong fails with a sha256 mismatch and leaves no partial; a
    # truncated config.json is caught by the JSON parser.
    mkdir -p "$models/mock-gpt2.part"
    head -c 1000000 "$hub/model.safetensors" >"$part"
    cp "$hub/config.json" "$models/mock-gpt2.part/config.json.part"   # whole, size unknown
    dm mock-gpt2
    check "a whole partial of unknown size: the hub answers 416" has "$W/hub/requests.log" "config.json bytes=[0-9]+- -> 416"
    check "and the 416 is taken as whole, once its content checks out" lacks "$out" "config.json: (present|sha256|not)"
    check "a true prefix: success" [ "$rc" -eq 0 ]
    check "a true prefix is resumed" has "$W/hub/requests.log" "model.safetensors bytes=1000000- -> 206"
    check "a true prefix is not deleted" lacks "$out" "mismatch"
    check "the model is complete" complete
    rm -rf "$models/mock-gpt2"; : >"$W/hub/requests.log"
    mkdir -p "$models/mock-gpt2.part"
    head -c 1000000 /dev/zero >"$part"
    dm mock-gpt2
    check "wrong bytes: the mismatch is detected and the partial deleted" has "$out" "model.safetensors: sha256 mismatch.*deleted it, downloading from the start"
    check "then fetched from zero" has "$W/hub/requests.log" "GET /cdn/mock-gpt2/model.safetensors - -> 200"
    check "and completed" complete
    rm -rf "$models/mock-gpt2"
    printf 'x' >>"$hub/vocab.json"   # the hub serves a wrong vocab.json
    dm mock-gpt2
    check "a wrong file on the hub: exit 1" [ "$rc" -eq 1 ]
    check "one line: sha256 mismatch, partial deleted" has "$err" "vocab.json: sha256 mismatch .*the partial file was deleted"
    check "no vocab.json.part left" [ ! -e "$models/mock-gpt2.part/vocab.json.part" ]
    cp "$SRC/data/gpt2/vocab.json" "$hub/vocab.json"
    rm -rf "$models/mock-gpt2.part"
    head -c 300 "$SRC/data/models/tiny-gpt2-f32/config.json" >"$hub/config.json"
    dm mock-gpt2
    check "a truncated config.json: exit 1" [ "$rc" -eq 1 ]
    check "a truncated config.json is not a GPT-2 config" has "$err" "config.json: not a GPT-2 config \(unexpected end of file"
    ;;
lock)
    # (e) A second writer while the first is downloading: refused at once, naming the pid.
    faults "/cdn/mock-gpt2/model.safetensors 1 slow:500000"
    timeout 40 "$W/root/scripts/download-model" mock-gpt2 >"$W/first.out" 2>&1 &
    bg_pid=$!
    for _ in $(seq 100); do [[ -e "$part" ]] && break; sleep 0.1; done
    check "the first download is under way" [ -e "$part" ]
    first_pid=$(cat "$models/.mock-gpt2.lock" 2>/dev/null || true)
    start=$SECONDS
    dm mock-gpt2
    check "the second writer exits 1" [ "$rc" -eq 1 ]
    check "it says another download is running, with the pid" has "$err" "another download of mock-gpt2 is running \(pid ${first_pid:-none}\)"
    check "one line on stderr" [ "$(wc -l <"$err")" -eq 1 ]
    check "it does not wait (the old script hung on the busy hub for 10 s)" [ $((SECONDS - start)) -le 5 ]
    kill "$bg_pid"; wait "$bg_pid" 2>/dev/null || true; bg_pid=
    sleep 0.3
    check "stopping the first run stops its curl too (the lock is free)" flock -n "$models/.mock-gpt2.lock" true
    check "its partial is kept" [ -s "$part" ]
    faults
    dm mock-gpt2
    check "a rerun completes" done_ok
    # A script killed with SIGKILL cannot stop its curl, which keeps the lock: the next run
    # says so. (The curl ends when the hub does, at the end of this test.)
    rm -rf "$models/mock-gpt2"
    faults "/cdn/mock-gpt2/model.safetensors 1 slow:500000"
    timeout 40 "$W/root/scripts/download-model" mock-gpt2 >"$W/first.out" 2>&1 &
    bg_pid=$!
    for _ in $(seq 100); do [[ -e "$part" ]] && break; sleep 0.1; done
    first_pid=$(cat "$models/.mock-gpt2.lock" 2>/dev/null || true)
    kill -KILL "$first_pid"; wait "$bg_pid" 2>/dev/null || true; bg_pid=
    dm mock-gpt2
    check "after a SIGKILL: refused, naming the dead pid and its curl" has "$err" "another download of mock-gpt2 is running \(pid $first_pid has exited, but a curl it started still holds .*\.mock-gpt2\.lock\)"
    ;;
folder_check)
    # (f) The cheap check `make run` uses: not downloaded -> exit 3; complete -> silent 0;
    # truncated model or broken config -> one line with the repair command, which works.
    dm --check mock-gpt2
    check "not downloaded: exit 3" [ "$rc" -eq 3 ]
    dm mock-gpt2
    check "the download succeeds" done_ok
    dm --check mock-gpt2
    check "complete: exit 0, silent" silent_ok
    truncate -s 5000000 "$models/mock-gpt2/model.safetensors"
    dm --check mock-gpt2
    check "truncated: exit 1" [ "$rc" -eq 1 ]
    check "one line, with the sizes and the repair command" has "$err" "mock-gpt2 is broken \(model.safetensors is 5000000 bytes, expected $model_size\); repair it with: scripts/download-model --repair mock-gpt2$"
    check "exactly one line" [ "$(wc -l <"$err")" -eq 1 ]
    dm --repair mock-gpt2
    check "the repair resumes the truncated file" has "$W/hub/requests.log" "model.safetensors bytes=5000000- -> 206"
    check "and completes it" done_ok
    dm --check mock-gpt2
    check "repaired: the check passes" [ "$rc" -eq 0 ]
    cp "$models/mock-gpt2/config.json" "$W/config.good"
    sed 's/"n_head": 4,/"n_head": "4",/' "$W/config.good" >"$models/mock-gpt2/config.json"
    dm --check mock-gpt2
    check "a config with a string n_head: exit 1" [ "$rc" -eq 1 ]
    check "a config with a string n_head is broken" has "$err" "config.json: \"n_head\" is not a positive integer"
    cp "$W/config.good" "$models/mock-gpt2/config.json"
    rm "$models/mock-gpt2/COMPLETE"
    dm --check mock-gpt2
    check "an old folder without marker: verified once" [ "$rc" -eq 0 ]
    check "an old folder without marker: marker written" [ -f "$models/mock-gpt2/COMPLETE" ]
    # the Makefile's model target on a broken distilgpt2: the repair line, then the tiny model
    cp -r "$models/mock-gpt2" "$models/distilgpt2"
    truncate -s 100 "$models/distilgpt2/model.safetensors"
    rc=0; env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$SRC" model >"$out" 2>&1 || rc=$?
    echo "--- make model -> exit $rc"; sed 's/^/  out: /' "$out"
    check "make model: exit 0" [ "$rc" -eq 0 ]
    check "make model: one line" [ "$(wc -l <"$out")" -eq 1 ]
    check "make model: the repair command, then the teaching model" has "$out" "repair it with: scripts/download-model --repair distilgpt2; running the bundled teaching model instead"
    rc=0; env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -n -C "$SRC" run-chapter CH=ch01_tokenizer BUILD=build >"$out" 2>&1 || rc=$?
    echo "--- make -n run-chapter -> exit $rc"; sed 's/^/  out: /' "$out"
    check "make run then runs the chapter with --model teaching" has "$out" "ch01_tokenizer --model teaching"
    ;;
*) echo "unknown case $case_name"; exit 2 ;;
esac

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
