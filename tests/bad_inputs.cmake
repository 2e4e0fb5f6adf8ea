# tests/bad_inputs.cmake — hostile and broken inputs from the command line (issue 7 §4):
# deep JSON, control characters in what a message quotes, bad flag values, files that are
# not files. Each must end as the contract of common/cli.hpp says: exit status 1 (2 for a
# malformed flag), nothing on stdout, exactly one printable line on stderr — never a crash,
# never a hang, never unbounded memory. The inputs are generated here, in the build folder.
if(NOT TARGET ch01_tokenizer OR NOT TARGET ch03_embeddings OR NOT TARGET ch04_tied_head
   OR NOT TARGET ch06_logit_lens)
  return()
endif()

set(_bi_tiny ${GPT2_DATA_DIR}/models/tiny-gpt2-f32)
set(_bi_dir ${CMAKE_CURRENT_BINARY_DIR}/bad_inputs)
file(MAKE_DIRECTORY ${_bi_dir})

# A copy of tiny-gpt2-f32 in ${_bi_dir}/name, to break one file of.
function(_bi_model name)
  file(REMOVE_RECURSE ${_bi_dir}/${name})
  file(MAKE_DIRECTORY ${_bi_dir}/${name})
  foreach(f config.json vocab.json merges.txt model.safetensors)
    file(COPY_FILE ${_bi_tiny}/${f} ${_bi_dir}/${name}/${f})
  endforeach()
endfunction()

# -- what a message quotes is escaped: a newline in --model, in --top-k --------------------
cli_test(NAME bad_inputs:model_with_newline PROGRAM ch01_tokenizer ARGS --model "${_bi_dir}/a\nb"
  EXPECT_RC 1 STDERR_REGEX "a\\\\nb: no such directory")
cli_test(NAME bad_inputs:top_k_with_newline PROGRAM ch04_tied_head ARGS --model tiny --top-k "1\n2"
  EXPECT_RC 2 STDERR_REGEX "--top-k: '1\\\\n2' is not a whole number >= 1")

