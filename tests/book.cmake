# tests/book.cmake — the printed outputs of the book and of the golden-output tests.
#
# book_check (tools/book_check.cpp) runs the command of every
#   <!-- output: PROGRAM ARGS -->
# marker and compares its stdout with the ```text block that follows (see
# tests/golden/README.md). Folders are scanned when the test runs, so a new .md file needs
# no re-configure.

set(_book_check_bin $<TARGET_FILE_DIR:book_check>)

# Every output block in the book (book/*.md). `make book` rewrites them with --update.
add_test(NAME book_outputs
         COMMAND book_check --bin-dir ${_book_check_bin} ${CMAKE_SOURCE_DIR}/book
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

# Golden outputs of the chapters (tests/golden/chNN_*.md).
add_test(NAME golden_outputs
         COMMAND book_check --bin-dir ${_book_check_bin} ${CMAKE_SOURCE_DIR}/tests/golden
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

# The checker checks itself: a correct fixture passes (and exercises the shell-like
# quoting), a deliberately wrong one must fail, and must fail with a diff naming file:line.
add_test(NAME book_check_accepts_matching_fixture
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/matching_output.md)
add_test(NAME book_check_rejects_wrong_fixture
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/wrong_output.md)
set_tests_properties(book_check_rejects_wrong_fixture PROPERTIES WILL_FAIL TRUE)
add_test(NAME book_check_reports_diff
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/wrong_output.md)
set_tests_properties(book_check_reports_diff PROPERTIES
  PASS_REGULAR_EXPRESSION "wrong_output\\.md:[0-9]+: output of `book_check --echo[^`]*` differs.*\n +-\\[this line is wrong\\]\n +\\+\\[world\\]")

# Floats may differ in their last digits (BLAS kernels differ between CPUs); integers may not.
add_test(NAME book_check_accepts_float_rounding
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/float_rounding.md)
add_test(NAME book_check_rejects_changed_integer
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/integer_changed.md)
set_tests_properties(book_check_rejects_changed_integer PROPERTIES WILL_FAIL TRUE)
add_test(NAME book_check_rejects_changed_float
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/float_changed.md)
set_tests_properties(book_check_rejects_changed_float PROPERTIES WILL_FAIL TRUE)
