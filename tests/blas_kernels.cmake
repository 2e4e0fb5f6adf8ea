# The book's outputs, the golden outputs and the reference tests again, under each family of
# OpenBLAS kernels a learner's x86-64 CPU may get, with 1 and 2 threads
# (tests/with_blas_kernels.sh; a family this CPU cannot run is reported as skipped). Their
# float figures differ in the last digits from one family to the next; what is printed and
# checked must not. Label blas_kernels: `ctest -L blas_kernels` runs only these (60 tests,
# 5 min of CPU time here, 2m29s of wall time on two quiet cores), `ctest -LE blas_kernels` all but these. Not in the sanitizer
# build (make check-sanitize): it looks for memory errors, which kernels do not change,
# and the matrix would run eight times over under it.
if(GPT2_SANITIZE)
  return()
endif()
set(_blas_probe $<TARGET_FILE:ch05_hidden_states>)
set(_blas_bin $<TARGET_FILE_DIR:book_check>)
# ch01_tokenizer and ch02_padding multiply no matrices (ch01 loads the model only to count
# its parameters): their outputs cannot depend on the kernels, and book_outputs and
# golden_outputs check them once. Leaving them out here saves 36 of the 90 blocks, 8 times.
set(_blas_skip --skip-program ch01_tokenizer --skip-program ch02_padding)
foreach(core Prescott Haswell Zen SkylakeX)
  foreach(threads 1 2)
    set(_prefix "blas_kernels:${core}:${threads}_thread")
    set(_run ${CMAKE_CURRENT_SOURCE_DIR}/with_blas_kernels.sh ${core} ${threads} ${_blas_probe})
    # Chapter 8's blocks run 16 windows through six experiments (~9 s on two quiet cores, 4× that
    # on one core with Prescott's kernels): they are checked under the two families furthest from
    # this CPU's default, one thread each, as test_position_zero_reference is below, and left out
    # of the other six configurations (the matrix would otherwise cost 790 s·proc instead of ~330).
    set(_book_skip ${_blas_skip})
    if(NOT (threads EQUAL 1 AND core MATCHES "^(Prescott|SkylakeX)$"))
      list(APPEND _book_skip --skip-program ch08_position_zero)
    endif()
    add_test(NAME ${_prefix}:book_outputs
             COMMAND ${_run} $<TARGET_FILE:book_check> --bin-dir ${_blas_bin} ${_book_skip} ${CMAKE_SOURCE_DIR}/book
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    add_test(NAME ${_prefix}:golden_outputs
             COMMAND ${_run} $<TARGET_FILE:book_check> --bin-dir ${_blas_bin} ${_blas_skip} ${CMAKE_SOURCE_DIR}/tests/golden
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set(_names ${_prefix}:book_outputs ${_prefix}:golden_outputs)
    # test_kv_cache: the cached and the recomputed logits stay within 1e-5 whichever kernels
    # multiply (the cached step multiplies one row, the recomputation all of them).
    foreach(t test_reference_model test_attention_reference test_block_walk test_float_noise test_kv_cache)
      add_test(NAME ${_prefix}:${t} COMMAND ${_run} $<TARGET_FILE:${t}> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
      list(APPEND _names ${_prefix}:${t})
    endforeach()
    # Chapter 8 against its reference (two full ch08 --json, ~15 s a run) and chapter 9's greedy
    # continuations against theirs, with the cache (~5 s): the two families furthest from this
    # CPU's default (Haswell, and Zen, which shares its kernels), one thread.
    if(threads EQUAL 1 AND core MATCHES "^(Prescott|SkylakeX)$")
      foreach(pair "test_position_zero_reference|ch08_position_zero --json*"
                   "test_generate_reference|greedy with the KV cache*")
        string(REPLACE "|" ";" pair "${pair}")
        list(GET pair 0 t)
        list(GET pair 1 filter)
        if(TARGET ${t})
          add_test(NAME ${_prefix}:${t} COMMAND ${_run} $<TARGET_FILE:${t}> "${filter}"
                   WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
          list(APPEND _names ${_prefix}:${t})
        endif()
      endforeach()
    endif()
    set_tests_properties(${_names} PROPERTIES SKIP_RETURN_CODE 77 LABELS blas_kernels)
  endforeach()
endforeach()

# The wrapper itself (any build): a kernel family the CPU lacks is skipped, exit 77, and the
# command never runs (`false` would exit 1). CPUINFO points it at a made-up older CPU.
foreach(case "sse3_only;Haswell" "sse3_only;Zen" "sse3_only;SkylakeX" "avx2_only;SkylakeX")
  list(GET case 0 _cpu)
  list(GET case 1 _core)
  add_test(NAME blas_kernels_wrapper_skips_${_core}_on_${_cpu}
           COMMAND sh -c "CPUINFO='${CMAKE_CURRENT_SOURCE_DIR}/data/cpuinfo_${_cpu}' '${CMAKE_CURRENT_SOURCE_DIR}/with_blas_kernels.sh' ${_core} 1 /nonexistent false; test $? -eq 77")
endforeach()
