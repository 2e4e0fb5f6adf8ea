# tests/ch06.cmake — ch06_logit_lens from the command line: bad input is one line on stderr
# with a non-zero exit status and nothing on stdout; --csv/--json/--html work; and the HTML
# heatmap opens in headless Chromium without a JavaScript error (scripts/render-heatmap).
#
# Each command-line case is one cli_test() (tests/cli_check.cmake): exit status, stdout or
# stderr by regex; a failure must also print nothing on stdout and one line on stderr.

if(NOT TARGET ch06_logit_lens)
  return()
endif()
set(_ch06_bin ${CMAKE_BINARY_DIR}/bin/ch06_logit_lens)
# Files a test writes go to a directory of its own (<scratch> in cli_test, mktemp -d in the
# shell), removed afterwards: two `make test` at once in the same tree must not collide.

# 65 tokens: one more than the tiny model's n_positions (64); 64 fit, but not with BOS.
string(REPEAT " a" 65 _ch06_65)
string(REPEAT " a" 64 _ch06_64)

# -- bad input -------------------------------------------------------------------------------
cli_test(NAME ch06_cli_unknown_flag PROGRAM ch06_logit_lens ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_REGEX "no-such-flag")
cli_test(NAME ch06_cli_unknown_metric PROGRAM ch06_logit_lens ARGS --model tiny --metric logit
  EXPECT_RC 2 STDERR_REGEX "unknown metric 'logit'.*prob, rank, kl, entropy, norm")
cli_test(NAME ch06_cli_unknown_ln_f PROGRAM ch06_logit_lens ARGS --model tiny --ln-f twice
  EXPECT_RC 2 STDERR_REGEX "ln-f")
# --top-k is checked as chapters 4 and 5 check it (support/cli.hpp): not a whole number >= 1 is a
# malformed flag (exit 2); more than the vocabulary is found once the model is loaded (exit 1).
cli_test(NAME ch06_cli_top_k_zero PROGRAM ch06_logit_lens ARGS --model tiny --top-k 0
  EXPECT_RC 2 STDERR_REGEX "--top-k: '0' is not a whole number >= 1")
cli_test(NAME ch06_cli_top_k_above_vocabulary PROGRAM ch06_logit_lens ARGS --model tiny --top-k 50258
  EXPECT_RC 1 STDERR_REGEX "--top-k 50258 is more than the vocabulary's 50257 tokens")
cli_test(NAME ch06_cli_empty_prompt PROGRAM ch06_logit_lens ARGS --model tiny --prompt <empty>
  EXPECT_RC 1 STDERR_REGEX "empty")
cli_test(NAME ch06_cli_prompt_too_long PROGRAM ch06_logit_lens ARGS --model tiny --prompt "${_ch06_65}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens.*64")
cli_test(NAME ch06_cli_prompt_too_long_with_bos PROGRAM ch06_logit_lens ARGS --model tiny --prepend-bos --prompt "${_ch06_64}"
  EXPECT_RC 1 STDERR_REGEX "65 tokens \\(<\\|endoftext\\|> included\\).*64")
cli_test(NAME ch06_cli_position_out_of_range PROGRAM ch06_logit_lens ARGS --model tiny --position 5
  EXPECT_RC 1 STDERR_REGEX "--position 5 is out of range.*5 tokens \\(0 \\.\\. 4")
cli_test(NAME ch06_cli_position_too_negative PROGRAM ch06_logit_lens ARGS --model tiny --position -6
  EXPECT_RC 1 STDERR_REGEX "--position -6 is out of range")
cli_test(NAME ch06_cli_html_unwritable PROGRAM ch06_logit_lens ARGS --model tiny --html <scratch>/no/such/dir/lens.html
  EXPECT_RC 1 STDERR_REGEX "--html /.*/no/such/dir/lens.html: cannot write")
cli_test(NAME ch06_cli_csv_unwritable PROGRAM ch06_logit_lens ARGS --model tiny --csv <scratch>/no/such/dir/lens.csv
  EXPECT_RC 1 STDERR_REGEX "--csv /.*/no/such/dir/lens.csv: cannot write")

# -- what works --------------------------------------------------------------------------------
cli_test(NAME ch06_cli_help PROGRAM ch06_logit_lens ARGS --help
  STDOUT_REGEX "--metric.*--ln-f.*--prepend-bos.*--no-color.*--html.*--csv.*--json")
