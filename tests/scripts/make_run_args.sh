#!/bin/sh
# make_run_args.sh SRC — `make run`'s ARGS reach the chapter as typed (issue 14 §3):
#   1. `$5`, `$(HOME)`, backquotes, an empty "" and spaces inside quotes arrive untouched, as the
#      shell words ARGS spells (run-chapter, with a stand-in chapter that prints its arguments);
#   2. ARGS naming --model skips distilgpt2's download and check (`make -n run`: the `model`
#      target's recipe must not appear).
# Runs in a fresh temporary BUILD folder; writes nothing in SRC.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES  # not the flags of a `make test` around us
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done\n' > "$tmp/bin/ch01_tokenizer"
chmod +x "$tmp/bin/ch01_tokenizer"
fail() { echo "FAIL: $*"; exit 1; }

got=$(make -s -C "$src" run-chapter BUILD="$tmp" CH=ch01_tokenizer \
      ARGS='--model tiny --prompt "costs $5 in $(HOME)" `id` "a  b" ""' | sed 1d)
want='[--model]
[tiny]
[--prompt]
[costs $5 in $(HOME)]
[`id`]
[a  b]
[]'
[ "$got" = "$want" ] || fail "ARGS changed on the way; got:
$got
expected:
$want"

if make -s -C "$src" run-chapter BUILD="$tmp" CH=ch01_tokenizer ARGS='--prompt "no end' >/dev/null 2>"$tmp/err"; then
  fail "an unbalanced quote in ARGS was accepted"
fi
grep -q 'make: cannot split ARGS into words' "$tmp/err" || fail "unbalanced quote: $(cat "$tmp/err")"

plan=$(make -n -C "$src" run BUILD="$tmp" CH=ch01_tokenizer ARGS='--model tiny')
case $plan in *download-model*) fail "ARGS='--model tiny' still downloads or checks distilgpt2:
$plan";; esac
plan=$(make -n -C "$src" run BUILD="$tmp" CH=ch01_tokenizer ARGS='--model=tiny --prompt x')
case $plan in *download-model*) fail "ARGS='--model=tiny' still downloads or checks distilgpt2";; esac
plan=$(make -n -C "$src" run BUILD="$tmp" CH=ch01_tokenizer ARGS='--prompt x')
case $plan in *download-model*) ;; *) fail "without --model, make run no longer fetches distilgpt2:
$plan";; esac
echo "ok: ARGS passed through untouched; --model in ARGS skips the download"
