# tests/ch05_cli.cmake — ch05_hidden_states's command line: one-line errors with the
# right exit status, --help, --layer, --batch; and the JSON test's path to the program.
#
# Each case is one cli_test() (tests/cli_check.cmake): exit status, stdout by regex,
# stderr by regex; a failure must also print nothing on stdout and one line on stderr.
if(NOT TARGET ch05_hidden_states)
  return()
endif()

# tests/test_ch05_json.cpp runs the program and compares its --json with transformers.
if(TARGET test_ch05_json)
  target_compile_definitions(test_ch05_json PRIVATE CH05_EXE="$<TARGET_FILE:ch05_hidden_states>")
  add_dependencies(test_ch05_json ch05_hidden_states)
endif()

# 65 tokens (" a" 65 times): one more than the tiny model's n_positions (64).
string(REPEAT "a " 64 _ch05_long_prompt)
string(APPEND _ch05_long_prompt "a")

# -- what works --------------------------------------------------------------------------
cli_test(NAME ch05_cli_help PROGRAM ch05_hidden_states ARGS --help
  STDOUT_REGEX "--prompt.*--top-k.*--layer.*--norms.*--batch.*--positions.*--json")
cli_test(NAME ch05_cli_default PROGRAM ch05_hidden_states ARGS --model tiny
  STDOUT_REGEX "len\\(hidden_states\\) = 3 .*In \\[18\\]: lm_head\\(hidden_states\\[0\\]\\).*In \\[19\\]: lm_head\\(hidden_states\\[-1\\]\\)")
cli_test(NAME ch05_cli_layer_last PROGRAM ch05_hidden_states ARGS --model tiny --layer -1 --top-k 3
  STDOUT_REGEX "lm_head\\(hidden_states\\[-1\\]\\): \\[2\\] = ln_f\\(output of block 1\\)")
cli_test(NAME ch05_cli_layer_first_negative PROGRAM ch05_hidden_states ARGS --model tiny --layer -3 --top-k 3
  STDOUT_REGEX "lm_head\\(hidden_states\\[-3\\]\\): \\[0\\] = the embeddings")
cli_test(NAME ch05_cli_top_k_whole_vocabulary PROGRAM ch05_hidden_states ARGS --model tiny --prompt Hi --layer 0 --top-k 50257
  STDOUT_REGEX "\n50256 ")
cli_test(NAME ch05_cli_batch_default PROGRAM ch05_hidden_states ARGS --model tiny --batch
  STDOUT_REGEX "default +[1-9][0-9.]* +≈ 0 +differs from alone\nfrom-mask +≈ 0 +≈ 0 +same as alone")
cli_test(NAME ch05_cli_json_shape PROGRAM ch05_hidden_states ARGS --model tiny --json --top-k 2
  STDOUT_REGEX "^{\"model\":{\"path\":\"[^\"]*\",\"n_layer\":2,\"n_head\":4,\"n_embd\":48,\"n_positions\":64,\"vocab_size\":50257,\"parameters\":2472048},\"prompt\":\"This weekend I plan to\",\"input_ids\":\\[770,5041,314,1410,284\\],\"tokens\":\\[\" This\",\" weekend\",\" I\",\" plan\",\" to\"\\],\"hidden_states\":\\[{\"index\":0,\"norm\":\\[[^]]*\\],\"top_k\":\\[{\"ids\":\\[770,[0-9]+\\],\"logits\":\\[[^]]*\\],\"tokens\":\\[\" This\",")

# -- bad input: one line on stderr, nothing on stdout ---------------------------------------
cli_test(NAME ch05_cli_unknown_flag PROGRAM ch05_hidden_states ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_REGEX "no-such-flag")
cli_test(NAME ch05_cli_top_k_zero PROGRAM ch05_hidden_states ARGS --model tiny --top-k 0
  EXPECT_RC 2 STDERR_REGEX "--top-k: '0' is not a whole number >= 1")
cli_test(NAME ch05_cli_top_k_above_vocabulary PROGRAM ch05_hidden_states ARGS --model tiny --top-k 50258
  EXPECT_RC 1 STDERR_REGEX "--top-k 50258")
cli_test(NAME ch05_cli_layer_too_large PROGRAM ch05_hidden_states ARGS --model tiny --layer 3
  EXPECT_RC 1 STDERR_REGEX "--layer 3 is out of range.*0 \\.\\. 2")
cli_test(NAME ch05_cli_layer_too_negative PROGRAM ch05_hidden_states ARGS --model tiny --layer -4
  EXPECT_RC 1 STDERR_REGEX "--layer -4 is out of range")
cli_test(NAME ch05_cli_layer_not_a_number PROGRAM ch05_hidden_states ARGS --model tiny --layer last
  EXPECT_RC 2)
cli_test(NAME ch05_cli_empty_prompt PROGRAM ch05_hidden_states ARGS --model tiny --prompt <empty>
  EXPECT_RC 1 STDERR_REGEX "empty")
cli_test(NAME ch05_cli_prompt_too_long PROGRAM ch05_hidden_states ARGS --model tiny --prompt "${_ch05_long_prompt}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens.*64")
cli_test(NAME ch05_cli_json_prompt_too_long PROGRAM ch05_hidden_states ARGS --model tiny --json --prompt "${_ch05_long_prompt}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens")
cli_test(NAME ch05_cli_positions_needs_batch PROGRAM ch05_hidden_states ARGS --model tiny --positions from-mask
  EXPECT_RC 2)
cli_test(NAME ch05_cli_positions_unknown PROGRAM ch05_hidden_states ARGS --model tiny --batch --positions cumsum
  EXPECT_RC 2)
cli_test(NAME ch05_cli_json_with_batch PROGRAM ch05_hidden_states ARGS --model tiny --json --batch
  EXPECT_RC 2)
cli_test(NAME ch05_cli_unknown_model PROGRAM ch05_hidden_states ARGS --model /no/such/model
  EXPECT_RC 1)
