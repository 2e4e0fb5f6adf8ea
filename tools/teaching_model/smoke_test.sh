#!/usr/bin/env bash
# tools/teaching_model/smoke_test.sh CMAKE — train.py, prep.py's format and eval_same_windows.py
# run end to end in seconds: a 1-layer, 16-wide model on a made-up corpus of 300 short documents,
# both recipes (the CPU one: source weights, consecutive windows; the GPU one on CPU: natural
# proportions, random windows, dropout, evaluations keeping the best weights, diagnostics). Checks
# that the same command writes the same bytes, and that GENERATED_BY.json's files_sha256 match the
# files (tests/scripts/check_generated_by.cmake, as for the shipped models). Skips (77) where
# /usr/bin/python3 has no PyTorch: the project never needs it.
set -u
cmake=${1:?usage: smoke_test.sh CMAKE}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/tests/check_lib.sh"
py=/usr/bin/python3
$py -c 'import torch, numpy' 2>/dev/null || skip "$py has no torch/numpy (scripts/install-deps --extras)"
enter_scratch trainer

$py - <<'PY' || fail "could not write docs.npz"
import numpy as np
rng = np.random.RandomState(0)
names = ["devil", "fortunes", "gcide", "jargon", "python-docs", "wordnet"]
lengths = rng.randint(5, 60, 300)
ids = rng.randint(0, 2000, lengths.sum()).astype(np.uint16)
offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
np.savez("docs.npz", ids=ids, offsets=offsets, src=(np.arange(300) % 6).astype(np.uint8),
         held=(np.arange(300) % 10 == 0), names=np.array(names))
PY

tiny="--docs docs.npz --layers 1 --embd 16 --heads 2 --positions 16 --batch 2 --warmup 2"
for run in a b; do
    $py "$here/train.py" $tiny --steps 4 --log-every 1 --heldout-tokens 64 --out cpu-$run > cpu-$run.log 2>&1 \
        || { cat cpu-$run.log; fail "train.py (CPU recipe) failed"; }
done
cat cpu-a.log
cmp cpu-a/model.safetensors cpu-b/model.safetensors || fail "the same command wrote different weights"
grep -q '"loss_curve"' cpu-a/GENERATED_BY.json || fail "GENERATED_BY.json has no loss_curve"

$py "$here/train.py" $tiny --sampling natural --windows random --dropout 0.1 --steps 6 --log-every 2 \
    --eval-every 1e-9 --eval-windows 4 --diag-windows 4 --prompt-ids 770,5041,314 --out gpu-recipe \
    > gpu-recipe.log 2>&1 || { cat gpu-recipe.log; fail "train.py (GPU recipe, on CPU) failed"; }
cat gpu-recipe.log
$py - <<'PY' || fail "training-log.json lacks the evaluations or the diagnostics"
import json
log = json.load(open("gpu-recipe/training-log.json"))
assert len(log["curve"]) == 5 and all("spike" in e for e in log["curve"]), log["curve"]
assert len(log["diag"]["plain"]["norm0"]) == 2 and "prompt_eot" in log["diag"], log["diag"].keys()
cfg = json.load(open("gpu-recipe/config.json"))
assert cfg["n_layer"] == 1 and cfg["resid_pdrop"] == 0.1, cfg
PY

for d in cpu-a gpu-recipe; do
    "$cmake" -DDIR=$d -DGENERATED=$d/GENERATED_BY.json -P "$root/tests/scripts/check_generated_by.cmake" \
        || fail "$d: files differ from GENERATED_BY.json's files_sha256"
done
$py "$here/eval_same_windows.py" --docs docs.npz --windows 3 --positions 16 cpu-a gpu-recipe > eval.log 2>&1 \
    || { cat eval.log; fail "eval_same_windows.py failed"; }
cat eval.log
[ "$(grep -c 'nats/token' eval.log)" = 3 ] || fail "eval_same_windows.py: expected 2 models and the unigram"
echo "trainer smoke test: OK"
