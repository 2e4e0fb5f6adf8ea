# tests/bad_inputs.cmake — hostile and broken inputs from the command line (issue 7 §4):
# deep JSON, control characters in what a message quotes, bad flag values, files that are
# not files. Each must end as the contract of common/support/cli.hpp says: exit status 1 (2 for a
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

# -- deep JSON: 75,000 levels of "[" (150 KB) used to overflow the stack -------------------
string(REPEAT "[" 75000 _bi_open)
string(REPEAT "]" 75000 _bi_close)
_bi_model(deep_config)
file(WRITE ${_bi_dir}/deep_config/config.json "{\"model_type\": \"gpt2\", \"n_layer\": ${_bi_open}${_bi_close}}")
_bi_model(deep_vocab)
file(WRITE ${_bi_dir}/deep_vocab/vocab.json "{\"a\": ${_bi_open}${_bi_close}}")
cli_test(NAME bad_inputs:deep_config PROGRAM ch03_embeddings ARGS --model ${_bi_dir}/deep_config
  EXPECT_RC 1 STDERR_REGEX "deep_config/config\\.json: JSON nested deeper than 64 levels")
cli_test(NAME bad_inputs:deep_vocab PROGRAM ch01_tokenizer ARGS --model ${_bi_dir}/deep_vocab
  EXPECT_RC 1 STDERR_REGEX "deep_vocab/vocab\\.json: JSON nested deeper than 64 levels")

# -- what a message quotes is escaped: a newline in --model, in --top-k --------------------
cli_test(NAME bad_inputs:model_with_newline PROGRAM ch01_tokenizer ARGS --model "${_bi_dir}/a\nb"
  EXPECT_RC 1 STDERR_REGEX "a\\\\nb: no such directory")
cli_test(NAME bad_inputs:top_k_with_newline PROGRAM ch04_tied_head ARGS --model tiny --top-k "1\n2"
  EXPECT_RC 2 STDERR_REGEX "--top-k: '1\\\\n2' is not a whole number >= 1")

# -- every bad flag value is a usage error: exit status 2 ---------------------------------
cli_test(NAME bad_inputs:metric_bogus PROGRAM ch06_logit_lens ARGS --model tiny --metric bogus
  EXPECT_RC 2 STDERR_REGEX "--metric: unknown metric 'bogus': choose one of prob, rank, kl, entropy, norm")
foreach(_bi_w -1 0 99999999999999999999999 wide 1.5)
  cli_test(NAME bad_inputs:width_${_bi_w} PROGRAM ch06_logit_lens ARGS --model tiny --width ${_bi_w}
    EXPECT_RC 2 STDERR_REGEX "--width: '${_bi_w}' ")
endforeach()
cli_test(NAME bad_inputs:width_huge_says_too_large PROGRAM ch06_logit_lens
  ARGS --model tiny --width 100001 EXPECT_RC 2 STDERR_REGEX "--width: '100001' is too large")
cli_test(NAME bad_inputs:top_k_overflow PROGRAM ch04_tied_head ARGS --model tiny --top-k 99999999999999999999999
  EXPECT_RC 2 STDERR_REGEX "--top-k: '99999999999999999999999' is too large")
cli_test(NAME bad_inputs:decode_negative PROGRAM ch01_tokenizer ARGS --model tiny --decode 1 -1
  EXPECT_RC 2 STDERR_REGEX "--decode: '-1' is not a token id")
cli_test(NAME bad_inputs:decode_overflow PROGRAM ch01_tokenizer ARGS --model tiny --decode 99999999999
  EXPECT_RC 2 STDERR_REGEX "--decode")

# -- files that are not what they should be ------------------------------------------------
file(WRITE ${_bi_dir}/a_file "not a model\n")
cli_test(NAME bad_inputs:model_is_a_file PROGRAM ch01_tokenizer ARGS --model ${_bi_dir}/a_file
  EXPECT_RC 1 STDERR_REGEX "a_file is not a directory")
cli_test(NAME bad_inputs:jsonl_is_a_directory PROGRAM ch01_tokenizer ARGS --model tiny --jsonl ${_bi_dir}
  EXPECT_RC 1 STDERR_REGEX "--jsonl .*bad_inputs: is a directory")
# /dev/zero never ends a line: the 1 MiB line limit stops it, memory stays bounded.
if(EXISTS /dev/zero)
  cli_test(NAME bad_inputs:jsonl_dev_zero PROGRAM ch01_tokenizer ARGS --model tiny --jsonl /dev/zero
    EXPECT_RC 1 STDERR_REGEX "line 1 is longer than 1048576 bytes")
endif()
# A FIFO nobody opens for writing: give up after 10 s with one line, instead of waiting forever.
# The FIFO is made afresh for each run (a shared one would be opened for writing by another
# run giving up on it, and this run would read an empty input).
find_program(_bi_mkfifo mkfifo)
if(_bi_mkfifo)
  cli_test(NAME bad_inputs:jsonl_fifo_without_writer PROGRAM ch01_tokenizer
    ARGS --model tiny --jsonl <scratch>/nobody_writes.fifo FIFO nobody_writes.fifo
    EXPECT_RC 1 STDERR_REGEX "nobody_writes\\.fifo: no program opened this FIFO for writing within 10 s")
  set_tests_properties(bad_inputs:jsonl_fifo_without_writer PROPERTIES TIMEOUT 40)
endif()
