# tests/outputs.cmake — what the programs do when an output cannot be written: a file given
# with --html/--csv, or standard output itself (a full disk, a file-size limit, a closed
# pipe). The contract (common/support/cli.hpp, common/support/atomic_file.hpp): exit status 1, exactly one
# line on stderr, nothing half-written, every existing output file untouched, no temporary
# file left behind.
#
# Each case is shell code run by tests/output_check.sh in a fresh scratch directory of its
# own, removed afterwards (its helpers: expect_error, expect_content, expect_no_temps, fail;
# $BIN is the bin directory). No ';' in the code (CMake would split it there): one command
# per line.
if(NOT TARGET ch06_logit_lens)
  return()
endif()

function(output_test name script)
  add_test(NAME outputs:${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/output_check.sh ${CMAKE_BINARY_DIR}/bin outputs-${name} "${script}")
endfunction()

# -- several output files: all written, or none ---------------------------------------------
# --html A is fine, --csv names a directory: the run fails, and A must still hold what it
# held before (it used to be replaced before the CSV failed).
output_test(ch06_html_kept_when_csv_fails [[
echo old > a.html
mkdir csvdir
expect_error 1 "^ch06_logit_lens: error: --csv csvdir: cannot write \(Is a directory\)" out.txt "$BIN/ch06_logit_lens" --model tiny --html a.html --csv csvdir
expect_content a.html old
expect_no_temps . csvdir
]])
# The same with the failing output first and the good one second.
output_test(ch06_csv_kept_when_html_fails [[
echo old > a.csv
expect_error 1 "^ch06_logit_lens: error: --html no/such/dir/a.html: cannot write" out.txt "$BIN/ch06_logit_lens" --model tiny --html no/such/dir/a.html --csv a.csv
expect_content a.csv old
expect_no_temps .
]])
# Both good: both written.
output_test(ch06_html_and_csv_written [[
echo old > a.html
"$BIN/ch06_logit_lens" --model tiny --html a.html --csv a.csv > out.txt || fail "exit status $?"
grep -q "<!DOCTYPE html>" a.html || fail "a.html is not the heatmap"
head -n 1 a.csv | grep -q "^state,position," || fail "a.csv is not the CSV"
expect_no_temps .
]])

# -- standard output -------------------------------------------------------------------------
# A full disk: every chapter must say so and exit 1, not exit 0 with the output lost.
foreach(_ch ch01_tokenizer ch02_padding ch03_embeddings ch04_tied_head ch05_hidden_states ch06_logit_lens ch07_attention
            ch08_position_zero ch09_generate)
  if(TARGET ${_ch})
    output_test(${_ch}_stdout_full "expect_error 1 '^${_ch}: error: cannot write to standard output: No space left on device$' /dev/full \"\$BIN/${_ch}\" --model tiny")
  endif()
endforeach()
output_test(ch06_json_stdout_full [[
expect_error 1 "^ch06_logit_lens: error: cannot write to standard output: No space left on device$" /dev/full "$BIN/ch06_logit_lens" --model tiny --json
]])
# Chapter 9 writes its text as it is generated, past run_chapter's buffer: the same one line.
output_test(ch09_json_stdout_full [[
expect_error 1 "^ch09_generate: error: cannot write to standard output: No space left on device$" /dev/full "$BIN/ch09_generate" --model tiny --json
]])
output_test(ch09_steps_stdout_full [[
expect_error 1 "^ch09_generate: error: cannot write to standard output: No space left on device$" /dev/full "$BIN/ch09_generate" --model tiny --steps
]])
output_test(help_stdout_full [[
expect_error 1 "^ch05_hidden_states: error: cannot write to standard output: No space left on device$" /dev/full "$BIN/ch05_hidden_states" --help
]])
# --jsonl: 50,000 lines in, 600 kB of ids out (many of encode_jsonl's 64 kB chunks).
output_test(ch01_jsonl_stdout_full [[
yes '"Hello world"' | head -n 50000 > big.jsonl
expect_error 1 "^ch01_tokenizer: error: cannot write to standard output: No space left on device$" /dev/full "$BIN/ch01_tokenizer" --model tiny --jsonl big.jsonl
]])
# A reader that goes away (| head -c1). With SIGPIPE ignored (here by the shell, as some
# parents do), the write fails with EPIPE: one line, exit 1, instead of exit 0.
output_test(ch01_jsonl_closed_pipe_sigpipe_ignored [[
yes '"Hello world"' | head -n 50000 > big.jsonl
trap '' PIPE
{
  "$BIN/ch01_tokenizer" --model tiny --jsonl big.jsonl 2> err.txt
  echo $? > rc.txt
} | head -c1 > /dev/null
cat err.txt
[ "$(cat rc.txt)" = 1 ] || fail "expected exit status 1, got $(cat rc.txt)"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "expected one line on stderr"
grep -q "^ch01_tokenizer: error: cannot write to standard output: Broken pipe$" err.txt || fail "wrong message"
]])
# With SIGPIPE at its default the program ends silently on the signal (exit 141 in the
# shell), as cat does; if the test's parent ignores SIGPIPE, the EPIPE line above instead.
output_test(ch01_jsonl_closed_pipe [[
yes '"Hello world"' | head -n 50000 > big.jsonl
{
  "$BIN/ch01_tokenizer" --model tiny --jsonl big.jsonl 2> err.txt
  echo $? > rc.txt
} | head -c1 > /dev/null
rc=$(cat rc.txt)
cat err.txt
if [ "$rc" = 141 ]
then
  [ ! -s err.txt ] || fail "killed by SIGPIPE, but printed something on stderr"
else
  [ "$rc" = 1 ] || fail "expected exit status 141 (SIGPIPE) or 1, got $rc"
  grep -q "^ch01_tokenizer: error: cannot write to standard output: Broken pipe$" err.txt || fail "wrong message"
fi
]])

# -- what an atomic write replaces, and what it keeps -------------------------------------------
# A symlink stays a symlink: the file it points to gets the new content (the temporary is
# made next to that file).
output_test(ch06_csv_through_symlink [[
mkdir real
echo old > real/lens.csv
ln -s real/lens.csv link.csv
"$BIN/ch06_logit_lens" --model tiny --csv link.csv > out.txt || fail "exit status $?"
[ -L link.csv ] || fail "link.csv was replaced by a regular file"
head -n 1 real/lens.csv | grep -q "^state,position," || fail "real/lens.csv was not written"
expect_no_temps . real
]])
# A dangling symlink: the file it names is created, the link kept.
output_test(ch06_csv_through_dangling_symlink [[
ln -s new.csv link.csv
"$BIN/ch06_logit_lens" --model tiny --csv link.csv > out.txt || fail "exit status $?"
[ -L link.csv ] || fail "link.csv was replaced by a regular file"
head -n 1 new.csv | grep -q "^state,position," || fail "new.csv was not written"
expect_no_temps .
]])
# An existing file keeps its permissions (0600 stays 0600); a new one gets 0666 less the umask.
output_test(ch06_csv_keeps_mode [[
echo old > private.csv
chmod 600 private.csv
"$BIN/ch06_logit_lens" --model tiny --csv private.csv > out.txt || fail "exit status $?"
[ "$(stat -c %a private.csv)" = 600 ] || fail "private.csv is now $(stat -c %a private.csv), was 600"
head -n 1 private.csv | grep -q "^state,position," || fail "private.csv was not written"
umask 027
"$BIN/ch06_logit_lens" --model tiny --csv new.csv > out.txt || fail "exit status $?"
[ "$(stat -c %a new.csv)" = 640 ] || fail "new.csv is $(stat -c %a new.csv), expected 640 (umask 027)"
]])
# A FIFO (or a character device such as /dev/stdout) is written to, as a shell redirection
# would, never replaced by a regular file.
output_test(ch06_csv_into_fifo [[
mkfifo lens.csv
timeout 20 cat lens.csv > got.csv &
"$BIN/ch06_logit_lens" --model tiny --csv lens.csv > out.txt || fail "exit status $?"
wait
[ -p lens.csv ] || fail "the FIFO lens.csv was replaced by a regular file"
head -n 1 got.csv | grep -q "^state,position," || fail "the CSV did not come through the FIFO"
expect_no_temps .
]])
# A file-size limit (ulimit -f): SIGXFSZ used to kill the program and leave the temporary
# behind. Now the write fails with EFBIG: one line, exit 1, the target untouched, no temporary.
output_test(ch06_html_file_size_limit [[
echo old > big.html
expect_error 1 "^ch06_logit_lens: error: --html big.html: cannot write \(File too large\)$" out.txt sh -c 'ulimit -f 1 && exec "$0" "$@"' "$BIN/ch06_logit_lens" --model tiny --html big.html
expect_content big.html old
expect_no_temps .
]])
output_test(ch05_stdout_file_size_limit [[
expect_error 1 "^ch05_hidden_states: error: cannot write to standard output: File too large$" /dev/null sh -c 'ulimit -f 1 && exec "$0" "$@" > big.txt' "$BIN/ch05_hidden_states" --model tiny
]])
# --csv /dev/stdout with stdout redirected to a file: the CSV and then the JSON both land
# in the file (replacing the file would send the JSON to an unlinked inode).
output_test(ch06_csv_to_stdout_redirected_to_file [[
"$BIN/ch06_logit_lens" --model tiny --json --csv /dev/stdout > both.txt || fail "exit status $?"
head -n 1 both.txt | grep -q "^state,position," || fail "no CSV at the start of both.txt"
tail -n 1 both.txt | grep -q '^{"ln_f":' || fail "no JSON at the end of both.txt"
]])
