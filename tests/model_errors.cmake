# tests/model_errors.cmake — what a learner sees when --model points at something that is
# not a usable GPT-2: exit status 1, nothing on stdout, and one line on stderr saying what
# is wrong (the C++ side of each error is tested in test_model_load.cpp and
# test_safetensors.cpp; here we check that it reaches the command line intact).
#
# This one file plays two parts:
#   * included by tests/CMakeLists.txt, it makes the broken model directories (in the
#     build directory) and registers the ctest entries below;
#   * run as `cmake -DEXPECT_RC=.. -DSTDERR_REGEX=.. -P model_errors.cmake -- PROGRAM ARGS...`
#     it runs one command and checks: exit status, empty stdout, exactly one stderr line
#     matching the regex.

if(CMAKE_SCRIPT_MODE_FILE)  # ---- checker mode: cmake -P ------------------------------
  set(cmd)
  set(after_dashes FALSE)
  math(EXPR last "${CMAKE_ARGC} - 1")
  foreach(i RANGE ${last})
    if(after_dashes)
      list(APPEND cmd "${CMAKE_ARGV${i}}")
    elseif(CMAKE_ARGV${i} STREQUAL "--")
      set(after_dashes TRUE)
    endif()
  endforeach()
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(report "command: ${cmd}\nexit status: ${rc}\n--- stdout:\n${out}--- stderr:\n${err}---")
  if(NOT rc STREQUAL EXPECT_RC)
    message(FATAL_ERROR "expected exit status ${EXPECT_RC}\n${report}")
  endif()
  if(EXPECT_RC STREQUAL "0")
    if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
      message(FATAL_ERROR "expected stdout to match ${STDOUT_REGEX}\n${report}")
    endif()
    message(STATUS "ok: ${cmd}")
    return()
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "expected nothing on stdout\n${report}")
  endif()
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one line on stderr, got ${n}\n${report}")
  endif()
  if(NOT err MATCHES "${STDERR_REGEX}")
    message(FATAL_ERROR "expected stderr to match ${STDERR_REGEX}\n${report}")
  endif()
  message(STATUS "ok: ${cmd}")
  return()
endif()

# ---- registration mode: included from tests/CMakeLists.txt ------------------------
# ch03_embeddings is the first chapter that loads the weights (--model, Model::load).
if(NOT TARGET ch03_embeddings)
  return()
endif()

set(_me_script ${CMAKE_CURRENT_LIST_FILE})
set(_me_tiny ${GPT2_DATA_DIR}/models/tiny-gpt2-f32)
set(_me_dirs ${CMAKE_CURRENT_BINARY_DIR}/model_errors)

# model_error_test(NAME name ARGS ... [EXPECT_RC n] [STDERR_REGEX r] [STDOUT_REGEX r])
function(model_error_test)
  cmake_parse_arguments(T "" "NAME;EXPECT_RC;STDERR_REGEX;STDOUT_REGEX" "ARGS" ${ARGN})
  if(NOT DEFINED T_EXPECT_RC)
    set(T_EXPECT_RC 1)
  endif()
  set(defs -DEXPECT_RC=${T_EXPECT_RC})
  foreach(key STDERR_REGEX STDOUT_REGEX)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  add_test(NAME model_errors:${T_NAME}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${_me_script} -- $<TARGET_FILE:ch03_embeddings> ${T_ARGS})
endfunction()

# A broken copy of tiny-gpt2-f32: its config.json and tokenizer files, plus what we vary.
function(model_error_dir name)
  file(REMOVE_RECURSE ${_me_dirs}/${name})
  file(MAKE_DIRECTORY ${_me_dirs}/${name})
  foreach(f config.json vocab.json merges.txt model.safetensors)
    file(COPY_FILE ${_me_tiny}/${f} ${_me_dirs}/${name}/${f})
  endforeach()
endfunction()

# no merges.txt
model_error_dir(no_merges)
file(REMOVE ${_me_dirs}/no_merges/merges.txt)
# model.safetensors is text: its first 8 bytes read as a header length of ~7e18
model_error_dir(garbage_weights)
file(WRITE ${_me_dirs}/garbage_weights/model.safetensors "this is not a safetensors file\n")
# config.json of another architecture
model_error_dir(llama_config)
file(READ ${_me_tiny}/config.json _me_config)
string(REPLACE "\"model_type\": \"gpt2\"" "\"model_type\": \"llama\"" _me_config "${_me_config}")
file(WRITE ${_me_dirs}/llama_config/config.json "${_me_config}")
# config.json with more layers than the weights have
model_error_dir(too_many_layers)
string(REPLACE "\"n_layer\": 2" "\"n_layer\": 3" _me_config "${_me_config}")
string(REPLACE "\"model_type\": \"llama\"" "\"model_type\": \"gpt2\"" _me_config "${_me_config}")
file(WRITE ${_me_dirs}/too_many_layers/config.json "${_me_config}")

model_error_test(NAME nonexistent_dir
  ARGS --model ${_me_dirs}/no_such_model STDERR_REGEX "no_such_model: no such directory")
model_error_test(NAME dir_without_merges
  ARGS --model ${_me_dirs}/no_merges STDERR_REGEX "no_merges has no merges\\.txt")
model_error_test(NAME garbage_safetensors
  ARGS --model ${_me_dirs}/garbage_weights STDERR_REGEX "garbage_weights/model\\.safetensors: header length")
model_error_test(NAME llama_config
  ARGS --model ${_me_dirs}/llama_config STDERR_REGEX "llama_config/config\\.json: model_type is \"llama\"")
model_error_test(NAME missing_layer
  ARGS --model ${_me_dirs}/too_many_layers STDERR_REGEX "tensor \"h\\.2\\.[a-z_.12]+\" is missing")
if(NOT EXISTS ${GPT2_DATA_DIR}/models/distilgpt2/model.safetensors)
  model_error_test(NAME distilgpt2_not_downloaded
    ARGS --model distilgpt2 STDERR_REGEX "scripts/download-model distilgpt2")
endif()
# and the two bundled models do load
model_error_test(NAME tiny_bf16_loads EXPECT_RC 0
  ARGS --model tiny-bf16 --json STDOUT_REGEX "\"parameters\":1214976")
model_error_test(NAME tiny_loads EXPECT_RC 0
  ARGS --model tiny --json STDOUT_REGEX "\"parameters\":2472048")
