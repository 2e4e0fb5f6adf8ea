# tests/hostile_files.cmake — files the programs write, under hostile conditions:
#   * tools/make_random_checkpoint replaces only a folder it made itself (never `.`, a folder
#     of other files, a file, a FIFO, a symlink), checks its flags (exit 2), and leaves no
#     .part folder behind on a failure or a signal;
#   * a signal (SIGTERM, Ctrl-C) while ch06_logit_lens writes --html/--csv leaves no
#     .NAME.tmp-XXXXXX behind, and the exit status still says "killed by signal";
#   * ch07_attention --json is capped as --html is (256 tokens), tested at 256 and 257.
#
# Each case is shell code run by tests/output_check.sh in a fresh scratch directory of its
# own (helpers: expect_error, expect_content, expect_no_temps, fail; $BIN is the bin
# directory). No ';' in the code (CMake would split it there): one command per line.
if(NOT TARGET make_random_checkpoint OR NOT TARGET ch06_logit_lens OR NOT TARGET ch07_attention)
  return()
endif()

function(files_test name script)
  add_test(NAME hostile_files:${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/output_check.sh ${CMAKE_BINARY_DIR}/bin files-${name}
                   "SMALL='--layers 1 --embd 8 --heads 2 --positions 16'\n${script}")
  set_tests_properties(hostile_files:${name} PROPERTIES TIMEOUT 120)
endfunction()

# -- make_random_checkpoint OUT: what OUT may be ----------------------------------------------
# It used to remove OUT whatever it was (fs::remove_all), then put a checkpoint there.
files_test(checkpoint_refuses_folder_of_other_files [[
mkdir mine
echo precious > mine/notes.txt
expect_error 1 "^make_random_checkpoint: error: mine exists and was not made by make_random_checkpoint \(no \.made-by-make_random_checkpoint in it\)" out.txt "$BIN/make_random_checkpoint" mine $SMALL
expect_content mine/notes.txt precious
[ "$(ls -A)" = "$(printf 'mine\nout.txt')" ] || fail "left: $(ls -A)"
]])
files_test(checkpoint_refuses_dot [[
mkdir work
cd work
echo precious > notes.txt
expect_error 1 "^make_random_checkpoint: error: \. is not a new folder's name" out.txt "$BIN/make_random_checkpoint" . $SMALL
expect_content notes.txt precious
expect_error 1 "^make_random_checkpoint: error: \.\./work exists and was not made by make_random_checkpoint" out.txt "$BIN/make_random_checkpoint" ../work $SMALL
expect_content notes.txt precious
]])
files_test(checkpoint_refuses_file_fifo_symlink [[
echo precious > f
mkfifo p
mkdir target
echo precious > target/notes.txt
ln -s target link
expect_error 1 "^make_random_checkpoint: error: f exists and is not a folder" out.txt "$BIN/make_random_checkpoint" f $SMALL
expect_content f precious
expect_error 1 "^make_random_checkpoint: error: p exists and is not a folder" out.txt "$BIN/make_random_checkpoint" p $SMALL
[ -p p ] || fail "the FIFO p was replaced"
expect_error 1 "^make_random_checkpoint: error: link is a symbolic link" out.txt "$BIN/make_random_checkpoint" link $SMALL
[ -L link ] || fail "the symlink was replaced"
expect_content target/notes.txt precious
]])
# Its own folder (the marker file) is replaced, once more with the same seed: the same bytes.
files_test(checkpoint_replaces_its_own [[
"$BIN/make_random_checkpoint" m $SMALL > out.txt || fail "exit status $?"
[ -f m/.made-by-make_random_checkpoint ] || fail "no marker file"
cp m/model.safetensors first.safetensors
"$BIN/make_random_checkpoint" m/ $SMALL --seed 1 > out.txt || fail "replacing: exit status $?"
cmp -s m/model.safetensors first.safetensors || fail "the same seed wrote other weights"
"$BIN/make_random_checkpoint" m $SMALL --seed 2 > out.txt || fail "replacing: exit status $?"
! cmp -s m/model.safetensors first.safetensors || fail "--seed 2 wrote the same weights"
"$BIN/ch05_hidden_states" --model m > out.txt || fail "ch05 cannot read the checkpoint"
[ "$(ls -A)" = "$(printf 'first.safetensors\nm\nout.txt')" ] || fail "left: $(ls -A)"
]])
# ...but not when something else has been put in it.
files_test(checkpoint_refuses_its_own_with_other_files [[
"$BIN/make_random_checkpoint" m $SMALL > out.txt || fail "exit status $?"
echo precious > m/notes.txt
expect_error 1 "^make_random_checkpoint: error: m holds notes\.txt, which make_random_checkpoint did not write" out.txt "$BIN/make_random_checkpoint" m $SMALL
expect_content m/notes.txt precious
]])

# -- make_random_checkpoint: no .part folder on a failure or a signal ----------------------------
# A file-size limit makes the write fail half-way: one line, exit 1, the earlier checkpoint kept.
files_test(checkpoint_no_part_on_failure [[
"$BIN/make_random_checkpoint" m $SMALL > out.txt || fail "exit status $?"
cp m/model.safetensors first.safetensors
expect_error 1 "^make_random_checkpoint: error: cannot write m\.part-[^/]*/model\.safetensors \(File too large\)$" out.txt sh -c 'ulimit -f 100 && exec "$0" "$@"' "$BIN/make_random_checkpoint" m --layers 2 --embd 64 --heads 2 --positions 16 --seed 2
cmp -s m/model.safetensors first.safetensors || fail "the earlier checkpoint was changed"
[ "$(ls -A)" = "$(printf 'first.safetensors\nm\nout.txt')" ] || fail "left: $(ls -A)"
]])
# SIGTERM and Ctrl-C half-way through distilgpt2's shape (328 MB): no folder left at all, and
# the exit status says which signal (143, 130). env --default-signal: a background job of a
# script would otherwise ignore SIGINT, as the shell makes it.
files_test(checkpoint_no_part_on_signal [[
for sig in TERM INT
do
  env --default-signal=INT "$BIN/make_random_checkpoint" m > out.txt 2> err.txt &
  pid=$!
  n=0
  until ls -A | grep -q '^m\.part' || [ $n -ge 400 ]
  do
    sleep 0.025
    n=$((n + 1))
  done
  kill -s $sig $pid
  wait $pid
  rc=$?
  [ ! -s out.txt ] || fail "the checkpoint was complete before SIG$sig came: make the test's checkpoint bigger"
  [ $rc -gt 128 ] || fail "SIG$sig: expected the program to be killed, got exit status $rc"
  [ "$(kill -l $rc)" = $sig ] || fail "expected SIG$sig, got exit status $rc"
  [ "$(ls -A)" = "$(printf 'err.txt\nout.txt')" ] || fail "left after SIG$sig: $(ls -A)"
done
]])

# -- make_random_checkpoint: flags (exit 2, nothing written) -------------------------------------
foreach(_case "layers_zero|--layers 0|--layers: '0' is not a whole number >= 1"
              "layers_negative|--layers -1|--layers: '-1' is not a whole number >= 1"
              "embd_zero|--embd 0|--embd: '0' is not a whole number >= 1"
              "positions_zero|--positions 0|--positions: '0' is not a whole number >= 1"
              "heads_not_dividing_embd|--heads 5|--heads: 5 does not divide --embd 768"
              "absurd_shape|--layers 1024 --embd 65536 --heads 64|--layers/--embd/--positions: this shape has 52780791431168 parameters.*at most 2000000000"
              "positions_too_many|--positions 2000000|--positions: '2000000' is too large \\(at most 1048576\\)")
  string(REPLACE "|" ";" _parts "${_case}")
  list(GET _parts 0 _name)
  list(GET _parts 1 _flags)
  list(GET _parts 2 _regex)
  separate_arguments(_flags)
  cli_test(NAME hostile_files:checkpoint_${_name} PROGRAM make_random_checkpoint ARGS <scratch>/m ${_flags}
    EXPECT_RC 2 STDERR_REGEX "^make_random_checkpoint: error: ${_regex}")
endforeach()
cli_test(NAME hostile_files:checkpoint_empty_name PROGRAM make_random_checkpoint ARGS <empty>
  EXPECT_RC 2 STDERR_REGEX "^make_random_checkpoint: error: out: the folder name is empty")

# -- a signal while ch06_logit_lens writes its files ------------------------------------------------
# --html a.html --csv lens.csv, a FIFO nobody reads: a.html's temporary is written, then the
# program waits to open the FIFO. The signal comes then: before the fix .a.html.tmp-XXXXXX
# (mode 0600) stayed behind.
files_test(ch06_signal_removes_temporaries [[
mkfifo lens.csv
for sig in TERM INT HUP
do
  env --default-signal=INT "$BIN/ch06_logit_lens" --model tiny --html a.html --csv lens.csv > out.txt 2> err.txt &
  pid=$!
  n=0
  until ls -A | grep -q '^\.a\.html\.tmp-' || [ $n -ge 400 ]
  do
    sleep 0.025
    n=$((n + 1))
  done
  ls -A | grep -q '^\.a\.html\.tmp-' || fail "no temporary appeared"
  kill -s $sig $pid
  wait $pid
  rc=$?
  [ $rc -gt 128 ] && [ "$(kill -l $rc)" = $sig ] || fail "expected the program to be killed by SIG$sig, got exit status $rc"
  expect_no_temps .
  [ ! -e a.html ] || fail "a.html was written"
  [ ! -s out.txt ] || fail "something was printed"
done
]])

# -- ch07_attention --json: capped as --html is ------------------------------------------------
# Needs a model with more than 256 positions: a random one (300 positions).
string(REPEAT " a" 256 _hf_256)
files_test(ch07_json_256_tokens "
\"\$BIN/make_random_checkpoint\" m --layers 1 --embd 8 --heads 2 --positions 300 > out.txt || fail \"exit status \$?\"
\"\$BIN/ch07_attention\" --model m --json --prompt '${_hf_256}' > out.json || fail \"exit status \$?\"
grep -q '\"input_ids\":\\[257,257,' out.json || fail 'no JSON'
")
files_test(ch07_json_257_tokens "
\"\$BIN/make_random_checkpoint\" m --layers 1 --embd 8 --heads 2 --positions 300 > out.txt || fail \"exit status \$?\"
expect_error 1 '^ch07_attention: error: --json prints every head.s 257 × 257 attention pattern: at most 256 tokens, and this input has 257. shorten the prompt$' out.json \"\$BIN/ch07_attention\" --model m --json --prepend-bos --prompt '${_hf_256}'
")
