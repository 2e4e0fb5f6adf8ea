# tests/hostile_oom.cmake — the chapters under address-space limits (`ulimit -v`, issue 14
# §2): each run ends within seconds, either normally or with exit 1 and one line on stderr
# saying what did not fit in memory — never a hang (OpenBLAS's threads used to retry a
# failed 128 MB allocation forever). tests/oom_check.sh runs each command line under
# several limits; sanitizer builds skip (ASan cannot run under `ulimit -v`).
# See common/support/memory_limit.hpp.
foreach(_oom_target ch01_tokenizer ch02_padding ch03_embeddings ch04_tied_head ch05_hidden_states
        ch06_logit_lens ch07_attention ch08_position_zero)
  if(NOT TARGET ${_oom_target})
    return()
  endif()
endforeach()

# name|program|arguments, space-separated (@TMP@: a scratch folder that must stay empty when a run fails)
set(_oom_cases
  "ch01|ch01_tokenizer|--model teaching"
  "ch02|ch02_padding|--model teaching"
  "ch03|ch03_embeddings|--model teaching"
  "ch04|ch04_tied_head|--model teaching"
  "ch05|ch05_hidden_states|--model teaching"
  "ch05_batch|ch05_hidden_states|--model teaching --batch"
  "ch06|ch06_logit_lens|--model teaching"
  "ch06_html|ch06_logit_lens|--model teaching --html @TMP@/lens.html"
  "ch07|ch07_attention|--model teaching"
  "ch07_html|ch07_attention|--model teaching --html @TMP@/attention.html"
  "ch08|ch08_position_zero|--model teaching --windows 2"
  "ch08_html|ch08_position_zero|--model teaching --windows 2 --html @TMP@/dimensions.html")
# Chapter 9 streams its text: whatever fails must fail before the first token is written. With
# the cache, everything a run allocates that grows (the cache itself) is allocated before then.
if(TARGET ch09_generate)
  list(APPEND _oom_cases "ch09|ch09_generate|--model teaching --max-new-tokens 8"
                         "ch09_json|ch09_generate|--model teaching --max-new-tokens 8 --json")
endif()
set(_oom_sanitize OFF)
if(GPT2_SANITIZE)
  set(_oom_sanitize ON)
endif()
foreach(_oom_case ${_oom_cases})
  string(REPLACE "|" ";" _oom_fields "${_oom_case}")
  string(REPLACE " " ";" _oom_fields "${_oom_fields}")
  list(GET _oom_fields 0 _oom_name)
  list(GET _oom_fields 1 _oom_prog)
  list(SUBLIST _oom_fields 2 -1 _oom_args)
  add_test(NAME hostile_oom:${_oom_name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/oom_check.sh ${_oom_sanitize} $<TARGET_FILE:${_oom_prog}>
                   ${_oom_args}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  # Nine limits, each under a 20 s watchdog (a run takes under a second when all is well).
  set_tests_properties(hostile_oom:${_oom_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
if(TARGET ch09_generate)  # a run that worked prints its timing line on stderr
  set_tests_properties(hostile_oom:ch09 PROPERTIES ENVIRONMENT "OOM_OK_STDERR=^time to first token: ")
endif()
