# cmake -DSTARTERS=<homework_starters> -DSRC=<repository root> -P check_starters_fail.cmake
#
# The ctest entry homework_starters_fail_until_solved: the exercises in homework/, as
# shipped, must FAIL their tests — that proves each test really catches an unwritten
# exercise. Passes (exit 0) when they fail; fails with an explanation when they all pass,
# which is what happens once a learner has solved every exercise.
execute_process(COMMAND "${STARTERS}" --reporter compact
                WORKING_DIRECTORY "${SRC}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(_rc EQUAL 0)
  message(FATAL_ERROR
    "every homework test passes with the files in homework/: either you have solved every "
    "exercise (well done: this check expects the untouched starters, so it turns red now; "
    "`git stash` or `git checkout homework/` puts them back, and `make homework` keeps "
    "testing yours), or a test no longer catches an unwritten exercise (for authors: "
    "each starter must fail its test).")
endif()
string(REGEX MATCH "[^\n]*test case[^\n]*" _summary "${_out}")
message(STATUS "the untouched starters fail their tests, as they must (${_summary})")
