# tests/ch07.cmake — ch07_attention from the command line: bad input is one line on stderr
# with a non-zero exit status and nothing on stdout; the walk's checks pass on every bundled
# model and block; --json has the patterns, sink shares and checks; the --html page opens in
# headless Chromium without a JavaScript error (scripts/render-heatmap), as chapter 6's.
#
# Each command-line case is one cli_test() (tests/cli_check.cmake).

if(NOT TARGET ch07_attention)
  return()
endif()
set(_ch07_bin ${CMAKE_BINARY_DIR}/bin/ch07_attention)
string(REPEAT " a" 65 _ch07_65)
string(REPEAT " a" 64 _ch07_64)

# -- bad input -------------------------------------------------------------------------------
cli_test(NAME ch07_cli_unknown_flag PROGRAM ch07_attention ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_REGEX "no-such-flag")
cli_test(NAME ch07_cli_layer_not_a_number PROGRAM ch07_attention ARGS --model tiny --layer one
  EXPECT_RC 2 STDERR_REGEX "--layer: 'one' is not a whole number")
cli_test(NAME ch07_cli_layer_out_of_range PROGRAM ch07_attention ARGS --model tiny --layer 2
  EXPECT_RC 1 STDERR_REGEX "--layer 2 is not a block of tiny: it has 2 \\(0 \\.\\. 1\\)")
cli_test(NAME ch07_cli_head_negative PROGRAM ch07_attention ARGS --model tiny --head -1
  EXPECT_RC 2 STDERR_REGEX "--head: '-1' is not a whole number")
cli_test(NAME ch07_cli_head_out_of_range PROGRAM ch07_attention ARGS --model tiny --head 4
  EXPECT_RC 1 STDERR_REGEX "--head 4 is not a head of tiny: it has 4 per layer \\(0 \\.\\. 3\\)")
cli_test(NAME ch07_cli_position_out_of_range PROGRAM ch07_attention ARGS --model tiny --position -6
  EXPECT_RC 1 STDERR_REGEX "--position -6 is out of range: the input has 5 tokens")
cli_test(NAME ch07_cli_empty_prompt PROGRAM ch07_attention ARGS --model tiny --prompt <empty>
  EXPECT_RC 1 STDERR_REGEX "empty")
cli_test(NAME ch07_cli_prompt_too_long PROGRAM ch07_attention ARGS --model tiny --prompt "${_ch07_65}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens.*64")
cli_test(NAME ch07_cli_prompt_too_long_with_bos PROGRAM ch07_attention ARGS --model tiny --prepend-bos --prompt "${_ch07_64}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens \\(<\\|endoftext\\|> included\\).*64")
cli_test(NAME ch07_cli_html_unwritable PROGRAM ch07_attention ARGS --model tiny --html <scratch>/no/such/dir/a.html
  EXPECT_RC 1 STDERR_REGEX "--html /.*/no/such/dir/a.html: cannot write")

# -- what works --------------------------------------------------------------------------------
cli_test(NAME ch07_cli_help PROGRAM ch07_attention ARGS --help
  STDOUT_REGEX "--layer.*--head.*--position.*--prepend-bos.*--html.*--json")
# A prompt that fills the context: the walk runs; the <|endoftext|> table is left out, saying why.
cli_test(NAME ch07_cli_full_context PROGRAM ch07_attention ARGS --model tiny --no-color --prompt "${_ch07_64}"
  STDOUT_REGEX "on 64 tokens.*first 10 of 64 positions.*No table with <\\|endoftext\\|> prepended: the prompt already fills the model's 64 positions")
# One token: nothing can attend to position 0 but itself, so only the <|endoftext|> table.
cli_test(NAME ch07_cli_one_token PROGRAM ch07_attention ARGS --model tiny --no-color --prompt Hi
  STDOUT_REGEX "every step agrees with the library.*The same with <\\|endoftext\\|> prepended")
# Every block of every bundled model: each step within the tolerance of the library.
foreach(_ch07_case "tiny;0" "tiny;1" "tiny-bf16;0" "teaching;0" "teaching;1" "teaching;2" "teaching;3")
  list(GET _ch07_case 0 _m)
  list(GET _ch07_case 1 _l)
  cli_test(NAME ch07_walk_agrees_${_m}_layer${_l} PROGRAM ch07_attention ARGS --model ${_m} --layer ${_l} --prepend-bos --no-color
    STDOUT_REGEX "Block ${_l}: 7 checks, largest difference [0-9.e+-]+ — every step agrees with the library")
endforeach()
# (In the regex "." stands for "[" and "]": unbalanced brackets would break CMake's lists.)
cli_test(NAME ch07_cli_json PROGRAM ch07_attention ARGS --model tiny --json --layer 1
  STDOUT_REGEX "^{\"model\":\"tiny\",\"prompt\":\"This weekend I plan to\",\"prepend_bos\":false,\"input_ids\":.770,5041,314,1410,284.,\"tokens\":.\" This\",.*\"attention\":....1.0,0.0,0.0,0.0,0.0.,.*\"sink_share\":{\"prompt\":{\"share\":...*\"uniform\":.*\"with_bos\":{\"share\":.*\"walk\":{\"layer\":1,\"tolerance\":0.0001,\"checks\":..\"step\":\"ln_1\".*\"passes\":true}.}}")

# -- the HTML page in a real browser -----------------------------------------------------------
# The teaching model's patterns for a prompt with characters HTML must escape; skipped (77)
# without Chromium, as chapter 6's heatmap test.
add_test(NAME ch07_html_renders_in_chromium
         COMMAND bash -c "set -e; d=$(mktemp -d -t gpt2-ch07.XXXXXX); trap 'rm -rf \"$d\"' EXIT; '${_ch07_bin}' --model teaching --prompt 'Once upon a time, a <robot> read \"books\" & drank tea' --prepend-bos --layer 1 --head 1 --html \"$d/attention.html\" --no-color > /dev/null; '${CMAKE_SOURCE_DIR}/scripts/render-heatmap' \"$d/attention.html\" \"$d/attention.png\"")
set_tests_properties(ch07_html_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
