# tests/hostile_messages.cmake — bad input that used to give a wrong, raw or two-line message
# (issue 14, "Messages and exit codes"): each case is shell code run by
# tests/hostile_check.sh in a scratch directory of its own (helpers: expect_error, tiny_copy,
# as_nobody, skip, fail). No ';' in the code (CMake would split it there).
# The C++ side (size caps, NUL after JSON, BOM, duplicate tensor names) is in
# tests/test_input_files.cpp.
if(NOT TARGET ch03_embeddings)
  return()
endif()

function(hostile_test name script)
  add_test(NAME hostile:${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/hostile_check.sh ${CMAKE_BINARY_DIR}/bin ${GPT2_DATA_DIR} "${script}")
  set_tests_properties(hostile:${name} PROPERTIES SKIP_RETURN_CODE 77)
endfunction()

# -- permissions and file kinds: say what is wrong, not "has no config.json" ------------------
hostile_test(model_dir_unreadable [[
tiny_copy m
chmod 000 m
expect_error 1 "^ch03_embeddings: error: model directory m: cannot open it \(Permission denied\); check its permissions$" as_nobody "$BIN/ch03_embeddings" --model m
]])
hostile_test(config_unreadable [[
tiny_copy m
chmod 000 m/config.json
expect_error 1 "^ch03_embeddings: error: model directory m: cannot read config.json \(Permission denied\); check its permissions$" as_nobody "$BIN/ch03_embeddings" --model m
]])
hostile_test(vocab_unreadable [[
tiny_copy m
chmod 000 m/vocab.json
expect_error 1 "^ch01_tokenizer: error: model directory m: cannot read vocab.json \(Permission denied\); check its permissions$" as_nobody "$BIN/ch01_tokenizer" --model m
]])
hostile_test(merges_unreadable [[
tiny_copy m
chmod 000 m/merges.txt
expect_error 1 "^ch01_tokenizer: error: model directory m: cannot read merges.txt \(Permission denied\); check its permissions$" as_nobody "$BIN/ch01_tokenizer" --model m
]])
hostile_test(config_is_fifo [[
tiny_copy m
rm m/config.json
mkfifo m/config.json
expect_error 1 "^ch03_embeddings: error: model directory m: config.json is a FIFO, not a regular file" timeout 20 "$BIN/ch03_embeddings" --model m
]])
hostile_test(merges_is_directory [[
tiny_copy m
rm m/merges.txt
mkdir m/merges.txt
expect_error 1 "^ch01_tokenizer: error: model directory m: merges.txt is a directory, not a regular file" "$BIN/ch01_tokenizer" --model m
]])

# -- a folder name that is not UTF-8 in --json and --html: escaped, never a raw type_error.316 --
hostile_test(non_utf8_model_dir_json [[
d=$(printf 'm\377')
tiny_copy "$d"
"$BIN/ch05_hidden_states" --model "$d" --json > out.json 2> err.txt || fail "exit status $?: $(cat err.txt)"
grep -q 'm\\\\xFF' out.json || fail "the folder name is not in the JSON as m\\\\xFF: $(head -c 300 out.json)"
"$BIN/ch06_logit_lens" --model "$d" --json > out.json 2> err.txt || fail "ch06 --json: exit status $?: $(cat err.txt)"
"$BIN/ch07_attention" --model "$d" --json > out.json 2> err.txt || fail "ch07 --json: exit status $?: $(cat err.txt)"
"$BIN/ch06_logit_lens" --model "$d" --html a.html > out.txt 2> err.txt || fail "ch06 --html: exit status $?: $(cat err.txt)"
"$BIN/ch07_attention" --model "$d" --html b.html > out.txt 2> err.txt || fail "ch07 --html: exit status $?: $(cat err.txt)"
]])

# -- out of the box (no distilgpt2): an error is one line, the note comes after a success ----
hostile_test(default_model_error_is_one_line [[
mkdir -p data/models
ln -s "$DATA/models/teaching-gpt2" data/models/teaching-gpt2
GPT2_DATA_DIR=$PWD/data expect_error 1 "^ch03_embeddings: error: the prompt is empty" "$BIN/ch03_embeddings" --prompt ""
GPT2_DATA_DIR=$PWD/data "$BIN/ch03_embeddings" > out.txt 2> err.txt || fail "exit status $?"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "expected the note alone on stderr: $(cat err.txt)"
grep -q "^note: distilgpt2 is not downloaded" err.txt || fail "no note after a successful run: $(cat err.txt)"
]])

# -- tiny-bf16 is a --model name: the help and the hints say so --------------------------------
hostile_test(tiny_bf16_in_help_and_hints [[
"$BIN/ch01_tokenizer" --help > help.txt || fail "--help: exit status $?"
grep -q "tiny-bf16" help.txt || fail "--help does not name tiny-bf16"
expect_error 1 "or distilgpt2, gpt2, teaching, teaching-small, tiny, tiny-bf16\)$" "$BIN/ch01_tokenizer" --model no-such-model
]])

# -- numeric flags: our wording, never CLI11's "Could not convert" -----------------------------
hostile_test(signed_flags_too_large [[
expect_error 2 "^ch05_hidden_states: error: --layer: '99999999999999999999' is too large \(at most 2147483647\)" "$BIN/ch05_hidden_states" --model tiny --layer 99999999999999999999
expect_error 2 "^ch06_logit_lens: error: --position: '99999999999999999999' is too large" "$BIN/ch06_logit_lens" --model tiny --position 99999999999999999999
expect_error 2 "^ch07_attention: error: --position: '-99999999999999999999' is too small \(at least -2147483648\)" "$BIN/ch07_attention" --model tiny --position -99999999999999999999
expect_error 2 "^ch05_hidden_states: error: --layer: 'abc' is not a whole number" "$BIN/ch05_hidden_states" --model tiny --layer abc
# a flag without a validator of its own: CLI11's conversion error, reworded the same way
expect_error 2 "^make_random_checkpoint: error: --layers: 'abc' is not a whole number" "$BIN/make_random_checkpoint" --layers abc out
expect_error 2 "^make_random_checkpoint: error: --layers: '99999999999999999999' is too large" "$BIN/make_random_checkpoint" --layers 99999999999999999999 out
]])

# -- ch02: an empty prompt is said as every chapter says it -------------------------------------
hostile_test(ch02_empty_prompt [[
expect_error 1 "^ch02_padding: error: the prompt is empty: give some text with --prompt$" "$BIN/ch02_padding" --model tiny --prompt ""
]])

# -- tools: exit status 2 and one line for a usage error, a reason for a failure ---------------
hostile_test(tools_usage_errors [[
expect_error 2 "^notebook_check: error: .*--reference is required" "$BIN/notebook_check"
expect_error 2 "^bench_tokenizer: error: --runs: '0' is not a whole number >= 1" "$BIN/bench_tokenizer" corpus.txt --runs 0
expect_error 2 "^bench_tokenizer: error: .*corpus is required" "$BIN/bench_tokenizer"
expect_error 2 "^mock_hub: error: --max-seconds: \"abc\" is not a whole number >= 1" "$BIN/mock_hub" --root . --max-seconds abc
expect_error 2 "^mock_hub: error: --root needs a value" "$BIN/mock_hub" --root
expect_error 2 "^book_check: error: --timeout: \"abc\" is not a whole number of seconds >= 1" "$BIN/book_check" --timeout abc x.md
expect_error 2 "^book_check: error: --bin-dir needs a value" "$BIN/book_check" x.md --bin-dir
expect_error 2 "^book_check: error: no markdown file or folder given" "$BIN/book_check"
]])
hostile_test(book_check_update_read_only_dir [[
mkdir book
printf '<!-- output: book_check --echo hi -->\n```text\nold\n```\n' > book/a.md
chmod 555 book
as_nobody "$BIN/book_check" --bin-dir "$BIN" --update book/a.md > out.txt 2> err.txt
rc=$?
cat out.txt err.txt
[ "$rc" = 1 ] || fail "expected exit status 1, got $rc"
grep -q "a.md: cannot update it: cannot write a.md.book_check.tmp next to it (Permission denied)" err.txt || fail "no reason given"
grep -q "^old$" book/a.md || fail "a.md was changed"
grep -q ": updated$" out.txt && fail "said 'updated' for a file it could not write"
[ -z "$(ls -A book | grep -v '^a.md$')" ] || fail "left a file behind: $(ls -A book)"
]])
