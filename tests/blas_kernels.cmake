# The book's outputs, the golden outputs and the reference tests again, under each family of
# OpenBLAS kernels a learner's x86-64 CPU may get, with 1 and 2 threads
# (tests/with_blas_kernels.sh; a family this CPU cannot run is reported as skipped). Their
# float figures differ in the last digits from one family to the next; what is printed and
# checked must not. Label blas_kernels: `ctest -L blas_kernels` runs only these.
set(_blas_probe $<TARGET_FILE:ch05_hidden_states>)
set(_blas_bin $<TARGET_FILE_DIR:book_check>)
foreach(core Prescott Haswell Zen SkylakeX)
  foreach(threads 1 2)
    set(_prefix "blas_kernels:${core}:${threads}_thread")
    set(_run ${CMAKE_CURRENT_SOURCE_DIR}/with_blas_kernels.sh ${core} ${threads} ${_blas_probe})
    add_test(NAME ${_prefix}:book_outputs
             COMMAND ${_run} $<TARGET_FILE:book_check> --bin-dir ${_blas_bin} ${CMAKE_SOURCE_DIR}/book
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    add_test(NAME ${_prefix}:golden_outputs
             COMMAND ${_run} $<TARGET_FILE:book_check> --bin-dir ${_blas_bin} ${CMAKE_SOURCE_DIR}/tests/golden
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set(_names ${_prefix}:book_outputs ${_prefix}:golden_outputs)
    foreach(t test_reference_model test_attention_reference test_block_walk test_float_noise)
      add_test(NAME ${_prefix}:${t} COMMAND ${_run} $<TARGET_FILE:${t}> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
      list(APPEND _names ${_prefix}:${t})
    endforeach()
    set_tests_properties(${_names} PROPERTIES SKIP_RETURN_CODE 77 LABELS blas_kernels)
  endforeach()
endforeach()
