# cmake -DSRC=<repository root> -DWORK=<scratch folder> -P check_include_layers_planted.cmake
#
# The include-layer check must fail on a back-include: on a copy of common/, plant one at a
# time, each of which must be refused with its own message, and check that the untouched copy
# passes (so it is the plant that fails).
cmake_minimum_required(VERSION 3.18)  # IN_LIST, as the build itself
set(_check "${CMAKE_CURRENT_LIST_DIR}/check_include_layers.cmake")
# file to plant in | the line | what the refusal must say
set(_plants
  "model/attention.hpp|#include \"display/ansi_grid.hpp\"|common/model/attention.hpp includes \"display/ansi_grid.hpp\": model/ may include only support/, text/, model/"
  "support/error.cpp|#include \"text/tokenizer.hpp\"|common/support/error.cpp includes \"text/tokenizer.hpp\": support/ may include only support/"
  "lens/logit_lens.cpp|#include \"generate/sampler.hpp\"|lens/ may include only support/, text/, model/, lens/"
  "text/batch.hpp|#include \"batch.hpp\"|includes \"batch.hpp\": name the folder"
  "model/mlp.cpp|#include \"model/no_such_file.hpp\"|includes \"model/no_such_file.hpp\", which does not exist")

function(run_check root out_rc out_text)
  execute_process(COMMAND ${CMAKE_COMMAND} -DSRC=${root} -P ${_check}
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _o ERROR_VARIABLE _e)
  set(${out_rc} ${_rc} PARENT_SCOPE)
  set(${out_text} "${_o}${_e}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${SRC}/common" DESTINATION "${WORK}")
run_check("${WORK}" _rc _text)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the untouched copy of common/ already fails the check:\n${_text}")
endif()

set(_n 0)
foreach(_plant ${_plants})
  string(REPLACE "|" ";" _p "${_plant}")
  list(GET _p 0 _file)
  list(GET _p 1 _line)
  list(GET _p 2 _expect)
  file(READ "${SRC}/common/${_file}" _original)
  file(WRITE "${WORK}/common/${_file}" "${_original}\n${_line}\n")
  run_check("${WORK}" _rc _text)
  file(WRITE "${WORK}/common/${_file}" "${_original}")
  string(FIND "${_text}" "${_expect}" _at)
  if(_rc EQUAL 0 OR _at EQUAL -1)
    message(FATAL_ERROR "planting '${_line}' in common/${_file} was not refused as expected (exit ${_rc}); "
                        "expected to read: ${_expect}\ngot:\n${_text}")
  endif()
  math(EXPR _n "${_n} + 1")
endforeach()
file(REMOVE_RECURSE "${WORK}")
message(STATUS "each of ${_n} planted includes was refused")
