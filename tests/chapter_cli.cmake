# tests/chapter_cli.cmake — the command lines of chapters 1 and 2, as a learner meets them:
# exit codes, one-line errors, --help, and the exact --json / --jsonl outputs.
#
# This one file plays two parts:
#   * included by tests/CMakeLists.txt, it registers the ctest entries below;
#   * run as `cmake -DEXPECT_RC=.. [-DEXPECT_STDOUT=..] [-DSTDOUT_REGEX=..]
#     [-DSTDERR_LINES=..] [-DSTDERR_REGEX=..] [-DSTDIN_FILE=..] -P chapter_cli.cmake -- PROGRAM ARGS...`
#     it runs one command (an argument written <empty> is passed as "") and checks it: exit status, stdout (exactly, trailing newline
#     aside, or by regex), and how many lines stderr has.
# ctest's own PASS_REGULAR_EXPRESSION cannot see the exit status, and "exit 2 with one
# line" is the point of these tests, hence the checker.

if(CMAKE_SCRIPT_MODE_FILE)  # ---- checker mode: cmake -P ------------------------------
  # CMake drops empty list elements, so an empty argument travels as "<empty>", and the
  # command is run from generated code in which every argument is a bracket argument.
  set(call "execute_process(COMMAND")
  set(shown)
  set(after_dashes FALSE)
  math(EXPR last "${CMAKE_ARGC} - 1")
  foreach(i RANGE ${last})
    set(arg "${CMAKE_ARGV${i}}")
    if(after_dashes)
      if(arg STREQUAL "<empty>")
        set(arg "")
      endif()
      string(APPEND call " [==[${arg}]==]")
      string(APPEND shown " '${arg}'")
    elseif(arg STREQUAL "--")
      set(after_dashes TRUE)
    endif()
  endforeach()
  if(NOT shown)
    message(FATAL_ERROR "chapter_cli.cmake: no command after --")
  endif()
  if(DEFINED STDIN_FILE)
    string(APPEND call " INPUT_FILE [==[${STDIN_FILE}]==]")
  endif()
  string(APPEND call " RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)\n")
  string(RANDOM LENGTH 12 tag)
  set(call_file "${CMAKE_CURRENT_BINARY_DIR}/chapter_cli_call_${tag}.cmake")
  file(WRITE "${call_file}" "${call}")
  include("${call_file}")
  file(REMOVE "${call_file}")
  set(report "command: ${shown}\nexit status: ${rc}\n--- stdout:\n${out}--- stderr:\n${err}---")
  if(NOT rc STREQUAL EXPECT_RC)
    message(FATAL_ERROR "expected exit status ${EXPECT_RC}\n${report}")
  endif()
  if(DEFINED EXPECT_STDOUT)
    string(REGEX REPLACE "\n$" "" got "${out}")
    if(NOT got STREQUAL EXPECT_STDOUT)
      message(FATAL_ERROR "expected stdout exactly:\n${EXPECT_STDOUT}\n${report}")
    endif()
  endif()
  if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
    message(FATAL_ERROR "expected stdout to match ${STDOUT_REGEX}\n${report}")
  endif()
  if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
    message(FATAL_ERROR "expected stderr to match ${STDERR_REGEX}\n${report}")
  endif()
  if(DEFINED STDERR_LINES)
    string(REGEX MATCHALL "\n" newlines "${err}")
    list(LENGTH newlines n)
    if(NOT n EQUAL STDERR_LINES)
      message(FATAL_ERROR "expected ${STDERR_LINES} line(s) on stderr, got ${n}\n${report}")
    endif()
  endif()
  message(STATUS "ok: ${shown}")
  return()
endif()

# ---- registration mode: included from tests/CMakeLists.txt ------------------------
if(NOT TARGET ch01_tokenizer OR NOT TARGET ch02_padding)
  return()
endif()

set(_cli_script ${CMAKE_CURRENT_LIST_FILE})

