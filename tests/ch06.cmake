# tests/ch06.cmake — ch06_logit_lens from the command line: bad input is one line on stderr
# with a non-zero exit status and nothing on stdout; --csv/--json/--html work; and the HTML
# heatmap opens in headless Chromium without a JavaScript error (scripts/render-heatmap).
#
# This one file plays two parts:
#   * included by tests/CMakeLists.txt, it registers the ctest entries below;
#   * run as `cmake -DEXPECT_RC=.. [-DSTDERR_REGEX=..] [-DSTDOUT_REGEX=..] -P ch06.cmake --
#     PROGRAM ARGS...` it runs one command and checks the exit status; for a failure also
#     an empty stdout and exactly one stderr line matching STDERR_REGEX; for a success
#     stdout against STDOUT_REGEX. An argument "<empty>" is passed as "" (CMake drops
#     empty arguments from add_test).

if(CMAKE_SCRIPT_MODE_FILE)  # ---- checker mode: cmake -P ------------------------------
  # CMake drops empty list elements, so the command is run from generated code in which
  # every argument is a bracket argument (and "<empty>" becomes [==[]==]).
  set(call "execute_process(COMMAND")
  set(cmd)
  set(after_dashes FALSE)
  math(EXPR last "${CMAKE_ARGC} - 1")
  foreach(i RANGE ${last})
    set(arg "${CMAKE_ARGV${i}}")
    if(after_dashes)
      if(arg STREQUAL "<empty>")
        set(arg "")
      endif()
      string(APPEND call " [==[${arg}]==]")
      string(APPEND cmd " '${arg}'")
    elseif(arg STREQUAL "--")
      set(after_dashes TRUE)
    endif()
  endforeach()
  cmake_language(EVAL CODE "${call} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)")
  set(report "command:${cmd}\nexit status: ${rc}\n--- stdout:\n${out}--- stderr:\n${err}---")
  if(NOT rc STREQUAL EXPECT_RC)
    message(FATAL_ERROR "expected exit status ${EXPECT_RC}\n${report}")
  endif()
  if(EXPECT_RC STREQUAL "0")
    if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
      message(FATAL_ERROR "expected stdout to match ${STDOUT_REGEX}\n${report}")
    endif()
    return()
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "expected nothing on stdout\n${report}")
  endif()
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected exactly one line on stderr, got ${n}\n${report}")
  endif()
  if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
    message(FATAL_ERROR "expected stderr to match ${STDERR_REGEX}\n${report}")
  endif()
  return()
endif()

# ---- registration mode ------------------------------------------------------------------
if(NOT TARGET ch06_logit_lens)
  return()
endif()
set(_ch06_bin ${CMAKE_BINARY_DIR}/bin/ch06_logit_lens)
set(_ch06_self ${CMAKE_CURRENT_LIST_FILE})
set(_ch06_tmp ${CMAKE_BINARY_DIR}/ch06_tmp)
file(MAKE_DIRECTORY ${_ch06_tmp})

# ch06_cli(name EXPECT_RC n [STDERR_REGEX r] [STDOUT_REGEX r] ARGS ...)
function(ch06_cli name)
  cmake_parse_arguments(T "" "EXPECT_RC;STDERR_REGEX;STDOUT_REGEX" "ARGS" ${ARGN})
  set(defs -DEXPECT_RC=${T_EXPECT_RC})
  foreach(key STDERR_REGEX STDOUT_REGEX)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${defs} -P ${_ch06_self} -- ${_ch06_bin} ${T_ARGS})
endfunction()

# 65 tokens: one more than the tiny model's n_positions (64); 64 fit, but not with BOS.
string(REPEAT " a" 65 _ch06_65)
string(REPEAT " a" 64 _ch06_64)

# -- bad input -------------------------------------------------------------------------------
ch06_cli(ch06_cli_unknown_flag EXPECT_RC 2 STDERR_REGEX "no-such-flag" ARGS --model tiny --no-such-flag)
ch06_cli(ch06_cli_unknown_metric EXPECT_RC 1 STDERR_REGEX "unknown metric 'logit'.*prob, rank, kl, entropy, norm"
         ARGS --model tiny --metric logit)
ch06_cli(ch06_cli_unknown_ln_f EXPECT_RC 2 STDERR_REGEX "ln-f" ARGS --model tiny --ln-f twice)
ch06_cli(ch06_cli_top_k_zero EXPECT_RC 1 STDERR_REGEX "--top-k must be between 1 and 50257, got 0"
         ARGS --model tiny --top-k 0)
ch06_cli(ch06_cli_top_k_above_vocabulary EXPECT_RC 1 STDERR_REGEX "--top-k must be between 1 and 50257, got 50258"
         ARGS --model tiny --top-k 50258)
