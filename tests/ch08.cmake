# tests/ch08.cmake — ch08_position_zero from the command line: every bad input of the chapter
# (spec §Inputs) is one line on stderr with exit 1 or 2 and nothing on stdout; --json parses and
# has spec §5's keys in order; --help lists the flags; the --html page is written.
#
# Each case is one cli_test() (tests/cli_check.cmake). On tiny the text is the repository's README
# (any text works); the teaching case reads the default, data/text/heldout-sample.txt. A few
# windows keep it fast.

if(NOT TARGET ch08_position_zero)
  return()
endif()
set(_ch08_text ${CMAKE_SOURCE_DIR}/README.md)
set(_ch08_short ${CMAKE_SOURCE_DIR}/tests/data/tokenizer_three_part_merge.txt)  # a few tokens
set(_ch08_fast --model tiny --text ${_ch08_text} --windows 2 --window 8)

# -- bad input: exit 2, the flag is malformed ------------------------------------------------
cli_test(NAME ch08_cli_unknown_flag PROGRAM ch08_position_zero ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_REGEX "no-such-flag")
cli_test(NAME ch08_cli_window_too_small PROGRAM ch08_position_zero ARGS ${_ch08_fast} --window 1
  EXPECT_RC 2 STDERR_REGEX "--window: '1' is not a whole number >= 2")
cli_test(NAME ch08_cli_windows_zero PROGRAM ch08_position_zero ARGS ${_ch08_fast} --windows 0
  EXPECT_RC 2 STDERR_REGEX "--windows: '0' is not a whole number >= 1")
cli_test(NAME ch08_cli_top_zero PROGRAM ch08_position_zero ARGS ${_ch08_fast} --top 0
  EXPECT_RC 2 STDERR_REGEX "--top: '0' is not a whole number >= 1")
cli_test(NAME ch08_cli_scale_not_finite PROGRAM ch08_position_zero ARGS ${_ch08_fast} --scale inf
  EXPECT_RC 2 STDERR_REGEX "--scale: 'inf' is not a finite number")
cli_test(NAME ch08_cli_scale_not_a_number PROGRAM ch08_position_zero ARGS ${_ch08_fast} --scale half
  EXPECT_RC 2 STDERR_REGEX "--scale: 'half' is not a finite number")
cli_test(NAME ch08_cli_dim_not_a_number PROGRAM ch08_position_zero ARGS ${_ch08_fast} --dim x
  EXPECT_RC 2 STDERR_REGEX "--dim: 'x' is not a whole number")
cli_test(NAME ch08_cli_text_empty_name PROGRAM ch08_position_zero ARGS --model tiny --text <empty>
  EXPECT_RC 2 STDERR_REGEX "--text: '' is not a file name")
cli_test(NAME ch08_cli_only_unknown PROGRAM ch08_position_zero ARGS ${_ch08_fast} --only everything
  EXPECT_RC 2 STDERR_REGEX "--only")
cli_test(NAME ch08_cli_only_with_json PROGRAM ch08_position_zero ARGS ${_ch08_fast} --only sink --json
  EXPECT_RC 2 STDERR_REGEX "excludes")

# -- bad input: exit 1, known once the model and the text are read ----------------------------
cli_test(NAME ch08_cli_text_missing PROGRAM ch08_position_zero ARGS --model tiny --text <scratch>/no-such.txt
  EXPECT_RC 1 STDERR_REGEX "--text /.*/no-such.txt: cannot open the file \\(No such file or directory\\)")
cli_test(NAME ch08_cli_text_directory PROGRAM ch08_position_zero ARGS --model tiny --text <scratch>
  EXPECT_RC 1 STDERR_REGEX "is a directory")
cli_test(NAME ch08_cli_text_empty PROGRAM ch08_position_zero ARGS --model tiny --text /dev/null
  EXPECT_RC 1 STDERR_REGEX "--text /dev/null is empty. give a text of at least 64 tokens \\(one --window\\)")
cli_test(NAME ch08_cli_text_too_short PROGRAM ch08_position_zero ARGS --model tiny --text ${_ch08_short}
  EXPECT_RC 1 STDERR_REGEX "has [0-9]+ tokens, fewer than one window of 64. give a longer text or a smaller --window")
cli_test(NAME ch08_cli_window_too_long PROGRAM ch08_position_zero ARGS --model tiny --text ${_ch08_text} --window 65
  EXPECT_RC 1 STDERR_REGEX "--window 65: tiny reads at most 64 tokens \\(n_positions\\). give a smaller --window")
cli_test(NAME ch08_cli_dim_out_of_range PROGRAM ch08_position_zero ARGS ${_ch08_fast} --dim 48
  EXPECT_RC 1 STDERR_REGEX "--dim 48 is not a dimension of tiny: its residual has 48 \\(0 \\.\\. 47\\)")