# chapter_cli_test(NAME name PROGRAM target ARGS ... [EXPECT_RC n] [EXPECT_STDOUT s | EMPTY_STDOUT]
#                  [STDOUT_REGEX r] [STDERR_REGEX r] [STDERR_LINES n] [STDIN_FILE f])
function(chapter_cli_test)
  cmake_parse_arguments(T "EMPTY_STDOUT" "NAME;PROGRAM;EXPECT_RC;EXPECT_STDOUT;STDOUT_REGEX;STDERR_REGEX;STDERR_LINES;STDIN_FILE"
                        "ARGS" ${ARGN})
  if(NOT DEFINED T_EXPECT_RC)
    set(T_EXPECT_RC 0)
  endif()
  set(defs -DEXPECT_RC=${T_EXPECT_RC})
  if(T_EMPTY_STDOUT)
    list(APPEND defs "-DEXPECT_STDOUT=")
  endif()
  foreach(key EXPECT_STDOUT STDOUT_REGEX STDERR_REGEX STDERR_LINES STDIN_FILE)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  add_test(NAME ${T_NAME}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${_cli_script} -- $<TARGET_FILE:${T_PROGRAM}> ${T_ARGS})
endfunction()

# Inputs for --jsonl: good lines (one of them the empty text), and a file whose line 2 is
# not a JSON string.
set(_cli_data ${CMAKE_CURRENT_BINARY_DIR}/chapter_cli)
file(WRITE ${_cli_data}/texts.jsonl "\"Hi\"\n\"This weekend I plan to\"\n\"\"\n\"<|endoftext|>\"\n")
file(WRITE ${_cli_data}/bad_line_2.jsonl "\"Hi\"\nHi\n\"fine\"\n")

# -- chapter 1 ---------------------------------------------------------------------------
chapter_cli_test(NAME ch01_cli_json_notebook_phrase PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "This weekend I plan to" --json
  EXPECT_STDOUT [=[{"input_ids":[770,5041,314,1410,284],"tokens":[" This"," weekend"," I"," plan"," to"],"pieces":["ĠThis","Ġweekend","ĠI","Ġplan","Ġto"]}]=])
