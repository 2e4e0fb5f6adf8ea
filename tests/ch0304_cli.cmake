# tests/ch0304_cli.cmake — ch03_embeddings and ch04_tied_head on the command line: --help,
# what works, and bad input (one line on stderr, nothing on stdout, non-zero exit); and
# the programs' paths for tests/test_ch0304_json.cpp, which compares their --json with
# transformers.
#
# Each case is one cli_test() (tests/cli_check.cmake): exit status, stdout exactly or by
# regex, stderr by regex; a failure must also print nothing on stdout and one line on stderr.
if(NOT TARGET ch03_embeddings OR NOT TARGET ch04_tied_head)
  return()
endif()

if(TARGET test_ch0304_json)
  target_compile_definitions(test_ch0304_json PRIVATE
    CH03_EXE="$<TARGET_FILE:ch03_embeddings>" CH04_EXE="$<TARGET_FILE:ch04_tied_head>")
  add_dependencies(test_ch0304_json ch03_embeddings ch04_tied_head)
endif()

# 64 tokens (" a" 64 times): exactly the tiny model's n_positions; 65: one too many.
string(REPEAT "a " 63 _ch0304_max_prompt)
string(APPEND _ch0304_max_prompt "a")
set(_ch0304_long_prompt "${_ch0304_max_prompt} a")
string(REPEAT "257," 63 _ch0304_max_ids)  # " a" is token 257
string(APPEND _ch0304_max_ids "257")

foreach(ch ch03_embeddings ch04_tied_head)
  string(SUBSTRING ${ch} 0 4 n)
  # -- bad input, common to both --------------------------------------------------------
  cli_test(NAME ${n}_cli_unknown_flag PROGRAM ${ch} ARGS --model tiny --no-such-flag
    EXPECT_RC 2 STDERR_REGEX "no-such-flag")
  cli_test(NAME ${n}_cli_empty_prompt PROGRAM ${ch} ARGS --model tiny --prompt <empty>
    EXPECT_RC 1 STDERR_REGEX "empty")
  cli_test(NAME ${n}_cli_prompt_too_long PROGRAM ${ch} ARGS --model tiny --prompt "${_ch0304_long_prompt}"
    EXPECT_RC 1 STDERR_REGEX "65 tokens.*64")
  cli_test(NAME ${n}_cli_json_prompt_too_long PROGRAM ${ch} ARGS --model tiny --json --prompt "${_ch0304_long_prompt}"
    EXPECT_RC 1 STDERR_REGEX "65 tokens")
  cli_test(NAME ${n}_cli_unknown_model PROGRAM ${ch} ARGS --model /no/such/model
    EXPECT_RC 1)
  # -- what works ---------------------------------------------------------------------------
  cli_test(NAME ${n}_cli_prompt_at_the_limit PROGRAM ${ch} ARGS --model tiny --json --prompt "${_ch0304_max_prompt}"
    STDOUT_REGEX "\"input_ids\":\\[${_ch0304_max_ids}\\]")
endforeach()

# -- ch03 -----------------------------------------------------------------------------------
cli_test(NAME ch03_cli_help PROGRAM ch03_embeddings ARGS --help
  STDOUT_REGEX "No --top-k here.*--model.*--prompt.*--json")
# Nothing is ranked in chapter 3: --top-k is not an option there.
cli_test(NAME ch03_cli_no_top_k PROGRAM ch03_embeddings ARGS --model tiny --top-k 10
  EXPECT_RC 2 STDERR_REGEX "top-k")
cli_test(NAME ch03_cli_notebook_lines PROGRAM ch03_embeddings ARGS --model tiny
  STDOUT_REGEX "The tokenizer has 50257 strings in its vocabulary\\.\nThe model has 2,472,048 parameters\\.\n.*input_ids: tensor\\(\\[\\[ 770, 5041,  314, 1410,  284\\]\\]\\)\n.*Embedding\\(50257, 48\\)\n.*\ntensor\\(284\\) which corresponds to ' to'\n")
