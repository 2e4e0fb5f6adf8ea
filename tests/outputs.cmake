# tests/outputs.cmake — what the programs do when an output cannot be written: a file given
# with --html/--csv, or standard output itself (a full disk, a file-size limit, a closed
# pipe). The contract (common/cli.hpp, common/atomic_file.hpp): exit status 1, exactly one
# line on stderr, nothing half-written, every existing output file untouched, no temporary
# file left behind.
#
# Each case is shell code run by tests/output_check.sh in a fresh scratch directory (its
# helpers: expect_error, expect_content, expect_no_temps, fail; $BIN is the bin directory).
# No ';' in the code (CMake would split it there): one command per line.
if(NOT TARGET ch06_logit_lens)
  return()
endif()

set(_outputs_tmp ${CMAKE_BINARY_DIR}/outputs_tmp)

function(output_test name script)
  add_test(NAME outputs:${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/output_check.sh ${CMAKE_BINARY_DIR}/bin ${_outputs_tmp}/${name}
                   "${script}")
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
