# tests/hostile_wrong.cmake — issue 14 §3, output that was wrong or misleading:
#   * <|endoftext|> taken from vocab.json, never assumed 50256 (tests/test_eos_id.cpp runs
#     the chapters on vocabularies made in a temporary folder: the paths of the programs);
#   * NaN/Inf weights refused at load, overflow refused where it happens, no NaN hidden by a
#     max (tests/test_nonfinite.cpp, the library only; fuzz/corpus/model_dir/byte_{nan,inf,ninf,overflow}_*);
#   * --html "", --csv "", --jsonl "" and --html X --csv X refused as malformed flags (exit 2);
#   * `make run`'s ARGS passed through untouched, and --model in ARGS skips the download
#     (tests/scripts/make_run_args.sh: a temporary BUILD folder with a stand-in chapter).
if(NOT TARGET ch01_tokenizer OR NOT TARGET ch06_logit_lens OR NOT TARGET ch07_attention)
  return()
endif()

if(TARGET test_eos_id)
  foreach(_hw_ch ch01_tokenizer ch02_padding ch03_embeddings ch04_tied_head ch05_hidden_states ch06_logit_lens
                 ch07_attention ch08_position_zero ch09_generate)
    if(NOT TARGET ${_hw_ch})
      continue()
    endif()
    string(SUBSTRING ${_hw_ch} 0 4 _hw_short)
    string(TOUPPER ${_hw_short} _hw_short)
    target_compile_definitions(test_eos_id PRIVATE ${_hw_short}_EXE="$<TARGET_FILE:${_hw_ch}>")
    add_dependencies(test_eos_id ${_hw_ch})
  endforeach()
endif()

# -- an empty file name is a malformed flag, not "no file" -------------------------------------
cli_test(NAME wrong:html_empty PROGRAM ch06_logit_lens ARGS --model tiny --html <empty>
  EXPECT_RC 2 STDERR_REGEX "^ch06_logit_lens: error: --html: '' is not a file name")
cli_test(NAME wrong:csv_empty PROGRAM ch06_logit_lens ARGS --model tiny --csv <empty>
  EXPECT_RC 2 STDERR_REGEX "--csv: '' is not a file name")
cli_test(NAME wrong:ch07_html_empty PROGRAM ch07_attention ARGS --model tiny --html <empty>
  EXPECT_RC 2 STDERR_REGEX "--html: '' is not a file name")
cli_test(NAME wrong:jsonl_empty PROGRAM ch01_tokenizer ARGS --model tiny --jsonl <empty>
  EXPECT_RC 2 STDERR_REGEX "--jsonl: '' is not a file name")

# -- two outputs, one file: refused before anything is written (the directory does not exist,
# so a run that went ahead would fail differently, exit 1) ---------------------------------------
cli_test(NAME wrong:html_csv_same_file PROGRAM ch06_logit_lens
  ARGS --model tiny --html /nonexistent-gpt2-dir/x --csv /nonexistent-gpt2-dir/x
  EXPECT_RC 2 STDERR_REGEX "--csv: '/nonexistent-gpt2-dir/x' is also given to --html. give each output its own file")
cli_test(NAME wrong:html_csv_same_file_other_spelling PROGRAM ch06_logit_lens
  ARGS --model tiny --csv /nonexistent-gpt2-dir/./x --html /nonexistent-gpt2-dir/x
  EXPECT_RC 2 STDERR_REGEX "--csv: '/nonexistent-gpt2-dir/./x' is also given to --html")
cli_test(NAME wrong:html_csv_both_dev_null PROGRAM ch06_logit_lens
  ARGS --model tiny --html /dev/null --csv /dev/null --top-k 1 STDOUT_REGEX "Logit lens on tiny")

# -- make run ------------------------------------------------------------------------------
add_test(NAME wrong:make_run_args COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/make_run_args.sh ${CMAKE_SOURCE_DIR})