cli_test(NAME ch03_cli_json_notebook_phrase PROGRAM ch03_embeddings ARGS --model tiny --json
  STDOUT_REGEX "^{\"model\":{\"path\":\"[^\"]*tiny-gpt2-f32\",\"n_layer\":2,\"n_head\":4,\"n_embd\":48,\"n_positions\":64,\"vocab_size\":50257,\"parameters\":2472048},\"prompt\":\"This weekend I plan to\",\"vocab_size_tokenizer\":50257,\"input_ids\":\\[770,5041,314,1410,284\\],\"tokens\":\\[\" This\",\" weekend\",\" I\",\" plan\",\" to\"\\],\"wte_shape\":\\[50257,48\\],\"last_token\":{\"id\":284,\"token\":\" to\"},\"vector_shape\":\\[48\\]}\n$")
# repr() quoting: a token with a single quote is printed in double quotes, as Python does.
cli_test(NAME ch03_cli_repr_quotes PROGRAM ch03_embeddings ARGS --model tiny --prompt "I don't"
  STDOUT_REGEX "tensor\\(470\\) which corresponds to \"'t\"\n")
cli_test(NAME ch03_cli_bf16 PROGRAM ch03_embeddings ARGS --model tiny-bf16
  STDOUT_REGEX "Embedding\\(50257, 24\\)")

# -- ch04 -----------------------------------------------------------------------------------
cli_test(NAME ch04_cli_help PROGRAM ch04_tied_head ARGS --help
  STDOUT_REGEX "--model.*--prompt.*--top-k.*--json")
cli_test(NAME ch04_cli_top_k_zero PROGRAM ch04_tied_head ARGS --model tiny --top-k 0
  EXPECT_RC 2 STDERR_REGEX "--top-k: '0' is not a whole number >= 1")
cli_test(NAME ch04_cli_top_k_negative PROGRAM ch04_tied_head ARGS --model tiny --top-k -3
  EXPECT_RC 2)
cli_test(NAME ch04_cli_top_k_not_a_number PROGRAM ch04_tied_head ARGS --model tiny --top-k ten
  EXPECT_RC 2)
cli_test(NAME ch04_cli_top_k_above_vocabulary PROGRAM ch04_tied_head ARGS --model tiny --top-k 50258
  EXPECT_RC 1 STDERR_REGEX "--top-k 50258")
cli_test(NAME ch04_cli_top_k_whole_vocabulary PROGRAM ch04_tied_head ARGS --model tiny --prompt Hi --top-k 50257
  STDOUT_REGEX "\n0  ␣Hi  [^\n]*\n\nThe top-1 is the token itself at 1 of 1 positions\\.")
cli_test(NAME ch04_cli_tied PROGRAM ch04_tied_head ARGS --model tiny
  STDOUT_REGEX "Linear\\(in_features=48, out_features=50257, bias=False\\)\n.*same memory \\(lm_head\\.data == wte\\.data\\): yes\n.*\\.all\\(\\): +tensor\\(True\\)\n.*shape \\[50257\\]\n")
# The BF16 fixture stores lm_head.weight too; the head is still wte's memory (wte wins).
cli_test(NAME ch04_cli_tied_bf16 PROGRAM ch04_tied_head ARGS --model tiny-bf16
  STDOUT_REGEX "same memory \\(lm_head\\.data == wte\\.data\\): yes\n.*tensor\\(True\\)")
cli_test(NAME ch04_cli_json_shape PROGRAM ch04_tied_head ARGS --model tiny --json --top-k 2
  STDOUT_REGEX "^{\"prompt\":\"This weekend I plan to\",\"input_ids\":\\[770,5041,314,1410,284\\],\"tokens\":\\[\" This\",\" weekend\",\" I\",\" plan\",\" to\"\\],\"tied\":true,\"top_k_last\":{\"ids\":\\[284,[0-9]+\\],\"logits\":\\[[^]]*\\],\"tokens\":\\[\" to\",\"[^\"]*\"\\]},\"embedding_only\":\\[{\"ids\":\\[770,[0-9]+\\],")
