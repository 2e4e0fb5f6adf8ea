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

