# tests/model_errors.cmake — what a learner sees when --model points at something that is
# not a usable GPT-2: exit status 1, nothing on stdout, and one line on stderr saying what
# is wrong (the C++ side of each error is tested in test_model_load.cpp and
# test_safetensors.cpp; here we check that it reaches the command line intact).
#
# It makes the broken model directories (in the build directory) and registers one
# cli_test() (tests/cli_check.cmake) per case, all running ch03_embeddings.

# ch03_embeddings is the first chapter that loads the weights (--model, Model::load).
if(NOT TARGET ch03_embeddings)
  return()
endif()

set(_me_tiny ${GPT2_DATA_DIR}/models/tiny-gpt2-f32)
set(_me_dirs ${CMAKE_CURRENT_BINARY_DIR}/model_errors)

# model_error_test(NAME name ARGS ... [EXPECT_RC n] [STDERR_REGEX r] [STDOUT_REGEX r]):
# ch03_embeddings, exit status 1 unless said otherwise, test name "model_errors:name".
function(model_error_test)
  cmake_parse_arguments(T "" "NAME;EXPECT_RC" "" ${ARGN})
  if(NOT DEFINED T_EXPECT_RC)
    set(T_EXPECT_RC 1)
  endif()
  cli_test(NAME model_errors:${T_NAME} PROGRAM ch03_embeddings EXPECT_RC ${T_EXPECT_RC} ${T_UNPARSED_ARGUMENTS})
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