ch06_cli(ch06_cli_empty_prompt EXPECT_RC 1 STDERR_REGEX "empty" ARGS --model tiny --prompt <empty>)
ch06_cli(ch06_cli_prompt_too_long EXPECT_RC 1 STDERR_REGEX "65 tokens.*64" ARGS --model tiny --prompt "${_ch06_65}")
ch06_cli(ch06_cli_prompt_too_long_with_bos EXPECT_RC 1 STDERR_REGEX "65 tokens \\(<\\|endoftext\\|> included\\).*64"
         ARGS --model tiny --prepend-bos --prompt "${_ch06_64}")
ch06_cli(ch06_cli_position_out_of_range EXPECT_RC 1 STDERR_REGEX "--position 5 is out of range.*5 tokens \\(0 \\.\\. 4"
         ARGS --model tiny --position 5)
ch06_cli(ch06_cli_position_too_negative EXPECT_RC 1 STDERR_REGEX "--position -6 is out of range"
         ARGS --model tiny --position -6)
ch06_cli(ch06_cli_html_unwritable EXPECT_RC 1 STDERR_REGEX "--html ${_ch06_tmp}/no/such/dir/lens.html: cannot write"
         ARGS --model tiny --html ${_ch06_tmp}/no/such/dir/lens.html)
ch06_cli(ch06_cli_csv_unwritable EXPECT_RC 1 STDERR_REGEX "--csv ${_ch06_tmp}/no/such/dir/lens.csv: cannot write"
         ARGS --model tiny --csv ${_ch06_tmp}/no/such/dir/lens.csv)

# -- what works --------------------------------------------------------------------------------
ch06_cli(ch06_cli_help EXPECT_RC 0 STDOUT_REGEX "--metric.*--ln-f.*--prepend-bos.*--no-color.*--html.*--csv.*--json"
         ARGS --help)
ch06_cli(ch06_cli_full_context EXPECT_RC 0 STDOUT_REGEX "3 hidden states x 64 positions"
         ARGS --model tiny --prompt "${_ch06_64}")
# (In the regex "." stands for "[" and "]": unbalanced brackets would break CMake's lists.)
ch06_cli(ch06_cli_json EXPECT_RC 0
         STDOUT_REGEX "^{\"ln_f\":\"none\",\"prepend_bos\":true,\"input_ids\":.50256,770,5041,314,1410,284.,\"tokens\":.\"<.endoftext.>\",\" This\",.*\"hidden_states\":..\"index\":0,\"top_k\":..\"ids\":.[0-9]+,[0-9]+.,\"logits\":.*\"probs\":.*\"tokens\":.*\"final_top1_prob\":.*\"final_top1_rank\":.*\"entropy\":.*\"kl_to_final\":.*\"index\":2,.*\"kl_to_final\":.0.0,0.0,0.0,0.0,0.0,0.0.,\"norm\""
         ARGS --model tiny --json --ln-f none --prepend-bos --top-k 2)
ch06_cli(ch06_cli_position_first EXPECT_RC 0 STDOUT_REGEX "Top-2 of each state at position 0 \\(after <\\|endoftext\\|>\\)"
         ARGS --model tiny --prepend-bos --position 0 --top-k 2)
ch06_cli(ch06_cli_writes_csv EXPECT_RC 0 STDOUT_REGEX "Logit lens on tiny"
         ARGS --model tiny --csv ${_ch06_tmp}/lens.csv)

# -- the HTML heatmap in a real browser ----------------------------------------------------
# Writes the heatmap for --model tiny, then scripts/render-heatmap opens it in headless
# Chromium: a JavaScript error, a script that did not finish, or a blank screenshot fails.
# Without Chromium the script exits 77 and ctest reports SKIPPED (CI installs chromium).
add_test(NAME ch06_heatmap_renders_in_chromium
         COMMAND bash -c "set -e; '${_ch06_bin}' --model tiny --prompt 'Once upon a time, there was a little robot who <loved> \"books\" & tea' --prepend-bos --html '${_ch06_tmp}/lens.html' --no-color > /dev/null; exec '${CMAKE_SOURCE_DIR}/scripts/render-heatmap' '${_ch06_tmp}/lens.html' '${_ch06_tmp}/lens.png'")
set_tests_properties(ch06_heatmap_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# The check itself is checked: a page whose script throws must fail render-heatmap (exit 1,
# with the error named), not pass. Also skipped without Chromium.
file(WRITE ${_ch06_tmp}/broken.html
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>broken</title></head><body><p>broken page</p>"
  "<script>document.body.setAttribute('data-ready','1'); undefinedFunction();</script></body></html>\n")
add_test(NAME ch06_render_heatmap_catches_js_errors
         COMMAND bash -c "'${CMAKE_SOURCE_DIR}/scripts/render-heatmap' '${_ch06_tmp}/broken.html' '${_ch06_tmp}/broken.png' 2>&1; rc=$?; if [ $rc = 77 ]; then exit 77; fi; [ $rc = 1 ]")
set_tests_properties(ch06_render_heatmap_catches_js_errors PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                     PASS_REGULAR_EXPRESSION "JavaScript error or console message in .*broken\\.html.*undefinedFunction")
