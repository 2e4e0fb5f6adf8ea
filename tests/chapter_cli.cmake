# tests/chapter_cli.cmake — the command lines of chapters 1 and 2, as a learner meets them:
# exit codes, one-line errors, --help, and the exact --json / --jsonl outputs.
#
# Each case is one cli_test() (tests/cli_check.cmake): exit status, stdout exactly or by
# regex, stderr by regex; a failure must also print nothing on stdout and one line on stderr.
if(NOT TARGET ch01_tokenizer OR NOT TARGET ch02_padding)
  return()
endif()

# Inputs for --jsonl: good lines (one of them the empty text), and a file whose line 2 is
# not a JSON string.
set(_cli_data ${CMAKE_CURRENT_BINARY_DIR}/chapter_cli)
file(WRITE ${_cli_data}/texts.jsonl "\"Hi\"\n\"This weekend I plan to\"\n\"\"\n\"<|endoftext|>\"\n")
file(WRITE ${_cli_data}/bad_line_2.jsonl "\"Hi\"\nHi\n\"fine\"\n")

# -- chapter 1 ---------------------------------------------------------------------------
cli_test(NAME ch01_cli_json_notebook_phrase PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "This weekend I plan to" --json
  EXPECT_STDOUT [=[{"input_ids":[770,5041,314,1410,284],"tokens":[" This"," weekend"," I"," plan"," to"],"pieces":["ĠThis","Ġweekend","ĠI","Ġplan","Ġto"]}]=])
cli_test(NAME ch01_cli_json_default_prompt PROGRAM ch01_tokenizer
  ARGS --model tiny --json
  STDOUT_REGEX [[^{"input_ids":\[770,5041,314,1410,284\],]])
cli_test(NAME ch01_cli_no_prefix_space PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt This --no-prefix-space --json
  EXPECT_STDOUT [=[{"input_ids":[1212],"tokens":["This"],"pieces":["This"]}]=])
cli_test(NAME ch01_cli_endoftext_is_special PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "<|endoftext|>" --json
  EXPECT_STDOUT [=[{"input_ids":[50256],"tokens":["<|endoftext|>"],"pieces":["<|endoftext|>"]}]=])
cli_test(NAME ch01_cli_special_as_text PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt "<|endoftext|>" --special-as-text --json
  STDOUT_REGEX [[^{"input_ids":\[1279,91,437,1659,5239,91,29\],]])
cli_test(NAME ch01_cli_empty_prompt_is_empty_list PROGRAM ch01_tokenizer
  ARGS --model tiny --prompt <empty> --json
  EXPECT_STDOUT [=[{"input_ids":[],"tokens":[],"pieces":[]}]=])
cli_test(NAME ch01_cli_decode PROGRAM ch01_tokenizer
  ARGS --model tiny --decode 770 5041 314 1410 284 764 --json
  EXPECT_STDOUT [=[{"text":" This weekend I plan to.","input_ids":[770,5041,314,1410,284,764],"tokens":[" This"," weekend"," I"," plan"," to","."],"pieces":["ĠThis","Ġweekend","ĠI","Ġplan","Ġto","Ġ."]}]=])
cli_test(NAME ch01_cli_decode_bad_id PROGRAM ch01_tokenizer
  ARGS --model tiny --decode 50257
  EXPECT_RC 1 STDERR_REGEX "50257")
cli_test(NAME ch01_cli_jsonl_file PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/texts.jsonl
  EXPECT_STDOUT "[15902]\n[770,5041,314,1410,284]\n[]\n[50256]")
cli_test(NAME ch01_cli_jsonl_stdin PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl - STDIN_FILE ${_cli_data}/texts.jsonl
  EXPECT_STDOUT "[15902]\n[770,5041,314,1410,284]\n[]\n[50256]")
cli_test(NAME ch01_cli_jsonl_bad_line PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/bad_line_2.jsonl
  EXPECT_RC 1 STDERR_REGEX "line 2: ")
cli_test(NAME ch01_cli_jsonl_missing_file PROGRAM ch01_tokenizer
  ARGS --model tiny --jsonl ${_cli_data}/no_such_file.jsonl
  EXPECT_RC 1 STDERR_REGEX "cannot open")
cli_test(NAME ch01_cli_json_and_jsonl_conflict PROGRAM ch01_tokenizer
  ARGS --model tiny --json --jsonl -
  EXPECT_RC 2)
cli_test(NAME ch01_cli_unknown_flag PROGRAM ch01_tokenizer
  ARGS --model tiny --no-such-flag
  EXPECT_RC 2 STDERR_REGEX "no-such-flag")
cli_test(NAME ch01_cli_help PROGRAM ch01_tokenizer
  ARGS --help
  STDOUT_REGEX "--prompt.*--no-prefix-space.*--special-as-text.*--decode.*--json.*--jsonl")
cli_test(NAME ch01_cli_unknown_model PROGRAM ch01_tokenizer
  ARGS --model /no/such/model
  EXPECT_RC 1)

# -- chapter 2 ---------------------------------------------------------------------------
cli_test(NAME ch02_cli_json_notebook_batch PROGRAM ch02_padding
  ARGS --model tiny --json
  EXPECT_STDOUT [=[{"input_ids":[[50256,50256,50256,50256,15902],[770,5041,314,1410,284]],"attention_mask":[[0,0,0,0,1],[1,1,1,1,1]]}]=])
cli_test(NAME ch02_cli_json_right PROGRAM ch02_padding
  ARGS --model tiny --right --json
  EXPECT_STDOUT [=[{"input_ids":[[15902,50256,50256,50256,50256],[770,5041,314,1410,284]],"attention_mask":[[1,0,0,0,0],[1,1,1,1,1]]}]=])
cli_test(NAME ch02_cli_prompts_replace_default PROGRAM ch02_padding
  ARGS --model tiny --prompt Hi --prompt <empty> --json
  EXPECT_STDOUT [=[{"input_ids":[[15902],[50256]],"attention_mask":[[1],[0]]}]=])
cli_test(NAME ch02_cli_shape PROGRAM ch02_padding
  ARGS --model tiny
  STDOUT_REGEX "input_ids.shape: \\[2, 5\\]")
cli_test(NAME ch02_cli_all_empty_prompts PROGRAM ch02_padding
  ARGS --model tiny --prompt <empty>
  EXPECT_RC 1)
cli_test(NAME ch02_cli_unknown_flag PROGRAM ch02_padding
  ARGS --model tiny --left
  EXPECT_RC 2 STDERR_REGEX "--left")
cli_test(NAME ch02_cli_help PROGRAM ch02_padding
  ARGS --help
  STDOUT_REGEX "--prompt.*--right.*--json")