chapter_cli_test(NAME ch01_cli_json_default_prompt PROGRAM ch01_tokenizer
  ARGS --model tiny --json
  STDOUT_REGEX [[^{"input_ids":\[770,5041,314,1410,284\],]])
chapter_cli_test(NAME ch01_cli_no_prefix_space PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt This --no-prefix-space --json
  EXPECT_STDOUT [=[{"input_ids":[1212],"tokens":["This"],"pieces":["This"]}]=])
chapter_cli_test(NAME ch01_cli_endoftext_is_special PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "<|endoftext|>" --json
  EXPECT_STDOUT [=[{"input_ids":[50256],"tokens":["<|endoftext|>"],"pieces":["<|endoftext|>"]}]=])
chapter_cli_test(NAME ch01_cli_special_as_text PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "<|endoftext|>" --special-as-text --json
  STDOUT_REGEX [[^{"input_ids":\[1279,91,437,1659,5239,91,29\],]])
chapter_cli_test(NAME ch01_cli_empty_prompt_is_empty_list PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt <empty> --json
  EXPECT_STDOUT [=[{"input_ids":[],"tokens":[],"pieces":[]}]=])
chapter_cli_test(NAME ch01_cli_decode PROGRAM ch01_tokenizer
  ARGS --model tiny --decode 770 5041 314 1410 284 764 --json
  EXPECT_STDOUT [=[{"text":" This weekend I plan to.","input_ids":[770,5041,314,1410,284,764],"tokens":[" This"," weekend"," I"," plan"," to","."],"pieces":["ĠThis","Ġweekend","ĠI","Ġplan","Ġto","Ġ."]}]=])
chapter_cli_test(NAME ch01_cli_decode_bad_id PROGRAM ch01_tokenizer
  ARGS --model tiny --decode 50257
  EXPECT_RC 1 STDERR_LINES 1 STDERR_REGEX "50257" EMPTY_STDOUT)
chapter_cli_test(NAME ch01_cli_jsonl_file PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/texts.jsonl
  EXPECT_STDOUT "[15902]\n[770,5041,314,1410,284]\n[]\n[50256]")
chapter_cli_test(NAME ch01_cli_jsonl_stdin PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl - STDIN_FILE ${_cli_data}/texts.jsonl
  EXPECT_STDOUT "[15902]\n[770,5041,314,1410,284]\n[]\n[50256]")
chapter_cli_test(NAME ch01_cli_jsonl_bad_line PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/bad_line_2.jsonl
  EXPECT_RC 1 STDERR_LINES 1 STDERR_REGEX "line 2: " EMPTY_STDOUT)
chapter_cli_test(NAME ch01_cli_jsonl_missing_file PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/no_such_file.jsonl
  EXPECT_RC 1 STDERR_LINES 1 STDERR_REGEX "cannot open")
chapter_cli_test(NAME ch01_cli_json_and_jsonl_conflict PROGRAM ch01_tokenizer
  ARGS --model tiny --json --jsonl -
  EXPECT_RC 2 STDERR_LINES 1)
chapter_cli_test(NAME ch01_cli_unknown_flag PROGRAM ch01_tokenizer
  ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_LINES 1 STDERR_REGEX "no-such-flag" EMPTY_STDOUT)
chapter_cli_test(NAME ch01_cli_help PROGRAM ch01_tokenizer
  ARGS --help
  STDOUT_REGEX "--prompt.*--no-prefix-space.*--special-as-text.*--decode.*--json.*--jsonl")
chapter_cli_test(NAME ch01_cli_unknown_model PROGRAM ch01_tokenizer
  ARGS --model /no/such/model
  EXPECT_RC 1 STDERR_LINES 1)

# -- chapter 2 ---------------------------------------------------------------------------
chapter_cli_test(NAME ch02_cli_json_notebook_batch PROGRAM ch02_padding
  ARGS --model tiny --json
  EXPECT_STDOUT [=[{"input_ids":[[50256,50256,50256,50256,15902],[770,5041,314,1410,284]],"attention_mask":[[0,0,0,0,1],[1,1,1,1,1]]}]=])
chapter_cli_test(NAME ch02_cli_json_right PROGRAM ch02_padding
  ARGS --model tiny --right --json
  EXPECT_STDOUT [=[{"input_ids":[[15902,50256,50256,50256,50256],[770,5041,314,1410,284]],"attention_mask":[[1,0,0,0,0],[1,1,1,1,1]]}]=])
chapter_cli_test(NAME ch02_cli_prompts_replace_default PROGRAM ch02_padding
  ARGS --model tiny --prompt Hi --prompt <empty> --json
  EXPECT_STDOUT [=[{"input_ids":[[15902],[50256]],"attention_mask":[[1],[0]]}]=])
chapter_cli_test(NAME ch02_cli_shape PROGRAM ch02_padding
  ARGS --model tiny
  STDOUT_REGEX "input_ids.shape: \\[2, 5\\]")
chapter_cli_test(NAME ch02_cli_all_empty_prompts PROGRAM ch02_padding
  ARGS --model tiny --prompt <empty>
  EXPECT_RC 1 STDERR_LINES 1 EMPTY_STDOUT)
chapter_cli_test(NAME ch02_cli_unknown_flag PROGRAM ch02_padding
  ARGS --model tiny --left
  EXPECT_RC 2 STDERR_LINES 1 STDERR_REGEX "--left" EMPTY_STDOUT)
chapter_cli_test(NAME ch02_cli_help PROGRAM ch02_padding
  ARGS --help
  STDOUT_REGEX "--prompt.*--right.*--json")
