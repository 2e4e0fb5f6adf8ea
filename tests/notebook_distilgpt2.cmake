# tests/notebook_distilgpt2.cmake — the chapters against the notebook's own printed outputs.
#
# data/reference/distilgpt2-notebook.json holds what the notebook printed for distilgpt2
# (Out[3] … Out[19]); tools/notebook_check.cpp runs ch01 … ch05 with --json and compares.
# distilgpt2 is not bundled (scripts/download-model distilgpt2 fetches it): without
# data/models/distilgpt2/model.safetensors the checker exits 77 and ctest reports the
# test as skipped, never as passed.
if(NOT TARGET notebook_check)
  return()
endif()

set(_nb_reference ${CMAKE_SOURCE_DIR}/data/reference/distilgpt2-notebook.json)
set(_nb_bin $<TARGET_FILE_DIR:notebook_check>)

add_test(NAME notebook_distilgpt2
         COMMAND notebook_check --reference ${_nb_reference}
                 --model ${CMAKE_SOURCE_DIR}/data/models/distilgpt2 --bin-dir ${_nb_bin})
set_tests_properties(notebook_distilgpt2 PROPERTIES SKIP_RETURN_CODE 77)

# The checker must be able to fail: the tiny model (random weights) gives other tokens,
# so against it the model's cells fail and the exit status is non-zero...
add_test(NAME notebook_check_fails_on_tiny
         COMMAND notebook_check --reference ${_nb_reference} --model tiny --bin-dir ${_nb_bin})
set_tests_properties(notebook_check_fails_on_tiny PROPERTIES WILL_FAIL TRUE)
# ...for the right reasons: the tokenizer's cells (same vocabulary) pass, the model's fail.
add_test(NAME notebook_check_tiny_tokenizer_ok_model_fails
         COMMAND notebook_check --reference ${_nb_reference} --model tiny --bin-dir ${_nb_bin})
set_tests_properties(notebook_check_tiny_tokenizer_ok_model_fails PROPERTIES
  PASS_REGULAR_EXPRESSION "ok +Out\\[7\\] +input_ids.*ok +Out\\[5\\] +batch input_ids.*FAIL +Out\\[17\\] +len\\(hidden_states\\): expected 7, got 3.*FAIL +Out\\[18\\].*FAIL +Out\\[19\\]")
# And a missing model is a skip (77), not a pass.
add_test(NAME notebook_check_missing_model_skips
         COMMAND notebook_check --reference ${_nb_reference}
                 --model ${CMAKE_BINARY_DIR}/no-such-model --bin-dir ${_nb_bin})
set_tests_properties(notebook_check_missing_model_skips PROPERTIES
  PASS_REGULAR_EXPRESSION "notebook_check: skipped: ")