cli_test(NAME ch06_cli_full_context PROGRAM ch06_logit_lens ARGS --model tiny --prompt "${_ch06_64}"
  STDOUT_REGEX "3 hidden states x 64 positions")
# (In the regex "." stands for "[" and "]": unbalanced brackets would break CMake's lists.)
cli_test(NAME ch06_cli_json PROGRAM ch06_logit_lens ARGS --model tiny --json --ln-f none --prepend-bos --top-k 2
  STDOUT_REGEX "^{\"ln_f\":\"none\",\"prepend_bos\":true,\"input_ids\":.50256,770,5041,314,1410,284.,\"tokens\":.\"<.endoftext.>\",\" This\",.*\"hidden_states\":..\"index\":0,\"top_k\":..\"ids\":.[0-9]+,[0-9]+.,\"logits\":.*\"probs\":.*\"tokens\":.*\"final_top1_prob\":.*\"final_top1_rank\":.*\"entropy\":.*\"kl_to_final\":.*\"index\":2,.*\"kl_to_final\":.0.0,0.0,0.0,0.0,0.0,0.0.,\"norm\"")
cli_test(NAME ch06_cli_position_first PROGRAM ch06_logit_lens ARGS --model tiny --prepend-bos --position 0 --top-k 2
  STDOUT_REGEX "Top-2 of each state at position 0 \\(after <\\|endoftext\\|>\\)")
cli_test(NAME ch06_cli_writes_csv PROGRAM ch06_logit_lens ARGS --model tiny --csv <scratch>/lens.csv
  STDOUT_REGEX "Logit lens on tiny")

# -- the HTML heatmap in a real browser ----------------------------------------------------
# Writes the heatmap for --model tiny, then scripts/render-heatmap opens it in headless
# Chromium: a JavaScript error, a script that did not finish, or a blank screenshot fails.
# Without Chromium the script exits 77 and ctest reports SKIPPED (CI installs chromium).
add_test(NAME ch06_heatmap_renders_in_chromium
         COMMAND bash -c "set -e; d=$(mktemp -d -t gpt2-ch06.XXXXXX); trap 'rm -rf \"$d\"' EXIT; '${_ch06_bin}' --model tiny --prompt 'Once upon a time, there was a little robot who <loved> \"books\" & tea' --prepend-bos --html \"$d/lens.html\" --no-color > /dev/null; '${CMAKE_SOURCE_DIR}/scripts/render-heatmap' \"$d/lens.html\" \"$d/lens.png\"")
set_tests_properties(ch06_heatmap_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# The check itself is checked: a page whose script throws must fail render-heatmap (exit 1,
# with the error named), not pass. Also skipped without Chromium.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/ch06_fixtures/broken.html
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>broken</title></head><body><p>broken page</p>"
  "<script>document.body.setAttribute('data-ready','1'); undefinedFunction();</script></body></html>\n")
add_test(NAME ch06_render_heatmap_catches_js_errors
         COMMAND bash -c "d=$(mktemp -d -t gpt2-ch06.XXXXXX) || exit 1; trap 'rm -rf \"$d\"' EXIT; '${CMAKE_SOURCE_DIR}/scripts/render-heatmap' '${CMAKE_CURRENT_BINARY_DIR}/ch06_fixtures/broken.html' \"$d/broken.png\" 2>&1; rc=$?; if [ $rc = 77 ]; then exit 77; fi; [ $rc = 1 ]")
set_tests_properties(ch06_render_heatmap_catches_js_errors PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                     PASS_REGULAR_EXPRESSION "JavaScript error or console message in .*broken\\.html.*undefinedFunction")

# -- --attention-to-first --------------------------------------------------------------------
# One token has no query that could look back at position 0: a clear error, not a 0/0.
cli_test(NAME ch06_cli_attention_to_first_one_token PROGRAM ch06_logit_lens ARGS --model tiny --prompt Hi --attention-to-first
  EXPECT_RC 1 STDERR_REGEX "needs at least 2 tokens")
cli_test(NAME ch06_cli_attention_to_first_json PROGRAM ch06_logit_lens ARGS --model tiny --attention-to-first --json
  EXPECT_RC 2 STDERR_REGEX "excludes")
