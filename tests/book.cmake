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
# book_check exits 77 when it skipped every block (only models that are not downloaded):
# reported as skipped, never as passed.
set_tests_properties(book_outputs golden_outputs PROPERTIES SKIP_RETURN_CODE 77)

# The checker checks itself on fixtures (tests/golden/fixtures/): NAME passes when
# book_check's verdict on FIXTURE is `accepts` or `rejects`, as stated.
function(book_check_fixture name verdict fixture)
  add_test(NAME ${name}
           COMMAND book_check --bin-dir ${_book_check_bin} ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/${fixture})
  if(verdict STREQUAL "rejects")
    set_tests_properties(${name} PROPERTIES WILL_FAIL TRUE)
  endif()
endfunction()

# A correct fixture passes (and exercises the shell-like quoting); a deliberately wrong
# one must fail, and must fail with a diff naming file:line.
book_check_fixture(book_check_accepts_matching_fixture accepts matching_output.md)
book_check_fixture(book_check_rejects_wrong_fixture rejects wrong_output.md)
# A block naming a bundled model (here: teaching) is checked, not skipped as "not downloaded".
book_check_fixture(book_check_checks_bundled_model_blocks rejects bundled_model_wrong_output.md)
add_test(NAME book_check_reports_diff
         COMMAND book_check --bin-dir ${_book_check_bin}
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/wrong_output.md)
set_tests_properties(book_check_reports_diff PROPERTIES
  PASS_REGULAR_EXPRESSION "wrong_output\\.md:[0-9]+: output of `book_check --echo[^`]*` differs.*\n +-\\[this line is wrong\\]\n +\\+\\[world\\]")

# Floats may differ in their last digits (BLAS kernels differ between CPUs); integers,
# and floats that really changed, may not.
book_check_fixture(book_check_accepts_float_rounding accepts float_rounding.md)
book_check_fixture(book_check_rejects_changed_integer rejects integer_changed.md)
book_check_fixture(book_check_rejects_changed_float rejects float_changed.md)
# `<!-- output ±1e-5: … -->`: floats that are noise (chapter 7's differences) may differ by
# that much absolute, and not more; without the marker the same numbers are rejected.
# `<!-- listing: FILE -->`: a code listing must be a verbatim excerpt of FILE.
book_check_fixture(book_check_accepts_verbatim_listing accepts listing_match.md)
book_check_fixture(book_check_rejects_stale_listing rejects listing_changed.md)
book_check_fixture(book_check_accepts_noise_within_marker_tolerance accepts noise_within_marker_tolerance.md)
book_check_fixture(book_check_rejects_noise_beyond_marker_tolerance rejects noise_beyond_marker_tolerance.md)
# Numbers quoted in the prose (<!-- quotes: N... from: CMD -->): in the text and in the
# output, as whole numbers; a prefix ("3.1" of "3.14") does not count.
book_check_fixture(book_check_accepts_quoted_numbers accepts quotes_match.md)
book_check_fixture(book_check_rejects_changed_quote rejects quotes_changed.md)
book_check_fixture(book_check_rejects_quote_missing_from_text rejects quotes_not_in_text.md)

# The map of common/ in book/README.md has a paragraph per folder, naming each of its headers
# (tests/scripts/check_common_map.cmake).
add_test(NAME book_map_of_common
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_common_map.cmake)
# The chapter table's cell lists in book/README.md are the pages' own (check_book_cells.cmake).
add_test(NAME book_cell_lists_agree
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_book_cells.cmake)

# `<!-- model: NAME KEY=N ... trained|random -->`: a page's facts about a bundled model are the
# model's (config.json, GENERATED_BY.json) and are what the paragraph says.
book_check_fixture(book_check_accepts_true_model_facts accepts model_facts_match.md)
book_check_fixture(book_check_rejects_wrong_layer_count rejects model_facts_wrong_layers.md)
book_check_fixture(book_check_rejects_model_fact_missing_from_text rejects model_facts_not_in_text.md)
book_check_fixture(book_check_rejects_random_model_called_trained rejects model_facts_wrong_trained.md)

# --skip-program NAME (the kernel matrix's): NAME's blocks are not run, and are counted as
# skipped — here the one block of a fixture that would fail if it ran.
add_test(NAME book_check_skip_program_does_not_run_its_blocks
         COMMAND book_check --bin-dir ${_book_check_bin} --skip-program book_check
                 ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/wrong_output.md)
set_tests_properties(book_check_skip_program_does_not_run_its_blocks PROPERTIES
  PASS_REGULAR_EXPRESSION "^0 blocks checked, [1-9][0-9]* skipped \\(1 markdown file\\)")

# Paths a page names must exist (book_check's check_paths): links from the page's folder,
# paths into the code from the repository's root. Shown on fixtures, then on every markdown
# file of the repository (README, book, homework, fuzz, data, ...; not the build folders, nor
# the fixtures, which are wrong on purpose).
book_check_fixture(book_check_accepts_paths_that_exist accepts paths_resolve.md)
add_test(NAME book_check_rejects_stale_paths
         COMMAND book_check --paths-only ${CMAKE_SOURCE_DIR}/tests/golden/fixtures/paths_stale.md)
set_tests_properties(book_check_rejects_stale_paths PROPERTIES
  PASS_REGULAR_EXPRESSION "paths_stale\\.md:3: common/attention\\.hpp does not exist \\(from the repository's root\\).*paths_stale\\.md:5: no_such_page\\.md does not exist \\(a link")
file(GLOB _all_markdown CONFIGURE_DEPENDS RELATIVE ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/*.md
     ${CMAKE_SOURCE_DIR}/*/*.md ${CMAKE_SOURCE_DIR}/*/*/*.md ${CMAKE_SOURCE_DIR}/*/*/*/*.md)
list(FILTER _all_markdown EXCLUDE REGEX "^(build[^/]*|\\.[^/]*|tests/golden/fixtures)/|/CMakeFiles/")
list(TRANSFORM _all_markdown PREPEND ${CMAKE_SOURCE_DIR}/)
add_test(NAME repository_paths_resolve COMMAND book_check --paths-only ${_all_markdown})
