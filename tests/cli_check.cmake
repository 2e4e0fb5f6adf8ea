# tests/cli_check.cmake — the one checker behind every command-line test of the chapters
# (tests/chapter_cli.cmake, ch0304_cli.cmake, ch05_cli.cmake, ch06.cmake, model_errors.cmake).
#
# ctest's own PASS_REGULAR_EXPRESSION cannot see the exit status, and "exit 2 with one
# line" is the point of these tests, hence a checker. This file plays two parts:
#   * included by tests/CMakeLists.txt before the other tests/*.cmake files, it defines
#       cli_test(NAME name PROGRAM target ARGS ... [EXPECT_RC n] [EXPECT_STDOUT s]
#                [STDOUT_REGEX r] [STDERR_REGEX r] [STDIN_FILE f] [FIFO name])
#     which registers one ctest entry (EXPECT_RC defaults to 0);
#   * run as `cmake -DEXPECT_RC=.. [-DEXPECT_STDOUT=..] [-DSTDOUT_REGEX=..] [-DSTDERR_REGEX=..]
#     [-DSTDIN_FILE=..] -P cli_check.cmake -- PROGRAM ARGS...` it runs one command and checks:
#       - the exit status;
#       - stdout exactly (trailing newline aside) and/or by regex;
#       - stderr by regex;
#       - for any non-zero exit status, the contract of common/support/cli.hpp: nothing on stdout
#         and exactly one line on stderr, printable (no control characters) and at most
#         1500 bytes.
# An argument written <empty> is passed as "" (CMake drops empty arguments from add_test).
# <scratch> in an argument stands for a directory made afresh for this one run (mktemp -d)
# and removed after it, so that two test runs at once never share a path; FIFO name makes
# a FIFO of that name in it first.

if(CMAKE_SCRIPT_MODE_FILE)  # ---- checker mode: cmake -P ------------------------------
  # The command is run from generated code in which every argument is a bracket argument,
  # so that empty arguments and ';' survive.
  set(call "execute_process(COMMAND")
  set(shown)
  set(after_dashes FALSE)
  set(scratch)
  math(EXPR last "${CMAKE_ARGC} - 1")
  foreach(i RANGE ${last})
    set(arg "${CMAKE_ARGV${i}}")
    if(after_dashes)
      if(arg STREQUAL "<empty>")
        set(arg "")
      endif()
      if(arg MATCHES "<scratch>" AND NOT scratch)
        set(tmpdir "$ENV{TMPDIR}")
        if(NOT tmpdir)
          set(tmpdir /tmp)
        endif()
        execute_process(COMMAND mktemp -d "${tmpdir}/gpt2-cli.XXXXXX" OUTPUT_VARIABLE scratch
                        OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE mktemp_rc)
        if(NOT mktemp_rc EQUAL 0)
          message(FATAL_ERROR "cli_check.cmake: mktemp -d failed")
        endif()
        if(DEFINED FIFO)
          execute_process(COMMAND mkfifo "${scratch}/${FIFO}" RESULT_VARIABLE mkfifo_rc)
          if(NOT mkfifo_rc EQUAL 0)
            file(REMOVE_RECURSE "${scratch}")
            message(FATAL_ERROR "cli_check.cmake: mkfifo ${FIFO} failed")
          endif()
        endif()
      endif()
      string(REPLACE "<scratch>" "${scratch}" arg "${arg}")
      string(APPEND call " [==[${arg}]==]")
      string(APPEND shown " '${arg}'")
    elseif(arg STREQUAL "--")
      set(after_dashes TRUE)
    endif()
  endforeach()
  if(NOT shown)
    message(FATAL_ERROR "cli_check.cmake: no command after --")
  endif()
  if(DEFINED STDIN_FILE)
    string(APPEND call " INPUT_FILE [==[${STDIN_FILE}]==]")
  endif()
  cmake_language(EVAL CODE "${call} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)")
  if(scratch)
    file(REMOVE_RECURSE "${scratch}")
  endif()
  set(report "command:${shown}\nexit status: ${rc}\n--- stdout:\n${out}--- stderr:\n${err}---")
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
  if(NOT rc STREQUAL "0")
    if(NOT out STREQUAL "")
      message(FATAL_ERROR "expected nothing on stdout (exit status ${rc})\n${report}")
    endif()
    string(REGEX MATCHALL "\n" newlines "${err}")
    list(LENGTH newlines n)
    if(NOT n EQUAL 1)
      message(FATAL_ERROR "expected exactly one line on stderr (exit status ${rc}), got ${n}\n${report}")
    endif()
    # ... and that line printable (input it quotes is escaped: common/support/error.hpp) and bounded.
    string(ASCII 1 2 3 4 5 6 7 8 9 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 127 controls)
    if(err MATCHES "[${controls}]")
      message(FATAL_ERROR "expected a printable line on stderr, without control characters\n${report}")
    endif()
    string(LENGTH "${err}" err_length)
    if(err_length GREATER 1500)
      message(FATAL_ERROR "expected at most 1500 bytes on stderr, got ${err_length}\n${report}")
    endif()
  endif()
  if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
    message(FATAL_ERROR "expected stderr to match ${STDERR_REGEX}\n${report}")
  endif()
  message(STATUS "ok:${shown}")
  return()
endif()

# ---- registration mode: included from tests/CMakeLists.txt ------------------------
set(_cli_check_script ${CMAKE_CURRENT_LIST_FILE})

function(cli_test)
  cmake_parse_arguments(T "" "NAME;PROGRAM;EXPECT_RC;EXPECT_STDOUT;STDOUT_REGEX;STDERR_REGEX;STDIN_FILE;FIFO" "ARGS" ${ARGN})
  if(T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cli_test(${T_NAME}): unexpected arguments ${T_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT DEFINED T_EXPECT_RC)
    set(T_EXPECT_RC 0)
  endif()
  set(defs -DEXPECT_RC=${T_EXPECT_RC})
  foreach(key EXPECT_STDOUT STDOUT_REGEX STDERR_REGEX STDIN_FILE FIFO)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  add_test(NAME ${T_NAME}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${_cli_check_script} -- $<TARGET_FILE:${T_PROGRAM}> ${T_ARGS})
endfunction()