cli_test(NAME ch08_cli_dim_negative PROGRAM ch08_position_zero ARGS ${_ch08_fast} --dim -1
  EXPECT_RC 1 STDERR_REGEX "--dim -1 is not a dimension of tiny")
cli_test(NAME ch08_cli_block_out_of_range PROGRAM ch08_position_zero ARGS ${_ch08_fast} --from-block 2
  EXPECT_RC 1 STDERR_REGEX "--from-block 2 is not a block of tiny: it has 2 \\(0 \\.\\. 1\\)")
cli_test(NAME ch08_cli_donor_empty PROGRAM ch08_position_zero ARGS ${_ch08_fast} --donor <empty>
  EXPECT_RC 1 STDERR_REGEX "--donor is empty")
cli_test(NAME ch08_cli_prompt_empty PROGRAM ch08_position_zero ARGS ${_ch08_fast} --prompt <empty>
  EXPECT_RC 1 STDERR_REGEX "empty")
cli_test(NAME ch08_cli_html_unwritable PROGRAM ch08_position_zero ARGS ${_ch08_fast} --html <scratch>/no/such/dir/d.html
  EXPECT_RC 1 STDERR_REGEX "--html /.*/no/such/dir/d.html: cannot write")

# -- what works --------------------------------------------------------------------------------
cli_test(NAME ch08_cli_help PROGRAM ch08_position_zero ARGS --help
  STDOUT_REGEX "--prompt.*--text.*--window.*--windows.*--top.*--dim.*--from-block.*--scale.*--donor.*--html.*--json.*--only")
# (In the regexes "." stands for "[", "]" and ";": they would break CMake's lists.)
cli_test(NAME ch08_cli_json PROGRAM ch08_position_zero ARGS ${_ch08_fast} --json
  STDOUT_REGEX "^{\"model\":\"tiny\",\"n_layer\":2,\"n_embd\":48,\"n_head\":4,\"n_positions\":64,\"prompt\":{\"text\":\"This weekend I plan to\",\"input_ids\":.770,5041,314,1410,284.,\"tokens\":.*\"dimensions\":.{\"state\":0,\"top\":.{\"dim\":[0-9]+,\"value\":.*\"sink\":{\"share\":.*\"gu_rate\":.*\"text\":{\"file\":\"/.*README.md\",\"tokens\":[0-9]+,\"window\":8,\"windows\":2,\"dimensions\":.{\"state\":0,\"top\":.{\"dim\":[0-9]+,\"mean_value\":.*\"massive_dimension\":{\"dim\":[0-9]+,\"states\":.1.,\"first_state\":1},\"sink\":{\"share\":.*\"uniform\":.*\"gu_score\":.*\"gu_rate\":.*\"by_context\":.{\"context\":4,\"windows\":2,.*\"lens\":.{\"state\":0,\"kl_pos0\":.*\"experiments\":{\"dim\":[0-9]+,\"from_block\":1,\"scale\":0.5,\"donor\":\"Yesterday\",\"donor_token\":\" Yesterday\",\"runs\":.{\"name\":\"baseline\",\"loss_mean\":.*{\"name\":\"zero\".*{\"name\":\"mean\".*{\"name\":\"scale\".*{\"name\":\"transplant\".*{\"name\":\"prepend_eot\",\"loss_mean\":.*}.}}")
cli_test(NAME ch08_cli_json_skips_prepend_eot PROGRAM ch08_position_zero ARGS --model tiny --text ${_ch08_text} --windows 1 --json
  STDOUT_REGEX "{\"name\":\"prepend_eot\",\"skipped\":\"<\\|endoftext\\|> and a window of 64 are 65 tokens, more than n_positions 64\"}")
cli_test(NAME ch08_cli_one_token_prompt PROGRAM ch08_position_zero ARGS ${_ch08_fast} --prompt Hi --only dimension --no-color
  STDOUT_REGEX "The prompt has one token: nothing to compare position 0 with")
cli_test(NAME ch08_cli_text_output PROGRAM ch08_position_zero ARGS ${_ch08_fast} --no-color --width 10000 --dim 3 --from-block 0
  STDOUT_REGEX "1. The dimension.*Dimension [0-9]+ is the largest at position 0.*2. The sink.*3. The lens.*4. Experiments.*dimension 3 of position 0 from the input of block 0.*prepend_eot: ")
# The teaching model names dimension 44 on the default text, and the page is written (its content
# is tests/test_dimension_chart.cpp's and tests/dimension_html.cmake's).
add_test(NAME ch08_teaching_names_dimension_44
         COMMAND bash -c "set -e; d=$(mktemp -d -t gpt2-ch08.XXXXXX); trap 'rm -rf \"$d\"' EXIT; '${CMAKE_BINARY_DIR}/bin/ch08_position_zero' --model teaching --windows 4 --only dimension --no-color --width 10000 --html \"$d/dims.html\" | grep -q 'Dimension 44 is the largest at position 0 in every block output'; test -s \"$d/dims.html\"")
